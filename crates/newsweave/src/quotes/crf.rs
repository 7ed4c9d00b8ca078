//! A token-level tagger for attributions: a linear-chain CRF over the
//! tokens of a unit (quotations collapsed), with five labels: outside, the
//! first and a later token of a content (`B`, `I`), a cue word (`C`) and a
//! source word (`S`).
//!
//! It reads whole sentences, so it finds reported speech whose cue the
//! vocabulary of the rules lacks, content before its cue ("…, the Post has
//! learned") and content boundaries from context rather than from fixed
//! cut points. Its features include what the rules and the learned pass
//! already found in the unit (cue, speaker, content side), so it learns
//! where to trust them.
//!
//! The weights are in `crf.tsv.gz`, written by `scripts/train_crf.py` with
//! CRFsuite from PolNeAR train; the features the script sees come from
//! [`features`] (through [`training_sequence`] and the `quotes_features`
//! example), so training and inference share one code path. Decoding is a
//! small Viterbi over a hashed weight table, not a CRFsuite model reader:
//! the `crfs` crate would add a dependency and a binary format for what is
//! thirty lines here, and hashing the feature strings keeps the lookups
//! allocation-free.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::io::Read;
use std::sync::LazyLock;

use super::attrib::{Attr, Side, Unit};
use super::learned::{self, Predicted};
use super::lex::{self, Tok};

/// Number of labels.
const L: usize = 5;
/// Label names, in the order of the weight columns.
pub(crate) const LABELS: [&str; L] = ["O", "B", "I", "C", "S"];
const B: usize = 1;
const I: usize = 2;
const C: usize = 3;
const S: usize = 4;

/// Fixed-point scale of the state weights.
const SCALE: f32 = 1024.0;

/// The weights: per hashed feature one weight per label, and transitions.
/// The state table is kept small for the cache (it is looked up twenty
/// times per token): 32-bit keys and 16-bit fixed-point weights. A 32-bit
/// key makes an absent feature hit a stored one about once in 80,000
/// lookups, which moves one token's scores by one feature's weights.
struct Model {
    state: HashMap<u32, [i16; L], foldhash::fast::FixedState>,
    trans: [[f32; L]; L],
}

fn hasher() -> foldhash::fast::FixedState {
    foldhash::fast::FixedState::with_seed(0x6e77_6372_6600)
}

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    let mut src = String::new();
    let gz: &[u8] = include_bytes!("crf.tsv.gz");
    // A corrupt table (it is compiled in, so tests would catch it) leaves
    // the tagger empty rather than failing the pipeline.
    if flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut src)
        .is_err()
    {
        src.clear();
    }
    parse(&src)
});

/// Parses `crf.tsv`: `trans<TAB>from<TAB>to<TAB>w` rows and
/// `feature<TAB>w_O<TAB>w_B<TAB>w_I<TAB>w_C<TAB>w_S` rows.
fn parse(src: &str) -> Model {
    let h = hasher();
    let mut m = Model {
        state: HashMap::with_hasher(hasher()),
        trans: [[0.0; L]; L],
    };
    let label = |s: &str| LABELS.iter().position(|l| *l == s);
    for line in src.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() == 4 && f[0] == "trans" {
            if let (Some(a), Some(b), Ok(w)) = (label(f[1]), label(f[2]), f[3].parse::<f32>()) {
                m.trans[a][b] = w;
            }
        } else if f.len() == L + 1 {
            let mut w = [0i16; L];
            for (k, x) in f[1..].iter().enumerate() {
                let x: f32 = x.parse().unwrap_or(0.0);
                w[k] = (x * SCALE).round().clamp(-32767.0, 32767.0) as i16;
            }
            if let Some(key) = parse_key(&h, f[0]) {
                m.state.insert(key, w);
            }
        }
    }
    m
}

