//! Segmentation: text → paragraph spans → sentence spans.
//!
//! Paragraphs are lines; a hard-wrapped line (one that stops mid-sentence and
//! is followed by a line starting in lower case) joins the next. Sentences
//! come from `sentencex`, which keeps "Mr.", "U.S.", "a.m." and quotes
//! together; a paragraph without final punctuation (a headline) stays one
//! sentence.

use crate::model::{Document, Paragraph, ParagraphKind, Sentence, Span};

/// Segments `text` keeping every paragraph (no boilerplate removal; see
/// [`crate::clean`] for that).
pub fn document(text: &str) -> Document {
    let paragraphs = classify(text, &paragraphs(text));
    let sentences = sentences(text, &paragraphs);
    let mut doc = Document {
        paragraphs,
        sentences,
        ..Document::default()
    };
    crate::tokens::fill(text, &mut doc);
    doc
}

/// Splits `text` into paragraph spans (trimmed, non-empty, in order).
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut joinable = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(offset, offset + line.len()).trim(text);
        offset += line.len();
        if span.is_empty() {
            joinable = false;
            continue;
        }
        let s = span.slice(text);
        let starts_lower = s.chars().next().is_some_and(char::is_lowercase);
        match out.last_mut() {
            Some(prev) if joinable && starts_lower => prev.end = span.end,
            _ => out.push(span),
        }
        joinable = !ends_sentence(s);
    }
    out
}

/// True when `s` ends like a sentence: `.`, `!`, `?` or `:`, possibly
/// followed by closing quotes or brackets.
pub fn ends_sentence(s: &str) -> bool {
    let core = s.trim_end_matches(is_closer);
    core.ends_with(['.', '!', '?', ':', '…'])
}

/// Closing quotation marks and brackets.
pub fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// A character that opens a list item.
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '·' | '●' | '▪' | '*' | '-' | '–')
}

/// The kind of a paragraph, from its shape.
pub fn paragraph_kind(s: &str) -> ParagraphKind {
    if s.starts_with(is_bullet) {
        return ParagraphKind::ListItem;
    }
    let words = s.split_whitespace().count();
    if words <= 20 && !ends_sentence(s) {
        ParagraphKind::Heading
    } else {
        ParagraphKind::Body
    }
}

/// Builds kept paragraphs from spans and classifies them.
pub fn classify(text: &str, spans: &[Span]) -> Vec<Paragraph> {
    spans
        .iter()
        .map(|&span| Paragraph {
            span,
            kind: paragraph_kind(span.slice(text)),
        })
        .collect()
}

/// Splits each paragraph into sentences; spans are trimmed and non-empty.
pub fn sentences(text: &str, paragraphs: &[Paragraph]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let body = paragraph.span.slice(text);
        if paragraph.kind == ParagraphKind::Heading {
            out.push(Sentence {
                span: paragraph.span,
                paragraph: index,
            });
            continue;
        }
        // A list item's bullet goes: sentencex does not split a text that
        // starts with one.
        let lead = if paragraph.kind == ParagraphKind::ListItem {
            body.len() - body.trim_start_matches(is_bullet).trim_start().len()
        } else {
            0
        };
        let body = &body[lead..];
        let base = paragraph.span.start + lead;
        let mut pieces: Vec<Span> = sentencex::get_sentence_boundaries("en", body)
            .iter()
            .filter(|b| b.start_byte < b.end_byte && b.end_byte <= body.len())
            .map(|b| Span::new(base + b.start_byte, base + b.end_byte).trim(text))
            .filter(|s| !s.is_empty())
            .collect();
        merge_fragments(text, &mut pieces);
        out.extend(pieces.into_iter().map(|span| Sentence {
            span,
            paragraph: index,
        }));
    }
    out
}

/// Rejoins pieces that cannot stand alone: a piece with no letter (a stray
/// closing quote) or one starting in lower case continues the previous one.
fn merge_fragments(text: &str, pieces: &mut Vec<Span>) {
    let mut merged: Vec<Span> = Vec::with_capacity(pieces.len());
    for span in pieces.drain(..) {
        let s = span.slice(text);
        let fragment = !s.chars().any(char::is_alphanumeric)
            || s.chars().next().is_some_and(char::is_lowercase);
        match merged.last_mut() {
            Some(prev) if fragment => prev.end = span.end,
            _ => merged.push(span),
        }
    }
    *pieces = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        let paras = classify(text, &paragraphs(text));
        sentences(text, &paras)
            .iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    #[test]
    fn a_list_item_splits_into_sentences_without_its_bullet() {
        let text = "  • Kofi Annan proposed that Assad should be part of the solution. \
                    But his plan was vetoed by the US.";
        assert_eq!(
            sentence_texts(text),
            [
                "Kofi Annan proposed that Assad should be part of the solution.",
                "But his plan was vetoed by the US."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_together() {
        let text = "Mr. Smith went to the U.S. on Monday. He said it was fine.";
        assert_eq!(
            sentence_texts(text),
            [
                "Mr. Smith went to the U.S. on Monday.",
                "He said it was fine."
            ]
        );
    }

    #[test]
    fn headline_is_one_sentence() {
        let text = "Johnson: Demonstrate outside Russian embassy over Syria\n\nForeign Secretary Boris Johnson has said he wants protests. He told the Commons.";
        let got = sentence_texts(text);
        assert_eq!(
            got[0],
            "Johnson: Demonstrate outside Russian embassy over Syria"
        );
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let text = "The minister said that the plan\nwould go ahead next week.\nA new paragraph starts here.";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 2);
        assert_eq!(
            paras[0].slice(text),
            "The minister said that the plan\nwould go ahead next week."
        );
    }

    #[test]
    fn quote_sentences_keep_closing_mark() {
        let text = "He said: “A war crime is defined as when you attack something.” Then he left.";
        let got = sentence_texts(text);
        assert!(got[0].ends_with('”'), "{got:?}");
    }
}
