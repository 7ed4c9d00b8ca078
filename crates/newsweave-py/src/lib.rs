//! `newsweave._newsweave`: the Rust side of the Python package.
//!
//! Thin wrappers over the library: every function takes plain Python values
//! (strings, bytes, lists), releases the GIL for the work and returns JSON
//! text in the library's own serde forms (the CLI's JSON contracts), which
//! `python/newsweave/__init__.py` turns into typed Python objects. Batch
//! functions (`*_many`) run their items in parallel with rayon; an item that
//! fails comes back as `(False, message)`, so one bad page never sinks a
//! batch.

mod error;
mod files;

use std::collections::BTreeSet;

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use serde_json::{json, Value};

use newsweave::analyze::{self, AnalyzeOptions, Annotated, StoryAssigner};
use newsweave::claims::find_claims;
use newsweave::extract::{self as nw_extract, outlet_from_url, Extracted, OutletBoilerplate};
use newsweave::model::{Article, CharIndex, Claim, Quote, QuoteKind};
use newsweave::quotes::find_quotes;
use newsweave::report::SkippedEntry;
use newsweave::stories::Prepared;
use newsweave::summarize::{summarize, SummaryOptions};
use newsweave::{ingest, segment};

use error::{bad_input, to_py, NewsweaveError};

/// An item of a batch: `(True, json)` or `(False, error message)`.
type Outcome = (bool, String);

/// The bytes of a page given as `str` or `bytes`.
fn page_bytes(html: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = html.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    html.extract::<String>()
        .map(String::into_bytes)
        .map_err(|_| bad_input("a page must be str or bytes"))
}

/// A page's URL and outlet as `newsweave extract` gives them: the page's
/// own, else the URL it came from and that URL's host.
fn settle(mut page: Extracted, url: Option<&str>) -> Extracted {
    page.url = page.url.or(url.map(str::to_string));
    page.outlet = page
        .outlet
        .or_else(|| page.url.as_deref().and_then(outlet_from_url));
    page
}

/// A page as `newsweave extract` prints it, without its id.
fn page_json(page: &Extracted, explain: bool) -> Value {
    let mut value = json!({
        "title": page.title, "text": page.text, "author": page.author,
        "date": page.date, "outlet": page.outlet, "url": page.url,
        "language": page.language, "entries": page.entries,
    });
    if explain {
        value["removed"] = json!(page.removed);
    }
    value
}

/// Extracts one page: its article as JSON (`newsweave extract`'s fields).
#[pyfunction]
#[pyo3(signature = (html, url=None, explain=false))]
fn extract(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<String>,
    explain: bool,
) -> PyResult<String> {
    let bytes = page_bytes(html)?;
    let options = nw_extract::Options::explain(explain);
    py.detach(|| {
        let page = nw_extract::extract_html_bytes_with(&bytes, url.as_deref(), &options)?;
        Ok(page_json(&settle(page, url.as_deref()), explain).to_string())
    })
    .map_err(to_py)
}

/// Extracts pages in parallel, then drops the blocks an outlet repeats
/// across them, in order, as `newsweave extract` does over a stream.
#[pyfunction]
#[pyo3(signature = (pages, explain=false))]
fn extract_many(
    py: Python<'_>,
    pages: Vec<(Bound<'_, PyAny>, Option<String>)>,
    explain: bool,
) -> PyResult<Vec<Outcome>> {
    let inputs: Vec<(Vec<u8>, Option<String>)> = pages
        .iter()
        .map(|(html, url)| Ok((page_bytes(html)?, url.clone())))
        .collect::<PyResult<_>>()?;
    let options = nw_extract::Options::explain(explain);
    Ok(py.detach(|| {
        let pages: Vec<newsweave::Result<Extracted>> = inputs
            .par_iter()
            .map(|(html, url)| {
                let page = nw_extract::extract_html_bytes_with(html, url.as_deref(), &options)?;
                Ok(settle(page, url.as_deref()))
            })
            .collect();
        let mut learned = OutletBoilerplate::default();
        pages
            .into_iter()
            .map(|page| match page {
                Ok(mut page) => {
                    learned.learn_and_strip(&mut page, explain);
                    (true, page_json(&page, explain).to_string())
                }
                Err(e) => (false, e.to_string()),
            })
            .collect()
    }))
}

/// The JSON of one quote of `text` (`newsweave quotes`' fields).
fn quote_json(text: &str, index: &CharIndex, q: &Quote) -> Value {
    let (start, end) = index.span(q.span);
    let mention = q.speaker_mention.map(|m| index.span(m));
    json!({
        "start": start, "end": end, "quote": q.span.slice(text),
        "speaker": q.speaker,
        "speaker_mention": q.speaker_mention.map(|m| m.slice(text)),
        "speaker_start": mention.map(|m| m.0), "speaker_end": mention.map(|m| m.1),
        "cue": q.cue,
        "kind": match q.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        },
        "venue": q.venue,
        "segments": q.segments.iter().map(|s| {
            let (a, b) = index.span(*s);
            [a, b]
        }).collect::<Vec<_>>(),
    })
}

