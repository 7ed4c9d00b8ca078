//! The whole pipeline over a set of articles: clean, annotate, group into
//! stories, then summarise and compare each story.
//!
//! [`annotate`] works on one article and is what a driver runs in parallel;
//! [`assemble`] groups the annotated articles into stories and builds the
//! [`Report`]'s story sections. This module is the pipeline's driver, so it
//! is where rayon runs the per-article and per-story work in parallel (on
//! the global pool: `RAYON_NUM_THREADS` sets its size); the stages it calls
//! are plain sequential functions.

mod claims;
mod outlets;
mod quotes;
mod summary;
#[cfg(test)]
mod tests;

use claims::story_claims;
use outlets::outlet_entries;
use quotes::story_quotes;
use summary::story_summary;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::actors;
use crate::claims::find_claims;
use crate::clean::{clean, mark_repeated};
use crate::compare::index_facts;
use crate::model::{
    Actor, Article, CharIndex, Claim, Document, ParagraphKind, Quote, Span, StoryId,
};
use crate::quotes::find_quotes;
use crate::report::{ActorEntry, ArticleEntry, Report, SourceRef, StoryReport};
use crate::stories::{Prepared, StoryClusterer, StoryConfig};

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

/// One article with everything found in it. Its serde form carries it
/// between the machines of a distributed driver.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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
    let mut docs: Vec<Document> = articles.par_iter().map(|a| clean(&a.text)).collect();
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

/// Cleans and annotates articles, in parallel (a driver that handles each
/// article's failure itself calls [`clean_all`] and [`annotate`]).
pub fn annotate_all(articles: Vec<Article>) -> Vec<Annotated> {
    let docs = clean_all(&articles);
    articles
        .into_par_iter()
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
/// Each article's terms are read in parallel; the online clustering itself
/// takes them in order.
pub fn story_assignments<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Vec<StoryId> {
    let articles: Vec<&Article> = articles.into_iter().collect();
    let mut assigner = StoryAssigner::default();
    let config = assigner.config().clone();
    let prepared: Vec<Option<Prepared>> = articles
        .par_iter()
        .map(|a| {
            a.cluster
                .is_none()
                .then(|| Prepared::new(a, &config, false))
        })
        .collect();
    for (a, p) in articles.into_iter().zip(prepared) {
        match (&a.cluster, p) {
            (Some(c), _) => assigner.add_given(c),
            (None, Some(p)) => assigner.add_prepared(p),
            (None, None) => unreachable!("an article without a cluster is prepared"),
        };
    }
    assigner.finish()
}

/// [`story_assignments`] one article at a time, for a driver that reads
/// articles elsewhere (on other threads or machines) and hands over each
/// one's [`Prepared`] terms in stream order.
#[derive(Debug, Default)]
pub struct StoryAssigner {
    clusterer: StoryClusterer,
    /// Per article in order: its input cluster's story, or `None` when
    /// the clusterer places it.
    given: Vec<Option<StoryId>>,
}

impl StoryAssigner {
    /// Takes the next article of the stream; returns the story it is in
    /// on arrival (a later merge may move it: [`Self::finish`] tells).
    pub fn add(&mut self, article: &Article) -> StoryId {
        match &article.cluster {
            Some(c) => self.add_given(c),
            None => {
                let prepared = Prepared::new(article, self.clusterer.config(), false);
                self.add_prepared(prepared)
            }
        }
    }

    /// Takes the next article, one that came in input cluster `cluster`.
    pub fn add_given(&mut self, cluster: &str) -> StoryId {
        let story = StoryId(format!("c-{cluster}"));
        self.given.push(Some(story.clone()));
        story
    }

    /// Takes the next article, one without an input cluster, as its terms
    /// read under [`Self::config`].
    pub fn add_prepared(&mut self, prepared: Prepared) -> StoryId {
        self.given.push(None);
        self.clusterer.add_prepared(prepared).story
    }

    /// The parameters articles must be prepared with.
    pub fn config(&self) -> &StoryConfig {
        self.clusterer.config()
    }

    /// The final story of every article taken, in order.
    pub fn finish(self) -> Vec<StoryId> {
        let mut online = self.clusterer.finish().into_iter().map(|(_, story)| story);
        self.given
            .into_iter()
            .map(|g| {
                g.or_else(|| online.next())
                    .expect("the clusterer assigns every article it was given")
            })
            .collect()
    }
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
        .par_iter()
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

/// The label an outlet goes by: its name, else
/// [`crate::report::view::UNKNOWN_OUTLET`] (never the article id).
fn outlet_of(a: &Annotated) -> String {
    a.article
        .outlet
        .clone()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| crate::report::view::UNKNOWN_OUTLET.to_string())
}

/// A story's title: the first headline an article gives, else the lead of
/// the summary or of the first article, cut to a headline's length; never
/// the story id.
fn story_title(arts: &[&Annotated], summary: &[crate::report::SummaryLine]) -> String {
    const WORDS: usize = 14;
    let headline = |s: &str| {
        let words: Vec<&str> = s.split_whitespace().collect();
        if words.len() <= WORDS {
            words.join(" ")
        } else {
            format!("{}…", words[..WORDS].join(" "))
        }
    };
    arts.iter()
        .find_map(|a| a.article.title.clone().filter(|t| !t.trim().is_empty()))
        .or_else(|| summary.first().map(|s| headline(&s.text)))
        .or_else(|| {
            arts.iter().find_map(|a| {
                let s = a.doc.sentences.first()?;
                Some(headline(&a.article.text[s.span.start..s.span.end]))
            })
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Untitled story".to_string())
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
                    &a.doc,
                    a.doc
                        .sentences
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| {
                            a.doc.paragraphs[s.paragraph].kind != ParagraphKind::Heading
                        })
                        .map(|(k, _)| k)
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

    let title = story_title(arts, &summary);
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

/// Joins items into groups along `pairs`, taken in the order given (best
/// first), never so that a group holds two items of one article:
/// `article[i]` is item `i`'s article. Returns the groups, each sorted, in
/// the order of their first item.
fn join_best_first(
    article: &[usize],
    pairs: impl IntoIterator<Item = (usize, usize)>,
) -> Vec<Vec<usize>> {
    let mut group_of: Vec<usize> = (0..article.len()).collect();
    let mut groups: Vec<Vec<usize>> = (0..article.len()).map(|i| vec![i]).collect();
    for (i, j) in pairs {
        let (gi, gj) = (group_of[i], group_of[j]);
        if gi == gj {
            continue;
        }
        let clash = groups[gi]
            .iter()
            .any(|&x| groups[gj].iter().any(|&y| article[x] == article[y]));
        if clash {
            continue;
        }
        let moved = std::mem::take(&mut groups[gj]);
        for &m in &moved {
            group_of[m] = gi;
        }
        groups[gi].extend(moved);
    }
    let mut groups: Vec<Vec<usize>> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect();
    groups.sort_by_key(|g| g[0]);
    groups
}
