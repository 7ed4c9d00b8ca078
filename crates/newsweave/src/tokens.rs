//! The text layer: each document's words read once ([`read`] fills
//! [`Document::tokens`]), one stemmer for every stage, and term ids that
//! stages compare as integers instead of strings.
//!
//! A token is an alphanumeric run ([`words`]): the unit the summary, the
//! outlet comparison and the story terms count. The quote finder keeps its
//! own tokens (`quotes/lex.rs`): its CRF was trained on words that keep
//! inner apostrophes, hyphens and the dot of "Mr.", and punctuation tokens.
//! Story clustering (`stories/terms.rs`) reads the article text before
//! cleaning, where there is no `Document` yet (the store re-clusters raw
//! texts), with its own per-thread cache of stems.
//!
//! A [`TermId`] is a 64-bit hash (foldhash, fixed seed) of a stem or a
//! normalised form: the same word gets the same id in every article and on
//! every thread, with no shared table to lock. Collisions among the few
//! hundred thousand distinct words of a corpus have a chance of about
//! 10⁻⁹, far below any effect on a score.
//!
//! Stemming (Snowball English) is the costliest step of reading a word, so
//! each thread keeps the stems it has computed, keyed by the lower-cased
//! word; the cache is emptied when it reaches [`STEM_CACHE_LIMIT`] words so
//! memory stays bounded on any input.

use std::cell::RefCell;
use std::hash::BuildHasher;

use foldhash::HashMap;
use rust_stemmers::{Algorithm, Stemmer};

pub use crate::model::TermId;
use crate::model::{Document, Shape, Span, Token};

/// Distinct words a thread's stem cache holds before it starts again.
pub const STEM_CACHE_LIMIT: usize = 200_000;

fn hasher() -> foldhash::fast::FixedState {
    foldhash::fast::FixedState::with_seed(0x6e77_7465_726d)
}

/// The id of a form as it is (no stemming): for a stop word, a number or a
/// form that is already a stem.
pub fn form_id(form: &str) -> TermId {
    TermId(hasher().hash_one(form))
}

struct StemCache {
    stemmer: Stemmer,
    ids: HashMap<String, TermId>,
}

thread_local! {
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache {
        stemmer: Stemmer::create(Algorithm::English),
        ids: HashMap::default(),
    });
}

/// The id of the stem of `lower`, a lower-cased word.
pub fn stem_id(lower: &str) -> TermId {
    STEMS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some(&id) = cache.ids.get(lower) {
            return id;
        }
        let id = form_id(&cache.stemmer.stem(lower));
        if cache.ids.len() >= STEM_CACHE_LIMIT {
            cache.ids.clear();
        }
        cache.ids.insert(lower.to_string(), id);
        id
    })
}

/// The stem of `lower`, a lower-cased word, as a string (for the few places
/// that show or store it).
pub fn stem(lower: &str) -> String {
    STEMS.with(|cell| cell.borrow().stemmer.stem(lower).into_owned())
}

/// The tokens of `doc`'s sentences (spans into `text`), in text order.
pub fn read(text: &str, doc: &Document) -> Vec<Token> {
    let mut out = Vec::new();
    let mut lower = String::new();
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let Some(s) = text.get(sentence.span.start..sentence.span.end) else {
            continue;
        };
        for (at, word) in words(s) {
            lower_into(word, &mut lower);
            out.push(Token {
                span: Span::new(
                    sentence.span.start + at,
                    sentence.span.start + at + word.len(),
                ),
                shape: shape(word),
                norm: form_id(&lower),
                stem: stem_id(&lower),
                sentence: index as u32,
                paragraph: sentence.paragraph as u32,
            });
        }
    }
    out
}

/// Fills `doc.tokens` from its sentences.
pub fn fill(text: &str, doc: &mut Document) {
    doc.tokens = read(text, doc);
}

/// Lower-cases `word` into `buf` (full Unicode lower case; ASCII fast path).
pub fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&word.to_lowercase());
    }
}

/// The case and kind of a word.
pub fn shape(word: &str) -> Shape {
    let mut letters = 0;
    let (mut upper, mut lower, mut digits) = (0, 0, 0);
    for c in word.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
        }
    }
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    match () {
        _ if letters == 0 && digits > 0 => Shape::Digits,
        _ if digits > 0 => Shape::Other,
        _ if letters > 0 && lower == letters => Shape::Lower,
        _ if letters >= 2 && upper == letters => Shape::AllCaps,
        _ if first_upper && lower > 0 => Shape::Capitalised,
        _ => Shape::Other,
    }
}

/// The alphanumeric runs of `s` with their byte offsets: the word unit of
/// the text layer. Hand-written rather than `split(!is_alphanumeric)` to
/// test ASCII bytes without decoding.
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let bytes = s.as_bytes();
    let alnum_at = move |i: usize| -> Option<usize> {
        let b = bytes[i];
        if b.is_ascii() {
            return b.is_ascii_alphanumeric().then_some(1);
        }
        let c = s[i..].chars().next()?;
        c.is_alphanumeric().then(|| c.len_utf8())
    };
    let char_len = move |i: usize| match bytes[i] {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        let len = bytes.len();
        while at < len && alnum_at(at).is_none() {
            at += char_len(at);
        }
        if at >= len {
            return None;
        }
        let start = at;
        while let Some(n) = (at < len).then(|| alnum_at(at)).flatten() {
            at += n;
        }
        Some((start, &s[start..at]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_alphanumeric_runs() {
        let got: Vec<(usize, &str)> = words("Mr. O'Neil, 42 — naïve!").collect();
        assert_eq!(
            got,
            [(0, "Mr"), (4, "O"), (6, "Neil"), (12, "42"), (19, "naïve")]
        );
        assert_eq!(words(" ,. ").count(), 0);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("said"), Shape::Lower);
        assert_eq!(shape("Johnson"), Shape::Capitalised);
        assert_eq!(shape("NATO"), Shape::AllCaps);
        assert_eq!(shape("2016"), Shape::Digits);
        assert_eq!(shape("G7"), Shape::Other);
    }

    #[test]
    fn a_document_reads_its_words_once() {
        let text = "One strike hit the convoy. The strikes killed 20.";
        let doc = crate::segment::document(text);
        assert_eq!(doc.tokens.len(), 9);
        let strike = doc.sentence_tokens(1)[1];
        assert_eq!(strike.span.slice(text), "strikes");
        assert_eq!(strike.stem, doc.sentence_tokens(0)[1].stem);
        assert_ne!(strike.norm, doc.sentence_tokens(0)[1].norm);
        assert_eq!(strike.sentence, 1);
        assert_eq!(doc.sentence_tokens(1)[3].shape, Shape::Digits);
    }

    #[test]
    fn inflections_share_a_stem_id() {
        assert_eq!(stem_id("strikes"), stem_id("strike"));
        assert_eq!(stem_id("strikes"), form_id("strike"));
        assert_ne!(stem_id("strike"), stem_id("convoy"));
        assert_eq!(stem("airstrikes"), "airstrik");
    }
}
