//! An article's HTML → a flat list of text blocks (paragraphs, headings,
//! list items, captions), each with what the filters need to judge it.

use dom_query::NodeRef;

use super::Reason;

/// What kind of element a block came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A paragraph or any other run of text.
    Text,
    /// `h1`–`h6`.
    Heading,
    /// `li`, `dt`, `dd`.
    Item,
    /// Inside `figure`/`figcaption`, or an element whose class says caption.
    Caption,
}

impl Kind {
    /// The kind of text inside a caption, a heading or a list item (the
    /// first that holds), else plain text.
    pub(crate) fn within(caption: bool, heading: bool, item: bool) -> Kind {
        if caption {
            Kind::Caption
        } else if heading {
            Kind::Heading
        } else if item {
            Kind::Item
        } else {
            Kind::Text
        }
    }
}

/// One paragraph-like run of text.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    /// Whitespace-normalised text.
    pub text: String,
    /// Characters of `text` that sat inside links.
    pub link_chars: usize,
    /// Where it came from.
    pub kind: Kind,
    /// What its innermost telling ancestor says it is (nav, footer,
    /// `class="share"`...), when the reader records it.
    pub hint: Option<Reason>,
}

impl Block {
    /// Share of the text that is link text, 0 to 1.
    pub fn link_density(&self) -> f64 {
        let total = self.text.chars().count();
        if total == 0 {
            0.0
        } else {
            self.link_chars as f64 / total as f64
        }
    }
}

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "button", "select", "option", "textarea",
    "iframe", "object", "embed", "canvas", "input", "nav", "head", "title", "meta", "link",
];

/// Elements that end the running block.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "br",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "form",
    "fieldset",
];

/// Deepest element nesting the walker follows; deeper content is ignored.
pub(crate) const MAX_DEPTH: usize = 400;

/// The blocks under one element, in document order.
pub(crate) fn blocks_under(node: &NodeRef<'_>) -> Vec<Block> {
    let mut w = Walker::default();
    w.walk(node);
    w.flush();
    w.out
}

#[derive(Clone, Copy, Default)]
struct Ctx {
    link: bool,
    caption: bool,
    heading: bool,
    item: bool,
    pre: bool,
}

#[derive(Default)]
struct Walker {
    out: Vec<Block>,
    text: String,
    link_chars: usize,
    kind: Option<Kind>,
    /// What the elements now open make of their text, one entry per depth.
    stack: Vec<Ctx>,
}

enum Step<'a> {
    Enter(NodeRef<'a>, usize),
    Leave(bool),
}

impl Walker {
    fn walk(&mut self, root: &NodeRef<'_>) {
        // An explicit stack: pages can nest deeper than the thread stack allows.
        let mut todo = vec![Step::Enter(*root, 0)];
        while let Some(step) = todo.pop() {
            match step {
                Step::Leave(is_block) => {
                    if is_block {
                        self.flush();
                    }
                    self.stack.pop();
                }
                Step::Enter(node, depth) => {
                    if node.is_text() {
                        self.push_text(&node.text());
                        continue;
                    }
                    if !(node.is_element() || node.is_document() || node.is_fragment()) {
                        continue;
                    }
                    if depth > MAX_DEPTH {
                        continue;
                    }
                    let name = node
                        .node_name()
                        .map(|n| n.to_ascii_lowercase())
                        .unwrap_or_default();
                    if SKIP.contains(&name.as_str()) || hidden(&node) {
                        continue;
                    }
                    let is_block = BLOCK.contains(&name.as_str());
                    if is_block {
                        self.flush();
                    }
                    let mut ctx = self.stack.last().copied().unwrap_or_default();
                    match name.as_str() {
                        "a" => ctx.link = true,
                        "figure" | "figcaption" => ctx.caption = true,
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ctx.heading = true,
                        "li" | "dt" | "dd" => ctx.item = true,
                        "pre" => ctx.pre = true,
                        _ => {}
                    }
                    if node
                        .attr("class")
                        .is_some_and(|c| c.to_ascii_lowercase().contains("caption"))
                    {
                        ctx.caption = true;
                    }
                    if name == "img" {
                        continue;
                    }
                    self.stack.push(ctx);
                    todo.push(Step::Leave(is_block));
                    let children: Vec<_> = node.children_it(true).collect();
                    todo.extend(children.into_iter().map(|c| Step::Enter(c, depth + 1)));
                }
            }
        }
    }

    fn push_text(&mut self, raw: &str) {
        let ctx = self.stack.last().copied().unwrap_or_default();
        if self.kind.is_none() && raw.trim().is_empty() {
            return;
        }
        if self.kind.is_none() {
            self.kind = Some(Kind::within(ctx.caption, ctx.heading, ctx.item));
        }
        let before = self.text.chars().count();
        for c in raw.chars() {
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
            } else {
                self.text.push(c);
            }
        }
        if ctx.link {
            self.link_chars += self.text.chars().count() - before;
        }
    }

    fn flush(&mut self) {
        let text = self.text.trim();
        if let (Some(kind), false) = (self.kind, text.is_empty()) {
            let link_chars = self.link_chars.min(text.chars().count());
            self.out.push(Block {
                text: text.to_string(),
                link_chars,
                kind,
                hint: None,
            });
        }
        self.text.clear();
        self.link_chars = 0;
        self.kind = None;
    }
}

/// True when the element is marked as not shown.
fn hidden(node: &NodeRef<'_>) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    if node
        .attr("aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    node.attr("style").is_some_and(|s| {
        let s: String = s
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}
