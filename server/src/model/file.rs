//! Files: Mattermost's `FileInfo`, `FileInfoList` and `UploadSession`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Metadata of one uploaded file. `path` and friends are where the bytes live in the file store;
/// they never leave the server.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct FileInfo {
    pub id: String,
    /// The uploader.
    pub user_id: String,
    pub channel_id: String,
    /// Empty until the file is attached to a post.
    pub post_id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub name: String,
    pub extension: String,
    pub size: i64,
    pub mime_type: String,
    pub width: i64,
    pub height: i64,
    pub has_preview_image: bool,
    /// A tiny JPEG, base64 (Go's encoding of `[]byte`); `null` until made.
    pub mini_preview: Option<String>,
    pub remote_id: String,
    pub archived: bool,
    #[serde(skip)]
    pub path: String,
    #[serde(skip)]
    pub thumbnail_path: String,
    #[serde(skip)]
    pub preview_path: String,
}

/// `FileInfoList`: file search results, ids in `order`, infos keyed by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FileInfoList {
    pub order: Vec<String>,
    pub file_infos: HashMap<String, FileInfo>,
    pub next_file_id: String,
    pub prev_file_id: String,
    pub first_inaccessible_file_time: i64,
}

/// A resumable upload: the client sends the file in as many requests as it needs, each starting
/// at `file_offset`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct UploadSession {
    pub id: String,
    #[serde(rename = "type")]
    pub upload_type: String,
    pub create_at: i64,
    pub user_id: String,
    pub channel_id: String,
    pub filename: String,
    pub file_size: i64,
    /// Bytes durably received so far.
    pub file_offset: i64,
    pub remote_id: String,
    pub req_file_id: String,
    /// Where the partial file is staged; internal, as in Mattermost.
    #[serde(skip)]
    pub path: String,
}
