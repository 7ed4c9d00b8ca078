//! Reading input files as `newsweave analyze` reads them: one task of a
//! distributed job reads one file with [`read_file`]; [`WarcReader`]
//! streams a web archive record by record.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use pyo3::prelude::*;
use rayon::prelude::*;

use newsweave::extract::Options;
use newsweave::ingest::{self, InputKind};
use newsweave::model::Article;
use newsweave::warc::{SkipCounts, WarcRecords};

use crate::error::bad_input;

/// Pages extracted in parallel at once from a WARC file.
const CHUNK: usize = 64;

/// Opens `path`, decompressing `.gz`.
fn open(path: &Path) -> std::io::Result<Box<dyn BufRead + Send>> {
    let file = File::open(path)?;
    Ok(if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

/// The id of a text or HTML file's article: its name without extensions.
fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.split('.').next().unwrap_or(&name).to_string()
}

/// The articles of one WARC stream's next chunk of pages (extracted in
/// parallel), and the errors among them, in record order.
fn next_chunk<R: BufRead>(
    records: &mut WarcRecords<R>,
    skipped: &mut SkipCounts,
) -> Vec<Result<Article, String>> {
    let chunk = records.next_chunk(CHUNK, skipped);
    let options = Options::default();
    chunk
        .into_par_iter()
        .map(|entry| {
            let page = entry?;
            page.to_article(&options)
                .map_err(|e| format!("record {} ({}): {e}", page.record, page.id))
        })
        .collect()
}

/// The articles of one file and what was skipped (`(line or None,
/// reason)`), as `newsweave analyze` reads that file.
fn read_articles(path: &Path) -> std::io::Result<(Vec<Article>, Vec<(Option<usize>, String)>)> {
    let kind = InputKind::of_path(path).unwrap_or(InputKind::Jsonl);
    let mut articles = Vec::new();
    let mut skipped = Vec::new();
    match kind {
        InputKind::Jsonl => {
            for (n, line) in open(path)?.lines().enumerate() {
                match line {
                    Ok(line) if line.trim().is_empty() => {}
                    Ok(line) => match ingest::from_json_line(&line) {
                        Ok(found) => articles.extend(found),
                        Err(e) => skipped.push((Some(n + 1), e.to_string())),
                    },
                    Err(e) => skipped.push((Some(n + 1), format!("unreadable line: {e}"))),
                }
            }
        }
        InputKind::Text | InputKind::Html => {
            let mut bytes = Vec::new();
            open(path)?.read_to_end(&mut bytes)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let id = file_id(path);
            if kind == InputKind::Html || ingest::looks_like_html(&text) {
                match ingest::from_html(&id, &text, None) {
                    Ok(a) => articles.push(a),
                    Err(e) => skipped.push((None, e.to_string())),
                }
            } else {
                articles.push(ingest::from_text(&id, text));
            }
        }
        InputKind::Warc => {
            let gzip = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
            let mut records = WarcRecords::new(BufReader::new(File::open(path)?), gzip);
            let mut counts = SkipCounts::default();
            loop {
                let chunk = next_chunk(&mut records, &mut counts);
                if chunk.is_empty() {
                    break;
                }
                for item in chunk {
                    match item {
                        Ok(a) => articles.push(a),
                        Err(e) => skipped.push((None, e)),
                    }
                }
            }
            skipped.extend(counts.lines().into_iter().map(|l| (None, l)));
        }
    }
    let shown = path.display().to_string();
    for a in &mut articles {
        a.path.get_or_insert_with(|| shown.clone());
    }
    Ok((articles, skipped))
}

/// Reads one input file (`.txt`, `.html`, `.jsonl`, `.warc`, each maybe
/// `.gz`) as `newsweave analyze` does: its articles as serde-form JSON, and
/// what was skipped as `(line or None, reason)`.
#[pyfunction]
pub fn read_file(
    py: Python<'_>,
    path: String,
) -> PyResult<(Vec<String>, Vec<(Option<usize>, String)>)> {
    py.detach(|| {
        let (articles, skipped) = read_articles(Path::new(&path))?;
        let json = articles
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<_>, _>>()?;
        Ok::<_, newsweave::Error>((json, skipped))
    })
    .map_err(|e| bad_input(format!("{path}: {e}")))
}

/// The articles of a WARC file, record by record: iterating yields each
/// HTML response's article as serde-form JSON; records skipped are counted
/// by reason in `skipped`, records that could not be read are listed in
/// `errors` and the file goes on.
#[pyclass(module = "newsweave._newsweave")]
pub struct WarcReader {
    records: WarcRecords<BufReader<File>>,
    ready: VecDeque<String>,
    counts: SkipCounts,
    errors: Vec<String>,
    path: String,
}

#[pymethods]
impl WarcReader {
    #[new]
    fn new(path: String) -> PyResult<Self> {
        let p = Path::new(&path);
        let file = File::open(p).map_err(|e| bad_input(format!("cannot open {path}: {e}")))?;
        let gzip = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        Ok(WarcReader {
            records: WarcRecords::new(BufReader::with_capacity(1 << 20, file), gzip),
            ready: VecDeque::new(),
            counts: SkipCounts::default(),
            errors: Vec::new(),
            path,
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<String>> {
        let this = &mut *slf;
        py.detach(|| {
            while this.ready.is_empty() {
                let chunk = next_chunk(&mut this.records, &mut this.counts);
                if chunk.is_empty() {
                    return Ok(None);
                }
                for item in chunk {
                    match item {
                        Ok(mut a) => {
                            a.path = Some(this.path.clone());
                            this.ready.push_back(serde_json::to_string(&a)?);
                        }
                        Err(e) => this.errors.push(e),
                    }
                }
            }
            Ok(this.ready.pop_front())
        })
        .map_err(|e: serde_json::Error| bad_input(e.to_string()))
    }

    /// Records skipped so far, by reason.
    #[getter]
    fn skipped(&self) -> Vec<(String, usize)> {
        self.counts
            .0
            .iter()
            .map(|(reason, n)| (reason.to_string(), *n))
            .collect()
    }

    /// Records that could not be read or extracted so far, each named.
    #[getter]
    fn errors(&self) -> Vec<String> {
        self.errors.clone()
    }
}
