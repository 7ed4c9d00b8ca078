//! The report of an analysis: the JSON contract of `newsweave analyze`
//! (DESIGN.md §4) as types, and its Markdown and HTML renderings, which
//! share [`view`] (what a story shows) and [`escape`].
//!
//! All `start`/`end` here are code-point offsets into the article's `text`.

pub mod escape;
pub mod html;
mod markdown;
pub mod view;

use serde::{Deserialize, Serialize};

pub use html::to_html;
pub use markdown::to_markdown;

/// Everything `analyze` found.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Report {
    /// Every article read, in input order.
    pub articles: Vec<ArticleEntry>,
    /// Inputs that could not be read, with why.
    pub skipped: Vec<SkippedEntry>,
    /// Stories, largest first.
    pub stories: Vec<StoryReport>,
}

/// An article as read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArticleEntry {
    /// Article id.
    pub id: String,
    /// File it came from.
    pub path: Option<String>,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Headline, when known.
    pub title: Option<String>,
    /// Publication date, when known.
    pub date: Option<String>,
    /// URL, when known.
    pub url: Option<String>,
    /// The text all offsets refer to.
    pub text: String,
}

/// An input that was skipped.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SkippedEntry {
    /// File.
    pub path: String,
    /// 1-based line for JSONL inputs.
    pub line: Option<usize>,
    /// Why it was skipped.
    pub reason: String,
}

/// A span of one article, in code points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Article id.
    pub article: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// One story: its articles and what they say.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoryReport {
    /// Story id.
    pub id: String,
    /// A headline for the story.
    pub title: String,
    /// Article ids, in input order.
    pub articles: Vec<String>,
    /// Summary sentences with their sources.
    pub summary: Vec<SummaryLine>,
    /// People, organisations and places, most mentioned first.
    pub actors: Vec<ActorEntry>,
    /// Who said what.
    pub quotes: Vec<QuoteEntry>,
    /// Numbers that matter.
    pub claims: Vec<ClaimEntry>,
    /// Claims about the same quantity, grouped.
    pub claim_groups: Vec<ClaimGroup>,
    /// Per outlet: what only it reported, what it left out, whom it quoted.
    pub outlets: Vec<OutletEntry>,
    /// Outlet × fact table.
    pub fact_table: FactTable,
}

/// A summary sentence.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SummaryLine {
    /// The sentence.
    pub text: String,
    /// Where it was taken from (first) and the articles that carry the same
    /// information.
    pub sources: Vec<SourceRef>,
}

/// An actor of a story.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActorEntry {
    /// Actor id within the report.
    pub id: String,
    /// Fullest name.
    pub name: String,
    /// `person`, `organisation`, `place` or `other`.
    pub kind: crate::model::ActorKind,
    /// Roles and titles.
    pub roles: Vec<String>,
    /// Other names used.
    pub aliases: Vec<String>,
    /// How often the actor is named across the story.
    pub mentions: usize,
}

/// A quote, with every outlet that carried it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuoteEntry {
    /// The quoted or reported words.
    pub text: String,
    /// Direct, indirect or mixed.
    pub kind: crate::model::QuoteKind,
    /// The cue verb.
    pub cue: Option<String>,
    /// Where or to whom it was said.
    pub venue: Option<String>,
    /// The speaker's actor id, when the speaker is a known actor.
    pub actor: Option<String>,
    /// The speaker as the text names them.
    pub speaker: Option<String>,
    /// Each article's span of the quote.
    pub sources: Vec<SourceRef>,
}

/// A number that matters.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClaimEntry {
    /// As written ("20 aid workers").
    pub text: String,
    /// Normalised value; null when the text states none ("dozens", "20 to
    /// 30": see `range`).
    pub value: Option<f64>,
    /// What is counted.
    pub unit: String,
    /// Who the figure is attributed to.
    pub attributed_to: Option<String>,
    /// Where it is written.
    pub sources: Vec<SourceRef>,
    /// `count`, `percent`, `money`, `duration` or `date`.
    pub kind: crate::model::ClaimKind,
    /// Hedged or vague ("about", "more than", "dozens").
    pub approximate: bool,
    /// The hedge as written.
    pub qualifier: Option<String>,
    /// Bounds the text allows.
    pub range: Option<crate::model::ClaimRange>,
    /// The event counted ("killed", "injured").
    pub event: Option<String>,
    /// The time window as written ("72 hours", "since the ceasefire collapsed").
    pub window: Option<String>,
    /// For dates, `YYYY-MM-DD` or `--MM-DD`.
    pub date: Option<String>,
    /// The incident or item the figure belongs to, as written ("attack near
    /// Aleppo", "planned tax cuts").
    pub incident: Option<String>,
}

/// Claims about the same quantity.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClaimGroup {
    /// Indices into [`StoryReport::claims`].
    pub claims: Vec<usize>,
    /// `agree`, `conflict`, `refinement`, `different_window` or `single`.
    pub status: ClaimStatus,
}