/// What the rules and the learned pass say about each token of a unit.
pub(crate) fn rule_tags(toks: &[Tok], attrs: &[Attr], learned: &[Predicted]) -> Vec<&'static str> {
    let n = toks.len();
    let mut tags = vec!["-"; n];
    for a in attrs {
        match a.side {
            Side::After(s) => tags[s.min(n)..].iter_mut().for_each(|t| *t = "after"),
            Side::Before => tags[..a.left.min(n)].iter_mut().for_each(|t| *t = "before"),
            Side::Around(s) => {
                tags[..a.left.min(n)].iter_mut().for_each(|t| *t = "around");
                tags[s.min(n)..].iter_mut().for_each(|t| *t = "around");
            }
        }
    }
    for p in learned {
        let (s, e) = (p.content.0.min(n), p.content.1.min(n));
        tags[s..e].iter_mut().for_each(|t| *t = "lcont");
        let (s, e) = (p.cue.0.min(n), p.cue.1.min(n));
        tags[s..e].iter_mut().for_each(|t| *t = "lcue");
    }
    for a in attrs {
        tags[a.left.min(n)..a.right.min(n)]
            .iter_mut()
            .for_each(|t| *t = "clause");
        if let Some((s, e)) = a.np {
            tags[s.min(n)..e.min(n)].iter_mut().for_each(|t| *t = "src");
        }
        for (t, tok) in tags.iter_mut().zip(toks) {
            if a.cue.start <= tok.span.start && tok.span.end <= a.cue.end {
                *t = "cue";
            }
        }
    }
    tags
}

/// The cue class of a lower-cased word, as a feature value.
fn cue_of(w: &str) -> &'static str {
    use lex::CueClass::*;
    match lex::cue_class(w).or_else(|| lex::learned_cue(w).map(|l| l.class)) {
        Some(Speech) => "speech",
        Some(Tell) => "tell",
        Some(Participle) => "part",
        Some(Weak) => "weak",
        Some(According) => "acc",
        Some(Object) => "obj",
        Some(Raising) => "raise",
        None => "-",
    }
}

/// A distance as a coarse bucket.
fn bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        _ => "21+",
    }
}

/// Calls `emit(i, feature)` with every feature of every token of the unit.
pub(crate) fn features(
    u: &Unit<'_>,
    low: &[String],
    rules: &[&str],
    emit: &mut dyn FnMut(usize, &str, &[&str]),
) {
    let n = u.toks.len();
    let class: Vec<&str> = (0..n as isize).map(|k| learned::class(u, low, k)).collect();
    let cues: Vec<&str> = low.iter().map(|w| cue_of(w)).collect();
    let w = |k: isize| -> &str {
        if k < 0 {
            "<s>"
        } else {
            low.get(k as usize).map_or("</s>", String::as_str)
        }
    };
    let c = |k: isize| -> &str {
        if k < 0 {
            "<s>"
        } else {
            class.get(k as usize).copied().unwrap_or("</s>")
        }
    };
    let r = |k: isize| -> &str {
        if k < 0 {
            "<s>"
        } else {
            rules.get(k as usize).copied().unwrap_or("</s>")
        }
    };
    // Distance to the nearest cue word before and after each token, and
    // whether a comma or a "that" was passed on the way.
    let mut cue_before = vec![None; n];
    let mut last = None;
    for k in 0..n {
        cue_before[k] = last.map(|j| k - j);
        if cues[k] != "-" {
            last = Some(k);
        }
    }
    let mut cue_after = vec![None; n];
    last = None;
    for k in (0..n).rev() {
        cue_after[k] = last.map(|j| j - k);
        if cues[k] != "-" {
            last = Some(k);
        }
    }
    let mut f = |i: usize, tpl: &str, parts: &[&str]| emit(i, tpl, parts);
    for i in 0..n {
        let k = i as isize;
        let wi = w(k);
        f(i, "bias", &[]);
        f(i, "w", &[wi]);
        f(i, "c", &[c(k)]);
        if u.toks[i].is_word() && wi.len() > 3 {
            let cut = wi.char_indices().rev().nth(2).map_or(0, |(b, _)| b);
            f(i, "s3", &[&wi[cut..]]);
        }
        f(i, "cue", &[cues[i]]);
        f(i, "w-1", &[w(k - 1)]);
        f(i, "w+1", &[w(k + 1)]);
        f(i, "w-2", &[w(k - 2)]);
        f(i, "w+2", &[w(k + 2)]);
        f(i, "w-1|w", &[w(k - 1), wi]);
        f(i, "w|w+1", &[wi, w(k + 1)]);
        f(i, "c-1|c", &[c(k - 1), c(k)]);
        f(i, "c|c+1", &[c(k), c(k + 1)]);
        let cm = |j: isize| {
            if j < 0 || j as usize >= n {
                "-"
            } else {
                cues[j as usize]
            }
        };
        f(i, "cue-1|w", &[cm(k - 1), wi]);
        f(i, "r-1|r", &[r(k - 1), r(k)]);
        f(i, "r|r+1", &[r(k), r(k + 1)]);
        f(i, "r|c", &[r(k), c(k)]);
        let before = cue_before[i].map_or("none", bucket);
        let after = cue_after[i].map_or("none", bucket);
        f(i, "cb|ca", &[before, after]);
        if i == 0 {
            f(i, "first", &[]);
            if u.heading {
                f(i, "heading", &[]);
            }
        }
        if i + 1 == n {
            f(i, "last", &[]);
        }
    }
}

