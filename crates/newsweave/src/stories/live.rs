//! The live stories: their centroids in reusable slots, the inverted index
//! from terms to stories, and the index of the passages (shingles) they
//! hold. A retired or merged story gives its slot back, so memory follows
//! the live stories, not the stream.

use std::collections::BTreeSet;

use super::terms::FxMap;
use super::vocab::{TermId, Vocabulary};

/// Marks a shingle held by more than one live story.
const COMMON: u32 = u32::MAX;

/// One live story.
#[derive(Debug, Default)]
pub(crate) struct Story {
    /// Its number (story id `s{number + 1}`), counted from the stream start.
    pub number: u32,
    /// Sum of its articles' unit vectors in term-frequency space (weights
    /// before IDF, which is applied at comparison time), sorted by term and
    /// pruned to the strongest `story_terms` terms.
    pub centroid: Vec<(TermId, f32)>,
    /// For each centroid term, the story's position in that term's postings.
    at: Vec<u32>,
    /// The centroid's norm under the IDF of `norm_docs` articles (0: stale).
    pub norm: f32,
    pub norm_docs: u64,
    /// Number of articles.
    pub size: u32,
    /// Earliest and latest dates of its articles, in days.
    pub dates: Option<(f64, f64)>,
    /// Sequence number of the last article added.
    pub updated: u64,
    /// False for a free slot.
    pub live: bool,
    /// The shingles it put in the shingle index (as owner or as the second
    /// story that made them common), removed when it closes.
    shingles: Vec<u64>,
}

/// The live stories and their indexes.
#[derive(Default)]
pub(crate) struct Live {
    /// Stories by slot; a free slot is not live.
    pub stories: Vec<Story>,
    /// The number of the story in each slot, kept apart for fast scans.
    pub numbers: Vec<u32>,
    /// Free slots, reused last in first out.
    free: Vec<u32>,
    /// Term → the slots of the live stories whose centroid holds it.
    pub postings: Vec<Vec<u32>>,
    /// Live stories by (last update, slot): the front is retired first.
    pub by_update: BTreeSet<(u64, u32)>,
    /// Shingle → the one live story (slot) that has it, or [`COMMON`] when
    /// two or more do.
    shingle_owner: FxMap<u64, u32>,
}

impl Live {
    /// Number of live stories.
    pub fn len(&self) -> usize {
        self.by_update.len()
    }

    /// Number of shingles indexed.
    #[cfg(test)]
    pub fn shingles_indexed(&self) -> usize {
        self.shingle_owner.len()
    }