/// The JSON of one claim of `text`, spans as code points.
fn claim_json(text: &str, index: &CharIndex, c: &Claim) -> Value {
    let (start, end) = index.span(c.span);
    json!({
        "text": c.span.slice(text), "start": start, "end": end,
        "value": c.value, "unit": c.unit, "kind": c.kind,
        "attributed_to": c.attributed_to, "approximate": c.approximate,
        "vague": c.vague, "qualifier": c.qualifier, "range": c.range,
        "event": c.event, "date": c.date,
        "window": c.window.map(|w| w.slice(text)),
    })
}

/// The quotes of each text (segmented as `newsweave quotes` does).
fn quotes_of(texts: &[String]) -> Vec<String> {
    texts
        .par_iter()
        .map(|text| {
            let doc = segment::document(text);
            let index = CharIndex::new(text);
            let found: Vec<Value> = find_quotes(text, &doc)
                .iter()
                .map(|q| quote_json(text, &index, q))
                .collect();
            Value::Array(found).to_string()
        })
        .collect()
}

/// The claims of each text.
fn claims_of(texts: &[String]) -> Vec<String> {
    texts
        .par_iter()
        .map(|text| {
            let doc = segment::document(text);
            let index = CharIndex::new(text);
            let found: Vec<Value> = find_claims(text, &doc)
                .iter()
                .map(|c| claim_json(text, &index, c))
                .collect();
            Value::Array(found).to_string()
        })
        .collect()
}

/// The quotes of one text, as a JSON list.
#[pyfunction]
fn quotes(py: Python<'_>, text: String) -> String {
    py.detach(|| quotes_of(std::slice::from_ref(&text)).remove(0))
}

/// The quotes of each text, in parallel.
#[pyfunction]
fn quotes_many(py: Python<'_>, texts: Vec<String>) -> Vec<String> {
    py.detach(|| quotes_of(&texts))
}

/// The claims (numbers with what they count) of one text, as a JSON list.
#[pyfunction]
fn claims(py: Python<'_>, text: String) -> String {
    py.detach(|| claims_of(std::slice::from_ref(&text)).remove(0))
}

/// The claims of each text, in parallel.
#[pyfunction]
fn claims_many(py: Python<'_>, texts: Vec<String>) -> Vec<String> {
    py.detach(|| claims_of(&texts))
}

/// A summary of documents about one story (`newsweave summarize`'s output
/// without the id); HTML documents are extracted first.
#[pyfunction]
#[pyo3(signature = (documents, words=None, sentences=None))]
fn summarize_documents(
    py: Python<'_>,
    documents: Vec<String>,
    words: Option<usize>,
    sentences: Option<usize>,
) -> String {
    py.detach(|| {
        let texts: Vec<String> = documents
            .into_par_iter()
            .map(|d| {
                if ingest::looks_like_html(&d) {
                    ingest::from_html("doc", &d, None)
                        .map(|a| a.text)
                        .unwrap_or_default()
                } else {
                    d
                }
            })
            .collect();
        let docs: Vec<_> = texts.iter().map(|t| segment::document(t)).collect();
        let pairs: Vec<(&str, _)> = texts.iter().map(String::as_str).zip(docs.iter()).collect();
        let chosen = summarize(&pairs, &SummaryOptions { words, sentences });
        let sentences: Vec<Value> = chosen
            .iter()
            .map(|s| {
                let (start, end) = CharIndex::new(&texts[s.doc]).span(s.span);
                json!({"text": s.text, "doc": s.doc, "start": start, "end": end, "support": s.support})
            })
            .collect();
        let summary: Vec<&str> = chosen.iter().map(|s| s.text.as_str()).collect();
        json!({"summary": summary.join("\n"), "sentences": sentences}).to_string()
    })
}

