//! Claims: numbers that matter, with what they count, the event and time
//! window they belong to, and who the figure is attributed to.
//!
//! "left 20 aid workers and one civilian dead" yields 20 × "aid workers" and
//! 1 × "civilian", both of event "killed"; "150 airstrikes in 72 hours" has
//! the window "72 hours"; "dozens of people" is vague (at least 24, no exact
//! value); "20 to 30" is a range; "£3.5m" is money, "40 per cent" a
//! percentage, "19 September" a date. Years, times of day, phone numbers,
//! idioms ("two fingers up") and the pronoun "one" ("one thing") are not
//! claims.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Claim, ClaimKind, ClaimRange, Document, Span};

mod incident;
pub use incident::families as incident_families;

/// Number words that may form a spelled-out number.
const NUMBER_WORDS: &str = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen";

/// A number: currency, digits with separators or spelled out, a range
/// ("20 to 30", "between 20 and 30") or a vague amount ("dozens of"); then
/// an optional scale word and percent sign.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    let digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
    let words = format!(r"(?:a\s+)?(?:{NUMBER_WORDS})(?:[\s-]+(?:{NUMBER_WORDS}))*\b");
    let num = |name: &str| format!(r"(?P<{name}>{digits}|{words})");
    Regex::new(&format!(
        r"(?xi)
        (?P<cur>[£$€])?
        \b(?:
            (?P<vague>(?:tens|hundreds)\s+of\s+(?:thousands|millions)|dozens|scores|hundreds|thousands|millions|billions)\s+of\b
          | between\s+{b1}\s+and\s+{b2}
          | {n1}(?:\s*(?:-|–|to)\s*{n2})?
        )
        (?:\s*(?P<scale>million|billion|trillion|bn|m|k)\b)?
        (?:\s*(?P<pct>%|per\s?cent\b|percent\b))?",
        b1 = num("b1"),
        b2 = num("b2"),
        n1 = num("num"),
        n2 = num("num2"),
    ))
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

/// Time windows: a duration ("in 72 hours", "over the past few days"), a
/// relative time ("last week", "yesterday"), a date ("in September", "on
/// 19 September") or the start of a "since" clause.
static WINDOW: LazyLock<Regex> = LazyLock::new(|| {
    let months =
        "January|February|March|April|May|June|July|August|September|October|November|December";
    let days = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
    Regex::new(&format!(
        r"(?x)
        \b(?i:in|over|within|during|for|on)\s+(?P<dur>(?i:the\s+)?(?i:(?:past|last|previous|first|next|coming)\s+)?(?i:\d+(?:\.\d+)?|{NUMBER_WORDS}|a\s+few|a|few|several)\s+(?i:hours?|days?|weeks?|months?|years?|minutes?))\b
      | \b(?P<rel>(?i:(?:last|this|past|previous|next)\s+(?:week|weekend|month|year|night|morning|(?:mon|tues|wednes|thurs|fri|satur|sun)day)|yesterday|today|overnight))\b
      | \b(?:(?i:in|on|by)\s+)?(?P<date>(?:\d{{1,2}}\s+)?(?:{months})(?:\s+\d{{1,2}}\b)?(?:,?\s+\d{{4}})?|{days})\b
      | \b(?P<since>(?i:since))\s"
    ))
    .expect("valid regex")
});

/// Month names, for dates.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words that cannot be the counted noun right after a number.
const NOT_UNITS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "last",
    "next",
    "this",
    "that",
    "as",
    "is",
    "was",
    "were",
    "are",
    "be",
    "has",
    "have",
    "had",
    "it",
    "he",
    "she",
    "they",
    "we",
    "but",
    "than",
    "more",
    "less",
    "per",
    "after",
    "before",
    "dead",
    "alive",
    "killed",
    "injured",
    "wounded",
    "missing",
    "died",
    "ago",
    "later",
    "earlier",
    "who",
    "which",
    "under",
    "over",
    "into",
    "across",
    "through",
    "during",
    "near",
    "outside",
    "inside",
    "up",
    "down",
    "out",
    "off",
    "since",
    "until",
    "if",
    "so",
    "not",
    "all",
    "both",
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "overnight",
    "now",
    "then",
    "each",
    "apiece",
    "too",
    "alone",
    "you",
    "i",
    "me",
    "us",
    "them",
    "him",
    "her",
    "his",
    "its",
    "our",
    "their",
    "toward",
    "towards",
    "against",
    "between",
    "among",
    "about",
    "around",
    "while",
    "when",
];

