//! Team membership: who may add, list and remove members, joining by invite, and the per-team
//! unread totals the apps show next to each team.

use std::collections::HashMap;

use serde_json::json;

use super::{App, Caller, Error, Result};
use crate::model::{ChannelUnread, TeamMember, TeamStats, TeamUnread, now_millis};
use crate::ws::{Broadcast, Event};

/// Whether a channel's new messages count as unread: not when the member asked to be told only
/// about mentions (`mark_unread: mention`, Mattermost's "mute").
fn counts_messages(unread: &ChannelUnread) -> bool {
    unread
        .notify_props
        .get("mark_unread")
        .and_then(|v| v.as_str())
        != Some("mention")
}

/// Sums channel unreads into one [`TeamUnread`] per team in `team_ids` (direct and group channels
/// belong to no team and are left out, as Mattermost does).
pub fn team_unreads(team_ids: &[String], channels: &[ChannelUnread]) -> Vec<TeamUnread> {
    let mut by_team: HashMap<&str, TeamUnread> = team_ids
        .iter()
        .map(|id| {
            let unread = TeamUnread {
                team_id: id.clone(),
                ..TeamUnread::default()
            };
            (id.as_str(), unread)
        })
        .collect();
    for c in channels {
        let Some(t) = by_team.get_mut(c.team_id.as_str()) else {
            continue;
        };
        if counts_messages(c) {
            t.msg_count += c.msg_count;
            t.msg_count_root += c.msg_count_root;
        }
        t.mention_count += c.mention_count;
        t.mention_count_root += c.mention_count_root;
    }
    team_ids
        .iter()
        .filter_map(|id| by_team.remove(id.as_str()))
        .collect()
}

impl App {
    /// Adds `user_id` to a team. System admins may add anyone; a non-guest may join an open team
    /// or add others to a team they belong to; only system admins add guests.
    pub async fn join_team(
        &self,
        caller: &Caller,
        team_id: &str,
        user_id: &str,
    ) -> Result<TeamMember> {
        let team = self.visible_team(caller, team_id).await?;
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        if !caller.is_system_admin() {
            let self_join = user_id == caller.user_id() && team.allow_open_invite;
            let by_member = self
                .store
                .team_member(team_id, caller.user_id())
                .await?
                .is_some();
            if caller.is_guest() || user.is_guest() || !(self_join || by_member) {
                return Err(Error::forbidden());
            }
        }
        if team.delete_at != 0 || user.delete_at != 0 {
            return Err(Error::bad_request(
                "api.team.add_user_to_team.deleted.app_error",
                "Archived teams and deactivated users cannot be joined.",
            ));
        }
        if let Some(member) = self.store.team_member(team_id, user_id).await? {
            return Ok(member);
        }
        self.add_team_member(&team, &user).await
    }

    /// The logged-in user joins the team an invite id belongs to.
    pub async fn join_team_by_invite(
        &self,
        caller: &Caller,
        invite_id: &str,
    ) -> Result<TeamMember> {
        if caller.is_guest() {
            return Err(Error::forbidden());
        }
        let team = self.team_for_invite(invite_id).await?;
        if let Some(member) = self.store.team_member(&team.id, caller.user_id()).await? {
            return Ok(member);
        }
        self.add_team_member(&team, &caller.user).await
    }

    /// Refuses a new member when the team is full (`TeamSettings.MaxUsersPerTeam`).
    pub(super) async fn check_team_capacity(&self, team_id: &str) -> Result<()> {
        let max = self.config().team_settings.max_users_per_team;
        if max > 0 && self.store.team_stats(team_id).await?.total_member_count >= max {
            return Err(Error::bad_request(
                "app.team.join_user_to_team.max_accounts.app_error",
                "This team has reached the maximum number of allowed accounts.",
            ));
        }
        Ok(())
    }

    /// Leaves (self) or removes (team admins) a member: they also leave the team's channels.
    pub async fn remove_team_member(
        &self,
        caller: &Caller,
        team_id: &str,
        user_id: &str,
    ) -> Result<()> {
        let team = self
            .store
            .team(team_id)
            .await?
            .ok_or_else(|| Error::not_found("team"))?;
        if user_id != caller.user_id() && !self.is_team_admin(caller, &team.id).await? {
            return Err(Error::forbidden());
        }
        if !self
            .store
            .remove_team_member(team_id, user_id, now_millis())
            .await?
        {
            return Err(Error::not_found("team member"));
        }
        let data = json!({"team_id": team_id, "user_id": user_id});
        self.hub.publish(Event {
            event: "leave_team",
            data: data.clone(),
            broadcast: Broadcast {
                team_id: team_id.into(),
                omit_users: Some([(user_id.to_owned(), true)].into()),
                ..Broadcast::default()
            },
        });
        self.hub.publish(Event {
            event: "leave_team",
            data,
            broadcast: Broadcast {
                user_id: user_id.into(),
                ..Broadcast::default()
            },
        });
        Ok(())
    }

