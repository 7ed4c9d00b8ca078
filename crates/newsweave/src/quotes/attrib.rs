//! Attributions inside one unit (a sentence with its quotations collapsed):
//! the cue, the speaker's noun phrase, the addressee and which side of the
//! cue the content is on.
//!
//! Noun phrases are found by scanning words around the cue: capitalised
//! words, determiners, possessives, a few inner prepositions ("a spokesman
//! for the embassy") and a bounded number of lower-case words; function
//! words and punctuation stop the scan.

use super::lex::{self, CueClass, Kind, Tok};
use crate::model::Span;

/// Where the content of an attribution lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// From this token to the end of the clause.
    After(usize),
    /// Before the attribution clause.
    Before,
    /// Around a parenthetical clause: before it, and from this token on.
    Around(usize),
}

/// One cue with its speaker and content side.
#[derive(Clone, Debug)]
pub(crate) struct Attr {
    /// The cue words as written.
    pub cue: Span,
    /// Kind of cue.
    pub class: CueClass,
    /// First token of the attribution clause (speaker or cue).
    pub left: usize,
    /// One past the last token of the clause (cue, inverted speaker, venue).
    pub right: usize,
    /// Token range of the speaker's mention.
    pub np: Option<(usize, usize)>,
    /// For a relative "who", the phrase it refers to.
    pub antecedent: Option<(usize, usize)>,
    /// The addressee ("MPs", "the Commons").
    pub venue: Option<Span>,
    /// Where the content is.
    pub side: Side,
}

/// A helper bundling the unit's tokens with the text.
pub(crate) struct Unit<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    /// True for a headline-like paragraph, or a unit opening a paragraph
    /// (where "Name: words" is a headline or a transcript line).
    pub heading: bool,
}

impl Unit<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i)?;
        t.is_word().then(|| t.span.slice(self.text))
    }

    fn lower(&self, i: usize, buf: &mut String) -> Option<String> {
        self.word(i).map(|w| lex::lower(w, buf).to_owned())
    }

    fn is_lower(&self, i: usize, words: &[&str]) -> bool {
        let mut buf = String::new();
        self.lower(i, &mut buf)
            .is_some_and(|w| words.contains(&w.as_str()))
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    fn quote(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(Tok::is_quote)
    }
}

