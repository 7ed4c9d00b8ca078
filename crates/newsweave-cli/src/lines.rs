//! The JSONL commands' driver: read lines, process them in parallel in
//! chunks (output order = input order), skip and count bad lines.

use std::collections::BTreeMap;
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

/// Longest input line read, in bytes; a longer one is skipped whole, with
/// memory held to this bound.
pub const MAX_LINE: usize = 64 << 20;

/// A line that could not be read as text.
#[derive(Debug)]
pub struct BadLine {
    /// 1-based line number (for a read error, the line it stopped in).
    pub line: usize,
    /// Why, in the `kind: detail` form [`Skips`] counts by.
    pub reason: String,
}

/// The lines of a reader as text, numbered from 1, each read as bytes and
/// decoded on its own: a line that is not UTF-8 or longer than
/// [`MAX_LINE`] is one [`BadLine`] and reading goes on; a read error is a
/// last [`BadLine`] (what came before it is kept). `describe` words read errors.
///
/// Hand-written because `BufRead::lines` fails the whole stream on invalid
/// UTF-8 and `read_until` has no length cap.
pub struct Lines<R> {
    reader: R,
    line: usize,
    buf: Vec<u8>,
    done: bool,
    describe: fn(&io::Error) -> String,
}

impl<R: BufRead> Lines<R> {
    /// Numbered lines of `reader`; `describe` words its read errors.
    pub fn new(reader: R, describe: fn(&io::Error) -> String) -> Self {
        Lines {
            reader,
            line: 0,
            buf: Vec::new(),
            done: false,
            describe,
        }
    }

    /// Reads up to the next newline into `self.buf` (empty when the line is
    /// over the cap); returns the line's length, or `None` at the end.
    fn read_line(&mut self) -> io::Result<Option<usize>> {
        self.buf.clear();
        let mut len = 0usize;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok((len > 0).then_some(len));
            }
            let (used, found) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if len + used <= MAX_LINE {
                self.buf.extend_from_slice(&available[..used]);
            } else if !self.buf.is_empty() {
                self.buf = Vec::new();
            }
            len += used;
            self.reader.consume(used);
            if found {
                return Ok(Some(len));
            }
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Result<(usize, String), BadLine>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let line = self.line + 1;
        let len = match self.read_line() {
            Ok(Some(len)) => len,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(BadLine {
                    line,
                    reason: (self.describe)(&e),
                }));
            }
        };
        self.line = line;
        if len > MAX_LINE {
            return Some(Err(BadLine {
                line,
                reason: format!("line too long: {len} bytes, over the {MAX_LINE}-byte limit"),
            }));
        }
        let mut bytes = std::mem::take(&mut self.buf);
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        Some(
            String::from_utf8(bytes)
                .map(|s| (line, s))
                .map_err(|e| BadLine {
                    line,
                    reason: format!(
                        "not UTF-8: invalid byte at byte {} of the line",
                        e.utf8_error().valid_up_to() + 1
                    ),
                }),
        )
    }
}

/// Tallies skipped inputs (bad lines, files, pages) and reports them on
/// stderr: each as it happens, then a count by reason at the end. A
/// reason's kind is its text up to the first `": "` or `" ("` ("not valid
/// JSON", "not UTF-8", "empty text", "missing field `id`"...).
pub struct Skips {
    /// Count so far.
    pub count: usize,
    by_kind: BTreeMap<String, usize>,
    strict: bool,
    quiet: bool,
}

impl Skips {
    /// An empty tally.
    pub fn new(strict: bool, quiet: bool) -> Self {
        Skips {
            count: 0,
            by_kind: BTreeMap::new(),
            strict,
            quiet,
        }
    }

