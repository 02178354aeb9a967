//! Storage: owns every line of SQL. One [`Store`] with one file per aggregate; SQL is shared by
//! SQLite and PostgreSQL and branches only where the dialects really differ.
//!
//! Invariant: nothing above this module writes SQL, and nothing in it knows about HTTP or events.

mod access_tokens;
mod backup_runs;
mod bots;
mod categories;
mod channel_members;
mod channels;
mod commands;
mod db;
mod files;
mod guests;
mod notifications;
mod posts;
mod preferences;
mod reactions;
mod search;
mod sessions;
mod status;
mod teams;
mod users;
mod webhooks;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use bots::BotQuery;
pub use channels::{ChannelSearch, UserChannels};
pub use db::{Db, FromValue, Row, Stmt, Value};
pub use files::{FilePreviews, FileSearch};
pub use notifications::{DeviceSession, Job, NotifyMember, Reach, WebPushSubscription};
pub use posts::{Cursor, MentionTarget, PostEffects, UnreadFrom};
pub use search::{PostSearch, TextMatch};
pub use teams::TeamScope;
pub use teams::scheme_roles;
pub use users::UserQuery;

/// Failures of the storage layer. Details are for logs; callers map them to user-facing errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key already exists (duplicate username, channel name, ...).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database cannot be reached or opened.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Internal(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation
                    && matches!(f.extended_code, 1555 | 2067) =>
            {
                StoreError::Conflict(e.to_string())
            }
            _ => StoreError::Internal(e.to_string()),
        }
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) {
            return StoreError::Conflict(e.to_string());
        }
        if e.is_closed() {
            return StoreError::Unavailable(e.to_string());
        }
        // The Display of a server error is only "db error"; the detail is in the source.
        let detail = e
            .as_db_error()
            .map_or_else(|| e.to_string(), |d| d.to_string());
        StoreError::Internal(detail)
    }
}

/// The store: a [`Db`] handle plus the queries of every aggregate (in the sibling files).
#[derive(Clone)]
pub struct Store {
    pub(crate) db: Db,
    auth_changes: Arc<AtomicU64>,
}

impl Store {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            auth_changes: Arc::default(),
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// A count of the writes in this process that can end a session or change what its user
    /// may see: sessions deleted, users deactivated, roles changed. Whoever holds a session for
    /// long (a WebSocket) re-reads it when this moves rather than on a short timer.
    pub fn auth_changes(&self) -> u64 {
        self.auth_changes.load(Ordering::Acquire)
    }

    /// Marks a write that [`Store::auth_changes`] counts; called after it is committed.
    fn auth_changed(&self) {
        self.auth_changes.fetch_add(1, Ordering::AcqRel);
    }
}

/// `$start, $start+1, ...` placeholders for an `IN (...)` list of `count` values.
pub(crate) fn placeholders(start: usize, count: usize) -> String {
    (start..start + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Decodes a JSON column, tolerating rows written before a field existed.
pub(crate) fn json_column(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::json!({}))
}
