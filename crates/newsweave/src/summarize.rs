//! Multi-document extractive summary with provenance.
//!
//! [`summarize`] picks whole sentences from a cluster of documents about one
//! story and says, for each, which documents carry the same information.
//!
//! The method, in one pass over the input plus a greedy selection:
//! 1. Every sentence is tokenised, stemmed (Snowball English) and stripped of
//!    stop words. Boilerplate-like sentences (mostly capitals, URLs, "Click
//!    here", photo credits, lower-case fragments, lead-ins ending in a colon)
//!    and headings are dropped. Sentences that need context are
//!    de-prioritised: a dangling opener ("But", "He added", "It was"), a
//!    quotation with no speaker, no final punctuation.
//! 2. Each document gets a term-frequency vector; the cluster centroid is the
//!    mean of the documents' normalised vectors, so a 140,000-word page dump
//!    weighs no more than a 300-word wire story. Documents that share little
//!    with the rest of the cluster (an archive notice, a shop page) are
//!    down-weighted. Word bigrams carried by several documents are
//!    "concepts", worth more the more outlets repeat them.
//! 3. Only the first [`CANDIDATES_PER_DOC`] usable sentences of each document
//!    compete (news puts the important facts first). A candidate's score
//!    multiplies its content (centroid weight and uncovered concepts per
//!    word), a position prior and its support (how many other documents
//!    carry a similar sentence).
//! 4. Selection is greedy: the best candidate that fits the budget is taken,
//!    its unigram weights decay (SumBasic), its concepts count as covered,
//!    and any candidate too similar to it is dropped (syndicated copies).
//!    A chosen sentence that opens with "He"/"She"/"His"/"Her" gets the
//!    name of the person the sentence before it names (its text changes,
//!    its span does not) or, with no such name, is skipped.
//!
//! Cost: linear in the input. Support, redundancy and provenance look up
//! shared terms in inverted indexes (cost: the postings of a sentence's
//! terms), candidates are at most [`CANDIDATES_PER_DOC`] per document, and
//! the selection costs candidates × chosen sentences; never quadratic in the
//! sentence count. `scripts/bench-summarize.sh` times it against sumy's
//! LexRank and on a 140,000-word document.
//!
//! The output is in reading order: by position in the source document, then
//! by document.
//!
//! ```
//! use newsweave::{segment, summarize::{summarize, SummaryOptions}};
//!
//! let a = "The city council approved the new budget on Monday after a long debate. \
//!          The budget adds money for schools and roads.";
//! let b = "On Monday the city council approved the new budget after a long debate. \
//!          Critics said the plan raises taxes.";
//! let (da, db) = (segment::document(a), segment::document(b));
//! let docs = [(a, &da), (b, &db)];
//! let summary = summarize(&docs, &SummaryOptions { words: Some(30), sentences: None });
//! assert!(!summary.is_empty());
//! assert_eq!(summary[0].support, vec![0, 1]);
//! let total: usize = summary.iter().map(|s| s.text.split_whitespace().count()).sum();
//! assert!(total <= 30);
//! ```

use crate::model::{Document, ParagraphKind, Span};
use crate::model::{TermId, Token};
use crate::tokens::lower_into;
use aho_corasick::AhoCorasick;
use foldhash::HashMap;

/// Word budget used when [`SummaryOptions`] sets neither limit.
pub const DEFAULT_WORDS: usize = 264;

/// How many usable sentences of each document (from its start) compete for
/// the summary. Bounds the cost on huge page dumps.
pub const CANDIDATES_PER_DOC: usize = 60;

/// The budget of a summary. Both limits apply when both are set; when neither
/// is set the budget is [`DEFAULT_WORDS`] words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SummaryOptions {
    /// At most this many whitespace-separated words in total.
    pub words: Option<usize>,
    /// At most this many sentences.
    pub sentences: Option<usize>,
}

/// One sentence of a summary, with where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummarySentence {
    /// The sentence, with its inner whitespace (line breaks of hard-wrapped
    /// text) collapsed to single spaces.
    pub text: String,
    /// Index of the document it was taken from.
    pub doc: usize,
    /// Its byte span in that document's text.
    pub span: Span,
    /// Documents that carry the same information, `doc` included, sorted.
    pub support: Vec<usize>,
}

/// Summarises a cluster of documents about one story.
///
/// `docs` pairs each document's text with its segmentation (spans into that
/// text). Returns whole sentences in reading order, within the budget of
/// `options`; an empty cluster gives an empty summary.
pub fn summarize(docs: &[(&str, &Document)], options: &SummaryOptions) -> Vec<SummarySentence> {
    summarize_with(docs, options, &Tuning::default())
}

