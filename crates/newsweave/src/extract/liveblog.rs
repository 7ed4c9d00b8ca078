//! Live blogs: a page of timed entries → one [`Entry`] per update.
//!
//! Two sources, the first that yields entries wins:
//!
//! 1. schema.org `LiveBlogPosting` JSON-LD: each `liveBlogUpdate` with its
//!    `headline`, `articleBody` and `datePublished`.
//! 2. The page itself: the element with the most children of one kind
//!    (same tag and first class) that each carry a time (a `<time>` element
//!    or a lone time stamp such as `5:52pm`) and a few words of text. Each
//!    such child is an entry: its first heading is the headline, the time
//!    its time, the rest (without captions, share prompts and other
//!    boilerplate) its body. Siblings of the same kind without a time are
//!    entries too, with no time.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};
use serde::Serialize;

use super::blocks::{self, Kind};
use super::{filter, hints, meta, Reason};

/// One update of a live blog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The update's headline, when it has one.
    pub headline: Option<String>,
    /// When it was posted: ISO 8601 when the page gives a machine-readable
    /// time, else the time as shown (`5:52pm`); `None` when the page gives none.
    pub time: Option<String>,
    /// The update's text, paragraphs separated by a blank line.
    pub body: String,
}

/// Fewest timed entries that make a page a live blog.
const MIN_TIMED: usize = 3;

/// Words an entry's body needs.
const MIN_WORDS: usize = 5;

/// The entries of a live-blog page, or nothing for other pages.
pub(crate) fn entries(doc: &Document) -> Vec<Entry> {
    let from_ld = json_ld(doc);
    if from_ld.len() >= 2 {
        return from_ld;
    }
    from_dom(doc)
}

fn json_ld(doc: &Document) -> Vec<Entry> {
    let mut out = Vec::new();
    for script in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&script.text()) else {
            continue;
        };
        collect_updates(&value, &mut out, 0);
    }
    out
}

fn collect_updates(value: &serde_json::Value, out: &mut Vec<Entry>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        serde_json::Value::Array(items) => {
            for v in items {
                collect_updates(v, out, depth + 1);
            }
        }
        serde_json::Value::Object(map) => {
            if let Some(updates) = map.get("liveBlogUpdate") {
                let updates = match updates {
                    serde_json::Value::Array(a) => a.iter().collect(),
                    other => vec![other],
                };
                for u in updates {
                    let s = |k: &str| u.get(k).and_then(|v| v.as_str()).and_then(meta::tidy);
                    let body = s("articleBody").unwrap_or_default();
                    if filter::words(&body).next().is_none() {
                        continue;
                    }
                    let time = s("datePublished").or_else(|| s("dateCreated"));
                    out.push(Entry {
                        headline: s("headline"),
                        time: time.map(|t| meta::iso_date(&t).unwrap_or(t)),
                        body,
                    });
                }
                return;
            }
            for v in map.values() {
                collect_updates(v, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn from_dom(doc: &Document) -> Vec<Entry> {
    let mut best: Vec<Entry> = Vec::new();
    let mut best_timed = 0;
    for parent in doc.select("body *").nodes() {
        let children = parent.element_children();
        if children.len() < MIN_TIMED {
            continue;
        }
        let mut groups: HashMap<String, Vec<&NodeRef<'_>>> = HashMap::new();
        for c in &children {
            groups.entry(kind_of(c)).or_default().push(c);
        }
        for (kind, members) in groups {
            if members.len() < MIN_TIMED || hints::of_element("", &kind) == Some(Reason::Comments) {
                continue;
            }
            let found: Vec<Entry> = members.iter().filter_map(|c| entry_of(c)).collect();
            let timed = found.iter().filter(|e| e.time.is_some()).count();
            if timed >= MIN_TIMED && timed * 2 >= found.len() && timed > best_timed {
                best_timed = timed;
                best = found;
            }
        }
    }
    best
}

/// Tag and first class: what makes siblings entries of one list.
fn kind_of(node: &NodeRef<'_>) -> String {
    let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
    let class = node
        .attr("class")
        .map(|c| c.to_string())
        .unwrap_or_default();
    let first = class.split_whitespace().next().unwrap_or("");
    format!("{name} {first}")
}

fn entry_of(node: &NodeRef<'_>) -> Option<Entry> {
    let mut blocks = blocks::blocks_under(node);
    let mut time = node.find(&["time"]).first().and_then(|t| {
        t.attr("datetime")
            .and_then(|d| meta::iso_date(&d))
            .or_else(|| meta::tidy(&t.text()))
    });
    // A lone time stamp among the first blocks.
    if let Some(i) = blocks.iter().take(4).position(|b| {
        filter::boilerplate_reason(b) == Some(Reason::Byline) && filter::is_time(&b.text)
    }) {
        let b = blocks.remove(i);
        time.get_or_insert(b.text);
    }
    let headline = blocks
        .iter()
        .position(|b| b.kind == Kind::Heading)
        .filter(|&i| i < 3)
        .map(|i| blocks.remove(i).text);
    let verdicts = filter::judge(&blocks);
    let body: Vec<String> = blocks
        .into_iter()
        .zip(verdicts)
        .filter(|(b, r)| r.is_none() && b.link_density() < 0.5)
        .map(|(b, _)| b.text)
        .filter(|t| time.as_deref() != Some(t.as_str()))
        .collect();
    let body = body.join("\n\n");
    (filter::words(&body).count() >= MIN_WORDS).then_some(Entry {
        headline,
        time,
        body,
    })
}
