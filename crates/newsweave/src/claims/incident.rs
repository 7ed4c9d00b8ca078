//! The incident or item a figure belongs to: "the attack near Aleppo" for
//! "left 20 aid workers dead", "bombing campaign" for "killed dozens of
//! people", "planned tax cuts" for "$180 million".
//!
//! A closed list of nouns that name incidents (attacks, disasters, unrest)
//! and budget items (plans, packages, cuts) is looked for in the figure's
//! clause: right after the figure, else the nearest one before it. The
//! phrase keeps up to two modifiers before the noun ("aid convoy attack",
//! "planned tax cuts") and a place after it ("near Aleppo").

use crate::model::Span;

/// Nouns that name an incident or a budget item, singular and plural.
const INCIDENT_NOUNS: &[&str] = &[
    "accident",
    "airstrike",
    "allocation",
    "ambush",
    "assault",
    "attack",
    "bailout",
    "blast",
    "blaze",
    "bombardment",
    "bombing",
    "budget",
    "campaign",
    "clash",
    "collapse",
    "collision",
    "conflict",
    "crash",
    "cut",
    "cyclone",
    "deal",
    "derailment",
    "drought",
    "earthquake",
    "epidemic",
    "eruption",
    "explosion",
    "famine",
    "fire",
    "flood",
    "flooding",
    "fund",
    "funding",
    "grant",
    "heatwave",
    "hurricane",
    "initiative",
    "investment",
    "landslide",
    "loan",
    "massacre",
    "offensive",
    "outbreak",
    "package",
    "pandemic",
    "plan",
    "programme",
    "program",
    "protest",
    "quake",
    "raid",
    "riot",
    "scheme",
    "settlement",
    "shelling",
    "shooting",
    "siege",
    "storm",
    "strike",
    "tornado",
    "typhoon",
    "war",
    "wildfire",
];

/// How many words away from the figure its incident noun may be.
const MAX_DISTANCE: usize = 10;

/// Punctuation after a word that ends the figure's clause.
const CLAUSE_ENDS: &[char] = &[';', ':', '.', '!', '?', '—', '–'];

/// Words that never modify an incident noun.
const NOT_MODIFIERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "in",
    "of", "on", "at", "by", "for", "to", "and", "or", "with", "from", "after", "before", "which",
    "who", "was", "were", "is", "are", "be", "been", "had", "has", "have", "new", "recent",
    "latest", "last", "first", "same",
];

/// Incident nouns that name the same kind of thing: a report of "the
/// attack" and one of "strikes" may be about one incident; "tax cuts" and
/// an "initiative" are not one item.
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "attack",
        &[
            "airstrike",
            "ambush",
            "assault",
            "attack",
            "blast",
            "bombardment",
            "bombing",
            "explosion",
            "massacre",
            "offensive",
            "raid",
            "shelling",
            "shooting",
            "strike",
        ],
    ),
    ("fire", &["blaze", "fire", "wildfire"]),
    ("flood", &["flood", "flooding"]),
    ("quake", &["earthquake", "quake"]),
    (
        "storm",
        &["cyclone", "hurricane", "storm", "tornado", "typhoon"],
    ),
    ("unrest", &["clash", "protest", "riot"]),
    (
        "spending",
        &[
            "allocation",
            "budget",
            "fund",
            "funding",
            "grant",
            "initiative",
            "investment",
            "package",
            "plan",
            "scheme",
            "programme",
            "program",
        ],
    ),
];

/// The incident noun `word` (lower case, singular or plural) is, if any.
fn incident_noun(word: &str) -> Option<&'static str> {
    let find = |w: &str| INCIDENT_NOUNS.iter().copied().find(|n| *n == w);
    find(word)
        .or_else(|| word.strip_suffix("es").and_then(find))
        .or_else(|| word.strip_suffix('s').and_then(find))
}

/// True when `word` (lower case) is an incident noun or its plural.
fn is_incident_noun(word: &str) -> bool {
    incident_noun(word).is_some()
}

/// Nouns that, after an incident noun, make it a modifier of something
/// else: "flood defences", "war crimes", "attack helicopters".
const MODIFIED_HEADS: &[&str] = &[
    "action",
    "brigade",
    "crime",
    "crimes",
    "damage",
    "defence",
    "defences",
    "defense",
    "defenses",
    "fighter",
    "fighters",
    "group",
    "groups",
    "helicopter",
    "helicopters",
    "insurance",
    "jet",
    "jets",
    "plane",
    "planes",
    "risk",
    "risks",
    "service",
    "services",
    "victims",
    "warning",
    "warnings",
    "zone",
    "zones",
];

/// True when word `i` names an incident itself, not as the modifier of the
/// noun after it.
fn names_incident(ws: &[Word<'_>], i: usize) -> bool {
    let modifier = !ws[i].ends_clause
        && !ws[i].comma
        && ws
            .get(i + 1)
            .is_some_and(|next| MODIFIED_HEADS.contains(&next.text.to_lowercase().as_str()));
    is_incident_noun(&ws[i].text.to_lowercase()) && !modifier
}

/// The kinds of incident a phrase names: the family of each incident noun
/// in it ("attack" for "strikes", "spending" for "initiative"), else the
/// noun itself ("cut").
pub fn families(phrase: &str) -> std::collections::BTreeSet<&'static str> {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| incident_noun(&w.to_lowercase()))
        .map(|noun| {
            FAMILIES
                .iter()
                .find(|(_, members)| members.contains(&noun))
                .map_or(noun, |(family, _)| family)
        })
        .collect()
}

