//! Writing local files the way everything Hearth keeps is written: directories 0700, files
//! 0600, complete before they have their real name.

use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

/// Makes `dir` and its parents, 0700.
pub fn make_private_dirs(dir: &Path) -> io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Writes `from` to `path` (0600) under a temporary name, syncs, then renames it into place.
pub fn write_private(path: &Path, from: &mut impl Read) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        make_private_dirs(parent)?;
    }
    let mut staged = path.as_os_str().to_owned();
    staged.push(".restoring");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&staged)?;
    io::copy(from, &mut file)?;
    file.flush()?;
    file.sync_all()?;
    std::fs::rename(&staged, path)
}
