-- Post search. Two FTS5 indexes over posts.message, as external-content tables (the text stays in
-- posts; only the index is stored), kept in step with posts by the triggers below:
--   posts_fts          words (unicode61, case-folded): phrases, `prefix*` and short words;
--   posts_fts_trigram  every 3-character sequence: substrings, words inside longer words, and
--                      Chinese, Japanese and Korean text, which has no spaces between words.
-- Both names fall under the schema-parity test's `%_fts%` exclusion with their shadow tables.
CREATE VIRTUAL TABLE posts_fts USING fts5(
    message, content = 'posts', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE posts_fts_trigram USING fts5(
    message, content = 'posts', content_rowid = 'rowid', tokenize = 'trigram'
);

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, message) VALUES (new.rowid, new.message);
    INSERT INTO posts_fts_trigram (rowid, message) VALUES (new.rowid, new.message);
END;

-- An external-content index forgets a row by being told the exact text it indexed.
CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, message) VALUES ('delete', old.rowid, old.message);
    INSERT INTO posts_fts_trigram (posts_fts_trigram, rowid, message)
        VALUES ('delete', old.rowid, old.message);
END;

CREATE TRIGGER posts_search_update AFTER UPDATE OF message ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, message) VALUES ('delete', old.rowid, old.message);
    INSERT INTO posts_fts_trigram (posts_fts_trigram, rowid, message)
        VALUES ('delete', old.rowid, old.message);
    INSERT INTO posts_fts (rowid, message) VALUES (new.rowid, new.message);
    INSERT INTO posts_fts_trigram (rowid, message) VALUES (new.rowid, new.message);
END;

-- Index the posts written before this migration.
INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
INSERT INTO posts_fts_trigram (posts_fts_trigram) VALUES ('rebuild');
