//! newsweave-store: articles, stories and a full-text index in one SQLite
//! file.
//!
//! The store keeps the articles as given, the story each belongs to and each
//! story's [`StoryReport`] (serialised as JSON, what the web pages show),
//! plus the actors, quotes and claims of every story as rows for lookups.
//! Article titles and texts are indexed with SQLite's FTS5.
//!
//! ```
//! use newsweave::ingest::from_text;
//! use newsweave_store::Store;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(dir.path().join("news.db")).unwrap();
//! let article = from_text("a1", "Russian warplanes dropped napalm on Aleppo, rebels said.".into());
//! let first = store.ingest(vec![article.clone()]).unwrap();
//! assert_eq!(first.added, ["a1"]);
//! // The same article again changes nothing.
//! let again = store.ingest(vec![article]).unwrap();
//! assert_eq!(again.unchanged, ["a1"]);
//! assert!(again.stories_rebuilt.is_empty());
//! assert_eq!(store.search("napalm", 10).unwrap()[0].article, "a1");
//! ```
//!
//! # Why SQLite FTS5 and not tantivy
//! FTS5 is compiled into the bundled SQLite that the store needs anyway, so
//! it adds no build time on a 2-core CI (tantivy and its dependency tree
//! take minutes), and the index lives in the same file as the data: one
//! transaction updates both, a crash cannot leave them out of step, and a
//! backup is one file. At newsweave's scale (thousands of articles, not
//! millions) BM25 ranking and snippets from FTS5 are enough.
//!
//! # Incremental updates, and what they cost
//! [`Store::ingest`] writes the new or changed articles, then re-runs the
//! online story clusterer over every stored article in ingest order (term
//! vectors only: cheap, and the same stream always gives the same story
//! ids). Only the stories whose membership changed, or that hold a new or
//! changed article, are rebuilt: their articles are cleaned and annotated
//! again and [`story_report`] runs over them. So an ingest costs one read of
//! all article texts for clustering plus the full analysis of the affected
//! stories, not of the whole store. Cleaning (boilerplate repeated across an
//! outlet's articles) looks only at the story's own articles, so a story
//! can differ slightly from `newsweave analyze` over the same files.
//!
//! Every ingest is one transaction in WAL mode: after a crash the store
//! holds every acknowledged ingest and nothing of an unfinished one.
//!
//! # Concurrent writers, and bounded reads
//! An ingest starts its transaction with `BEGIN IMMEDIATE`, so a second
//! writer (another `newsweave ingest`, or the server) waits up to the busy
//! timeout ([`Store::set_busy_timeout`], 10 s by default) for the first to
//! finish instead of failing when it upgrades a read to a write; when the
//! wait runs out it gets [`Error::Busy`]. [`Store::with_limit`] bounds what
//! a read may cost: it stops at a deadline, or when a flag is raised (the
//! client went away), with [`Error::TimedOut`] or [`Error::Cancelled`].

