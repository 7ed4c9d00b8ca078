//! An article read for clustering: its weighted terms, shingles and date.
//! Reading needs the parameters only, not the clusterer's state, so a
//! driver reads articles on several threads ([`Prepared::new`]) and hands
//! them to [`super::StoryClusterer::add_prepared`] in stream order.

use serde::{Deserialize, Serialize};

use super::terms::{self, Boosts, TermCounts};
use super::{content, days_since_epoch, near_dup, StoryConfig};
use crate::model::{Article, ArticleId};

/// An article read for clustering. Its serde form lets a distributed driver
/// read articles on many machines and ship them to the one that clusters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    /// The article's id.
    pub id: ArticleId,
    /// Its date in days since the epoch, when it has one.
    pub(crate) day: Option<f64>,
    /// Fewer than `min_words` words: a story of its own, never a candidate.
    pub(crate) stub: bool,
    /// Its terms (with their forms when reasons are wanted).
    pub(crate) terms: TermCounts,
    /// Its shingles when shared passages count, sorted.
    pub(crate) shingles: Vec<u64>,
    /// A hash of its words when it has fewer than `repeat_stub_words`:
    /// the same short text seen again is boilerplate.
    pub(crate) short_text: Option<u64>,
}

impl Prepared {
    /// Reads `article` under `config`: its text, cleaned first when
    /// `config.clean_text` is set. With `reasons`, the forms of its terms
    /// are kept so that its [`super::Assignment`] can name the terms shared.
    pub fn new(article: &Article, config: &StoryConfig, reasons: bool) -> Self {
        if config.clean_text {
            Self::with_content(article, &content(&article.text), config, reasons)
        } else {
            Self::with_content(article, &article.text, config, reasons)
        }
    }

    /// As [`new`](Self::new), with the text to read terms from given.
    pub fn with_content(
        article: &Article,
        content: &str,
        config: &StoryConfig,
        reasons: bool,
    ) -> Self {
        // Words counted once, up to the larger of the two limits.
        let short = config.repeat_stub_words;
        let words = content
            .split_whitespace()
            .take(config.min_words.max(short))
            .count();
        let stub = words < config.min_words;
        let boosts = Boosts {
            name: config.name_boost as f32,
            title: config.title_boost as f32,
        };
        let terms = terms::term_counts(
            article.title.as_deref(),
            content,
            config.first_line_as_title,
            boosts,
            reasons,
        );
        let shingles = if config.shared_shingles > 0 && !stub {
            near_dup::shingles(content)
        } else {
            Vec::new()
        };
        let short_text = (!stub && words < short).then(|| near_dup::text_hash(content));
        Prepared {
            id: article.id.clone(),
            day: article.date.as_deref().and_then(days_since_epoch),
            stub,
            terms,
            shingles,
            short_text,
        }
    }

    /// The form of the term `key` in the article, if kept.
    pub(crate) fn surface(&self, key: terms::TermKey) -> Option<&str> {
        let s = &self.terms.surfaces;
        let i = s.binary_search_by_key(&key, |p| p.0).ok()?;
        Some(s[i].1.as_str())
    }
}
