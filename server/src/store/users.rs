//! Users: accounts, password hashes, MFA secrets and roles.

use super::{Row, Store, StoreError, json_column, placeholders};
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
            .execute(
                "INSERT INTO users (id, create_at, update_at, delete_at, username, password, email, \
                 email_verified, nickname, first_name, last_name, position, roles, locale, \
                 notify_props, props, timezone, last_password_update, is_bot) \
                 VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
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

    /// Lists active and inactive users, `page` of `per_page`, ordered by username.
    pub async fn list_users(&self, page: i64, per_page: i64) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username LIMIT $1 OFFSET $2");
        let rows = self
            .db
            .query(&sql, params![per_page, page * per_page])
            .await?;
        rows.iter().map(user_from_row).collect()
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

    /// Users whose username, names, nickname or email start with `term` (case-insensitive).
    pub async fn search_users(&self, term: &str, limit: i64) -> Result<Vec<User>, StoreError> {
        let pattern = format!("{}%", escape_like(&term.to_lowercase()));
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users WHERE delete_at = 0 AND (username LIKE $1 ESCAPE '\\' \
             OR LOWER(first_name) LIKE $1 ESCAPE '\\' OR LOWER(last_name) LIKE $1 ESCAPE '\\' \
             OR LOWER(nickname) LIKE $1 ESCAPE '\\' OR email LIKE $1 ESCAPE '\\') \
             ORDER BY username LIMIT $2"
        );
        self.db
            .query(&sql, params![pattern, limit])
            .await?
            .iter()
            .map(user_from_row)
            .collect()
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
