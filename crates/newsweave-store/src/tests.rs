#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use newsweave::ingest::from_text;
use newsweave::model::Article;

use super::*;

/// The three seed articles as `newsweave ingest` reads them, or `None`
/// (with a note) when `../shared` is absent.
fn seeds() -> Option<Vec<Article>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut out = Vec::new();
    for name in [
        "000_dd91db12d2c4c90d",
        "003_623325d71c16a6fc",
        "004_474c5a378a245884",
    ] {
        let path = dir.join(format!("{name}.txt"));
        match std::fs::read_to_string(&path) {
            Ok(text) => out.push(from_text(name, text)),
            Err(e) => {
                eprintln!("skipping: seed {} not readable: {e}", path.display());
                return None;
            }
        }
    }
    Some(out)
}

#[test]
fn reingest_is_idempotent_and_search_finds_napalm() {
    let Some(seeds) = seeds() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("news.db");
    let mut store = Store::open(&path).expect("open");
    let first = store.ingest(seeds.clone()).expect("ingest");
    assert_eq!(first.added.len(), 3);
    assert!(!first.stories_rebuilt.is_empty());
    let stories = store.stories().expect("stories");
    let reports: Vec<String> = stories
        .iter()
        .map(|s| store.story(&s.id).expect("story").expect("some").report.id)
        .collect();

    let again = store.ingest(seeds.clone()).expect("re-ingest");
    assert_eq!(again.unchanged.len(), 3);
    assert!(!again.changed());
    assert!(again.stories_rebuilt.is_empty() && again.stories_removed.is_empty());
    assert_eq!(store.article_count().expect("count"), 3);
    let after: Vec<String> = store
        .stories()
        .expect("stories")
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(after, reports);

    // The same text under another id is a duplicate, not a new article.
    let mut copy = seeds[1].clone();
    copy.id = ArticleId("copy".into());
    let dup = store.ingest(vec![copy]).expect("dup");
    assert_eq!(
        dup.duplicates,
        [("copy".to_string(), seeds[1].id.0.clone())]
    );

    let hits = store.search("napalm", 10).expect("search");
    assert_eq!(
        hits.first().map(|h| h.article.as_str()),
        Some("003_623325d71c16a6fc")
    );
    assert!(
        hits[0].snippet.contains("\u{2}napalm\u{3}")
            || hits[0].snippet.contains("\u{2}NAPALM\u{3}")
    );
    assert!(hits[0].story.is_some());
    // FTS5 syntax in user input is not an error.
    assert!(store.search("\"napalm OR (", 10).is_ok());
    assert!(store.search("  ", 10).expect("empty").is_empty());
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

#[test]
fn seeds_make_one_story_with_its_report() {
    let Some(seeds) = seeds() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("news.db")).expect("open");
    store.ingest(seeds).expect("ingest");
    let stories = store.stories().expect("stories");
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(stories[0].articles, 3);
    // The seeds name no outlet: one "unknown", never three file names.
    assert_eq!(stories[0].outlets, [("unknown".to_string(), 3)]);
    let page = store.story(&stories[0].id).expect("story").expect("some");
    assert_eq!(page.articles.len(), 3);
    assert!(!page.report.summary.is_empty());
    // Every summary source is a valid code-point span of a stored article.
    for line in &page.report.summary {
        for s in &line.sources {
            let a = page
                .articles
                .iter()
                .find(|a| a.id == s.article)
                .expect("article");
            assert!(s.start < s.end && s.end <= a.text.chars().count());
        }
    }
    let johnson = store.actor("Boris Johnson").expect("actor");
    assert!(!johnson.is_empty());
    assert!(johnson.iter().any(|a| !a.quotes.is_empty()));
}

