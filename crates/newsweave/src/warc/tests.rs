//! WARC files built with the `warc` crate's writer from the bundled pages.

use std::io::Write;

use ::warc::{RawRecordHeader, WarcHeader, WarcWriter};
use flate2::write::GzEncoder;

use super::*;

/// One record's bytes: WARC head and `block`.
fn record(kind: &str, id: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let headers = RawRecordHeader {
        version: "1.0".into(),
        headers: [
            (WarcHeader::WarcType, kind.as_bytes().to_vec()),
            (
                WarcHeader::RecordID,
                format!("<urn:uuid:{id}>").into_bytes(),
            ),
            (WarcHeader::Date, b"2016-10-11T09:00:00Z".to_vec()),
            (WarcHeader::TargetURI, uri.as_bytes().to_vec()),
            (
                WarcHeader::ContentLength,
                block.len().to_string().into_bytes(),
            ),
        ]
        .into_iter()
        .collect(),
    };
    let mut out = Vec::new();
    WarcWriter::new(&mut out)
        .write_raw(headers, &block)
        .expect("write to memory");
    out
}

/// An HTTP response with `media` and `body`.
fn http(status: &str, media: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Type: {media}\r\n\r\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

fn page_html(name: &str) -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    std::fs::read(root.join(name)).expect("bundled page")
}

/// A crawl of the bundled pages among the records a crawler also writes.
fn crawl() -> Vec<Vec<u8>> {
    vec![
        record("warcinfo", "0", "", b"software: test\r\n"),
        record(
            "request",
            "1",
            "https://www.itv.com/news/live",
            b"GET / HTTP/1.1\r\n\r\n",
        ),
        record(
            "response",
            "2",
            "https://www.itv.com/news/live",
            &http(
                "200 OK",
                "text/html; charset=utf-8",
                &page_html("pages/itv-liveblog.html"),
            ),
        ),
        record(
            "response",
            "3",
            "https://gazette.example/flood",
            &http(
                "200 OK",
                "text/html",
                &page_html("corpus/gazette-flood.html"),
            ),
        ),
        record(
            "response",
            "4",
            "https://gazette.example/logo.png",
            &http("200 OK", "image/png", b"\x89PNG"),
        ),
        record(
            "response",
            "5",
            "https://gazette.example/old",
            &http("301 Moved Permanently", "text/html", b""),
        ),
        record(
            "response",
            "6",
            "https://ledger.example/flood",
            &http(
                "200 OK",
                "text/html",
                &page_html("corpus/ledger-flood.html"),
            ),
        ),
    ]
}

/// Pages, skips and errors of a stream, as (what, record) pairs.
fn read(bytes: &[u8], gz: bool) -> (Vec<Page>, Vec<(usize, Skip)>, Vec<String>) {
    let (mut pages, mut skips, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for entry in WarcRecords::new(bytes, gz) {
        match entry {
            Ok(Entry::Page(p)) => pages.push(p),
            Ok(Entry::Skipped { record, reason }) => skips.push((record, reason)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (pages, skips, errors)
}

fn expected_skips() -> Vec<(usize, Skip)> {
    vec![
        (1, Skip::NotResponse("warcinfo".into())),
        (2, Skip::NotResponse("request".into())),
        (5, Skip::NotHtml("image/png".into())),
        (6, Skip::Status(301)),
    ]
}

#[test]
fn plain_and_gzipped_crawls_give_the_same_pages() {
    let records = crawl();
    let plain: Vec<u8> = records.concat();
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let (pages, skips, errors) = read(&plain, false);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(skips, expected_skips());
    let ids: Vec<&str> = pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["2", "3", "6"]);
    assert_eq!(pages[0].record, 3);
    assert_eq!(pages[0].html, page_html("pages/itv-liveblog.html"));
    assert_eq!(pages[1].date.as_deref(), Some("2016-10-11T09:00:00Z"));
    assert_eq!(read(&gz, true), (pages, skips, errors));
}

#[test]
fn a_page_becomes_the_article_the_html_gives() {
    let (pages, _, _) = read(&crawl().concat(), false);
    let article = pages[1].to_article(&Options::default()).expect("extract");
    let direct = crate::ingest::from_html(
        "3",
        &String::from_utf8(page_html("corpus/gazette-flood.html")).expect("utf-8"),
        Some("https://gazette.example/flood"),
    )
    .expect("extract");
    assert_eq!(article.text, direct.text);
    assert_eq!(article.id.0, "3");
    // The page's own date wins; the crawl date fills in when it has none.
    let expected = direct.date.or(Some("2016-10-11T09:00:00Z".into()));
    assert_eq!(article.date, expected);
}

#[test]
fn a_truncated_gzip_member_is_named_and_the_file_goes_on() {
    let members: Vec<Vec<u8>> = crawl().iter().map(|r| gzip(r)).collect();
    // Record 4 loses its second half; record 7 is cut at the end of the file.
    let mut bytes = Vec::new();
    for (i, m) in members.iter().enumerate() {
        match i {
            3 => bytes.extend_from_slice(&m[..m.len() / 2]),
            6 => bytes.extend_from_slice(&m[..m.len() - 20]),
            _ => bytes.extend_from_slice(m),
        }
    }
    let (pages, skips, errors) = read(&bytes, true);
    let ids: Vec<&str> = pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["2"]);
    assert_eq!(skips, expected_skips());
    assert_eq!(errors.len(), 2, "{errors:?}");
    let at = members[..3].iter().map(Vec::len).sum::<usize>();
    assert!(
        errors[0].starts_with(&format!("record 4 at byte {at}:")),
        "{errors:?}"
    );
    assert!(errors[1].starts_with("record 7 at byte"), "{errors:?}");
}

#[test]
fn a_truncated_plain_record_is_named() {
    let records = crawl();
    let mut bytes: Vec<u8> = records[..6].concat();
    bytes.extend_from_slice(&records[6][..records[6].len() / 2]);
    let (pages, skips, errors) = read(&bytes, false);
    assert_eq!(pages.len(), 2);
    assert_eq!(skips, expected_skips());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("record 7 at byte"), "{errors:?}");
    assert!(errors[0].contains("truncated"), "{errors:?}");
}

#[test]
fn a_corrupt_plain_record_is_skipped_up_to_the_next_one() {
    let records = crawl();
    let mut bytes: Vec<u8> = records[..2].concat();
    bytes.extend_from_slice(b"WARC/1.0\r\nContent-Length: nonsense\r\n\r\ngarbage\r\n\r\n");
    bytes.extend(records[2..].concat());
    let (pages, _, errors) = read(&bytes, false);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("record 3 at byte"), "{errors:?}");
    let ids: Vec<&str> = pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["2", "3", "6"]);
}

#[test]
fn skip_counts_read_one_line_per_reason() {
    let mut counts = SkipCounts::default();
    for (_, reason) in expected_skips() {
        counts.add(reason);
    }
    counts.add(Skip::NotResponse("request".into()));
    let lines = counts.lines();
    assert_eq!(lines[0], "2 record(s): not a response record (request)");
    assert_eq!(lines.len(), 4);
}
