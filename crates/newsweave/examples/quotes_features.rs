//! Dumps what the quote finder's trained parts see, for their training
//! scripts; offsets in code points.
//!
//! - `candidates` (for `scripts/train_quotes.py`): one line per candidate of
//!   the learned pass, `{"id", "cue": [s, e], "start": [s, e], "speaker":
//!   [s, e] | null, "f": [features], "ends": [[end, [features]], ...]}`.
//! - `tokens` (for `scripts/train_crf.py`): one line per unit with the
//!   tagger's token features, `{"id", "t": [[s, e], ...], "f": [[features],
//!   ...]}`.
//!
//! Reads `{"id", "text"}` lines on stdin.
//!
//! ```text
//! cargo run --release --example quotes_features candidates < train.jsonl > cands.jsonl
//! cargo run --release --example quotes_features tokens < train.jsonl > tokens.jsonl
//! ```

use std::io::{BufRead, Write};

use anyhow::bail;
use newsweave::model::CharIndex;
use newsweave::{quotes, segment};
use serde_json::{json, Value};

fn main() -> anyhow::Result<()> {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode != "candidates" && mode != "tokens" {
        bail!("usage: quotes_features candidates|tokens < docs.jsonl");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let id = v["id"].clone();
        let text = v["text"].as_str().unwrap_or_default();
        let cp = CharIndex::new(text);
        let at = |s: newsweave::model::Span| {
            let (a, b) = cp.span(s);
            [a, b]
        };
        let doc = segment::document(text);
        let records: Vec<Value> = if mode == "candidates" {
            quotes::training_candidates(text, &doc)
                .into_iter()
                .map(|c| {
                    let ends: Vec<Value> = c
                        .ends
                        .iter()
                        .map(|(e, f)| json!([cp.char_offset(*e), f]))
                        .collect();
                    json!({
                        "id": id,
                        "cue": at(c.cue),
                        "start": at(c.start),
                        "speaker": c.speaker.map(at),
                        "f": c.features,
                        "ends": ends,
                    })
                })
                .collect()
        } else {
            quotes::training_sequences(text, &doc)
                .into_iter()
                .map(|s| {
                    let spans: Vec<[usize; 2]> = s.spans.iter().map(|&t| at(t)).collect();
                    json!({"id": id, "t": spans, "f": s.features})
                })
                .collect()
        };
        for rec in records {
            writeln!(out, "{rec}")?;
        }
    }
    Ok(())
}
