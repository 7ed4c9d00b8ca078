//! The whole pipeline over a set of articles: clean, annotate, group into
//! stories, then summarise and compare each story.
//!
//! [`annotate`] works on one article and is what a driver runs in parallel;
//! [`assemble`] groups the annotated articles into stories and builds the
//! [`Report`]'s story sections.

use std::collections::{BTreeMap, BTreeSet};

use crate::actors::{self, StoryActor};
use crate::claims::find_claims;
use crate::clean::{clean, mark_repeated};
use crate::compare::{content_terms, index_facts, same_fact};
use crate::model::{
    StoryId,
    Actor, Article, CharIndex, Claim, ClaimKind, Document, ParagraphKind, Quote, Span,
};
use crate::quotes::find_quotes;
use crate::report::{
    ActorEntry, ArticleEntry, ClaimEntry, ClaimGroup, ClaimStatus, Fact, FactRow, FactTable,
    OutletEntry, Position, QuoteEntry, QuotedCount, Report, SourceRef, StoryReport, SummaryLine,
};
use crate::stories::StoryClusterer;
use crate::summarize::{summarize, SummaryOptions};

/// Settings of an analysis.
#[derive(Clone, Debug)]
pub struct AnalyzeOptions {
    /// Word budget of each story's summary.
    pub summary_words: usize,
    /// At most this many unique / omitted facts listed per outlet.
    pub facts_per_outlet: usize,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            summary_words: 150,
            facts_per_outlet: 8,
        }
    }
}

/// One article with everything found in it.
#[derive(Clone, Debug)]
pub struct Annotated {
    /// The article.
    pub article: Article,
    /// Its kept paragraphs and sentences.
    pub doc: Document,
    /// Its actors.
    pub actors: Vec<Actor>,
    /// Its quotes.
    pub quotes: Vec<Quote>,
    /// Its claims.
    pub claims: Vec<Claim>,
}

/// Cleans every article, then drops blocks repeated across articles of the
/// same outlet (its boilerplate).
pub fn clean_all(articles: &[Article]) -> Vec<Document> {
    let mut docs: Vec<Document> = articles.iter().map(|a| clean(&a.text)).collect();
    let mut by_outlet: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(outlet) = &a.outlet {
            by_outlet.entry(outlet).or_default().push(i);
        }
    }
    for members in by_outlet.values().filter(|m| m.len() >= 2) {
        let mut group: Vec<(&str, Document)> = members
            .iter()
            .map(|&i| (articles[i].text.as_str(), std::mem::take(&mut docs[i])))
            .collect();
        let mut refs: Vec<(&str, &mut Document)> = group.iter_mut().map(|(t, d)| (*t, d)).collect();
        mark_repeated(&mut refs);
        for (&i, (_, doc)) in members.iter().zip(group) {
            docs[i] = doc;
        }
    }
    docs
}

/// Cleans and annotates articles one after another (a driver that wants
/// parallelism calls [`clean_all`] and [`annotate`] itself).
pub fn annotate_all(articles: Vec<Article>) -> Vec<Annotated> {
    let docs = clean_all(&articles);
    articles
        .into_iter()
        .zip(docs)
        .map(|(a, d)| annotate(a, d))
        .collect()
}

/// Finds actors, quotes and claims of one cleaned article.
pub fn annotate(article: Article, doc: Document) -> Annotated {
    let text = article.text.as_str();
    let actors = actors::find_actors(text, &doc);
    let quotes = find_quotes(text, &doc);
    let claims = find_claims(text, &doc);
    Annotated {
        article,
        doc,
        actors,
        quotes,
        claims,
    }
}

/// The story of each article, in input order. Articles that came in one
/// input cluster (a JSONL cluster line) form one story, `c-` and the
/// cluster's id, as the input says; the others are clustered online.
pub fn story_assignments<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Vec<StoryId> {
    let mut clusterer = StoryClusterer::new();
    let mut given = Vec::new();
    for a in articles {
        match &a.cluster {
            Some(c) => given.push(Some(StoryId(format!("c-{c}")))),
            None => {
                clusterer.add(a);
                given.push(None);
            }
        }
    }
    let mut online = clusterer.finish().into_iter().map(|(_, story)| story);
    given
        .into_iter()
        .map(|g| {
            g.or_else(|| online.next())
                .expect("the clusterer assigns every article it was given")
        })
        .collect()
}

