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

#![deny(missing_docs)]

mod pages;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use newsweave::ingest;
use newsweave_store::Store;
use serde::Deserialize;
use serde_json::json;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store file.
    pub db: PathBuf,
    /// Bearer token for `POST /api/articles`; without one, adding is off.
    pub token: Option<String>,
    /// Largest accepted request body, in bytes.
    pub max_body: usize,
}

impl Config {
    /// A config with the default body limit (4 MiB).
    pub fn new(db: PathBuf, token: Option<String>) -> Config {
        Config {
            db,
            token,
            max_body: 4 << 20,
        }
    }
}

/// Shared state: one writer connection, and idle reader connections (WAL
/// lets readers run beside the writer).
struct Inner {
    config: Config,
    writer: Mutex<Store>,
    readers: Mutex<Vec<Store>>,
}

type AppState = Arc<Inner>;

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

    fn internal(e: impl std::fmt::Display) -> ApiError {
        tracing::error!("{e}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({"error": self.message, "status": self.status.as_u16()}));
        let mut response = (self.status, body).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// Runs `f` on a reader connection in the blocking pool.
async fn read<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store) -> newsweave_store::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let idle = state.readers.lock().ok().and_then(|mut r| r.pop());
        let store = match idle {
            Some(s) => s,
            None => Store::open(&state.config.db).map_err(ApiError::internal)?,
        };
        let result = f(&store).map_err(ApiError::internal);
        if let Ok(mut r) = state.readers.lock() {
            if r.len() < 8 {
                r.push(store);
            }
        }
        result
    })
    .await
    .map_err(ApiError::internal)?
}

/// The app's routes over the store named in `config` (opened, or created,
/// here).
pub fn router(config: Config) -> newsweave_store::Result<Router> {
    let writer = Store::open(&config.db)?;
    let max_body = config.max_body;
    let state = Arc::new(Inner {
        config,
        writer: Mutex::new(writer),
        readers: Mutex::new(Vec::new()),
    });
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
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state))
}

/// Serves until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    let app = router(config).map_err(std::io::Error::other)?;
    axum::serve(listener, app).await
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
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Some(token) = state.config.token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "adding articles is off: start the server with --token or NEWSWEAVE_TOKEN",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token (Authorization: Bearer TOKEN)",
        ));
    }
    let body = body.map_err(|e| {
        let status = e.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!("request body larger than {} bytes", state.config.max_body)
        } else {
            e.body_text()
        };
        ApiError::new(status, message)
    })?;
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
    let state2 = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut store = state2
            .writer
            .lock()
            .map_err(|_| ApiError::internal("writer lock poisoned"))?;
        store.ingest(articles).map_err(ApiError::internal)
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
