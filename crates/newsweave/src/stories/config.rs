//! The parameters of the story clusterer.

use serde::{Deserialize, Serialize};

/// Parameters of [`super::StoryClusterer`]. The defaults were chosen on tuning
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
    /// A clear match joins at a lower cosine: the closest story, when it is
    /// within `window_days` (or undated), joins at this share of the
    /// threshold when its cosine is at least `clear_margin` times that of
    /// the runner-up. In a stream of
    /// unrelated stories an article that shares little with one story and
    /// nearly nothing with any other belongs there; among stories that
    /// share people and topics the runner-up is close and this never fires.
    pub clear_share: f64,
    /// How many times the runner-up's cosine the closest story must reach
    /// to join at `clear_share` of the needed cosine (0: off).
    pub clear_margin: f64,
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
    /// An article of fewer words than this whose text came before, word for
    /// word, is a story of its own, as a stub is: a crawl notice, cookie
    /// wall or widget repeated across unrelated pages. (A repeated long
    /// text is syndication and joins its story.) 0: off.
    pub repeat_stub_words: usize,
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
    /// A story without dates (or in a stream without dates) is retired when
    /// this many articles came after its last one.
    pub retire_after_articles: u64,
    /// Document frequencies are halved every this many articles, and terms
    /// left at zero forgotten (0: never), so that the vocabulary follows the
    /// recent stream and its size stays bounded; the IDF of a term seen
    /// steadily does not change.
    pub idf_halve_every: u64,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            threshold: 0.21,
            strong_threshold: 0.6,
            window_days: 3.0,
            ramp_days: 11.0,
            clear_share: 0.67,
            clear_margin: 2.5,
            merge_threshold: 2.0,
            name_boost: 2.0,
            title_boost: 2.0,
            first_line_as_title: true,
            clean_text: false,
            min_words: 0,
            repeat_stub_words: 150,
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
            retire_after_articles: 200_000,
            idf_halve_every: 100_000,
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