    /// Records that `what` (`file`, `file:line` or a URL) was skipped for
    /// `reason`; under `--strict` prints it as the error and returns the
    /// status to stop with.
    pub fn skip(&mut self, what: &str, reason: &str) -> Result<(), ExitStatus> {
        #[allow(clippy::print_stderr)]
        if self.strict {
            eprintln!("error: {what}: {reason}");
            return Err(ExitStatus::Failure);
        }
        self.count += 1;
        let end = [reason.find(": "), reason.find(" (")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(reason.len());
        let kind = &reason[..end];
        *self.by_kind.entry(kind.to_string()).or_default() += 1;
        #[allow(clippy::print_stderr)]
        if !self.quiet {
            eprintln!("skipped {what}: {reason}");
        }
        Ok(())
    }

    /// [`Skips::skip`] for line `line` of `source`.
    pub fn skip_line(
        &mut self,
        source: &Path,
        line: usize,
        reason: &str,
    ) -> Result<(), ExitStatus> {
        self.skip(&format!("{}:{line}", source.display()), reason)
    }

    /// Prints the count by reason when something was skipped.
    pub fn finish(&self) {
        if self.count == 0 {
            return;
        }
        let mut kinds: Vec<(&String, &usize)> = self.by_kind.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        #[allow(clippy::print_stderr)]
        {
            eprintln!("{} input(s) skipped: {}", self.count, kinds.join(", "));
        }
    }
}

/// An error and its causes as one line, `a: b: c`, leaving out a cause
/// that only repeats what is already said: one contained in the line so
/// far, or one that ends with the cause before it (rusqlite's "file is not
/// a database: Error code 26: file is not a database").
pub fn chain(err: &anyhow::Error) -> String {
    let mut out = String::new();
    let mut previous = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        let repeats = out.contains(&text) || (!previous.is_empty() && text.ends_with(&previous));
        if !text.is_empty() && !repeats {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
        previous = text;
    }
    out
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
    let mut out = output(io_args.output.as_deref())?;
    let mut skips = Skips::new(io_args.strict, quiet);
    let source = &io_args.input;
    let reader = match input::open_lines(source) {
        Ok(r) => r,
        Err(e) => {
            if let Err(status) = skips.skip(&source.display().to_string(), &chain(&e)) {
                return Ok(status);
            }
            skips.finish();
            return Ok(ExitStatus::Success);
        }
    };
    let bar = progress(quiet, None, what);
    let mut lines = reader.peekable();
    while lines.peek().is_some() {
        let mut chunk: Vec<(usize, String)> = Vec::with_capacity(CHUNK);
        let mut bad: Vec<BadLine> = Vec::new();
        for item in lines.by_ref() {
            match item {
                Ok((_, line)) if line.trim().is_empty() => {}
                Ok(numbered) => chunk.push(numbered),
                Err(b) => bad.push(b),
            }
            if chunk.len() == CHUNK || bad.len() == CHUNK {
                break;
            }
        }
        let results: Vec<(usize, newsweave::Result<T>)> = chunk
            .par_iter()
            .map(|(n, line)| (*n, guarded(|| f(line))))
            .collect();
        // Good and bad lines in input order.
        let mut bad = bad.into_iter().peekable();
        for (n, result) in results {
            while let Some(b) = bad.next_if(|b| b.line < n) {
                if let Err(status) = skips.skip_line(source, b.line, &b.reason) {
                    out.flush()?;
                    return Ok(status);
                }
            }
            match result {
                Ok(value) => write(&mut *out, value)?,
                Err(e) => {
                    if let Err(status) = skips.skip_line(source, n, &e.to_string()) {
                        out.flush()?;
                        return Ok(status);
                    }
                }
            }
            bar.inc(1);
        }
        for b in bad {
            if let Err(status) = skips.skip_line(source, b.line, &b.reason) {
                out.flush()?;
                return Ok(status);
            }
        }
    }
    out.flush()?;
    bar.finish_and_clear();
    skips.finish();
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_that_repeats_is_said_once() {
        let err = anyhow::anyhow!("Error code 26: file is not a database")
            .context("file is not a database")
            .context("database: file is not a database")
            .context("cannot open store x.db");
        assert_eq!(
            chain(&err),
            "cannot open store x.db: database: file is not a database"
        );
        let err = anyhow::anyhow!("denied").context("cannot open x");
        assert_eq!(chain(&err), "cannot open x: denied");
    }

    #[test]
    fn lines_survive_bad_bytes_long_lines_and_read_errors() {
        let mut input = b"a\n\xff\xfe\r\n".to_vec();
        input.extend(vec![b'x'; MAX_LINE + 1]);
        input.extend(b"\nlast");
        let got: Vec<_> = Lines::new(&input[..], |_| "unused".into())
            .map(|r| r.map_err(|b| (b.line, b.reason)))
            .collect();
        assert_eq!(got[0].as_ref().unwrap(), &(1, "a".to_string()));
        assert!(got[1].as_ref().unwrap_err().1.starts_with("not UTF-8"));
        assert_eq!(got[2].as_ref().unwrap_err().0, 3);
        assert!(got[2].as_ref().unwrap_err().1.starts_with("line too long"));
        assert_eq!(got[3].as_ref().unwrap(), &(4, "last".to_string()));
        assert_eq!(got.len(), 4);

        /// Two lines, then an error on every read.
        struct Cut(usize);
        impl io::Read for Cut {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut"));
                }
                self.0 = 0;
                buf[..6].copy_from_slice(b"1\n2\n3x");
                Ok(6)
            }
        }
        let got: Vec<_> =
            Lines::new(io::BufReader::new(Cut(1)), |e| format!("gone: {e}")).collect();
        assert_eq!(got.len(), 3, "two lines, then one error, then the end");
        assert_eq!(got[2].as_ref().unwrap_err().reason, "gone: cut");
        assert_eq!(got[2].as_ref().unwrap_err().line, 3);
    }
}
