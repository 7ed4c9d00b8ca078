//! The extractor: one pass of a zero-copy tokenizer, no DOM.
//!
//! 1. [`tokens`] splits the page into tags and text; [`page`] walks them
//!    once with a stack of open elements (HTML's implied end tags for `p`,
//!    `li`, `td`... applied), and yields text blocks (paragraphs, headings,
//!    list items, captions, with their link text), the block-level
//!    elements they sit in (parent, depth, range of descendants, and what
//!    the name, class, id or role says, [`super::hints`]: `nav`, `aside`,
//!    `class="related"`, `itemprop="articleBody"`...) and the `<head>`
//!    metadata. A hint word that wraps most of the page's text in many
//!    elements (a page builder's `widget`) is not boilerplate on that page.
//! 2. Each block gets a value from its shape alone: text-like blocks (a
//!    dozen words or more, little link text) count for their length, runs
//!    of links against it (the text-density idea of boilerpipe and jusText).
//!    The article is the element whose blocks add up to the most: it grows
//!    to its parent only while the parent's other children add text, and
//!    stops before menus, teasers and footers.
//! 3. Inside that element, blocks under a part whose name, class or id marks
//!    boilerplate (share bars, related stories, captions, newsletters...)
//!    go, and then the text rules of [`super::filter::judge`] (runs of
//!    links, prompts, bylines, captions).

pub(crate) mod page;
pub(crate) mod tokens;

use super::blocks::{Block, Kind};
use super::hints::Hint;
use super::{filter, meta, outlet_from_url, Extracted, Reason, Removed};
use crate::{Error, Result};
use page::{Head, PBlock, Page};

/// Extracts body and metadata with the fast path, and whether the page
/// may be a live blog: the article holds three or more times (`<time>`
/// elements or lone time stamps), or the page has schema.org live-blog
/// updates. The caller has checked the page (size, not binary).
pub(crate) fn extract(html: &str, url: Option<&str>, explain: bool) -> Result<(Extracted, bool)> {
    let page = page::read(html);
    // A page whose article is only a sentence or two has no block long
    // enough to count as text: read it again with short sentences counted.
    let (scored, chosen) = [TEXT_WORDS, SHORT_TEXT_WORDS]
        .into_iter()
        .find_map(|min_words| {
            let scored = Scored::of(&page, min_words);
            let (chosen, margin) = choose(&page, &scored.select);
            (margin > 0.0).then_some((scored, chosen))
        })
        .ok_or_else(|| Error::Extraction("no text-like block found".into()))?;
    let headlines = headlines(&page.head);
    let (kept, removed) = body(&page, &scored, chosen, &headlines, explain);
    let text = kept
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    if filter::words(&text).next().is_none() {
        return Err(Error::Extraction("no article body found".into()));
    }
    let times = page
        .times
        .iter()
        .filter(|e| under(&page, **e, chosen))
        .count()
        + page
            .blocks
            .iter()
            .filter(|b| under(&page, b.elem, chosen) && filter::is_time(&b.block.text))
            .count();
    let live = times >= 3 || html.contains("liveBlogUpdate");
    let mut out = metadata(&page, &scored, url, &text);
    out.text = text;
    out.removed = removed;
    Ok((out, live))
}

/// Hints that keep the text under them from speaking for the element
/// around them as the article (comments are text-like, but not the article).
const AWAY: &[Reason] = &[
    Reason::Comments,
    Reason::Sidebar,
    Reason::Footer,
    Reason::Navigation,
    Reason::RelatedLinks,
];

/// A hinted element holding this share of the page's text-like value (and
/// at least [`WRAPPER_BLOCKS`] text-like blocks) wraps the article: its
/// hint is ignored (`class="content-sidebar-wrap"`).
const WRAPPER_SHARE: f64 = 0.5;

/// See [`WRAPPER_SHARE`].
const WRAPPER_BLOCKS: usize = 3;

/// Texts under this many characters between two runs of links are teasers
/// of other pages (headline link, excerpt, headline link...).
const TEASER_CHARS: usize = 600;

