//! File storage: the bytes of uploaded files behind one interface, [`FileStore`], so the rest of
//! the server never touches paths. The one backend is a directory ([`DirStore`]: local disk, a
//! RAID array or a NAS mount). Also the pure helpers uploads need: safe names and content
//! sniffing ([`names`]), thumbnails and previews ([`images`]), public-link signatures ([`link`]).
//!
//! Invariant: keys are made by the server (ids and fixed words), never from client input; a
//! file under its final key is complete (writers stage elsewhere and rename).

mod dir;
pub mod images;
pub mod link;
pub mod names;

use std::io;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use tokio::io::{AsyncRead, AsyncWrite};

pub use dir::DirStore;

/// Key prefix of files being received by `POST /files`; what is left there at start is garbage.
pub const STAGING: &str = "tmp";

pub type Reader = Pin<Box<dyn AsyncRead + Send>>;
pub type Writer = Pin<Box<dyn AsyncWrite + Send>>;

/// Where file bytes live. Keys are `/`-separated relative names like `channels/<id>/<id>/file`.
pub trait FileStore: Send + Sync {
    /// A writer for `key` starting at byte `offset`; anything already beyond `offset` is cut off
    /// (a resumed upload overwrites bytes that were written but never recorded).
    fn writer(&self, key: &str, offset: u64) -> BoxFuture<'_, io::Result<Writer>>;
    /// Makes what was written to `key` durable.
    fn sync(&self, key: &str) -> BoxFuture<'_, io::Result<()>>;
    /// Moves a complete file to its final key, atomically.
    fn rename(&self, from: &str, to: &str) -> BoxFuture<'_, io::Result<()>>;
    /// Writes a small file whole; readers see the old state or the new one, never half.
    fn write(&self, key: &str, bytes: Vec<u8>) -> BoxFuture<'_, io::Result<()>>;
    /// `len` bytes of `key` from `offset`.
    fn reader(&self, key: &str, offset: u64, len: u64) -> BoxFuture<'_, io::Result<Reader>>;
    /// The whole of `key`, if it is at most `limit` bytes (`None` if larger).
    fn read(&self, key: &str, limit: u64) -> BoxFuture<'_, io::Result<Option<Vec<u8>>>>;
    /// The size of `key`, `None` if absent.
    fn size(&self, key: &str) -> BoxFuture<'_, io::Result<Option<u64>>>;
    /// Removes `key` (absent is fine).
    fn remove(&self, key: &str) -> BoxFuture<'_, io::Result<()>>;
}

/// The configured storage and the key public links are signed with.
#[derive(Clone)]
pub struct Files {
    pub store: Arc<dyn FileStore>,
    pub link_key: link::LinkKey,
}

impl Files {
    /// Opens the directory backend at `FileSettings.Directory` (default `<data dir>/files`) and
    /// the link key in the data directory, creating both on first start.
    pub fn open(
        settings: &crate::config::FileSettings,
        data_dir: &std::path::Path,
    ) -> io::Result<Files> {
        let root = if settings.directory.is_empty() {
            data_dir.join("files")
        } else {
            settings.directory.clone().into()
        };
        Ok(Files {
            store: Arc::new(DirStore::open(root)?),
            link_key: link::LinkKey::load_or_create(&data_dir.join("file_link.key"))?,
        })
    }
}
