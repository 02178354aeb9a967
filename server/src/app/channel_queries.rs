//! Finding channels: a team's public and archived channels, lookups by name, search and
//! autocomplete, a user's own channels, and channel statistics. Guests only ever find channels they
//! are members of.

use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelMember, ChannelStats, Team};
use crate::store::{ChannelSearch, UserChannels};

/// Longest search term looked at; longer ones cannot match a 64-character name anyway.
const MAX_TERM_CHARS: usize = 64;
/// Most results of a search or autocomplete.
const SEARCH_LIMIT: i64 = 100;

/// How a channel search treats the caller's access.
#[derive(Debug, Clone, Copy)]
pub enum SearchKind {
    /// "Browse channels": the team's public channels.
    Browse,
    /// `~` autocomplete: public channels and the caller's private ones.
    Autocomplete,
    /// Search filters: only the caller's own channels.
    Mine,
    /// Archived channels: public ones and the caller's private ones.
    Archived,
}

impl App {
    /// Team-wide channel lists are for the team's non-guest members and system admins.
    async fn require_channel_browser(&self, caller: &Caller, team_id: &str) -> Result<()> {
        self.visible_team(caller, team_id).await?;
        if caller.is_guest() {
            return Err(Error::forbidden());
        }
        self.require_team_member(caller, team_id).await?;
        Ok(())
    }

    pub async fn public_channels(
        &self,
        caller: &Caller,
        team_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<Channel>> {
        self.require_channel_browser(caller, team_id).await?;
        Ok(self
            .store
            .team_channels(team_id, "O", page, per_page)
            .await?)
    }

    /// Every private channel of a team, for system admins managing them.
    pub async fn private_channels(
        &self,
        caller: &Caller,
        team_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<Channel>> {
        caller.require_system_admin()?;
        Ok(self
            .store
            .team_channels(team_id, "P", page, per_page)
            .await?)
    }

    pub async fn deleted_channels(
        &self,
        caller: &Caller,
        team_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<Channel>> {
        self.require_channel_browser(caller, team_id).await?;
        Ok(self
            .store
            .deleted_channels(team_id, caller.user_id(), page, per_page)
            .await?)
    }

    /// A channel by name in `team`, or a direct or group channel by name, if the caller may read it.
    pub async fn channel_by_name(
        &self,
        caller: &Caller,
        team: &Team,
        name: &str,
        include_deleted: bool,
    ) -> Result<Channel> {
        let not_found = || Error::not_found("channel");
        if name.is_empty() || name.len() > 64 {
            return Err(not_found());
        }
        let found = match self.store.channel_by_name(&team.id, name).await? {
            Some(c) => Some(c),
            None => self.store.channel_by_name("", name).await?,
        };
        let channel = found.ok_or_else(not_found)?;
        let channel = self.channel_access(caller, &channel.id).await?.channel;
        if channel.delete_at != 0 && !include_deleted {
            return Err(not_found());
        }
        Ok(channel)
    }

    /// The team called `name`, if the caller may see it.
    pub async fn team_by_name(&self, caller: &Caller, name: &str) -> Result<Team> {
        let team = match name.len() {
            1..=64 => self.store.team_by_name(name).await?,
            _ => None,
        };
        let team = team.ok_or_else(|| Error::not_found("team"))?;
        self.team_for_caller(caller, &team.id).await
    }

    /// Channels of a team whose name or display name contains `term`.
    pub async fn search_channels(
        &self,
        caller: &Caller,
        team_id: &str,
        term: &str,
        kind: SearchKind,
    ) -> Result<Vec<Channel>> {
        self.visible_team(caller, team_id).await?;
        self.require_team_member(caller, team_id).await?;
        let (public, mine) = match kind {
            _ if caller.is_guest() => (false, true),
            SearchKind::Browse => (true, false),
            SearchKind::Autocomplete => (true, true),
            SearchKind::Mine => (false, true),
            SearchKind::Archived => (true, true),
        };
        let term: String = term.trim().chars().take(MAX_TERM_CHARS).collect();
        Ok(self
            .store
            .search_channels(ChannelSearch {
                team_id,
                user_id: caller.user_id(),
                term: &term,
                public,
                mine,
                archived: matches!(kind, SearchKind::Archived),
                limit: SEARCH_LIMIT,
            })
            .await?)
    }

    /// `user_id`'s channels on a team (with their direct and group channels), or on every team.
    pub async fn user_channels(
        &self,
        caller: &Caller,
        user_id: &str,
        which: UserChannels<'_>,
    ) -> Result<Vec<Channel>> {
        self.require_user_view(caller, user_id, which.team_id)
            .await?;
        Ok(self.store.channels_for_user(user_id, which).await?)
    }

    /// `user_id`'s memberships of a team's channels and of their direct and group channels.
    pub async fn user_channel_members(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
    ) -> Result<Vec<ChannelMember>> {
        self.require_user_view(caller, user_id, Some(team_id))
            .await?;
        Ok(self
            .store
            .channel_members_for_user(user_id, team_id)
            .await?)
    }

    /// A user's own channel data is for themself (in a team they belong to) and system admins.
    async fn require_user_view(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: Option<&str>,
    ) -> Result<()> {
        caller.require_self_or_admin(user_id)?;
        if let Some(team_id) = team_id {
            self.visible_team(caller, team_id).await?;
            self.require_team_member(caller, team_id).await?;
        }
        Ok(())
    }

    pub async fn channel_stats(&self, caller: &Caller, channel_id: &str) -> Result<ChannelStats> {
        self.channel_access(caller, channel_id).await?;
        Ok(self.store.channel_stats(channel_id).await?)
    }
}
