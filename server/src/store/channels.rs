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
