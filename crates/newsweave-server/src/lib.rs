//! newsweave-server: the HTTP API and web UI over a [`newsweave_store::Store`].
//!
//! Pages are rendered on the server as plain HTML with a small inline style
//! sheet; one small script, served by the binary at `/static/app.js`,
//! highlights a summary sentence's sources in the article texts. Nothing is
//! fetched from elsewhere, and every page works without the script.
//!
//! | route | what |
//! |---|---|
//! | `GET /?page=N` | story list, newest first, 30 a page |
//! | `GET /stories/{id}` | a story: summary, who said what, claims, outlets, articles |
//! | `GET /actors/{name}` | an actor across stories |
//! | `GET /search?q=` | full-text search |
//! | `GET /api/stories?page=N&per_page=M`, `/api/stories/{id}`, `/api/actors/{name}`, `/api/search?q=` | the same as JSON |
//! | `POST /api/articles` | add articles (JSON or HTML body), bearer token required |
//! | `GET /health` | liveness and article count |
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let config = newsweave_server::Config::new("news.db".into(), Some("secret".into()));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! newsweave_server::serve(listener, config).await
//! # }
//! ```

//! # Limits
//! Every cost a client can cause is bounded (see [`Config`]): a connection
//! must send its request headers within `header_timeout` (the clock also
//! runs while a kept-alive connection sits idle) and its body within
//! `body_timeout`; at most `max_connections` are open and `max_requests`
//! handled at once, and more are answered `503` with `Retry-After`. A read
//! stops after `query_timeout`, or as soon as its client disconnects; a
//! search uses at most [`newsweave_store::MAX_QUERY_TERMS`] distinct words;
//! a write that cannot get the store within `write_wait` is answered `503`
//! with `Retry-After`. Error bodies never carry SQLite's own text.

#![deny(missing_docs)]

mod listen;
mod pages;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::error_handling::HandleErrorLayer;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use newsweave::ingest;
use newsweave_store::{QueryLimit, Store};
use serde::Deserialize;
use serde_json::json;
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store file.
    pub db: PathBuf,
    /// Bearer token for `POST /api/articles`; without one (or with an
    /// empty one), adding is off.
    pub token: Option<String>,
    /// Largest accepted request body, in bytes.
    pub max_body: usize,
    /// Longest a client may take to send a request's headers, counted from
    /// when the server starts waiting for them: on a kept-alive connection
    /// that is when the previous response was sent, so this is also the
    /// idle timeout.
    pub header_timeout: Duration,
    /// Longest a client may take to send a request body (`408` after).
    pub body_timeout: Duration,
    /// Most connections open at once; another is answered `503` and closed.
    pub max_connections: usize,
    /// Most requests handled at once; another is answered `503`.
    pub max_requests: usize,
    /// Longest a read (a page, a search) may run (`503` after).
    pub query_timeout: Duration,
    /// Longest a write waits for the store (the server's other writes, then
    /// another process's) before it is answered `503`.
    pub write_wait: Duration,
}

impl Config {
    /// A config with the default limits: 4 MiB bodies, 10 s for headers
    /// (and idle), 30 s for a body, 256 connections, 64 requests at once,
    /// 5 s per read and 10 s of waiting per write. An empty `token` turns
    /// adding off, like none.
    pub fn new(db: PathBuf, token: Option<String>) -> Config {
        Config {
            db,
            token: token.filter(|t| !t.is_empty()),
            max_body: 4 << 20,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 256,
            max_requests: 64,
            query_timeout: Duration::from_secs(5),
            write_wait: Duration::from_secs(10),
        }
    }

    /// The token that writes need, when writes are on.
    pub fn write_token(&self) -> Option<&str> {
        self.token.as_deref().filter(|t| !t.is_empty())
    }
}

/// Shared state: one writer connection, and idle reader connections (WAL
/// lets readers run beside the writer).
struct Inner {
    config: Config,
    writer: Arc<tokio::sync::Mutex<Store>>,
    readers: Mutex<Vec<Store>>,
}

type AppState = Arc<Inner>;

/// Seconds a client is asked to wait (`Retry-After`) after a `503`.
const RETRY_AFTER_SECS: u64 = 1;

/// The security headers of every response: pages load nothing from
/// elsewhere (scripts only from `/static/`, the style sheet is inline), and
/// no other site may frame them or make a browser guess a content type.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// An error answered as JSON `{"error": ..., "status": ...}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// A `500`: the cause goes to the log, not to the client (it can name
    /// files, SQL or SQLite's own text).
    fn internal(e: impl std::fmt::Display) -> ApiError {
        tracing::error!("{e}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error (the server log says more)",
        )
    }

    /// A `503` with `Retry-After`.
    fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message)
    }
}

