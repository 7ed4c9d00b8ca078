//! Tokens and word lists for the quote finder.
//!
//! The tokenizer is hand-written and linear: words (letters and digits with
//! inner apostrophes, hyphens and dots, plus the dot of a known abbreviation
//! such as "Mr." or an initial), and single punctuation characters.

use crate::model::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters and digits.
    Word,
    /// One punctuation character.
    Punct(char),
    /// A whole quotation chunk (marks and content) collapsed into one token:
    /// the index of the quote and of its segment.
    Quote(usize, usize),
}

/// One token of the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    /// Byte span into the text.
    pub span: Span,
    /// What it is.
    pub kind: Kind,
}

impl Tok {
    /// True for a word token.
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// True for the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// True for a collapsed quotation chunk.
    pub fn is_quote(&self) -> bool {
        matches!(self.kind, Kind::Quote(..))
    }
}

/// Characters that may sit inside a word between two alphanumerics.
fn inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‑' | '.' | '&')
}

/// Abbreviations whose final dot belongs to the word.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt", "St", "Jr", "Sr",
    "Prof", "Rev", "Capt", "Maj", "Adm", "Cmdr", "Supt", "Insp", "Det", "Pres", "Atty", "Hon",
    "Mt", "Ft", "No", "Co", "Inc", "Corp", "Ltd", "Bros", "vs", "Jan", "Feb", "Mar", "Apr", "Aug",
    "Sept", "Sep", "Oct", "Nov", "Dec",
];

/// Tokenizes `text[range]`, pushing onto `out`. Quotation marks come out as
/// punctuation; the caller collapses quotes.
pub(crate) fn tokenize(text: &str, range: Span, out: &mut Vec<Tok>) {
    let s = &text[range.start..range.end];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            loop {
                match it.peek() {
                    Some(&(j, d)) if d.is_alphanumeric() => {
                        end = j + d.len_utf8();
                        it.next();
                    }
                    Some(&(j, d)) if inner_joiner(d) => {
                        // A joiner counts only when an alphanumeric follows.
                        let after = s[j + d.len_utf8()..].chars().next();
                        if after.is_some_and(char::is_alphanumeric) {
                            end = j + d.len_utf8();
                            it.next();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            // "Mr." and initials ("J.") keep their dot.
            let word = &s[i..end];
            if s[end..].starts_with('.') {
                let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                if initial || ABBREVIATIONS.contains(&word) {
                    end += 1;
                    it.next();
                }
            }
            out.push(Tok {
                span: Span::new(range.start + i, range.start + end),
                kind: Kind::Word,
            });
        } else {
            out.push(Tok {
                span: Span::new(range.start + i, range.start + i + c.len_utf8()),
                kind: Kind::Punct(c),
            });
        }
    }
}

/// Lower-cases a short word into `buf` and returns it (ASCII fast path).
pub(crate) fn lower<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    for c in word.chars() {
        match c {
            '’' => buf.push('\''),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
    buf.as_str()
}

/// True when the word starts with an upper-case letter or a digit-free
/// capital ("Johnson", "BORIS", "al-Assad" is not).
pub(crate) fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True when every letter of the word is upper case and it has two or more.
pub(crate) fn is_all_caps(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// The word without a possessive ending ("Corbyn’s" → "Corbyn"), and whether
/// it had one.
pub(crate) fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (stem, true);
            }
        }
    }
    (word, false)
}

/// How a cue introduces what is said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueClass {
    /// A finite speech verb ("said", "says", "told", "warned").
    Speech,
    /// A verb that takes an addressee before the content ("told MPs that").
    Tell,
    /// A participle that shares the subject of another clause ("adding").
    Participle,
    /// A verb of belief or finding ("believes", "shows"): content after only.
    Weak,
    /// "according to".
    According,
    /// A learned cue whose content follows it ("Christie endorsed Trump",
    /// "Cook declined to say whether …"); a one-word content counts.
    Object,
    /// A learned raising cue without a speaker: the content is the subject
    /// and the complement ("Trump is expected | to win").
    Raising,
}

/// One entry of the learned cue lexicon (`cues.tsv`, written by
/// `scripts/train_cues.py` from PolNeAR train).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Learned {
    /// [`CueClass::Object`], [`CueClass::Raising`] or, for "-ing" forms,
    /// [`CueClass::Participle`].
    pub class: CueClass,
    /// The preposition that belongs to the cue ("referring to").
    pub particle: Option<&'static str>,
}

