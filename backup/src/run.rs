//! Making one backup: snapshot and archive, find the files, send what the target lacks, check
//! it all is there, write the records (the summary last), then prune.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use futures_util::{StreamExt, TryStreamExt};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::crypto::{parse_sha256, sealed_len};
use crate::manifest::{ArchiveInfo, FORMAT, FileEntry, Manifest, Summary};
use crate::progress::{Phase, Reporter, Tracker};
use crate::repository::Repository;
use crate::retention::{self, Pruned, Retention};
use crate::transfer::{self, Expected, Sent};
use crate::{Error, Result, Source, TargetSpec, layout, lock, scan, snapshot};

/// Files sent at once: enough to hide the network's round trips behind each other.
const PARALLEL_SENDS: usize = 4;
/// The last backup's file list, whose checksums the next backup reuses.
const FILE_CACHE: &str = "files.json";

/// What a backup takes, where it goes, and how many are kept.
#[derive(Debug, Clone)]
pub struct Plan {
    pub source: Source,
    pub target: TargetSpec,
    /// Seal the backups with a key from this passphrase.
    pub passphrase: Option<String>,
    pub retention: Retention,
    /// Recorded in the manifest, to tell a restore which Hearth wrote it.
    pub hearth_version: String,
}

/// A finished backup.
#[derive(Debug, Clone)]
pub struct Report {
    pub summary: Summary,
    /// Files deleted or changed while the backup ran, and so left out.
    pub skipped_files: u64,
    /// What retention removed; `Err` if pruning failed (the backup itself is complete).
    pub pruned: std::result::Result<Pruned, String>,
}