/// Nouns that make a number figurative or a pronoun use: "two fingers up",
/// "one thing", "one way or another", "on the one hand".
const FIGURATIVE: &[&str] = &[
    "thing",
    "things",
    "way",
    "ways",
    "finger",
    "fingers",
    "hand",
    "hands",
    "eye",
    "eyes",
    "foot",
    "feet",
    "mind",
    "minds",
    "step",
    "steps",
    "word",
    "words",
    "point",
    "side",
    "sides",
    "time",
    "another",
    "other",
    "others",
    "bit",
    "kind",
    "sort",
    "am",
    "pm",
    "percentile",
];

/// Units of time, for durations.
const TIME_UNITS: &[&str] = &[
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    "month", "months", "year", "years", "decade", "decades",
];

/// Words before a number that hedge it, with the bounds they give: (word,
/// bounded below, bounded above).
const HEDGES: &[(&str, bool, bool)] = &[
    ("more than", true, false),
    ("over", true, false),
    ("at least", true, false),
    ("upwards of", true, false),
    ("up to", false, true),
    ("fewer than", false, true),
    ("less than", false, true),
    ("at most", false, true),
    ("nearly", false, true),
    ("almost", false, true),
    ("about", false, false),
    ("around", false, false),
    ("approximately", false, false),
    ("roughly", false, false),
    ("some", false, false),
    ("an estimated", false, false),
    ("as many as", false, true),
];

/// Casualty and event words, normalised.
const EVENTS: &[(&str, &str)] = &[
    ("killed", "killed"),
    ("killing", "killed"),
    ("kills", "killed"),
    ("kill", "killed"),
    ("dead", "killed"),
    ("died", "killed"),
    ("die", "killed"),
    ("deaths", "killed"),
    ("lives", "killed"),
    ("injured", "injured"),
    ("injuring", "injured"),
    ("wounded", "injured"),
    ("wounding", "injured"),
    ("hurt", "injured"),
    ("missing", "missing"),
    ("arrested", "arrested"),
    ("detained", "arrested"),
    ("displaced", "displaced"),
    ("evacuated", "evacuated"),
];

/// Words that end the clause a number's event is looked for in.
const CLAUSE_BREAKS: &[&str] = &[
    "as", "who", "which", "when", "while", "after", "because", "but", "although", "though", "if",
    "since",
];

fn event_word(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    EVENTS.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// Finds the claims of one article's kept sentences.
pub fn find_claims(text: &str, doc: &Document) -> Vec<Claim> {
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let s = sentence.span.slice(text);
        let base = sentence.span.start;
        let attributed_to = attribution(s);
        let mut found: Vec<Claim> = NUMBER
            .captures_iter(s)
            .filter_map(|caps| claim_at(s, &caps))
            .collect();
        // Windows: after the claim up to the next counted claim, else before it.
        let anchors: Vec<(usize, usize)> = found
            .iter()
            .filter(|c| !matches!(c.kind, ClaimKind::Duration | ClaimKind::Date))
            .map(|c| (c.span.start, c.span.end))
            .collect();
        for c in &mut found {
            if matches!(c.kind, ClaimKind::Duration | ClaimKind::Date) {
                continue;
            }
            let next = anchors
                .iter()
                .map(|a| a.0)
                .find(|&a| a > c.span.start)
                .unwrap_or(s.len());
            let prev = anchors
                .iter()
                .map(|a| a.1)
                .filter(|&e| e <= c.span.start)
                .max()
                .unwrap_or(0);
            c.window = find_window(s, c.span.end, next)
                .or_else(|| find_last_window(s, prev, c.span.start));
            c.incident = incident::incident(s, c.span);
        }
        // A duration or date that is another claim's window is not a claim.
        let windows: Vec<Span> = found.iter().filter_map(|c| c.window).collect();
        found.retain(|c| !windows.iter().any(|w| w.contains(c.span)));
        for mut c in found {
            c.span = Span::new(base + c.span.start, base + c.span.end);
            c.window = c.window.map(|w| Span::new(base + w.start, base + w.end));
            c.incident = c.incident.map(|w| Span::new(base + w.start, base + w.end));
            c.attributed_to.clone_from(&attributed_to);
            out.push(c);
        }
    }
    out
}

