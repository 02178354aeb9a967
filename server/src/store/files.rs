//! Files: `FileInfo` rows (uploads, attaching them to posts, previews, search by name) and
//! resumable upload sessions.

use super::{Row, Stmt, Store, StoreError, Value, placeholders};
use crate::model::{FileInfo, UploadSession};
use crate::params;

const FILE_COLUMNS: &str = "f.id, f.creator_id, f.channel_id, f.post_id, f.create_at, f.update_at, \
    f.delete_at, f.path, f.thumbnail_path, f.preview_path, f.name, f.extension, f.size, f.mime_type, \
    f.width, f.height, f.has_preview_image, f.mini_preview";

fn file_from_row(r: &Row) -> Result<FileInfo, StoreError> {
    let mini: String = r.get(17)?;
    Ok(FileInfo {
        id: r.get(0)?,
        user_id: r.get(1)?,
        channel_id: r.get(2)?,
        post_id: r.get(3)?,
        create_at: r.get(4)?,
        update_at: r.get(5)?,
        delete_at: r.get(6)?,
        path: r.get(7)?,
        thumbnail_path: r.get(8)?,
        preview_path: r.get(9)?,
        name: r.get(10)?,
        extension: r.get(11)?,
        size: r.get(12)?,
        mime_type: r.get(13)?,
        width: r.get(14)?,
        height: r.get(15)?,
        has_preview_image: r.get(16)?,
        mini_preview: (!mini.is_empty()).then_some(mini),
        ..FileInfo::default()
    })
}

fn insert_file_stmt(f: &FileInfo) -> Stmt {
    (
        "INSERT INTO file_infos (id, creator_id, channel_id, post_id, create_at, update_at, \
         delete_at, path, thumbnail_path, preview_path, name, extension, size, mime_type, \
         width, height, has_preview_image, mini_preview) \
         VALUES ($1, $2, $3, '', $4, $4, 0, $5, '', '', $6, $7, $8, $9, $10, $11, $12, '')"
            .to_owned(),
        params![
            &f.id,
            &f.user_id,
            &f.channel_id,
            f.create_at,
            &f.path,
            &f.name,
            &f.extension,
            f.size,
            &f.mime_type,
            f.width,
            f.height,
            f.has_preview_image,
        ],
    )
}

/// What the background job learned from an image.
#[derive(Debug)]
pub struct FilePreviews {
    pub thumbnail_path: String,
    pub preview_path: String,
    pub width: i64,
    pub height: i64,
    /// Base64 of the tiny JPEG.
    pub mini_preview: String,
}

/// A file search: name words (all or any), optional extensions, within the channels a user is a
/// member of (of one team, plus direct and group channels, when `team_id` is set).
#[derive(Debug, Default)]
pub struct FileSearch {
    pub user_id: String,
    pub team_id: Option<String>,
    /// Lower-case words, each matched anywhere in the name.
    pub words: Vec<String>,
    pub is_or: bool,
    pub extensions: Vec<String>,
    pub offset: i64,
    pub limit: i64,
}

