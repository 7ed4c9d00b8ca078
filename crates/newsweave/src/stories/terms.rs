//! Terms: words → stemmed term ids, with document frequencies updated as
//! articles arrive, and the weighted term-frequency vector of one article.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast non-cryptographic hasher for short words (the Fx hash of rustc).
/// Maps here are only looked up, never iterated, so no order leaks out.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FxHasher`].
type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A term id: index into [`Vocabulary`]'s tables.
pub(crate) type TermId = u32;

/// Marks a stopword in the word cache.
const STOP: TermId = TermId::MAX;

/// Function words and words every news article uses; never terms.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "are",
    "aren",
    "around",
    "as",
    "at",
    "be",
    "became",
    "because",
    "become",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "couldn",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "done",
    "down",
    "during",
    "each",
    "either",
    "else",
    "enough",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "got",
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
    "however",
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
    "least",
    "less",
    "let",
    "like",
    "ll",
    "made",
    "make",
    "makes",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "never",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "put",
    "rather",
    "re",
    "really",
    "said",
    "same",
    "say",
    "saying",
    "says",
    "see",
    "seen",
    "several",
    "shall",
    "she",
    "should",
    "shouldn",
    "since",
    "so",
    "some",
    "something",
    "still",
    "such",
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
    "thing",
    "things",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "told",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "ve",
    "very",
    "via",
    "was",
    "wasn",
    "way",
    "we",
    "well",
    "were",
    "weren",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won",
    "would",
    "wouldn",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    // Page furniture that survives extraction.
    "advertisement",
    "caption",
    "click",
    "copyright",
    "enlarge",
    "getty",
    "image",
    "images",
    "photo",
    "photos",
    "reserved",
    "rights",
    "share",
    "toggle",
    "video",
];

/// How one occurrence of a word is weighted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Boosts {
    /// Factor for a capitalised word inside a sentence, or an acronym.
    pub name: f32,
    /// Factor for a word of the title.
    pub title: f32,
}

/// Maps words to stemmed terms and keeps their document frequencies.
pub(crate) struct Vocabulary {
    stemmer: Stemmer,
    /// Lower-cased ASCII word of at most 16 bytes, packed into a `u128`
    /// (zero-padded) → term id, or [`STOP`]: most words, compared without
    /// a call to `memcmp`.
    by_short_word: FxMap<u128, TermId>,
    /// Any other lower-cased word → term id, or [`STOP`].
    by_word: FxMap<String, TermId>,
    /// Stem → term id.
    by_stem: FxMap<String, TermId>,
    /// A readable form of each term (the first word seen for it).
    surface: Vec<String>,
    /// Number of articles each term occurs in.
    df: Vec<u32>,
    /// `ln(df + 1)`, kept to make IDF cheap.
    ln_df1: Vec<f32>,
    /// Number of articles seen.
    docs: u64,
    /// `ln(docs + 1)`.
    ln_docs1: f32,
    /// Scratch buffer for lower-casing.
    lower: String,
    /// Scratch: summed weight per term of the article being read, and the
    /// terms it has.
    acc: Vec<f32>,
    touched: Vec<TermId>,
    /// Added to every IDF: 1 keeps a term found in every article.
    pub idf_offset: f32,
}

impl Vocabulary {
    pub fn new() -> Self {
        let by_short_word = STOPWORDS
            .iter()
            .filter_map(|w| Some((pack(w)?, STOP)))
            .collect();
        let by_word = STOPWORDS.iter().map(|w| (w.to_string(), STOP)).collect();
        Vocabulary {
            stemmer: Stemmer::create(Algorithm::English),
            by_short_word,
            by_word,
            by_stem: FxMap::default(),
            surface: Vec::new(),
            df: Vec::new(),
            ln_df1: Vec::new(),
            docs: 0,
            ln_docs1: 0.0,
            lower: String::new(),
            acc: Vec::new(),
            touched: Vec::new(),
            idf_offset: 1.0,
        }
    }

    /// Number of distinct terms seen.
    pub fn len(&self) -> usize {
        self.df.len()
    }

