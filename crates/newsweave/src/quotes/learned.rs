//! A learned pass for reported speech that the cue rules miss: "Trump is
//! demanding [Obama make a pledge]", "the ad also mentions [Percy Walton]".
//!
//! Every word of a unit that the cue vocabulary knows is a *candidate*: the
//! content would start right after it (after "that" or a colon). Two
//! logistic models score it, both over sparse string features of the words
//! around it:
//! - the *start* model: is this an attribution whose content starts here?
//! - the *end* model: of the clause boundaries after the start (commas,
//!   dashes, "and", "because", the end of the sentence), which one ends the
//!   content? The best-scoring one is taken.
//!
//! The weights and the vocabulary are in `learned.tsv`, written by
//! `scripts/train_quotes.py` from PolNeAR train; the features the script
//! sees come from this module (through [`training_candidates`] and the
//! `quotes_features` example), so training and inference cannot drift.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::attrib::{self, Unit};
use super::lex::{self, Kind, Tok};
use crate::model::Span;

/// Weights of one logistic model.
#[derive(Default)]
struct Weights {
    bias: f32,
    w: HashMap<Box<str>, f32>,
}

impl Weights {
    fn get(&self, f: &str) -> f32 {
        self.w.get(f).copied().unwrap_or(0.0)
    }
}

/// The learned model: cue vocabulary (word → the prepositions that may
/// belong to it) and two weight sets.
#[derive(Default)]
struct Model {
    vocab: HashMap<Box<str>, Vec<Box<str>>>,
    start: Weights,
    end: Weights,
    /// Minimum start probability for a candidate to become a quote.
    threshold: f32,
}

static MODEL: LazyLock<Model> = LazyLock::new(|| parse(include_str!("learned.tsv")));

/// Parses `learned.tsv`: `param`, `vocab`, `start` and `end` rows.
fn parse(src: &str) -> Model {
    let mut m = Model {
        threshold: 0.5,
        ..Model::default()
    };
    for line in src.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.split('\t');
        let (Some(table), Some(key), Some(value)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let number = value.parse::<f32>().ok();
        match (table, number) {
            ("vocab", _) => {
                let particles = value
                    .split(',')
                    .filter(|p| *p != "-")
                    .map(Into::into)
                    .collect();
                m.vocab.insert(key.into(), particles);
            }
            ("param", Some(x)) if key == "threshold" => m.threshold = x,
            ("start", Some(x)) if key == "<bias>" => m.start.bias = x,
            ("end", Some(x)) if key == "<bias>" => m.end.bias = x,
            ("start", Some(x)) => {
                m.start.w.insert(key.into(), x);
            }
            ("end", Some(x)) => {
                m.end.w.insert(key.into(), x);
            }
            _ => {}
        }
    }
    m
}

/// A candidate attribution in a unit: token indices.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// The cue words `[cue.0, cue.1)`.
    pub cue: (usize, usize),
    /// The first token of the content.
    pub start: usize,
    /// Possible ends of the content (exclusive token indices), in order.
    pub ends: Vec<usize>,
}

/// A prediction: the cue and the content with its chosen end.
#[derive(Clone, Debug)]
pub(crate) struct Predicted {
    /// Cue tokens.
    pub cue: (usize, usize),
    /// Content tokens `[start, end)`.
    pub content: (usize, usize),
}

/// Lower-cased words of a unit; punctuation as itself, quotations as `<q>`.
pub(crate) fn lowers(u: &Unit<'_>) -> Vec<String> {
    let mut buf = String::new();
    u.toks
        .iter()
        .map(|t| match t.kind {
            Kind::Word => lex::lower(t.span.slice(u.text), &mut buf).to_owned(),
            Kind::Punct(c) => c.to_string(),
            Kind::Quote(..) => "<q>".to_string(),
        })
        .collect()
}

/// Words that end the content of an attribution when they open a clause.
fn is_clause_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "but"
            | "because"
            | "while"
            | "as"
            | "when"
            | "after"
            | "before"
            | "if"
            | "who"
            | "which"
            | "since"
            | "though"
            | "although"
            | "so"
            | "where"
            | "until"
            | "unless"
    )
}

