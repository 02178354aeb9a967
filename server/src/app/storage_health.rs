//! Storage health while the server runs: every ten minutes, the arrays and disks holding the
//! data directory and the files are checked. A degraded array or a disk filling up is logged,
//! told to system admins (again each day while it lasts), and served at
//! `GET /api/v4/hearth/storage` for the admin console and Hearth Manager.

use std::path::{Path, PathBuf};
use std::sync::Weak;
use std::time::Duration;

use hearth_installer::probe::{self, MdArray, Redundancy, Storage};
use serde::Serialize;

use super::{App, Caller, Result};
use crate::model::now_millis;

const CHECK_INTERVAL: Duration = Duration::from_secs(600);
/// While a problem has found no admin to tell (a new server), it is tried again this soon.
const UNTOLD_RETRY: Duration = Duration::from_secs(20);
/// A problem still there is told again after this long.
const REMIND_AFTER_MS: i64 = 24 * 3600 * 1000;
/// A disk with less free space than this share of it, or this many bytes, is filling up.
const LOW_FREE_SHARE: f64 = 0.10;
const LOW_FREE_BYTES: u64 = 5 << 30;

/// What the last check found.
#[derive(Debug, Clone, Serialize)]
pub struct StorageReport {
    pub checked_at: i64,
    /// The data directory and the files directory, where they live.
    pub paths: Vec<Storage>,
    pub arrays: Vec<MdArray>,
    /// Sentences for admins; empty when all is well.
    pub problems: Vec<String>,
}

/// The machine as the check sees it: `/`, or `HEARTH_PROBE_ROOT` (sample files, for tests).
pub fn probe_root() -> PathBuf {
    std::env::var_os("HEARTH_PROBE_ROOT").map_or_else(|| "/".into(), PathBuf::from)
}

/// Checks the storage under `paths` on the machine at `root`.
pub fn check(root: &Path, paths: &[PathBuf]) -> StorageReport {
    let probed = probe::probe_storage(root);
    let storages: Vec<Storage> = paths
        .iter()
        .map(|p| probe::storage_for(&probed, p))
        .collect();
    let mut problems = Vec::new();
    for storage in &storages {
        let place = storage.path.display();
        if let Redundancy::Degraded { what } = &storage.redundancy {
            problems.push(format!(
                "{place} is on {what}, which is degraded: a disk has failed and one more failure loses data. Replace the failed disk and add it back to the array."
            ));
        }
        let total = storage.mount.as_ref().map_or(0, |m| m.total_bytes);
        if total > 0
            && (storage.free_bytes < LOW_FREE_BYTES
                || (storage.free_bytes as f64) < total as f64 * LOW_FREE_SHARE)
        {
            problems.push(format!(
                "The disk holding {place} has {:.1} GB free of {:.1} GB: delete old files or move the data to a larger disk before it fills up.",
                storage.free_bytes as f64 / 1e9,
                total as f64 / 1e9
            ));
        }
    }
    problems.dedup();
    StorageReport {
        checked_at: now_millis(),
        paths: storages,
        arrays: probed.md_arrays,
        problems,
    }
}

impl App {
    /// `GET /hearth/storage`: the last check (made now if there was none). System admins only.
    pub async fn storage_report(&self, caller: &Caller) -> Result<StorageReport> {
        caller.require_system_admin()?;
        if let Some(report) = self.storage.lock().expect("not poisoned").clone() {
            return Ok(report);
        }
        Ok(self.check_storage().await)
    }

    fn storage_paths(&self) -> Vec<PathBuf> {
        let config = self.config();
        let files = &config.file_settings.directory;
        let mut paths = vec![self.data_dir.clone()];
        if !files.is_empty() {
            paths.push(files.into());
        }
        paths
    }

    async fn check_storage(&self) -> StorageReport {
        let paths = self.storage_paths();
        let report = tokio::task::spawn_blocking(move || check(&probe_root(), &paths))
            .await
            .expect("the storage check does not panic");
        *self.storage.lock().expect("not poisoned") = Some(report.clone());
        report
    }
}

/// Checks every ten minutes, telling admins about each new problem (and daily while it lasts).
pub async fn watch(app: Weak<App>) {
    // Each problem told, and when.
    let mut told: Vec<(String, i64)> = Vec::new();
    loop {
        let Some(strong) = app.upgrade() else { return };
        let report = strong.check_storage().await;
        told.retain(|(problem, _)| report.problems.contains(problem));
        let mut untold = false;
        for problem in &report.problems {
            tracing::warn!(%problem, "storage needs attention");
            let last = told.iter().find(|(p, _)| p == problem).map(|(_, at)| *at);
            if last.is_some_and(|at| report.checked_at - at < REMIND_AFTER_MS) {
                continue;
            }
            let notice = format!("**Storage needs attention.** {problem}");
            if strong.tell_system_admins(&notice).await == 0 {
                untold = true;
                continue;
            }
            told.retain(|(p, _)| p != problem);
            told.push((problem.clone(), report.checked_at));
        }
        drop(strong);
        tokio::time::sleep(if untold { UNTOLD_RETRY } else { CHECK_INTERVAL }).await;
    }
}
