//! Hearth's backups, as a library the `hearth` binary and Hearth Manager call; it knows nothing
//! of HTTP or the chat server's tables.
//!
//! A backup is a database snapshot plus the data directory's small state (config, TLS material,
//! keys) packed in one zip ([`archive`]), and the uploaded files, each stored once at the target
//! as a content-addressed blob ([`transfer`]), so a nightly run sends only new files. A
//! [`manifest`] lists every file with its size and SHA-256. Targets are a mounted directory or a
//! second server over SFTP ([`target`]); with a passphrase everything at the target is sealed
//! ([`crypto`]). [`run`] makes a backup, [`verify`] re-reads one, [`restore`] puts one back,
//! [`retention`] prunes old ones, and [`schedule`] says when the nightly run is due.
//!
//! Layout at the target (see [`layout`]):
//! ```text
//! hearth-backup.json          the target's format and key check (made by the first run)
//! blobs/ab/<name>             file contents, shared by every backup that has the file
//! backups/<id>/manifest.json  what the backup holds (".sealed" when encrypted)
//! backups/<id>/archive.zip    database snapshot, config and state (".sealed" when encrypted)
//! backups/<id>/blobs.txt      the blob names the backup needs (for pruning without the key)
//! backups/<id>/backup.json    the summary, written last: a backup without it is incomplete
//! ```

pub mod archive;
pub mod crypto;
mod error;
pub mod layout;
mod local;
pub mod lock;
pub mod manifest;
pub mod progress;
pub mod repository;
pub mod restore;
pub mod retention;
pub mod run;
mod scan;
pub mod schedule;
pub mod snapshot;
pub mod source;
pub mod target;
pub mod transfer;
pub mod verify;

pub use error::{Error, Result};
pub use progress::{Phase, Progress};
pub use source::{Database, Source};
pub use target::{Target, TargetSpec};