/// Makes a backup while the server keeps running. The caller holds the backup lock
/// ([`lock::acquire`] on the source's state directory), so it can record the run first.
pub async fn run(plan: &Plan, _held: &lock::Lock, report: &Reporter) -> Result<Report> {
    check_target_is_elsewhere(plan)?;
    let state_dir = plan.source.state_dir();
    let started = Timestamp::now();
    let repo = Repository::open(&plan.target, plan.passphrase.as_deref(), true).await?;
    let id = unused_id(&repo, started).await?;
    tracing::info!(backup = %id, target = %plan.target, encrypted = repo.encrypted(), "backup started");

    let staging = state_dir.join("staging");
    let cleared = staging.clone();
    tokio::task::spawn_blocking(move || reset_dir(&cleared))
        .await
        .expect("clearing does not panic")?;
    let archive_path = staging.join(layout::ARCHIVE);
    let archive = pack_archive(&plan.source, &staging, &archive_path, report).await?;

    let cache_dir = state_dir.clone();
    let known = tokio::task::spawn_blocking(move || load_cache(&cache_dir))
        .await
        .expect("reading the cache does not panic");
    let mut files = scan::scan(&plan.source.files_dir, known, report).await?;
    let present = repo.blob_sizes().await?;
    let mut queued = HashSet::new();
    let mut to_send = Vec::new();
    for file in &files {
        let sha = parse_sha256(&file.sha256).expect("checksums are made here");
        let name = repo.blob_name(&sha);
        let stored = stored_size(&repo, file.size);
        if present.get(&name) != Some(&stored) && queued.insert(name.clone()) {
            to_send.push((file.clone(), sha, name));
        }
    }
    let tracker = Tracker::new(
        report,
        Phase::Upload,
        to_send.iter().map(|f| f.0.size).sum::<u64>() + archive.size,
        to_send.len() as u64 + 1,
    );
    let sent: Vec<(String, Sent)> = futures_util::stream::iter(to_send)
        .map(|(file, sha, name)| {
            let (repo, plan, tracker) = (&repo, plan, &tracker);
            async move {
                let local = plan.source.files_dir.join(&file.path);
                let expected = Expected {
                    size: file.size,
                    sha256: sha,
                };
                let key = repo.blob_key(&sha);
                let sent = transfer::send(
                    &repo.target,
                    &local,
                    &layout::blob(&name),
                    expected,
                    key.as_ref(),
                    tracker,
                )
                .await?;
                tracker.file_done();
                Ok::<_, Error>((file.path, sent))
            }
        })
        .buffer_unordered(PARALLEL_SENDS)
        .try_collect()
        .await?;
    let changed: HashSet<String> = sent
        .iter()
        .filter(|(_, s)| *s == Sent::Changed)
        .map(|(path, _)| path.clone())
        .collect();
    if !changed.is_empty() {
        tracing::info!(
            files = changed.len(),
            "files deleted or changed during the backup are left out"
        );
        files.retain(|f| !changed.contains(&f.path));
    }
    let sent_bytes: u64 = sent
        .iter()
        .map(|(_, s)| match s {
            Sent::Stored { bytes } => *bytes,
            Sent::Changed => 0,
        })
        .sum();
    let sent_files = sent.len() as u64 - changed.len() as u64;

    let archive_expected = Expected {
        size: archive.size,
        sha256: parse_sha256(&archive.sha256).expect("made here"),
    };
    let archive_key = repo.backup_file_key(&id, layout::ARCHIVE);
    let archive_remote = repo.backup_file(&id, layout::ARCHIVE);
    match transfer::send(
        &repo.target,
        &archive_path,
        &archive_remote,
        archive_expected,
        archive_key.as_ref(),
        &tracker,
    )
    .await?
    {
        Sent::Stored { .. } => tracker.file_done(),
        Sent::Changed => {
            return Err(Error::Corrupt(
                "the archive changed while it was sent".into(),
            ));
        }
    }

    let blob_names = check_at_target(&repo, &files).await?;
    let manifest = Manifest {
        format: FORMAT,
        id: id.clone(),
        created: started,
        hearth_version: plan.hearth_version.clone(),
        database: plan.source.database.kind().into(),
        archive: archive.clone(),
        files,
    };
    let manifest_json = serde_json::to_vec(&manifest).expect("the manifest serializes");
    repo.put_record(&id, layout::MANIFEST, &manifest_json)
        .await?;
    let list: Vec<&str> = blob_names.iter().map(String::as_str).collect();
    repo.target
        .write_whole(
            &layout::in_backup(&id, layout::BLOB_LIST),
            list.join("\n").as_bytes(),
        )
        .await?;
    let summary = Summary {
        format: FORMAT,
        id: id.clone(),
        started,
        finished: Timestamp::now(),
        hearth_version: plan.hearth_version.clone(),
        database: manifest.database.clone(),
        encrypted: repo.encrypted(),
        files: manifest.files.len() as u64,
        files_bytes: manifest.files_bytes(),
        archive_bytes: archive.size,
        sent_files,
        sent_bytes: sent_bytes + archive.size,
    };
    let summary_json = serde_json::to_vec_pretty(&summary).expect("the summary serializes");
    repo.target
        .write_whole(&layout::in_backup(&id, layout::SUMMARY), &summary_json)
        .await?;
    let (cache_dir, files) = (state_dir.clone(), manifest.files.clone());
    tokio::task::spawn_blocking(move || save_cache(&cache_dir, &files))
        .await
        .expect("writing the cache does not panic");
    let _ = tokio::fs::remove_dir_all(&staging).await;
    tracing::info!(backup = %id, files = summary.files, sent_files, sent_bytes = summary.sent_bytes, "backup complete");

    let pruned = retention::prune(&repo, plan.retention, &id, &TimeZone::system(), report)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "pruning old backups failed; they stay until the next run");
            e.to_string()
        });
    Ok(Report {
        summary,
        skipped_files: changed.len() as u64,
        pruned,
    })
}

