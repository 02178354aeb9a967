//! Putting a backup back onto an empty data directory and database (a new box, a new disk),
//! or, when told to, over existing ones.
//!
//! It goes in two steps so the caller can read the backup's own config between them:
//! [`fetch`] takes the lock, fetches and checks the archive; [`Fetched::apply`] writes config
//! and state, then every file (each checked against its checksum), then the database last.
//! An interrupted restore can be run again with `force`: files already in place are kept.

use std::path::{Component, Path, PathBuf};

use crate::archive::Archive;
use crate::crypto::{hex, parse_sha256};
use crate::lock::{self, Lock};
use crate::manifest::{FileEntry, Manifest};
use crate::progress::{Phase, Reporter, Tracker};
use crate::repository::Repository;
use crate::source::{Database, Source, state_dir};
use crate::transfer::receive;
use crate::{Error, Result, TargetSpec, layout, snapshot};
use futures_util::{StreamExt, TryStreamExt};

const PARALLEL_READS: usize = 4;

/// A backup whose archive has been fetched and checked, ready to be applied.
pub struct Fetched {
    repo: Repository,
    pub manifest: Manifest,
    archive: Archive,
    staging: PathBuf,
    _lock: Lock,
}

/// Fetches and checks backup `id`'s archive into `<data_dir>/backup/restore`.
pub async fn fetch(
    spec: &TargetSpec,
    passphrase: Option<&str>,
    id: &str,
    data_dir: &Path,
    report: &Reporter,
) -> Result<Fetched> {
    let state = state_dir(data_dir);
    let lock = lock::acquire(&state)?;
    let repo = Repository::open(spec, passphrase, false).await?;
    if repo.summary(id).await?.is_none() {
        return Err(crate::verify::no_such_backup(id, spec));
    }
    let manifest = repo.manifest(id).await?;
    let staging = state.join("restore");
    crate::local::make_private_dirs(&staging)
        .map_err(Error::io(format!("creating {}", staging.display())))?;
    let path = staging.join(layout::ARCHIVE);
    let tracker = Tracker::new(report, Phase::Restore, manifest.archive.size, 1);
    let mut file = private_file(&path).await?;
    let key = repo.backup_file_key(id, layout::ARCHIVE);
    let (size, sum) = receive(
        &repo.target,
        &repo.backup_file(id, layout::ARCHIVE),
        key.as_ref(),
        &mut file,
        Some(&tracker),
    )
    .await?;
    file.sync_all()
        .await
        .map_err(Error::io(format!("writing {}", path.display())))?;
    if size != manifest.archive.size || hex(&sum) != manifest.archive.sha256 {
        return Err(Error::Corrupt(format!(
            "the archive of backup {id} does not match its checksum; try an older backup \
             (`hearth backup verify {id}` lists what is damaged)"
        )));
    }
    tracker.file_done();
    Ok(Fetched {
        repo,
        manifest,
        archive: Archive::new(path),
        staging,
        _lock: lock,
    })
}

impl Fetched {
    /// The backup's `config.json`, to learn where its database and files belong.
    pub fn config(&self) -> Result<Option<Vec<u8>>> {
        self.archive.config()
    }

