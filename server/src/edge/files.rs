//! Certificates and keys on disk: read if present, written whole and 0600 (never half a key).

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::EdgeError;

pub fn read_if_exists(path: &Path) -> Result<Option<String>, EdgeError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(EdgeError::File {
            path: path.into(),
            source,
        }),
    }
}

/// Writes `bytes` to `path` through a temporary file renamed into place, mode 0600, in a 0700
/// directory made if needed.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), EdgeError> {
    use std::os::unix::fs::DirBuilderExt;
    let fail = |source| EdgeError::File {
        path: path.into(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(fail)?;
    }
    let temp = path.with_extension("saving");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temp)
        .map_err(fail)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    std::fs::rename(&temp, path).map_err(fail)
}