/// Cues of `cues.tsv` that were attributions less often than this on
/// PolNeAR train ("spoke", "pushed") are left to the learned pass, which
/// weighs their context.
const MIN_CUE_PRECISION: f32 = 0.45;

static LEARNED: std::sync::LazyLock<std::collections::HashMap<&'static str, Learned>> =
    std::sync::LazyLock::new(|| {
        include_str!("cues.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (word, pattern, particle) = (f.next()?, f.next()?, f.next()?);
                let precision: f32 = f.next()?.parse().ok()?;
                if precision < MIN_CUE_PRECISION {
                    return None;
                }
                let class = match pattern {
                    "raising" => CueClass::Raising,
                    _ if word.ends_with("ing") => CueClass::Participle,
                    _ => CueClass::Object,
                };
                let particle = (particle != "-").then_some(particle);
                Some((word, Learned { class, particle }))
            })
            .collect()
    });

/// True when the learned lexicon has the word as a raising cue ("expected",
/// which the hand-written list has as a verb of belief).
pub(crate) fn is_learned_raising(lower: &str) -> bool {
    LEARNED
        .get(lower)
        .is_some_and(|l| l.class == CueClass::Raising)
}

/// Looks up a lower-cased word in the learned cue lexicon (only words the
/// hand-written [`cue_class`] does not know).
pub(crate) fn learned_cue(lower: &str) -> Option<Learned> {
    if cue_class(lower).is_some() {
        return None;
    }
    LEARNED.get(lower).copied()
}

/// Looks up a lower-cased word as a cue.
pub(crate) fn cue_class(lower: &str) -> Option<CueClass> {
    use CueClass::*;
    Some(match lower {
        "said" | "says" | "say" | "added" | "adds" | "warned" | "warns" | "urged" | "urges"
        | "argued" | "argues" | "argue" | "claimed" | "claims" | "insisted" | "insists"
        | "insist" | "explained" | "explains" | "noted" | "notes" | "stated" | "states"
        | "wrote" | "writes" | "tweeted" | "tweets" | "announced" | "announces"
        | "acknowledged" | "acknowledges" | "admitted" | "admits" | "denied" | "denies"
        | "confirmed" | "confirms" | "replied" | "replies" | "responded" | "responds"
        | "answered" | "answers" | "asked" | "asks" | "declared" | "declares" | "predicted"
        | "predicts" | "promised" | "promises" | "vowed" | "vows" | "pledged" | "pledges"
        | "recalled" | "recalls" | "concluded" | "concludes" | "complained" | "complains"
        | "conceded" | "concedes" | "contended" | "contends" | "asserted" | "asserts"
        | "maintained" | "maintains" | "stressed" | "stresses" | "emphasised" | "emphasized"
        | "emphasises" | "emphasizes" | "cried" | "exclaimed" | "observed" | "observes"
        | "remarked" | "shouted" | "whispered" | "muttered" | "murmured" | "repeated"
        | "reported" | "reports" | "revealed" | "reveals" | "alleged" | "alleges" | "boasted"
        | "joked" | "quipped" | "testified" | "cautioned" | "demanded" | "proposed"
        | "speculated" | "wondered" | "continued" | "continues" | "suggested" | "suggests"
        | "agreed" | "agrees" | "posted" | "countered" | "objected" | "protested" | "retorted"
        | "mused" | "interrupted" | "pleaded" | "begged" | "groaned" | "sighed" | "laughed"
        | "sobbed" | "screamed" | "yelled" | "called" | "rejoined" | "thundered" | "snapped"
        | "hinted" | "estimated" | "estimates" | "acknowledge" | "admit" | "claim" | "warn"
        | "predict" | "disclosed" | "indicated" | "indicates" | "signalled" | "signaled"
        | "charged" | "accused" | "recounted" | "reiterated" | "reasoned" | "surmised"
        | "lamented" | "bemoaned" | "questioned" | "praised" | "criticised" | "criticized"
        | "condemned" | "blasted" | "slammed" | "attacked" | "defended" | "dismissed"
        | "rejected" | "described" | "blamed" | "welcomed" | "recommended" => Speech,
        "told" | "tells" | "tell" | "assured" | "assures" | "reminded" | "reminds" | "informed"
        | "informs" => Tell,
        "saying" | "adding" | "arguing" | "noting" | "insisting" | "explaining" | "warning"
        | "claiming" | "asking" | "telling" | "suggesting" | "stating" | "declaring"
        | "writing" | "urging" | "pointing" | "acknowledging" | "admitting" | "replying"
        | "calling" | "predicting" | "promising" | "vowing" | "stressing" | "recalling"
        | "complaining" | "concluding" | "continuing" | "alleging" | "tweeting" | "citing"
        | "reiterating" | "exclaiming" | "observing" => Participle,
        "believes" | "believe" | "believed" | "thinks" | "think" | "thought" | "hopes" | "hope"
        | "hoped" | "fears" | "fear" | "feared" | "expects" | "expect" | "expected" | "feels"
        | "feel" | "felt" | "knows" | "know" | "knew" | "worries" | "worried" | "doubts"
        | "doubted" | "shows" | "show" | "showed" | "shown" | "found" | "finds" | "find"
        | "suspects" | "suspected" | "realised" | "realized" | "understands" | "assumes"
        | "assumed" | "agree" | "learned" | "learnt" | "heard" => Weak,
        _ => return None,
    })
}