/// Tuning knobs of the scorer, for tuning scripts only: [`summarize`] uses
/// the defaults, which were chosen on the Multi-News development clusters
/// (`scripts/cv-summarize.py` reproduces the cross-validated choice). Any
/// field left out of the serde form keeps its default.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tuning {
    /// Weight of the position prior against the content score.
    pub position: f64,
    /// Position decay: prior = 1 / (1 + rank / tau).
    pub tau: f64,
    /// Exponent of the length normalisation of the content score.
    pub alpha: f64,
    /// Weight of cross-document support in the score.
    pub support: f64,
    /// Factor applied to the weights of unigrams already covered.
    pub decay: f64,
    /// Overlap above which a candidate counts as redundant.
    pub redundant: f64,
    /// Overlap above which another document's sentence supports a candidate.
    pub support_overlap: f64,
    /// Score factor for sentences opening with a dangling pronoun/connector.
    pub dangling: f64,
    /// Score factor for a quotation without attribution.
    pub bare_quote: f64,
    /// Score factor for a sentence without final punctuation.
    pub unterminated: f64,
    /// Shortest usable sentence, in words.
    pub min_words: usize,
    /// Longest usable sentence, in words.
    pub max_words: usize,
    /// Candidates per document.
    pub per_doc: usize,
    /// Exponent of the document relevance weight.
    pub doc_weight: f64,
    /// Weight of shared bigram concepts against unigram centroid weight.
    pub bigram: f64,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            position: 5.0,
            tau: 3.0,
            alpha: 0.9,
            support: 0.75,
            decay: 0.5,
            redundant: 0.5,
            support_overlap: 0.6,
            dangling: 0.6,
            bare_quote: 0.7,
            unterminated: 0.7,
            min_words: 8,
            max_words: 80,
            per_doc: CANDIDATES_PER_DOC,
            doc_weight: 2.0,
            bigram: 1.5,
        }
    }
}

/// A sentence of the cluster, tokenised.
struct Sent {
    doc: usize,
    /// Index in its document's `sentences`.
    index: usize,
    span: Span,
    words: usize,
    /// Distinct content-term ids, sorted.
    terms: Vec<u32>,
    /// Content tokens (with repeats) to the power `alpha`: the length
    /// normaliser of candidates (1 for other sentences).
    length: f64,
    /// Distinct bigram ids (adjacent tokens, not both stop words), sorted.
    bigrams: Vec<u32>,
    /// Rank among the usable sentences of its document; `None` when unusable.
    rank: Option<usize>,
    /// Score factor for how well it reads alone (see `quality`).
    quality: f64,
}

