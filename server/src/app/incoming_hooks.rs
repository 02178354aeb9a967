//! Incoming webhooks: URLs that let other tools post into a channel with a Slack-compatible
//! payload. Managed by system and team admins; a hook posts as the user who made it, into its
//! channel or (unless locked) another channel of its team or a direct message.

use serde::Deserialize;
use serde_json::Value;

use super::integrations::{
    MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_URL_CHARS, check_len, disabled,
};
use super::webhook_posts::IntegrationMessage;
use super::{App, Caller, Error, ErrorKind, Result};
use crate::model::{Channel, ChannelType, IncomingWebhook, new_id, now_millis};

/// `POST /hooks/incoming` body, and `PUT /hooks/incoming/{id}` (the whole hook).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewIncomingWebhook {
    pub channel_id: String,
    pub display_name: String,
    pub description: String,
    pub username: String,
    pub icon_url: String,
    pub channel_locked: bool,
}

/// What a tool posts to `POST /hooks/{id}` (Slack's shape).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IncomingPayload {
    pub text: String,
    pub channel: String,
    pub username: String,
    pub icon_url: String,
    pub attachments: Value,
    pub props: Value,
    #[serde(rename = "type")]
    pub post_type: String,
}

fn hook_error(id: &'static str, message: &str, kind: ErrorKind) -> Error {
    Error::new(kind, id, message)
}

impl App {
    fn require_incoming_enabled(&self) -> Result<()> {
        if self.config().service_settings.enable_incoming_webhooks {
            Ok(())
        } else {
            Err(disabled(
                "api.incoming_webhook.disabled.app_error",
                "Incoming webhooks",
            ))
        }
    }

    /// The channel a hook may be pointed at by the caller: one of a team, that the caller can
    /// read (private channels only for their members) and whose team the caller administers.
    async fn hook_channel(&self, caller: &Caller, channel_id: &str) -> Result<Channel> {
        let channel = self
            .store
            .channel(channel_id)
            .await?
            .filter(|c| !c.team_id.is_empty() && c.delete_at == 0)
            .ok_or_else(|| Error::invalid_param("channel_id"))?;
        self.require_integration_manager(caller, &channel.team_id)
            .await?;
        if channel.kind() != Some(ChannelType::Open) {
            self.channel_membership(caller, &channel.id).await?;
        }
        Ok(channel)
    }

    fn check_incoming(new: &NewIncomingWebhook) -> Result<()> {
        check_len(&new.display_name, MAX_NAME_CHARS, "display_name")?;
        check_len(&new.description, MAX_DESCRIPTION_CHARS, "description")?;
        check_len(&new.username, MAX_NAME_CHARS, "username")?;
        check_len(&new.icon_url, MAX_URL_CHARS, "icon_url")
    }

    pub async fn create_incoming_webhook(
        &self,
        caller: &Caller,
        new: NewIncomingWebhook,
    ) -> Result<IncomingWebhook> {
        self.require_incoming_enabled()?;
        Self::check_incoming(&new)?;
        let channel = self.hook_channel(caller, &new.channel_id).await?;
        let now = now_millis();
        let hook = IncomingWebhook {
            id: new_id(),
            create_at: now,
            update_at: now,
            delete_at: 0,
            user_id: caller.user.id.clone(),
            channel_id: channel.id,
            team_id: channel.team_id,
            display_name: new.display_name,
            description: new.description,
            username: new.username,
            icon_url: new.icon_url,
            channel_locked: new.channel_locked,
        };
        self.store.save_incoming_webhook(&hook).await?;
        tracing::info!(hook_id = %hook.id, channel_id = %hook.channel_id, "incoming webhook created");
        Ok(hook)
    }

    /// The hook if the caller manages its team; 404 otherwise.
    async fn managed_incoming(&self, caller: &Caller, id: &str) -> Result<IncomingWebhook> {
        self.require_incoming_enabled()?;
        let hook = self
            .store
            .incoming_webhook(id)
            .await?
            .ok_or_else(|| Error::not_found("webhook"))?;
        self.require_integration_manager(caller, &hook.team_id)
            .await?;
        Ok(hook)
    }

    pub async fn incoming_webhook(&self, caller: &Caller, id: &str) -> Result<IncomingWebhook> {
        self.managed_incoming(caller, id).await
    }

