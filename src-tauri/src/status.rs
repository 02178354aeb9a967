//! The server's health as `hearth status --json` reports it (server, certificate, storage, last
//! backup, people online), the status window's command, and "Back up now".

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager as _, State};

use crate::error::{CommandError, CommandResult};
use crate::manager::Manager;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Warning,
    Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub level: Level,
    /// What was found (`server_down`, `backup_failed`, ...; see `hearth status --json`).
    pub code: String,
    pub message: String,
}

/// `hearth status --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub overall: Level,
    pub server: Check,
    pub certificate: Check,
    pub storage: Check,
    pub backup: Check,
    pub people_online: Option<usize>,
}

impl Health {
    /// The checks by name, in the order they are shown.
    pub fn checks(&self) -> [(&'static str, &Check); 4] {
        [
            ("server", &self.server),
            ("certificate", &self.certificate),
            ("storage", &self.storage),
            ("backup", &self.backup),
        ]
    }
}

#[derive(Serialize)]
pub struct StatusReport {
    #[serde(flatten)]
    health: Health,
    log: Vec<String>,
    version: &'static str,
    address: String,
}

/// Asks `hearth status` (exit 0, 1 or 2 all carry the report).
pub async fn check(manager: &Manager) -> CommandResult<Health> {
    let output = manager.run_hearth(&["status", "--json"]).await?;
    serde_json::from_slice(&output.stdout).map_err(|_| {
        CommandError::new(format!(
            "hearth status failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    })
}

#[tauri::command]
pub async fn status(app: AppHandle, manager: State<'_, Manager>) -> CommandResult<StatusReport> {
    let health = check(&manager).await?;
    crate::watch::record(&app, health.clone());
    Ok(StatusReport {
        log: crate::service::recent_log(&manager).await,
        version: env!("CARGO_PKG_VERSION"),
        address: manager.site_url().unwrap_or_default(),
        health,
    })
}

/// Starts `hearth backup run` and returns at once; its result comes as a notification.
#[tauri::command]
pub async fn back_up_now(app: AppHandle) -> CommandResult<String> {
    let manager = app.state::<Manager>();
    manager.data_dir()?;
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let manager = handle.state::<Manager>();
        let result = manager.run_hearth(&["backup", "run"]).await;
        let (title, body) = match result {
            Ok(output) if output.status.success() => (
                "Backup finished",
                String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .last()
                    .unwrap_or("done")
                    .to_owned(),
            ),
            Ok(output) => (
                "Backup failed",
                String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            ),
            Err(e) => ("Backup failed", e.message),
        };
        crate::watch::notify(&handle, title, &body);
        crate::watch::refresh(&handle).await;
    });
    Ok("The backup has started; you will be told when it ends.".into())
}
