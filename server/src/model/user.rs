//! Users, sessions, preferences and statuses.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A user as the API shows it. The password hash and MFA secret never live in this type.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub username: String,
    pub auth_data: String,
    pub auth_service: String,
    pub email: String,
    pub email_verified: bool,
    pub nickname: String,
    pub first_name: String,
    pub last_name: String,
    pub position: String,
    pub roles: String,
    pub locale: String,
    pub notify_props: Value,
    pub props: Value,
    pub timezone: Value,
    pub last_password_update: i64,
    pub last_picture_update: i64,
    pub failed_attempts: i64,
    pub mfa_active: bool,
    pub is_bot: bool,
}

impl User {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.split_whitespace().any(|r| r == role)
    }

    pub fn is_system_admin(&self) -> bool {
        self.has_role("system_admin")
    }

    pub fn is_guest(&self) -> bool {
        self.has_role("system_guest")
    }

    /// What other users may see of this one: no private fields.
    pub fn sanitized_for_others(mut self) -> User {
        self.failed_attempts = 0;
        self.last_password_update = 0;
        self.notify_props = Value::Object(Default::default());
        self.mfa_active = false;
        self
    }
}

/// A login session. The token itself is only ever known to the client; the store keeps a hash.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub id: String,
    /// Set only in the response that creates the session.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub token: String,
    pub create_at: i64,
    pub expires_at: i64,
    pub last_activity_at: i64,
    pub user_id: String,
    pub device_id: String,
    pub roles: String,
    pub is_oauth: bool,
    pub props: Value,
    #[serde(skip)]
    pub csrf_token: String,
}

impl Session {
    /// Whether the session has expired by `now` (ms); 0 means it never does.
    pub fn expired(&self, now: i64) -> bool {
        self.expires_at != 0 && self.expires_at < now
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Preference {
    pub user_id: String,
    pub category: String,
    pub name: String,
    pub value: String,
}

/// A user's presence: `online`, `away`, `dnd` or `offline`. `manual` statuses are the user's own
/// choice and are not changed by activity.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Status {
    pub user_id: String,
    pub status: String,
    pub manual: bool,
    pub last_activity_at: i64,
    /// When a timed `dnd` ends, in epoch seconds (0: not timed).
    pub dnd_end_time: i64,
    /// The status to return to when a timed `dnd` ends; internal, as in Mattermost.
    #[serde(skip)]
    pub prev_status: String,
}
