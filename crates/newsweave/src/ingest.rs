//! Ingest: input records (plain text, HTML, JSONL lines) → [`Article`]s.
//!
//! The caller reads files; this module only decides what a record holds.
//! JSONL lines are either one article (`text` or `html`, with optional
//! metadata) or one cluster (`documents: [...]`, or Multi-News'
//! `document: "a ||||| b"`), which yields one article per document.

use std::path::Path;

use serde::Deserialize;

use crate::extract::{extract_html, outlet_from_url};
use crate::model::{Article, ArticleId};
use crate::{Error, Result};

/// What a file holds, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text: one article.
    Text,
    /// An HTML page: one article.
    Html,
    /// JSON Lines: one article or one cluster a line.
    Jsonl,
    /// A web archive (`.warc`, `.warc.gz`): one article per HTML response
    /// record (see [`crate::warc`]).
    Warc,
}

impl InputKind {
    /// The kind of `path` by its extension (ignoring a final `.gz`), or
    /// `None` for files newsweave does not read.
    pub fn of_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.')?.1;
        match ext {
            "txt" | "text" | "md" => Some(InputKind::Text),
            "html" | "htm" | "xhtml" => Some(InputKind::Html),
            "jsonl" | "ndjson" => Some(InputKind::Jsonl),
            "warc" => Some(InputKind::Warc),
            _ => None,
        }
    }
}

/// Separator of documents in Multi-News' raw cluster form.
pub const MULTI_NEWS_SEPARATOR: &str = "|||||";

/// True when `text` looks like HTML rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(1024).collect();
    let head = head.to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<')
            && (head.contains("<body") || head.contains("<p>") || head.contains("<div")))
}

/// An article from plain text; the title is the first line when it is
/// headline-shaped (short and without final punctuation).
pub fn from_text(id: &str, text: String) -> Article {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let words = first.split_whitespace().count();
    let headline = (4..=30).contains(&words) && !crate::segment::ends_sentence(first);
    Article {
        id: ArticleId(id.to_string()),
        title: headline.then(|| first.to_string()),
        text,
        ..Article::default()
    }
}

/// An article from a text file: its front matter ([`crate::front_matter`])
/// gives title, outlet, date, URL and author, and the text after it is the
/// article's text; without front matter, as [`from_text`]. The outlet comes
/// from the front matter or the URL, never from the file name.
pub fn from_text_file(id: &str, text: String) -> Result<Article> {
    let Some((meta, body)) = crate::front_matter::split(&text)? else {
        return Ok(from_text(id, text));
    };
    let mut article = from_text(id, text[body..].to_string());
    article.title = meta.title.or(article.title);
    article.outlet = meta
        .outlet
        .or_else(|| meta.url.as_deref().and_then(outlet_from_url));
    article.date = meta.date;
    article.url = meta.url;
    article.author = meta.author;
    Ok(article)
}

/// An article from an HTML page: the extracted body becomes its text.
pub fn from_html(id: &str, html: &str, url: Option<&str>) -> Result<Article> {
    Ok(from_extracted(id, extract_html(html, url)?, url))
}

/// The article of an extracted page `id` that came from `url`.
pub fn from_extracted(id: &str, page: crate::extract::Extracted, url: Option<&str>) -> Article {
    let outlet = page
        .outlet
        .or_else(|| page.url.as_deref().or(url).and_then(outlet_from_url));
    Article {
        id: ArticleId(id.to_string()),
        url: page.url.or(url.map(str::to_string)),
        outlet,
        title: page.title,
        author: page.author,
        date: page.date,
        text: page.text,
        ..Article::default()
    }
}

/// One JSONL record as accepted on input; unknown fields are ignored.
#[derive(Debug, Deserialize)]
struct Record {
    id: serde_json::Value,
    text: Option<String>,
    html: Option<String>,
    documents: Option<Vec<String>>,
    document: Option<String>,
    url: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    date: Option<String>,
}

/// The `id` of an input record as a string: a non-empty string or a number;
/// anything else (or no id) is a [`Error::BadInput`] naming the field.
pub fn record_id(id: Option<&serde_json::Value>) -> Result<String> {
    match id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
        None | Some(serde_json::Value::Null) => Err(Error::BadInput("missing field `id`".into())),
        Some(other) => Err(Error::BadInput(format!(
            "field `id` must be a string or number, not {other}"
        ))),
    }
}

