//! The user directory: listing, search and autocomplete, always limited to whom the caller may see.
//! Guests see only people they share a channel with; listing a team or channel needs access to it.

use std::collections::HashMap;

use super::{App, Caller, Error, Result};
use crate::model::User;
use crate::store::UserQuery;

/// Most users returned by one list or search call, as in Mattermost.
pub const MAX_PAGE_SIZE: i64 = 200;

/// Most ids or usernames one lookup takes.
pub const MAX_IDS: usize = MAX_PAGE_SIZE as usize * 5;

impl App {
    /// Runs `query` as `caller`: applies the guest restriction and checks access to the named team
    /// and channel filters, then returns sanitised profiles (the caller's own stays whole).
    pub async fn find_users(&self, caller: &Caller, mut query: UserQuery) -> Result<Vec<User>> {
        query.limit = query.limit.clamp(1, MAX_PAGE_SIZE);
        query.offset = query.offset.max(0);
        if caller.is_guest() {
            query.sharing_channel_with = Some(caller.user.id.clone());
            query.include_inactive = false;
        }
        for team_id in [&query.in_team, &query.not_in_team].into_iter().flatten() {
            self.require_team_member(caller, team_id).await?;
        }
        for channel_id in [&query.in_channel, &query.not_in_channel]
            .into_iter()
            .flatten()
        {
            self.channel_access(caller, channel_id).await?;
        }
        if !caller.is_system_admin() {
            // Filtering by role or listing only deactivated accounts is an admin console feature.
            query.inactive_only = false;
            query.role = None;
        }
        let users = self.store.query_users(&query).await?;
        Ok(users
            .into_iter()
            .map(|u| self.present_user(caller, u))
            .collect())
    }

    /// Profiles for `ids` that the caller may see, in one query.
    pub async fn users_by_ids(&self, caller: &Caller, ids: &[String]) -> Result<Vec<User>> {
        let users = self.store.users_by_ids(ids).await?;
        self.visible_among(caller, users).await
    }

    pub async fn users_by_usernames(&self, caller: &Caller, names: &[String]) -> Result<Vec<User>> {
        if names.len() > MAX_IDS {
            return Err(Error::invalid_param("usernames"));
        }
        let users = self.store.users_by_usernames(names).await?;
        self.visible_among(caller, users).await
    }

    /// The members of the caller's group channels among `channel_ids`, keyed by channel (the
    /// mobile app names group channels from these).
    pub async fn group_channel_profiles(
        &self,
        caller: &Caller,
        channel_ids: &[String],
    ) -> Result<HashMap<String, Vec<User>>> {
        let mine = self
            .store
            .group_channels_of_user(caller.user_id(), channel_ids)
            .await?;
        let mut profiles: HashMap<String, Vec<User>> = HashMap::new();
        for (channel_id, user) in self.store.channel_members_profiles(&mine).await? {
            profiles
                .entry(channel_id)
                .or_default()
                .push(self.present_user(caller, user));
        }
        Ok(profiles)
    }

    /// Keeps the users `caller` may see: everyone for non-guests, channel mates for guests.
    async fn visible_among(&self, caller: &Caller, users: Vec<User>) -> Result<Vec<User>> {
        let mates = if caller.is_guest() {
            let query = UserQuery {
                sharing_channel_with: Some(caller.user.id.clone()),
                include_inactive: true,
                limit: i64::MAX,
                ..UserQuery::default()
            };
            Some(
                self.store
                    .query_users(&query)
                    .await?
                    .into_iter()
                    .map(|u| u.id)
                    .collect::<std::collections::HashSet<_>>(),
            )
        } else {
            None
        };
        Ok(users
            .into_iter()
            .filter(|u| u.id == caller.user.id || mates.as_ref().is_none_or(|m| m.contains(&u.id)))
            .map(|u| self.present_user(caller, u))
            .collect())
    }

    /// A user as `caller` should see it: whole for oneself and admins, sanitised otherwise.
    pub fn present_user(&self, caller: &Caller, user: User) -> User {
        if user.id == caller.user.id || caller.is_system_admin() {
            user
        } else {
            user.sanitized_for_others()
        }
    }
}