/// Finds the attributions of one unit, left to right.
pub(crate) fn find(u: &Unit<'_>) -> Vec<Attr> {
    let mut out = Vec::new();
    let mut buf = String::new();
    // "Johnson: Demonstrate outside Russian embassy" (a headline) and
    // "WALLACE: Do you really…" (a transcript).
    let colon = (1..u.toks.len().min(5)).find(|&k| u.punct(k, ':'));
    if let Some(c) = colon {
        let names = (0..c).all(|k| {
            u.word(k)
                .is_some_and(|w| is_name_word(w) && (u.heading || lex::is_all_caps(w)))
        }) && !u.word(0).is_some_and(|w| {
            matches!(
                lex::lower(w, &mut String::new()),
                "note"
                    | "update"
                    | "updated"
                    | "editor's"
                    | "photo"
                    | "source"
                    | "related"
                    | "read"
                    | "watch"
                    | "correction"
                    | "clarification"
                    | "image"
                    | "video"
                    | "credit"
                    | "warning"
                    | "breaking"
                    | "live"
                    | "q"
                    | "question"
            )
        });
        {
            let words_after = u.toks[c + 1..].iter().filter(|t| t.is_word()).count();
            if names && words_after >= 2 {
                out.push(Attr {
                    cue: u.toks[c].span,
                    class: CueClass::Speech,
                    left: 0,
                    right: c + 1,
                    np: Some((0, c)),
                    antecedent: None,
                    venue: None,
                    side: Side::After(c + 1),
                });
            }
        }
    }
    let n = u.toks.len();
    // "“…” ― Krystal Correa": a name after a dash ends the unit.
    for k in 0..n.saturating_sub(2) {
        let dash = matches!(u.toks[k + 1].kind, Kind::Punct('―' | '—' | '–' | '-'));
        if u.quote(k) && dash {
            let mut e = k + 2;
            while e < n && u.word(e).is_some_and(is_name_word) {
                e += 1;
            }
            let rest_ok = u.toks[e..].iter().all(|t| !t.is_word());
            if e > k + 2 && rest_ok {
                out.push(Attr {
                    cue: u.toks[k + 1].span,
                    class: CueClass::Speech,
                    left: k + 1,
                    right: e,
                    np: Some((k + 2, e)),
                    antecedent: None,
                    venue: None,
                    side: Side::Before,
                });
                return out;
            }
        }
    }
    let mut i = 0;
    while i < n {
        let Some(word) = u.word(i) else {
            i += 1;
            continue;
        };
        let lw = lex::lower(word, &mut buf).to_owned();
        let mut class = lex::cue_class(&lw);
        let mut cue_len = 1;
        if lw == "according" && u.is_lower(i + 1, &["to"]) {
            class = Some(CueClass::According);
            cue_len = 2;
        } else if (lw == "pointed" && u.is_lower(i + 1, &["out"]))
            || (matches!(lw.as_str(), "called" | "calls" | "call" | "calling")
                && u.is_lower(i + 1, &["for", "on"]))
        {
            cue_len = 2;
        }
        if class == Some(CueClass::Weak)
            && lex::is_learned_raising(&lw)
            && passive_before(u, i, &mut String::new())
        {
            // "Trump is expected to win".
            class = Some(CueClass::Raising);
        } else if class.is_none() {
            if let Some(l) = lex::learned_cue(&lw) {
                class = Some(l.class);
                if l.particle.is_some_and(|p| u.is_lower(i + 1, &[p])) {
                    cue_len = 2;
                }
            }
        }
        let Some(class) = class else {
            i += 1;
            continue;
        };
        // Noun readings: "in all five states", "475 pledged delegates".
        let noun_reading = match lw.as_str() {
            "states" => !(u.is_lower(i + 1, &["that"]) || u.punct(i + 1, ':') || u.quote(i + 1)),
            "pledged" => u.is_lower(i + 1, &["delegates"]),
            // "Republican claims as false", "Pagliano's Fifth Amendment
            // claims": the verb wants a clause or a pronoun subject.
            "claims" => {
                let clause = u.is_lower(i + 1, &["that"]) || u.punct(i + 1, ':') || u.quote(i + 1);
                let pronoun = i > 0
                    && u.lower(i - 1, &mut buf)
                        .is_some_and(|w| lex::is_pronoun(&w));
                !(clause || pronoun)
            }
            // "near a mountain stream called Miracle Run": a name given,
            // when the phrase before is no subject (after a preposition,
            // or indefinite).
            "called" | "dubbed" | "named" => {
                i > 0 && {
                    let prev = u.lower(i - 1, &mut buf).unwrap_or_default();
                    !lex::is_pronoun(&prev)
                        && u.word(i - 1).is_some_and(|w| !lex::is_capitalized(w))
                        && np_back(u, i - 1, &mut buf).is_some_and(|(a, _)| {
                            let first = u.lower(a, &mut buf).unwrap_or_default();
                            matches!(first.as_str(), "a" | "an")
                                || a.checked_sub(1).is_some_and(|b| {
                                    u.lower(b, &mut buf).is_some_and(|w| {
                                        lex::is_np_preposition(&w)
                                            || matches!(w.as_str(), "near" | "by" | "about")
                                    })
                                })
                        })
                }
            }
            // "North Korea's reports", "the ministry's estimates".
            "reports" | "estimates" | "charges" | "notes" | "calls" | "shows" | "tweets" => {
                i > 0
                    && u.word(i - 1).is_some_and(|w| {
                        w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'")
                    })
            }
            _ => false,
        };
        if noun_reading {
            i += 1;
            continue;
        }
        // A capitalised cue is a name ("United States", "Morning Show"),
        // except at the start of the sentence ("According to", "Asked").
        if i > 0 && lex::is_capitalized(word) && !u.toks[..i].iter().all(|t| !t.is_word()) {
            i += 1;
            continue;
        }
        if let Some(attr) = attribution(u, i, cue_len, class, &mut buf) {
            i = attr.right.max(i + 1);
            out.push(attr);
        } else {
            i += 1;
        }
    }
    out
}

