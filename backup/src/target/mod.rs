//! Where backups go: a mounted directory (USB disk, NAS share) or a second server over SFTP.
//! Both offer the same few operations on `/`-separated paths relative to the target's root;
//! a file is written under a `.part` name and renamed when complete, so nothing half-written
//! ever has a real name.

mod dir;
mod sftp;

use std::path::PathBuf;
use std::pin::Pin;

use tokio::io::{AsyncRead, AsyncWrite};

use crate::{Error, Result};

pub use sftp::{SftpSpec, public_key_line};

pub type Reader = Pin<Box<dyn AsyncRead + Send>>;
pub type Writer = Pin<Box<dyn AsyncWrite + Send>>;

/// Largest file read whole (headers, manifests, summaries).
pub const SMALL_FILE_LIMIT: u64 = 256 << 20;

/// A target as configured: `/mnt/backup/hearth` or `sftp://user@host:port/path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpec {
    Dir(PathBuf),
    Sftp(SftpSpec),
}

impl TargetSpec {
    /// Parses a target setting. SFTP needs the key file to log in with and the file where the
    /// server's host key is pinned on first use.
    pub fn parse(text: &str, key_file: PathBuf, known_hosts: PathBuf) -> Result<TargetSpec> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("sftp://") {
            return SftpSpec::parse(rest, key_file, known_hosts).map(TargetSpec::Sftp);
        }
        let path = text.strip_prefix("file://").unwrap_or(text);
        if !path.starts_with('/') {
            return Err(Error::Invalid(format!(
                "backup target {text:?} is neither an absolute directory (/mnt/backup/hearth) \
                 nor sftp://user@host[:port]/path"
            )));
        }
        Ok(TargetSpec::Dir(path.into()))
    }
}

impl std::fmt::Display for TargetSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TargetSpec::Dir(path) => write!(f, "{}", path.display()),
            TargetSpec::Sftp(spec) => spec.fmt(f),
        }
    }
}

/// An entry of a listed directory.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub size: u64,
    pub is_dir: bool,
}

/// An open target.
pub enum Target {
    Dir(dir::DirTarget),
    Sftp(sftp::SftpTarget),
}

macro_rules! each {
    ($self:ident, $t:ident => $e:expr) => {
        match $self {
            Target::Dir($t) => $e,
            Target::Sftp($t) => $e,
        }
    };
}

impl Target {
    /// Opens the target, making its root directory if needed. For SFTP this connects, logs in
    /// and checks (or, the first time, pins) the host key.
    pub async fn open(spec: &TargetSpec) -> Result<Target> {
        Ok(match spec {
            TargetSpec::Dir(path) => Target::Dir(dir::DirTarget::open(path.clone()).await?),
            TargetSpec::Sftp(spec) => Target::Sftp(sftp::SftpTarget::open(spec.clone()).await?),
        })
    }

    /// Tests a target the way a backup uses it: connects (pinning an SFTP host key on first
    /// contact), writes a file, reads it back and removes it. Returns the bytes free there,
    /// when the target can tell.
    pub async fn check(spec: &TargetSpec) -> Result<Option<u64>> {
        const PROBE: &str = "hearth-check";
        let target = Target::open(spec).await?;
        let written = format!("Hearth backup target check {}", std::process::id()).into_bytes();
        target.write_whole(PROBE, &written).await?;
        let read = target.read(PROBE).await?;
        target.remove(PROBE).await?;
        if read.as_deref() != Some(written.as_slice()) {
            return Err(target.error("a file written there did not read back the same".into()));
        }
        Ok(target.free_space().await)
    }

    /// Whether failures may be passing (a network), so an operation is worth retrying after
    /// [`Target::reconnect`].
    pub fn is_remote(&self) -> bool {
        matches!(self, Target::Sftp(_))
    }

    /// Connects again after a network failure (nothing for a directory).
    pub async fn reconnect(&self) -> Result<()> {
        match self {
            Target::Dir(_) => Ok(()),
            Target::Sftp(t) => t.reconnect().await,
        }
    }

    /// Bytes free at the target, when it can tell.
    pub async fn free_space(&self) -> Option<u64> {
        each!(self, t => t.free_space().await)
    }

    /// The entries of `dir`; none if it does not exist.
    pub async fn list(&self, dir: &str) -> Result<Vec<Entry>> {
        each!(self, t => t.list(dir).await)
    }

    /// The size of `path`, `None` if absent.
    pub async fn size(&self, path: &str) -> Result<Option<u64>> {
        each!(self, t => t.size(path).await)
    }

    /// The whole of a small file, `None` if absent.
    pub async fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        use tokio::io::AsyncReadExt;
        let Some(size) = self.size(path).await? else {
            return Ok(None);
        };
        if size > SMALL_FILE_LIMIT {
            return Err(self.error(format!(
                "{path} is {size} bytes, too large to be read whole"
            )));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        self.reader(path, 0)
            .await?
            .take(SMALL_FILE_LIMIT)
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| self.error(format!("reading {path}: {e}")))?;
        Ok(Some(bytes))
    }

    /// Writes a small file under a `.part` name, then renames it into place.
    pub async fn write_whole(&self, path: &str, bytes: &[u8]) -> Result<()> {
        use tokio::io::AsyncWriteExt;
        let part = crate::layout::part(path);
        let mut writer = self.writer(&part, 0).await?;
        let written = async {
            writer.write_all(bytes).await?;
            writer.shutdown().await
        };
        written
            .await
            .map_err(|e| self.error(format!("writing {part}: {e}")))?;
        drop(writer);
        self.rename(&part, path).await
    }

    /// A writer to `path` from byte `offset`, creating it and its directories; bytes beyond
    /// `offset` are cut off. `shutdown` makes what was written durable.
    pub async fn writer(&self, path: &str, offset: u64) -> Result<Writer> {
        each!(self, t => t.writer(path, offset).await)
    }

    /// A reader of `path` from byte `offset`.
    pub async fn reader(&self, path: &str, offset: u64) -> Result<Reader> {
        each!(self, t => t.reader(path, offset).await)
    }

    /// Renames `from` to `to`, replacing `to`.
    pub async fn rename(&self, from: &str, to: &str) -> Result<()> {
        each!(self, t => t.rename(from, to).await)
    }

    /// Removes a file (absent is fine).
    pub async fn remove(&self, path: &str) -> Result<()> {
        each!(self, t => t.remove(path).await)
    }

    /// Removes a directory of files (one level: backups hold no subdirectories).
    pub async fn remove_dir(&self, dir: &str) -> Result<()> {
        for entry in self.list(dir).await? {
            self.remove(&format!("{dir}/{}", entry.name)).await?;
        }
        each!(self, t => t.remove_empty_dir(dir).await)
    }

    /// An error about this target.
    pub fn error(&self, message: String) -> Error {
        let target = match self {
            Target::Dir(t) => t.root_display(),
            Target::Sftp(t) => t.spec().to_string(),
        };
        Error::Target { target, message }
    }
}
