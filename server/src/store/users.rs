//! Users: accounts, password hashes, MFA secrets and roles.

use super::{Row, Stmt, Store, StoreError, json_column, placeholders};
use crate::model::User;
use crate::params;

/// Columns read into a [`User`], in [`user_from_row`] order.
pub(crate) const USER_COLUMNS: &str = "id, create_at, update_at, delete_at, username, email, \
    email_verified, nickname, first_name, last_name, position, roles, locale, notify_props, props, \
    timezone, last_password_update, last_picture_update, failed_attempts, mfa_active, is_bot";

pub(crate) fn user_from_row(r: &Row) -> Result<User, StoreError> {
    Ok(User {
        id: r.get(0)?,
        create_at: r.get(1)?,
        update_at: r.get(2)?,
        delete_at: r.get(3)?,
        username: r.get(4)?,
        email: r.get(5)?,
        email_verified: r.get(6)?,
        nickname: r.get(7)?,
        first_name: r.get(8)?,
        last_name: r.get(9)?,
        position: r.get(10)?,
        roles: r.get(11)?,
        locale: r.get(12)?,
        notify_props: json_column(&r.get::<String>(13)?),
        props: json_column(&r.get::<String>(14)?),
        timezone: json_column(&r.get::<String>(15)?),
        last_password_update: r.get(16)?,
        last_picture_update: r.get(17)?,
        failed_attempts: r.get(18)?,
        mfa_active: r.get(19)?,
        is_bot: r.get(20)?,
        ..User::default()
    })
}

/// The statement inserting `user`, for callers that insert more in the same transaction.
pub(crate) fn insert_user_stmt(user: &User, password_hash: &str) -> Stmt {
    (
        "INSERT INTO users (id, create_at, update_at, delete_at, username, password, email, \
         email_verified, nickname, first_name, last_name, position, roles, locale, \
         notify_props, props, timezone, last_password_update, is_bot) \
         VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
            .into(),
        params![
            &user.id,
            user.create_at,
            user.update_at,
            &user.username,
            password_hash,
            &user.email,
            user.email_verified,
            &user.nickname,
            &user.first_name,
            &user.last_name,
            &user.position,
            &user.roles,
            &user.locale,
            user.notify_props.to_string(),
            user.props.to_string(),
            user.timezone.to_string(),
            user.last_password_update,
            user.is_bot,
        ],
    )
}

/// What login needs beyond the public profile.
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub mfa_secret: String,
}

impl Store {
    /// Inserts a new user. `Conflict` when the username or email is taken.
    pub async fn insert_user(&self, user: &User, password_hash: &str) -> Result<(), StoreError> {
        self.db
            .transaction(vec![insert_user_stmt(user, password_hash)])
            .await?;
        Ok(())
    }

    pub async fn count_users(&self) -> Result<i64, StoreError> {
        let row = self
            .db
            .query_opt("SELECT COUNT(*) FROM users", params![])
            .await?;
        row.map_or(Ok(0), |r| r.get(0))
    }

    pub async fn count_active_users(&self) -> Result<i64, StoreError> {
        let row = self
            .db
            .query_opt("SELECT COUNT(*) FROM users WHERE delete_at = 0", params![])
            .await?;
        row.map_or(Ok(0), |r| r.get(0))
    }

    pub async fn user(&self, id: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        self.db
            .query_opt(&sql, params![id])
            .await?
            .as_ref()
            .map(user_from_row)
            .transpose()
    }

