//! The directory backend: keys are relative paths under one root. Files are created 0600 and
//! directories 0700; small files are written under a temporary name and renamed.

use std::io::{self, SeekFrom};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

use futures_util::future::BoxFuture;
use tokio::io::{AsyncReadExt, AsyncSeekExt, BufWriter};

use super::{FileStore, Reader, Writer};

/// Writes go out in blocks of this size, so a large upload costs few disk calls and bounded memory.
const WRITE_BUFFER: usize = 1 << 20;

pub struct DirStore {
    root: PathBuf,
}

impl DirStore {
    /// Opens the directory, emptying the staging area of uploads a previous run left unfinished.
    pub fn open(root: PathBuf) -> io::Result<DirStore> {
        make_dirs(&root)?;
        match std::fs::remove_dir_all(root.join(super::STAGING)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        Ok(DirStore { root })
    }

    /// The path of `key`; keys with `..`, absolute parts or empty segments are refused.
    fn path(&self, key: &str) -> io::Result<PathBuf> {
        let relative = Path::new(key);
        let plain = !key.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !plain {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("bad file key {key:?}"),
            ));
        }
        Ok(self.root.join(relative))
    }

    /// The path of `key` with its parent directories made.
    fn path_with_parents(&self, key: &str) -> io::Result<PathBuf> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            make_dirs(parent)?;
        }
        Ok(path)
    }
}

fn make_dirs(dir: &Path) -> io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

fn open_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.mode(0o600);
    options
}

/// Runs blocking file-system work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(io::Error::other)?
}

impl FileStore for DirStore {
    fn writer(&self, key: &str, offset: u64) -> BoxFuture<'_, io::Result<Writer>> {
        let path = self.path(key);
        Box::pin(async move {
            let path = path?;
            let file = blocking(move || {
                if let Some(parent) = path.parent() {
                    make_dirs(parent)?;
                }
                let file = open_options().write(true).create(true).open(&path)?;
                file.set_len(offset)?;
                Ok(file)
            })
            .await?;
            let mut file = tokio::fs::File::from_std(file);
            file.seek(SeekFrom::Start(offset)).await?;
            Ok(Box::pin(BufWriter::with_capacity(WRITE_BUFFER, file)) as Writer)
        })
    }

    fn sync(&self, key: &str) -> BoxFuture<'_, io::Result<()>> {
        let path = self.path(key);
        Box::pin(async move {
            let path = path?;
            blocking(move || std::fs::File::open(path)?.sync_all()).await
        })
    }

    fn rename(&self, from: &str, to: &str) -> BoxFuture<'_, io::Result<()>> {
        let paths = self
            .path(from)
            .and_then(|f| Ok((f, self.path_with_parents(to)?)));
        Box::pin(async move {
            let (from, to) = paths?;
            blocking(move || std::fs::rename(from, to)).await
        })
    }

    fn write(&self, key: &str, bytes: Vec<u8>) -> BoxFuture<'_, io::Result<()>> {
        let path = self.path_with_parents(key);
        Box::pin(async move {
            let path = path?;
            blocking(move || {
                let staging = path.with_extension(format!("tmp{}", crate::model::new_id()));
                let result = (|| {
                    use std::io::Write;
                    let mut file = open_options().write(true).create_new(true).open(&staging)?;
                    file.write_all(&bytes)?;
                    file.sync_all()?;
                    std::fs::rename(&staging, &path)
                })();
                if result.is_err() {
                    let _ = std::fs::remove_file(&staging);
                }
                result
            })
            .await
        })
    }

    fn reader(&self, key: &str, offset: u64, len: u64) -> BoxFuture<'_, io::Result<Reader>> {
        let path = self.path(key);
        Box::pin(async move {
            let mut file = tokio::fs::File::open(path?).await?;
            file.seek(SeekFrom::Start(offset)).await?;
            Ok(Box::pin(file.take(len)) as Reader)
        })
    }

    fn read(&self, key: &str, limit: u64) -> BoxFuture<'_, io::Result<Option<Vec<u8>>>> {
        let path = self.path(key);
        Box::pin(async move {
            let path = path?;
            blocking(move || {
                if std::fs::metadata(&path)?.len() > limit {
                    return Ok(None);
                }
                std::fs::read(&path).map(Some)
            })
            .await
        })
    }

    fn size(&self, key: &str) -> BoxFuture<'_, io::Result<Option<u64>>> {
        let path = self.path(key);
        Box::pin(async move {
            match tokio::fs::metadata(path?).await {
                Ok(m) => Ok(Some(m.len())),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn remove(&self, key: &str) -> BoxFuture<'_, io::Result<()>> {
        let path = self.path(key);
        Box::pin(async move {
            match tokio::fs::remove_file(path?).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncWriteExt;

    use super::*;

    #[tokio::test]
    async fn writes_resume_at_an_offset_and_cut_what_lies_beyond() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::open(dir.path().join("files")).unwrap();
        let mut w = store.writer("a/b/part", 0).await.unwrap();
        w.write_all(b"hello world").await.unwrap();
        w.shutdown().await.unwrap();
        let mut w = store.writer("a/b/part", 5).await.unwrap();
        w.write_all(b"!").await.unwrap();
        w.shutdown().await.unwrap();
        store.rename("a/b/part", "c/done").await.unwrap();
        let bytes = store.read("c/done", 100).await.unwrap().unwrap();
        assert_eq!(bytes, b"hello!");
        let mode = std::fs::metadata(dir.path().join("files/c/done")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(mode.permissions().mode() & 0o777, 0o600);
        assert!(store.writer("../escape", 0).await.is_err());
        assert!(store.size("a/b/part").await.unwrap().is_none());
    }
}
