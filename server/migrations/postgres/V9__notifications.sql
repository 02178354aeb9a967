-- Notifications: a durable queue of deliveries (email, Web Push, push proxy) so nothing is lost on
-- restart, and the Web Push subscriptions of browser sessions.
CREATE TABLE notification_jobs (
    id TEXT PRIMARY KEY,
    -- 'email', 'webpush' or 'push_proxy'
    kind TEXT NOT NULL,
    user_id TEXT NOT NULL,
    -- The subscription (webpush) or session (push_proxy) to deliver to; '' for email.
    target TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- Due time; while a delivery runs it is pushed out by a lease so a crash retries it later.
    next_attempt_at BIGINT NOT NULL,
    create_at BIGINT NOT NULL,
    -- Set when the job was given up after its last attempt; kept for the admin to inspect.
    failed_at BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_notification_jobs_due ON notification_jobs (failed_at, next_attempt_at);
CREATE INDEX idx_notification_jobs_user ON notification_jobs (user_id, kind);

CREATE TABLE webpush_subscriptions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    -- Ends with the session that subscribed.
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    create_at BIGINT NOT NULL
);
CREATE INDEX idx_webpush_subscriptions_user ON webpush_subscriptions (user_id);
