//! Resumable uploads (Mattermost's upload sessions): the client declares a file, then sends its
//! bytes in as many requests as it needs, each starting at `file_offset`. What arrived is made
//! durable and recorded when a request ends, however it ends, so a dropped connection resumes
//! where the data stopped. Sessions nobody finished are removed, with their bytes, two days
//! after they were created.

use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::files::{copy_body, storage_error};
use super::{App, Caller, Error, ErrorKind, Result};
use crate::files::names;
use crate::model::{FileInfo, UploadSession, is_valid_id, new_id, now_millis};

/// How long a request waits for another request on the same session to finish.
const RECEIVE_WAIT_STEP: std::time::Duration = std::time::Duration::from_millis(25);
const RECEIVE_WAIT_STEPS: usize = 400;

/// An upload session older than this is abandoned: its bytes are deleted.
const UPLOAD_SESSION_LIFETIME_MS: i64 = 48 * 3_600_000;
/// How often abandoned sessions are looked for (and once at start).
const SWEEP_INTERVAL: Duration = Duration::from_secs(3600);

/// Deletes abandoned upload sessions and their staged bytes, at start and then hourly, until the
/// app is gone.
pub(super) async fn sweep_abandoned_uploads(app: Weak<App>) {
    let mut tick = tokio::time::interval(SWEEP_INTERVAL);
    loop {
        tick.tick().await;
        let Some(app) = app.upgrade() else { return };
        if let Err(e) = app.remove_abandoned_uploads().await {
            tracing::warn!(error = %e.detail, "could not remove abandoned uploads; will try again in an hour");
        }
    }
}

/// `POST /uploads` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewUpload {
    pub channel_id: String,
    pub filename: String,
    pub file_size: i64,
}

/// Marks a session as receiving data; released when dropped.
struct Receiving {
    app: Arc<App>,
    id: String,
}

impl Drop for Receiving {
    fn drop(&mut self) {
        if let Ok(mut set) = self.app.files.uploading.lock() {
            set.remove(&self.id);
        }
    }
}

impl App {
    pub async fn create_upload(&self, caller: &Caller, new: NewUpload) -> Result<UploadSession> {
        self.check_upload(caller, &new.channel_id).await?;
        let filename =
            names::sanitize_name(&new.filename).ok_or_else(|| Error::invalid_param("filename"))?;
        if new.file_size <= 0 {
            return Err(Error::invalid_param("file_size"));
        }
        let max = self.config().file_settings.max_file_size;
        if new.file_size as u64 > max {
            return Err(Error::new(
                ErrorKind::TooLarge,
                "api.upload.create.upload_too_large.app_error",
                format!("Unable to upload file. File is larger than the maximum of {max} bytes."),
            ));
        }
        let id = new_id();
        let session = UploadSession {
            path: format!("uploads/{id}"),
            id,
            upload_type: "attachment".into(),
            create_at: now_millis(),
            user_id: caller.user.id.clone(),
            channel_id: new.channel_id,
            filename,
            file_size: new.file_size,
            ..UploadSession::default()
        };
        self.store.insert_upload(&session).await?;
        Ok(session)
    }

    /// The caller's own upload session.
    pub async fn get_upload(&self, caller: &Caller, upload_id: &str) -> Result<UploadSession> {
        let session = match is_valid_id(upload_id) {
            true => self.store.upload(upload_id).await?,
            false => None,
        };
        let session = session.ok_or_else(|| Error::not_found("upload"))?;
        if session.user_id != caller.user.id {
            return Err(Error::forbidden());
        }
        Ok(session)
    }

    /// `GET /uploads/{id}`: the caller's session with its offset. A request that is still
    /// recording what it received (its client dropped and is now asking where to resume) is
    /// waited for, so the offset the client resumes from is the one the next append writes at.
    pub async fn upload_status(&self, caller: &Caller, upload_id: &str) -> Result<UploadSession> {
        self.get_upload(caller, upload_id).await?;
        for _ in 0..RECEIVE_WAIT_STEPS {
            let busy = match self.files.uploading.lock() {
                Ok(set) => set.contains(upload_id),
                Err(_) => false,
            };
            if !busy {
                break;
            }
            tokio::time::sleep(RECEIVE_WAIT_STEP).await;
        }
        self.get_upload(caller, upload_id).await
    }

