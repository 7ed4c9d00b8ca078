//! Reading inputs: files, directories, gzip, standard input; JSONL line by
//! line with bad lines skipped and counted.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::read::MultiGzDecoder;
use newsweave::ingest::{self, InputKind};
use newsweave::model::Article;
use newsweave::report::SkippedEntry;

/// Opens `path` (or standard input for `-`), decompressing `.gz`.
pub fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::new(io::stdin().lock())));
    }
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(BufReader::new(MultiGzDecoder::new(file))))
    } else {
        Ok(Box::new(BufReader::new(file)))
    }
}

/// Reads a whole file, decompressing `.gz`.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(bytes)
}

/// Reads a whole file as text, decompressing `.gz`; invalid UTF-8 is
/// replaced, not fatal.
fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Articles read from paths, and what was skipped.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Articles in input order.
    pub articles: Vec<Article>,
    /// Inputs that could not be read.
    pub skipped: Vec<SkippedEntry>,
}

/// The files under `paths` that newsweave reads, directories walked in name
/// order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.with_context(|| format!("cannot walk {}", path.display()))?;
                if entry.file_type().is_file() && InputKind::of_path(entry.path()).is_some() {
                    out.push(entry.into_path());
                }
            }
        } else if path.exists() || path == Path::new("-") {
            out.push(path.clone());
        } else {
            bail!("{}: no such file or directory", path.display());
        }
    }
    Ok(out)
}

/// Reads every article under `paths`. A bad file or line is skipped and
/// recorded, or is fatal under `strict`.
pub fn load(paths: &[PathBuf], strict: bool, mut on_file: impl FnMut()) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut ids = BTreeSet::new();
    for path in expand(paths)? {
        on_file();
        let shown = path.display().to_string();
        let kind = InputKind::of_path(&path).unwrap_or(InputKind::Jsonl);
        let mut skip = |line: Option<usize>, reason: String| -> Result<()> {
            if strict {
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                bail!("{shown}{at}: {reason}");
            }
            loaded.skipped.push(SkippedEntry {
                path: shown.clone(),
                line,
                reason,
            });
            Ok(())
        };
        let mut found: Vec<Article> = Vec::new();
        match kind {
            InputKind::Jsonl => {
                for (n, line) in open(&path)?.lines().enumerate() {
                    let line = match line {
                        Ok(l) => l,
                        Err(e) => {
                            skip(Some(n + 1), format!("unreadable line: {e}"))?;
                            continue;
                        }
                    };
                    if line.trim().is_empty() {
                        continue;
                    }
                    match ingest::from_json_line(&line) {
                        Ok(articles) => found.extend(articles),
                        Err(e) => skip(Some(n + 1), e.to_string())?,
                    }
                }
            }
            InputKind::Warc => {
                let options = newsweave::extract::Options::default();
                let counts = crate::warc_input::for_each_page(&path, &options, |page| {
                    match page {
                        Ok((page, extracted)) => found.push(page.article(extracted)),
                        Err(reason) => skip(None, reason)?,
                    }
                    Ok(())
                })?;
                loaded
                    .skipped
                    .extend(counts.lines().into_iter().map(|reason| SkippedEntry {
                        path: shown.clone(),
                        line: None,
                        reason,
                    }));
            }
            InputKind::Text | InputKind::Html => {
                let id = file_id(&path);
                let result = read_text(&path).and_then(|text| {
                    if kind == InputKind::Html || ingest::looks_like_html(&text) {
                        ingest::from_html(&id, &text, None).map_err(anyhow::Error::from)
                    } else {
                        ingest::from_text_file(&id, text).map_err(anyhow::Error::from)
                    }
                });
                match result {
                    Ok(article) => found.push(article),
                    Err(e) => skip(None, format!("{e:#}"))?,
                }
            }
        }
        for mut article in found {
            article.path.get_or_insert_with(|| shown.clone());
            article.id.0 = unique_id(&mut ids, &article.id.0);
            loaded.articles.push(article);
        }
    }
    Ok(loaded)
}

/// The id of a file's article: its name without extensions.
pub fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".into());
    name.split('.').next().unwrap_or(&name).to_string()
}

/// `id`, or `id-2`, `id-3`... when already taken.
fn unique_id(ids: &mut BTreeSet<String>, id: &str) -> String {
    let mut candidate = id.to_string();
    let mut n = 1;
    while !ids.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    candidate
}
