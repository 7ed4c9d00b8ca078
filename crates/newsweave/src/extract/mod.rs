//! HTML page → article body and metadata (`newsweave extract`, DESIGN.md §4).
//!
//! Three paths ([`Path`]): the full path below, the fast path (the `fast`
//! module: one pass of a zero-copy tokenizer, no DOM, over ten times
//! faster), and the hybrid, the default, which keeps the fast result when
//! its choice of article is clear and runs the full path otherwise.
//!
//! In the full path two extractors read each page and the body keeps what
//! they agree on:
//!
//! 1. [`dom_smoothie`] (a readability port) picks the article element; its
//!    HTML is split into blocks (paragraphs, headings, list items, captions).
//! 2. General rules drop boilerplate blocks: runs of links (related stories),
//!    captions, share/subscribe/"Related:" prompts, set-apart bylines,
//!    upper-case promo links, breadcrumbs.
//! 3. [`rs_trafilatura`] extracts the body on its own; a block stays only if
//!    at least half of its word 3-grams are in that text. Each extractor
//!    picks up boilerplate the other leaves out, so the agreement is cleaner
//!    than either. When one of them finds nothing, the other's body is used.
//!
//! On the development half of the article-extraction benchmark
//! (`scripts/eval.sh`: `newsweave extract` scored with the benchmark's
//! `score.py`), word 4-gram F1 / precision / recall:
//! rs-trafilatura alone 0.957 / 0.925 / 0.992, dom_smoothie alone
//! 0.954 / 0.921 / 0.989, their agreement 0.976 / 0.962 / 0.989, with the
//! boilerplate rules 0.984 / 0.979 / 0.988.
//!
//! Metadata takes the first clean value of the two extractors: title, byline
//! (without "By", dates or reading times), date as ISO 8601, site name (else
//! the host, [`outlet_from_url`]) and canonical URL (else the page's URL).
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
mod fast;
mod filter;
mod liveblog;
mod meta;
mod outlet;
mod reason;

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

pub use fast::Confidence;
pub use liveblog::Entry;
pub use outlet::OutletBoilerplate;
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
    /// ([`Extracted::removed`]). Parses the page once more.
    pub explain: bool,
    /// Which extractor reads the page.
    pub path: Path,
}

impl Options {
    /// Options with [`Options::explain`] set to `explain`.
    pub fn explain(explain: bool) -> Self {
        Options {
            explain,
            ..Options::default()
        }
    }

    /// These options with [`Options::path`] set to `path`.
    #[must_use]
    pub fn with_path(mut self, path: Path) -> Self {
        self.path = path;
        self
    }
}

/// Which extractor reads a page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Path {
    /// Two extractors (dom_smoothie and rs-trafilatura) and their agreement:
    /// the most accurate (body F1 0.984 on the development half of the
    /// benchmark), about 70 pages/s on one core.
    Full,
    /// The single-pass tokenizer path alone (the `fast` module): F1 0.981,
    /// about 1,000 pages/s on one core; live-blog updates only for pages
    /// that show times or schema.org updates.
    Fast,
    /// The fast path when its choice is clear ([`Confidence::is_clear`]),
    /// the full path otherwise (about one page in ten): F1 0.982, about
    /// 400 pages/s on one core.
    #[default]
    Hybrid,
    /// The fast path's blocks that rs-trafilatura's text confirms (the
    /// full path's agreement vote, with the fast path in dom_smoothie's
    /// place); live blogs take the full path. F1 0.984, about 1.4 times
    /// the full path's speed (rs-trafilatura takes most of the time).
    Agree,
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
    match options.path {
        Path::Full => extract_full(html, url, options),
        Path::Fast => {
            let (mut page, conf) = fast_path(html, url, options)?;
            // Finding a live blog's updates takes a DOM: only for pages that
            // may be one.
            if conf.live {
                page.entries = live_entries(html, &page.text);
            }
            Ok(page)
        }
        // Live blogs ([`Confidence::live`]) go to the full path too.
        Path::Hybrid => match fast_path(html, url, options) {
            Ok((page, conf)) if conf.is_clear() => Ok(page),
            _ => extract_full(html, url, options),
        },
        Path::Agree => extract_agree(html, url, options),
    }
}

