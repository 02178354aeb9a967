//! Channels and channel membership.

use super::{Row, Stmt, Store, StoreError, json_column, teams::scheme_roles};
use crate::model::{Channel, ChannelMember};
use crate::params;

pub(crate) const CHANNEL_COLUMNS: &str = "id, create_at, update_at, delete_at, team_id, type, \
    display_name, name, header, purpose, last_post_at, last_root_post_at, total_msg_count, \
    total_msg_count_root, creator_id";

pub(crate) fn channel_from_row(r: &Row) -> Result<Channel, StoreError> {
    Ok(Channel {
        id: r.get(0)?,
        create_at: r.get(1)?,
        update_at: r.get(2)?,
        delete_at: r.get(3)?,
        team_id: r.get(4)?,
        channel_type: r.get(5)?,
        display_name: r.get(6)?,
        name: r.get(7)?,
        header: r.get(8)?,
        purpose: r.get(9)?,
        last_post_at: r.get(10)?,
        last_root_post_at: r.get(11)?,
        total_msg_count: r.get(12)?,
        total_msg_count_root: r.get(13)?,
        creator_id: r.get(14)?,
        ..Channel::default()
    })
}

pub(crate) const CHANNEL_MEMBER_COLUMNS: &str = "channel_id, user_id, roles, last_viewed_at, \
    msg_count, msg_count_root, mention_count, mention_count_root, urgent_mention_count, \
    notify_props, last_update_at, scheme_guest, scheme_user, scheme_admin";

pub(crate) fn channel_member_from_row(r: &Row) -> Result<ChannelMember, StoreError> {
    let scheme_guest: bool = r.get(11)?;
    let scheme_user: bool = r.get(12)?;
    let scheme_admin: bool = r.get(13)?;
    Ok(ChannelMember {
        channel_id: r.get(0)?,
        user_id: r.get(1)?,
        explicit_roles: r.get(2)?,
        roles: scheme_roles("channel", scheme_guest, scheme_user, scheme_admin),
        last_viewed_at: r.get(3)?,
        msg_count: r.get(4)?,
        msg_count_root: r.get(5)?,
        mention_count: r.get(6)?,
        mention_count_root: r.get(7)?,
        urgent_mention_count: r.get(8)?,
        notify_props: json_column(&r.get::<String>(9)?),
        last_update_at: r.get(10)?,
        scheme_guest,
        scheme_user,
        scheme_admin,
    })
}

pub(crate) fn insert_channel_stmt(c: &Channel) -> Stmt {
    (
        "INSERT INTO channels (id, create_at, update_at, delete_at, team_id, type, display_name, \
         name, header, purpose, last_post_at, last_root_post_at, total_msg_count, \
         total_msg_count_root, creator_id) VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9, $10, $10, 0, 0, $11)"
            .into(),
        params![
            &c.id,
            c.create_at,
            c.update_at,
            &c.team_id,
            &c.channel_type,
            &c.display_name,
            &c.name,
            &c.header,
            &c.purpose,
            c.last_post_at,
            &c.creator_id,
        ],
    )
}

/// Adds `m`, starting it as having read everything already in the channel.
pub(crate) fn insert_channel_member_stmt(m: &ChannelMember) -> Stmt {
    (
        "INSERT INTO channel_members (channel_id, user_id, roles, last_viewed_at, msg_count, \
         msg_count_root, mention_count, mention_count_root, urgent_mention_count, notify_props, \
         last_update_at, scheme_guest, scheme_user, scheme_admin) \
         SELECT $1, $2, '', 0, c.total_msg_count, c.total_msg_count_root, 0, 0, 0, $3, $4, $5, $6, $7 \
         FROM channels c WHERE c.id = $1 ON CONFLICT (channel_id, user_id) DO NOTHING"
            .into(),
        params![
            &m.channel_id,
            &m.user_id,
            m.notify_props.to_string(),
            m.last_update_at,
            m.scheme_guest,
            m.scheme_user,
            m.scheme_admin,
        ],
    )
}

impl Store {
    pub async fn channel(&self, id: &str) -> Result<Option<Channel>, StoreError> {
        let sql = format!("SELECT {CHANNEL_COLUMNS} FROM channels WHERE id = $1");
        self.db
            .query_opt(&sql, params![id])
            .await?
            .as_ref()
            .map(channel_from_row)
            .transpose()
    }

