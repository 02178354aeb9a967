//! Finds the uploaded files and their checksums. Stored files never change under their names,
//! so a file with the same path, size and modification time as in the last backup keeps its
//! checksum; only new or changed files are read.

use std::collections::HashMap;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::manifest::FileEntry;
use crate::progress::{Phase, Reporter, Tracker};
use crate::{Error, Result};

/// Top-level directories of the files directory that hold unfinished uploads, not files.
const UNFINISHED: [&str; 2] = ["tmp", "uploads"];

/// Every stored file under `files_dir` with its checksum; `known` are the last backup's entries.
pub async fn scan(
    files_dir: &Path,
    known: HashMap<String, FileEntry>,
    report: &Reporter,
) -> Result<Vec<FileEntry>> {
    let dir = files_dir.to_path_buf();
    let found = tokio::task::spawn_blocking(move || walk(&dir))
        .await
        .expect("walking does not panic")?;
    let mut entries = Vec::with_capacity(found.len());
    let mut to_hash = Vec::new();
    for (path, size, modified_ns) in found {
        match known.get(&path) {
            Some(k) if k.size == size && k.modified_ns == modified_ns => entries.push(k.clone()),
            _ => to_hash.push((path, size, modified_ns)),
        }
    }
    let (report, files_dir) = (report.clone(), files_dir.to_path_buf());
    let hashed = tokio::task::spawn_blocking(move || hash_all(&files_dir, to_hash, &report))
        .await
        .expect("hashing does not panic")?;
    entries.extend(hashed);
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// Reads and checksums `files` (relative path, size, modification time); files deleted since
/// they were found are left out.
fn hash_all(
    files_dir: &Path,
    files: Vec<(String, u64, i64)>,
    report: &Reporter,
) -> Result<Vec<FileEntry>> {
    let tracker = Tracker::new(
        report,
        Phase::Scan,
        files.iter().map(|f| f.1).sum(),
        files.len() as u64,
    );
    let mut entries = Vec::with_capacity(files.len());
    for (path, size, modified_ns) in files {
        let full = files_dir.join(&path);
        match sha256_file(&full, &tracker) {
            Ok(sha256) => entries.push(FileEntry {
                path,
                size,
                sha256,
                modified_ns,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("reading {}", full.display()))(e)),
        }
        tracker.file_done();
    }
    Ok(entries)
}

/// SHA-256 of a file, in lower-case hex, counting bytes on `tracker`.
pub fn sha256_file(path: &Path, tracker: &Tracker) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        tracker.add_bytes(n as u64);
    }
    Ok(crate::crypto::hex(&hasher.finalize()))
}

/// (relative path, size, modification time) of every regular file, unfinished uploads aside.
fn walk(root: &Path) -> Result<Vec<(String, u64, i64)>> {
    let mut out = Vec::new();
    let mut pending: Vec<PathBuf> = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let dir = root.join(&relative);
        let entries = match std::fs::read_dir(&dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            other => other.map_err(Error::io(format!("listing {}", dir.display())))?,
        };
        for entry in entries {
            let entry = entry.map_err(Error::io(format!("listing {}", dir.display())))?;
            let Ok(name) = entry.file_name().into_string() else {
                tracing::warn!(dir = %dir.display(), "skipping a file whose name is not UTF-8");
                continue;
            };
            let path = relative.join(&name);
            let meta = match entry.metadata() {
                Ok(meta) => meta,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io(format!("reading {}", path.display()))(e)),
            };
            if meta.is_dir() {
                if !(relative.as_os_str().is_empty() && UNFINISHED.contains(&name.as_str())) {
                    pending.push(path);
                }
            } else if meta.is_file() {
                let modified_ns = meta.mtime() * 1_000_000_000 + meta.mtime_nsec();
                let path = path.to_str().expect("made of UTF-8 names").to_string();
                out.push((path, meta.len(), modified_ns));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_new_or_changed_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("ab/id1")).unwrap();
        std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
        std::fs::create_dir_all(dir.path().join("uploads")).unwrap();
        std::fs::write(dir.path().join("ab/id1/file"), b"hello").unwrap();
        std::fs::write(dir.path().join("tmp/partial"), b"x").unwrap();
        std::fs::write(dir.path().join("uploads/session"), b"x").unwrap();
        let first = scan(dir.path(), HashMap::new(), &crate::progress::silent())
            .await
            .unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].path, "ab/id1/file");
        assert_eq!(
            first[0].sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        // A cached checksum is trusted when path, size and time match: a wrong one shows it.
        let mut known: HashMap<_, _> = first.iter().map(|f| (f.path.clone(), f.clone())).collect();
        known.get_mut("ab/id1/file").unwrap().sha256 = "cached".into();
        let second = scan(dir.path(), known, &crate::progress::silent())
            .await
            .unwrap();
        assert_eq!(second[0].sha256, "cached");
    }
}
