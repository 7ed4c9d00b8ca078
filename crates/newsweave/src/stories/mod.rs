//! Stories: online clustering of an article stream into stories (events).
//!
//! Each article becomes a TF-IDF vector of stemmed terms: sub-linear term
//! frequency, names (capitalised words inside a sentence, acronyms) and title
//! words weighted up, and an IDF taken from the articles seen so far and
//! updated as each one arrives; only its strongest terms are kept, so that
//! the clutter of a long page does not drown the story. A story keeps the sum of its articles' unit
//! vectors, pruned to its strongest terms, so its memory is bounded. An
//! inverted index from terms to stories picks the few stories that share an
//! article's most distinctive terms; the article joins the one with the best
//! cosine if that passes the threshold, and starts a new story otherwise. The
//! threshold rises with the time between the article and the story's dates,
//! so an article weeks later joins only when its content is strongly the
//! same. A passage (word 5-grams) that the article shares with one live
//! story and no other, such as a quote or a wire sentence, halves the
//! cosine it needs to join that story. Optionally, when an article makes two
//! stories alike enough, they merge ([`StoryClusterer::merges`] lists them).
//! Stories past a cap, or long without a new article, are retired, and
//! their centroid, postings and shingles are dropped: memory follows the
//! live stories, not the stream. [`near_duplicates`] links the repeated
//! paragraphs among a story's articles.
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

mod date;
mod near_dup;
mod terms;

use crate::model::{Article, ArticleId, StoryId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

/// Marks a shingle held by more than one live story.
const COMMON: u32 = u32::MAX;
use terms::{Boosts, TermId, Vocabulary};

pub use date::days_since_epoch;
pub use near_dup::{near_duplicates, repeated_share, shingles, DuplicatePair};

/// Parameters of [`StoryClusterer`]. The defaults were chosen on tuning
/// streams built from other data than the evaluation file (see
/// `examples/cluster_proxy_stream.py`), in the middle of the range where
/// B-cubed F1 stays within a point of its best.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoryConfig {
    /// Cosine similarity (article to story centroid) needed to join a story
    /// within `window_days` of the article, or when a date is unknown.
    pub threshold: f64,
    /// Cosine needed to join a story whose articles are `ramp_days` or more
    /// past the window away in time.
    pub strong_threshold: f64,
    /// Articles within this many days of a story's dates join at
    /// `threshold`.
    pub window_days: f64,
    /// Days past the window over which the needed cosine rises to
    /// `strong_threshold`.
    pub ramp_days: f64,
    /// Two stories whose centroids reach this cosine are merged (above 1:
    /// never).
    pub merge_threshold: f64,
    /// Factor for a name-like word (capitalised inside a sentence, or an
    /// acronym).
    pub name_boost: f64,
    /// Factor for a word of the title.
    pub title_boost: f64,
    /// Without a title, take a short first line as the title.
    pub first_line_as_title: bool,
    /// Drop boilerplate paragraphs ([`crate::clean::clean`]) before reading
    /// an article's terms. Off: on the tuning streams it changed nothing
    /// (their texts have no boilerplate) and it costs most of the time of
    /// clustering.
    pub clean_text: bool,
    /// An article with fewer words than this left after cleaning (a crawl
    /// notice, a widget, a paywall stub) is a story of its own and never a
    /// candidate: it says too little to join others or to be joined, and
    /// identical stubs from unrelated pages must not pile up together.
    /// 0 (off) by default: the tuning streams have no stubs to choose a
    /// value on, and a short real brief would lose its story.
    pub min_words: usize,
    /// Added to every IDF (`ln((N + 1) / (df + 1)) + idf_offset`).
    pub idf_offset: f64,
    /// An article is represented by its strongest terms (by TF-IDF) only:
    /// the salient words, not the clutter of a long page.
    pub article_terms: usize,
    /// Terms kept per story centroid.
    pub story_terms: usize,
    /// An article's strongest terms looked up in the inverted index.
    pub query_terms: usize,
    /// Candidate stories scored exactly per article.
    pub candidates: usize,
    /// A query term held by more live stories than this finds no
    /// candidates: it is too common to tell stories apart, and walking its
    /// list would make each article cost time in the number of live stories.
    pub max_postings: usize,
    /// Shared passages as evidence: an article that shares at least this
    /// many word 5-grams (shingles) with one live story and with no other
    /// (a quote or a wire sentence that only that story carries) joins it
    /// at half the cosine otherwise needed. 0: off.
    pub shared_shingles: usize,
    /// Shingles remembered per story (the first ones seen), which bounds
    /// the shingle index by the number of live stories.
    pub story_shingles: usize,
    /// Stories kept live at most; the least recently updated are retired.
    pub max_live_stories: usize,
    /// A story is retired when the newest article seen is this many days
    /// after its last article.
    pub retire_after_days: f64,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            threshold: 0.21,
            strong_threshold: 0.6,
            window_days: 3.0,
            ramp_days: 11.0,
            merge_threshold: 2.0,
            name_boost: 2.0,
            title_boost: 2.0,
            first_line_as_title: true,
            clean_text: false,
            min_words: 0,
            idf_offset: 1.0,
            article_terms: 100,
            story_terms: 150,
            query_terms: 30,
            candidates: 12,
            max_postings: 500,
            shared_shingles: 5,
            story_shingles: 500,
            max_live_stories: 50_000,
            retire_after_days: 60.0,
        }
    }
}

