//! The data model shared by every stage: articles, documents, spans and the
//! annotations that point back into them.
//!
//! Inside the library every span is a byte range into [`Article::text`], so
//! `&text[span]` is always valid. JSON output converts spans to code-point
//! offsets with [`CharIndex`] (DESIGN.md §3).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open byte range `[start, end)` into one text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; panics in debug builds if `start > end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// The text this span covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span shrunk to exclude leading and trailing whitespace of `text`.
    pub fn trim(&self, text: &str) -> Span {
        let s = self.slice(text);
        let start = self.start + (s.len() - s.trim_start().len());
        let end = self.end - (s.len() - s.trim_end().len());
        Span::new(start, end.max(start))
    }
}

/// Identifier of an article, unique within one run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Identifier of an actor within one story.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorId(pub String);

/// Identifier of a story.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub String);

/// One input article: its text and metadata, immutable after ingest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Unique id (from the input record, or derived from the file name).
    pub id: ArticleId,
    /// File the article came from, if any.
    pub path: Option<String>,
    /// Source URL.
    pub url: Option<String>,
    /// Outlet name ("ITV News") or host ("itv.com").
    pub outlet: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author(s) as one string.
    pub author: Option<String>,
    /// Publication date, ISO 8601 when known.
    pub date: Option<String>,
    /// The id of the input cluster it came in (a JSONL cluster line): the
    /// input says its articles are one story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// The text every span refers to: the input text as given, or the body
    /// extracted from an HTML input.
    pub text: String,
}

/// What a paragraph is, by its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// Running prose.
    Body,
    /// A short title-like line (a headline, a live-blog entry title).
    Heading,
    /// A bullet or list item.
    ListItem,
}

/// A paragraph kept as article content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Its span, trimmed of surrounding whitespace.
    pub span: Span,
    /// Its kind.
    pub kind: ParagraphKind,
}

/// A sentence inside a kept paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Its span, trimmed of surrounding whitespace.
    pub span: Span,
    /// Index into [`Document::paragraphs`].
    pub paragraph: usize,
}

/// Why a block of text was dropped as boilerplate: by extraction (a block
/// of the page, `extract --explain`) or by cleaning (a paragraph of the
/// text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BoilerplateReason {
    /// Menus, section links, skip links, UI controls ("Load more updates").
    Navigation,
    /// Lists or teasers of other stories, or the heading that introduces
    /// them ("Related stories", "RELATED STORIES:", "Read more:").
    RelatedLinks,
    /// A trailing list of headlines of other articles.
    LinkList,
    /// Share buttons, "Follow us on...", "Click here".
    SharePrompt,
    /// Newsletter and subscription prompts and their sign-up forms.
    Subscription,
    /// "Support our journalism", "Donate".
    DonationAppeal,
    /// A trailing request for money or action aimed at the reader.
    Appeal,
    /// A stand-in for embedded media ("This content isn't available").
    EmbedPlaceholder,
    /// Picture and video captions and credits.
    Caption,
    /// Reader comments and prompts to comment.
    Comments,
    /// Bylines, datelines and reading times set apart from the text.
    Byline,
    /// Advertisements and sponsored labels.
    Advertisement,
    /// Copyright and rights notices.
    Copyright,
    /// Breadcrumb trails (`News > World`).
    Breadcrumb,
    /// Cookie and consent banners.
    CookieNotice,
    /// Tags, categories, "Filed under".
    Tags,
    /// "Load more updates", pagination.
    LoadMore,
    /// The page header (masthead, headline furniture).
    Header,
    /// The page footer.
    Footer,
    /// A sidebar or box set apart from the text.
    Sidebar,
    /// A form (search, login, comment box).
    Form,
    /// Outside the element taken for the article.
    OutsideArticle,
    /// A short block that other pages of the same outlet also have.
    Repeated,
}