/// A feature as the training script sees it: `template=part|part`.
fn feature_string(tpl: &str, parts: &[&str]) -> String {
    if parts.is_empty() {
        tpl.to_string()
    } else {
        format!("{tpl}={}", parts.join("|"))
    }
}

/// The key of a feature in the weight table, hashed from its template and
/// parts without building the string.
fn feature_hash(h: &foldhash::fast::FixedState, tpl: &str, parts: &[&str]) -> u32 {
    use std::hash::Hasher;
    let mut s = h.build_hasher();
    s.write(tpl.as_bytes());
    for p in parts {
        s.write_u8(0xff);
        s.write(p.as_bytes());
    }
    (s.finish() >> 32) as u32
}

/// The key of a feature string of the table ([`feature_string`]'s
/// inverse); `None` when a part holds a `|` and the split is ambiguous.
fn parse_key(h: &foldhash::fast::FixedState, feature: &str) -> Option<u32> {
    let Some((tpl, rest)) = feature.split_once('=') else {
        return Some(feature_hash(h, feature, &[]));
    };
    let parts: Vec<&str> = rest.split('|').collect();
    (parts.len() == tpl.matches('|').count() + 1).then(|| feature_hash(h, tpl, &parts))
}

/// A content the tagger found, with its cue and source tokens if tagged.
#[derive(Clone, Debug)]
pub(crate) struct Tagged {
    /// Content tokens `[start, end)`.
    pub content: (usize, usize),
    /// The nearest run of cue tokens.
    pub cue: Option<(usize, usize)>,
    /// The nearest run of source tokens.
    pub source: Option<(usize, usize)>,
}

/// Tags a unit: the best label sequence under the model.
pub(crate) fn tag(u: &Unit<'_>, low: &[String], rules: &[&str]) -> Vec<usize> {
    let m = &*MODEL;
    let n = u.toks.len();
    // Every unit is tagged: skipping those without a cue word, quotation
    // or rule attribution saves a third of the tokens but loses 0.6 points
    // of detection F1 on PolNeAR dev.
    if n == 0 || m.state.is_empty() {
        return vec![0; n];
    }
    let h = hasher();
    let mut sum = vec![[0i32; L]; n];
    features(u, low, rules, &mut |i, tpl, parts| {
        if let Some(w) = m.state.get(&feature_hash(&h, tpl, parts)) {
            for (s, &x) in sum[i].iter_mut().zip(w) {
                *s += i32::from(x);
            }
        }
    });
    let score: Vec<[f32; L]> = sum.iter().map(|s| s.map(|x| x as f32 / SCALE)).collect();
    viterbi(&score, &m.trans)
}

