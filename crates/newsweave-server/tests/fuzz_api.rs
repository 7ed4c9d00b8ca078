//! A time-budgeted mutation fuzzer for the HTTP API's inputs, on stable Rust
//! (the same approach as `crates/newsweave/tests/fuzz_html.rs`: no nightly,
//! no second build).
//!
//! It mutates valid `POST /api/articles` bodies (one article, a list, HTML
//! and Multi-News records, an HTML page) with byte flips, truncations,
//! splices and a dictionary of awkward JSON (deep nesting, lone surrogates,
//! huge numbers, wrong types, duplicate keys, `javascript:` links), under a
//! random `Content-Type`, and sends each through the router with a valid
//! token; one input in five is a mutated `GET /api/search?q=` instead. It
//! fails on the first panic or 5xx (bad input must get a 4xx that says what
//! is wrong), writing the input to `target/fuzz-api-crash.txt`. The store is
//! replaced every 40 stored articles, so an ingest stays as cheap as on a
//! small store.
//!
//! ```text
//! NEWSWEAVE_FUZZ_SECS=30 cargo test -p newsweave-server --test fuzz_api -- --ignored --nocapture
//! ```
//! `NEWSWEAVE_FUZZ_SEED=N` replays a run.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

const SEEDS: &[&str] = &[
    r#"{"id": "s1", "outlet": "The Sun", "title": "Napalm claims", "date": "2016-09-25", "url": "https://example.com/a", "text": "Russian warplanes were accused of dropping napalm on Aleppo. \"It is a war crime,\" Boris Johnson said on Sunday."}"#,
    r#"[{"id": "a", "text": "The council approved 120 new homes on Monday, the mayor said."}, {"id": "b", "outlet": "Gazette", "text": "Mayor Jane Smith said the town needs 300 more homes by 2030."}]"#,
    r#"{"id": "h", "html": "<html><head><title>Floods</title></head><body><article><p>Floods hit Valencia after record rain, officials said on Tuesday.</p></article></body></html>", "url": "http://example.com/f"}"#,
    r#"{"id": "mn", "document": "Volcano Etna erupted overnight, closing the airport. ||||| Lava flowed toward Catania, officials said."}"#,
    r#"{"id": "ds", "documents": ["The bank raised rates by half a point.", "Inflation rose to 4 percent, the bank said."]}"#,
    "<!doctype html><html><head><title>Aleppo</title></head><body><article><h1>Aleppo</h1><p>Airstrikes hit a market in Idlib on Monday, rescue workers said.</p></article></body></html>",
];

const DICT: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    ",",
    ":",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1e999",
    "-1e-999",
    "18446744073709551616",
    "\\u0000",
    "\\ud800",
    "\\udfff\\ud800",
    "\\uffff",
    "\u{0}",
    "\u{feff}",
    "\u{fffd}",
    "\"id\":",
    "\"id\": \"\"",
    "\"id\": 12",
    "\"text\":",
    "\"text\": \"\"",
    "\"text\": null",
    "\"html\":",
    "\"url\": \"javascript:alert(1)\"",
    "\"url\": \"HTTP://x\"",
    "\"url\": 7",
    "\"date\": \"9999-99-99\"",
    "\"date\": [1]",
    "\"outlet\": {}",
    "\"documents\": [",
    "\"documents\": []",
    "\"document\": \" ||||| \"",
    "\"id\": \"a\", \"id\": \"b\"",
    "<script>",
    "</script>",
    "<html>",
    "<!--",
    "\r\n",
    "\t",
    " ||||| ",
];

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "text/html",
    "text/html; charset=utf-16",
    "text/plain",
    "",
    "multipart/form-data; boundary=x",
];