/// Groups annotated articles into stories and builds the report.
pub fn assemble(annotated: &[Annotated], options: &AnalyzeOptions) -> Report {
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, story) in story_assignments(annotated.iter().map(|a| &a.article))
        .into_iter()
        .enumerate()
    {
        members.entry(story.0).or_default().push(i);
    }
    let mut groups: Vec<(String, Vec<usize>)> = members.into_iter().collect();
    groups.sort_by_key(|(_, m)| (std::cmp::Reverse(m.len()), m[0]));
    let stories = groups
        .iter()
        .map(|(id, m)| {
            let arts: Vec<&Annotated> = m.iter().map(|&i| &annotated[i]).collect();
            story_report(id, &arts, options)
        })
        .collect();
    Report {
        articles: annotated
            .iter()
            .map(|a| ArticleEntry {
                id: a.article.id.0.clone(),
                path: a.article.path.clone(),
                outlet: a.article.outlet.clone(),
                title: a.article.title.clone(),
                date: a.article.date.clone(),
                url: a.article.url.clone(),
                text: a.article.text.clone(),
            })
            .collect(),
        skipped: Vec::new(),
        stories,
    }
}

/// Code-point source reference of a byte span in article `a`.
fn source(a: &Annotated, index: &CharIndex, span: Span) -> SourceRef {
    let (start, end) = index.span(span);
    SourceRef {
        article: a.article.id.0.clone(),
        start,
        end,
    }
}

/// The label an outlet goes by: its name, else the article id.
fn outlet_of(a: &Annotated) -> String {
    a.article
        .outlet
        .clone()
        .unwrap_or_else(|| a.article.id.0.clone())
}

/// The report of one story whose articles are already grouped: what
/// [`assemble`] builds for each cluster. A store that keeps the grouping
/// itself calls this to rebuild only the stories that changed.
pub fn story_report(id: &str, arts: &[&Annotated], options: &AnalyzeOptions) -> StoryReport {
    let indexes: Vec<CharIndex> = arts
        .iter()
        .map(|a| CharIndex::new(&a.article.text))
        .collect();

    let facts = index_facts(
        &arts
            .iter()
            .map(|a| {
                (
                    a.article.text.as_str(),
                    a.doc
                        .sentences
                        .iter()
                        .filter(|s| a.doc.paragraphs[s.paragraph].kind != ParagraphKind::Heading)
                        .map(|s| s.span)
                        .collect(),
                )
            })
            .collect::<Vec<_>>(),
    );

    let summary = story_summary(arts, &indexes, &facts, options);
    let story_actors =
        actors::merge_story(&arts.iter().map(|a| a.actors.clone()).collect::<Vec<_>>());
    let actor_entries: Vec<ActorEntry> = story_actors
        .iter()
        .enumerate()
        .map(|(i, sa)| ActorEntry {
            id: format!("{id}-a{}", i + 1),
            name: sa.actor.name.clone(),
            kind: sa.actor.kind,
            roles: sa.actor.roles.clone(),
            aliases: sa.actor.aliases.clone(),
            mentions: sa.mention_count(),
        })
        .collect();
    let quotes = story_quotes(arts, &indexes, &story_actors, &actor_entries);
    let (claims, claim_groups) = story_claims(arts, &indexes, &facts);
    let (outlets, fact_table) = outlet_entries(
        arts,
        &indexes,
        &facts,
        &quotes,
        &actor_entries,
        (&claims, &claim_groups),
        options,
    );

    let title = arts
        .iter()
        .find_map(|a| a.article.title.clone())
        .or_else(|| summary.first().map(|s| s.text.clone()))
        .unwrap_or_else(|| id.to_string());
    StoryReport {
        id: id.to_string(),
        title,
        articles: arts.iter().map(|a| a.article.id.0.clone()).collect(),
        summary,
        actors: actor_entries,
        quotes,
        claims,
        claim_groups,
        outlets,
        fact_table,
    }
}

