//! Runs [`newsweave::extract::extract_html`] over a JSONL file of pages and
//! writes one prediction a line, the input of the extraction scorer.
//!
//! ```text
//! cargo run --release --example extract_eval < ../shared/eval/extraction/pages.jsonl.gz > pred.jsonl
//! python3 ../shared/eval/extraction/score.py ../shared/eval/extraction/gold.jsonl pred.jsonl
//! ```
//!
//! Input lines are `{"id", "html", "url"?}`, plain or gzipped; output lines are
//! `{"id", "text", "title", "author", "date", "outlet", "url"}`. Pages per
//! second (extraction only, not I/O) go to stderr.

use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::{json, Value};

fn main() -> anyhow::Result<()> {
    let mut raw = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut raw)
        .context("reading stdin")?;
    let input: Box<dyn Read> = if raw.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(&raw[..]))
    } else {
        Box::new(&raw[..])
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    let (mut pages, mut failed, mut spent) = (0usize, 0usize, Duration::ZERO);
    for (n, line) in BufReader::new(input).lines().enumerate() {
        let line = line.context("reading input")?;
        if line.trim().is_empty() {
            continue;
        }
        let page: Value = serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?;
        let id = page.get("id").cloned().unwrap_or(Value::Null);
        let html = page.get("html").and_then(Value::as_str).unwrap_or("");
        let url = page.get("url").and_then(Value::as_str);
        let start = Instant::now();
        let result = newsweave::extract::extract_html(html, url);
        spent += start.elapsed();
        pages += 1;
        let record = match result {
            Ok(e) => json!({
                "id": id, "text": e.text, "title": e.title, "author": e.author,
                "date": e.date, "outlet": e.outlet, "url": e.url,
            }),
            Err(err) => {
                failed += 1;
                writeln!(std::io::stderr(), "{id}: {err}")?;
                json!({"id": id, "text": "", "title": null, "author": null,
                       "date": null, "outlet": null, "url": null})
            }
        };
        writeln!(out, "{record}")?;
    }
    let secs = spent.as_secs_f64().max(1e-9);
    writeln!(
        std::io::stderr(),
        "{pages} pages ({failed} failed) in {secs:.2} s: {:.1} pages/s",
        pages as f64 / secs
    )?;
    Ok(())
}
