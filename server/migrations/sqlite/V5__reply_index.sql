-- Reply counts look posts up by root_id. Most posts are roots (root_id = ''), so PostgreSQL's
-- statistics make an index on all of root_id look useless and it scans the table per post. An index
-- over replies only is small and always chosen; queries add `root_id <> ''` to match it.
CREATE INDEX idx_posts_replies ON posts (root_id, create_at) WHERE root_id <> '';
