//! Checking for updates and installing them with self_update, from Hearth's release feed: a
//! static `manifest.json` (self_update's manifest backend) listing each release's version, date,
//! notes URL and one archive per platform holding both `hearth` and `hearth-manager`. The admin
//! sees the new version's notes and confirms; both binaries are replaced and the server restarts.

use std::path::{Path, PathBuf};

use self_update::update::ReleaseUpdate;
use serde::Serialize;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::manager::{Manager, blocking};
use crate::service::{Action, control};

/// Release notes longer than this are cut (they are read in a dialog).
const NOTES_LIMIT: usize = 16 * 1024;
const CURRENT: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Serialize)]
pub struct UpdateCheck {
    current: &'static str,
    latest: Option<NewRelease>,
}

#[derive(Debug, Serialize)]
pub struct NewRelease {
    version: String,
    date: Option<String>,
    notes: String,
}

#[tauri::command]
pub async fn check_update(manager: State<'_, Manager>) -> CommandResult<UpdateCheck> {
    newest(feed(&manager)?).await
}

#[tauri::command]
pub async fn install_update(manager: State<'_, Manager>) -> CommandResult<String> {
    let feed = feed(&manager)?;
    let manager_exe = std::env::current_exe().map_err(|e| {
        CommandError::new(format!("cannot tell where the Manager is installed: {e}"))
    })?;
    let binaries = vec![
        ("hearth".to_owned(), manager.hearth.clone()),
        ("hearth-manager".to_owned(), manager_exe),
    ];
    let version = install(feed, binaries).await?;
    let restarted = match control(&manager, Action::Restart).await {
        Ok(_) => "the server was restarted".to_owned(),
        Err(e) => format!("restart the server yourself ({e})"),
    };
    Ok(format!(
        "Updated to Hearth {version}; {restarted}. Reopen Hearth Manager to use its new version."
    ))
}

/// Whether the tray asked for a check the status window has not made yet (taking the request).
#[tauri::command]
pub fn take_update_request(manager: State<'_, Manager>) -> bool {
    manager
        .update_requested
        .swap(false, std::sync::atomic::Ordering::SeqCst)
}

fn feed(manager: &Manager) -> CommandResult<String> {
    manager.update_feed.clone().ok_or_else(|| CommandError {
        fix: Some("start the Manager with --update-feed URL (or HEARTH_UPDATE_FEED)".into()),
        ..CommandError::new(
            "no release feed is configured: start the Manager with --update-feed URL (or HEARTH_UPDATE_FEED)",
        )
    })
}

fn updater(feed: &str, bin: &str, install_path: &Path) -> CommandResult<Box<dyn ReleaseUpdate>> {
    self_update::backends::manifest::Update::configure()
        .manifest_url(feed)
        .bin_name(bin)
        .bin_install_path(install_path)
        .current_version(CURRENT)
        .verify_release_digest(true)
        .no_confirm(true)
        .show_output(false)
        .show_download_progress(false)
        .build()
        .map(|u| Box::new(u) as Box<dyn ReleaseUpdate>)
        .map_err(|e| CommandError::new(format!("the release feed {feed} cannot be used: {e}")))
}

/// The newest release strictly newer than this one, with its notes.
pub async fn newest(feed: String) -> CommandResult<UpdateCheck> {
    let source = feed.clone();
    let release = blocking(move || {
        let releases = updater(&source, "hearth-manager", Path::new("hearth-manager"))?
            .get_newer_releases()
            .map_err(|e| {
                CommandError::new(format!("cannot read the release feed {source}: {e}"))
            })?;
        Ok::<_, CommandError>(releases.latest().cloned())
    })
    .await??;
    let Some(release) = release else {
        return Ok(UpdateCheck {
            current: CURRENT,
            latest: None,
        });
    };
    let notes = match (release.body(), release.release_notes_url()) {
        (Some(body), _) => body.to_owned(),
        (None, Some(url)) => fetch_notes(url).await,
        (None, None) => String::new(),
    };
    Ok(UpdateCheck {
        current: CURRENT,
        latest: Some(NewRelease {
            version: release.version().to_owned(),
            date: Some(release.date().to_owned()).filter(|d| !d.is_empty()),
            notes,
        }),
    })
}

/// The release notes as text, cut to `NOTES_LIMIT`; a sentence saying where they are when they
/// cannot be read.
async fn fetch_notes(url: &str) -> String {
    let unread = || format!("The release notes are at {url}.");
    let Ok(response) = reqwest::get(url).await.and_then(|r| r.error_for_status()) else {
        return unread();
    };
    let mut response = response;
    let mut notes = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        notes.extend_from_slice(&chunk);
        if notes.len() >= NOTES_LIMIT {
            notes.truncate(NOTES_LIMIT);
            break;
        }
    }
    String::from_utf8_lossy(&notes).into_owned()
}

