//! newsweave: understand a news story told by many outlets.
//!
//! The pipeline runs in stages, each a module named after it; every derived
//! item points back to byte spans of [`model::Article::text`].

#![deny(missing_docs)]

pub mod error;
pub mod extract;
pub mod model;

pub use error::{Error, Result};
