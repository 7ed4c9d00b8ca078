//! HTML page → article body and metadata (`newsweave extract`, DESIGN.md §4).
//!
//! One path, the `fast` module: a zero-copy tokenizer and one walk over the
//! page, no DOM. It finds text blocks and the block-level elements they sit
//! in, takes as the article the element whose blocks add up to the most
//! text-like value, and drops the parts of it that element hints
//! ([`hints`]) or text rules ([`filter`]) mark as boilerplate. A live blog's
//! updates ([`Entry`]) are read from a DOM of the page, only for pages that
//! may be one.
//!
//! The two-extractor paths this replaced (dom_smoothie and rs-trafilatura
//! and their agreement) scored lower on the varied development set (WCXB,
//! body F1 0.919 against 0.934) at a tenth of the speed.
//!
//! Metadata comes from the `<head>` (`og:`, `article:`, Dublin Core...),
//! schema.org JSON-LD and the page's byline: title, byline (without "By",
//! dates or reading times), date as ISO 8601, site name (else the host,
//! [`outlet_from_url`]), canonical URL (else the page's URL) and language.
//!
//! ```
//! let html = "<html><head><title>Rain</title></head><body><article>\
//!     <p>It rained all day in the city on Monday, and the rivers rose higher \
//!     than they had in ten years, the weather office said.</p>\
//!     <p>Schools closed early and buses ran late across the region as crews \
//!     cleared fallen trees from the main roads into the centre.</p>\
//!     </article></body></html>";
//! let page = newsweave::extract::extract_html(html, Some("https://www.example.com/a")).unwrap();
//! assert!(page.text.starts_with("It rained all day"));
//! assert_eq!(page.outlet.as_deref(), Some("example.com"));
//! ```

mod blocks;
mod charset;
mod fast;
mod filter;
mod hints;
mod liveblog;
mod meta;
mod outlet;
mod reason;

use std::panic::{catch_unwind, AssertUnwindSafe};

pub use liveblog::Entry;
pub use outlet::{furniture_key, keeps_whole, OutletBoilerplate};
pub use reason::{Reason, Removed};

use crate::{Error, Result};

/// What an HTML page yields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Headline.
    pub title: Option<String>,
    /// Byline: names only, without "By", dates or labels.
    pub author: Option<String>,
    /// Publication date, ISO 8601: `YYYY-MM-DD` or a full timestamp with the
    /// page's time zone when it gives one.
    pub date: Option<String>,
    /// Site name (`og:site_name`), else the host of the URL.
    pub outlet: Option<String>,
    /// Canonical URL, else the URL the page was fetched from.
    pub url: Option<String>,
    /// Language as an ISO 639-1 code ("en"): the page's own declaration,
    /// else detected from the body.
    pub language: Option<String>,
    /// Article body, paragraphs separated by a blank line (`"\n\n"`).
    pub text: String,
    /// A live blog's updates, in page order, each with its headline, time
    /// and body; empty for other pages. `text` still holds the whole body.
    pub entries: Vec<Entry>,
    /// The blocks of the page left out of the body, with the reason, in page
    /// order; only filled when [`Options::explain`] is set.
    pub removed: Vec<Removed>,
}

/// What [`extract_html_with`] does besides the body and metadata.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// List the blocks left out of the body with their reason
    /// ([`Extracted::removed`]).
    pub explain: bool,
}

impl Options {
    /// Options with [`Options::explain`] set to `explain`.
    pub fn explain(explain: bool) -> Self {
        Options { explain }
    }
}

/// Pages larger than this are refused rather than parsed (bytes).
pub const MAX_HTML_BYTES: usize = 32 << 20;

/// Extracts the article body and metadata from an HTML page; `url` is where
/// the page came from, if known.
///
/// # Errors
///
/// [`Error::Extraction`] when the page is empty, too large
/// ([`MAX_HTML_BYTES`]) or has no article body.
pub fn extract_html(html: &str, url: Option<&str>) -> Result<Extracted> {
    extract_html_with(html, url, &Options::default())
}

/// [`extract_html`] with [`Options`].
///
/// # Errors
///
/// As [`extract_html`].
pub fn extract_html_with(html: &str, url: Option<&str>, options: &Options) -> Result<Extracted> {
    check(html)?;
    let url = url.map(str::trim).filter(|u| !u.is_empty());
    let _span = tracing::debug_span!("extract", url = url.unwrap_or("")).entered();
    let (mut page, live) = fast_path(html, url, options)?;
    // Finding a live blog's updates takes a DOM: only for pages that may
    // be one.
    if live {
        page.entries = live_entries(html, &page.text);
    }
    Ok(page)
}

/// What is refused: empty, too large or binary pages.
fn check(html: &str) -> Result<()> {
    if html.trim().is_empty() {
        return Err(Error::Extraction("empty page".into()));
    }
    if html.len() > MAX_HTML_BYTES {
        return Err(Error::Extraction(format!(
            "page of {} bytes is over the {MAX_HTML_BYTES}-byte limit",
            html.len()
        )));
    }
    if looks_binary(html) {
        return Err(Error::Extraction(
            "not HTML: mostly control or undecodable characters".into(),
        ));
    }
    Ok(())
}