/// [`summarize`] with explicit tuning knobs (for tuning scripts).
pub fn summarize_with(
    docs: &[(&str, &Document)],
    options: &SummaryOptions,
    p: &Tuning,
) -> Vec<SummarySentence> {
    let (word_budget, sentence_budget) = match (options.words, options.sentences) {
        (None, None) => (DEFAULT_WORDS, usize::MAX),
        (w, s) => (w.unwrap_or(usize::MAX), s.unwrap_or(usize::MAX)),
    };
    if word_budget == 0 || sentence_budget == 0 || docs.is_empty() {
        return Vec::new();
    }

    // 1. Tokenise every sentence.
    // A term is a stop word's lower-cased form or another word's stem.
    let mut vocab: HashMap<TermId, u32> = HashMap::default();
    // Lower-cased surface form -> (term id, stop word): looks each distinct
    // word once.
    let mut surface: HashMap<TermId, (u32, bool)> = HashMap::default();
    let mut sents: Vec<Sent> = Vec::new();
    // Per document: (term, count), sorted by term; counted in `tf`, a dense
    // scratch vector over the vocabulary with the terms touched.
    let mut doc_tf: Vec<Vec<(u32, f64)>> = Vec::with_capacity(docs.len());
    let mut tf: Vec<f64> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    let mut bigram_ids: HashMap<(u32, u32), u32> = HashMap::default();
    // Per bigram: the last document that contained it, and how many did.
    let mut bigram_df: Vec<(usize, u32)> = Vec::new();
    let mut buf = String::new();
    for (d, (text, document)) in docs.iter().enumerate() {
        let mut rank = 0;
        // The document's tokens, read here for a document built without
        // them.
        let read: Vec<Token>;
        let all_tokens: &[Token] = if document.tokens.is_empty() {
            read = crate::tokens::read(text, document);
            &read
        } else {
            &document.tokens
        };
        let mut next_token = 0;
        for (index, sentence) in document.sentences.iter().enumerate() {
            let span = sentence.span;
            let Some(s) = text.get(span.start..span.end) else {
                continue;
            };
            let heading = document
                .paragraphs
                .get(sentence.paragraph)
                .is_some_and(|par| par.kind != ParagraphKind::Body);
            let mut terms = Vec::new();
            let mut bigrams = Vec::new();
            let mut tokens = 0;
            let mut prev: Option<(u32, bool)> = None;
            let first = next_token
                + all_tokens[next_token..].partition_point(|t| (t.sentence as usize) < index);
            next_token =
                first + all_tokens[first..].partition_point(|t| (t.sentence as usize) <= index);
            for token in &all_tokens[first..next_token] {
                let (id, stop) = match surface.get(&token.norm) {
                    Some(&known) => known,
                    None => {
                        lower_into(token.span.slice(text), &mut buf);
                        let stop = is_stop_word(&buf);
                        let next = vocab.len() as u32;
                        let key = if stop { token.norm } else { token.stem };
                        let id = *vocab.entry(key).or_insert(next);
                        surface.insert(token.norm, (id, stop));
                        if tf.len() < vocab.len() {
                            tf.resize(vocab.len(), 0.0);
                        }
                        (id, stop)
                    }
                };
                if let Some((before, before_stop)) = prev {
                    if !(stop && before_stop) {
                        let next = bigram_ids.len() as u32;
                        let b = *bigram_ids.entry((before, id)).or_insert(next);
                        if b as usize == bigram_df.len() {
                            bigram_df.push((d, 1));
                        } else if bigram_df[b as usize].0 != d {
                            bigram_df[b as usize] = (d, bigram_df[b as usize].1 + 1);
                        }
                        bigrams.push(b);
                    }
                }
                prev = Some((id, stop));
                if stop {
                    continue;
                }
                if tf[id as usize] == 0.0 {
                    touched.push(id);
                }
                tf[id as usize] += 1.0;
                terms.push(id);
                tokens += 1;
            }
            terms.sort_unstable();
            terms.dedup();
            bigrams.sort_unstable();
            bigrams.dedup();
            let words = s.split_whitespace().count();
            let usable = !heading
                && words >= p.min_words
                && words <= p.max_words
                && rank < p.per_doc
                && !is_fragment(s)
                && !is_boilerplate(s);
            let this_rank = usable.then(|| {
                rank += 1;
                rank - 1
            });
            sents.push(Sent {
                doc: d,
                index,
                span,
                words,
                terms,
                length: if this_rank.is_some() {
                    (tokens.max(1) as f64).powf(p.alpha)
                } else {
                    1.0
                },
                bigrams,
                rank: this_rank,
                quality: if this_rank.is_some() {
                    quality(s, p)
                } else {
                    1.0
                },
            });
        }
        touched.sort_unstable();
        doc_tf.push(
            touched
                .drain(..)
                .map(|t| (t, std::mem::take(&mut tf[t as usize])))
                .collect(),
        );
    }

    // 2. Centroid: mean of the documents' normalised term vectors, boosted by
    // document frequency; documents weighted by their similarity to the rest.
    let n_docs = docs.len();
    let n_terms = vocab.len();
    let mut centroid = vec![0.0f64; n_terms];
    let mut doc_vecs: Vec<Vec<(u32, f64)>> = Vec::with_capacity(n_docs);
    for tf in &doc_tf {
        let mut v: Vec<(u32, f64)> = tf.iter().map(|&(t, c)| (t, 1.0 + c.ln())).collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        for (t, w) in &mut v {
            *w /= norm.max(1e-9);
            centroid[*t as usize] += *w;
        }
        doc_vecs.push(v);
    }
    let live_docs = doc_vecs.iter().filter(|v| !v.is_empty()).count().max(1);
    // Document relevance: cosine of a document with the centroid of the others.
    let mut doc_rel = vec![1.0f64; n_docs];
    if live_docs > 1 {
        // v.(c - v) = v.c - 1 for a unit vector v.
        let rels: Vec<f64> = doc_vecs
            .iter()
            .map(|v| v.iter().map(|&(t, w)| w * (centroid[t as usize] - w)).sum())
            .collect();
        let c2: f64 = centroid.iter().map(|w| w * w).sum();
        for (d, v) in doc_vecs.iter().enumerate() {
            if v.is_empty() {
                doc_rel[d] = 0.0;
                continue;
            }
            let cv: f64 = v.iter().map(|&(t, w)| centroid[t as usize] * w).sum();
            let others2 = (c2 - 2.0 * cv + 1.0).max(1e-9);
            let cos = rels[d] / others2.sqrt();
            doc_rel[d] = cos.clamp(0.0, 1.0);
        }
        let max = doc_rel.iter().cloned().fold(0.0, f64::max);
        if max > 0.0 {
            for r in &mut doc_rel {
                *r = (*r / max).powf(p.doc_weight);
            }
        } else {
            doc_rel.iter_mut().for_each(|r| *r = 1.0);
        }
    }
    let mut weight: Vec<f64> = centroid.iter().map(|&c| c / live_docs as f64).collect();

    // 3. Candidates and their cross-document support.
    let cands: Vec<usize> = (0..sents.len())
        .filter(|&i| sents[i].rank.is_some())
        .collect();
    let mut cand_index = Postings::new(n_terms, cands.iter().map(|&i| &sents[i].terms[..]));
    let support_count: Vec<usize> = cands
        .iter()
        .map(|&i| {
            let s = &sents[i];
            supporting_docs(&mut cand_index, &s.terms, s.doc, p.support_overlap, |k| {
                sents[cands[k]].doc
            })
            .len()
        })
        .collect();

    // Bigram concepts: worth more the more documents carry them.
    let mut concept: Vec<f64> = bigram_df
        .iter()
        .map(|&(_, f)| {
            if live_docs > 1 {
                (f - 1) as f64 / (live_docs - 1) as f64
            } else {
                0.0
            }
        })
        .collect();

    // Normalisers so unigram and bigram scores are comparable.
    let length = |s: &Sent| s.length;
    let uni = |s: &Sent, weight: &[f64]| {
        s.terms.iter().map(|&t| weight[t as usize]).sum::<f64>() / length(s)
    };
    let bi = |s: &Sent, concept: &[f64]| {
        s.bigrams.iter().map(|&b| concept[b as usize]).sum::<f64>() / length(s)
    };
    let uni_max = cands
        .iter()
        .map(|&i| uni(&sents[i], &weight))
        .fold(1e-12, f64::max);
    let bi_max = cands
        .iter()
        .map(|&i| bi(&sents[i], &concept))
        .fold(1e-12, f64::max);

    // 4. Greedy selection.
    let mut chosen: Vec<usize> = Vec::new();
    let mut alive: Vec<bool> = vec![true; cands.len()];
    let mut words_left = word_budget;
    // Sentences whose pronoun subject was replaced by a name: their text.
    let mut rewritten: HashMap<usize, String> = HashMap::default();
    while chosen.len() < sentence_budget {
        let mut best: Option<(usize, f64)> = None;
        for (a, &i) in cands.iter().enumerate() {
            let s = &sents[i];
            if !alive[a] || s.words > words_left {
                continue;
            }
            let content = uni(s, &weight) / uni_max + p.bigram * bi(s, &concept) / bi_max;
            let rank = s.rank.unwrap_or(0) as f64;
            let prior = 1.0 / (1.0 + rank / p.tau);
            let support = 1.0 + p.support * support_count[a] as f64;
            let score = content * (1.0 + p.position * prior) * support * s.quality * doc_rel[s.doc];
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((a, score));
            }
        }
        let Some((a, _)) = best else { break };
        let i = cands[a];
        alive[a] = false;
        // A sentence opening with "He"/"She"/"His"/"Her" reads alone only
        // with the person named: take the name from the sentences just
        // before it, or skip the sentence.
        let (text, doc) = docs[sents[i].doc];
        let words = match standalone(text, doc, sents[i].index) {
            Standalone::AsIs => sents[i].words,
            Standalone::Named(t) if t.split_whitespace().count() <= words_left => {
                let n = t.split_whitespace().count();
                rewritten.insert(i, t);
                n
            }
            Standalone::Named(_) | Standalone::Skip => continue,
        };
        words_left -= words;
        for &t in &sents[i].terms {
            weight[t as usize] *= p.decay;
        }
        for &b in &sents[i].bigrams {
            concept[b as usize] = 0.0;
        }
        let mut redundant = Vec::new();
        cand_index.overlapping(
            &sents[i].terms,
            p.redundant,
            |b| alive[b],
            |b| redundant.push(b),
        );
        for b in redundant {
            alive[b] = false;
        }
        chosen.push(i);
    }

    // 5. Provenance and reading order.
    let mut all_index = Postings::new(n_terms, sents.iter().map(|s| &s.terms[..]));
    let mut out: Vec<(usize, SummarySentence)> = chosen
        .iter()
        .map(|&i| {
            let s = &sents[i];
            let mut support =
                supporting_docs(&mut all_index, &s.terms, s.doc, p.support_overlap, |k| {
                    sents[k].doc
                });
            support.push(s.doc);
            support.sort_unstable();
            let text = rewritten.remove(&i).unwrap_or_else(|| {
                docs[s.doc].0[s.span.start..s.span.end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            (
                s.rank.unwrap_or(0),
                SummarySentence {
                    text,
                    doc: s.doc,
                    span: s.span,
                    support,
                },
            )
        })
        .collect();
    out.sort_by_key(|(rank, s)| (*rank, s.doc, s.span.start));
    out.into_iter().map(|(_, s)| s).collect()
}

/// Whether a sentence reads on its own.
#[derive(Debug, PartialEq)]
enum Standalone {
    /// It does as written.
    AsIs,
    /// It does with its pronoun subject replaced by a name: the new text,
    /// whitespace collapsed.
    Named(String),
    /// It needs a person the sentences before it do not name.
    Skip,
}

/// Checks sentence `index` of `doc`: a sentence opening with "He", "She",
/// "His" or "Her" gets the name of the first person the previous sentence
/// (or the one before it) names, when that person's honorific does not
/// contradict the pronoun; "His"/"Her" become the name's possessive.
fn standalone(text: &str, doc: &Document, index: usize) -> Standalone {
    let sentence = doc.sentences[index].span.slice(text);
    let trimmed = sentence.trim_start();
    let first = trimmed
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default();
    let (feminine, possessive) = match first {
        "He" => (false, false),
        "She" => (true, false),
        "His" => (false, true),
        "Her" => (true, true),
        _ => return Standalone::AsIs,
    };
    let rest = &trimmed[first.len()..];
    // "He's", "He'd": contractions read oddly with a name; skip them.
    if !rest.starts_with(char::is_whitespace) {
        return Standalone::Skip;
    }
    for back in 1..=2 {
        let Some(before) = index.checked_sub(back) else {
            break;
        };
        // The window: the earlier sentence (and one more for context, so a
        // surname can meet its full name).
        let from = before.saturating_sub(2);
        let window = Document {
            paragraphs: Vec::new(),
            sentences: doc.sentences[from..=before].to_vec(),
            ..Document::default()
        };
        let target = doc.sentences[before].span;
        let person = crate::actors::find_actors(text, &window)
            .into_iter()
            .filter(|a| a.kind == crate::model::ActorKind::Person && looks_personal(&a.name))
            .filter_map(|a| {
                let first = a
                    .mentions
                    .iter()
                    .filter(|m| m.start >= target.start && m.end <= target.end)
                    .map(|m| m.start)
                    .min()?;
                Some((first, a))
            })
            .min_by_key(|(first, _)| *first)
            .map(|(_, a)| a);
        let Some(person) = person else { continue };
        // The honorifics written before its mentions (or kept in a name).
        let titles: Vec<&str> = person
            .mentions
            .iter()
            .filter_map(|m| text[..m.start].split_whitespace().next_back())
            .chain(
                person
                    .aliases
                    .iter()
                    .chain([&person.name])
                    .filter_map(|n| n.split_whitespace().next()),
            )
            .map(|w| w.trim_end_matches('.'))
            .collect();
        let honorifics = |list: &[&str]| titles.iter().any(|t| list.contains(t));
        let masculine = honorifics(&["Mr", "Sir", "Lord"]);
        let female = honorifics(&["Mrs", "Ms", "Miss", "Dame", "Lady"]);
        if (feminine && masculine) || (!feminine && female) {
            return Standalone::Skip;
        }
        let name = if possessive {
            format!("{}'s", person.name)
        } else {
            person.name.clone()
        };
        let rest: Vec<&str> = rest.split_whitespace().collect();
        return Standalone::Named(format!("{name} {}", rest.join(" ")));
    }
    Standalone::Skip
}

/// A stricter check than the actor kind before a name replaces a pronoun:
/// two or three words, none in capitals only, none a common head of an
/// organisation's or place's name.
fn looks_personal(name: &str) -> bool {
    const NOT_PERSONAL: &[&str] = &[
        "Administration",
        "Agency",
        "Army",
        "Association",
        "Bank",
        "Board",
        "Center",
        "Centre",
        "City",
        "Club",
        "College",
        "Committee",
        "Company",
        "Council",
        "County",
        "Court",
        "Department",
        "Foundation",
        "Gardens",
        "Group",
        "Hospital",
        "House",
        "Institute",
        "League",
        "Ministry",
        "Museum",
        "News",
        "Office",
        "Party",
        "Police",
        "Programme",
        "Program",
        "Project",
        "School",
        "Service",
        "Society",
        "State",
        "Street",
        "Times",
        "Union",
        "University",
    ];
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
                && !NOT_PERSONAL.contains(w)
        })
}

