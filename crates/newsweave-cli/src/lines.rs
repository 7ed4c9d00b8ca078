//! The JSONL commands' driver: read lines, process them in parallel in
//! chunks (output order = input order), skip and count bad lines.

use std::fs::File;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::args::Io;
use crate::input;
use crate::ExitStatus;

/// Lines processed in parallel at once: bounds memory on long streams.
const CHUNK: usize = 512;

/// Where output goes: a file or standard output.
pub fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// A progress counter on stderr when it is a terminal, else nothing.
pub fn progress(quiet: bool, len: Option<u64>, what: &'static str) -> ProgressBar {
    if quiet || !io::IsTerminal::is_terminal(&io::stderr()) {
        return ProgressBar::hidden();
    }
    match len {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {pos} {msg} ({per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    }
    .with_message(what)
}

/// Tallies bad lines and reports them on stderr.
pub struct Skips {
    /// Where the lines come from, for messages.
    source: String,
    /// Count so far.
    pub count: usize,
    strict: bool,
    quiet: bool,
}

impl Skips {
    /// A tally for `source`.
    pub fn new(source: &Path, strict: bool, quiet: bool) -> Self {
        Skips {
            source: source.display().to_string(),
            count: 0,
            strict,
            quiet,
        }
    }

    /// Records bad line `line`; under `--strict` returns the error to stop on.
    pub fn skip(&mut self, line: usize, reason: &str) -> Result<(), ExitStatus> {
        #[allow(clippy::print_stderr)]
        if self.strict {
            eprintln!("error: {}:{line}: {reason}", self.source);
            return Err(ExitStatus::Failure);
        }
        self.count += 1;
        #[allow(clippy::print_stderr)]
        if !self.quiet {
            eprintln!("skipped {}:{line}: {reason}", self.source);
        }
        Ok(())
    }

    /// Prints the final count when something was skipped.
    pub fn finish(&self) {
        #[allow(clippy::print_stderr)]
        if self.count > 0 {
            eprintln!("{} bad line(s) skipped in {}", self.count, self.source);
        }
    }
}

/// Runs `f`, turning a panic (a bug) into an error for this input only, so
/// one bad record never sinks a batch.
pub fn guarded<T>(f: impl FnOnce() -> newsweave::Result<T>) -> newsweave::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(newsweave::Error::Internal(what))
    })
}

/// Runs `f` on every non-empty line of the input and writes one JSON line
/// per success, in input order.
pub fn map_lines<T, F>(io_args: &Io, quiet: bool, what: &'static str, f: F) -> Result<ExitStatus>
where
    T: Serialize + Send,
    F: Fn(&str) -> newsweave::Result<T> + Sync,
{
    map_lines_with(io_args, quiet, what, f, |out, value| {
        serde_json::to_writer(&mut *out, &value)?;
        out.write_all(b"\n")?;
        Ok(())
    })
}

/// [`map_lines`] with its own writer for each success (e.g. a text format).
pub fn map_lines_with<T, F, W>(
    io_args: &Io,
    quiet: bool,
    what: &'static str,
    f: F,
    mut write: W,
) -> Result<ExitStatus>
where
    T: Send,
    F: Fn(&str) -> newsweave::Result<T> + Sync,
    W: FnMut(&mut dyn Write, T) -> Result<()>,
{
    let reader = input::open(&io_args.input)?;
    let mut out = output(io_args.output.as_deref())?;
    let mut skips = Skips::new(&io_args.input, io_args.strict, quiet);
    let bar = progress(quiet, None, what);
    let mut lines = reader.lines().enumerate();
    loop {
        let mut chunk: Vec<(usize, String)> = Vec::with_capacity(CHUNK);
        for (n, line) in lines.by_ref() {
            let line = line.with_context(|| format!("cannot read line {}", n + 1))?;
            if !line.trim().is_empty() {
                chunk.push((n + 1, line));
            }
            if chunk.len() == CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<(usize, newsweave::Result<T>)> = chunk
            .par_iter()
            .map(|(n, line)| (*n, guarded(|| f(line))))
            .collect();
        for (n, result) in results {
            match result {
                Ok(value) => write(&mut *out, value)?,
                Err(e) => {
                    if let Err(status) = skips.skip(n, &e.to_string()) {
                        out.flush()?;
                        return Ok(status);
                    }
                }
            }
            bar.inc(1);
        }
    }
    out.flush()?;
    bar.finish_and_clear();
    skips.finish();
    Ok(ExitStatus::Success)
}
