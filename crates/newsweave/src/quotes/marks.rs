//! Direct quotations: pairs of quotation marks, straight or curly, double
//! or single, including quotes that run over several paragraphs.
//!
//! A paragraph whose quote is still open at its end closes it there; when
//! the next paragraph opens with a quotation mark, that paragraph's quote
//! continues the same quotation (the UK/US news convention).

use crate::model::{Paragraph, Span};

/// One direct quotation, possibly over several paragraphs.
#[derive(Clone, Debug)]
pub(crate) struct Direct {
    /// The quoted words of each piece, without the marks.
    pub segments: Vec<Span>,
    /// Each piece with its marks: what the token stream collapses.
    pub outer: Vec<Span>,
}

/// A quote piece within one paragraph.
struct Piece {
    outer: Span,
    content: Span,
    closed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Either,
}

/// Finds the direct quotations of `text` in `paragraphs`, in text order.
pub(crate) fn find(text: &str, paragraphs: &[Paragraph]) -> Vec<Direct> {
    let mut out: Vec<Direct> = Vec::new();
    // Index into `out` of a quote left open at the end of the last paragraph.
    let mut open_from_previous: Option<usize> = None;
    for paragraph in paragraphs {
        let pieces = pieces(text, paragraph.span);
        let mut carried = open_from_previous.take();
        let last = pieces.len();
        for (n, piece) in pieces.into_iter().enumerate() {
            let content = piece.content.trim(text);
            let continues = n == 0 && piece.outer.start == paragraph.span.start;
            let index = match carried.take() {
                Some(q) if continues => {
                    if !content.is_empty() {
                        out[q].segments.push(content);
                        out[q].outer.push(piece.outer);
                    }
                    q
                }
                _ => {
                    if content.is_empty() || !has_alnum(content.slice(text)) {
                        continue;
                    }
                    out.push(Direct {
                        segments: vec![content],
                        outer: vec![piece.outer],
                    });
                    out.len() - 1
                }
            };
            if n + 1 == last && !piece.closed {
                open_from_previous = Some(index);
            }
        }
    }
    out.retain(|d| !d.segments.is_empty());
    out
}

fn has_alnum(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Space, start or an opening bracket/dash before a mark.
fn is_left_open(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | '/' | ':'))
}

/// Space, end or punctuation after a mark.
fn is_right_open(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '—' | '–' | '-' | '…'
            )
    })
}

