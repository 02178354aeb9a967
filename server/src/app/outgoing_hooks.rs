//! Outgoing webhooks: a post in a public channel that matches a hook (its channel, or a trigger
//! word as the first word) is sent to the hook's callback URLs in the background; a JSON answer
//! is posted back as the hook's owner. A slow or failing target never slows posting.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value, json};

use super::integrations::{
    MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_URL_CHARS, check_len, disabled,
};
use super::outbound::{Body, parse_url};
use super::post_hooks::SavedPost;
use super::webhook_posts::IntegrationMessage;
use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelType, OutgoingWebhook, Post, new_id, now_millis};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
/// Trigger words and callback URLs a hook may have.
const MAX_TRIGGER_WORDS: usize = 64;
const MAX_CALLBACK_URLS: usize = 16;

/// `POST /hooks/outgoing` body, and `PUT /hooks/outgoing/{id}` (the whole hook).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewOutgoingWebhook {
    pub team_id: String,
    pub channel_id: String,
    pub display_name: String,
    pub description: String,
    pub trigger_words: Vec<String>,
    pub trigger_when: i64,
    pub callback_urls: Vec<String>,
    pub content_type: String,
    pub username: String,
    pub icon_url: String,
}

/// What a callback may answer.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HookResponse {
    text: String,
    username: String,
    icon_url: String,
    props: Value,
    attachments: Value,
    #[serde(rename = "type")]
    post_type: String,
    /// `comment` answers in the post's thread.
    response_type: String,
}

/// The trigger word `hook` matches in `message`: `Some("")` for a channel hook without
/// trigger words, `None` when it does not fire.
fn matched_trigger<'a>(
    hook: &'a OutgoingWebhook,
    channel_id: &str,
    message: &str,
) -> Option<&'a str> {
    if hook.trigger_words.is_empty() {
        return (hook.channel_id == channel_id).then_some("");
    }
    let first = message.split_whitespace().next()?;
    hook.trigger_words.iter().map(String::as_str).find(|word| {
        if hook.trigger_when == 1 {
            first.starts_with(*word)
        } else {
            first == *word
        }
    })
}

fn check_outgoing(new: &NewOutgoingWebhook) -> Result<()> {
    check_len(&new.display_name, MAX_NAME_CHARS, "display_name")?;
    check_len(&new.description, MAX_DESCRIPTION_CHARS, "description")?;
    check_len(&new.username, MAX_NAME_CHARS, "username")?;
    check_len(&new.icon_url, MAX_URL_CHARS, "icon_url")?;
    if new.channel_id.is_empty() && new.trigger_words.is_empty() {
        return Err(Error::bad_request(
            "api.webhooks.create_outgoing.triggers.app_error",
            "Either trigger_words or channel_id must be set.",
        ));
    }
    if new.trigger_words.len() > MAX_TRIGGER_WORDS
        || new
            .trigger_words
            .iter()
            .any(|w| w.trim().is_empty() || w.chars().count() > MAX_NAME_CHARS)
    {
        return Err(Error::invalid_param("trigger_words"));
    }
    if !(0..=1).contains(&new.trigger_when) {
        return Err(Error::invalid_param("trigger_when"));
    }
    if new.callback_urls.is_empty()
        || new.callback_urls.len() > MAX_CALLBACK_URLS
        || new.callback_urls.iter().any(|u| parse_url(u).is_none())
    {
        return Err(Error::bad_request(
            "model.outgoing_hook.is_valid.callback.app_error",
            "Invalid callback urls. Each must be a valid http or https URL.",
        ));
    }
    if !["", FORM, JSON].contains(&new.content_type.as_str()) {
        return Err(Error::invalid_param("content_type"));
    }
    Ok(())
}

impl App {
    fn require_outgoing_enabled(&self) -> Result<()> {
        if self.config().service_settings.enable_outgoing_webhooks {
            Ok(())
        } else {
            Err(disabled(
                "api.outgoing_webhook.disabled.app_error",
                "Outgoing webhooks",
            ))
        }
    }

    /// Checks a hook's team and (optional) channel: a public channel of that team.
    async fn outgoing_scope(&self, caller: &Caller, new: &NewOutgoingWebhook) -> Result<()> {
        self.visible_team(caller, &new.team_id).await?;
        self.require_integration_manager(caller, &new.team_id)
            .await?;
        if new.channel_id.is_empty() {
            return Ok(());
        }
        let access = self.channel_access(caller, &new.channel_id).await?;
        if access.channel.team_id != new.team_id || access.channel.kind() != Some(ChannelType::Open)
        {
            return Err(Error::bad_request(
                "api.webhooks.create_outgoing.not_open.app_error",
                "Outgoing webhooks can only be created for public channels of the team.",
            ));
        }
        Ok(())
    }