/// An inverted index from terms to items (sentences), to find the items
/// whose [`overlap`] with a term set reaches a threshold without comparing
/// against every item: the cost is the postings of the query's terms.
struct Postings {
    /// Term -> range in `items` (compressed rows).
    start: Vec<u32>,
    items: Vec<u32>,
    /// Distinct-term count of each item.
    sizes: Vec<u32>,
    /// Scratch: shared-term counts per item, and the items touched.
    shared: Vec<u32>,
    touched: Vec<u32>,
}

impl Postings {
    /// Indexes `sets` (sorted distinct term ids below `n_terms`); item `k` is
    /// the `k`-th set.
    fn new<'a>(n_terms: usize, sets: impl Iterator<Item = &'a [u32]> + Clone) -> Self {
        let mut start = vec![0u32; n_terms + 1];
        let mut sizes = Vec::new();
        for set in sets.clone() {
            sizes.push(set.len() as u32);
            for &t in set {
                start[t as usize + 1] += 1;
            }
        }
        for t in 0..n_terms {
            start[t + 1] += start[t];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; start[n_terms] as usize];
        for (k, set) in sets.enumerate() {
            for &t in set {
                items[fill[t as usize] as usize] = k as u32;
                fill[t as usize] += 1;
            }
        }
        let shared = vec![0; sizes.len()];
        Postings {
            start,
            items,
            sizes,
            shared,
            touched: Vec::new(),
        }
    }

    /// Calls `found` with every item whose [`overlap`] with `terms` is at
    /// least `threshold` (and that `keep` accepts), in no particular order.
    fn overlapping(
        &mut self,
        terms: &[u32],
        threshold: f64,
        keep: impl Fn(usize) -> bool,
        mut found: impl FnMut(usize),
    ) {
        for &t in terms {
            let (lo, hi) = (
                self.start[t as usize] as usize,
                self.start[t as usize + 1] as usize,
            );
            for &k in &self.items[lo..hi] {
                if self.shared[k as usize] == 0 {
                    self.touched.push(k);
                }
                self.shared[k as usize] += 1;
            }
        }
        for &k in &self.touched {
            let n = std::mem::take(&mut self.shared[k as usize]) as usize;
            let smaller = terms.len().min(self.sizes[k as usize] as usize).max(1);
            if n >= 3 && n as f64 / smaller as f64 >= threshold && keep(k as usize) {
                found(k as usize);
            }
        }
        self.touched.clear();
    }
}