    /// Opens an empty story numbered `number` in a free slot.
    pub fn open(&mut self, number: u32, seq: u64) -> u32 {
        let story = Story {
            number,
            updated: seq,
            live: true,
            ..Story::default()
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.stories[slot as usize] = story;
                self.numbers[slot as usize] = number;
                slot
            }
            None => {
                self.stories.push(story);
                self.numbers.push(number);
                (self.stories.len() - 1) as u32
            }
        };
        self.by_update.insert((seq, slot));
        slot
    }

    /// Makes room in the postings for every term id of `vocab`.
    pub fn reserve_terms(&mut self, vocab: &Vocabulary) {
        if self.postings.len() < vocab.capacity() {
            self.postings.resize_with(vocab.capacity(), Vec::new);
        }
    }

    /// Adds `size` articles with the summed vector `add` (TF space, sorted
    /// by term) and the date range `dates` to the story in `slot`, prunes
    /// its centroid to the `keep` strongest terms under `vocab`'s IDF and
    /// keeps the inverted index in step.
    #[allow(clippy::too_many_arguments)]
    pub fn absorb(
        &mut self,
        slot: u32,
        add: &[(TermId, f32)],
        dates: Option<(f64, f64)>,
        size: u32,
        seq: u64,
        vocab: &Vocabulary,
        keep: usize,
    ) {
        const NEW: u32 = u32::MAX;
        let s = &mut self.stories[slot as usize];
        let old = std::mem::take(&mut s.centroid);
        let old_at = std::mem::take(&mut s.at);
        // (term, weight, position in the postings or NEW), by term.
        let mut merged: Vec<(TermId, f32, u32)> = Vec::with_capacity(old.len() + add.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < add.len() {
            if j == add.len() || (i < old.len() && old[i].0 < add[j].0) {
                merged.push((old[i].0, old[i].1, old_at[i]));
                i += 1;
            } else if i == old.len() || add[j].0 < old[i].0 {
                merged.push((add[j].0, add[j].1, NEW));
                j += 1;
            } else {
                merged.push((old[i].0, old[i].1 + add[j].1, old_at[i]));
                i += 1;
                j += 1;
            }
        }
        let keep = keep.max(1);
        let mut dropped: Vec<(TermId, f32, u32)> = Vec::new();
        if merged.len() > keep {
            let order = |a: &(TermId, f32, u32), b: &(TermId, f32, u32)| {
                (b.1 * vocab.idf(b.0))
                    .total_cmp(&(a.1 * vocab.idf(a.0)))
                    .then(a.0.cmp(&b.0))
            };
            merged.select_nth_unstable_by(keep - 1, order);
            dropped = merged.split_off(keep);
            merged.sort_unstable_by_key(|p| p.0);
        }
        s.norm_docs = 0;
        s.size += size;
        s.dates = match (s.dates, dates) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, None) | (None, x) => x,
        };
        self.by_update.remove(&(s.updated, slot));
        s.updated = seq;
        self.by_update.insert((seq, slot));
        // Unindex the old terms dropped, then index the new terms kept.
        for &(t, _, at) in &dropped {
            if at != NEW {
                self.unindex(t, at);
            }
        }
        let mut centroid = Vec::with_capacity(merged.len());
        let mut positions = Vec::with_capacity(merged.len());
        for (t, w, at) in merged {
            let at = if at == NEW {
                let list = &mut self.postings[t as usize];
                list.push(slot);
                (list.len() - 1) as u32
            } else {
                at
            };
            centroid.push((t, w));
            positions.push(at);
        }
        let s = &mut self.stories[slot as usize];
        s.centroid = centroid;
        s.at = positions;
    }

    /// Removes the entry at `at` from the postings of `term`, and tells the
    /// story moved into its place where it now is.
    fn unindex(&mut self, term: TermId, at: u32) {
        let list = &mut self.postings[term as usize];
        list.swap_remove(at as usize);
        if let Some(&moved) = list.get(at as usize) {
            let m = &mut self.stories[moved as usize];
            if let Ok(i) = m.centroid.binary_search_by_key(&term, |p| p.0) {
                m.at[i] = at;
            }
        }
    }

    /// Records the story's new shingles: owned when unseen, common when
    /// another live story has them; at most `room` per story.
    pub fn index_shingles(&mut self, slot: u32, shingles: &[u64], room: usize) {
        let room = room.saturating_sub(self.stories[slot as usize].shingles.len());
        let mut added = Vec::new();
        for &h in shingles {
            if added.len() >= room {
                break;
            }
            match self.shingle_owner.entry(h) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(slot);
                    added.push(h);
                }
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    if *e.get() != slot && *e.get() != COMMON {
                        e.insert(COMMON);
                        added.push(h);
                    }
                }
            }
        }
        self.stories[slot as usize].shingles.extend(added);
    }

    /// The one live story holding at least `min` of `shingles` while no
    /// other live story holds any of them alone, with how many it holds.
    pub fn passage_owner(&self, shingles: &[u64], min: usize) -> Option<(u32, usize)> {
        let mut owners: Vec<u32> = shingles
            .iter()
            .filter_map(|h| self.shingle_owner.get(h).copied())
            .filter(|&o| o != COMMON)
            .collect();
        owners.sort_unstable();
        let mut runs = owners.chunk_by(|a, b| a == b).map(|r| (r[0], r.len()));
        let (slot, n) = runs.next()?;
        (runs.next().is_none() && n >= min).then_some((slot, n))
    }

    /// Takes a story out of the running: unindexes it, frees its slot and
    /// returns its centroid.
    pub fn close(&mut self, slot: u32) -> Vec<(TermId, f32)> {
        let s = &mut self.stories[slot as usize];
        for h in std::mem::take(&mut s.shingles) {
            if let std::collections::hash_map::Entry::Occupied(e) = self.shingle_owner.entry(h) {
                if *e.get() == slot || *e.get() == COMMON {
                    e.remove();
                }
            }
        }
        s.live = false;
        self.by_update.remove(&(s.updated, slot));
        let centroid = std::mem::take(&mut s.centroid);
        let at = std::mem::take(&mut s.at);
        for (&(t, _), &p) in centroid.iter().zip(&at) {
            self.unindex(t, p);
        }
        self.free.push(slot);
        centroid
    }

    /// Checks the inverted index against the centroids (tests).
    #[cfg(test)]
    pub fn check(&self) {
        let mut entries = 0;
        for (slot, s) in self.stories.iter().enumerate() {
            assert_eq!(s.centroid.len(), s.at.len());
            for (&(t, _), &at) in s.centroid.iter().zip(&s.at) {
                assert!(s.live);
                assert_eq!(self.postings[t as usize][at as usize], slot as u32);
                entries += 1;
            }
        }
        assert_eq!(entries, self.postings.iter().map(Vec::len).sum::<usize>());
    }
}