/// Words skipped between a subject and its cue ("has also said").
pub(crate) fn is_aux_or_adverb(lower: &str) -> bool {
    matches!(
        lower,
        "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "are"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "did"
            | "does"
            | "do"
            | "also"
            | "later"
            | "previously"
            | "then"
            | "once"
            | "again"
            | "further"
            | "earlier"
            | "already"
            | "still"
            | "often"
            | "just"
            | "first"
            | "now"
            | "even"
            | "too"
            | "both"
            | "all"
            | "reportedly"
            | "allegedly"
            | "apparently"
            | "today"
            | "yesterday"
            | "tonight"
            | "however"
            | "meanwhile"
            | "long"
            | "always"
            | "never"
            | "not"
            | "didn't"
            | "doesn't"
            | "don't"
            | "won't"
            | "wouldn't"
            | "can't"
            | "cannot"
            | "couldn't"
            | "hasn't"
            | "haven't"
            | "hadn't"
            | "isn't"
            | "wasn't"
    ) || (lower.len() > 4 && lower.ends_with("ly") && !matches!(lower, "family" | "ally" | "italy"))
}

/// Personal pronouns that can attribute a quote.
pub(crate) fn is_pronoun(lower: &str) -> bool {
    matches!(
        lower,
        "he" | "she" | "they" | "we" | "i" | "it" | "you" | "who"
    )
}

/// Pronouns that refer to one person, resolved to a name.
pub(crate) fn is_person_pronoun(lower: &str) -> bool {
    matches!(lower, "he" | "she")
}

/// Determiners that open a noun phrase.
pub(crate) fn is_determiner(lower: &str) -> bool {
    matches!(
        lower,
        "the"
            | "a"
            | "an"
            | "another"
            | "this"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "some"
            | "many"
            | "several"
            | "most"
            | "few"
            | "each"
            | "any"
            | "no"
            | "one"
            | "two"
            | "three"
            | "other"
            | "more"
    )
}

/// Prepositions allowed inside a noun phrase ("a spokesman for the embassy").
pub(crate) fn is_np_preposition(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "for" | "at" | "from" | "to" | "in" | "on" | "with"
    )
}

/// Function words that end a noun phrase when scanning.
pub(crate) fn is_stop(lower: &str) -> bool {
    matches!(
        lower,
        "that"
            | "and"
            | "or"
            | "but"
            | "while"
            | "when"
            | "as"
            | "because"
            | "if"
            | "since"
            | "after"
            | "before"
            | "who"
            | "which"
            | "where"
            | "than"
            | "so"
            | "then"
            | "not"
            | "what"
            | "how"
            | "why"
            | "whether"
            | "by"
            | "about"
            | "into"
            | "over"
            | "under"
            | "against"
            | "be"
            | "been"
            | "being"
            | "is"
            | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "do"
            | "does"
            | "did"
            | "there"
            | "here"
            | "him"
            | "them"
            | "me"
            | "us"
            | "also"
            | "even"
            | "just"
            | "only"
            | "very"
            | "too"
            | "said"
            | "says"
            | "told"
            | "to"
            | "yet"
            | "though"
            | "although"
            | "until"
            | "unless"
            | "like"
            | "once"
            | "during"
            | "without"
            | "within"
            | "upon"
            | "through"
            | "this"
            | "these"
            | "those"
            | "didn't"
            | "doesn't"
            | "don't"
            | "won't"
            | "wouldn't"
            | "can't"
            | "couldn't"
            | "isn't"
            | "wasn't"
    )
}

