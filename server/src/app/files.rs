//! Files: streaming uploads into the file store (sniffed, size-limited, staged then renamed),
//! who may read a file, public links, the files of a post, and the background job that makes
//! thumbnails and previews.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use base64::Engine;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;

use super::{App, Caller, Error, ErrorKind, Result};
use crate::files::{FileStore, Files, Writer, images, link::LinkKey, names};
use crate::model::{Channel, FileInfo, is_valid_id, new_id, now_millis};
use crate::store::{FilePreviews, Store};

/// Previews made at the same time, so a burst of image uploads cannot take every core.
const PREVIEW_JOBS: usize = 1;

/// The file store and what the app keeps beside it.
pub struct FileService {
    pub(super) store: Arc<dyn FileStore>,
    link_key: LinkKey,
    previews: Arc<Semaphore>,
    /// Upload sessions receiving data right now: one request at a time per session.
    pub(super) uploading: Mutex<HashSet<String>>,
}

impl FileService {
    pub fn new(files: Files) -> Self {
        Self {
            store: files.store,
            link_key: files.link_key,
            previews: Arc::new(Semaphore::new(PREVIEW_JOBS)),
            uploading: Mutex::new(HashSet::new()),
        }
    }
}

/// A file received under a temporary key, not yet a `FileInfo`. Dropped unfinished (error,
/// client gone), its bytes are removed.
pub struct Staged {
    key: String,
    name: String,
    size: u64,
    head: Vec<u8>,
    store: Arc<dyn FileStore>,
    committed: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let (store, key) = (self.store.clone(), std::mem::take(&mut self.key));
            tokio::spawn(async move { store.remove(&key).await });
        }
    }
}

/// How far a copy got: the bytes written (buffered in the writer) and why it stopped early.
pub(super) struct Copied {
    pub written: u64,
    pub error: Option<Error>,
}

fn too_large(max: u64) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        "api.file.upload_file.too_large_detailed.app_error",
        format!("Unable to upload file. File is larger than the maximum of {max} bytes."),
    )
}

pub(super) fn storage_error(e: std::io::Error) -> Error {
    let mut error = Error::new(
        ErrorKind::Internal,
        "api.file.upload_file.storage.app_error",
        "The file could not be stored.",
    );
    error.detail = e.to_string();
    error
}

fn interrupted(detail: String) -> Error {
    let mut error = Error::bad_request(
        "api.file.upload_file.read_request.app_error",
        "The upload was interrupted before the file arrived.",
    );
    error.detail = detail;
    error
}

/// Copies `body` into `out` chunk by chunk, starting at `offset`, refusing to pass `max` bytes in
/// all, and keeping the first bytes of the file in `head` (when starting at 0) for sniffing.
pub(super) async fn copy_body<S, E>(
    mut body: S,
    out: &mut Writer,
    offset: u64,
    max: u64,
    head: &mut Vec<u8>,
) -> Copied
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut written = 0;
    let stop = |written, error| Copied {
        written,
        error: Some(error),
    };
    while let Some(chunk) = body.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => return stop(written, interrupted(e.to_string())),
        };
        if offset + written + chunk.len() as u64 > max {
            drain(body).await;
            return stop(written, too_large(max));
        }
        if offset + written < names::HEAD_BYTES as u64 {
            let room = names::HEAD_BYTES - head.len();
            head.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        if let Err(e) = out.write_all(&chunk).await {
            return stop(written, storage_error(e));
        }
        written += chunk.len() as u64;
    }
    Copied {
        written,
        error: None,
    }
}

/// Reads and drops what is left of a refused body, up to a few MiB for a few seconds, so the
/// client that is still sending reads our 413 instead of a connection reset (closing a socket
/// with unread data resets it).
pub async fn drain<S, E>(mut body: S)
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
{
    const DRAIN_BYTES: usize = 8 << 20;
    let mut seen = 0;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(3), async {
        while let Some(Ok(chunk)) = body.next().await {
            seen += chunk.len();
            if seen > DRAIN_BYTES {
                break;
            }
        }
    })
    .await;
}

impl App {
    /// Whether the caller may upload into the channel: attachments enabled, a member, the
    /// channel not archived.
    pub async fn check_upload(&self, caller: &Caller, channel_id: &str) -> Result<Channel> {
        if !self.config().file_settings.enable_file_attachments {
            return Err(Error::new(
                ErrorKind::NotImplemented,
                "api.file.attachments.disabled.app_error",
                "File attachments have been disabled on this server.",
            ));
        }
        if !is_valid_id(channel_id) {
            return Err(Error::invalid_param("channel_id"));
        }
        let (channel, _) = self.channel_membership(caller, channel_id).await?;
        if channel.delete_at != 0 {
            return Err(Error::bad_request(
                "api.file.upload_file.archived_channel.app_error",
                "Can not upload files to an archived channel.",
            ));
        }
        Ok(channel)
    }

