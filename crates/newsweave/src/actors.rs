//! Actors, first pass: capitalised name spans, their titles and roles, merged
//! by surname within an article and by name across a story.
//!
//! "Foreign Secretary Boris Johnson", "Mr Johnson" and "Johnson" become one
//! person named "Boris Johnson" with the role "Foreign Secretary". Kinds come
//! from the words of the name and the mentions' context: an honorific or a
//! role makes a person, an organisational head noun an organisation, a
//! locative preposition a place.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Actor, ActorKind, Document, Span};

/// Honorifics that precede a person's surname.
const HONORIFICS: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Sir", "Dame", "Lord", "Lady",
    "Prof", "Prof.", "Rev",
];

/// Head words of titles and roles ("Foreign Secretary", "President").
const ROLE_HEADS: &[&str] = &[
    "President",
    "Secretary",
    "Minister",
    "Chancellor",
    "Senator",
    "Sen.",
    "Governor",
    "Gov.",
    "Mayor",
    "Leader",
    "Speaker",
    "Ambassador",
    "General",
    "Gen.",
    "Chief",
    "Director",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Chairman",
    "Chair",
    "Commissioner",
    "Judge",
    "Justice",
    "Representative",
    "Rep.",
    "Envoy",
    "Prince",
    "Princess",
    "King",
    "Queen",
    "Pope",
    "Captain",
    "Officer",
    "Inspector",
    "Sergeant",
    "Coach",
    "Manager",
    "CEO",
    "MP",
    "Congressman",
    "Congresswoman",
    "Councillor",
    "Councilor",
    "Cllr",
    "Resident",
];

/// First or last words that make a name a place ("River Wend", "Mill Lane").
const PLACE_WORDS: &[&str] = &[
    "River", "Lake", "Mount", "Road", "Street", "Lane", "Avenue", "Square", "Valley", "Island",
    "Islands", "Bay", "County", "City", "Province", "Region", "Sea", "Ocean", "Gulf", "Strait",
    "Park", "Hill", "Heights", "Airport", "Station",
];

/// Countries, regions and large cities: a small gazetteer, since their
/// names carry no head word ("Syria", "Aleppo"). Sorted for binary search.
const PLACES: &[&str] = &[
    "Afghanistan",
    "Africa",
    "Albania",
    "Aleppo",
    "Algeria",
    "America",
    "Amsterdam",
    "Angola",
    "Argentina",
    "Armenia",
    "Asia",
    "Athens",
    "Australia",
    "Austria",
    "Azerbaijan",
    "Baghdad",
    "Bahrain",
    "Bangladesh",
    "Barcelona",
    "Beijing",
    "Beirut",
    "Belarus",
    "Belgium",
    "Berlin",
    "Bolivia",
    "Bosnia",
    "Brazil",
    "Britain",
    "Brussels",
    "Bulgaria",
    "Cairo",
    "California",
    "Cambodia",
    "Cameroon",
    "Canada",
    "Chicago",
    "Chile",
    "China",
    "Colombia",
    "Congo",
    "Crimea",
    "Croatia",
    "Cuba",
    "Cyprus",
    "Damascus",
    "Delhi",
    "Denmark",
    "Dubai",
    "Dublin",
    "Ecuador",
    "Egypt",
    "England",
    "Estonia",
    "Ethiopia",
    "Europe",
    "Finland",
    "Florida",
    "France",
    "Gaza",
    "Georgia",
    "Germany",
    "Ghana",
    "Greece",
    "Guatemala",
    "Haiti",
    "Honduras",
    "Hungary",
    "Iceland",
    "India",
    "Indonesia",
    "Iowa",
    "Iran",
    "Iraq",
    "Ireland",
    "Israel",
    "Istanbul",
    "Italy",
    "Jamaica",
    "Japan",
    "Jerusalem",
    "Jordan",
    "Kabul",
    "Kazakhstan",
    "Kenya",
    "Kiev",
    "Korea",
    "Kosovo",
    "Kuwait",
    "Kyiv",
    "Lagos",
    "Latvia",
    "Lebanon",
    "Libya",
    "Lithuania",
    "London",
    "Luxembourg",
    "Madrid",
    "Malaysia",
    "Mali",
    "Mexico",
    "Michigan",
    "Moldova",
    "Mongolia",
    "Morocco",
    "Moscow",
    "Mosul",
    "Mumbai",
    "Myanmar",
    "Nepal",
    "Netherlands",
    "Nicaragua",
    "Niger",
    "Nigeria",
    "Norway",
    "Ohio",
    "Oman",
    "Pakistan",
    "Palestine",
    "Panama",
    "Paris",
    "Pennsylvania",
    "Peru",
    "Philippines",
    "Poland",
    "Portugal",
    "Qatar",
    "Raqqa",
    "Romania",
    "Rome",
    "Russia",
    "Rwanda",
    "Scotland",
    "Senegal",
    "Seoul",
    "Serbia",
    "Singapore",
    "Slovakia",
    "Slovenia",
    "Somalia",
    "Spain",
    "Sudan",
    "Sweden",
    "Switzerland",
    "Sydney",
    "Syria",
    "Taiwan",
    "Tehran",
    "Texas",
    "Thailand",
    "Tokyo",
    "Toronto",
    "Tunisia",
    "Turkey",
    "Uganda",
    "Ukraine",
    "Uruguay",
    "Venezuela",
    "Vienna",
    "Vietnam",
    "Virginia",
    "Wales",
    "Warsaw",
    "Washington",
    "Yemen",
    "Zambia",
    "Zimbabwe",
];

