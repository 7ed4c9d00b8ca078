//! Ingest: input records (plain text, HTML, JSONL lines) → [`Article`]s.
//!
//! The caller reads files; this module only decides what a record holds.
//! JSONL lines are either one article (`text` or `html`, with optional
//! metadata) or one cluster (`documents: [...]`, or Multi-News'
//! `document: "a ||||| b"`), which yields one article per document.

use std::path::Path;

use serde_json::Value;

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

/// One JSONL input record: a JSON object whose fields are read by name.
/// Unknown fields are ignored; every error names the field in plain words
/// (the caller adds the file and line).
#[derive(Debug)]
pub struct Record(serde_json::Map<String, Value>);

impl Record {
    /// Parses one line: a JSON object, or a [`Error::BadInput`] saying what
    /// is wrong and at which column.
    pub fn parse(line: &str) -> Result<Record> {
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => Ok(Record(map)),
            Ok(other) => Err(Error::BadInput(format!(
                "not a JSON object: the line holds {}",
                describe(&other)
            ))),
            Err(e) => Err(Error::BadInput(json_error(&e))),
        }
    }

    /// Field `name` as a string: `None` when absent or null, an error
    /// naming the field when it holds anything else.
    pub fn str(&self, name: &str) -> Result<Option<&str>> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(Error::BadInput(format!(
                "wrong type: field `{name}` must be a string, not {}",
                describe(other)
            ))),
        }
    }

    /// Field `name` as a string, or an error when it is absent.
    pub fn required(&self, name: &str) -> Result<&str> {
        self.str(name)?
            .ok_or_else(|| Error::BadInput(format!("missing field `{name}`")))
    }

    /// The record's `id`: a non-empty string or a number.
    pub fn id(&self) -> Result<String> {
        record_id(self.0.get("id"))
    }

    /// True when field `name` is present and not null.
    pub fn has(&self, name: &str) -> bool {
        self.0.get(name).is_some_and(|v| !v.is_null())
    }

    /// A cluster record's documents: `documents: [...]` as given, or
    /// Multi-News' `document: "a ||||| b"` split, trimmed and without blank
    /// parts; `None` for an article record.
    pub fn documents(&self) -> Result<Option<Vec<String>>> {
        let bad_list = |what: String| {
            Error::BadInput(format!(
                "wrong type: field `documents` must be a list of strings, {what}"
            ))
        };
        match (self.0.get("documents"), self.str("document")?) {
            (Some(Value::Array(items)), _) => items
                .iter()
                .enumerate()
                .map(|(i, d)| match d {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(bad_list(format!("but item {i} is {}", describe(other)))),
                })
                .collect::<Result<_>>()
                .map(Some),
            (Some(Value::Null) | None, Some(d)) => Ok(Some(
                d.split(MULTI_NEWS_SEPARATOR)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            )),
            (Some(Value::Null) | None, None) => Ok(None),
            (Some(other), _) => Err(bad_list(format!("not {}", describe(other)))),
        }
    }
}

/// A JSON value's kind in plain words, with a short excerpt.
fn describe(value: &Value) -> String {
    let excerpt = |s: String| -> String {
        if s.chars().count() > 40 {
            format!("{}…", s.chars().take(40).collect::<String>())
        } else {
            s
        }
    };
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("true/false ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("a string ({})", excerpt(format!("{s:?}"))),
        Value::Array(items) => format!("a list of {} item(s)", items.len()),
        Value::Object(_) => "an object".into(),
    }
}

/// A JSON syntax error in plain words, with its column (a record is one
/// line, so serde's "line 1" says nothing).
fn json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "the line ends before the JSON object does".to_string(),
        _ => {
            let text = e.to_string();
            // serde_json appends " at line L column C"; the column is given below.
            match text.rfind(" at line ") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    };
    format!("not valid JSON: {what} (at column {})", e.column())
}

/// The `id` of an input record as a string: a non-empty string or a number;
/// anything else (or no id) is a [`Error::BadInput`] naming the field.
pub fn record_id(id: Option<&Value>) -> Result<String> {
    match id {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        None | Some(Value::Null) => Err(Error::BadInput("missing field `id`".into())),
        Some(other) => Err(Error::BadInput(format!(
            "wrong type: field `id` must be a non-empty string or a number, not {}",
            describe(other)
        ))),
    }
}

/// Refuses text that cannot be an article: blank, or binary data (mostly
/// control or undecodable characters, as [`crate::extract`] refuses for
/// pages).
pub fn check_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::BadInput("empty text".into()));
    }
    if crate::extract::looks_binary(text) {
        return Err(Error::BadInput(
            "not text: mostly control or undecodable characters".into(),
        ));
    }
    Ok(())
}