#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use newsweave::analyze::{
    annotate_all, story_assignments, story_report, AnalyzeOptions, Annotated,
};
use newsweave::model::{Article, ArticleId};
use newsweave::report::{ArticleEntry, StoryReport};
use newsweave::stories::days_since_epoch;
use rusqlite::{
    params, Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The schema version this code writes and reads.
pub const SCHEMA_VERSION: i64 = 2;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored report could not be read or written.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The file was written by another schema version.
    #[error("schema version {found} in {path}, this build reads {SCHEMA_VERSION}")]
    Schema {
        /// The database file.
        path: PathBuf,
        /// The version found in it.
        found: i64,
    },
    /// Another connection held the write lock for longer than the busy
    /// timeout.
    #[error("the store is busy: another writer held it for more than {0:?}; try again")]
    Busy(Duration),
    /// A read ran past its [`QueryLimit`] deadline.
    #[error("the query took longer than {0:?}")]
    TimedOut(Duration),
    /// A read was stopped by its [`QueryLimit`] flag (the client went away).
    #[error("the query was cancelled")]
    Cancelled,
    /// An article cannot be stored (empty id or text).
    #[error("article {id:?}: {reason}")]
    BadArticle {
        /// Its id.
        id: String,
        /// Why.
        reason: String,
    },
}

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    outlet TEXT, title TEXT, date TEXT, url TEXT, author TEXT, path TEXT,
    cluster TEXT,
    text TEXT NOT NULL,
    added INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(hash);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    updated INTEGER NOT NULL,
    newest TEXT,
    report TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (story, article)
);
CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles(article);
CREATE TABLE IF NOT EXISTS actors (
    story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (story, actor)
);
CREATE INDEX IF NOT EXISTS actors_name ON actors(name);
CREATE TABLE IF NOT EXISTS quotes (
    story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    actor TEXT,
    speaker TEXT,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (story, n)
);
CREATE TABLE IF NOT EXISTS claims (
    story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    unit TEXT NOT NULL,
    PRIMARY KEY (story, n)
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='porter unicode61'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
"#;

/// What one [`Store::ingest`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestOutcome {
    /// Ids of articles stored for the first time.
    pub added: Vec<String>,
    /// Ids of stored articles whose content changed.
    pub updated: Vec<String>,
    /// Ids of articles already stored with the same content.
    pub unchanged: Vec<String>,
    /// `(id, stored id)`: articles whose content is already stored under
    /// another id; not stored again.
    pub duplicates: Vec<(String, String)>,
    /// `(id, source of the stored article)`: articles whose id is taken by
    /// an article from another source (path or URL) with other content;
    /// not stored, the stored one is kept.
    pub clashes: Vec<(String, String)>,
    /// Stories built or rebuilt.
    pub stories_rebuilt: Vec<String>,
    /// Stories that no longer exist (their articles joined others).
    pub stories_removed: Vec<String>,
}

impl IngestOutcome {
    /// True when the store changed.
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.updated.is_empty()
    }
}

/// A line of the story list.
#[derive(Clone, Debug, Serialize)]
pub struct StoryListing {
    /// Story id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Unix seconds of the last rebuild.
    pub updated: i64,
    /// Latest article date, when any article has one.
    pub newest: Option<String>,
    /// Earliest article date, when any article has one.
    pub oldest: Option<String>,
    /// The first summary sentence.
    pub teaser: Option<String>,
    /// Number of articles.
    pub articles: usize,
    /// Articles per outlet, most first ("unknown" for those that name
    /// none).
    pub outlets: Vec<(String, usize)>,
    /// Dated articles per day (per week past 90 days), oldest first.
    pub coverage: Vec<usize>,
}

/// One page of the story list.
#[derive(Clone, Debug, Serialize)]
pub struct StoryList {
    /// Stories in the store.
    pub total: usize,
    /// This page, 1-based.
    pub page: usize,
    /// Stories a page.
    pub per_page: usize,
    /// Number of pages (at least 1).
    pub pages: usize,
    /// This page's stories, newest first.
    pub stories: Vec<StoryListing>,
}

/// A story with its articles, as its page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct StoryPage {
    /// The analysis.
    pub report: StoryReport,
    /// Its articles, in ingest order.
    pub articles: Vec<ArticleEntry>,
}

/// A search result.
#[derive(Clone, Debug, Serialize)]
pub struct SearchHit {
    /// Article id.
    pub article: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Its story, when built.
    pub story: Option<String>,
    /// Matching text with each match between `\u{2}` and `\u{3}` (escape,
    /// then turn them into highlight tags).
    pub snippet: String,
    /// BM25 score (lower is better, as SQLite gives it).
    pub rank: f64,
}

/// One story's view of an actor.
#[derive(Clone, Debug, Serialize)]
pub struct ActorInStory {
    /// Story id.
    pub story: String,
    /// Story headline.
    pub story_title: String,
    /// The actor as the story knows it.
    pub actor: newsweave::report::ActorEntry,
    /// What the actor said in the story.
    pub quotes: Vec<newsweave::report::QuoteEntry>,
}

/// Where a long [`Store::ingest`] is, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IngestProgress {
    /// Stories being rebuilt: articles of the stories done so far, of all
    /// the articles in stories to rebuild.
    Analysing {
        /// Articles done.
        done: usize,
        /// Articles to do.
        total: usize,
    },
    /// Analysis done; writing the transaction.
    Writing,
}

