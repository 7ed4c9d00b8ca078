//! Server-side HTML: one function per page, a shared layout, no templates.

use std::collections::BTreeMap;
use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use newsweave::report::{
    how_said, quote_as_shown, ArticleEntry, Fact, QuoteEntry, SourceRef, StoryReport,
};
use newsweave_store::{ActorInStory, SearchHit, StoryListing, StoryPage};

/// The page script, served at `/static/app.js`.
pub const APP_JS: &str = include_str!("app.js");

const STYLE: &str = r#"
body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#20364f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
header form{margin-left:auto}
main{padding:1em 1.5em;max-width:1400px;margin:auto}
h1{font-size:1.5em;margin:.3em 0}
h2{font-size:1.15em;border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:1.4em}
table{border-collapse:collapse;width:100%;font-size:.92em}
td,th{border-bottom:1px solid #e3e3ea;padding:.35em .5em;text-align:left;vertical-align:top}
.muted{color:#667}
.badge{display:inline-block;background:#e8edf4;border-radius:.8em;padding:0 .55em;margin:.1em;font-size:.85em}
.story{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5em}
@media (max-width:900px){.story{grid-template-columns:1fr}}
.articles{position:sticky;top:.5em;align-self:start;max-height:97vh;overflow:auto}
.text{white-space:pre-wrap;max-height:22em;overflow:auto;background:#fff;border:1px solid #dde;padding:.6em;font-size:.9em}
.sel{cursor:pointer;border-radius:.2em;padding:.1em .2em}
.sel:hover,.sel:focus{background:#fff4c2;outline:none}
.sel.active{background:#ffe27a}
mark.hl{background:#ffd23f;box-shadow:0 0 0 2px #ffd23f}
.src{font-size:.8em;color:#556}
.src a{color:#556}
.status-agree{color:#17753a}.status-conflict{color:#b3261e;font-weight:600}
.status-refinement,.status-different_window{color:#8a5a00}
svg.spark rect{fill:#3d6fa8}
ul.hits li{margin:.6em 0}
"#;

/// A whole page around `body`.
fn layout(title: &str, query: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · newsweave</title><style>{STYLE}</style></head><body>\
         <header><a href=\"/\">newsweave</a><a href=\"/\">Stories</a>\
         <form action=\"/search\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search articles\" aria-label=\"Search articles\">\
         <button type=\"submit\">Search</button></form></header>\
         <main>{body}</main><script src=\"/static/app.js\" defer></script></body></html>\n",
        text(title),
        attr(query)
    )
}

/// A page with a heading and one line.
pub fn message(title: &str, line: &str) -> String {
    layout(
        title,
        "",
        &format!("<h1>{}</h1><p>{}</p>", text(title), text(line)),
    )
}

/// Percent-encodes a path segment.
fn seg(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// An inline SVG bar sparkline of `counts`.
fn sparkline(counts: &[usize]) -> String {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let n = counts.len().max(1);
    let (w, h) = (80.0, 18.0);
    let bar = w / n as f64;
    let mut svg = format!(
        "<svg class=\"spark\" width=\"80\" height=\"18\" viewBox=\"0 0 80 18\" role=\"img\" \
         aria-label=\"articles over time: {}\">",
        counts
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (i, &c) in counts.iter().enumerate() {
        let bh = (h * c as f64 / max as f64).max(1.0);
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\"/>",
            i as f64 * bar + 0.5,
            h - bh,
            (bar - 1.0).max(1.0)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// `/`: the stories, newest first.
pub fn story_list(stories: &[StoryListing]) -> String {
    let mut body = String::from("<h1>Stories</h1>");
    if stories.is_empty() {
        body.push_str(
            "<p class=\"muted\">No stories yet: add articles with <code>newsweave ingest</code> \
             or <code>POST /api/articles</code>.</p>",
        );
        return layout("Stories", "", &body);
    }
    body.push_str(
        "<table class=\"stories\"><thead><tr><th>Story</th><th>Articles</th><th>Outlets</th>\
         <th>Coverage</th><th>Latest</th></tr></thead><tbody>",
    );
    for s in stories {
        let outlets: String = s
            .outlets
            .iter()
            .map(|(o, n)| format!("<span class=\"badge\">{} {n}</span>", text(o)))
            .collect();
        let _ = write!(
            body,
            "<tr><td><a href=\"/stories/{}\">{}</a></td><td>{}</td><td>{outlets}</td>\
             <td>{}</td><td class=\"muted\">{}</td></tr>",
            seg(&s.id),
            text(&s.title),
            s.articles,
            sparkline(&s.coverage),
            text(s.newest.as_deref().unwrap_or("")),
        );
    }
    body.push_str("</tbody></table>");
    layout("Stories", "", &body)
}

/// Outlet label of an article id.
fn label<'a>(articles: &'a [ArticleEntry], id: &'a str) -> &'a str {
    articles
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.outlet.as_deref())
        .unwrap_or(id)
}

/// A labelled list of facts whose items highlight their sources; nothing
/// when there are none.
fn fact_list(out: &mut String, label: &str, facts: &[Fact]) {
    if facts.is_empty() {
        return;
    }
    let _ = write!(out, "<p>{label}</p><ul>");
    for f in facts {
        let _ = write!(
            out,
            "<li{}>{}</li>",
            sources_attr(&f.sources),
            text(&f.text)
        );
    }
    out.push_str("</ul>");
}

/// `data-sources` attribute and the no-script source links of an item.
fn sources_attr(sources: &[SourceRef]) -> String {
    let json = serde_json::to_string(sources).unwrap_or_else(|_| "[]".into());
    format!(
        " class=\"sel\" tabindex=\"0\" data-sources=\"{}\"",
        attr(&json)
    )
}

fn source_links(articles: &[ArticleEntry], sources: &[SourceRef]) -> String {
    let links: Vec<String> = sources
        .iter()
        .map(|s| {
            format!(
                "<a href=\"#art-{}\">{}</a>",
                attr(&s.article),
                text(label(articles, &s.article))
            )
        })
        .collect();
    format!(" <span class=\"src\">[{}]</span>", links.join(", "))
}

/// `/stories/{id}`.
pub fn story(page: &StoryPage) -> String {
    let r: &StoryReport = &page.report;
    let arts = &page.articles;
    let mut left = String::new();
    let _ = write!(
        left,
        "<h1>{}</h1><p class=\"muted\">{} articles · story {}</p>",
        text(&r.title),
        arts.len(),
        text(&r.id)
    );

    left.push_str("<h2>Summary</h2><ol class=\"summary\">");
    for line in &r.summary {
        let _ = write!(
            left,
            "<li{}>{}{}</li>",
            sources_attr(&line.sources),
            text(&line.text),
            source_links(arts, &line.sources)
        );
    }
    left.push_str("</ol>");

    // Who said what, grouped by speaker.
    left.push_str("<h2>Who said what</h2>");
    let mut by_speaker: BTreeMap<String, (Option<&str>, Vec<&QuoteEntry>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for q in &r.quotes {
        let actor = q
            .actor
            .as_deref()
            .and_then(|id| r.actors.iter().find(|a| a.id == id));
        let name = actor
            .map(|a| a.name.clone())
            .or_else(|| q.speaker.clone())
            .unwrap_or_else(|| "Unattributed".into());
        if !by_speaker.contains_key(&name) {
            order.push(name.clone());
        }
        let entry = by_speaker
            .entry(name)
            .or_insert((actor.map(|a| a.name.as_str()), Vec::new()));
        entry.1.push(q);
    }
    if order.is_empty() {
        left.push_str("<p class=\"muted\">No quotes found.</p>");
    }
    for name in &order {
        let (actor, quotes) = &by_speaker[name];
        let heading = match actor {
            Some(n) => format!("<a href=\"/actors/{}\">{}</a>", seg(n), text(n)),
            None => text(name).into_owned(),
        };
        let _ = write!(left, "<h3>{heading}</h3><ul class=\"quotes\">");
        for q in quotes {
            let how = how_said(q);
            let _ = write!(
                left,
                "<li{}>{} <span class=\"muted\">{} · {}</span>{}</li>",
                sources_attr(&q.sources),
                text(&quote_as_shown(q)),
                text(&how),
                serde_json::to_value(q.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                source_links(arts, &q.sources)
            );
        }
        left.push_str("</ul>");
    }

    // Claims, by group.
    left.push_str("<h2>Claims</h2>");
    if r.claims.is_empty() {
        left.push_str("<p class=\"muted\">No figures found.</p>");
    } else {
        left.push_str(
            "<table class=\"claims\"><thead><tr><th>Status</th><th>Figures</th></tr></thead><tbody>",
        );
        for g in &r.claim_groups {
            let status = g.status.as_str();
            let items: Vec<String> = g
                .claims
                .iter()
                .filter_map(|&i| r.claims.get(i))
                .map(|c| {
                    let by = c
                        .attributed_to
                        .as_deref()
                        .map(|a| format!(" <span class=\"muted\">({})</span>", text(a)))
                        .unwrap_or_default();
                    format!(
                        "<div{}>{}{by}{}</div>",
                        sources_attr(&c.sources),
                        text(&c.text),
                        source_links(arts, &c.sources)
                    )
                })
                .collect();
            let _ = write!(
                left,
                "<tr><td class=\"status-{status}\">{}</td><td>{}</td></tr>",
                status.replace('_', " "),
                items.join("")
            );
        }
        left.push_str("</tbody></table>");
    }

    // Outlet × fact table.
    left.push_str("<h2>Outlets compared</h2>");
    let table = &r.fact_table;
    if !table.rows.is_empty() {
        left.push_str("<table class=\"facts\"><thead><tr><th>Fact</th>");
        for o in &table.outlets {
            let _ = write!(left, "<th>{}</th>", text(o));
        }
        left.push_str("</tr></thead><tbody>");
        for row in &table.rows {
            let _ = write!(
                left,
                "<tr><td{}>{}</td>",
                sources_attr(&row.sources),
                text(&row.text)
            );
            for cell in &row.cells {
                match cell {
                    Some(p) => {
                        let _ = write!(
                            left,
                            "<td title=\"paragraph {}\">✓ ¶{}</td>",
                            p.paragraph, p.paragraph
                        );
                    }
                    None => left.push_str("<td class=\"muted\">–</td>"),
                }
            }
            left.push_str("</tr>");
        }
        left.push_str("</tbody></table>");
    }
    for o in &r.outlets {
        let _ = write!(left, "<h3>{}</h3>", text(&o.outlet));
        let figures = |claims: &[usize]| -> String {
            claims
                .iter()
                .filter_map(|&c| r.claims.get(c))
                .map(|c| text(&newsweave::report::figure(c)).to_string())
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !o.unique_claims.is_empty() {
            let _ = write!(
                left,
                "<p>Figures only here: {}</p>",
                figures(&o.unique_claims)
            );
        }
        if !o.omitted_claims.is_empty() {
            let _ = write!(
                left,
                "<p>Figures left out: {}</p>",
                figures(&o.omitted_claims)
            );
        }
        fact_list(&mut left, "Only here:", &o.unique_facts);
        fact_list(&mut left, "Left out:", &o.omitted_facts);
        if !o.quoted_counts.is_empty() {
            let quoted: Vec<String> = o
                .quoted_counts
                .iter()
                .map(|q| format!("{} ({})", text(&q.name), q.quotes))
                .collect();
            let _ = write!(left, "<p class=\"muted\">Quoted: {}</p>", quoted.join(", "));
        }
    }

    left.push_str("<h2>Actors</h2><ul class=\"actors\">");
    for a in &r.actors {
        let kind = serde_json::to_value(a.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let roles = if a.roles.is_empty() {
            String::new()
        } else {
            format!(" — {}", text(&a.roles.join(", ")))
        };
        let _ = write!(
            left,
            "<li><a href=\"/actors/{}\">{}</a> <span class=\"muted\">{kind}, {} mentions</span>{roles}</li>",
            seg(&a.name),
            text(&a.name),
            a.mentions
        );
    }
    left.push_str("</ul>");

    let mut right = String::from("<h2>Articles</h2>");
    for a in arts {
        let _ = write!(
            right,
            "<section class=\"article\" id=\"art-{}\"><h3>{}</h3><p class=\"muted\">{}{}</p>\
             <div class=\"text\" data-article=\"{}\">{}</div></section>",
            attr(&a.id),
            text(a.outlet.as_deref().unwrap_or(&a.id)),
            text(a.title.as_deref().unwrap_or("")),
            a.date
                .as_deref()
                .map(|d| format!(" · {}", text(d)))
                .unwrap_or_default(),
            attr(&a.id),
            text(&a.text)
        );
    }
    let body = format!(
        "<div class=\"story\"><div>{left}</div><aside class=\"articles\">{right}</aside></div>"
    );
    layout(&r.title, "", &body)
}

/// `/actors/{name}`.
pub fn actor(name: &str, found: &[ActorInStory]) -> String {
    let mut body = format!("<h1>{}</h1>", text(name));
    if found.is_empty() {
        body.push_str("<p class=\"muted\">No story names this actor.</p>");
        return layout(name, "", &body);
    }
    for f in found {
        let a = &f.actor;
        let _ = write!(
            body,
            "<h2><a href=\"/stories/{}\">{}</a></h2>",
            seg(&f.story),
            text(&f.story_title)
        );
        if !a.roles.is_empty() {
            let _ = write!(body, "<p>Roles: {}</p>", text(&a.roles.join(", ")));
        }
        if !a.aliases.is_empty() {
            let _ = write!(
                body,
                "<p class=\"muted\">Also called: {}</p>",
                text(&a.aliases.join(", "))
            );
        }
        if f.quotes.is_empty() {
            body.push_str("<p class=\"muted\">No quotes in this story.</p>");
            continue;
        }
        body.push_str("<ul class=\"quotes\">");
        for q in &f.quotes {
            let outlets: Vec<String> = q
                .sources
                .iter()
                .map(|s| {
                    format!(
                        "<a href=\"/stories/{}#art-{}\">{}</a>",
                        seg(&f.story),
                        attr(&s.article),
                        text(&s.article)
                    )
                })
                .collect();
            let _ = write!(
                body,
                "<li>{} <span class=\"muted\">{}</span> <span class=\"src\">[{}]</span></li>",
                text(&quote_as_shown(q)),
                text(&how_said(q)),
                outlets.join(", ")
            );
        }
        body.push_str("</ul>");
    }
    layout(name, "", &body)
}

/// `/search?q=`.
pub fn search(query: &str, hits: &[SearchHit]) -> String {
    let mut body = String::from("<h1>Search</h1>");
    let _ = write!(
        body,
        "<form action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\" value=\"{}\" \
         autofocus> <button type=\"submit\">Search</button></form>",
        attr(query)
    );
    if query.trim().is_empty() {
        return layout("Search", query, &body);
    }
    let _ = write!(
        body,
        "<p class=\"muted\">{} article(s) for “{}”</p><ul class=\"hits\">",
        hits.len(),
        text(query)
    );
    for h in hits {
        let snippet = text(&h.snippet)
            .replace('\u{2}', "<mark>")
            .replace('\u{3}', "</mark>");
        let href = match &h.story {
            Some(s) => format!("/stories/{}#art-{}", seg(s), attr(&h.article)),
            None => "#".into(),
        };
        let _ = write!(
            body,
            "<li class=\"hit\" data-article=\"{}\"><a href=\"{href}\">{}</a> \
             <span class=\"muted\">{} · {}</span><br>{snippet}</li>",
            attr(&h.article),
            text(h.title.as_deref().unwrap_or(&h.article)),
            text(h.outlet.as_deref().unwrap_or("")),
            text(&h.article)
        );
    }
    body.push_str("</ul>");
    layout(&format!("Search: {query}"), query, &body)
}
