//! Throughput of `analyze`, stage by stage, for `scripts/bench-analyze.sh`.
//!
//! `corpus FILE [THREADS]` reads `{"id","text"}` lines, then runs the stages
//! the CLI runs (clean, actors, quotes, claims, clustering, the story
//! reports) one after another over all articles, each on a rayon pool of
//! THREADS (default 1), and prints per stage the CPU seconds, the wall
//! seconds and articles per CPU-second, then the whole pipeline as the CLI
//! runs it, and the peak resident memory of the process.
//!
//! `length FILE MB...` builds one article of each size (in MB) twice: from
//! the real texts of FILE joined in order, and from its first text repeated;
//! it analyses each alone and prints seconds per MB for every stage, so a
//! stage whose cost grows faster than its input shows a rising figure.
//!
//! ```text
//! cargo run --release -p newsweave --example bench_analyze -- corpus corpus.jsonl 2
//! ```
#![allow(clippy::print_stdout)]

use std::io::BufRead;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use newsweave::analyze::{annotate, assemble, clean_all, story_assignments, AnalyzeOptions};
use newsweave::model::Article;
use newsweave::{actors, claims, ingest, quotes};

/// CPU seconds (user + system, all threads) used by this process so far,
/// from `/proc/self/stat` (clock ticks of 1/100 s, Linux's fixed USER_HZ).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold
    // spaces): state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory of this process in MiB (`VmHWM`).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Runs `f`, returning its value with CPU and wall seconds.
fn measure<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (c0, t0) = (cpu_seconds(), Instant::now());
    let value = f();
    (value, cpu_seconds() - c0, t0.elapsed().as_secs_f64())
}

fn read_articles(path: &str) -> Result<Vec<Article>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {path}"))?;
    let mut articles = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{path}: line {}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        articles.extend(
            ingest::from_json_line(&line).with_context(|| format!("{path}: line {}", n + 1))?,
        );
    }
    Ok(articles)
}

fn corpus(path: &str, threads: usize) -> Result<()> {
    let articles = read_articles(path)?;
    let n = articles.len() as f64;
    println!(
        "{} articles, {:.1} MB, {threads} thread(s)",
        articles.len(),
        articles.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6
    );
    println!(
        "{:<10} {:>8} {:>8} {:>14}",
        "stage", "cpu s", "wall s", "articles/cpu-s"
    );
    let row = |name: &str, cpu: f64, wall: f64| {
        println!(
            "{name:<10} {cpu:>8.2} {wall:>8.2} {:>14.0}",
            n / cpu.max(0.01)
        );
    };
    let (docs, cpu, wall) = measure(|| clean_all(&articles));
    row("clean", cpu, wall);
    let pairs: Vec<_> = articles.iter().zip(&docs).collect();
    let (_, cpu, wall) = measure(|| {
        pairs
            .par_iter()
            .map(|(a, d)| actors::find_actors(&a.text, d).len())
            .sum::<usize>()
    });
    row("actors", cpu, wall);
    let (_, cpu, wall) = measure(|| {
        pairs
            .par_iter()
            .map(|(a, d)| quotes::find_quotes(&a.text, d).len())
            .sum::<usize>()
    });
    row("quotes", cpu, wall);
    let (_, cpu, wall) = measure(|| {
        pairs
            .par_iter()
            .map(|(a, d)| claims::find_claims(&a.text, d).len())
            .sum::<usize>()
    });
    row("claims", cpu, wall);
    let (_, cpu, wall) = measure(|| story_assignments(articles.iter()).len());
    row("cluster", cpu, wall);
    let annotated: Vec<_> = articles
        .clone()
        .into_par_iter()
        .zip(docs)
        .map(|(a, d)| annotate(a, d))
        .collect();
    let (_, cpu_a, wall_a) = measure(|| assemble(&annotated, &AnalyzeOptions::default()));
    // `assemble` clusters again; its story reports are what is left.
    row("stories", cpu_a - cpu, wall_a - wall);
    drop(annotated);

    let (report, cpu, wall) = measure(|| {
        let docs = clean_all(&articles);
        let annotated: Vec<_> = articles
            .clone()
            .into_par_iter()
            .zip(docs)
            .map(|(a, d)| annotate(a, d))
            .collect();
        assemble(&annotated, &AnalyzeOptions::default())
    });
    row("whole", cpu, wall);
    println!(
        "{} stories; peak memory {:.0} MiB",
        report.stories.len(),
        peak_mib()
    );
    Ok(())
}

fn length(path: &str, sizes: &[f64]) -> Result<()> {
    let articles = read_articles(path)?;
    let Some(first) = articles.first() else {
        bail!("{path} holds no article");
    };
    println!(
        "{:<9} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "input", "MB", "clean", "actors", "quotes", "claims", "stories", "s/MB"
    );
    for &mb in sizes {
        let want = (mb * 1e6) as usize;
        let real = {
            let mut text = String::with_capacity(want + 100_000);
            for a in articles.iter().cycle() {
                if text.len() >= want {
                    break;
                }
                text.push_str(&a.text);
                text.push_str("\n\n");
            }
            text
        };
        let repeated = {
            let mut text = String::with_capacity(want + first.text.len() + 2);
            while text.len() < want {
                text.push_str(&first.text);
                text.push_str("\n\n");
            }
            text
        };
        for (label, text) in [("real", real), ("repeated", repeated)] {
            let article = ingest::from_text("long", text);
            let size = article.text.len() as f64 / 1e6;
            let (doc, clean_s, _) = measure(|| clean_all(std::slice::from_ref(&article)));
            let doc = doc.into_iter().next().unwrap_or_default();
            let (_, actors_s, _) = measure(|| actors::find_actors(&article.text, &doc).len());
            let (_, quotes_s, _) = measure(|| quotes::find_quotes(&article.text, &doc).len());
            let (_, claims_s, _) = measure(|| claims::find_claims(&article.text, &doc).len());
            let annotated = [annotate(article, doc)];
            let (_, stories_s, _) = measure(|| {
                assemble(&annotated, &AnalyzeOptions::default())
                    .stories
                    .len()
            });
            let total = clean_s + actors_s + quotes_s + claims_s + stories_s;
            println!(
                "{label:<9} {size:>6.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
                clean_s / size,
                actors_s / size,
                quotes_s / size,
                claims_s / size,
                stories_s / size,
                total / size
            );
        }
    }
    println!("(stage columns are seconds per MB too)");
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("corpus") => {
            let file = args.get(1).context("corpus FILE [THREADS]")?;
            let threads: usize = args.get(2).map_or(Ok(1), |t| t.parse())?;
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build_global()?;
            corpus(file, threads)
        }
        Some("length") => {
            let file = args.get(1).context("length FILE MB...")?;
            let sizes = args[2..]
                .iter()
                .map(|s| s.parse::<f64>())
                .collect::<Result<Vec<_>, _>>()?;
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build_global()?;
            length(file, &sizes)
        }
        _ => bail!("usage: bench_analyze corpus FILE [THREADS] | length FILE MB..."),
    }
}
