//! newsweave: understand a news story told by many outlets.
//!
//! The pipeline runs in stages, each a module named after it; every derived
//! item points back to byte spans of [`model::Article::text`].

#![deny(missing_docs)]

pub mod actors;
pub mod analyze;
pub mod claims;
pub mod clean;
pub mod compare;
pub mod error;
pub mod extract;
pub mod front_matter;
pub mod ingest;
pub mod model;
pub mod quotes;
pub mod report;
pub mod segment;
pub mod stories;
pub mod summarize;

pub use error::{Error, Result};

#[cfg(test)]
mod testutil;
