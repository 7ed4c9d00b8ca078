//! Which blocks of a candidate body are article text: agreement with a
//! second extractor, and general boilerplate rules.

use std::collections::HashSet;

use super::blocks::{Block, Kind};

/// Words as the extraction benchmark counts them: runs of alphanumerics
/// and `_` (Python's `\w+`).
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Word n-grams of a text, lower-cased, for agreement checks.
pub(crate) struct Shingles {
    grams: HashSet<String>,
    words: HashSet<String>,
    joined: String,
}

/// Shingle width for agreement checks.
const N: usize = 3;

impl Shingles {
    pub fn new(text: &str) -> Self {
        let ws: Vec<String> = words(text).map(str::to_lowercase).collect();
        let grams = ws.windows(N).map(|w| w.join(" ")).collect();
        let joined = format!(" {} ", ws.join(" "));
        Shingles {
            grams,
            words: ws.into_iter().collect(),
            joined,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Share of `text` that the other text also has, 0 to 1: n-grams for
    /// long texts, the whole word sequence for short ones.
    pub fn coverage(&self, text: &str) -> f64 {
        let ws: Vec<String> = words(text).map(str::to_lowercase).collect();
        if ws.is_empty() {
            return 1.0;
        }
        if ws.len() < N {
            let needle = format!(" {} ", ws.join(" "));
            return if self.joined.contains(&needle) {
                1.0
            } else {
                ws.iter().filter(|w| self.words.contains(*w)).count() as f64 / ws.len() as f64 * 0.5
            };
        }
        let grams: Vec<String> = ws.windows(N).map(|w| w.join(" ")).collect();
        grams.iter().filter(|g| self.grams.contains(*g)).count() as f64 / grams.len() as f64
    }
}

/// Minimum share of a block's n-grams that the second extractor must also
/// have returned for the block to stay.
pub(crate) const AGREEMENT: f64 = 0.5;

/// Keeps the blocks that the other extractor's text (`other`) confirms.
pub(crate) fn vote(blocks: Vec<Block>, other: &Shingles) -> Vec<Block> {
    blocks
        .into_iter()
        .filter(|b| other.coverage(&b.text) >= AGREEMENT)
        .collect()
}

/// A short block that is mostly link text: a teaser of another page.
fn is_link_block(b: &Block) -> bool {
    b.link_density() >= 0.6 && words(&b.text).count() < 30
}

/// Drops boilerplate blocks: runs of links (related stories), captions,
/// share/subscribe/"Related:" prompts, bylines and datelines set apart,
/// upper-case promo links and breadcrumbs.
pub(crate) fn drop_boilerplate(blocks: Vec<Block>) -> Vec<Block> {
    let link: Vec<bool> = blocks.iter().map(is_link_block).collect();
    let prompt: Vec<bool> = blocks.iter().map(is_prompt).collect();
    let n = blocks.len();
    blocks
        .into_iter()
        .enumerate()
        .filter(|&(i, ref b)| {
            // A link next to another link, or under a "Related" heading, is
            // part of a list of other stories. A lone link inside the text
            // may be the article's own ("Get it on Amazon for $39").
            let in_run = link[i]
                && ((i > 0 && (link[i - 1] || prompt[i - 1])) || (i + 1 < n && link[i + 1]));
            !(in_run || prompt[i] || is_boilerplate(b))
        })
        .map(|(_, b)| b)
        .collect()
}

fn is_prompt(b: &Block) -> bool {
    words(&b.text).count() < 40 && PROMPT.is_match(&b.text)
}

/// True when a block is boilerplate whatever its neighbours.
fn is_boilerplate(b: &Block) -> bool {
    let n_words = words(&b.text).count();
    b.kind == Kind::Caption
        || (n_words < 40 && PROMO.is_match(&b.text))
        || (n_words < 25 && DATELINE.is_match(&b.text))
        || (n_words < 15 && b.link_density() >= 0.9 && is_upper(&b.text))
        || (n_words < 10 && CRUMB.is_match(&b.text))
}

/// Lead-ins of prompts and labels: "Related:", "Advertisement", "©".
static PROMPT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)^\W*(
            (related|also|see\ more|see\ also|read\ more|more|watch|listen|recommended|latest)\s*:
          | (related|more)\ (stories|articles|coverage|content|news|videos|links|reading)\b
          | you\ (may|might)\ also\ (like|enjoy)
          | don'?t\ miss | must\ read | most\ (popular|read)
          | advert(isement)?\W*$ | sponsored\W*$
          | this\ slideshow\ requires\ javascript
          | enlarge\ (this\ )?image | (\d+\ of\ \d+)\W*$ | image\ \d+\ of\ \d+
          | (subscribe|sign\ up)\ (to|for)\b
          | follow\ (us|\S+)\ on\ (twitter|facebook|instagram)
          | share\ (this|on)\b | click\ (here|to)\b
          | ©|copyright\b|\(c\)\ \d{4}
          | (photo|image|picture|credit|credits|source)\s*:
          | \d+\ min(ute)?s?\ read\W*$
          | filed\ under\b | posted\ in\b | (tags|tagged|categories|category)\s*:
        )",
    )
    .expect("static regex")
});

/// Newsletter, subscription, contact and copyright prompts anywhere in a
/// short block.
static PROMO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)
            \bnewsletters?\b | \binbox\b | ^\W*subscribe\b | successfully\ subscribed
          | \bfollow\ (us|him|her|them|me)\ on\b | ^\W*have\ a\ (news\ )?tip\b
          | \bsubject\ to\ copyright\b | \ball\ rights\ reserved\b",
    )
    .expect("static regex")
});

/// Bylines and time stamps that sit apart from the text.
static DATELINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)^\W*(by|posted|published|updated|last\ updated)\b.*(
            \b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\ \d
          | \b\d{1,2}:\d{2}\b | \b(19|20)\d{2}\b | \b\d+\ (minutes?|hours?|days?)\ ago\b
        )",
    )
    .expect("static regex")
});

/// Breadcrumb trails: `News > Nation`.
static CRUMB: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[^<>»]+(\s[>»]\s[^<>»]+)+$").expect("static regex")
});

/// True when the letters of `text` are (nearly) all capitals.
fn is_upper(text: &str) -> bool {
    let (mut up, mut low) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_uppercase() {
            up += 1;
        } else if c.is_lowercase() {
            low += 1;
        }
    }
    up >= 4 && low * 10 <= up
}
