//! Outlet comparison: which sentences (facts) of a story are carried by
//! which outlets.
//!
//! A fact is a sentence; two sentences carry the same fact when they share
//! enough content words (stemmed, stop words removed): at least four, and at
//! least half of the shorter one's. Candidates come from an inverted index of
//! content words, so the cost grows with the number of sentences that share
//! words of other articles, not with all pairs: sentences of one article are
//! never compared with each other, so one long article costs no more than
//! reading it.

use std::collections::BTreeSet;

use foldhash::HashMap;

use crate::lexicon::FACT_STOP_IDS;
use crate::model::{Document, Span};
use crate::tokens::{form_id, stem_id, TermId};

/// A set of stemmed content words, as sorted distinct [`TermId`]s.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terms(Vec<TermId>);

impl Terms {
    /// How many distinct terms.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is no term.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The terms, in id order.
    pub fn iter(&self) -> impl Iterator<Item = TermId> + '_ {
        self.0.iter().copied()
    }

    /// How many terms the two sets share.
    pub fn shared(&self, other: &Terms) -> usize {
        self.common(other).count()
    }

    /// The terms the two sets share, in id order (a merge of two sorted
    /// lists).
    pub fn common<'a>(&'a self, other: &'a Terms) -> impl Iterator<Item = TermId> + 'a {
        let (mut i, mut j) = (0, 0);
        std::iter::from_fn(move || {
            while i < self.0.len() && j < other.0.len() {
                match self.0[i].cmp(&other.0[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        i += 1;
                        j += 1;
                        return Some(self.0[i - 1]);
                    }
                }
            }
            None
        })
    }

    /// The terms of both sets.
    pub fn union(&self, other: &Terms) -> Terms {
        Terms::from_ids(self.iter().chain(other.iter()))
    }

    /// The terms not in `other`.
    pub fn without(&self, other: &Terms) -> Terms {
        Terms(
            self.iter()
                .filter(|t| other.0.binary_search(t).is_err())
                .collect(),
        )
    }

    fn from_ids(ids: impl IntoIterator<Item = TermId>) -> Terms {
        let mut v: Vec<TermId> = ids.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        Terms(v)
    }
}

/// The words `content_terms` reads: alphanumeric runs of two or more bytes,
/// lower-cased, without [`crate::lexicon::FACT_STOP_WORDS`].
fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(str::to_lowercase)
        .filter(|w| !FACT_STOP_IDS.contains(&form_id(w)))
}

/// The content terms of sentence `index` of `doc`, from its tokens: what
/// [`content_terms`] gives for the sentence's text, without reading it
/// again.
pub fn sentence_terms(doc: &Document, index: usize) -> Terms {
    Terms::from_ids(
        doc.sentence_tokens(index)
            .iter()
            .filter(|t| t.span.len() > 1 && !FACT_STOP_IDS.contains(&t.norm))
            .map(|t| t.stem),
    )
}

/// The stemmed content words of a text that has no tokens (a quote, a
/// unit).
pub fn content_terms(text: &str) -> Terms {
    Terms::from_ids(content_words(text).map(|w| stem_id(&w)))
}

/// [`content_terms`] without numbers (words of digits only).
pub fn content_terms_without_numbers(text: &str) -> Terms {
    Terms::from_ids(
        content_words(text)
            .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
            .map(|w| stem_id(&w)),
    )
}

/// A sentence of a story's article, as a candidate fact.
#[derive(Clone, Debug)]
pub struct FactSentence {
    /// Index of the article within the story.
    pub article: usize,
    /// The sentence span in that article.
    pub span: Span,
    /// Its content words.
    pub terms: Terms,
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
pub fn same_fact(a: &Terms, b: &Terms) -> bool {
    let shared = a.shared(b);
    let shorter = a.len().min(b.len());
    shared >= 4 && shared * 2 >= shorter
}

/// Builds the index over each article's document and the indices of the
/// sentences that are candidate facts.
pub fn index_facts(articles: &[(&Document, Vec<usize>)]) -> FactIndex {
    let sentences: Vec<FactSentence> = articles
        .iter()
        .enumerate()
        .flat_map(|(article, (doc, chosen))| {
            chosen.iter().map(move |&k| FactSentence {
                article,
                span: doc.sentences[k].span,
                terms: sentence_terms(doc, k),
            })
        })
        .collect();
    // Per term, the sentences holding it, in order: sentences of one
    // article are contiguous there, so a sentence skips its own article's
    // run instead of walking it.
    let mut postings: HashMap<TermId, Vec<usize>> = HashMap::default();
    for (i, s) in sentences.iter().enumerate() {
        for t in s.terms.iter() {
            postings.entry(t).or_default().push(i);
        }
    }
    let mut shared: HashMap<usize, usize> = HashMap::default();
    let carried_by = sentences
        .iter()
        .map(|s| {
            shared.clear();
            for t in s.terms.iter() {
                let list = postings.get(&t).map_or(&[][..], Vec::as_slice);
                let own_start = list.partition_point(|&j| sentences[j].article < s.article);
                let own_end = list.partition_point(|&j| sentences[j].article <= s.article);
                for &j in list[..own_start].iter().chain(&list[own_end..]) {
                    *shared.entry(j).or_default() += 1;
                }
            }
            let mut by: BTreeSet<usize> = BTreeSet::from([s.article]);
            for (&j, &n) in &shared {
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
        let (da, db) = (crate::segment::document(a), crate::segment::document(b));
        let all = |d: &Document| (0..d.sentences.len()).collect::<Vec<_>>();
        let index = index_facts(&[(&da, all(&da)), (&db, all(&db))]);
        assert_eq!(
            index.sentences[0].terms,
            content_terms(da.sentences[0].span.slice(a))
        );
        assert_eq!(index.carried_by[0], [0, 1]);
        assert_eq!(index.carried_by[1], [0]);
        assert_eq!(index.carried_by[2], [0, 1]);
    }
}
