//! Stories: online clustering of an article stream into stories (events).
//!
//! Each article becomes a TF-IDF vector of stemmed terms: sub-linear term
//! frequency, names (capitalised words inside a sentence, acronyms) and title
//! words weighted up, and an IDF taken from the articles seen so far and
//! updated as each one arrives; only its strongest terms are kept, so that
//! the clutter of a long page does not drown the story. A story keeps the
//! sum of its articles' unit vectors, pruned to its strongest terms, so its
//! memory is bounded. An inverted index from terms to stories picks the few
//! stories that share an article's most distinctive terms; the article
//! joins the one with the best cosine if that passes the threshold, and
//! starts a new story otherwise. The threshold rises with the time between
//! the article and the story's dates, so an article weeks later joins only
//! when its content is strongly the same. A passage (word 5-grams) that the
//! article shares with one live story and no other, such as a quote or a
//! wire sentence, halves the cosine it needs to join that story. A clear
//! match, a closest story far ahead of the runner-up, joins at a lower
//! cosine too; and a short text seen word for word before (a crawl notice,
//! a cookie wall) is a story of its own.
//! Optionally, when an article makes two stories alike enough, they merge
//! ([`StoryClusterer::merges`] lists them).
//!
//! Memory follows the live stories, not the stream: stories past a cap, or
//! long without a new article (in days, or in articles when undated), are
//! retired and their state dropped; document frequencies are halved every
//! so many articles and the terms left at zero forgotten; and a driver that
//! takes each article's final story as soon as it is known
//! ([`StoryClusterer::settled`]) keeps no per-article state. Reading an
//! article ([`Prepared`]) needs no clusterer state, so drivers read articles
//! in parallel and cluster them in order. [`near_duplicates`] links the
//! repeated paragraphs among a story's articles.
//!
//! ```
//! use newsweave::model::{Article, ArticleId};
//! use newsweave::stories::StoryClusterer;
//!
//! let article = |id: &str, text: &str| Article {
//!     id: ArticleId(id.into()),
//!     text: text.into(),
//!     ..Article::default()
//! };
//! let mut clusterer = StoryClusterer::new();
//! let a = clusterer.add(&article("a", "Volcano Etna erupts: lava flows reach Catania suburbs as Sicily airport closes."));
//! let b = clusterer.add(&article("b", "Lava from Etna's eruption flowed toward Catania; the Sicily airport closed."));
//! let c = clusterer.add(&article("c", "Arsenal beat Chelsea 2-0 at the Emirates with goals from Saka and Odegaard."));
//! assert!(a.new_story && !b.new_story && c.new_story);
//! assert_eq!(a.story, b.story);
//! let stories = clusterer.finish();
//! assert_eq!(stories[2].1.0, "s0002");
//! ```

mod config;
mod date;
mod live;
mod near_dup;
mod prepare;
mod query;
mod terms;
mod vocab;

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::model::{Article, ArticleId, StoryId};
use live::Live;
use query::QueryTable;
use terms::FxMap;
use vocab::{TermId, Vocabulary};

pub use config::StoryConfig;
pub use date::days_since_epoch;
pub use near_dup::{near_duplicates, repeated_share, shingles, DuplicatePair};
pub use prepare::Prepared;

/// Where one article went, decided when it arrived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The story it joined or started.
    pub story: StoryId,
    /// Cosine to that story's centroid; for a new story, to the closest
    /// story that it did not join (0 when none shares a term).
    pub similarity: f64,
    /// Why: the terms (each shown as first written in the article) that add
    /// most to the similarity with the story joined, or with the closest
    /// story. Empty when the article was prepared without reasons.
    pub reasons: Vec<String>,
    /// True when the article started the story.
    pub new_story: bool,
    /// Days between the article and the nearest article of the story joined
    /// (or of the closest story); `None` when a date is unknown.
    pub days_apart: Option<f64>,
    /// The cosine the article needed to join that story: the threshold,
    /// raised when it is far from the story in time.
    pub needed: f64,
    /// The live story closest to the article before it was placed (`None`
    /// when no story shares a term with it).
    pub closest: Option<StoryId>,
    /// Cosine to the second-closest live story (0 when there is none): how
    /// clearly the closest one stood out.
    pub runner_up: f64,
}

