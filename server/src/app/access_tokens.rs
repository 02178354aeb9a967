//! Personal access tokens: long-lived bearer tokens for scripts and bots. A token in use is
//! backed by a session whose id is the token's id (made on first use), so every place that
//! checks sessions, WebSockets included, sees a revoked or disabled token end at once.

use serde_json::json;

use super::integrations::{MAX_DESCRIPTION_CHARS, disabled};
use super::{App, Caller, Error, Result};
use crate::model::{Session, User, UserAccessToken, new_id, now_millis};
use crate::store::StoreError;

/// `props.type` of sessions backed by a personal access token, as in Mattermost.
pub(super) const ACCESS_TOKEN_SESSION: &str = "UserAccessToken";

/// Users who may hold tokens without being admins carry this role.
const TOKEN_ROLE: &str = "system_user_access_token";

/// Whether a session is backed by a personal access token.
pub(super) fn is_token_session(session: &Session) -> bool {
    session.props["type"] == ACCESS_TOKEN_SESSION
}

impl App {
    fn require_tokens_enabled(&self) -> Result<()> {
        if self.config().service_settings.enable_user_access_tokens {
            Ok(())
        } else {
            Err(disabled(
                "app.user_access_token.disabled",
                "Personal access tokens",
            ))
        }
    }

    /// Who may manage `user`'s tokens: system admins; the user if granted the token role; the
    /// owner of a bot.
    async fn require_token_manager(&self, caller: &Caller, user: &User) -> Result<()> {
        if caller.is_system_admin() {
            return Ok(());
        }
        if caller.user.id == user.id && caller.user.has_role(TOKEN_ROLE) {
            return Ok(());
        }
        if user.is_bot
            && let Some(bot) = self.store.bot(&user.id).await?
            && bot.owner_id == caller.user.id
        {
            return Ok(());
        }
        Err(Error::forbidden())
    }

    /// The token `token_id` if the caller may manage it; 404 otherwise.
    async fn managed_token(&self, caller: &Caller, token_id: &str) -> Result<UserAccessToken> {
        self.require_tokens_enabled()?;
        let token = self
            .store
            .access_token(token_id)
            .await?
            .ok_or_else(|| Error::not_found("token"))?;
        let user = self
            .store
            .user(&token.user_id)
            .await?
            .ok_or_else(|| Error::not_found("token"))?;
        self.require_token_manager(caller, &user).await?;
        Ok(token)
    }

    /// Creates a token for `user_id`; the response is the only time its secret is shown.
    pub async fn create_access_token(
        &self,
        caller: &Caller,
        user_id: &str,
        description: String,
    ) -> Result<UserAccessToken> {
        self.require_tokens_enabled()?;
        if description.trim().is_empty() || description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(Error::bad_request(
                "model.user_access_token.is_valid.description.app_error",
                "Invalid description, must be 1 to 500 characters.",
            ));
        }
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        self.require_token_manager(caller, &user).await?;
        if user.delete_at != 0 {
            return Err(Error::bad_request(
                "app.user_access_token.inactive_user",
                "The user is deactivated.",
            ));
        }
        let token = UserAccessToken {
            id: new_id(),
            token: new_id(),
            user_id: user.id,
            description,
            is_active: true,
        };
        self.store.insert_access_token(&token).await?;
        tracing::info!(token_id = %token.id, user_id = %token.user_id, "access token created");
        Ok(token)
    }

    pub async fn user_access_tokens(
        &self,
        caller: &Caller,
        user_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<UserAccessToken>> {
        self.require_tokens_enabled()?;
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        self.require_token_manager(caller, &user).await?;
        Ok(self
            .store
            .access_tokens(Some(user_id), page, per_page)
            .await?)
    }

    /// Every user's tokens (system admins).
    pub async fn all_access_tokens(
        &self,
        caller: &Caller,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<UserAccessToken>> {
        self.require_tokens_enabled()?;
        caller.require_system_admin()?;
        Ok(self.store.access_tokens(None, page, per_page).await?)
    }

    pub async fn access_token(&self, caller: &Caller, token_id: &str) -> Result<UserAccessToken> {
        self.managed_token(caller, token_id).await
    }

    /// Deletes a token; requests and sockets using it fail from now on.
    pub async fn revoke_access_token(&self, caller: &Caller, token_id: &str) -> Result<()> {
        let token = self.managed_token(caller, token_id).await?;
        self.store.delete_access_token(&token.id).await?;
        tracing::info!(token_id = %token.id, user_id = %token.user_id, "access token revoked");
        Ok(())
    }

    pub async fn set_access_token_active(
        &self,
        caller: &Caller,
        token_id: &str,
        active: bool,
    ) -> Result<()> {
        let token = self.managed_token(caller, token_id).await?;
        self.store
            .set_access_token_active(&token.id, active)
            .await?;
        Ok(())
    }

    /// The session behind a personal access token, made on its first use. `None` when `token`
    /// is no active token (or tokens are off).
    pub(super) async fn access_token_session(&self, token: &str) -> Result<Option<Session>> {
        if !self.config().service_settings.enable_user_access_tokens {
            return Ok(None);
        }
        let Some(stored) = self.store.access_token_by_token(token).await? else {
            return Ok(None);
        };
        if !stored.is_active {
            return Ok(None);
        }
        let Some(user) = self.store.user(&stored.user_id).await? else {
            return Ok(None);
        };
        let now = now_millis();
        let session = Session {
            id: stored.id.clone(),
            token: token.to_owned(),
            csrf_token: new_id(),
            create_at: now,
            expires_at: 0,
            last_activity_at: now,
            user_id: user.id,
            roles: user.roles,
            props: json!({"type": ACCESS_TOKEN_SESSION, "user_access_token_id": stored.id}),
            ..Session::default()
        };
        match self.store.insert_session(&session).await {
            Ok(()) => Ok(Some(session)),
            // Two first uses at once: the other request made the session.
            Err(StoreError::Conflict(_)) => Ok(self.store.session_by_token(token).await?),
            Err(e) => Err(e.into()),
        }
    }
}
