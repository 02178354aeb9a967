//! The history of backup runs.

use super::{Row, Store, StoreError};
use crate::model::BackupRun;
use crate::params;

const RUN_COLUMNS: &str = "id, reason, status, started_at, finished_at, backup_id, phase, \
    done_bytes, total_bytes, done_files, total_files, files, files_bytes, archive_bytes, sent_files, \
    sent_bytes, error";

fn run_from_row(r: &Row) -> Result<BackupRun, StoreError> {
    Ok(BackupRun {
        id: r.get(0)?,
        reason: r.get(1)?,
        status: r.get(2)?,
        started_at: r.get(3)?,
        finished_at: r.get(4)?,
        backup_id: r.get(5)?,
        phase: r.get(6)?,
        done_bytes: r.get(7)?,
        total_bytes: r.get(8)?,
        done_files: r.get(9)?,
        total_files: r.get(10)?,
        files: r.get(11)?,
        files_bytes: r.get(12)?,
        archive_bytes: r.get(13)?,
        sent_files: r.get(14)?,
        sent_bytes: r.get(15)?,
        error: r.get(16)?,
    })
}

impl Store {
    /// Records a run (also a finished one, such as a missed night).
    pub async fn insert_backup_run(&self, run: &BackupRun) -> Result<(), StoreError> {
        self.db
            .execute(
                &format!(
                    "INSERT INTO backup_runs ({RUN_COLUMNS}) VALUES \
                     ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
                ),
                params![
                    &run.id,
                    &run.reason,
                    &run.status,
                    run.started_at,
                    run.finished_at,
                    &run.backup_id,
                    &run.phase,
                    run.done_bytes,
                    run.total_bytes,
                    run.done_files,
                    run.total_files,
                    run.files,
                    run.files_bytes,
                    run.archive_bytes,
                    run.sent_files,
                    run.sent_bytes,
                    &run.error
                ],
            )
            .await?;
        Ok(())
    }

    /// Stores a running backup's progress.
    pub async fn update_backup_progress(&self, run: &BackupRun) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE backup_runs SET phase = $2, done_bytes = $3, total_bytes = $4, \
                 done_files = $5, total_files = $6 WHERE id = $1 AND status = 'running'",
                params![
                    &run.id,
                    &run.phase,
                    run.done_bytes,
                    run.total_bytes,
                    run.done_files,
                    run.total_files
                ],
            )
            .await?;
        Ok(())
    }

    /// Stores how a run ended.
    pub async fn finish_backup_run(&self, run: &BackupRun) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE backup_runs SET status = $2, finished_at = $3, backup_id = $4, phase = '', \
                 files = $5, files_bytes = $6, archive_bytes = $7, sent_files = $8, \
                 sent_bytes = $9, error = $10 WHERE id = $1",
                params![
                    &run.id,
                    &run.status,
                    run.finished_at,
                    &run.backup_id,
                    run.files,
                    run.files_bytes,
                    run.archive_bytes,
                    run.sent_files,
                    run.sent_bytes,
                    &run.error
                ],
            )
            .await?;
        Ok(())
    }

    /// Marks runs still `running` as failed: their process ended without saying how.
    pub async fn fail_unfinished_backup_runs(
        &self,
        at: i64,
        error: &str,
    ) -> Result<u64, StoreError> {
        self.db
            .execute(
                "UPDATE backup_runs SET status = 'failed', finished_at = $1, phase = '', error = $2 \
                 WHERE status = 'running'",
                params![at, error],
            )
            .await
    }

    /// Runs, newest first.
    pub async fn backup_runs(&self, limit: i64, offset: i64) -> Result<Vec<BackupRun>, StoreError> {
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM backup_runs ORDER BY started_at DESC, id LIMIT $1 OFFSET $2"
        );
        self.db
            .query(&sql, params![limit, offset])
            .await?
            .iter()
            .map(run_from_row)
            .collect()
    }

    pub async fn backup_run(&self, id: &str) -> Result<Option<BackupRun>, StoreError> {
        let sql = format!("SELECT {RUN_COLUMNS} FROM backup_runs WHERE id = $1");
        let row = self.db.query_opt(&sql, params![id]).await?;
        row.as_ref().map(run_from_row).transpose()
    }

    /// When the newest real attempt (not a missed night) started.
    pub async fn last_backup_attempt(&self) -> Result<Option<i64>, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT started_at FROM backup_runs WHERE status <> 'missed' \
                 ORDER BY started_at DESC LIMIT 1",
                params![],
            )
            .await?;
        row.map(|r| r.get(0)).transpose()
    }

    /// The newest successful run.
    pub async fn last_successful_backup(&self) -> Result<Option<BackupRun>, StoreError> {
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM backup_runs WHERE status = 'succeeded' \
             ORDER BY started_at DESC LIMIT 1"
        );
        let row = self.db.query_opt(&sql, params![]).await?;
        row.as_ref().map(run_from_row).transpose()
    }
}
