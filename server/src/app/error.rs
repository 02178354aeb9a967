//! The domain's one error type. The API turns it into Mattermost's error JSON in one place
//! (`api::error`); store failures are logged there and shown to users only as a generic message.

use crate::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    TooLarge,
    TooManyRequests,
    /// A feature the admin turned off (Mattermost answers 501).
    NotImplemented,
    Unavailable,
    Internal,
}

/// A failure with a stable machine-readable `id` (Mattermost's i18n id style) and a message for people.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub id: &'static str,
    pub message: String,
    /// Logged, never sent to the client.
    pub detail: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, id: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind,
            id,
            message: message.into(),
            detail: String::new(),
        }
    }

    /// Something failed on our side; `what` and `e` are logged, the client sees "Internal error."
    pub fn internal(what: &str, e: impl std::fmt::Display) -> Self {
        let mut err = Self::new(
            ErrorKind::Internal,
            "app.internal.app_error",
            "Internal error.",
        );
        err.detail = format!("{what}: {e}");
        err
    }

    pub fn bad_request(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, id, message)
    }

    /// A parameter is missing or malformed: `invalid_param("channel_id")`.
    pub fn invalid_param(name: &str) -> Self {
        Self::bad_request(
            "api.context.invalid_param.app_error",
            format!("Invalid or missing {name} parameter."),
        )
    }

    pub fn unauthorized(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, id, message)
    }

    pub fn forbidden() -> Self {
        Self::new(
            ErrorKind::Forbidden,
            "api.context.permissions.app_error",
            "You do not have the appropriate permissions.",
        )
    }

    /// `what` was not found, or the caller may not know it exists (same answer on purpose).
    pub fn not_found(what: &str) -> Self {
        Self::new(
            ErrorKind::NotFound,
            "app.not_found.app_error",
            format!("Unable to find the {what}."),
        )
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        let (kind, id, message) = match &e {
            StoreError::Conflict(_) => (
                ErrorKind::BadRequest,
                "store.sql.conflict.app_error",
                "That already exists.",
            ),
            StoreError::Unavailable(_) => (
                ErrorKind::Unavailable,
                "store.sql.unavailable.app_error",
                "The database is not reachable right now; try again shortly.",
            ),
            StoreError::Internal(_) => (
                ErrorKind::Internal,
                "store.sql.app_error",
                "We could not complete the request because of a database error.",
            ),
        };
        Self {
            kind,
            id,
            message: message.into(),
            detail: e.to_string(),
        }
    }
}

/// Maps a store result's unique-key conflict to a 400 with a message for people (a taken name);
/// every other store error converts as usual.
pub trait OrConflict<T> {
    fn or_conflict(self, id: &'static str, message: &str) -> Result<T>;
}

impl<T> OrConflict<T> for std::result::Result<T, StoreError> {
    fn or_conflict(self, id: &'static str, message: &str) -> Result<T> {
        self.map_err(|e| match e {
            StoreError::Conflict(_) => Error::bad_request(id, message),
            other => other.into(),
        })
    }
}