impl BoilerplateReason {
    /// The snake_case label used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Navigation => "navigation",
            Self::RelatedLinks => "related_links",
            Self::LinkList => "link_list",
            Self::SharePrompt => "share_prompt",
            Self::Subscription => "subscription",
            Self::DonationAppeal => "donation_appeal",
            Self::Appeal => "appeal",
            Self::EmbedPlaceholder => "embed_placeholder",
            Self::Caption => "caption",
            Self::Comments => "comments",
            Self::Byline => "byline",
            Self::Advertisement => "advertisement",
            Self::Copyright => "copyright",
            Self::Breadcrumb => "breadcrumb",
            Self::CookieNotice => "cookie_notice",
            Self::Tags => "tags",
            Self::LoadMore => "load_more",
            Self::Header => "header",
            Self::Footer => "footer",
            Self::Sidebar => "sidebar",
            Self::Form => "form",
            Self::OutsideArticle => "outside_article",
            Self::Repeated => "repeated",
        }
    }
}

impl std::fmt::Display for BoilerplateReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A block dropped as boilerplate, remembered with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The dropped text.
    pub span: Span,
    /// Why it was dropped.
    pub reason: BoilerplateReason,
}

/// An article after cleaning and segmentation: spans into [`Article::text`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Kept paragraphs, in text order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences of the kept paragraphs, in text order.
    pub sentences: Vec<Sentence>,
    /// Dropped blocks, in text order.
    pub removed: Vec<Removed>,
    /// The words of the kept sentences, in text order, read once by
    /// [`crate::tokens::read`] for every stage; not serialised (they follow
    /// from the text and the sentences).
    #[serde(skip)]
    pub tokens: Vec<Token>,
}

impl Document {
    /// The tokens of sentence `index` (a binary search: tokens are in
    /// sentence order).
    pub fn sentence_tokens(&self, index: usize) -> &[Token] {
        let start = self
            .tokens
            .partition_point(|t| (t.sentence as usize) < index);
        let end = self
            .tokens
            .partition_point(|t| (t.sentence as usize) <= index);
        &self.tokens[start..end]
    }
}

/// A word's lower-cased form or stem as an integer: a 64-bit hash of the
/// string, the same in every article and on every thread (see
/// [`crate::tokens`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub u64);

/// The letter case and kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// All letters lower case ("said").
    Lower,
    /// First letter upper case, not all ("Johnson", "McDonald").
    Capitalised,
    /// Two or more letters, all upper case ("NATO").
    AllCaps,
    /// Digits only ("2016").
    Digits,
    /// Anything else: a lone capital, letters and digits ("G7"), a word
    /// of a script without case.
    Other,
}

/// One word of a document: an alphanumeric run inside a kept sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Its bytes in [`Article::text`].
    pub span: Span,
    /// Its case and kind.
    pub shape: Shape,
    /// Its lower-cased form.
    pub norm: TermId,
    /// The Snowball English stem of its lower-cased form.
    pub stem: TermId,
    /// Index into [`Document::sentences`].
    pub sentence: u32,
    /// Index into [`Document::paragraphs`].
    pub paragraph: u32,
}

/// How a quote is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Inside quotation marks.
    Direct,
    /// Reported speech without marks.
    Indirect,
    /// Reported speech with quoted fragments.
    Mixed,
}

/// One attributed statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted or reported content, without quotation marks; for a quote
    /// broken by its attribution, from the first segment's start to the last
    /// segment's end.
    pub span: Span,
    /// The pieces of a quote broken by its attribution; empty when whole.
    pub segments: Vec<Span>,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The cue verb ("said", "told", "warned").
    pub cue: Option<String>,
    /// The mention that attributes the quote ("Mr Johnson", "he").
    pub speaker_mention: Option<Span>,
    /// The fullest name the text gives for the speaker.
    pub speaker: Option<String>,
    /// Where or to whom it was said ("the Commons", "MPs").
    pub venue: Option<String>,
}

/// What kind of thing an actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A person.
    Person,
    /// A company, party, government body, agency...
    Organisation,
    /// A country, city or region.
    Place,
    /// Anything else that is named.
    Other,
}

/// A person, organisation or place named in one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// The fullest name seen ("Boris Johnson").
    pub name: String,
    /// Person, organisation, place or other.
    pub kind: ActorKind,
    /// Roles and titles seen ("Foreign Secretary").
    pub roles: Vec<String>,
    /// Other names used ("Mr Johnson", "Johnson").
    pub aliases: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Span>,
}