    /// The readable form of `term`.
    pub fn surface(&self, term: TermId) -> &str {
        &self.surface[term as usize]
    }

    /// Smoothed inverse document frequency of `term` over the articles seen
    /// so far: `ln((N + 1) / (df + 1)) + idf_offset`.
    #[inline]
    pub fn idf(&self, term: TermId) -> f32 {
        self.ln_docs1 - self.ln_df1[term as usize] + self.idf_offset
    }

    /// Number of articles seen.
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
        self.ln_docs1 = ((self.docs + 1) as f32).ln();
    }

    /// The term of `word` (as written), or `None` for a stopword or a word
    /// too short to mean anything.
    fn term(&mut self, word: &str, name_like: bool) -> Option<TermId> {
        let packed = pack(word);
        if let Some(key) = packed {
            if let Some(&t) = self.by_short_word.get(&key) {
                return (t != STOP).then_some(t);
            }
        }
        self.lower.clear();
        if word.is_ascii() {
            self.lower.push_str(word);
            self.lower.make_ascii_lowercase();
        } else {
            self.lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        if let Some(&t) = self.by_word.get(self.lower.as_str()) {
            return (t != STOP).then_some(t);
        }
        let lower = self.lower.clone();
        let short = lower.chars().count() < 2;
        let small_number = lower.bytes().all(|b| b.is_ascii_digit()) && lower.len() < 3;
        if short || small_number {
            match packed {
                Some(key) => self.by_short_word.insert(key, STOP),
                None => self.by_word.insert(lower, STOP),
            };
            return None;
        }
        let stem = self.stemmer.stem(&lower).into_owned();
        let t = match self.by_stem.get(&stem) {
            Some(&t) => t,
            None => {
                let t = self.df.len() as TermId;
                self.by_stem.insert(stem, t);
                self.surface.push(if name_like {
                    word.to_string()
                } else {
                    lower.clone()
                });
                self.df.push(0);
                self.ln_df1.push(0.0);
                self.acc.push(0.0);
                t
            }
        };
        match packed {
            Some(key) => self.by_short_word.insert(key, t),
            None => self.by_word.insert(lower, t),
        };
        Some(t)
    }

    /// The weighted term frequencies of one article, sorted by term: each
    /// occurrence counts 1, times the boosts that apply; a term's weight is
    /// `1 + ln(sum)` (sub-linear, so one repeated word does not dominate).
    pub fn term_frequencies(
        &mut self,
        title: Option<&str>,
        text: &str,
        first_line_as_title: bool,
        boosts: Boosts,
    ) -> Vec<(TermId, f32)> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
        if let Some(title) = title {
            self.line(title, boosts.title, boosts);
        } else if first_line_as_title {
            if let Some(first) = lines.peek() {
                if looks_like_headline(first) {
                    self.line(first, boosts.title, boosts);
                    lines.next();
                }
            }
        }
        for line in lines {
            self.line(line, 1.0, boosts);
        }
        self.touched.sort_unstable();
        let acc = &mut self.acc;
        self.touched
            .drain(..)
            .map(|t| (t, 1.0 + std::mem::take(&mut acc[t as usize]).max(1.0).ln()))
            .collect()
    }

    /// Adds the occurrences of one line, each weighted by `factor` and, for
    /// a name-like word, the name boost. A title-case line (most words
    /// capitalised: a headline) gives no name boost.
    fn line(&mut self, line: &str, factor: f32, boosts: Boosts) {
        // A headline is short: long lines are not checked.
        let title_case = line.len() <= 400 && is_title_case(line);
        let bytes = line.as_bytes();
        let mut sentence_start = true;
        let mut i = 0;
        while i < bytes.len() {
            let (alnum, len) = char_at(line, i);
            if !alnum {
                if matches!(bytes[i], b'.' | b'!' | b'?') {
                    sentence_start = true;
                }
                i += len;
                continue;
            }
            let start = i;
            i += len;
            while i < bytes.len() {
                let (alnum, len) = char_at(line, i);
                if !alnum {
                    break;
                }
                i += len;
            }
            let word = &line[start..i];
            let name_like = !title_case && is_name_like(word, sentence_start);
            sentence_start = false;
            if let Some(t) = self.term(word, name_like) {
                let w = if name_like {
                    factor * boosts.name
                } else {
                    factor
                };
                let sum = &mut self.acc[t as usize];
                if *sum == 0.0 {
                    self.touched.push(t);
                }
                *sum += w;
            }
        }
    }
}

