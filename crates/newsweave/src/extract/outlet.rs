//! Boilerplate learned per outlet over a stream of pages: a body block that
//! an earlier page of the same outlet also had ("Sign up to our daily
//! newsletter", a standing disclaimer) is the outlet's furniture, not the
//! article.
//!
//! Learning is online and in input order, so the output does not depend on
//! how the work is split: the first page with a block keeps it, later pages
//! of the outlet lose it. Long blocks are never learned (a repeated long
//! paragraph is the outlet reusing its own reporting), and a page that
//! would lose most of its body keeps it whole (it is a near-copy of an
//! earlier page, which is for duplicate detection to say).
//!
//! The rule ([`furniture_key`], [`keeps_whole`]) is the one
//! [`crate::clean::mark_repeated`] applies to a batch of an outlet's
//! articles; a stream only knows the pages before.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::{Extracted, Reason, Removed};

/// Blocks longer than this (words) are never learned as boilerplate.
const MAX_WORDS: usize = 60;

/// Distinct blocks remembered per outlet; beyond it the outlet's memory is
/// cleared, so memory stays bounded on endless streams.
const MAX_BLOCKS_PER_OUTLET: usize = 20_000;

/// What the stream has shown of each outlet's blocks.
#[derive(Debug, Default)]
pub struct OutletBoilerplate {
    /// Per outlet, hashes of the short blocks its pages had.
    seen: HashMap<String, HashMap<u64, u32>>,
}

impl OutletBoilerplate {
    /// Drops from `page` the short blocks an earlier page of its outlet
    /// had, listing them in [`Extracted::removed`] when `explain` is set,
    /// then remembers the page's blocks. Pages without an outlet pass
    /// untouched.
    pub fn learn_and_strip(&mut self, page: &mut Extracted, explain: bool) {
        let Some(outlet) = page.outlet.clone() else {
            return;
        };
        let seen = self.seen.entry(outlet).or_default();
        let blocks: Vec<&str> = page.text.split("\n\n").collect();
        let keys: Vec<Option<u64>> = blocks.iter().map(|b| furniture_key(b)).collect();
        let repeated: Vec<bool> = keys
            .iter()
            .map(|k| k.is_some_and(|k| seen.contains_key(&k)))
            .collect();
        let dropped = repeated.iter().filter(|&&r| r).count();
        let whole = keeps_whole(dropped, blocks.len());
        if seen.len() > MAX_BLOCKS_PER_OUTLET {
            seen.clear();
        }
        for k in keys.iter().flatten() {
            *seen.entry(*k).or_default() += 1;
        }
        if whole {
            return;
        }
        let mut kept = Vec::with_capacity(blocks.len() - dropped);
        for (block, gone) in blocks.iter().zip(&repeated) {
            if !gone {
                kept.push(*block);
            } else if explain {
                page.removed.push(Removed {
                    text: block.split_whitespace().collect::<Vec<_>>().join(" "),
                    reason: Reason::Repeated,
                });
            }
        }
        page.text = kept.join("\n\n");
    }
}

/// The identity of a block for the repeat rule: its alphanumeric words,
/// lower-cased; `None` for an empty block or one over [`MAX_WORDS`] words,
/// which is never furniture.
pub fn furniture_key(block: &str) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    let mut n = 0usize;
    for w in block
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        n += 1;
        if n > MAX_WORDS {
            return None;
        }
        for c in w.chars().flat_map(char::to_lowercase) {
            c.hash(&mut hasher);
        }
        ' '.hash(&mut hasher);
    }
    (n > 0).then(|| hasher.finish())
}

/// True when a text with `repeated` furniture blocks out of `total` keeps
/// them all: none is repeated, or more than half are (a near-copy).
pub fn keeps_whole(repeated: usize, total: usize) -> bool {
    repeated == 0 || repeated * 2 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(outlet: &str, text: &str) -> Extracted {
        Extracted {
            outlet: Some(outlet.into()),
            text: text.into(),
            ..Extracted::default()
        }
    }

    #[test]
    fn second_page_of_an_outlet_loses_the_shared_furniture() {
        let mut learner = OutletBoilerplate::default();
        let signup = "Sign up for our morning briefing, delivered to your inbox.";
        let mut first = page(
            "Daily Example",
            &format!("Storm hits coast.\n\n{signup}\n\nRoads closed."),
        );
        let mut second = page(
            "Daily Example",
            &format!("Council votes on budget.\n\n{signup}\n\nDebate runs late.\n\nMayor speaks."),
        );
        let mut other = page(
            "Other Times",
            &format!("Budget passes.\n\n{signup}\n\nVote was close."),
        );
        learner.learn_and_strip(&mut first, true);
        learner.learn_and_strip(&mut second, true);
        learner.learn_and_strip(&mut other, true);
        assert!(first.text.contains(signup));
        assert_eq!(
            second.text,
            "Council votes on budget.\n\nDebate runs late.\n\nMayor speaks."
        );
        assert_eq!(second.removed.len(), 1);
        assert_eq!(second.removed[0].reason, Reason::Repeated);
        // Another outlet's copy is syndication or chance, not this outlet's furniture.
        assert!(other.text.contains(signup));
    }

    #[test]
    fn a_near_copy_keeps_its_body() {
        let mut learner = OutletBoilerplate::default();
        let text = "Storm hits coast.\n\nRoads closed.\n\nSchools shut.";
        let mut first = page("Daily Example", text);
        let mut again = page("Daily Example", text);
        learner.learn_and_strip(&mut first, false);
        learner.learn_and_strip(&mut again, false);
        assert_eq!(again.text, text);
    }
}
