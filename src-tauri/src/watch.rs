//! Watching over the server: a health check every so often, the tray showing the result, and a
//! desktop notification when something fails (server down, backup failed, array degraded or a
//! disk filling, certificate renewal failing).

use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager as _};
use tauri_plugin_notification::NotificationExt;

use crate::manager::Manager;
use crate::status::{Check, Health, Level};

/// Keeps the health no older than `every` for as long as the app runs. A check the status
/// window made meanwhile counts, so an open window does not double the work.
pub fn start(app: &AppHandle, every: Duration) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            if last_check_age(&app).is_none_or(|age| age >= every) {
                refresh(&app).await;
            }
            let age = last_check_age(&app).unwrap_or_default();
            tokio::time::sleep(every.saturating_sub(age)).await;
        }
    });
}

fn last_check_age(app: &AppHandle) -> Option<Duration> {
    let manager = app.state::<Manager>();
    let last = manager
        .health
        .lock()
        .expect("the health lock is not poisoned");
    last.as_ref().map(|(at, _)| at.elapsed())
}

/// Checks now and shows the result.
pub async fn refresh(app: &AppHandle) {
    let manager = app.state::<Manager>();
    match crate::status::check(&manager).await {
        Ok(health) => record(app, health),
        Err(e) => {
            tracing::warn!(error = %e, "the health check failed; is the hearth binary installed?")
        }
    }
}

/// Shows `health` in the tray and tells of what newly went wrong.
pub fn record(app: &AppHandle, health: Health) {
    let manager = app.state::<Manager>();
    let previous = manager
        .health
        .lock()
        .expect("the health lock is not poisoned")
        .replace((Instant::now(), health.clone()));
    crate::tray::show_health(app, &health);
    for (title, body) in notices(previous.as_ref().map(|(_, h)| h), &health) {
        notify(app, title, &body);
    }
}

pub fn notify(app: &AppHandle, title: &str, body: &str) {
    tracing::info!(title, body, "notification");
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        // No notification service (a bare X session): the tray and window still show it.
        tracing::debug!(error = %e, "the desktop did not take the notification");
    }
}

/// The notifications due when health goes from `before` to `now`: each check that is newly
/// alarming (or alarming for a new reason) once, not at every check.
pub fn notices(before: Option<&Health>, now: &Health) -> Vec<(&'static str, String)> {
    now.checks()
        .into_iter()
        .enumerate()
        .filter_map(|(i, (_, check))| {
            let title = alarm(check)?;
            let was = before.map(|b| b.checks()[i].1);
            let already_told = was.is_some_and(|was| {
                alarm(was).is_some() && was.code == check.code && was.message == check.message
            });
            (!already_told).then(|| (title, check.message.clone()))
        })
        .collect()
}

/// The notification title for a check worth interrupting the admin for.
fn alarm(check: &Check) -> Option<&'static str> {
    Some(match check.code.as_str() {
        "server_down" | "server_error" => "Hearth is down",
        "backup_failed" => "Backup failed",
        "storage_problem" => "Storage needs attention",
        "certificate_expiring" => "Certificate renewal failed",
        "certificate_expired" => "Certificate expired",
        _ if check.level == Level::Problem => "Hearth needs attention",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> Health {
        let ok = Check::ok("fine");
        Health::new(ok.clone(), ok.clone(), ok.clone(), ok, Some(3))
    }

    #[test]
    fn nothing_is_told_while_all_is_well_or_only_warned() {
        let mut now = healthy();
        assert!(notices(None, &now).is_empty());
        now.backup = Check::new(Level::Warning, "backups_off", "nightly backups are off");
        assert!(notices(Some(&healthy()), &now).is_empty());
    }

    #[test]
    fn each_failure_is_told_once() {
        let mut now = healthy();
        now.server = Check::new(Level::Problem, "server_down", "nothing answers");
        now.backup = Check::new(
            Level::Warning,
            "backup_failed",
            "the last backup failed: disk full",
        );
        let told = notices(Some(&healthy()), &now);
        assert_eq!(
            told,
            vec![
                ("Hearth is down", "nothing answers".to_string()),
                (
                    "Backup failed",
                    "the last backup failed: disk full".to_string()
                ),
            ]
        );
        assert!(
            notices(Some(&now), &now).is_empty(),
            "not again at the next check"
        );
        let mut next = now.clone();
        next.backup.message = "the last backup failed: cannot connect".into();
        assert_eq!(notices(Some(&now), &next).len(), 1, "a new failure is told");
    }

    #[test]
    fn a_degraded_array_and_an_unrenewed_certificate_are_told_at_start() {
        let mut now = healthy();
        now.storage = Check::new(Level::Problem, "storage_problem", "md0 (raid1) is degraded");
        now.certificate = Check::new(Level::Warning, "certificate_expiring", "expires in 5 days");
        let titles: Vec<_> = notices(None, &now).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            titles,
            ["Certificate renewal failed", "Storage needs attention"]
        );
    }
}