/// Online story clustering: holds the live stories; the same stream always
/// gives the same result.
pub struct StoryClusterer {
    config: StoryConfig,
    vocab: Vocabulary,
    live: Live,
    /// Articles seen.
    seq: u64,
    /// Stories opened.
    opened: u32,
    /// Articles whose final story may still change (under merging), or
    /// that the driver has not taken yet, in input order, with the number
    /// of the story each joined.
    pending: VecDeque<(ArticleId, u32)>,
    /// Live story number → slot.
    slot_of: FxMap<u32, u32>,
    /// Story merged away → the story it joined (numbers).
    merged_into: FxMap<u32, u32>,
    /// The latest article date seen.
    newest_day: Option<f64>,
    /// (story merged away, story it joined), in order (numbers).
    merges: Vec<(u32, u32)>,
    /// Scratch: candidate score per slot and the slots touched.
    score: Vec<f32>,
    touched: Vec<u32>,
    /// Scratch: the query of the article being scored.
    table: QueryTable,
    /// Hashes of the short texts seen (see `repeat_stub_words`), forgotten
    /// when document frequencies are halved.
    short_texts: terms::FxSet<u64>,
}

impl Default for StoryClusterer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for StoryClusterer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoryClusterer")
            .field("config", &self.config)
            .field("articles", &self.seq)
            .field("stories", &self.opened)
            .field("live", &self.live.len())
            .field("terms", &self.vocab.len())
            .finish()
    }
}

/// The text of `text`'s content paragraphs (boilerplate dropped by
/// [`crate::clean::clean`]), a blank line apart.
pub fn content(text: &str) -> String {
    let doc = crate::clean::clean(text);
    let mut out = String::with_capacity(text.len());
    for p in &doc.paragraphs {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(p.span.slice(text));
    }
    out
}

/// The id of the story numbered `number`: "s0001", "s0002", ...
pub fn story_id(number: u32) -> StoryId {
    StoryId(format!("s{:04}", number as u64 + 1))
}

/// Live stories needed before a runner-up says anything: at the start of a
/// stream the closest story stands out only because it is alone.
const CLEAR_MIN_LIVE: usize = 10;

/// A candidate story with its exact cosine and the cosine it needed.
#[derive(Clone, Copy)]
struct Scored {
    slot: u32,
    number: u32,
    cosine: f64,
    needed: f64,
}

/// Days between two date ranges (0 when they overlap).
fn gap(a: Option<(f64, f64)>, b: Option<(f64, f64)>) -> Option<f64> {
    let ((a0, a1), (b0, b1)) = (a?, b?);
    Some((a0 - b1).max(b0 - a1).max(0.0))
}

impl StoryClusterer {
    /// A clusterer with the default [`StoryConfig`].
    pub fn new() -> Self {
        Self::with_config(StoryConfig::default())
    }

    /// A clusterer with the given parameters.
    pub fn with_config(config: StoryConfig) -> Self {
        let mut vocab = Vocabulary::new();
        vocab.idf_offset = config.idf_offset as f32;
        vocab.halve_every = config.idf_halve_every;
        StoryClusterer {
            config,
            vocab,
            live: Live::default(),
            seq: 0,
            opened: 0,
            pending: VecDeque::new(),
            slot_of: FxMap::default(),
            merged_into: FxMap::default(),
            newest_day: None,
            merges: Vec::new(),
            score: Vec::new(),
            touched: Vec::new(),
            table: QueryTable::default(),
            short_texts: terms::FxSet::default(),
        }
    }

    /// The parameters in use.
    pub fn config(&self) -> &StoryConfig {
        &self.config
    }

    /// Number of stories still open to new articles.
    pub fn live_stories(&self) -> usize {
        self.live.len()
    }

    /// Number of terms the IDF table holds.
    pub fn terms(&self) -> usize {
        self.vocab.len()
    }

    /// Counts `article` in the document frequencies without clustering it:
    /// warms the IDF with a background corpus (past articles) before a
    /// stream starts.
    pub fn observe(&mut self, article: &Article) {
        let p = Prepared::with_content(article, &article.text, &self.config, false);
        let tf = self.vocab.ids(&p.terms.weights);
        self.vocab.add_document(tf.iter().map(|&(t, _)| t));
        self.live.reserve_terms(&self.vocab);
        self.halve_if_due();
    }

    /// Assigns `article` to a story, from the articles before it only.
    pub fn add(&mut self, article: &Article) -> Assignment {
        self.add_prepared(Prepared::new(article, &self.config, true))
    }

