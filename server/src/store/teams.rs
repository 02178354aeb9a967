//! Teams and team membership.

use super::{Row, Stmt, Store, StoreError};
use crate::model::{Team, TeamMember, TeamStats};
use crate::params;

pub(crate) const TEAM_COLUMNS: &str = "id, create_at, update_at, delete_at, display_name, name, \
    description, email, type, company_name, allowed_domains, invite_id, allow_open_invite, \
    last_team_icon_update";

pub(crate) fn team_from_row(r: &Row) -> Result<Team, StoreError> {
    Ok(Team {
        id: r.get(0)?,
        create_at: r.get(1)?,
        update_at: r.get(2)?,
        delete_at: r.get(3)?,
        display_name: r.get(4)?,
        name: r.get(5)?,
        description: r.get(6)?,
        email: r.get(7)?,
        team_type: r.get(8)?,
        company_name: r.get(9)?,
        allowed_domains: r.get(10)?,
        invite_id: r.get(11)?,
        allow_open_invite: r.get(12)?,
        last_team_icon_update: r.get(13)?,
        ..Team::default()
    })
}

pub(crate) const TEAM_MEMBER_COLUMNS: &str =
    "team_id, user_id, roles, delete_at, scheme_guest, scheme_user, scheme_admin";

pub(crate) fn team_member_from_row(r: &Row) -> Result<TeamMember, StoreError> {
    let scheme_guest: bool = r.get(4)?;
    let scheme_user: bool = r.get(5)?;
    let scheme_admin: bool = r.get(6)?;
    Ok(TeamMember {
        team_id: r.get(0)?,
        user_id: r.get(1)?,
        explicit_roles: r.get(2)?,
        roles: scheme_roles("team", scheme_guest, scheme_user, scheme_admin),
        delete_at: r.get(3)?,
        scheme_guest,
        scheme_user,
        scheme_admin,
        ..TeamMember::default()
    })
}

/// The role names Mattermost reports for scheme flags: `team_user team_admin`, `channel_guest`, ...
pub fn scheme_roles(scope: &str, guest: bool, user: bool, admin: bool) -> String {
    let mut roles = Vec::new();
    if guest {
        roles.push(format!("{scope}_guest"));
    }
    if user {
        roles.push(format!("{scope}_user"));
    }
    if admin {
        roles.push(format!("{scope}_admin"));
    }
    roles.join(" ")
}

/// The statement that inserts `team`.
pub(crate) fn insert_team_stmt(team: &Team) -> Stmt {
    (
        "INSERT INTO teams (id, create_at, update_at, delete_at, display_name, name, description, \
         email, type, company_name, allowed_domains, invite_id, allow_open_invite, last_team_icon_update) \
         VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0)"
            .into(),
        params![
            &team.id,
            team.create_at,
            team.update_at,
            &team.display_name,
            &team.name,
            &team.description,
            &team.email,
            &team.team_type,
            &team.company_name,
            &team.allowed_domains,
            &team.invite_id,
            team.allow_open_invite,
        ],
    )
}

/// The statement that adds (or re-activates) `m` as a team member.
pub(crate) fn upsert_team_member_stmt(m: &TeamMember, at: i64) -> Stmt {
    (
        "INSERT INTO team_members (team_id, user_id, roles, delete_at, scheme_guest, scheme_user, \
         scheme_admin, create_at) VALUES ($1, $2, '', 0, $3, $4, $5, $6) \
         ON CONFLICT (team_id, user_id) DO UPDATE SET delete_at = 0, scheme_guest = excluded.scheme_guest, \
         scheme_user = excluded.scheme_user, scheme_admin = excluded.scheme_admin"
            .into(),
        params![&m.team_id, &m.user_id, m.scheme_guest, m.scheme_user, m.scheme_admin, at],
    )
}

impl Store {
    pub async fn team(&self, id: &str) -> Result<Option<Team>, StoreError> {
        let sql = format!("SELECT {TEAM_COLUMNS} FROM teams WHERE id = $1");
        self.db
            .query_opt(&sql, params![id])
            .await?
            .as_ref()
            .map(team_from_row)
            .transpose()
    }

    pub async fn team_by_name(&self, name: &str) -> Result<Option<Team>, StoreError> {
        let sql = format!("SELECT {TEAM_COLUMNS} FROM teams WHERE name = $1");
        self.db
            .query_opt(&sql, params![name])
            .await?
            .as_ref()
            .map(team_from_row)
            .transpose()
    }