fn attribution(
    u: &Unit<'_>,
    i: usize,
    cue_len: usize,
    class: CueClass,
    buf: &mut String,
) -> Option<Attr> {
    let cue = Span::new(u.toks[i].span.start, u.toks[i + cue_len - 1].span.end);
    let after_cue = i + cue_len;
    if class == CueClass::According {
        let np = np_forward(u, after_cue, buf)?;
        let at_start = (0..i).all(|k| !u.toks[k].is_word() || is_filler(u, k, buf));
        let side = if at_start {
            let mut a = np.1;
            while u.punct(a, ',') {
                a += 1;
            }
            Side::After(a)
        } else {
            Side::Before
        };
        return Some(Attr {
            cue,
            class,
            left: i,
            right: np.1,
            np: Some(np),
            antecedent: None,
            venue: None,
            side,
        });
    }
    // "to say", "was told": not an attribution by its subject.
    let prev = i.checked_sub(1).and_then(|p| u.lower(p, buf));
    if prev.as_deref() == Some("to") {
        return None;
    }
    if class == CueClass::Raising {
        return raising(u, i, after_cue, cue, buf);
    }
    let passive = passive_before(u, i, buf);
    let lw = u.lower(i, buf).unwrap_or_default();
    let mut class = class;
    if class == CueClass::Participle {
        if passive {
            class = CueClass::Speech;
        } else {
            let p = i.checked_sub(1);
            let ok = p.is_none_or(|p| {
                u.punct(p, ',')
                    || u.punct(p, '—')
                    || u.punct(p, '–')
                    || u.quote(p)
                    || u.is_lower(p, &["while", "when", "after", "before", "by", "and"])
            });
            if !ok {
                return None;
            }
            let (a, _) = content_after(u, after_cue, class, buf);
            let a = a.filter(|&a| a != REJECT)?;
            return Some(Attr {
                cue,
                class,
                left: i,
                right: a,
                np: None,
                antecedent: None,
                venue: None,
                side: Side::After(a),
            });
        }
    } else if passive && is_past_participle(&lw) {
        return None;
    }
    // The speaker: before the cue, or after it when inverted.
    let j = skip_back(u, i, buf);
    if class != CueClass::Weak && j.is_some_and(|j| u.is_lower(j, &["and", "but"])) {
        // "… but noted that …": the subject of the clause before.
        let (a, _) = content_after(u, after_cue, class, buf);
        let a = a.filter(|&a| a != REJECT && a < u.toks.len())?;
        // Its speaker: an earlier attribution of the unit (see the caller),
        // else the subject that opens the unit ("Emma listened, and said").
        let first = (0..i).find(|&k| !is_filler(u, k, buf) && !u.toks[k].is_punct(','))?;
        let subject = u
            .word(first)
            .filter(|w| is_name_word(w) || lex::is_person_pronoun(lex::lower(w, buf)))
            .and_then(|_| np_forward(u, first, buf))
            .filter(|np| np.1 <= i);
        return Some(Attr {
            cue,
            class: CueClass::Participle,
            left: i,
            right: a,
            np: subject,
            antecedent: None,
            venue: None,
            side: Side::After(a),
        });
    }
    let mut np = None;
    let mut antecedent = None;
    let mut right = after_cue;
    let mut inverted = false;
    match j {
        Some(j) if u.toks[j].is_word() => {
            let lj = u.lower(j, buf).unwrap_or_default();
            if lj == "who" || lj == "which" {
                // The mention is "who"; the phrase before it names the speaker.
                antecedent = relative_subject(u, j, buf);
                np = antecedent.map(|_| (j, j + 1));
            } else {
                np = np_back(u, j, buf);
            }
        }
        _ => {
            let appositive = j
                .filter(|&j| DELIMITERS.iter().any(|&d| u.punct(j, d)))
                .and_then(|j| appositive_subject(u, j, buf));
            if !matches!(class, CueClass::Weak | CueClass::Object) {
                if let Some(f) = np_forward(u, after_cue, buf) {
                    // "Derek Mitchell, who served …, said Clinton reached
                    // out to …": with a subject before, the phrase after
                    // the cue is its speaker only when it ends the clause.
                    let ends_clause = u
                        .toks
                        .get(f.1)
                        .is_none_or(|t| matches!(t.kind, Kind::Punct(_) | Kind::Quote(..)));
                    if plausible_inverted(u, f, buf) && (appositive.is_none() || ends_clause) {
                        np = Some(f);
                        right = f.1;
                        inverted = true;
                    }
                }
            }
            if np.is_none() {
                np = appositive;
            }
        }
    }
    let np = np?;
    let left = if inverted { i } else { np.0 };
    if class == CueClass::Object {
        let a = object_content(u, right, buf)?;
        return Some(Attr {
            cue,
            class,
            left,
            right: a,
            np: Some(np),
            antecedent,
            venue: None,
            side: Side::After(a),
        });
    }
    if class == CueClass::Weak {
        let (a, venue) = content_after(u, right, class, buf);
        let a = a.filter(|&a| a != REJECT)?;
        if venue.is_some() || a >= u.toks.len() {
            return None;
        }
        return Some(Attr {
            cue,
            class,
            left,
            right: a,
            np: Some(np),
            antecedent,
            venue: None,
            side: Side::After(a),
        });
    }
    let has_before = left > 0
        && (0..left)
            .any(|k| u.toks[k].is_quote() || (u.toks[k].is_word() && !is_filler(u, k, buf)));
    let (mut a, venue) = content_after(u, right, class, buf);
    if a == Some(REJECT) {
        if !has_before {
            return None;
        }
        // "“…,” Mr Obama said on Saturday night at the gala": an adjunct.
        a = None;
    }
    if inverted && !u.punct(right, ':') {
        // "“…,” said Mr X, the lawyer": the content is before.
        a = None;
    }
    let side = match a {
        Some(a) if a < u.toks.len() => {
            // "…, he said, “…”" and "“…,” he said, adding": content before.
            if u.punct(a.saturating_sub(1), ',') && has_before {
                let quote_before =
                    u.quote(left - 1) || (u.punct(left - 1, ',') && left >= 2 && u.quote(left - 2));
                if quote_before {
                    // "“A,” he said, “B.”" and "“A,” he said, adding …".
                    Side::Before
                } else if u.quote(a) {
                    // "So when …, Mr Barrett said, “we were floored.”"
                    Side::After(a)
                } else if u.punct(left - 1, ',') {
                    // "The latest test, North Korea said, was its biggest."
                    Side::Around(a)
                } else {
                    Side::Before
                }
            } else {
                Side::After(a)
            }
        }
        _ => Side::Before,
    };
    let right = match (side, a) {
        (Side::After(a) | Side::Around(a), _) => a,
        (Side::Before, Some(a)) => a.min(u.toks.len()),
        (Side::Before, None) => right,
    };
    Some(Attr {
        cue,
        class,
        left,
        right,
        np: Some(np),
        antecedent,
        venue,
        side,
    })
}

