//! Front matter of a text input: metadata lines between two `---` lines at
//! the top of a `.txt` or `.md` file (DESIGN.md §4):
//!
//! ```text
//! ---
//! title: Johnson calls for protests
//! outlet: ITV News
//! date: 2016-10-11T09:30:00Z
//! url: https://www.itv.com/news/...
//! author: Jane Doe
//! ---
//! The article text...
//! ```
//!
//! Keys are case-insensitive; a value may be quoted; unknown keys are
//! ignored, like unknown JSONL fields. Written by hand: the format is five
//! flat `key: value` lines, and a YAML parser would accept (and need
//! rejecting) far more than this.

use crate::stories::days_since_epoch;
use crate::{Error, Result};

/// Metadata given in front matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Headline.
    pub title: Option<String>,
    /// Outlet name.
    pub outlet: Option<String>,
    /// Publication date, ISO 8601.
    pub date: Option<String>,
    /// Original address, `http(s)://`.
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
}

/// Lines read before giving up on finding the closing `---`.
const MAX_LINES: usize = 64;

/// Splits `text` into its front matter and the byte offset where the body
/// starts; `None` when the text does not open with a `---` line. A block
/// that opens but is malformed (no closing `---`, a line that is not
/// `key: value`, a date that is not ISO 8601, a URL that is not `http(s)`)
/// is an error naming the line and field.
pub fn split(text: &str) -> Result<Option<(FrontMatter, usize)>> {
    let start = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
    let mut lines = text[start..].split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    if first.trim_end() != "---" {
        return Ok(None);
    }
    let mut meta = FrontMatter::default();
    let mut at = start + first.len();
    let mut keyed = false;
    for (i, line) in lines.enumerate().take(MAX_LINES) {
        let n = i + 2;
        at += line.len();
        let line = line.trim();
        if line == "---" {
            return Ok(Some((meta, at)));
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let pair = line.split_once(':').filter(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        });
        let Some((key, value)) = pair else {
            if !keyed {
                // A rule (`---`) above ordinary text, not front matter.
                return Ok(None);
            }
            return Err(bad(n, format!("expected `key: value`, found {line:?}")));
        };
        keyed = true;
        let value = unquote(value.trim());
        if value.is_empty() {
            continue;
        }
        let value = value.to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => meta.title = Some(value),
            "outlet" | "source" | "publisher" => meta.outlet = Some(value),
            "author" | "byline" => meta.author = Some(value),
            "date" => {
                if days_since_epoch(&value).is_none() {
                    return Err(bad(
                        n,
                        format!("field `date`: {value:?} is not an ISO 8601 date (2016-10-11 or 2016-10-11T09:30:00Z)"),
                    ));
                }
                meta.date = Some(value);
            }
            "url" => {
                if crate::report::view::safe_url(Some(&value)).is_none() {
                    return Err(bad(
                        n,
                        format!("field `url`: {value:?} is not an http(s) URL"),
                    ));
                }
                meta.url = Some(value);
            }
            _ => {}
        }
    }
    Err(bad(
        1,
        format!("front matter opened here is not closed by a `---` line within {MAX_LINES} lines"),
    ))
}

fn bad(line: usize, what: String) -> Error {
    Error::BadInput(format!("front matter line {line}: {what}"))
}

/// `value` without one pair of surrounding quotes.
fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_and_where_the_body_starts() {
        let text =
            "---\nTitle: \"Johnson: protest\"\noutlet: ITV News\ndate: 2016-10-11T09:30:00Z\n\
                    url: https://www.itv.com/news/x\nauthor: Jane Doe\nlang: en\n---\nBody here.\n";
        let (meta, at) = split(text).unwrap().unwrap();
        assert_eq!(meta.title.as_deref(), Some("Johnson: protest"));
        assert_eq!(meta.outlet.as_deref(), Some("ITV News"));
        assert_eq!(meta.date.as_deref(), Some("2016-10-11T09:30:00Z"));
        assert_eq!(meta.url.as_deref(), Some("https://www.itv.com/news/x"));
        assert_eq!(meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(&text[at..], "Body here.\n");
    }

    #[test]
    fn plain_text_has_none() {
        assert_eq!(split("Just text.\n---\n").unwrap(), None);
        assert_eq!(split("").unwrap(), None);
        assert_eq!(split("---\nA rule, then text.\n").unwrap(), None);
        let crlf = split("\u{feff}---\r\noutlet: A\r\n---\r\nx")
            .unwrap()
            .unwrap();
        assert_eq!(crlf.0.outlet.as_deref(), Some("A"));
    }

    #[test]
    fn malformed_blocks_name_line_and_field() {
        let e = split("---\noutlet: A\nno colon here\n---\nx")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3") && e.contains("key: value"), "{e}");
        let e = split("---\ndate: yesterday\n---\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("`date`"), "{e}");
        let e = split("---\nurl: javascript:alert(1)\n---\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`url`"), "{e}");
        let e = split("---\ntitle: x\n").unwrap_err().to_string();
        assert!(e.contains("not closed"), "{e}");
    }
}