    /// The active membership of `user_id` in `team_id`, if any.
    pub async fn team_member(
        &self,
        team_id: &str,
        user_id: &str,
    ) -> Result<Option<TeamMember>, StoreError> {
        let sql = format!(
            "SELECT {TEAM_MEMBER_COLUMNS} FROM team_members WHERE team_id = $1 AND user_id = $2 AND delete_at = 0"
        );
        let row = self.db.query_opt(&sql, params![team_id, user_id]).await?;
        row.as_ref().map(team_member_from_row).transpose()
    }

    /// Ids of the active members of a team (used to route team-wide events).
    pub async fn team_member_ids(&self, team_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT user_id FROM team_members WHERE team_id = $1 AND delete_at = 0",
                params![team_id],
            )
            .await?;
        rows.iter().map(|r| r.get(0)).collect()
    }
}

impl Store {
    /// Inserts a team, its first member and its default channels with their members, atomically.
    pub async fn insert_team(
        &self,
        team: &Team,
        creator: &TeamMember,
        channels: &[crate::model::Channel],
        channel_members: &[crate::model::ChannelMember],
    ) -> Result<(), StoreError> {
        let mut stmts = vec![
            insert_team_stmt(team),
            upsert_team_member_stmt(creator, team.create_at),
        ];
        stmts.extend(channels.iter().map(super::channels::insert_channel_stmt));
        stmts.extend(
            channel_members
                .iter()
                .map(super::channels::insert_channel_member_stmt),
        );
        self.db.transaction(stmts).await?;
        Ok(())
    }

    /// Adds (or re-activates) a team member and joins it to `channel_members`' channels, atomically.
    pub async fn insert_team_member(
        &self,
        member: &TeamMember,
        channel_members: &[crate::model::ChannelMember],
        at: i64,
    ) -> Result<(), StoreError> {
        let mut stmts = vec![upsert_team_member_stmt(member, at)];
        stmts.extend(
            channel_members
                .iter()
                .map(super::channels::insert_channel_member_stmt),
        );
        self.db.transaction(stmts).await?;
        Ok(())
    }

    /// The team's channels every member joins: `town-square` and `off-topic`.
    pub async fn default_channel_ids(&self, team_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT id FROM channels WHERE team_id = $1 AND name IN ('town-square', 'off-topic') \
                 AND delete_at = 0 ORDER BY name DESC",
                params![team_id],
            )
            .await?;
        rows.iter().map(|r| r.get(0)).collect()
    }
}

impl Store {
    pub async fn set_team_member_scheme(
        &self,
        team_id: &str,
        user_id: &str,
        admin: bool,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE team_members SET scheme_admin = $3 WHERE team_id = $1 AND user_id = $2",
                params![team_id, user_id, admin],
            )
            .await?;
        Ok(())
    }

    pub async fn team_by_invite_id(&self, invite_id: &str) -> Result<Option<Team>, StoreError> {
        let sql =
            format!("SELECT {TEAM_COLUMNS} FROM teams WHERE invite_id = $1 AND delete_at = 0");
        self.db
            .query_opt(&sql, params![invite_id])
            .await?
            .as_ref()
            .map(team_from_row)
            .transpose()
    }
}

/// Which teams a listing covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamScope {
    /// Every team that is not deleted (system admins).
    All,
    /// Only teams anyone may join (`allow_open_invite`).
    Open,
}

impl TeamScope {
    fn filter(self) -> &'static str {
        match self {
            TeamScope::All => "delete_at = 0",
            TeamScope::Open => "delete_at = 0 AND allow_open_invite = TRUE",
        }
    }
}

impl Store {
    /// A page of teams in display-name order.
    pub async fn list_teams(
        &self,
        scope: TeamScope,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<Team>, StoreError> {
        let sql = format!(
            "SELECT {TEAM_COLUMNS} FROM teams WHERE {} ORDER BY display_name, id LIMIT $1 OFFSET $2",
            scope.filter()
        );
        let rows = self
            .db
            .query(&sql, params![per_page, page * per_page])
            .await?;
        rows.iter().map(team_from_row).collect()
    }

    pub async fn count_teams(&self, scope: TeamScope) -> Result<i64, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM teams WHERE {}", scope.filter());
        let row = self.db.query_opt(&sql, params![]).await?;
        row.map_or(Ok(0), |r| r.get(0))
    }

