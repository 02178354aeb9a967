-- Uploaded files and resumable upload sessions. Keep in step with the other folder's V6.
CREATE TABLE file_infos (
    id TEXT PRIMARY KEY,
    creator_id TEXT NOT NULL,
    channel_id TEXT NOT NULL REFERENCES channels (id),
    post_id TEXT NOT NULL DEFAULT '',
    create_at INTEGER NOT NULL,
    update_at INTEGER NOT NULL,
    delete_at INTEGER NOT NULL DEFAULT 0,
    path TEXT NOT NULL,
    thumbnail_path TEXT NOT NULL DEFAULT '',
    preview_path TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    extension TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    mime_type TEXT NOT NULL DEFAULT '',
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    has_preview_image INTEGER NOT NULL DEFAULT 0,
    mini_preview TEXT NOT NULL DEFAULT ''
);
-- A post's files are read with every post list; file search walks a channel's newest files.
CREATE INDEX idx_file_infos_post_id ON file_infos (post_id);
CREATE INDEX idx_file_infos_channel_create_at ON file_infos (channel_id, create_at);

CREATE TABLE upload_sessions (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    create_at INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    channel_id TEXT NOT NULL REFERENCES channels (id),
    filename TEXT NOT NULL,
    path TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    file_offset INTEGER NOT NULL DEFAULT 0
);