/// Prepositions that join a cue word to its content ("decided against
/// recommending charges", "spoke of a stone slaver's block"); not "to",
/// which mostly opens an infinitive that belongs to the content ("promising
/// to lift regulations").
fn is_cue_preposition(w: &str) -> bool {
    matches!(
        w,
        "about"
            | "against"
            | "after"
            | "behind"
            | "in"
            | "of"
            | "on"
            | "over"
            | "for"
            | "with"
            | "into"
            | "toward"
            | "towards"
            | "upon"
    )
}

/// At most this many content ends are considered per candidate.
const MAX_ENDS: usize = 16;

/// The candidates of a unit: the words of the cue vocabulary.
pub(crate) fn candidates(u: &Unit<'_>, low: &[String]) -> Vec<Candidate> {
    let model = &*MODEL;
    let n = u.toks.len();
    let mut out = Vec::new();
    for i in 0..n {
        if !u.toks[i].is_word() {
            continue;
        }
        let Some(particles) = model.vocab.get(low[i].as_str()) else {
            continue;
        };
        let first_word = u.toks[..i].iter().all(|t| !t.is_word());
        if !first_word && lex::is_capitalized(u.toks[i].span.slice(u.text)) {
            continue;
        }
        // "called for", and any preposition after the word ("decided
        // against", "believe in"): the content is its object.
        let particle = low
            .get(i + 1)
            .is_some_and(|w| particles.iter().any(|p| **p == **w) || is_cue_preposition(w));
        let cue_end = if particle { i + 2 } else { i + 1 };
        let mut start = cue_end;
        while start < n && matches!(low[start].as_str(), "that" | ":") {
            start += 1;
        }
        if start >= n || matches!(u.toks[start].kind, Kind::Punct(_)) {
            continue;
        }
        let mut ends = Vec::new();
        for (k, (t, w)) in u.toks.iter().zip(low).enumerate().skip(start + 1) {
            let boundary = match t.kind {
                Kind::Punct(c) => matches!(
                    c,
                    ',' | ';' | ':' | '—' | '–' | '(' | ')' | '.' | '?' | '!' | '-'
                ),
                Kind::Word => is_clause_word(w),
                Kind::Quote(..) => false,
            };
            if boundary {
                ends.push(k);
                if ends.len() >= MAX_ENDS {
                    break;
                }
            }
        }
        // The unit's end, unless only its final punctuation is left.
        let closed = ends
            .last()
            .is_some_and(|&k| u.toks[k..].iter().all(|t| matches!(t.kind, Kind::Punct(_))));
        if !closed && ends.len() < MAX_ENDS {
            ends.push(n);
        }
        out.push(Candidate {
            cue: (i, cue_end),
            start,
            ends,
        });
    }
    out
}