/// The source a sentence attributes its figures to.
fn attribution(s: &str) -> Option<String> {
    ATTRIBUTION.captures(s).and_then(|c| {
        c.name("a")
            .or_else(|| c.name("b"))
            .map(|m| {
                m.as_str()
                    .trim_start_matches("the ")
                    .trim_start_matches("The ")
                    .to_string()
            })
            .filter(|name| {
                !matches!(
                    name.as_str(),
                    "He" | "She" | "They" | "It" | "We" | "I" | "A" | "An"
                )
            })
    })
}

/// The claim of one number match in sentence `s`, spans relative to `s`.
fn claim_at(s: &str, caps: &regex::Captures<'_>) -> Option<Claim> {
    let whole = caps.get(0)?;
    let mut start = whole.start();
    let end = whole.end();
    let mut approximate = false;
    let mut vague = false;
    let mut qualifier = None;
    let mut range = None;
    let first_num;
    let mut value;
    if let Some(v) = caps.name("vague") {
        let word = v.as_str().to_lowercase();
        let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
        let (min, max) = vague_bounds(&word);
        value = min;
        range = Some(ClaimRange {
            min: Some(min),
            max: Some(max),
        });
        approximate = true;
        vague = true;
        qualifier = Some(word);
        first_num = String::new();
    } else {
        let (a, b) = match (caps.name("b1"), caps.name("num")) {
            (Some(b1), _) => (b1, caps.name("b2")),
            (None, Some(n)) => (n, caps.name("num2")),
            _ => return None,
        };
        first_num = a.as_str().to_string();
        value = parse_number(a.as_str())?;
        if let Some(b) = b {
            let high = parse_number(b.as_str())?;
            if high <= value {
                return None; // "1-0", "24-7": a score or a code, not a range.
            }
            range = Some(ClaimRange {
                min: Some(value),
                max: Some(high),
            });
            vague = true;
        }
    }
    let currency = caps.name("cur").is_some();
    if !first_num.is_empty() && is_not_a_claim(s, start, end, &first_num, currency) {
        return None;
    }
    if let Some(scale) = caps.name("scale") {
        let factor = match scale.as_str().to_ascii_lowercase().as_str() {
            "k" => 1e3,
            "m" | "million" => 1e6,
            "bn" | "billion" => 1e9,
            _ => 1e12,
        };
        value *= factor;
        if let Some(r) = &mut range {
            r.min = r.min.map(|v| v * factor);
            r.max = r.max.map(|v| v * factor);
        }
    }
    // A hedge before the number: "more than 30", "about 20".
    let before = s[..start].to_lowercase();
    if let Some((hedge, low, high)) = HEDGES.iter().find(|(h, _, _)| {
        before.strip_suffix(' ').is_some_and(|b| {
            b.ends_with(h) && b[..b.len() - h.len()].ends_with([' ', '(']) || *b == **h
        })
    }) {
        start -= hedge.len() + 1;
        approximate = true;
        qualifier = Some((*hedge).to_string());
        if *low || *high {
            range = Some(ClaimRange {
                min: low.then_some(value),
                max: high.then_some(value),
            });
        }
    }

    let mut kind = ClaimKind::Count;
    let mut date = None;
    let (unit, unit_end) = if let Some(cur) = caps.name("cur") {
        kind = ClaimKind::Money;
        (cur.as_str().to_string(), end)
    } else if caps.name("pct").is_some() {
        kind = ClaimKind::Percent;
        ("%".to_string(), end)
    } else if let Some((iso, date_end)) = date_after(s, end, value, &first_num) {
        kind = ClaimKind::Date;
        date = Some(iso);
        ("date".to_string(), date_end)
    } else if let Some((iso, date_start)) = date_before(s, start, value, &first_num) {
        kind = ClaimKind::Date;
        date = Some(iso);
        start = date_start;
        ("date".to_string(), end)
    } else if let Some((noun, noun_end)) = counted_noun(s, end) {
        let head = noun.rsplit(' ').next().unwrap_or(&noun).to_string();
        let first = noun.split(' ').next().unwrap_or(&noun).to_string();
        if FIGURATIVE.contains(&first.as_str()) || FIGURATIVE.contains(&head.as_str()) {
            return None;
        }
        if let Some(sign) = money_word(&first) {
            kind = ClaimKind::Money;
            let word_end = s[end..]
                .find(first.as_str())
                .map_or(noun_end, |i| end + i + first.len());
            (sign.to_string(), word_end.min(noun_end))
        } else {
            if TIME_UNITS.contains(&head.as_str()) {
                kind = ClaimKind::Duration;
            }
            (noun, noun_end)
        }
    } else {
        event_after_bare(s, end).or_else(|| verb_before(s, start))?
    };
    if kind == ClaimKind::Count && !pronoun_or_reference_ok(s, start, &first_num) {
        return None;
    }
    let event = (kind == ClaimKind::Count)
        .then(|| event_near(s, start, unit_end))
        .flatten();
    Some(Claim {
        span: Span::new(start, unit_end.max(end)),
        value,
        unit,
        attributed_to: None,
        kind,
        approximate,
        vague,
        qualifier,
        range,
        event: event.map(str::to_string),
        window: None,
        date,
        incident: None,
    })
}