fn story_summary(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    facts: &crate::compare::FactIndex,
    options: &AnalyzeOptions,
) -> Vec<SummaryLine> {
    let docs: Vec<(&str, &Document)> = arts
        .iter()
        .map(|a| (a.article.text.as_str(), &a.doc))
        .collect();
    let chosen = summarize(
        &docs,
        &SummaryOptions {
            words: Some(options.summary_words),
            sentences: None,
        },
    );
    chosen
        .into_iter()
        .map(|s| {
            let mut sources = vec![source(arts[s.doc], &indexes[s.doc], s.span)];
            // For each supporting article, the sentence that carries the same fact.
            let own = facts
                .sentences
                .iter()
                .find(|f| f.article == s.doc && f.span.overlaps(s.span));
            for &other in s.support.iter().filter(|&&d| d != s.doc) {
                let best = own.and_then(|own| {
                    facts
                        .sentences
                        .iter()
                        .filter(|f| f.article == other)
                        .max_by_key(|f| f.terms.intersection(&own.terms).count())
                });
                if let Some(f) = best {
                    sources.push(source(arts[other], &indexes[other], f.span));
                }
            }
            SummaryLine {
                text: s.text,
                sources,
            }
        })
        .collect()
}

/// The actor id whose name or alias the speaker string names.
fn actor_for(speaker: &str, actors: &[StoryActor], entries: &[ActorEntry]) -> Option<String> {
    actors
        .iter()
        .position(|sa| {
            sa.actor.name == speaker
                || sa.actor.aliases.iter().any(|a| a == speaker)
                || (!speaker.contains(' ') && sa.actor.name.ends_with(&format!(" {speaker}")))
        })
        .map(|i| entries[i].id.clone())
}

fn story_quotes(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    actors: &[StoryActor],
    entries: &[ActorEntry],
) -> Vec<QuoteEntry> {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut out: Vec<(QuoteEntry, BTreeSet<String>)> = Vec::new();
    for (ai, a) in arts.iter().enumerate() {
        for q in &a.quotes {
            let text = &a.article.text;
            let quote_text: String = if q.segments.is_empty() {
                q.span.slice(text).to_string()
            } else {
                q.segments
                    .iter()
                    .map(|s| s.slice(text))
                    .collect::<Vec<_>>()
                    .join(" … ")
            };
            let terms = content_terms(&stemmer, &quote_text);
            let src = source(a, &indexes[ai], q.span);
            let actor = q
                .speaker
                .as_deref()
                .and_then(|s| actor_for(s, actors, entries));
            // The same quote carried by another article becomes one quote with two sources.
            let same_speaker = |e: &QuoteEntry| match (&e.actor, &actor) {
                (Some(x), Some(y)) => x == y,
                _ => e.speaker == q.speaker,
            };
            if let Some((entry, _)) = out.iter_mut().find(|(e, t)| {
                e.sources.iter().all(|s| s.article != src.article)
                    && same_speaker(e)
                    && same_fact(t, &terms)
            }) {
                entry.sources.push(src);
                continue;
            }
            out.push((
                QuoteEntry {
                    text: quote_text,
                    kind: q.kind,
                    cue: q.cue.clone(),
                    venue: q.venue.clone(),
                    actor,
                    speaker: q.speaker.clone(),
                    sources: vec![src],
                },
                terms,
            ));
        }
    }
    out.into_iter().map(|(e, _)| e).collect()
}