/// A number that matters, with what it counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The number and its unit as written ("20 aid workers", "more than 30
    /// rebel groups", "dozens of people").
    pub span: Span,
    /// The value as stated, normalised ("twenty" → 20, "£3.5m" → 3500000).
    /// For a range ("20 to 30") its low end, for a vague amount ("dozens")
    /// the least it can mean; then [`Claim::vague`] is set and no exact
    /// value is claimed.
    pub value: f64,
    /// What is counted ("aid workers", "airstrikes", "£", "%", "hours").
    pub unit: String,
    /// Who the figure is attributed to, when the sentence says.
    pub attributed_to: Option<String>,
    /// Count, percentage, money, duration or date.
    #[serde(default)]
    pub kind: ClaimKind,
    /// Hedged or vague: "about 20", "more than 30", "dozens of".
    #[serde(default)]
    pub approximate: bool,
    /// No single value is stated ("dozens", "20 to 30"): [`Claim::value`] is
    /// only the low end of [`Claim::range`].
    #[serde(default)]
    pub vague: bool,
    /// The hedge as written: "more than", "about", "dozens".
    #[serde(default)]
    pub qualifier: Option<String>,
    /// Bounds the text allows, when it gives a range or a bound ("20 to 30",
    /// "more than 30", "dozens" → at least 24).
    #[serde(default)]
    pub range: Option<ClaimRange>,
    /// The event counted, normalised: "killed" ("died", "dead", "killing"),
    /// "injured", "missing", "arrested", "displaced".
    #[serde(default)]
    pub event: Option<String>,
    /// The time window of the figure ("72 hours", "since the ceasefire
    /// collapsed", "last week").
    #[serde(default)]
    pub window: Option<Span>,
    /// For a date claim, the date as `YYYY-MM-DD` or `--MM-DD` (ISO 8601
    /// without year).
    #[serde(default)]
    pub date: Option<String>,
    /// The incident or item the figure belongs to ("attack near Aleppo",
    /// "bombing campaign", "planned tax cuts").
    #[serde(default)]
    pub incident: Option<Span>,
}

/// What kind of quantity a claim states.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A number of things or people.
    #[default]
    Count,
    /// A percentage.
    Percent,
    /// An amount of money; the unit is the currency sign.
    Money,
    /// A length of time.
    Duration,
    /// A calendar date.
    Date,
}

/// Inclusive bounds of a quantity; `None` is open.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimRange {
    /// Least value, when bounded below.
    pub min: Option<f64>,
    /// Greatest value, when bounded above.
    pub max: Option<f64>,
}

impl ClaimRange {
    /// True when `v` lies within the bounds.
    pub fn contains(&self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

/// Converts byte offsets of one text into Unicode code-point offsets.
#[derive(Clone, Debug)]
pub struct CharIndex {
    /// For each non-ASCII char: the byte just after it, and the number of
    /// chars up to and including it. Between marks every byte is one char.
    marks: Vec<(usize, usize)>,
}

impl CharIndex {
    /// Index `text`; cost linear in its length.
    pub fn new(text: &str) -> Self {
        let marks = text
            .char_indices()
            .enumerate()
            .filter(|(_, (_, c))| !c.is_ascii())
            .map(|(n, (byte, c))| (byte + c.len_utf8(), n + 1))
            .collect();
        CharIndex { marks }
    }

    /// The code-point offset of byte offset `byte` (a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        let i = self.marks.partition_point(|&(end, _)| end <= byte);
        match i.checked_sub(1) {
            None => byte,
            Some(j) => {
                let (end, chars) = self.marks[j];
                chars + (byte - end)
            }
        }
    }

    /// Both ends of `span` as code-point offsets.
    pub fn span(&self, span: Span) -> (usize, usize) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn char_index_matches_counting(text in "\\PC{0,60}") {
            let index = CharIndex::new(&text);
            for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
                prop_assert_eq!(index.char_offset(byte), text[..byte].chars().count());
            }
        }
    }

    #[test]
    fn trim_drops_outer_whitespace() {
        let text = "  Mr Johnson said  ";
        let span = Span::new(0, text.len()).trim(text);
        assert_eq!(span.slice(text), "Mr Johnson said");
    }
}
