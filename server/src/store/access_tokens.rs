//! Personal access tokens. Like session tokens, only a SHA-256 of each is stored.

use super::sessions::hash_token;
use super::{Row, Store, StoreError};
use crate::model::UserAccessToken;
use crate::params;

const TOKEN_COLUMNS: &str = "id, user_id, description, is_active";

fn token_from_row(r: &Row) -> Result<UserAccessToken, StoreError> {
    Ok(UserAccessToken {
        id: r.get(0)?,
        user_id: r.get(1)?,
        description: r.get(2)?,
        is_active: r.get(3)?,
        token: String::new(),
    })
}

impl Store {
    pub async fn insert_access_token(&self, t: &UserAccessToken) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO user_access_tokens (id, token_hash, user_id, description, is_active) \
                 VALUES ($1, $2, $3, $4, $5)",
                params![
                    &t.id,
                    hash_token(&t.token),
                    &t.user_id,
                    &t.description,
                    t.is_active
                ],
            )
            .await?;
        Ok(())
    }

    pub async fn access_token(&self, id: &str) -> Result<Option<UserAccessToken>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM user_access_tokens WHERE id = $1");
        let row = self.db.query_opt(&sql, params![id]).await?;
        row.as_ref().map(token_from_row).transpose()
    }

    pub async fn access_token_by_token(
        &self,
        token: &str,
    ) -> Result<Option<UserAccessToken>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM user_access_tokens WHERE token_hash = $1");
        let row = self.db.query_opt(&sql, params![hash_token(token)]).await?;
        row.as_ref().map(token_from_row).transpose()
    }

    /// A user's tokens, or everybody's when `user_id` is `None`, paged.
    pub async fn access_tokens(
        &self,
        user_id: Option<&str>,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<UserAccessToken>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM user_access_tokens WHERE ($1 = '' OR user_id = $1) \
             ORDER BY id LIMIT $2 OFFSET $3"
        );
        self.db
            .query(
                &sql,
                params![user_id.unwrap_or_default(), per_page, page * per_page],
            )
            .await?
            .iter()
            .map(token_from_row)
            .collect()
    }

    /// Deletes a token and the session backed by it, atomically.
    pub async fn delete_access_token(&self, id: &str) -> Result<(), StoreError> {
        self.db
            .transaction(vec![
                ("DELETE FROM sessions WHERE id = $1".into(), params![id]),
                (
                    "DELETE FROM user_access_tokens WHERE id = $1".into(),
                    params![id],
                ),
            ])
            .await?;
        self.auth_changed();
        Ok(())
    }

    /// Enables or disables a token; disabling also ends the session backed by it.
    pub async fn set_access_token_active(&self, id: &str, active: bool) -> Result<(), StoreError> {
        let mut statements = vec![(
            "UPDATE user_access_tokens SET is_active = $2 WHERE id = $1".into(),
            params![id, active],
        )];
        if !active {
            statements.push(("DELETE FROM sessions WHERE id = $1".into(), params![id]));
        }
        self.db.transaction(statements).await?;
        self.auth_changed();
        Ok(())
    }
}
