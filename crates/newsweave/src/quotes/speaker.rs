//! Resolving a speaker mention to the fullest name the text gives.
//!
//! A pre-scan registers every person name ("Foreign Secretary Boris
//! Johnson" → name "Boris Johnson", role "foreign secretary") and every
//! titled surname ("Mr Johnson"). A mention then resolves:
//! - a name with two or more words → itself; a surname ("Johnson") → the
//!   latest full name ending with it;
//! - "he"/"she" → an earlier speaker of the same sentence, else the last
//!   person who spoke, else the last person named;
//! - a definite title ("the Foreign Secretary", "the MP") → the person
//!   registered with that role, else the last person named;
//! - any other description ("Corbyn's spokesman", "a senior aide") stays as
//!   written.

use std::collections::HashMap;

use super::lex::{self, Tok};
use crate::model::Span;

/// A person name seen in the text.
#[derive(Clone, Debug)]
struct Name {
    /// Where it was seen.
    at: usize,
    /// Its words, normalised ("BORIS Johnson" → "Boris Johnson").
    words: Vec<String>,
}

impl Name {
    fn full(&self) -> String {
        self.words.join(" ")
    }
}

/// A resolved speaker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The speaker as output, when known.
    pub name: Option<String>,
    /// True when it is a person (a pronoun may refer to it).
    pub person: bool,
}

/// Names, roles and the speakers seen so far in one document.
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    names: Vec<Name>,
    /// Titled surname mentions ("Mr Johnson"): position and lower-case surname.
    surnames: Vec<(usize, String)>,
    /// Indices into `names` by lower-case last word and by first word, in
    /// `names` order: a lookup costs the names sharing the word, not all.
    by_last: HashMap<String, Vec<usize>>,
    by_first: HashMap<String, Vec<usize>>,
    /// Set once a name (or titled surname) was registered before an
    /// earlier one; until then `names` and `surnames` are in text order and
    /// "the latest before" is a binary search.
    names_unordered: bool,
    surnames_unordered: bool,
    /// Roles: lower-case role words → index into `names`.
    roles: Vec<(String, usize)>,
    /// Indices into `roles` by the role's last word, in `roles` order: a
    /// role "foreign secretary" can only match roles ending in "secretary".
    roles_by_last: HashMap<String, Vec<usize>>,
    /// Persons who spoke or were the subject of a sentence, in text order.
    recent: Vec<(usize, String)>,
}

fn is_name_word(w: &str) -> bool {
    let (stem, _) = lex::strip_possessive(w);
    lex::is_capitalized(stem) || stem.rsplit('-').next().is_some_and(lex::is_capitalized)
}

fn is_particle(lower: &str) -> bool {
    matches!(
        lower,
        "de" | "van"
            | "von"
            | "der"
            | "den"
            | "bin"
            | "la"
            | "le"
            | "du"
            | "da"
            | "al"
            | "del"
            | "dos"
    )
}

/// Title-cases an all-caps word when the rest of the name is not all caps.
fn normalise(words: &[&str]) -> Vec<String> {
    let all_caps = words.iter().all(|w| lex::is_all_caps(w));
    words
        .iter()
        .map(|w| {
            if lex::is_all_caps(w) && !all_caps && w.chars().count() > 2 {
                let mut cs = w.chars();
                let first = cs.next().map(|c| c.to_string()).unwrap_or_default();
                first + &cs.as_str().to_lowercase()
            } else {
                (*w).to_string()
            }
        })
        .collect()
}