    pub async fn create_outgoing_webhook(
        &self,
        caller: &Caller,
        new: NewOutgoingWebhook,
    ) -> Result<OutgoingWebhook> {
        self.require_outgoing_enabled()?;
        check_outgoing(&new)?;
        self.outgoing_scope(caller, &new).await?;
        let now = now_millis();
        let hook = OutgoingWebhook {
            id: new_id(),
            token: new_id(),
            create_at: now,
            update_at: now,
            creator_id: caller.user.id.clone(),
            ..OutgoingWebhook::default()
        };
        let hook = apply(hook, new);
        self.store.save_outgoing_webhook(&hook).await?;
        tracing::info!(hook_id = %hook.id, team_id = %hook.team_id, "outgoing webhook created");
        Ok(hook)
    }

    async fn managed_outgoing(&self, caller: &Caller, id: &str) -> Result<OutgoingWebhook> {
        self.require_outgoing_enabled()?;
        let hook = self
            .store
            .outgoing_webhook(id)
            .await?
            .ok_or_else(|| Error::not_found("webhook"))?;
        self.require_integration_manager(caller, &hook.team_id)
            .await?;
        Ok(hook)
    }

    pub async fn outgoing_webhook(&self, caller: &Caller, id: &str) -> Result<OutgoingWebhook> {
        self.managed_outgoing(caller, id).await
    }

