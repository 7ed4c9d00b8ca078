use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;

fn config(dir: &tempfile::TempDir, token: Option<&str>) -> Config {
    let mut config = Config::new(dir.path().join("news.db"), token.map(str::to_string));
    config.max_body = 64 * 1024;
    config
}

fn app(dir: &tempfile::TempDir, token: Option<&str>) -> Router {
    router(config(dir, token)).expect("router")
}

async fn call(app: &Router, req: Request<Body>) -> (StatusCode, String) {
    let (status, _, body) = call_with_headers(app, req).await;
    (status, body)
}

async fn call_with_headers(
    app: &Router,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(req).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

fn post(body: &str, content_type: &str, token: Option<&str>) -> Request<Body> {
    let mut b = Request::post("/api/articles").header("content-type", content_type);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).expect("request")
}

const ARTICLE: &str = r#"{"id": "s1", "outlet": "The Sun", "title": "Napalm claims",
  "text": "Russian warplanes were accused of dropping napalm on Aleppo. \"It is a war crime,\" Boris Johnson said on Sunday."}"#;

#[tokio::test]
async fn health_and_empty_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, None);
    let (status, body) = call(&app, get("/health")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"status\":\"ok\""), "{body}");
    let (status, body) = call(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("No stories yet"));
    let (status, body) = call(&app, get("/static/app.js")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("data-sources") || body.contains("dataset.sources"));
    let (status, body) = call(&app, get("/api/nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("\"error\""));
}

