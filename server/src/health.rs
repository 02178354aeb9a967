//! The appliance's health at a glance, for `hearth status` and Hearth Manager's tray: is the
//! server answering, is its certificate valid and not near expiry, are the arrays under the data
//! clean with room left, and is the last backup recent. Each check has a level and a sentence
//! that says what to do.

use std::path::Path;
use std::time::Duration;

pub use hearth_installer::health_report::{Check, Health, Level};

use crate::config::{Config, bind_address};

/// A certificate this close to expiry is a warning (renewal starts well before).
const CERTIFICATE_WARNING_DAYS: i64 = 14;
/// A last successful backup older than this is a warning.
const BACKUP_STALE_HOURS: i64 = 26;

/// The server's own address for a ping: the listen address, on loopback when it listens on all.
pub fn local_url(config: &Config) -> String {
    let scheme = if config.service_settings.connection_security == "TLS" {
        "https"
    } else {
        "http"
    };
    let addr = bind_address(&config.service_settings.listen_address)
        .replace("0.0.0.0:", "127.0.0.1:")
        .replace("[::]:", "127.0.0.1:");
    format!("{scheme}://{addr}")
}

/// Looks at everything; `url` is the server to ask.
pub async fn gather(config: &Config, data_dir: &Path, url: &str) -> Health {
    let server = server_check(url).await;
    let certificate = certificate_check(config, data_dir);
    let storage = storage_check(config, data_dir).await;
    let store = crate::server::open_store(config, data_dir).await;
    let backup = backup_check(config, store.as_ref()).await;
    let people_online = match &store {
        Ok(store) => store.active_statuses(None).await.ok().map(|s| s.len()),
        Err(_) => None,
    };
    Health::new(server, certificate, storage, backup, people_online)
}

async fn server_check(url: &str) -> Check {
    // A liveness ping to this box's own server, which may serve the local CA's certificate: it
    // carries nothing secret, so the certificate is not checked here (its validity is below).
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .danger_accept_invalid_certs(true)
        .build()
        .expect("the HTTP client builds");
    match client.get(format!("{url}/api/v4/system/ping")).send().await {
        Ok(r) if r.status().is_success() => Check::ok(format!("answering at {url}")),
        Ok(r) => Check::new(
            Level::Problem,
            "server_error",
            format!(
                "{url} answers {} to a ping; see the server's log",
                r.status()
            ),
        ),
        Err(_) => Check::new(
            Level::Problem,
            "server_down",
            format!("nothing answers at {url}; start it (systemctl start hearth) and see its log"),
        ),
    }
}

fn certificate_check(config: &Config, data_dir: &Path) -> Check {
    let mode = match crate::edge::tls_mode(&config.service_settings) {
        Ok(mode) => mode,
        Err(e) => return Check::new(Level::Problem, "config_invalid", e.to_string()),
    };
    if matches!(mode, crate::edge::TlsMode::Off) {
        return Check::ok("plain HTTP: no certificate");
    }
    let Some((path, not_after)) = crate::edge::served_certificate(&mode, data_dir) else {
        return Check::new(
            Level::Warning,
            "certificate_missing",
            "no certificate yet: the server makes or fetches it when it starts",
        );
    };
    let days = (not_after - time::OffsetDateTime::now_utc()).whole_days();
    let until = not_after.date();
    if days < 0 {
        Check::new(
            Level::Problem,
            "certificate_expired",
            format!(
                "{} expired on {until}; see the server's log for why renewal failed",
                path.display()
            ),
        )
    } else if days < CERTIFICATE_WARNING_DAYS {
        Check::new(
            Level::Warning,
            "certificate_expiring",
            format!(
                "the certificate expires in {days} days ({until}) and has not been renewed; see the server's log"
            ),
        )
    } else {
        Check::ok(format!(
            "the certificate is valid until {until} ({days} days)"
        ))
    }
}

async fn storage_check(config: &Config, data_dir: &Path) -> Check {
    let mut paths = vec![data_dir.to_path_buf()];
    if !config.file_settings.directory.is_empty() {
        paths.push(config.file_settings.directory.clone().into());
    }
    let report = tokio::task::spawn_blocking(move || {
        crate::app::storage_health::check(&crate::app::storage_health::probe_root(), &paths)
    })
    .await
    .expect("the storage check does not panic");
    if !report.problems.is_empty() {
        return Check::new(Level::Problem, "storage_problem", report.problems.join(" "));
    }
    let place = report.paths.first().map(|s| match &s.redundancy {
        hearth_installer::probe::Redundancy::Redundant { what } => format!("on {what}"),
        hearth_installer::probe::Redundancy::None => "on a single disk".into(),
        _ => "on storage of unknown redundancy".into(),
    });
    Check::ok(format!("the data is {}", place.unwrap_or_default()))
}

async fn backup_check(
    config: &Config,
    store: Result<&crate::store::Store, &crate::server::StartError>,
) -> Check {
    if !config.backup_settings.enable {
        return Check::new(
            Level::Warning,
            "backups_off",
            "nightly backups are off: set BackupSettings (or use Hearth Manager)",
        );
    }
    let store = match store {
        Ok(store) => store,
        Err(e) => {
            return Check::new(
                Level::Problem,
                "backup_history_unreadable",
                format!("cannot read the backup history: {e}"),
            );
        }
    };
    let newest = store
        .backup_runs(1, 0)
        .await
        .ok()
        .and_then(|runs| runs.into_iter().next());
    let last = store.last_successful_backup().await.ok().flatten();
    let now = crate::model::now_millis();
    match (newest, last) {
        (Some(newest), _) if newest.status == "failed" => Check::new(
            Level::Warning,
            "backup_failed",
            format!("the last backup failed: {}", newest.error),
        ),
        (_, Some(last)) if now - last.started_at > BACKUP_STALE_HOURS * 3600 * 1000 => Check::new(
            Level::Warning,
            "backup_stale",
            format!(
                "the last successful backup is {} hours old; run `hearth backup run` to see why",
                (now - last.started_at) / 3_600_000
            ),
        ),
        (_, Some(last)) => Check::ok(format!(
            "the last backup ({}) succeeded {} minutes ago",
            last.backup_id,
            (now - last.started_at) / 60_000
        )),
        (_, None) => Check::new(Level::Warning, "no_backup", "no backup has succeeded yet"),
    }
}