/// A word of the sentence with its byte span.
struct Word<'s> {
    text: &'s str,
    span: Span,
    /// Punctuation right after it (",", ";"...).
    ends_clause: bool,
    comma: bool,
}

fn words(s: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for token in s.split_inclusive(char::is_whitespace) {
        let start = offset + token.len()
            - token
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        offset += token.len();
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            continue;
        }
        let trail = token.trim_end();
        out.push(Word {
            text: core,
            span: Span::new(start, start + core.len()),
            ends_clause: trail.ends_with(CLAUSE_ENDS),
            comma: trail.ends_with(','),
        });
    }
    out
}

/// The incident phrase for the figure at `claim` (byte span within sentence
/// `s`), as a span of `s`; `None` when the clause names none, or when the
/// figure counts the incidents themselves ("150 airstrikes").
pub fn incident(s: &str, claim: Span) -> Option<Span> {
    let ws = words(s);
    let inside = |w: &Word<'_>| claim.start <= w.span.start && w.span.end <= claim.end;
    if ws
        .iter()
        .filter(|w| inside(w))
        .any(|w| is_incident_noun(&w.text.to_lowercase()))
    {
        return None;
    }
    let first_after = ws
        .iter()
        .position(|w| w.span.start >= claim.end)
        .unwrap_or(ws.len());
    let last_before = ws.iter().rposition(|w| w.span.end <= claim.start);
    // Right after the figure ("$180 million in planned tax cuts"), else
    // the nearest before it, within its clause.
    let mut found = None;
    for (i, w) in ws.iter().enumerate().skip(first_after).take(4) {
        if names_incident(&ws, i) {
            found = Some(i);
            break;
        }
        if w.ends_clause || w.comma {
            break;
        }
    }
    if let (None, Some(lb)) = (found, last_before) {
        for i in (lb.saturating_sub(MAX_DISTANCE)..=lb).rev() {
            if ws[i].ends_clause || ws[i].comma {
                break;
            }
            if names_incident(&ws, i) {
                found = Some(i);
                break;
            }
        }
    }
    let head = found?;
    // A compound of incident nouns reads as one: "bombing campaign".
    let mut first = head;
    while first > 0 && head - first < 2 {
        let w = &ws[first - 1];
        let lower = w.text.to_lowercase();
        if w.ends_clause || w.comma || NOT_MODIFIERS.contains(&lower.as_str()) || inside(w) {
            break;
        }
        if !w.text.chars().all(|c| c.is_alphabetic() || c == '-') {
            break;
        }
        first -= 1;
    }
    let mut last = head;
    // A place after it: "near Aleppo", "in Parkland".
    if !ws[head].ends_clause && !ws[head].comma {
        if let (Some(prep), Some(place)) = (ws.get(head + 1), ws.get(head + 2)) {
            let capital = place.text.chars().next().is_some_and(char::is_uppercase);
            if matches!(prep.text, "near" | "in" | "on" | "at" | "outside")
                && capital
                && !prep.ends_clause
                && !inside(place)
            {
                last = head + 2;
                while let Some(next) = ws.get(last + 1) {
                    let more = !ws[last].ends_clause
                        && !ws[last].comma
                        && next.text.chars().next().is_some_and(char::is_uppercase);
                    if !more {
                        break;
                    }
                    last += 1;
                }
            }
        }
    }
    Some(Span::new(ws[first].span.start, ws[last].span.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(s: &str, figure: &str) -> Option<String> {
        let at = s.find(figure).expect("figure in sentence");
        incident(s, Span::new(at, at + figure.len())).map(|sp| sp.slice(s).to_string())
    }

    #[test]
    fn seed_incidents() {
        let itv = "The attack near Aleppo left 20 aid workers and one civilian dead as they attempted to deliver aid.";
        assert_eq!(
            phrase(itv, "20 aid workers").as_deref(),
            Some("attack near Aleppo")
        );
        let sun = "And he said Russia would be in the dock if it was proven they deliberately targeted an aid convoy in strikes that killed 20 last week";
        assert_eq!(phrase(sun, "20").as_deref(), Some("strikes"));
        let rebels = "A statement said the bombing campaign which killed dozens of people in the past few days was unprecedented.";
        assert_eq!(
            phrase(rebels, "dozens of people").as_deref(),
            Some("bombing campaign")
        );
        let money = "Scott said he is considering abandoning more than $180 million in planned tax cuts and urged lawmakers to wait.";
        assert_eq!(
            phrase(money, "more than $180 million").as_deref(),
            Some("planned tax cuts")
        );
    }

    #[test]
    fn modifiers_are_not_incidents() {
        let s = "Local MP Daniel Whitcombe said the government should release £12 million promised for flood defences in 2021.";
        assert_eq!(phrase(s, "£12 million"), None);
        let s = "Ministers approved a £12 million scheme for the town in 2021.";
        assert_eq!(phrase(s, "£12 million").as_deref(), Some("scheme"));
    }

    #[test]
    fn families_join_kinds_of_incident() {
        assert_eq!(families("attack near Aleppo"), families("strikes"));
        assert_ne!(families("planned tax cuts"), families("initiative"));
        assert!(families("near Aleppo").is_empty());
    }

    #[test]
    fn figures_that_count_incidents_or_name_none() {
        let s = "Russia and Syria launched 150 airstrikes in 72 hours.";
        assert_eq!(phrase(s, "150 airstrikes"), None);
        let s = "The Syrian Observatory reported that 213 civilians had died in Aleppo since the ceasefire collapsed.";
        assert_eq!(phrase(s, "213 civilians"), None);
    }
}