/// Bounds of a vague amount: "dozens" is at least 24, and fewer than a
/// thousand.
fn vague_bounds(word: &str) -> (f64, f64) {
    match word {
        "dozens" => (24.0, 999.0),
        "scores" => (40.0, 999.0),
        "hundreds" => (200.0, 999.0),
        "thousands" => (2e3, 99_999.0),
        "tens of thousands" => (2e4, 99_999.0),
        "hundreds of thousands" => (2e5, 999_999.0),
        "tens of millions" => (2e7, 99_999_999.0),
        "hundreds of millions" => (2e8, 999_999_999.0),
        "millions" => (2e6, 999_999_999.0),
        _ => (2e9, 999_999_999_999.0),
    }
}

/// The currency sign a money word stands for.
fn money_word(word: &str) -> Option<&'static str> {
    match word {
        "pounds" | "pound" | "sterling" => Some("£"),
        "dollars" | "dollar" => Some("$"),
        "euros" | "euro" => Some("€"),
        _ => None,
    }
}

/// Parses digits or spelled-out numbers ("twenty-one", "two hundred", "a dozen").
fn parse_number(num: &str) -> Option<f64> {
    if num.starts_with(|c: char| c.is_ascii_digit()) {
        return num.replace(',', "").parse().ok();
    }
    let small = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    let tens = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let lower = num.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.first() == Some(&"a") {
        if !matches!(words.get(1), Some(&("dozen" | "hundred" | "thousand"))) {
            return None;
        }
        words[0] = "one";
    }
    let (mut total, mut current) = (0.0, 0.0);
    for w in words {
        if let Some(v) = small.iter().position(|x| *x == w) {
            current += v as f64;
        } else if let Some(v) = tens.iter().position(|x| *x == w) {
            current += (v as f64 + 2.0) * 10.0;
        } else {
            let factor = match w {
                "dozen" => 12.0,
                "hundred" => 100.0,
                "thousand" => 1000.0,
                _ => return None,
            };
            let n = if current == 0.0 { 1.0 } else { current };
            if factor == 1000.0 {
                total += n * factor;
                current = 0.0;
            } else {
                current = n * factor;
            }
        }
    }
    Some(total + current)
}

/// Years, clock times, phone numbers, ordinals and parts of codes.
fn is_not_a_claim(s: &str, start: usize, end: usize, num: &str, currency: bool) -> bool {
    let before = s[..start].trim_end();
    let after = &s[end..];
    let year =
        num.len() == 4 && num.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y)) && !currency;
    let joined = before.ends_with([':', '/', '-', '.'])
        || after.starts_with([':', '/', '-'])
        || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()));
    let phone = num.starts_with('0') && num.len() >= 3;
    let ordinal = ["st", "nd", "rd", "th"]
        .iter()
        .any(|o| after.starts_with(o));
    let lower_word = num.chars().all(char::is_alphabetic) && num.starts_with(char::is_lowercase);
    year || joined || phone || ordinal || (lower_word && before.ends_with(" of"))
}

/// Spelled-out numbers as pronouns or references: "one" counts only in a
/// list or after a casualty verb ("and one civilian", "killing one"); small
/// numbers after a determiner ("the two countries", "its six members")
/// refer back rather than report.
fn pronoun_or_reference_ok(s: &str, start: usize, num: &str) -> bool {
    if num.is_empty() || num.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let before = s[..start].trim_end();
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let lower = num.to_lowercase();
    if lower == "one" {
        return before.ends_with(',')
            || matches!(
                last.as_str(),
                "and"
                    | "or"
                    | "killing"
                    | "killed"
                    | "left"
                    | "leaving"
                    | "injuring"
                    | "wounding"
                    | "least"
            );
    }
    let small = parse_number(num).is_some_and(|v| v <= 10.0);
    !(small
        && matches!(
            last.as_str(),
            "the" | "these" | "those" | "their" | "its" | "his" | "her" | "our" | "your" | "my"
        ))
}