/// [`Path::Agree`]: the fast path's blocks that rs-trafilatura confirms;
/// its metadata fills what the fast path left empty.
fn extract_agree(html: &str, url: Option<&str>, options: &Options) -> Result<Extracted> {
    let (mut page, conf) = match fast_path(html, url, options) {
        Ok(p) => p,
        Err(_) => return extract_full(html, url, options),
    };
    if conf.live {
        // Live blogs: the full path finds their updates.
        return extract_full(html, url, options);
    }
    let traf = guard("rs-trafilatura", || {
        let opts = rs_trafilatura::Options {
            url: url.map(str::to_string),
            ..Default::default()
        };
        rs_trafilatura::extract_with_options(html, &opts).map_err(|e| e.to_string())
    });
    let Ok(traf) = traf else {
        return Ok(page);
    };
    let other = filter::Shingles::new(&traf.content_text);
    if other.is_empty() {
        return Ok(page);
    }
    let blocks = page
        .text
        .split("\n\n")
        .map(|t| blocks::Block {
            text: t.to_string(),
            link_chars: 0,
            kind: blocks::Kind::Text,
            hint: None,
        })
        .collect();
    let mut dropped = Vec::new();
    let kept = filter::vote(blocks, &other, &mut dropped);
    // When the two share nothing, the fast path's body stands.
    if !kept.is_empty() {
        page.text = kept
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        if options.explain {
            page.removed
                .extend(dropped.into_iter().map(|(b, reason)| Removed {
                    text: b.text,
                    reason,
                }));
        }
    }
    let m = &traf.metadata;
    page.author = page.author.or_else(|| meta::author(&[m.author.as_deref()]));
    page.date = page.date.or_else(|| trafilatura_date(m));
    Ok(page)
}

/// What every path refuses: empty, too large or binary pages.
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

/// The full path's extractors recurse over the tree: pages nested deeper
/// than [`MAX_NESTING`] are refused. The fast path has no such limit.
fn check_nesting(html: &str) -> Result<()> {
    let depth = nesting_depth(html);
    if depth > MAX_NESTING {
        return Err(Error::Extraction(format!(
            "elements nest {depth} deep, over the limit of {MAX_NESTING}"
        )));
    }
    Ok(())
}

/// The fast path alone ([`Path::Fast`]), with how clear its choice was,
/// for callers that decide themselves when to fall back; no live-blog
/// entries.
///
/// # Errors
///
/// As [`extract_html`].
pub fn extract_html_fast(
    html: &str,
    url: Option<&str>,
    options: &Options,
) -> Result<(Extracted, Confidence)> {
    check(html)?;
    fast_path(html, url.map(str::trim).filter(|u| !u.is_empty()), options)
}

/// The page as the fast path reads it (blocks with their features, the
/// block-level elements), as JSON: for tuning its rules offline.
#[doc(hidden)]
pub fn dump_fast_page(html: &str) -> serde_json::Value {
    fast::dump(html)
}

/// The fast path, guarded against panics in release builds; debug builds
/// (tests, the fuzz target) let a panic through so that it is seen.
fn fast_path(html: &str, url: Option<&str>, options: &Options) -> Result<(Extracted, Confidence)> {
    match catch_unwind(AssertUnwindSafe(|| {
        fast::extract(html, url, options.explain)
    })) {
        Ok(r) => r,
        Err(e) if cfg!(debug_assertions) => std::panic::resume_unwind(e),
        Err(_) => Err(Error::Extraction("fast extractor panicked".into())),
    }
}

