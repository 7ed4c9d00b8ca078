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
//! `NEWSWEAVE_FUZZ_SEED=N` replays a run. The machinery (mutations, budget,
//! crash file) is shared with `fuzz_inputs.rs`, in `fuzz/mod.rs`.

mod fuzz;

use std::path::PathBuf;

use newsweave::extract::{extract_html_bytes_with, Options, Path};

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

#[test]
#[ignore = "time-budgeted fuzzing: run with --ignored (CI does, for 60 s)"]
fn fuzz_html() {
    fuzz::run("html", "html", &seeds(), DICT, |page| {
        // The fast path on every input (it is cheap; debug builds let its
        // panics through), then the full path.
        let fast = Options::explain(true).with_path(Path::Fast);
        if let Ok(p) = extract_html_bytes_with(page, Some("https://example.com/a"), &fast) {
            assert!(!p.text.trim().is_empty(), "fast: empty body");
        }
        match extract_html_bytes_with(page, Some("https://example.com/a"), &Options::explain(true))
        {
            Ok(p) => {
                assert!(
                    !p.text.trim().is_empty(),
                    "an extracted body is never empty"
                );
                true
            }
            Err(_) => false,
        }
    });
}