    /// Hooks of a team (its admins) or of all teams (system admins), optionally of one channel.
    pub async fn outgoing_webhooks(
        &self,
        caller: &Caller,
        team_id: &str,
        channel_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<OutgoingWebhook>> {
        self.require_outgoing_enabled()?;
        if team_id.is_empty() {
            caller.require_system_admin()?;
        } else {
            self.require_integration_manager(caller, team_id).await?;
        }
        Ok(self
            .store
            .outgoing_webhooks(team_id, channel_id, page, per_page)
            .await?)
    }

    pub async fn update_outgoing_webhook(
        &self,
        caller: &Caller,
        id: &str,
        mut update: NewOutgoingWebhook,
    ) -> Result<OutgoingWebhook> {
        let hook = self.managed_outgoing(caller, id).await?;
        update.team_id = hook.team_id.clone();
        check_outgoing(&update)?;
        self.outgoing_scope(caller, &update).await?;
        let mut hook = apply(hook, update);
        hook.update_at = now_millis();
        self.store.save_outgoing_webhook(&hook).await?;
        Ok(hook)
    }

    pub async fn regenerate_outgoing_token(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<OutgoingWebhook> {
        let mut hook = self.managed_outgoing(caller, id).await?;
        hook.token = new_id();
        hook.update_at = now_millis();
        self.store.save_outgoing_webhook(&hook).await?;
        Ok(hook)
    }

    pub async fn delete_outgoing_webhook(&self, caller: &Caller, id: &str) -> Result<()> {
        let hook = self.managed_outgoing(caller, id).await?;
        self.store.delete_outgoing_webhook(&hook.id).await?;
        Ok(())
    }

    /// Starts the outgoing webhooks a new post fires, in the background. Only posts by people
    /// in public channels fire hooks; integrations' own posts never do (no loops).
    pub(super) fn fire_outgoing_webhooks(&self, saved: &SavedPost<'_>) {
        let post = saved.post;
        if !self.config().service_settings.enable_outgoing_webhooks
            || saved.channel.kind() != Some(ChannelType::Open)
            || post.props.get("from_webhook").is_some()
            || post.post_type.starts_with("system_")
        {
            return;
        }
        let Some(app) = self.this.upgrade() else {
            return;
        };
        let (caller, channel, post) = (saved.caller.clone(), saved.channel.clone(), post.clone());
        tokio::spawn(async move {
            if let Err(e) = app.run_outgoing_webhooks(&caller, &channel, &post).await {
                tracing::warn!(post_id = %post.id, error = %e, detail = %e.detail, "outgoing webhooks failed");
            }
        });
    }

    async fn run_outgoing_webhooks(
        self: &Arc<Self>,
        caller: &Caller,
        channel: &Channel,
        post: &Post,
    ) -> Result<()> {
        let hooks = self
            .store
            .outgoing_webhooks_for_post(&channel.team_id, &channel.id)
            .await?;
        let team = self.store.team(&channel.team_id).await?;
        let team_domain = team.map(|t| t.name).unwrap_or_default();
        for hook in hooks {
            let Some(trigger) = matched_trigger(&hook, &channel.id, &post.message) else {
                continue;
            };
            let payload = json!({
                "token": hook.token, "team_id": hook.team_id, "team_domain": team_domain,
                "channel_id": channel.id, "channel_name": channel.name,
                "timestamp": post.create_at, "user_id": caller.user.id,
                "user_name": caller.user.username, "post_id": post.id, "text": post.message,
                "trigger_word": trigger, "file_ids": post.file_ids.join(","),
            });
            for url in &hook.callback_urls {
                let (app, hook, url) = (self.clone(), hook.clone(), url.clone());
                let (channel, post, payload) = (channel.clone(), post.clone(), payload.clone());
                // Each target on its own task: one slow callback does not hold up the others.
                tokio::spawn(async move {
                    app.call_outgoing_webhook(&hook, &url, &channel, &post, payload)
                        .await;
                });
            }
        }
        Ok(())
    }

    /// Calls one callback URL and posts its answer; failures are logged.
    async fn call_outgoing_webhook(
        &self,
        hook: &OutgoingWebhook,
        url: &str,
        channel: &Channel,
        post: &Post,
        payload: Value,
    ) {
        let body = if hook.content_type == JSON {
            Body::Json(payload)
        } else {
            Body::Form(form_pairs(&payload))
        };
        let reply = match self.outbound.post(url, body, &[]).await {
            Ok(reply) => reply,
            Err(e) => {
                tracing::warn!(hook_id = %hook.id, url, error = %e, "outgoing webhook call failed");
                return;
            }
        };
        if reply.body.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let answer: HookResponse = match serde_json::from_slice(&reply.body) {
            Ok(answer) => answer,
            Err(e) => {
                tracing::warn!(hook_id = %hook.id, url, error = %e, "outgoing webhook answer is not JSON");
                return;
            }
        };
        if let Err(e) = self.post_hook_answer(hook, channel, post, answer).await {
            tracing::warn!(hook_id = %hook.id, url, error = %e, detail = %e.detail, "outgoing webhook answer not posted");
        }
    }

    async fn post_hook_answer(
        &self,
        hook: &OutgoingWebhook,
        channel: &Channel,
        post: &Post,
        answer: HookResponse,
    ) -> Result<()> {
        let author = self.integration_user(&hook.creator_id).await?;
        let pick = |own: String, default: &str| {
            if own.is_empty() {
                default.to_owned()
            } else {
                own
            }
        };
        let msg = IntegrationMessage {
            text: answer.text,
            username: pick(answer.username, &hook.username),
            icon_url: pick(answer.icon_url, &hook.icon_url),
            props: answer.props,
            attachments: answer.attachments,
            post_type: answer.post_type,
            root_id: if answer.response_type == "comment" {
                post.thread_id().to_owned()
            } else {
                String::new()
            },
        };
        if msg.text.trim().is_empty() && msg.attachments.as_array().is_none_or(Vec::is_empty) {
            return Ok(());
        }
        self.post_from_integration(&author, channel, msg, true)
            .await?;
        Ok(())
    }
}

/// Copies the editable fields of `new` onto `hook`.
fn apply(hook: OutgoingWebhook, new: NewOutgoingWebhook) -> OutgoingWebhook {
    OutgoingWebhook {
        team_id: new.team_id,
        channel_id: new.channel_id,
        display_name: new.display_name,
        description: new.description,
        trigger_words: new
            .trigger_words
            .into_iter()
            .map(|w| w.trim().to_owned())
            .collect(),
        trigger_when: new.trigger_when,
        callback_urls: new.callback_urls,
        content_type: if new.content_type.is_empty() {
            FORM.into()
        } else {
            new.content_type
        },
        username: new.username,
        icon_url: new.icon_url,
        ..hook
    }
}

/// A flat JSON object as form fields (numbers as text).
fn form_pairs(payload: &Value) -> Vec<(&'static str, String)> {
    const FIELDS: [&str; 12] = [
        "token",
        "team_id",
        "team_domain",
        "channel_id",
        "channel_name",
        "timestamp",
        "user_id",
        "user_name",
        "post_id",
        "text",
        "trigger_word",
        "file_ids",
    ];
    FIELDS
        .iter()
        .map(|&f| {
            let value = match &payload[f] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (f, value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(words: &[&str], when: i64, channel_id: &str) -> OutgoingWebhook {
        OutgoingWebhook {
            trigger_words: words.iter().map(|w| w.to_string()).collect(),
            trigger_when: when,
            channel_id: channel_id.into(),
            ..OutgoingWebhook::default()
        }
    }

    #[test]
    fn trigger_words_match_first_word() {
        let exact = hook(&["deploy", "ship"], 0, "");
        assert_eq!(matched_trigger(&exact, "c", "ship it now"), Some("ship"));
        assert_eq!(matched_trigger(&exact, "c", "shipit"), None);
        assert_eq!(matched_trigger(&exact, "c", "please ship"), None);
        let prefix = hook(&["ship"], 1, "");
        assert_eq!(matched_trigger(&prefix, "c", "shipit"), Some("ship"));
    }

    #[test]
    fn channel_hooks_fire_on_every_post_of_their_channel() {
        let channel = hook(&[], 0, "c1");
        assert_eq!(matched_trigger(&channel, "c1", "anything"), Some(""));
        assert_eq!(matched_trigger(&channel, "c2", "anything"), None);
    }
}