/// True when a form of "be" stands before the cue, across adverbs
/// ("were today accused").
pub(super) fn passive_before(u: &Unit<'_>, i: usize, buf: &mut String) -> bool {
    let mut j = i;
    for _ in 0..3 {
        let Some(p) = j.checked_sub(1) else {
            return false;
        };
        let Some(w) = u.lower(p, buf) else {
            return false;
        };
        if matches!(
            w.as_str(),
            "was" | "were" | "be" | "been" | "being" | "is" | "are" | "get" | "got"
        ) {
            return true;
        }
        if !(lex::is_aux_or_adverb(&w) || lex::is_time_word(&w)) {
            return false;
        }
        j = p;
    }
    false
}

pub(super) fn is_past_participle(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "told"
                | "said"
                | "thought"
                | "known"
                | "found"
                | "shown"
                | "heard"
                | "written"
                | "felt"
        )
}

fn is_filler(u: &Unit<'_>, k: usize, buf: &mut String) -> bool {
    u.lower(k, buf)
        .is_some_and(|w| lex::is_leading_filler(&w) || matches!(w.as_str(), "but" | "and"))
}

/// Skips auxiliaries and adverbs left of the cue; the index of the token
/// that should end the subject.
pub(crate) fn skip_back(u: &Unit<'_>, i: usize, buf: &mut String) -> Option<usize> {
    let mut j = i.checked_sub(1)?;
    let mut skipped = 0;
    loop {
        let Some(w) = u.lower(j, buf) else {
            return Some(j);
        };
        if skipped < 4 && lex::is_aux_or_adverb(&w) && j > 0 {
            skipped += 1;
            j -= 1;
        } else {
            return Some(j);
        }
    }
}