/// The full path: two extractors and their agreement (module docs).
fn extract_full(html: &str, url: Option<&str>, options: &Options) -> Result<Extracted> {
    check_nesting(html)?;
    let traf = guard("rs-trafilatura", || {
        let opts = rs_trafilatura::Options {
            url: url.map(str::to_string),
            ..Default::default()
        };
        rs_trafilatura::extract_with_options(html, &opts).map_err(|e| e.to_string())
    });
    let smoothie = guard("dom_smoothie", || {
        let doc = dom_query::Document::from(html);
        let canonical = ["link[rel~=canonical]", r#"meta[property="og:url"]"#]
            .into_iter()
            .find_map(|sel| {
                let attr = if sel.starts_with("link") {
                    "href"
                } else {
                    "content"
                };
                doc.select(sel).attr(attr).map(|v| v.to_string())
            });
        let cfg = dom_smoothie::Config {
            // Class names let the block filter spot captions.
            keep_classes: true,
            ..Default::default()
        };
        let base = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
        let mut r = dom_smoothie::Readability::with_document(doc, base, Some(cfg))
            .map_err(|e| e.to_string())?;
        let article = r.parse().map_err(|e| e.to_string())?;
        Ok((article, canonical))
    });
    if let Err(e) = &traf {
        tracing::debug!("{e}");
    }
    if let Err(e) = &smoothie {
        tracing::debug!("{e}");
    }

    let traf_text = traf.as_ref().map_or("", |r| r.content_text.as_str());
    let mut dropped = Vec::new();
    let smoothie_blocks = match &smoothie {
        Ok((a, _)) => guard("block split", || {
            let content = dom_query::Document::from(a.content.as_ref());
            let mut dropped = Vec::new();
            let kept = filter::drop_boilerplate(blocks::blocks_of(&content), &mut dropped);
            Ok((kept, dropped))
        })
        .map(|(kept, d)| {
            dropped = d;
            kept
        })
        .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let other = filter::Shingles::new(traf_text);
    let mut kept = if other.is_empty() {
        smoothie_blocks
    } else {
        filter::vote(smoothie_blocks, &other, &mut dropped)
    };
    if kept.is_empty() {
        kept = filter::drop_boilerplate(blocks::text_blocks(traf_text), &mut dropped);
    }
    let text = kept
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    if filter::words(&text).next().is_none() {
        let why = match (&traf, &smoothie) {
            (Err(a), Err(b)) => format!("no article body found ({a}; {b})"),
            _ => "no article body found".to_string(),
        };
        return Err(Error::Extraction(why));
    }

    let tm = traf.as_ref().ok().map(|r| &r.metadata);
    let sm = smoothie.as_ref().ok().map(|(a, _)| a);
    let page_canonical = smoothie.as_ref().ok().and_then(|(_, c)| c.as_deref());
    let title = meta::title(&[
        tm.and_then(|m| m.title.as_deref()),
        sm.map(|a| a.title.as_str()),
    ]);
    let author = meta::author(&[
        tm.and_then(|m| m.author.as_deref()),
        sm.and_then(|a| a.byline.as_deref()),
    ]);
    let traf_date = tm.and_then(trafilatura_date);
    // dom_smoothie keeps the page's own string (and time zone); trafilatura
    // converts to UTC and also guesses from the URL and text.
    let date = meta::date(&[
        sm.and_then(|a| a.published_time.as_deref()),
        traf_date.as_deref(),
    ]);
    // trafilatura reports the URL it was given over the page's canonical one.
    let canonical = [
        page_canonical,
        sm.and_then(|a| a.url.as_deref()),
        tm.and_then(|m| m.url.as_deref()),
    ]
    .into_iter()
    .flatten()
    .find_map(|u| meta::absolute_url(u, url));
    let page_url = canonical.or_else(|| url.map(str::to_string));
    let outlet = meta::outlet(
        &[
            sm.and_then(|a| a.site_name.as_deref()),
            tm.and_then(|m| m.sitename.as_deref()),
        ],
        title.as_deref(),
    )
    .or_else(|| page_url.as_deref().and_then(outlet_from_url))
    .or_else(|| url.and_then(outlet_from_url));
    // A byline that only names the site says nothing about the author.
    let author = author.filter(|a| !outlet.as_deref().is_some_and(|o| o.eq_ignore_ascii_case(a)));
    let entries = if liveblog::maybe_live(html) {
        live_entries(html, &text)
    } else {
        Vec::new()
    };
    let removed = if options.explain {
        guard("explain", || {
            Ok(explain(html, &kept, &text, &dropped, title.as_deref()))
        })
        .unwrap_or_default()
    } else {
        Vec::new()
    };
    let language = meta::language(
        &[
            sm.and_then(|a| a.lang.as_deref()),
            tm.and_then(|m| m.language.as_deref()),
        ],
        &text,
    );
    Ok(Extracted {
        language,
        title,
        author,
        date,
        outlet,
        url: page_url,
        removed,
        entries,
        text,
    })
}

/// rs-trafilatura's date (UTC) in ISO 8601: the day alone when it has no
/// time of day.
fn trafilatura_date(m: &rs_trafilatura::Metadata) -> Option<String> {
    m.date.map(|d| {
        if d.format("%H:%M:%S").to_string() == "00:00:00" {
            d.format("%Y-%m-%d").to_string()
        } else {
            d.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        }
    })
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

/// Every block of the page that is not in the body, with the most telling
/// reason: a text rule ("Share this", a caption), else what the pipeline
/// said, else what its ancestors are (nav, footer, `class="related"`).
fn explain(
    html: &str,
    kept: &[blocks::Block],
    body: &str,
    dropped: &[(blocks::Block, Reason)],
    title: Option<&str>,
) -> Vec<Removed> {
    let doc = dom_query::Document::from(html);
    let page = blocks::page_blocks(&doc);
    let rules = filter::judge(&page);
    let kept: HashSet<&str> = kept.iter().map(|b| b.text.as_str()).collect();
    let body_flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let said: HashMap<&str, Reason> = dropped.iter().map(|(b, r)| (b.text.as_str(), *r)).collect();
    let mut out = Vec::new();
    for (b, rule) in page.iter().zip(rules) {
        let in_body = kept.contains(b.text.as_str())
            || (filter::words(&b.text).nth(5).is_some() && body_flat.contains(&b.text));
        if in_body || filter::words(&b.text).next().is_none() {
            continue;
        }
        let pipeline = said.get(b.text.as_str()).copied();
        // Text rules first; a run of links is "related" only when nothing
        // else (a `nav` ancestor) says what it is.
        let specific = filter::prompt_reason(b)
            .or_else(|| filter::boilerplate_reason(b))
            .or(
                (b.kind == blocks::Kind::Heading && title == Some(b.text.as_str()))
                    .then_some(Reason::Header),
            );
        let reason = specific
            .or(pipeline.filter(|r| *r != Reason::NotConfirmed))
            .or(b.hint)
            .or(rule)
            .or(pipeline)
            .or(filter::is_link_block(b).then_some(Reason::Navigation))
            .unwrap_or(Reason::OutsideArticle);
        out.push(Removed {
            text: b.text.clone(),
            reason,
        });
    }
    out
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
    let text = guard("decoding", || {
        Ok(rs_trafilatura::encoding::transcode_to_utf8(html))
    })
    .map_err(Error::Extraction)?;
    extract_html_with(&text, url, options)
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

/// Deepest element nesting accepted. The extractors recurse over the tree, so
/// a page nested far deeper than real ones (a few hundred at most) would
/// overflow the stack; 1,500 levels fit in a 2 MiB thread stack.
pub const MAX_NESTING: usize = 1_500;

/// Elements that never take children, or that the parser closes by itself
/// when a sibling starts; they do not add to the nesting.
const NO_NEST: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "rb", "rt", "rp", "colgroup", "caption", "html", "head", "body",
];

/// A quick estimate of how deep a page's elements nest, from its tags alone.
fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i, b"-->").map_or(b.len(), |j| j + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let tag_end = b[end..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |j| end + j);
        let self_closing = tag_end > 0 && b.get(tag_end - 1) == Some(&b'/');
        i = tag_end.min(b.len());
        if NO_NEST.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            max = max.max(depth);
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                let close = format!("</{name}");
                i = find_ascii_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            }
        }
    }
    max
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|j| from + j)
}

fn find_ascii_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|j| from + j)
}

/// Runs one extractor, turning its errors and panics into a message.
fn guard<T>(name: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(format!("{name}: {e}")),
        Err(_) => Err(format!("{name} panicked")),
    }
}

#[cfg(test)]
mod tests;
