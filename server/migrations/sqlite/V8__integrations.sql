-- Personal access tokens: only a SHA-256 of the token is kept, like session tokens. A token in use
-- is backed by a session whose id is the token's id, so revoking it ends that session at once.
CREATE TABLE user_access_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    description TEXT NOT NULL DEFAULT '',
    is_active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX idx_user_access_tokens_user_id ON user_access_tokens (user_id);

-- Bot accounts: the user row (is_bot) holds the name; this row the owner and description.
CREATE TABLE bots (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    description TEXT NOT NULL DEFAULT '',
    owner_id TEXT NOT NULL,
    create_at INTEGER NOT NULL,
    update_at INTEGER NOT NULL,
    delete_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE incoming_webhooks (
    id TEXT PRIMARY KEY,
    create_at INTEGER NOT NULL,
    update_at INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT '',
    icon_url TEXT NOT NULL DEFAULT '',
    channel_locked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_incoming_webhooks_team_id ON incoming_webhooks (team_id);

-- trigger_words and callback_urls are JSON arrays of strings.
CREATE TABLE outgoing_webhooks (
    id TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    create_at INTEGER NOT NULL,
    update_at INTEGER NOT NULL,
    creator_id TEXT NOT NULL,
    channel_id TEXT NOT NULL DEFAULT '',
    team_id TEXT NOT NULL,
    trigger_words TEXT NOT NULL DEFAULT '[]',
    trigger_when INTEGER NOT NULL DEFAULT 0,
    callback_urls TEXT NOT NULL DEFAULT '[]',
    display_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT '',
    icon_url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_outgoing_webhooks_team_id ON outgoing_webhooks (team_id);

-- Custom slash commands; a trigger is unique within a team.
CREATE TABLE commands (
    id TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    create_at INTEGER NOT NULL,
    update_at INTEGER NOT NULL,
    creator_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    trigger TEXT NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    icon_url TEXT NOT NULL DEFAULT '',
    auto_complete INTEGER NOT NULL DEFAULT 0,
    auto_complete_desc TEXT NOT NULL DEFAULT '',
    auto_complete_hint TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    UNIQUE (team_id, trigger)
);
