//! Progress of long work, reported as events a command line draws as a bar and the server
//! records for the admin console and Hearth Manager.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// The stage a backup, verify or restore is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Copying the database and packing the archive.
    Snapshot,
    /// Reading the files to learn their checksums (only new or changed files are read).
    Scan,
    /// Sending what the target does not have.
    Upload,
    /// Deleting backups retention no longer keeps.
    Prune,
    /// Re-reading everything at the target and checking it.
    Verify,
    /// Fetching and writing back files and database.
    Restore,
}

impl Phase {
    pub fn describe(self) -> &'static str {
        match self {
            Phase::Snapshot => "Copying the database",
            Phase::Scan => "Checking files",
            Phase::Upload => "Sending",
            Phase::Prune => "Removing old backups",
            Phase::Verify => "Verifying",
            Phase::Restore => "Restoring",
        }
    }
}

/// Where a stage is: bytes and files done out of the totals.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub phase: Phase,
    pub done_bytes: u64,
    pub total_bytes: u64,
    pub done_files: u64,
    pub total_files: u64,
}

/// Receives progress events; called often, so it should be cheap.
pub type Reporter = Arc<dyn Fn(Progress) + Send + Sync>;

/// A reporter that ignores everything.
pub fn silent() -> Reporter {
    Arc::new(|_| {})
}

/// Counts one stage's work from any number of tasks and reports each step.
pub struct Tracker {
    report: Reporter,
    phase: Phase,
    total_bytes: u64,
    total_files: u64,
    done_bytes: AtomicU64,
    done_files: AtomicU64,
}

impl Tracker {
    pub fn new(report: &Reporter, phase: Phase, total_bytes: u64, total_files: u64) -> Tracker {
        let tracker = Tracker {
            report: report.clone(),
            phase,
            total_bytes,
            total_files,
            done_bytes: AtomicU64::new(0),
            done_files: AtomicU64::new(0),
        };
        tracker.emit();
        tracker
    }

    pub fn add_bytes(&self, n: u64) {
        self.done_bytes.fetch_add(n, Ordering::Relaxed);
        self.emit();
    }

    pub fn file_done(&self) {
        self.done_files.fetch_add(1, Ordering::Relaxed);
        self.emit();
    }

    pub fn done_bytes(&self) -> u64 {
        self.done_bytes.load(Ordering::Relaxed)
    }

    pub fn done_files(&self) -> u64 {
        self.done_files.load(Ordering::Relaxed)
    }

    fn emit(&self) {
        (self.report)(Progress {
            phase: self.phase,
            done_bytes: self.done_bytes(),
            total_bytes: self.total_bytes,
            done_files: self.done_files(),
            total_files: self.total_files,
        });
    }
}