    /// What restoring onto `source` would overwrite; empty when nothing.
    pub async fn existing_data(&self, source: &Source) -> Result<Vec<String>> {
        let mut found = Vec::new();
        let occupied = |dir: &Path| {
            std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .any(|e| e.path() != state_dir(&source.data_dir))
                })
                .unwrap_or(false)
        };
        if occupied(&source.data_dir) {
            found.push(format!("the data directory {}", source.data_dir.display()));
        }
        if occupied(&source.files_dir) && !source.files_dir.starts_with(&source.data_dir) {
            found.push(format!("the files in {}", source.files_dir.display()));
        }
        if source.config_file.exists() && !source.config_file.starts_with(&source.data_dir) {
            found.push(format!("the config file {}", source.config_file.display()));
        }
        if !snapshot::is_empty(&source.database).await? {
            found.push(match &source.database {
                Database::Sqlite(path) => format!("the database {}", path.display()),
                Database::Postgres(_) => "the PostgreSQL database's tables".into(),
            });
        }
        Ok(found)
    }

    /// Restores onto `source`. Without `force`, refuses when anything is there already.
    pub async fn apply(&self, source: &Source, force: bool, report: &Reporter) -> Result<()> {
        let existing = self.existing_data(source).await?;
        if !existing.is_empty() && !force {
            return Err(Error::Refused(format!(
                "restoring would overwrite {}. Restore onto an empty data directory and \
                 database, or stop the server and pass --force to replace them",
                existing.join(", ")
            )));
        }
        if self.archive.database_kind()? != source.database.kind() {
            return Err(Error::Invalid(format!(
                "backup {} holds a {} database, but the restore is set up for {}; give the \
                 matching --database",
                self.manifest.id,
                self.archive.database_kind()?,
                source.database.kind()
            )));
        }
        let snapshot_path = self.staging.join("database");
        self.archive.unpack(source, &snapshot_path).await?;
        self.restore_files(source, report).await?;
        if let (true, Database::Postgres(url)) = (force, &source.database) {
            snapshot::clear_postgres(url).await?;
        }
        snapshot::put_back(&source.database, &snapshot_path).await?;
        let _ = tokio::fs::remove_dir_all(&self.staging).await;
        tracing::info!(backup = %self.manifest.id, files = self.manifest.files.len(), "restore complete");
        Ok(())
    }

    async fn restore_files(&self, source: &Source, report: &Reporter) -> Result<()> {
        let files = &self.manifest.files;
        let tracker = Tracker::new(
            report,
            Phase::Restore,
            files.iter().map(|f| f.size).sum(),
            files.len() as u64,
        );
        futures_util::stream::iter(files)
            .map(|file| self.restore_file(&source.files_dir, file, &tracker))
            .buffer_unordered(PARALLEL_READS)
            .try_collect::<()>()
            .await
    }

    async fn restore_file(
        &self,
        files_dir: &Path,
        file: &FileEntry,
        tracker: &Tracker,
    ) -> Result<()> {
        let plain = !file.path.is_empty()
            && Path::new(&file.path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        let sum = parse_sha256(&file.sha256)
            .filter(|_| plain)
            .ok_or_else(|| {
                Error::Corrupt(format!("the manifest has a bad entry {:?}", file.path))
            })?;
        let dest = files_dir.join(&file.path);
        if already_restored(&dest, file).await {
            tracker.add_bytes(file.size);
            tracker.file_done();
            return Ok(());
        }
        if let Some(parent) = dest.parent() {
            tokio::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .await
                .map_err(Error::io(format!("creating {}", parent.display())))?;
        }
        let mut staged = dest.as_os_str().to_owned();
        staged.push(layout::PART);
        let staged = PathBuf::from(staged);
        let mut out = private_file(&staged).await?;
        let remote = layout::blob(&self.repo.blob_name(&sum));
        let key = self.repo.blob_key(&sum);
        let (size, got) = receive(
            &self.repo.target,
            &remote,
            key.as_ref(),
            &mut out,
            Some(tracker),
        )
        .await?;
        out.sync_all()
            .await
            .map_err(Error::io(format!("writing {}", staged.display())))?;
        if size != file.size || got != sum {
            let _ = tokio::fs::remove_file(&staged).await;
            return Err(Error::Corrupt(format!(
                "{} does not match its checksum at the target; `hearth backup verify {}` lists what is damaged",
                file.path, self.manifest.id
            )));
        }
        tokio::fs::rename(&staged, &dest)
            .await
            .map_err(Error::io(format!("writing {}", dest.display())))?;
        tracker.file_done();
        Ok(())
    }
}

/// Whether `dest` already holds this file (from an interrupted restore run again).
async fn already_restored(dest: &Path, file: &FileEntry) -> bool {
    let size_matches = tokio::fs::metadata(dest)
        .await
        .is_ok_and(|m| m.len() == file.size);
    if !size_matches {
        return false;
    }
    let dest = dest.to_path_buf();
    let ignore = Tracker::new(&crate::progress::silent(), Phase::Restore, 0, 0);
    tokio::task::spawn_blocking(move || crate::scan::sha256_file(&dest, &ignore))
        .await
        .ok()
        .and_then(|r| r.ok())
        .is_some_and(|sum| sum == file.sha256)
}

async fn private_file(path: &Path) -> Result<tokio::fs::File> {
    tokio::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .await
        .map_err(Error::io(format!("creating {}", path.display())))
}
