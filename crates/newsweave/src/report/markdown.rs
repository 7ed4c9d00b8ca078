//! The report as Markdown, for reading in a terminal or an editor. It shows
//! what the HTML story view shows, in the same order and grouping; every
//! value from the input is escaped ([`super::escape::markdown`]).

use std::fmt::Write;

use super::escape::markdown as md;
use super::view::{self, Ordered};
use super::{ArticleEntry, ClaimStatus, Report, SourceRef, StoryReport};
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
        let articles: Vec<&ArticleEntry> = story
            .articles
            .iter()
            .filter_map(|id| report.article(id))
            .collect();
        story_section(&mut out, &Ordered::new(story, &articles), n + 1, story);
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(out, "## Skipped inputs\n");
        for s in &report.skipped {
            let line = s.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(out, "- {}{line}: {}", md(&s.path), md(&s.reason));
        }
    }
    out
}

/// `[1][3]`: the sorted citation numbers of `sources`.
fn cite(ordered: &Ordered<'_>, sources: &[SourceRef]) -> String {
    ordered
        .citations(sources)
        .iter()
        .map(|n| format!("\\[{n}\\]"))
        .collect()
}

/// A URL usable inside `(...)` of a Markdown link.
fn link_target(url: &str) -> String {
    url.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

fn story_section(out: &mut String, ordered: &Ordered<'_>, n: usize, story: &StoryReport) {
    let outlets = ordered.outlets();
    let _ = writeln!(out, "## Story {n}: {}\n", md(&story.title));
    let range = match ordered.range() {
        Some((a, b)) if a == b => view::readable_date(a),
        Some((a, b)) => format!("{} – {}", view::readable_date(a), view::readable_date(b)),
        None => "undated".into(),
    };
    let mut meta = format!(
        "{} articles from {} outlets · {}",
        ordered.articles.len(),
        outlets.len(),
        md(&range)
    );
    if let Some(first) = ordered.first() {
        let _ = write!(
            meta,
            " · first reported by **{}** ({})",
            md(view::outlet(first)),
            md(&view::readable_date(first.date.as_deref().unwrap_or("")))
        );
    }
    let coverage: Vec<String> = outlets
        .iter()
        .map(|(o, k)| format!("{} {k}", md(o)))
        .collect();
    let _ = writeln!(out, "{meta}\n\nCoverage: {}\n", coverage.join(", "));

    let _ = writeln!(out, "### Summary\n");
    for line in &story.summary {
        let _ = writeln!(out, "- {} {}", md(&line.text), cite(ordered, &line.sources));
    }

    let groups = view::comparisons(story);
    if !groups.is_empty() {
        let _ = writeln!(out, "\n### Where the outlets agree and differ\n");
        for (status, claims) in &groups {
            let items: Vec<String> = claims
                .iter()
                .filter_map(|&i| story.claims.get(i))
                .map(|c| {
                    let by = c
                        .attributed_to
                        .as_deref()
                        .map(|a| format!(", according to {}", md(a)))
                        .unwrap_or_default();
                    format!(
                        "“{}”{by} {}",
                        md(&super::figure(c)),
                        cite(ordered, &c.sources)
                    )
                })
                .collect();
            let unit = claims
                .first()
                .and_then(|&i| story.claims.get(i))
                .map(|c| match &c.event {
                    Some(e) if !c.unit.is_empty() => format!("{} {e}", c.unit),
                    _ => c.unit.clone(),
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}** {}: {}",
                view::status_label(*status),
                md(&unit),
                items.join("; ")
            );
        }
    }

    let _ = writeln!(out, "\n### Headlines\n");
    let _ = writeln!(out, "| # | outlet | date | headline |");
    let _ = writeln!(out, "|---|---|---|---|");
    for (i, (a, _)) in ordered.articles.iter().enumerate() {
        let date = a.date.as_deref().map(view::readable_date);
        let title = match view::headline(a) {
            (t, true) => md(&t).into_owned(),
            (t, false) => format!("_{}_", md(&t)),
        };
        let title = match view::safe_url(a.url.as_deref()) {
            Some(u) => format!("[{title}]({})", link_target(u)),
            None => title,
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {title} |",
            i + 1,
            md(view::outlet(a)),
            md(date.as_deref().unwrap_or("undated"))
        );
    }

    let speakers = view::speakers(story);
    if !speakers.is_empty() {
        let _ = writeln!(out, "\n### Who said what\n");
        for s in &speakers {
            let roles = s.roles();
            let roles = if roles.is_empty() {
                String::new()
            } else {
                format!(" ({})", md(&roles))
            };
            let _ = writeln!(out, "**{}**{roles}\n", md(s.label()));
            for q in &s.quotes {
                let how = super::how_said(q);
                let how = if how.is_empty() {
                    how
                } else {
                    format!(" _{}_", md(&how))
                };
                let _ = writeln!(
                    out,
                    "- {}{how} {}",
                    md(&super::quote_as_shown(q)),
                    cite(ordered, &q.sources)
                );
            }
            let _ = writeln!(out);
        }
    } else {
        let _ = writeln!(out);
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
            .filter(|a| a.kind == kind && view::notable(story, a))
            .map(|a| {
                if a.roles.is_empty() {
                    md(&a.name).into_owned()
                } else {
                    format!("{} ({})", md(&a.name), md(&a.roles.join(", ")))
                }
            })
            .collect();
        if !names.is_empty() {
            let _ = writeln!(out, "- {label}: {}", names.join("; "));
        }
    }

    if !story.claims.is_empty() {
        numbers(out, ordered, story);
    }

    let _ = writeln!(out, "\n### Outlets\n");
    for o in &story.outlets {
        let _ = writeln!(out, "**{}**", md(&o.outlet));
        if !o.quoted_counts.is_empty() {
            let quoted: Vec<String> = o
                .quoted_counts
                .iter()
                .map(|q| format!("{} ({})", md(&q.name), q.quotes))
                .collect();
            let _ = writeln!(out, "- quoted: {}", quoted.join(", "));
        }
        let figures = |claims: &[usize]| -> String {
            claims
                .iter()
                .filter_map(|&c| story.claims.get(c))
                .map(|c| md(&super::figure(c)).into_owned())
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
            let _ = writeln!(out, "- only here: {}", md(&f.text));
        }
        for f in &o.omitted_facts {
            let _ = writeln!(
                out,
                "- left out: {} {}",
                md(&f.text),
                cite(ordered, &f.sources)
            );
        }
        let _ = writeln!(out);
    }
    fact_table(out, story);
}

/// Every figure: rows with the same # are one quantity.
fn numbers(out: &mut String, ordered: &Ordered<'_>, story: &StoryReport) {
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
            ClaimStatus::Single => "",
            other => other.as_str(),
        };
        for &i in &group.claims {
            let Some(c) = story.claims.get(i) else {
                continue;
            };
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
            let field = |s: Option<&str>| md(s.unwrap_or("")).into_owned();
            let _ = writeln!(
                out,
                "| {} | {} | {value} | {} | {} | {} | {} | {} | {status} | {} |",
                g + 1,
                md(&c.text),
                md(&c.unit),
                field(c.event.as_deref()),
                field(c.incident.as_deref()),
                field(c.window.as_deref()),
                field(c.attributed_to.as_deref()),
                cite(ordered, &c.sources)
            );
        }
    }
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
    let outlets: Vec<String> = table.outlets.iter().map(|o| md(o).into_owned()).collect();
    let _ = writeln!(out, "| fact | {} |", outlets.join(" | "));
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
            md(&super::html::short(&row.text, 110)),
            cells.join(" | ")
        );
    }
    let _ = writeln!(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FactRow, FactTable, Position, SummaryLine};

    fn hostile_report() -> Report {
        let article = |id: &str, outlet: &str| ArticleEntry {
            id: id.into(),
            path: None,
            outlet: Some(outlet.into()),
            title: Some("Head|line\n<script>alert(1)</script>".into()),
            date: Some("2016-10-11".into()),
            url: Some("javascript:alert(1)".into()),
            text: "Some text here.".into(),
        };
        let src = |a: &str| SourceRef {
            article: a.into(),
            start: 0,
            end: 4,
        };
        Report {
            articles: vec![
                article("a", "Gazette | Daily\nNews"),
                article("b", "<b>Sun</b>"),
            ],
            skipped: Vec::new(),
            stories: vec![StoryReport {
                id: "s1".into(),
                title: "A *story* <img src=x onerror=alert(1)>".into(),
                articles: vec!["a".into(), "b".into()],
                summary: vec![SummaryLine {
                    text: "Line one\nline two <script>x</script>".into(),
                    sources: vec![src("b"), src("a")],
                }],
                actors: Vec::new(),
                quotes: Vec::new(),
                claims: Vec::new(),
                claim_groups: Vec::new(),
                outlets: Vec::new(),
                fact_table: FactTable {
                    outlets: vec!["Gazette | Daily\nNews".into(), "<b>Sun</b>".into()],
                    rows: vec![FactRow {
                        text: "A | B\nC".into(),
                        sources: vec![src("a")],
                        cells: vec![
                            Some(Position {
                                paragraph: 1,
                                fraction: 0.0,
                            }),
                            None,
                        ],
                        claims: Vec::new(),
                        quotes: Vec::new(),
                    }],
                },
            }],
        }
    }

    /// Positions of `c` that are not backslash-escaped (CommonMark: `\\<`
    /// is a literal `<`, never the start of a tag).
    fn bare(line: &str, c: u8) -> usize {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == c && (i == 0 || b[i - 1] != b'\\'))
            .count()
    }

    fn cell_bars(line: &str) -> usize {
        bare(line, b'|')
    }

    #[test]
    fn input_values_cannot_break_tables_or_inject_markup() {
        let out = to_markdown(&hostile_report());
        // No raw HTML: every `<` is escaped, so `<script>` shows as text.
        assert!(out.lines().all(|l| bare(l, b'<') == 0), "{out}");
        assert!(out.contains("\\<script\\>"), "{out}");
        assert!(!out.contains("](javascript:"), "{out}");
        // Every row of a table has as many cells as its header.
        let lines: Vec<&str> = out.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("|---") {
                let header = cell_bars(lines[i - 1]);
                for row in lines[i + 1..].iter().take_while(|l| l.starts_with('|')) {
                    assert_eq!(cell_bars(row), header, "row {row:?} in\n{out}");
                }
            }
        }
        // Citations come sorted.
        assert!(out.contains("\\[1\\]\\[2\\]"), "{out}");
    }
}