/// Splits one paragraph into quote pieces.
fn pieces(text: &str, para: Span) -> Vec<Piece> {
    let s = para.slice(text);
    let base = para.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    // Double marks: nesting depth and where the outermost opened.
    let mut depth = 0usize;
    let mut opened: Option<(usize, usize)> = None; // (outer start, content start)
                                                   // Single marks, only outside double quotes.
    let mut single: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let mut width = 1;
        let double = match c {
            '“' | '„' | '«' => Some(Mark::Open),
            '”' | '»' => Some(Mark::Close),
            '"' => Some(Mark::Either),
            '\'' if chars.get(i + 1).is_some_and(|&(_, d)| d == '\'') => {
                width = 2;
                Some(Mark::Either)
            }
            '`' if chars.get(i + 1).is_some_and(|&(_, d)| d == '`') => {
                width = 2;
                Some(Mark::Open)
            }
            _ => None,
        };
        let next = chars.get(i + width).map(|&(_, d)| d);
        let end_of_mark = chars.get(i + width).map_or(s.len(), |&(j, _)| j);
        if let Some(mark) = double {
            let direction = match mark {
                Mark::Either => {
                    let left = is_left_open(prev);
                    let right = is_right_open(next);
                    if left && !right {
                        Mark::Open
                    } else if !left && right {
                        Mark::Close
                    } else if depth == 0 {
                        Mark::Open
                    } else {
                        Mark::Close
                    }
                }
                m => m,
            };
            match direction {
                Mark::Open => {
                    if depth == 0 {
                        opened = Some((at, end_of_mark));
                        single = None;
                    }
                    depth += 1;
                }
                _ => {
                    if depth > 0 {
                        depth -= 1;
                        if depth == 0 {
                            if let Some((o, cs)) = opened.take() {
                                out.push(Piece {
                                    outer: Span::new(base + o, base + end_of_mark),
                                    content: Span::new(base + cs, base + at),
                                    closed: true,
                                });
                            }
                        }
                    }
                }
            }
            i += width;
            continue;
        }
        if depth == 0 && matches!(c, '‘' | '’' | '\'') {
            let between_alnum =
                prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
            if !between_alnum {
                match single {
                    None if c != '’' && is_left_open(prev) && single_opens(&s[end_of_mark..]) => {
                        single = Some((at, end_of_mark));
                    }
                    Some((o, cs)) if c != '‘' && !is_left_open(prev) && is_right_open(next) => {
                        // "Russians’ actions": a plural possessive, not a close.
                        let possessive = prev == Some('s')
                            && s[end_of_mark..]
                                .trim_start()
                                .chars()
                                .next()
                                .is_some_and(char::is_lowercase)
                            && next.is_some_and(char::is_whitespace);
                        if !possessive {
                            out.push(Piece {
                                outer: Span::new(base + o, base + end_of_mark),
                                content: Span::new(base + cs, base + at),
                                closed: true,
                            });
                            single = None;
                        }
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    if let Some((o, cs)) = opened {
        out.push(Piece {
            outer: Span::new(base + o, para.end),
            content: Span::new(base + cs, para.end),
            closed: false,
        });
    }
    out.sort_by_key(|p| p.outer.start);
    // A single-quoted piece inside a double one cannot happen (singles are
    // only read outside doubles), but a double may open inside an unclosed
    // single: drop pieces nested in another.
    let mut kept: Vec<Piece> = Vec::with_capacity(out.len());
    for p in out {
        if kept.last().is_some_and(|k| k.outer.end > p.outer.start) {
            continue;
        }
        kept.push(p);
    }
    kept
}

/// True when what follows a single mark looks like quoted words rather than
/// an elided contraction ("'s", "'90s", "'em").
fn single_opens(rest: &str) -> bool {
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    if word.is_empty() || word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    !matches!(
        word.as_str(),
        "s" | "d" | "ll" | "re" | "ve" | "t" | "m" | "em" | "n" | "til" | "cause" | "tis"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment;

    fn quotes(text: &str) -> Vec<Vec<&str>> {
        let doc = segment::document(text);
        find(text, &doc.paragraphs)
            .iter()
            .map(|d| d.segments.iter().map(|s| s.slice(text)).collect())
            .collect()
    }

    #[test]
    fn curly_and_straight() {
        let text = "He said: “It is over.” She said \"no way\" and left.";
        assert_eq!(quotes(text), [vec!["It is over."], vec!["no way"]]);
    }

    #[test]
    fn runs_over_paragraphs() {
        let text = "He said: \"First part.\n\n\"Second part.\"\n\nNot quoted.";
        assert_eq!(quotes(text), [vec!["First part.", "Second part."]]);
    }

    #[test]
    fn nested_marks_and_double_apostrophes() {
        let text = "''He called it “absurd” today,'' she said.";
        assert_eq!(quotes(text), [vec!["He called it “absurd” today,"]]);
    }

    #[test]
    fn single_quotes_and_apostrophes() {
        let text = "MP: Putin 'sticking two fingers up' to the Russians’ allies.";
        assert_eq!(quotes(text), [vec!["sticking two fingers up"]]);
        let text = "It's the Russians' fault, he said.";
        assert!(quotes(text).is_empty());
    }

    #[test]
    fn spaced_marks_alternate() {
        let text = "\" Why not ? \" said she ; \" that is all . \"";
        assert_eq!(quotes(text), [vec!["Why not ?"], vec!["that is all ."]]);
    }
}
