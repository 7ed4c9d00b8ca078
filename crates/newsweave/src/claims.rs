//! Claims, first pass: numbers that matter, with what they count and who the
//! figure is attributed to.
//!
//! "left 20 aid workers and one civilian dead" yields 20 × "aid workers" and
//! 1 × "civilian"; "£5" is 5 × "£"; "killed 20" is 20 × "killed". Years,
//! times of day and phone numbers are not claims.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Claim, Document, Span};

/// A number: currency, digits with separators, or a number word; then an
/// optional scale word.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<cur>[£$€])?
        \b(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?
           |one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand)\b
        (?:\s*(?P<scale>million|billion|trillion|bn|m|k)\b)?
        (?:\s*(?P<pct>%|per\s?cent|percent))?",
    )
    .expect("valid regex")
});

/// A capitalised source before a reporting verb: "The Syrian Observatory for
/// Human Rights, a monitoring group, reported".
static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:according to (?P<a>(?:the )?[A-Z][\w’'-]*(?:\s+(?:of|for|the|[A-Z][\w’'-]*))*)|(?P<b>[A-Z][\w’'-]*(?:\s+(?:of|for|the|[A-Z][\w’'-]*))*)(?:,[^,]{1,60},)?\s+(?:reported|said|says|estimated|estimates|counted|confirmed|announced))",
    )
    .expect("valid regex")
});

/// Words that cannot be the counted noun right after a number.
const NOT_UNITS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with",
    "last", "next", "this", "that", "as", "is", "was", "were", "are", "be", "has", "have", "had",
    "it", "he", "she", "they", "we", "but", "than", "more", "less", "per", "after", "before",
    "dead", "alive", "killed", "injured", "wounded", "missing", "died", "ago", "later", "earlier",
    "who", "which", "that", "under", "over", "into", "across", "through", "during", "near",
    "outside", "inside", "up", "down", "out", "off", "since", "until", "ago",
];

/// Finds the claims of one article's kept sentences.
pub fn find_claims(text: &str, doc: &Document) -> Vec<Claim> {
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let s = sentence.span.slice(text);
        let base = sentence.span.start;
        let attributed_to = ATTRIBUTION.captures(s).and_then(|c| {
            c.name("a")
                .or_else(|| c.name("b"))
                .map(|m| m.as_str().trim_start_matches("The ").to_string())
                .filter(|name| !matches!(name.as_str(), "He" | "She" | "They" | "It" | "We"))
        });
        for caps in NUMBER.captures_iter(s) {
            let whole = caps.get(0).expect("match");
            let num = &caps["num"];
            let Some(mut value) = parse_number(num) else {
                continue;
            };
            if is_not_a_claim(
                s,
                whole.start(),
                whole.end(),
                num,
                caps.name("cur").is_some(),
            ) {
                continue;
            }
            if let Some(scale) = caps.name("scale") {
                value *= match scale.as_str().to_ascii_lowercase().as_str() {
                    "k" => 1e3,
                    "m" | "million" => 1e6,
                    "bn" | "billion" => 1e9,
                    _ => 1e12,
                };
            }
            let (unit, unit_end) = if let Some(cur) = caps.name("cur") {
                (cur.as_str().to_string(), whole.end())
            } else if caps.name("pct").is_some() {
                ("%".to_string(), whole.end())
            } else {
                match counted_noun(s, whole.end()).or_else(|| verb_before(s, whole.start())) {
                    Some(found) => found,
                    None => continue,
                }
            };
            out.push(Claim {
                span: Span::new(base + whole.start(), base + unit_end.max(whole.end())),
                value,
                unit,
                attributed_to: attributed_to.clone(),
            });
        }
    }
    out
}

/// Parses digits or a number word.
fn parse_number(num: &str) -> Option<f64> {
    let words = [
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("fifteen", 15.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("hundred", 100.0),
        ("thousand", 1000.0),
    ];
    let lower = num.to_ascii_lowercase();
    words
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|(_, v)| *v)
        .or_else(|| num.replace(',', "").parse().ok())
}

