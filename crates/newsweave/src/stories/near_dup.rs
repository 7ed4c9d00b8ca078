//! Near-duplicate paragraphs across the articles of a story: wire copy run
//! by several outlets, syndicated pieces, a live blog repeating itself.
//!
//! Each paragraph becomes the set of hashes of its word 5-grams (shingles:
//! lower-cased words, punctuation ignored). Two paragraphs of different
//! articles are linked when the Jaccard similarity of their shingle sets
//! reaches a threshold. The sets are compared exactly rather than through a
//! MinHash sketch (`gaoya`, `probminhash`): a story holds tens of articles
//! and a few hundred paragraphs, so an inverted index from shingle to
//! paragraphs finds every pair that shares a shingle at once, with no
//! sampling error, no dependency and a deterministic result. For whole
//! streams, sketches would bound memory; within a story they are not needed.

use std::collections::HashMap;
use std::hash::Hasher;

use serde::{Deserialize, Serialize};

use super::terms::FxHasher;
use crate::model::Span;
use crate::segment;

/// Words per shingle.
const SHINGLE: usize = 5;

/// A paragraph of one article found again in another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuplicatePair {
    /// Index of the earlier article (in the slice given) and the paragraph's
    /// byte span in its text.
    pub first: (usize, Span),
    /// Index of the later article and its paragraph's span.
    pub second: (usize, Span),
    /// Jaccard similarity of the two paragraphs' shingle sets (1: the same
    /// words in the same order).
    pub similarity: f64,
}

/// The shingle hashes of `text`, sorted and deduplicated; a text shorter
/// than one shingle gives none.
pub fn shingles(text: &str) -> Vec<u64> {
    shingles_of(&word_hashes(text))
}

/// A hash of `text`'s words, lower-cased: the same for texts that differ
/// only in case, spacing and punctuation.
pub(crate) fn text_hash(text: &str) -> u64 {
    let mut h = FxHasher::default();
    for w in word_hashes(text) {
        h.write_u64(w);
    }
    h.finish()
}

/// The hash of each word of `text`, lower-cased, in order.
fn word_hashes(text: &str) -> Vec<u64> {
    // Each word hashed once, lower-cased, without allocating.
    let mut words: Vec<u64> = Vec::new();
    let mut h = FxHasher::default();
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                h.write_u8(c.to_ascii_lowercase() as u8);
            } else {
                for l in c.to_lowercase() {
                    h.write_u32(l as u32);
                }
            }
        } else if in_word {
            words.push(h.finish());
            h = FxHasher::default();
            in_word = false;
        }
    }
    if in_word {
        words.push(h.finish());
    }
    words
}

/// The hashes of each window of `SHINGLE` words, sorted and deduplicated.
fn shingles_of(words: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| {
            let mut h = FxHasher::default();
            for &word in w {
                h.write_u64(word);
            }
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The paragraphs of different articles among `texts` whose shingle sets
/// have a Jaccard similarity of at least `threshold` (0.5 links a paragraph
/// and a lightly edited copy), in order of first article, first span, second
/// article and second span. Paragraphs of fewer than `SHINGLE` + 3 words
/// (datelines, bylines, "Advertisement") are not compared.
pub fn near_duplicates(texts: &[&str], threshold: f64) -> Vec<DuplicatePair> {
    // Every comparable paragraph: (article, span, shingles).
    let mut paragraphs: Vec<(usize, Span, Vec<u64>)> = Vec::new();
    for (article, text) in texts.iter().enumerate() {
        for span in segment::paragraphs(text) {
            let set = shingles(span.slice(text));
            if set.len() >= 4 {
                paragraphs.push((article, span, set));
            }
        }
    }
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, (_, _, set)) in paragraphs.iter().enumerate() {
        for &h in set {
            index.entry(h).or_default().push(i as u32);
        }
    }
    // Shared shingles per pair of paragraphs of different articles.
    let mut shared: HashMap<(u32, u32), u32> = HashMap::new();
    for list in index.values() {
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                if paragraphs[i as usize].0 != paragraphs[j as usize].0 {
                    *shared.entry((i, j)).or_default() += 1;
                }
            }
        }
    }
    let mut out: Vec<DuplicatePair> = shared
        .into_iter()
        .filter_map(|((i, j), n)| {
            let (a, b) = (&paragraphs[i as usize], &paragraphs[j as usize]);
            let union = a.2.len() + b.2.len() - n as usize;
            let similarity = f64::from(n) / union as f64;
            (similarity >= threshold).then(|| {
                let (first, second) = if (a.0, a.1) <= (b.0, b.1) {
                    (a, b)
                } else {
                    (b, a)
                };
                DuplicatePair {
                    first: (first.0, first.1),
                    second: (second.0, second.1),
                    similarity,
                }
            })
        })
        .collect();
    out.sort_by_key(|x| (x.first, x.second));
    out
}