/// A callback told of [`IngestProgress`].
pub struct Progress(Box<dyn Fn(IngestProgress) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// An embedded store (one SQLite file, WAL mode).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    options: AnalyzeOptions,
    progress: Option<Progress>,
    busy_timeout: Duration,
    /// The limit of the running [`Store::with_limit`] call.
    limit: Option<QueryLimit>,
}

/// How long a read may run, and a flag that stops it early (see
/// [`Store::with_limit`]).
#[derive(Clone, Debug)]
pub struct QueryLimit {
    timeout: Duration,
    deadline: Instant,
    cancelled: Arc<AtomicBool>,
}

impl QueryLimit {
    /// A limit of `timeout` from now, stopped early when `cancelled` is set.
    pub fn new(timeout: Duration, cancelled: Arc<AtomicBool>) -> QueryLimit {
        QueryLimit {
            timeout,
            deadline: Instant::now() + timeout,
            cancelled,
        }
    }

    /// `Err` once the deadline has passed or the flag is set.
    fn check(&self) -> Result<()> {
        if self.cancelled.load(Ordering::Relaxed) {
            Err(Error::Cancelled)
        } else if Instant::now() >= self.deadline {
            Err(Error::TimedOut(self.timeout))
        } else {
            Ok(())
        }
    }
}

/// SQLite virtual-machine steps between two checks of a [`QueryLimit`].
const STEPS_PER_CHECK: std::os::raw::c_int = 1000;

/// At most this many distinct words of a search query are used.
pub const MAX_QUERY_TERMS: usize = 32;
/// Longer words of a search query are left out (no word is this long).
const MAX_TERM_CHARS: usize = 64;

/// The default busy timeout.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// `Error::Busy` for SQLite's busy and locked errors, else the error as is.
fn busy_or(e: rusqlite::Error, waited: Duration) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy(waited),
        _ => Error::Sqlite(e),
    }
}

