//! Helpers for tests: the shared seed articles and evaluation files.

#![allow(clippy::print_stderr)]

use std::path::PathBuf;

/// `../shared` beside the repository.
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The text of a seed article, or `None` (with a note) when `../shared` is absent.
pub fn seed(name: &str) -> Option<String> {
    let path = shared_dir().join("seeds").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(err) => {
            eprintln!("skipping: seed {} not readable: {err}", path.display());
            None
        }
    }
}