/// A coarse class of token `k` ("det", "pron", "cap", …); `<s>` and `</s>`
/// outside the unit.
pub(crate) fn class(u: &Unit<'_>, low: &[String], k: isize) -> &'static str {
    if k < 0 {
        return "<s>";
    }
    let Some(t) = u.toks.get(k as usize) else {
        return "</s>";
    };
    let w = low[k as usize].as_str();
    match t.kind {
        Kind::Quote(..) => "q",
        Kind::Punct(_) => "punct",
        Kind::Word if w == "that" => "that",
        Kind::Word if lex::is_determiner(w) => "det",
        Kind::Word if lex::is_pronoun(w) => "pron",
        Kind::Word if lex::is_np_preposition(w) => "prep",
        Kind::Word if lex::is_stop(w) => "stop",
        Kind::Word if lex::is_aux_or_adverb(w) => "aux",
        Kind::Word if w.chars().next().is_some_and(|c| c.is_ascii_digit()) => "num",
        Kind::Word if lex::is_capitalized(t.span.slice(u.text)) => "cap",
        Kind::Word => "w",
    }
}

/// The word at `k`, or `<s>`/`</s>` outside the unit.
fn word_at(low: &[String], k: isize) -> &str {
    if k < 0 {
        "<s>"
    } else {
        low.get(k as usize).map_or("</s>", String::as_str)
    }
}

/// Calls `f` with each feature string of the candidate's start.
pub(crate) fn start_features(
    u: &Unit<'_>,
    low: &[String],
    c: &Candidate,
    f: &mut impl FnMut(&str),
) {
    let mut buf = String::with_capacity(48);
    let mut emit = |parts: &[&str]| {
        buf.clear();
        for p in parts {
            buf.push_str(p);
        }
        f(&buf);
    };
    let i = c.cue.0 as isize;
    let e = c.cue.1 as isize;
    let w = word_at(low, i);
    let cue: String = (c.cue.0..c.cue.1)
        .map(|k| low[k].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let suffix = |s: &str, n: usize| -> String {
        let chars: Vec<char> = s.chars().collect();
        chars[chars.len().saturating_sub(n)..].iter().collect()
    };
    emit(&["w=", w]);
    emit(&["cue=", &cue]);
    emit(&["suf3=", &suffix(w, 3)]);
    emit(&["suf2=", &suffix(w, 2)]);
    let p1 = word_at(low, i - 1);
    let p2 = word_at(low, i - 2);
    let c1 = class(u, low, i - 1);
    let c2 = class(u, low, i - 2);
    emit(&["p1=", p1]);
    emit(&["p2=", p2]);
    emit(&["p1w=", p1, "|", w]);
    emit(&["c1=", c1]);
    emit(&["c2c1=", c2, "|", c1]);
    emit(&["c1w=", c1, "|", w]);
    let n1 = word_at(low, e);
    let d1 = class(u, low, e);
    let d2 = class(u, low, e + 1);
    emit(&["n1=", n1]);
    emit(&["n2=", word_at(low, e + 1)]);
    emit(&["d1=", d1]);
    emit(&["d1d2=", d1, "|", d2]);
    emit(&["wd1=", w, "|", d1]);
    emit(&["wn1=", w, "|", n1]);
    let skipped = if c.start > c.cue.1 {
        low[c.cue.1].as_str()
    } else {
        "-"
    };
    emit(&["skip=", skipped]);
    emit(&["s=", word_at(low, c.start as isize)]);
    emit(&["sc=", class(u, low, c.start as isize)]);
    let words_before = u.toks[..c.cue.0].iter().filter(|t| t.is_word()).count();
    let before = match words_before {
        0 => "0",
        1 => "1",
        2..=3 => "2-3",
        4..=7 => "4-7",
        _ => "8+",
    };
    emit(&["before=", before]);
    let quotes = u.toks.iter().filter(|t| t.is_quote()).count();
    emit(&["quotes=", if quotes > 0 { "yes" } else { "no" }]);
    let cue_class = lex::cue_class(w).map_or("none", |c| match c {
        lex::CueClass::Speech => "speech",
        lex::CueClass::Tell => "tell",
        lex::CueClass::Participle => "participle",
        lex::CueClass::Weak => "weak",
        _ => "other",
    });
    emit(&["rule=", cue_class]);
    emit(&["rule|d1=", cue_class, "|", d1]);
    emit(&["heading=", if u.heading { "yes" } else { "no" }]);
}

/// Calls `f` with each feature string of content end `end` (an exclusive
/// token index) of the candidate; `rank` is its place among the ends.
pub(crate) fn end_features(
    u: &Unit<'_>,
    low: &[String],
    c: &Candidate,
    rank: usize,
    end: usize,
    f: &mut impl FnMut(&str),
) {
    let mut buf = String::with_capacity(48);
    let mut emit = |parts: &[&str]| {
        buf.clear();
        for p in parts {
            buf.push_str(p);
        }
        f(&buf);
    };
    let at = word_at(low, end as isize);
    let w = word_at(low, c.cue.0 as isize);
    let words = u.toks[c.start..end].iter().filter(|t| t.is_word()).count();
    let len = match words {
        0..=1 => "1",
        2..=3 => "2-3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        11..=16 => "11-16",
        17..=25 => "17-25",
        _ => "26+",
    };
    let same_before = c.ends.iter().take(rank).filter(|&&k| low[k] == at).count();
    let nth = match same_before {
        0 => "1st",
        1 => "2nd",
        _ => "3rd+",
    };
    let rank_s = match rank {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        _ => "5+",
    };
    let last = if end >= u.toks.len() || c.ends.last() == Some(&end) {
        "last"
    } else {
        "inner"
    };
    let next = class(u, low, end as isize + 1);
    let prev = class(u, low, end as isize - 1);
    emit(&["at=", at]);
    emit(&["len=", len]);
    emit(&["at|len=", at, "|", len]);
    emit(&["at|nth=", at, "|", nth]);
    emit(&["rank=", rank_s]);
    emit(&["last=", last]);
    emit(&["at|last=", at, "|", last]);
    emit(&["at|next=", at, "|", next]);
    emit(&["at|prev=", at, "|", prev]);
    emit(&["next=", word_at(low, end as isize + 1)]);
    emit(&["w|at=", w, "|", at]);
    emit(&["sc|at=", class(u, low, c.start as isize), "|", at]);
    let quote_inside = u.toks[c.start..end].iter().any(Tok::is_quote);
    emit(&["qin=", if quote_inside { "yes" } else { "no" }]);
}

/// True when the cue at tokens `[a, b)` holds a passive participle
/// ("warplanes are accused of dropping napalm"): its subject is what is
/// spoken of, not who speaks.
pub(crate) fn passive_cue(u: &Unit<'_>, (a, b): (usize, usize)) -> bool {
    let mut buf = String::new();
    (a..b.min(u.toks.len())).any(|i| {
        attrib::passive_before(u, i, &mut buf)
            && attrib::is_past_participle(lex::lower(u.toks[i].span.slice(u.text), &mut buf))
    })
}

/// The speaker's noun phrase for the cue at tokens `cue`: none for a
/// passive cue; else the subject right before it, across auxiliaries and
/// adverbs ("Trump is also demanding"); for a participle after a comma
/// ("…, arguing that") or when no such phrase is there ("Stumpf tried on
/// Tuesday to make the case"), the subject of the unit.
pub(crate) fn speaker_np(u: &Unit<'_>, cue: (usize, usize)) -> Option<(usize, usize)> {
    if passive_cue(u, cue) {
        return None;
    }
    let i = cue.0;
    let mut buf = String::new();
    let participle = i > 0 && u.toks[i - 1].is_punct(',') && {
        let w = lex::lower(u.toks[i].span.slice(u.text), &mut buf);
        w.ends_with("ing")
    };
    if !participle {
        if let Some(np) = attrib::skip_back(u, i, &mut buf)
            .and_then(|j| before_parenthetical(u, j))
            .and_then(|k| attrib::np_back(u, k, &mut buf))
            .filter(|np| plausible_subject(u, np.0))
        {
            return Some(np);
        }
        if let Some(j) = attrib::skip_back(u, i, &mut buf).filter(|&j| u.toks[j].is_word()) {
            let lj = lex::lower(u.toks[j].span.slice(u.text), &mut buf).to_owned();
            let np = if lj == "who" || lj == "which" {
                attrib::relative_subject(u, j, &mut buf).map(|_| (j, j + 1))
            } else {
                attrib::np_back(u, j, &mut buf)
            };
            if let Some(np) = np.filter(|np| plausible_subject(u, np.0)) {
                return Some(np);
            }
        }
    }
    unit_subject(u, i)
}

/// At most this many tokens between the commas of a parenthetical.
const MAX_PARENTHETICAL: usize = 30;

/// When token `j` closes a parenthetical after the subject ("Ed Rendell,
/// who served as chairman, agreed", "Some Democrats, however, question",
/// "Sen. Ted Cruz (R-Tex) is endorsing"), the last token before it.
fn before_parenthetical(u: &Unit<'_>, j: usize) -> Option<usize> {
    let open = match u.toks[j].kind {
        Kind::Punct(',') => ',',
        Kind::Punct(')') => '(',
        _ => return None,
    };
    let lo = j.saturating_sub(MAX_PARENTHETICAL);
    let k = (lo..j).rev().find(|&k| u.toks[k].is_punct(open))?;
    // Only words inside, and a word before the opening.
    let inner = &u.toks[k + 1..j];
    if inner.is_empty() || inner.iter().any(Tok::is_quote) {
        return None;
    }
    let before = k.checked_sub(1)?;
    u.toks[before].is_word().then_some(before)
}

/// True when a noun phrase starting at token `a` can name a speaker: a
/// name, a pronoun, a determiner or a number opens it.
fn plausible_subject(u: &Unit<'_>, a: usize) -> bool {
    let w = u.toks[a].span.slice(u.text);
    let mut buf = String::new();
    let lw = lex::lower(w, &mut buf);
    lex::is_capitalized(w)
        || lex::is_pronoun(lw)
        || lex::is_determiner(lw)
        || w.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The subject of the unit before token `before`: the first noun phrase at
/// the start or after a comma ("On Thursday, however, Trump spoke …") that
/// a word follows.
fn unit_subject(u: &Unit<'_>, before: usize) -> Option<(usize, usize)> {
    let mut buf = String::new();
    for k in 0..before {
        if !(k == 0 || u.toks[k - 1].is_punct(',')) || !u.toks[k].is_word() {
            continue;
        }
        let mut a = k;
        while a < before
            && u.toks[a].is_word()
            && lex::is_leading_filler(lex::lower(u.toks[a].span.slice(u.text), &mut buf))
        {
            a += 1;
        }
        if a >= before || !u.toks[a].is_word() || !plausible_subject(u, a) {
            continue;
        }
        // A name is its capitalised words ("Trump", not "Trump spoke").
        let np = if lex::is_capitalized(u.toks[a].span.slice(u.text))
            && !lex::is_determiner(lex::lower(u.toks[a].span.slice(u.text), &mut buf))
        {
            let mut e = a + 1;
            while e < before
                && u.toks[e].is_word()
                && lex::is_capitalized(u.toks[e].span.slice(u.text))
            {
                e += 1;
            }
            (a, e)
        } else {
            let Some(np) = attrib::np_forward(u, a, &mut buf) else {
                continue;
            };
            np
        };
        if np.1 < before && u.toks[np.1].is_word() {
            return Some(np);
        }
    }
    None
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The attributions the learned model finds in a unit, best end each.
pub(crate) fn predict(u: &Unit<'_>, low: &[String]) -> Vec<Predicted> {
    let model = &*MODEL;
    if model.vocab.is_empty() || model.start.w.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in candidates(u, low) {
        let mut score = model.start.bias;
        start_features(u, low, &c, &mut |f| score += model.start.get(f));
        let p = sigmoid(score);
        if p < model.threshold {
            continue;
        }
        let mut best = (f32::NEG_INFINITY, c.ends[0]);
        for (rank, &e) in c.ends.iter().enumerate() {
            let mut s = model.end.bias;
            end_features(u, low, &c, rank, e, &mut |f| s += model.end.get(f));
            if s > best.0 {
                best = (s, e);
            }
        }
        out.push(Predicted {
            cue: c.cue,
            content: (c.start, best.1),
        });
    }
    out
}

/// One candidate with its features, for training the model
/// (`scripts/train_quotes.py`). Spans are byte spans into the text.
#[derive(Clone, Debug)]
pub struct TrainingCandidate {
    /// The cue words.
    pub cue: Span,
    /// The first token of the content.
    pub start: Span,
    /// The speaker's mention: the noun phrase before the cue, if any.
    pub speaker: Option<Span>,
    /// The start model's features.
    pub features: Vec<String>,
    /// Each possible content end (byte offset after its last token, before
    /// trailing punctuation) with the end model's features.
    pub ends: Vec<(usize, Vec<String>)>,
}

/// All candidates of a unit with their features.
pub(crate) fn training(u: &Unit<'_>) -> Vec<TrainingCandidate> {
    let low = lowers(u);
    candidates(u, &low)
        .into_iter()
        .map(|c| {
            let mut features = Vec::new();
            start_features(u, &low, &c, &mut |f| features.push(f.to_string()));
            let ends = c
                .ends
                .iter()
                .enumerate()
                .map(|(rank, &e)| {
                    let mut fs = Vec::new();
                    end_features(u, &low, &c, rank, e, &mut |f| fs.push(f.to_string()));
                    let (s, e) = super::trim_region(u.text, u.toks, c.start, e);
                    let at = if s < e {
                        u.toks[e - 1].span.end
                    } else {
                        u.toks[c.start].span.end
                    };
                    (at, fs)
                })
                .collect();
            TrainingCandidate {
                speaker: speaker_np(u, c.cue)
                    .map(|(a, b)| Span::new(u.toks[a].span.start, u.toks[b - 1].span.end)),
                cue: Span::new(u.toks[c.cue.0].span.start, u.toks[c.cue.1 - 1].span.end),
                start: u.toks[c.start].span,
                features,
                ends,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::QuoteKind;
    use crate::{quotes::find_quotes, segment};

    fn quotes(text: &str) -> Vec<crate::model::Quote> {
        find_quotes(text, &segment::document(text))
    }

    #[test]
    fn shipped_model_loads() {
        let m = &*MODEL;
        assert!(m.vocab.contains_key("demanding"));
        assert!(m.vocab["according"].iter().any(|p| &**p == "to"));
        assert!(!m.start.w.is_empty() && !m.end.w.is_empty());
        assert!((0.0..1.0).contains(&m.threshold));
    }

    #[test]
    fn finds_reported_content_after_a_learned_cue() {
        let text = "The senator is demanding a full investigation of the bank's sales practices.";
        let qs = quotes(text);
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert_eq!(
            qs[0].span.slice(text),
            "a full investigation of the bank's sales practices"
        );
        assert_eq!(qs[0].kind, QuoteKind::Indirect);
        assert_eq!(qs[0].cue.as_deref(), Some("demanding"));
        assert_eq!(
            qs[0].speaker_mention.map(|m| m.slice(text)),
            Some("The senator")
        );
    }

    #[test]
    fn participle_takes_the_subject_of_the_sentence() {
        let text = "On Thursday, however, Trump spoke to a gathering of oil executives, \
                    promising to lift environmental regulations.";
        let qs = quotes(text);
        let q = qs
            .iter()
            .find(|q| q.cue.as_deref() == Some("promising"))
            .unwrap_or_else(|| panic!("{qs:#?}"));
        assert_eq!(q.span.slice(text), "to lift environmental regulations");
        assert_eq!(q.speaker_mention.map(|m| m.slice(text)), Some("Trump"));
    }

    #[test]
    fn a_preposition_after_the_cue_belongs_to_the_cue() {
        let text = "Like President Obama, I believe in the good sense of the American people.";
        let qs = quotes(text);
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert_eq!(qs[0].cue.as_deref(), Some("believe in"));
        assert_eq!(
            qs[0].span.slice(text),
            "the good sense of the American people"
        );
        assert_eq!(qs[0].speaker_mention.map(|m| m.slice(text)), Some("I"));
    }

    #[test]
    fn speaker_is_found_across_a_parenthetical() {
        for (text, speaker) in [
            (
                "Some Democrats, however, question the wisdom of committing to Scott.",
                "Some Democrats",
            ),
            (
                "Sen. Ted Cruz (R-Tex) is endorsing Donald Trump’s presidential campaign, \
                 the latest chapter in a rocky relationship.",
                "Sen. Ted Cruz",
            ),
        ] {
            let qs = quotes(text);
            assert_eq!(qs.len(), 1, "{qs:#?}");
            assert_eq!(
                qs[0].speaker_mention.map(|m| m.slice(text)),
                Some(speaker),
                "{text}"
            );
        }
    }

    #[test]
    fn rules_win_over_the_learned_pass() {
        let text = "Mr Johnson said Russia must do the right thing.";
        let qs = quotes(text);
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert_eq!(qs[0].span.slice(text), "Russia must do the right thing");
    }

    #[test]
    fn model_parses_rows() {
        let m = parse("# c\nparam\tthreshold\t0.4\nvocab\treferring\tto,about\nvocab\tdemanding\t-\nstart\t<bias>\t-1.5\nstart\tw=demanding\t2\nend\tat=,\t0.5\n");
        assert_eq!(m.threshold, 0.4);
        assert_eq!(m.vocab["referring"], ["to".into(), "about".into()]);
        assert!(m.vocab["demanding"].is_empty());
        assert_eq!(m.start.bias, -1.5);
        assert_eq!(m.start.get("w=demanding"), 2.0);
        assert_eq!(m.end.get("at=,"), 0.5);
        assert_eq!(m.end.get("at=."), 0.0);
    }
}
