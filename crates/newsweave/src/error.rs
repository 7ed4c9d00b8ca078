//! The library's one error type.

/// Everything that can go wrong in the pipeline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A page could not be turned into an article.
    #[error("could not extract an article: {0}")]
    Extraction(String),
    /// An input record is malformed (bad JSON, missing or mistyped field).
    #[error("{0}")]
    BadInput(String),
    /// A bug stopped the processing of one input; the batch goes on.
    #[error("internal error: {0}")]
    Internal(String),
    /// Reading input failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// JSON could not be parsed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