/// True for a word that can be in a noun phrase as a name.
fn is_name_word(w: &str) -> bool {
    lex::is_capitalized(w) || w.rsplit('-').next().is_some_and(lex::is_capitalized)
}

/// The noun phrase ending at token `j`, scanning left.
pub(crate) fn np_back(u: &Unit<'_>, j: usize, buf: &mut String) -> Option<(usize, usize)> {
    let end = j + 1;
    let head = u.lower(j, buf)?;
    if lex::is_pronoun(&head) {
        return (head != "who").then_some((j, end));
    }
    if lex::is_stop(&head)
        || lex::is_determiner(&head)
        || lex::is_np_preposition(&head)
        || lex::cue_class(&head).is_some()
    {
        return None;
    }
    let mut start = end;
    let mut lowers = 0;
    let mut k = j as isize;
    while k >= 0 {
        let ku = k as usize;
        let Some(w) = u.word(ku) else { break };
        let lw = lex::lower(w, buf).to_owned();
        if lex::is_determiner(&lw) {
            start = ku;
            // "a spokesman for the embassy": go on through the preposition.
            let through = ku >= 2
                && u.lower(ku - 1, buf)
                    .is_some_and(|p| lex::is_np_preposition(&p))
                && u.lower(ku - 2, buf).is_some_and(|p| {
                    !lex::is_stop(&p) && !lex::is_determiner(&p) && !lex::is_pronoun(&p)
                });
            if through {
                k -= 1;
                continue;
            }
            break;
        }
        if is_name_word(w) && !(lex::is_stop(&lw) && ku != j) {
            start = ku;
            k -= 1;
            continue;
        }
        if lex::is_np_preposition(&lw) {
            let ok = ku >= 1
                && u.lower(ku - 1, buf).is_some_and(|p| {
                    !lex::is_stop(&p) && !lex::is_pronoun(&p) && !lex::is_determiner(&p)
                });
            if ok {
                k -= 1;
                continue;
            }
            break;
        }
        if lw == "and"
            && ku >= 1
            && u.word(ku - 1).is_some_and(is_name_word)
            && u.word(ku + 1).is_some_and(is_name_word)
        {
            k -= 1;
            continue;
        }
        if lex::is_pronoun(&lw) || lex::is_stop(&lw) || lex::cue_class(&lw).is_some() {
            break;
        }
        lowers += 1;
        if lowers > 4 {
            break;
        }
        start = ku;
        k -= 1;
    }
    // Drop leading fillers and prepositions ("Today Corbyn's spokesman").
    while start < end {
        let w = u.lower(start, buf)?;
        let filler = lex::is_leading_filler(&w) || lex::is_np_preposition(&w);
        if filler && start + 1 < end {
            start += 1;
        } else {
            break;
        }
    }
    let w = u.lower(start, buf)?;
    if lex::is_np_preposition(&w) || lex::is_leading_filler(&w) {
        return None;
    }
    Some((start, end))
}