/// The page's blocks, judged.
struct Scored {
    /// Each block's value ([`value`]).
    values: Vec<f64>,
    /// The value used to choose the article: teasers and text under
    /// comment, sidebar, footer, navigation and related-story parts count
    /// for nothing.
    select: Vec<f64>,
    /// Each block's innermost hinted ancestor that is not a wrapper of the
    /// article: its index, whether it is an inline element inside that
    /// index, and the hint.
    mark: Vec<Option<(u32, bool, Reason)>>,
}

impl Scored {
    fn of(page: &Page, min_words: usize) -> Scored {
        let values: Vec<f64> = page.blocks.iter().map(|b| value(b, min_words)).collect();
        let n = page.elems.len();
        let mut select = values.clone();
        let b = &page.blocks;
        for i in 1..b.len() {
            let linky = |j: usize| b.get(j).is_none_or(|x| x.block.link_density() >= 0.5);
            if select[i] > 0.0
                && linky(i - 1)
                && linky(i + 1)
                && b[i].block.text.len() < TEASER_CHARS
            {
                select[i] = 0.0;
            }
        }
        // Text-like value and blocks under each element.
        let mut pos = vec![0.0f64; n];
        let mut net = vec![0.0f64; n];
        let mut count = vec![0usize; n];
        for (blk, v) in page.blocks.iter().zip(&values) {
            for e in ancestors(page, blk.elem) {
                net[e as usize] += v;
                if *v > 0.0 {
                    pos[e as usize] += v;
                    count[e as usize] += 1;
                }
            }
        }
        let total = pos.first().copied().unwrap_or(0.0);
        let wrapper = |e: u32| {
            pos[e as usize] >= WRAPPER_SHARE * total && count[e as usize] >= WRAPPER_BLOCKS
        };
        let common = common_words(page, &values, total);
        // A common word still marks a part that is mostly links.
        let heeded = |h: Option<Hint>, e: u32| {
            h.filter(|h| !(common.contains(&h.word) && net[e as usize] > 0.0))
        };
        let mut mark = Vec::with_capacity(page.blocks.len());
        for (i, blk) in page.blocks.iter().enumerate() {
            let mut m = heeded(blk.inline_hint, blk.elem)
                .filter(|_| !wrapper(blk.elem))
                .map(|h| (blk.elem, true, h.reason));
            let mut away = m.is_some_and(|(_, _, h)| AWAY.contains(&h));
            for e in ancestors(page, blk.elem) {
                if let Some(h) = heeded(page.elems[e as usize].hint, e) {
                    if !wrapper(e) {
                        m = m.or(Some((e, false, h.reason)));
                        away |= AWAY.contains(&h.reason);
                    }
                }
            }
            if away {
                select[i] = select[i].min(0.0);
            }
            mark.push(m);
        }
        Scored {
            values,
            select,
            mark,
        }
    }
}

/// The hint words ([`Hint::word`]) of this page whose elements hold at
/// least [`WRAPPER_SHARE`] of its text-like value, spread over
/// [`WRAPPER_BLOCKS`] separate elements or more: the page's building
/// blocks (a page builder's `elementor-widget` around every paragraph),
/// not a part set apart. Comment hints are never common: a long thread of
/// reader comments can outweigh the article, one comment at a time.
fn common_words(page: &Page, values: &[f64], total: f64) -> Vec<u16> {
    // Per word: value, separate innermost elements, the last one seen.
    let mut by_word: Vec<(u16, f64, usize, u32)> = Vec::new();
    let mut mine: Vec<(u16, u32)> = Vec::new();
    for (blk, v) in page.blocks.iter().zip(values) {
        if *v <= 0.0 {
            continue;
        }
        mine.clear();
        let inline = blk.inline_hint.map(|h| (h, blk.elem));
        let hints = inline.into_iter().chain(
            ancestors(page, blk.elem).filter_map(|e| page.elems[e as usize].hint.map(|h| (h, e))),
        );
        // Ancestors come inner first: the first element of a word is its
        // innermost.
        for (h, e) in hints.filter(|(h, _)| h.reason != Reason::Comments) {
            if !mine.iter().any(|x| x.0 == h.word) {
                mine.push((h.word, e));
            }
        }
        for &(w, e) in &mine {
            match by_word.iter_mut().find(|x| x.0 == w) {
                Some(x) => {
                    x.1 += v;
                    if x.3 != e {
                        x.2 += 1;
                        x.3 = e;
                    }
                }
                None => by_word.push((w, *v, 1, e)),
            }
        }
    }
    by_word
        .into_iter()
        .filter(|&(_, v, n, _)| v >= WRAPPER_SHARE * total && n >= WRAPPER_BLOCKS)
        .map(|(w, ..)| w)
        .collect()
}