    pub async fn channel_member(
        &self,
        channel_id: &str,
        user_id: &str,
    ) -> Result<Option<ChannelMember>, StoreError> {
        let sql = format!(
            "SELECT {CHANNEL_MEMBER_COLUMNS} FROM channel_members WHERE channel_id = $1 AND user_id = $2"
        );
        let row = self
            .db
            .query_opt(&sql, params![channel_id, user_id])
            .await?;
        row.as_ref().map(channel_member_from_row).transpose()
    }

    /// Ids of every member of a channel (used to route channel events and count mentions).
    pub async fn channel_member_ids(&self, channel_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT user_id FROM channel_members WHERE channel_id = $1",
                params![channel_id],
            )
            .await?;
        rows.iter().map(|r| r.get(0)).collect()
    }

    /// Inserts a channel together with its first members, atomically.
    pub async fn insert_channel(
        &self,
        channel: &Channel,
        members: &[ChannelMember],
    ) -> Result<(), StoreError> {
        let mut stmts = vec![insert_channel_stmt(channel)];
        stmts.extend(members.iter().map(insert_channel_member_stmt));
        self.db.transaction(stmts).await?;
        Ok(())
    }

    /// Adds a member; returns false when already a member.
    pub async fn insert_channel_member(&self, member: &ChannelMember) -> Result<bool, StoreError> {
        Ok(self
            .db
            .transaction(vec![insert_channel_member_stmt(member)])
            .await?[0]
            > 0)
    }
}

/// Which channels a team channel search may return.
#[derive(Debug, Clone, Copy)]
pub struct ChannelSearch<'a> {
    pub team_id: &'a str,
    /// The searcher: channels they are a member of match when `mine` is set.
    pub user_id: &'a str,
    pub term: &'a str,
    /// Include the team's public channels.
    pub public: bool,
    /// Include every channel (public or private) the searcher is a member of.
    pub mine: bool,
    /// Archived channels instead of live ones.
    pub archived: bool,
    pub limit: i64,
}

/// Which of a user's channels to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct UserChannels<'a> {
    /// One team's channels plus the user's direct and group channels; `None` for every team.
    pub team_id: Option<&'a str>,
    pub include_deleted: bool,
    /// With `include_deleted`, only channels archived at or after this time.
    pub last_delete_at: i64,
}

impl Store {
    pub async fn channel_by_name(
        &self,
        team_id: &str,
        name: &str,
    ) -> Result<Option<Channel>, StoreError> {
        let sql =
            format!("SELECT {CHANNEL_COLUMNS} FROM channels WHERE team_id = $1 AND name = $2");
        let row = self.db.query_opt(&sql, params![team_id, name]).await?;
        row.as_ref().map(channel_from_row).transpose()
    }

