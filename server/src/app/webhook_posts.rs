//! How integrations speak: posts made for webhooks and slash commands (marked `from_webhook`,
//! with name and picture overrides when the admin allows them, Slack-style attachments kept in
//! `props.attachments`), and ephemeral posts that only one user sees and that are never stored.

use serde_json::{Map, Value, json};

use super::integrations::{MAX_NAME_CHARS, check_len};
use super::outbound::parse_url;
use super::posts::json_string;
use super::{App, Caller, Error, NewPost, Result};
use crate::model::{Channel, Post, new_id, now_millis};
use crate::ws::{Broadcast, Event};

/// Props an integration may not set itself.
const RESERVED_PROPS: [&str; 4] = [
    "from_webhook",
    "override_username",
    "override_icon_url",
    "attachments",
];
/// Most attachments on one post.
const MAX_ATTACHMENTS: usize = 100;

/// What an integration wants posted.
#[derive(Debug, Default)]
pub(super) struct IntegrationMessage {
    pub text: String,
    pub username: String,
    pub icon_url: String,
    pub props: Value,
    pub attachments: Value,
    pub post_type: String,
    pub root_id: String,
}

impl IntegrationMessage {
    fn has_attachments(&self) -> bool {
        self.attachments.as_array().is_some_and(|a| !a.is_empty())
    }
}

impl App {
    /// The props Mattermost gives an integration's post, from the message's own props.
    fn integration_props(&self, msg: &IntegrationMessage, from_webhook: bool) -> Result<Value> {
        let mut props = match &msg.props {
            Value::Null => Map::new(),
            Value::Object(map) => map.clone(),
            _ => return Err(Error::invalid_param("props")),
        };
        props.retain(|key, _| !RESERVED_PROPS.contains(&key.as_str()));
        if from_webhook {
            props.insert("from_webhook".into(), json!("true"));
        }
        let settings = &self.config().service_settings;
        if settings.enable_post_username_override && !msg.username.is_empty() {
            check_len(&msg.username, MAX_NAME_CHARS, "username")?;
            props.insert("override_username".into(), json!(msg.username));
        }
        if settings.enable_post_icon_override && !msg.icon_url.is_empty() {
            parse_url(&msg.icon_url).ok_or_else(|| Error::invalid_param("icon_url"))?;
            props.insert("override_icon_url".into(), json!(msg.icon_url));
        }
        match &msg.attachments {
            Value::Null => {}
            Value::Array(list) if list.len() <= MAX_ATTACHMENTS => {
                if !list.is_empty() {
                    props.insert("attachments".into(), msg.attachments.clone());
                }
            }
            _ => return Err(Error::invalid_param("attachments")),
        }
        Ok(Value::Object(props))
    }

    /// Posts `msg` in `channel` as `author`. Whoever calls this has checked that the integration
    /// may post there.
    pub(super) async fn post_from_integration(
        &self,
        author: &Caller,
        channel: &Channel,
        msg: IntegrationMessage,
        from_webhook: bool,
    ) -> Result<Post> {
        if msg.text.trim().is_empty() && !msg.has_attachments() {
            return Err(Error::bad_request(
                "web.incoming_webhook.text.app_error",
                "No text specified.",
            ));
        }
        let props = self.integration_props(&msg, from_webhook)?;
        let new = NewPost {
            channel_id: channel.id.clone(),
            message: msg.text,
            root_id: msg.root_id,
            props,
            post_type: msg.post_type,
            ..NewPost::default()
        };
        self.save_new_post(author, channel, new).await
    }

    /// Shows `msg` to `user_id` alone, in `channel_id`, as a `system_ephemeral` post sent in an
    /// `ephemeral_message` event. Nothing is stored.
    pub(super) fn send_ephemeral(
        &self,
        author: &Caller,
        channel_id: &str,
        msg: IntegrationMessage,
    ) -> Result<Post> {
        let props = self.integration_props(&msg, false)?;
        let now = now_millis();
        let post = Post {
            id: new_id(),
            create_at: now,
            update_at: now,
            user_id: author.user.id.clone(),
            channel_id: channel_id.to_owned(),
            root_id: msg.root_id,
            message: msg.text,
            post_type: "system_ephemeral".into(),
            props,
            metadata: json!({}),
            ..Post::default()
        };
        self.hub.publish(Event {
            event: "ephemeral_message",
            data: json!({"post": json_string(&post)}),
            broadcast: Broadcast {
                user_id: author.user.id.clone(),
                ..Broadcast::default()
            },
        });
        Ok(post)
    }
}