/// Element `e` and its ancestors up to the root.
fn ancestors(page: &Page, e: u32) -> impl Iterator<Item = u32> + '_ {
    let mut next = (page.elems.len() > e as usize).then_some(e);
    std::iter::from_fn(move || {
        let e = next?;
        let parent = page.elems[e as usize].parent;
        next = (e != 0 && parent != e).then_some(parent);
        Some(e)
    })
}

/// Words a block needs to read like text.
const TEXT_WORDS: usize = 12;

/// Words a block needs to read like text on a page that has no block of
/// [`TEXT_WORDS`]: a short sentence, not a label.
const SHORT_TEXT_WORDS: usize = 5;

/// How much a block speaks for the element around it being the article:
/// its length when it reads like text (`min_words` or more, with sentence
/// punctuation; list items half), minus its length times its link share
/// otherwise.
fn value(b: &PBlock, min_words: usize) -> f64 {
    let block = &b.block;
    let chars = block.text.chars().count() as f64;
    let ld = block.link_density();
    if ld >= 0.5 {
        return -chars * ld;
    }
    // Scripts without spaces between words: two characters a word.
    let texty =
        matches!(block.kind, Kind::Text | Kind::Item) && word_count(&block.text) >= min_words;
    if texty && block.text.contains(PUNCT) {
        let item = if block.kind == Kind::Item { 0.5 } else { 1.0 };
        chars * (1.0 - ld) * item
    } else {
        -chars * ld
    }
}

/// Words as [`filter::words`] counts them (runs of alphanumerics and `_`),
/// with scripts written without spaces counted at two characters a word.
fn word_count(text: &str) -> usize {
    let (mut words, mut spaceless, mut in_word) = (0usize, 0usize, false);
    for c in text.chars() {
        let w = c.is_alphanumeric() || c == '_';
        if w && !in_word {
            words += 1;
        }
        in_word = w;
        if !c.is_ascii() && is_cjk(c) {
            spaceless += 1;
        }
    }
    words.max(spaceless / 2)
}

/// Sentence and clause punctuation, Latin and other scripts': a block with
/// none is a label or a heading, not text.
const PUNCT: &[char] = &[
    '.', ',', '!', '?', ';', ':', '"', '”', '。', '、', '，', '！', '？', '．', '،', '؛', '؟', '।',
    '॥',
];

/// Scripts written without spaces between words: kana, CJK ideographs,
/// Hangul, Thai, Lao, Myanmar, Khmer.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}'
        | '\u{0e00}'..='\u{0eff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}')
}

/// True when element `e` is `c` or inside it.
fn under(page: &Page, e: u32, c: u32) -> bool {
    page.elems
        .get(c as usize)
        .is_some_and(|ce| c <= e && e < ce.end)
}

