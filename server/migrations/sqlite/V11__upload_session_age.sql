-- Abandoned upload sessions are swept by age.
CREATE INDEX idx_upload_sessions_create_at ON upload_sessions (create_at);
