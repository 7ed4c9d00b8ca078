//! The report as Markdown, for reading in a terminal or an editor.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{ClaimStatus, Report, SourceRef, StoryReport};
use crate::model::ActorKind;

/// Renders the whole report as Markdown.
pub fn to_markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# newsweave: {} stories from {} articles\n",
        report.stories.len(),
        report.articles.len()
    );
    for (n, story) in report.stories.iter().enumerate() {
        story_section(&mut out, report, n + 1, story);
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(out, "## Skipped inputs\n");
        for s in &report.skipped {
            let line = s.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(out, "- {}{line}: {}", s.path, s.reason);
        }
    }
    out
}

/// Numbers each distinct article of a story as a citation: `[1]`, `[2]`.
fn citation_numbers(story: &StoryReport) -> BTreeMap<&str, usize> {
    story
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), i + 1))
        .collect()
}

fn cite(numbers: &BTreeMap<&str, usize>, sources: &[SourceRef]) -> String {
    let mut seen: Vec<usize> = sources
        .iter()
        .filter_map(|s| numbers.get(s.article.as_str()).copied())
        .collect();
    seen.dedup();
    seen.iter().map(|n| format!("[{n}]")).collect()
}

fn story_section(out: &mut String, report: &Report, n: usize, story: &StoryReport) {
    let numbers = citation_numbers(story);
    let _ = writeln!(out, "## Story {n}: {}\n", story.title);
    let _ = writeln!(out, "### Articles\n");
    for (i, id) in story.articles.iter().enumerate() {
        let entry = report.article(id);
        let title = entry
            .and_then(|a| a.title.as_deref())
            .unwrap_or("(untitled)");
        let outlet = entry
            .and_then(|a| a.outlet.as_deref())
            .unwrap_or("unknown outlet");
        let date = entry
            .and_then(|a| a.date.as_deref())
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}. **{outlet}**{date}: {title} (`{id}`)", i + 1);
    }

    let _ = writeln!(out, "\n### Summary\n");
    for line in &story.summary {
        let _ = writeln!(out, "- {} {}", line.text, cite(&numbers, &line.sources));
    }

    if !story.quotes.is_empty() {
        let _ = writeln!(out, "\n### Who said what\n");
        let mut by_speaker: Vec<(String, Vec<&super::QuoteEntry>)> = Vec::new();
        for q in &story.quotes {
            let who = q
                .speaker
                .clone()
                .unwrap_or_else(|| "Unattributed".to_string());
            match by_speaker.iter_mut().find(|(s, _)| *s == who) {
                Some((_, qs)) => qs.push(q),
                None => by_speaker.push((who, vec![q])),
            }
        }
        by_speaker.sort_by_key(|(_, qs)| std::cmp::Reverse(qs.len()));
        for (who, quotes) in by_speaker {
            let roles = quotes
                .first()
                .and_then(|q| q.actor.as_ref())
                .and_then(|id| story.actors.iter().find(|a| &a.id == id))
                .filter(|a| !a.roles.is_empty())
                .map(|a| format!(" ({})", a.roles.join(", ")))
                .unwrap_or_default();
            let _ = writeln!(out, "**{who}**{roles}\n");
            for q in quotes {
                let how = super::how_said(q);
                let text = super::quote_as_shown(q);
                let how = if how.is_empty() {
                    how
                } else {
                    format!(" _{how}_")
                };
                let _ = writeln!(out, "- {text}{how} {}", cite(&numbers, &q.sources));
            }
            let _ = writeln!(out);
        }
    }

    let _ = writeln!(out, "### People, organisations and places\n");
    for (kind, label) in [
        (ActorKind::Person, "People"),
        (ActorKind::Organisation, "Organisations"),
        (ActorKind::Place, "Places"),
    ] {
        let names: Vec<String> = story
            .actors
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| {
                if a.roles.is_empty() {
                    a.name.clone()
                } else {
                    format!("{} ({})", a.name, a.roles.join(", "))
                }
            })
            .collect();
        if !names.is_empty() {
            let _ = writeln!(out, "- {label}: {}", names.join("; "));
        }
    }

    if !story.claims.is_empty() {
        let _ = writeln!(out, "\n### Numbers\n");
        let _ = writeln!(
            out,
            "Rows with the same # are one quantity as several articles give it.\n"
        );
        let _ = writeln!(
            out,
            "| # | figure | value | counts | event | incident | window | attributed to | status | sources |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
        for (g, group) in story.claim_groups.iter().enumerate() {
            let status = match group.status {
                ClaimStatus::Agree => "agree",
                ClaimStatus::Conflict => "conflict",
                ClaimStatus::Single => "",
                other => other.as_str(),
            };
            for &i in &group.claims {
                let c = &story.claims[i];
                let value = match (c.value, c.range) {
                    (Some(v), _) if c.approximate => format!("~{v}"),
                    (Some(v), _) => format!("{v}"),
                    (None, Some(r)) => format!(
                        "{}–{}",
                        r.min.map(|v| v.to_string()).unwrap_or_default(),
                        r.max.map(|v| v.to_string()).unwrap_or_default()
                    ),
                    (None, None) => String::new(),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {value} | {} | {} | {} | {} | {} | {status} | {} |",
                    g + 1,
                    c.text,
                    c.unit,
                    c.event.as_deref().unwrap_or(""),
                    c.incident.as_deref().unwrap_or(""),
                    c.window.as_deref().unwrap_or(""),
                    c.attributed_to.as_deref().unwrap_or(""),
                    cite(&numbers, &c.sources)
                );
            }
        }
    }

    let _ = writeln!(out, "\n### Outlets\n");
    for o in &story.outlets {
        let _ = writeln!(out, "**{}**", o.outlet);
        if !o.quoted_counts.is_empty() {
            let quoted: Vec<String> = o
                .quoted_counts
                .iter()
                .map(|q| format!("{} ({})", q.name, q.quotes))
                .collect();
            let _ = writeln!(out, "- quoted: {}", quoted.join(", "));
        }
        let figures = |claims: &[usize]| -> String {
            claims
                .iter()
                .map(|&c| super::figure(&story.claims[c]))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !o.unique_claims.is_empty() {
            let _ = writeln!(out, "- figures only here: {}", figures(&o.unique_claims));
        }
        if !o.omitted_claims.is_empty() {
            let _ = writeln!(out, "- figures left out: {}", figures(&o.omitted_claims));
        }
        if !o.unique_quotes.is_empty() {
            let _ = writeln!(
                out,
                "- quotes only here: {} of the {} it carried",
                o.unique_quotes.len(),
                story
                    .quotes
                    .iter()
                    .filter(|q| q.sources.iter().any(|s| o.articles.contains(&s.article)))
                    .count()
            );
        }
        for f in &o.unique_facts {
            let _ = writeln!(out, "- only here: {}", f.text);
        }
        for f in &o.omitted_facts {
            let _ = writeln!(out, "- left out: {} {}", f.text, cite(&numbers, &f.sources));
        }
        let _ = writeln!(out);
    }
    fact_table(out, story);
}

/// The outlet × fact table: a cell gives the paragraph the outlet puts the
/// fact in (¶3) and how far down its article that is.
fn fact_table(out: &mut String, story: &StoryReport) {
    let table = &story.fact_table;
    if table.rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Outlet × fact\n");
    let _ = writeln!(
        out,
        "Cells: paragraph of the fact in that outlet's article (¶) and its depth (0% = top).\n"
    );
    let _ = writeln!(out, "| fact | {} |", table.outlets.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(table.outlets.len()));
    for row in &table.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| match c {
                Some(p) => format!("¶{} ({:.0}%)", p.paragraph, p.fraction * 100.0),
                None => String::new(),
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} |",
            short(&row.text, 110).replace('|', "\\|"),
            cells.join(" | ")
        );
    }
    let _ = writeln!(out);
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n).collect();
        format!("{}…", cut.trim_end())
    }
}
