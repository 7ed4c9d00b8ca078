//! Terms: the words of an article → stemmed terms, each named by a 64-bit
//! hash of its stem ([`TermKey`]), with the weighted term frequencies of the
//! article. Reading an article needs no state shared between articles, so
//! drivers read articles on several threads; each thread keeps a bounded
//! cache of the words it has stemmed.

use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lexicon::{STOP_WORDS, STORY_STOP_WORDS};

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
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A set with the fast hasher.
pub(crate) type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// A term: the hash of its stem. Distinct stems of one stream collide with
/// odds of about 1 in 10^7 for a million terms.
pub(crate) type TermKey = u64;

/// Marks a stopword (or a word too short to mean anything) in the cache.
const STOP: TermKey = 0;

/// Words cached per thread, of each kind, before the cache starts afresh.
const CACHE_WORDS: usize = 1 << 17;

/// How one occurrence of a word is weighted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Boosts {
    /// Factor for a capitalised word inside a sentence, or an acronym.
    pub name: f32,
    /// Factor for a word of the title.
    pub title: f32,
}

/// The terms of one article.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct TermCounts {
    /// Each term with its weight `1 + ln(sum)` over its occurrences (each
    /// counting 1, times the boosts that apply), sorted by key.
    pub weights: Vec<(TermKey, f32)>,
    /// When asked for: each term's first form in the article (as written
    /// for a name, else lower-cased), sorted by key.
    pub surfaces: Vec<(TermKey, String)>,
}

/// Stemmed words of one thread: word → term key, or [`STOP`].
struct WordCache {
    stemmer: Stemmer,
    /// Lower-cased ASCII words of at most 16 bytes, packed into a `u128`.
    short: FxMap<u128, TermKey>,
    /// Any other lower-cased word.
    long: FxMap<String, TermKey>,
    /// Scratch buffer for lower-casing.
    lower: String,
}

thread_local! {
    static WORDS: RefCell<WordCache> = RefCell::new(WordCache::new());
}

impl WordCache {
    fn new() -> Self {
        let mut cache = WordCache {
            stemmer: Stemmer::create(Algorithm::English),
            short: FxMap::default(),
            long: FxMap::default(),
            lower: String::new(),
        };
        cache.reset();
        cache
    }

    /// Empties the cache but for the stopwords.
    fn reset(&mut self) {
        self.short.clear();
        self.long.clear();
        for w in STOP_WORDS.iter().chain(STORY_STOP_WORDS) {
            match pack(w) {
                Some(key) => self.short.insert(key, STOP),
                None => self.long.insert(w.to_string(), STOP),
            };
        }
    }

