//! Channels: creation, membership and the read/write permission checks every channel operation uses.

use serde::Deserialize;
use serde_json::{Value, json};

use super::OrConflict;
use super::teams::{check_display_name, is_valid_name, member_flags};
use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelMember, ChannelType, User, new_id, now_millis};
use crate::ws::{Broadcast, Event};

/// `POST /channels` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewChannel {
    pub team_id: String,
    pub name: String,
    pub display_name: String,
    pub purpose: String,
    pub header: String,
    #[serde(rename = "type")]
    pub channel_type: String,
}

pub const MAX_PURPOSE_CHARS: usize = 250;
pub const MAX_HEADER_CHARS: usize = 1024;

pub fn check_channel_texts(purpose: &str, header: &str) -> Result<()> {
    if purpose.chars().count() > MAX_PURPOSE_CHARS {
        return Err(Error::bad_request(
            "model.channel.is_valid.purpose.app_error",
            "Purpose is too long.",
        ));
    }
    if header.chars().count() > MAX_HEADER_CHARS {
        return Err(Error::bad_request(
            "model.channel.is_valid.header.app_error",
            "Header is too long.",
        ));
    }
    Ok(())
}

/// What a caller may do in a channel, as found by [`App::channel_access`].
#[derive(Debug)]
pub struct ChannelAccess {
    pub channel: Channel,
    /// The caller's membership; `None` for a public channel the caller can read but has not joined.
    pub member: Option<ChannelMember>,
}

impl App {
    /// A fresh membership row for `user` in `channel_id`.
    pub fn new_channel_member(
        &self,
        channel_id: &str,
        user: &User,
        admin: bool,
        now: i64,
    ) -> ChannelMember {
        let (guest, member_user, admin) = member_flags(user, admin);
        ChannelMember {
            channel_id: channel_id.into(),
            user_id: user.id.clone(),
            notify_props: json!({
                "desktop": "default", "email": "default", "push": "default",
                "mark_unread": "all", "ignore_channel_mentions": "default"
            }),
            last_update_at: now,
            scheme_guest: guest,
            scheme_user: member_user,
            scheme_admin: admin,
            ..ChannelMember::default()
        }
    }

    /// Loads a channel the caller may read: members always; public channels also for non-guest
    /// members of their team. Everyone else gets 404 for unknown ids and 403 otherwise.
    pub async fn channel_access(&self, caller: &Caller, channel_id: &str) -> Result<ChannelAccess> {
        let channel = self
            .store
            .channel(channel_id)
            .await?
            .ok_or_else(|| Error::not_found("channel"))?;
        let member = self
            .store
            .channel_member(channel_id, caller.user_id())
            .await?;
        if member.is_some() {
            return Ok(ChannelAccess { channel, member });
        }
        let public = channel.kind() == Some(ChannelType::Open);
        if public && !caller.is_guest() {
            let in_team = self
                .store
                .team_member(&channel.team_id, caller.user_id())
                .await?
                .is_some();
            if in_team || caller.is_system_admin() {
                return Ok(ChannelAccess { channel, member });
            }
        }
        Err(Error::forbidden())
    }

    /// Like [`App::channel_access`] but requires membership (posting, viewing, typing).
    pub async fn channel_membership(
        &self,
        caller: &Caller,
        channel_id: &str,
    ) -> Result<(Channel, ChannelMember)> {
        let access = self.channel_access(caller, channel_id).await?;
        match access.member {
            Some(member) => Ok((access.channel, member)),
            None => Err(Error::forbidden()),
        }
    }

    pub async fn create_channel(&self, caller: &Caller, new: NewChannel) -> Result<Channel> {
        let kind = match ChannelType::parse(&new.channel_type) {
            Some(k @ (ChannelType::Open | ChannelType::Private)) => k,
            _ => return Err(Error::invalid_param("type")),
        };
        if caller.is_guest() {
            return Err(Error::forbidden());
        }
        self.visible_team(caller, &new.team_id).await?;
        self.require_team_member(caller, &new.team_id).await?;
        let max = self.config().team_settings.max_channels_per_team;
        if max > 0 && self.store.count_team_channels(&new.team_id).await? >= max {
            return Err(Error::bad_request(
                "api.channel.create_channel.max_channel_limit.app_error",
                "This team has reached the maximum number of channels.",
            ));
        }
        let name = new.name.trim().to_lowercase();
        if !is_valid_name(&name) {
            return Err(Error::bad_request(
                "model.channel.is_valid.2_or_more.app_error",
                "Channel name must be 2 to 64 lowercase letters, digits, '-' or '_'.",
            ));
        }
        check_display_name(&new.display_name)?;
        check_channel_texts(&new.purpose, &new.header)?;
        let now = now_millis();
        let channel = Channel {
            id: new_id(),
            create_at: now,
            update_at: now,
            team_id: new.team_id,
            channel_type: kind.as_str().into(),
            display_name: new.display_name.trim().into(),
            name,
            header: new.header,
            purpose: new.purpose,
            last_post_at: now,
            creator_id: caller.user.id.clone(),
            ..Channel::default()
        };
        let creator = self.new_channel_member(&channel.id, &caller.user, true, now);
        self.store
            .insert_channel(&channel, &[creator])
            .await
            .or_conflict(
                "store.sql_channel.save_channel.exists.app_error",
                "A channel with that name already exists on the same team.",
            )?;
        self.hub.publish(Event {
            event: "channel_created",
            data: json!({"channel_id": channel.id, "team_id": channel.team_id}),
            broadcast: Broadcast {
                user_id: caller.user.id.clone(),
                ..Broadcast::default()
            },
        });
        Ok(channel)
    }