/// The noun phrase starting at token `a`, scanning right.
pub(crate) fn np_forward(u: &Unit<'_>, a: usize, buf: &mut String) -> Option<(usize, usize)> {
    let first = u.lower(a, buf)?;
    if lex::is_pronoun(&first) {
        return (first != "who" && first != "it").then_some((a, a + 1));
    }
    if lex::is_stop(&first) || lex::is_np_preposition(&first) {
        return None;
    }
    let mut end = a;
    let mut lowers = 0;
    let mut k = a;
    while k < u.toks.len() && k < a + 12 {
        let Some(w) = u.word(k) else { break };
        let lw = lex::lower(w, buf).to_owned();
        if k > a && (lex::is_stop(&lw) || lex::cue_class(&lw).is_some() || lex::is_pronoun(&lw)) {
            break;
        }
        if lex::is_np_preposition(&lw) {
            // Only inside a phrase: "the MP for Barrow", not "said on Monday".
            let next_ok = u.word(k + 1).is_some_and(|n| {
                let ln = lex::lower(n, buf).to_owned();
                lex::is_determiner(&ln) || is_name_word(n)
            });
            if !next_ok || lex::is_time_word(&lw) {
                break;
            }
            k += 1;
            continue;
        }
        if lex::is_time_word(&lw) && !is_name_word(w) && k > a {
            break;
        }
        if !is_name_word(w) && !lex::is_determiner(&lw) {
            lowers += 1;
            if lowers > 4 {
                break;
            }
        }
        k += 1;
        end = k;
    }
    // Never end on a preposition or a determiner.
    while end > a {
        let w = u.lower(end - 1, buf)?;
        if lex::is_np_preposition(&w) || lex::is_determiner(&w) {
            end -= 1;
        } else {
            break;
        }
    }
    (end > a).then_some((a, end))
}

/// After an inverting cue ("…,” said Mr Johnson"), a phrase counts as the
/// speaker when it is a pronoun, a name or a definite description and ends
/// the clause.
fn plausible_inverted(u: &Unit<'_>, np: (usize, usize), buf: &mut String) -> bool {
    let Some(w) = u.word(np.0) else { return false };
    let lw = lex::lower(w, buf).to_owned();
    if lex::is_time_word(&lw) || is_month(&lw) {
        return false;
    }
    let starts_ok = (lex::is_pronoun(&lw) && lw != "it")
        || is_name_word(w)
        || matches!(lw.as_str(), "the" | "a" | "an" | "another" | "one");
    let ends_ok = match u.toks.get(np.1) {
        None => true,
        Some(t) => match t.kind {
            Kind::Punct(_) | Kind::Quote(..) => true,
            Kind::Word => u
                .lower(np.1, buf)
                .is_some_and(|x| lex::is_time_word(&x) || lex::is_np_preposition(&x)),
        },
    };
    starts_ok && ends_ok
}

fn is_month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan."
            | "feb."
            | "aug."
            | "sept."
            | "oct."
            | "nov."
            | "dec."
    )
}

/// "John Woodcock, the MP for Barrow and Furness, condemned": the subject
/// before an appositive that ends at comma `j`.
fn appositive_subject(u: &Unit<'_>, j: usize, buf: &mut String) -> Option<(usize, usize)> {
    let lo = j.saturating_sub(24);
    let closer = match u.toks[j].kind {
        Kind::Punct(c) => c,
        _ => return None,
    };
    let opener = if closer == ')' { '(' } else { closer };
    let mut k = j;
    while k > lo {
        k -= 1;
        if u.quote(k) {
            return None;
        }
        if u.punct(k, opener) {
            return np_back_paren(u, k.checked_sub(1)?, buf);
        }
        if u.is_lower(k, &["who", "which"]) {
            // "Derek Mitchell, who served as ambassador, said".
            return relative_subject(u, k, buf);
        }
    }
    None
}

/// Punctuation that closes an appositive before a cue.
const DELIMITERS: [char; 5] = [',', '—', '–', '-', ')'];

