//! Time-budgeted mutation fuzzers for the input parsers other than HTML:
//! JSONL article lines, JSONL cluster lines (`documents` lists and
//! Multi-News `document` strings), RSS/Atom feeds and the front matter of
//! text files. Same machinery as
//! `fuzz_html.rs` (`fuzz/mod.rs`); each target fails on the first panic and
//! prints how many inputs it tried.
//!
//! ```text
//! NEWSWEAVE_FUZZ_SECS=20 cargo test -p newsweave --test fuzz_inputs -- --ignored --nocapture --test-threads 1
//! ```

mod fuzz;

use std::path::PathBuf;

use newsweave::ingest::{check_text, feed_links, from_json_line, from_text_file, Record};

/// JSON fragments that stress a record parser: field names, wrong types,
/// escapes (lone surrogates, NUL), huge numbers, deep nesting, separators.
const JSON_DICT: &[&str] = &[
    "\"id\"",
    "\"text\"",
    "\"html\"",
    "\"documents\"",
    "\"document\"",
    "\"url\"",
    "\"title\"",
    "\"outlet\"",
    "\"date\"",
    "\"author\"",
    ":",
    ",",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1e999",
    "12345678901234567890123",
    "\"\"",
    "\" \"",
    "\\u0000",
    "\\ud800",
    "\\udfff",
    "\\n",
    "\\r\\n",
    "\\\"",
    "|||||",
    " ||||| ",
    "[[[[[[[[",
    "{\"a\":{\"a\":{\"a\":",
    "\u{feff}",
    "\u{fffd}",
    "\u{0}",
    "\"http://[::1\"",
    "\"https://\"",
    "\"2024-13-45T99:99\"",
    "\"<html><body><p>A page.</p></body></html>\"",
    "\"<!doctype html><div>x\"",
    "\"Mr. Smith said: \\\"Yes.\\\"\"",
    "\t",
    "\r",
];

/// XML fragments for feeds: elements of RSS 2.0, RSS 1.0 and Atom,
/// entities, CDATA, namespaces, odd dates and links.
const XML_DICT: &[&str] = &[
    "<item>",
    "</item>",
    "<entry>",
    "</entry>",
    "<link>",
    "</link>",
    "<link href=\"",
    "\" rel=\"alternate\"/>",
    "<guid>",
    "</guid>",
    "<id>",
    "</id>",
    "<title>",
    "</title>",
    "<description>",
    "</description>",
    "<pubDate>",
    "</pubDate>",
    "<updated>",
    "</updated>",
    "Mon, 32 Foo 2024 25:61:61 +9999",
    "2024-02-30T24:00:00Z",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&undefined;",
    "<!--",
    "-->",
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE rss [<!ENTITY e \"x\">]>",
    "xmlns=\"http://www.w3.org/2005/Atom\"",
    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"",
    "<rss version=\"2.0\">",
    "<channel>",
    "</channel>",
    "</rss>",
    "<feed>",
    "</feed>",
    "http://",
    "https://",
    "../",
    "//",
    "javascript:",
    "<media:content url=\"",
    "<content type=\"html\">",
    "</content>",
    "\u{feff}",
    "\u{0}",
    "<",
    ">",
    "\"",
    "'",
];

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The bundled JSONL lines and texts, and hand-made article lines.
fn article_seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    if let Ok(text) = std::fs::read_to_string(examples().join("corpus/wire.jsonl")) {
        out.extend(text.lines().map(|l| l.as_bytes().to_vec()));
    }
    for text in texts() {
        out.push(
            serde_json::json!({"id": "t", "text": text})
                .to_string()
                .into_bytes(),
        );
    }
    out.push(
        serde_json::json!({
            "id": 7, "html": "<html><body><article><p>The council met on Tuesday and voted to keep the library open.</p></article></body></html>",
            "url": "https://news.example/a", "title": "Library", "outlet": null, "date": "2024-01-02"
        })
        .to_string()
        .into_bytes(),
    );
    out.push(br#"{"id": "x", "text": 12, "extra": [1, {"a": null}]}"#.to_vec());
    out
}

/// The bundled plain-text articles.
fn texts() -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(examples().join("corpus")) {
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    out.push(t);
                }
            }
        }
    }
    out.push("Mr Smith said: \u{201c}Prices will rise.\u{201d}".into());
    out
}

/// Cluster lines in both forms, with text and HTML documents.
fn cluster_seeds() -> Vec<Vec<u8>> {
    let texts = texts();
    let page = "<html><body><article><p>About 240 homes were flooded when the river burst its banks.</p></article></body></html>";
    vec![
        serde_json::json!({"id": "c1", "documents": texts})
            .to_string()
            .into_bytes(),
        serde_json::json!({"id": 2, "document": texts.join(" ||||| ")})
            .to_string()
            .into_bytes(),
        serde_json::json!({"id": "c3", "documents": ["", page, "Short one."]})
            .to_string()
            .into_bytes(),
        br#"{"id": "c4", "document": " ||||| Only this. |||||"}"#.to_vec(),
    ]
}

