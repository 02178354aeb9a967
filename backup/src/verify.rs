//! Proving a backup: re-read everything it needs at the target and check every checksum.

use futures_util::{StreamExt, TryStreamExt};

use crate::crypto::parse_sha256;
use crate::progress::{Phase, Reporter, Tracker};
use crate::repository::Repository;
use crate::transfer::receive;
use crate::{Error, Result, TargetSpec, layout};

/// Reads at once while verifying.
const PARALLEL_READS: usize = 4;

/// What verifying found.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    pub id: String,
    /// Files checked (the archive included) and their bytes.
    pub files: u64,
    pub bytes: u64,
    /// One line per missing, damaged or changed file; empty when the backup is sound.
    pub problems: Vec<String>,
}

/// Verifies backup `id` at `spec`.
pub async fn verify(
    spec: &TargetSpec,
    passphrase: Option<&str>,
    id: &str,
    report: &Reporter,
) -> Result<VerifyReport> {
    let repo = Repository::open(spec, passphrase, false).await?;
    if repo.summary(id).await?.is_none() {
        return Err(no_such_backup(id, spec));
    }
    let manifest = repo.manifest(id).await?;
    let mut unique = std::collections::BTreeMap::new();
    for file in &manifest.files {
        unique
            .entry(file.sha256.clone())
            .or_insert((file.path.clone(), file.size));
    }
    let tracker = Tracker::new(
        report,
        Phase::Verify,
        manifest.archive.size + unique.values().map(|(_, size)| size).sum::<u64>(),
        unique.len() as u64 + 1,
    );
    let mut problems = Vec::new();
    let archive_key = repo.backup_file_key(id, layout::ARCHIVE);
    let archive = check(
        &repo,
        &repo.backup_file(id, layout::ARCHIVE),
        archive_key.as_ref(),
        manifest.archive.size,
        &manifest.archive.sha256,
        &tracker,
    )
    .await?;
    problems.extend(archive.map(|why| format!("the archive (database and config): {why}")));
    let blob_problems: Vec<Option<String>> = futures_util::stream::iter(unique)
        .map(|(sha256, (path, size))| {
            let (repo, tracker) = (&repo, &tracker);
            async move {
                let sum = parse_sha256(&sha256).ok_or_else(|| {
                    Error::Corrupt(format!("the manifest has a bad checksum for {path}"))
                })?;
                let key = repo.blob_key(&sum);
                let name = repo.blob_name(&sum);
                let found = check(
                    repo,
                    &layout::blob(&name),
                    key.as_ref(),
                    size,
                    &sha256,
                    tracker,
                )
                .await?;
                Ok::<_, Error>(found.map(|why| format!("{path} (blob {name}): {why}")))
            }
        })
        .buffer_unordered(PARALLEL_READS)
        .try_collect()
        .await?;
    problems.extend(blob_problems.into_iter().flatten());
    problems.sort();
    Ok(VerifyReport {
        id: id.into(),
        files: tracker.done_files(),
        bytes: tracker.done_bytes(),
        problems,
    })
}

/// Reads one stored file; `Some(why)` if it is missing or does not match.
async fn check(
    repo: &Repository,
    remote: &str,
    key: Option<&crate::crypto::FileKey>,
    size: u64,
    sha256: &str,
    tracker: &Tracker,
) -> Result<Option<String>> {
    let read = receive(
        &repo.target,
        remote,
        key,
        &mut tokio::io::sink(),
        Some(tracker),
    )
    .await;
    tracker.file_done();
    match read {
        Ok((found_size, _)) if found_size != size => Ok(Some(format!(
            "{found_size} bytes at the target, {size} expected"
        ))),
        Ok((_, sum)) if crate::crypto::hex(&sum) != sha256 => Ok(Some(
            "the checksum does not match: the copy at the target is damaged".into(),
        )),
        Ok(_) => Ok(None),
        Err(Error::Corrupt(why)) => Ok(Some(why)),
        Err(e) => Err(e),
    }
}

pub(crate) fn no_such_backup(id: &str, spec: &TargetSpec) -> Error {
    Error::Invalid(format!(
        "there is no complete backup {id:?} at {spec}; `hearth backup list` shows the backups there"
    ))
}