impl Store {
    /// Opens (creating when absent) the store at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL: readers never block the writer. `synchronous=NORMAL` loses no
        // committed transaction when the process dies (only on power loss).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(SCHEMA)?;
        let found: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match found.and_then(|v| v.parse::<i64>().ok()) {
            None => {
                conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?1)",
                    [SCHEMA_VERSION.to_string()],
                )?;
            }
            Some(SCHEMA_VERSION) => {}
            // Version 1 had no input clusters.
            Some(1) => {
                conn.execute_batch(
                    "ALTER TABLE articles ADD COLUMN cluster TEXT;
                     UPDATE meta SET value = '2' WHERE key = 'schema';",
                )?;
            }
            Some(found) => {
                return Err(Error::Schema {
                    path: path.to_path_buf(),
                    found,
                })
            }
        }
        Ok(Store {
            conn,
            options: AnalyzeOptions::default(),
            progress: None,
            busy_timeout: BUSY_TIMEOUT,
            limit: None,
        })
    }

    /// How long a write waits for another writer before [`Error::Busy`]
    /// (10 s when not set).
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<()> {
        self.conn.busy_timeout(timeout)?;
        self.busy_timeout = timeout;
        Ok(())
    }

    /// Runs the reads of `f` under `limit`: SQLite stops a statement that
    /// runs past the deadline or after the flag is set, and loops over many
    /// statements check the limit between them. Gives [`Error::TimedOut`]
    /// or [`Error::Cancelled`] then.
    pub fn with_limit<T>(
        &mut self,
        limit: QueryLimit,
        f: impl FnOnce(&Store) -> Result<T>,
    ) -> Result<T> {
        limit.check()?;
        let in_sqlite = limit.clone();
        self.conn
            .progress_handler(STEPS_PER_CHECK, Some(move || in_sqlite.check().is_err()))?;
        self.limit = Some(limit.clone());
        let result = f(self);
        self.limit = None;
        self.conn.progress_handler(0, None::<fn() -> bool>)?;
        match result {
            Err(Error::Sqlite(e))
                if e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted) =>
            {
                Err(limit.check().err().unwrap_or(Error::Sqlite(e)))
            }
            other => other,
        }
    }

    /// `Err` when the limit of the running [`Store::with_limit`] call is
    /// reached (`Ok` outside one). Code that runs many short statements
    /// calls it between them, as SQLite checks only within a statement.
    pub fn check_limit(&self) -> Result<()> {
        self.limit.as_ref().map_or(Ok(()), QueryLimit::check)
    }

    /// Reports the progress of each [`Store::ingest`] to `f`.
    pub fn with_progress(mut self, f: impl Fn(IngestProgress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Progress(Box::new(f)));
        self
    }

    /// Sets the analysis options used for rebuilt stories.
    pub fn with_options(mut self, options: AnalyzeOptions) -> Self {
        self.options = options;
        self
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        let rows: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows.join("\n"))
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))?
            as usize)
    }

    /// Stores `articles` and rebuilds the stories they touch, in one
    /// transaction. An article already stored with the same content changes
    /// nothing. A `url` that is not `http(s)://` is not stored (the article
    /// is, without it), so a stored link is always safe to follow.
    pub fn ingest(&mut self, articles: Vec<Article>) -> Result<IngestOutcome> {
        let articles: Vec<Article> = articles.into_iter().map(web_link_only).collect();
        let _span = tracing::info_span!("ingest", articles = articles.len()).entered();
        let now = unix_now();
        let waited = self.busy_timeout;
        // IMMEDIATE takes the write lock now, waiting for another writer
        // under the busy timeout; a deferred transaction would read first
        // and then fail at once when it cannot upgrade to a write.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(e, waited))?;
        let mut outcome = IngestOutcome::default();
        let mut touched: BTreeSet<String> = BTreeSet::new();
        for a in &articles {
            if a.id.0.is_empty() {
                return Err(Error::BadArticle {
                    id: String::new(),
                    reason: "empty id".into(),
                });
            }
            let hash = content_hash(a);
            let stored: Option<(String, Option<String>, Option<String>)> = tx
                .query_row(
                    "SELECT hash, path, url FROM articles WHERE id = ?1",
                    [&a.id.0],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match stored {
                Some((h, ..)) if h == hash => outcome.unchanged.push(a.id.0.clone()),
                // Only the same source may change an article.
                Some((_, path, url)) if (&path, &url) != (&a.path, &a.url) => {
                    let source = path.or(url).unwrap_or_default();
                    outcome.clashes.push((a.id.0.clone(), source));
                }
                Some(_) => {
                    tx.execute(
                        "UPDATE articles SET hash=?2, outlet=?3, title=?4, date=?5, url=?6,
                         author=?7, path=?8, text=?9, added=?10, cluster=?11 WHERE id=?1",
                        params![
                            a.id.0, hash, a.outlet, a.title, a.date, a.url, a.author, a.path,
                            a.text, now, a.cluster
                        ],
                    )?;
                    outcome.updated.push(a.id.0.clone());
                    touched.insert(a.id.0.clone());
                }
                None => {
                    let same: Option<String> = tx
                        .query_row("SELECT id FROM articles WHERE hash = ?1", [&hash], |r| {
                            r.get(0)
                        })
                        .optional()?;
                    if let Some(other) = same {
                        outcome.duplicates.push((a.id.0.clone(), other));
                        continue;
                    }
                    tx.execute(
                        "INSERT INTO articles(id, hash, outlet, title, date, url, author, path,
                         text, added, cluster)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                        params![
                            a.id.0, hash, a.outlet, a.title, a.date, a.url, a.author, a.path,
                            a.text, now, a.cluster
                        ],
                    )?;
                    outcome.added.push(a.id.0.clone());
                    touched.insert(a.id.0.clone());
                }
            }
        }
        if !touched.is_empty() {
            let progress = |p| {
                if let Some(Progress(f)) = &self.progress {
                    f(p);
                }
            };
            let (rebuilt, removed) = rebuild(&tx, &touched, &self.options, now, &progress)?;
            progress(IngestProgress::Writing);
            outcome.stories_rebuilt = rebuilt;
            outcome.stories_removed = removed;
        }
        tx.commit().map_err(|e| busy_or(e, waited))?;
        Ok(outcome)
    }

    /// The stories, newest first (by latest article date, then by rebuild
    /// time).
    pub fn stories(&self) -> Result<Vec<StoryListing>> {
        let ids = self.story_ids(usize::MAX, 0)?;
        self.listings(&ids)
    }

    /// Page `page` (1-based) of the stories, newest first, `per_page` a
    /// page; a page past the end is empty.
    pub fn story_list(&self, page: usize, per_page: usize) -> Result<StoryList> {
        let per_page = per_page.max(1);
        let page = page.max(1);
        let total = self
            .conn
            .query_row("SELECT count(*) FROM stories", [], |r| r.get::<_, i64>(0))?
            as usize;
        let offset = (page - 1).saturating_mul(per_page);
        let ids = self.story_ids(per_page, offset)?;
        Ok(StoryList {
            total,
            page,
            per_page,
            pages: total.div_ceil(per_page).max(1),
            stories: self.listings(&ids)?,
        })
    }

    /// Story ids in list order (newest article date first, undated last,
    /// then latest rebuild, then id).
    fn story_ids(&self, limit: usize, offset: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM stories ORDER BY newest IS NULL, newest DESC, updated DESC, id
             LIMIT ?1 OFFSET ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let ids = stmt
            .query_map([limit, offset], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The listings of stories `ids`, in that order.
    fn listings(&self, ids: &[String]) -> Result<Vec<StoryListing>> {
        let ids_json = serde_json::to_string(ids)?;
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.title, s.updated, s.newest,
                    json_extract(s.report, '$.summary[0].text'), a.outlet, a.date
             FROM stories s JOIN story_articles sa ON sa.story = s.id
             JOIN articles a ON a.id = sa.article
             WHERE s.id IN (SELECT value FROM json_each(?1))
             ORDER BY a.seq",
        )?;
        type Row = (
            String,
            String,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = stmt
            .query_map([ids_json], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Per story: its listing and its articles' dates.
        let mut by_story: BTreeMap<String, (StoryListing, Vec<Option<String>>)> = BTreeMap::new();
        for (id, title, updated, newest, teaser, outlet, date) in rows {
            let entry = by_story.entry(id.clone()).or_insert_with(|| {
                (
                    StoryListing {
                        id,
                        title,
                        updated,
                        newest,
                        oldest: None,
                        teaser,
                        articles: 0,
                        outlets: Vec::new(),
                        coverage: Vec::new(),
                    },
                    Vec::new(),
                )
            });
            entry.0.articles += 1;
            let outlet = outlet
                .filter(|o| !o.trim().is_empty())
                .unwrap_or_else(|| newsweave::report::view::UNKNOWN_OUTLET.to_string());
            match entry.0.outlets.iter_mut().find(|(o, _)| *o == outlet) {
                Some((_, n)) => *n += 1,
                None => entry.0.outlets.push((outlet, 1)),
            }
            entry.1.push(date);
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let Some((mut s, dates)) = by_story.remove(id) else {
                continue;
            };
            s.outlets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            s.oldest = dates
                .iter()
                .flatten()
                .filter_map(|d| days_since_epoch(d).map(|t| (t, d)))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, d)| d.clone());
            s.coverage = coverage(&dates);
            out.push(s);
        }
        Ok(out)
    }

    /// A story and its articles.
    pub fn story(&self, id: &str) -> Result<Option<StoryPage>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT report FROM stories WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(json) = json else { return Ok(None) };
        let report: StoryReport = serde_json::from_str(&json)?;
        let mut articles = Vec::with_capacity(report.articles.len());
        for a in &report.articles {
            self.check_limit()?;
            if let Some(entry) = self.article(a)? {
                articles.push(entry);
            }
        }
        Ok(Some(StoryPage { report, articles }))
    }

    /// One stored article.
    pub fn article(&self, id: &str) -> Result<Option<ArticleEntry>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, path, outlet, title, date, url, text FROM articles WHERE id = ?1",
                [id],
                |r| {
                    Ok(ArticleEntry {
                        id: r.get(0)?,
                        path: r.get(1)?,
                        outlet: r.get(2)?,
                        title: r.get(3)?,
                        date: r.get(4)?,
                        url: r.get(5)?,
                        text: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Full-text search over article titles and texts, best first. The
    /// query is taken as words that must all occur (stemmed); FTS5 syntax
    /// characters are ignored, so any user input is a valid query. Only
    /// the first [`MAX_QUERY_TERMS`] distinct words count.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.title, a.outlet,
                    (SELECT story FROM story_articles WHERE article = a.id LIMIT 1),
                    snippet(articles_fts, 1, char(2), char(3), '…', 16),
                    bm25(articles_fts)
             FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
             WHERE articles_fts MATCH ?1
             ORDER BY bm25(articles_fts) LIMIT ?2",
        )?;
        let hits = stmt
            .query_map(params![fts, limit as i64], |r| {
                Ok(SearchHit {
                    article: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    story: r.get(3)?,
                    snippet: r.get(4)?,
                    rank: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(hits)
    }

    /// Every story that names an actor called `name` (its full name), with
    /// what the actor said there.
    pub fn actor(&self, name: &str) -> Result<Vec<ActorInStory>> {
        let stories: Vec<String> = self
            .conn
            .prepare("SELECT DISTINCT story FROM actors WHERE name = ?1 ORDER BY story")?
            .query_map([name], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for id in stories {
            self.check_limit()?;
            let Some(page) = self.story(&id)? else {
                continue;
            };
            let report = page.report;
            for actor in report.actors.iter().filter(|a| a.name == name) {
                let quotes = report
                    .quotes
                    .iter()
                    .filter(|q| q.actor.as_deref() == Some(actor.id.as_str()))
                    .cloned()
                    .collect();
                out.push(ActorInStory {
                    story: report.id.clone(),
                    story_title: report.title.clone(),
                    actor: actor.clone(),
                    quotes,
                });
            }
        }
        Ok(out)
    }
}

/// True for an absolute `http://` or `https://` URL (any case).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `article` without its `url` when that is not a web link
/// (`javascript:`, `data:`, relative...).
fn web_link_only(mut article: Article) -> Article {
    if article
        .url
        .as_deref()
        .is_some_and(|u| !is_web_url(u.trim()))
    {
        tracing::warn!(id = %article.id.0, "not an http(s) URL, not stored as its link");
        article.url = None;
    }
    article
}

/// The FTS5 query for the words of `query`: each word quoted (so FTS5
/// syntax is inert), case-insensitive duplicates and words longer than any
/// real one left out, at most [`MAX_QUERY_TERMS`]. Repeating a word adds
/// nothing to what matches, but FTS5's cost grows with the number of
/// phrases, so the cap bounds a query's cost whatever its length.
fn fts_query(query: &str) -> Option<String> {
    let mut seen = BTreeSet::new();
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= MAX_TERM_CHARS)
        .filter(|w| seen.insert(w.to_lowercase()))
        .take(MAX_QUERY_TERMS)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Hex SHA-256 of what an article says (not where it was read from).
fn content_hash(a: &Article) -> String {
    let mut h = Sha256::new();
    for part in [&a.outlet, &a.title, &a.date, &a.url, &a.author] {
        match part {
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update([0u8]),
        }
    }
    h.update(a.text.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Articles per bucket, oldest first, for a coverage sparkline: per day from
/// the first to the last dated article (empty days count 0; per week when
/// that spans more than 90 days). Undated articles are left out (empty when
/// no article has a date).
fn coverage(dates: &[Option<String>]) -> Vec<usize> {
    let days: Vec<i64> = dates
        .iter()
        .filter_map(|d| d.as_deref().and_then(days_since_epoch))
        .map(|d| d.floor() as i64)
        .collect();
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return Vec::new();
    };
    let width = if last - first > 90 { 7 } else { 1 };
    let mut buckets = vec![0; ((last - first) / width + 1) as usize];
    for d in days {
        buckets[((d - first) / width) as usize] += 1;
    }
    buckets
}

fn load_articles(tx: &Transaction<'_>) -> Result<Vec<Article>> {
    let mut stmt = tx.prepare(
        "SELECT id, path, url, outlet, title, author, date, text, cluster
         FROM articles ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Article {
                id: ArticleId(r.get(0)?),
                path: r.get(1)?,
                url: r.get(2)?,
                outlet: r.get(3)?,
                title: r.get(4)?,
                author: r.get(5)?,
                date: r.get(6)?,
                text: r.get(7)?,
                cluster: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Re-clusters every stored article and rebuilds the stories whose
/// membership changed or that hold a `touched` article. Returns the
/// rebuilt and the removed story ids.
fn rebuild(
    tx: &Transaction<'_>,
    touched: &BTreeSet<String>,
    options: &AnalyzeOptions,
    now: i64,
    progress: &dyn Fn(IngestProgress),
) -> Result<(Vec<String>, Vec<String>)> {
    let all = load_articles(tx)?;
    let mut new_members: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (article, story) in all.iter().zip(story_assignments(&all)) {
        new_members
            .entry(story.0)
            .or_default()
            .insert(article.id.0.clone());
    }
    let mut old_members: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    {
        let mut stmt = tx.prepare("SELECT story, article FROM story_articles")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        for row in rows {
            let (story, article) = row?;
            old_members.entry(story).or_default().insert(article);
        }
    }
    let removed: Vec<String> = old_members
        .keys()
        .filter(|s| !new_members.contains_key(*s))
        .cloned()
        .collect();
    for s in &removed {
        tx.execute("DELETE FROM stories WHERE id = ?1", [s])?;
    }
    let by_id: BTreeMap<&str, &Article> = all.iter().map(|a| (a.id.0.as_str(), a)).collect();
    let order: BTreeMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.0.as_str(), i))
        .collect();
    let mut rebuilt = Vec::new();
    let changed: Vec<(&String, &BTreeSet<String>)> = new_members
        .iter()
        .filter(|(story, members)| {
            old_members.get(*story) != Some(*members) || members.iter().any(|m| touched.contains(m))
        })
        .collect();
    let total = changed.iter().map(|(_, m)| m.len()).sum();
    let mut done = 0;
    progress(IngestProgress::Analysing { done, total });
    for (story, members) in changed {
        let mut ids: Vec<&str> = members.iter().map(String::as_str).collect();
        ids.sort_by_key(|id| order.get(id).copied().unwrap_or(usize::MAX));
        let articles: Vec<Article> = ids
            .iter()
            .filter_map(|id| by_id.get(id).map(|a| (*a).clone()))
            .collect();
        let annotated = annotate_all(articles);
        let refs: Vec<&Annotated> = annotated.iter().collect();
        let report = story_report(story, &refs, options);
        let newest = annotated
            .iter()
            .filter_map(|a| a.article.date.clone())
            .max();
        write_story(tx, &report, newest.as_deref(), now)?;
        rebuilt.push(story.clone());
        done += members.len();
        progress(IngestProgress::Analysing { done, total });
    }
    Ok((rebuilt, removed))
}

fn write_story(
    tx: &Transaction<'_>,
    report: &StoryReport,
    newest: Option<&str>,
    now: i64,
) -> Result<()> {
    let id = report.id.as_str();
    tx.execute("DELETE FROM stories WHERE id = ?1", [id])?;
    tx.execute(
        "INSERT INTO stories(id, title, updated, newest, report) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id,
            report.title,
            now,
            newest,
            serde_json::to_string(report)?
        ],
    )?;
    for a in &report.articles {
        tx.execute(
            "INSERT INTO story_articles(story, article) VALUES (?1, ?2)",
            params![id, a],
        )?;
    }
    for a in &report.actors {
        tx.execute(
            "INSERT INTO actors(story, actor, name, kind, mentions) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                a.id,
                a.name,
                serde_json::to_value(a.kind)?.as_str().unwrap_or("other"),
                a.mentions as i64
            ],
        )?;
    }
    for (n, q) in report.quotes.iter().enumerate() {
        tx.execute(
            "INSERT INTO quotes(story, n, actor, speaker, text, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                n as i64,
                q.actor,
                q.speaker,
                q.text,
                serde_json::to_value(q.kind)?.as_str().unwrap_or("direct")
            ],
        )?;
    }
    for (n, c) in report.claims.iter().enumerate() {
        tx.execute(
            "INSERT INTO claims(story, n, text, value, unit) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, n as i64, c.text, c.value, c.unit],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