impl StoryConfig {
    /// The cosine an article needs to join a story `gap` days away from it
    /// (`None`: a date is unknown).
    pub fn needed(&self, gap: Option<f64>) -> f64 {
        let Some(gap) = gap else {
            return self.threshold;
        };
        let strong = self.strong_threshold.max(self.threshold);
        let ramp = ((gap - self.window_days) / self.ramp_days.max(1e-9)).clamp(0.0, 1.0);
        self.threshold + (strong - self.threshold) * ramp
    }
}

/// Where one article went, decided when it arrived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The story it joined or started.
    pub story: StoryId,
    /// Cosine to that story's centroid; for a new story, to the closest
    /// story that it did not join (0 when none shares a term).
    pub similarity: f64,
    /// Why: the terms (each shown as first seen) that add most to the
    /// similarity with the story joined, or with the closest story.
    pub reasons: Vec<String>,
    /// True when the article started the story.
    pub new_story: bool,
    /// Days between the article and the nearest article of the story joined
    /// (or of the closest story); `None` when a date is unknown.
    pub days_apart: Option<f64>,
    /// The cosine the article needed to join that story: the threshold,
    /// raised when it is far from the story in time.
    pub needed: f64,
}

/// One story while the stream runs.
#[derive(Debug)]
struct Story {
    /// Sum of its articles' unit vectors in term-frequency space (weights
    /// before IDF, which is applied at comparison time), sorted by term and
    /// pruned to the strongest `story_terms` terms.
    centroid: Vec<(TermId, f32)>,
    /// The centroid's norm under the IDF of `norm_docs` articles (0: stale).
    norm: f32,
    norm_docs: u64,
    /// Number of articles.
    size: u32,
    /// Earliest and latest dates of its articles, in days.
    dates: Option<(f64, f64)>,
    /// Sequence number of the last article added.
    updated: u64,
    /// The story it was merged into.
    merged_into: Option<u32>,
    /// False once retired or merged: no longer a candidate.
    live: bool,
    /// The shingles it put in the shingle index (as owner or as the second
    /// story that made them common), removed when it closes.
    shingles: Vec<u64>,
}

