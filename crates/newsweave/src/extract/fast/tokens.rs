//! A forgiving, zero-copy HTML tokenizer: start tags (with their raw
//! attribute text), end tags, text and the raw content of `script`-like
//! elements, as slices of the page. No tree, no allocation.
//!
//! It follows the HTML tokenizer where that matters for text extraction
//! (comments, doctype and processing instructions skipped; `<` that opens
//! no tag is text; `>` inside quoted attribute values does not end a tag;
//! `script`, `style`, `title`, `textarea` and the like hold raw text up to
//! their end tag) and is lenient elsewhere. Every step moves forward, so a
//! page is read once, in time linear in its size, whatever it holds.
//!
//! Written by hand because no crate gives this stream cheaply: `tl` parses
//! the dev pages in about 0.3 ms each but builds a tree without HTML's
//! implied end tags (in `<div><p>a<p>b</div><li>x<li>y` it nests both `p`,
//! both `li`, and the `li` inside the `div`), which breaks the block
//! structure the fast path reads; html5ever's tokenizer decodes and
//! allocates every token, and `lol_html` is a rewriter that copies the page
//! to an output. [`super::page`] applies the implied end tags itself.

use memchr::{memchr, memmem};

/// One token of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// Character data between tags, entities not decoded.
    Text(&'a str),
    /// A start tag.
    Start(Tag<'a>),
    /// An end tag's name, as written.
    End(&'a str),
    /// The content of a raw-text element (`script`, `style`, `title`,
    /// `textarea`...), up to its end tag.
    Raw(&'a str),
}

/// A start tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    /// The name as written (compare with `eq_ignore_ascii_case`).
    pub name: &'a str,
    /// Everything between the name and the closing `>`.
    pub attrs: &'a str,
    /// Written as `<x/>`.
    pub self_closing: bool,
}

impl<'a> Tag<'a> {
    /// The value of attribute `name` (ASCII, lower case), entities not
    /// decoded; `Some("")` for a bare attribute.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        Attrs::new(self.attrs)
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// The tokens of a page, in order.
pub(crate) struct Tokens<'a> {
    src: &'a str,
    pos: usize,
    /// Inside a raw-text element with this name.
    raw: Option<&'a str>,
}

impl<'a> Tokens<'a> {
    pub fn new(src: &'a str) -> Self {
        Tokens {
            src,
            pos: 0,
            raw: None,
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The end of a tag or attribute name starting at `i`.
fn name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    i
}

/// Where the raw text that started at `from` ends: the `<` of `</name`
/// followed by a space, `/` or `>`; the end of the page when there is none.
fn raw_end(b: &[u8], from: usize, name: &str) -> usize {
    let n = name.len();
    let mut i = from;
    while let Some(k) = b.get(i..).and_then(|s| memmem::find(s, b"</")) {
        let at = i + k;
        let after = at + 2 + n;
        if b.get(at + 2..after)
            .is_some_and(|s| s.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(after)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return at;
        }
        i = at + 2;
    }
    b.len()
}

/// Index just past the `>` that ends a tag whose attributes start at `i`,
/// skipping quoted values; the end of the page when there is none.
fn tag_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                if let Some(&q) = b.get(i).filter(|&&q| q == b'"' || q == b'\'') {
                    i = match b.get(i + 1..).and_then(|s| memchr(q, s)) {
                        Some(k) => i + 1 + k + 1,
                        None => b.len(),
                    };
                }
            }
            _ => i += 1,
        }
    }
    b.len()
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let src = self.src;
        let b = src.as_bytes();
        if let Some(name) = self.raw.take() {
            let end = raw_end(b, self.pos, name);
            let text = &src[self.pos..end];
            self.pos = end;
            if !text.is_empty() {
                return Some(Token::Raw(text));
            }
        }
        loop {
            let start = self.pos;
            if start >= b.len() {
                return None;
            }
            if b[start] != b'<' {
                let end = memchr(b'<', &b[start..]).map_or(b.len(), |k| start + k);
                self.pos = end;
                return Some(Token::Text(&src[start..end]));
            }
            let next = b.get(start + 1).copied();
            match next {
                Some(b'!') => {
                    self.pos = if b[start..].starts_with(b"<!--") {
                        // `<!-->` and `<!--->` are empty comments.
                        let body = start + 4;
                        if b.get(body) == Some(&b'>') {
                            body + 1
                        } else if b.get(body..body + 2) == Some(b"->") {
                            body + 2
                        } else {
                            b.get(body..)
                                .and_then(|s| memmem::find(s, b"-->"))
                                .map_or(b.len(), |k| body + k + 3)
                        }
                    } else {
                        memchr(b'>', &b[start..]).map_or(b.len(), |k| start + k + 1)
                    };
                }
                Some(b'?') => {
                    self.pos = memchr(b'>', &b[start..]).map_or(b.len(), |k| start + k + 1);
                }
                Some(b'/') => {
                    let n0 = start + 2;
                    match b.get(n0) {
                        Some(c) if c.is_ascii_alphabetic() => {
                            let n1 = name_end(b, n0);
                            self.pos = memchr(b'>', &b[n1..]).map_or(b.len(), |k| n1 + k + 1);
                            return Some(Token::End(&src[n0..n1]));
                        }
                        Some(b'>') => self.pos = n0 + 1,
                        // `</` then something else: a bogus comment.
                        _ => {
                            self.pos = memchr(b'>', &b[start..]).map_or(b.len(), |k| start + k + 1);
                        }
                    }
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    let n0 = start + 1;
                    let n1 = name_end(b, n0);
                    let end = tag_end(b, n1);
                    let inner_end = if b.get(end - 1) == Some(&b'>') {
                        end - 1
                    } else {
                        end
                    };
                    let self_closing = inner_end > n1 && b[inner_end - 1] == b'/';
                    let name = &src[n0..n1];
                    self.pos = end;
                    if !self_closing {
                        self.raw = RAW.iter().find(|r| r.eq_ignore_ascii_case(name)).copied();
                    }
                    return Some(Token::Start(Tag {
                        name,
                        attrs: &src[n1..inner_end],
                        self_closing,
                    }));
                }
                // A `<` that opens nothing is text, up to the next `<`.
                _ => {
                    let end = memchr(b'<', &b[start + 1..]).map_or(b.len(), |k| start + 1 + k);
                    self.pos = end;
                    return Some(Token::Text(&src[start..end]));
                }
            }
        }
    }
}