/// Like [`np_back`], skipping a parenthesis that ends the phrase
/// ("Rep. Gregory Meeks (D-N.Y.)").
fn np_back_paren(u: &Unit<'_>, j: usize, buf: &mut String) -> Option<(usize, usize)> {
    if u.punct(j, ')') {
        let open = (j.saturating_sub(8)..j).rev().find(|&k| u.punct(k, '('))?;
        let (s, _) = np_back(u, open.checked_sub(1)?, buf)?;
        return Some((s, j + 1));
    }
    np_back(u, j, buf)
}

/// "The Cynon Valley MP who served…, said": the phrase before "who".
pub(crate) fn relative_subject(u: &Unit<'_>, j: usize, buf: &mut String) -> Option<(usize, usize)> {
    let k = j.checked_sub(1)?;
    if u.punct(k, ',') {
        return np_back(u, k.checked_sub(1)?, buf);
    }
    np_back(u, k, buf)
}

/// Words that open a reported clause ("asked whether", "said what").
fn is_clause_opener(w: &str) -> bool {
    matches!(
        w,
        "if" | "whether"
            | "how"
            | "what"
            | "why"
            | "when"
            | "where"
            | "there"
            | "this"
            | "these"
            | "those"
    )
}

/// Returned by [`content_after`] when what follows the cue shows it is not
/// an attribution ("responded to the call").
const REJECT: usize = usize::MAX;

/// Where the content after the clause ending at `a` starts, and the
/// addressee; `None` when the clause ends there, [`REJECT`] when the cue is
/// not an attribution.
fn content_after(
    u: &Unit<'_>,
    a: usize,
    class: CueClass,
    buf: &mut String,
) -> (Option<usize>, Option<Span>) {
    let n = u.toks.len();
    let mut k = a;
    let mut venue = None;
    if class == CueClass::Tell {
        if let Some(v) = np_forward(u, k, buf) {
            let w = u.lower(v.0, buf).unwrap_or_default();
            if w != "that" {
                if u.is_lower(v.1, &["to"]) {
                    // "told his advisers to figure out …": the order is the content.
                    return (Some(v.0), None);
                }
                venue = Some(Span::new(u.toks[v.0].span.start, u.toks[v.1 - 1].span.end));
                k = v.1;
            }
        }
    }
    // Adjuncts: "on Tuesday", "in a statement", "to reporters".
    for _ in 0..4 {
        let Some(w) = u.lower(k, buf) else { break };
        if lex::is_time_word(&w) {
            k += 1;
            continue;
        }
        if w == "to" && is_infinitive(u, k + 1, buf) {
            // "pledged to push for an amendment …": the promise is the
            // content, not an adjunct ending at a later "that".
            return (Some(k), venue);
        }
        if matches!(
            w.as_str(),
            "in" | "on"
                | "at"
                | "during"
                | "via"
                | "to"
                | "from"
                | "after"
                | "before"
                | "with"
                | "of"
                | "about"
                | "in an"
                | "through"
                | "over"
        ) {
            // Up to a comma, colon, "that" or the end within a few words.
            let mut m = k + 1;
            let mut found = None;
            while m < n && m <= k + 14 {
                let t = &u.toks[m];
                if t.is_punct(',') || t.is_punct(':') || t.is_punct('.') || t.is_quote() {
                    found = Some(m);
                    break;
                }
                if u.is_lower(m, &["that"]) {
                    found = Some(m);
                    break;
                }
                m += 1;
            }
            if m >= n && found.is_none() && m <= k + 15 {
                found = Some(n);
            }
            match found {
                Some(m) => {
                    if class == CueClass::Tell && venue.is_none() && w == "to" {
                        venue = Some(Span::new(u.toks[k + 1].span.start, u.toks[m - 1].span.end));
                    }
                    k = m;
                    continue;
                }
                None => break,
            }
        }
        break;
    }
    if k >= n {
        return (None, venue);
    }
    let t = u.toks[k];
    match t.kind {
        Kind::Punct(':') => (Some(k + 1).filter(|&x| x < n), venue),
        Kind::Punct(',') => {
            if k + 1 < n {
                (Some(k + 1), venue)
            } else {
                (None, venue)
            }
        }
        Kind::Punct('.' | '!' | '?' | ';' | ')' | '—' | '–') => (None, venue),
        Kind::Punct(_) => (Some(k), venue),
        Kind::Quote(..) => (Some(k), venue),
        Kind::Word => {
            let w = u.lower(k, buf).unwrap_or_default();
            if w == "that" {
                (Some(k + 1).filter(|&x| x < n), venue)
            } else if lex::is_np_preposition(&w)
                || matches!(
                    w.as_str(),
                    "by" | "about" | "up" | "out" | "off" | "down" | "back"
                )
            {
                (Some(REJECT), venue)
            } else if lex::is_stop(&w) && !is_clause_opener(&w) {
                // "said after Pagliano failed…": an adjunct, not content.
                (None, venue)
            } else {
                (Some(k), venue)
            }
        }
    }
}