/// Online story clustering: holds the live stories; the same stream always
/// gives the same result.
pub struct StoryClusterer {
    config: StoryConfig,
    vocab: Vocabulary,
    stories: Vec<Story>,
    /// Term → the live stories whose centroid holds it.
    postings: Vec<Vec<u32>>,
    /// Live stories by (last update, index): the front is retired first.
    by_update: BTreeSet<(u64, u32)>,
    /// Every article and the story it joined, in input order.
    assigned: Vec<(ArticleId, u32)>,
    /// The latest article date seen.
    newest_day: Option<f64>,
    /// (story merged away, story it joined), in order.
    merges: Vec<(u32, u32)>,
    /// Shingle → the one live story that has it, or [`COMMON`] when two
    /// or more do.
    shingle_owner: HashMap<u64, u32, BuildHasherDefault<terms::FxHasher>>,
    /// Scratch: candidate score per story and the stories touched.
    score: Vec<f32>,
    touched: Vec<u32>,
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
            .field("articles", &self.assigned.len())
            .field("stories", &self.stories.len())
            .field("live", &self.by_update.len())
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

/// The id of the story at `index`: "s0001", "s0002", ...
fn story_id(index: u32) -> StoryId {
    StoryId(format!("s{:04}", index as u64 + 1))
}

/// A candidate story with its exact cosine and the cosine it needed.
struct Scored {
    story: u32,
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
        StoryClusterer {
            config,
            vocab,
            stories: Vec::new(),
            postings: Vec::new(),
            by_update: BTreeSet::new(),
            assigned: Vec::new(),
            newest_day: None,
            merges: Vec::new(),
            shingle_owner: HashMap::default(),
            score: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// The parameters in use.
    pub fn config(&self) -> &StoryConfig {
        &self.config
    }

    /// Number of stories still open to new articles.
    pub fn live_stories(&self) -> usize {
        self.by_update.len()
    }

    /// Counts `article` in the document frequencies without clustering it:
    /// warms the IDF with a background corpus (past articles) before a
    /// stream starts.
    pub fn observe(&mut self, article: &Article) {
        let tf = self.term_frequencies(article, &article.text);
        self.vocab.add_document(tf.iter().map(|&(t, _)| t));
    }

    /// The weighted term frequencies of `article`, sorted by term.
    fn term_frequencies(&mut self, article: &Article, content: &str) -> Vec<(TermId, f32)> {
        let boosts = Boosts {
            name: self.config.name_boost as f32,
            title: self.config.title_boost as f32,
        };
        self.vocab.term_frequencies(
            article.title.as_deref(),
            content,
            self.config.first_line_as_title,
            boosts,
        )
    }

    /// Assigns `article` to a story, from the articles before it only.
    pub fn add(&mut self, article: &Article) -> Assignment {
        if self.config.clean_text {
            let content = content(&article.text);
            self.add_content(article, &content)
        } else {
            self.add_content(article, &article.text)
        }
    }

    /// As [`add`](Self::add), with the text to read terms from given:
    /// [`content`] of the article's text (drivers that clean articles in
    /// parallel pass it here), or the text itself.
    pub fn add_content(&mut self, article: &Article, content: &str) -> Assignment {
        let seq = self.assigned.len() as u64;
        let stub = content
            .split_whitespace()
            .take(self.config.min_words)
            .count()
            < self.config.min_words;
        let day = article.date.as_deref().and_then(days_since_epoch);
        if let Some(d) = day {
            self.newest_day = Some(self.newest_day.map_or(d, |n| n.max(d)));
        }
        let mut tf = self.term_frequencies(article, content);
        self.vocab.add_document(tf.iter().map(|&(t, _)| t));
        if self.postings.len() < self.vocab.len() {
            self.postings.resize_with(self.vocab.len(), Vec::new);
        }
        if tf.len() > self.config.article_terms {
            let vocab = &self.vocab;
            tf.sort_unstable_by(|a, b| {
                (b.1 * vocab.idf(b.0))
                    .total_cmp(&(a.1 * vocab.idf(a.0)))
                    .then(a.0.cmp(&b.0))
            });
            tf.truncate(self.config.article_terms.max(1));
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
                    .then(b.story.cmp(&a.story))
            });
        let closest = scored
            .iter()
            .max_by(|a, b| a.cosine.total_cmp(&b.cosine).then(b.story.cmp(&a.story)));

        // Shared passages: the one story holding enough of the article's
        // rare shingles joins at half the cosine otherwise needed.
        let shingles = if self.config.shared_shingles > 0 && !stub {
            near_dup::shingles(content)
        } else {
            Vec::new()
        };
        let mut passage: Option<(u32, usize)> = None;
        if best.is_none() && !shingles.is_empty() {
            let mut owners: Vec<u32> = shingles
                .iter()
                .filter_map(|h| self.shingle_owner.get(h).copied())
                .filter(|&o| o != COMMON)
                .collect();
            owners.sort_unstable();
            let mut runs = owners.chunk_by(|a, b| a == b).map(|r| (r[0], r.len()));
            if let Some((story, n)) = runs.next() {
                if runs.next().is_none() && n >= self.config.shared_shingles {
                    passage = Some((story, n));
                }
            }
        }
        let by_passage = passage.and_then(|(story, _)| {
            let s = scored.iter().find(|s| s.story == story);
            let cosine = s.map_or_else(
                || {
                    self.refresh_norm(story);
                    self.cosine(&query, story)
                },
                |s| s.cosine,
            );
            let needed = s.map_or_else(
                || {
                    self.config
                        .needed(gap(day.map(|d| (d, d)), self.stories[story as usize].dates))
                },
                |s| s.needed,
            ) / 2.0;
            (cosine >= needed).then_some(Scored {
                story,
                cosine,
                needed,
            })
        });
        let best = best.or(by_passage.as_ref());
        let shown = best.or(closest);
        let days_apart =
            shown.and_then(|s| gap(day.map(|d| (d, d)), self.stories[s.story as usize].dates));
        let needed = shown.map_or(self.config.needed(None), |s| s.needed);
        let (story, similarity, reasons, new_story) = match best {
            Some(s) => {
                let mut reasons = self.reasons(&query, s.story);
                if let Some((_, n)) = passage.filter(|_| by_passage.is_some()) {
                    reasons.insert(0, format!("{n} shared passages"));
                }
                (s.story, s.cosine, reasons, false)
            }
            None => {
                let (similarity, reasons) = match closest {
                    Some(c) => (c.cosine, self.reasons(&query, c.story)),
                    None => (0.0, Vec::new()),
                };
                let index = self.stories.len() as u32;
                self.stories.push(Story {
                    centroid: Vec::new(),
                    norm: 0.0,
                    norm_docs: 0,
                    size: 0,
                    dates: None,
                    updated: seq,
                    merged_into: None,
                    live: true,
                    shingles: Vec::new(),
                });
                self.score.push(0.0);
                (index, similarity, reasons, true)
            }
        };

        // Add the article to the story: its TF part, scaled as in its unit
        // TF-IDF vector, so that applying IDF later gives that vector back.
        let unit_tf: Vec<(TermId, f32)> = if norm > 0.0 {
            tf.iter().map(|&(t, w)| (t, w / norm)).collect()
        } else {
            Vec::new()
        };
        self.absorb(story, &unit_tf, day.map(|d| (d, d)), 1, seq);
        if stub {
            self.close(story);
        } else {
            self.index_shingles(story, &shingles);
        }
        if self.config.merge_threshold <= 1.0 {
            self.merge_alike(story, &scored, seq);
        }
        self.retire();
        self.assigned.push((article.id.clone(), story));
        tracing::trace!(article = %article.id, story, similarity, new_story, "assigned");
        Assignment {
            story: story_id(story),
            similarity,
            reasons,
            new_story,
            days_apart,
            needed,
        }
    }

