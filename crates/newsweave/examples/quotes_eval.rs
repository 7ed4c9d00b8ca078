//! Runs the quote finder over JSONL `{"id", "text"}` on stdin and writes the
//! `newsweave quotes` output (DESIGN.md §4) with code-point offsets:
//!
//! ```text
//! cargo run --example quotes_eval < ../shared/eval/quotes/polnear-dev.jsonl > /tmp/q.jsonl
//! ```

use newsweave::model::{CharIndex, QuoteKind};
use newsweave::{quotes, segment};
use serde_json::{json, Value};
use std::io::{self, BufRead, BufWriter, Write};

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut skipped = 0usize;
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                writeln!(io::stderr(), "line {}: not JSON: {e}", n + 1)?;
                skipped += 1;
                continue;
            }
        };
        let (Some(id), Some(text)) = (record.get("id"), record.get("text").and_then(Value::as_str))
        else {
            writeln!(io::stderr(), "line {}: missing id or text", n + 1)?;
            skipped += 1;
            continue;
        };
        let doc = segment::document(text);
        let index = CharIndex::new(text);
        let found: Vec<Value> = quotes::find_quotes(text, &doc)
            .iter()
            .map(|q| {
                let (start, end) = index.span(q.span);
                let mention = q.speaker_mention.map(|m| (index.span(m), m.slice(text)));
                let mut v = json!({
                    "start": start,
                    "end": end,
                    "quote": q.span.slice(text),
                    "speaker": q.speaker,
                    "speaker_mention": mention.map(|(_, s)| s),
                    "speaker_start": mention.map(|((s, _), _)| s),
                    "speaker_end": mention.map(|((_, e), _)| e),
                    "cue": q.cue,
                    "kind": match q.kind {
                        QuoteKind::Direct => "direct",
                        QuoteKind::Indirect => "indirect",
                        QuoteKind::Mixed => "mixed",
                    },
                    "venue": q.venue,
                });
                if !q.segments.is_empty() {
                    let segs: Vec<[usize; 2]> = q
                        .segments
                        .iter()
                        .map(|&s| {
                            let (a, b) = index.span(s);
                            [a, b]
                        })
                        .collect();
                    v["segments"] = json!(segs);
                }
                v
            })
            .collect();
        serde_json::to_writer(&mut out, &json!({"id": id, "quotes": found}))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    if skipped > 0 {
        writeln!(io::stderr(), "skipped {skipped} lines")?;
    }
    Ok(())
}
