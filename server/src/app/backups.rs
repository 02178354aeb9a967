//! Backups as the running server sees them: the nightly job (on time, or catching up after the
//! box was off, telling system admins about misses and failures), "back up now", and the
//! status the admin console and Hearth Manager read. The work is `crate::backups`.

use std::sync::Weak;
use std::time::Duration;

use hearth_backup::schedule::{self, Due};
use serde::Serialize;

use super::{App, Caller, Error, Result};
use crate::backups::runs;
use crate::model::{BackupRun, new_id, now_millis};

/// How often the nightly job looks at the clock.
const CHECK_INTERVAL: Duration = Duration::from_secs(10);

/// `GET /hearth/backups`: the settings that matter to an admin, and the runs newest first.
#[derive(Debug, Serialize)]
pub struct BackupStatus {
    pub enabled: bool,
    /// Where backups go, without secrets; empty when not set.
    pub target: String,
    /// `HH:MM`, local time.
    pub time: String,
    pub time_zone: String,
    pub encrypted: bool,
    /// When the next nightly backup is due (ms), 0 when backups are off.
    pub next_run_at: i64,
    /// When the newest successful backup started (ms), 0 if none.
    pub last_success_at: i64,
    pub running: bool,
    pub runs: Vec<BackupRun>,
}

impl App {
    pub async fn backup_status(
        &self,
        caller: &Caller,
        page: i64,
        per_page: i64,
    ) -> Result<BackupStatus> {
        caller.require_system_admin()?;
        let config = self.config();
        let settings = &config.backup_settings;
        let zone = jiff::tz::TimeZone::system();
        let next_run_at = match (settings.enable, schedule::parse_time(&settings.time)) {
            (true, Ok(at)) => {
                schedule::next_due(at, &jiff::Zoned::now().with_time_zone(zone.clone()))
                    .timestamp()
                    .as_millisecond()
            }
            _ => 0,
        };
        let target = crate::backups::target_spec(&settings.target, settings, &self.data_dir)
            .map(|spec| spec.to_string())
            .unwrap_or_default();
        let last_success_at = self
            .store
            .last_successful_backup()
            .await?
            .map_or(0, |run| run.started_at);
        let runs = self.store.backup_runs(per_page, page * per_page).await?;
        Ok(BackupStatus {
            enabled: settings.enable,
            target,
            time: settings.time.clone(),
            time_zone: zone.iana_name().unwrap_or("UTC").to_string(),
            encrypted: crate::backups::passphrase(settings).is_some(),
            next_run_at,
            last_success_at,
            running: self.backup_running().await,
            runs,
        })
    }

    pub async fn backup_run(&self, caller: &Caller, run_id: &str) -> Result<BackupRun> {
        caller.require_system_admin()?;
        self.store
            .backup_run(run_id)
            .await?
            .ok_or_else(|| Error::not_found("backup run"))
    }

    /// `POST /hearth/backups`: starts a backup now; answers at once with its `running` record.
    pub async fn start_backup(&self, caller: &Caller) -> Result<BackupRun> {
        caller.require_system_admin()?;
        let plan = self.backup_plan().map_err(|e| {
            Error::bad_request("api.hearth.backups.not_configured.app_error", e.to_string())
        })?;
        let started = match runs::begin(&self.store, "manual", &plan).await {
            Ok(started) => started,
            Err(hearth_backup::Error::Refused(_)) => {
                return Err(Error::bad_request(
                    "api.hearth.backups.running.app_error",
                    "A backup is running already; wait for it to finish.",
                ));
            }
            Err(e) => return Err(Error::internal("starting a backup", e)),
        };
        let run = started.run.clone();
        tracing::info!(run = %run.id, by = %caller.user.id, "backup started by an admin");
        let Some(app) = self.this.upgrade() else {
            return Err(Error::internal(
                "starting a backup",
                "the server is stopping",
            ));
        };
        tokio::spawn(async move { app.run_backup(started, plan).await });
        Ok(run)
    }

    fn backup_plan(&self) -> hearth_backup::Result<hearth_backup::run::Plan> {
        crate::backups::plan(&self.config(), &self.data_dir, self.config.file())
    }