    pub async fn users_by_ids(&self, ids: &[String]) -> Result<Vec<User>, StoreError> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id IN ({}) ORDER BY username",
            placeholders(1, ids.len())
        );
        let params = ids.iter().map(Into::into).collect();
        self.db
            .query(&sql, params)
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }

    pub async fn users_by_usernames(&self, names: &[String]) -> Result<Vec<User>, StoreError> {
        if names.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username IN ({}) ORDER BY username",
            placeholders(1, names.len())
        );
        let params = names.iter().map(|n| n.to_lowercase().into()).collect();
        self.db
            .query(&sql, params)
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
        let row = self
            .db
            .query_opt(&sql, params![username.to_lowercase()])
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let row = self
            .db
            .query_opt(&sql, params![email.to_lowercase()])
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Looks a user up by username or email for login, with the secrets login needs.
    pub async fn credentials(&self, login_id: &str) -> Result<Option<Credentials>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, password, mfa_secret FROM users WHERE username = $1 OR email = $1"
        );
        let Some(row) = self
            .db
            .query_opt(&sql, params![login_id.to_lowercase()])
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(Credentials {
            user: user_from_row(&row)?,
            password_hash: row.get(21)?,
            mfa_secret: row.get(22)?,
        }))
    }

    pub async fn credentials_by_id(&self, id: &str) -> Result<Option<Credentials>, StoreError> {
        let Some(user) = self.user(id).await? else {
            return Ok(None);
        };
        let row = self
            .db
            .query_opt(
                "SELECT password, mfa_secret FROM users WHERE id = $1",
                params![id],
            )
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Credentials {
            user,
            password_hash: row.get(0)?,
            mfa_secret: row.get(1)?,
        }))
    }

    /// Writes the editable profile fields of `user` (not password, roles or MFA).
    pub async fn update_profile(&self, user: &User) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE users SET update_at = $2, username = $3, email = $4, nickname = $5, \
                 first_name = $6, last_name = $7, position = $8, locale = $9, notify_props = $10, \
                 props = $11, timezone = $12 WHERE id = $1",
                params![
                    &user.id,
                    user.update_at,
                    &user.username,
                    &user.email,
                    &user.nickname,
                    &user.first_name,
                    &user.last_name,
                    &user.position,
                    &user.locale,
                    user.notify_props.to_string(),
                    user.props.to_string(),
                    user.timezone.to_string(),
                ],
            )
            .await?;
        Ok(())
    }

    pub async fn set_password(&self, id: &str, hash: &str, at: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE users SET password = $2, last_password_update = $3, update_at = $3, \
                 failed_attempts = 0 WHERE id = $1",
                params![id, hash, at],
            )
            .await?;
        Ok(())
    }

    pub async fn set_roles(&self, id: &str, roles: &str, at: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE users SET roles = $2, update_at = $3 WHERE id = $1",
                params![id, roles, at],
            )
            .await?;
        self.auth_changed();
        Ok(())
    }

    pub async fn set_failed_attempts(&self, id: &str, attempts: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE users SET failed_attempts = $2 WHERE id = $1",
                params![id, attempts],
            )
            .await?;
        Ok(())
    }

    /// Stores a (not yet active) MFA secret, or activates/deactivates MFA.
    pub async fn set_mfa(
        &self,
        id: &str,
        secret: &str,
        active: bool,
        at: i64,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE users SET mfa_secret = $2, mfa_active = $3, update_at = $4 WHERE id = $1",
                params![id, secret, active, at],
            )
            .await?;
        Ok(())
    }

    /// Sets `delete_at` (deactivate) or clears it (reactivate, `at` = 0).
    pub async fn set_user_delete_at(&self, id: &str, at: i64, now: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE users SET delete_at = $2, update_at = $3 WHERE id = $1",
                params![id, at, now],
            )
            .await?;
        self.auth_changed();
        Ok(())
    }

    pub async fn set_picture_updated(&self, id: &str, at: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE users SET last_picture_update = $2, update_at = $2 WHERE id = $1",
                params![id, at],
            )
            .await?;
        Ok(())
    }
}

/// Escapes `%`, `_` and `\` so user input matches literally inside a LIKE pattern.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    /// Whether users `a` and `b` are both members of at least one channel.
    pub async fn users_share_channel(&self, a: &str, b: &str) -> Result<bool, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT 1 FROM channel_members m1 JOIN channel_members m2 ON m1.channel_id = m2.channel_id \
                 WHERE m1.user_id = $1 AND m2.user_id = $2 LIMIT 1",
                params![a, b],
            )
            .await?;
        Ok(row.is_some())
    }
}

/// Words of a user search term that are matched; the rest are ignored.
const MAX_TERM_WORDS: usize = 5;

