//! The story summary, each sentence with the articles that carry it.

use super::{source, AnalyzeOptions, Annotated};

use crate::model::{CharIndex, Document};
use crate::report::SummaryLine;
use crate::summarize::{summarize, SummaryOptions};

pub(super) fn story_summary(
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
                        .max_by_key(|f| f.terms.shared(&own.terms))
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
