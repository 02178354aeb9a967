-- Newest-first searches over a long history. With the words stored beside each post (instead of
-- an index over an expression computed again for every row it checks), testing a post is cheap,
-- so for a common word the planner walks idx_posts_create_at_id backwards and stops at a page of
-- matches instead of fetching and sorting every post the word index finds; for a rare word it
-- still takes the word index. SQLite gets the same from walking its FTS5 index newest first.
ALTER TABLE posts ADD COLUMN message_words tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED;
CREATE INDEX idx_posts_message_words_stored ON posts USING GIN (message_words);
DROP INDEX idx_posts_message_words;
CREATE INDEX idx_posts_create_at_id ON posts (create_at, id);
