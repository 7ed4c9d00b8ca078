//! HTML: the story view shared by the report (`analyze --format html`, one
//! self-contained page) and the web server's story page, so both show the
//! same thing: summary first, where outlets agree and differ, headlines side
//! by side, a coverage timeline, who said what by speaker, the figures, the
//! outlet comparison and the articles in time order. Charts are inline SVG
//! drawn here; the page reads fully without its script, which only adds
//! source highlighting.

use std::fmt::Write;

use super::escape::html as esc;
use super::view::{self, Ordered};
use super::{ArticleEntry, ClaimStatus, Fact, Report, SourceRef, StoryReport};

/// The style sheet of every page.
pub const STYLE: &str = r#"
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
a{color:#1f4f86}
header.top{background:#20364f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none;font-weight:600}
header.top form{margin-left:auto}
main{padding:1em 1.5em;max-width:1400px;margin:auto}
h1{font-size:1.55em;margin:.3em 0;line-height:1.25}
h2{font-size:1.15em;border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:1.4em}
h3{font-size:1em;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%;font-size:.92em}
td,th{border-bottom:1px solid #e3e3ea;padding:.35em .5em;text-align:left;vertical-align:top}
.muted{color:#5b5b66}
.meta{color:#4a4a55;margin:.2em 0 .6em}
.badge{display:inline-flex;align-items:center;gap:.3em;background:#e8edf4;border-radius:.8em;padding:0 .55em;margin:.1em;font-size:.85em;white-space:nowrap}
.badge.more{background:#f0f0f3;color:#4a4a55}
.dot{display:inline-block;width:.7em;height:.7em;border-radius:50%}
.story{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5em}
@media (max-width:900px){.story{grid-template-columns:1fr}}
.articles{position:sticky;top:.5em;align-self:start;max-height:97vh;overflow:auto}
.article h3{margin-bottom:0}
.text{white-space:pre-wrap;max-height:22em;overflow:auto;background:#fff;border:1px solid #dde;padding:.6em;font-size:.9em}
.sel{cursor:pointer;border-radius:.2em;padding:.1em .2em}
.sel:hover,.sel:focus{background:#fff4c2;outline:2px solid #c99a00}
.sel.active{background:#ffe27a}
mark.hl{background:#ffd23f;box-shadow:0 0 0 2px #ffd23f}
.cite{font-size:.8em;white-space:nowrap}
.cite a{text-decoration:none}
.src{font-size:.8em;color:#4a4a55}
.status{font-weight:600;margin-right:.4em}
.status-agree{color:#17753a}.status-conflict{color:#b3261e}
.status-refinement,.status-different_window{color:#7a5000}
ul.compare{list-style:none;padding:0}
ul.compare li{margin:.4em 0;padding:.3em .5em;border-left:4px solid #ccd;background:#fff}
ul.compare li.c-conflict{border-left-color:#b3261e}
ul.compare li.c-agree{border-left-color:#17753a}
.headlines{display:grid;grid-template-columns:repeat(auto-fill,minmax(14em,1fr));gap:.6em}
.headline{background:#fff;border:1px solid #dde;border-radius:.3em;padding:.5em .7em}
.headline .outlet{font-weight:600;font-size:.9em}
.headline .when{font-size:.8em;color:#4a4a55}
.headline p{margin:.2em 0}
.lead{font-style:italic;color:#4a4a55}
figure{margin:.4em 0}
ul.kinds{list-style:none;padding:0}ul.kinds li{margin:.3em 0}
.role{color:#4a4a55;font-weight:400;font-size:.9em}
details.quiet summary{color:#4a4a55;cursor:pointer}
ul.quotes li{margin:.25em 0}
svg text{font:12px system-ui,sans-serif;fill:#333}
svg .axis{stroke:#889;stroke-width:1}
svg .grid{stroke:#e3e3ea;stroke-width:1}
svg.coverage{display:block;border-radius:3px}
.c0{fill:#3b6ea8;background:#3b6ea8}.c1{fill:#d9822b;background:#d9822b}
.c2{fill:#3a8f5c;background:#3a8f5c}.c3{fill:#b8434f;background:#b8434f}
.c4{fill:#7a5ea8;background:#7a5ea8}.c5{fill:#8c6d46;background:#8c6d46}
.c6{fill:#c25d9e;background:#c25d9e}.c7{fill:#3f8f99;background:#3f8f99}
.cu{fill:#9aa0a6;background:#9aa0a6}
nav.pages{margin:1em 0;display:flex;gap:1em;align-items:center}
section.story-report+section.story-report{border-top:3px solid #20364f;margin-top:2em}
ol.stories{list-style:none;padding:0;margin:0}
ol.stories li.item{background:#fff;border:1px solid #e3e3ea;border-radius:.35em;padding:.6em .9em;margin:.5em 0}
ol.stories li.item:focus-within{outline:3px solid #c99a00}
ol.stories h2{border:0;margin:0;font-size:1.1em;padding:0}
.teaser{margin:.2em 0;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.line{display:flex;flex-wrap:wrap;gap:.2em .8em;align-items:center;font-size:.9em}
ul.hits li{margin:.6em 0}
"#;

/// The page script: highlights the sources of what is clicked.
pub const APP_JS: &str = include_str!("app.js");

/// Colours given to outlets in charts, by rank; the rest share the last.
const PALETTE: usize = 8;

/// How a story page links out.
#[derive(Clone, Copy, Debug, Default)]
pub struct Links {
    /// Link notable actors to the server's `/actors/{name}` pages.
    pub actor_pages: bool,
}

/// Percent-encodes a URL path segment.
pub fn path_segment(s: &str) -> String {
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

/// The colour class of outlet `name` given the story's outlets by rank.
fn colour(outlets: &[(&str, usize)], name: &str) -> String {
    if name == view::UNKNOWN_OUTLET {
        return "cu".into();
    }
    let rank = outlets.iter().position(|(o, _)| *o == name).unwrap_or(0);
    format!("c{}", rank.min(PALETTE - 1))
}

/// "1 article" / "3 articles".
fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A horizontal bar of articles per outlet (widths proportional to counts),
/// labelled for screen readers, each segment titled.
pub fn coverage_bar(outlets: &[(&str, usize)], width: u32, height: u32) -> String {
    let total: usize = outlets.iter().map(|(_, n)| n).sum();
    let described: Vec<String> = outlets.iter().map(|(o, n)| format!("{o} {n}")).collect();
    let label = format!(
        "Coverage: {} from {}: {}",
        plural(total, "article"),
        plural(outlets.len(), "outlet"),
        described.join(", ")
    );
    let mut svg = format!(
        "<svg class=\"coverage\" role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\"><title>{}</title>",
        esc(&label),
        esc(&label)
    );
    let mut x = 0.0;
    for (o, n) in outlets {
        let w = f64::from(width) * *n as f64 / total.max(1) as f64;
        let _ = write!(
            svg,
            "<rect class=\"{}\" x=\"{x:.1}\" y=\"0\" width=\"{:.1}\" height=\"{height}\"><title>{}: {}</title></rect>",
            colour(outlets, o),
            (w - 1.0).max(1.0),
            esc(o),
            plural(*n, "article")
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

/// Outlet badges with their colour and count, at most `cap`, then "+N more".
pub fn outlet_badges(outlets: &[(&str, usize)], cap: usize) -> String {
    let mut out = String::new();
    for (o, n) in outlets.iter().take(cap) {
        let _ = write!(
            out,
            "<span class=\"badge\"><span class=\"dot {}\" aria-hidden=\"true\"></span>{} {n}</span>",
            colour(outlets, o),
            esc(o)
        );
    }
    if outlets.len() > cap {
        let rest: Vec<String> = outlets[cap..]
            .iter()
            .map(|(o, n)| format!("{o} {n}"))
            .collect();
        let _ = write!(
            out,
            "<span class=\"badge more\" title=\"{}\">+{} more</span>",
            esc(&rest.join(", ")),
            outlets.len() - cap
        );
    }
    out
}

/// "11 Oct 2016 – 12 Oct 2016" (or one date), from first and last dates.
pub fn time_range(range: Option<(&str, &str)>) -> String {
    match range {
        Some((a, b)) if a == b => view::readable_date(a),
        Some((a, b)) => format!("{} – {}", view::readable_date(a), view::readable_date(b)),
        None => "undated".into(),
    }
}

/// A time tick: its position (days since 1970) and label.
fn ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    const HOUR: f64 = 1.0 / 24.0;
    let steps = [
        HOUR,
        3.0 * HOUR,
        6.0 * HOUR,
        12.0 * HOUR,
        1.0,
        2.0,
        7.0,
        14.0,
        30.0,
        91.0,
        365.0,
    ];
    let span = hi - lo;
    let step = steps
        .iter()
        .copied()
        .find(|s| span / s <= 5.0)
        .unwrap_or(365.0 * (span / 365.0 / 5.0).ceil());
    let fmt = if step < 1.0 {
        "%-d %b %H:%M"
    } else if step < 365.0 {
        "%-d %b %Y"
    } else {
        "%Y"
    };
    let mut out = Vec::new();
    let mut t = (lo / step).ceil() * step;
    while t <= hi + 1e-9 {
        let secs = (t * 86_400.0).round() as i64;
        if let Some(d) = chrono::DateTime::from_timestamp(secs, 0) {
            out.push((t, d.format(fmt).to_string()));
        }
        t += step;
    }
    out
}

/// The coverage timeline: one row per outlet (the largest seven, the rest
/// together), a dot per article at its own date on a labelled time axis,
/// undated articles in a column of their own. Each dot's tooltip names its
/// outlet, date and headline (an image, so no links inside: the headlines
/// and article list link).
pub fn timeline(ordered: &Ordered<'_>) -> String {
    const ROWS: usize = 8;
    const LEFT: f64 = 130.0;
    const PLOT: f64 = 440.0;
    const UNDATED: f64 = 90.0;
    const GAP: f64 = 40.0;
    const ROW: f64 = 24.0;
    let outlets = ordered.outlets();
    let row_of = |o: &str| -> usize {
        let r = outlets.iter().position(|(n, _)| *n == o).unwrap_or(0);
        if outlets.len() > ROWS {
            r.min(ROWS - 1)
        } else {
            r
        }
    };
    let rows = outlets.len().min(ROWS);
    let dated: Vec<f64> = ordered.articles.iter().filter_map(|(_, d)| *d).collect();
    let undated = ordered.articles.len() - dated.len();
    let (mut lo, mut hi) = dated
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &d| {
            (l.min(d), h.max(d))
        });
    if dated.is_empty() {
        (lo, hi) = (0.0, 1.0);
    } else if hi - lo < 2.0 / 24.0 {
        lo -= 1.0 / 24.0;
        hi += 1.0 / 24.0;
    } else {
        let pad = (hi - lo) * 0.04;
        lo -= pad;
        hi += pad;
    }
    let x = |d: f64| LEFT + (d - lo) / (hi - lo) * PLOT;
    let undated_col = if undated > 0 { GAP + UNDATED } else { 0.0 };
    let width = LEFT + PLOT + 10.0 + undated_col;
    let height = rows as f64 * ROW + 44.0;
    let axis_y = rows as f64 * ROW + 8.0;
    let label = match ordered.range() {
        Some(_) => format!(
            "Coverage timeline: {}, {}, {}",
            plural(dated.len(), "dated article"),
            time_range(ordered.range()),
            plural(undated, "undated article")
        ),
        None => format!(
            "Coverage timeline: no article gives a date ({} undated)",
            ordered.articles.len()
        ),
    };
    let mut svg = format!(
        "<svg class=\"timeline\" role=\"img\" aria-label=\"{}\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\"><title>{}</title>",
        esc(&label),
        esc(&label)
    );
    for r in 0..rows {
        let y = r as f64 * ROW + ROW / 2.0;
        let name = if outlets.len() > ROWS && r == ROWS - 1 {
            format!("{} others", outlets.len() - (ROWS - 1))
        } else {
            short(outlets[r].0, 18)
        };
        let _ = write!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.0}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>",
            LEFT - 8.0,
            y + 4.0,
            esc(&name),
            LEFT + PLOT
        );
    }
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{:.0}\" y1=\"{axis_y:.1}\" y2=\"{axis_y:.1}\"/>",
        LEFT + PLOT
    );
    if dated.is_empty() {
        let _ = write!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"middle\">no article gives a date</text>",
            LEFT + PLOT / 2.0,
            axis_y + 18.0
        );
    } else {
        for (t, text) in ticks(lo, hi) {
            let tx = x(t);
            let _ = write!(
                svg,
                "<line class=\"axis\" x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{axis_y:.1}\" y2=\"{:.1}\"/>\
                 <text class=\"tick\" x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                axis_y + 5.0,
                axis_y + 18.0,
                esc(&text)
            );
        }
    }
    let ux = LEFT + PLOT + GAP;
    if undated > 0 {
        let _ = write!(
            svg,
            "<line class=\"axis\" x1=\"{ux:.0}\" x2=\"{:.0}\" y1=\"{axis_y:.1}\" y2=\"{axis_y:.1}\"/>\
             <text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"middle\">undated</text>",
            ux + UNDATED,
            ux + UNDATED / 2.0,
            axis_y + 18.0
        );
    }
    let mut undated_in_row = vec![0usize; rows.max(1)];
    for (a, d) in &ordered.articles {
        let o = view::outlet(a);
        let r = row_of(o);
        let cy = r as f64 * ROW + ROW / 2.0;
        let cx = match d {
            Some(d) => x(*d),
            None => {
                let k = undated_in_row[r];
                undated_in_row[r] += 1;
                // Dots side by side, then on top of each other past the column.
                ux + 8.0 + (k as f64 * 11.0).min(UNDATED - 16.0)
            }
        };
        let when = a
            .date
            .as_deref()
            .map(view::readable_date)
            .unwrap_or_else(|| "undated".into());
        let what = view::headline(a).0;
        let _ = write!(
            svg,
            "<circle class=\"{}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"5\" opacity=\".85\">\
             <title>{} · {} · {}</title></circle>",
            colour(&outlets, o),
            esc(o),
            esc(&when),
            esc(&what)
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"middle\">article dates (UTC)</text></svg>",
        LEFT + PLOT / 2.0,
        axis_y + 34.0
    );
    svg
}

/// At most `n` characters of `s`, with an ellipsis when cut.
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `class`, `tabindex` and `data-sources` of an item whose sources the
/// script highlights.
fn selectable(sources: &[SourceRef]) -> String {
    let json = serde_json::to_string(sources).unwrap_or_else(|_| "[]".into());
    format!(" tabindex=\"0\" data-sources=\"{}\"", esc(&json))
}

/// Citation links `[1][3]`, sorted, each to its article.
fn cite(ordered: &Ordered<'_>, sources: &[SourceRef]) -> String {
    let mut out = String::from(" <span class=\"cite\">");
    for n in ordered.citations(sources) {
        let a = ordered.articles[n - 1].0;
        let _ = write!(
            out,
            "<a href=\"#art-{}\" title=\"{}\">[{n}]</a>",
            esc(&a.id),
            esc(view::outlet(a))
        );
    }
    out.push_str("</span>");
    out
}

/// The story, as the report and the server's story page show it:
/// `articles` are the story's articles (any order).
pub fn story_body(story: &StoryReport, articles: &[&ArticleEntry], links: Links) -> String {
    let ordered = Ordered::new(story, articles);
    let outlets = ordered.outlets();
    let mut left = String::new();
    let _ = write!(left, "<h1>{}</h1>", esc(&story.title));
    let mut meta = vec![
        plural(ordered.articles.len(), "article"),
        plural(outlets.len(), "outlet"),
        time_range(ordered.range()),
    ];
    if let Some(first) = ordered.first() {
        meta.push(format!(
            "first reported by <strong>{}</strong> ({})",
            esc(view::outlet(first)),
            esc(&view::readable_date(first.date.as_deref().unwrap_or("")))
        ));
    }
    let _ = write!(
        left,
        "<p class=\"meta\">{}</p><figure class=\"bar\" aria-label=\"Coverage by outlet\">{}<figcaption>{}</figcaption></figure>",
        meta.join(" · "),
        coverage_bar(&outlets, 560, 14),
        outlet_badges(&outlets, 12)
    );

    left.push_str("<h2>Summary</h2><ol class=\"summary\">");
    for line in &story.summary {
        let _ = write!(
            left,
            "<li class=\"sel\"{}>{}{}</li>",
            selectable(&line.sources),
            esc(&line.text),
            cite(&ordered, &line.sources)
        );
    }
    left.push_str("</ol>");
    if story.summary.is_empty() {
        left.push_str("<p class=\"muted\">No summary.</p>");
    }

    comparisons(&mut left, story, &ordered);
    headlines(&mut left, &ordered);
    let _ = write!(
        left,
        "<h2>Coverage over time</h2><figure class=\"timeline\">{}</figure>",
        timeline(&ordered)
    );
    who_said_what(&mut left, story, &ordered, links);
    figures(&mut left, story, &ordered);
    outlets_compared(&mut left, story, &ordered);
    actors(&mut left, story, links);

    let mut right = String::from("<h2>Articles</h2>");
    for (n, (a, _)) in ordered.articles.iter().enumerate() {
        let headline = headline_html(a, None);
        let when = a
            .date
            .as_deref()
            .map(|d| format!(" · {}", esc(&view::readable_date(d))))
            .unwrap_or_default();
        let _ = write!(
            right,
            "<section class=\"article\" id=\"art-{}\"><h3>[{}] {}</h3><p class=\"muted\">{headline}{when}</p>\
             <div class=\"text\" data-article=\"{}\" tabindex=\"0\" aria-label=\"Text of article {}\">{}</div></section>",
            esc(&a.id),
            n + 1,
            esc(view::outlet(a)),
            esc(&a.id),
            n + 1,
            esc(&a.text)
        );
    }
    format!(
        "<div class=\"story\"><div class=\"main\">{left}</div><aside class=\"articles\" aria-label=\"Articles\">{right}</aside></div>"
    )
}

/// Where outlets agree and differ on figures, conflicts first; each item
/// highlights every source of its group.
fn comparisons(out: &mut String, story: &StoryReport, ordered: &Ordered<'_>) {
    out.push_str("<h2>Where the outlets agree and differ</h2>");
    let groups = view::comparisons(story);
    if groups.is_empty() {
        out.push_str("<p class=\"muted\">No figure is given by more than one article.</p>");
        return;
    }
    out.push_str("<ul class=\"compare\">");
    for (status, claims) in groups.iter().take(12) {
        let claims: Vec<&super::ClaimEntry> =
            claims.iter().filter_map(|&i| story.claims.get(i)).collect();
        let sources: Vec<SourceRef> = claims.iter().flat_map(|c| c.sources.clone()).collect();
        // What is counted: "people killed".
        let unit = claims
            .first()
            .map(|c| match &c.event {
                Some(e) if !c.unit.is_empty() => format!("{} {e}", c.unit),
                _ => c.unit.clone(),
            })
            .unwrap_or_default();
        let items: Vec<String> = claims
            .iter()
            .map(|c| {
                let by = c
                    .attributed_to
                    .as_deref()
                    .map(|a| format!(", according to {}", esc(a)))
                    .unwrap_or_default();
                format!(
                    "<q>{}</q>{by}{}",
                    esc(&super::figure(c)),
                    cite(ordered, &c.sources)
                )
            })
            .collect();
        let _ = write!(
            out,
            "<li class=\"sel cmp c-{}\"{}><span class=\"status status-{}\">{}</span>{}: {}</li>",
            status.as_str(),
            selectable(&sources),
            status.as_str(),
            view::status_label(*status),
            esc(&unit),
            items.join("; ")
        );
    }
    out.push_str("</ul>");
}

/// Each article's headline, in time order, side by side.
fn headlines(out: &mut String, ordered: &Ordered<'_>) {
    out.push_str("<h2>Headlines</h2><div class=\"headlines\">");
    for (n, (a, _)) in ordered.articles.iter().enumerate().take(24) {
        let title = headline_html(a, Some(&format!("#art-{}", a.id)));
        let when = a
            .date
            .as_deref()
            .map(view::readable_date)
            .unwrap_or_else(|| "undated".into());
        let _ = write!(
            out,
            "<div class=\"headline\"><div class=\"outlet\">[{}] {}</div><p>{title}</p><div class=\"when\">{}</div></div>",
            n + 1,
            esc(view::outlet(a)),
            esc(&when)
        );
    }
    out.push_str("</div>");
    if ordered.articles.len() > 24 {
        let _ = write!(
            out,
            "<p class=\"muted\">and {} more in the article list.</p>",
            ordered.articles.len() - 24
        );
    }
}

/// An article's headline (or lead, marked as such), linked to its original
/// when it has an http(s) URL, else to `fallback` when given.
fn headline_html(a: &ArticleEntry, fallback: Option<&str>) -> String {
    let (text, real) = view::headline(a);
    let text = if real {
        esc(&text).into_owned()
    } else {
        format!("<span class=\"lead\">{}</span>", esc(&text))
    };
    match view::safe_url(a.url.as_deref()).or(fallback) {
        Some(u) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{text}</a>",
            esc(u)
        ),
        None => text,
    }
}

fn actor_link(name: &str, links: Links) -> String {
    if links.actor_pages {
        format!(
            "<a href=\"/actors/{}\">{}</a>",
            path_segment(name),
            esc(name)
        )
    } else {
        esc(name).into_owned()
    }
}

/// Quotes grouped by speaker with the speaker's role; unattributed quotes
/// last and folded.
fn who_said_what(out: &mut String, story: &StoryReport, ordered: &Ordered<'_>, links: Links) {
    out.push_str("<h2>Who said what</h2>");
    let speakers = view::speakers(story);
    if speakers.is_empty() {
        out.push_str("<p class=\"muted\">No quotes found.</p>");
        return;
    }
    /// Quotes shown per speaker before the rest are folded.
    const SHOWN: usize = 5;
    for s in &speakers {
        let mut items = String::from("<ul class=\"quotes\">");
        for (i, q) in s.quotes.iter().enumerate() {
            if i == SHOWN && s.name.is_some() {
                let _ = write!(
                    items,
                    "</ul><details class=\"quiet\"><summary>{} more</summary><ul class=\"quotes\">",
                    s.quotes.len() - SHOWN
                );
            }
            let how = super::how_said(q);
            let how = if how.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"muted\">{}</span>", esc(&how))
            };
            let _ = write!(
                items,
                "<li class=\"sel\"{}>{}{how}{}</li>",
                selectable(&q.sources),
                esc(&super::quote_as_shown(q)),
                cite(ordered, &q.sources)
            );
        }
        items.push_str("</ul>");
        if s.name.is_some() && s.quotes.len() > SHOWN {
            items.push_str("</details>");
        }
        match &s.name {
            Some(name) => {
                let who = match s.actor {
                    Some(a) if view::notable(story, a) => actor_link(&a.name, links),
                    _ => esc(name).into_owned(),
                };
                let roles = s.roles();
                let roles = if roles.is_empty() {
                    String::new()
                } else {
                    format!(" <span class=\"role\">{}</span>", esc(&roles))
                };
                let _ = write!(
                    out,
                    "<h3 class=\"speaker\">{who}{roles} <span class=\"muted\">({})</span></h3>{items}",
                    s.quotes.len()
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<details class=\"quiet\"><summary>Unattributed ({})</summary>{items}</details>",
                    s.quotes.len()
                );
            }
        }
    }
}

/// Every figure, by quantity, folded.
fn figures(out: &mut String, story: &StoryReport, ordered: &Ordered<'_>) {
    if story.claims.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<h2>Figures</h2><details class=\"quiet\"><summary>All {} figures, by quantity</summary>\
         <table class=\"claims\"><thead><tr><th>Status</th><th>Figure</th><th>Counts</th>\
         <th>Attributed to</th></tr></thead><tbody>",
        story.claims.len()
    );
    for g in &story.claim_groups {
        let status = match g.status {
            ClaimStatus::Single => String::new(),
            s => format!(
                "<span class=\"status-{}\">{}</span>",
                s.as_str(),
                view::status_label(s)
            ),
        };
        for &i in &g.claims {
            let Some(c) = story.claims.get(i) else {
                continue;
            };
            let _ = write!(
                out,
                "<tr><td>{status}</td><td class=\"sel\"{}>{}{}</td><td>{}</td><td>{}</td></tr>",
                selectable(&c.sources),
                esc(&super::figure(c)),
                cite(ordered, &c.sources),
                esc(&c.unit),
                esc(c.attributed_to.as_deref().unwrap_or(""))
            );
        }
    }
    out.push_str("</tbody></table></details>");
}

/// A labelled list of facts that highlight their sources.
fn fact_list(out: &mut String, label: &str, facts: &[Fact], ordered: &Ordered<'_>) {
    if facts.is_empty() {
        return;
    }
    let _ = write!(out, "<p>{label}</p><ul>");
    for f in facts {
        let _ = write!(
            out,
            "<li class=\"sel\"{}>{}{}</li>",
            selectable(&f.sources),
            esc(&f.text),
            cite(ordered, &f.sources)
        );
    }
    out.push_str("</ul>");
}

/// The outlet × fact table, then per outlet what only it reported and what
/// it left out.
fn outlets_compared(out: &mut String, story: &StoryReport, ordered: &Ordered<'_>) {
    out.push_str("<h2>Outlets compared</h2>");
    let table = &story.fact_table;
    if !table.rows.is_empty() {
        out.push_str(
            "<table class=\"facts\"><caption class=\"muted\">Which outlet carried each fact \
             (¶ = its paragraph there)</caption><thead><tr><th scope=\"col\">Fact</th>",
        );
        for o in &table.outlets {
            let _ = write!(out, "<th scope=\"col\">{}</th>", esc(o));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &table.rows {
            let _ = write!(
                out,
                "<tr><td class=\"sel\"{}>{}</td>",
                selectable(&row.sources),
                esc(&row.text)
            );
            for cell in &row.cells {
                match cell {
                    Some(p) => {
                        let _ = write!(out, "<td>✓ ¶{}</td>", p.paragraph);
                    }
                    None => out.push_str("<td class=\"muted\">–</td>"),
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    for o in &story.outlets {
        let _ = write!(out, "<h3>{}</h3>", esc(&o.outlet));
        let figures = |claims: &[usize]| -> String {
            claims
                .iter()
                .filter_map(|&c| story.claims.get(c))
                .map(|c| esc(&super::figure(c)).into_owned())
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !o.unique_claims.is_empty() {
            let _ = write!(
                out,
                "<p>Figures only here: {}</p>",
                figures(&o.unique_claims)
            );
        }
        if !o.omitted_claims.is_empty() {
            let _ = write!(
                out,
                "<p>Figures left out: {}</p>",
                figures(&o.omitted_claims)
            );
        }
        fact_list(out, "Only here:", &o.unique_facts, ordered);
        fact_list(out, "Left out:", &o.omitted_facts, ordered);
        if !o.quoted_counts.is_empty() {
            let quoted: Vec<String> = o
                .quoted_counts
                .iter()
                .map(|q| format!("{} ({})", esc(&q.name), q.quotes))
                .collect();
            let _ = write!(out, "<p class=\"muted\">Quoted: {}</p>", quoted.join(", "));
        }
    }
}

/// Notable actors by kind, with roles (linked on the server); the others,
/// named once and unquoted, folded.
fn actors(out: &mut String, story: &StoryReport, links: Links) {
    use crate::model::ActorKind;
    out.push_str("<h2>People, organisations and places</h2><ul class=\"kinds\">");
    for (kind, label) in [
        (ActorKind::Person, "People"),
        (ActorKind::Organisation, "Organisations"),
        (ActorKind::Place, "Places"),
        (ActorKind::Other, "Other"),
    ] {
        let names: Vec<String> = story
            .actors
            .iter()
            .filter(|a| a.kind == kind && view::notable(story, a))
            .map(|a| {
                let roles = if a.roles.is_empty() {
                    String::new()
                } else {
                    format!(
                        " <span class=\"role\">({})</span>",
                        esc(&a.roles.join(", "))
                    )
                };
                format!("{}{roles}", actor_link(&a.name, links))
            })
            .collect();
        if !names.is_empty() {
            let _ = write!(
                out,
                "<li><strong>{label}:</strong> {}</li>",
                names.join(", ")
            );
        }
    }
    out.push_str("</ul>");
    let rest: Vec<String> = story
        .actors
        .iter()
        .filter(|a| !view::notable(story, a))
        .map(|a| esc(&a.name).into_owned())
        .collect();
    if !rest.is_empty() {
        let _ = write!(
            out,
            "<details class=\"quiet\"><summary>Also named once ({})</summary><p>{}</p></details>",
            rest.len(),
            rest.join(", ")
        );
    }
}

/// Renders the whole report as one self-contained HTML page (style and
/// script inline).
pub fn to_html(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>newsweave report</title><style>{STYLE}</style></head><body><main>"
    );
    let _ = write!(
        out,
        "<h1>newsweave: {} from {}</h1>",
        match report.stories.len() {
            1 => "1 story".to_string(),
            n => format!("{n} stories"),
        },
        plural(report.articles.len(), "article")
    );
    if report.stories.len() > 1 {
        out.push_str("<nav aria-label=\"Stories\"><ol>");
        for s in &report.stories {
            let _ = write!(
                out,
                "<li><a href=\"#{}\">{}</a> <span class=\"muted\">({})</span></li>",
                esc(&s.id),
                esc(&s.title),
                plural(s.articles.len(), "article")
            );
        }
        out.push_str("</ol></nav>");
    }
    for story in &report.stories {
        let articles: Vec<&ArticleEntry> = story
            .articles
            .iter()
            .filter_map(|id| report.article(id))
            .collect();
        let _ = write!(
            out,
            "<section class=\"story-report\" id=\"{}\">{}</section>",
            esc(&story.id),
            story_body(story, &articles, Links::default())
        );
    }
    if !report.skipped.is_empty() {
        out.push_str("<h2>Skipped inputs</h2><ul>");
        for s in &report.skipped {
            let line = s.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = write!(out, "<li>{}{line}: {}</li>", esc(&s.path), esc(&s.reason));
        }
        out.push_str("</ul>");
    }
    let _ = writeln!(out, "</main><script>{APP_JS}</script></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ClaimEntry, ClaimGroup, SummaryLine};

    fn article(id: &str, outlet: Option<&str>, date: Option<&str>, url: &str) -> ArticleEntry {
        ArticleEntry {
            id: id.into(),
            path: None,
            outlet: outlet.map(str::to_string),
            title: Some(format!("<script>alert('{id}')</script>")),
            date: date.map(str::to_string),
            url: Some(url.into()),
            text: "The flood killed 12 people.".into(),
        }
    }

    fn claim(article: &str, value: f64) -> ClaimEntry {
        ClaimEntry {
            text: format!("{value} people"),
            value: Some(value),
            unit: "people".into(),
            attributed_to: None,
            sources: vec![SourceRef {
                article: article.into(),
                start: 17,
                end: 26,
            }],
            kind: crate::model::ClaimKind::Count,
            approximate: false,
            qualifier: None,
            range: None,
            event: Some("killed".into()),
            window: None,
            date: None,
            incident: None,
        }
    }

    fn story() -> (StoryReport, Vec<ArticleEntry>) {
        let articles = vec![
            article(
                "late",
                Some("Herald"),
                Some("2026-03-14T15:00:00Z"),
                "https://h.example/a",
            ),
            article("undated", None, None, "javascript:alert(1)"),
            article(
                "early",
                Some("Gazette"),
                Some("2026-03-14T09:30:00Z"),
                "ftp://g.example",
            ),
        ];
        let story = StoryReport {
            id: "s1".into(),
            title: "Flood <b>".into(),
            articles: articles.iter().map(|a| a.id.clone()).collect(),
            summary: vec![SummaryLine {
                text: "The flood killed 12 people.".into(),
                sources: vec![
                    SourceRef {
                        article: "late".into(),
                        start: 0,
                        end: 27,
                    },
                    SourceRef {
                        article: "early".into(),
                        start: 0,
                        end: 27,
                    },
                ],
            }],
            actors: Vec::new(),
            quotes: Vec::new(),
            claims: vec![claim("early", 12.0), claim("late", 19.0)],
            claim_groups: vec![ClaimGroup {
                claims: vec![0, 1],
                status: ClaimStatus::Conflict,
            }],
            outlets: Vec::new(),
            fact_table: Default::default(),
        };
        (story, articles)
    }

    #[test]
    fn story_view_orders_by_time_links_safely_and_escapes() {
        let (story, articles) = story();
        let refs: Vec<&ArticleEntry> = articles.iter().collect();
        let page = story_body(&story, &refs, Links::default());
        assert!(!page.contains("<script") && !page.contains("<b>"), "{page}");
        assert!(
            page.contains("first reported by <strong>Gazette</strong> (14 Mar 2026, 09:30 UTC)")
        );
        // Articles in time order, undated last; only the https URL is a link.
        let at = |id: &str| page.find(&format!("id=\"art-{id}\"")).unwrap();
        assert!(at("early") < at("late") && at("late") < at("undated"));
        assert!(page.contains("href=\"https://h.example/a\""));
        assert!(!page.contains("javascript:") && !page.contains("ftp://"));
        // Citations numbered by time and sorted: early is [1].
        assert!(page.contains(">[1]</a><a href=\"#art-late\""), "{page}");
        // The conflict comes first and carries both outlets' sources.
        let conflict = page.find("c-conflict").unwrap();
        assert!(conflict < page.find("<h2>Headlines</h2>").unwrap());
        assert!(page[conflict..].contains("&quot;article&quot;:&quot;early&quot;"));
        assert!(page[conflict..].contains("&quot;article&quot;:&quot;late&quot;"));
        // Labelled charts; the undated article sits apart.
        assert!(page.contains(
            "aria-label=\"Coverage: 3 articles from 3 outlets: Gazette 1, Herald 1, unknown 1\""
        ));
        assert!(page.contains("aria-label=\"Coverage timeline: 2 dated articles, 14 Mar 2026, 09:30 UTC – 14 Mar 2026, 15:00 UTC, 1 undated article\""));
        assert!(page.contains(">undated</text>"));
    }

    #[test]
    fn ticks_label_hours_for_a_day_and_dates_for_weeks() {
        let t = ticks(20_000.3, 20_000.7);
        assert!(t.len() >= 2 && t[0].1.contains(':'), "{t:?}");
        let t = ticks(20_000.0, 20_030.0);
        assert!(
            t.len() >= 2 && t.iter().all(|(_, l)| !l.contains(':')),
            "{t:?}"
        );
    }

    #[test]
    fn badges_are_capped() {
        let outlets = [("A", 3), ("B", 2), ("C", 1), ("D", 1)];
        let b = outlet_badges(&outlets, 2);
        assert_eq!(b.matches("class=\"badge\"").count(), 2);
        assert!(b.contains("+2 more"));
    }
}