    /// The merges so far, in order: (story merged away, story it joined).
    pub fn merges(&self) -> Vec<(StoryId, StoryId)> {
        self.merges
            .iter()
            .map(|&(gone, into)| (story_id(gone), story_id(into)))
            .collect()
    }

    /// The final story of every article, in input order, after merges.
    pub fn finish(self) -> Vec<(ArticleId, StoryId)> {
        let root = |mut s: u32| {
            while let Some(p) = self.stories[s as usize].merged_into {
                s = p;
            }
            s
        };
        self.assigned
            .iter()
            .map(|(id, s)| (id.clone(), story_id(root(*s))))
            .collect()
    }

    /// The candidate stories for a unit query vector, with exact cosines:
    /// the stories that share the query's strongest terms, ranked by the
    /// summed weight of those terms, the best `candidates` of them scored.
    fn candidates(&mut self, query: &[(TermId, f32)], day: Option<f64>) -> Vec<Scored> {
        let mut strongest: Vec<(TermId, f32)> = query.to_vec();
        strongest.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        strongest.truncate(self.config.query_terms);
        for &(t, w) in &strongest {
            let list = &self.postings[t as usize];
            if list.len() > self.config.max_postings {
                continue;
            }
            for &s in list {
                let score = &mut self.score[s as usize];
                if *score == 0.0 {
                    self.touched.push(s);
                }
                *score += w;
            }
        }
        let mut ranked: Vec<(u32, f32)> = self
            .touched
            .drain(..)
            .map(|s| (s, std::mem::take(&mut self.score[s as usize])))
            .collect();
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let keep = self.config.candidates.max(1);
        if ranked.len() > keep {
            ranked.select_nth_unstable_by(keep - 1, order);
            ranked.truncate(keep);
        }
        ranked.sort_unstable_by(order);
        ranked
            .into_iter()
            .map(|(s, _)| {
                self.refresh_norm(s);
                let story = &self.stories[s as usize];
                Scored {
                    story: s,
                    cosine: self.cosine(query, s),
                    needed: self.config.needed(gap(day.map(|d| (d, d)), story.dates)),
                }
            })
            .collect()
    }

