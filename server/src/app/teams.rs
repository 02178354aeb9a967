//! Teams: creation with the default channels, membership, and who may see or change a team.

use serde::Deserialize;
use serde_json::json;

use super::OrConflict;
use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelMember, Team, TeamMember, User, new_id, now_millis};
use crate::store::TeamScope;
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
            .or_conflict(
                "app.team.save.existing.app_error",
                "A team with that URL already exists.",
            )?;
        self.publish_added_to_team(&team.id, &caller.user.id);
        Ok(team)
    }

    /// Adds `user` to `team` and to its default channels (guests join no channel automatically).
    pub async fn add_team_member(&self, team: &Team, user: &User) -> Result<TeamMember> {
        self.check_team_capacity(&team.id).await?;
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
            .filter(|t| t.delete_at == 0 || caller.is_system_admin())
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
        if !caller.is_guest() && team.allow_open_invite {
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

/// `PUT /teams/{id}/patch` body; `PUT /teams/{id}` sets every field.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TeamPatch {
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub company_name: Option<String>,
    pub allowed_domains: Option<String>,
    pub allow_open_invite: Option<bool>,
}

impl From<Team> for TeamPatch {
    fn from(t: Team) -> Self {
        TeamPatch {
            display_name: Some(t.display_name),
            description: Some(t.description),
            company_name: Some(t.company_name),
            allowed_domains: Some(t.allowed_domains),
            allow_open_invite: Some(t.allow_open_invite),
        }
    }
}

/// Mattermost's limits on the free-text team fields.
fn check_team_texts(team: &Team) -> Result<()> {
    for (field, value, max) in [
        ("description", &team.description, 255),
        ("company_name", &team.company_name, 64),
        ("allowed_domains", &team.allowed_domains, 1000),
    ] {
        if value.chars().count() > max {
            return Err(Error::bad_request(
                "model.team.is_valid.characters.app_error",
                format!("{field} can be at most {max} characters."),
            ));
        }
    }
    Ok(())
}

impl App {
    /// Whether the caller administers the team: system admins, and members with the admin flag.
    pub async fn is_team_admin(&self, caller: &Caller, team_id: &str) -> Result<bool> {
        if caller.is_system_admin() {
            return Ok(true);
        }
        let member = self.store.team_member(team_id, caller.user_id()).await?;
        Ok(member.is_some_and(|m| m.scheme_admin))
    }

    /// The team, if the caller administers it; 403 for other members, 404 for unknown teams.
    pub async fn team_for_admin(&self, caller: &Caller, team_id: &str) -> Result<Team> {
        let team = self.visible_team(caller, team_id).await?;
        if !self.is_team_admin(caller, team_id).await? {
            return Err(Error::forbidden());
        }
        Ok(team)
    }

    /// What `caller` may see of `team`: admins everything; non-guest members also the invite id
    /// (they may invite); everyone else neither the invite id nor the contact email.
    pub fn sanitize_team(
        &self,
        caller: &Caller,
        membership: Option<&TeamMember>,
        mut team: Team,
    ) -> Team {
        let admin = caller.is_system_admin() || membership.is_some_and(|m| m.scheme_admin);
        if admin {
            return team;
        }
        team.email.clear();
        if caller.is_guest() || membership.is_none() {
            team.invite_id.clear();
        }
        team
    }

    /// A team as `caller` sees it: [`App::visible_team`], sanitised.
    pub async fn team_for_caller(&self, caller: &Caller, team_id: &str) -> Result<Team> {
        let team = self.visible_team(caller, team_id).await?;
        let member = self.store.team_member(team_id, caller.user_id()).await?;
        Ok(self.sanitize_team(caller, member.as_ref(), team))
    }

    /// `GET /teams`: system admins see every team, other users the open ones, guests none.
    pub async fn list_teams(
        &self,
        caller: &Caller,
        page: i64,
        per_page: i64,
        with_total: bool,
    ) -> Result<(Vec<Team>, Option<i64>)> {
        if caller.is_guest() {
            return Ok((vec![], with_total.then_some(0)));
        }
        let scope = if caller.is_system_admin() {
            TeamScope::All
        } else {
            TeamScope::Open
        };
        let teams = self.store.list_teams(scope, page, per_page).await?;
        let total = match with_total {
            true => Some(self.store.count_teams(scope).await?),
            false => None,
        };
        Ok((self.sanitize_teams(caller, teams).await?, total))
    }

    /// The live teams `user_id` belongs to (the user themself or a system admin asking).
    pub async fn teams_for_user(&self, caller: &Caller, user_id: &str) -> Result<Vec<Team>> {
        caller.require_self_or_admin(user_id)?;
        let teams = self.store.teams_for_user(user_id).await?;
        self.sanitize_teams(caller, teams).await
    }

    async fn sanitize_teams(&self, caller: &Caller, teams: Vec<Team>) -> Result<Vec<Team>> {
        let mine = self.store.team_members_for_user(caller.user_id()).await?;
        Ok(teams
            .into_iter()
            .map(|t| {
                let member = mine.iter().find(|m| m.team_id == t.id);
                self.sanitize_team(caller, member, t)
            })
            .collect())
    }

    /// Applies `patch` to a team (team admins and system admins); `update_team` goes out to members.
    pub async fn patch_team(
        &self,
        caller: &Caller,
        team_id: &str,
        patch: TeamPatch,
    ) -> Result<Team> {
        let mut team = self.team_for_admin(caller, team_id).await?;
        if let Some(v) = patch.display_name {
            check_display_name(&v)?;
            team.display_name = v.trim().to_owned();
        }
        if let Some(v) = patch.description {
            team.description = v;
        }
        if let Some(v) = patch.company_name {
            team.company_name = v;
        }
        if let Some(v) = patch.allowed_domains {
            team.allowed_domains = v;
        }
        if let Some(open) = patch.allow_open_invite {
            // The type follows openness, as Mattermost keeps the two in step.
            team.allow_open_invite = open;
            team.team_type = if open { "O" } else { "I" }.into();
        }
        check_team_texts(&team)?;
        team.update_at = now_millis();
        self.store.update_team(&team).await?;
        self.publish_team_event("update_team", &team);
        Ok(team)
    }

    /// Gives the team a new invite id, so links handed out before stop working.
    pub async fn regenerate_invite_id(&self, caller: &Caller, team_id: &str) -> Result<Team> {
        let mut team = self.team_for_admin(caller, team_id).await?;
        team.invite_id = new_id();
        team.update_at = now_millis();
        self.store.update_team(&team).await?;
        self.publish_team_event("update_team", &team);
        Ok(team)
    }

    /// Archives a team (team admins and system admins). Its data stays in place.
    pub async fn delete_team(&self, caller: &Caller, team_id: &str) -> Result<()> {
        let mut team = self.team_for_admin(caller, team_id).await?;
        if team.delete_at != 0 {
            return Err(Error::bad_request(
                "api.team.delete_team.deleted.app_error",
                "The team is already archived.",
            ));
        }
        team.delete_at = now_millis();
        team.update_at = team.delete_at;
        self.store
            .set_team_delete_at(team_id, team.delete_at)
            .await?;
        self.publish_team_event("delete_team", &team);
        Ok(())
    }

    /// Brings an archived team back, with its channels and history.
    pub async fn restore_team(&self, caller: &Caller, team_id: &str) -> Result<Team> {
        let mut team = self.team_for_admin(caller, team_id).await?;
        if team.delete_at == 0 {
            return Ok(team);
        }
        team.delete_at = 0;
        team.update_at = now_millis();
        self.store.set_team_delete_at(team_id, 0).await?;
        self.publish_team_event("restore_team", &team);
        Ok(team)
    }

    /// `update_team` / `delete_team` to the team's members, with the team as a JSON string.
    fn publish_team_event(&self, event: &'static str, team: &Team) {
        let mut public = team.clone();
        public.email.clear();
        public.invite_id.clear();
        self.hub.publish(Event {
            event,
            data: json!({"team": json!(public).to_string()}),
            broadcast: Broadcast {
                team_id: team.id.clone(),
                ..Broadcast::default()
            },
        });
    }
}