/// "19 September (2016)": the date after a day number.
fn date_after(s: &str, end: usize, day: f64, num: &str) -> Option<(String, usize)> {
    if !num.starts_with(|c: char| c.is_ascii_digit()) || !(1.0..=31.0).contains(&day) {
        return None;
    }
    let rest = &s[end..];
    let trimmed = rest.trim_start();
    let word: String = trimmed.chars().take_while(|c| c.is_alphabetic()).collect();
    let month = MONTHS.iter().position(|m| *m == word.to_lowercase())? + 1;
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    let mut date_end = end + (rest.len() - trimmed.len()) + word.len();
    let after = &s[date_end..];
    let year: String = after
        .trim_start_matches([',', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let iso = if year.len() == 4 {
        date_end += after.find(&year).unwrap_or(0) + 4;
        format!("{year}-{month:02}-{:02}", day as u32)
    } else {
        format!("--{month:02}-{:02}", day as u32)
    };
    Some((iso, date_end))
}

/// "September 19": the date before a day number; returns the start.
fn date_before(s: &str, start: usize, day: f64, num: &str) -> Option<(String, usize)> {
    if !num.starts_with(|c: char| c.is_ascii_digit()) || !(1.0..=31.0).contains(&day) {
        return None;
    }
    let before = &s[..start];
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return None;
    }
    let word = trimmed
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == word.to_lowercase())? + 1;
    Some((
        format!("--{month:02}-{:02}", day as u32),
        trimmed.len() - word.len(),
    ))
}

/// The noun phrase counted by a number: up to three words after it,
/// stopping at a function word or punctuation.
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
            || (!words.is_empty() && clean.len() > 4 && clean.ends_with("ed"))
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

/// A casualty word right after a bare number: "20 dead".
fn event_after_bare(s: &str, end: usize) -> Option<(String, usize)> {
    let rest = &s[end..];
    let trimmed = rest.trim_start();
    let word: String = trimmed.chars().take_while(|c| c.is_alphabetic()).collect();
    event_word(&word)?;
    Some((
        word.to_lowercase(),
        end + (rest.len() - trimmed.len()) + word.len(),
    ))
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

/// The event a count belongs to: a casualty word right before it ("killed
/// 20", "death toll of 20") or later in its clause ("left 20 aid workers and
/// one civilian dead", "213 civilians had died").
fn event_near(s: &str, start: usize, end: usize) -> Option<&'static str> {
    let before = s[..start].trim_end().to_lowercase();
    let mut back = before.rsplit(|c: char| c.is_whitespace());
    match back.next() {
        // "fatally shot 17 people"
        Some("shot") if back.next() == Some("fatally") => return Some("killed"),
        Some(word) => {
            if let Some(e) = event_word(word) {
                return Some(e);
            }
        }
        None => {}
    }
    if before.contains("death toll") && before.len() - before.rfind("death toll")? < 25 {
        return Some("killed");
    }
    for token in s[end..].split_whitespace().take(6) {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(e) = event_word(word) {
            return Some(e);
        }
        if token.ends_with([',', '.', ';', ':', '!', '?']) || CLAUSE_BREAKS.contains(&word) {
            break;
        }
    }
    None
}

/// The first time window in `s[from..to]`.
fn find_window(s: &str, from: usize, to: usize) -> Option<Span> {
    windows(s, from, to).next()
}

/// The last time window in `s[from..to]`.
fn find_last_window(s: &str, from: usize, to: usize) -> Option<Span> {
    windows(s, from, to).last()
}

/// Time windows in `s[from..to]`, spans relative to `s`.
fn windows(s: &str, from: usize, to: usize) -> impl Iterator<Item = Span> + '_ {
    let from = from.min(to);
    WINDOW.captures_iter(&s[from..to]).filter_map(move |c| {
        if let Some(m) = c.name("since") {
            let end = since_clause_end(s, from + c.get(0)?.end(), to)?;
            return Some(Span::new(from + m.start(), end));
        }
        let m = c
            .name("dur")
            .or_else(|| c.name("rel"))
            .or_else(|| c.name("date"))?;
        Some(Span::new(from + m.start(), from + m.end()))
    })
}

