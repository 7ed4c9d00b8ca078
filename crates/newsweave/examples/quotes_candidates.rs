//! Dumps the candidates of the learned quote pass with their features, for
//! `scripts/train_quotes.py`.
//!
//! Reads `{"id", "text"}` lines on stdin and writes one line per candidate:
//! `{"id", "cue": [s, e], "start": [s, e], "speaker": [s, e] | null,
//! "f": [features], "ends": [[end, [features]], ...]}`, offsets in code
//! points.
//!
//! ```text
//! cargo run --release --example quotes_candidates < train.jsonl > cands.jsonl
//! ```

use std::io::{BufRead, Write};

use newsweave::{quotes, segment};

fn main() -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let id = v["id"].clone();
        let text = v["text"].as_str().unwrap_or_default();
        // Byte offset -> code-point offset.
        let mut cp = vec![0usize; text.len() + 1];
        let mut n = 0;
        for (b, c) in text.char_indices() {
            cp[b..b + c.len_utf8()].fill(n);
            n += 1;
        }
        cp[text.len()] = n;
        let doc = segment::document(text);
        for c in quotes::training_candidates(text, &doc) {
            let ends: Vec<serde_json::Value> = c
                .ends
                .iter()
                .map(|(e, f)| serde_json::json!([cp[*e], f]))
                .collect();
            let rec = serde_json::json!({
                "id": id,
                "cue": [cp[c.cue.start], cp[c.cue.end]],
                "start": [cp[c.start.start], cp[c.start.end]],
                "speaker": c.speaker.map(|s| [cp[s.start], cp[s.end]]),
                "f": c.features,
                "ends": ends,
            });
            writeln!(out, "{rec}")?;
        }
    }
    Ok(())
}
