//! A target together with its key: the header that says whether its backups are sealed, the
//! small records (manifests, summaries), and listings of backups and blobs.

use std::collections::HashMap;

use crate::crypto::{self, FileKey, Sealer};
use crate::layout;
use crate::manifest::{FORMAT, Header, Manifest, Summary};
use crate::target::{Target, TargetSpec};
use crate::{Error, Result};

pub struct Repository {
    pub target: Target,
    sealer: Option<Sealer>,
}

impl Repository {
    /// Opens the backups at `spec`. With `create`, a target without backups gets a header,
    /// sealed when a passphrase is given; otherwise a target without backups is an error.
    pub async fn open(
        spec: &TargetSpec,
        passphrase: Option<&str>,
        create: bool,
    ) -> Result<Repository> {
        let target = Target::open(spec).await?;
        let passphrase = passphrase.filter(|p| !p.is_empty()).map(str::to_owned);
        let header = match target.read(layout::HEADER).await? {
            Some(bytes) => Some(serde_json::from_slice::<Header>(&bytes).map_err(|e| {
                Error::Corrupt(format!("{} at {spec} is not readable: {e}", layout::HEADER))
            })?),
            None => None,
        };
        let sealer = match (header, passphrase) {
            (None, _) if !create => {
                return Err(Error::Invalid(format!(
                    "there are no Hearth backups at {spec}"
                )));
            }
            (None, passphrase) => {
                let (sealer, encryption) = match passphrase {
                    Some(p) => {
                        let (sealer, derivation) = blocking(move || Sealer::create(&p)).await?;
                        (Some(sealer), Some(derivation))
                    }
                    None => (None, None),
                };
                let header = Header {
                    format: FORMAT,
                    encryption,
                };
                let bytes = serde_json::to_vec_pretty(&header).expect("the header serializes");
                target.write_whole(layout::HEADER, &bytes).await?;
                sealer
            }
            (Some(header), _) if header.format > FORMAT => {
                return Err(Error::Invalid(format!(
                    "the backups at {spec} are in format {}, newer than this Hearth reads; update Hearth",
                    header.format
                )));
            }
            (
                Some(Header {
                    encryption: Some(derivation),
                    ..
                }),
                Some(p),
            ) => Some(blocking(move || Sealer::open(&p, &derivation)).await?),
            (
                Some(Header {
                    encryption: Some(_),
                    ..
                }),
                None,
            ) => {
                return Err(Error::Invalid(format!(
                    "the backups at {spec} are encrypted; give their passphrase \
                     (BackupSettings.EncryptionPassphrase, or HEARTH_BACKUP_PASSPHRASE)"
                )));
            }
            (
                Some(Header {
                    encryption: None, ..
                }),
                Some(_),
            ) if create => {
                return Err(Error::Invalid(format!(
                    "the backups at {spec} are not encrypted; encrypted backups need a new, \
                     empty target (or remove the passphrase)"
                )));
            }
            (Some(_), _) => None,
        };
        Ok(Repository { target, sealer })
    }

    pub fn encrypted(&self) -> bool {
        self.sealer.is_some()
    }

    /// The stored name of the blob with this content checksum.
    pub fn blob_name(&self, sha256: &[u8; 32]) -> String {
        match &self.sealer {
            Some(sealer) => sealer.blob_name(sha256),
            None => crypto::hex(sha256),
        }
    }

    /// The key a blob is sealed with, when the target seals.
    pub fn blob_key(&self, sha256: &[u8; 32]) -> Option<FileKey> {
        self.sealer.as_ref().map(|s| s.file_key(sha256))
    }

    /// The key one of a backup's own files is sealed with, when the target seals.
    pub fn backup_file_key(&self, id: &str, file: &str) -> Option<FileKey> {
        self.sealer
            .as_ref()
            .map(|s| s.file_key(format!("{id}/{file}").as_bytes()))
    }

    /// The path of one of a backup's own files (sealed ones carry `.sealed`).
    pub fn backup_file(&self, id: &str, file: &str) -> String {
        layout::in_backup(id, &layout::stored_name(file, self.encrypted()))
    }

    /// Writes a small record of backup `id`, sealed when the target seals.
    pub async fn put_record(&self, id: &str, file: &str, bytes: &[u8]) -> Result<()> {
        let stored = match self.backup_file_key(id, file) {
            Some(key) => crypto::seal_all(&key, bytes),
            None => bytes.to_vec(),
        };
        self.target
            .write_whole(&self.backup_file(id, file), &stored)
            .await
    }

    /// Reads a small record of backup `id`, `None` if absent.
    pub async fn get_record(&self, id: &str, file: &str) -> Result<Option<Vec<u8>>> {
        let Some(stored) = self.target.read(&self.backup_file(id, file)).await? else {
            return Ok(None);
        };
        match self.backup_file_key(id, file) {
            Some(key) => crypto::open_all(&key, &stored)
                .map(Some)
                .map_err(|e| Error::Corrupt(format!("{file} of backup {id}: {e}"))),
            None => Ok(Some(stored)),
        }
    }

    /// The summary of backup `id`; `None` if there is no complete backup with that id.
    pub async fn summary(&self, id: &str) -> Result<Option<Summary>> {
        if !layout::is_id(id) {
            return Ok(None);
        }
        let Some(bytes) = self
            .target
            .read(&layout::in_backup(id, layout::SUMMARY))
            .await?
        else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::Corrupt(format!("the summary of backup {id} is not readable: {e}")))
    }

    /// The manifest of backup `id`.
    pub async fn manifest(&self, id: &str) -> Result<Manifest> {
        let bytes = self
            .get_record(id, layout::MANIFEST)
            .await?
            .ok_or_else(|| Error::Corrupt(format!("backup {id} has no manifest at the target")))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::Corrupt(format!("the manifest of backup {id} is not readable: {e}"))
        })
    }

    /// Ids of the backup directories at the target, complete or not, oldest first.
    pub async fn backup_ids(&self) -> Result<Vec<String>> {
        let mut ids: Vec<String> = self
            .target
            .list(layout::BACKUPS)
            .await?
            .into_iter()
            .filter(|e| e.is_dir && layout::is_id(&e.name))
            .map(|e| e.name)
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// The complete backups, oldest first.
    pub async fn summaries(&self) -> Result<Vec<Summary>> {
        let mut out = Vec::new();
        for id in self.backup_ids().await? {
            if let Some(summary) = self.summary(&id).await? {
                out.push(summary);
            }
        }
        Ok(out)
    }

    /// Every complete blob at the target with its stored size.
    pub async fn blob_sizes(&self) -> Result<HashMap<String, u64>> {
        let mut out = HashMap::new();
        for dir in self.target.list(layout::BLOBS).await? {
            if !dir.is_dir || dir.name.len() != 2 {
                continue;
            }
            for blob in self
                .target
                .list(&format!("{}/{}", layout::BLOBS, dir.name))
                .await?
            {
                if layout::is_blob_name(&blob.name) {
                    out.insert(blob.name, blob.size);
                }
            }
        }
        Ok(out)
    }
}

/// Runs key derivation (deliberately slow) off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .expect("key derivation does not panic")
}
