//! Outlet comparison: which outlet carried which fact, and how high.

use std::collections::{BTreeMap, BTreeSet};

use super::{join_best_first, outlet_of, source, AnalyzeOptions, Annotated};

use crate::compare::{content_terms, same_fact, FactIndex, FactSentence, Terms};
use crate::model::{CharIndex, ParagraphKind, Span};
use crate::report::{
    ActorEntry, ClaimEntry, ClaimGroup, ClaimStatus, Fact, FactRow, FactTable, OutletEntry,
    Position, QuoteEntry, QuotedCount, SourceRef,
};

/// Spans known to carry the same content: (is a quote, [(article index,
/// code-point start, end)]).
type Link = (bool, Vec<(usize, usize, usize)>);

/// Sentences carrying the same fact across articles, joined into clusters.
struct FactClusters {
    /// Per cluster, its sentences (indices into `FactIndex::sentences`).
    members: Vec<Vec<usize>>,
    /// Per sentence, the other articles a link ties it to (the same quote
    /// or figure), whether or not it joined their cluster.
    linked: Vec<BTreeSet<usize>>,
}

/// Joins each sentence with its best match in every other article that
/// carries its fact.
///
/// `links` join sentences the word overlap misses: each is a set of spans
/// (article index, code-point start and end) that carry the same quote or
/// the same figure, and the sentences holding them carry the same fact. A
/// quote link (`true`) holds only when the two sentences also share two
/// content words outside names (no capital letter): the same speaker naming
/// the same people is not the same statement.
///
/// Pairs are joined best first (links, then most shared words), and never
/// so that a cluster holds two sentences of one article: chains of partial
/// matches would otherwise join unrelated sentences through a third.
fn cluster_facts(
    facts: &FactIndex,
    indexes: &[CharIndex],
    texts: &[&str],
    links: &[Link],
) -> FactClusters {
    let n = facts.sentences.len();
    // (strength, i, j): links first, then by shared content words.
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    let mut by_article: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in facts.sentences.iter().enumerate() {
        by_article.entry(f.article).or_default().push(i);
    }
    for i in 0..n {
        let si = &facts.sentences[i];
        for other in facts.carried_by[i].iter().filter(|&&a| a != si.article) {
            let best = by_article
                .get(other)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&j| same_fact(&si.terms, &facts.sentences[j].terms))
                .max_by_key(|&j| si.terms.shared(&facts.sentences[j].terms));
            if let Some(j) = best {
                let shared = si.terms.shared(&facts.sentences[j].terms);
                pairs.push((shared, i.min(j), i.max(j)));
            }
        }
    }
    let char_spans: Vec<(usize, usize)> = facts
        .sentences
        .iter()
        .map(|f| indexes[f.article].span(f.span))
        .collect();
    let plain_terms = |i: usize| -> Terms {
        let f = &facts.sentences[i];
        let lower: Vec<&str> = f
            .span
            .slice(texts[f.article])
            .split_whitespace()
            .filter(|w| !w.contains(char::is_uppercase))
            .collect();
        content_terms(&lower.join(" "))
    };
    let mut linked: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for (is_quote, link) in links {
        let held: Vec<usize> = link
            .iter()
            .filter_map(|&(article, start, end)| {
                (0..n).find(|&i| {
                    facts.sentences[i].article == article
                        && char_spans[i].0 <= start
                        && end <= char_spans[i].1
                })
            })
            .collect();
        for (k, &a) in held.iter().enumerate() {
            for &b in &held[k + 1..] {
                let (x, y) = (&facts.sentences[a], &facts.sentences[b]);
                if x.article == y.article || *is_quote && plain_terms(a).shared(&plain_terms(b)) < 2
                {
                    continue;
                }
                linked[a].insert(y.article);
                linked[b].insert(x.article);
                pairs.push((usize::MAX, a.min(b), a.max(b)));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    pairs.dedup_by_key(|p| (p.1, p.2));

    let articles: Vec<usize> = facts.sentences.iter().map(|f| f.article).collect();
    let members = join_best_first(&articles, pairs.into_iter().map(|(_, i, j)| (i, j)));
    FactClusters { members, linked }
}

/// How high sentence `span` sits in article `a`.
fn position(a: &Annotated, span: Span) -> Position {
    let body: Vec<&crate::model::Paragraph> = a
        .doc
        .paragraphs
        .iter()
        .filter(|p| p.kind != ParagraphKind::Heading)
        .collect();
    let paragraph = body.iter().take_while(|p| p.span.end <= span.start).count() + 1;
    let (first, last) = (
        body.first().map_or(0, |p| p.span.start),
        body.last().map_or(1, |p| p.span.end),
    );
    let fraction =
        span.start.saturating_sub(first) as f64 / (last.saturating_sub(first)).max(1) as f64;
    Position {
        paragraph: paragraph.min(body.len().max(1)),
        fraction: (fraction * 100.0).round() / 100.0,
    }
}

/// One article's claim and quote spans, sorted, so that a sentence's
/// figures and quotes are found by binary search rather than a scan.
struct Marks {
    /// Claim spans by start.
    claims: Vec<Span>,
    /// Quote spans by start, with the largest end up to each.
    quotes: Vec<(Span, usize)>,
}

impl Marks {
    fn new(a: &Annotated) -> Self {
        let mut claims: Vec<Span> = a.claims.iter().map(|c| c.span).collect();
        claims.sort_unstable();
        let mut spans: Vec<Span> = a.quotes.iter().map(|q| q.span).collect();
        spans.sort_unstable();
        let mut max_end = 0;
        let quotes = spans
            .into_iter()
            .map(|s| {
                max_end = max_end.max(s.end);
                (s, max_end)
            })
            .collect();
        Marks { claims, quotes }
    }

    /// How much a sentence says: its content words, plus its figures and
    /// quotes.
    fn salience(&self, f: &FactSentence) -> usize {
        let from = self.claims.partition_point(|c| c.start < f.span.start);
        let to = self.claims.partition_point(|c| c.start <= f.span.end);
        let claims = self.claims[from..to.max(from)]
            .iter()
            .filter(|c| f.span.contains(**c))
            .count();
        // A quote overlaps when it starts before the sentence ends and ends
        // after it starts (`Span::overlaps`).
        let before = self.quotes.partition_point(|(q, _)| q.start < f.span.end);
        let quoted = before > 0
            && self.quotes[before - 1].1 > f.span.start
            && self.quotes[..before]
                .iter()
                .rev()
                .take_while(|(_, max_end)| *max_end > f.span.start)
                .any(|(q, _)| q.overlaps(f.span));
        f.terms.len() + 4 * claims + 3 * usize::from(quoted)
    }
}

/// The member of a cluster that best stands for it: the one sharing most
/// words with the others, the shorter on ties.
fn representative(facts: &FactIndex, members: &[usize]) -> usize {
    members
        .iter()
        .copied()
        .max_by_key(|&i| {
            let shared: usize = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| facts.sentences[i].terms.shared(&facts.sentences[j].terms))
                .sum();
            (shared, std::cmp::Reverse(facts.sentences[i].span.len()))
        })
        .unwrap_or(members[0])
}

/// Per outlet: unique and omitted facts, whom it quoted; and the outlet ×
/// fact table.
pub(super) fn outlet_entries(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    facts: &FactIndex,
    quotes: &[QuoteEntry],
    actors: &[ActorEntry],
    claims: (&[ClaimEntry], &[ClaimGroup]),
    options: &AnalyzeOptions,
) -> (Vec<OutletEntry>, FactTable) {
    let mut outlets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, a) in arts.iter().enumerate() {
        outlets.entry(outlet_of(a)).or_default().push(i);
    }
    let outlet_of_article: Vec<String> = arts.iter().map(|a| outlet_of(a)).collect();
    let article_index = |id: &str| arts.iter().position(|a| a.article.id.0 == id);
    let to_link = |sources: &mut dyn Iterator<Item = &SourceRef>| -> Vec<(usize, usize, usize)> {
        sources
            .filter_map(|s| article_index(&s.article).map(|a| (a, s.start, s.end)))
            .collect()
    };
    let mut links: Vec<Link> = quotes
        .iter()
        .filter(|q| q.sources.len() >= 2)
        .map(|q| (true, to_link(&mut q.sources.iter())))
        .collect();
    let (claim_entries, claim_groups) = claims;
    links.extend(
        claim_groups
            .iter()
            .filter(|g| matches!(g.status, ClaimStatus::Agree | ClaimStatus::Refinement))
            .map(|g| {
                (
                    false,
                    to_link(&mut g.claims.iter().flat_map(|&i| &claim_entries[i].sources)),
                )
            }),
    );
    let texts: Vec<&str> = arts.iter().map(|a| a.article.text.as_str()).collect();
    let clusters = cluster_facts(facts, indexes, &texts, &links);
    let cluster_outlets: Vec<BTreeSet<&str>> = clusters
        .members
        .iter()
        .map(|m| {
            m.iter()
                .map(|&i| outlet_of_article[facts.sentences[i].article].as_str())
                .collect()
        })
        .collect();
    let worth = |i: usize| facts.sentences[i].terms.len() >= 5;
    let marks: Vec<Marks> = arts.iter().map(|a| Marks::new(a)).collect();
    let n_outlets = outlets.len();
    let names: Vec<&String> = outlets.keys().collect();

    let mut uniques: Vec<Vec<usize>> = Vec::new();
    let entries = outlets
        .iter()
        .map(|(name, members)| {
            // Only here: clusters carried by this outlet alone, most informative first.
            let mut unique: Vec<usize> = clusters
                .members
                .iter()
                .zip(&cluster_outlets)
                .filter(|(m, by)| by.len() == 1 && by.contains(name.as_str()) && worth(m[0]))
                // A repeat within its article may be left out of the cluster
                // that other outlets share: the index and links still know.
                .filter(|(m, _)| {
                    facts.carried_by[m[0]]
                        .iter()
                        .chain(&clusters.linked[m[0]])
                        .all(|&a| outlet_of_article[a] == *name)
                })
                .map(|(m, _)| m[0])
                .collect();
            unique.sort_by_cached_key(|&i| {
                let f = &facts.sentences[i];
                std::cmp::Reverse(marks[f.article].salience(f))
            });
            unique.truncate(options.facts_per_outlet);
            unique.sort_unstable();
            uniques.push(unique.clone());
            let unique_facts = unique
                .iter()
                .map(|&i| fact(arts, indexes, facts, &[i], i, (claim_entries, quotes)))
                .collect();
            // Left out: carried by most other outlets (at least two) but not this one.
            let others = n_outlets - 1;
            let mut omitted: Vec<usize> = (0..clusters.members.len())
                .filter(|&c| {
                    let by = &cluster_outlets[c];
                    !by.contains(name.as_str())
                        && by.len() >= 2
                        && by.len() * 2 > others
                        && clusters.members[c].iter().any(|&i| worth(i))
                })
                .collect();
            omitted.sort_by_key(|&c| std::cmp::Reverse(cluster_outlets[c].len()));
            let omitted_facts = omitted
                .iter()
                .take(options.facts_per_outlet)
                .map(|&c| {
                    let m = &clusters.members[c];
                    fact(
                        arts,
                        indexes,
                        facts,
                        m,
                        representative(facts, m),
                        (claim_entries, quotes),
                    )
                })
                .collect();
            let mut quoted: BTreeMap<&str, usize> = BTreeMap::new();
            for q in quotes {
                let here = q
                    .sources
                    .iter()
                    .filter(|s| members.iter().any(|&m| arts[m].article.id.0 == s.article))
                    .count();
                if let (true, Some(actor)) = (here > 0, &q.actor) {
                    *quoted.entry(actor.as_str()).or_default() += here;
                }
            }
            let group_outlets = |g: &ClaimGroup| {
                outlets_of(
                    g.claims.iter().flat_map(|&c| &claim_entries[c].sources),
                    arts,
                    &outlet_of_article,
                )
            };
            let unique_claims = claim_groups
                .iter()
                .filter(|g| group_outlets(g) == BTreeSet::from([name.as_str()]))
                .flat_map(|g| g.claims.iter().copied())
                .collect();
            let omitted_claims = claim_groups
                .iter()
                .filter(|g| {
                    let by = group_outlets(g);
                    !by.contains(name.as_str()) && by.len() >= 2 && by.len() * 2 > others
                })
                .filter_map(|g| g.claims.first().copied())
                .collect();
            let unique_quotes = (0..quotes.len())
                .filter(|&q| {
                    outlets_of(&quotes[q].sources, arts, &outlet_of_article)
                        == BTreeSet::from([name.as_str()])
                })
                .collect();
            let mut quoted: Vec<(&str, usize)> = quoted.into_iter().collect();
            quoted.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            OutletEntry {
                outlet: name.clone(),
                articles: members
                    .iter()
                    .map(|&m| arts[m].article.id.0.clone())
                    .collect(),
                unique_facts,
                omitted_facts,
                unique_claims,
                omitted_claims,
                unique_quotes,
                quoted: quoted.iter().map(|(a, _)| a.to_string()).collect(),
                quoted_counts: quoted
                    .iter()
                    .map(|(a, n)| QuotedCount {
                        actor: a.to_string(),
                        name: actors
                            .iter()
                            .find(|e| e.id == *a)
                            .map_or_else(|| a.to_string(), |e| e.name.clone()),
                        quotes: *n,
                    })
                    .collect(),
            }
        })
        .collect();

    // The table: shared facts (most outlets first, then highest), then each outlet's own.
    let mut shared: Vec<usize> = (0..clusters.members.len())
        .filter(|&c| cluster_outlets[c].len() >= 2 && clusters.members[c].iter().any(|&i| worth(i)))
        .collect();
    let top = |c: usize| {
        clusters.members[c]
            .iter()
            .map(|&i| position(arts[facts.sentences[i].article], facts.sentences[i].span).fraction)
            .fold(f64::MAX, f64::min)
    };
    shared.sort_by(|&x, &y| {
        cluster_outlets[y]
            .len()
            .cmp(&cluster_outlets[x].len())
            .then(top(x).total_cmp(&top(y)))
    });
    shared.truncate(options.facts_per_outlet * 4);
    let mut rows: Vec<FactRow> = Vec::new();
    let mut row = |members: &[usize], shown: usize| {
        let f = fact(
            arts,
            indexes,
            facts,
            members,
            shown,
            (claim_entries, quotes),
        );
        let cells = names
            .iter()
            .map(|name| {
                members
                    .iter()
                    .filter(|&&i| outlet_of_article[facts.sentences[i].article] == **name)
                    .map(|&i| position(arts[facts.sentences[i].article], facts.sentences[i].span))
                    .min_by(|a, b| a.fraction.total_cmp(&b.fraction))
            })
            .collect();
        rows.push(FactRow {
            text: f.text,
            sources: f.sources,
            cells,
            claims: f.claims,
            quotes: f.quotes,
        });
    };
    for &c in &shared {
        let m = &clusters.members[c];
        row(m, representative(facts, m));
    }
    for unique in &uniques {
        for &i in unique {
            row(&[i], i);
        }
    }
    let table = FactTable {
        outlets: names.iter().map(|n| n.to_string()).collect(),
        rows,
    };
    (entries, table)
}

