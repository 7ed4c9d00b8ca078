//! The text layer's word forms: one stemmer for every stage, and term ids
//! that stages compare as integers instead of strings.
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

/// A word's stem (or normalised form) as an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub u64);

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem_id() {
        assert_eq!(stem_id("strikes"), stem_id("strike"));
        assert_eq!(stem_id("strikes"), form_id("strike"));
        assert_ne!(stem_id("strike"), stem_id("convoy"));
        assert_eq!(stem("airstrikes"), "airstrik");
    }
}
