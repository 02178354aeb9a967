//! Teams: creation with the default channels, membership, and who may see or change a team.

use serde::Deserialize;
use serde_json::json;

use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelMember, Team, TeamMember, User, new_id, now_millis};
use crate::ws::{Broadcast, Event};

/// `POST /teams` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewTeam {
    pub name: String,
    pub display_name: String,
    #[serde(rename = "type")]
    pub team_type: String,
    pub description: String,
    pub allow_open_invite: bool,
}

/// Names the URL scheme already uses, which a team cannot take.
const RESERVED_TEAM_NAMES: &[&str] = &[
    "admin", "api", "channel", "claim", "error", "files", "help", "landing", "login", "mfa",
    "oauth", "plug", "plugins", "post", "signup", "static", "hearth",
];

/// Team (and channel) URL names: 2 to 64 of a-z 0-9 - _, starting and ending with a letter or digit.
pub fn is_valid_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
}

pub fn check_display_name(display_name: &str) -> Result<()> {
    let len = display_name.trim().chars().count();
    if len == 0 || len > 64 {
        return Err(Error::bad_request(
            "model.is_valid.display_name.app_error",
            "Display name must be 1 to 64 characters.",
        ));
    }
    Ok(())
}

/// A new member of `scope` (`team` or `channel`) with the scheme flags its user's roles call for.
pub fn member_flags(user: &User, admin: bool) -> (bool, bool, bool) {
    let guest = user.is_guest();
    (guest, !guest, admin && !guest)
}

impl App {
    pub async fn create_team(&self, caller: &Caller, new: NewTeam) -> Result<Team> {
        if caller.is_guest() {
            return Err(Error::forbidden());
        }
        let name = new.name.trim().to_lowercase();
        if !is_valid_name(&name) || RESERVED_TEAM_NAMES.contains(&name.as_str()) {
            return Err(Error::bad_request(
                "model.team.is_valid.url.app_error",
                "Team URL must be 2 to 64 lowercase letters, digits, '-' or '_', and not a reserved word.",
            ));
        }
        check_display_name(&new.display_name)?;
        let team_type = match new.team_type.as_str() {
            "" | "O" => "O",
            "I" => "I",
            _ => return Err(Error::invalid_param("type")),
        };
        let now = now_millis();
        let team = Team {
            id: new_id(),
            create_at: now,
            update_at: now,
            display_name: new.display_name.trim().to_owned(),
            name,
            description: new.description,
            team_type: team_type.into(),
            invite_id: new_id(),
            allow_open_invite: new.allow_open_invite || team_type == "O",
            ..Team::default()
        };
        let creator = TeamMember {
            team_id: team.id.clone(),
            user_id: caller.user.id.clone(),
            scheme_user: true,
            scheme_admin: true,
            ..TeamMember::default()
        };
        let channels: Vec<Channel> = [("town-square", "Town Square"), ("off-topic", "Off-Topic")]
            .into_iter()
            .map(|(name, display)| Channel {
                id: new_id(),
                create_at: now,
                update_at: now,
                team_id: team.id.clone(),
                channel_type: "O".into(),
                display_name: display.into(),
                name: name.into(),
                last_post_at: now,
                creator_id: caller.user.id.clone(),
                ..Channel::default()
            })
            .collect();
        let members: Vec<ChannelMember> = channels
            .iter()
            .map(|c| self.new_channel_member(&c.id, &caller.user, false, now))
            .collect();
        self.store
            .insert_team(&team, &creator, &channels, &members)
            .await
            .map_err(|e| match e {
                crate::store::StoreError::Conflict(_) => Error::bad_request(
                    "app.team.save.existing.app_error",
                    "A team with that URL already exists.",
                ),
                other => other.into(),
            })?;
        self.publish_added_to_team(&team.id, &caller.user.id);
        Ok(team)
    }

    /// Adds `user` to `team` and to its default channels (guests join no channel automatically).
    pub async fn add_team_member(&self, team: &Team, user: &User) -> Result<TeamMember> {
        let now = now_millis();
        let (guest, member_user, admin) = member_flags(user, false);
        let member = TeamMember {
            team_id: team.id.clone(),
            user_id: user.id.clone(),
            scheme_guest: guest,
            scheme_user: member_user,
            scheme_admin: admin,
            ..TeamMember::default()
        };
        let channel_members: Vec<ChannelMember> = if user.is_guest() {
            vec![]
        } else {
            self.store
                .default_channel_ids(&team.id)
                .await?
                .iter()
                .map(|cid| self.new_channel_member(cid, user, false, now))
                .collect()
        };
        self.store
            .insert_team_member(&member, &channel_members, now)
            .await?;
        self.publish_added_to_team(&team.id, &user.id);
        for cm in &channel_members {
            self.publish_user_added(&team.id, &cm.channel_id, &user.id);
        }
        Ok(self
            .store
            .team_member(&team.id, &user.id)
            .await?
            .unwrap_or(member))
    }

    /// The team, if `caller` may see it: members and system admins see any; others only open teams.
    pub async fn visible_team(&self, caller: &Caller, team_id: &str) -> Result<Team> {
        let team = self
            .store
            .team(team_id)
            .await?
            .ok_or_else(|| Error::not_found("team"))?;
        if caller.is_system_admin()
            || self
                .store
                .team_member(team_id, caller.user_id())
                .await?
                .is_some()
        {
            return Ok(team);
        }
        if !caller.is_guest() && team.allow_open_invite && team.delete_at == 0 {
            return Ok(team);
        }
        Err(Error::forbidden())
    }

    /// The caller's membership of `team_id`, or 403. System admins pass as team admins.
    pub async fn require_team_member(&self, caller: &Caller, team_id: &str) -> Result<TeamMember> {
        match self.store.team_member(team_id, caller.user_id()).await? {
            Some(m) => Ok(m),
            None if caller.is_system_admin() => Ok(TeamMember {
                team_id: team_id.into(),
                user_id: caller.user.id.clone(),
                scheme_user: true,
                scheme_admin: true,
                ..TeamMember::default()
            }),
            None => Err(Error::forbidden()),
        }
    }

    fn publish_added_to_team(&self, team_id: &str, user_id: &str) {
        self.hub.publish(Event {
            event: "added_to_team",
            data: json!({"team_id": team_id, "user_id": user_id}),
            broadcast: Broadcast {
                user_id: user_id.into(),
                ..Broadcast::default()
            },
        });
    }
}

impl App {
    /// The team an invite link points to, or 400 for an unknown or revoked invite.
    pub async fn team_for_invite(&self, invite_id: &str) -> Result<Team> {
        let team = if invite_id.len() <= 64 {
            self.store.team_by_invite_id(invite_id).await?
        } else {
            None
        };
        team.ok_or_else(|| {
            Error::bad_request(
                "api.team.invite_id.invalid",
                "The invite link is invalid or has expired.",
            )
        })
    }
}
