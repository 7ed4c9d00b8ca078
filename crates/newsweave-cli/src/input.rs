//! Reading inputs: files, directories, gzip, standard input; JSONL line by
//! line with bad lines skipped and counted. Every read is bounded: lines by
//! [`MAX_LINE`](crate::lines::MAX_LINE), whole files by [`MAX_FILE`].

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use flate2::read::MultiGzDecoder;
use newsweave::ingest::{self, InputKind};
use newsweave::model::Article;
use newsweave::report::SkippedEntry;
use sha2::{Digest, Sha256};

use crate::lines::{chain, Lines};

/// Largest whole file read (a text or HTML article, a feed), in bytes.
pub const MAX_FILE: usize = 64 << 20;

/// True when `path` names standard input.
fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// True when `path` is read through a gzip decoder.
fn is_gzip(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

/// Opens `path` (or standard input for `-`), decompressing `.gz`; a
/// directory is refused with a clear error.
pub fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    if is_stdin(path) {
        return Ok(Box::new(BufReader::new(io::stdin().lock())));
    }
    if path.is_dir() {
        bail!("is a directory: give a file (analyze and ingest read directories)");
    }
    let file = File::open(path).map_err(|e| anyhow!(io_reason(&e)))?;
    if is_gzip(path) {
        let mut file = BufReader::new(file);
        let head = file
            .fill_buf()
            .map_err(|e| anyhow!("cannot read: {}", io_reason(&e)))?;
        if !head.is_empty() && !head.starts_with(&[0x1f, 0x8b][..head.len().min(2)]) {
            bail!("not gzip: the file does not start with the gzip signature");
        }
        Ok(Box::new(BufReader::new(MultiGzDecoder::new(file))))
    } else {
        Ok(Box::new(BufReader::new(file)))
    }
}

/// The numbered text lines of `path` (see [`Lines`]).
pub fn open_lines(path: &Path) -> Result<Lines<Box<dyn BufRead>>> {
    let describe = if is_gzip(path) {
        gzip_error
    } else {
        read_error
    };
    Ok(Lines::new(open(path)?, describe))
}

/// An I/O error without the OS's decoration ("No such file or directory
/// (os error 2)" → "no such file or directory").
fn io_reason(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text.to_string(),
    }
}

/// A read error of a plain file.
fn read_error(e: &io::Error) -> String {
    format!("unreadable: {}", io_reason(e))
}

/// A read error of a gzip file, in plain words: truncated, not gzip, or
/// corrupt.
fn gzip_error(e: &io::Error) -> String {
    let text = e.to_string();
    if e.kind() == io::ErrorKind::UnexpectedEof {
        "truncated gzip: the data ends before the gzip stream does (an interrupted download?)"
            .into()
    } else if text.contains("header") {
        format!("not gzip: {text}")
    } else {
        format!("corrupt gzip: {text}")
    }
}

/// Reads a whole file, decompressing `.gz`, at most [`MAX_FILE`] bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open(path)?
        .take(MAX_FILE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            let words = if is_gzip(path) {
                gzip_error(&e)
            } else {
                read_error(&e)
            };
            anyhow!(words)
        })?;
    if bytes.len() > MAX_FILE {
        bail!("too large: over the {MAX_FILE}-byte limit");
    }
    Ok(bytes)
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
/// order; a path that does not exist or cannot be walked goes to `missing`
/// with its reason.
pub fn expand(paths: &[PathBuf], missing: &mut Vec<SkippedEntry>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut skip = |path: &Path, reason: String| {
        missing.push(SkippedEntry {
            path: path.display().to_string(),
            line: None,
            reason,
        })
    };
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() && InputKind::of_path(e.path()).is_some() => {
                        out.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let at = e.path().unwrap_or(path).to_path_buf();
                        let reason = e.io_error().map_or_else(|| e.to_string(), io_reason);
                        skip(&at, format!("cannot read: {reason}"));
                    }
                }
            }
        } else if path.exists() || is_stdin(path) {
            out.push(path.clone());
        } else {
            skip(path, "no such file or directory".into());
        }
    }
    out
}