#[test]
fn new_articles_update_stories_incrementally() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("news.db")).expect("open");
    let a = from_text(
        "a",
        "Floods hit the town of Valencia after record rain, officials said. \
         Hundreds of homes in Valencia were flooded by the rain."
            .into(),
    );
    let b = from_text(
        "b",
        "The central bank raised interest rates by half a point to fight inflation, \
         the bank's governor said."
            .into(),
    );
    let one = store.ingest(vec![a.clone()]).expect("ingest a");
    assert_eq!(one.stories_rebuilt.len(), 1);
    let two = store.ingest(vec![b]).expect("ingest b");
    // The flood story is untouched by an unrelated article.
    assert_eq!(two.stories_rebuilt.len(), 1);
    assert!(!two.stories_rebuilt.contains(&one.stories_rebuilt[0]));
    assert_eq!(store.stories().expect("stories").len(), 2);
    // A changed article is updated and its story rebuilt.
    let mut a2 = a;
    a2.text.push_str(" The river burst its banks in Valencia.");
    let three = store.ingest(vec![a2]).expect("ingest a2");
    assert_eq!(three.updated, ["a"]);
    assert_eq!(three.stories_rebuilt, one.stories_rebuilt);
    assert_eq!(store.search("river", 5).expect("search")[0].article, "a");
}

#[test]
fn reopens_with_its_schema_and_passes_integrity_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("news.db");
    {
        let mut store = Store::open(&path).expect("open");
        store
            .ingest(vec![from_text(
                "x",
                "Napalm was dropped on Aleppo, rebels said.".into(),
            )])
            .expect("ingest");
    }
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.article_count().expect("count"), 1);
    assert_eq!(store.search("napalm", 5).expect("search").len(), 1);
    assert_eq!(store.integrity_check().expect("check"), "ok");
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    drop(store);
    // A file of another schema version is refused with a clear error.
    let conn = Connection::open(&path).expect("raw");
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema'", [])
        .expect("bump");
    drop(conn);
    let err = Store::open(&path).expect_err("newer schema");
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[test]
fn coverage_counts_dated_articles_per_day_with_gaps() {
    let dates = [
        Some("2026-03-14T09:30:00Z".to_string()),
        Some("2026-03-16".to_string()),
        Some("2026-03-14".to_string()),
        None,
    ];
    assert_eq!(coverage(&dates), [2, 0, 1]);
    // Undated articles are not put on a time line (not even by ingest time).
    assert!(coverage(&[None, None]).is_empty());
}

#[test]
fn story_list_pages_newest_first_and_names_no_outlet_after_an_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("p.db")).expect("open");
    let subjects = [
        "Zorbian ferries resumed crossings to Quillport after the strike ended",
        "Vantor orchards reported a record plum harvest despite the late frost",
        "Mellick observatory astronomers tracked a bright comet over Dunmere",
    ];
    let articles: Vec<Article> = subjects
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut a = newsweave::ingest::from_text(&format!("a{i}"), format!("{text}. {text}."));
            a.date = (i != 1).then(|| format!("2026-03-1{i}"));
            a
        })
        .collect();
    store.ingest(articles).expect("ingest");
    let first = store.story_list(1, 2).expect("page 1");
    assert_eq!((first.total, first.pages, first.stories.len()), (3, 2, 2));
    // Newest dated first, the undated story last.
    assert_eq!(first.stories[0].newest.as_deref(), Some("2026-03-12"));
    assert_eq!(first.stories[1].newest.as_deref(), Some("2026-03-10"));
    let second = store.story_list(2, 2).expect("page 2");
    assert_eq!(second.stories.len(), 1);
    assert_eq!(second.stories[0].newest, None);
    assert!(store.story_list(3, 2).expect("page 3").stories.is_empty());
    let s = &first.stories[0];
    assert_eq!(s.outlets, [("unknown".to_string(), 1)]);
    assert_eq!(s.oldest.as_deref(), Some("2026-03-12"));
    assert!(
        s.teaser.as_deref().is_some_and(|t| t.contains("comet")),
        "{:?}",
        s.teaser
    );
}

