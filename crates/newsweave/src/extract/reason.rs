//! Why a block of a page is not part of the article body (`extract --explain`).

use serde::Serialize;

/// Why a block was left out: the one reason type of every stage
/// ([`crate::model::BoilerplateReason`]).
pub use crate::model::BoilerplateReason as Reason;

/// A block of the page left out of the body, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// The block's text, whitespace-normalised.
    pub text: String,
    /// Why it was left out.
    pub reason: Reason,
}