    /// As [`add`](Self::add), with the text to read terms from given:
    /// [`content`] of the article's text, or the text itself.
    pub fn add_content(&mut self, article: &Article, content: &str) -> Assignment {
        self.add_prepared(Prepared::with_content(article, content, &self.config, true))
    }

    /// Assigns an article read by [`Prepared::new`] (under this clusterer's
    /// parameters) to a story, from the articles before it only.
    pub fn add_prepared(&mut self, article: Prepared) -> Assignment {
        let seq = self.seq;
        self.seq += 1;
        // A short text seen word for word before is boilerplate.
        let repeated = article
            .short_text
            .is_some_and(|h| !self.short_texts.insert(h));
        let stub = article.stub || repeated;
        let day = article.day;
        if let Some(d) = day {
            self.newest_day = Some(self.newest_day.map_or(d, |n| n.max(d)));
        }
        let mut tf = self.vocab.ids(&article.terms.weights);
        self.vocab.add_document(tf.iter().map(|&(t, _)| t));
        self.live.reserve_terms(&self.vocab);
        let keep = self.config.article_terms.max(1);
        if tf.len() > keep {
            let vocab = &self.vocab;
            tf.select_nth_unstable_by(keep - 1, |a, b| {
                (b.1 * vocab.idf(b.0))
                    .total_cmp(&(a.1 * vocab.idf(a.0)))
                    .then(a.0.cmp(&b.0))
            });
            tf.truncate(keep);
            tf.sort_unstable_by_key(|p| p.0);
        }

        // The article's unit TF-IDF vector, sorted by term.
        let mut query: Vec<(TermId, f32)> = tf
            .iter()
            .map(|&(t, w)| (t, w * self.vocab.idf(t)))
            .collect();
        let norm = query.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut query {
                *w /= norm;
            }
        }
        let scored = if norm > 0.0 && !stub {
            self.candidates(&query, day)
        } else {
            Vec::new()
        };
        let best = scored
            .iter()
            .filter(|s| s.cosine >= s.needed && !stub)
            .max_by(|a, b| {
                (a.cosine - a.needed)
                    .total_cmp(&(b.cosine - b.needed))
                    .then(b.number.cmp(&a.number))
            });
        let closest = scored
            .iter()
            .max_by(|a, b| a.cosine.total_cmp(&b.cosine).then(b.number.cmp(&a.number)));
        let runner_up = closest.map_or(0.0, |c| {
            scored
                .iter()
                .filter(|s| s.slot != c.slot)
                .map(|s| s.cosine)
                .fold(0.0, f64::max)
        });
        let closest_story = closest.map(|c| story_id(c.number));

        // Shared passages: the one story holding enough of the article's
        // rare shingles joins at half the cosine otherwise needed.
        let mut passage: Option<(u32, usize)> = None;
        if best.is_none() && !article.shingles.is_empty() && !stub {
            passage = self
                .live
                .passage_owner(&article.shingles, self.config.shared_shingles);
        }
        let by_passage = passage.and_then(|(slot, _)| {
            let s = scored.iter().find(|s| s.slot == slot);
            let cosine = s.map_or_else(
                || {
                    self.refresh_norm(slot);
                    self.cosine(&query, slot)
                },
                |s| s.cosine,
            );
            let story = &self.live.stories[slot as usize];
            let needed = s.map_or_else(
                || self.config.needed(gap(day.map(|d| (d, d)), story.dates)),
                |s| s.needed,
            ) / 2.0;
            (cosine >= needed).then_some(Scored {
                slot,
                number: story.number,
                cosine,
                needed,
            })
        });
        // A clear match: the closest story stands out from the runner-up.
        let clear = closest
            .filter(|c| {
                best.is_none()
                    && !stub
                    && self.config.clear_margin > 0.0
                    && self.live.len() >= CLEAR_MIN_LIVE
                    // Not for a story far away in time: there only strongly
                    // the same content joins.
                    && c.needed <= self.config.threshold
                    && c.cosine >= c.needed * self.config.clear_share
                    && c.cosine >= runner_up * self.config.clear_margin
            })
            .map(|c| Scored {
                needed: c.needed * self.config.clear_share,
                ..*c
            });
        let best = best.or(by_passage.as_ref()).or(clear.as_ref());
        let shown = best.or(closest);
        let days_apart = shown.and_then(|s| {
            gap(
                day.map(|d| (d, d)),
                self.live.stories[s.slot as usize].dates,
            )
        });
        let needed = shown.map_or(self.config.needed(None), |s| s.needed);
        let (slot, number, similarity, reasons, new_story) = match best {
            Some(s) => {
                let mut reasons = self.reasons(&article, &query, s.slot);
                if let Some((_, n)) = passage.filter(|_| by_passage.is_some()) {
                    reasons.insert(0, format!("{n} shared passages"));
                } else if clear.is_some() {
                    reasons.insert(0, format!("clear match (next story {runner_up:.2})"));
                }
                (s.slot, s.number, s.cosine, reasons, false)
            }
            None => {
                let (similarity, reasons) = match closest {
                    Some(c) => (c.cosine, self.reasons(&article, &query, c.slot)),
                    None => (0.0, Vec::new()),
                };
                let number = self.opened;
                self.opened += 1;
                let slot = self.live.open(number, seq);
                self.slot_of.insert(number, slot);
                if self.score.len() < self.live.stories.len() {
                    self.score.resize(self.live.stories.len(), 0.0);
                }
                (slot, number, similarity, reasons, true)
            }
        };