/// An ASCII word of 1 to 16 bytes, lower-cased and packed into a `u128`.
#[inline]
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 16 || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 16];
    for (b, w) in buf.iter_mut().zip(bytes) {
        *b = w.to_ascii_lowercase();
    }
    Some(u128::from_le_bytes(buf))
}

/// Whether the char at byte `i` of `s` (a char boundary) is alphanumeric,
/// and its length in bytes; ASCII without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        (b.is_ascii_alphanumeric(), 1)
    } else {
        let c = s[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric(), c.len_utf8())
    }
}

/// A capitalised word not opening a sentence ("Kenya" in "... in Kenya"), or
/// an acronym of two to six capitals ("NASA") anywhere.
fn is_name_like(word: &str, sentence_start: bool) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let n = word.chars().count();
    let acronym = (2..=6).contains(&n) && word.chars().all(|c| c.is_uppercase());
    acronym || !sentence_start
}

/// True when most words of a line of four or more words are capitalised.
fn is_title_case(line: &str) -> bool {
    let mut words = 0;
    let mut capitalised = 0;
    for w in line.split_whitespace() {
        let Some(c) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        words += 1;
        if c.is_uppercase() || c.is_numeric() {
            capitalised += 1;
        }
    }
    words >= 4 && capitalised * 10 >= words * 7
}

/// A short first line without final punctuation, such as a headline.
fn looks_like_headline(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    (1..=20).contains(&words) && !line.ends_with(['.', ',', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOSTS: Boosts = Boosts {
        name: 2.0,
        title: 3.0,
    };

    fn weights(v: &mut Vocabulary, title: Option<&str>, text: &str) -> Vec<(String, f32)> {
        let tf = v.term_frequencies(title, text, false, BOOSTS);
        tf.into_iter()
            .map(|(t, w)| (v.surface(t).to_string(), w))
            .collect()
    }

    #[test]
    fn stems_drops_stopwords_and_boosts_names() {
        let mut v = Vocabulary::new();
        let w = weights(
            &mut v,
            None,
            "Rescue teams rescued the miners. Officials in Chile said so.",
        );
        let names: Vec<&str> = w.iter().map(|(s, _)| s.as_str()).collect();
        // "rescue" and "rescued" share a stem; "the", "in", "said", "so" are stopwords.
        assert_eq!(names, ["rescue", "teams", "miners", "officials", "Chile"]);
        let rescue = w[0].1;
        assert!((rescue - (1.0 + 2f32.ln())).abs() < 1e-6);
        // "Chile" is a name inside a sentence; "Officials" opens one.
        assert!((w[4].1 - (1.0 + 2f32.ln())).abs() < 1e-6);
        assert_eq!(w[3].1, 1.0);
    }

    #[test]
    fn title_words_weigh_more_but_title_case_is_no_name() {
        let mut v = Vocabulary::new();
        let w = weights(&mut v, Some("Miners Rescued After Long Ordeal"), "miners");
        let miners = w.iter().find(|(s, _)| s == "miners").map(|p| p.1);
        assert_eq!(miners, Some(1.0 + 4f32.ln()));
    }

    #[test]
    fn idf_grows_with_rarity() {
        let mut v = Vocabulary::new();
        let a = v.term_frequencies(None, "volcano eruption", false, BOOSTS);
        v.add_document(a.iter().map(|p| p.0));
        let b = v.term_frequencies(None, "volcano lava", false, BOOSTS);
        v.add_document(b.iter().map(|p| p.0));
        let (volcano, lava) = (b[0].0, b[1].0);
        assert!(v.idf(lava) > v.idf(volcano));
        assert_eq!(v.len(), 3);
    }
}
