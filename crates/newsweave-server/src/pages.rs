//! Server-side HTML: one function per page around a shared layout. The
//! story view itself, its charts, style sheet and script come from
//! [`newsweave::report::html`], so the story page and `analyze --format
//! html` show the same thing; text goes through the one escaper,
//! [`newsweave::report::escape::html`].

use std::collections::BTreeMap;
use std::fmt::Write;

use newsweave::report::escape::html as text;
use newsweave::report::html::{self as view_html, path_segment as seg, Links};
use newsweave::report::{how_said, quote_as_shown, view, ArticleEntry};
use newsweave_store::{ActorInStory, SearchHit, StoryList, StoryPage};

/// The page script, served at `/static/app.js`.
pub const APP_JS: &str = view_html::APP_JS;

/// A whole page around `body`.
fn layout(title: &str, query: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · newsweave</title><style>{}</style></head><body>\
         <header class=\"top\"><a href=\"/\">newsweave</a><a href=\"/\">Stories</a>\
         <form action=\"/search\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search articles\" aria-label=\"Search articles\">\
         <button type=\"submit\">Search</button></form></header>\
         <main>{body}</main><script src=\"/static/app.js\" defer></script></body></html>\n",
        text(title),
        view_html::STYLE,
        text(query)
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

/// Links to the previous and next pages of the story list.
fn pager(list: &StoryList, label: &str) -> String {
    let mut out = format!("<nav class=\"pages\" aria-label=\"{label}\">");
    if list.page > 1 {
        let _ = write!(
            out,
            "<a href=\"/?page={}\" rel=\"prev\">← Newer</a>",
            list.page - 1
        );
    }
    let _ = write!(
        out,
        "<span class=\"muted\">Page {} of {} · {} stories</span>",
        list.page, list.pages, list.total
    );
    if list.page < list.pages {
        let _ = write!(
            out,
            "<a href=\"/?page={}\" rel=\"next\">Older →</a>",
            list.page + 1
        );
    }
    out.push_str("</nav>");
    out
}

/// `/?page=N`: a page of stories, newest first, each with its teaser,
/// coverage bar, outlets and time range.
pub fn story_list(list: &StoryList) -> String {
    let mut body = String::from("<h1>Stories</h1>");
    if list.total == 0 {
        body.push_str(
            "<p class=\"muted\">No stories yet: add articles with <code>newsweave ingest</code> \
             or <code>POST /api/articles</code>.</p>",
        );
        return layout("Stories", "", &body);
    }
    body.push_str(&pager(list, "Pages"));
    if list.stories.is_empty() {
        body.push_str("<p class=\"muted\">No stories on this page.</p>");
    }
    body.push_str("<ol class=\"stories\">");
    for s in &list.stories {
        let outlets: Vec<(&str, usize)> = s.outlets.iter().map(|(o, n)| (o.as_str(), *n)).collect();
        let range = view_html::time_range(match (&s.oldest, &s.newest) {
            (Some(a), Some(b)) => Some((a.as_str(), b.as_str())),
            _ => None,
        });
        let teaser = s
            .teaser
            .as_deref()
            .map(|t| format!("<p class=\"teaser\">{}</p>", text(t)))
            .unwrap_or_default();
        let _ = write!(
            body,
            "<li class=\"item\"><h2><a class=\"story-link\" href=\"/stories/{}\">{}</a></h2>{teaser}\
             <div class=\"line\">{}<span>{} · {}</span><span>{}</span><span class=\"muted\">{}</span></div></li>",
            seg(&s.id),
            text(&s.title),
            view_html::coverage_bar(&outlets, 120, 8),
            if outlets.len() == 1 { "1 outlet".to_string() } else { format!("{} outlets", outlets.len()) },
            if s.articles == 1 { "1 article".to_string() } else { format!("{} articles", s.articles) },
            view_html::outlet_badges(&outlets, 4),
            text(&range)
        );
    }
    body.push_str("</ol>");
    if list.pages > 1 {
        body.push_str(&pager(list, "Pages, at the end"));
    }
    let title = if list.page > 1 {
        format!("Stories, page {}", list.page)
    } else {
        "Stories".to_string()
    };
    layout(&title, "", &body)
}

/// `/stories/{id}`: the story view of the HTML report, with actor pages
/// linked.
pub fn story(page: &StoryPage) -> String {
    let articles: Vec<&ArticleEntry> = page.articles.iter().collect();
    let body = view_html::story_body(&page.report, &articles, Links { actor_pages: true });
    layout(&page.report.title, "", &body)
}

/// `/actors/{name}`.
/// `outlets` names the outlet of each article the quotes cite.
pub fn actor(name: &str, found: &[ActorInStory], outlets: &BTreeMap<String, String>) -> String {
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
                        text(&s.article),
                        text(
                            outlets
                                .get(&s.article)
                                .map_or(view::UNKNOWN_OUTLET, String::as_str)
                        )
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
         aria-label=\"Search words\"> <button type=\"submit\">Search</button></form>",
        text(query)
    );
    if query.trim().is_empty() {
        return layout("Search", query, &body);
    }
    let _ = write!(
        body,
        "<p class=\"muted\">{} for “{}”</p><ul class=\"hits\">",
        if hits.len() == 1 {
            "1 article".to_string()
        } else {
            format!("{} articles", hits.len())
        },
        text(query)
    );
    for h in hits {
        let snippet = text(&h.snippet)
            .replace('\u{2}', "<mark>")
            .replace('\u{3}', "</mark>");
        let href = match &h.story {
            Some(s) => format!("/stories/{}#art-{}", seg(s), text(&h.article)),
            None => "#".into(),
        };
        let _ = write!(
            body,
            "<li class=\"hit\" data-article=\"{}\"><a href=\"{href}\">{}</a> \
             <span class=\"muted\">{}</span><br>{snippet}</li>",
            text(&h.article),
            text(h.title.as_deref().unwrap_or("(no headline)")),
            text(h.outlet.as_deref().unwrap_or(view::UNKNOWN_OUTLET))
        );
    }
    body.push_str("</ul>");
    layout(&format!("Search: {query}"), query, &body)
}