/// Parses one JSONL line into its articles: one for an article line, one per
/// non-blank document for a cluster line (ids `ID#0`, `ID#1`... by the
/// document's place in the record).
pub fn from_json_line(line: &str) -> Result<Vec<Article>> {
    let record = Record::parse(line)?;
    let id = record.id()?;
    if let Some(documents) = record.documents()? {
        let articles: Vec<Article> = documents
            .into_iter()
            .enumerate()
            .filter(|(_, doc)| !doc.trim().is_empty())
            .map(|(i, doc)| {
                let doc_id = format!("{id}#{i}");
                let mut article = if looks_like_html(&doc) {
                    from_html(&doc_id, &doc, None)?
                } else {
                    check_text(&doc).map_err(|e| Error::BadInput(format!("{e} (document {i})")))?;
                    from_text(&doc_id, doc)
                };
                article.cluster = Some(id.clone());
                Ok(article)
            })
            .collect::<Result<_>>()?;
        if articles.is_empty() {
            return Err(Error::BadInput(
                "empty text: no document in the cluster".into(),
            ));
        }
        return Ok(articles);
    }
    let url = record.str("url")?;
    let mut article = match (record.str("text")?, record.str("html")?) {
        (Some(text), _) => {
            check_text(text).map_err(|e| Error::BadInput(format!("{e} (field `text`)")))?;
            from_text(&id, text.to_string())
        }
        (None, Some(html)) => from_html(&id, html, url)?,
        (None, None) => {
            return Err(Error::BadInput(
                "no `text`, `html`, `documents` or `document` field".into(),
            ))
        }
    };
    let meta = |name: &str| record.str(name).map(|v| v.map(str::to_string));
    article.url = url.map(str::to_string).or(article.url);
    article.title = meta("title")?.or(article.title);
    article.outlet = meta("outlet")?
        .or(article.outlet)
        .or_else(|| article.url.as_deref().and_then(outlet_from_url));
    article.author = meta("author")?.or(article.author);
    article.date = meta("date")?.or(article.date);
    Ok(vec![article])
}

/// The item links of an RSS or Atom feed, in feed order: each entry's
/// alternate (else first) link, else its id when that is an `http(s)` URL;
/// entries without a link are left out.
/// `base` resolves relative links.
pub fn feed_links(bytes: &[u8], base: Option<&str>) -> Result<Vec<String>> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(base)
        .build()
        .parse(bytes)
        .map_err(|e| Error::BadInput(format!("not an RSS or Atom feed: {e}")))?;
    let is_url = |s: &str| {
        let head = s.get(..8).unwrap_or(s).to_ascii_lowercase();
        head.starts_with("http://") || head.starts_with("https://")
    };
    Ok(feed
        .entries
        .iter()
        .filter_map(|e| {
            e.links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(e.links.first())
                .map(|l| l.href.clone())
                .or_else(|| is_url(&e.id).then(|| e.id.clone()))
        })
        .filter(|link| !link.trim().is_empty())
        .collect())
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

    fn error_of(line: &str) -> String {
        from_json_line(line).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_field_in_plain_words() {
        assert_eq!(
            error_of(r#"{"id": "a", "text": 12}"#),
            "wrong type: field `text` must be a string, not a number (12)"
        );
        assert_eq!(
            error_of(r#"[1, 2]"#),
            "not a JSON object: the line holds a list of 2 item(s)"
        );
        assert_eq!(
            error_of(r#"{"id": "a", "text": "x", "date": false}"#),
            "wrong type: field `date` must be a string, not true/false (false)"
        );
        assert_eq!(
            error_of(r#"{"id": "a", "documents": ["x", 3]}"#),
            "wrong type: field `documents` must be a list of strings, but item 1 is a number (3)"
        );
        let syntax = error_of(r#"{"id": "a" "text": "x"}"#);
        assert_eq!(syntax, "not valid JSON: expected `,` or `}` (at column 12)");
        assert!(error_of(r#"{"id": "a", "text": "x"#).contains("ends before the JSON object does"),);
        for e in [
            error_of(r#"{"id": "a", "text": 12}"#),
            error_of("[1]"),
            error_of("{"),
        ] {
            assert!(!e.contains("line 1"), "{e}");
            assert!(!e.contains("invalid type"), "{e}");
            assert!(!e.contains("struct"), "{e}");
        }
    }

    #[test]
    fn empty_and_binary_texts_are_refused() {
        assert_eq!(
            error_of(r#"{"id": "a", "text": ""}"#),
            "empty text (field `text`)"
        );
        assert_eq!(
            error_of(r#"{"id": "a", "text": " \n "}"#),
            "empty text (field `text`)"
        );
        assert!(
            error_of(r#"{"id": "a", "text": "\u0001\u0002\u0003\u0004\u0005"}"#)
                .contains("not text")
        );
        assert!(error_of(r#"{"id": "a", "documents": ["", " "]}"#).starts_with("empty text"));
        assert!(error_of(r#"{"id": "a", "document": " ||||| "}"#).starts_with("empty text"));
        // A blank document in a list is left out; the others keep their place.
        let got = from_json_line(r#"{"id": "c", "documents": ["", "Second."]}"#).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id.0, "c#1");
    }
}