/// Per claim, what alignment looks at.
struct ClaimKey {
    /// Article index within the story.
    article: usize,
    /// Stemmed head of the unit; `None` for a bare casualty figure ("killed
    /// 20"), which may count anyone.
    head: Option<String>,
    /// Content terms of its sentence and the one before, without numbers
    /// and the unit's own words.
    context: BTreeSet<String>,
    /// The same for its own sentence only.
    own: BTreeSet<String>,
    /// The window, lower-cased.
    window: Option<String>,
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
fn story_claims(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    facts: &crate::compare::FactIndex,
) -> (Vec<ClaimEntry>, Vec<ClaimGroup>) {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &facts.sentences {
        for t in &f.terms {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let n_sentences = facts.sentences.len() as f64;
    let weight =
        |t: &str| 1.0 + ((n_sentences + 1.0) / (df.get(t).copied().unwrap_or(0) as f64 + 1.0)).ln();

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
                stemmer.stem(&h).into_owned()
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
            let unit_terms = content_terms(&stemmer, &c.unit);
            let at = a.doc.sentences.iter().position(|s| s.span.contains(c.span));
            let mut context = BTreeSet::new();
            let mut own = BTreeSet::new();
            if let Some(k) = at {
                for s in &a.doc.sentences[k.saturating_sub(1)..=k] {
                    own = content_terms(&stemmer, s.span.slice(text));
                    context.extend(own.iter().cloned());
                }
            }
            let keep = |terms: &BTreeSet<String>| -> BTreeSet<String> {
                terms
                    .difference(&unit_terms)
                    .filter(|t| {
                        !t.chars()
                            .all(|ch| ch.is_ascii_digit() || ch == ',' || ch == '.')
                    })
                    .cloned()
                    .collect()
            };
            let (context, own) = (keep(&context), keep(&own));
            let window = c.window.map(|w| w.slice(text).to_string());
            keys.push(ClaimKey {
                article: ai,
                head,
                context,
                own,
                window: window
                    .as_ref()
                    .map(|w| w.to_lowercase().trim_start_matches("the ").to_string()),
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
            let shared: Vec<&String> = ki.context.intersection(&kj.context).collect();
            let score: f64 = shared.iter().map(|t| weight(t)).sum();
            let consistent = consistent(ci, cj);
            let (need_terms, need_score) = if consistent { (2, 4.0) } else { (4, 10.0) };
            // A conflict also needs the two sentences themselves to be about the same thing.
            let own_shared = ki.own.intersection(&kj.own).count();
            if shared.len() >= need_terms && score >= need_score && (consistent || own_shared >= 2)
            {
                pairs.push((consistent, score, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let mut group_of: Vec<usize> = (0..keys.len()).collect();
    let mut groups: Vec<Vec<usize>> = (0..keys.len()).map(|i| vec![i]).collect();
    for (_, _, i, j) in pairs {
        let (gi, gj) = (group_of[i], group_of[j]);
        if gi == gj {
            continue;
        }
        let clash = groups[gi].iter().any(|&x| {
            groups[gj]
                .iter()
                .any(|&y| keys[x].article == keys[y].article)
        });
        if clash {
            continue;
        }
        let moved = std::mem::take(&mut groups[gj]);
        for &m in &moved {
            group_of[m] = gi;
        }
        groups[gi].extend(moved);
    }
    let claim_groups = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|mut members| {
            members.sort_unstable();
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

/// Spans known to carry the same content: (is a quote, [(article index,
/// code-point start, end)]).
type Link = (bool, Vec<(usize, usize, usize)>);

/// Sentences carrying the same fact across articles, joined into clusters.
struct FactClusters {
    /// Per cluster, its sentences (indices into `FactIndex::sentences`).
    members: Vec<Vec<usize>>,
}

/// Joins each sentence with its best match in every other article that
/// carries its fact.
///
/// `links` join sentences the word overlap misses: each is a set of spans
/// (article index, code-point start and end) that carry the same quote or
/// the same figure, and the sentences holding them carry the same fact. A
/// quote link (`true`) holds only when the two sentences also share two
/// content words outside names (no capital letter): the same speaker naming the same people is
/// not the same statement.
fn cluster_facts(
    facts: &crate::compare::FactIndex,
    indexes: &[CharIndex],
    texts: &[&str],
    links: &[Link],
) -> FactClusters {
    let n = facts.sentences.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
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
                .max_by_key(|&j| si.terms.intersection(&facts.sentences[j].terms).count());
            if let Some(j) = best {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let char_spans: Vec<(usize, usize)> = facts
        .sentences
        .iter()
        .map(|f| indexes[f.article].span(f.span))
        .collect();
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let plain_terms = |i: usize| -> BTreeSet<String> {
        let f = &facts.sentences[i];
        let lower: Vec<&str> = f
            .span
            .slice(texts[f.article])
            .split_whitespace()
            .filter(|w| !w.contains(char::is_uppercase))
            .collect();
        content_terms(&stemmer, &lower.join(" "))
    };
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
        for w in held.windows(2) {
            if *is_quote && plain_terms(w[0]).intersection(&plain_terms(w[1])).count() < 2 {
                continue;
            }
            let (ri, rj) = (root(&mut parent, w[0]), root(&mut parent, w[1]));
            parent[ri] = rj;
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        members.entry(r).or_default().push(i);
    }
    let mut members: Vec<Vec<usize>> = members.into_values().collect();
    members.sort_by_key(|m| m[0]);
    FactClusters { members }
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

/// How much a sentence says: its content words, plus its figures and quotes.
fn salience(a: &Annotated, f: &crate::compare::FactSentence) -> usize {
    let claims = a.claims.iter().filter(|c| f.span.contains(c.span)).count();
    let quotes = a.quotes.iter().filter(|q| q.span.overlaps(f.span)).count();
    f.terms.len() + 4 * claims + 3 * quotes.min(1)
}

/// The member of a cluster that best stands for it: the one sharing most
/// words with the others, the shorter on ties.
fn representative(facts: &crate::compare::FactIndex, members: &[usize]) -> usize {
    members
        .iter()
        .copied()
        .max_by_key(|&i| {
            let shared: usize = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| {
                    facts.sentences[i]
                        .terms
                        .intersection(&facts.sentences[j].terms)
                        .count()
                })
                .sum();
            (shared, std::cmp::Reverse(facts.sentences[i].span.len()))
        })
        .unwrap_or(members[0])
}

/// Per outlet: unique and omitted facts, whom it quoted; and the outlet ×
/// fact table.
fn outlet_entries(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    facts: &crate::compare::FactIndex,
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
                .map(|(m, _)| m[0])
                .collect();
            unique.sort_by_key(|&i| {
                std::cmp::Reverse(salience(
                    arts[facts.sentences[i].article],
                    &facts.sentences[i],
                ))
            });
            unique.truncate(options.facts_per_outlet);
            unique.sort_unstable();
            uniques.push(unique.clone());
            let unique_facts = unique
                .iter()
                .map(|&i| fact(arts, indexes, facts, &[i], i))
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
                    fact(arts, indexes, facts, m, representative(facts, m))
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
        let f = fact(arts, indexes, facts, members, shown);
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
    facts: &crate::compare::FactIndex,
    group: &[usize],
    shown: usize,
) -> Fact {
    let first = &facts.sentences[shown];
    let mut order: Vec<usize> = group.to_vec();
    order.sort_by_key(|&i| (i != shown, i));
    Fact {
        text: first
            .span
            .slice(&arts[first.article].article.text)
            .to_string(),
        sources: order
            .iter()
            .map(|&i| {
                let s = &facts.sentences[i];
                source(arts[s.article], &indexes[s.article], s.span)
            })
            .collect(),
        positions: order
            .iter()
            .map(|&i| position(arts[facts.sentences[i].article], facts.sentences[i].span))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleId;
    use crate::testutil::seed;

    /// The three seeds as one analysis.
    fn seeds() -> Option<Report> {
        let names = [
            "000_dd91db12d2c4c90d.txt",
            "003_623325d71c16a6fc.txt",
            "004_474c5a378a245884.txt",
        ];
        let articles: Vec<Article> = names
            .iter()
            .map(|n| {
                seed(n).map(|text| Article {
                    id: ArticleId(n[..3].to_string()),
                    text,
                    ..Article::default()
                })
            })
            .collect::<Option<_>>()?;
        Some(assemble(
            &annotate_all(articles),
            &AnalyzeOptions::default(),
        ))
    }

    #[test]
    fn seed_claims_align_and_outlets_compare() {
        let Some(report) = seeds() else { return };
        assert_eq!(report.stories.len(), 1);
        let story = &report.stories[0];
        let claim = |text: &str, article: &str| {
            story
                .claims
                .iter()
                .position(|c| c.text == text && c.sources[0].article == article)
                .unwrap_or_else(|| panic!("no claim {text:?} in {article}"))
        };
        // ITV's "20 aid workers" (dead) and The Sun's "killed 20" are one figure.
        let itv20 = claim("20 aid workers", "000");
        let sun20 = claim("20", "003");
        let group = story
            .claim_groups
            .iter()
            .find(|g| g.claims.contains(&itv20))
            .expect("grouped");
        assert!(group.claims.contains(&sun20), "{group:?}");
        assert_eq!(group.status, ClaimStatus::Agree);
        assert_eq!(story.claims[sun20].window.as_deref(), Some("last week"));
        // Windows and attribution.
        let strikes = &story.claims[claim("150 airstrikes", "003")];
        assert_eq!(strikes.window.as_deref(), Some("72 hours"));
        let dead = &story.claims[claim("213 civilians", "003")];
        assert_eq!(
            dead.attributed_to.as_deref(),
            Some("Syrian Observatory for Human Rights")
        );
        assert_eq!(
            dead.window.as_deref(),
            Some("since the ceasefire collapsed")
        );
        assert_eq!(dead.event.as_deref(), Some("killed"));
        // The convoy's one dead civilian is not the city's 213: no made-up conflict.
        let one = claim("one civilian", "000");
        let g213 = claim("213 civilians", "003");
        assert!(story
            .claim_groups
            .iter()
            .all(|g| !(g.claims.contains(&one) && g.claims.contains(&g213))));
        // "dozens" is vague: no value, a range, flagged.
        let dozens = &story.claims[claim("dozens of people", "003")];
        assert!(dozens.value.is_none() && dozens.approximate);
        // No idioms or pronoun "one".
        assert!(story
            .claims
            .iter()
            .all(|c| !c.text.contains("fingers") && c.text != "one thing"));
        // "72 hours" is a window, not a claim of its own.
        assert!(story.claims.iter().all(|c| c.text != "72 hours"));

        let outlet = |id: &str| {
            story
                .outlets
                .iter()
                .find(|o| o.outlet == id)
                .expect("outlet")
        };
        let has = |facts: &[Fact], words: &str| facts.iter().any(|f| f.text.contains(words));
        // LabourList alone carries the US-led coalition casualties.
        assert!(has(&outlet("004").unique_facts, "US-led coalition bombing"));
        // The Sun alone carries the 150 airstrikes, the 213 dead and the napalm accusation.
        let sun = outlet("003");
        assert!(has(&sun.unique_facts, "150 airstrikes"));
        assert!(has(&sun.unique_facts, "213 civilians"));
        assert!(has(&sun.unique_facts, "dropping napalm"));
        // The 20 killed is shared by ITV and The Sun, so it is left out by LabourList only.
        assert!(!has(&sun.unique_facts, "killed 20"));
        assert!(has(&outlet("004").omitted_facts, "20 aid workers"));
        // The Sun leaves out the "pariah nation" warning ITV and LabourList carry.
        assert!(has(&sun.omitted_facts, "pariah nation"));
        // Only The Sun quotes Johnson defining a war crime.
        let defined = story
            .quotes
            .iter()
            .find(|q| q.text.contains("A war crime is defined"))
            .expect("quote");
        assert_eq!(defined.speaker.as_deref(), Some("Boris Johnson"));
        assert!(defined.sources.iter().all(|s| s.article == "003"));
        // Whom each outlet quoted, and how often.
        assert!(sun
            .quoted_counts
            .iter()
            .any(|q| q.name == "Boris Johnson" && q.quotes >= 3));
        assert!(outlet("004")
            .quoted_counts
            .iter()
            .any(|q| q.name == "Jeremy Corbyn"));
        // The table: the shared 20 killed sits higher in The Sun than in ITV.
        let table = &story.fact_table;
        assert_eq!(table.outlets, ["000", "003", "004"]);
        let row = table
            .rows
            .iter()
            .find(|r| r.text.contains("20 aid workers"))
            .expect("row");
        let (itv, sun, ll) = (
            row.cells[0].expect("ITV"),
            row.cells[1].expect("Sun"),
            row.cells[2],
        );
        assert!(sun.fraction < itv.fraction && ll.is_none());
    }

    #[test]
    fn refinement_and_different_window() {
        let make = |id: &str, text: &str| {
            let article = Article {
                id: ArticleId(id.to_string()),
                text: text.to_string(),
                ..Article::default()
            };
            let doc = clean(&article.text);
            annotate(article, doc)
        };
        let a = [
            make("a", "Government airstrikes on the rebel-held market in Idlib killed dozens of people, rescue workers said.\n\nShelling of the Idlib market hit 40 shops last week, the traders' union said."),
            make("b", "Rescue workers said 213 people were killed by government airstrikes on the rebel-held market in Idlib.\n\nShelling of the Idlib market hit 15 shops yesterday, the traders' union said."),
        ];
        let report = assemble(&a, &AnalyzeOptions::default());
        let story = &report.stories[0];
        let status = |text: &str| {
            let i = story
                .claims
                .iter()
                .position(|c| c.text == text)
                .expect("claim");
            story
                .claim_groups
                .iter()
                .find(|g| g.claims.contains(&i))
                .map(|g| (g.status, g.claims.len()))
        };
        assert_eq!(
            status("dozens of people"),
            Some((ClaimStatus::Refinement, 2))
        );
        assert_eq!(status("40 shops"), Some((ClaimStatus::DifferentWindow, 2)));
    }
}