/// Replaces each `(binary name in the archive, installed path)` with the newest release's;
/// returns its version.
pub async fn install(feed: String, binaries: Vec<(String, PathBuf)>) -> CommandResult<String> {
    blocking(move || {
        let mut version = String::new();
        for (bin, path) in binaries {
            let status = updater(&feed, &bin, &path)?.update().map_err(|e| {
                CommandError::new(format!("updating {} failed: {e}", path.display()))
            })?;
            version = status.version().to_owned();
        }
        Ok(version)
    })
    .await?
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use axum::Router;
    use axum::routing::get;
    use sha2::{Digest, Sha256};

    use super::*;

    /// A release archive holding both binaries as scripts that say which version they are.
    fn archive(dir: &Path, version: &str) -> Vec<u8> {
        let content = dir.join("content");
        std::fs::create_dir_all(&content).unwrap();
        for bin in ["hearth", "hearth-manager"] {
            let path = content.join(bin);
            std::fs::write(&path, format!("#!/bin/sh\necho {bin} {version}\n")).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let tarball = dir.join("release.tar.gz");
        let status = std::process::Command::new("tar")
            .arg("czf")
            .arg(&tarball)
            .arg("-C")
            .arg(&content)
            .args(["hearth", "hearth-manager"])
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(tarball).unwrap()
    }

    /// Serves a release feed on loopback (the manifest made from its base URL, the notes and the
    /// archive); returns the manifest's URL.
    async fn feed(
        manifest: impl FnOnce(&str) -> serde_json::Value,
        notes: &'static str,
        archive: Vec<u8>,
    ) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/feed", listener.local_addr().unwrap());
        let manifest = manifest(&base).to_string();
        let router = Router::new()
            .route("/feed/manifest.json", get(move || async move { manifest }))
            .route("/feed/notes.txt", get(move || async move { notes }))
            .route("/feed/release.tar.gz", get(move || async move { archive }));
        tokio::spawn(async move { axum::serve(listener, router).await });
        format!("{base}/manifest.json")
    }

    /// A feed with 0.0.1 and 99.1.0, whose archive has `digest`.
    fn manifest(base: &str, digest: &str) -> serde_json::Value {
        let name = format!("hearth-99.1.0-{}.tar.gz", self_update::get_target());
        serde_json::json!({"schema": 1, "releases": [
            {"version": "99.1.0", "date": "2026-11-20", "notes_url": format!("{base}/notes.txt"),
             "assets": [{"name": name, "url": "release.tar.gz", "digest": format!("sha256:{digest}")}]},
            {"version": "0.0.1", "assets": []}
        ]})
    }

    #[tokio::test]
    async fn a_newer_release_is_shown_with_its_notes_and_replaces_both_binaries() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = archive(dir.path(), "99.1.0");
        let digest = format!("{:x}", Sha256::digest(&bytes));
        let url = feed(|base| manifest(base, &digest), "Faster uploads.", bytes).await;

        let check = newest(url.clone()).await.unwrap();
        let latest = check.latest.expect("99.1.0 is newer");
        assert_eq!(latest.version, "99.1.0");
        assert_eq!(latest.date.as_deref(), Some("2026-11-20"));
        assert_eq!(latest.notes, "Faster uploads.");

        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        for name in ["hearth", "hearth-manager"] {
            std::fs::write(bin.join(name), "old").unwrap();
        }
        let binaries = ["hearth", "hearth-manager"]
            .map(|n| (n.to_owned(), bin.join(n)))
            .to_vec();
        assert_eq!(install(url, binaries).await.unwrap(), "99.1.0");
        for name in ["hearth", "hearth-manager"] {
            let installed = std::fs::read_to_string(bin.join(name)).unwrap();
            assert_eq!(installed, format!("#!/bin/sh\necho {name} 99.1.0\n"));
        }
    }

    #[tokio::test]
    async fn an_up_to_date_feed_offers_nothing_and_a_bad_digest_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let only_old = |_: &str| serde_json::json!({"schema": 1, "releases": [{"version": "0.0.1", "assets": []}]});
        let url = feed(only_old, "", Vec::new()).await;
        assert!(newest(url).await.unwrap().latest.is_none());

        let bytes = archive(dir.path(), "99.1.0");
        let url = feed(|base| manifest(base, &"0".repeat(64)), "", bytes).await;
        let hearth = dir.path().join("hearth");
        std::fs::write(&hearth, "old").unwrap();
        let error = install(url, vec![("hearth".into(), hearth.clone())])
            .await
            .unwrap_err();
        assert!(error.message.contains("updating"), "{error}");
        assert_eq!(std::fs::read_to_string(&hearth).unwrap(), "old");
    }
}