/// The element whose blocks add up to the most value, and how far it is
/// ahead of the best element outside it (0 when no element has a positive
/// value: no text-like block).
fn choose(page: &Page, values: &[f64]) -> (u32, f64) {
    let n = page.elems.len();
    let mut sum = vec![0.0f64; n];
    for (b, v) in page.blocks.iter().zip(values) {
        for e in ancestors(page, b.elem) {
            sum[e as usize] += v;
        }
    }
    // Ties go to the inner element (it comes later).
    let mut best = 0usize;
    for (i, s) in sum.iter().enumerate() {
        if *s >= sum[best] {
            best = i;
        }
    }
    let end = |i: usize| page.elems.get(i).map_or(i + 1, |e| e.end as usize);
    // Neither an ancestor nor a descendant of the chosen element.
    let outside = sum
        .iter()
        .enumerate()
        .filter(|&(i, _)| !((i <= best && best < end(i)) || (best < i && i < end(best))))
        .map(|(_, s)| *s)
        .fold(0.0f64, f64::max);
    let margin = if sum[best] <= 0.0 {
        0.0
    } else if outside > 0.0 {
        sum[best] / outside
    } else {
        f64::INFINITY
    };
    (best as u32, margin)
}

/// The body blocks under element `c`: without parts marked as boilerplate
/// and without what the text rules drop. Also the blocks left out (with
/// `explain`).
fn body(
    page: &Page,
    scored: &Scored,
    c: u32,
    headlines: &[String],
    explain: bool,
) -> (Vec<Block>, Vec<Removed>) {
    let boxes = form_boxes(page, c);
    let mut candidates = Vec::new();
    let mut removed = Vec::new();
    for (b, m) in page.blocks.iter().zip(&scored.mark) {
        let inside = under(page, b.elem, c);
        // A part of the article marked as boilerplate; the headline is
        // metadata, not body.
        let marked = m
            .filter(|&(e, inline, _)| inside && (e > c || (inline && e == c)))
            .map(|m| m.2)
            .or((inside && boxes[b.elem as usize]).then_some(Reason::Form));
        if inside && marked.is_none() && !b.in_h1 {
            candidates.push(b.block.clone());
            continue;
        }
        if explain {
            // What the text says first, then what the elements around it say.
            let reason = if b.in_h1 {
                Reason::Header
            } else {
                filter::prompt_reason(&b.block)
                    .or_else(|| filter::boilerplate_reason(&b.block))
                    .or(marked)
                    .or(m.map(|m| m.2))
                    .or(filter::is_link_block(&b.block).then_some(Reason::Navigation))
                    .unwrap_or(Reason::OutsideArticle)
            };
            removed.push(Removed {
                text: b.block.text.clone(),
                reason,
            });
        }
    }
    let reasons = filter::judge(&candidates);
    let mut kept = Vec::with_capacity(candidates.len());
    for (b, r) in candidates.into_iter().zip(reasons) {
        // The headline again (a gallery's caption bar), or a bare link.
        let r = r.or_else(|| {
            let t = b.text.to_lowercase();
            (headlines.contains(&t)).then_some(Reason::Header)
        });
        let r = r.or_else(|| is_url(&b.text).then_some(Reason::Navigation));
        match r {
            None => kept.push(b),
            Some(r) => {
                if explain {
                    removed.push(Removed {
                        text: b.text,
                        reason: r,
                    });
                }
            }
        }
    }
    (kept, removed)
}

/// Words of text a box around a form control may hold: a sign-up or
/// search box with its labels and messages, not an article with a quiz.
const FORM_BOX_WORDS: usize = 80;

/// For each element, whether it sits in a form box inside `c`: the
/// outermost element under `c` that holds a field to type into (a text or
/// e-mail `input`, a `textarea`) and at most [`FORM_BOX_WORDS`] words. The box's labels and
/// messages ("Thanks for signing up!", "Oops! Something went wrong") go
/// with it, in any language.
fn form_boxes(page: &Page, c: u32) -> Vec<bool> {
    let n = page.elems.len();
    let mut control = vec![false; n];
    let mut words = vec![0usize; n];
    for (i, e) in page.elems.iter().enumerate() {
        if e.control {
            for a in ancestors(page, i as u32) {
                control[a as usize] = true;
            }
        }
    }
    for b in &page.blocks {
        let w = word_count(&b.block.text);
        for a in ancestors(page, b.elem) {
            words[a as usize] += w;
        }
    }
    let mut boxed = vec![false; n];
    let end = page.elems.get(c as usize).map_or(c + 1, |e| e.end) as usize;
    let mut i = c as usize + 1;
    while i < end.min(n) {
        if control[i] && words[i] <= FORM_BOX_WORDS {
            let stop = (page.elems[i].end as usize).min(n);
            boxed[i..stop].iter_mut().for_each(|x| *x = true);
            i = stop;
        } else {
            i += 1;
        }
    }
    boxed
}

