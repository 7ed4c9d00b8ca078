//! One function per subcommand.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use newsweave::analyze::{annotate, assemble, clean_all, AnalyzeOptions};
use newsweave::extract::{self, outlet_from_url, Entry, Extracted, Removed};
use newsweave::ingest::{InputKind, Record};
use newsweave::model::{Article, ArticleId, CharIndex, Document, Quote, QuoteKind, StoryId};
use newsweave::report::{self, SkippedEntry};
use newsweave::stories::{Assignment, Prepared, StoryClusterer, StoryConfig};
use newsweave::summarize::{summarize_with, SummaryOptions, Tuning};
use newsweave::{ingest, quotes, segment, Error};

use crate::args::{
    AnalyzeArgs, ClusterArgs, ExtractArgs, Format, IngestArgs, LineArgs, ServeArgs, SummarizeArgs,
    SummaryStyle,
};
use crate::fetch;
use crate::input;
use crate::lines::{self, map_lines, map_lines_with, Skips};
use crate::progress;
use crate::ExitStatus;
use newsweave_store::IngestProgress;

/// `newsweave analyze`.
pub fn analyze(args: &AnalyzeArgs, quiet: bool) -> Result<ExitStatus> {
    let (urls, paths): (Vec<PathBuf>, Vec<PathBuf>) = args
        .paths
        .iter()
        .cloned()
        .partition(|p| p.to_str().is_some_and(fetch::is_url));
    let urls: Vec<String> = urls
        .iter()
        .filter_map(|u| u.to_str())
        .map(str::to_string)
        .collect();
    let Some((mut loaded, mut skips)) = read_inputs(&paths, args.strict, quiet, |loaded| {
        fetch::load_urls(&urls, &args.fetch, args.strict, loaded)
    })?
    else {
        return Ok(ExitStatus::Failure);
    };
    loaded
        .articles
        .iter_mut()
        .for_each(|a| args.defaults.fill(a));

    let bar = progress::phase(quiet, Some(loaded.articles.len() as u64), "analysing");
    let docs = clean_all(&loaded.articles);
    let results: Vec<_> = loaded
        .articles
        .into_par_iter()
        .zip(docs)
        .map(|(article, doc)| {
            let origin = (
                article.path.clone().unwrap_or_default(),
                article.id.0.clone(),
            );
            let result = lines::guarded(|| Ok(annotate(article, doc)));
            bar.inc(1);
            (origin, result)
        })
        .collect();
    bar.finish_and_clear();
    let stories_bar = progress::phase(quiet, None, "stories");
    let mut skipped = loaded.skipped;
    let mut annotated = Vec::with_capacity(results.len());
    for ((path, id), result) in results {
        match result {
            Ok(a) => annotated.push(a),
            Err(e) => {
                let entry = SkippedEntry {
                    path,
                    line: None,
                    reason: format!("{e}: in article {id}"),
                };
                if let Err(status) = skips.skip(&shown(&entry), &entry.reason) {
                    return Ok(status);
                }
                skipped.push(entry);
            }
        }
    }
    let mut report = assemble(
        &annotated,
        &AnalyzeOptions {
            summary_words: args.summary_words,
            ..AnalyzeOptions::default()
        },
    );
    report.skipped = skipped;
    stories_bar.finish_and_clear();
    let writing = progress::phase(quiet, None, "writing");

    let format = args
        .format
        .unwrap_or(if io::IsTerminal::is_terminal(&io::stdout()) {
            Format::Markdown
        } else {
            Format::Json
        });
    let mut out = lines::output(args.output.as_deref())?;
    match format {
        Format::Json => {
            serde_json::to_writer(&mut out, &report)?;
            out.write_all(b"\n")?;
        }
        Format::Markdown => out.write_all(report::to_markdown(&report).as_bytes())?,
        Format::Html => out.write_all(report::to_html(&report).as_bytes())?,
    }
    out.flush()?;
    writing.finish_and_clear();
    skips.finish();
    Ok(ExitStatus::Success)
}

