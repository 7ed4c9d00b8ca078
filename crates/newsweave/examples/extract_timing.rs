//! Per-page extraction times, for the "linear in page size, no page over
//! 1 s" target of `scripts/bench-extract.sh`.
//!
//! Reads `{"id", "html", "url"}` lines on stdin (the extraction dev set:
//! `zcat ../shared/eval/extraction/pages.jsonl.gz`), extracts each page on
//! one thread and prints the slowest pages, the time per MiB of HTML over
//! size buckets and the total.
//!
//! An argument names a file that gets one `{"id", "text", "ms"}` line per
//! page, for `score.py`.
//!
//! ```text
//! zcat ../shared/eval/extraction/pages.jsonl.gz |
//!     cargo run --release -p newsweave --example extract_timing -- out.jsonl
//! ```
#![allow(clippy::print_stdout)]

use std::io::BufRead;
use std::time::Instant;

use anyhow::Context;

fn main() -> anyhow::Result<()> {
    use newsweave::extract::Options;
    use std::io::Write;
    let options = Options::default();
    let mut out = match std::env::args().nth(1) {
        Some(f) => Some(std::io::BufWriter::new(
            std::fs::File::create(&f).with_context(|| format!("creating {f}"))?,
        )),
        None => None,
    };
    let mut times: Vec<(f64, usize, String)> = Vec::new();
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("reading stdin")?;
        let value: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?;
        let html = value["html"].as_str().unwrap_or_default();
        let id = value["id"].as_str().unwrap_or_default().to_string();
        let url = value["url"].as_str();
        let start = Instant::now();
        // A page the extractor refuses still took its time: it counts.
        let page = newsweave::extract::extract_html_with(html, url, &options);
        let secs = start.elapsed().as_secs_f64();
        if let Some(out) = &mut out {
            let text = page.map(|p| p.text).unwrap_or_default();
            let line = serde_json::json!({"id": id, "text": text, "ms": secs * 1e3});
            writeln!(out, "{line}")?;
        }
        times.push((secs, html.len(), id));
    }
    let total: f64 = times.iter().map(|t| t.0).sum();
    println!(
        "{} pages in {total:.2} s on one thread: {:.1} pages/s",
        times.len(),
        times.len() as f64 / total
    );
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("slowest:");
    for (secs, bytes, id) in times.iter().take(5) {
        println!("  {:>7.1} ms  {:>6} KiB  {id}", secs * 1e3, bytes / 1024);
    }
    println!("ms per MiB by page size (flat = linear):");
    for (low, high) in [(0, 64), (64, 256), (256, 1024), (1024, usize::MAX)] {
        let bucket: Vec<&(f64, usize, String)> = times
            .iter()
            .filter(|t| (low..high).contains(&(t.1 / 1024)))
            .collect();
        if bucket.is_empty() {
            continue;
        }
        let secs: f64 = bucket.iter().map(|t| t.0).sum();
        let mib: f64 = bucket.iter().map(|t| t.1 as f64).sum::<f64>() / f64::from(1 << 20);
        let label = if high == usize::MAX {
            format!("≥ {low} KiB")
        } else {
            format!("{low}–{high} KiB")
        };
        println!(
            "  {label:>13}: {:>3} pages, {:>6.1} ms/MiB",
            bucket.len(),
            secs * 1e3 / mib
        );
    }
    Ok(())
}