/// Years, clock times, phone numbers, ordinals and parts of codes.
fn is_not_a_claim(s: &str, start: usize, end: usize, num: &str, currency: bool) -> bool {
    let before = s[..start].trim_end();
    let after = &s[end..];
    let year =
        num.len() == 4 && num.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y)) && !currency;
    let joined = before.ends_with([':', '/', '-']) || after.starts_with([':', '/', '-']);
    let phone = num.starts_with('0') && num.len() >= 3;
    let ordinal = ["st", "nd", "rd", "th"]
        .iter()
        .any(|o| after.starts_with(o));
    let lower_word = num.chars().all(char::is_alphabetic) && num.starts_with(char::is_lowercase);
    // "one" is mostly a pronoun or article; number words count only before a noun.
    let pronoun_one = num.eq_ignore_ascii_case("one")
        && !after
            .trim_start()
            .starts_with(|c: char| c.is_alphabetic() && c.is_lowercase());
    year || joined || phone || ordinal || pronoun_one || (lower_word && before.ends_with("of"))
}

/// The noun phrase counted by a number: up to three lower-case words after
/// it, stopping at a function word or punctuation.
fn counted_noun(s: &str, from: usize) -> Option<(String, usize)> {
    let rest = s[from..].trim_start();
    let mut words = Vec::new();
    let mut end = from;
    let mut offset = s.len() - rest.len();
    for token in rest.split_inclusive(char::is_whitespace) {
        let word = token.trim();
        let clean = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        offset += token.len();
        if clean.is_empty()
            || !clean.chars().all(|c| c.is_alphabetic() || c == '-')
            || NOT_UNITS.contains(&clean.to_lowercase().as_str())
            || words.len() == 3
        {
            break;
        }
        words.push(clean.to_lowercase());
        end = offset - token.len() + token.find(clean).unwrap_or(0) + clean.len();
        if clean.len() != word.len() {
            break;
        }
    }
    (!words.is_empty()).then(|| (words.join(" "), end))
}

/// A casualty verb right before a bare number: "killed 20".
fn verb_before(s: &str, start: usize) -> Option<(String, usize)> {
    let before = s[..start].trim_end();
    let verb = before.rsplit(char::is_whitespace).next()?;
    matches!(
        verb,
        "killed" | "injured" | "wounded" | "kills" | "killing" | "dead" | "died" | "arrested"
    )
    .then(|| (verb.to_string(), start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;

    fn claims(text: &str) -> Vec<(f64, String, Option<String>, String)> {
        let doc = clean(text);
        find_claims(text, &doc)
            .into_iter()
            .map(|c| {
                (
                    c.value,
                    c.unit,
                    c.attributed_to,
                    c.span.slice(text).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn counts_with_their_nouns() {
        let got = claims("The attack near Aleppo left 20 aid workers and one civilian dead as they attempted to deliver aid to 78,000 civilians in 2016.");
        let units: Vec<(f64, &str)> = got.iter().map(|c| (c.0, c.1.as_str())).collect();
        assert_eq!(
            units,
            [
                (20.0, "aid workers"),
                (1.0, "civilian"),
                (78000.0, "civilians")
            ]
        );
        assert_eq!(got[0].3, "20 aid workers");
    }

    #[test]
    fn attribution_money_and_noise() {
        let got = claims("The Syrian Observatory for Human Rights, a monitoring group, reported that 213 civilians had died. Text SYRIA to donate £5. Call 020 7012 6400 at 10:30.");
        assert_eq!(got[0].0, 213.0);
        assert_eq!(
            got[0].2.as_deref(),
            Some("Syrian Observatory for Human Rights")
        );
        assert!(got.iter().any(|c| c.1 == "£" && c.0 == 5.0));
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn bare_casualty_number_and_scale() {
        let got = claims("Strikes killed 20 last week. The fund holds $3.5 million.");
        assert_eq!(got[0].1, "killed");
        assert_eq!(got[1].0, 3_500_000.0);
    }
}
