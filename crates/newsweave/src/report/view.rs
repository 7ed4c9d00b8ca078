//! What every rendering of a story shows, decided once: the articles in
//! time order with their citation numbers, who reported first, quotes
//! grouped by speaker, the claim groups worth showing first, readable dates
//! and safe links. The Markdown and HTML renderers (and the server's pages)
//! only lay these out.

use std::collections::BTreeMap;

use super::{ActorEntry, ArticleEntry, ClaimStatus, QuoteEntry, SourceRef, StoryReport};
use crate::stories::days_since_epoch;

/// The outlet shown for an article that names none: one word, the same
/// everywhere (an outlet is never made up from a file name or an id).
pub const UNKNOWN_OUTLET: &str = "unknown";

/// The outlet of `a`, or [`UNKNOWN_OUTLET`].
pub fn outlet(a: &ArticleEntry) -> &str {
    a.outlet
        .as_deref()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or(UNKNOWN_OUTLET)
}

/// `url` when it is an `http(s)://` link, the only kind a page links to.
pub fn safe_url(url: Option<&str>) -> Option<&str> {
    let url = url?.trim();
    let scheme = url.split_once("://")?.0;
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")).then_some(url)
}

/// What to show as an article's headline: its title, else the start of
/// its text (`false`: not a real headline, shown as such).
pub fn headline(a: &ArticleEntry) -> (String, bool) {
    if let Some(t) = a.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return (t.to_string(), true);
    }
    const WORDS: usize = 12;
    let lead = a
        .text
        .lines()
        .map(str::trim)
        .find(|l| l.split_whitespace().count() >= 4)
        .unwrap_or("");
    let words: Vec<&str> = lead.split_whitespace().collect();
    let text = if words.len() > WORDS {
        format!("{}…", words[..WORDS].join(" "))
    } else {
        words.join(" ")
    };
    if text.is_empty() {
        ("(no headline)".into(), false)
    } else {
        (text, false)
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as people write it: "14 Mar 2026, 09:30 UTC" for
/// `2026-03-14T09:30:00Z`, "14 Mar 2026" for `2026-03-14`; a date that is
/// not ISO 8601 is shown as given.
pub fn readable_date(date: &str) -> String {
    let d = date.trim();
    let b = d.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        d.get(r.clone())
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return d.to_string();
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return d.to_string();
    }
    let mut out = format!("{day} {} {year}", MONTHS[month as usize - 1]);
    if matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        if let (Some(h), Some(m)) = (num(11..13), num(14..16)) {
            let zone =
                d[16..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.');
            let zone = match zone {
                "" => String::new(),
                "Z" | "z" | "+00:00" | "+0000" => " UTC".into(),
                other => format!(" {other}"),
            };
            out.push_str(&format!(", {h:02}:{m:02}{zone}"));
        }
    }
    out
}

/// A story's articles in time order (dated first, oldest first; then the
/// undated ones in input order), each with its day number (fractional days
/// since 1970) when dated. Citation `[n]` is position `n` in this list.
pub struct Ordered<'a> {
    /// Articles in citation order.
    pub articles: Vec<(&'a ArticleEntry, Option<f64>)>,
    number: BTreeMap<&'a str, usize>,
}

impl<'a> Ordered<'a> {
    /// Orders the articles of `story` found in `articles`.
    pub fn new(story: &StoryReport, articles: &[&'a ArticleEntry]) -> Ordered<'a> {
        let mut list: Vec<(&ArticleEntry, Option<f64>)> = story
            .articles
            .iter()
            .filter_map(|id| articles.iter().find(|a| a.id == *id).copied())
            .map(|a| (a, a.date.as_deref().and_then(days_since_epoch)))
            .collect();
        // Stable: equal or missing dates keep input order.
        list.sort_by(|a, b| match (a.1, b.1) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        let number = list
            .iter()
            .enumerate()
            .map(|(i, (a, _))| (a.id.as_str(), i + 1))
            .collect();
        Ordered {
            articles: list,
            number,
        }
    }

    /// The citation number of an article id.
    pub fn number(&self, article: &str) -> Option<usize> {
        self.number.get(article).copied()
    }

    /// The article with id `id`.
    pub fn get(&self, id: &str) -> Option<&'a ArticleEntry> {
        self.number(id).map(|n| self.articles[n - 1].0)
    }

    /// The distinct citation numbers of `sources`, in increasing order.
    pub fn citations(&self, sources: &[SourceRef]) -> Vec<usize> {
        let mut n: Vec<usize> = sources
            .iter()
            .filter_map(|s| self.number(&s.article))
            .collect();
        n.sort_unstable();
        n.dedup();
        n
    }

    /// The earliest dated article: who reported first.
    pub fn first(&self) -> Option<&'a ArticleEntry> {
        self.articles
            .first()
            .filter(|(_, d)| d.is_some())
            .map(|(a, _)| *a)
    }

    /// The first and last article dates, as given.
    pub fn range(&self) -> Option<(&'a str, &'a str)> {
        let dated: Vec<&(&ArticleEntry, Option<f64>)> =
            self.articles.iter().filter(|(_, d)| d.is_some()).collect();
        Some((
            dated.first()?.0.date.as_deref()?,
            dated.last()?.0.date.as_deref()?,
        ))
    }

    /// Articles per outlet, most first (ties by name); the same order gives
    /// each outlet its colour in every chart.
    pub fn outlets(&self) -> Vec<(&'a str, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (a, _) in &self.articles {
            *counts.entry(outlet(a)).or_default() += 1;
        }
        let mut out: Vec<(&str, usize)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }
}

