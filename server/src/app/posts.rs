//! Writing posts: creating them (mentions, unread counters and the `posted` event), editing,
//! pinning, soft deletion, and marking a channel unread from a post.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::mentions::{may_mention, mentioned_user_ids, parse_hashtags};
use super::post_hooks::SavedPost;
use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelType, Post, is_valid_id, new_id, now_millis};
use crate::store::{PostEffects, UnreadFrom};
use crate::ws::{Broadcast, Event};

/// Mattermost accepts at most this many files on one post.
pub const MAX_FILE_IDS: usize = 10;
/// Largest `props` object, in characters of its JSON.
pub const MAX_PROPS_CHARS: usize = 800_000;
const MAX_TYPE_CHARS: usize = 26;
const MAX_PENDING_ID_CHARS: usize = 100;
/// Posts re-read to count mentions when a channel is marked unread.
const MAX_UNREAD_RECOUNT: i64 = 10_000;

/// `POST /posts` body. Other fields clients send (`create_at`, `metadata`, ...) are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPost {
    pub channel_id: String,
    pub message: String,
    pub root_id: String,
    /// Some clients send `null` for no files.
    pub file_ids: Option<Vec<String>>,
    pub props: Value,
    pub pending_post_id: String,
    #[serde(rename = "type")]
    pub post_type: String,
}

/// `PUT /posts/{id}/patch` body: only the fields present change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PostPatch {
    pub message: Option<String>,
    pub props: Option<Value>,
    pub file_ids: Option<Vec<String>>,
    pub is_pinned: Option<bool>,
}

impl From<Post> for PostPatch {
    /// A full update (`PUT /posts/{id}`) changes every editable field.
    fn from(p: Post) -> Self {
        Self {
            message: Some(p.message),
            props: Some(p.props),
            file_ids: Some(p.file_ids),
            is_pinned: Some(p.is_pinned),
        }
    }
}

/// A member's unread state after marking a channel unread (Mattermost's `ChannelUnreadAt`).
#[derive(Debug, Serialize)]
pub struct ChannelUnreadAt {
    pub team_id: String,
    pub channel_id: String,
    pub user_id: String,
    pub msg_count: i64,
    pub msg_count_root: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    pub last_viewed_at: i64,
    pub notify_props: Value,
}

fn check_message(message: &str, max_chars: usize) -> Result<()> {
    if message.chars().count() > max_chars {
        return Err(Error::bad_request(
            "model.post.is_valid.message_length.app_error",
            format!("The message is longer than {max_chars} characters."),
        ));
    }
    Ok(())
}

/// `props` must be a JSON object (null means empty) of bounded size.
fn check_props(props: Value) -> Result<Value> {
    let props = match props {
        Value::Null => json!({}),
        p @ Value::Object(_) => p,
        _ => return Err(Error::invalid_param("props")),
    };
    if props.to_string().chars().count() > MAX_PROPS_CHARS {
        return Err(Error::bad_request(
            "model.post.is_valid.props.app_error",
            "The post's props are too large.",
        ));
    }
    Ok(props)
}

fn check_file_ids(file_ids: &[String]) -> Result<()> {
    if file_ids.len() > MAX_FILE_IDS || !file_ids.iter().all(|id| is_valid_id(id)) {
        return Err(Error::bad_request(
            "model.post.is_valid.file_ids.app_error",
            format!("A post can have at most {MAX_FILE_IDS} valid file ids."),
        ));
    }
    Ok(())
}

fn check_writable(channel: &Channel) -> Result<()> {
    if channel.delete_at != 0 {
        return Err(Error::bad_request(
            "api.post.create_post.can_not_post_to_deleted.error",
            "Can not post to an archived channel.",
        ));
    }
    Ok(())
}