#[tokio::test]
async fn posting_needs_the_token_and_a_valid_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let off = app(&dir, None);
    let (status, body) = call(&off, post(ARTICLE, "application/json", Some("x"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, Some("secret"));
    let (status, body) = call(&app, post(ARTICLE, "application/json", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("bearer token"), "{body}");
    let (status, _) = call(&app, post(ARTICLE, "application/json", Some("wrong"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = call(&app, post("{\"id\": 1", "application/json", Some("secret"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("invalid JSON"), "{body}");
    let (status, body) = call(
        &app,
        post("{\"title\": \"x\"}", "application/json", Some("secret")),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("id"), "{body}");
    let (status, _) = call(&app, post("plain words", "text/plain", Some("secret"))).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "a ".repeat(40_000));
    let (status, body) = call(&app, post(&big, "application/json", Some("secret"))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("larger than"), "{body}");

    let (status, body) = call(&app, post(ARTICLE, "application/json", Some("secret"))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body.contains("\"added\":[\"s1\"]"), "{body}");
    // Idempotent: the same article again is 200 and unchanged.
    let (status, body) = call(&app, post(ARTICLE, "application/json", Some("secret"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"unchanged\":[\"s1\"]"), "{body}");

    let html = "<!doctype html><html><head><title>Aleppo strikes</title></head><body><article>\
        <h1>Aleppo strikes</h1><p>Government airstrikes hit a market in Idlib on Monday, killing dozens of people, rescue workers said.</p>\
        <p>The bombing continued into the night across the rebel-held east of the city, residents said.</p></article></body></html>";
    let req = Request::post("/api/articles?id=h1")
        .header("content-type", "text/html")
        .header("authorization", "Bearer secret")
        .body(Body::from(html))
        .expect("request");
    let (status, body) = call(&app, req).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let (_, body) = call(&app, get("/health")).await;
    assert!(body.contains("\"articles\":2"), "{body}");
}

#[tokio::test]
async fn pages_and_api_show_stories_actors_and_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, Some("t"));
    let (status, _) = call(&app, post(ARTICLE, "application/json", Some("t"))).await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, body) = call(&app, get("/api/stories")).await;
    assert_eq!(status, StatusCode::OK);
    let list: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        (list["total"].as_u64(), list["page"].as_u64()),
        (Some(1), Some(1))
    );
    let id = list["stories"][0]["id"].as_str().expect("id").to_string();
    let (_, body) = call(&app, get("/api/stories?page=2")).await;
    let past: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(past["stories"].as_array().map(Vec::len), Some(0));

    let (status, body) = call(&app, get(&format!("/api/stories/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    let story: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(story["articles"][0]["id"], "s1");
    assert!(story["report"]["summary"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));

    let (status, body) = call(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("/stories/{id}")) && body.contains("<svg class=\"coverage\""));
    assert!(body.contains("The Sun 1") && body.contains("Page 1 of 1"));

    let (status, body) = call(&app, get(&format!("/stories/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("data-sources=") && body.contains("data-article=\"s1\""));
    assert!(body.contains("/actors/Boris%20Johnson"), "{body}");

    let (status, body) = call(&app, get("/actors/Boris%20Johnson")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("war crime"), "{body}");
    let (status, _) = call(&app, get("/api/actors/Nobody")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = call(&app, get("/search?q=napalm")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<mark>napalm</mark>"), "{body}");
    let (status, body) = call(&app, get("/api/search?q=napalm")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("\"article\":\"s1\""), "{body}");
    let (status, body) = call(&app, get("/api/search")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("missing query"));
    let (status, _) = call(&app, get("/stories/nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Escaping: a query with markup comes back inert.
    let (_, body) = call(&app, get("/search?q=%3Cscript%3E")).await;
    assert!(!body.contains("<script>"));
}

fn post_with_auth(body: &str, authorization: &str) -> Request<Body> {
    Request::post("/api/articles")
        .header("content-type", "application/json")
        .header("authorization", authorization)
        .body(Body::from(body.to_string()))
        .expect("request")
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive_and_an_empty_token_turns_writes_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let on = app(&dir, Some("secret"));
    let (status, body) = call(&on, post_with_auth(ARTICLE, "bearer secret")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = call(&on, post_with_auth(ARTICLE, "BEARER  secret ")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = call(&on, post_with_auth(ARTICLE, "Basic secret")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(&on, post_with_auth(ARTICLE, "Bearersecret")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // An empty token is no token: writes are off, not open to an empty
    // bearer.
    let dir = tempfile::tempdir().expect("tempdir");
    let off = app(&dir, Some(""));
    let (status, body) = call(&off, post_with_auth(ARTICLE, "Bearer ")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("adding articles is off"), "{body}");
    let mut config = config(&dir, None);
    config.token = Some(String::new());
    assert_eq!(config.write_token(), None);
    let off = router(config).expect("router");
    let (status, _) = call(&off, post_with_auth(ARTICLE, "Bearer ")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_response_has_the_security_headers_and_a_405_is_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, None);
    for uri in ["/", "/api/stories", "/nope", "/static/app.js"] {
        let (_, headers, _) = call_with_headers(&app, get(uri)).await;
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp:?}");
        assert!(csp.contains("script-src 'self'"), "{uri}: {csp:?}");
        assert_eq!(
            headers.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{uri}"
        );
    }
    let req = Request::delete("/api/stories")
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = call_with_headers(&app, req).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let json: serde_json::Value = serde_json::from_str(&body).expect("a JSON body");
    assert_eq!(json["status"], 405, "{body}");
    assert!(
        json["error"].as_str().is_some_and(|e| e.contains("DELETE")),
        "{body}"
    );
    assert!(headers.get("allow").is_some(), "{headers:?}");
    let (status, body) = call(&app, get("/api/articles")).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(body.contains("\"error\""), "{body}");
}

#[tokio::test]
async fn a_500_does_not_echo_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, None);
    // The file stops being a database after the server opened it: readers
    // opened later fail inside SQLite.
    std::fs::write(dir.path().join("news.db"), vec![b'x'; 8192]).expect("clobber");
    let _ = std::fs::remove_file(dir.path().join("news.db-wal"));
    let _ = std::fs::remove_file(dir.path().join("news.db-shm"));
    let (status, body) = call(&app, get("/api/stories")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(body.contains("internal error"), "{body}");
    let lower = body.to_lowercase();
    for leak in ["database", "sqlite", "file is not"] {
        assert!(!lower.contains(leak), "{leak} in {body}");
    }
}

#[tokio::test]
async fn only_http_urls_are_accepted_as_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, Some("t"));
    let body = r#"{"id": "j", "url": "javascript:alert(1)", "text": "The council met on Monday, the mayor said."}"#;
    let (status, body) = call(&app, post(body, "application/json", Some("t"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("url"), "{body}");
    let req = Request::post("/api/articles?id=h&url=data:text/html,x")
        .header("content-type", "text/html")
        .header("authorization", "Bearer t")
        .body(Body::from("<html><body><p>Words.</p></body></html>"))
        .expect("request");
    let (status, _) = call(&app, req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let ok = r#"{"id": "w", "url": "https://example.com/a", "text": "The council met on Monday, the mayor said."}"#;
    let (status, body) = call(&app, post(ok, "application/json", Some("t"))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

/// Holds the write lock of `db` from another connection until the returned
/// sender is dropped or sent to.
fn hold_write_lock(db: &std::path::Path) -> std::sync::mpsc::Sender<()> {
    let db = db.to_path_buf();
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let (taken, is_taken) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&db).expect("raw");
        conn.execute_batch(
            "BEGIN IMMEDIATE; INSERT OR REPLACE INTO meta(key, value) VALUES ('held', '1');",
        )
        .expect("lock");
        taken.send(()).expect("signal");
        let _ = wait.recv();
        conn.execute_batch("COMMIT").expect("commit");
    });
    is_taken.recv().expect("lock taken");
    release
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_that_cannot_get_the_store_is_a_503_with_retry_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(&dir, Some("t"));
    config.write_wait = Duration::from_millis(200);
    let app = router(config).expect("router");
    let release = hold_write_lock(&dir.path().join("news.db"));
    let (status, headers, body) =
        call_with_headers(&app, post(ARTICLE, "application/json", Some("t"))).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(headers.get("retry-after").is_some(), "{headers:?}");
    assert!(
        !body.contains("locked") && !body.contains("database"),
        "{body}"
    );
    drop(release);
    // Once the other writer is done, the same write goes through.
    let (status, body) = call(&app, post(ARTICLE, "application/json", Some("t"))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_over_the_limit_are_shed_with_a_503() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(&dir, Some("t"));
    config.max_requests = 1;
    config.write_wait = Duration::from_secs(30);
    let app = router(config).expect("router");
    // One write waits for the store, holding the only request slot.
    let release = hold_write_lock(&dir.path().join("news.db"));
    let spawn_write = || {
        let app = app.clone();
        tokio::spawn(async move { call(&app, post(ARTICLE, "application/json", Some("t"))).await })
    };
    let mut writer = spawn_write();
    let mut shed = None;
    for _ in 0..1000 {
        if writer.is_finished() {
            // The write came second to a read, and was shed itself: again.
            let (status, body) = writer.await.expect("writer");
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
            writer = spawn_write();
        }
        let (status, headers, body) = call_with_headers(&app, get("/health")).await;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            shed = Some((headers, body));
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let (headers, body) = shed.expect("a request beside the waiting write is shed");
    assert!(headers.get("retry-after").is_some(), "{headers:?}");
    assert!(body.contains("\"status\":503"), "{body}");
    release.send(()).expect("release");
    let (status, body) = writer.await.expect("writer");
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = call(&app, get("/health")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_read_past_the_query_timeout_is_a_503() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(&dir, None);
    config.query_timeout = Duration::ZERO;
    let app = router(config).expect("router");
    let (status, headers, body) = call_with_headers(&app, get("/api/search?q=napalm")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(headers.get("retry-after").is_some());
    assert!(body.contains("longer than"), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_stops_when_its_request_is_dropped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(&dir, None);
    config.query_timeout = Duration::from_secs(3600);
    let state = Arc::new(Inner {
        writer: Arc::new(tokio::sync::Mutex::new(
            Store::open(&config.db).expect("open"),
        )),
        readers: Mutex::new(Vec::new()),
        config,
    });
    let (started, is_started) = std::sync::mpsc::channel();
    let (dropped, is_dropped) = std::sync::mpsc::channel::<()>();
    let (seen, what_was_seen) = std::sync::mpsc::channel();
    let handle = tokio::spawn(async move {
        read(&state, move |s| {
            started.send(()).expect("started");
            let _ = is_dropped.recv();
            // What a long read between two statements sees now.
            seen.send(s.check_limit().map_err(|e| e.to_string()))
                .expect("seen");
            Ok(())
        })
        .await
    });
    tokio::task::spawn_blocking(move || is_started.recv().expect("read started"))
        .await
        .expect("join");
    // The client goes away: hyper drops the request's future.
    handle.abort();
    let _ = handle.await;
    dropped.send(()).expect("dropped");
    let seen = tokio::task::spawn_blocking(move || what_was_seen.recv().expect("seen"))
        .await
        .expect("join");
    assert_eq!(seen, Err("the query was cancelled".to_string()));
}

/// Starts `serve` on a free loopback port; its address.
async fn start(config: Config) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(serve(listener, config));
    addr
}

/// What the server sends on `stream` until it closes the connection, or
/// `None` when it is still open after `wait`.
async fn until_closed(stream: &mut tokio::net::TcpStream, wait: Duration) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(wait, read).await.ok()?;
    Some(String::from_utf8_lossy(&got).into_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    use tokio::io::AsyncWriteExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(&dir, None);
    config.header_timeout = Duration::from_millis(300);
    let addr = start(config).await;
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    assert!(
        until_closed(&mut slow, Duration::from_secs(10))
            .await
            .is_some(),
        "a connection with unfinished headers stayed open"
    );
    // A connection that sends nothing, and one left idle after a request.
    let mut silent = tokio::net::TcpStream::connect(addr).await.expect("connect");
    assert!(until_closed(&mut silent, Duration::from_secs(10))
        .await
        .is_some());
    let mut idle = tokio::net::TcpStream::connect(addr).await.expect("connect");
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let answer = until_closed(&mut idle, Duration::from_secs(10))
        .await
        .expect("an idle kept-alive connection is closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_never_arrives_is_a_408() {
    use tokio::io::AsyncWriteExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(&dir, Some("t"));
    config.body_timeout = Duration::from_millis(300);
    let addr = start(config).await;
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow.write_all(
        b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\
          Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\": \"a\",",
    )
    .await
    .expect("write");
    let answer = until_closed(&mut slow, Duration::from_secs(10))
        .await
        .expect("a stalled body is cut off");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_over_the_limit_get_a_503_and_are_closed() {
    use tokio::io::AsyncWriteExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(&dir, None);
    config.max_connections = 2;
    config.header_timeout = Duration::from_secs(30);
    let addr = start(config).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        // A full request and answer: the connection is surely accepted.
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .expect("write");
        let mut buf = [0u8; 1024];
        let n = tokio::io::AsyncReadExt::read(&mut s, &mut buf)
            .await
            .expect("read");
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        held.push(s);
    }
    let mut third = tokio::net::TcpStream::connect(addr).await.expect("connect");
    third
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let answer = until_closed(&mut third, Duration::from_secs(10))
        .await
        .expect("refused and closed");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("Retry-After: "), "{answer}");
    // A slot frees when a connection closes.
    drop(held.pop());
    let mut later = None;
    for _ in 0..100 {
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .expect("write");
        let answer = until_closed(&mut s, Duration::from_secs(10))
            .await
            .expect("answered");
        if answer.starts_with("HTTP/1.1 200") {
            later = Some(answer);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(later.is_some(), "no connection accepted after one closed");
}
