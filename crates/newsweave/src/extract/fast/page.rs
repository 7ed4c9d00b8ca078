//! One pass over a page's tokens → its text blocks, the block-level elements
//! they sit in (a light tree: parent, depth, descendants' range, what the
//! class and id say) and the `<head>` metadata.

use super::tokens::{Attrs, Tag, Token, Tokens};
use crate::extract::blocks::{Block, Kind};
use crate::extract::hints::{self, Hint};

/// A block-level element.
#[derive(Clone, Debug)]
pub(crate) struct Elem {
    /// Enclosing block-level element (the root is its own parent).
    pub parent: u32,
    /// Block-level elements above it.
    pub depth: u32,
    /// One past the index of its last descendant element: the elements
    /// under it are `index + 1..end`.
    pub end: u32,
    /// What its name, class, id or role say it holds, when they say.
    pub hint: Option<Hint>,
    /// Class or id says article text (`article-body`, `story`, `entry`...),
    /// or it is `<article>` / `<main>` / `itemprop="articleBody"`.
    pub positive: bool,
    /// Holds a field to type into ([`is_text_entry`]) itself, not counting
    /// its descendants.
    pub control: bool,
}

/// A block with where it sits.
#[derive(Clone, Debug)]
pub(crate) struct PBlock {
    /// Text, link share, kind, and the innermost hint of its ancestors.
    pub block: Block,
    /// Innermost block-level element holding it.
    pub elem: u32,
    /// The element the hint came from (`u32::MAX` when there is none).
    pub hint_elem: u32,
    /// Inside a `<p>`.
    pub in_p: bool,
    /// Inside an `<h1>`.
    pub in_h1: bool,
    /// What an inline element around it (`<span class="byline">`), inside
    /// `elem`, says it is.
    pub inline_hint: Option<Hint>,
}

/// What the `<head>` (and JSON-LD anywhere) says about the page.
#[derive(Clone, Debug, Default)]
pub(crate) struct Head {
    /// `<title>`.
    pub title: Option<String>,
    /// `<meta>` name/property/itemprop (lower case) → content, in page order.
    pub metas: Vec<(String, String)>,
    /// `<link rel=canonical href>`.
    pub canonical: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `<script type="application/ld+json">` contents.
    pub json_ld: Vec<String>,
    /// The first `<time datetime>`.
    pub time: Option<String>,
    /// The first `<h1>` text.
    pub h1: Option<String>,
}

/// A page read in one pass.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub elems: Vec<Elem>,
    pub blocks: Vec<PBlock>,
    pub head: Head,
    /// The block-level element around each `<time>` element.
    pub times: Vec<u32>,
}

/// What the walker needs to know of an element name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Info {
    /// Ends the running block.
    block: bool,
    /// Never has content.
    void: bool,
    /// Its start tag closes an open `<p>`.
    closes_p: bool,
    /// Its content is never article text.
    skip: bool,
    /// The search for an element to close stops at it.
    scope: bool,
    /// `ul`, `ol`, `dl`.
    list: bool,
    special: Special,
}

/// Elements with a role of their own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Special {
    #[default]
    None,
    A,
    Figure,
    H1,
    Heading,
    Li,
    Dtd,
    P,
    Tr,
    Td,
    Br,
    Meta,
    Link,
    Html,
    Time,
    Nav,
    Header,
    Footer,
    Aside,
    Form,
    Main,
    Body,
}

