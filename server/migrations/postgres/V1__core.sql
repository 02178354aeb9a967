-- Core chat schema (PostgreSQL). Keep in step with ../sqlite/V1__core.sql: a test compares them.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    create_at BIGINT NOT NULL,
    update_at BIGINT NOT NULL,
    delete_at BIGINT NOT NULL DEFAULT 0,
    username TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL UNIQUE,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    nickname TEXT NOT NULL DEFAULT '',
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL DEFAULT 'system_user',
    locale TEXT NOT NULL DEFAULT 'en',
    notify_props TEXT NOT NULL DEFAULT '{}',
    props TEXT NOT NULL DEFAULT '{}',
    timezone TEXT NOT NULL DEFAULT '{}',
    last_password_update BIGINT NOT NULL DEFAULT 0,
    last_picture_update BIGINT NOT NULL DEFAULT 0,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    mfa_active BOOLEAN NOT NULL DEFAULT FALSE,
    mfa_secret TEXT NOT NULL DEFAULT '',
    is_bot BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX idx_users_update_at ON users (update_at);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    create_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_activity_at BIGINT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    device_id TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL DEFAULT '',
    props TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_sessions_user_id ON sessions (user_id);

CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    create_at BIGINT NOT NULL,
    update_at BIGINT NOT NULL,
    delete_at BIGINT NOT NULL DEFAULT 0,
    display_name TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT 'O',
    company_name TEXT NOT NULL DEFAULT '',
    allowed_domains TEXT NOT NULL DEFAULT '',
    invite_id TEXT NOT NULL,
    allow_open_invite BOOLEAN NOT NULL DEFAULT FALSE,
    last_team_icon_update BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX idx_teams_invite_id ON teams (invite_id);

CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    roles TEXT NOT NULL DEFAULT '',
    delete_at BIGINT NOT NULL DEFAULT 0,
    scheme_guest BOOLEAN NOT NULL DEFAULT FALSE,
    scheme_user BOOLEAN NOT NULL DEFAULT TRUE,
    scheme_admin BOOLEAN NOT NULL DEFAULT FALSE,
    create_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX idx_team_members_user_id ON team_members (user_id);

CREATE TABLE channels (
    id TEXT PRIMARY KEY,
    create_at BIGINT NOT NULL,
    update_at BIGINT NOT NULL,
    delete_at BIGINT NOT NULL DEFAULT 0,
    team_id TEXT NOT NULL,
    type TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    header TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    last_post_at BIGINT NOT NULL DEFAULT 0,
    last_root_post_at BIGINT NOT NULL DEFAULT 0,
    total_msg_count BIGINT NOT NULL DEFAULT 0,
    total_msg_count_root BIGINT NOT NULL DEFAULT 0,
    creator_id TEXT NOT NULL DEFAULT '',
    UNIQUE (team_id, name)
);
CREATE INDEX idx_channels_team_id ON channels (team_id, type);

CREATE TABLE channel_members (
    channel_id TEXT NOT NULL REFERENCES channels (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    roles TEXT NOT NULL DEFAULT '',
    last_viewed_at BIGINT NOT NULL DEFAULT 0,
    msg_count BIGINT NOT NULL DEFAULT 0,
    msg_count_root BIGINT NOT NULL DEFAULT 0,
    mention_count BIGINT NOT NULL DEFAULT 0,
    mention_count_root BIGINT NOT NULL DEFAULT 0,
    urgent_mention_count BIGINT NOT NULL DEFAULT 0,
    notify_props TEXT NOT NULL DEFAULT '{}',
    last_update_at BIGINT NOT NULL DEFAULT 0,
    scheme_guest BOOLEAN NOT NULL DEFAULT FALSE,
    scheme_user BOOLEAN NOT NULL DEFAULT TRUE,
    scheme_admin BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX idx_channel_members_user_id ON channel_members (user_id);

CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    create_at BIGINT NOT NULL,
    update_at BIGINT NOT NULL,
    edit_at BIGINT NOT NULL DEFAULT 0,
    delete_at BIGINT NOT NULL DEFAULT 0,
    is_pinned BOOLEAN NOT NULL DEFAULT FALSE,
    user_id TEXT NOT NULL,
    channel_id TEXT NOT NULL REFERENCES channels (id),
    root_id TEXT NOT NULL DEFAULT '',
    original_id TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    props TEXT NOT NULL DEFAULT '{}',
    hashtags TEXT NOT NULL DEFAULT '',
    file_ids TEXT NOT NULL DEFAULT '[]',
    pending_post_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_posts_channel_create_at ON posts (channel_id, create_at);
CREATE INDEX idx_posts_root_id ON posts (root_id, create_at);

CREATE TABLE reactions (
    user_id TEXT NOT NULL,
    post_id TEXT NOT NULL REFERENCES posts (id),
    emoji_name TEXT NOT NULL,
    create_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id, emoji_name)
);

CREATE TABLE preferences (
    user_id TEXT NOT NULL REFERENCES users (id),
    category TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user_id, category, name)
);

CREATE TABLE status (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    status TEXT NOT NULL,
    manual BOOLEAN NOT NULL DEFAULT FALSE,
    last_activity_at BIGINT NOT NULL
);

CREATE TABLE sidebar_categories (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    team_id TEXT NOT NULL,
    type TEXT NOT NULL,
    display_name TEXT NOT NULL,
    sort_order BIGINT NOT NULL,
    sorting TEXT NOT NULL DEFAULT '',
    muted BOOLEAN NOT NULL DEFAULT FALSE,
    collapsed BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX idx_sidebar_categories_user_team ON sidebar_categories (user_id, team_id);

CREATE TABLE sidebar_channels (
    category_id TEXT NOT NULL REFERENCES sidebar_categories (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    sort_order BIGINT NOT NULL,
    PRIMARY KEY (category_id, channel_id)
);
CREATE INDEX idx_sidebar_channels_user ON sidebar_channels (user_id, channel_id);