/// The page's headlines (`og:title`, `twitter:title`, the first `<h1>`),
/// lower case.
fn headlines(head: &Head) -> Vec<String> {
    let mut out: Vec<String> = head
        .metas
        .iter()
        .filter(|(k, _)| k == "og:title" || k == "twitter:title")
        .map(|(_, v)| v.as_str())
        .chain(head.h1.as_deref())
        .filter_map(meta::tidy)
        .map(|t| t.to_lowercase())
        .collect();
    out.dedup();
    out
}

/// True when the text is one URL and nothing else.
fn is_url(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
        && !t.contains(char::is_whitespace)
}

/// The page as the fast path reads it, as JSON: blocks with their features
/// and the elements with their parents, for tuning the rules offline.
pub(crate) fn dump(html: &str) -> serde_json::Value {
    let page = page::read(html);
    let scored = Scored::of(&page, TEXT_WORDS);
    let blocks: Vec<serde_json::Value> = page
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            serde_json::json!({
                "text": b.block.text,
                "link_chars": b.block.link_chars,
                "kind": format!("{:?}", b.block.kind),
                "hint": b.block.hint.map(Reason::as_str),
                "hint_elem": b.hint_elem,
                "inline_hint": b.inline_hint.map(|h| h.reason.as_str()),
                "elem": b.elem,
                "in_p": b.in_p,
                "in_h1": b.in_h1,
                "prompt": filter::prompt_reason(&b.block).map(Reason::as_str),
                "boiler": filter::boilerplate_reason(&b.block).map(Reason::as_str),
                "link": filter::is_link_block(&b.block),
                "value": scored.values[i],
                "select": scored.select[i],
                "mark": scored.mark[i].map(|m| (m.0, m.1, m.2.as_str())),
            })
        })
        .collect();
    let elems: Vec<serde_json::Value> = page
        .elems
        .iter()
        .map(|e| {
            serde_json::json!({"parent": e.parent, "end": e.end, "depth": e.depth,
                "hint": e.hint.map(|h| h.reason.as_str()), "positive": e.positive,
                "control": e.control})
        })
        .collect();
    serde_json::json!({"blocks": blocks, "elems": elems})
}

/// Title, author, date, outlet, URL and language from the `<head>`, JSON-LD,
/// the page's byline and the body text.
fn metadata(page: &Page, scored: &Scored, url: Option<&str>, text: &str) -> Extracted {
    let head = &page.head;
    let metas = |keys: &[&str]| -> Vec<Option<&str>> {
        keys.iter()
            .flat_map(|k| {
                head.metas
                    .iter()
                    .filter(move |(mk, _)| mk == k)
                    .map(|(_, v)| Some(v.as_str()))
            })
            .collect()
    };
    let ld = JsonLd::of(&head.json_ld);
    let mut titles = metas(&["og:title", "twitter:title"]);
    titles.push(ld.headline.as_deref());
    titles.push(head.h1.as_deref());
    titles.push(head.title.as_deref());
    let title = meta::title(&titles);
    let mut authors: Vec<Option<&str>> = metas(&[
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "byl",
    ])
    .into_iter()
    .filter(|a| !a.is_some_and(|a| a.contains("://")))
    .collect();
    authors.push(ld.author.as_deref());
    // Else the first short block of a part marked as a byline
    // (`class="byline"`, `class="author-name"`), not one wrapping the article.
    authors.extend(
        page.blocks
            .iter()
            .zip(&scored.mark)
            .filter(|(b, m)| {
                m.is_some_and(|m| m.2 == Reason::Byline)
                    && b.block.text.split_whitespace().nth(8).is_none()
            })
            .take(3)
            .map(|(b, _)| Some(b.block.text.as_str())),
    );
    let author = meta::author(&authors);
    let mut dates = metas(&[
        "article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
    ]);
    dates.push(ld.date.as_deref());
    dates.push(head.time.as_deref());
    let date = meta::date(&dates);
    let mut urls: Vec<Option<&str>> = vec![head.canonical.as_deref()];
    urls.extend(metas(&["og:url"]));
    let canonical = urls
        .into_iter()
        .flatten()
        .find_map(|u| meta::absolute_url(u, url));
    let page_url = canonical.or_else(|| url.map(str::to_string));
    let mut sites = metas(&["og:site_name", "application-name"]);
    sites.push(ld.publisher.as_deref());
    let outlet = meta::outlet(&sites, title.as_deref())
        .or_else(|| page_url.as_deref().and_then(outlet_from_url))
        .or_else(|| url.and_then(outlet_from_url));
    let author = author.filter(|a| !outlet.as_deref().is_some_and(|o| o.eq_ignore_ascii_case(a)));
    let mut langs = vec![head.lang.as_deref()];
    langs.extend(metas(&["content-language", "og:locale", "language"]));
    // A few paragraphs tell the language as well as the whole body.
    let mut cut = text.len().min(2_000);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let language = meta::language(&langs, &text[..cut]);
    Extracted {
        title,
        author,
        date,
        outlet,
        url: page_url,
        language,
        ..Extracted::default()
    }
}

