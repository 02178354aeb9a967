-- Timed "do not disturb": when it ends (epoch seconds, 0 = never) and the status to return to.
ALTER TABLE status ADD COLUMN dnd_end_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE status ADD COLUMN prev_status TEXT NOT NULL DEFAULT '';