/// RSS 2.0, RSS 1.0 and Atom feeds.
fn feed_seeds() -> Vec<Vec<u8>> {
    [
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
<item><title>Floods</title><link>https://news.example/floods</link><guid>https://news.example/floods</guid>
<pubDate>Fri, 14 Mar 2026 09:00:00 GMT</pubDate><description><![CDATA[<p>About 240 homes.</p>]]></description></item>
<item><title>Trams</title><link>/trams</link><guid isPermaLink="false">t-1</guid></item>
</channel></rss>"#,
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2026-03-14T09:00:00Z</updated>
<entry><title>Floods</title><id>https://wire.example/1</id><link rel="alternate" href="https://wire.example/1"/>
<link rel="enclosure" href="https://wire.example/1.jpg"/><updated>2026-03-14T09:00:00Z</updated><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry>
<entry><title>No link</title><id>tag:wire.example,2026:2</id><updated>2026-03-14T10:00:00Z</updated></entry>
</feed>"#,
        r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://old.example/"><title>Old</title><link>https://old.example/</link></channel>
<item rdf:about="https://old.example/a"><title>A</title><link>https://old.example/a</link></item>
</rdf:RDF>"#,
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}

/// Front-matter keys and values, good and bad.
const FRONT_DICT: &[&str] = &[
    "---\n",
    "---\r\n",
    "title: ",
    "outlet: ",
    "date: ",
    "url: ",
    "author: ",
    "Title:",
    "\"quoted\"",
    "'single'",
    "2016-10-11",
    "2016-10-11T09:30:00Z",
    "2016-13-40",
    "soon",
    "https://www.itv.com/news/x",
    "ftp://x",
    "javascript:alert(1)",
    ":",
    "\n",
    "\u{feff}",
    "\u{0}",
    "key without colon",
    "   ",
    "\t",
];

/// Text files with and without front matter.
fn front_matter_seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = texts().into_iter().map(String::into_bytes).collect();
    out.push(
        b"---\ntitle: Johnson calls for protests\noutlet: ITV News\ndate: 2016-10-11T09:30:00Z\nurl: https://www.itv.com/news/x\nauthor: Jane Doe\n---\nThe Foreign Secretary said so.\n"
            .to_vec(),
    );
    out.push(
        "\u{feff}---\r\nTitle: \"Quoted\"\r\n---\r\nBody."
            .as_bytes()
            .to_vec(),
    );
    out
}

/// Parses `line` as the CLI does (UTF-8 first) and checks what it gives.
fn parse_line(line: &[u8]) -> bool {
    let Ok(line) = std::str::from_utf8(line) else {
        return false;
    };
    // The accessors the commands use, on any object.
    if let Ok(record) = Record::parse(line) {
        let _ = record.id();
        let _ = record.documents();
        for field in ["text", "html", "url", "title", "outlet", "author", "date"] {
            let _ = record.str(field);
        }
    }
    match from_json_line(line) {
        Ok(articles) => {
            assert!(!articles.is_empty(), "a parsed line gives an article");
            for a in &articles {
                assert!(!a.id.0.trim().is_empty(), "an article has an id");
                assert!(!a.text.trim().is_empty(), "an article has text");
            }
            true
        }
        Err(e) => {
            assert!(!e.to_string().is_empty(), "an error says why");
            false
        }
    }
}

/// The line as mutated, then its bytes (decoded leniently) as the value of
/// `field` in a well-formed record, so that mutations reach the field
/// checks and text handling behind the JSON syntax too.
fn parse_both(line: &[u8], field: &str) -> bool {
    let raw = parse_line(line);
    let value = String::from_utf8_lossy(line);
    let embedded = serde_json::json!({"id": "f", field: value}).to_string();
    parse_line(embedded.as_bytes()) || raw
}

#[test]
#[ignore = "time-budgeted fuzzing: run with --ignored (CI does)"]
fn fuzz_jsonl_articles() {
    fuzz::run(
        "jsonl-articles",
        "jsonl",
        &article_seeds(),
        JSON_DICT,
        |line| parse_both(line, "text"),
    );
}

#[test]
#[ignore = "time-budgeted fuzzing: run with --ignored (CI does)"]
fn fuzz_jsonl_clusters() {
    fuzz::run(
        "jsonl-clusters",
        "jsonl",
        &cluster_seeds(),
        JSON_DICT,
        |line| parse_both(line, "document"),
    );
}

#[test]
#[ignore = "time-budgeted fuzzing: run with --ignored (CI does)"]
fn fuzz_feeds() {
    fuzz::run(
        "feeds",
        "xml",
        &feed_seeds(),
        XML_DICT,
        |bytes| match feed_links(bytes, Some("https://news.example/feed.xml")) {
            Ok(links) => {
                assert!(links.iter().all(|l| !l.is_empty()), "no empty link");
                true
            }
            Err(_) => false,
        },
    );
}

#[test]
#[ignore = "time-budgeted fuzzing: run with --ignored (CI does)"]
fn fuzz_front_matter() {
    fuzz::run(
        "front-matter",
        "txt",
        &front_matter_seeds(),
        FRONT_DICT,
        |bytes| {
            // As the CLI reads a text file: lenient decoding, then the checks.
            let text = String::from_utf8_lossy(bytes).into_owned();
            match from_text_file("f", text) {
                Ok(article) => check_text(&article.text).is_ok(),
                Err(e) => {
                    assert!(!e.to_string().is_empty(), "an error says why");
                    false
                }
            }
        },
    );
}

/// The seeds themselves parse (so the fuzzers start from valid inputs).
#[test]
fn seeds_are_valid_inputs() {
    for line in article_seeds().iter().take(2) {
        assert!(parse_line(line), "{}", String::from_utf8_lossy(line));
    }
    for line in &cluster_seeds() {
        assert!(parse_line(line), "{}", String::from_utf8_lossy(line));
    }
    let links = feed_links(&feed_seeds()[0], Some("https://news.example/feed.xml")).unwrap();
    assert_eq!(links[0], "https://news.example/floods");
    for feed in &feed_seeds() {
        assert!(!feed_links(feed, None).unwrap().is_empty());
    }
    let meta = from_text_file(
        "f",
        String::from_utf8(front_matter_seeds().pop().unwrap()).unwrap(),
    );
    assert_eq!(meta.unwrap().title.as_deref(), Some("Quoted"));
}
