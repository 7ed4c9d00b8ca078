//! Crash safety: `newsweave serve` is killed with SIGKILL while clients add
//! articles, and `newsweave ingest` is killed at many points of its run;
//! every article acknowledged (a `201`, or an ingest that printed its
//! outcome) must be in the store afterwards, the file must pass
//! `PRAGMA integrity_check`, and every stored article must be in a story.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// POSTs `body` to `/api/articles`; the status code, or `None` when the
/// connection failed (the server is gone).
fn post(addr: &str, token: &str, body: &str) -> Option<u16> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let req = format!(
        "POST /api/articles HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).ok()?;
    let mut response = String::new();
    s.read_to_string(&mut response).ok()?;
    response.split(' ').nth(1)?.parse().ok()
}

#[test]
fn sigkill_during_ingest_loses_no_acknowledged_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsweave"))
        .args(["serve", "--addr", "127.0.0.1:0", "--token", "t", "--db"])
        .arg(&db)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");
    // The server prints its address on stderr once it listens.
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut seen = String::new();
    let addr = loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).expect("server stderr") == 0 {
            panic!("server exited before listening: {seen}");
        }
        seen.push_str(&line);
        if let Some(a) = line.split("http://").nth(1) {
            break a.trim().to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));

    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..2)
        .map(|c| {
            let (addr, acked, stop) = (addr.clone(), acked.clone(), stop.clone());
            std::thread::spawn(move || {
                for i in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let id = format!("c{c}-{i}");
                    let body = serde_json::json!({
                        "id": id,
                        "outlet": format!("Outlet {}", i % 5),
                        "text": format!(
                            "Council {c} of Town {i} approved {i} new homes on Monday, the mayor said. \
                             \"We need {i} more,\" Mayor Jane Smith{i} told reporters in Town {i}."
                        ),
                    })
                    .to_string();
                    match post(&addr, "t", &body) {
                        Some(201) => acked.lock().expect("lock").push(id),
                        Some(status) => panic!("unexpected status {status}"),
                        None => break,
                    }
                }
            })
        })
        .collect();
    // Kill while articles are still arriving.
    let start = Instant::now();
    while acked.lock().expect("lock").len() < 30 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
    child.wait().expect("reap");
    stop.store(true, Ordering::SeqCst);
    for c in clients {
        c.join().expect("client");
    }
    let acked = acked.lock().expect("lock").clone();
    assert!(acked.len() >= 30, "only {} acknowledged", acked.len());

    // Restart: the store opens (recovering the WAL) and holds every acknowledged article.
    let store = newsweave_store::Store::open(&db).expect("reopen");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    for id in &acked {
        assert!(store.article(id).expect("read").is_some(), "lost {id}");
    }
    let stored = store.article_count().expect("count");
    assert!(stored >= acked.len());
    // Every stored article belongs to a story: no half-written ingest.
    let in_stories: usize = store
        .stories()
        .expect("stories")
        .iter()
        .map(|s| s.articles)
        .sum();
    assert_eq!(in_stories, stored);
}

/// Checks the store at `db` after a kill: sound, every `acked` article
/// there, every stored article in a story. Returns the stored count.
fn check_store(db: &Path, acked: &BTreeSet<String>) -> usize {
    let store = newsweave_store::Store::open(db).expect("reopen");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    for id in acked {
        assert!(store.article(id).expect("read").is_some(), "lost {id}");
    }
    let stored = store.article_count().expect("count");
    let in_stories: usize = store
        .stories()
        .expect("stories")
        .iter()
        .map(|s| s.articles)
        .sum();
    assert_eq!(in_stories, stored, "an article outside every story");
    stored
}

/// A JSONL batch of `n` articles, ids `b{batch}-{i}`.
fn batch(batch: usize, n: usize) -> (String, Vec<String>) {
    let mut lines = String::new();
    let mut ids = Vec::new();
    for i in 0..n {
        let id = format!("b{batch}-{i}");
        let town = batch * 100 + i;
        let line = serde_json::json!({
            "id": id,
            "outlet": format!("Outlet {}", i % 4),
            "text": format!(
                "The council of Town {town} approved {i} new homes on Monday, the mayor said. \
                 \"We need {town} more,\" Mayor Jane Smith{batch} told reporters in Town {town}. \
                 Residents of Town {town} protested outside the hall for {i} hours on Tuesday, \
                 police said. The plan for Town {town} goes to a vote of {batch} members next week."
            ),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
        ids.push(id);
    }
    (lines, ids)
}

/// The ids an ingest's printed outcome acknowledges (stored, or stored
/// already).
fn acknowledged(stdout: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for line in stdout.lines() {
        let Ok(outcome) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        for key in ["added", "updated", "unchanged"] {
            for id in outcome[key].as_array().into_iter().flatten() {
                ids.extend(id.as_str().map(str::to_string));
            }
        }
    }
    ids
}

#[test]
fn sigkill_during_cli_ingest_loses_no_acknowledged_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    let ingest = |k: usize| {
        let (lines, ids) = batch(k, 12);
        let file = dir.path().join(format!("batch{k}.jsonl"));
        std::fs::write(&file, lines).expect("write batch");
        let child = Command::new(env!("CARGO_BIN_EXE_newsweave"))
            .args(["-q", "ingest"])
            .arg(&file)
            .arg("--db")
            .arg(&db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ingest");
        (child, ids)
    };
    // One whole run gives the time an ingest takes here.
    let start = Instant::now();
    let (child, first) = ingest(0);
    let out = child.wait_with_output().expect("first ingest");
    let took = start.elapsed();
    assert!(out.status.success(), "first ingest failed");
    let mut acked: BTreeSet<String> = acknowledged(&String::from_utf8_lossy(&out.stdout))
        .into_iter()
        .collect();
    assert_eq!(acked.len(), first.len());

    // Then runs killed at points spread over that time (some finish first).
    let (mut killed, mut finished) = (0, 0);
    for k in 1..=12 {
        let (mut child, ids) = ingest(k);
        let at = took.mul_f64(0.1 + 0.9 * ((k * 7) % 12) as f64 / 12.0);
        std::thread::sleep(at);
        let ran_out = child.try_wait().expect("poll").is_some();
        if !ran_out {
            child.kill().expect("SIGKILL"); // SIGKILL on Unix
        }
        let out = child.wait_with_output().expect("reap");
        let said = acknowledged(&String::from_utf8_lossy(&out.stdout));
        if out.status.success() {
            finished += 1;
            assert_eq!(
                said.len(),
                ids.len(),
                "a finished ingest acknowledges its batch"
            );
        } else {
            killed += 1;
        }
        acked.extend(said);
        let stored = check_store(&db, &acked);
        assert!(stored >= acked.len());
    }
    assert!(
        killed >= 3,
        "only {killed} runs were killed mid-way ({finished} finished)"
    );
}
