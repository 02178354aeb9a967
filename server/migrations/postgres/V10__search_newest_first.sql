-- Newest-first searches over a long history. Each post's words are stored beside it, so testing
-- a post while walking posts backwards in time (idx_posts_create_at_id) is cheap: a search first
-- looks for its page among the newest posts that pass its filters and stops there, instead of
-- fetching and sorting every post a common word matches; the word index answers the rest.
-- SQLite gets the same from walking its FTS5 index newest first.
ALTER TABLE posts ADD COLUMN message_words tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED;
CREATE INDEX idx_posts_message_words_stored ON posts USING GIN (message_words);
DROP INDEX idx_posts_message_words;
CREATE INDEX idx_posts_create_at_id ON posts (create_at, id);