    /// Live public and private channels of a team, for `TeamSettings.MaxChannelsPerTeam`.
    pub async fn count_team_channels(&self, team_id: &str) -> Result<i64, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT COUNT(*) FROM channels WHERE team_id = $1 AND delete_at = 0",
                params![team_id],
            )
            .await?;
        row.map_or(Ok(0), |r| r.get(0))
    }

    /// A page of a team's live public channels in display-name order.
    /// A page of a team's open channels of one type: `"O"` public or `"P"` private.
    pub async fn team_channels(
        &self,
        team_id: &str,
        channel_type: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<Channel>, StoreError> {
        let sql = format!(
            "SELECT {CHANNEL_COLUMNS} FROM channels WHERE team_id = $1 AND type = $2 \
             AND delete_at = 0 ORDER BY display_name, id LIMIT $3 OFFSET $4"
        );
        let rows = self
            .db
            .query(
                &sql,
                params![team_id, channel_type, per_page, page * per_page],
            )
            .await?;
        rows.iter().map(channel_from_row).collect()
    }

    /// A page of a team's archived channels: public ones, and private ones `user_id` is in.
    pub async fn deleted_channels(
        &self,
        team_id: &str,
        user_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<Channel>, StoreError> {
        let sql = format!(
            "SELECT {CHANNEL_COLUMNS} FROM channels WHERE team_id = $1 AND delete_at <> 0 \
             AND (type = 'O' OR (type = 'P' AND id IN \
             (SELECT channel_id FROM channel_members WHERE user_id = $2))) \
             ORDER BY display_name, id LIMIT $3 OFFSET $4"
        );
        let rows = self
            .db
            .query(&sql, params![team_id, user_id, per_page, page * per_page])
            .await?;
        rows.iter().map(channel_from_row).collect()
    }

    /// Live (or archived) public or private channels of a team whose name or display name
    /// contains the term.
    pub async fn search_channels(&self, s: ChannelSearch<'_>) -> Result<Vec<Channel>, StoreError> {
        let pattern = format!("%{}%", super::users::escape_like(&s.term.to_lowercase()));
        let sql = format!(
            "SELECT {CHANNEL_COLUMNS} FROM channels WHERE team_id = $1 AND (delete_at <> 0) = $7 \
             AND type IN ('O', 'P') \
             AND (LOWER(name) LIKE $3 ESCAPE '\\' OR LOWER(display_name) LIKE $3 ESCAPE '\\') \
             AND (($4 = TRUE AND type = 'O') OR ($5 = TRUE AND id IN \
             (SELECT channel_id FROM channel_members WHERE user_id = $2))) \
             ORDER BY display_name, id LIMIT $6"
        );
        let rows = self
            .db
            .query(
                &sql,
                params![
                    s.team_id, s.user_id, pattern, s.public, s.mine, s.limit, s.archived
                ],
            )
            .await?;
        rows.iter().map(channel_from_row).collect()
    }

    /// The channels `user_id` is a member of, in display-name order.
    pub async fn channels_for_user(
        &self,
        user_id: &str,
        which: UserChannels<'_>,
    ) -> Result<Vec<Channel>, StoreError> {
        let mut params = params![user_id, which.include_deleted, which.last_delete_at];
        let team = match which.team_id {
            Some(team_id) => {
                params.push(team_id.into());
                "AND team_id IN ($4, '')"
            }
            None => "",
        };
        let sql = format!(
            "SELECT {CHANNEL_COLUMNS} FROM channels WHERE id IN \
             (SELECT channel_id FROM channel_members WHERE user_id = $1) {team} \
             AND (delete_at = 0 OR ($2 = TRUE AND delete_at >= $3)) ORDER BY display_name, name"
        );
        let rows = self.db.query(&sql, params).await?;
        rows.iter().map(channel_from_row).collect()
    }

    /// Writes the editable fields of `channel`. `Conflict` when the name is taken in its team.
    pub async fn update_channel(&self, c: &Channel) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE channels SET update_at = $2, name = $3, display_name = $4, header = $5, \
                 purpose = $6 WHERE id = $1",
                params![
                    &c.id,
                    c.update_at,
                    &c.name,
                    &c.display_name,
                    &c.header,
                    &c.purpose
                ],
            )
            .await?;
        Ok(())
    }

    /// Archives (`at` > 0) or restores (`at` = 0) a channel.
    pub async fn set_channel_type(
        &self,
        id: &str,
        channel_type: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE channels SET type = $2, update_at = $3 WHERE id = $1",
                params![id, channel_type, now],
            )
            .await?;
        Ok(())
    }

    pub async fn set_channel_delete_at(
        &self,
        id: &str,
        at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE channels SET delete_at = $2, update_at = $3 WHERE id = $1",
                params![id, at, now],
            )
            .await?;
        Ok(())
    }

    /// Inserts a direct or group channel with its members unless one with that name exists;
    /// either way returns the stored channel (so concurrent creations agree).
    pub async fn insert_channel_if_absent(
        &self,
        channel: &Channel,
        members: &[ChannelMember],
    ) -> Result<(Channel, bool), StoreError> {
        let created = match self.insert_channel(channel, members).await {
            Ok(()) => true,
            Err(StoreError::Conflict(_)) => false,
            Err(e) => return Err(e),
        };
        let stored = self
            .channel_by_name(&channel.team_id, &channel.name)
            .await?
            .ok_or_else(|| StoreError::Internal("channel vanished after insert".into()))?;
        Ok((stored, created))
    }
}

impl Store {
    /// Which of `channel_ids` are group channels `user_id` belongs to.
    pub async fn group_channels_of_user(
        &self,
        user_id: &str,
        channel_ids: &[String],
    ) -> Result<Vec<String>, StoreError> {
        if channel_ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT c.id FROM channels c JOIN channel_members cm ON cm.channel_id = c.id \
             WHERE cm.user_id = $1 AND c.type = 'G' AND c.id IN ({})",
            super::placeholders(2, channel_ids.len())
        );
        let mut params = crate::params![user_id];
        params.extend(channel_ids.iter().map(Into::into));
        self.db
            .query(&sql, params)
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
}
