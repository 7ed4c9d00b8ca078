//! A story's quotes: the same quote carried by several articles is one.

use super::{source, Annotated};

use crate::actors::StoryActor;
use crate::compare::{content_terms, same_fact, Terms};
use crate::model::CharIndex;
use crate::report::{ActorEntry, QuoteEntry};

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

pub(super) fn story_quotes(
    arts: &[&Annotated],
    indexes: &[CharIndex],
    actors: &[StoryActor],
    entries: &[ActorEntry],
) -> Vec<QuoteEntry> {
    let mut out: Vec<(QuoteEntry, Terms)> = Vec::new();
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
            let terms = content_terms(&quote_text);
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