    /// Hooks of `team_id` (its admins), or of every team (system admins, empty `team_id`).
    pub async fn incoming_webhooks(
        &self,
        caller: &Caller,
        team_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<IncomingWebhook>> {
        self.require_incoming_enabled()?;
        if team_id.is_empty() {
            caller.require_system_admin()?;
        } else {
            self.require_integration_manager(caller, team_id).await?;
        }
        Ok(self
            .store
            .incoming_webhooks(team_id, page, per_page)
            .await?)
    }

    pub async fn update_incoming_webhook(
        &self,
        caller: &Caller,
        id: &str,
        update: NewIncomingWebhook,
    ) -> Result<IncomingWebhook> {
        let mut hook = self.managed_incoming(caller, id).await?;
        Self::check_incoming(&update)?;
        if !update.channel_id.is_empty() && update.channel_id != hook.channel_id {
            let channel = self.hook_channel(caller, &update.channel_id).await?;
            if channel.team_id != hook.team_id {
                return Err(Error::bad_request(
                    "api.webhooks.update_incoming.team_mismatch",
                    "A webhook cannot move to another team.",
                ));
            }
            hook.channel_id = channel.id;
        }
        hook.display_name = update.display_name;
        hook.description = update.description;
        hook.username = update.username;
        hook.icon_url = update.icon_url;
        hook.channel_locked = update.channel_locked;
        hook.update_at = now_millis();
        self.store.save_incoming_webhook(&hook).await?;
        Ok(hook)
    }

    pub async fn delete_incoming_webhook(&self, caller: &Caller, id: &str) -> Result<()> {
        let hook = self.managed_incoming(caller, id).await?;
        self.store.delete_incoming_webhook(&hook.id).await?;
        Ok(())
    }

    /// Posts what a tool sent to `POST /hooks/{id}`.
    pub async fn handle_incoming_webhook(&self, id: &str, payload: IncomingPayload) -> Result<()> {
        if !self.config().service_settings.enable_incoming_webhooks {
            return Err(disabled(
                "web.incoming_webhook.disabled.app_error",
                "Incoming webhooks",
            ));
        }
        let hook = self.store.incoming_webhook(id).await?.ok_or_else(|| {
            hook_error(
                "web.incoming_webhook.invalid.app_error",
                "Invalid webhook.",
                ErrorKind::BadRequest,
            )
        })?;
        let author = self.integration_user(&hook.user_id).await?;
        let channel = self
            .payload_channel(&author, &hook, &payload.channel)
            .await?;
        if hook.channel_locked && channel.id != hook.channel_id {
            return Err(hook_error(
                "web.incoming_webhook.channel_locked.app_error",
                "This webhook is not permitted to post to the requested channel.",
                ErrorKind::Forbidden,
            ));
        }
        if self.channel_access(&author, &channel.id).await.is_err() {
            return Err(hook_error(
                "web.incoming_webhook.permissions.app_error",
                "Inappropriate channel permissions.",
                ErrorKind::Forbidden,
            ));
        }
        let pick = |own: String, default: &str| {
            if own.is_empty() {
                default.to_owned()
            } else {
                own
            }
        };
        let msg = IntegrationMessage {
            text: payload.text,
            username: pick(payload.username, &hook.username),
            icon_url: pick(payload.icon_url, &hook.icon_url),
            props: payload.props,
            attachments: payload.attachments,
            post_type: payload.post_type,
            root_id: String::new(),
        };
        self.post_from_integration(&author, &channel, msg, true)
            .await?;
        Ok(())
    }

    /// The channel a payload names: `@user` (a direct message with the hook's owner), a
    /// channel name of the hook's team (`#` optional), or the hook's own channel.
    async fn payload_channel(
        &self,
        author: &Caller,
        hook: &IncomingWebhook,
        name: &str,
    ) -> Result<Channel> {
        let not_found = || {
            hook_error(
                "web.incoming_webhook.channel.app_error",
                "Couldn't find the channel.",
                ErrorKind::NotFound,
            )
        };
        if let Some(username) = name.strip_prefix('@') {
            let user = self
                .store
                .user_by_username(&username.to_lowercase())
                .await?
                .ok_or_else(not_found)?;
            let ids = [author.user.id.clone(), user.id];
            return self.create_direct_channel(author, &ids).await;
        }
        let found = match name.trim_start_matches('#') {
            "" => self.store.channel(&hook.channel_id).await?,
            name => self.store.channel_by_name(&hook.team_id, name).await?,
        };
        found.filter(|c| c.delete_at == 0).ok_or_else(not_found)
    }
}
