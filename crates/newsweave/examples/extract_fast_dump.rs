//! Dumps how the fast extraction path reads each page (blocks with their
//! features, block-level elements) as one JSON line per page, for tuning
//! its rules offline.
//!
//! ```text
//! zcat ../shared/eval/extraction/pages.jsonl.gz |
//!     cargo run --release -p newsweave --example extract_fast_dump > pages.dump.jsonl
//! ```
#![allow(clippy::print_stdout)]

use std::io::BufRead;

use anyhow::Context;

fn main() -> anyhow::Result<()> {
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("reading stdin")?;
        let value: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?;
        let html = value["html"].as_str().unwrap_or_default();
        let mut dump = newsweave::extract::dump_fast_page(html);
        dump["id"] = value["id"].clone();
        println!("{dump}");
    }
    Ok(())
}