/// True when the word at `k` after "to" looks like a verb, so "to" opens an
/// infinitive ("vowed to push") rather than an adjunct ("said to
/// reporters", "told to the BBC", "said to him"): a lower-case word that is
/// no function word, number or plural noun.
fn is_infinitive(u: &Unit<'_>, k: usize, buf: &mut String) -> bool {
    let Some(t) = u.toks.get(k).filter(|t| t.is_word()) else {
        return false;
    };
    let raw = t.span.slice(u.text);
    let Some(w) = u.lower(k, buf) else {
        return false;
    };
    !lex::is_capitalized(raw)
        && !raw.starts_with(|c: char| c.is_ascii_digit())
        && !lex::is_determiner(&w)
        && !lex::is_pronoun(&w)
        && !lex::is_stop(&w)
        && !lex::is_np_preposition(&w)
        && !lex::is_time_word(&w)
        && (!w.ends_with('s') || w.ends_with("ss"))
}

/// Where the content of an [`CueClass::Object`] cue starts: the next word
/// or quotation ("endorsed Trump", "declined to say"), after "that" or a
/// colon; `None` when punctuation ends the clause.
fn object_content(u: &Unit<'_>, a: usize, buf: &mut String) -> Option<usize> {
    let t = u.toks.get(a)?;
    match t.kind {
        Kind::Quote(..) => Some(a),
        Kind::Punct(':') => Some(a + 1).filter(|&x| x < u.toks.len()),
        Kind::Punct(_) => None,
        Kind::Word => {
            let w = u.lower(a, buf)?;
            if w == "that" {
                Some(a + 1).filter(|&x| x < u.toks.len())
            } else if matches!(w.as_str(), "by" | "up" | "out" | "off" | "down" | "back") {
                None
            } else {
                Some(a)
            }
        }
    }
}

/// "The sale is expected to expand …", "Trump's supporters seemed equally
/// unperturbed": the subject (`np`) and the complement after the cue are
/// the content; there is no speaker.
fn raising(u: &Unit<'_>, i: usize, after_cue: usize, cue: Span, buf: &mut String) -> Option<Attr> {
    let j = skip_back(u, i, buf)?;
    let lj = u.lower(j, buf)?;
    let np = if lj == "who" || lj == "which" {
        (j, j + 1)
    } else {
        np_back(u, j, buf)?
    };
    let subject = u.lower(np.0, buf)?;
    if subject == "it" || subject == "there" {
        return None;
    }
    let t = u.toks.get(after_cue)?;
    if !(t.is_word() || t.is_quote()) {
        return None;
    }
    let w = u.lower(after_cue, buf).unwrap_or_default();
    if (lex::is_stop(&w) || lex::is_np_preposition(&w)) && w != "to" {
        return None;
    }
    Some(Attr {
        cue,
        class: CueClass::Raising,
        left: np.0,
        right: after_cue,
        np: Some(np),
        antecedent: None,
        venue: None,
        side: Side::After(after_cue),
    })
}