        // Add the article to the story: its TF part, scaled as in its unit
        // TF-IDF vector, so that applying IDF later gives that vector back.
        let unit_tf: Vec<(TermId, f32)> = if norm > 0.0 {
            tf.iter().map(|&(t, w)| (t, w / norm)).collect()
        } else {
            Vec::new()
        };
        self.live.absorb(
            slot,
            &unit_tf,
            day.map(|d| (d, d)),
            1,
            seq,
            &self.vocab,
            self.config.story_terms,
        );
        if stub {
            self.close(slot);
        } else {
            self.live
                .index_shingles(slot, &article.shingles, self.config.story_shingles);
        }
        if self.merging() {
            self.merge_alike(slot, &scored, seq);
        }
        self.retire();
        self.halve_if_due();
        tracing::trace!(article = %article.id, story = number, similarity, new_story, "assigned");
        self.pending.push_back((article.id, number));
        Assignment {
            story: story_id(number),
            similarity,
            reasons,
            new_story,
            days_apart,
            needed,
            closest: closest_story,
            runner_up,
        }
    }

    /// True when stories may merge.
    fn merging(&self) -> bool {
        self.config.merge_threshold <= 1.0
    }

    /// The merges so far, in order: (story merged away, story it joined).
    pub fn merges(&self) -> Vec<(StoryId, StoryId)> {
        self.merges
            .iter()
            .map(|&(gone, into)| (story_id(gone), story_id(into)))
            .collect()
    }

    /// The story that `number` was merged into, in the end (so far).
    fn root(&self, mut number: u32) -> u32 {
        while let Some(&into) = self.merged_into.get(&number) {
            number = into;
        }
        number
    }

    /// Takes the articles whose final story is known, in input order, from
    /// the front of those not taken yet: every article when stories do not
    /// merge, else those up to the first whose story is still live. A
    /// driver that takes them after each article keeps no per-article
    /// state; [`finish`](Self::finish) gives the rest.
    pub fn settled(&mut self) -> impl Iterator<Item = (ArticleId, StoryId)> + '_ {
        std::iter::from_fn(move || {
            let &(_, number) = self.pending.front()?;
            let root = self.root(number);
            if self.merging() && self.slot_of.contains_key(&root) {
                return None;
            }
            let (id, _) = self.pending.pop_front()?;
            Some((id, story_id(root)))
        })
    }

    /// The final story of every article not taken by
    /// [`settled`](Self::settled), in input order, after merges.
    pub fn finish(self) -> Vec<(ArticleId, StoryId)> {
        self.pending
            .iter()
            .map(|(id, s)| (id.clone(), story_id(self.root(*s))))
            .collect()
    }

    /// The candidate stories for a unit query vector, with exact cosines:
    /// the stories that share the query's strongest terms, ranked by the
    /// summed weight of those terms, the best `candidates` of them scored.
    fn candidates(&mut self, query: &[(TermId, f32)], day: Option<f64>) -> Vec<Scored> {
        let mut strongest: Vec<(TermId, f32)> = query.to_vec();
        let n = self.config.query_terms.min(strongest.len());
        let order = |a: &(TermId, f32), b: &(TermId, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if n > 0 && n < strongest.len() {
            strongest.select_nth_unstable_by(n - 1, order);
        }
        strongest.truncate(n);
        strongest.sort_unstable_by(order);
        // Every story met is written at the end of `touched`, which grows
        // only on a story's first meeting (no branch to mispredict); it has
        // room for every slot, and is only read up to its end.
        if self.touched.len() <= self.live.stories.len() {
            self.touched.resize(self.live.stories.len() + 1, 0);
        }
        let mut met = 0;
        for &(t, w) in &strongest {
            let list = &self.live.postings[t as usize];
            if list.len() > self.config.max_postings {
                continue;
            }
            for &s in list {
                let score = &mut self.score[s as usize];
                self.touched[met] = s;
                met += usize::from(*score == 0.0);
                *score += w;
            }
        }
        let numbers = &self.live.numbers;
        let mut ranked: Vec<(u32, u32, f32)> = self.touched[..met]
            .iter()
            .map(|&s| {
                let score = std::mem::take(&mut self.score[s as usize]);
                (s, numbers[s as usize], score)
            })
            .collect();
        let order =
            |a: &(u32, u32, f32), b: &(u32, u32, f32)| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1));
        let keep = self.config.candidates.max(1);
        if ranked.len() > keep {
            ranked.select_nth_unstable_by(keep - 1, order);
            ranked.truncate(keep);
        }
        ranked.sort_unstable_by(order);
        self.table.fill(query);
        ranked
            .into_iter()
            .map(|(slot, number, _)| {
                let cosine = self.scored_cosine(slot);
                let story = &self.live.stories[slot as usize];
                Scored {
                    slot,
                    number,
                    cosine,
                    needed: self.config.needed(gap(day.map(|d| (d, d)), story.dates)),
                }
            })
            .collect()
    }

    /// As [`refresh_norm`](Self::refresh_norm) then
    /// [`cosine`](Self::cosine) with the query in `self.table`, in one pass
    /// over the story's centroid (and the same sums, in the same order).
    fn scored_cosine(&mut self, slot: u32) -> f64 {
        let docs = self.vocab.docs();
        let (vocab, table) = (&self.vocab, &self.table);
        let s = &mut self.live.stories[slot as usize];
        let mut dot = 0.0f32;
        if s.norm_docs == 0 || docs > s.norm_docs + s.norm_docs / 64 {
            let mut norm = 0.0f32;
            for &(t, c) in &s.centroid {
                let idf = vocab.idf(t);
                norm += (c * idf).powi(2);
                if let Some(q) = table.get(t) {
                    dot += q * c * idf;
                }
            }
            s.norm = norm.sqrt();
            s.norm_docs = docs;
        } else {
            for &(t, c) in &s.centroid {
                if let Some(q) = table.get(t) {
                    dot += q * c * vocab.idf(t);
                }
            }
        }
        if s.norm <= 0.0 {
            return 0.0;
        }
        f64::from(dot / s.norm)
    }

    /// Recomputes a story's norm if it changed or the IDF has moved since
    /// (by more than 1/64 of the articles seen).
    fn refresh_norm(&mut self, slot: u32) {
        let docs = self.vocab.docs();
        let s = &mut self.live.stories[slot as usize];
        if s.norm_docs == 0 || docs > s.norm_docs + s.norm_docs / 64 {
            let vocab = &self.vocab;
            s.norm = s
                .centroid
                .iter()
                .map(|&(t, c)| (c * vocab.idf(t)).powi(2))
                .sum::<f32>()
                .sqrt();
            s.norm_docs = docs;
        }
    }

    /// Cosine between a unit query vector and a story's centroid under the
    /// current IDF (with the story's norm as last refreshed).
    fn cosine(&self, query: &[(TermId, f32)], slot: u32) -> f64 {
        let s = &self.live.stories[slot as usize];
        if s.norm <= 0.0 {
            return 0.0;
        }
        let dot = merge_join(query, &s.centroid)
            .map(|(t, q, c)| q * c * self.vocab.idf(t))
            .sum::<f32>();
        f64::from(dot / s.norm)
    }

    /// The five terms that add most to the cosine of `query` with the story
    /// in `slot`, as written in `article` (none when its forms were not
    /// kept).
    fn reasons(&self, article: &Prepared, query: &[(TermId, f32)], slot: u32) -> Vec<String> {
        if article.terms.surfaces.is_empty() {
            return Vec::new();
        }
        let centroid = &self.live.stories[slot as usize].centroid;
        let mut shared: Vec<(TermId, f32)> = merge_join(query, centroid)
            .map(|(t, q, c)| (t, q * c * self.vocab.idf(t)))
            .collect();
        shared.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        shared
            .iter()
            .take(5)
            .filter_map(|&(t, _)| article.surface(self.vocab.key(t)))
            .map(str::to_string)
            .collect()
    }

    /// Takes a story out of the running and drops its state.
    fn close(&mut self, slot: u32) -> Vec<(TermId, f32)> {
        let number = self.live.stories[slot as usize].number;
        self.slot_of.remove(&number);
        self.live.close(slot)
    }

    /// Merges into the story in `slot` the candidate stories whose
    /// centroids are now alike enough to it (the older story's id
    /// survives).
    fn merge_alike(&mut self, slot: u32, scored: &[Scored], seq: u64) {
        let mut into = slot;
        let mut others: Vec<(u32, u32)> = scored
            .iter()
            .filter(|s| s.slot != slot)
            .map(|s| (s.number, s.slot))
            .collect();
        others.sort_unstable();
        for (number, other) in others {
            let o = &self.live.stories[other as usize];
            if !o.live || o.number != number {
                continue;
            }
            let (a, b) = (&self.live.stories[into as usize], o);
            // Far apart in time, merging needs what joining would.
            let needed = match gap(a.dates, b.dates) {
                Some(g) => self.config.merge_threshold.max(self.config.needed(Some(g))),
                None => self.config.merge_threshold,
            };
            if self.story_cosine(into, other) < needed {
                continue;
            }
            let (keep, gone) = if b.number < a.number {
                (other, into)
            } else {
                (into, other)
            };
            let (dates, size, keep_number, gone_number) = {
                let g = &self.live.stories[gone as usize];
                (
                    g.dates,
                    g.size,
                    self.live.stories[keep as usize].number,
                    g.number,
                )
            };
            let centroid = self.close(gone);
            self.merged_into.insert(gone_number, keep_number);
            self.merges.push((gone_number, keep_number));
            tracing::debug!(into = keep_number, merged = gone_number, "stories merged");
            self.live.absorb(
                keep,
                &centroid,
                dates,
                size,
                seq,
                &self.vocab,
                self.config.story_terms,
            );
            into = keep;
        }
    }

    /// Cosine between two story centroids under the current IDF.
    fn story_cosine(&self, a: u32, b: u32) -> f64 {
        let weighted = |s: u32| -> Vec<(TermId, f32)> {
            let c = &self.live.stories[s as usize].centroid;
            let mut v: Vec<(TermId, f32)> =
                c.iter().map(|&(t, w)| (t, w * self.vocab.idf(t))).collect();
            let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v
        };
        let (va, vb) = (weighted(a), weighted(b));
        merge_join(&va, &vb).map(|(_, x, y)| f64::from(x * y)).sum()
    }

    /// Retires stories past the live-story cap, and those whose last
    /// article is `retire_after_days` older than the newest article (or,
    /// without dates, `retire_after_articles` articles back); checked in
    /// order of last update, so a stale story behind a fresher one waits.
    fn retire(&mut self) {
        while let Some(&(updated, s)) = self.live.by_update.first() {
            let stale = match (self.newest_day, self.live.stories[s as usize].dates) {
                (Some(newest), Some((_, last))) => newest - last > self.config.retire_after_days,
                _ => self.seq - updated > self.config.retire_after_articles,
            };
            if self.live.len() <= self.config.max_live_stories && !stale {
                break;
            }
            self.close(s);
        }
    }

    /// Halves the document frequencies when due; the stories' norms are
    /// then recomputed.
    fn halve_if_due(&mut self) {
        if !self.vocab.halving_due() {
            return;
        }
        let postings = &self.live.postings;
        self.vocab
            .halve(|t| postings.get(t as usize).is_some_and(|l| !l.is_empty()));
        for s in &mut self.live.stories {
            s.norm_docs = 0;
        }
        self.short_texts.clear();
    }
}

/// The terms two sorted sparse vectors share, with both weights.
fn merge_join<'a>(
    a: &'a [(TermId, f32)],
    b: &'a [(TermId, f32)],
) -> impl Iterator<Item = (TermId, f32, f32)> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let out = (a[i].0, a[i].1, b[j].1);
                    i += 1;
                    j += 1;
                    return Some(out);
                }
            }
        }
        None
    })
}

#[cfg(test)]
mod tests;
