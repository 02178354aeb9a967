//! Certificates and keys on disk: read if present, written whole and 0600 (never half a key).

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

/// Writes a key or certificate 0600 (see [`crate::private_file`]).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), EdgeError> {
    crate::private_file::write(path, bytes).map_err(|source| EdgeError::File {
        path: path.into(),
        source,
    })
}
