//! The server's health as `hearth status --json` reports it (server, certificate, storage, last
//! backup, people online; the installer crate's `health_report`), the status window's command,
//! and "Back up now".

pub use hearth_installer::health_report::{Check, Health, Level};
use serde::Serialize;
use tauri::{AppHandle, Manager as _, State};

use crate::error::{CommandError, CommandResult};
use crate::manager::Manager;

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
        address: manager.installed_box().await?.site_url.unwrap_or_default(),
        health,
    })
}

/// Starts `hearth backup run` and returns at once; its result comes as a notification.
#[tauri::command]
pub async fn back_up_now(app: AppHandle) -> CommandResult<String> {
    let manager = app.state::<Manager>();
    manager.installed_box().await?;
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