/// An element name's [`Info`] (names are ASCII case-insensitive).
fn info(name: &str) -> Info {
    let mut buf = [0u8; 12];
    let b = name.as_bytes();
    if b.len() > buf.len() {
        return Info::default();
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    let n = &buf[..b.len()];
    let block = |special| Info {
        block: true,
        closes_p: true,
        special,
        ..Info::default()
    };
    let skip = Info {
        skip: true,
        ..Info::default()
    };
    let void = Info {
        void: true,
        ..Info::default()
    };
    match n {
        b"p" => block(Special::P),
        b"div" | b"section" | b"blockquote" | b"pre" | b"address" | b"center" | b"details"
        | b"fieldset" | b"hgroup" => block(Special::None),
        b"article" | b"main" => block(Special::Main),
        b"header" => block(Special::Header),
        b"footer" => block(Special::Footer),
        b"aside" => block(Special::Aside),
        b"nav" | b"menu" => block(Special::Nav),
        b"form" => block(Special::Form),
        b"figure" => block(Special::Figure),
        b"h1" => block(Special::H1),
        b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => block(Special::Heading),
        b"ul" | b"ol" | b"dl" => Info {
            list: true,
            ..block(Special::None)
        },
        b"table" => Info {
            scope: true,
            ..block(Special::None)
        },
        b"li" => Info {
            closes_p: false,
            ..block(Special::Li)
        },
        b"dt" | b"dd" => Info {
            closes_p: false,
            ..block(Special::Dtd)
        },
        b"tr" => Info {
            closes_p: false,
            ..block(Special::Tr)
        },
        b"td" | b"th" => Info {
            closes_p: false,
            scope: true,
            ..block(Special::Td)
        },
        b"caption" => Info {
            closes_p: false,
            scope: true,
            ..block(Special::None)
        },
        b"thead" | b"tbody" | b"tfoot" | b"summary" => Info {
            closes_p: false,
            ..block(Special::None)
        },
        b"figcaption" => Info {
            closes_p: false,
            ..block(Special::Figure)
        },
        b"body" => Info {
            block: true,
            special: Special::Body,
            ..Info::default()
        },
        b"html" => Info {
            block: true,
            scope: true,
            special: Special::Html,
            ..Info::default()
        },
        b"br" => Info {
            special: Special::Br,
            ..void
        },
        b"hr" => Info {
            closes_p: true,
            special: Special::Br,
            ..void
        },
        b"meta" => Info {
            special: Special::Meta,
            ..void
        },
        b"link" => Info {
            special: Special::Link,
            ..void
        },
        b"area" | b"base" | b"col" | b"embed" | b"img" | b"input" | b"param" | b"source"
        | b"track" | b"wbr" | b"keygen" => void,
        b"template" => Info {
            scope: true,
            ..skip
        },
        // A button's label is a block of its own, marked as a control:
        // `--explain` lists it ("Load more updates"), the body never has it.
        b"button" => Info {
            closes_p: false,
            scope: true,
            ..block(Special::Nav)
        },
        b"script" | b"style" | b"noscript" | b"svg" | b"select" | b"option" | b"textarea"
        | b"iframe" | b"object" | b"canvas" | b"head" | b"title" | b"math" | b"video"
        | b"audio" | b"map" | b"datalist" | b"dialog" => skip,
        b"a" => Info {
            special: Special::A,
            ..Info::default()
        },
        b"time" => Info {
            special: Special::Time,
            ..Info::default()
        },
        _ => Info::default(),
    }
}

/// Deepest nesting followed; content deeper down is still read, as part of
/// the deepest element kept.
const MAX_STACK: usize = 512;

/// How far down the stack of open elements an end tag looks for its start.
const END_TAG_REACH: usize = 128;

#[derive(Clone, Copy, Default)]
struct Ctx {
    link: bool,
    caption: bool,
    heading: bool,
    item: bool,
    skip: bool,
    p: bool,
    h1: bool,
    /// Innermost hint and the element it came from.
    hint: Option<(Hint, u32)>,
    /// Hint of an inline element inside the innermost block-level one.
    inline_hint: Option<Hint>,
}

struct Frame<'a> {
    name: &'a str,
    info: Info,
    ctx: Ctx,
    /// Block-level element this frame is (or sits in).
    elem: u32,
    /// This frame made `elem`.
    owns_elem: bool,
}