impl From<newsweave_store::Error> for ApiError {
    fn from(e: newsweave_store::Error) -> ApiError {
        use newsweave_store::Error as E;
        match e {
            E::Busy(_) => ApiError::unavailable("the store is busy with another write; try again"),
            E::TimedOut(t) => ApiError::unavailable(format!(
                "the query took longer than {} s; try again, or with fewer words",
                t.as_secs_f64()
            )),
            // The client has gone; nobody reads this.
            E::Cancelled => ApiError::unavailable("cancelled"),
            E::BadArticle { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({"error": self.message, "status": self.status.as_u16()}));
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        response
    }
}

/// Sets its flag when dropped: when the client disconnects, hyper drops the
/// handler's future, and with it this guard, which stops the query that
/// still runs in the blocking pool.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs `f` on a reader connection in the blocking pool, under the
/// `query_timeout` and stopped when the request is dropped.
async fn read<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store) -> newsweave_store::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let cancelled = Arc::new(AtomicBool::new(false));
    let _cancel = CancelOnDrop(cancelled.clone());
    let limit = QueryLimit::new(state.config.query_timeout, cancelled);
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let idle = state.readers.lock().ok().and_then(|mut r| r.pop());
        let mut store = match idle {
            Some(s) => s,
            None => Store::open(&state.config.db)?,
        };
        let result = store.with_limit(limit, f);
        if let Ok(mut r) = state.readers.lock() {
            if r.len() < 8 {
                r.push(store);
            }
        }
        Ok(result?)
    })
    .await
    .map_err(ApiError::internal)?
}

/// The app's routes over the store named in `config` (opened, or created,
/// here), with the request limit and the security headers.
pub fn router(config: Config) -> newsweave_store::Result<Router> {
    let mut writer = Store::open(&config.db)?;
    writer.set_busy_timeout(config.write_wait)?;
    let max_requests = config.max_requests.max(1);
    let state = Arc::new(Inner {
        config,
        writer: Arc::new(tokio::sync::Mutex::new(writer)),
        readers: Mutex::new(Vec::new()),
    });
    // More than `max_requests` at once are shed with a 503, not queued.
    let limit = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(overloaded))
        .load_shed()
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(max_requests));
    Ok(Router::new()
        .route("/", get(story_list_page))
        .route("/stories/{id}", get(story_page))
        .route("/actors/{name}", get(actor_page))
        .route("/search", get(search_page))
        .route("/static/app.js", get(app_js))
        .route("/health", get(health))
        .route("/api/stories", get(api_stories))
        .route("/api/stories/{id}", get(api_story))
        .route("/api/actors/{name}", get(api_actor))
        .route("/api/search", get(api_search))
        .route("/api/articles", post(api_add_articles))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(limit)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        )))
}

/// Serves until the process ends, with the connection limits of `config`.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    let limits = listen::Limits {
        header_timeout: config.header_timeout,
        max_connections: config.max_connections.max(1),
    };
    let app = router(config).map_err(std::io::Error::other)?;
    listen::serve(listener, app, limits).await
}

async fn overloaded(_: tower::BoxError) -> ApiError {
    ApiError::unavailable("the server is handling as many requests as it can; try again")
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such page")
}

async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let n = read(&state, |s| s.article_count()).await?;
    Ok(Json(json!({"status": "ok", "articles": n})))
}

async fn app_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        pages::APP_JS,
    )
}

/// `?page=&per_page=` of the story lists.
#[derive(Debug, Deserialize)]
struct PageQuery {
    page: Option<usize>,
    per_page: Option<usize>,
}

impl PageQuery {
    /// Stories a page unless asked otherwise, and the most allowed.
    const PER_PAGE: usize = 30;
    const MAX_PER_PAGE: usize = 200;

    fn page(&self) -> (usize, usize) {
        let per_page = self
            .per_page
            .unwrap_or(Self::PER_PAGE)
            .clamp(1, Self::MAX_PER_PAGE);
        (self.page.unwrap_or(1).max(1), per_page)
    }
}

async fn api_stories(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let (page, per_page) = query.page();
    let list = read(&state, move |s| s.story_list(page, per_page)).await?;
    Ok(Json(list).into_response())
}

async fn api_story(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let page = read(&state, move |s| s.story(&id)).await?;
    match page {
        Some(p) => Ok(Json(p).into_response()),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "no such story")),
    }
}

async fn api_actor(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let found = read(&state, move |s| s.actor(&name)).await?;
    if found.is_empty() {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such actor"));
    }
    Ok(Json(found).into_response())
}

/// `?q=` of the search routes.
#[derive(Debug, Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

async fn api_search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<Response, ApiError> {
    if query.q.trim().is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "missing query: /api/search?q=words",
        ));
    }
    let q = query.q.clone();
    let hits = read(&state, move |s| s.search(&q, 50)).await?;
    Ok(Json(json!({"query": query.q, "hits": hits})).into_response())
}

/// `?id=&url=` for an HTML body.
#[derive(Debug, Deserialize)]
struct AddQuery {
    id: Option<String>,
    url: Option<String>,
}

