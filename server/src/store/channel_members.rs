//! Channel membership beyond joining: listing, leaving, roles, notification settings, read state
//! (viewing a channel) and the unread counts derived from it.

use super::channels::{CHANNEL_MEMBER_COLUMNS, channel_member_from_row};
use super::{Store, StoreError, json_column, placeholders};
use crate::model::{ChannelMember, ChannelStats, ChannelUnread};
use crate::params;

impl Store {
    /// A page of a channel's members, by user id.
    pub async fn channel_members_page(
        &self,
        channel_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<ChannelMember>, StoreError> {
        let sql = format!(
            "SELECT {CHANNEL_MEMBER_COLUMNS} FROM channel_members WHERE channel_id = $1 \
             ORDER BY user_id LIMIT $2 OFFSET $3"
        );
        let rows = self
            .db
            .query(&sql, params![channel_id, per_page, page * per_page])
            .await?;
        rows.iter().map(channel_member_from_row).collect()
    }

    /// The memberships of `user_ids` in a channel (ids that are not members are skipped).
    pub async fn channel_members_by_ids(
        &self,
        channel_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<ChannelMember>, StoreError> {
        if user_ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT {CHANNEL_MEMBER_COLUMNS} FROM channel_members WHERE channel_id = $1 \
             AND user_id IN ({}) ORDER BY user_id",
            placeholders(2, user_ids.len())
        );
        let mut params = params![channel_id];
        params.extend(user_ids.iter().map(Into::into));
        let rows = self.db.query(&sql, params).await?;
        rows.iter().map(channel_member_from_row).collect()
    }

    /// `user_id`'s memberships of one team's channels and of their direct and group channels.
    pub async fn channel_members_for_user(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> Result<Vec<ChannelMember>, StoreError> {
        let sql = format!(
            "SELECT {CHANNEL_MEMBER_COLUMNS} FROM channel_members WHERE user_id = $1 \
             AND channel_id IN (SELECT id FROM channels WHERE team_id IN ($2, '')) \
             ORDER BY channel_id"
        );
        let rows = self.db.query(&sql, params![user_id, team_id]).await?;
        rows.iter().map(channel_member_from_row).collect()
    }

    /// Removes a membership and the channel's place in the user's sidebar. Returns false when the
    /// user was not a member.
    pub async fn remove_channel_member(
        &self,
        channel_id: &str,
        user_id: &str,
    ) -> Result<bool, StoreError> {
        let changed = self
            .db
            .transaction(vec![
                (
                    "DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2".into(),
                    params![channel_id, user_id],
                ),
                (
                    "DELETE FROM sidebar_channels WHERE channel_id = $1 AND user_id = $2".into(),
                    params![channel_id, user_id],
                ),
            ])
            .await?;
        Ok(changed[0] > 0)
    }

    /// Sets a member's scheme flags (`channel_user`, `channel_admin`).
    pub async fn set_channel_member_scheme(
        &self,
        channel_id: &str,
        user_id: &str,
        user: bool,
        admin: bool,
        at: i64,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE channel_members SET scheme_user = $3, scheme_admin = $4, last_update_at = $5 \
                 WHERE channel_id = $1 AND user_id = $2",
                params![channel_id, user_id, user, admin, at],
            )
            .await?;
        Ok(())
    }

    pub async fn set_channel_notify_props(
        &self,
        channel_id: &str,
        user_id: &str,
        props: &serde_json::Value,
        at: i64,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE channel_members SET notify_props = $3, last_update_at = $4 \
                 WHERE channel_id = $1 AND user_id = $2",
                params![channel_id, user_id, props.to_string(), at],
            )
            .await?;
        Ok(())
    }

    /// Marks channels read for `user_id` at `at`: everything in them counts as seen and mentions
    /// are cleared. Returns the ids of the channels that were updated (those the user is in).
    pub async fn view_channels(
        &self,
        user_id: &str,
        channel_ids: &[&str],
        at: i64,
    ) -> Result<Vec<String>, StoreError> {
        let stmts = channel_ids
            .iter()
            .map(|id| {
                (
                    "UPDATE channel_members SET last_viewed_at = $3, last_update_at = $3, \
                     msg_count = (SELECT total_msg_count FROM channels WHERE id = $1), \
                     msg_count_root = (SELECT total_msg_count_root FROM channels WHERE id = $1), \
                     mention_count = 0, mention_count_root = 0, urgent_mention_count = 0 \
                     WHERE channel_id = $1 AND user_id = $2"
                        .to_owned(),
                    params![*id, user_id, at],
                )
            })
            .collect();
        let changed = self.db.transaction(stmts).await?;
        Ok(channel_ids
            .iter()
            .zip(changed)
            .filter(|(_, n)| *n > 0)
            .map(|(id, _)| (*id).to_owned())
            .collect())
    }

    /// Unread counts of the live channels `user_id` is in; `channel_id` narrows it to one.
    pub async fn channel_unreads(
        &self,
        user_id: &str,
        channel_id: Option<&str>,
    ) -> Result<Vec<ChannelUnread>, StoreError> {
        let mut params = params![user_id];
        let one = match channel_id {
            Some(id) => {
                params.push(id.into());
                "AND c.id = $2"
            }
            None => "",
        };
        let sql = format!(
            "SELECT c.team_id, c.id, c.total_msg_count - m.msg_count, m.mention_count, \
             c.total_msg_count_root - m.msg_count_root, m.mention_count_root, \
             m.urgent_mention_count, m.notify_props \
             FROM channel_members m JOIN channels c ON c.id = m.channel_id \
             WHERE m.user_id = $1 AND c.delete_at = 0 {one} ORDER BY c.id"
        );
        let rows = self.db.query(&sql, params).await?;
        rows.iter()
            .map(|r| {
                Ok(ChannelUnread {
                    team_id: r.get(0)?,
                    channel_id: r.get(1)?,
                    msg_count: r.get::<i64>(2)?.max(0),
                    mention_count: r.get(3)?,
                    msg_count_root: r.get::<i64>(4)?.max(0),
                    mention_count_root: r.get(5)?,
                    urgent_mention_count: r.get(6)?,
                    notify_props: json_column(&r.get::<String>(7)?),
                })
            })
            .collect()
    }

    /// Member, guest and pinned-post counts of a channel (deactivated users are not counted).
    pub async fn channel_stats(&self, channel_id: &str) -> Result<ChannelStats, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT \
                 (SELECT COUNT(*) FROM channel_members m JOIN users u ON u.id = m.user_id \
                  WHERE m.channel_id = $1 AND u.delete_at = 0), \
                 (SELECT COUNT(*) FROM channel_members m JOIN users u ON u.id = m.user_id \
                  WHERE m.channel_id = $1 AND u.delete_at = 0 AND m.scheme_guest = TRUE), \
                 (SELECT COUNT(*) FROM posts WHERE channel_id = $1 AND is_pinned = TRUE \
                  AND delete_at = 0)",
                params![channel_id],
            )
            .await?;
        let Some(r) = row else {
            return Err(StoreError::Internal("channel stats returned no row".into()));
        };
        Ok(ChannelStats {
            channel_id: channel_id.into(),
            member_count: r.get(0)?,
            guest_count: r.get(1)?,
            pinnedpost_count: r.get(2)?,
            // File counts belong to the file store; until it counts them, report none.
            files_count: 0,
        })
    }
}