/// Reads every article under `paths`. A bad file or line is skipped and
/// recorded, or is fatal under `strict`. Two inputs with the same id are
/// never both kept: the later one is skipped as an id clash (or as a
/// repeat when its content is the same).
pub fn load(paths: &[PathBuf], strict: bool, mut on_file: impl FnMut()) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut missing = Vec::new();
    let files = expand(paths, &mut missing);
    for entry in missing {
        if strict {
            bail!("{}: {}", entry.path, entry.reason);
        }
        loaded.skipped.push(entry);
    }
    // Where each id was first read: "path" or "path:line".
    let mut seen: BTreeMap<String, (String, [u8; 32])> = BTreeMap::new();
    for path in files {
        on_file();
        let shown = path.display().to_string();
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
        let kind = if is_stdin(&path) {
            Some(InputKind::Jsonl)
        } else {
            InputKind::of_path(&path)
        };
        let mut found: Vec<(Option<usize>, Article)> = Vec::new();
        let mut warc_skips: Vec<String> = Vec::new();
        match kind {
            None => skip(
                None,
                "unknown file type: newsweave reads .txt, .html, .jsonl and .warc files (optionally .gz)"
                    .into(),
            )?,
            Some(InputKind::Jsonl) => match open_lines(&path) {
                Err(e) => skip(None, chain(&e))?,
                Ok(lines) => {
                    for item in lines {
                        match item {
                            Ok((_, line)) if line.trim().is_empty() => {}
                            Ok((n, line)) => match ingest::from_json_line(&line) {
                                Ok(articles) => {
                                    found.extend(articles.into_iter().map(|a| (Some(n), a)))
                                }
                                Err(e) => skip(Some(n), e.to_string())?,
                            },
                            Err(bad) => skip(Some(bad.line), bad.reason)?,
                        }
                    }
                }
            },
            Some(InputKind::Warc) => {
                let options = newsweave::extract::Options::default();
                let counts = crate::warc_input::for_each_page(&path, &options, |page| {
                    match page {
                        Ok((page, extracted)) => found.push((None, page.article(extracted))),
                        Err(reason) => skip(None, reason)?,
                    }
                    Ok(())
                })?;
                // Records without a page are no error, even under --strict.
                warc_skips.extend(counts.lines());
            }
            Some(kind @ (InputKind::Text | InputKind::Html)) => match read_article(&path, kind) {
                Ok(article) => found.push((None, article)),
                Err(e) => skip(None, chain(&e))?,
            },
        }
        for (line, mut article) in found {
            article.path.get_or_insert_with(|| shown.clone());
            let at = line.map_or_else(|| shown.clone(), |l| format!("{shown}:{l}"));
            let hash = content_key(&article);
            match seen.get(&article.id.0) {
                Some((first, h)) if *h == hash => skip(
                    line,
                    format!(
                        "repeated article: `{}` is the same as {first}",
                        article.id.0
                    ),
                )?,
                Some((first, _)) => skip(
                    line,
                    format!(
                        "id clash: `{}` is already the id of {first}, with other content",
                        article.id.0
                    ),
                )?,
                None => {
                    seen.insert(article.id.0.clone(), (at, hash));
                    loaded.articles.push(article);
                }
            }
        }
        loaded
            .skipped
            .extend(warc_skips.into_iter().map(|reason| SkippedEntry {
                path: shown.clone(),
                line: None,
                reason,
            }));
    }
    Ok(loaded)
}

/// A text or HTML file's article, with the id of [`file_id`].
fn read_article(path: &Path, kind: InputKind) -> Result<Article> {
    let bytes = read_bytes(path)?;
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let id = file_id(path);
    if kind == InputKind::Html || ingest::looks_like_html(&text) {
        Ok(ingest::from_html(&id, &text, None)?)
    } else {
        // Front matter first, then the body after it must be text.
        let article = ingest::from_text_file(&id, text)?;
        ingest::check_text(&article.text)?;
        Ok(article)
    }
}

/// What an article says, for telling a repeat from a clash.
fn content_key(a: &Article) -> [u8; 32] {
    Sha256::digest(a.text.as_bytes()).into()
}

/// The first 8 hex digits of SHA-256 of `bytes`.
fn hex8(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where `path` is: its canonical absolute form (else just absolute, for a
/// path that does not exist).
pub fn place(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    std::fs::canonicalize(&absolute).unwrap_or(absolute)
}

/// The id of a file's article: its name without extensions, then a short
/// hash of where it is ([`place`]), so two `index.html` in two folders
/// never share an id and an id never depends on which other files are read
/// or in what order. An edited file keeps its id (so a store updates it);
/// the same text elsewhere is a store's duplicate, by content hash.
pub fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or(&name);
    format!(
        "{stem}-{}",
        hex8(place(path).as_os_str().as_encoded_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_ids_follow_the_place_not_the_order() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["a", "b"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
            std::fs::write(dir.path().join(d).join("index.html"), "x").unwrap();
        }
        let a = file_id(&dir.path().join("a/index.html"));
        let b = file_id(&dir.path().join("b/index.html"));
        assert_ne!(a, b);
        assert!(a.starts_with("index-"), "{a}");
        // The same file by another spelling of its path.
        assert_eq!(a, file_id(&dir.path().join("a/../a/./index.html")));
    }
}