/// First words of named events and things that are not actors ("Storm Ilse").
const EVENT_WORDS: &[&str] = &["Storm", "Hurricane", "Typhoon", "Cyclone", "Operation"];

/// Head words that make a name an organisation.
const ORG_HEADS: &[&str] = &[
    "Embassy",
    "Party",
    "Court",
    "Council",
    "Committee",
    "Ministry",
    "Department",
    "Government",
    "Office",
    "Observatory",
    "Nations",
    "Union",
    "Agency",
    "Organisation",
    "Organization",
    "Association",
    "Commission",
    "Parliament",
    "Congress",
    "Senate",
    "House",
    "Bank",
    "Company",
    "Corporation",
    "Inc",
    "Ltd",
    "Group",
    "University",
    "Institute",
    "Foundation",
    "Campaign",
    "Police",
    "Army",
    "Forces",
    "Coalition",
    "Times",
    "News",
    "Post",
    "Service",
    "Board",
    "Authority",
    "Fund",
    "Society",
    "Club",
    "League",
    "Network",
    "Kremlin",
    "Commons",
    "Pentagon",
    "Labour",
    "Tory",
    "Conservatives",
    "Democrats",
    "Republicans",
    "UN",
    "NATO",
    "EU",
    "ICC",
];

/// Capitalised words that start sentences or headlines without naming anyone.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "If",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "When",
    "While",
    "After",
    "Before",
    "Yesterday",
    "Today",
    "Tomorrow",
    "Last",
    "Next",
    "Now",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Its",
    "As",
    "For",
    "From",
    "With",
    "Without",
    "By",
    "Of",
    "To",
    "Also",
    "However",
    "Meanwhile",
    "Speaking",
    "Saying",
    "Asked",
    "Obviously",
    "Personally",
    "Almost",
    "Independent",
    "No",
    "Not",
    "So",
    "Some",
    "Many",
    "Most",
    "All",
    "Every",
    "Such",
    "What",
    "Which",
    "Who",
    "Why",
    "How",
    "Where",
    "Former",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Sorry",
    "Load",
    "Live",
    "Credit",
    "Photo",
    "More",
    "Six",
    "Two",
    "Three",
    "Four",
    "Five",
];

/// A run of capitalised words, allowing "of", "al-", "bin" and "de" inside.
static NAME_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[A-Z][\p{L}'’\.-]*[\p{L}.]|[A-Z])(?:\s+(?:(?:of|for|al|bin|de|van|von|the)\s+)?(?:al-)?[A-Z][\p{L}'’\.-]*[\p{L}.])*",
    )
    .expect("valid regex")
});

/// One name mention found in a text.
#[derive(Clone, Debug)]
struct Mention {
    span: Span,
    /// The name without honorific or role ("Boris Johnson").
    name: String,
    /// A role or title written before the name ("Foreign Secretary").
    role: Option<String>,
    honorific: bool,
}

