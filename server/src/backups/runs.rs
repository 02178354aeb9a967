//! Running a backup and keeping its record: a `running` row with progress written every two
//! seconds, then how it ended. The server's job and `hearth backup run` both record here, so
//! the admin console and Hearth Manager see every run.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hearth_backup::lock::Lock;
use hearth_backup::progress::{Progress, Reporter};
use hearth_backup::run::{Plan, Report};

use crate::model::{BackupRun, new_id, now_millis};
use crate::store::Store;

/// How often a running backup's progress is written.
const PROGRESS_INTERVAL: Duration = Duration::from_secs(2);

/// A run that holds the backup lock and is recorded as `running`.
pub struct Started {
    pub run: BackupRun,
    lock: Lock,
}

/// Takes the backup lock (a held lock is [`hearth_backup::Error::Refused`]), then records a new
/// run as `running`; under the lock, so a `running` row without the lock held is one whose
/// process died.
pub async fn begin(store: &Store, reason: &str, plan: &Plan) -> hearth_backup::Result<Started> {
    let lock = hearth_backup::lock::acquire(&plan.source.state_dir())?;
    let run = BackupRun {
        id: new_id(),
        reason: reason.into(),
        status: "running".into(),
        started_at: now_millis(),
        ..BackupRun::default()
    };
    store
        .insert_backup_run(&run)
        .await
        .map_err(|e| hearth_backup::Error::Database(format!("recording the backup run: {e}")))?;
    Ok(Started { run, lock })
}

/// Runs `plan` for a started run, also reporting progress to `also`; returns the finished
/// record (`succeeded` or `failed` with the error).
pub async fn execute(store: &Store, started: Started, plan: &Plan, also: Reporter) -> BackupRun {
    let Started { mut run, lock } = started;
    let latest: Arc<Mutex<Option<Progress>>> = Arc::default();
    let report: Reporter = {
        let latest = latest.clone();
        Arc::new(move |progress| {
            *latest.lock().expect("not poisoned") = Some(progress);
            also(progress);
        })
    };
    let work = hearth_backup::run::run(plan, &lock, &report);
    tokio::pin!(work);
    let mut tick = tokio::time::interval(PROGRESS_INTERVAL);
    let outcome = loop {
        tokio::select! {
            outcome = &mut work => break outcome,
            _ = tick.tick() => {
                let Some(progress) = latest.lock().expect("not poisoned").take() else { continue };
                apply_progress(&mut run, progress);
                if let Err(e) = store.update_backup_progress(&run).await {
                    tracing::warn!(error = %e, "could not record backup progress");
                }
            }
        }
    };
    finish(&mut run, outcome);
    if let Err(e) = store.finish_backup_run(&run).await {
        tracing::error!(error = %e, run = %run.id, status = %run.status, "could not record how a backup ended");
    }
    run
}

fn apply_progress(run: &mut BackupRun, p: Progress) {
    run.phase = serde_json::to_value(p.phase)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    run.done_bytes = p.done_bytes as i64;
    run.total_bytes = p.total_bytes as i64;
    run.done_files = p.done_files as i64;
    run.total_files = p.total_files as i64;
}

fn finish(run: &mut BackupRun, outcome: hearth_backup::Result<Report>) {
    run.finished_at = now_millis();
    match outcome {
        Ok(report) => {
            let s = &report.summary;
            run.status = "succeeded".into();
            run.backup_id = s.id.clone();
            run.files = s.files as i64;
            run.files_bytes = s.files_bytes as i64;
            run.archive_bytes = s.archive_bytes as i64;
            run.sent_files = s.sent_files as i64;
            run.sent_bytes = s.sent_bytes as i64;
            if let Err(e) = report.pruned {
                run.error = format!("The backup is complete, but removing old backups failed: {e}");
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "backup failed");
            run.status = "failed".into();
            run.error = e.to_string();
        }
    }
}