/// What the page's schema.org JSON-LD says about the article.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    author: Option<String>,
    date: Option<String>,
    publisher: Option<String>,
}

impl JsonLd {
    fn of(scripts: &[String]) -> JsonLd {
        let mut out = JsonLd::default();
        for s in scripts {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(s.trim()) {
                out.visit(&v, 0);
            }
        }
        out
    }

    fn visit(&mut self, v: &serde_json::Value, depth: usize) {
        use serde_json::Value;
        if depth > 8 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.visit(i, depth + 1)),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    self.visit(g, depth + 1);
                }
                let str_of = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
                if o.contains_key("datePublished") || o.contains_key("articleBody") {
                    if self.headline.is_none() {
                        self.headline = str_of("headline");
                    }
                    if self.date.is_none() {
                        self.date = str_of("datePublished");
                    }
                    if self.author.is_none() {
                        self.author = o.get("author").and_then(name_of);
                    }
                    if self.publisher.is_none() {
                        self.publisher = o.get("publisher").and_then(name_of);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A schema.org person or organisation's name: a string, `{"name"}`, or the
/// names of a list joined with ", ".
fn name_of(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) if !s.contains("://") => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(name_of),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(html: &str) -> String {
        extract(html, None, false)
            .map(|(e, _)| e.text)
            .unwrap_or_default()
    }

    const PARA: &str = "The council voted on Tuesday to close the old bridge for repairs, \
        which engineers say will take at least six months and cost more than expected.";

    #[test]
    fn keeps_article_drops_menus_and_teasers() {
        let html = format!(
            "<html><head><title>Bridge</title></head><body>\
             <nav><ul><li><a href=/a>Home</a></li><li><a href=/b>World</a></li></ul></nav>\
             <div class=main><article><h1>Bridge to close</h1><p>{PARA}</p>\
             <div class=share><a href=/s>Share on Facebook</a></div>\
             <p>{PARA} Second paragraph.</p></article>\
             <aside class=related><h3>Related</h3><ul><li><a href=/x>Other story one</a></li>\
             <li><a href=/y>Other story two</a></li></ul></aside></div>\
             <footer><p>About us. Contact. Jobs.</p></footer></body></html>"
        );
        let text = body_of(&html);
        assert!(text.contains("The council voted"), "{text}");
        assert!(text.contains("Second paragraph."), "{text}");
        for boiler in ["Home", "Share on Facebook", "Other story", "About us"] {
            assert!(!text.contains(boiler), "{boiler} in {text}");
        }
    }

    #[test]
    fn unclosed_paragraphs_and_entities() {
        let html = format!("<body><div id=story><p>{PARA} &amp; more<p>{PARA} Last.</div>");
        let text = body_of(&html);
        assert_eq!(text.matches("The council").count(), 2, "{text}");
        assert!(text.contains("& more"), "{text}");
    }

    #[test]
    fn metadata_from_head_and_json_ld() {
        let html = format!(
            r#"<html lang="en-GB"><head><title>Bridge | Daily</title>
            <meta property="og:site_name" content="The Daily">
            <link rel="canonical" href="https://daily.example/bridge">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Bridge to close",
              "datePublished":"2024-03-05T10:00:00Z","author":{{"name":"Ann Lee"}}}}</script>
            </head><body><article><p>{PARA}</p><p>{PARA}</p></article></body></html>"#
        );
        let (e, _) = extract(&html, Some("https://daily.example/x?y"), false).expect("body");
        assert_eq!(e.title.as_deref(), Some("Bridge to close"));
        assert_eq!(e.author.as_deref(), Some("Ann Lee"));
        assert_eq!(e.date.as_deref(), Some("2024-03-05T10:00:00Z"));
        assert_eq!(e.outlet.as_deref(), Some("The Daily"));
        assert_eq!(e.url.as_deref(), Some("https://daily.example/bridge"));
        assert_eq!(e.language.as_deref(), Some("en"));
    }

    #[test]
    fn scripts_and_hidden_parts_are_not_text() {
        let html = format!(
            "<body><article><script>var p = '<p>{PARA}</p>';</script>\
             <p style='display: none'>Hidden words here that nobody sees at all.</p>\
             <p>{PARA}</p></article></body>"
        );
        let text = body_of(&html);
        assert_eq!(text.matches("The council").count(), 1, "{text}");
        assert!(!text.contains("Hidden"), "{text}");
    }

    #[test]
    fn deep_and_broken_nesting_stays_linear() {
        let deep = format!(
            "{}<p>{PARA}</p>{}",
            "<div>".repeat(100_000),
            "</x>".repeat(100_000)
        );
        let start = std::time::Instant::now();
        assert!(body_of(&deep).contains("The council"));
        let unclosed = format!("<body>{}", format!("<p><i><b>{PARA}").repeat(5_000));
        assert!(body_of(&unclosed).contains("The council"));
        assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
    }

    #[test]
    fn gallery_headline_and_bare_links_are_not_body() {
        let html = format!(
            "<html><head><meta property='og:title' content='Bridge to close'></head><body>\
             <article><div>https://example.com/news/bridge-123.php</div><div>Bridge to close</div>\
             <p>{PARA}</p><p>{PARA}</p></article></body></html>"
        );
        let text = body_of(&html);
        assert!(text.starts_with("The council"), "{text}");
    }

    #[test]
    fn scripts_without_spaces_count_as_text() {
        let ja = "東京都は月曜日、古い橋を修理のために閉鎖すると発表した。工事は少なくとも六か月かかる見込みだという。";
        let html = format!(
            "<body><nav><a href=/a>ホーム</a> <a href=/b>ニュース</a></nav>\
             <div class=body><p>{ja}</p><p>{ja}</p></div></body>"
        );
        let text = body_of(&html);
        assert_eq!(text.matches("東京都").count(), 2, "{text}");
        assert!(!text.contains("ホーム"), "{text}");
    }

    #[test]
    fn streamed_segments_are_read_other_hidden_parts_not() {
        let html = format!(
            "<body><main><p>Loading paragraph…</p><template id=\"B:0\"></template></main>\
             <div hidden id=\"S:0\"><article><p>{PARA}</p><p>{PARA}</p></article></div>\
             <div hidden id=\"menu\"><p>{PARA} Hidden copy.</p></div></body>"
        );
        let text = body_of(&html);
        assert_eq!(text.matches("The council").count(), 2, "{text}");
        assert!(!text.contains("Hidden copy"), "{text}");
    }

    #[test]
    fn page_without_text_is_an_error() {
        assert!(extract(
            "<html><body><nav><a href=/>Home</a></nav></body></html>",
            None,
            false
        )
        .is_err());
    }
}