    /// Streams one file into a temporary key. Over `FileSettings.MaxFileSize` it stops with 413
    /// and the partial file is removed.
    pub async fn stage_file<S, E>(&self, name: &str, body: S) -> Result<Staged>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let name = names::sanitize_name(name).ok_or_else(|| Error::invalid_param("filename"))?;
        let mut staged = Staged {
            key: format!("{}/{}", crate::files::STAGING, new_id()),
            name,
            size: 0,
            head: Vec::new(),
            store: self.files.store.clone(),
            committed: false,
        };
        let mut out = self
            .files
            .store
            .writer(&staged.key, 0)
            .await
            .map_err(storage_error)?;
        let max = self.config().file_settings.max_file_size;
        let copied = copy_body(body, &mut out, 0, max, &mut staged.head).await;
        if let Some(error) = copied.error {
            return Err(error);
        }
        out.shutdown().await.map_err(storage_error)?;
        staged.size = copied.written;
        Ok(staged)
    }

    /// Turns staged files into `FileInfo`s of the channel (renamed into place, saved in one
    /// transaction), and queues previews for images.
    pub async fn commit_files(
        &self,
        caller: &Caller,
        channel_id: &str,
        staged: Vec<Staged>,
    ) -> Result<Vec<FileInfo>> {
        let mut infos = Vec::with_capacity(staged.len());
        let mut placed = Vec::with_capacity(staged.len());
        for mut file in staged {
            let info = self.new_file_info(caller, channel_id, &file.name, file.size, &file.head);
            self.place(&file.key, &info.path, false).await?;
            file.committed = true;
            placed.push(info.path.clone());
            infos.push(info);
        }
        if let Err(e) = self.store.insert_files(&infos).await {
            for key in placed {
                let _ = self.files.store.remove(&key).await;
            }
            return Err(e.into());
        }
        for info in &infos {
            self.queue_previews(info);
        }
        Ok(infos)
    }

    /// Moves a complete staged file to its final key, made durable first when `synced` is false.
    pub(super) async fn place(&self, from: &str, to: &str, synced: bool) -> Result<()> {
        if !synced {
            self.files.store.sync(from).await.map_err(storage_error)?;
        }
        self.files
            .store
            .rename(from, to)
            .await
            .map_err(storage_error)
    }

    /// The `FileInfo` of a new file: name and extension from the cleaned name, type sniffed from
    /// the first bytes, dimensions read from an image's header.
    pub(super) fn new_file_info(
        &self,
        caller: &Caller,
        channel_id: &str,
        name: &str,
        size: u64,
        head: &[u8],
    ) -> FileInfo {
        let id = new_id();
        let extension = names::extension(name);
        let mime_type = names::sniff_mime(head, &extension);
        let preview = names::has_preview(&mime_type) && size <= images::MAX_DECODE_BYTES;
        let (width, height) = if mime_type.starts_with("image/") {
            images::dimensions(head).unwrap_or_default()
        } else {
            (0, 0)
        };
        let now = now_millis();
        FileInfo {
            path: format!("{}/{id}/file", &id[..2]),
            id,
            user_id: caller.user.id.clone(),
            channel_id: channel_id.to_owned(),
            create_at: now,
            update_at: now,
            name: name.to_owned(),
            extension,
            size: size as i64,
            mime_type,
            width: width.into(),
            height: height.into(),
            has_preview_image: preview,
            ..FileInfo::default()
        }
    }

    /// Starts making the thumbnail and preview of an image in the background.
    pub(super) fn queue_previews(&self, info: &FileInfo) {
        if !info.has_preview_image {
            return;
        }
        let job = PreviewJob {
            store: self.store.clone(),
            files: self.files.store.clone(),
            info: info.clone(),
        };
        tokio::spawn(job.run(self.files.previews.clone()));
    }

    /// An undeleted file the caller may read: its uploader while it is not on a post yet, or
    /// anyone who may read its channel.
    pub async fn readable_file(&self, caller: &Caller, file_id: &str) -> Result<FileInfo> {
        if !self.config().file_settings.enable_file_attachments {
            return Err(Error::new(
                ErrorKind::NotImplemented,
                "api.file.attachments.disabled.app_error",
                "File attachments have been disabled on this server.",
            ));
        }
        let info = self.live_file(file_id).await?;
        if info.post_id.is_empty() && info.user_id == caller.user.id {
            return Ok(info);
        }
        self.channel_access(caller, &info.channel_id)
            .await
            .map_err(|e| match e.kind {
                ErrorKind::Internal | ErrorKind::Unavailable => e,
                _ => Error::forbidden(),
            })?;
        Ok(info)
    }

    async fn live_file(&self, file_id: &str) -> Result<FileInfo> {
        match self.store.file(file_id).await? {
            Some(f) if f.delete_at == 0 => Ok(f),
            _ => Err(Error::not_found("file")),
        }
    }

    /// The key of a file's thumbnail or preview: 400 for files that have none, 404 while the
    /// background job has not made it yet.
    pub fn derived_key(info: &FileInfo, preview: bool) -> Result<String> {
        if !info.has_preview_image {
            return Err(Error::bad_request(
                "api.file.get_file_thumbnail.no_thumbnail.app_error",
                "The file does not have a thumbnail or preview.",
            ));
        }
        let key = if preview {
            &info.preview_path
        } else {
            &info.thumbnail_path
        };
        if key.is_empty() {
            return Err(Error::not_found("file preview"));
        }
        Ok(key.clone())
    }

    /// Reads `len` bytes of a stored file from `offset`.
    pub async fn file_reader(
        &self,
        key: &str,
        offset: u64,
        len: u64,
    ) -> Result<crate::files::Reader> {
        self.files
            .store
            .reader(key, offset, len)
            .await
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::not_found("file"),
                _ => storage_error(e),
            })
    }

    /// The size of a stored file.
    pub async fn stored_size(&self, key: &str) -> Result<u64> {
        match self.files.store.size(key).await {
            Ok(Some(size)) => Ok(size),
            Ok(None) => Err(Error::not_found("file")),
            Err(e) => Err(storage_error(e)),
        }
    }

    /// A link that fetches the file without logging in (`FileSettings.EnablePublicLink`); only
    /// for files on a post.
    pub async fn public_link(
        &self,
        caller: &Caller,
        file_id: &str,
        site_url: &str,
    ) -> Result<String> {
        self.check_public_links()?;
        let info = self.readable_file(caller, file_id).await?;
        if info.post_id.is_empty() {
            return Err(Error::bad_request(
                "api.file.get_public_link.no_post.app_error",
                "Unable to get a public link for a file that is not attached to a post.",
            ));
        }
        let hash = self.files.link_key.sign(&info.id);
        Ok(format!("{site_url}/files/{}/public?h={hash}", info.id))
    }

    /// The file behind a public link, if links are on and `hash` is the file's signature.
    pub async fn public_file(&self, file_id: &str, hash: &str) -> Result<FileInfo> {
        self.check_public_links()?;
        if !is_valid_id(file_id) || !self.files.link_key.verify(file_id, hash) {
            return Err(Error::bad_request(
                "api.file.get_file.public_invalid.app_error",
                "The public link does not appear to be valid.",
            ));
        }
        let info = self.live_file(file_id).await?;
        if info.post_id.is_empty() {
            return Err(Error::not_found("file"));
        }
        Ok(info)
    }

    fn check_public_links(&self) -> Result<()> {
        if self.config().file_settings.enable_public_link {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::NotImplemented,
            "api.file.get_public_link.disabled.app_error",
            "Public links have been disabled.",
        ))
    }

    /// The files of a post the caller may read.
    pub async fn post_files(&self, caller: &Caller, post_id: &str) -> Result<Vec<FileInfo>> {
        let post = self.get_post(caller, post_id).await?;
        Ok(self.store.files_for_posts(&[post.id]).await?)
    }

    /// Of `file_ids`, those the caller may attach to a new post in `channel_id`: their own,
    /// undeleted, in that channel, on no post yet. Others are dropped, as Mattermost does.
    pub(super) async fn attachable_files(
        &self,
        caller: &Caller,
        channel_id: &str,
        file_ids: &[String],
    ) -> Result<Vec<String>> {
        let found = self.store.files_by_ids(file_ids).await?;
        let ok: HashSet<&str> = found
            .iter()
            .filter(|f| {
                f.user_id == caller.user.id
                    && f.channel_id == channel_id
                    && f.post_id.is_empty()
                    && f.delete_at == 0
            })
            .map(|f| f.id.as_str())
            .collect();
        let mut seen = HashSet::new();
        Ok(file_ids
            .iter()
            .filter(|id| ok.contains(id.as_str()) && seen.insert(id.as_str()))
            .cloned()
            .collect())
    }
}