    /// The term of `word` (as written), or `None` for a stopword or a word
    /// too short to mean anything. `self.lower` holds it lower-cased after
    /// a call that did not hit the short-word cache.
    fn term(&mut self, word: &str) -> Option<TermKey> {
        let packed = pack(word);
        if let Some(key) = packed {
            if let Some(&t) = self.short.get(&key) {
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
        if packed.is_none() {
            if let Some(&t) = self.long.get(self.lower.as_str()) {
                return (t != STOP).then_some(t);
            }
        }
        let lower = self.lower.as_str();
        let short = lower.chars().count() < 2;
        let small_number = lower.bytes().all(|b| b.is_ascii_digit()) && lower.len() < 3;
        let t = if short || small_number {
            STOP
        } else {
            let stem = self.stemmer.stem(lower);
            let mut h = FxHasher::default();
            h.write(stem.as_bytes());
            h.write_u64(stem.len() as u64);
            h.finish().max(1)
        };
        if self.short.len() >= CACHE_WORDS || self.long.len() >= CACHE_WORDS {
            self.reset();
        }
        match packed {
            Some(key) => self.short.insert(key, t),
            None => self.long.insert(self.lower.clone(), t),
        };
        (t != STOP).then_some(t)
    }
}

/// The weighted term frequencies of one article (with each term's first
/// form when `surfaces` is set): each occurrence counts 1, times the boosts
/// that apply; a term's weight is `1 + ln(sum)` (sub-linear, so one
/// repeated word does not dominate). Without a title, a headline-like first
/// line is taken as the title when `first_line_as_title` is set.
pub(crate) fn term_counts(
    title: Option<&str>,
    text: &str,
    first_line_as_title: bool,
    boosts: Boosts,
    surfaces: bool,
) -> TermCounts {
    WORDS.with(|cache| {
        let mut reader = Reader {
            cache: &mut cache.borrow_mut(),
            boosts,
            occurrences: Vec::new(),
            surfaces: surfaces.then(Vec::new),
        };
        let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
        if let Some(title) = title {
            reader.line(title, boosts.title);
        } else if first_line_as_title {
            if let Some(first) = lines.peek() {
                if looks_like_headline(first) {
                    reader.line(first, boosts.title);
                    lines.next();
                }
            }
        }
        for line in lines {
            reader.line(line, 1.0);
        }
        reader.finish()
    })
}

/// Reads the lines of one article.
struct Reader<'a> {
    cache: &'a mut WordCache,
    boosts: Boosts,
    /// Every occurrence of a term, with its weight.
    occurrences: Vec<(TermKey, f32)>,
    /// Every occurrence's form, when asked for.
    surfaces: Option<Vec<(TermKey, String)>>,
}

impl Reader<'_> {
    /// Adds the occurrences of one line, each weighted by `factor` and, for
    /// a name-like word, the name boost. A title-case line (most words
    /// capitalised: a headline) gives no name boost.
    fn line(&mut self, line: &str, factor: f32) {
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
            if let Some(t) = self.cache.term(word) {
                let w = if name_like {
                    factor * self.boosts.name
                } else {
                    factor
                };
                self.occurrences.push((t, w));
                if let Some(surfaces) = &mut self.surfaces {
                    let form = if name_like {
                        word.to_string()
                    } else {
                        word.to_lowercase()
                    };
                    surfaces.push((t, form));
                }
            }
        }
    }

    /// Sums the occurrences per term.
    fn finish(mut self) -> TermCounts {
        // Weights are small multiples of the boosts: their sums do not
        // depend on the order of the occurrences.
        self.occurrences.sort_unstable_by_key(|p| p.0);
        let mut weights: Vec<(TermKey, f32)> = Vec::new();
        for (t, w) in self.occurrences {
            match weights.last_mut() {
                Some(last) if last.0 == t => last.1 += w,
                _ => weights.push((t, w)),
            }
        }
        for (_, w) in &mut weights {
            *w = 1.0 + w.max(1.0).ln();
        }
        let mut surfaces = self.surfaces.unwrap_or_default();
        // Stable: the first form of each term stays first.
        surfaces.sort_by_key(|p| p.0);
        surfaces.dedup_by_key(|p| p.0);
        TermCounts { weights, surfaces }
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

    /// (form, weight) of each term, in order of first occurrence.
    fn weights(title: Option<&str>, text: &str) -> Vec<(String, f32)> {
        let counts = term_counts(title, text, false, BOOSTS, true);
        let mut out: Vec<(usize, String, f32)> = counts
            .weights
            .iter()
            .map(|&(t, w)| {
                let i = counts.surfaces.binary_search_by_key(&t, |p| p.0).unwrap();
                let form = counts.surfaces[i].1.clone();
                let at = text
                    .to_lowercase()
                    .find(&form.to_lowercase())
                    .unwrap_or(usize::MAX);
                (at, form, w)
            })
            .collect();
        out.sort_by_key(|p| p.0);
        out.into_iter().map(|(_, s, w)| (s, w)).collect()
    }

    #[test]
    fn stems_drops_stopwords_and_boosts_names() {
        let w = weights(
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
        let w = weights(Some("Miners Rescued After Long Ordeal"), "miners");
        let miners = w.iter().find(|(s, _)| s == "miners").map(|p| p.1);
        assert_eq!(miners, Some(1.0 + 4f32.ln()));
    }

    #[test]
    fn the_same_words_give_the_same_keys_on_any_thread() {
        let text = "Volcano Etna erupted near Catania; the eruptions closed the airport.";
        let here = term_counts(None, text, true, BOOSTS, false);
        let there = std::thread::spawn(move || term_counts(None, text, true, BOOSTS, false))
            .join()
            .unwrap();
        assert_eq!(here, there);
        assert!(here.surfaces.is_empty());
        // Eight words, "erupted" and "eruptions" sharing the stem "erupt".
        assert_eq!(here.weights.len(), 7, "{:?}", here.weights);
    }

    #[test]
    fn a_full_cache_starts_afresh_and_keeps_stopwords() {
        let mut cache = WordCache::new();
        let before = cache.term("eruption");
        for i in 0..CACHE_WORDS + 10 {
            cache.term(&format!("w{i}"));
        }
        assert!(cache.short.len() < CACHE_WORDS);
        assert_eq!(cache.term("the"), None);
        assert_eq!(cache.term("eruption"), before);
    }
}