    /// Recomputes a story's norm if it changed or the IDF has moved since
    /// (by more than 1/64 of the articles seen).
    fn refresh_norm(&mut self, story: u32) {
        let docs = self.vocab.docs();
        let s = &mut self.stories[story as usize];
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
    fn cosine(&self, query: &[(TermId, f32)], story: u32) -> f64 {
        let s = &self.stories[story as usize];
        if s.norm <= 0.0 {
            return 0.0;
        }
        let dot = merge_join(query, &s.centroid)
            .map(|(t, q, c)| q * c * self.vocab.idf(t))
            .sum::<f32>();
        f64::from(dot / s.norm)
    }

    /// The five terms that add most to the cosine of `query` with `story`.
    fn reasons(&self, query: &[(TermId, f32)], story: u32) -> Vec<String> {
        let centroid = &self.stories[story as usize].centroid;
        let mut shared: Vec<(TermId, f32)> = merge_join(query, centroid)
            .map(|(t, q, c)| (t, q * c * self.vocab.idf(t)))
            .collect();
        shared.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        shared
            .iter()
            .take(5)
            .map(|&(t, _)| self.vocab.surface(t).to_string())
            .collect()
    }

    /// Adds `size` articles with the summed vector `add` (TF space) and the
    /// date range `dates` to `story`, prunes its centroid and keeps the
    /// inverted index in step.
    fn absorb(
        &mut self,
        story: u32,
        add: &[(TermId, f32)],
        dates: Option<(f64, f64)>,
        size: u32,
        seq: u64,
    ) {
        let s = &mut self.stories[story as usize];
        let old = std::mem::take(&mut s.centroid);
        let mut merged = Vec::with_capacity(old.len() + add.len());
        let mut added: Vec<TermId> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < add.len() {
            if j == add.len() || (i < old.len() && old[i].0 < add[j].0) {
                merged.push(old[i]);
                i += 1;
            } else if i == old.len() || add[j].0 < old[i].0 {
                merged.push(add[j]);
                added.push(add[j].0);
                j += 1;
            } else {
                merged.push((old[i].0, old[i].1 + add[j].1));
                i += 1;
                j += 1;
            }
        }
        let keep = self.config.story_terms.max(1);
        let mut dropped: Vec<TermId> = Vec::new();
        if merged.len() > keep {
            let vocab = &self.vocab;
            merged.sort_unstable_by(|a, b| {
                (b.1 * vocab.idf(b.0))
                    .total_cmp(&(a.1 * vocab.idf(a.0)))
                    .then(a.0.cmp(&b.0))
            });
            dropped = merged[keep..].iter().map(|p| p.0).collect();
            merged.truncate(keep);
            merged.sort_unstable_by_key(|p| p.0);
        }
        s.centroid = merged;
        s.norm_docs = 0;
        s.size += size;
        s.dates = match (s.dates, dates) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, None) | (None, x) => x,
        };
        self.by_update.remove(&(s.updated, story));
        s.updated = seq;
        self.by_update.insert((seq, story));
        // Index the new terms that stayed; unindex the old terms dropped.
        dropped.sort_unstable();
        for t in added {
            if dropped.binary_search(&t).is_err() {
                self.postings[t as usize].push(story);
            }
        }
        for t in dropped {
            if old.binary_search_by_key(&t, |p| p.0).is_ok() {
                self.unindex(t, story);
            }
        }
    }

