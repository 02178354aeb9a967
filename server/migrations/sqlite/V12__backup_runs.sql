-- One row per backup attempt (nightly, catch-up, manual, command line), and per missed night:
-- the history /api/v4/hearth/backups serves to the admin console and Hearth Manager.
CREATE TABLE backup_runs (
    id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL DEFAULT 0,
    backup_id TEXT NOT NULL DEFAULT '',
    phase TEXT NOT NULL DEFAULT '',
    done_bytes BIGINT NOT NULL DEFAULT 0,
    total_bytes BIGINT NOT NULL DEFAULT 0,
    done_files BIGINT NOT NULL DEFAULT 0,
    total_files BIGINT NOT NULL DEFAULT 0,
    files BIGINT NOT NULL DEFAULT 0,
    files_bytes BIGINT NOT NULL DEFAULT 0,
    archive_bytes BIGINT NOT NULL DEFAULT 0,
    sent_files BIGINT NOT NULL DEFAULT 0,
    sent_bytes BIGINT NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_backup_runs_started_at ON backup_runs (started_at);
