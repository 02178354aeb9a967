//! Login sessions. Only a SHA-256 of each token is stored, so a leaked database holds no usable token.

use sha2::{Digest, Sha256};

use super::{Row, Store, StoreError, json_column};
use crate::model::Session;
use crate::params;

const SESSION_COLUMNS: &str =
    "id, create_at, expires_at, last_activity_at, user_id, device_id, roles, props, csrf_token";

fn session_from_row(r: &Row) -> Result<Session, StoreError> {
    Ok(Session {
        id: r.get(0)?,
        create_at: r.get(1)?,
        expires_at: r.get(2)?,
        last_activity_at: r.get(3)?,
        user_id: r.get(4)?,
        device_id: r.get(5)?,
        roles: r.get(6)?,
        props: json_column(&r.get::<String>(7)?),
        csrf_token: r.get(8)?,
        ..Session::default()
    })
}

/// The stored form of a session token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    pub async fn insert_session(&self, s: &Session) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO sessions (id, token_hash, csrf_token, create_at, expires_at, \
                 last_activity_at, user_id, device_id, roles, props) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                params![
                    &s.id,
                    hash_token(&s.token),
                    &s.csrf_token,
                    s.create_at,
                    s.expires_at,
                    s.last_activity_at,
                    &s.user_id,
                    &s.device_id,
                    &s.roles,
                    s.props.to_string(),
                ],
            )
            .await?;
        Ok(())
    }

    pub async fn session_by_token(&self, token: &str) -> Result<Option<Session>, StoreError> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1");
        let row = self.db.query_opt(&sql, params![hash_token(token)]).await?;
        row.as_ref().map(session_from_row).transpose()
    }

    pub async fn session_by_id(&self, id: &str) -> Result<Option<Session>, StoreError> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1");
        let row = self.db.query_opt(&sql, params![id]).await?;
        row.as_ref().map(session_from_row).transpose()
    }

    pub async fn sessions_for_user(&self, user_id: &str) -> Result<Vec<Session>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 ORDER BY last_activity_at DESC"
        );
        self.db
            .query(&sql, params![user_id])
            .await?
            .iter()
            .map(session_from_row)
            .collect()
    }

    pub async fn delete_session(&self, id: &str) -> Result<u64, StoreError> {
        let deleted = self
            .db
            .execute("DELETE FROM sessions WHERE id = $1", params![id])
            .await?;
        self.auth_changed();
        Ok(deleted)
    }

    pub async fn delete_user_sessions(&self, user_id: &str) -> Result<u64, StoreError> {
        let deleted = self
            .db
            .execute("DELETE FROM sessions WHERE user_id = $1", params![user_id])
            .await?;
        self.auth_changed();
        Ok(deleted)
    }

    /// Deletes other sessions of a device before a new login on it, as Mattermost does.
    pub async fn delete_device_sessions(
        &self,
        user_id: &str,
        device_id: &str,
    ) -> Result<u64, StoreError> {
        let deleted = self
            .db
            .execute(
                "DELETE FROM sessions WHERE user_id = $1 AND device_id = $2",
                params![user_id, device_id],
            )
            .await?;
        self.auth_changed();
        Ok(deleted)
    }

    pub async fn touch_session(&self, id: &str, at: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE sessions SET last_activity_at = $2 WHERE id = $1",
                params![id, at],
            )
            .await?;
        Ok(())
    }

    pub async fn set_session_device(
        &self,
        id: &str,
        device_id: &str,
        props: &str,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE sessions SET device_id = $2, props = $3 WHERE id = $1",
                params![id, device_id, props],
            )
            .await?;
        Ok(())
    }
}