/// Which users to list: every filter is optional and they combine with AND.
#[derive(Debug, Default, Clone)]
pub struct UserQuery {
    /// Prefix of username, first/last name, nickname or email (case-insensitive).
    pub term: Option<String>,
    pub in_team: Option<String>,
    pub not_in_team: Option<String>,
    pub in_channel: Option<String>,
    pub not_in_channel: Option<String>,
    pub without_team: bool,
    pub include_inactive: bool,
    pub inactive_only: bool,
    /// Only users holding this system role (`system_admin`, `system_guest`, ...).
    pub role: Option<String>,
    /// Only users who share a channel with this user (what a guest may see).
    pub sharing_channel_with: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

impl Store {
    /// Lists users matching `q`, ordered by username, in one query.
    pub async fn query_users(&self, q: &UserQuery) -> Result<Vec<User>, StoreError> {
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<super::Value> = Vec::new();
        let mut bind = |value: super::Value| {
            params.push(value);
            format!("${}", params.len())
        };
        if q.inactive_only {
            conditions.push("u.delete_at != 0".into());
        } else if !q.include_inactive {
            conditions.push("u.delete_at = 0".into());
        }
        // Every word of the term must start one of the name fields: "ana sil" finds Ana Silva.
        let term = q
            .term
            .as_deref()
            .unwrap_or_default()
            .trim_start_matches('@')
            .to_lowercase();
        for word in term.split_whitespace().take(MAX_TERM_WORDS) {
            let p = bind(format!("{}%", escape_like(word)).into());
            conditions.push(format!(
                "(u.username LIKE {p} ESCAPE '\\' OR LOWER(u.first_name) LIKE {p} ESCAPE '\\' \
                 OR LOWER(u.last_name) LIKE {p} ESCAPE '\\' OR LOWER(u.nickname) LIKE {p} ESCAPE '\\' \
                 OR u.email LIKE {p} ESCAPE '\\')"
            ));
        }
        if let Some(team) = &q.in_team {
            let p = bind(team.into());
            conditions.push(format!(
                "u.id IN (SELECT user_id FROM team_members WHERE team_id = {p} AND delete_at = 0)"
            ));
        }
        if let Some(team) = &q.not_in_team {
            let p = bind(team.into());
            conditions.push(format!(
                "u.id NOT IN (SELECT user_id FROM team_members WHERE team_id = {p} AND delete_at = 0)"
            ));
        }
        if let Some(channel) = &q.in_channel {
            let p = bind(channel.into());
            conditions.push(format!(
                "u.id IN (SELECT user_id FROM channel_members WHERE channel_id = {p})"
            ));
        }
        if let Some(channel) = &q.not_in_channel {
            let p = bind(channel.into());
            conditions.push(format!(
                "u.id NOT IN (SELECT user_id FROM channel_members WHERE channel_id = {p})"
            ));
        }
        if q.without_team {
            conditions
                .push("u.id NOT IN (SELECT user_id FROM team_members WHERE delete_at = 0)".into());
        }
        if let Some(role) = &q.role {
            let p = bind(format!("% {} %", escape_like(role)).into());
            conditions.push(format!("(' ' || u.roles || ' ') LIKE {p} ESCAPE '\\'"));
        }
        if let Some(viewer) = &q.sharing_channel_with {
            let p = bind(viewer.into());
            conditions.push(format!(
                "u.id IN (SELECT m2.user_id FROM channel_members m1 JOIN channel_members m2 \
                 ON m1.channel_id = m2.channel_id WHERE m1.user_id = {p})"
            ));
        }
        let limit = bind(q.limit.into());
        let offset = bind(q.offset.into());
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let columns = USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns} FROM users u {filter} ORDER BY u.username LIMIT {limit} OFFSET {offset}"
        );
        self.db
            .query(&sql, params)
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }
}

impl Store {
    /// Members of each of `channel_ids`, as `(channel_id, user)` pairs, in one query.
    pub async fn channel_members_profiles(
        &self,
        channel_ids: &[String],
    ) -> Result<Vec<(String, User)>, StoreError> {
        if channel_ids.is_empty() {
            return Ok(vec![]);
        }
        let columns = USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns}, cm.channel_id FROM channel_members cm JOIN users u ON u.id = cm.user_id \
             WHERE cm.channel_id IN ({}) ORDER BY u.username",
            placeholders(1, channel_ids.len())
        );
        let rows = self
            .db
            .query(&sql, channel_ids.iter().map(Into::into).collect())
            .await?;
        rows.iter()
            .map(|r| Ok((r.get(21)?, user_from_row(r)?)))
            .collect()
    }
}
