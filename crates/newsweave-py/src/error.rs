//! The one place where library errors become Python exceptions.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::PyErr;

create_exception!(
    _newsweave,
    NewsweaveError,
    PyException,
    "An input newsweave could not use; the message is the library's."
);

/// A library error as a [`NewsweaveError`] carrying its message.
pub fn to_py(e: newsweave::Error) -> PyErr {
    NewsweaveError::new_err(e.to_string())
}

/// A bad-input message as a [`NewsweaveError`].
pub fn bad_input(message: impl Into<String>) -> PyErr {
    NewsweaveError::new_err(message.into())
}