/// Finds the actors of one article.
pub fn find_actors(text: &str, doc: &Document) -> Vec<Actor> {
    let mut mentions = Vec::new();
    let mut initial = Vec::new();
    for sentence in &doc.sentences {
        let s = sentence.span.slice(text);
        for m in NAME_RUN.find_iter(s) {
            if let Some(mention) = read_mention(s, m.start(), m.end(), sentence.span.start) {
                if is_name_like(text, &mention) {
                    initial.push(mention.span.start == sentence.span.start);
                    mentions.push(mention);
                }
            }
        }
    }
    // A lone capitalised word that opens a sentence, is never named
    // elsewhere, and whose lower-case form the text uses, is an ordinary
    // word ("Bombing", "Failure"), not an actor.
    let named_inside: HashSet<&str> = mentions
        .iter()
        .zip(&initial)
        .filter(|(_, &first)| !first)
        .map(|(m, _)| m.name.as_str())
        .collect();
    let mut lower_words = LowerWords::new(text);
    let mut keep = vec![true; mentions.len()];
    for (i, m) in mentions.iter().enumerate() {
        if initial[i] && !m.name.contains(' ') && m.role.is_none() && !m.honorific {
            keep[i] = named_inside.contains(m.name.as_str()) || !lower_words.used(&m.name);
        }
    }
    let mentions = mentions
        .into_iter()
        .zip(keep)
        .filter_map(|(m, k)| k.then_some(m))
        .collect();
    merge(text, mentions)
}

/// Answers "does the text use this word in lower case?" for many words, in
/// n·log n for the text instead of one scan of it per word.
struct LowerWords<'t> {
    text: &'t str,
    /// The alphanumeric runs of the text, sorted; built on first use.
    runs: Option<BTreeSet<&'t str>>,
    answers: HashMap<String, bool>,
}

impl<'t> LowerWords<'t> {
    fn new(text: &'t str) -> Self {
        LowerWords {
            text,
            runs: None,
            answers: HashMap::new(),
        }
    }

    /// True when the text uses `word` (or a word starting with all but its
    /// last two letters, at least five) in lower case: "Demonstrate" →
    /// "demonstrations". A match starts a word: the character before it is
    /// not alphanumeric.
    fn used(&mut self, word: &str) -> bool {
        let lower = word.to_lowercase();
        let stem_len = lower.chars().count().saturating_sub(2).max(5);
        let stem: String = lower.chars().take(stem_len).collect();
        if let Some(&known) = self.answers.get(&stem) {
            return known;
        }
        let text = self.text;
        let found = if stem.chars().all(char::is_alphanumeric) {
            // An all-alphanumeric stem matches at a word start exactly when
            // the alphanumeric run starting there begins with it.
            let runs = self.runs.get_or_insert_with(|| {
                text.split(|c: char| !c.is_alphanumeric())
                    .filter(|r| !r.is_empty())
                    .collect()
            });
            runs.range(stem.as_str()..)
                .next()
                .is_some_and(|r| r.starts_with(stem.as_str()))
        } else {
            text.match_indices(&stem)
                .any(|(at, _)| !text[..at].ends_with(char::is_alphanumeric))
        };
        self.answers.insert(stem, found);
        found
    }
}

/// False for capitalised words that modify a noun rather than name
/// something: hyphenated modifiers ("US-led", "Russian-backed") and
/// nationality adjectives before a noun ("Syrian conflict").
fn is_name_like(text: &str, m: &Mention) -> bool {
    let modifier = m.name.split(' ').any(|w| {
        w.split('-')
            .skip(1)
            .any(|part| part.starts_with(char::is_lowercase))
    });
    let next_is_lower = text[m.span.end..]
        .trim_start_matches([' ', '\u{a0}'])
        .starts_with(char::is_lowercase);
    let demonym = ["an", "ish", "ese", "i"]
        .iter()
        .any(|e| m.name.ends_with(e));
    let adjective = !m.name.contains(' ') && next_is_lower && demonym;
    !modifier && !adjective
}