/// How the claims of a group relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Several sources give the same value.
    Agree,
    /// Sources give different values.
    Conflict,
    /// The values are compatible and one is more precise ("dozens" and
    /// "213", "20 to 30" and "25").
    Refinement,
    /// Different values for different time windows.
    DifferentWindow,
    /// Only one article gives it.
    Single,
}

impl ClaimStatus {
    /// The status as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Agree => "agree",
            ClaimStatus::Conflict => "conflict",
            ClaimStatus::Refinement => "refinement",
            ClaimStatus::DifferentWindow => "different_window",
            ClaimStatus::Single => "single",
        }
    }
}

/// What one outlet did with the story.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OutletEntry {
    /// Outlet name ([`view::UNKNOWN_OUTLET`] when the input names none).
    pub outlet: String,
    /// Its article ids.
    pub articles: Vec<String>,
    /// Facts only this outlet reported, most informative first.
    pub unique_facts: Vec<Fact>,
    /// Facts most other outlets carried and this one did not.
    pub omitted_facts: Vec<Fact>,
    /// Actor ids of the people it quoted, most quoted first.
    pub quoted: Vec<String>,
    /// Whom it quoted and how often (quotes per actor, most first).
    pub quoted_counts: Vec<QuotedCount>,
    /// Figures only this outlet gave: indices into [`StoryReport::claims`].
    pub unique_claims: Vec<usize>,
    /// Figures most other outlets gave and this one did not: one claim
    /// index per [`ClaimGroup`].
    pub omitted_claims: Vec<usize>,
    /// Quotes only this outlet carried: indices into [`StoryReport::quotes`].
    pub unique_quotes: Vec<usize>,
}

/// How often an outlet quoted one actor.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuotedCount {
    /// Actor id.
    pub actor: String,
    /// The actor's name.
    pub name: String,
    /// Number of quotes.
    pub quotes: usize,
}

/// A unit of content: a sentence and where it is written.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fact {
    /// The sentence.
    pub text: String,
    /// Where it is written.
    pub sources: Vec<SourceRef>,
    /// How high in its article each source sits, in the order of `sources`.
    pub positions: Vec<Position>,
    /// The figures it states: indices into [`StoryReport::claims`].
    pub claims: Vec<usize>,
    /// The quotes it carries: indices into [`StoryReport::quotes`].
    pub quotes: Vec<usize>,
}

/// Where a sentence sits in its article.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// 1-based index of its paragraph among the article's body paragraphs.
    pub paragraph: usize,
    /// Its start as a fraction of the article's body text (0 = top).
    pub fraction: f64,
}

/// The outlet × fact table of a story: which outlet carried which fact, and
/// how high.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FactTable {
    /// Column labels: the outlets, in the order of [`StoryReport::outlets`].
    pub outlets: Vec<String>,
    /// Facts shared by several outlets, then each outlet's own.
    pub rows: Vec<FactRow>,
}

/// A row of the [`FactTable`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FactRow {
    /// The fact, as one outlet wrote it.
    pub text: String,
    /// Where each outlet wrote it.
    pub sources: Vec<SourceRef>,
    /// Per outlet (table column): the highest position it gives the fact,
    /// or null when it does not carry it.
    pub cells: Vec<Option<Position>>,
    /// The figures it states: indices into [`StoryReport::claims`].
    pub claims: Vec<usize>,
    /// The quotes it carries: indices into [`StoryReport::quotes`].
    pub quotes: Vec<usize>,
}

/// A quote as a reader sees it: direct quotes in quotation marks, reported
/// speech without.
pub fn quote_as_shown(q: &QuoteEntry) -> String {
    match q.kind {
        crate::model::QuoteKind::Direct => format!("“{}”", q.text),
        _ => q.text.clone(),
    }
}

/// A figure with what it belongs to: "20 aid workers (killed, attack near
/// Aleppo)".
pub fn figure(c: &ClaimEntry) -> String {
    let about: Vec<&str> = [
        c.event.as_deref(),
        c.incident.as_deref(),
        c.window.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| *s != c.text)
    .collect();
    if about.is_empty() {
        c.text.clone()
    } else {
        format!("{} ({})", c.text, about.join(", "))
    }
}

/// "said", "told the Commons": the cue verb and venue of a quote, or empty
/// (a headline's "Name: words" has no verb to show).
pub fn how_said(q: &QuoteEntry) -> String {
    let cue = q
        .cue
        .as_deref()
        .filter(|c| c.chars().any(char::is_alphabetic));
    match (cue, &q.venue) {
        (Some(c), Some(v)) if c.starts_with("tell") || c.starts_with("told") => format!("{c} {v}"),
        (Some(c), Some(v)) => format!("{c}, to {v}"),
        (Some(c), None) => c.to_string(),
        (None, Some(v)) => format!("to {v}"),
        (None, None) => String::new(),
    }
}

impl Report {
    /// The article entry with id `id`.
    pub fn article(&self, id: &str) -> Option<&ArticleEntry> {
        self.articles.iter().find(|a| a.id == id)
    }
}