#[test]
fn version_1_files_migrate_and_input_clusters_stay_one_story() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v1.db");
    {
        // The articles table as schema version 1 wrote it.
        let conn = Connection::open(&path).expect("raw");
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('schema', '1');
             CREATE TABLE articles (
                 seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                 hash TEXT NOT NULL, outlet TEXT, title TEXT, date TEXT, url TEXT,
                 author TEXT, path TEXT, text TEXT NOT NULL, added INTEGER NOT NULL);",
        )
        .expect("v1 schema");
    }
    let mut store = Store::open(&path).expect("migrates");
    // Two unrelated texts that the input declares one cluster.
    let line = r#"{"id": "mn1", "document": "Volcano Etna erupted overnight, sending lava toward Catania and closing the Sicily airport for the morning. ||||| Arsenal beat Chelsea two-nil at the Emirates on Saturday with goals from Saka and Odegaard in the second half."}"#;
    let articles = newsweave::ingest::from_json_line(line).expect("line");
    store.ingest(articles).expect("ingest");
    let stories = store.stories().expect("stories");
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(stories[0].articles, 2);
    drop(store);
    let store = Store::open(&path).expect("reopen at version 2");
    assert_eq!(store.stories().expect("stories").len(), 1);
}

#[test]
fn an_id_from_another_source_is_a_clash_not_an_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("news.db")).expect("open");
    let mut a = from_text(
        "index",
        "Floods hit the town of Valencia, officials said.".into(),
    );
    a.path = Some("/news/a/index.html".into());
    let mut b = from_text("index", "The central bank raised interest rates.".into());
    b.path = Some("/news/b/index.html".into());
    store.ingest(vec![a.clone()]).expect("ingest a");
    let got = store.ingest(vec![b]).expect("ingest b");
    assert_eq!(
        got.clashes,
        [("index".to_string(), "/news/a/index.html".to_string())]
    );
    assert!(got.updated.is_empty() && got.added.is_empty());
    let kept = store.article("index").expect("read").expect("stored");
    assert_eq!(kept.text, a.text);
    // The same source may still update it.
    a.text.push_str(" The river burst its banks.");
    assert_eq!(store.ingest(vec![a]).expect("update").updated, ["index"]);
}

#[test]
fn search_uses_each_distinct_word_once_and_at_most_the_cap() {
    // The query of issue 14: one word 1,000 times is one FTS5 phrase.
    assert_eq!(
        fts_query(&"said ".repeat(1000)).as_deref(),
        Some("\"said\"")
    );
    assert_eq!(
        fts_query("Said SAID said napalm").as_deref(),
        Some("\"Said\" \"napalm\"")
    );
    let many: String = (0..500).map(|i| format!("w{i} ")).collect();
    let terms = fts_query(&many).expect("terms");
    assert_eq!(terms.matches('"').count(), 2 * MAX_QUERY_TERMS);
    // A word longer than any real one is no term.
    assert_eq!(fts_query(&"x".repeat(10_000)), None);

    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("news.db")).expect("open");
    store
        .ingest(vec![from_text(
            "x",
            "Napalm was dropped on Aleppo, rebels said.".into(),
        )])
        .expect("ingest");
    let once = store.search("said", 5).expect("once");
    let repeated = store.search(&"said ".repeat(1000), 5).expect("repeated");
    assert_eq!(once.len(), 1);
    assert_eq!(repeated.len(), 1);
    assert_eq!(once[0].snippet, repeated[0].snippet);
}

/// A statement that never ends by itself.
const ENDLESS: &str = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
                       SELECT count(*) FROM c";

/// Runs `f` on a thread and gives its result, or panics after 60 s (so a
/// query the limit fails to stop fails the test instead of hanging it).
fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the query was not stopped")
}