/// The documents other than `doc` in which `index` finds an item overlapping
/// `terms` by `threshold`; `doc_of` maps items to documents.
fn supporting_docs(
    index: &mut Postings,
    terms: &[u32],
    doc: usize,
    threshold: f64,
    doc_of: impl Fn(usize) -> usize,
) -> Vec<usize> {
    let mut docs = Vec::new();
    index.overlapping(
        terms,
        threshold,
        |k| doc_of(k) != doc,
        |k| {
            let d = doc_of(k);
            if !docs.contains(&d) {
                docs.push(d);
            }
        },
    );
    docs
}

/// Overlap of two sorted term sets: shared / size of the smaller one, and 0
/// when they share fewer than three terms.
#[cfg(test)]
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    if shared < 3 {
        return 0.0;
    }
    shared as f64 / a.len().min(b.len()).max(1) as f64
}

/// True for pieces that cannot open a sentence or end one: a lower-case
/// start (the tail of a broken line) or a colon at the end (a lead-in).
fn is_fragment(s: &str) -> bool {
    let first = s.chars().find(|c| c.is_alphanumeric());
    first.is_some_and(char::is_lowercase) || s.trim_end().ends_with(':')
}

/// True for sentences that look like page furniture rather than prose.
fn is_boilerplate(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let lower = s.chars().filter(|c| c.is_lowercase()).count();
    if letters < 10 || (lower as f64) < 0.5 * letters as f64 {
        return true;
    }
    static MARKERS: std::sync::LazyLock<AhoCorasick> = std::sync::LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(BOILERPLATE_MARKERS)
            .expect("the markers are plain strings")
    });
    MARKERS.is_match(s)
}