/// The page as the fast path reads it (blocks with their features, the
/// block-level elements), as JSON: for tuning its rules offline.
#[doc(hidden)]
pub fn dump_fast_page(html: &str) -> serde_json::Value {
    fast::dump(html)
}

/// The fast path, guarded against panics in release builds; debug builds
/// (tests, the fuzz target) let a panic through so that it is seen. Also
/// whether the page may be a live blog.
fn fast_path(html: &str, url: Option<&str>, options: &Options) -> Result<(Extracted, bool)> {
    match catch_unwind(AssertUnwindSafe(|| {
        fast::extract(html, url, options.explain)
    })) {
        Ok(r) => r,
        Err(e) if cfg!(debug_assertions) => std::panic::resume_unwind(e),
        Err(_) => Err(Error::Extraction("fast extractor panicked".into())),
    }
}

/// A live blog's updates, when most of their text is in the body `text`:
/// updates are the article, not teasers of other pages beside it.
fn live_entries(html: &str, text: &str) -> Vec<Entry> {
    let entries = guard("live blog", || {
        Ok(liveblog::entries(&dom_query::Document::from(html)))
    })
    .unwrap_or_default();
    if entries.is_empty() {
        return entries;
    }
    let bodies: Vec<&str> = entries.iter().map(|e| e.body.as_str()).collect();
    let shared = filter::Shingles::new(text).coverage(&bodies.join("\n\n"));
    if shared >= 0.5 {
        entries
    } else {
        Vec::new()
    }
}

/// Like [`extract_html`] for raw bytes: decodes per the byte-order mark or
/// `<meta charset>` (UTF-8 when neither says), replacing invalid sequences.
///
/// # Errors
///
/// As [`extract_html`].
pub fn extract_html_bytes(html: &[u8], url: Option<&str>) -> Result<Extracted> {
    extract_html_bytes_with(html, url, &Options::default())
}

/// [`extract_html_bytes`] with [`Options`].
///
/// # Errors
///
/// As [`extract_html`].
pub fn extract_html_bytes_with(
    html: &[u8],
    url: Option<&str>,
    options: &Options,
) -> Result<Extracted> {
    if html.len() > MAX_HTML_BYTES {
        return Err(Error::Extraction(format!(
            "page of {} bytes is over the {MAX_HTML_BYTES}-byte limit",
            html.len()
        )));
    }
    extract_html_with(&charset::decode(html), url, options)
}

/// The outlet's host name from a URL, without `www.`-like prefixes:
/// `"https://www.itv.com/news/x"` → `"itv.com"`. `None` when there is no host.
pub fn outlet_from_url(url: &str) -> Option<String> {
    let rest = url.trim();
    let rest = match rest.find("://") {
        Some(i) => &rest[i + 3..],
        None => rest.strip_prefix("//").unwrap_or(rest),
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host,
    };
    let mut host = host.trim_end_matches('.').to_ascii_lowercase();
    for prefix in ["www.", "m.", "amp.", "mobile."] {
        if let Some(h) = host.strip_prefix(prefix) {
            if h.contains('.') {
                host = h.to_string();
            }
        }
    }
    if let Some(h) = host.strip_prefix("www") {
        // www1.example.com, www2.…
        if let Some((digits, h)) = h.split_once('.') {
            if digits.chars().all(|c| c.is_ascii_digit()) && h.contains('.') {
                host = h.to_string();
            }
        }
    }
    let ok = host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    ok.then_some(host)
}

/// True when much of the start of `s` is control characters or U+FFFD:
/// binary data, not a page.
pub(crate) fn looks_binary(s: &str) -> bool {
    // The first 64 KiB, cut back to a character boundary.
    let mut end = s.len().min(65_536);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let head = &s.as_bytes()[..end];
    // Counting passes the compiler vectorises: characters (bytes that do
    // not continue one), ASCII controls other than whitespace, U+FFFD.
    let all = head.iter().filter(|&&c| c & 0xc0 != 0x80).count();
    let ascii = head
        .iter()
        .filter(|&&c| (c < 0x20 && !(0x09..=0x0d).contains(&c)) || c == 0x7f)
        .count();
    let replacement = memchr::memmem::find_iter(head, "\u{fffd}".as_bytes()).count();
    // C1 controls (U+0080..U+009F, U+0085 is whitespace): C2 80..9F.
    let c1 = memchr::memchr_iter(0xc2, head)
        .filter(|&i| {
            head.get(i + 1)
                .is_some_and(|&n| (0x80..=0x9f).contains(&n) && n != 0x85)
        })
        .count();
    (ascii + replacement + c1) * 10 > all
}

/// Runs one step, turning its errors and panics into a message.
fn guard<T>(name: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(format!("{name}: {e}")),
        Err(_) => Err(format!("{name} panicked")),
    }
}

#[cfg(test)]
mod tests;