/// Makes one image's thumbnail, preview and mini preview off the request path.
struct PreviewJob {
    store: Store,
    files: Arc<dyn FileStore>,
    info: FileInfo,
}

impl PreviewJob {
    async fn run(self, jobs: Arc<Semaphore>) {
        let Ok(_permit) = jobs.acquire().await else {
            return;
        };
        let id = self.info.id.clone();
        if let Err(e) = self.make().await {
            tracing::warn!(file_id = %id, error = %e, "no preview for this image");
            let _ = self.store.clear_file_preview(&id).await;
        }
    }

    async fn make(&self) -> std::result::Result<(), String> {
        let bytes = self
            .files
            .read(&self.info.path, images::MAX_DECODE_BYTES)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("image too large to preview")?;
        let rendered = tokio::task::spawn_blocking(move || images::render(&bytes))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        let dir = self.info.path.trim_end_matches("/file");
        let previews = FilePreviews {
            thumbnail_path: format!("{dir}/thumb.jpg"),
            preview_path: format!("{dir}/preview.jpg"),
            width: rendered.width.into(),
            height: rendered.height.into(),
            mini_preview: base64::engine::general_purpose::STANDARD.encode(&rendered.mini_preview),
        };
        let write = |key: &str, bytes| self.files.write(key, bytes);
        write(&previews.thumbnail_path, rendered.thumbnail)
            .await
            .map_err(|e| e.to_string())?;
        write(&previews.preview_path, rendered.preview)
            .await
            .map_err(|e| e.to_string())?;
        self.store
            .set_file_previews(&self.info.id, &previews)
            .await
            .map_err(|e| e.to_string())
    }
}
