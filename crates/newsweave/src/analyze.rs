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
use crate::model::{Actor, Article, CharIndex, Claim, Document, ParagraphKind, Quote, Span};
use crate::quotes::find_quotes;
use crate::report::{
    ActorEntry, ArticleEntry, ClaimEntry, ClaimGroup, ClaimStatus, Fact, OutletEntry, QuoteEntry,
    Report, SourceRef, StoryReport, SummaryLine,
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
            facts_per_outlet: 5,
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

/// Groups annotated articles into stories and builds the report.
pub fn assemble(annotated: &[Annotated], options: &AnalyzeOptions) -> Report {
    let mut clusterer = StoryClusterer::new();
    for a in annotated {
        clusterer.add(&a.article);
    }
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (_, story)) in clusterer.finish().into_iter().enumerate() {
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

fn story_report(id: &str, arts: &[&Annotated], options: &AnalyzeOptions) -> StoryReport {
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
    let (claims, claim_groups) = story_claims(arts, &indexes);
    let outlets = outlet_entries(arts, &indexes, &facts, &quotes, options);

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

/// Claims of every article. A figure repeated within one article is one
/// claim with several sources; claims are grouped when they count the same
/// unit and their sentences share at least two other content words (the
/// same event), so "78,000 civilians" in need of aid and "213 civilians"
/// dead stay apart.
fn story_claims(arts: &[&Annotated], indexes: &[CharIndex]) -> (Vec<ClaimEntry>, Vec<ClaimGroup>) {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut claims: Vec<ClaimEntry> = Vec::new();
    // Per claim: (article, unit key, context terms without the unit's).
    let mut keys: Vec<(usize, String, BTreeSet<String>)> = Vec::new();
    for (ai, a) in arts.iter().enumerate() {
        let text = a.article.text.as_str();
        for c in &a.claims {
            let src = source(a, &indexes[ai], c.span);
            if let Some(same) = claims.iter_mut().zip(&keys).find_map(|(e, k)| {
                (k.0 == ai && e.value == c.value && e.unit == c.unit).then_some(e)
            }) {
                same.sources.push(src);
                continue;
            }
            let head = c.unit.rsplit(' ').next().unwrap_or(&c.unit).to_lowercase();
            let unit_terms = content_terms(&stemmer, &c.unit);
            let sentence = a
                .doc
                .sentences
                .iter()
                .find(|s| s.span.contains(c.span))
                .map_or(c.span, |s| s.span);
            let context: BTreeSet<String> = content_terms(&stemmer, sentence.slice(text))
                .difference(&unit_terms)
                .cloned()
                .collect();
            keys.push((ai, stemmer.stem(&head).into_owned(), context));
            claims.push(ClaimEntry {
                text: c.span.slice(text).to_string(),
                value: c.value,
                unit: c.unit.clone(),
                attributed_to: c.attributed_to.clone(),
                sources: vec![src],
            });
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, (article, unit, context)) in keys.iter().enumerate() {
        let found = groups.iter_mut().find(|g| {
            g.iter().any(|&j| {
                let (other, other_unit, other_context) = &keys[j];
                other_unit == unit
                    && other != article
                    && context.intersection(other_context).count() >= 2
            })
        });
        match found {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    let claim_groups = groups
        .into_iter()
        .map(|members| {
            let articles: BTreeSet<usize> = members.iter().map(|&i| keys[i].0).collect();
            let values: BTreeSet<u64> =
                members.iter().map(|&i| claims[i].value.to_bits()).collect();
            let status = if articles.len() < 2 {
                ClaimStatus::Single
            } else if values.len() == 1 {
                ClaimStatus::Agree
            } else {
                ClaimStatus::Conflict
            };
            ClaimGroup {
                claims: members,
                status,
            }
        })
        .collect();
    (claims, claim_groups)
}

fn outlet_entries(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    facts: &crate::compare::FactIndex,
    quotes: &[QuoteEntry],
    options: &AnalyzeOptions,
) -> Vec<OutletEntry> {
    let mut outlets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, a) in arts.iter().enumerate() {
        outlets.entry(outlet_of(a)).or_default().push(i);
    }
    let outlet_of_article: Vec<String> = arts.iter().map(|a| outlet_of(a)).collect();
    let outlets_carrying = |sentence: usize| -> BTreeSet<&str> {
        facts.carried_by[sentence]
            .iter()
            .map(|&a| outlet_of_article[a].as_str())
            .collect()
    };
    let n_outlets = outlets.len();
    outlets
        .iter()
        .map(|(name, members)| {
            let worth = |i: usize| facts.sentences[i].terms.len() >= 5;
            let unique_facts: Vec<Fact> = (0..facts.sentences.len())
                .filter(|&i| members.contains(&facts.sentences[i].article))
                .filter(|&i| worth(i) && outlets_carrying(i).len() == 1)
                .take(options.facts_per_outlet)
                .map(|i| fact(arts, indexes, facts, &[i]))
                .collect();
            // Left out: carried by most other outlets (at least two) but not this one.
            let others = n_outlets - 1;
            let mut omitted: Vec<Vec<usize>> = Vec::new();
            for i in 0..facts.sentences.len() {
                let by = outlets_carrying(i);
                if by.contains(name.as_str()) || !worth(i) || by.len() < 2 || by.len() * 2 <= others
                {
                    continue;
                }
                match omitted
                    .iter_mut()
                    .find(|g| same_fact(&facts.sentences[g[0]].terms, &facts.sentences[i].terms))
                {
                    Some(g) => g.push(i),
                    None => omitted.push(vec![i]),
                }
            }
            let omitted_facts = omitted
                .iter()
                .take(options.facts_per_outlet)
                .map(|g| fact(arts, indexes, facts, g))
                .collect();
            let mut quoted: BTreeMap<&str, usize> = BTreeMap::new();
            for q in quotes {
                let here = q
                    .sources
                    .iter()
                    .any(|s| members.iter().any(|&m| arts[m].article.id.0 == s.article));
                if let (true, Some(actor)) = (here, &q.actor) {
                    *quoted.entry(actor.as_str()).or_default() += 1;
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
                quoted: quoted.into_iter().map(|(a, _)| a.to_string()).collect(),
            }
        })
        .collect()
}

/// A fact from sentences `group` (the first is shown).
fn fact(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    facts: &crate::compare::FactIndex,
    group: &[usize],
) -> Fact {
    let first = &facts.sentences[group[0]];
    Fact {
        text: first
            .span
            .slice(&arts[first.article].article.text)
            .to_string(),
        sources: group
            .iter()
            .map(|&i| {
                let s = &facts.sentences[i];
                source(arts[s.article], &indexes[s.article], s.span)
            })
            .collect(),
    }
}