/// A fact from sentences `group`; `shown` gives its text.
fn fact(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    facts: &FactIndex,
    group: &[usize],
    shown: usize,
    carried: (&[ClaimEntry], &[QuoteEntry]),
) -> Fact {
    let first = &facts.sentences[shown];
    let mut order: Vec<usize> = group.to_vec();
    order.sort_by_key(|&i| (i != shown, i));
    let sources: Vec<SourceRef> = order
        .iter()
        .map(|&i| {
            let s = &facts.sentences[i];
            source(arts[s.article], &indexes[s.article], s.span)
        })
        .collect();
    let (claims, quotes) = carried;
    let overlaps = |x: &SourceRef| {
        sources
            .iter()
            .any(|f| f.article == x.article && x.start < f.end && f.start < x.end)
    };
    Fact {
        text: first
            .span
            .slice(&arts[first.article].article.text)
            .to_string(),
        positions: order
            .iter()
            .map(|&i| position(arts[facts.sentences[i].article], facts.sentences[i].span))
            .collect(),
        claims: (0..claims.len())
            .filter(|&c| claims[c].sources.iter().any(overlaps))
            .collect(),
        quotes: (0..quotes.len())
            .filter(|&q| quotes[q].sources.iter().any(overlaps))
            .collect(),
        sources,
    }
}

/// The outlets whose articles `sources` come from.
fn outlets_of<'a>(
    sources: impl IntoIterator<Item = &'a SourceRef>,
    arts: &[&Annotated],
    outlet_of_article: &'a [String],
) -> BTreeSet<&'a str> {
    sources
        .into_iter()
        .filter_map(|s| arts.iter().position(|a| a.article.id.0 == s.article))
        .map(|i| outlet_of_article[i].as_str())
        .collect()
}
