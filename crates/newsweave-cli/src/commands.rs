//! One function per subcommand.

use std::io::{self, Write};

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use newsweave::analyze::{annotate, assemble, clean_all, AnalyzeOptions};
use newsweave::model::{Article, CharIndex, Document, Quote, QuoteKind};
use newsweave::report::{self, SkippedEntry};
use newsweave::stories::StoryClusterer;
use newsweave::summarize::{summarize, SummaryOptions};
use newsweave::{ingest, quotes, segment, Error};

use crate::args::{
    AnalyzeArgs, ExtractArgs, Format, IngestArgs, LineArgs, ServeArgs, SummarizeArgs,
};
use crate::input;
use crate::lines::{self, map_lines, Skips};
use crate::ExitStatus;

/// `newsweave analyze`.
pub fn analyze(args: &AnalyzeArgs, quiet: bool) -> Result<ExitStatus> {
    let files = input::expand(&args.paths)?;
    let bar = lines::progress(quiet, Some(files.len() as u64), "files read");
    let loaded = match input::load(&args.paths, args.strict, || bar.inc(1)) {
        Ok(l) => l,
        Err(e) if args.strict => {
            bar.finish_and_clear();
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {e:#}");
            }
            return Ok(ExitStatus::Failure);
        }
        Err(e) => return Err(e),
    };
    bar.finish_and_clear();
    report_skips(&loaded.skipped, quiet);

    let bar = lines::progress(
        quiet,
        Some(loaded.articles.len() as u64),
        "articles analysed",
    );
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
    let mut skipped = loaded.skipped;
    let mut annotated = Vec::with_capacity(results.len());
    for ((path, id), result) in results {
        match result {
            Ok(a) => annotated.push(a),
            Err(e) => skipped.push(SkippedEntry {
                path,
                line: None,
                reason: format!("article {id}: {e}"),
            }),
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
    Ok(ExitStatus::Success)
}

/// Prints each skipped input and the count on stderr.
fn report_skips(skipped: &[SkippedEntry], quiet: bool) {
    #[allow(clippy::print_stderr)]
    if !skipped.is_empty() {
        if !quiet {
            for s in skipped {
                let line = s.line.map(|l| format!(":{l}")).unwrap_or_default();
                eprintln!("skipped {}{line}: {}", s.path, s.reason);
            }
        }
        eprintln!("{} input(s) skipped", skipped.len());
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
        }
    }
}

/// A record's string field `name`, or a clear error.
fn field<'v>(value: &'v serde_json::Value, name: &str) -> newsweave::Result<&'v str> {
    match value.get(name) {
        Some(serde_json::Value::String(s)) => Ok(s),
        Some(other) => Err(Error::BadInput(format!(
            "field `{name}` must be a string, not {other}"
        ))),
        None => Err(Error::BadInput(format!("missing field `{name}`"))),
    }
}

/// The record's id as a string.
fn record_id(value: &serde_json::Value) -> newsweave::Result<String> {
    match value.get("id") {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(Error::BadInput(format!(
            "field `id` must be a string or number, not {other}"
        ))),
        None => Err(Error::BadInput("missing field `id`".into())),
    }
}