/// The quotes of one speaker.
pub struct Speaker<'a> {
    /// The speaker's name, or `None` for quotes nobody is named for.
    pub name: Option<String>,
    /// The speaker as a story actor, when known.
    pub actor: Option<&'a ActorEntry>,
    /// The quotes, in story order.
    pub quotes: Vec<&'a QuoteEntry>,
}

impl Speaker<'_> {
    /// "Boris Johnson" or "Unattributed".
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or("Unattributed")
    }

    /// The actor's roles, joined ("Foreign Secretary, MP"); empty when none.
    pub fn roles(&self) -> String {
        self.actor.map(|a| a.roles.join(", ")).unwrap_or_default()
    }
}

/// Who said what: quotes grouped by speaker (the actor's name when the
/// quote points at one), speakers with most quotes first, unattributed
/// quotes last.
pub fn speakers(story: &StoryReport) -> Vec<Speaker<'_>> {
    let mut groups: Vec<Speaker<'_>> = Vec::new();
    for q in &story.quotes {
        let actor = q
            .actor
            .as_deref()
            .and_then(|id| story.actors.iter().find(|a| a.id == id));
        let name = actor
            .map(|a| a.name.clone())
            .or_else(|| q.speaker.clone().filter(|s| !s.trim().is_empty()));
        match groups.iter_mut().find(|g| g.name == name) {
            Some(g) => g.quotes.push(q),
            None => groups.push(Speaker {
                name,
                actor,
                quotes: vec![q],
            }),
        }
    }
    groups.sort_by_key(|g| (g.name.is_none(), std::cmp::Reverse(g.quotes.len())));
    groups
}

/// True for an actor worth its own page: named more than once, or quoted.
pub fn notable(story: &StoryReport, actor: &ActorEntry) -> bool {
    actor.mentions > 1
        || story
            .quotes
            .iter()
            .any(|q| q.actor.as_ref() == Some(&actor.id))
}

/// The claim groups where outlets agree or differ (several articles give
/// the quantity), conflicts first, then refinements and different windows,
/// then agreements; each with its claim indices.
pub fn comparisons(story: &StoryReport) -> Vec<(ClaimStatus, &[usize])> {
    let rank = |s: ClaimStatus| match s {
        ClaimStatus::Conflict => 0,
        ClaimStatus::Refinement => 1,
        ClaimStatus::DifferentWindow => 2,
        ClaimStatus::Agree => 3,
        ClaimStatus::Single => 4,
    };
    let mut out: Vec<(ClaimStatus, &[usize])> = story
        .claim_groups
        .iter()
        .filter(|g| g.status != ClaimStatus::Single && g.claims.len() > 1)
        .map(|g| (g.status, g.claims.as_slice()))
        .collect();
    out.sort_by_key(|(s, _)| rank(*s));
    out
}

/// How a claim-group status reads in a heading.
pub fn status_label(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Agree => "Agree",
        ClaimStatus::Conflict => "Conflict",
        ClaimStatus::Refinement => "One is more precise",
        ClaimStatus::DifferentWindow => "Different time windows",
        ClaimStatus::Single => "One source",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_like_dates() {
        assert_eq!(
            readable_date("2026-03-14T09:30:00Z"),
            "14 Mar 2026, 09:30 UTC"
        );
        assert_eq!(readable_date("2016-10-11"), "11 Oct 2016");
        assert_eq!(
            readable_date("2016-10-11T18:05:00+01:00"),
            "11 Oct 2016, 18:05 +01:00"
        );
        assert_eq!(readable_date("last Tuesday"), "last Tuesday");
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(safe_url(Some("https://x.org/a")), Some("https://x.org/a"));
        assert_eq!(safe_url(Some("HTTP://x.org")), Some("HTTP://x.org"));
        assert_eq!(safe_url(Some("javascript:alert(1)")), None);
        assert_eq!(safe_url(Some("javascript://%0aalert(1)")), None);
        assert_eq!(safe_url(Some("file:///etc/passwd")), None);
        assert_eq!(safe_url(None), None);
    }
}