/// An article in the library's own serde form (`Article.to_json()`).
fn article_of(json: &str) -> newsweave::Result<Article> {
    Ok(serde_json::from_str(json)?)
}

/// The articles of one input record (a JSONL line's form: `text` or
/// `html`, or a cluster of `documents`), keeping `path` and `cluster`.
fn articles_of_record(json: &str) -> newsweave::Result<Vec<Article>> {
    let value: Value = serde_json::from_str(json)?;
    let mut articles = ingest::from_json_line(json)?;
    for a in &mut articles {
        if let Some(Value::String(p)) = value.get("path") {
            a.path.get_or_insert_with(|| p.clone());
        }
        if let Some(Value::String(c)) = value.get("cluster") {
            a.cluster.get_or_insert_with(|| c.clone());
        }
    }
    Ok(articles)
}

/// `id`, or `id-2`, `id-3`... when already taken (as `newsweave analyze`
/// names articles that share an id).
fn unique_id(ids: &mut BTreeSet<String>, id: &str) -> String {
    let mut candidate = id.to_string();
    let mut n = 1;
    while !ids.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    candidate
}

/// Gives each article an id no article before it has.
#[pyfunction]
fn unique_ids(ids: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.iter().map(|id| unique_id(&mut seen, id)).collect()
}

/// The whole analysis of articles, as `newsweave analyze` runs it: each
/// item is `(exact, json)`, an article in its serde form when `exact`, else
/// an input record. A bad item raises, or is listed in the report's
/// `skipped` with `skip_errors`.
#[pyfunction]
#[pyo3(signature = (items, summary_words=150, skip_errors=false))]
fn analyze_articles(
    py: Python<'_>,
    items: Vec<(bool, String)>,
    summary_words: usize,
    skip_errors: bool,
) -> PyResult<String> {
    py.detach(|| {
        let mut articles = Vec::new();
        let mut skipped = Vec::new();
        let mut ids = BTreeSet::new();
        for (n, (exact, json)) in items.iter().enumerate() {
            let parsed = if *exact {
                article_of(json).map(|a| vec![a])
            } else {
                articles_of_record(json)
            };
            match parsed {
                Ok(found) => {
                    for mut a in found {
                        a.id.0 = unique_id(&mut ids, &a.id.0);
                        articles.push(a);
                    }
                }
                Err(e) if skip_errors => skipped.push(SkippedEntry {
                    path: "<python>".into(),
                    line: Some(n + 1),
                    reason: e.to_string(),
                }),
                Err(e) => return Err(format!("article {n}: {e}")),
            }
        }
        let docs = analyze::clean_all(&articles);
        let annotated: Vec<Annotated> = articles
            .into_par_iter()
            .zip(docs)
            .map(|(a, d)| analyze::annotate(a, d))
            .collect();
        let mut report = analyze::assemble(
            &annotated,
            &AnalyzeOptions {
                summary_words,
                ..AnalyzeOptions::default()
            },
        );
        report.skipped = skipped;
        serde_json::to_string(&report).map_err(|e| e.to_string())
    })
    .map_err(NewsweaveError::new_err)
}

/// Reads articles for clustering: each (serde-form JSON) to its terms,
/// postcard-encoded, in parallel. Needs no clusterer state, so it runs on
/// any machine.
#[pyfunction]
fn prepare_many(py: Python<'_>, articles: Vec<String>) -> Vec<(bool, Vec<u8>)> {
    py.detach(|| {
        let config = StoryAssigner::default().config().clone();
        articles
            .par_iter()
            .map(|json| {
                let prepared = article_of(json).and_then(|a| {
                    postcard::to_allocvec(&Prepared::new(&a, &config, false))
                        .map_err(|e| newsweave::Error::Internal(e.to_string()))
                });
                match prepared {
                    Ok(bytes) => (true, bytes),
                    Err(e) => (false, e.to_string().into_bytes()),
                }
            })
            .collect()
    })
}

/// Online story assignment over a stream (the one `newsweave cluster` and
/// `newsweave analyze` run): articles that came in an input cluster keep
/// it as their story, the others are clustered in arrival order.
#[pyclass(module = "newsweave._newsweave")]
struct Clusterer {
    /// `None` once finished.
    assigner: Option<StoryAssigner>,
}

impl Clusterer {
    fn assigner(&mut self) -> PyResult<&mut StoryAssigner> {
        self.assigner
            .as_mut()
            .ok_or_else(|| bad_input("this Clusterer is finished"))
    }
}