/// Turns a capitalised run into a mention, peeling off the honorific and
/// role; `None` when nothing name-like is left.
fn read_mention(sentence: &str, start: usize, end: usize, base: usize) -> Option<Mention> {
    let (start, end) = narrow_run(sentence, start, end);
    let run = &sentence[start..end];
    let mut words: Vec<&str> = run.split_whitespace().collect();
    let mut offset = start;
    // Leading sentence words that are not names ("The", "Today").
    while words.first().is_some_and(|w| NOT_NAMES.contains(w)) {
        let w = words.remove(0);
        offset += sentence[offset..].find(w).unwrap_or(0) + w.len();
        offset += sentence[offset..].len() - sentence[offset..].trim_start().len();
    }
    let honorific = words.first().is_some_and(|w| HONORIFICS.contains(w));
    let mut role_words = Vec::new();
    if honorific {
        words.remove(0);
    } else {
        // "Foreign Secretary Boris Johnson": the role ends at its last head word.
        if let Some(last_head) = words.iter().rposition(|w| is_role_head(w)) {
            if last_head + 1 < words.len() {
                role_words = words.drain(..=last_head).collect();
            } else {
                // "the Foreign Secretary", "Tory MP": a role without a name.
                return None;
            }
        }
    }
    // Shouted words in a mixed-case name are normalised: "BORIS Johnson".
    let mixed = words.iter().any(|w| w.chars().any(char::is_lowercase));
    let mut name = words
        .iter()
        .map(|w| {
            if mixed && w.len() >= 3 && w.chars().all(|c| !c.is_lowercase()) {
                let mut chars = w.chars();
                chars.next().map_or(String::new(), |f| {
                    f.to_string() + &chars.as_str().to_lowercase()
                })
            } else {
                (*w).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    // A trailing possessive belongs to the name: "Corbyn’s" → "Corbyn".
    for suffix in ["'s", "’s"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            name = stripped.to_string();
        }
    }
    let name = name.trim_end_matches('.').to_string();
    if name.chars().filter(|c| c.is_alphabetic()).count() < 2 || NOT_NAMES.contains(&name.as_str())
    {
        return None;
    }
    let name_start = offset + sentence[offset..].find(words.first()?).unwrap_or(0);
    let span = Span::new(base + name_start.min(end), base + end);
    Some(Mention {
        span,
        name,
        role: (!role_words.is_empty()).then(|| role_words.join(" ")),
        honorific,
    })
}

/// A role head word, singular or plural ("Secretary", "Ministers").
fn is_role_head(word: &str) -> bool {
    ROLE_HEADS.contains(&word)
        || word
            .strip_suffix('s')
            .is_some_and(|w| ROLE_HEADS.contains(&w))
}

/// Narrows a capitalised run to the name it holds: after a possessive
/// ("Labour's Ann Clwyd" → "Ann Clwyd"), and before "of"/"for" unless the
/// part before is an organisation ("President Putin of Russia" → "President
/// Putin", but "Syrian Observatory for Human Rights" stays whole).
fn narrow_run(sentence: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let run = &sentence[start..end];
    if let Some(at) = ["'s ", "’s "]
        .iter()
        .filter_map(|p| run.find(p).map(|i| i + p.len()))
        .max()
    {
        start += at;
    }
    let run = &sentence[start..end];
    for connector in [" of ", " for "] {
        if let Some(at) = run.find(connector) {
            let before = &run[..at];
            if !before.split_whitespace().any(|w| ORG_HEADS.contains(&w)) {
                end = start + at;
                break;
            }
        }
    }
    (start, end)
}

/// Groups mentions into actors: a one-word name joins the unique longer name
/// ending in it; identical names join.
fn merge(text: &str, mentions: Vec<Mention>) -> Vec<Actor> {
    let mut by_name: BTreeMap<String, Vec<Mention>> = BTreeMap::new();
    for m in mentions {
        by_name.entry(m.name.clone()).or_default().push(m);
    }
    let names: Vec<String> = by_name.keys().cloned().collect();
    // Names of two or more words by their last word, in name order.
    let mut by_last: HashMap<&str, Vec<&String>> = HashMap::new();
    for n in names.iter().filter(|n| n.contains(' ')) {
        by_last
            .entry(n.rsplit(' ').next().unwrap_or(n))
            .or_default()
            .push(n);
    }
    let mut target: BTreeMap<String, String> = BTreeMap::new();
    for name in &names {
        let last = name.rsplit(' ').next().unwrap_or(name);
        let longer: Vec<&String> = by_last
            .get(last)
            .into_iter()
            .flatten()
            .copied()
            .filter(|n| *n != name)
            .filter(|n| !name.contains(' ') || n.ends_with(name.as_str()))
            .collect();
        if let [full] = longer.as_slice() {
            target.insert(name.clone(), (*full).clone());
        }
    }
    let mut groups: BTreeMap<String, Vec<Mention>> = BTreeMap::new();
    for (name, ms) in by_name {
        let key = target.get(&name).cloned().unwrap_or(name);
        groups.entry(key).or_default().extend(ms);
    }
    let mut actors: Vec<Actor> = groups
        .into_iter()
        .map(|(name, mut ms)| {
            ms.sort_by_key(|m| m.span.start);
            let kind = kind_of(text, &name, &ms);
            let mut roles: Vec<String> = ms.iter().filter_map(|m| m.role.clone()).collect();
            roles.sort();
            roles.dedup();
            let mut aliases: Vec<String> = ms
                .iter()
                .map(|m| bare(m.span.slice(text)).to_string())
                .filter(|a| *a != name)
                .collect();
            aliases.sort();
            aliases.dedup();
            Actor {
                name,
                kind,
                roles,
                aliases,
                mentions: ms.iter().map(|m| m.span).collect(),
            }
        })
        .collect();
    actors.sort_by_key(|a| a.mentions.first().map_or(0, |s| s.start));
    actors
}

/// A mention without its trailing full stop or possessive ("Johnson’s" →
/// "Johnson").
fn bare(mention: &str) -> &str {
    let m = mention.trim_end_matches('.');
    m.strip_suffix("'s")
        .or_else(|| m.strip_suffix("’s"))
        .unwrap_or(m)
}

/// A name for comparison across articles: lower case, without the Arabic
/// article ("Bashar al-Assad" ≈ "Bashar Assad").
fn comparable(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let w = w.to_lowercase();
            w.strip_prefix("al-")
                .or_else(|| w.strip_prefix("el-"))
                .map(str::to_string)
                .unwrap_or(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decides what an actor is from its name and the context of its mentions.
fn kind_of(text: &str, name: &str, mentions: &[Mention]) -> ActorKind {
    let words: Vec<&str> = name.split(' ').collect();
    if words.iter().any(|w| ORG_HEADS.contains(w))
        || name.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) && name.len() >= 2
    {
        return ActorKind::Organisation;
    }
    if mentions.iter().any(|m| m.honorific || m.role.is_some()) {
        return ActorKind::Person;
    }
    let edge = |w: Option<&&str>| w.is_some_and(|w| PLACE_WORDS.contains(w));
    let compass = words
        .first()
        .is_some_and(|w| matches!(*w, "North" | "South" | "East" | "West"));
    if words.len() >= 2 && (edge(words.first()) || edge(words.last()) || compass)
        || PLACES.binary_search(&name).is_ok()
    {
        return ActorKind::Place;
    }
    if words.first().is_some_and(|w| EVENT_WORDS.contains(w)) {
        return ActorKind::Other;
    }
    if words.iter().any(|w| {
        w.contains('-')
            && w.chars().any(char::is_lowercase)
            && w.split('-').any(|p| p.starts_with(char::is_lowercase))
    }) {
        return ActorKind::Other;
    }
    let locative = 2 * mentions
        .iter()
        .filter(|m| {
            let before = text[..m.span.start].trim_end();
            ["in", "near", "outside", "from", "across", "to"]
                .iter()
                .any(|p| before.ends_with(&format!(" {p}")))
        })
        .count()
        >= mentions.len();
    if locative && words.len() <= 2 {
        return ActorKind::Place;
    }
    if words.len() >= 2 && words.len() <= 4 {
        ActorKind::Person
    } else {
        ActorKind::Other
    }
}

/// Merges the actors of several articles of one story: actors with the same
/// name, or a one-word name matching the unique longer name, become one.
pub fn merge_story(per_article: &[Vec<Actor>]) -> Vec<StoryActor> {
    let mut merged: Vec<StoryActor> = Vec::new();
    // Lookups into `merged`: by comparable name, and the entries with two or
    // more words by their last word (a one-word name may join those), each
    // list in `merged` order.
    let mut by_comparable: HashMap<String, usize> = HashMap::new();
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    let mut all: Vec<(usize, &Actor)> = per_article
        .iter()
        .enumerate()
        .flat_map(|(i, actors)| actors.iter().map(move |a| (i, a)))
        .collect();
    // Longest names first, so short forms find their full names.
    all.sort_by_key(|(i, a)| (std::cmp::Reverse(a.name.split(' ').count()), *i));
    for (article, actor) in all {
        let key = comparable(&actor.name);
        let same = by_comparable.get(&key).copied();
        let surname = if actor.name.contains(' ') {
            None
        } else {
            by_last
                .get(actor.name.as_str())
                .into_iter()
                .flatten()
                .copied()
                .find(|&i| merged[i].actor.kind == ActorKind::Person)
        };
        let found = match (same, surname) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match found {
            Some(i) => {
                let m = &mut merged[i];
                for r in &actor.roles {
                    if !m.actor.roles.contains(r) {
                        m.actor.roles.push(r.clone());
                    }
                }
                for a in actor.aliases.iter().chain([&actor.name]) {
                    if *a != m.actor.name && !m.actor.aliases.contains(a) {
                        m.actor.aliases.push(a.clone());
                    }
                }
                if actor.kind == ActorKind::Person && m.actor.kind == ActorKind::Other {
                    m.actor.kind = ActorKind::Person;
                }
                m.mentions.push((article, actor.mentions.clone()));
            }
            None => {
                let i = merged.len();
                by_comparable.insert(key, i);
                if let Some((_, last)) = actor.name.rsplit_once(' ') {
                    by_last.entry(last.to_string()).or_default().push(i);
                }
                merged.push(StoryActor {
                    actor: Actor {
                        mentions: Vec::new(),
                        ..actor.clone()
                    },
                    mentions: vec![(article, actor.mentions.clone())],
                });
            }
        }
    }
    merged.sort_by_key(|m| std::cmp::Reverse(m.mention_count()));
    merged
}

/// An actor of a story, with its mentions in each article.
#[derive(Clone, Debug)]
pub struct StoryActor {
    /// Name, kind, roles and aliases, merged over articles (its own
    /// `mentions` is empty: see [`StoryActor::mentions`]).
    pub actor: Actor,
    /// `(article index, mention spans)` per article that names the actor.
    pub mentions: Vec<(usize, Vec<Span>)>,
}

impl StoryActor {
    /// How many times the actor is named across the story.
    pub fn mention_count(&self) -> usize {
        self.mentions.iter().map(|(_, m)| m.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::testutil::seed;

    fn actor<'a>(actors: &'a [Actor], name: &str) -> &'a Actor {
        actors.iter().find(|a| a.name == name).unwrap_or_else(|| {
            panic!(
                "no actor {name}: {:#?}",
                actors.iter().map(|a| &a.name).collect::<Vec<_>>()
            )
        })
    }

    #[test]
    fn gazetteer_is_sorted_for_binary_search() {
        assert!(PLACES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn modifiers_and_sentence_initial_words_are_not_actors() {
        let text = "Bombing resumed in Aleppo. The Syrian conflict, US-led strikes and the bombing went on. Syria said no.";
        let actors = find_actors(text, &clean(text));
        let names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Aleppo", "Syria"]);
        assert!(actors.iter().all(|a| a.kind == ActorKind::Place));
    }

    #[test]
    fn johnson_variants_are_one_person_with_a_role() {
        let text = "Foreign Secretary Boris Johnson spoke. Mr Johnson told MPs. Johnson left for the Russian Embassy.";
        let doc = clean(text);
        let actors = find_actors(text, &doc);
        let johnson = actor(&actors, "Boris Johnson");
        assert_eq!(johnson.kind, ActorKind::Person);
        assert_eq!(johnson.roles, ["Foreign Secretary"]);
        assert!(johnson.aliases.contains(&"Johnson".to_string()));
        assert_eq!(johnson.mentions.len(), 3);
        assert_eq!(
            actor(&actors, "Russian Embassy").kind,
            ActorKind::Organisation
        );
    }

    #[test]
    fn seeds_merge_across_articles() {
        let names = [
            "000_dd91db12d2c4c90d.txt",
            "003_623325d71c16a6fc.txt",
            "004_474c5a378a245884.txt",
        ];
        let Some(texts) = names.iter().map(|n| seed(n)).collect::<Option<Vec<_>>>() else {
            return;
        };
        let per_article: Vec<Vec<Actor>> =
            texts.iter().map(|t| find_actors(t, &clean(t))).collect();
        let story = merge_story(&per_article);
        let johnson = story
            .iter()
            .find(|a| a.actor.name == "Boris Johnson")
            .expect("Boris Johnson");
        assert!(johnson.actor.roles.iter().any(|r| r == "Foreign Secretary"));
        assert_eq!(johnson.mentions.len(), 3, "named in all three articles");
        assert!(story.iter().any(|a| a.actor.name == "Andrew Mitchell"));
        assert!(story.iter().any(|a| a.actor.name == "Jeremy Corbyn"));
    }
}
