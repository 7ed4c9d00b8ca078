//! WARC input (Common Crawl, CC-NEWS): web archive files read record by
//! record, each `response` record with an HTML payload becoming a [`Page`].
//!
//! Records are parsed by the `warc` crate. What it leaves to its caller is
//! written here: gzip member by member (Common Crawl compresses each record
//! on its own, so a corrupt member costs that record only), finding the next
//! record after a broken one, and reading the HTTP response inside a record
//! (`httparse` for the head). Nothing is read ahead of the record asked for,
//! so a file of any size streams in the memory of one record.
//!
//! ```
//! use newsweave::warc::{Entry, WarcRecords};
//!
//! let page = "<html><body><p>Lava reached the suburbs of Catania.</p></body></html>";
//! let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
//! let warc = format!(
//!     "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1234>\r\n\
//!      WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: https://example.com/etna\r\n\
//!      Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
//!     http.len()
//! );
//! let mut records = WarcRecords::new(warc.as_bytes(), false);
//! let Some(Ok(Entry::Page(page))) = records.next() else { panic!() };
//! assert_eq!(page.id, "1234");
//! assert_eq!(page.url.as_deref(), Some("https://example.com/etna"));
//! assert!(records.next().is_none());
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, Cursor, Read};

use ::warc::{RawRecordHeader, WarcHeader, WarcReader};
use flate2::bufread::GzDecoder;

use crate::extract::{self, Extracted, Options};
use crate::ingest::from_extracted;
use crate::model::Article;
use crate::{Error, Result};

/// A record larger than this (decompressed, bytes) is refused, not read.
pub const MAX_RECORD_BYTES: u64 = 64 << 20;

