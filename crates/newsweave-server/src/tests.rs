use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;

fn app(dir: &tempfile::TempDir, token: Option<&str>) -> Router {
    let mut config = Config::new(dir.path().join("news.db"), token.map(str::to_string));
    config.max_body = 64 * 1024;
    router(config).expect("router")
}

async fn call(app: &Router, req: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(req).await.expect("response");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
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