    /// Adds `user_id` to a public or private channel. Joining a public channel oneself needs team
    /// membership; adding others needs channel membership; guests can only be added by admins.
    pub async fn add_channel_member(
        &self,
        caller: &Caller,
        channel_id: &str,
        user_id: &str,
    ) -> Result<ChannelMember> {
        let access = self.channel_access(caller, channel_id).await?;
        let channel = access.channel;
        if !matches!(
            channel.kind(),
            Some(ChannelType::Open | ChannelType::Private)
        ) || channel.delete_at != 0
        {
            return Err(Error::bad_request(
                "api.channel.add_user_to_channel.type.app_error",
                "Users can only be added to active public or private channels.",
            ));
        }
        let joining_self = user_id == caller.user_id();
        if !caller.is_system_admin()
            && (caller.is_guest() || (!joining_self && access.member.is_none()))
        {
            return Err(Error::forbidden());
        }
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        if user.delete_at != 0 {
            return Err(Error::bad_request(
                "api.channel.add_member.deactivated",
                "That user is deactivated.",
            ));
        }
        if user.is_guest() && !caller.is_system_admin() {
            return Err(Error::forbidden());
        }
        if self
            .store
            .team_member(&channel.team_id, user_id)
            .await?
            .is_none()
        {
            return Err(Error::bad_request(
                "api.channel.add_user.to.channel.failed.deleted.app_error",
                "The user is not a member of the channel's team.",
            ));
        }
        let member = self.new_channel_member(channel_id, &user, false, now_millis());
        if self.store.insert_channel_member(&member).await? {
            self.publish_user_added(&channel.team_id, channel_id, user_id);
        }
        self.store
            .channel_member(channel_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("channel member"))
    }

    /// Tells the channel (the new member included) that `user_id` joined.
    pub(super) fn publish_user_added(&self, team_id: &str, channel_id: &str, user_id: &str) {
        self.hub.publish(Event {
            event: "user_added",
            data: json!({"user_id": user_id, "team_id": team_id}),
            broadcast: Broadcast {
                channel_id: channel_id.into(),
                ..Broadcast::default()
            },
        });
    }
}

/// `PUT /channels/{id}/patch` body. `PUT /channels/{id}` sends whole channels; its empty fields
/// leave the stored values alone.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChannelPatch {
    pub name: Option<String>,
    pub display_name: Option<String>,
    pub purpose: Option<String>,
    pub header: Option<String>,
}

impl ChannelPatch {
    /// The patch a full-channel update amounts to: only the fields that are filled in.
    pub fn from_update(c: Channel) -> Self {
        let filled = |s: String| (!s.is_empty()).then_some(s);
        ChannelPatch {
            name: filled(c.name),
            display_name: filled(c.display_name),
            purpose: filled(c.purpose),
            header: filled(c.header),
        }
    }
}

/// Every team's first channel, which members cannot leave and nobody can rename or archive.
pub const DEFAULT_CHANNEL: &str = "town-square";

impl App {
    /// Whether the caller may change a public or private channel's properties and members:
    /// non-guest members (Mattermost's default `channel_user` rights), team admins, system admins.
    pub async fn can_manage_channel(
        &self,
        caller: &Caller,
        access: &ChannelAccess,
    ) -> Result<bool> {
        if access.member.is_some() && !caller.is_guest() {
            return Ok(true);
        }
        if access.channel.team_id.is_empty() {
            return Ok(false);
        }
        self.is_team_admin(caller, &access.channel.team_id).await
    }

