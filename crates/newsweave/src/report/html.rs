//! The report as one self-contained HTML page (inline CSS, no scripts).

use std::fmt::Write;

use super::{ClaimStatus, Report, SourceRef, StoryReport};

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.6rem}h2{border-top:2px solid #ccc;padding-top:1rem}\
.src{font-size:.8em;color:#666}.quote{margin:.3rem 0}.speaker{font-weight:600}\
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}\
.conflict{color:#b00;font-weight:600}.agree{color:#070}details{margin:.5rem 0}";

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders the whole report as an HTML page.
pub fn to_html(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>newsweave report</title><style>{STYLE}</style></head><body>"
    );
    let _ = write!(
        out,
        "<h1>newsweave: {} stories from {} articles</h1>",
        report.stories.len(),
        report.articles.len()
    );
    for story in &report.stories {
        story_section(&mut out, report, story);
    }
    if !report.skipped.is_empty() {
        out.push_str("<h2>Skipped inputs</h2><ul>");
        for s in &report.skipped {
            let line = s.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = write!(out, "<li>{}{line}: {}</li>", esc(&s.path), esc(&s.reason));
        }
        out.push_str("</ul>");
    }
    out.push_str("</body></html>\n");
    out
}

/// Source labels with the quoted text of each span as a tooltip.
fn sources(report: &Report, refs: &[SourceRef]) -> String {
    let mut out = String::from("<span class=\"src\">");
    for r in refs {
        let excerpt: String = report
            .article(&r.article)
            .map(|a| a.text.chars().skip(r.start).take(r.end - r.start).collect())
            .unwrap_or_default();
        let _ = write!(
            out,
            " <a href=\"#art-{}\" title=\"{}\">[{}]</a>",
            esc(&r.article),
            esc(&excerpt),
            esc(&report.source_label(&r.article))
        );
    }
    out.push_str("</span>");
    out
}

fn story_section(out: &mut String, report: &Report, story: &StoryReport) {
    let _ = write!(
        out,
        "<section id=\"{}\"><h2>{}</h2>",
        esc(&story.id),
        esc(&story.title)
    );
    out.push_str("<h3>Summary</h3><ul>");
    for line in &story.summary {
        let _ = write!(
            out,
            "<li>{}{}</li>",
            esc(&line.text),
            sources(report, &line.sources)
        );
    }
    out.push_str("</ul>");
    if !story.quotes.is_empty() {
        out.push_str("<h3>Who said what</h3>");
        for q in &story.quotes {
            let who = q.speaker.as_deref().unwrap_or("Unattributed");
            let how = super::how_said(q);
            let said = esc(&super::quote_as_shown(q));
            let _ = write!(
                out,
                "<p class=\"quote\"><span class=\"speaker\">{}</span> <em>{}</em>: {said}{}</p>",
                esc(who),
                esc(&how),
                sources(report, &q.sources)
            );
        }
    }
    out.push_str("<h3>People, organisations and places</h3><ul>");
    for a in story.actors.iter().take(40) {
        let roles = if a.roles.is_empty() {
            String::new()
        } else {
            format!(" ({})", esc(&a.roles.join(", ")))
        };
        let _ = write!(
            out,
            "<li>{}{roles} <span class=\"src\">{:?}, {} mentions</span></li>",
            esc(&a.name),
            a.kind,
            a.mentions
        );
    }
    out.push_str("</ul>");
    if !story.claims.is_empty() {
        out.push_str("<h3>Numbers</h3><table><tr><th>figure</th><th>counts</th><th>attributed to</th><th>status</th><th>source</th></tr>");
        for g in &story.claim_groups {
            let (class, label) = match g.status {
                ClaimStatus::Agree => ("agree", "agree"),
                ClaimStatus::Conflict => ("conflict", "conflict"),
                ClaimStatus::Single => ("", ""),
                other => ("", other.as_str()),
            };
            for &i in &g.claims {
                let c = &story.claims[i];
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{label}</td><td>{}</td></tr>",
                    esc(&super::figure(c)),
                    esc(&c.unit),
                    esc(c.attributed_to.as_deref().unwrap_or("")),
                    sources(report, &c.sources)
                );
            }
        }
        out.push_str("</table>");
    }
    out.push_str("<h3>Outlets</h3>");
    for o in &story.outlets {
        let _ = write!(
            out,
            "<details open><summary>{}</summary><ul>",
            esc(&o.outlet)
        );
        if !o.quoted_counts.is_empty() {
            let quoted: Vec<String> = o
                .quoted_counts
                .iter()
                .map(|q| format!("{} ({})", esc(&q.name), q.quotes))
                .collect();
            let _ = write!(out, "<li>quoted: {}</li>", quoted.join(", "));
        }
        let figures = |claims: &[usize]| -> String {
            claims
                .iter()
                .map(|&c| esc(&super::figure(&story.claims[c])))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !o.unique_claims.is_empty() {
            let _ = write!(
                out,
                "<li>figures only here: {}</li>",
                figures(&o.unique_claims)
            );
        }
        if !o.omitted_claims.is_empty() {
            let _ = write!(
                out,
                "<li>figures left out: {}</li>",
                figures(&o.omitted_claims)
            );
        }
        if !o.unique_quotes.is_empty() {
            let _ = write!(out, "<li>quotes only here: {}</li>", o.unique_quotes.len());
        }
        for f in &o.unique_facts {
            let _ = write!(out, "<li>only here: {}</li>", esc(&f.text));
        }
        for f in &o.omitted_facts {
            let _ = write!(
                out,
                "<li>left out: {}{}</li>",
                esc(&f.text),
                sources(report, &f.sources)
            );
        }
        out.push_str("</ul></details>");
    }
    let table = &story.fact_table;
    if !table.rows.is_empty() {
        out.push_str("<h3>Outlet × fact</h3><table><tr><th>fact</th>");
        for o in &table.outlets {
            let _ = write!(out, "<th>{}</th>", esc(o));
        }
        out.push_str("</tr>");
        for row in &table.rows {
            let _ = write!(
                out,
                "<tr><td>{}{}</td>",
                esc(&row.text),
                sources(report, &row.sources)
            );
            for c in &row.cells {
                match c {
                    Some(p) => {
                        let _ = write!(
                            out,
                            "<td>¶{} ({:.0}%)</td>",
                            p.paragraph,
                            p.fraction * 100.0
                        );
                    }
                    None => out.push_str("<td></td>"),
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
    }
    out.push_str("<h3>Articles</h3><ol>");
    for id in &story.articles {
        if let Some(a) = report.article(id) {
            let _ = write!(
                out,
                "<li id=\"art-{}\"><strong>{}</strong> {}</li>",
                esc(id),
                esc(a.outlet.as_deref().unwrap_or("unknown outlet")),
                esc(a.title.as_deref().unwrap_or(id))
            );
        }
    }
    out.push_str("</ol></section>");
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