/// Reads a page.
pub(crate) fn read(html: &str) -> Page {
    let mut w = Walker::default();
    w.page.elems.push(Elem {
        parent: 0,
        depth: 0,
        end: 1,
        hint: None,
        positive: false,
        control: false,
    });
    let mut in_title = false;
    let mut ld_json = false;
    for tok in Tokens::new(html) {
        match tok {
            Token::Text(t) => w.text(t),
            Token::Raw(t) => {
                if in_title {
                    if w.page.head.title.is_none() {
                        w.page.head.title = Some(decode(t).into_owned());
                    }
                } else if ld_json && w.page.head.json_ld.len() < 20 {
                    w.page.head.json_ld.push(t.to_string());
                }
            }
            Token::Start(tag) => {
                in_title = tag.name.eq_ignore_ascii_case("title");
                ld_json = tag.name.eq_ignore_ascii_case("script")
                    && tag
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                w.start(&tag);
            }
            Token::End(name) => {
                in_title = false;
                ld_json = false;
                w.end(name);
            }
        }
    }
    w.pop_to(0);
    w.flush();
    let n = w.page.elems.len() as u32;
    w.page.elems[0].end = n;
    w.page
}

/// Entities decoded, when there are any.
pub(crate) fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('&') {
        html_escape::decode_html_entities(s)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[derive(Default)]
struct Walker<'a> {
    page: Page,
    stack: Vec<Frame<'a>>,
    text: String,
    link_chars: usize,
    kind: Option<Kind>,
    hint: Option<(Hint, u32)>,
    elem: u32,
    in_p: bool,
    in_h1: bool,
    inline_hint: Option<Hint>,
    /// Collecting the first `<h1>`'s text.
    h1: Option<String>,
}

impl<'a> Walker<'a> {
    fn ctx(&self) -> Ctx {
        self.stack.last().map(|f| f.ctx).unwrap_or_default()
    }

    fn cur_elem(&self) -> u32 {
        self.stack.last().map_or(0, |f| f.elem)
    }

