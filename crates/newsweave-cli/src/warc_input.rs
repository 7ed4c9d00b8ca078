//! WARC files for `analyze`, `ingest` and `extract`: records read one after
//! another by [`newsweave::warc`], pages extracted in parallel a chunk at a
//! time (results in record order), so memory stays at one chunk of pages.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::{Context, Result};
use newsweave::extract::{Extracted, Options};
use newsweave::warc::{Page, SkipCounts, WarcRecords};
use rayon::prelude::*;

use crate::lines::guarded;

/// Pages extracted in parallel at once.
const CHUNK: usize = 256;

/// Calls `each` with every page of the WARC file `path` (with what was
/// extracted from it) or with why a record could not be read or extracted,
/// in record order. Returns the records skipped (not HTML responses).
pub fn for_each_page(
    path: &Path,
    options: &Options,
    mut each: impl FnMut(std::result::Result<(Page, Extracted), String>) -> Result<()>,
) -> Result<SkipCounts> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let gzip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let mut records = WarcRecords::new(BufReader::with_capacity(1 << 20, file), gzip);
    let mut skipped = SkipCounts::default();
    loop {
        let chunk = records.next_chunk(CHUNK, &mut skipped);
        if chunk.is_empty() {
            return Ok(skipped);
        }
        let extracted: Vec<_> = chunk
            .into_par_iter()
            .map(|entry| {
                let page = entry?;
                match guarded(|| page.extract(options)) {
                    Ok(extracted) => Ok((page, extracted)),
                    Err(e) => Err(format!("record {} ({}): {e}", page.record, page.id)),
                }
            })
            .collect();
        for result in extracted {
            each(result)?;
        }
    }
}
