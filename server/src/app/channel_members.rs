//! Channel members: listing them, leaving and removing, channel roles, per-channel notification
//! settings, and read state (viewing a channel resets its unread counts).

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::channels::DEFAULT_CHANNEL;
use super::notify::{PropsOf, invalid_notify_prop};
use super::{App, Caller, Error, Result};
use crate::model::{ChannelMember, ChannelType, ChannelUnread, now_millis};
use crate::ws::{Broadcast, Event};

/// Most notification settings one membership may hold, and the longest key or value.
const MAX_NOTIFY_PROPS: usize = 32;
const MAX_NOTIFY_PROP_CHARS: usize = 64;

/// `POST /channels/members/{user_id}/view` body (clients also send
/// `collapsed_threads_supported`, which changes nothing here).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChannelView {
    pub channel_id: String,
    pub prev_channel_id: String,
}

/// Merges `update` into `current`, checking sizes and the values Hearth's unread counts rely on.
pub fn merge_notify_props(current: &Value, update: Map<String, Value>) -> Result<Value> {
    let mut props = current.as_object().cloned().unwrap_or_default();
    for (key, value) in update {
        let Some(text) = value.as_str() else {
            return Err(Error::invalid_param("notify_props"));
        };
        if key.len() > MAX_NOTIFY_PROP_CHARS || text.chars().count() > MAX_NOTIFY_PROP_CHARS {
            return Err(Error::invalid_param("notify_props"));
        }
        props.insert(key, value);
    }
    let props = Value::Object(props);
    if let Some(key) = invalid_notify_prop(PropsOf::ChannelMember, &props) {
        return Err(Error::invalid_param(&key));
    }
    if props.as_object().map_or(0, |p| p.len()) > MAX_NOTIFY_PROPS {
        return Err(Error::invalid_param("notify_props"));
    }
    Ok(props)
}