/// `newsweave extract`.
pub fn extract(args: &ExtractArgs, quiet: bool) -> Result<ExitStatus> {
    if args.files.is_empty() {
        return map_lines(&args.io, quiet, "pages", |line| {
            let value: serde_json::Value = serde_json::from_str(line)?;
            let id = record_id(&value)?;
            let html = field(&value, "html")?;
            let url = value.get("url").and_then(|u| u.as_str());
            ingest::from_html(&id, html, url).map(ExtractOut::from)
        });
    }
    let mut out = lines::output(args.io.output.as_deref())?;
    for path in &args.files {
        let loaded = input::load(std::slice::from_ref(path), args.io.strict, || {});
        let loaded = match loaded {
            Ok(l) => l,
            Err(e) => {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("error: {e:#}");
                }
                return Ok(ExitStatus::Failure);
            }
        };
        report_skips(&loaded.skipped, quiet);
        for article in loaded.articles {
            serde_json::to_writer(&mut out, &ExtractOut::from(article))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// The documents of a summarize record, as plain texts (HTML extracted).
fn record_documents(value: &serde_json::Value) -> newsweave::Result<Vec<String>> {
    let raw: Vec<String> = match (value.get("documents"), value.get("document")) {
        (Some(serde_json::Value::Array(items)), _) => items
            .iter()
            .enumerate()
            .map(|(i, d)| {
                d.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| Error::BadInput(format!("`documents[{i}]` must be a string")))
            })
            .collect::<newsweave::Result<_>>()?,
        (Some(_), _) => {
            return Err(Error::BadInput(
                "`documents` must be a list of strings".into(),
            ))
        }
        (None, Some(serde_json::Value::String(s))) => s
            .split(ingest::MULTI_NEWS_SEPARATOR)
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect(),
        (None, Some(_)) => return Err(Error::BadInput("`document` must be a string".into())),
        (None, None) => {
            return Err(Error::BadInput(
                "missing field `documents` (or `document`)".into(),
            ))
        }
    };
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
        words: Some(args.words),
        sentences: args.sentences,
    };
    map_lines(&args.io, quiet, "clusters", |line| {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let id = record_id(&value)?;
        let texts = record_documents(&value)?;
        let docs: Vec<Document> = texts.iter().map(|t| segment::document(t)).collect();
        let pairs: Vec<(&str, &Document)> =
            texts.iter().map(String::as_str).zip(docs.iter()).collect();
        let chosen = summarize(&pairs, &options);
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
    })
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
        let value: serde_json::Value = serde_json::from_str(line)?;
        let id = record_id(&value)?;
        let text = match (value.get("text"), value.get("html")) {
            (Some(_), _) => field(&value, "text")?.to_string(),
            (None, Some(_)) => ingest::from_html(&id, field(&value, "html")?, None)?.text,
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

/// `newsweave cluster`: online, one article at a time, in input order.
pub fn cluster(args: &LineArgs, quiet: bool) -> Result<ExitStatus> {
    let reader = input::open(&args.io.input)?;
    let mut skips = Skips::new(&args.io.input, args.io.strict, quiet);
    let bar = lines::progress(quiet, None, "articles clustered");
    let mut clusterer = StoryClusterer::new();
    for (n, line) in std::io::BufRead::lines(reader).enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match ingest::from_json_line(&line) {
            Ok(articles) => {
                for article in &articles {
                    clusterer.add(article);
                    bar.inc(1);
                }
            }
            Err(e) => {
                if let Err(status) = skips.skip(n + 1, &e.to_string()) {
                    return Ok(status);
                }
            }
        }
    }
    bar.finish_and_clear();
    let mut out = lines::output(args.io.output.as_deref())?;
    for (id, story) in clusterer.finish() {
        serde_json::to_writer(&mut out, &json!({"id": id.0, "story": story.0}))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    skips.finish();
    Ok(ExitStatus::Success)
}

/// `newsweave ingest`: reads the inputs like `analyze`, then stores them and
/// rebuilds the stories they touch. Prints what changed as JSON on stdout.
pub fn ingest_cmd(args: &IngestArgs, quiet: bool) -> Result<ExitStatus> {
    use anyhow::Context;

    let files = input::expand(&args.paths)?;
    let bar = lines::progress(quiet, Some(files.len() as u64), "files read");
    let loaded = match input::load(&args.paths, args.strict, || bar.inc(1)) {
        Ok(l) => l,
        Err(e) if args.strict => {
            bar.finish_and_clear();
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {e:#}");
            }
            return Ok(ExitStatus::Failure);
        }
        Err(e) => return Err(e),
    };
    bar.finish_and_clear();
    report_skips(&loaded.skipped, quiet);
    let mut store = newsweave_store::Store::open(&args.db)
        .with_context(|| format!("cannot open store {}", args.db.display()))?
        .with_options(AnalyzeOptions {
            summary_words: args.summary_words,
            ..AnalyzeOptions::default()
        });
    let outcome = store
        .ingest(loaded.articles)
        .with_context(|| format!("cannot ingest into {}", args.db.display()))?;
    #[allow(clippy::print_stderr)]
    if !quiet {
        eprintln!(
            "{} added, {} updated, {} unchanged, {} duplicate(s); {} stories rebuilt",
            outcome.added.len(),
            outcome.updated.len(),
            outcome.unchanged.len(),
            outcome.duplicates.len(),
            outcome.stories_rebuilt.len()
        );
    }
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &outcome)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// `newsweave serve`: runs the HTTP server until killed.
pub fn serve(args: &ServeArgs) -> Result<ExitStatus> {
    use anyhow::Context;

    let mut config = newsweave_server::Config::new(args.db.clone(), args.token.clone());
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
            eprintln!("newsweave: serving {} on http://{addr}", args.db.display());
        }
        newsweave_server::serve(listener, config)
            .await
            .context("server failed")
    })?;
    Ok(ExitStatus::Success)
}
