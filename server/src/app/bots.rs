//! Bot accounts: users with `is_bot` that cannot log in and act through personal access
//! tokens. System admins create them (when `ServiceSettings.EnableBotAccountCreation` is on);
//! admins and a bot's owner manage it.

use serde::Deserialize;
use serde_json::json;

use super::integrations::{MAX_NAME_CHARS, check_len, disabled};
use super::users::{default_notify_props, is_valid_username};
use super::{App, Caller, Error, OrConflict, Result};
use crate::model::{Bot, User, new_id, now_millis};
use crate::store::BotQuery;

/// Longest bot description, as in Mattermost.
const MAX_BOT_DESCRIPTION_CHARS: usize = 1024;

/// `POST /bots` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewBot {
    pub username: String,
    pub display_name: String,
    pub description: String,
}

/// `PUT /bots/{id}` body: only the fields present change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BotPatch {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub description: Option<String>,
}

fn check_bot(bot: &Bot) -> Result<()> {
    if !is_valid_username(&bot.username) {
        return Err(Error::bad_request(
            "model.bot.is_valid.username.app_error",
            "Invalid username.",
        ));
    }
    check_len(&bot.display_name, MAX_NAME_CHARS, "display_name")?;
    check_len(&bot.description, MAX_BOT_DESCRIPTION_CHARS, "description")
}

/// The user account behind a bot.
pub(super) fn bot_user(bot: &Bot) -> User {
    User {
        id: bot.user_id.clone(),
        create_at: bot.create_at,
        update_at: bot.update_at,
        username: bot.username.clone(),
        // Bots have no mailbox; Mattermost gives them this placeholder.
        email: format!("{}@localhost", bot.username),
        first_name: bot.display_name.clone(),
        roles: "system_user".into(),
        locale: "en".into(),
        notify_props: default_notify_props(),
        props: json!({}),
        timezone: json!({"automaticTimezone": "", "manualTimezone": "", "useAutomaticTimezone": "true"}),
        is_bot: true,
        ..User::default()
    }
}

const USERNAME_TAKEN: &str = "A user with that username already exists.";

impl App {
    pub async fn create_bot(&self, caller: &Caller, new: NewBot) -> Result<Bot> {
        if !self.config().service_settings.enable_bot_account_creation {
            return Err(disabled(
                "api.bot.create_disabled",
                "Bot account creation and management",
            ));
        }
        caller.require_system_admin()?;
        let now = now_millis();
        let bot = Bot {
            user_id: new_id(),
            username: new.username.trim().to_lowercase(),
            display_name: new.display_name,
            description: new.description,
            owner_id: caller.user.id.clone(),
            create_at: now,
            update_at: now,
            delete_at: 0,
        };
        check_bot(&bot)?;
        let user = bot_user(&bot);
        self.store
            .insert_bot(&user, &bot)
            .await
            .or_conflict("app.user.save.username_exists.app_error", USERNAME_TAKEN)?;
        tracing::info!(bot_id = %bot.user_id, owner_id = %bot.owner_id, "bot created");
        Ok(bot)
    }

    /// The bot `user_id` if the caller may manage it (system admins, its owner); 404 otherwise.
    async fn managed_bot(&self, caller: &Caller, user_id: &str) -> Result<Bot> {
        match self.store.bot(user_id).await? {
            Some(bot) if caller.is_system_admin() || bot.owner_id == caller.user.id => Ok(bot),
            _ => Err(Error::not_found("bot")),
        }
    }

    pub async fn bot(&self, caller: &Caller, user_id: &str, include_deleted: bool) -> Result<Bot> {
        let bot = self.managed_bot(caller, user_id).await?;
        if bot.delete_at != 0 && !include_deleted {
            return Err(Error::not_found("bot"));
        }
        Ok(bot)
    }

    /// The bots the caller may manage: all for system admins, otherwise their own.
    pub async fn bots(&self, caller: &Caller, mut query: BotQuery) -> Result<Vec<Bot>> {
        if !caller.is_system_admin() {
            query.owner_id = caller.user.id.clone();
        }
        Ok(self.store.bots(&query).await?)
    }

    pub async fn patch_bot(&self, caller: &Caller, user_id: &str, patch: BotPatch) -> Result<Bot> {
        let mut bot = self.managed_bot(caller, user_id).await?;
        if let Some(username) = patch.username {
            bot.username = username.trim().to_lowercase();
        }
        if let Some(display_name) = patch.display_name {
            bot.display_name = display_name;
        }
        if let Some(description) = patch.description {
            bot.description = description;
        }
        check_bot(&bot)?;
        bot.update_at = now_millis();
        self.store
            .update_bot(&bot)
            .await
            .or_conflict("app.user.save.username_exists.app_error", USERNAME_TAKEN)?;
        Ok(bot)
    }

    /// Disables (deactivating the bot's user and ending its sessions) or enables a bot.
    pub async fn set_bot_enabled(
        &self,
        caller: &Caller,
        user_id: &str,
        enabled: bool,
    ) -> Result<Bot> {
        let bot = self.managed_bot(caller, user_id).await?;
        let now = now_millis();
        let delete_at = if enabled { 0 } else { now };
        self.store
            .set_bot_delete_at(&bot.user_id, delete_at, now)
            .await?;
        tracing::info!(bot_id = %bot.user_id, enabled, "bot enabled changed");
        Ok(Bot {
            delete_at,
            update_at: now,
            ..bot
        })
    }

    /// Gives a bot a new owner.
    pub async fn assign_bot(&self, caller: &Caller, user_id: &str, owner_id: &str) -> Result<Bot> {
        let mut bot = self.managed_bot(caller, user_id).await?;
        let owner = self
            .store
            .user(owner_id)
            .await?
            .filter(|u| u.delete_at == 0 && !u.is_bot)
            .ok_or_else(|| Error::not_found("user"))?;
        bot.owner_id = owner.id;
        bot.update_at = now_millis();
        self.store.update_bot(&bot).await?;
        Ok(bot)
    }
}
