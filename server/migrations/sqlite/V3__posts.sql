-- Posts changed since a time (clients resyncing a channel) are found by update time.
CREATE INDEX idx_posts_channel_update_at ON posts (channel_id, update_at);
