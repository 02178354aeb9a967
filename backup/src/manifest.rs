//! The records a backup keeps at the target: the target's header, each backup's manifest (what
//! it holds, with checksums) and its summary (written last, the mark of a complete backup).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::crypto::KeyDerivation;

/// The format these records are written in.
pub const FORMAT: u32 = 1;

/// `hearth-backup.json`: made by the first backup to a target.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// Present when the target's backups are sealed with a passphrase.
    pub encryption: Option<KeyDerivation>,
}

/// One uploaded file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    /// Relative to the files directory, `/`-separated.
    pub path: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    /// Modification time in nanoseconds since 1970, to tell a changed file without reading it.
    pub modified_ns: i64,
}

/// The archive of database snapshot, config and state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchiveInfo {
    pub size: u64,
    pub sha256: String,
}

/// Everything one backup holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub id: String,
    pub created: Timestamp,
    pub hearth_version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub archive: ArchiveInfo,
    pub files: Vec<FileEntry>,
}

impl Manifest {
    pub fn files_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// `backup.json`: readable without the key, so backups can be listed and pruned without it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub format: u32,
    pub id: String,
    pub started: Timestamp,
    pub finished: Timestamp,
    pub hearth_version: String,
    pub database: String,
    pub encrypted: bool,
    /// Files the backup holds, and their bytes.
    pub files: u64,
    pub files_bytes: u64,
    pub archive_bytes: u64,
    /// What this run sent (the rest was at the target already).
    pub sent_files: u64,
    pub sent_bytes: u64,
}
