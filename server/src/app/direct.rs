//! Direct (two people, or one person with themself) and group (3 to 8 people) channels. Both
//! belong to no team, are named from their members' ids, and creating one again returns the
//! existing channel.

use serde_json::json;
use sha1::{Digest, Sha1};

use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelMember, ChannelType, User, new_id, now_millis};
use crate::ws::{Broadcast, Event};

pub const MIN_GROUP_MEMBERS: usize = 3;
pub const MAX_GROUP_MEMBERS: usize = 8;

/// A direct channel's name: both user ids, sorted, joined by `__` (clients compute it too).
pub fn direct_channel_name(a: &str, b: &str) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    format!("{first}__{second}")
}

/// A group channel's name: the hex SHA-1 of the sorted member ids joined by commas, as
/// Mattermost names them.
pub fn group_channel_name(user_ids: &[String]) -> String {
    let mut ids: Vec<&str> = user_ids.iter().map(String::as_str).collect();
    ids.sort_unstable();
    Sha1::digest(ids.join(",").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl App {
    /// Opens the direct channel between the two users in `ids`; the caller must be one of them
    /// (system admins may open any). Guests may only write to people they can see.
    pub async fn create_direct_channel(&self, caller: &Caller, ids: &[String]) -> Result<Channel> {
        let [a, b] = ids else {
            return Err(Error::invalid_param("user_ids"));
        };
        if !caller.is_system_admin() && caller.user_id() != a && caller.user_id() != b {
            return Err(Error::forbidden());
        }
        let users = self.users_for_private_channel(caller, ids).await?;
        let now = now_millis();
        let channel = Channel {
            id: new_id(),
            create_at: now,
            update_at: now,
            channel_type: ChannelType::Direct.as_str().into(),
            name: direct_channel_name(a, b),
            creator_id: caller.user.id.clone(),
            ..Channel::default()
        };
        let (channel, created) = self.store_private_channel(channel, &users, now).await?;
        if created {
            let teammate = if caller.user_id() == a { b } else { a };
            self.hub.publish(Event {
                event: "direct_added",
                data: json!({"creator_id": caller.user_id(), "teammate_id": teammate}),
                broadcast: Broadcast {
                    channel_id: channel.id.clone(),
                    ..Broadcast::default()
                },
            });
        }
        Ok(channel)
    }

    /// Opens the group channel of `ids` plus the caller (3 to 8 people in all).
    pub async fn create_group_channel(&self, caller: &Caller, ids: &[String]) -> Result<Channel> {
        let mut ids = ids.to_vec();
        ids.push(caller.user.id.clone());
        ids.sort_unstable();
        ids.dedup();
        if !(MIN_GROUP_MEMBERS..=MAX_GROUP_MEMBERS).contains(&ids.len()) {
            return Err(Error::bad_request(
                "api.channel.create_group.bad_size.app_error",
                "Group messages must have at least 3 and no more than 8 users.",
            ));
        }
        let users = self.users_for_private_channel(caller, &ids).await?;
        if users.iter().any(|u| u.delete_at != 0) {
            return Err(Error::bad_request(
                "api.channel.create_group.deactivated_users.app_error",
                "Group messages cannot include deactivated users.",
            ));
        }
        let now = now_millis();
        let mut names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
        names.sort_unstable();
        let channel = Channel {
            id: new_id(),
            create_at: now,
            update_at: now,
            channel_type: ChannelType::Group.as_str().into(),
            name: group_channel_name(&ids),
            display_name: names.join(", "),
            creator_id: caller.user.id.clone(),
            ..Channel::default()
        };
        let (channel, created) = self.store_private_channel(channel, &users, now).await?;
        if created {
            self.hub.publish(Event {
                event: "group_added",
                data: json!({"teammate_ids": json!(ids).to_string()}),
                broadcast: Broadcast {
                    channel_id: channel.id.clone(),
                    ..Broadcast::default()
                },
            });
        }
        Ok(channel)
    }

    /// The users of a direct or group channel, sorted by id. Unknown ids are 400; a guest caller
    /// must share a channel with each of them already.
    async fn users_for_private_channel(
        &self,
        caller: &Caller,
        ids: &[String],
    ) -> Result<Vec<User>> {
        let mut users = self.store.users_by_ids(ids).await?;
        users.sort_unstable_by(|x, y| x.id.cmp(&y.id));
        if ids.iter().any(|id| !users.iter().any(|u| &u.id == id)) {
            return Err(Error::bad_request(
                "api.channel.create_direct_channel.invalid_user.app_error",
                "One of the users does not exist.",
            ));
        }
        if caller.is_guest() {
            for id in ids.iter().filter(|id| id.as_str() != caller.user_id()) {
                if self.visible_user(caller, id).await?.is_none() {
                    return Err(Error::forbidden());
                }
            }
        }
        Ok(users)
    }

    /// Stores a new direct or group channel with its members, or finds the existing one.
    async fn store_private_channel(
        &self,
        channel: Channel,
        users: &[User],
        now: i64,
    ) -> Result<(Channel, bool)> {
        if let Some(existing) = self.store.channel_by_name("", &channel.name).await? {
            return Ok((existing, false));
        }
        let members: Vec<ChannelMember> = users
            .iter()
            .map(|u| self.new_channel_member(&channel.id, u, false, now))
            .collect();
        Ok(self
            .store
            .insert_channel_if_absent(&channel, &members)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_names_sort_ids() {
        assert_eq!(direct_channel_name("bbb", "aaa"), "aaa__bbb");
        assert_eq!(direct_channel_name("aaa", "aaa"), "aaa__aaa");
    }

    #[test]
    fn group_names_ignore_order() {
        let a = group_channel_name(&["x".into(), "y".into(), "z".into()]);
        let b = group_channel_name(&["z".into(), "x".into(), "y".into()]);
        assert_eq!(a, b);
        assert_eq!(a.len(), 40);
    }
}