    fn start(&mut self, tag: &Tag<'a>) {
        let name = tag.name;
        if !self.ctx().skip && is_text_entry(tag) {
            let e = self.cur_elem() as usize;
            if let Some(e) = self.page.elems.get_mut(e) {
                e.control = true;
            }
        }
        let info = info(name);
        match info.special {
            Special::Meta => return self.meta(tag),
            Special::Link => {
                if self.page.head.canonical.is_none()
                    && tag.attr("rel").is_some_and(|r| {
                        r.split_ascii_whitespace()
                            .any(|t| t.eq_ignore_ascii_case("canonical"))
                    })
                {
                    self.page.head.canonical = tag.attr("href").map(|h| decode(h).into_owned());
                }
                return;
            }
            Special::Html => {
                if self.page.head.lang.is_none() {
                    self.page.head.lang = tag.attr("lang").map(str::to_string);
                }
                return;
            }
            Special::Time => {
                if self.page.head.time.is_none() {
                    self.page.head.time = tag.attr("datetime").map(str::to_string);
                }
                if self.page.times.len() < 10_000 {
                    self.page.times.push(self.cur_elem());
                }
            }
            Special::Br => {
                if info.closes_p {
                    self.close_open("p", false);
                }
                self.flush();
                return;
            }
            _ => {}
        }
        if info.void || tag.self_closing && !info.block {
            return;
        }
        // Implied end tags.
        if info.closes_p {
            self.close_open("p", false);
        }
        match info.special {
            Special::Li => self.close_open("li", true),
            Special::Dtd => {
                self.close_open("dt", true);
                self.close_open("dd", true);
            }
            Special::A => self.close_open("a", false),
            Special::Tr => self.close_open("tr", false),
            Special::Td => {
                self.close_open("td", false);
                self.close_open("th", false);
            }
            Special::H1 if self.page.head.h1.is_none() && self.h1.is_none() => {
                self.h1 = Some(String::new());
            }
            _ => {}
        }
        if info.block {
            self.flush();
        }
        let mut ctx = self.ctx();
        match info.special {
            Special::A => ctx.link = true,
            Special::Figure => ctx.caption = true,
            Special::H1 => {
                ctx.heading = true;
                ctx.h1 = true;
            }
            Special::Heading => ctx.heading = true,
            Special::Li | Special::Dtd => ctx.item = true,
            Special::P => ctx.p = true,
            _ => {}
        }
        ctx.skip |= info.skip;
        let mut class_hint = None;
        let mut positive = false;
        let mut hidden = false;
        let (mut hidden_attr, mut streamed) = (false, false);
        // The body's classes describe the site, not a part of the page.
        let attrs = if info.special == Special::Body {
            ""
        } else {
            tag.attrs
        };
        for (k, v) in Attrs::new(attrs) {
            if k.eq_ignore_ascii_case("class") || k.eq_ignore_ascii_case("id") {
                let (h, p) = hints::classify(v);
                class_hint = class_hint.or(h);
                positive |= p;
                streamed |= k.eq_ignore_ascii_case("id") && is_streamed_segment(v);
            } else if k.eq_ignore_ascii_case("hidden") {
                hidden_attr = true;
            } else if k.eq_ignore_ascii_case("aria-hidden") {
                hidden |= v.trim().eq_ignore_ascii_case("true");
            } else if k.eq_ignore_ascii_case("style") {
                hidden |= hidden_style(v);
            } else if k.eq_ignore_ascii_case("itemprop") {
                positive |= v.eq_ignore_ascii_case("articleBody");
            } else if k.eq_ignore_ascii_case("role") {
                class_hint = class_hint.or(hints::of_role(v));
            }
        }
        // A streamed segment is hidden only until a script moves it into
        // place: its content is the page's.
        ctx.skip |= hidden || (hidden_attr && !streamed);
        positive |= info.special == Special::Main;
        let by_name = match info.special {
            Special::Nav
            | Special::Header
            | Special::Footer
            | Special::Aside
            | Special::Form
            | Special::Figure => hints::of_name(name),
            _ => None,
        };
        let hint = class_hint.or(by_name);
        if self.stack.len() >= MAX_STACK {
            return;
        }
        let mut elem = self.cur_elem();
        let owns_elem = info.block;
        if owns_elem {
            let parent = elem;
            let depth = self
                .page
                .elems
                .get(parent as usize)
                .map_or(0, |e| e.depth + 1);
            elem = self.page.elems.len() as u32;
            self.page.elems.push(Elem {
                parent,
                depth,
                end: elem + 1,
                hint,
                positive,
                control: false,
            });
        }
        if let Some(h) = hint {
            ctx.hint = Some((h, elem));
        }
        if owns_elem {
            ctx.inline_hint = None;
        } else if hint.is_some() {
            ctx.inline_hint = hint;
        }
        self.stack.push(Frame {
            name,
            info,
            ctx,
            elem,
            owns_elem,
        });
    }

    /// Pops up to and including the innermost open `name`, unless a scope
    /// boundary (or, with `list`, a list; for `p`, another block) comes first.
    fn close_open(&mut self, name: &str, list: bool) {
        for i in (0..self.stack.len()).rev() {
            let f = &self.stack[i];
            if f.name.eq_ignore_ascii_case(name) {
                self.pop_to(i);
                return;
            }
            if f.info.scope
                || (list && f.info.list)
                || (name == "p" && f.info.block && f.info.special != Special::P)
            {
                return;
            }
        }
    }

    fn end(&mut self, name: &'a str) {
        let info = info(name);
        if info.special == Special::Br {
            self.flush();
            return;
        }
        // Closes the innermost open element of that name among the top
        // [`END_TAG_REACH`] frames; an end tag with no such element is
        // ignored. The bound keeps a page of stray end tags linear.
        let low = self.stack.len().saturating_sub(END_TAG_REACH);
        if let Some(i) = self.stack[low..]
            .iter()
            .rposition(|f| f.name.eq_ignore_ascii_case(name))
        {
            self.pop_to(low + i);
        } else if info.block {
            self.flush();
        }
    }

    fn end_h1(&mut self) {
        if let Some(h) = self.h1.take() {
            let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
            if !h.is_empty() {
                self.page.head.h1 = Some(h);
            }
        }
    }