/// Phrases of page furniture (matched ignoring ASCII case).
const BOILERPLATE_MARKERS: &[&str] = &[
    "http://",
    "https://",
    "www.",
    ".com/",
    "click here",
    "sign up",
    "subscribe",
    "newsletter",
    "all rights reserved",
    "copyright",
    "©",
    "(ap photo",
    "photo:",
    "photo by",
    "photograph:",
    "getty images",
    "file photo",
    "handout photo",
    "image caption",
    "image copyright",
    "media playback",
    "follow us",
    "follow him on",
    "follow her on",
    "share this",
    "read more",
    "continue reading",
    "advertisement",
    "cookies",
    "javascript",
    "your browser",
    "terms of service",
    "privacy policy",
    "related:",
    "log in",
    "e-mail this",
    "this article",
    "this story",
    "contributed to this report",
    "internet archive",
    "crawl",
    "tweet with a location",
    "can be seen here",
    "watch:",
    "video:",
    "listen:",
    "@",
];

/// Score factor for how well a sentence reads on its own.
fn quality(s: &str, p: &Tuning) -> f64 {
    let mut q = 1.0;
    if starts_dangling(s) {
        q *= p.dangling;
    }
    if is_bare_quote(s) {
        q *= p.bare_quote;
    }
    if is_unterminated(s) {
        q *= p.unterminated;
    }
    q
}

/// True when the sentence opens with a word that needs earlier context.
fn starts_dangling(s: &str) -> bool {
    let first: String = s
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
        .flat_map(char::to_lowercase)
        .collect();
    matches!(
        first.as_str(),
        "he" | "she"
            | "it"
            | "they"
            | "his"
            | "her"
            | "their"
            | "its"
            | "this"
            | "these"
            | "those"
            | "but"
            | "and"
            | "or"
            | "so"
            | "however"
            | "also"
            | "still"
            | "meanwhile"
            | "instead"
            | "yet"
            | "moreover"
            | "furthermore"
            | "nevertheless"
            | "nonetheless"
            | "thus"
            | "therefore"
            | "hence"
            | "otherwise"
            | "he's"
            | "she's"
            | "it's"
            | "they're"
    )
}

/// True for a quotation with nobody named as its source: it opens with a
/// quotation mark and no attribution verb follows.
fn is_bare_quote(s: &str) -> bool {
    if !s.starts_with(['"', '“', '\'', '‘']) {
        return false;
    }
    let l = s.to_lowercase();
    const CUES: &[&str] = &[
        " said",
        " says",
        " told",
        " tells",
        " according to",
        " wrote",
        " writes",
        " added",
        " adds",
        " explained",
        " explains",
        " asked",
        " asks",
        " tweeted",
        " stated",
        " noted",
    ];
    !CUES.iter().any(|c| l.contains(c))
}

/// True when the sentence does not end like one (a headline or a cut-off
/// line).
fn is_unterminated(s: &str) -> bool {
    !crate::segment::ends_sentence(s) || s.trim_end().ends_with(':')
}