impl Resolver {
    /// Registers the names of one paragraph's raw tokens.
    pub(crate) fn scan(&mut self, text: &str, toks: &[Tok]) {
        let mut buf = String::new();
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].is_word() || !is_name_word(toks[i].span.slice(text)) {
                i += 1;
                continue;
            }
            // A run of name words (with particles inside).
            let start = i;
            let mut end = i;
            let mut possessive = false;
            while end < toks.len() && toks[end].is_word() {
                let w = toks[end].span.slice(text);
                let lw = lex::lower(w, &mut buf);
                if is_name_word(w) {
                    end += 1;
                    if lex::strip_possessive(w).1 {
                        possessive = true;
                        break;
                    }
                } else if is_particle(lw)
                    && toks
                        .get(end + 1)
                        .is_some_and(|t| t.is_word() && is_name_word(t.span.slice(text)))
                {
                    end += 1;
                } else {
                    break;
                }
            }
            self.register(
                text,
                &toks[start..end],
                toks.get(end..).unwrap_or(&[]),
                possessive,
            );
            i = end.max(i + 1);
        }
    }

    fn register(&mut self, text: &str, run: &[Tok], rest: &[Tok], possessive: bool) {
        let mut buf = String::new();
        let mut words: Vec<&str> = run
            .iter()
            .map(|t| lex::strip_possessive(t.span.slice(text)).0)
            .collect();
        let at = run[0].span.start;
        // Leading fillers and determiners ("The", "In", "But").
        while let Some(w) = words.first() {
            let lw = lex::lower(w, &mut buf);
            if lex::is_leading_filler(lw) || lex::is_determiner(lw) {
                words.remove(0);
            } else {
                break;
            }
        }
        // Trailing titles ("Andrew Mitchell MP").
        while let Some(w) = words.last() {
            if lex::is_title_word(lex::lower(w, &mut buf)) && words.len() > 1 {
                words.pop();
            } else {
                break;
            }
        }
        let last_title = words
            .iter()
            .rposition(|w| lex::is_title_word(lex::lower(w, &mut buf)));
        let (role, name) = match last_title {
            Some(t) => words.split_at(t + 1),
            None => (&words[..0], &words[..]),
        };
        if name.is_empty() {
            return;
        }
        let last_lower = lex::lower(name[name.len() - 1], &mut buf).to_owned();
        if lex::is_org_word(&last_lower)
            || name.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
        {
            return;
        }
        if name.len() == 1 {
            let titled = role.last().is_some_and(|r| {
                matches!(
                    lex::lower(r, &mut buf),
                    "mr" | "mr." | "mrs" | "mrs." | "ms" | "ms." | "dr" | "dr." | "miss" | "sir"
                )
            });
            if titled {
                self.surnames_unordered |= self.surnames.last().is_some_and(|(p, _)| *p > at);
                self.surnames.push((at, last_lower));
            }
            return;
        }
        let words = normalise(name);
        // Lower-cased words, for matching.
        let lower: Vec<String> = words
            .iter()
            .map(|w| lex::lower(w, &mut buf).to_owned())
            .collect();
        let index = self.names.len();
        if let (Some(first), Some(last)) = (lower.first(), lower.last()) {
            self.by_first.entry(first.clone()).or_default().push(index);
            self.by_last.entry(last.clone()).or_default().push(index);
        }
        self.names_unordered |= self.names.last().is_some_and(|n| n.at > at);
        self.names.push(Name { at, words });
        let role_words: Vec<String> = role
            .iter()
            .map(|w| lex::lower(w, &mut buf).to_owned())
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "former" | "mr" | "mr." | "mrs" | "ms" | "dr" | "dr."
                )
            })
            .collect();
        if !role_words.is_empty() {
            self.push_role(role_words.join(" "), index);
        }
        // "Johnson, the Foreign Secretary,": a role in apposition.
        if !possessive && rest.first().is_some_and(|t| t.is_punct(',')) {
            let det = rest
                .get(1)
                .map(|t| lex::lower(t.span.slice(text), &mut buf).to_owned());
            if det.as_deref() == Some("the") {
                let mut role = Vec::new();
                for t in rest.iter().skip(2).take(6) {
                    if !t.is_word() {
                        break;
                    }
                    role.push(lex::lower(t.span.slice(text), &mut buf).to_owned());
                }
                if rest.get(2 + role.len()).is_some_and(|t| t.is_punct(',')) && !role.is_empty() {
                    self.push_role(role.join(" "), index);
                }
            }
        }
    }

    /// The latest full name before `at` (else the first after) whose last
    /// word (else first word) is `word`.
    fn by_word(&self, word: &str, at: usize) -> Option<&Name> {
        // The latest name with `word` there at or before `at`, else the
        // first one with it anywhere.
        let pick = |index: &HashMap<String, Vec<usize>>| -> Option<&Name> {
            let list = index.get(word)?;
            let before = if self.names_unordered {
                list.iter().rev().copied().find(|&i| self.names[i].at <= at)
            } else {
                let k = list.partition_point(|&i| self.names[i].at <= at);
                k.checked_sub(1).map(|k| list[k])
            };
            before.or(list.first().copied()).map(|i| &self.names[i])
        };
        pick(&self.by_last).or_else(|| pick(&self.by_first))
    }

    fn push_role(&mut self, role: String, name: usize) {
        let last = role.rsplit(' ').next().unwrap_or(&role).to_string();
        self.roles_by_last
            .entry(last)
            .or_default()
            .push(self.roles.len());
        self.roles.push((role, name));
    }

    /// The last person named before `at`: a full name or a titled surname.
    fn last_named(&self, at: usize) -> Option<String> {
        let name = if self.names_unordered {
            self.names.iter().rev().find(|n| n.at < at)
        } else {
            let k = self.names.partition_point(|n| n.at < at);
            k.checked_sub(1).map(|k| &self.names[k])
        };
        let surname = if self.surnames_unordered {
            self.surnames.iter().rev().find(|(p, _)| *p < at)
        } else {
            let k = self.surnames.partition_point(|(p, _)| *p < at);
            k.checked_sub(1).map(|k| &self.surnames[k])
        };
        match (name, surname) {
            (Some(n), Some((p, s))) if *p > n.at => {
                Some(self.by_word(s, *p).map_or_else(|| n.full(), Name::full))
            }
            (Some(n), _) => Some(n.full()),
            (None, Some((p, s))) => self.by_word(s, *p).map(Name::full),
            (None, None) => None,
        }
    }

    /// Resolves the mention `np` (tokens of the unit) found at byte `at`.
    /// `same_sentence` is the speaker of an earlier attribution in the same
    /// sentence, if any.
    pub(crate) fn resolve(
        &mut self,
        text: &str,
        np: &[Tok],
        same_sentence: Option<&Resolved>,
    ) -> Resolved {
        let mut buf = String::new();
        let Some(first) = np.first() else {
            return Resolved::default();
        };
        let at = first.span.start;
        let written = Span::new(first.span.start, np[np.len() - 1].span.end)
            .slice(text)
            .to_string();
        let lowers: Vec<String> = np
            .iter()
            .map(|t| lex::lower(t.span.slice(text), &mut buf).to_owned())
            .collect();
        let resolved = if np.len() == 1 && lex::is_pronoun(&lowers[0]) {
            if lex::is_person_pronoun(&lowers[0]) {
                let name = same_sentence
                    .filter(|r| r.person)
                    .and_then(|r| r.name.clone())
                    .or_else(|| self.recent.last().map(|(_, n)| n.clone()))
                    .or_else(|| self.last_named(at));
                Resolved { name, person: true }
            } else {
                Resolved::default()
            }
        } else {
            self.describe(text, np, &lowers, written, at)
        };
        if resolved.person {
            if let Some(name) = &resolved.name {
                self.recent.push((at, name.clone()));
            }
        }
        resolved
    }

    /// Like [`Self::resolve`], but leaves no trace for later pronouns (for
    /// the learned pass, which must not change what the rules resolve).
    pub(crate) fn resolve_quietly(
        &mut self,
        text: &str,
        np: &[Tok],
        same_sentence: Option<&Resolved>,
    ) -> Resolved {
        let n = self.recent.len();
        let r = self.resolve(text, np, same_sentence);
        self.recent.truncate(n);
        r
    }

    /// Notes the subject of a sentence (`np`, its opening phrase) so that a
    /// later "he" or "she" may refer to it.
    pub(crate) fn note_subject(&mut self, text: &str, np: &[Tok]) {
        let Some(first) = np.first() else { return };
        let mut buf = String::new();
        let lowers: Vec<String> = np
            .iter()
            .map(|t| lex::lower(t.span.slice(text), &mut buf).to_owned())
            .collect();
        if lex::is_pronoun(&lowers[0]) {
            return;
        }
        let written = Span::new(first.span.start, np[np.len() - 1].span.end)
            .slice(text)
            .to_string();
        let r = self.describe(text, np, &lowers, written, first.span.start);
        if r.person {
            if let Some(name) = r.name {
                self.recent.push((first.span.start, name));
            }
        }
    }

    fn describe(
        &self,
        text: &str,
        np: &[Tok],
        lowers: &[String],
        written: String,
        at: usize,
    ) -> Resolved {
        // The head: up to the first inner preposition ("the MP for Uxbridge").
        let head_len = lowers
            .iter()
            .enumerate()
            .position(|(k, w)| k > 0 && lex::is_np_preposition(w))
            .unwrap_or(np.len());
        let head = &np[..head_len];
        let head_lower = &lowers[..head_len];
        let head_word = head_lower.last().map(String::as_str).unwrap_or("");
        // The name: the trailing run of capitalised, non-title words.
        let mut k = head.len();
        while k > 0 {
            let w = head[k - 1].span.slice(text);
            let lw = head_lower[k - 1].as_str();
            if is_name_word(w) && !lex::is_title_word(lw) && !lex::is_determiner(lw) {
                if k < head.len() && lex::strip_possessive(w).1 {
                    break;
                }
                k -= 1;
            } else {
                break;
            }
        }
        let name_toks = &head[k..];
        let possessive_inside = head[..head.len().saturating_sub(1)]
            .iter()
            .any(|t| lex::strip_possessive(t.span.slice(text)).1);
        if !name_toks.is_empty() {
            let words: Vec<&str> = name_toks
                .iter()
                .map(|t| lex::strip_possessive(t.span.slice(text)).0)
                .collect();
            let last = head_lower[head.len() - 1].as_str();
            let titled = k > 0 && lex::is_title_word(&head_lower[k - 1]);
            if words.len() >= 2 {
                let org = lex::is_org_word(last);
                return Resolved {
                    name: Some(if org {
                        written
                    } else {
                        normalise(&words).join(" ")
                    }),
                    person: !org,
                };
            }
            let lw = head_lower[k].trim_end_matches("'s").to_string();
            if let Some(n) = self.by_word(&lw, at) {
                return Resolved {
                    name: Some(n.full()),
                    person: true,
                };
            }
            return Resolved {
                name: Some(if titled {
                    written
                } else {
                    normalise(&words).join(" ")
                }),
                person: titled,
            };
        }
        let definite = head_lower.first().is_some_and(|w| w == "the");
        let person_head = lex::is_person_noun(head_word);
        if definite && !possessive_inside {
            let role: Vec<&str> = head_lower[1..]
                .iter()
                .map(String::as_str)
                .filter(|w| *w != "former")
                .collect();
            let role = role.join(" ");
            if !role.is_empty() {
                let last = role.rsplit(' ').next().unwrap_or(&role);
                let ends_with_role = |r: &str| {
                    r == role
                        || r.strip_suffix(role.as_str())
                            .is_some_and(|head| head.ends_with(' '))
                };
                if let Some((_, idx)) = self
                    .roles_by_last
                    .get(last)
                    .into_iter()
                    .flatten()
                    .rev()
                    .map(|&k| &self.roles[k])
                    .find(|(r, i)| self.names[*i].at <= at && ends_with_role(r))
                {
                    return Resolved {
                        name: Some(self.names[*idx].full()),
                        person: true,
                    };
                }
            }
            if lex::is_person_role(head_word) {
                if let Some(name) = self.last_named(at) {
                    return Resolved {
                        name: Some(name),
                        person: true,
                    };
                }
            }
        }
        Resolved {
            name: Some(written),
            person: person_head,
        }
    }
}