async fn api_add_articles(
    State(state): State<AppState>,
    Query(query): Query<AddQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Some(token) = state.config.write_token() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "adding articles is off: start the server with --token, --token-file or NEWSWEAVE_TOKEN",
        ));
    };
    if !bearer(&headers).is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token (Authorization: Bearer TOKEN)",
        ));
    }
    let body = read_body(body, &state.config).await?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "body is not UTF-8"))?;
    if text.trim().is_empty() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "empty body"));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let articles = parse_articles(text, content_type, &query)?;
    // Wait for the server's other writes at most `write_wait`; the store
    // then waits as long again for another process (busy timeout).
    let writer = tokio::time::timeout(state.config.write_wait, state.writer.clone().lock_owned())
        .await
        .map_err(|_| ApiError::unavailable("the store is busy with other writes; try again"))?;
    let outcome = tokio::task::spawn_blocking(move || {
        let mut store = writer;
        store.ingest(articles)
    })
    .await
    .map_err(ApiError::internal)??;
    let status = if outcome.changed() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(outcome)).into_response())
}

/// The token of an `Authorization: Bearer TOKEN` header (the scheme in any
/// case, RFC 9110 §11.1).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// The whole request body: at most `max_body` bytes (`413`), all of it
/// within `body_timeout` (`408`).
async fn read_body(body: Body, config: &Config) -> Result<Bytes, ApiError> {
    let read = axum::body::to_bytes(body, config.max_body);
    match tokio::time::timeout(config.body_timeout, read).await {
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "request body not received within {} s",
                config.body_timeout.as_secs_f64()
            ),
        )),
        Ok(Err(e)) => {
            let too_large =
                std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
                    e.source()
                })
                .any(|e| e.is::<http_body_util::LengthLimitError>());
            Err(if too_large {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("request body larger than {} bytes", config.max_body),
                )
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "cannot read the request body")
            })
        }
        Ok(Ok(bytes)) => Ok(bytes),
    }
}

/// Articles of a POST body: a JSON object (or array of them) in the JSONL
/// record form, or an HTML page (`?id=` names it, else its content hash).
fn parse_articles(
    text: &str,
    content_type: &str,
    query: &AddQuery,
) -> Result<Vec<newsweave::model::Article>, ApiError> {
    let bad = |m: String| ApiError::new(StatusCode::BAD_REQUEST, m);
    let is_json = content_type.starts_with("application/json")
        || (!content_type.starts_with("text/html") && text.trim_start().starts_with(['{', '[']));
    if is_json {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| bad(format!("invalid JSON: {e}")))?;
        let records = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        if records.is_empty() {
            return Err(bad("empty list of articles".into()));
        }
        let mut out = Vec::new();
        for (i, r) in records.iter().enumerate() {
            if !r.is_object() {
                return Err(bad(format!("article {i}: expected a JSON object")));
            }
            if let Some(url) = r.get("url").and_then(|u| u.as_str()) {
                if !newsweave_store::is_web_url(url) {
                    return Err(bad(format!("article {i}: url must be http:// or https://")));
                }
            }
            let articles = ingest::from_json_line(&r.to_string())
                .map_err(|e| bad(format!("article {i}: {e}")))?;
            out.extend(articles);
        }
        return Ok(out);
    }
    if !ingest::looks_like_html(text) && !content_type.starts_with("text/html") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send application/json ({\"id\", \"text\" or \"html\", ...}) or text/html",
        ));
    }
    if let Some(url) = query.url.as_deref() {
        if !newsweave_store::is_web_url(url) {
            return Err(bad("url must be http:// or https://".into()));
        }
    }
    let id = match &query.id {
        Some(id) if !id.is_empty() => id.clone(),
        _ => {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in text.bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            format!("html-{h:016x}")
        }
    };
    let article = ingest::from_html(&id, text, query.url.as_deref())
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    Ok(vec![article])
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn story_list_page(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, ApiError> {
    let (page, per_page) = query.page();
    let list = read(&state, move |s| s.story_list(page, per_page)).await?;
    Ok(Html(pages::story_list(&list)))
}

async fn story_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    match read(&state, move |s| s.story(&id)).await? {
        Some(p) => Ok(Html(pages::story(&p)).into_response()),
        None => Ok((
            StatusCode::NOT_FOUND,
            Html(pages::message("Not found", "There is no such story.")),
        )
            .into_response()),
    }
}

async fn actor_page(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let name2 = name.clone();
    let (found, outlets) = read(&state, move |s| {
        let found = s.actor(&name2)?;
        // The outlet of each article the quotes cite, for their labels.
        let mut outlets = std::collections::BTreeMap::new();
        for src in found
            .iter()
            .flat_map(|f| &f.quotes)
            .flat_map(|q| &q.sources)
        {
            if !outlets.contains_key(&src.article) {
                if let Some(outlet) = s.article(&src.article)?.and_then(|a| a.outlet) {
                    outlets.insert(src.article.clone(), outlet);
                }
            }
        }
        Ok((found, outlets))
    })
    .await?;
    let status = if found.is_empty() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok((status, Html(pages::actor(&name, &found, &outlets))).into_response())
}

async fn search_page(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<Html<String>, ApiError> {
    let q = query.q.clone();
    let hits = if q.trim().is_empty() {
        Vec::new()
    } else {
        read(&state, move |s| s.search(&q, 50)).await?
    };
    Ok(Html(pages::search(&query.q, &hits)))
}

#[cfg(test)]
mod tests;