impl App {
    pub async fn channel_members_page(
        &self,
        caller: &Caller,
        channel_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<ChannelMember>> {
        self.channel_access(caller, channel_id).await?;
        Ok(self
            .store
            .channel_members_page(channel_id, page, per_page)
            .await?)
    }

    pub async fn channel_member(
        &self,
        caller: &Caller,
        channel_id: &str,
        user_id: &str,
    ) -> Result<ChannelMember> {
        self.channel_access(caller, channel_id).await?;
        self.store
            .channel_member(channel_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("channel member"))
    }

    pub async fn channel_members_by_ids(
        &self,
        caller: &Caller,
        channel_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<ChannelMember>> {
        self.channel_access(caller, channel_id).await?;
        Ok(self
            .store
            .channel_members_by_ids(channel_id, user_ids)
            .await?)
    }

    /// Leaves (self) or removes someone from a public or private channel. Nobody leaves the
    /// team's default channel; removing others needs [`App::can_manage_channel`].
    pub async fn remove_channel_member(
        &self,
        caller: &Caller,
        channel_id: &str,
        user_id: &str,
    ) -> Result<()> {
        let access = self.channel_access(caller, channel_id).await?;
        let channel = &access.channel;
        if !matches!(
            channel.kind(),
            Some(ChannelType::Open | ChannelType::Private)
        ) || channel.name == DEFAULT_CHANNEL
        {
            return Err(Error::bad_request(
                "api.channel.remove_user_from_channel.app_error",
                "Members can only be removed from public or private channels other than the default channel.",
            ));
        }
        let leaving = user_id == caller.user_id();
        if !leaving && !self.can_manage_channel(caller, &access).await? {
            return Err(Error::forbidden());
        }
        if !self
            .store
            .remove_channel_member(channel_id, user_id)
            .await?
        {
            return Err(Error::not_found("channel member"));
        }
        let remover = caller.user_id();
        self.hub.publish(Event {
            event: "user_removed",
            data: json!({"user_id": user_id, "remover_id": remover}),
            broadcast: Broadcast {
                channel_id: channel_id.into(),
                ..Broadcast::default()
            },
        });
        self.hub.publish(Event {
            event: "user_removed",
            data: json!({"channel_id": channel_id, "remover_id": remover}),
            broadcast: Broadcast {
                user_id: user_id.into(),
                ..Broadcast::default()
            },
        });
        Ok(())
    }

    /// Makes a member a channel admin or not (scheme flags `user`, `admin`). Channel admins, team
    /// admins and system admins may.
    pub async fn update_channel_scheme_roles(
        &self,
        caller: &Caller,
        channel_id: &str,
        user_id: &str,
        (user, admin): (bool, bool),
    ) -> Result<()> {
        if !user {
            return Err(Error::invalid_param("scheme_user"));
        }
        let access = self.channel_access(caller, channel_id).await?;
        let channel_admin = access.member.as_ref().is_some_and(|m| m.scheme_admin);
        let team_admin = !access.channel.team_id.is_empty()
            && self.is_team_admin(caller, &access.channel.team_id).await?;
        if !(channel_admin || team_admin) {
            return Err(Error::forbidden());
        }
        let member = self
            .store
            .channel_member(channel_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("channel member"))?;
        if member.scheme_guest {
            return Err(Error::bad_request(
                "api.channel.update_channel_member_roles.guest.app_error",
                "Guests cannot be given channel roles.",
            ));
        }
        self.store
            .set_channel_member_scheme(channel_id, user_id, user, admin, now_millis())
            .await?;
        self.publish_member_updated(channel_id, user_id).await
    }

    /// Updates one's own notification settings for a channel (system admins may for anyone).
    pub async fn update_channel_notify_props(
        &self,
        caller: &Caller,
        channel_id: &str,
        user_id: &str,
        update: Map<String, Value>,
    ) -> Result<()> {
        caller.require_self_or_admin(user_id)?;
        let member = self
            .store
            .channel_member(channel_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("channel member"))?;
        let props = merge_notify_props(&member.notify_props, update)?;
        self.store
            .set_channel_notify_props(channel_id, user_id, &props, now_millis())
            .await?;
        self.publish_member_updated(channel_id, user_id).await
    }

    /// `channel_member_updated` to the member, with the membership as a JSON string.
    async fn publish_member_updated(&self, channel_id: &str, user_id: &str) -> Result<()> {
        let member = self
            .store
            .channel_member(channel_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("channel member"))?;
        self.hub.publish(Event {
            event: "channel_member_updated",
            data: json!({"channelMember": json!(member).to_string()}),
            broadcast: Broadcast {
                user_id: user_id.into(),
                ..Broadcast::default()
            },
        });
        Ok(())
    }

    /// Marks the viewed channel (and the one the user came from) read. Returns the new
    /// `last_viewed_at` of each channel that changed; channels the user is not in are skipped.
    pub async fn view_channel(
        &self,
        caller: &Caller,
        user_id: &str,
        view: &ChannelView,
    ) -> Result<Map<String, Value>> {
        caller.require_self_or_admin(user_id)?;
        let ids: Vec<&str> = [view.channel_id.as_str(), view.prev_channel_id.as_str()]
            .into_iter()
            .filter(|id| !id.is_empty())
            .collect();
        let now = now_millis();
        let viewed = match ids.is_empty() {
            true => vec![],
            false => self.store.view_channels(user_id, &ids, now).await?,
        };
        for channel_id in &viewed {
            self.notify_channel_read(user_id, channel_id);
            self.hub.publish(Event {
                event: "channel_viewed",
                data: json!({"channel_id": channel_id}),
                broadcast: Broadcast {
                    user_id: user_id.into(),
                    ..Broadcast::default()
                },
            });
        }
        Ok(viewed.into_iter().map(|id| (id, json!(now))).collect())
    }

    /// One channel's unread counts for `user_id`, who must be a member.
    pub async fn channel_unread(
        &self,
        caller: &Caller,
        user_id: &str,
        channel_id: &str,
    ) -> Result<ChannelUnread> {
        caller.require_self_or_admin(user_id)?;
        let mut unread = self
            .store
            .channel_unreads(user_id, Some(channel_id))
            .await?;
        unread
            .pop()
            .ok_or_else(|| Error::not_found("channel member"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notify_props_merge_and_check_values() {
        let current = json!({"desktop": "default", "mark_unread": "all"});
        let update = json!({"mark_unread": "mention"});
        let merged = merge_notify_props(&current, update.as_object().unwrap().clone()).unwrap();
        assert_eq!(
            merged,
            json!({"desktop": "default", "mark_unread": "mention"})
        );
        let bad = json!({"mark_unread": "sometimes"});
        assert!(merge_notify_props(&current, bad.as_object().unwrap().clone()).is_err());
        let not_text = json!({"push": 3});
        assert!(merge_notify_props(&current, not_text.as_object().unwrap().clone()).is_err());
    }
}