/// Parses one JSONL line into its articles: one for an article line, one per
/// document for a cluster line (ids `ID#0`, `ID#1`...).
pub fn from_json_line(line: &str) -> Result<Vec<Article>> {
    let record: Record = serde_json::from_str(line)?;
    let id = record_id(Some(&record.id))?;
    let cluster = record.documents.clone().or_else(|| {
        record.document.as_ref().map(|d| {
            d.split(MULTI_NEWS_SEPARATOR)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
    });
    if let Some(documents) = cluster {
        return documents
            .into_iter()
            .enumerate()
            .map(|(i, doc)| {
                let doc_id = format!("{id}#{i}");
                let mut article = if looks_like_html(&doc) {
                    from_html(&doc_id, &doc, None)?
                } else {
                    from_text(&doc_id, doc)
                };
                article.cluster = Some(id.clone());
                Ok(article)
            })
            .collect();
    }
    let mut article = match (record.text, record.html) {
        (Some(text), _) => from_text(&id, text),
        (None, Some(html)) => from_html(&id, &html, record.url.as_deref())?,
        (None, None) => {
            return Err(Error::BadInput(
                "no `text`, `html`, `documents` or `document` field".into(),
            ))
        }
    };
    article.url = record.url.or(article.url);
    article.title = record.title.or(article.title);
    article.outlet = record
        .outlet
        .or(article.outlet)
        .or_else(|| article.url.as_deref().and_then(outlet_from_url));
    article.author = record.author.or(article.author);
    article.date = record.date.or(article.date);
    Ok(vec![article])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_sniffing_survives_multibyte_text() {
        let text = "’".repeat(600);
        assert!(!looks_like_html(&text));
        assert!(looks_like_html(
            "  <!DOCTYPE html><html><body><p>x</p></body></html>"
        ));
    }

    #[test]
    fn kinds_by_extension() {
        assert_eq!(
            InputKind::of_path(Path::new("a/b.html.gz")),
            Some(InputKind::Html)
        );
        assert_eq!(
            InputKind::of_path(Path::new("x.JSONL")),
            Some(InputKind::Jsonl)
        );
        assert_eq!(
            InputKind::of_path(Path::new("x.txt")),
            Some(InputKind::Text)
        );
        assert_eq!(
            InputKind::of_path(Path::new("CC-NEWS-1.warc.gz")),
            Some(InputKind::Warc)
        );
        assert_eq!(InputKind::of_path(Path::new("x.png")), None);
    }

    #[test]
    fn article_line_keeps_metadata() {
        let got = from_json_line(r#"{"id": "a1", "text": "Hello there.", "url": "https://www.itv.com/news/x", "date": "2016-10-11", "extra": 3}"#).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id.0, "a1");
        assert_eq!(got[0].outlet.as_deref(), Some("itv.com"));
        assert_eq!(got[0].date.as_deref(), Some("2016-10-11"));
    }

    #[test]
    fn multi_news_cluster_line_splits_documents() {
        let got =
            from_json_line(r#"{"id": 7, "document": "First story. ||||| Second story. |||||"}"#)
                .unwrap();
        let ids: Vec<&str> = got.iter().map(|a| a.id.0.as_str()).collect();
        assert_eq!(ids, ["7#0", "7#1"]);
        assert_eq!(got[1].text, "Second story.");
        assert!(got.iter().all(|a| a.cluster.as_deref() == Some("7")));
    }

    #[test]
    fn bad_lines_say_why() {
        let missing = from_json_line(r#"{"text": "x"}"#).unwrap_err().to_string();
        assert!(missing.contains("id"), "{missing}");
        let typed = from_json_line(r#"{"id": [1], "text": "x"}"#)
            .unwrap_err()
            .to_string();
        assert!(typed.contains("`id`"), "{typed}");
        assert!(from_json_line("not json").is_err());
        assert!(from_json_line(r#"{"id": "x"}"#)
            .unwrap_err()
            .to_string()
            .contains("no `text`"));
    }

    #[test]
    fn text_files_take_metadata_from_front_matter() {
        let a = from_text_file(
            "x",
            "---\noutlet: Riverside Gazette\ndate: 2016-10-11\ntitle: Flood\n---\nThe river rose."
                .into(),
        )
        .unwrap();
        assert_eq!(a.outlet.as_deref(), Some("Riverside Gazette"));
        assert_eq!(a.date.as_deref(), Some("2016-10-11"));
        assert_eq!(a.title.as_deref(), Some("Flood"));
        assert_eq!(a.text, "The river rose.");
        let b = from_text_file(
            "y",
            "---\nurl: https://www.bbc.co.uk/news/1\n---\nText.".into(),
        )
        .unwrap();
        assert_eq!(b.outlet.as_deref(), Some("bbc.co.uk"));
        let plain = from_text_file("z", "The river rose.".into()).unwrap();
        assert_eq!(
            (plain.outlet, plain.text.as_str()),
            (None, "The river rose.")
        );
        assert!(from_text_file("w", "---\ndate: soon\n---\nx".into()).is_err());
    }

    #[test]
    fn text_title_is_a_headline_first_line() {
        let a = from_text(
            "x",
            "Johnson calls for protests\n\nThe Foreign Secretary said so.".into(),
        );
        assert_eq!(a.title.as_deref(), Some("Johnson calls for protests"));
        let b = from_text("y", "The Foreign Secretary said so. He left.".into());
        assert_eq!(b.title, None);
    }
}
