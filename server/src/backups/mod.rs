//! Backups in the server: the configured backup as a [`Plan`] for the `hearth_backup` crate,
//! recorded runs ([`runs`]), and the `hearth backup` commands ([`cli`]). The nightly job and the
//! admin API are in `app::backups`.

pub mod cli;
pub mod runs;

use std::path::{Path, PathBuf};

use hearth_backup::retention::Retention;
use hearth_backup::run::Plan;
use hearth_backup::{Database, Source, TargetSpec};

use crate::config::{BackupSettings, Config, default_sqlite_path};

/// The environment variable that gives the passphrase instead of the config (for restoring on
/// a new box, or keeping it out of `config.json`).
pub const PASSPHRASE_ENV: &str = "HEARTH_BACKUP_PASSPHRASE";

/// What the server keeps, where.
pub fn source(config: &Config, data_dir: &Path, config_file: &Path) -> Source {
    let sql = &config.sql_settings;
    let database = if sql.driver_name == "postgres" {
        Database::Postgres(sql.data_source.clone())
    } else if sql.data_source.is_empty() {
        Database::Sqlite(default_sqlite_path(data_dir))
    } else {
        Database::Sqlite(sql.data_source.clone().into())
    };
    let files_dir = if config.file_settings.directory.is_empty() {
        data_dir.join("files")
    } else {
        config.file_settings.directory.clone().into()
    };
    Source {
        data_dir: data_dir.to_path_buf(),
        config_file: config_file.to_path_buf(),
        database,
        files_dir,
    }
}

/// The SSH key backups log in with.
pub fn key_file(settings: &BackupSettings, data_dir: &Path) -> PathBuf {
    if settings.ssh_key_file.is_empty() {
        hearth_backup::source::state_dir(data_dir).join("id_ed25519")
    } else {
        settings.ssh_key_file.clone().into()
    }
}

/// Parses a target (the configured one, or one given on the command line).
pub fn target_spec(
    target: &str,
    settings: &BackupSettings,
    data_dir: &Path,
) -> hearth_backup::Result<TargetSpec> {
    if target.trim().is_empty() {
        return Err(hearth_backup::Error::Invalid(
            "no backup target: set BackupSettings.Target (a directory, or \
             sftp://user@host/path), or give --target"
                .into(),
        ));
    }
    TargetSpec::parse(
        target,
        key_file(settings, data_dir),
        hearth_backup::source::state_dir(data_dir).join("known_hosts"),
    )
}

/// The passphrase: `HEARTH_BACKUP_PASSPHRASE`, else `BackupSettings.EncryptionPassphrase`.
pub fn passphrase(settings: &BackupSettings) -> Option<String> {
    std::env::var(PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty())
        .or_else(|| Some(settings.encryption_passphrase.0.clone()).filter(|p| !p.is_empty()))
}

/// The configured backup.
pub fn plan(config: &Config, data_dir: &Path, config_file: &Path) -> hearth_backup::Result<Plan> {
    let settings = &config.backup_settings;
    Ok(Plan {
        source: source(config, data_dir, config_file),
        target: target_spec(&settings.target, settings, data_dir)?,
        passphrase: passphrase(settings),
        retention: Retention {
            daily: settings.keep_daily,
            weekly: settings.keep_weekly,
            monthly: settings.keep_monthly,
        },
        hearth_version: env!("CARGO_PKG_VERSION").into(),
    })
}
