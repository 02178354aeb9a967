-- Post search: two GIN indexes over posts.message, maintained by PostgreSQL itself (building them
-- indexes the posts written before this migration):
--   words    to_tsvector('simple', message): phrases, `prefix*` and short words, case-folded and
--            not stemmed, so results match SQLite's;
--   trigrams pg_trgm over message: ILIKE '%term%' substrings, words inside longer words, and
--            Chinese, Japanese and Korean text, which has no spaces between words.
-- pg_trgm is a trusted extension (PostgreSQL 13 and later): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX idx_posts_message_words ON posts USING GIN (to_tsvector('simple', message));
CREATE INDEX idx_posts_message_trigrams ON posts USING GIN (message gin_trgm_ops);