#[pymethods]
impl Clusterer {
    #[new]
    fn new() -> Self {
        Clusterer {
            assigner: Some(StoryAssigner::default()),
        }
    }

    /// Takes the next article (an input record as JSON) and returns the
    /// story it joins or starts now; a later merge may change it
    /// ([`finish`] has the final stories).
    fn add(&mut self, py: Python<'_>, record: String) -> PyResult<Vec<String>> {
        let assigner = self.assigner()?;
        py.detach(|| {
            let articles = articles_of_record(&record)?;
            Ok(articles
                .iter()
                .map(|a| assigner.add(a).0)
                .collect::<Vec<String>>())
        })
        .map_err(to_py)
    }

    /// Takes the next article as its terms from `prepare_many`.
    fn add_prepared(&mut self, py: Python<'_>, prepared: Vec<u8>) -> PyResult<String> {
        let assigner = self.assigner()?;
        py.detach(|| {
            let prepared: Prepared = postcard::from_bytes(&prepared)
                .map_err(|e| format!("not the terms of an article: {e}"))?;
            Ok::<_, String>(assigner.add_prepared(prepared).0)
        })
        .map_err(NewsweaveError::new_err)
    }

    /// Takes the next article, one that came in input cluster `cluster`.
    fn add_given(&mut self, cluster: &str) -> PyResult<String> {
        Ok(self.assigner()?.add_given(cluster).0)
    }

    /// The final story of every article taken, in order; ends the stream.
    fn finish(&mut self, py: Python<'_>) -> PyResult<Vec<String>> {
        let assigner = self
            .assigner
            .take()
            .ok_or_else(|| bad_input("this Clusterer is finished"))?;
        Ok(py.detach(|| assigner.finish().into_iter().map(|s| s.0).collect()))
    }
}

/// Cleans articles (blocks an outlet repeats across its articles are
/// dropped, so give all of an outlet's articles together, in stream order)
/// and annotates each in parallel: actors, quotes, claims. Returns each as
/// `Annotated` JSON for [`story_report`].
#[pyfunction]
fn annotate_many(py: Python<'_>, articles: Vec<String>) -> PyResult<Vec<String>> {
    py.detach(|| {
        let articles: Vec<Article> = articles
            .iter()
            .map(|j| article_of(j))
            .collect::<newsweave::Result<_>>()?;
        let docs = analyze::clean_all(&articles);
        articles
            .into_par_iter()
            .zip(docs)
            .map(|(a, d)| Ok(serde_json::to_string(&analyze::annotate(a, d))?))
            .collect::<newsweave::Result<Vec<String>>>()
    })
    .map_err(to_py)
}

/// The report of one story (`StoryReport` JSON) from its articles'
/// `Annotated` JSON, in stream order.
#[pyfunction]
#[pyo3(signature = (story, annotated, summary_words=150))]
fn story_report(
    py: Python<'_>,
    story: String,
    annotated: Vec<String>,
    summary_words: usize,
) -> PyResult<String> {
    py.detach(|| {
        let arts: Vec<Annotated> = annotated
            .iter()
            .map(|j| serde_json::from_str(j))
            .collect::<Result<_, _>>()?;
        let refs: Vec<&Annotated> = arts.iter().collect();
        let options = AnalyzeOptions {
            summary_words,
            ..AnalyzeOptions::default()
        };
        Ok(serde_json::to_string(&analyze::story_report(
            &story, &refs, &options,
        ))?)
    })
    .map_err(|e: newsweave::Error| to_py(e))
}

/// The module.
#[pymodule]
fn _newsweave(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("NewsweaveError", m.py().get_type::<NewsweaveError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Clusterer>()?;
    m.add_class::<files::WarcReader>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(quotes, m)?)?;
    m.add_function(wrap_pyfunction!(quotes_many, m)?)?;
    m.add_function(wrap_pyfunction!(claims, m)?)?;
    m.add_function(wrap_pyfunction!(claims_many, m)?)?;
    m.add_function(wrap_pyfunction!(summarize_documents, m)?)?;
    m.add_function(wrap_pyfunction!(unique_ids, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_articles, m)?)?;
    m.add_function(wrap_pyfunction!(prepare_many, m)?)?;
    m.add_function(wrap_pyfunction!(annotate_many, m)?)?;
    m.add_function(wrap_pyfunction!(story_report, m)?)?;
    m.add_function(wrap_pyfunction!(files::read_file, m)?)?;
    Ok(())
}