    /// Applies `patch`. Direct and group channels take only a new header, from their members.
    pub async fn patch_channel(
        &self,
        caller: &Caller,
        channel_id: &str,
        patch: ChannelPatch,
    ) -> Result<Channel> {
        let access = self.channel_access(caller, channel_id).await?;
        let direct = matches!(
            access.channel.kind(),
            Some(ChannelType::Direct | ChannelType::Group)
        );
        let allowed = if direct {
            access.member.is_some()
        } else {
            self.can_manage_channel(caller, &access).await?
        };
        if !allowed {
            return Err(Error::forbidden());
        }
        let mut channel = access.channel;
        if channel.delete_at != 0 {
            return Err(Error::bad_request(
                "api.channel.update_channel.deleted.app_error",
                "The channel has been archived or deleted.",
            ));
        }
        if direct
            && (patch.name.is_some() || patch.display_name.is_some() || patch.purpose.is_some())
        {
            return Err(Error::bad_request(
                "api.channel.patch_update_channel.forbidden.app_error",
                "Only the header of a direct or group channel can be changed.",
            ));
        }
        if let Some(name) = patch.name {
            let name = name.trim().to_lowercase();
            if channel.name == DEFAULT_CHANNEL && name != DEFAULT_CHANNEL {
                return Err(Error::bad_request(
                    "api.channel.update_channel.tried.app_error",
                    "The default channel cannot be renamed.",
                ));
            }
            if !is_valid_name(&name) {
                return Err(Error::invalid_param("name"));
            }
            channel.name = name;
        }
        if let Some(display_name) = patch.display_name {
            check_display_name(&display_name)?;
            channel.display_name = display_name.trim().into();
        }
        channel.purpose = patch.purpose.unwrap_or(channel.purpose);
        channel.header = patch.header.unwrap_or(channel.header);
        check_channel_texts(&channel.purpose, &channel.header)?;
        channel.update_at = now_millis();
        self.store.update_channel(&channel).await.or_conflict(
            "store.sql_channel.update.exists.app_error",
            "A channel with that name already exists on the same team.",
        )?;
        self.publish_channel_updated(&channel);
        Ok(channel)
    }

    /// `channel_updated` to the channel's members, with the channel as a JSON string.
    pub(super) fn publish_channel_updated(&self, channel: &Channel) {
        self.hub.publish(Event {
            event: "channel_updated",
            data: json!({"channel": json!(channel).to_string()}),
            broadcast: Broadcast {
                channel_id: channel.id.clone(),
                ..Broadcast::default()
            },
        });
    }

    /// Archives a public or private channel (not the team's default channel).
    pub async fn archive_channel(&self, caller: &Caller, channel_id: &str) -> Result<()> {
        let access = self.channel_access(caller, channel_id).await?;
        let channel = &access.channel;
        if !matches!(
            channel.kind(),
            Some(ChannelType::Open | ChannelType::Private)
        ) || channel.name == DEFAULT_CHANNEL
            || channel.delete_at != 0
        {
            return Err(Error::bad_request(
                "api.channel.delete_channel.cannot.app_error",
                "Only active public or private channels other than the default channel can be archived.",
            ));
        }
        if !self.can_manage_channel(caller, &access).await? {
            return Err(Error::forbidden());
        }
        let now = now_millis();
        self.store
            .set_channel_delete_at(channel_id, now, now)
            .await?;
        self.publish_channel_lifecycle(
            "channel_deleted",
            channel,
            json!({"channel_id": channel.id, "team_id": channel.team_id, "delete_at": now}),
        );
        Ok(())
    }

    /// Brings an archived channel back (team admins and system admins).
    pub async fn restore_channel(&self, caller: &Caller, channel_id: &str) -> Result<Channel> {
        let mut channel = self.channel_access(caller, channel_id).await?.channel;
        if channel.team_id.is_empty() || !self.is_team_admin(caller, &channel.team_id).await? {
            return Err(Error::forbidden());
        }
        if channel.delete_at == 0 {
            return Err(Error::bad_request(
                "api.channel.restore_channel.restored.app_error",
                "The channel is not archived.",
            ));
        }
        let now = now_millis();
        self.store.set_channel_delete_at(channel_id, 0, now).await?;
        channel.delete_at = 0;
        channel.update_at = now;
        self.publish_channel_lifecycle(
            "channel_restored",
            &channel,
            json!({"channel_id": channel.id, "team_id": channel.team_id}),
        );
        Ok(channel)
    }

    /// Archive and restore news: to the whole team for a public channel, else to its members.
    fn publish_channel_lifecycle(&self, event: &'static str, channel: &Channel, data: Value) {
        let broadcast = if channel.kind() == Some(ChannelType::Open) {
            Broadcast {
                team_id: channel.team_id.clone(),
                ..Broadcast::default()
            }
        } else {
            Broadcast {
                channel_id: channel.id.clone(),
                ..Broadcast::default()
            }
        };
        self.hub.publish(Event {
            event,
            data,
            broadcast,
        });
    }
}