/// The end of a "since" clause: "since the ceasefire collapsed last week"
/// ends before "last week"; at most seven words, never past punctuation.
fn since_clause_end(s: &str, from: usize, to: usize) -> Option<usize> {
    const STOPS: &[&str] = &[
        "last",
        "this",
        "yesterday",
        "today",
        "on",
        "in",
        "and",
        "but",
        "have",
        "has",
        "had",
        "were",
        "was",
        "is",
        "are",
        "when",
        "as",
        "after",
        "while",
        "because",
        "according",
    ];
    let mut end = None;
    let mut offset = from;
    for (n, token) in s[from..to].split_inclusive(char::is_whitespace).enumerate() {
        let word = token.trim();
        let clean = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if n >= 7 || clean.is_empty() || (n > 0 && STOPS.contains(&clean.to_lowercase().as_str())) {
            break;
        }
        let at = offset + token.find(clean).unwrap_or(0);
        end = Some(at + clean.len());
        offset += token.len();
        if clean.len() != word.len() {
            break;
        }
    }
    end
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

    fn full(text: &str) -> Vec<Claim> {
        find_claims(text, &clean(text))
    }

    fn window<'t>(text: &'t str, c: &Claim) -> Option<&'t str> {
        c.window.map(|w| w.slice(text))
    }

    #[test]
    fn windows_events_and_attribution() {
        let text = "Russia and Syria launched 150 airstrikes in 72 hours. The Syrian Observatory for Human Rights, a monitoring group, reported that 213 civilians had died in Aleppo since the ceasefire collapsed last week. Strikes killed 20 last week.";
        let got = full(text);
        let units: Vec<&str> = got.iter().map(|c| c.unit.as_str()).collect();
        assert_eq!(units, ["airstrikes", "civilians", "killed"], "{got:?}");
        assert_eq!(window(text, &got[0]), Some("72 hours"));
        assert_eq!(window(text, &got[1]), Some("since the ceasefire collapsed"));
        assert_eq!(got[1].event.as_deref(), Some("killed"));
        assert_eq!(
            got[1].attributed_to.as_deref(),
            Some("Syrian Observatory for Human Rights")
        );
        assert_eq!(window(text, &got[2]), Some("last week"));
        assert_eq!(got[2].event.as_deref(), Some("killed"));
    }

    #[test]
    fn vague_amounts_ranges_and_hedges() {
        let text = "The campaign killed dozens of people in the past few days. Between 20 and 30 homes burned. A statement from more than 30 rebel groups was read. Some 20 to 25 trucks arrived.";
        let got = full(text);
        assert_eq!(got[0].unit, "people");
        assert!(got[0].vague && got[0].approximate);
        assert_eq!(got[0].qualifier.as_deref(), Some("dozens"));
        assert!(got[0]
            .range
            .is_some_and(|r| r.contains(213.0) && !r.contains(12.0)));
        assert_eq!(window(text, &got[0]), Some("the past few days"));
        assert_eq!(got[0].event.as_deref(), Some("killed"));
        assert_eq!(got[1].unit, "homes");
        assert_eq!(got[1].range.and_then(|r| r.max), Some(30.0));
        assert!(got[1].vague);
        assert_eq!(got[2].span.slice(text), "more than 30 rebel groups");
        assert_eq!(got[2].value, 30.0);
        assert!(got[2].approximate && !got[2].vague);
        assert_eq!(got[3].range.and_then(|r| r.min), Some(20.0));
        assert_eq!(got[3].unit, "trucks");
    }

    #[test]
    fn words_percent_money_durations_dates() {
        let text = "Twenty-one people and two hundred soldiers were there. Turnout fell 12 per cent. The fund holds 3.5 million pounds and €2bn. The siege lasted three weeks. The convoy was hit on 19 September 2016.";
        let got = full(text);
        let summary: Vec<(f64, &str, ClaimKind)> = got
            .iter()
            .map(|c| (c.value, c.unit.as_str(), c.kind))
            .collect();
        assert_eq!(
            summary,
            [
                (21.0, "people", ClaimKind::Count),
                (200.0, "soldiers", ClaimKind::Count),
                (12.0, "%", ClaimKind::Percent),
                (3_500_000.0, "£", ClaimKind::Money),
                (2e9, "€", ClaimKind::Money),
                (3.0, "weeks", ClaimKind::Duration),
                (19.0, "date", ClaimKind::Date),
            ]
        );
        assert_eq!(got[6].date.as_deref(), Some("2016-09-19"));
    }

    #[test]
    fn idioms_and_pronoun_one_are_not_claims() {
        let text = "Putin was sticking two fingers up to the UN. There's one thing that the Russians respond to. On the one hand it failed. The two countries met. The blast left one soldier dead.";
        let got = full(text);
        let units: Vec<&str> = got.iter().map(|c| c.unit.as_str()).collect();
        assert_eq!(units, ["soldier"], "{got:?}");
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