/// `data.post` and friends travel as JSON strings inside WebSocket events.
pub(super) fn json_string<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl App {
    /// Creates a post as the caller, who must be a member of the channel.
    pub async fn create_post(&self, caller: &Caller, new: NewPost) -> Result<Post> {
        let (channel, _) = self.channel_membership(caller, &new.channel_id).await?;
        self.save_new_post(caller, &channel, new).await
    }

    /// Validates and saves a post by the caller in `channel`, publishes it and runs the post-save
    /// hooks. Whoever calls this has already checked that the caller may post there.
    pub(super) async fn save_new_post(
        &self,
        caller: &Caller,
        channel: &Channel,
        new: NewPost,
    ) -> Result<Post> {
        check_writable(channel)?;
        check_message(
            &new.message,
            self.config().service_settings.maximum_post_size,
        )?;
        let file_ids = new.file_ids.unwrap_or_default();
        check_file_ids(&file_ids)?;
        let file_ids = self
            .attachable_files(caller, &channel.id, &file_ids)
            .await?;
        let props = check_props(new.props)?;
        if new.post_type.starts_with("system_") || new.post_type.chars().count() > MAX_TYPE_CHARS {
            return Err(Error::invalid_param("type"));
        }
        if new.pending_post_id.chars().count() > MAX_PENDING_ID_CHARS {
            return Err(Error::invalid_param("pending_post_id"));
        }
        if !new.root_id.is_empty() {
            self.check_root(&new.root_id, &channel.id).await?;
        }
        let post = Post {
            id: new_id(),
            // Later than the channel's last post, so read-up-to-a-time (unread state) never
            // splits posts that would otherwise share a millisecond.
            create_at: now_millis().max(channel.last_post_at + 1),
            user_id: caller.user.id.clone(),
            channel_id: channel.id.clone(),
            root_id: new.root_id,
            hashtags: parse_hashtags(&new.message),
            message: new.message,
            post_type: new.post_type,
            props,
            file_ids: file_ids.clone(),
            pending_post_id: new.pending_post_id,
            ..Post::default()
        };
        let mentioned = if may_mention(channel.kind(), &post.message) {
            let members = self.store.mention_targets(&channel.id).await?;
            mentioned_user_ids(channel.kind(), &post.user_id, &post.message, &members)
        } else {
            vec![]
        };
        let effects = PostEffects {
            mentioned,
            attach_files: file_ids,
        };
        self.store.insert_post(&post, &effects).await?;
        let post = self.load_post(&post.id).await?;
        self.publish_posted(caller, channel, &post, &effects.mentioned);
        self.after_post_saved(&SavedPost {
            caller,
            channel,
            post: &post,
            mentioned: &effects.mentioned,
        });
        Ok(post)
    }

    /// A reply's `root_id` must name an undeleted root post of the same channel.
    async fn check_root(&self, root_id: &str, channel_id: &str) -> Result<()> {
        let root = if is_valid_id(root_id) {
            self.store.post(root_id).await?
        } else {
            None
        };
        match root {
            Some(r) if r.channel_id == channel_id && r.is_root() && r.delete_at == 0 => Ok(()),
            _ => Err(Error::bad_request(
                "api.post.create_post.root_id.app_error",
                "Invalid root_id parameter.",
            )),
        }
    }

    fn publish_posted(
        &self,
        caller: &Caller,
        channel: &Channel,
        post: &Post,
        mentioned: &[String],
    ) {
        let sender_name = format!("@{}", caller.user.username);
        let display_name = match channel.kind() {
            Some(ChannelType::Direct) => sender_name.clone(),
            _ => channel.display_name.clone(),
        };
        let mut data = json!({
            "channel_type": channel.channel_type,
            "channel_display_name": display_name,
            "channel_name": channel.name,
            "sender_name": sender_name,
            "team_id": channel.team_id,
            "set_online": true,
            "post": json_string(post),
        });
        if !mentioned.is_empty() {
            data["mentions"] = json_string(&mentioned).into();
        }
        self.publish_to_channel("posted", &channel.id, data);
    }

    pub(super) fn publish_to_channel(&self, event: &'static str, channel_id: &str, data: Value) {
        self.hub.publish(Event {
            event,
            data,
            broadcast: Broadcast {
                channel_id: channel_id.into(),
                ..Broadcast::default()
            },
        });
    }

    /// Edits a post. The author (or a system admin) may change everything; `pin_only` edits
    /// (pinning) are open to every channel member.
    pub async fn patch_post(
        &self,
        caller: &Caller,
        post_id: &str,
        patch: PostPatch,
        pin_only: bool,
    ) -> Result<Post> {
        let mut post = self.load_post(post_id).await?;
        let access = self.channel_access(caller, &post.channel_id).await?;
        let own = post.user_id == caller.user.id;
        let allowed = if pin_only {
            access.member.is_some() || caller.is_system_admin()
        } else {
            own || caller.is_system_admin()
        };
        if !allowed {
            return Err(Error::forbidden());
        }
        check_writable(&access.channel)?;
        let now = now_millis();
        if let Some(message) = patch.message.filter(|m| *m != post.message) {
            check_message(&message, self.config().service_settings.maximum_post_size)?;
            post.hashtags = parse_hashtags(&message);
            post.message = message;
            post.edit_at = now;
        }
        if let Some(props) = patch.props {
            post.props = check_props(props)?;
        }
        if let Some(file_ids) = patch.file_ids {
            check_file_ids(&file_ids)?;
            post.file_ids = file_ids;
        }
        if let Some(pinned) = patch.is_pinned {
            post.is_pinned = pinned;
        }
        post.update_at = now;
        self.store.update_post(&post).await?;
        let post = self.load_post(post_id).await?;
        self.publish_to_channel(
            "post_edited",
            &post.channel_id,
            json!({"post": json_string(&post)}),
        );
        Ok(post)
    }

    /// Soft-deletes a post (and a root's replies). Authors may delete their own posts; channel
    /// admins and system admins anyone's.
    pub async fn delete_post(&self, caller: &Caller, post_id: &str) -> Result<()> {
        let mut post = self.load_post(post_id).await?;
        let access = self.channel_access(caller, &post.channel_id).await?;
        let member = access.member.as_ref();
        let allowed = caller.is_system_admin()
            || member.is_some_and(|m| m.scheme_admin || post.user_id == caller.user.id);
        if !allowed {
            return Err(Error::forbidden());
        }
        if access.channel.delete_at != 0 {
            return Err(Error::bad_request(
                "api.post.delete_post.can_not_delete_post_in_deleted.error",
                "Can not delete a post in an archived channel.",
            ));
        }
        let now = now_millis();
        self.store.delete_post(post_id, now).await?;
        post.delete_at = now;
        post.update_at = now;
        self.publish_to_channel(
            "post_deleted",
            &post.channel_id,
            json!({"post": json_string(&post), "delete_by": caller.user.id}),
        );
        Ok(())
    }

    /// Marks the post's channel unread for `user_id` from that post on, recounting messages and
    /// mentions the way they were when the post arrived.
    pub async fn mark_unread_from_post(
        &self,
        caller: &Caller,
        user_id: &str,
        post_id: &str,
    ) -> Result<ChannelUnreadAt> {
        caller.require_self_or_admin(user_id)?;
        let post = self.load_post(post_id).await?;
        let channel = self
            .store
            .channel(&post.channel_id)
            .await?
            .ok_or_else(|| Error::not_found("channel"))?;
        let members = self.store.mention_targets(&channel.id).await?;
        let Some(me) = members.into_iter().find(|m| m.user_id == user_id) else {
            return Err(Error::forbidden());
        };
        let unread = self
            .store
            .posts_by_others_from(&channel.id, user_id, post.create_at, MAX_UNREAD_RECOUNT)
            .await?;
        let me = [me];
        let mentioning: Vec<&Post> = unread
            .iter()
            .filter(|p| !mentioned_user_ids(channel.kind(), &p.user_id, &p.message, &me).is_empty())
            .collect();
        let at = now_millis();
        self.store
            .mark_unread_from(&UnreadFrom {
                channel_id: channel.id.clone(),
                user_id: user_id.into(),
                last_viewed_at: post.create_at - 1,
                mention_count: mentioning.len() as i64,
                mention_count_root: mentioning.iter().filter(|p| p.is_root()).count() as i64,
                at,
            })
            .await?;
        let m = self
            .store
            .channel_member(&channel.id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("channel member"))?;
        let unread_at = ChannelUnreadAt {
            team_id: channel.team_id.clone(),
            channel_id: channel.id.clone(),
            user_id: user_id.into(),
            msg_count: m.msg_count,
            msg_count_root: m.msg_count_root,
            mention_count: m.mention_count,
            mention_count_root: m.mention_count_root,
            urgent_mention_count: m.urgent_mention_count,
            last_viewed_at: m.last_viewed_at,
            notify_props: m.notify_props,
        };
        self.publish_post_unread(&unread_at, post_id);
        Ok(unread_at)
    }

    fn publish_post_unread(&self, u: &ChannelUnreadAt, post_id: &str) {
        self.hub.publish(Event {
            event: "post_unread",
            data: json!({
                "msg_count": u.msg_count,
                "msg_count_root": u.msg_count_root,
                "mention_count": u.mention_count,
                "mention_count_root": u.mention_count_root,
                "urgent_mention_count": u.urgent_mention_count,
                "last_viewed_at": u.last_viewed_at,
                "post_id": post_id,
                "channel_id": u.channel_id,
                "team_id": u.team_id,
            }),
            // Only this user; the channel and team tell clients where the change applies.
            broadcast: Broadcast {
                user_id: u.user_id.clone(),
                channel_id: u.channel_id.clone(),
                team_id: u.team_id.clone(),
                ..Broadcast::default()
            },
        });
    }

    /// An undeleted post with its metadata, or 404.
    pub(super) async fn load_post(&self, post_id: &str) -> Result<Post> {
        match self.store.post(post_id).await? {
            Some(p) if p.delete_at == 0 => {
                let mut posts = vec![p];
                self.attach_metadata(&mut posts).await?;
                Ok(posts.remove(0))
            }
            _ => Err(Error::not_found("post")),
        }
    }
}