/// English stop words (function words that carry no topic).
fn is_stop_word(w: &str) -> bool {
    crate::lexicon::STOP_WORDS.binary_search(&w).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment;

    fn run(texts: &[&str], options: SummaryOptions) -> Vec<SummarySentence> {
        let docs: Vec<Document> = texts.iter().map(|t| segment::document(t)).collect();
        let pairs: Vec<(&str, &Document)> = texts.iter().copied().zip(docs.iter()).collect();
        summarize(&pairs, &options)
    }

    fn words(options: usize) -> SummaryOptions {
        SummaryOptions {
            words: Some(options),
            sentences: None,
        }
    }

    fn word_count(summary: &[SummarySentence]) -> usize {
        summary
            .iter()
            .map(|s| s.text.split_whitespace().count())
            .sum()
    }

    /// Three reports of one event; documents 0 and 2 share a sentence.
    const CLUSTER: [&str; 3] = [
        "Heavy flooding forced the evacuation of three thousand residents from the riverside town of Millbrook on Tuesday. \
         Emergency crews used boats to rescue families trapped on rooftops as the river rose to record levels. \
         The mayor declared a state of emergency and asked the national government for help. \
         Schools across the county will stay closed until Friday, officials said.",
        "The river in Millbrook burst its banks after four days of torrential rain, flooding hundreds of homes. \
         Forecasters expect more rain over the weekend, which could push the water even higher. \
         Volunteers filled sandbags outside the town hall through the night. \
         Insurance companies have started sending assessors to the worst affected streets.",
        "Emergency crews used boats to rescue families trapped on rooftops as the river rose to record levels. \
         No deaths have been reported, but two firefighters were treated for hypothermia. \
         The evacuation of Millbrook's riverside districts began early on Tuesday morning. \
         A temporary shelter has opened in the sports centre on the edge of town.",
    ];

    #[test]
    fn respects_word_budget() {
        for budget in [1, 10, 25, 40, 80, 1000] {
            let summary = run(&CLUSTER, words(budget));
            assert!(word_count(&summary) <= budget, "{budget}: {summary:?}");
            if budget >= 25 {
                assert!(!summary.is_empty(), "{budget}");
            }
        }
        assert!(run(&CLUSTER, words(0)).is_empty());
    }

    #[test]
    fn respects_sentence_budget() {
        for budget in 0..5 {
            let summary = run(
                &CLUSTER,
                SummaryOptions {
                    words: None,
                    sentences: Some(budget),
                },
            );
            assert_eq!(summary.len(), budget);
        }
        let both = run(
            &CLUSTER,
            SummaryOptions {
                words: Some(30),
                sentences: Some(3),
            },
        );
        assert!(both.len() <= 3 && word_count(&both) <= 30, "{both:?}");
    }

    #[test]
    fn spans_point_at_source_sentences() {
        let texts = [
            "Le président a parlé à Paris lundi devant des journalistes réunis en nombre. \
             The minister said the plan\nwould go ahead next week despite the protests in the capital.",
            CLUSTER[0],
            CLUSTER[1],
        ];
        let docs: Vec<Document> = texts.iter().map(|t| segment::document(t)).collect();
        let summary = run(&texts, words(200));
        assert!(summary.len() >= 3);
        for s in &summary {
            let source = texts[s.doc]
                .get(s.span.start..s.span.end)
                .expect("valid span");
            let collapsed: Vec<&str> = source.split_whitespace().collect();
            assert_eq!(s.text, collapsed.join(" "));
            assert!(!s.text.contains('\n'));
            assert!(
                docs[s.doc].sentences.iter().any(|x| x.span == s.span),
                "{:?} is not a sentence of document {}",
                s.span,
                s.doc
            );
        }
    }

    #[test]
    fn shared_sentence_is_supported_by_both_documents() {
        let summary = run(&CLUSTER, words(200));
        let shared = summary
            .iter()
            .find(|s| s.text.starts_with("Emergency crews used boats"))
            .expect("the sentence two outlets carry is in the summary");
        assert_eq!(shared.support, vec![0, 2]);
        for s in &summary {
            assert!(s.support.contains(&s.doc), "{s:?}");
            assert!(s.support.windows(2).all(|w| w[0] < w[1]), "{s:?}");
        }
    }

    #[test]
    fn no_near_identical_sentences() {
        // A syndicated copy with a different opening line, plus a lightly
        // edited version of the same report.
        let edited = CLUSTER[0]
            .replace("on Tuesday", "on Tuesday morning")
            .replace("officials said", "county officials said");
        let syndicated = format!("Millbrook (Wire) -- {}", CLUSTER[0]);
        let texts = [CLUSTER[0], syndicated.as_str(), edited.as_str(), CLUSTER[1]];
        let summary = run(&texts, words(1000));
        let sets: Vec<std::collections::HashSet<String>> = summary
            .iter()
            .map(|s| {
                s.text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect()
            })
            .collect();
        for (i, a) in sets.iter().enumerate() {
            for b in &sets[i + 1..] {
                let shared = a.intersection(b).count() as f64;
                let smaller = a.len().min(b.len()) as f64;
                assert!(
                    shared / smaller < 0.8,
                    "near-identical pair in {summary:#?}"
                );
            }
        }
        // The copies still count as support.
        let first = summary
            .iter()
            .find(|s| s.text.contains("three thousand residents"))
            .expect("lead sentence chosen");
        assert_eq!(first.support, vec![0, 1, 2]);
    }

    #[test]
    fn skips_boilerplate_and_prefers_standalone_sentences() {
        let text = "Click here to sign up for our daily newsletter and never miss a story again. \
                    The council approved a new library for the north of the city on Monday evening. \
                    But he added that the council approved the library for the north of the city. \
                    Photo: John Smith / Getty Images showing the council approving the library.";
        let summary = run(
            &[text],
            SummaryOptions {
                words: None,
                sentences: Some(1),
            },
        );
        assert_eq!(summary.len(), 1);
        assert!(
            summary[0].text.starts_with("The council approved"),
            "{summary:?}"
        );
    }

    fn standalone_of(text: &str, index: usize) -> Standalone {
        let doc = segment::document(text);
        standalone(text, &doc, index)
    }

    #[test]
    fn pronoun_subject_gets_the_name_from_the_previous_sentence() {
        let text = "Prime Minister Boris Johnson visited the flooded town of Millbrook on Friday morning. \
                    He said the government would pay for   repairs to every damaged home.";
        assert_eq!(
            standalone_of(text, 1),
            Standalone::Named(
                "Boris Johnson said the government would pay for repairs to every damaged home."
                    .into()
            )
        );
        let possessive = "Foreign Secretary Liz Truss met her counterparts in Brussels on Monday. \
                          Her office said the talks had been constructive and would go on.";
        assert_eq!(
            standalone_of(possessive, 1),
            Standalone::Named(
                "Liz Truss's office said the talks had been constructive and would go on.".into()
            )
        );
        // Two sentences back still counts.
        let two_back = "Dr Anna Berg leads the rescue team in the valley. \
                        The team has saved forty people since Tuesday. \
                        She added that the water was still rising.";
        assert!(
            matches!(standalone_of(two_back, 2), Standalone::Named(t) if t.starts_with("Anna Berg added"))
        );
        assert_eq!(standalone_of(text, 0), Standalone::AsIs);
    }

    #[test]
    fn pronoun_subject_without_a_name_is_skipped() {
        // Nobody named before, the pronoun opens the document, a contraction,
        // or an honorific of the other gender.
        for (text, index) in [
            ("The flood hit the town on Friday after days of rain. He said repairs would take months.", 1),
            ("He said repairs would take months to finish in the town.", 0),
            ("Boris Johnson visited the town on Friday. He's promised to pay for the repairs.", 1),
            ("Mr John Smith, the mayor, visited the shelter on Friday. She said it was full.", 1),
        ] {
            assert_eq!(standalone_of(text, index), Standalone::Skip, "{text}");
        }
    }

    #[test]
    fn summaries_have_no_dangling_pronoun_subjects() {
        let a = "Mayor Jane Porter opened a shelter for flooded families in Millbrook on Friday. \
                 She said the town would need months to recover from the worst flood in decades.";
        let b = "The worst flood in decades left hundreds of Millbrook families without homes on Friday. \
                 He added that the town would need months to recover from the flood damage.";
        let summary = run(&[a, b], words(1000));
        assert!(!summary.is_empty());
        for s in &summary {
            assert!(
                !["He ", "She ", "His ", "Her "]
                    .iter()
                    .any(|p| s.text.starts_with(p)),
                "{summary:#?}"
            );
        }
        let named = summary
            .iter()
            .find(|s| s.text.starts_with("Jane Porter said"))
            .expect("the pronoun sentence with its name");
        // The span is still the source sentence, pronoun included.
        let source = &a[named.span.start..named.span.end];
        assert!(source.starts_with("She said the town"), "{source}");
        assert_eq!(named.doc, 0);
        assert!(!summary.iter().any(|s| s.text.contains("He added")));
    }

    #[test]
    fn postings_agree_with_pairwise_overlap() {
        let sets: Vec<Vec<u32>> = (0..60u32)
            .map(|i| {
                let mut v: Vec<u32> = (0..12).map(|k| (i * 7 + k * k * 3 + i % 5) % 40).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let mut index = Postings::new(40, sets.iter().map(Vec::as_slice));
        for threshold in [0.3, 0.5, 0.8] {
            for (i, q) in sets.iter().enumerate() {
                let mut found = Vec::new();
                index.overlapping(q, threshold, |k| k != i, |k| found.push(k));
                found.sort_unstable();
                let expected: Vec<usize> = (0..sets.len())
                    .filter(|&k| k != i && overlap(q, &sets[k]) >= threshold)
                    .collect();
                assert_eq!(found, expected, "set {i} at {threshold}");
            }
        }
    }

    #[test]
    fn words_split_like_alphanumeric_runs() {
        let text = "Café-owner José's 3rd “bid” — 40% off! Ωmega…end";
        let expected: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        let got: Vec<&str> = crate::tokens::words(text).map(|(_, w)| w).collect();
        assert_eq!(got, expected);
        assert_eq!(crate::tokens::words("").count(), 0);
    }

    #[test]
    fn tuning_round_trips_and_rejects_unknown_knobs() {
        let t: Tuning = serde_json::from_str(r#"{"position": 8.0}"#).expect("partial knobs");
        assert_eq!(t.position, 8.0);
        assert_eq!(t.tau, Tuning::default().tau);
        assert!(serde_json::from_str::<Tuning>(r#"{"bogus": 1}"#).is_err());
        let json = serde_json::to_string(&Tuning::default()).expect("serialises");
        assert_eq!(
            serde_json::from_str::<Tuning>(&json).expect("parses"),
            Tuning::default()
        );
    }

    #[test]
    fn empty_input_gives_empty_summary() {
        assert!(summarize(&[], &SummaryOptions::default()).is_empty());
        assert!(run(&["", "   "], words(50)).is_empty());
    }

    #[test]
    #[allow(clippy::print_stderr)] // the skip message
    fn seed_articles_summary_mentions_johnson() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds/");
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("skipped: seed articles not found in {dir}");
            return;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        let texts: Vec<String> = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("readable seed"))
            .collect();
        if texts.len() < 2 {
            eprintln!("skipped: fewer than two seed articles in {dir}");
            return;
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let summary = run(&refs, words(100));
        assert!(word_count(&summary) <= 100);
        assert!(
            summary.iter().any(|s| s.text.contains("Johnson")),
            "{summary:#?}"
        );
        let mut cited: Vec<usize> = summary
            .iter()
            .flat_map(|s| s.support.iter().copied().chain([s.doc]))
            .collect();
        cited.sort_unstable();
        cited.dedup();
        let mut taken: Vec<usize> = summary.iter().map(|s| s.doc).collect();
        taken.sort_unstable();
        taken.dedup();
        assert!(
            taken.len() >= 2,
            "sentences from one document only: {summary:#?}"
        );
        assert!(cited.len() >= 2);
    }

    #[test]
    fn large_document_completes() {
        // About 150,000 words: many distinct sentences with shared vocabulary.
        let mut big = String::new();
        for i in 0..10_000 {
            big.push_str(&format!(
                "Report number {i} says the committee met in room {} to discuss budget item {} today. ",
                i % 97,
                i % 13
            ));
            if i % 5 == 4 {
                big.push('\n');
            }
        }
        assert!(big.split_whitespace().count() >= 150_000);
        let summary = run(&[big.as_str(), CLUSTER[0], CLUSTER[2]], words(264));
        assert!(!summary.is_empty());
        assert!(word_count(&summary) <= 264);
    }
}