/// Words that open a sentence but never a speaker's name ("Today Corbyn's
/// spokesman said").
pub(crate) fn is_leading_filler(lower: &str) -> bool {
    matches!(
        lower,
        "today"
            | "yesterday"
            | "tonight"
            | "meanwhile"
            | "however"
            | "but"
            | "and"
            | "so"
            | "now"
            | "also"
            | "then"
            | "later"
            | "earlier"
            | "still"
            | "instead"
            | "indeed"
            | "finally"
            | "last"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "in"
            | "on"
            | "at"
            | "after"
            | "before"
            | "for"
            | "of"
            | "to"
            | "with"
            | "from"
            | "while"
            | "when"
            | "as"
            | "if"
            | "yet"
            | "or"
            | "because"
            | "since"
            | "although"
            | "though"
            | "that"
            | "even"
            | "here"
            | "there"
    )
}

/// Words that may sit between a cue and its content and are not content:
/// times and manner ("said on Tuesday", "told reporters yesterday").
pub(crate) fn is_time_word(lower: &str) -> bool {
    matches!(
        lower,
        "today"
            | "yesterday"
            | "tonight"
            | "earlier"
            | "later"
            | "recently"
            | "previously"
            | "again"
            | "also"
            | "then"
            | "now"
            | "repeatedly"
            | "publicly"
            | "privately"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "week"
            | "month"
            | "year"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "weekend"
            | "last"
            | "this"
            | "on"
            | "late"
            | "early"
            | "once"
            | "too"
            | "afterwards"
            | "afterward"
            | "bluntly"
            | "flatly"
            | "simply"
            | "quietly"
            | "firmly"
    )
}

/// Titles and role words stripped off a name ("Foreign Secretary Boris
/// Johnson" → "Boris Johnson").
pub(crate) fn is_title_word(lower: &str) -> bool {
    matches!(
        lower,
        "mr" | "mr."
            | "mrs"
            | "mrs."
            | "ms"
            | "ms."
            | "miss"
            | "dr"
            | "dr."
            | "sir"
            | "dame"
            | "lord"
            | "lady"
            | "baroness"
            | "baron"
            | "prof"
            | "prof."
            | "professor"
            | "rev"
            | "rev."
            | "reverend"
            | "president"
            | "vice"
            | "secretary"
            | "minister"
            | "chancellor"
            | "senator"
            | "sen"
            | "sen."
            | "rep"
            | "rep."
            | "representative"
            | "gov"
            | "gov."
            | "governor"
            | "mayor"
            | "judge"
            | "justice"
            | "chief"
            | "general"
            | "gen."
            | "col."
            | "colonel"
            | "captain"
            | "capt."
            | "lt."
            | "sgt."
            | "sergeant"
            | "officer"
            | "ambassador"
            | "commissioner"
            | "chairman"
            | "chairwoman"
            | "chair"
            | "director"
            | "leader"
            | "speaker"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "pope"
            | "bishop"
            | "archbishop"
            | "cardinal"
            | "father"
            | "attorney"
            | "congressman"
            | "congresswoman"
            | "councillor"
            | "councilman"
            | "councilwoman"
            | "mp"
            | "mep"
            | "msp"
            | "former"
            | "foreign"
            | "home"
            | "shadow"
            | "prime"
            | "deputy"
            | "acting"
            | "interim"
            | "state"
            | "defence"
            | "defense"
            | "health"
            | "labour"
            | "tory"
            | "conservative"
            | "democrat"
            | "democratic"
            | "republican"
            | "gop"
            | "sheriff"
            | "coach"
            | "candidate"
            | "nominee"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "agent"
            | "inspector"
            | "detective"
            | "superintendent"
            | "constable"
            | "premier"
            | "emperor"
            | "sultan"
            | "sheikh"
            | "ayatollah"
            | "imam"
            | "rabbi"
            | "dean"
            | "provost"
            | "ceo"
            | "executive"
            | "founder"
            | "co-founder"
            | "host"
            | "pollster"
            | "strategist"
            | "adviser"
            | "advisor"
            | "aide"
            | "economist"
            | "analyst"
            | "author"
            | "columnist"
            | "commentator"
            | "anchor"
            | "correspondent"
            | "editor"
            | "reporter"
            | "writer"
    )
}