/// The `(name, value)` pairs of a tag's raw attribute text; values without
/// their quotes, entities not decoded.
pub(crate) struct Attrs<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Attrs<'a> {
    pub fn new(src: &'a str) -> Self {
        Attrs { src, pos: 0 }
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let src = self.src;
        let b = src.as_bytes();
        let mut i = self.pos;
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            self.pos = i;
            return None;
        }
        let n0 = i;
        // A name may start with `=`; it ends at a space, `/`, `>` or `=`.
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &src[n0..i];
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let mut value = "";
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let v0 = i + 1;
                    let v1 = b
                        .get(v0..)
                        .and_then(|s| memchr(q, s))
                        .map_or(b.len(), |k| v0 + k);
                    value = &src[v0.min(v1)..v1];
                    i = (v1 + 1).min(b.len());
                }
                _ => {
                    let v0 = i;
                    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = &src[v0..i];
                }
            }
        }
        self.pos = i;
        Some((name, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token<'_>> {
        Tokens::new(s).collect()
    }

    #[test]
    fn tags_text_and_comments() {
        let t = toks("<P class=\"a>b\">x &amp; y<!-- <p> -->z</p ><br/>");
        assert_eq!(t.len(), 5);
        match t[0] {
            Token::Start(tag) => {
                assert_eq!(tag.name, "P");
                assert_eq!(tag.attr("class"), Some("a>b"));
            }
            _ => panic!("{:?}", t[0]),
        }
        assert_eq!(t[1], Token::Text("x &amp; y"));
        assert_eq!(t[2], Token::Text("z"));
        assert_eq!(t[3], Token::End("p"));
        assert!(matches!(
            t[4],
            Token::Start(Tag {
                name: "br",
                self_closing: true,
                ..
            })
        ));
    }

    #[test]
    fn raw_text_runs_to_its_end_tag() {
        let t = toks("<script>if (a<b) x='</div>';</SCRIPT><p>ok");
        assert_eq!(t[1], Token::Raw("if (a<b) x='</div>';"));
        assert_eq!(t[2], Token::End("SCRIPT"));
        assert_eq!(t[4], Token::Text("ok"));
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        let t = toks("a < b <3 </ x> c");
        let text: String = t
            .iter()
            .filter_map(|t| match t {
                Token::Text(s) => Some(*s),
                _ => None,
            })
            .collect();
        assert_eq!(text, "a < b <3  c");
    }

    #[test]
    fn attributes_quoted_bare_and_unquoted() {
        let a: Vec<_> = Attrs::new(r#" id=x hidden class='a b' data-x = "1" /"#).collect();
        assert_eq!(
            a,
            vec![
                ("id", "x"),
                ("hidden", ""),
                ("class", "a b"),
                ("data-x", "1")
            ]
        );
    }

    #[test]
    fn truncated_input_ends_cleanly() {
        for s in [
            "<",
            "<a",
            "<a href=\"x",
            "<!--",
            "</",
            "</a",
            "<script>x",
            "<a =>",
            "<!",
        ] {
            let _ = toks(s);
            let _: Vec<_> = Attrs::new(&s[1.min(s.len())..]).collect();
        }
    }
}