#[test]
fn a_limited_query_stops_at_its_deadline_and_when_cancelled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("news.db");
    let mut store = Store::open(&path).expect("open");
    let flag = Arc::new(AtomicBool::new(false));
    let limit = QueryLimit::new(Duration::from_millis(200), flag);
    let err = within_a_minute(move || {
        store
            .with_limit(limit, |s| {
                Ok(s.conn.query_row(ENDLESS, [], |r| r.get::<_, i64>(0))?)
            })
            .expect_err("endless query")
    });
    assert!(matches!(err, Error::TimedOut(_)), "{err}");

    let mut store = Store::open(&path).expect("open");
    let flag = Arc::new(AtomicBool::new(false));
    let limit = QueryLimit::new(Duration::from_secs(3600), flag.clone());
    let raise = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        flag.store(true, Ordering::Relaxed);
    });
    let (err, store) = within_a_minute(move || {
        let err = store
            .with_limit(limit, |s| {
                Ok(s.conn.query_row(ENDLESS, [], |r| r.get::<_, i64>(0))?)
            })
            .expect_err("endless query");
        (err, store)
    });
    raise.join().expect("raise");
    assert!(matches!(err, Error::Cancelled), "{err}");
    // Loops of short statements check the limit between them too.
    let mut store = store;
    let flag = Arc::new(AtomicBool::new(true));
    let err = store
        .with_limit(QueryLimit::new(Duration::from_secs(60), flag), |s| {
            s.check_limit()
        })
        .expect_err("cancelled before");
    assert!(matches!(err, Error::Cancelled), "{err}");
    // The limit is gone afterwards: a long (finite) statement runs out.
    let counted: i64 = store
        .conn
        .query_row(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) \
             SELECT count(*) FROM c",
            [],
            |r| r.get(0),
        )
        .expect("no limit");
    assert_eq!(counted, 100_000);
    assert!(store.search("napalm", 5).is_ok());
}

/// Holds the write lock of `path` from another connection for `hold`,
/// returning once it is taken.
fn hold_write_lock(path: &Path, hold: Duration) -> std::thread::JoinHandle<()> {
    let path = path.to_path_buf();
    let (taken, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let conn = Connection::open(&path).expect("raw");
        conn.execute_batch(
            "BEGIN IMMEDIATE; INSERT OR REPLACE INTO meta(key, value) VALUES ('held', '1');",
        )
        .expect("lock");
        taken.send(()).expect("signal");
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").expect("commit");
    });
    rx.recv().expect("lock taken");
    handle
}

#[test]
fn a_second_writer_waits_for_the_first_instead_of_failing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("news.db");
    let mut store = Store::open(&path).expect("open");
    store
        .ingest(vec![from_text(
            "a",
            "Floods hit Valencia, officials said.".into(),
        )])
        .expect("first");
    let holder = hold_write_lock(&path, Duration::from_millis(300));
    let outcome = store
        .ingest(vec![from_text(
            "b",
            "The central bank raised interest rates, its governor said.".into(),
        )])
        .expect("waits for the other writer, then writes");
    holder.join().expect("holder");
    assert_eq!(outcome.added, ["b"]);
    assert_eq!(store.article_count().expect("count"), 2);
}

#[test]
fn a_writer_that_cannot_get_the_store_in_time_is_told_busy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("news.db");
    let mut store = Store::open(&path).expect("open");
    store
        .set_busy_timeout(Duration::from_millis(100))
        .expect("timeout");
    let holder = hold_write_lock(&path, Duration::from_millis(1500));
    let err = store
        .ingest(vec![from_text(
            "a",
            "Floods hit Valencia, officials said.".into(),
        )])
        .expect_err("busy");
    holder.join().expect("holder");
    assert!(matches!(err, Error::Busy(_)), "{err}");
    assert!(err.to_string().contains("busy"), "{err}");
    // Nothing was written, and a later try works.
    assert_eq!(store.article_count().expect("count"), 0);
    store
        .ingest(vec![from_text(
            "a",
            "Floods hit Valencia, officials said.".into(),
        )])
        .expect("later");
}

#[test]
fn only_web_urls_are_stored_as_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("news.db")).expect("open");
    let mut links = Vec::new();
    for (i, url) in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "HTTPS://example.com/a",
        "http://example.com/b",
    ]
    .into_iter()
    .enumerate()
    {
        let mut a = from_text(
            &format!("a{i}"),
            format!("Story number {i} of the town council."),
        );
        a.url = Some(url.to_string());
        links.push(a);
    }
    store.ingest(links).expect("ingest");
    let url = |id: &str| store.article(id).expect("read").expect("stored").url;
    for id in ["a0", "a1", "a2", "a3"] {
        assert_eq!(url(id), None, "{id}");
    }
    assert_eq!(url("a4").as_deref(), Some("HTTPS://example.com/a"));
    assert_eq!(url("a5").as_deref(), Some("http://example.com/b"));
}
