//! What a backup is taken from: the data directory, the config file, the database and the
//! uploaded files, as the server is configured.

use std::path::{Path, PathBuf};

/// The database a backup snapshots and a restore fills.
#[derive(Debug, Clone)]
pub enum Database {
    /// The SQLite file.
    Sqlite(PathBuf),
    /// A `postgres://` URL (with its password, never logged).
    Postgres(String),
}

impl Database {
    pub fn kind(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }
}

/// Where a server keeps everything a backup takes.
#[derive(Debug, Clone)]
pub struct Source {
    /// The data directory: keys, TLS material and (by default) database and files.
    pub data_dir: PathBuf,
    /// `config.json` (often inside the data directory, but it may live elsewhere).
    pub config_file: PathBuf,
    pub database: Database,
    /// The uploaded files' directory.
    pub files_dir: PathBuf,
}

impl Source {
    /// The backup's own local state: the hash cache, the SSH key and known hosts, the lock,
    /// and the staging area for the archive.
    pub fn state_dir(&self) -> PathBuf {
        state_dir(&self.data_dir)
    }
}

/// `<data dir>/backup`.
pub fn state_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backup")
}
