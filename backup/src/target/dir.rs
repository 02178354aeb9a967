//! A target that is a directory: a USB disk, a NAS share or a second disk, mounted here.
//! Files are created 0600 and directories 0700.

use std::io::{self, SeekFrom};
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncSeekExt, AsyncWrite};

use super::{Entry, Reader, Writer};
use crate::{Error, Result};

pub struct DirTarget {
    root: PathBuf,
}

impl DirTarget {
    pub async fn open(root: PathBuf) -> Result<DirTarget> {
        let target = DirTarget { root };
        let root = target.root.clone();
        tokio::task::spawn_blocking(move || crate::local::make_private_dirs(&root))
            .await
            .expect("mkdir does not panic")
            .map_err(|e| {
                target.error(format!(
                    "cannot create the directory: {e} (is the disk mounted and writable?)"
                ))
            })?;
        Ok(target)
    }

    pub fn root_display(&self) -> String {
        self.root.display().to_string()
    }

    fn error(&self, message: String) -> Error {
        Error::Target {
            target: self.root_display(),
            message,
        }
    }

    fn path(&self, relative: &str) -> Result<PathBuf> {
        let plain = Path::new(relative)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !plain || relative.is_empty() {
            return Err(self.error(format!("bad path {relative:?}")));
        }
        Ok(self.root.join(relative))
    }

    pub async fn free_space(&self) -> Option<u64> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || free_space(&root))
            .await
            .ok()
            .flatten()
    }

    pub async fn list(&self, dir: &str) -> Result<Vec<Entry>> {
        let path = self.path(dir)?;
        let listed = tokio::task::spawn_blocking(move || -> io::Result<Vec<Entry>> {
            let entries = match std::fs::read_dir(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
                other => other?,
            };
            let mut out = Vec::new();
            for entry in entries {
                let entry = entry?;
                let meta = entry.metadata()?;
                if let Ok(name) = entry.file_name().into_string() {
                    out.push(Entry {
                        name,
                        size: meta.len(),
                        is_dir: meta.is_dir(),
                    });
                }
            }
            Ok(out)
        })
        .await
        .expect("listing does not panic");
        listed.map_err(|e| self.error(format!("listing {dir}: {e}")))
    }

    pub async fn size(&self, path: &str) -> Result<Option<u64>> {
        match tokio::fs::metadata(self.path(path)?).await {
            Ok(meta) => Ok(Some(meta.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error(format!("{path}: {e}"))),
        }
    }

    pub async fn writer(&self, path: &str, offset: u64) -> Result<Writer> {
        let full = self.path(path)?;
        let opened = async {
            if let Some(parent) = full.parent() {
                let parent = parent.to_owned();
                tokio::task::spawn_blocking(move || crate::local::make_private_dirs(&parent))
                    .await
                    .expect("mkdir does not panic")?;
            }
            let mut file = tokio::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&full)
                .await?;
            file.set_len(offset).await?;
            file.seek(SeekFrom::Start(offset)).await?;
            let for_sync = file.try_clone().await?.into_std().await;
            Ok::<_, io::Error>(SyncOnShutdown {
                file,
                for_sync: Some(for_sync),
                syncing: None,
            })
        };
        let writer = opened
            .await
            .map_err(|e| self.error(format!("opening {path} for writing: {e}")))?;
        Ok(Box::pin(writer))
    }

    pub async fn reader(&self, path: &str, offset: u64) -> Result<Reader> {
        let full = self.path(path)?;
        let opened = async {
            let mut file = tokio::fs::File::open(full).await?;
            file.seek(SeekFrom::Start(offset)).await?;
            Ok::<_, io::Error>(file)
        };
        let file = opened
            .await
            .map_err(|e| self.error(format!("opening {path}: {e}")))?;
        Ok(Box::pin(tokio::io::BufReader::with_capacity(1 << 20, file)))
    }

    pub async fn rename(&self, from: &str, to: &str) -> Result<()> {
        tokio::fs::rename(self.path(from)?, self.path(to)?)
            .await
            .map_err(|e| self.error(format!("renaming {from} to {to}: {e}")))
    }

    pub async fn remove(&self, path: &str) -> Result<()> {
        match tokio::fs::remove_file(self.path(path)?).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(self.error(format!("removing {path}: {e}")))
            }
            _ => Ok(()),
        }
    }

    pub async fn remove_empty_dir(&self, dir: &str) -> Result<()> {
        match tokio::fs::remove_dir(self.path(dir)?).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(self.error(format!("removing {dir}: {e}")))
            }
            _ => Ok(()),
        }
    }
}

fn free_space(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: statvfs fills the struct it is given from a NUL-terminated path.
    let stat = unsafe {
        if libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) != 0 {
            return None;
        }
        stat.assume_init()
    };
    Some(stat.f_bavail as u64 * stat.f_frsize as u64)
}

/// A file writer whose `shutdown` flushes and fsyncs, so a renamed file is on the disk.
struct SyncOnShutdown {
    file: tokio::fs::File,
    /// A second handle to the file, moved to the blocking pool for `fsync`.
    for_sync: Option<std::fs::File>,
    syncing: Option<tokio::task::JoinHandle<io::Result<()>>>,
}

impl AsyncWrite for SyncOnShutdown {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.file).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.file).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.file).poll_flush(cx))?;
        if let Some(file) = self.for_sync.take() {
            self.syncing = Some(tokio::task::spawn_blocking(move || file.sync_all()));
        }
        let Some(syncing) = self.syncing.as_mut() else {
            return Poll::Ready(Ok(()));
        };
        let result = ready!(Pin::new(syncing).poll(cx)).map_err(io::Error::other)?;
        self.syncing = None;
        Poll::Ready(result)
    }
}