    /// Appends `body` at the session's offset. `None` while the file is incomplete; the new
    /// `FileInfo` once the last byte arrived. The work runs in its own task, so a client that
    /// goes away mid-request still leaves its bytes recorded.
    pub async fn append_upload<S, E>(
        self: &Arc<Self>,
        caller: &Caller,
        upload_id: &str,
        body: S,
    ) -> Result<Option<FileInfo>>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin + Send + 'static,
        E: std::fmt::Display + Send,
    {
        let session = self.get_upload(caller, upload_id).await?;
        self.check_upload(caller, &session.channel_id).await?;
        let receiving = self.start_receiving(&session.id).await?;
        // Read again now that no other request writes: the offset is final.
        let session = self.get_upload(caller, upload_id).await?;
        let caller = caller.clone();
        tokio::spawn(async move {
            let app = receiving.app.clone();
            app.receive(&caller, session, body).await
        })
        .await
        .map_err(|e| storage_error(std::io::Error::other(e)))?
    }

    async fn remove_abandoned_uploads(&self) -> Result<()> {
        let before = now_millis() - UPLOAD_SESSION_LIFETIME_MS;
        for (id, path) in self.store.stale_uploads(before, 500).await? {
            // One still receiving bytes is not abandoned.
            if self
                .files
                .uploading
                .lock()
                .is_ok_and(|set| set.contains(&id))
            {
                continue;
            }
            self.files
                .store
                .remove(&path)
                .await
                .map_err(storage_error)?;
            self.store.delete_upload(&id).await?;
            tracing::info!(upload_id = %id, "removed an upload nobody finished");
        }
        Ok(())
    }

    /// Claims the session for one request. A request that arrives while the previous one is
    /// still recording what it received (a client resuming right after a drop) waits for it.
    async fn start_receiving(self: &Arc<Self>, id: &str) -> Result<Receiving> {
        for _ in 0..RECEIVE_WAIT_STEPS {
            let claimed = match self.files.uploading.lock() {
                Ok(mut set) => set.insert(id.to_owned()),
                Err(_) => false,
            };
            if claimed {
                return Ok(Receiving {
                    app: self.clone(),
                    id: id.to_owned(),
                });
            }
            tokio::time::sleep(RECEIVE_WAIT_STEP).await;
        }
        Err(Error::bad_request(
            "api.upload.upload_data.in_progress.app_error",
            "This upload is already receiving data in another request.",
        ))
    }

    async fn receive<S, E>(
        &self,
        caller: &Caller,
        session: UploadSession,
        body: S,
    ) -> Result<Option<FileInfo>>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let offset = session.file_offset as u64;
        let store = &self.files.store;
        let mut out = store
            .writer(&session.path, offset)
            .await
            .map_err(storage_error)?;
        let mut head = Vec::new();
        let copied = copy_body(body, &mut out, offset, session.file_size as u64, &mut head).await;
        // Whatever arrived is kept, even when the request failed part way.
        out.shutdown().await.map_err(storage_error)?;
        store.sync(&session.path).await.map_err(storage_error)?;
        let received = offset + copied.written;
        self.store
            .set_upload_offset(&session.id, received as i64)
            .await?;
        if let Some(error) = copied.error {
            return Err(error);
        }
        if received < session.file_size as u64 {
            return Ok(None);
        }
        let head = self.read_head(&session.path).await?;
        let info = self.new_file_info(
            caller,
            &session.channel_id,
            &session.filename,
            received,
            &head,
        );
        self.place(&session.path, &info.path, true).await?;
        self.store.complete_upload(&session.id, &info).await?;
        self.queue_previews(&info);
        Ok(Some(info))
    }

    /// The first bytes of a stored file, for sniffing its type.
    async fn read_head(&self, key: &str) -> Result<Vec<u8>> {
        let mut reader = self.file_reader(key, 0, names::HEAD_BYTES as u64).await?;
        let mut head = Vec::with_capacity(names::HEAD_BYTES);
        reader.read_to_end(&mut head).await.map_err(storage_error)?;
        Ok(head)
    }
}
