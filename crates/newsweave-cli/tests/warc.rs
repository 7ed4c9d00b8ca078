//! `analyze`, `extract` and `ingest` on WARC files built from the bundled
//! pages, one of them truncated.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use flate2::write::GzEncoder;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn newsweave(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsweave"))
        .args(args)
        .output()
        .expect("run newsweave")
}

/// One WARC record of `kind` for `uri` with `block`.
fn record(kind: &str, id: usize, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:page-{id}>\r\n\
         WARC-Date: 2016-10-11T09:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A crawl of the bundled HTML pages: per page a request and a response,
/// and one image response; each record gzipped on its own.
fn crawl() -> (Vec<Vec<u8>>, Vec<PathBuf>) {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo().join("examples/corpus"))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages.push(repo().join("examples/pages/itv-liveblog.html"));
    let mut records = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let uri = format!("https://news.example/{i}");
        records.push(record("request", 100 + i, &uri, b"GET / HTTP/1.1\r\n\r\n"));
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        http.extend(std::fs::read(page).expect("page"));
        records.push(record("response", i, &uri, &http));
    }
    let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8".to_vec();
    records.push(record("response", 99, "https://news.example/a.jpg", &image));
    let gz = records
        .iter()
        .map(|r| {
            let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(r).expect("gzip");
            e.finish().expect("gzip")
        })
        .collect();
    (gz, pages)
}

fn write(dir: &Path, name: &str, members: &[Vec<u8>]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, members.concat()).expect("write WARC");
    path
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn analyze_reads_a_warc_as_its_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (members, pages) = crawl();
    let warc = write(dir.path(), "crawl.warc.gz", &members);
    let report = json(&newsweave(&[
        "analyze",
        "--format",
        "json",
        warc.to_str().unwrap(),
    ]));
    let ids: Vec<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let want: Vec<String> = (0..pages.len()).map(|i| format!("page-{i}")).collect();
    assert_eq!(ids, want);
    assert_eq!(report["articles"][0]["url"], "https://news.example/0");
    let reasons: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            format!("{} record(s): not a response record (request)", pages.len()),
            "1 record(s): not HTML (image/jpeg)".to_string(),
        ]
    );
    // The same pages as HTML files give the same article texts.
    let direct = json(&newsweave(&[
        "analyze",
        "--format",
        "json",
        pages[0].to_str().unwrap(),
    ]));
    assert_eq!(report["articles"][0]["text"], direct["articles"][0]["text"]);
}

#[test]
fn a_truncated_record_is_named_and_the_rest_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut members, pages) = crawl();
    // The second page's response loses its second half.
    let cut = members[3].len() / 2;
    members[3].truncate(cut);
    let warc = write(dir.path(), "cut.warc.gz", &members);
    let out = newsweave(&["extract", warc.to_str().unwrap()]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("record 4 at byte"), "{stderr}");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    let want: Vec<String> = (0..pages.len())
        .filter(|&i| i != 1)
        .map(|i| format!("page-{i}"))
        .collect();
    assert_eq!(ids, want);
    // Under --strict the broken record stops the run.
    let strict = newsweave(&["extract", "--strict", warc.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1));

    // An uncompressed WARC cut in its last record: the others are stored.
    let plain: Vec<u8> = {
        let (members, _) = crawl();
        let mut all = Vec::new();
        for m in &members {
            let mut d = flate2::read::GzDecoder::new(m.as_slice());
            std::io::Read::read_to_end(&mut d, &mut all).expect("gunzip");
        }
        all.truncate(all.len() - 10);
        all
    };
    let path = dir.path().join("cut.warc");
    std::fs::write(&path, plain).expect("write");
    let db = dir.path().join("news.db");
    let out = newsweave(&[
        "ingest",
        path.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    let stored = json(&out);
    assert_eq!(stored["added"].as_array().unwrap().len(), pages.len());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("truncated"), "{stderr}");
}