/// A directory target inside what is backed up would back itself up, and die with the disk.
fn check_target_is_elsewhere(plan: &Plan) -> Result<()> {
    let TargetSpec::Dir(target) = &plan.target else {
        return Ok(());
    };
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let target = canonical(target);
    for inside in [&plan.source.data_dir, &plan.source.files_dir] {
        if target.starts_with(canonical(inside)) {
            return Err(Error::Invalid(format!(
                "the backup target {} is inside {}, which is what is backed up; use another \
                 disk (a USB disk, a NAS share) or a second server",
                target.display(),
                inside.display()
            )));
        }
    }
    Ok(())
}

fn stored_size(repo: &Repository, size: u64) -> u64 {
    if repo.encrypted() {
        sealed_len(size)
    } else {
        size
    }
}

/// The id for a backup started now; a second backup in the same second gets a suffix.
async fn unused_id(repo: &Repository, started: Timestamp) -> Result<String> {
    let base = layout::new_id(started);
    let taken = repo.backup_ids().await?;
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    Ok(id)
}

/// Snapshots the database and packs the archive; returns its size and checksum.
async fn pack_archive(
    source: &Source,
    staging: &Path,
    out: &Path,
    report: &Reporter,
) -> Result<ArchiveInfo> {
    // Tells the reporter the snapshot has started; its size is known only once it is made.
    Tracker::new(report, Phase::Snapshot, 0, 1);
    let snapshot_path = staging.join("database");
    snapshot::take(&source.database, &snapshot_path).await?;
    crate::archive::pack(source, &snapshot_path, out).await?;
    let _ = std::fs::remove_file(&snapshot_path);
    let size = std::fs::metadata(out)
        .map_err(Error::io("reading the archive"))?
        .len();
    let (archive, report) = (out.to_path_buf(), report.clone());
    let sha256 = tokio::task::spawn_blocking(move || {
        let tracker = Tracker::new(&report, Phase::Snapshot, size, 1);
        let sum = scan::sha256_file(&archive, &tracker);
        tracker.file_done();
        sum
    })
    .await
    .expect("hashing does not panic")
    .map_err(Error::io("reading the archive"))?;
    Ok(ArchiveInfo { size, sha256 })
}

/// Checks that every file's blob is at the target with the right size; returns the names.
async fn check_at_target(repo: &Repository, files: &[FileEntry]) -> Result<Vec<String>> {
    let present = repo.blob_sizes().await?;
    let mut names = Vec::with_capacity(files.len());
    for file in files {
        let name = repo.blob_name(&parse_sha256(&file.sha256).expect("made here"));
        let want = stored_size(repo, file.size);
        match present.get(&name) {
            Some(size) if *size == want => names.push(name),
            found => {
                return Err(repo.target.error(format!(
                    "after sending, {} (blob {name}) is {found:?} bytes at the target, not {want}",
                    file.path
                )));
            }
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

fn reset_dir(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::io(format!("clearing {}", dir.display()))(e));
        }
        _ => {}
    }
    crate::local::make_private_dirs(dir).map_err(Error::io(format!("creating {}", dir.display())))
}

/// The last backup's checksums by path; anything unreadable is left out (and read again).
fn load_cache(state_dir: &Path) -> HashMap<String, FileEntry> {
    let Ok(bytes) = std::fs::read(state_dir.join(FILE_CACHE)) else {
        return HashMap::new();
    };
    // A damaged entry is simply read again.
    serde_json::from_slice::<Vec<FileEntry>>(&bytes)
        .map(|files| {
            files
                .into_iter()
                .filter(|f| parse_sha256(&f.sha256).is_some())
                .map(|f| (f.path.clone(), f))
                .collect()
        })
        .unwrap_or_default()
}

fn save_cache(state_dir: &Path, files: &[FileEntry]) {
    let json = serde_json::to_vec(files).expect("file entries serialize");
    if let Err(e) = crate::local::write_private(&state_dir.join(FILE_CACHE), &mut json.as_slice()) {
        tracing::warn!(error = %e, "could not save the checksum cache; the next backup reads every file again");
    }
}
