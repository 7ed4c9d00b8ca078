//! The vocabulary of a stream: term keys ([`TermKey`], hashes of stems) →
//! small dense term ids, with document frequencies for the IDF.
//!
//! The counts live in a window: every `halve_every` articles all document
//! frequencies and the article count are halved, and a term whose count
//! falls to zero gives its id back (unless a live story still holds it).
//! The IDF of a term stays what it was (both sides of the ratio halve), a
//! term not seen for a while is forgotten, and the table holds the terms of
//! the last few windows, not of the whole stream.

use super::terms::{FxMap, TermKey};

/// A term id: an index into [`Vocabulary`]'s tables (and the clusterer's
/// inverted index). Ids are reused once their term is forgotten.
pub(crate) type TermId = u32;

/// Term ids and document frequencies.
pub(crate) struct Vocabulary {
    /// Term key → id.
    ids: FxMap<TermKey, TermId>,
    /// Id → term key (0 for a free id).
    keys: Vec<TermKey>,
    /// Number of articles (in the window) each term occurs in.
    df: Vec<u32>,
    /// `ln(df + 1)`, kept to make IDF cheap.
    ln_df1: Vec<f32>,
    /// Ids given back, reused last in first out.
    free: Vec<TermId>,
    /// Number of articles counted (in the window).
    docs: u64,
    /// `ln(docs + 1)`.
    ln_docs1: f32,
    /// Articles counted since the last halving.
    since_halving: u64,
    /// Articles between halvings (0: never).
    pub halve_every: u64,
    /// Added to every IDF: 1 keeps a term found in every article.
    pub idf_offset: f32,
}

impl Vocabulary {
    pub fn new() -> Self {
        Vocabulary {
            ids: FxMap::default(),
            keys: Vec::new(),
            df: Vec::new(),
            ln_df1: Vec::new(),
            free: Vec::new(),
            docs: 0,
            ln_docs1: 0.0,
            since_halving: 0,
            halve_every: 0,
            idf_offset: 1.0,
        }
    }

    /// One past the largest id in use: the length of tables indexed by id.
    pub fn capacity(&self) -> usize {
        self.keys.len()
    }

    /// Number of terms known.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The key of the term `id`.
    pub fn key(&self, id: TermId) -> TermKey {
        self.keys[id as usize]
    }

    /// The ids of the terms of `weights` (sorted by key), new terms getting
    /// new ids in key order, with their weights, sorted by id.
    pub fn ids(&mut self, weights: &[(TermKey, f32)]) -> Vec<(TermId, f32)> {
        let mut out: Vec<(TermId, f32)> = weights.iter().map(|&(k, w)| (self.id(k), w)).collect();
        out.sort_unstable_by_key(|p| p.0);
        out
    }

    /// The id of `key`, given one if it has none.
    fn id(&mut self, key: TermKey) -> TermId {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = match self.free.pop() {
            Some(id) => {
                self.keys[id as usize] = key;
                id
            }
            None => {
                self.keys.push(key);
                self.df.push(0);
                self.ln_df1.push(0.0);
                (self.keys.len() - 1) as TermId
            }
        };
        self.ids.insert(key, id);
        id
    }

    /// Smoothed inverse document frequency of `term` over the articles
    /// counted: `ln((N + 1) / (df + 1)) + idf_offset`.
    #[inline]
    pub fn idf(&self, term: TermId) -> f32 {
        self.ln_docs1 - self.ln_df1[term as usize] + self.idf_offset
    }

    /// Number of articles counted (in the window).
    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// Counts one more article holding the distinct terms `terms`.
    pub fn add_document(&mut self, terms: impl Iterator<Item = TermId>) {
        for t in terms {
            let df = &mut self.df[t as usize];
            *df += 1;
            self.ln_df1[t as usize] = ((*df + 1) as f32).ln();
        }
        self.docs += 1;
        self.since_halving += 1;
        self.ln_docs1 = ((self.docs + 1) as f32).ln();
    }

    /// True when `halve_every` articles were counted since the last halving.
    pub fn halving_due(&self) -> bool {
        self.halve_every > 0 && self.since_halving >= self.halve_every
    }

    /// Halves every count and the article count, and forgets the terms
    /// left at zero for which `in_use` is false.
    pub fn halve(&mut self, in_use: impl Fn(TermId) -> bool) {
        for id in 0..self.keys.len() {
            if self.keys[id] == 0 {
                continue; // a free id: no term has the key 0
            }
            let df = self.df[id] / 2;
            self.df[id] = df;
            self.ln_df1[id] = ((df + 1) as f32).ln();
            if df == 0 && !in_use(id as TermId) {
                self.ids.remove(&self.keys[id]);
                self.keys[id] = 0;
                self.free.push(id as TermId);
            }
        }
        self.docs /= 2;
        self.ln_docs1 = ((self.docs + 1) as f32).ln();
        self.since_halving = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_grows_with_rarity() {
        let mut v = Vocabulary::new();
        let a = v.ids(&[(11, 1.0), (12, 1.0)]);
        v.add_document(a.iter().map(|p| p.0));
        let b = v.ids(&[(11, 1.0), (13, 1.0)]);
        v.add_document(b.iter().map(|p| p.0));
        let (common, rare) = (b[0].0, b[1].0);
        assert_eq!(v.key(common), 11);
        assert!(v.idf(rare) > v.idf(common));
        assert_eq!(v.len(), 3);
    }

    #[test]
    fn halving_keeps_idf_and_forgets_rare_terms() {
        let mut v = Vocabulary::new();
        v.halve_every = 4;
        // Term 1 in every article, term 2 in one, term 3 in one but held.
        for i in 0..4u64 {
            let mut terms = vec![(1, 1.0)];
            if i == 0 {
                terms.push((2, 1.0));
            }
            if i == 1 {
                terms.push((3, 1.0));
            }
            let ids = v.ids(&terms);
            v.add_document(ids.iter().map(|p| p.0));
        }
        assert!(v.halving_due());
        let (one, two, three) = (v.ids(&[(1, 1.0)])[0].0, 1, 2);
        assert_eq!((v.key(two), v.key(three)), (2, 3));
        let before = v.idf(one);
        v.halve(|id| id == three);
        assert!(!v.halving_due());
        assert_eq!(v.docs(), 2);
        assert!((v.idf(one) - before).abs() < 0.2, "{} {before}", v.idf(one));
        assert_eq!(v.len(), 2, "term 2 is forgotten, term 3 is held");
        // Its id goes to the next new term.
        assert_eq!(v.ids(&[(9, 1.0)])[0].0, two);
        assert_eq!(v.capacity(), 3);
    }
}