/// The best label path for per-token scores and transition weights.
fn viterbi(score: &[[f32; L]], trans: &[[f32; L]; L]) -> Vec<usize> {
    let n = score.len();
    let mut back = vec![[0u8; L]; n];
    let mut prev = score[0];
    for i in 1..n {
        let mut cur = [f32::NEG_INFINITY; L];
        for b in 0..L {
            for a in 0..L {
                let s = prev[a] + trans[a][b];
                if s > cur[b] {
                    cur[b] = s;
                    back[i][b] = a as u8;
                }
            }
            cur[b] += score[i][b];
        }
        prev = cur;
    }
    let mut best = (0..L)
        .max_by(|&a, &b| prev[a].total_cmp(&prev[b]))
        .unwrap_or(0);
    let mut path = vec![0; n];
    for i in (0..n).rev() {
        path[i] = best;
        best = back[i][best] as usize;
    }
    path
}

/// Runs of label `l` in a path.
fn runs(path: &[usize], l: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < path.len() {
        if path[i] == l {
            let s = i;
            while i < path.len() && path[i] == l {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// The contents of a tagged path, each with its nearest cue and source.
pub(crate) fn decode(path: &[usize]) -> Vec<Tagged> {
    let mut contents = Vec::new();
    let mut i = 0;
    while i < path.len() {
        if path[i] == B || path[i] == I {
            let s = i;
            i += 1;
            while i < path.len() && path[i] == I {
                i += 1;
            }
            contents.push((s, i));
        } else {
            i += 1;
        }
    }
    let cues = runs(path, C);
    let sources = runs(path, S);
    let dist = |(s, e): (usize, usize), (a, b): (usize, usize)| {
        if b <= s {
            s - b
        } else {
            a.saturating_sub(e)
        }
    };
    contents
        .into_iter()
        .map(|c| Tagged {
            content: c,
            cue: cues.iter().copied().min_by_key(|&r| dist(c, r)),
            source: sources.iter().copied().min_by_key(|&r| dist(c, r)),
        })
        .collect()
}

/// One unit's tokens and features, for training (`scripts/train_crf.py`).
#[derive(Clone, Debug)]
pub struct TrainingSequence {
    /// Byte span of each token.
    pub spans: Vec<crate::model::Span>,
    /// The features of each token.
    pub features: Vec<Vec<String>>,
}

/// The training sequence of a unit.
pub(crate) fn training_sequence(u: &Unit<'_>, low: &[String], rules: &[&str]) -> TrainingSequence {
    let mut feats = vec![Vec::new(); u.toks.len()];
    features(u, low, rules, &mut |i, tpl, parts| {
        feats[i].push(feature_string(tpl, parts))
    });
    TrainingSequence {
        spans: u.toks.iter().map(|t| t.span).collect(),
        features: feats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_follows_transitions() {
        // Token 1 prefers B alone, but I after B is rewarded.
        let score = [[0.0, 2.0, 0.0, 0.0, 0.0], [0.0, 0.5, 0.4, 0.0, 0.0]];
        let mut trans = [[0.0; L]; L];
        trans[B][I] = 1.0;
        assert_eq!(viterbi(&score, &trans), vec![B, I]);
    }

    #[test]
    fn decode_pairs_content_with_cue_and_source() {
        // "Sources said [the plan failed] ."
        let path = [S, C, B, I, I, 0];
        let t = decode(&path);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].content, (2, 5));
        assert_eq!(t[0].cue, Some((1, 2)));
        assert_eq!(t[0].source, Some((0, 1)));
    }
}
