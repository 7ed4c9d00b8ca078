//! The shared lexicon: word lists every stage reads from one place.
//!
//! A stage that needs a different list says so here, next to the shared
//! one, rather than keeping a private copy.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::model::TermId;
use crate::tokens::form_id;

/// English function words and words too common in news to carry content
/// (lower case, sorted for binary search): what the summary leaves out of
/// its term vectors.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "d",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "ll",
    "m",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "o",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "s",
    "said",
    "same",
    "say",
    "says",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "ve",
    "very",
    "was",
    "wasn",
    "we",
    "were",
    "weren",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "would",
    "wouldn",
    "y",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// The list the outlet comparison leaves out: two sentences carry the same
/// fact when they share four content words, a threshold set with this
/// list. It differs from [`STOP_WORDS`]: it also drops "mr", "mrs", "ms",
/// "one", "last" and "told", and keeps words that can tell two facts apart
/// ("against", "under", "between", "most", "only", "same", "must"). Lower
/// case.
pub const FACT_STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "last", "more",
    "mr", "mrs", "ms", "no", "not", "now", "of", "on", "one", "or", "other", "our", "out", "over",
    "said", "says", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "told", "up", "was", "we", "were", "what", "when",
    "which", "while", "who", "will", "with", "would", "you",
];

/// [`FACT_STOP_WORDS`] as token forms ([`crate::model::Token::norm`]).
pub static FACT_STOP_IDS: LazyLock<HashSet<TermId>> =
    LazyLock::new(|| FACT_STOP_WORDS.iter().map(|w| form_id(w)).collect());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_lower_case() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        for list in [STOP_WORDS, FACT_STOP_WORDS] {
            assert!(list.iter().all(|w| w.chars().all(|c| !c.is_uppercase())));
        }
    }
}