/// Reads every input under `paths` (then `more`, e.g. fetched URLs) with a
/// progress bar, printing what was skipped into the returned tally. Under
/// `--strict` the first bad input is printed and `None` returned.
fn read_inputs(
    paths: &[PathBuf],
    strict: bool,
    quiet: bool,
    more: impl FnOnce(&mut input::Loaded) -> Result<()>,
) -> Result<Option<(input::Loaded, Skips)>> {
    let files = input::expand(paths, &mut Vec::new()).len();
    let bar = progress::phase(quiet, Some(files as u64), "reading");
    let loaded = input::load(paths, strict, || bar.inc(1)).and_then(|mut loaded| {
        more(&mut loaded)?;
        Ok(loaded)
    });
    bar.finish_and_clear();
    match loaded {
        Ok(loaded) => {
            let mut skips = Skips::new(strict, quiet);
            for s in &loaded.skipped {
                // Not strict here: load stops at the first under --strict.
                let _ = skips.skip(&shown(s), &s.reason);
            }
            Ok(Some((loaded, skips)))
        }
        Err(e) if strict => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {}", lines::chain(&e));
            }
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `path` or `path:line` of a skipped input.
fn shown(s: &SkippedEntry) -> String {
    match s.line {
        Some(l) => format!("{}:{l}", s.path),
        None => s.path.clone(),
    }
}

/// One line of `extract` output.
#[derive(Serialize)]
struct ExtractOut {
    id: String,
    title: Option<String>,
    text: String,
    author: Option<String>,
    date: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    /// ISO 639-1 code, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    /// A live blog's updates; absent for other pages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    entries: Vec<Entry>,
    /// With `--explain` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<Vec<Removed>>,
}

impl From<Article> for ExtractOut {
    fn from(a: Article) -> Self {
        ExtractOut {
            id: a.id.0,
            title: a.title,
            text: a.text,
            author: a.author,
            date: a.date,
            outlet: a.outlet,
            url: a.url,
            language: None,
            entries: Vec::new(),
            removed: None,
        }
    }
}

impl ExtractOut {
    /// Drops the blocks its outlet's earlier pages also had (see
    /// [`extract::OutletBoilerplate`]), then teaches them this page's.
    fn strip_learned(&mut self, learned: &mut extract::OutletBoilerplate, explain: bool) {
        let mut page = Extracted {
            outlet: self.outlet.clone(),
            text: std::mem::take(&mut self.text),
            ..Extracted::default()
        };
        learned.learn_and_strip(&mut page, explain);
        self.text = page.text;
        if let Some(removed) = &mut self.removed {
            removed.extend(page.removed);
        }
    }

    /// The line for page `id` fetched from `url`.
    fn of_page(id: String, page: Extracted, url: Option<&str>, explain: bool) -> Self {
        let page_url = page.url.or(url.map(str::to_string));
        let outlet = page
            .outlet
            .or_else(|| page_url.as_deref().and_then(outlet_from_url));
        ExtractOut {
            id,
            title: page.title,
            text: page.text,
            author: page.author,
            date: page.date,
            outlet,
            url: page_url,
            language: page.language,
            entries: page.entries,
            removed: explain.then_some(page.removed),
        }
    }
}

/// `newsweave extract`.
pub fn extract(args: &ExtractArgs, quiet: bool) -> Result<ExitStatus> {
    let options = extract::Options::explain(args.explain).with_path(args.path.into());
    // Blocks an outlet repeats across its pages, learned in input order.
    let mut learned = extract::OutletBoilerplate::default();
    if args.files.is_empty() && args.fetch.feed.is_empty() {
        return map_lines_with(
            &args.io,
            quiet,
            "pages",
            |line| {
                let record = Record::parse(line)?;
                let id = record.id()?;
                let html = record.required("html")?;
                let url = record.str("url")?;
                let page = extract::extract_html_with(html, url, &options)?;
                Ok(ExtractOut::of_page(id, page, url, args.explain))
            },
            |out, mut line: ExtractOut| {
                line.strip_learned(&mut learned, args.explain);
                serde_json::to_writer(&mut *out, &line)?;
                out.write_all(b"\n")?;
                Ok(())
            },
        );
    }
    let mut out = lines::output(args.io.output.as_deref())?;
    let mut skips = Skips::new(args.io.strict, quiet);
    let fetcher = fetch::Fetcher::new(&args.fetch);
    let mut urls: Vec<String> = Vec::new();
    for feed in &args.fetch.feed {
        match fetcher.feed_links(feed) {
            Ok(links) => urls.extend(links),
            Err(e) => {
                if let Err(status) = skips.skip(feed, &lines::chain(&e)) {
                    return Ok(status);
                }
            }
        }
    }
    let mut files = Vec::new();
    for path in &args.files {
        match path.to_str().filter(|p| fetch::is_url(p)) {
            Some(url) => urls.push(url.to_string()),
            None => files.push(path.clone()),
        }
    }
    for url in &urls {
        let page = fetcher.get(url).and_then(|got| {
            lines::guarded(|| {
                extract::extract_html_bytes_with(&got.bytes, Some(&got.url), &options)
            })
            .map_err(anyhow::Error::from)
        });
        match page {
            Ok(page) => {
                let mut line = ExtractOut::of_page(url.clone(), page, Some(url), args.explain);
                line.strip_learned(&mut learned, args.explain);
                serde_json::to_writer(&mut out, &line)?;
                out.write_all(b"\n")?;
            }
            Err(e) => {
                if let Err(status) = skips.skip(url, &lines::chain(&e)) {
                    out.flush()?;
                    return Ok(status);
                }
            }
        }
    }
    for path in &files {
        if InputKind::of_path(path) == Some(InputKind::Html) {
            let id = input::file_id(path);
            let page = input::read_bytes(path).and_then(|bytes| {
                lines::guarded(|| extract::extract_html_bytes_with(&bytes, None, &options))
                    .map_err(anyhow::Error::from)
            });
            match page {
                Ok(page) => {
                    let mut line = ExtractOut::of_page(id, page, None, args.explain);
                    line.strip_learned(&mut learned, args.explain);
                    serde_json::to_writer(&mut out, &line)?;
                    out.write_all(b"\n")?;
                }
                Err(e) => {
                    if let Err(status) = skips.skip(&path.display().to_string(), &lines::chain(&e))
                    {
                        out.flush()?;
                        return Ok(status);
                    }
                }
            }
            continue;
        }
        let loaded = match input::load(std::slice::from_ref(path), args.io.strict, || {}) {
            Ok(l) => l,
            Err(e) => {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("error: {}", lines::chain(&e));
                }
                return Ok(ExitStatus::Failure);
            }
        };
        for s in &loaded.skipped {
            // Not strict here: load stops at the first under --strict.
            let _ = skips.skip(&shown(s), &s.reason);
        }
        for article in loaded.articles {
            serde_json::to_writer(&mut out, &ExtractOut::from(article))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    skips.finish();
    Ok(ExitStatus::Success)
}

/// The documents of a summarize record, as plain texts (HTML extracted).
fn record_documents(record: &Record) -> newsweave::Result<Vec<String>> {
    let raw = record
        .documents()?
        .ok_or_else(|| Error::BadInput("missing field `documents` (or `document`)".into()))?;
    Ok(raw
        .into_iter()
        .map(|d| {
            if ingest::looks_like_html(&d) {
                // A page without an extractable body contributes nothing.
                ingest::from_html("doc", &d, None)
                    .map(|a| a.text)
                    .unwrap_or_default()
            } else {
                d
            }
        })
        .collect())
}

/// `newsweave summarize`.
pub fn summarize_cmd(args: &SummarizeArgs, quiet: bool) -> Result<ExitStatus> {
    let options = SummaryOptions {
        words: args.words,
        sentences: args.sentences,
    };
    let tuning: Tuning = match &args.tuning {
        Some(json) => serde_json::from_str(json)
            .context("bad --tuning / NEWSWEAVE_SUMMARY_TUNING (a JSON object of scorer knobs)")?,
        None => Tuning::default(),
    };
    let run = |line: &str| -> newsweave::Result<serde_json::Value> {
        let record = Record::parse(line)?;
        let id = record.id()?;
        let texts = record_documents(&record)?;
        let docs: Vec<Document> = texts.iter().map(|t| segment::document(t)).collect();
        let pairs: Vec<(&str, &Document)> =
            texts.iter().map(String::as_str).zip(docs.iter()).collect();
        let chosen = summarize_with(&pairs, &options, &tuning);
        let indexes: Vec<CharIndex> = texts.iter().map(|t| CharIndex::new(t)).collect();
        let summary = chosen
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let sentences: Vec<serde_json::Value> = chosen
            .iter()
            .map(|s| {
                let (start, end) = indexes[s.doc].span(s.span);
                json!({"text": s.text, "doc": s.doc, "start": start, "end": end, "support": s.support})
            })
            .collect();
        Ok(json!({"id": id, "summary": summary, "sentences": sentences}))
    };
    match args.style {
        SummaryStyle::Jsonl => map_lines(&args.io, quiet, "clusters", run),
        SummaryStyle::Bullets => map_lines_with(&args.io, quiet, "clusters", run, |out, value| {
            write_bullets(out, &value)?;
            Ok(())
        }),
    }
}

/// One summary (its JSONL form) as text for reading: `## id`, then one
/// bullet per sentence naming its document and the others that carry it.
fn write_bullets(out: &mut dyn Write, summary: &serde_json::Value) -> io::Result<()> {
    let id = summary["id"].as_str().unwrap_or_default();
    writeln!(out, "## {id}\n")?;
    let sentences = summary["sentences"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    if sentences.is_empty() {
        writeln!(out, "(no summary)")?;
    }
    for s in sentences {
        let doc = s["doc"].as_u64().unwrap_or_default();
        let also: Vec<String> = s["support"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(serde_json::Value::as_u64)
            .filter(|&d| d != doc)
            .map(|d| d.to_string())
            .collect();
        let text = s["text"].as_str().unwrap_or_default();
        if also.is_empty() {
            writeln!(out, "- {text} [doc {doc}]")?;
        } else {
            writeln!(out, "- {text} [doc {doc}; also in {}]", also.join(", "))?;
        }
    }
    writeln!(out)
}

/// The JSON form of one quote (DESIGN.md §4, `newsweave quotes`).
fn quote_json(text: &str, index: &CharIndex, q: &Quote) -> serde_json::Value {
    let (start, end) = index.span(q.span);
    let mention = q.speaker_mention.map(|m| m.slice(text));
    let (speaker_start, speaker_end) = q
        .speaker_mention
        .map(|m| index.span(m))
        .map_or((None, None), |(s, e)| (Some(s), Some(e)));
    let mut value = json!({
        "start": start, "end": end, "quote": q.span.slice(text),
        "speaker": q.speaker, "speaker_mention": mention,
        "speaker_start": speaker_start, "speaker_end": speaker_end,
        "cue": q.cue, "kind": match q.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        },
        "venue": q.venue,
    });
    if !q.segments.is_empty() {
        value["segments"] = q
            .segments
            .iter()
            .map(|s| {
                let (a, b) = index.span(*s);
                json!([a, b])
            })
            .collect();
    }
    value
}

/// `newsweave quotes`.
pub fn quotes_cmd(args: &LineArgs, quiet: bool) -> Result<ExitStatus> {
    map_lines(&args.io, quiet, "documents", |line| {
        let record = Record::parse(line)?;
        let id = record.id()?;
        let text = match (record.str("text")?, record.str("html")?) {
            (Some(text), _) => text.to_string(),
            (None, Some(html)) => ingest::from_html(&id, html, None)?.text,
            (None, None) => return Err(Error::BadInput("missing field `text` (or `html`)".into())),
        };
        let doc = segment::document(&text);
        let index = CharIndex::new(&text);
        let found: Vec<serde_json::Value> = quotes::find_quotes(&text, &doc)
            .iter()
            .map(|q| quote_json(&text, &index, q))
            .collect();
        Ok(json!({"id": id, "quotes": found}))
    })
}

/// Lines read in parallel at once by `cluster`'s reader.
const CLUSTER_CHUNK: usize = 2048;

/// One chunk of read lines: (line number, articles or the error).
type PreparedChunk = Vec<(usize, newsweave::Result<Vec<Prepared>>)>;

/// What the clustering thread hands back: the skips, the exit status when
/// `--strict` stopped it, and the merges.
type ClusterEnd = (Skips, Option<ExitStatus>, Vec<(StoryId, StoryId)>);

/// `newsweave cluster`: online, one article at a time, in input order.
/// This thread reads chunks of lines, parsing and reading the articles'
/// terms in parallel, while a second thread clusters the previous chunk
/// and writes each article's line as soon as its final story is known;
/// clustering itself is sequential, since each article's story depends on
/// all the articles before it. Memory follows the live stories, not the
/// length of the stream.
pub fn cluster(args: &ClusterArgs, quiet: bool) -> Result<ExitStatus> {
    let source = args.io.input.clone();
    let mut skips = Skips::new(args.io.strict, quiet);
    let reader = match input::open_lines(&source) {
        Ok(r) => r,
        Err(e) => {
            if let Err(status) = skips.skip(&source.display().to_string(), &lines::chain(&e)) {
                return Ok(status);
            }
            skips.finish();
            return Ok(ExitStatus::Success);
        }
    };
    let bar = lines::progress(quiet, None, "articles clustered");
    let explain = args.explain;
    let output = args.io.output.clone();
    let config = StoryConfig::default();
    let (send, receive) = std::sync::mpsc::sync_channel::<PreparedChunk>(2);
    let worker_config = config.clone();
    let worker = std::thread::spawn(move || -> Result<ClusterEnd> {
        let mut clusterer = StoryClusterer::with_config(worker_config);
        let mut out = lines::output(output.as_deref())?;
        let mut lines = ClusterLines::default();
        for chunk in receive {
            for (n, parsed) in chunk {
                match parsed {
                    Ok(articles) => {
                        bar.inc(articles.len() as u64);
                        for article in articles {
                            let assignment = clusterer.add_prepared(article);
                            if explain {
                                lines.explained.push_back(assignment);
                            }
                            lines.write(&mut out, clusterer.settled())?;
                        }
                    }
                    Err(e) => {
                        if let Err(status) = skips.skip_line(&source, n, &e.to_string()) {
                            out.flush()?;
                            return Ok((skips, Some(status), clusterer.merges()));
                        }
                    }
                }
            }
        }
        bar.finish_and_clear();
        let merges = clusterer.merges();
        lines.write(&mut out, clusterer.finish().into_iter())?;
        out.flush()?;
        Ok((skips, None, merges))
    });
    let mut input = reader.peekable();
    while input.peek().is_some() {
        // Lines, or why a line could not be read, in input order.
        let mut chunk: Vec<(usize, Result<String, String>)> = Vec::with_capacity(CLUSTER_CHUNK);
        for item in input.by_ref() {
            match item {
                Ok((_, line)) if line.trim().is_empty() => {}
                Ok((n, line)) => chunk.push((n, Ok(line))),
                Err(bad) => chunk.push((bad.line, Err(bad.reason))),
            }
            if chunk.len() == CLUSTER_CHUNK {
                break;
            }
        }
        let parsed: PreparedChunk = chunk
            .par_iter()
            .map(|(n, line)| {
                let articles = lines::guarded(|| {
                    let line = line.as_ref().map_err(|e| Error::BadInput(e.clone()))?;
                    Ok(ingest::from_json_line(line)?
                        .iter()
                        .map(|a| Prepared::new(a, &config, explain))
                        .collect())
                });
                (*n, articles)
            })
            .collect();
        if send.send(parsed).is_err() {
            break; // the clusterer stopped (--strict, or an output error)
        }
    }
    drop(send);
    let (skips, status, merges) = worker
        .join()
        .map_err(|_| anyhow::anyhow!("the clustering thread panicked"))??;
    if let Some(status) = status {
        return Ok(status);
    }
    #[allow(clippy::print_stderr)]
    if !quiet && !merges.is_empty() {
        eprintln!("{} stories merged into others:", merges.len());
        for (gone, into) in &merges {
            eprintln!("  {} -> {}", gone.0, into.0);
        }
    }
    skips.finish();
    Ok(ExitStatus::Success)
}

/// Writes `cluster`'s output lines.
#[derive(Default)]
struct ClusterLines {
    /// With --explain, the assignment on arrival of each article not
    /// written yet, in input order.
    explained: std::collections::VecDeque<Assignment>,
    /// Scratch for one line.
    buf: Vec<u8>,
}

impl ClusterLines {
    /// Writes the line of each article with its final story.
    fn write(
        &mut self,
        out: &mut dyn Write,
        settled: impl Iterator<Item = (ArticleId, StoryId)>,
    ) -> Result<()> {
        for (id, story) in settled {
            self.buf.clear();
            match self.explained.pop_front() {
                Some(a) => {
                    let line = json!({
                        "id": id.0,
                        "story": story.0,
                        "joined": a.story.0,
                        "new_story": a.new_story,
                        "similarity": (a.similarity * 1000.0).round() / 1000.0,
                        "needed": (a.needed * 1000.0).round() / 1000.0,
                        "days_apart": a.days_apart.map(|d| (d * 100.0).round() / 100.0),
                        "reasons": a.reasons,
                        "closest": a.closest.map(|s| s.0),
                        "runner_up": (a.runner_up * 1000.0).round() / 1000.0,
                    });
                    serde_json::to_writer(&mut self.buf, &line)?;
                }
                None => {
                    // As `json!({"id": .., "story": ..})` would print it.
                    self.buf.extend_from_slice(b"{\"id\":");
                    serde_json::to_writer(&mut self.buf, &id.0)?;
                    self.buf.extend_from_slice(b",\"story\":");
                    serde_json::to_writer(&mut self.buf, &story.0)?;
                    self.buf.push(b'}');
                }
            }
            self.buf.push(b'\n');
            out.write_all(&self.buf)?;
        }
        Ok(())
    }
}

/// `newsweave ingest`: reads the inputs like `analyze`, then stores them and
/// rebuilds the stories they touch. Prints what changed as JSON on stdout.
pub fn ingest_cmd(args: &IngestArgs, quiet: bool) -> Result<ExitStatus> {
    use anyhow::Context;

    let Some((mut loaded, mut skips)) = read_inputs(&args.paths, args.strict, quiet, |_| Ok(()))?
    else {
        return Ok(ExitStatus::Failure);
    };
    loaded
        .articles
        .iter_mut()
        .for_each(|a| args.defaults.fill(a));
    // A stored article's source is its absolute path, so the same file read
    // from another directory is the same source.
    for a in &mut loaded.articles {
        if let Some(path) = a.path.as_mut().filter(|p| !fetch::is_url(p) && *p != "-") {
            *path = input::place(std::path::Path::new(path))
                .display()
                .to_string();
        }
    }
    // A spinner while the store clusters, a bar once it knows the work.
    let analysing = progress::phase(quiet, None, "clustering");
    let writing = std::sync::Arc::new(std::sync::OnceLock::new());
    let mut store = newsweave_store::Store::open(&args.db)
        .with_context(|| format!("cannot open store {}", args.db.display()))?
        .with_options(AnalyzeOptions {
            summary_words: args.summary_words,
            ..AnalyzeOptions::default()
        })
        .with_progress({
            let (analysing, writing) = (analysing.clone(), writing.clone());
            move |p| match p {
                IngestProgress::Analysing { done, total } => {
                    if done == 0 {
                        analysing.set_style(progress::bar_style());
                        analysing.set_message("analysing");
                        analysing.reset_elapsed();
                    }
                    analysing.set_length(total as u64);
                    analysing.set_position(done as u64);
                }
                IngestProgress::Writing => {
                    analysing.finish_and_clear();
                    writing.get_or_init(|| progress::phase(quiet, None, "writing"));
                }
            }
        });
    let outcome = store
        .ingest(loaded.articles)
        .with_context(|| format!("cannot ingest into {}", args.db.display()));
    analysing.finish_and_clear();
    if let Some(bar) = writing.get() {
        bar.finish_and_clear();
    }
    let outcome = outcome?;
    #[allow(clippy::print_stderr)]
    if !quiet {
        eprintln!(
            "{} added, {} updated, {} unchanged, {} duplicate(s), {} id clash(es); {} stories rebuilt",
            outcome.added.len(),
            outcome.updated.len(),
            outcome.unchanged.len(),
            outcome.duplicates.len(),
            outcome.clashes.len(),
            outcome.stories_rebuilt.len()
        );
    }
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &outcome)?;
    out.write_all(b"\n")?;
    out.flush()?;
    for (id, source) in &outcome.clashes {
        let reason = format!(
            "id clash: `{id}` is already stored from {source} with other content; not stored"
        );
        if let Err(status) = skips.skip(&format!("article `{id}`"), &reason) {
            return Ok(status);
        }
    }
    skips.finish();
    Ok(ExitStatus::Success)
}

/// `newsweave serve`: runs the HTTP server until killed.
pub fn serve(args: &ServeArgs) -> Result<ExitStatus> {
    use anyhow::Context;

    let token = match &args.token_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the token file {}", path.display()))?
                .trim()
                .to_string(),
        ),
        None => args.token.clone(),
    };
    let mut config = newsweave_server::Config::new(args.db.clone(), token);
    config.max_body = args.max_body;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        #[allow(clippy::print_stderr)]
        {
            if config.write_token().is_none() {
                eprintln!(
                    "newsweave: adding articles is off (no token: give --token, --token-file \
                     or NEWSWEAVE_TOKEN)"
                );
            }
            eprintln!("newsweave: serving {} on http://{addr}", args.db.display());
        }
        newsweave_server::serve(listener, config)
            .await
            .context("server failed")
    })?;
    Ok(ExitStatus::Success)
}