/// Head nouns of descriptions that denote a person ("the MP", "the foreign
/// secretary"): such a description resolves to the last named person.
pub(crate) fn is_person_role(lower: &str) -> bool {
    matches!(
        lower,
        "president"
            | "secretary"
            | "minister"
            | "chancellor"
            | "senator"
            | "mp"
            | "mep"
            | "governor"
            | "mayor"
            | "candidate"
            | "nominee"
            | "leader"
            | "congressman"
            | "congresswoman"
            | "chairman"
            | "chairwoman"
            | "ambassador"
            | "commissioner"
            | "premier"
            | "businessman"
            | "businesswoman"
            | "billionaire"
            | "tycoon"
            | "democrat"
            | "republican"
            | "politician"
            | "lawmaker"
            | "frontrunner"
            | "front-runner"
            | "mogul"
            | "actor"
            | "actress"
            | "star"
            | "veteran"
            | "chief"
            | "judge"
            | "pope"
            | "king"
            | "queen"
            | "prince"
            | "princess"
    )
}

/// Head nouns of a described speaker that is a person (for pronouns).
pub(crate) fn is_person_noun(lower: &str) -> bool {
    is_person_role(lower)
        || matches!(
            lower,
            "spokesman"
                | "spokeswoman"
                | "spokesperson"
                | "aide"
                | "source"
                | "official"
                | "adviser"
                | "advisor"
                | "man"
                | "woman"
                | "officer"
                | "witness"
                | "doctor"
                | "lawyer"
                | "attorney"
                | "expert"
                | "analyst"
                | "economist"
                | "professor"
                | "pollster"
                | "strategist"
                | "director"
                | "host"
                | "mother"
                | "father"
                | "friend"
                | "colleague"
                | "resident"
                | "activist"
                | "executive"
                | "staffer"
                | "voter"
                | "supporter"
                | "critic"
        )
}

/// Last words of organisation names ("Russian Embassy", "New York Post").
pub(crate) fn is_org_word(lower: &str) -> bool {
    matches!(
        lower,
        "embassy"
            | "court"
            | "party"
            | "department"
            | "times"
            | "post"
            | "news"
            | "council"
            | "committee"
            | "ministry"
            | "office"
            | "government"
            | "house"
            | "union"
            | "association"
            | "institute"
            | "university"
            | "agency"
            | "group"
            | "campaign"
            | "commission"
            | "foundation"
            | "company"
            | "corporation"
            | "bank"
            | "service"
            | "services"
            | "network"
            | "journal"
            | "press"
            | "review"
            | "magazine"
            | "center"
            | "centre"
            | "organisation"
            | "organization"
            | "board"
            | "authority"
            | "administration"
            | "nations"
            | "states"
            | "kingdom"
            | "republic"
            | "federation"
            | "club"
            | "team"
            | "fund"
            | "trust"
            | "society"
            | "alliance"
            | "coalition"
            | "forces"
            | "army"
            | "navy"
            | "police"
            | "observatory"
            | "research"
            | "poll"
            | "survey"
            | "reuters"
            | "cnn"
            | "bbc"
            | "fox"
            | "msnbc"
            | "politico"
            | "senate"
            | "congress"
            | "parliament"
            | "commons"
            | "kremlin"
            | "pentagon"
            | "street"
            | "city"
            | "county"
            | "valley"
            | "school"
            | "college"
            | "hospital"
            | "church"
            | "airport"
            | "road"
            | "square"
            | "zero"
            | "day"
            | "week"
            | "act"
            | "law"
            | "bill"
            | "report"
            | "convention"
            | "debate"
            | "election"
            | "primary"
            | "caucus"
            | "caucuses"
            | "conference"
            | "summit"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|t| t.span.slice(text)).collect()
    }

    #[test]
    fn tokenizes_names_and_abbreviations() {
        assert_eq!(
            words("Mr. Johnson’s aide, U.S. officials—said."),
            [
                "Mr.",
                "Johnson’s",
                "aide",
                ",",
                "U.S",
                ".",
                "officials",
                "—",
                "said",
                "."
            ]
        );
        assert_eq!(words("“Hi,” he said"), ["“", "Hi", ",", "”", "he", "said"]);
    }

    #[test]
    fn possessive_is_stripped() {
        assert_eq!(strip_possessive("Corbyn’s"), ("Corbyn", true));
        assert_eq!(strip_possessive("Johnson"), ("Johnson", false));
    }
}