    /// Removes `story` from the postings of `term`.
    fn unindex(&mut self, term: TermId, story: u32) {
        let list = &mut self.postings[term as usize];
        if let Some(i) = list.iter().position(|&s| s == story) {
            list.swap_remove(i);
        }
    }

    /// Records `story`'s new shingles: owned when unseen, common when
    /// another live story has them; at most `story_shingles` per story.
    fn index_shingles(&mut self, story: u32, shingles: &[u64]) {
        let room = self
            .config
            .story_shingles
            .saturating_sub(self.stories[story as usize].shingles.len());
        let mut added = Vec::new();
        for &h in shingles {
            if added.len() >= room {
                break;
            }
            match self.shingle_owner.entry(h) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(story);
                    added.push(h);
                }
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    if *e.get() != story && *e.get() != COMMON {
                        e.insert(COMMON);
                        added.push(h);
                    }
                }
            }
        }
        self.stories[story as usize].shingles.extend(added);
    }

    /// Takes a story out of the running: unindexes it and drops its centroid.
    fn close(&mut self, story: u32) -> Vec<(TermId, f32)> {
        let s = &mut self.stories[story as usize];
        for h in std::mem::take(&mut s.shingles) {
            if let std::collections::hash_map::Entry::Occupied(e) = self.shingle_owner.entry(h) {
                if *e.get() == story || *e.get() == COMMON {
                    e.remove();
                }
            }
        }
        s.live = false;
        self.by_update.remove(&(s.updated, story));
        let centroid = std::mem::take(&mut s.centroid);
        for &(t, _) in &centroid {
            self.unindex(t, story);
        }
        centroid
    }

    /// Merges into `story` the candidate stories whose centroids are now
    /// alike enough to it (the older story's id survives).
    fn merge_alike(&mut self, story: u32, scored: &[Scored], seq: u64) {
        let mut into = story;
        let mut others: Vec<u32> = scored
            .iter()
            .map(|s| s.story)
            .filter(|&s| s != story)
            .collect();
        others.sort_unstable();
        for other in others {
            if !self.stories[other as usize].live {
                continue;
            }
            let (a, b) = (&self.stories[into as usize], &self.stories[other as usize]);
            // Far apart in time, merging needs what joining would.
            let needed = match gap(a.dates, b.dates) {
                Some(g) => self.config.merge_threshold.max(self.config.needed(Some(g))),
                None => self.config.merge_threshold,
            };
            if self.story_cosine(into, other) < needed {
                continue;
            }
            let (keep, gone) = if other < into {
                (other, into)
            } else {
                (into, other)
            };
            let (dates, size) = {
                let g = &self.stories[gone as usize];
                (g.dates, g.size)
            };
            let centroid = self.close(gone);
            self.stories[gone as usize].merged_into = Some(keep);
            self.merges.push((gone, keep));
            tracing::debug!(into = keep, merged = gone, "stories merged");
            self.absorb(keep, &centroid, dates, size, seq);
            into = keep;
        }
    }

    /// Cosine between two story centroids under the current IDF.
    fn story_cosine(&self, a: u32, b: u32) -> f64 {
        let weighted = |s: u32| -> Vec<(TermId, f32)> {
            let c = &self.stories[s as usize].centroid;
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

    /// Retires stories past the live-story cap, and those whose last article
    /// is `retire_after_days` older than the newest article (checked in
    /// order of last update, so a stale story behind a fresher one waits).
    fn retire(&mut self) {
        while let Some(&(_, s)) = self.by_update.first() {
            let stale = match (self.newest_day, self.stories[s as usize].dates) {
                (Some(newest), Some((_, last))) => newest - last > self.config.retire_after_days,
                _ => false,
            };
            if self.by_update.len() <= self.config.max_live_stories && !stale {
                break;
            }
            self.close(s);
        }
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