/// For each article among `texts`, the share of its words that lie in
/// paragraphs repeating an earlier article's paragraph (per
/// [`near_duplicates`] at `threshold`): 1 for a verbatim copy of wire
/// copy already seen, 0 for an article of its own words. Coverage counts
/// should weigh an article by `1 - share`, so a copy does not count twice.
pub fn repeated_share(texts: &[&str], threshold: f64) -> Vec<f64> {
    let pairs = near_duplicates(texts, threshold);
    texts
        .iter()
        .enumerate()
        .map(|(article, text)| {
            let total = text.split_whitespace().count();
            if total == 0 {
                return 0.0;
            }
            let mut spans: Vec<Span> = pairs
                .iter()
                .filter(|p| p.second.0 == article && p.first.0 < article)
                .map(|p| p.second.1)
                .collect();
            spans.sort_unstable();
            spans.dedup();
            let repeated: usize = spans
                .iter()
                .map(|s| s.slice(text).split_whitespace().count())
                .sum();
            repeated as f64 / total as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "The central bank raised its main interest rate by half a point on \
        Thursday, the largest increase in two decades, and signalled more to come.";

    #[test]
    fn links_repeated_paragraphs_across_articles_only() {
        let a =
            format!("Rates up sharply\n\n{WIRE}\n\nMarkets fell in early trading after the news.");
        // The same wire paragraph with one word changed, and a paragraph of its own.
        let edited = WIRE.replace("Thursday", "Thursday morning");
        let b = format!(
            "Analysts had expected a smaller rise in borrowing costs this month.\n\n{edited}"
        );
        let c =
            "A storm closed schools across the region as heavy snow fell overnight and roads iced.";
        let pairs = near_duplicates(&[&a, &b, c], 0.5);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        let p = &pairs[0];
        assert_eq!((p.first.0, p.second.0), (0, 1));
        assert_eq!(p.first.1.slice(&a), WIRE);
        assert_eq!(p.second.1.slice(&b), edited);
        // One word added replaces a few shingles: similar, not identical.
        assert!(p.similarity > 0.6 && p.similarity < 0.7, "{}", p.similarity);

        // A paragraph repeated inside one article is not a cross-article link.
        let twice = format!("{WIRE}\n\n{WIRE}");
        assert!(near_duplicates(&[&twice], 0.5).is_empty());
    }

    #[test]
    fn shingles_ignore_case_and_punctuation() {
        assert_eq!(
            shingles("The bank, it said, raised rates."),
            shingles("the bank it said raised RATES")
        );
        assert!(shingles("too short here").is_empty());
    }

    #[test]
    fn repeated_share_counts_only_later_copies() {
        let own = "Officials said the inquiry would report by the end of the year, \
            with hearings in public from the spring.";
        let a = WIRE.to_string();
        let b = format!("{WIRE}\n\n{own}");
        let share = repeated_share(&[&a, &b], 0.5);
        assert_eq!(share[0], 0.0);
        let wire_words = WIRE.split_whitespace().count() as f64;
        let all = b.split_whitespace().count() as f64;
        assert!((share[1] - wire_words / all).abs() < 1e-9, "{share:?}");
    }
}