    /// Makes a member a team admin or not (scheme flags `user`, `admin`); team or system admins may.
    pub async fn update_team_scheme_roles(
        &self,
        caller: &Caller,
        team_id: &str,
        user_id: &str,
        (user, admin): (bool, bool),
    ) -> Result<()> {
        if !user {
            return Err(Error::invalid_param("scheme_user"));
        }
        if !self.is_team_admin(caller, team_id).await? {
            return Err(Error::forbidden());
        }
        let member = self
            .store
            .team_member(team_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("team member"))?;
        if member.scheme_guest {
            return Err(Error::bad_request(
                "api.team.update_team_member_roles.guest.app_error",
                "Guests cannot be given team roles.",
            ));
        }
        self.store
            .set_team_member_scheme(team_id, user_id, admin)
            .await?;
        let member = TeamMember {
            scheme_admin: admin,
            roles: crate::store::scheme_roles("team", false, true, admin),
            ..member
        };
        self.hub.publish(Event {
            event: "memberrole_updated",
            data: json!({"member": serde_json::to_string(&member).unwrap_or_default()}),
            broadcast: Broadcast {
                user_id: user_id.into(),
                ..Broadcast::default()
            },
        });
        Ok(())
    }

    /// A page of a team's members. Guests may not list a whole team.
    pub async fn team_members_page(
        &self,
        caller: &Caller,
        team_id: &str,
        page: i64,
        per_page: i64,
        exclude_deleted_users: bool,
    ) -> Result<Vec<TeamMember>> {
        self.visible_team(caller, team_id).await?;
        if caller.is_guest() {
            return Err(Error::forbidden());
        }
        self.require_team_member(caller, team_id).await?;
        Ok(self
            .store
            .team_members_page(team_id, page, per_page, exclude_deleted_users)
            .await?)
    }

    /// One membership. Guests see their own and those of people they share a channel with.
    pub async fn team_member(
        &self,
        caller: &Caller,
        team_id: &str,
        user_id: &str,
    ) -> Result<TeamMember> {
        self.require_team_member(caller, team_id).await?;
        let own = user_id == caller.user_id();
        if caller.is_guest()
            && !own
            && !self
                .store
                .users_share_channel(caller.user_id(), user_id)
                .await?
        {
            return Err(Error::not_found("team member"));
        }
        let mut member = self
            .store
            .team_member(team_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("team member"))?;
        if own || caller.is_system_admin() {
            let unread = self
                .team_unreads_for(user_id, &[team_id.to_owned()])
                .await?;
            fill_counts(std::slice::from_mut(&mut member), &unread);
        }
        Ok(member)
    }

    /// `user_id`'s memberships of live teams, with their unread totals.
    pub async fn team_members_for_user(
        &self,
        caller: &Caller,
        user_id: &str,
    ) -> Result<Vec<TeamMember>> {
        caller.require_self_or_admin(user_id)?;
        let mut members = self.store.team_members_for_user(user_id).await?;
        let team_ids: Vec<String> = members.iter().map(|m| m.team_id.clone()).collect();
        let unread = self.team_unreads_for(user_id, &team_ids).await?;
        fill_counts(&mut members, &unread);
        Ok(members)
    }

    pub async fn team_stats(&self, caller: &Caller, team_id: &str) -> Result<TeamStats> {
        self.visible_team(caller, team_id).await?;
        self.require_team_member(caller, team_id).await?;
        Ok(self.store.team_stats(team_id).await?)
    }

    /// Unread totals of every team `user_id` is in, except `exclude_team`.
    pub async fn teams_unread(
        &self,
        caller: &Caller,
        user_id: &str,
        exclude_team: &str,
    ) -> Result<Vec<TeamUnread>> {
        caller.require_self_or_admin(user_id)?;
        let team_ids: Vec<String> = self
            .store
            .team_members_for_user(user_id)
            .await?
            .into_iter()
            .map(|m| m.team_id)
            .filter(|id| id != exclude_team)
            .collect();
        self.team_unreads_for(user_id, &team_ids).await
    }

    /// Unread totals of one team `user_id` is in.
    pub async fn team_unread(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
    ) -> Result<TeamUnread> {
        caller.require_self_or_admin(user_id)?;
        if self.store.team_member(team_id, user_id).await?.is_none() {
            return Err(Error::not_found("team member"));
        }
        let mut unread = self
            .team_unreads_for(user_id, &[team_id.to_owned()])
            .await?;
        Ok(unread.pop().unwrap_or_default())
    }

    async fn team_unreads_for(
        &self,
        user_id: &str,
        team_ids: &[String],
    ) -> Result<Vec<TeamUnread>> {
        let channels = self.store.channel_unreads(user_id, None).await?;
        Ok(team_unreads(team_ids, &channels))
    }
}

/// Copies each team's unread totals onto the matching membership, as the apps expect.
fn fill_counts(members: &mut [TeamMember], unread: &[TeamUnread]) {
    for m in members {
        if let Some(u) = unread.iter().find(|u| u.team_id == m.team_id) {
            m.msg_count = u.msg_count;
            m.mention_count = u.mention_count;
            m.msg_count_root = u.msg_count_root;
            m.mention_count_root = u.mention_count_root;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unread(team: &str, msgs: i64, mentions: i64, mark: &str) -> ChannelUnread {
        ChannelUnread {
            team_id: team.into(),
            msg_count: msgs,
            msg_count_root: msgs,
            mention_count: mentions,
            notify_props: json!({"mark_unread": mark}),
            ..ChannelUnread::default()
        }
    }

    #[test]
    fn team_unreads_sum_channels_and_skip_muted_messages() {
        let teams = vec!["a".to_owned(), "b".to_owned()];
        let channels = [
            unread("a", 3, 1, "all"),
            unread("a", 5, 2, "mention"),
            unread("", 7, 7, "all"),
        ];
        let got = team_unreads(&teams, &channels);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].team_id.as_str(), got[0].msg_count), ("a", 3));
        assert_eq!(got[0].mention_count, 3);
        assert_eq!((got[1].team_id.as_str(), got[1].msg_count), ("b", 0));
    }
}
