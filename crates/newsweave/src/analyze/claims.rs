//! A story's claims, aligned across its articles.

use std::collections::BTreeSet;

use foldhash::HashMap;

use super::{join_best_first, source, Annotated};

use crate::claims::incident_families;
use crate::compare::{content_terms, content_terms_without_numbers, Terms};
use crate::model::{CharIndex, Claim, ClaimKind};
use crate::report::{ClaimEntry, ClaimGroup, ClaimStatus};
use crate::tokens::{stem, TermId};

/// Per claim, what alignment looks at.
struct ClaimKey {
    /// Article index within the story.
    article: usize,
    /// Stemmed head of the unit; `None` for a bare casualty figure ("killed
    /// 20"), which may count anyone.
    head: Option<String>,
    /// Content terms of its sentence and the one before, without numbers
    /// and the unit's own words.
    context: Terms,
    /// The same for its own sentence only.
    own: Terms,
    /// The window, lower-cased.
    window: Option<String>,
    /// The kinds of incident it belongs to ("attack" for "the attack near
    /// Aleppo").
    incident: BTreeSet<&'static str>,
}

/// Claims of every article, aligned across articles.
///
/// A figure repeated within one article is one claim with several sources.
/// Two claims of different articles may be about the same quantity when
/// they are of the same kind, count the same event ("killed", or none) and
/// the same thing (unit head; a bare "killed 20" fits any), and their
/// sentences (with the one before) share rare content words, weighted by
/// inverse sentence frequency within the story. Pairs whose values disagree
/// need twice the evidence: calling a conflict should take more than calling
/// agreement, and their own sentences (not only the ones before) must share
/// two words. Pairs are merged best first, at most one claim per article in
/// a group; a group's status then compares values, ranges and windows.
pub(super) fn story_claims(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    facts: &crate::compare::FactIndex,
) -> (Vec<ClaimEntry>, Vec<ClaimGroup>) {
    let mut df: HashMap<TermId, usize> = HashMap::default();
    for f in &facts.sentences {
        for t in f.terms.iter() {
            *df.entry(t).or_default() += 1;
        }
    }
    let n_sentences = facts.sentences.len() as f64;
    let weight = |t: TermId| {
        1.0 + ((n_sentences + 1.0) / (df.get(&t).copied().unwrap_or(0) as f64 + 1.0)).ln()
    };

    let mut claims: Vec<ClaimEntry> = Vec::new();
    let mut raw: Vec<Claim> = Vec::new();
    let mut keys: Vec<ClaimKey> = Vec::new();
    for (ai, a) in arts.iter().enumerate() {
        let text = a.article.text.as_str();
        for c in &a.claims {
            let src = source(a, &indexes[ai], c.span);
            let head = (c.unit != c.event.clone().unwrap_or_default()
                && !matches!(
                    c.unit.as_str(),
                    "killed"
                        | "dead"
                        | "died"
                        | "killing"
                        | "kills"
                        | "injured"
                        | "wounded"
                        | "arrested"
                ))
            .then(|| {
                let h = c.unit.rsplit(' ').next().unwrap_or(&c.unit).to_lowercase();
                stem(&h)
            });
            if let Some(same) = raw.iter().zip(&keys).position(|(r, k)| {
                k.article == ai
                    && r.value == c.value
                    && r.kind == c.kind
                    && k.head == head
                    && r.vague == c.vague
            }) {
                claims[same].sources.push(src);
                continue;
            }
            let unit_terms = content_terms(&c.unit);
            // Sentences are in text order and do not overlap: the only one
            // that can hold the claim is the first that ends at or after it.
            let sentences = &a.doc.sentences;
            let k = sentences.partition_point(|s| s.span.end < c.span.end);
            let at = sentences.get(k).is_some_and(|s| s.span.contains(c.span));
            let mut context = Terms::default();
            let mut own = Terms::default();
            if at {
                for s in &sentences[k.saturating_sub(1)..=k] {
                    own = content_terms_without_numbers(s.span.slice(text));
                    context = context.union(&own);
                }
            }
            let (context, own) = (context.without(&unit_terms), own.without(&unit_terms));
            let window = c.window.map(|w| w.slice(text).to_string());
            keys.push(ClaimKey {
                article: ai,
                head,
                context,
                own,
                window: window
                    .as_ref()
                    .map(|w| w.to_lowercase().trim_start_matches("the ").to_string()),
                incident: c
                    .incident
                    .map(|i| incident_families(i.slice(text)))
                    .unwrap_or_default(),
            });
            claims.push(ClaimEntry {
                text: c.span.slice(text).to_string(),
                value: (!c.vague).then_some(c.value),
                unit: c.unit.clone(),
                attributed_to: c.attributed_to.clone(),
                sources: vec![src],
                kind: c.kind,
                approximate: c.approximate,
                qualifier: c.qualifier.clone(),
                range: c.range,
                event: c.event.clone(),
                window,
                date: c.date.clone(),
                incident: c.incident.map(|i| i.slice(text).to_string()),
            });
            raw.push(c.clone());
        }
    }

    // Candidate pairs, best first.
    let mut pairs: Vec<(bool, f64, usize, usize)> = Vec::new();
    for i in 0..keys.len() {
        for j in i + 1..keys.len() {
            let (ki, kj) = (&keys[i], &keys[j]);
            let (ci, cj) = (&raw[i], &raw[j]);
            if ki.article == kj.article || ci.kind != cj.kind || ci.event != cj.event {
                continue;
            }
            let same_thing = match (&ki.head, &kj.head) {
                (Some(x), Some(y)) => x == y && (ci.kind != ClaimKind::Money || ci.unit == cj.unit),
                _ => ci.event.is_some(),
            };
            if !same_thing {
                continue;
            }
            // Two named incidents or budget items must be the same one.
            let both_named = !ki.incident.is_empty() && !kj.incident.is_empty();
            let same_incident = ki.incident.intersection(&kj.incident).next().is_some();
            if both_named && !same_incident {
                continue;
            }
            let shared: Vec<TermId> = ki.context.common(&kj.context).collect();
            let score: f64 = shared.iter().map(|&t| weight(t)).sum();
            let consistent = consistent(ci, cj);
            let (need_terms, need_score) = if consistent { (2, 4.0) } else { (4, 10.0) };
            // A conflict also needs the two sentences themselves to be about the same thing.
            let own_shared = ki.own.shared(&kj.own);
            // Sums of money and shares are about anything: the figures'
            // own sentences, or their items, must be about the same thing.
            let generic = matches!(ci.kind, ClaimKind::Money | ClaimKind::Percent);
            let about_same = consistent && !generic || own_shared >= 2 || same_incident;
            if shared.len() >= need_terms && score >= need_score && about_same {
                pairs.push((consistent, score, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let articles: Vec<usize> = keys.iter().map(|k| k.article).collect();
    let groups = join_best_first(&articles, pairs.into_iter().map(|(_, _, i, j)| (i, j)));
    let claim_groups = groups
        .into_iter()
        .map(|members| {
            let status = group_status(
                &members
                    .iter()
                    .map(|&i| (&raw[i], &keys[i]))
                    .collect::<Vec<_>>(),
            );
            ClaimGroup {
                claims: members,
                status,
            }
        })
        .collect();
    (claims, claim_groups)
}

/// True when two claims can both be right: equal values, a value inside the
/// other's range, overlapping ranges, or a hedged value within a tenth.
fn consistent(a: &Claim, b: &Claim) -> bool {
    let bounds = |c: &Claim| -> (f64, f64) {
        match (c.vague, c.range) {
            (_, Some(r)) => (r.min.unwrap_or(f64::MIN), r.max.unwrap_or(f64::MAX)),
            (false, None) if c.approximate => (c.value * 0.9, c.value * 1.1),
            _ => (c.value, c.value),
        }
    };
    let (a0, a1) = bounds(a);
    let (b0, b1) = bounds(b);
    a0 <= b1 && b0 <= a1
}

/// The status of an aligned group of claims.
fn group_status(members: &[(&Claim, &ClaimKey)]) -> ClaimStatus {
    let articles: BTreeSet<usize> = members.iter().map(|(_, k)| k.article).collect();
    if articles.len() < 2 {
        return ClaimStatus::Single;
    }
    let exact_equal = members.iter().all(|(c, _)| !c.vague && !c.approximate)
        && members.iter().all(|(c, _)| c.value == members[0].0.value);
    if exact_equal {
        return ClaimStatus::Agree;
    }
    let windows: BTreeSet<&str> = members
        .iter()
        .filter_map(|(_, k)| k.window.as_deref())
        .collect();
    if windows.len() >= 2 {
        return ClaimStatus::DifferentWindow;
    }
    let all_consistent = members
        .iter()
        .enumerate()
        .all(|(i, (a, _))| members[i + 1..].iter().all(|(b, _)| consistent(a, b)));
    if all_consistent {
        ClaimStatus::Refinement
    } else {
        ClaimStatus::Conflict
    }
}
