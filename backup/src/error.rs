//! The one error type of the crate. Messages name the thing that failed and what to check.

use std::io;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A local file or directory could not be read or written.
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: io::Error,
    },
    /// The backup target could not be reached or refused an operation.
    #[error("backup target {target}: {message}")]
    Target { target: String, message: String },
    /// The database snapshot or its restore failed.
    #[error("database: {0}")]
    Database(String),
    /// A setting or argument is not usable.
    #[error("{0}")]
    Invalid(String),
    /// Stored bytes do not match their checksum or cannot be unsealed.
    #[error("{0}")]
    Corrupt(String),
    /// The operation would destroy something and was not asked to.
    #[error("{0}")]
    Refused(String),
}

impl Error {
    /// Wraps a local I/O error with what was being done.
    pub fn io(what: impl Into<String>) -> impl FnOnce(io::Error) -> Error {
        let what = what.into();
        move |source| Error::Io { what, source }
    }
}