    /// The live teams `user_id` is an active member of.
    pub async fn teams_for_user(&self, user_id: &str) -> Result<Vec<Team>, StoreError> {
        let sql = format!(
            "SELECT {TEAM_COLUMNS} FROM teams WHERE delete_at = 0 AND id IN \
             (SELECT team_id FROM team_members WHERE user_id = $1 AND delete_at = 0) \
             ORDER BY display_name, id"
        );
        let rows = self.db.query(&sql, params![user_id]).await?;
        rows.iter().map(team_from_row).collect()
    }

    /// `user_id`'s active memberships of live teams.
    pub async fn team_members_for_user(
        &self,
        user_id: &str,
    ) -> Result<Vec<TeamMember>, StoreError> {
        let sql = format!(
            "SELECT {TEAM_MEMBER_COLUMNS} FROM team_members WHERE user_id = $1 AND delete_at = 0 \
             AND team_id IN (SELECT id FROM teams WHERE delete_at = 0) ORDER BY team_id"
        );
        let rows = self.db.query(&sql, params![user_id]).await?;
        rows.iter().map(team_member_from_row).collect()
    }

    /// A page of a team's active members, by user id; optionally without deactivated users.
    pub async fn team_members_page(
        &self,
        team_id: &str,
        page: i64,
        per_page: i64,
        exclude_deleted_users: bool,
    ) -> Result<Vec<TeamMember>, StoreError> {
        let users = if exclude_deleted_users {
            "AND user_id IN (SELECT id FROM users WHERE delete_at = 0)"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {TEAM_MEMBER_COLUMNS} FROM team_members WHERE team_id = $1 AND delete_at = 0 \
             {users} ORDER BY user_id LIMIT $2 OFFSET $3"
        );
        let rows = self
            .db
            .query(&sql, params![team_id, per_page, page * per_page])
            .await?;
        rows.iter().map(team_member_from_row).collect()
    }

    /// Member counts: all active memberships, and those whose user is not deactivated.
    pub async fn team_stats(&self, team_id: &str) -> Result<TeamStats, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT COUNT(*), COALESCE(CAST(SUM(CASE WHEN u.delete_at = 0 THEN 1 ELSE 0 END) AS BIGINT), 0) \
                 FROM team_members m JOIN users u ON u.id = m.user_id \
                 WHERE m.team_id = $1 AND m.delete_at = 0",
                params![team_id],
            )
            .await?;
        let (total, active) = match row {
            Some(r) => (r.get(0)?, r.get(1)?),
            None => (0, 0),
        };
        Ok(TeamStats {
            team_id: team_id.into(),
            total_member_count: total,
            active_member_count: active,
        })
    }

    /// Writes the editable fields of `team`.
    pub async fn update_team(&self, team: &Team) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE teams SET update_at = $2, display_name = $3, description = $4, \
                 company_name = $5, allowed_domains = $6, allow_open_invite = $7, type = $8, \
                 invite_id = $9 WHERE id = $1",
                params![
                    &team.id,
                    team.update_at,
                    &team.display_name,
                    &team.description,
                    &team.company_name,
                    &team.allowed_domains,
                    team.allow_open_invite,
                    &team.team_type,
                    &team.invite_id,
                ],
            )
            .await?;
        Ok(())
    }

    /// Archives a team (`delete_at` = `at`); its rows stay for a later restore.
    pub async fn set_team_delete_at(&self, id: &str, at: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE teams SET delete_at = $2, update_at = $2 WHERE id = $1",
                params![id, at],
            )
            .await?;
        Ok(())
    }

    /// Ends a membership and, in the same transaction, leaves every channel of the team and drops
    /// those channels from the user's sidebar. Returns false when the user was not a member.
    pub async fn remove_team_member(
        &self,
        team_id: &str,
        user_id: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let changed = self
            .db
            .transaction(vec![
                (
                    "UPDATE team_members SET delete_at = $3 WHERE team_id = $1 AND user_id = $2 \
                     AND delete_at = 0"
                        .into(),
                    params![team_id, user_id, at],
                ),
                (
                    "DELETE FROM sidebar_channels WHERE user_id = $2 AND channel_id IN \
                     (SELECT id FROM channels WHERE team_id = $1)"
                        .into(),
                    params![team_id, user_id],
                ),
                (
                    "DELETE FROM channel_members WHERE user_id = $2 AND channel_id IN \
                     (SELECT id FROM channels WHERE team_id = $1)"
                        .into(),
                    params![team_id, user_id],
                ),
            ])
            .await?;
        Ok(changed[0] > 0)
    }
}