/// xorshift64*: enough randomness for mutations, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn mutate(rng: &mut Rng) -> Vec<u8> {
    let mut body = SEEDS[rng.below(SEEDS.len())].as_bytes().to_vec();
    // One input in four stays valid, under a new id (a new article).
    if rng.below(4) == 0 {
        if let Some(at) = find(&body, b"\"id\": \"") {
            let start = at + 7;
            let end = body[start..]
                .iter()
                .position(|&b| b == b'"')
                .map_or(body.len(), |p| start + p);
            body.splice(start..end, format!("f{}", rng.next()).into_bytes());
        }
        return body;
    }
    for _ in 0..1 + rng.below(6) {
        let len = body.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 => {
                if len > 0 {
                    let i = rng.below(len);
                    body[i] = rng.next() as u8;
                }
            }
            1 => {
                let word = DICT[rng.below(DICT.len())].as_bytes();
                let times = if rng.below(12) == 0 {
                    1 + rng.below(400)
                } else {
                    1
                };
                body.splice(at..at, word.repeat(times));
            }
            2 => {
                let end = (at + rng.below(40)).min(len);
                body.drain(at..end);
            }
            3 => body.truncate(at),
            4 => {
                let end = (at + rng.below(200)).min(len);
                let copy = body[at..end].to_vec();
                let to = rng.below(body.len() + 1);
                body.splice(to..to, copy);
            }
            5 => {
                // Wrap in lists, sometimes past serde_json's depth limit.
                let deep = rng.below(8) == 0;
                let depth = 1 + rng.below(if deep { 300 } else { 3 });
                let mut wrapped = b"[".repeat(depth);
                wrapped.extend_from_slice(&body);
                wrapped.extend_from_slice(&b"]".repeat(depth));
                body = wrapped;
            }
            _ => {
                let junk: Vec<u8> = (0..rng.below(32)).map(|_| rng.next() as u8).collect();
                body.splice(at..at, junk);
            }
        }
    }
    body
}

/// A search query of words, FTS5 syntax and random bytes, percent-encoded;
/// now and then thousands of parts long.
fn search_query(rng: &mut Rng) -> String {
    let parts = [
        "said", "napalm", "\"", "OR", "(", ")", "*", "NEAR(", "^", "-", ":", "é", "\u{0}",
    ];
    let mut q = Vec::new();
    let long = rng.below(10) == 0;
    for _ in 0..rng.below(if long { 3000 } else { 12 }) {
        if rng.below(4) == 0 {
            q.push(rng.next() as u8);
        } else {
            q.extend_from_slice(parts[rng.below(parts.len())].as_bytes());
            q.push(b' ');
        }
    }
    q.iter().map(|b| format!("%{b:02X}")).collect()
}

fn fresh_app(dir: &tempfile::TempDir) -> Router {
    let mut config = newsweave_server::Config::new(dir.path().join("news.db"), Some("t".into()));
    config.max_body = 256 * 1024;
    newsweave_server::router(config).expect("router")
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(req).await.expect("infallible");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[test]
#[ignore = "time-budgeted fuzzing: run with --ignored (CI does, for 30 s)"]
fn fuzz_api() {
    let secs: f64 = std::env::var("NEWSWEAVE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let seed: u64 = std::env::var("NEWSWEAVE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut rng = Rng(seed);
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let crash = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-api-crash.txt");
    let mut dir = tempfile::tempdir().expect("tempdir");
    let mut app = fresh_app(&dir);
    let (mut runs, mut searches, mut stored_here) = (0u64, 0u64, 0u32);
    let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
    while start.elapsed() < budget {
        let (input, req) = if rng.below(5) == 0 {
            searches += 1;
            let uri = format!("/api/search?q={}", search_query(&mut rng));
            (
                uri.clone().into_bytes(),
                Request::get(uri).body(Body::empty()),
            )
        } else {
            let body = mutate(&mut rng);
            let content_type = CONTENT_TYPES[rng.below(CONTENT_TYPES.len())];
            let mut req = Request::post("/api/articles").header("authorization", "Bearer t");
            if !content_type.is_empty() {
                req = req.header("content-type", content_type);
            }
            (body.clone(), req.body(Body::from(body)))
        };
        let req = req.expect("request");
        runs += 1;
        let result =
            std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(send(&app, req))));
        let failure = match &result {
            Err(_) => Some("panic".to_string()),
            Ok((status, body)) if status.is_server_error() => Some(format!("{status}: {body}")),
            Ok(_) => None,
        };
        if let Some(failure) = failure {
            let _ = std::fs::create_dir_all(crash.parent().expect("target dir"));
            let _ = std::fs::write(&crash, &input);
            panic!(
                "{failure} on input #{runs} (seed {seed}); input written to {}",
                crash.display()
            );
        }
        if let Ok((status, _)) = result {
            *statuses.entry(status.as_u16()).or_default() += 1;
            if status == StatusCode::CREATED {
                stored_here += 1;
                if stored_here >= 40 {
                    dir = tempfile::tempdir().expect("tempdir");
                    app = fresh_app(&dir);
                    stored_here = 0;
                }
            }
        }
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "fuzz_api: {runs} inputs in {:.1} s ({} bodies, {searches} searches), \
             statuses {statuses:?}, seed {seed}, no panic, no 5xx",
            start.elapsed().as_secs_f64(),
            runs - searches,
        );
    }
}