/// `LIKE` pattern matching `word` anywhere, with the wildcards in `word` taken literally.
fn contains_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// Saves new files (one transaction for all of one upload).
    pub async fn insert_files(&self, files: &[FileInfo]) -> Result<(), StoreError> {
        self.db
            .transaction(files.iter().map(insert_file_stmt).collect())
            .await?;
        Ok(())
    }

    pub async fn file(&self, id: &str) -> Result<Option<FileInfo>, StoreError> {
        let sql = format!("SELECT {FILE_COLUMNS} FROM file_infos f WHERE f.id = $1");
        self.db
            .query_opt(&sql, params![id])
            .await?
            .as_ref()
            .map(file_from_row)
            .transpose()
    }

    /// Files by id, in no particular order.
    pub async fn files_by_ids(&self, ids: &[String]) -> Result<Vec<FileInfo>, StoreError> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM file_infos f WHERE f.id IN ({})",
            placeholders(1, ids.len())
        );
        self.files_query(&sql, ids.iter().map(Into::into).collect())
            .await
    }

    /// Undeleted files attached to any of `post_ids`, oldest first.
    pub async fn files_for_posts(&self, post_ids: &[String]) -> Result<Vec<FileInfo>, StoreError> {
        if post_ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM file_infos f WHERE f.post_id IN ({}) AND f.delete_at = 0 \
             ORDER BY f.create_at, f.id",
            placeholders(1, post_ids.len())
        );
        self.files_query(&sql, post_ids.iter().map(Into::into).collect())
            .await
    }

    /// Records the thumbnail, preview and dimensions the background job made.
    pub async fn set_file_previews(&self, id: &str, p: &FilePreviews) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE file_infos SET thumbnail_path = $2, preview_path = $3, width = $4, \
                 height = $5, mini_preview = $6, has_preview_image = TRUE WHERE id = $1",
                params![
                    id,
                    &p.thumbnail_path,
                    &p.preview_path,
                    p.width,
                    p.height,
                    &p.mini_preview
                ],
            )
            .await?;
        Ok(())
    }

    /// The image could not be previewed after all: clients stop asking for a preview.
    pub async fn clear_file_preview(&self, id: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE file_infos SET has_preview_image = FALSE WHERE id = $1",
                params![id],
            )
            .await?;
        Ok(())
    }

    /// Files matching a search, newest first.
    pub async fn search_files(&self, s: &FileSearch) -> Result<Vec<FileInfo>, StoreError> {
        let mut params: Vec<Value> = params![&s.user_id, s.limit, s.offset];
        let mut filters = vec![];
        if let Some(team_id) = &s.team_id {
            params.push(team_id.into());
            filters.push(format!("(c.team_id = ${} OR c.team_id = '')", params.len()));
        }
        let mut words = vec![];
        for word in &s.words {
            params.push(contains_pattern(word).into());
            words.push(format!("LOWER(f.name) LIKE ${} ESCAPE '\\'", params.len()));
        }
        if !words.is_empty() {
            let joiner = if s.is_or { " OR " } else { " AND " };
            filters.push(format!("({})", words.join(joiner)));
        }
        if !s.extensions.is_empty() {
            let start = params.len() + 1;
            params.extend(s.extensions.iter().map(Into::into));
            filters.push(format!(
                "f.extension IN ({})",
                placeholders(start, s.extensions.len())
            ));
        }
        let filters: String = filters.iter().map(|f| format!(" AND {f}")).collect();
        let sql = format!(
            "SELECT {FILE_COLUMNS} FROM file_infos f \
             JOIN channel_members cm ON cm.channel_id = f.channel_id AND cm.user_id = $1 \
             JOIN channels c ON c.id = f.channel_id \
             WHERE f.delete_at = 0 AND f.post_id <> '' AND c.delete_at = 0{filters} \
             ORDER BY f.create_at DESC, f.id DESC LIMIT $2 OFFSET $3"
        );
        self.files_query(&sql, params).await
    }

    async fn files_query(
        &self,
        sql: &str,
        params: Vec<Value>,
    ) -> Result<Vec<FileInfo>, StoreError> {
        self.db
            .query(sql, params)
            .await?
            .iter()
            .map(file_from_row)
            .collect()
    }

    pub async fn insert_upload(&self, u: &UploadSession) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO upload_sessions (id, type, create_at, user_id, channel_id, filename, \
                 path, file_size, file_offset) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0)",
                params![
                    &u.id,
                    &u.upload_type,
                    u.create_at,
                    &u.user_id,
                    &u.channel_id,
                    &u.filename,
                    &u.path,
                    u.file_size
                ],
            )
            .await?;
        Ok(())
    }

    pub async fn upload(&self, id: &str) -> Result<Option<UploadSession>, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT id, type, create_at, user_id, channel_id, filename, path, file_size, \
                 file_offset FROM upload_sessions WHERE id = $1",
                params![id],
            )
            .await?;
        row.map(|r| {
            Ok(UploadSession {
                id: r.get(0)?,
                upload_type: r.get(1)?,
                create_at: r.get(2)?,
                user_id: r.get(3)?,
                channel_id: r.get(4)?,
                filename: r.get(5)?,
                path: r.get(6)?,
                file_size: r.get(7)?,
                file_offset: r.get(8)?,
                ..UploadSession::default()
            })
        })
        .transpose()
    }

    /// Up to `limit` upload sessions created before `before`: `(id, path)`.
    pub async fn stale_uploads(
        &self,
        before: i64,
        limit: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT id, path FROM upload_sessions WHERE create_at < $1 ORDER BY create_at LIMIT $2",
                params![before, limit],
            )
            .await?;
        rows.iter().map(|r| Ok((r.get(0)?, r.get(1)?))).collect()
    }

    pub async fn delete_upload(&self, id: &str) -> Result<(), StoreError> {
        self.db
            .execute("DELETE FROM upload_sessions WHERE id = $1", params![id])
            .await?;
        Ok(())
    }

    /// Records how much of an upload is durably stored.
    pub async fn set_upload_offset(&self, id: &str, offset: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE upload_sessions SET file_offset = $2 WHERE id = $1",
                params![id, offset],
            )
            .await?;
        Ok(())
    }

    /// Turns a finished upload into a file: the session goes, the file row comes, atomically.
    pub async fn complete_upload(&self, id: &str, file: &FileInfo) -> Result<(), StoreError> {
        let mut stmts = vec![(
            "DELETE FROM upload_sessions WHERE id = $1".to_owned(),
            params![id],
        )];
        stmts.push(insert_file_stmt(file));
        self.db.transaction(stmts).await?;
        Ok(())
    }
}