/// The gzip magic bytes and deflate method: where a member starts.
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// An HTML page archived in a `response` record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Which record of the file it is (1-based, all record types counted).
    pub record: usize,
    /// The record id without its `<urn:uuid:` wrapping: stable across runs.
    pub id: String,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`, the crawl time (ISO 8601).
    pub date: Option<String>,
    /// The HTTP body: the page's bytes as served.
    pub html: Vec<u8>,
}

impl Page {
    /// The page extracted with `options`, its URL the record's target URI;
    /// the page's own date wins over the crawl date.
    ///
    /// # Errors
    ///
    /// As [`extract::extract_html_bytes_with`].
    pub fn extract(&self, options: &Options) -> Result<Extracted> {
        let mut page = extract::extract_html_bytes_with(&self.html, self.url.as_deref(), options)?;
        if self.url.is_some() {
            page.url.clone_from(&self.url);
        }
        if page.date.is_none() {
            page.date.clone_from(&self.date);
        }
        Ok(page)
    }

    /// The article of [`extracted`](Self::extract) page `page`.
    pub fn article(&self, page: Extracted) -> Article {
        from_extracted(&self.id, page, self.url.as_deref())
    }

    /// The page's article, [`extract`](Self::extract)ed with `options`.
    ///
    /// # Errors
    ///
    /// As [`extract::extract_html_bytes_with`].
    pub fn to_article(&self, options: &Options) -> Result<Article> {
        Ok(self.article(self.extract(options)?))
    }
}

/// Why a well-formed record yields no page.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    /// Not a `response` record (`warcinfo`, `request`, `metadata`...).
    NotResponse(String),
    /// An HTTP status other than 2xx.
    Status(u16),
    /// A payload that is not HTML (its media type).
    NotHtml(String),
    /// A body in a transfer or content encoding newsweave does not decode.
    Encoding(String),
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::NotResponse(t) => write!(f, "not a response record ({t})"),
            Skip::Status(s) => write!(f, "HTTP status {s}"),
            Skip::NotHtml(t) => write!(f, "not HTML ({t})"),
            Skip::Encoding(e) => write!(f, "unsupported encoding ({e})"),
        }
    }
}

/// One record of a WARC file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A page to extract.
    Page(Page),
    /// A record skipped, with why.
    Skipped {
        /// Which record (1-based).
        record: usize,
        /// Why it holds no page.
        reason: Skip,
    },
}

/// Skipped records counted by reason, for one line per reason at the end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkipCounts(pub BTreeMap<Skip, usize>);

impl SkipCounts {
    /// Counts one more record skipped for `reason`.
    pub fn add(&mut self, reason: Skip) {
        *self.0.entry(reason).or_default() += 1;
    }

    /// `"N record(s): reason"` per reason, most frequent first.
    pub fn lines(&self) -> Vec<String> {
        let mut counts: Vec<(&Skip, &usize)> = self.0.iter().collect();
        counts.sort_by_key(|(_, n)| std::cmp::Reverse(**n));
        counts
            .into_iter()
            .map(|(reason, n)| format!("{n} record(s): {reason}"))
            .collect()
    }
}

/// A `BufRead` that counts the bytes consumed, to name where a record
/// starts, and keeps those of the current record, to look in them for the
/// next record's start when this one is broken.
struct Counted<R> {
    inner: R,
    pos: u64,
    tape: Vec<u8>,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        self.tape.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes are still buffered: `fill_buf` returns them without I/O.
        if let Ok(buf) = self.inner.fill_buf() {
            self.tape.extend_from_slice(&buf[..amt.min(buf.len())]);
        }
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// The records of one WARC stream, in file order. A record that cannot be
/// read is an [`Error::BadInput`] naming its number and byte offset; the
/// next call goes on with the record after it.
pub struct WarcRecords<R> {
    input: Counted<R>,
    /// Each record is a gzip member of its own (`.warc.gz`).
    gzip: bool,
    /// Bytes already taken from `input` that start the next record.
    prefix: Vec<u8>,
    /// Records of the current gzip member not handed out yet.
    queued: std::vec::IntoIter<(RawRecordHeader, Vec<u8>)>,
    /// Records seen so far.
    seen: usize,
    done: bool,
}

impl<R: BufRead> WarcRecords<R> {
    /// The next records up to and including the `pages`-th page, with the
    /// records that are no page counted into `skipped` and the broken ones
    /// as their message, in record order; empty at the end of the input.
    /// A caller extracts a chunk's pages in parallel, then reads on.
    pub fn next_chunk(
        &mut self,
        pages: usize,
        skipped: &mut SkipCounts,
    ) -> Vec<std::result::Result<Page, String>> {
        let mut chunk = Vec::new();
        let mut found = 0;
        for entry in self.by_ref() {
            match entry {
                Ok(Entry::Skipped { reason, .. }) => skipped.add(reason),
                Ok(Entry::Page(page)) => {
                    chunk.push(Ok(page));
                    found += 1;
                }
                Err(e) => chunk.push(Err(e.to_string())),
            }
            if found == pages {
                break;
            }
        }
        chunk
    }

    /// Reads `input`, a `.warc.gz` (one gzip member per record) when `gzip`
    /// is set, else an uncompressed `.warc`.
    pub fn new(input: R, gzip: bool) -> Self {
        WarcRecords {
            input: Counted {
                inner: input,
                pos: 0,
                tape: Vec::new(),
            },
            gzip,
            prefix: Vec::new(),
            queued: Vec::new().into_iter(),
            seen: 0,
            done: false,
        }
    }

    /// The error for the record that started at byte `at` with `consumed`
    /// (the bytes read before `input`'s tape); moves to the next record
    /// start after that byte: a gzip member, or a `WARC/` line.
    fn broken(&mut self, at: u64, mut consumed: Vec<u8>, what: impl fmt::Display) -> Error {
        let error = Error::BadInput(format!("record {} at byte {at}: {what}", self.seen));
        // The prefix left unread lies before the bytes taken from `input`.
        self.prefix.clear();
        consumed.append(&mut self.input.tape);
        let marker: &[u8] = if self.gzip { &GZIP_MAGIC } else { b"\nWARC/" };
        let skip_newline = usize::from(!self.gzip);
        match memchr::memmem::find(consumed.get(1..).unwrap_or_default(), marker) {
            Some(i) => self.prefix = consumed.split_off(1 + i + skip_newline),
            None => self.done = !self.resync(marker, skip_newline),
        }
        error
    }

    /// Reads on to the next `marker`, keeping it (less `skip` leading
    /// bytes) for the next record; false at the end of the input.
    fn resync(&mut self, marker: &[u8], skip: usize) -> bool {
        let mut window: Vec<u8> = Vec::with_capacity(marker.len());
        let mut byte = [0u8; 1];
        loop {
            match self.input.read(&mut byte) {
                Ok(1) => {}
                _ => return false,
            }
            if window.len() == marker.len() {
                window.remove(0);
            }
            window.push(byte[0]);
            if window == marker {
                self.prefix = marker[skip..].to_vec();
                return true;
            }
        }
    }

    /// The next raw record, or `None` at the end of the input.
    fn next_raw(&mut self) -> Option<Result<(RawRecordHeader, Vec<u8>)>> {
        if let Some(raw) = self.queued.next() {
            self.seen += 1;
            return Some(Ok(raw));
        }
        if self.done {
            return None;
        }
        let at = self.input.pos - self.prefix.len() as u64;
        let prefix = std::mem::take(&mut self.prefix);
        if self.input.fill_buf().map_or(true, <[u8]>::is_empty) && prefix.is_empty() {
            return None;
        }
        self.input.tape.clear();
        let started = prefix.clone();
        self.seen += 1;
        if !self.gzip {
            let mut stream = Cursor::new(prefix).chain(&mut self.input);
            let raw = WarcReader::new(&mut stream).iter_raw_records().next();
            self.prefix = unread(stream.into_inner().0);
            return match raw {
                Some(Ok(raw)) => Some(Ok(raw)),
                Some(Err(e)) => Some(Err(self.broken(at, started, record_error(&e)))),
                // A head cut off by the end of the file.
                None if self.input.tape.iter().any(|b| !b.is_ascii_whitespace()) => {
                    self.done = true;
                    let what = "truncated in its header";
                    Some(Err(Error::BadInput(format!(
                        "record {} at byte {at}: {what}",
                        self.seen
                    ))))
                }
                None => None,
            };
        }
        let mut member = Vec::new();
        let mut stream = Cursor::new(prefix).chain(&mut self.input);
        let read = GzDecoder::new(&mut stream)
            .take(MAX_RECORD_BYTES + 1)
            .read_to_end(&mut member);
        self.prefix = unread(stream.into_inner().0);
        if let Err(e) = read {
            let what = format!("bad gzip member (truncated or corrupt): {e}");
            return Some(Err(self.broken(at, started, what)));
        }
        if member.len() as u64 > MAX_RECORD_BYTES {
            let what = format!("over the {MAX_RECORD_BYTES}-byte record limit");
            return Some(Err(self.broken(at, started, what)));
        }
        let mut records = Vec::new();
        for raw in WarcReader::new(member.as_slice()).iter_raw_records() {
            match raw {
                Ok(raw) => records.push(raw),
                // The member itself was whole: the next one follows.
                Err(e) => {
                    let what = record_error(&e);
                    return Some(Err(Error::BadInput(format!(
                        "record {} at byte {at}: {what}",
                        self.seen
                    ))));
                }
            }
        }
        let mut records = records.into_iter();
        let first = records.next();
        self.queued = records;
        match first {
            Some(raw) => Some(Ok(raw)),
            // A member without a record (padding) counts for nothing.
            None => {
                self.seen -= 1;
                self.next_raw()
            }
        }
    }
}

/// The bytes of `cursor` not read yet.
fn unread(cursor: Cursor<Vec<u8>>) -> Vec<u8> {
    let at = usize::try_from(cursor.position()).unwrap_or(usize::MAX);
    let mut bytes = cursor.into_inner();
    bytes.drain(..at.min(bytes.len()));
    bytes
}

/// What went wrong reading a record, in words.
fn record_error(e: &::warc::Error) -> String {
    match e {
        ::warc::Error::UnexpectedEOB | ::warc::Error::ReadOverflow => {
            format!("truncated or wrong Content-Length ({e})")
        }
        ::warc::Error::ReadData(io) => format!("cannot read: {io}"),
        other => format!("corrupt header ({other})"),
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<Entry>;

    fn next(&mut self) -> Option<Result<Entry>> {
        let (header, body) = match self.next_raw()? {
            Ok(raw) => raw,
            Err(e) => return Some(Err(e)),
        };
        let record = self.seen;
        let field = |name: WarcHeader| {
            header
                .as_ref()
                .get(&name)
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
        };
        let kind = field(WarcHeader::WarcType).unwrap_or_default();
        if !kind.eq_ignore_ascii_case("response") {
            return Some(Ok(Entry::Skipped {
                record,
                reason: Skip::NotResponse(kind),
            }));
        }
        let identified = field(WarcHeader::IdentifiedPayloadType);
        let html = match http_body(&body, identified.as_deref()) {
            Ok(html) => html,
            Err(Ok(reason)) => return Some(Ok(Entry::Skipped { record, reason })),
            Err(Err(what)) => {
                return Some(Err(Error::BadInput(format!(
                    "record {record}: bad HTTP response: {what}"
                ))))
            }
        };
        let id = field(WarcHeader::RecordID).unwrap_or_default();
        let id = id.trim_start_matches('<').trim_end_matches('>');
        let id = id.strip_prefix("urn:uuid:").unwrap_or(id).to_string();
        if id.is_empty() {
            return Some(Err(Error::BadInput(format!(
                "record {record}: no WARC-Record-ID"
            ))));
        }
        Some(Ok(Entry::Page(Page {
            record,
            id,
            url: field(WarcHeader::TargetURI).filter(|u| !u.is_empty()),
            date: field(WarcHeader::Date).filter(|d| !d.is_empty()),
            html,
        })))
    }
}

/// The HTML body of an HTTP response, a reason to skip it (`Err(Ok)`), or
/// what is wrong with it (`Err(Err)`). `identified` is the archive's own
/// guess at the media type, used when the response names none.
fn http_body(
    response: &[u8],
    identified: Option<&str>,
) -> std::result::Result<Vec<u8>, std::result::Result<Skip, String>> {
    let mut headers = vec![httparse::EMPTY_HEADER; 128];
    let mut head = httparse::Response::new(&mut headers);
    let body_start = match head.parse(response) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err(Err("incomplete head".into())),
        Err(e) => return Err(Err(e.to_string())),
    };
    let status = head.code.unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(Ok(Skip::Status(status)));
    }
    let header = |name: &str| {
        head.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let media = header("content-type")
        .or_else(|| identified.map(str::to_ascii_lowercase))
        .unwrap_or_default();
    let media = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    if !matches!(media.as_str(), "text/html" | "application/xhtml+xml") {
        let shown = if media.is_empty() {
            "no media type"
        } else {
            &media
        };
        return Err(Ok(Skip::NotHtml(shown.to_string())));
    }
    if let Some(te) = header("transfer-encoding").filter(|t| t != "identity") {
        return Err(Ok(Skip::Encoding(format!("transfer-encoding: {te}"))));
    }
    let body = &response[body_start..];
    match header("content-encoding").as_deref() {
        None | Some("identity") => Ok(body.to_vec()),
        Some("gzip" | "x-gzip") => {
            let mut out = Vec::new();
            GzDecoder::new(body)
                .take(MAX_RECORD_BYTES)
                .read_to_end(&mut out)
                .map_err(|e| Err(format!("bad gzip body: {e}")))?;
            Ok(out)
        }
        Some(other) => Err(Ok(Skip::Encoding(format!("content-encoding: {other}")))),
    }
}

#[cfg(test)]
mod tests;
