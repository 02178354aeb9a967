//! Backup runs as `/api/v4/hearth/backups` serves them (Hearth's own API, in Mattermost's JSON
//! style: snake_case, times in milliseconds).

use serde::Serialize;

/// One backup attempt, or one night a backup was due and missed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BackupRun {
    pub id: String,
    /// `scheduled`, `catch_up`, `manual` (admin console, Manager) or `command_line`; `missed`
    /// for a night when the server was not running.
    pub reason: String,
    /// `running`, `succeeded`, `failed` or `missed`.
    pub status: String,
    pub started_at: i64,
    /// 0 while running.
    pub finished_at: i64,
    /// The backup's id at the target, once complete.
    pub backup_id: String,
    /// While running: the current stage (`snapshot`, `scan`, `upload`, `prune`) and its progress.
    pub phase: String,
    pub done_bytes: i64,
    pub total_bytes: i64,
    pub done_files: i64,
    pub total_files: i64,
    /// Once complete: the files the backup holds, and what this run sent.
    pub files: i64,
    pub files_bytes: i64,
    /// The archive's size (database snapshot, config, keys): with `files_bytes`, the backup's.
    pub archive_bytes: i64,
    pub sent_files: i64,
    pub sent_bytes: i64,
    /// What went wrong and what to do, for failed and missed runs.
    pub error: String,
}