    /// Closes the frames from the top down to `i` (included).
    fn pop_to(&mut self, i: usize) {
        let n = self.page.elems.len() as u32;
        while self.stack.len() > i {
            let Some(f) = self.stack.pop() else { break };
            if f.info.block {
                self.flush();
            }
            if f.info.special == Special::H1 {
                self.end_h1();
            }
            if f.owns_elem {
                if let Some(e) = self.page.elems.get_mut(f.elem as usize) {
                    e.end = n;
                }
            }
        }
    }

    fn meta(&mut self, tag: &Tag<'_>) {
        let mut key = None;
        let mut content = None;
        for (k, v) in Attrs::new(tag.attrs) {
            if k.eq_ignore_ascii_case("name")
                || k.eq_ignore_ascii_case("property")
                || k.eq_ignore_ascii_case("itemprop")
                || k.eq_ignore_ascii_case("http-equiv")
            {
                key.get_or_insert(v);
            } else if k.eq_ignore_ascii_case("content") || k.eq_ignore_ascii_case("datetime") {
                content.get_or_insert(v);
            }
        }
        if let (Some(k), Some(c)) = (key, content) {
            if self.page.head.metas.len() < 500 {
                self.page
                    .head
                    .metas
                    .push((k.trim().to_ascii_lowercase(), decode(c).into_owned()));
            }
        }
    }

    fn text(&mut self, raw: &str) {
        let ctx = self.ctx();
        if ctx.skip {
            return;
        }
        let raw = decode(raw);
        if let Some(h) = &mut self.h1 {
            if h.len() < 2000 {
                h.push_str(&raw);
                h.push(' ');
            }
        }
        if self.kind.is_none() {
            if raw.trim().is_empty() {
                return;
            }
            self.hint = ctx.hint;
            self.elem = self.cur_elem();
            self.in_p = ctx.p;
            self.in_h1 = ctx.h1;
            self.inline_hint = ctx.inline_hint;
            self.kind = Some(Kind::within(ctx.caption, ctx.heading, ctx.item));
        }
        let mut added = 0usize;
        for c in raw.chars() {
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                    added += 1;
                }
            } else {
                self.text.push(c);
                added += 1;
            }
        }
        if ctx.link {
            self.link_chars += added;
        }
    }

    fn flush(&mut self) {
        if let Some(kind) = self.kind.take() {
            let text = self.text.trim();
            if !text.is_empty() {
                let link_chars = self.link_chars.min(text.chars().count());
                self.page.blocks.push(PBlock {
                    block: Block {
                        text: text.to_string(),
                        link_chars,
                        kind,
                        hint: self.hint.map(|h| h.0.reason),
                    },
                    elem: self.elem,
                    hint_elem: self.hint.map_or(u32::MAX, |h| h.1),
                    in_p: self.in_p,
                    in_h1: self.in_h1,
                    inline_hint: self.inline_hint,
                });
            }
        }
        self.hint = None;
        self.text.clear();
        self.link_chars = 0;
    }
}

/// True for a field to type into: a `textarea`, or an `input` for text,
/// e-mail, search, a phone number or a password (not a button, box or
/// hidden value).
fn is_text_entry(tag: &Tag<'_>) -> bool {
    if tag.name.eq_ignore_ascii_case("textarea") {
        return true;
    }
    tag.name.eq_ignore_ascii_case("input")
        && tag.attr("type").is_none_or(|t| {
            ["text", "email", "search", "tel", "password"]
                .iter()
                .any(|k| t.trim().eq_ignore_ascii_case(k))
        })
}

/// True for the id of a segment that React 18 streams in hidden
/// (`<div hidden id="S:1">`) and a script later moves into its place.
fn is_streamed_segment(id: &str) -> bool {
    id.strip_prefix("S:")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_alphanumeric()))
}

/// True for `display:none` / `visibility:hidden` styles.
fn hidden_style(s: &str) -> bool {
    let s = s.as_bytes();
    let squeezed: Vec<u8> = s
        .iter()
        .filter(|c| !c.is_ascii_whitespace())
        .map(u8::to_ascii_lowercase)
        .collect();
    memchr::memmem::find(&squeezed, b"display:none").is_some()
        || memchr::memmem::find(&squeezed, b"visibility:hidden").is_some()
}
