//! Dumps the units of the quote finder with the tagger's token features,
//! for `scripts/train_crf.py`.
//!
//! Reads `{"id", "text"}` lines on stdin and writes one line per unit:
//! `{"id", "t": [[s, e], ...], "f": [[features], ...]}`, token offsets in
//! code points.
//!
//! ```text
//! cargo run --release --example quotes_tokens < train.jsonl > tokens.jsonl
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
        for s in quotes::training_sequences(text, &doc) {
            let spans: Vec<[usize; 2]> = s.spans.iter().map(|t| [cp[t.start], cp[t.end]]).collect();
            let rec = serde_json::json!({"id": id, "t": spans, "f": s.features});
            writeln!(out, "{rec}")?;
        }
    }
    Ok(())
}
