//! Outlet comparison: which sentences (facts) of a story are carried by
//! which outlets.
//!
//! A fact is a sentence; two sentences carry the same fact when they share
//! enough content words (stemmed, stop words removed): at least four, and at
//! least half of the shorter one's. Candidates come from an inverted index of
//! content words, so the cost grows with the number of sentences that share
//! words, not with all pairs.

use std::collections::{BTreeMap, BTreeSet};

use rust_stemmers::{Algorithm, Stemmer};

use crate::model::Span;

/// English function words that carry no content.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "last", "more",
    "mr", "mrs", "ms", "no", "not", "now", "of", "on", "one", "or", "other", "our", "out", "over",
    "said", "says", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "told", "up", "was", "we", "were", "what", "when",
    "which", "while", "who", "will", "with", "would", "you",
];

/// The stemmed content words of a text.
pub fn content_terms(stemmer: &Stemmer, text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stemmer.stem(&w).into_owned())
        .collect()
}

/// A sentence of a story's article, as a candidate fact.
#[derive(Clone, Debug)]
pub struct FactSentence {
    /// Index of the article within the story.
    pub article: usize,
    /// The sentence span in that article.
    pub span: Span,
    /// Its content words.
    pub terms: BTreeSet<String>,
}

/// Which articles carry each sentence's fact.
#[derive(Debug)]
pub struct FactIndex {
    /// Every sentence, in article then text order.
    pub sentences: Vec<FactSentence>,
    /// For each sentence, the sorted articles that carry its fact (its own
    /// article included).
    pub carried_by: Vec<Vec<usize>>,
}

/// True when two term sets carry the same fact.
pub fn same_fact(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let shared = a.intersection(b).count();
    let shorter = a.len().min(b.len());
    shared >= 4 && shared * 2 >= shorter
}

/// Builds the index over `(article, text, sentence spans)`.
pub fn index_facts(articles: &[(&str, Vec<Span>)]) -> FactIndex {
    let stemmer = Stemmer::create(Algorithm::English);
    let sentences: Vec<FactSentence> = articles
        .iter()
        .enumerate()
        .flat_map(|(article, (text, spans))| {
            let stemmer = &stemmer;
            spans.iter().map(move |&span| FactSentence {
                article,
                span,
                terms: content_terms(stemmer, span.slice(text)),
            })
        })
        .collect();
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in sentences.iter().enumerate() {
        for t in &s.terms {
            postings.entry(t.as_str()).or_default().push(i);
        }
    }
    let carried_by = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
            for t in &s.terms {
                for &j in postings.get(t.as_str()).into_iter().flatten() {
                    if j != i && sentences[j].article != s.article {
                        *shared.entry(j).or_default() += 1;
                    }
                }
            }
            let mut by: BTreeSet<usize> = BTreeSet::from([s.article]);
            for (j, n) in shared {
                if n >= 4 && same_fact(&s.terms, &sentences[j].terms) {
                    by.insert(sentences[j].article);
                }
            }
            by.into_iter().collect()
        })
        .collect();
    FactIndex {
        sentences,
        carried_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_sentences_are_carried_by_both() {
        let a =
            "Russia was behind the airstrike on an aid convoy near Aleppo. The weather was fine.";
        let b =
            "All evidence suggests Russia was behind the airstrike on the aid convoy near Aleppo.";
        let spans = |t: &str| {
            crate::segment::document(t)
                .sentences
                .iter()
                .map(|s| s.span)
                .collect::<Vec<_>>()
        };
        let index = index_facts(&[(a, spans(a)), (b, spans(b))]);
        assert_eq!(index.carried_by[0], [0, 1]);
        assert_eq!(index.carried_by[1], [0]);
        assert_eq!(index.carried_by[2], [0, 1]);
    }
}
