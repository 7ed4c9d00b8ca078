//! A time-budgeted mutation fuzzer for the HTML path, on stable Rust.
//!
//! cargo-fuzz needs a nightly toolchain (sanitizers) and a second build of
//! every dependency with coverage instrumentation; CI here has stable only
//! and two cores. This target reuses the ordinary test build instead: it
//! mutates real pages (the bundled examples) with byte flips, splices,
//! truncations, duplications and a dictionary of awkward HTML (unclosed and
//! deeply nested tags, comments, `<script>`, entities, BOMs, charsets,
//! JSON-LD), runs `extract_html_bytes_with` with `explain` on each (fast
//! path, then full path), and
//! fails on the first panic, writing the input to
//! `target/fuzz-html-crash.html`. Not coverage-guided, so it finds less than
//! libFuzzer would per second, but it runs anywhere `cargo test` does.
//!
//! ```text
//! NEWSWEAVE_FUZZ_SECS=60 cargo test -p newsweave --test fuzz_html -- --ignored --nocapture
//! ```
//! `NEWSWEAVE_FUZZ_SEED=N` replays a run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsweave::extract::{extract_html_bytes_with, Options};

const DICT: &[&str] = &[
    "<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<table><tr><td>", "</td></tr>",
    "<li>", "<ul>", "<h2>", "</h2>", "<time datetime=\"2024-01-01T10:00:00Z\">10:00</time>",
    "<!--", "-->", "<script>", "</script>", "<style>", "<svg><foreignObject>", "<math>",
    "<template>", "<iframe>", "<noscript>", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "\u{feff}",
    "\u{0}", "\u{fffd}", "<meta charset=\"utf-16\">", "<meta charset=\"shift_jis\">",
    "<script type=\"application/ld+json\">{\"liveBlogUpdate\":[{\"articleBody\":\"x y z\"}]}</script>",
    "<a href=\"javascript:\">", "</a>", "<figure><figcaption>", "<nav>", "<br>", "<![CDATA[",
    "<html>", "<body>", "<head>", "<title>", "<base href=\"::\">", "<link rel=canonical href=\"//\">",
    "<p hidden>", "<div style=\"display:none\">", "<div class=\"share comments\">", "\r\n",
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

fn seeds() -> Vec<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out = Vec::new();
    for dir in ["pages", "corpus"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            for e in entries.flatten() {
                if e.path().extension().is_some_and(|x| x == "html") {
                    out.push(std::fs::read(e.path()).unwrap());
                }
            }
        }
    }
    out.push(b"<html><body><p>A short page.</p></body></html>".to_vec());
    out
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut page = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let len = page.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 => {
                if len > 0 {
                    let i = rng.below(len);
                    page[i] = rng.next() as u8;
                }
            }
            1 => {
                let word = DICT[rng.below(DICT.len())].as_bytes();
                let times = if rng.below(10) == 0 {
                    1 + rng.below(3000)
                } else {
                    1
                };
                page.splice(at..at, word.repeat(times));
            }
            2 => {
                let end = (at + rng.below(2000)).min(len);
                page.drain(at..end);
            }
            3 => page.truncate(at),
            4 => {
                let end = (at + rng.below(4000)).min(len);
                let copy = page[at..end].to_vec();
                let to = rng.below(page.len() + 1);
                page.splice(to..to, copy);
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let end = (from + rng.below(5000)).min(other.len());
                page.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                let junk: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
                page.splice(at..at, junk);
            }
        }
    }
    page
}

#[test]
#[ignore = "time-budgeted fuzzing: run with --ignored (CI does, for 60 s)"]
fn fuzz_html() {
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
    let seeds = seeds();
    let mut rng = Rng(seed);
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let (mut runs, mut ok) = (0u64, 0u64);
    let crash = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-html-crash.html");
    while start.elapsed() < budget {
        let page = mutate(&mut rng, &seeds);
        // Debug builds let the extractor's panics through.
        let result = std::panic::catch_unwind(|| {
            extract_html_bytes_with(
                &page,
                Some("https://example.com/a"),
                &Options::explain(true),
            )
        });
        runs += 1;
        match result {
            Ok(Ok(p)) => {
                ok += 1;
                assert!(
                    !p.text.trim().is_empty(),
                    "an extracted body is never empty"
                );
            }
            Ok(Err(_)) => {}
            Err(_) => {
                let _ = std::fs::create_dir_all(crash.parent().unwrap());
                let _ = std::fs::write(&crash, &page);
                panic!(
                    "panic on input #{runs} (seed {seed}); input written to {}",
                    crash.display()
                );
            }
        }
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "fuzz_html: {runs} inputs in {:.1} s ({ok} extracted, {} refused), seed {seed}, no panic",
            start.elapsed().as_secs_f64(),
            runs - ok
        );
    }
}