    /// Whether a backup or restore holds the lock now (asked on the blocking pool: it opens
    /// a file).
    async fn backup_running(&self) -> bool {
        let state_dir = hearth_backup::source::state_dir(&self.data_dir);
        tokio::task::spawn_blocking(move || hearth_backup::lock::is_held(&state_dir))
            .await
            .unwrap_or(false)
    }

    async fn run_backup(&self, started: runs::Started, plan: hearth_backup::run::Plan) {
        let run = runs::execute(
            &self.store,
            started,
            &plan,
            hearth_backup::progress::silent(),
        )
        .await;
        if run.status == "failed" {
            self.tell_system_admins(&format!(
                "**The backup failed.** {}\n\nHearth tries again at the next scheduled time. \
                 Check the target with `hearth backup check` on the server, or see \
                 Admin console > Backups.",
                run.error
            ))
            .await;
        }
    }

    /// One look at the clock: runs the nightly backup when due.
    async fn nightly_check(&self) -> Result<()> {
        let config = self.config();
        let settings = &config.backup_settings;
        if !settings.enable {
            return Ok(());
        }
        let Ok(at) = schedule::parse_time(&settings.time) else {
            return Ok(());
        };
        let last = self
            .store
            .last_backup_attempt()
            .await?
            .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok());
        let now = jiff::Zoned::now();
        let reason = match schedule::due(at, &now, last) {
            Due::No => return Ok(()),
            Due::OnTime => "scheduled",
            Due::Missed { due } => {
                self.record_missed(due, &settings.time).await?;
                "catch_up"
            }
        };
        let plan = match self.backup_plan() {
            Ok(plan) => plan,
            Err(e) => {
                let run = BackupRun {
                    id: new_id(),
                    reason: reason.into(),
                    status: "failed".into(),
                    started_at: now_millis(),
                    finished_at: now_millis(),
                    error: e.to_string(),
                    ..BackupRun::default()
                };
                self.store.insert_backup_run(&run).await?;
                self.tell_system_admins(&format!("**The nightly backup could not start.** {e}"))
                    .await;
                return Ok(());
            }
        };
        match runs::begin(&self.store, reason, &plan).await {
            Ok(started) => self.run_backup(started, plan).await,
            // A backup from the command line is running: it is tonight's.
            Err(hearth_backup::Error::Refused(_)) => {}
            Err(e) => tracing::error!(error = %e, "the nightly backup could not start"),
        }
        Ok(())
    }

    /// Runs recorded as `running` while nobody holds the backup lock belong to a process that
    /// stopped (a crash, a killed command): they are marked failed.
    async fn fail_interrupted_runs(&self) -> Result<()> {
        if self.backup_running().await {
            return Ok(());
        }
        let interrupted = "The backup was interrupted (the server or command stopped). \
                           The next run sends only what is missing.";
        let n = self
            .store
            .fail_unfinished_backup_runs(now_millis(), interrupted)
            .await?;
        if n > 0 {
            tracing::warn!(
                runs = n,
                "backups left unfinished by a stopped process are marked failed"
            );
        }
        Ok(())
    }

    async fn record_missed(&self, due: jiff::Timestamp, time: &str) -> Result<()> {
        let message = format!(
            "The backup due at {time} did not run: the server was not running then. \
             It is running now instead."
        );
        let missed = BackupRun {
            id: new_id(),
            reason: "missed".into(),
            status: "missed".into(),
            started_at: due.as_millisecond(),
            finished_at: now_millis(),
            error: message.clone(),
            ..BackupRun::default()
        };
        self.store.insert_backup_run(&missed).await?;
        tracing::warn!(%due, "the nightly backup was missed; catching up now");
        self.tell_system_admins(&format!("**A nightly backup was missed.** {message}"))
            .await;
        Ok(())
    }
}

/// The nightly job: every few seconds, for as long as the server runs, marks runs whose
/// process died as failed and starts the nightly backup when it is due.
pub async fn nightly(app: Weak<App>) {
    let mut tick = tokio::time::interval(CHECK_INTERVAL);
    loop {
        tick.tick().await;
        let Some(app) = app.upgrade() else { return };
        if let Err(e) = app.fail_interrupted_runs().await {
            tracing::warn!(error = %e, detail = %e.detail, "could not mark interrupted backups");
        }
        if let Err(e) = app.nightly_check().await {
            tracing::warn!(error = %e, detail = %e.detail, "the nightly backup check failed; it is tried again shortly");
        }
    }
}
