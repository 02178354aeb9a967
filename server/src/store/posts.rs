//! Posts: saving a post together with the channel's counters and members' unread state, reading
//! posts in pages around a cursor, threads, edits and soft deletion.

use super::{Row, Stmt, Store, StoreError, json_column, placeholders};
use crate::model::Post;
use crate::params;

/// Post columns plus the thread's reply count and last reply time, computed in the same query so
/// lists never need one query per post.
const POST_COLUMNS: &str = "p.id, p.create_at, p.update_at, p.edit_at, p.delete_at, p.is_pinned, \
    p.user_id, p.channel_id, p.root_id, p.original_id, p.message, p.type, p.props, p.hashtags, \
    p.file_ids, p.pending_post_id, \
    (SELECT COUNT(*) FROM posts r WHERE r.root_id <> '' \
     AND r.root_id = (CASE WHEN p.root_id = '' THEN p.id ELSE p.root_id END) AND r.delete_at = 0), \
    (SELECT COALESCE(MAX(r.create_at), 0) FROM posts r WHERE r.root_id <> '' \
     AND r.root_id = (CASE WHEN p.root_id = '' THEN p.id ELSE p.root_id END) AND r.delete_at = 0)";

fn post_from_row(r: &Row) -> Result<Post, StoreError> {
    Ok(Post {
        id: r.get(0)?,
        create_at: r.get(1)?,
        update_at: r.get(2)?,
        edit_at: r.get(3)?,
        delete_at: r.get(4)?,
        is_pinned: r.get(5)?,
        user_id: r.get(6)?,
        channel_id: r.get(7)?,
        root_id: r.get(8)?,
        original_id: r.get(9)?,
        message: r.get(10)?,
        post_type: r.get(11)?,
        props: json_column(&r.get::<String>(12)?),
        hashtags: r.get(13)?,
        file_ids: serde_json::from_str(&r.get::<String>(14)?).unwrap_or_default(),
        pending_post_id: r.get(15)?,
        reply_count: r.get(16)?,
        last_reply_at: r.get(17)?,
        ..Post::default()
    })
}

/// Where a page of channel posts starts. Posts are ordered by `(create_at, id)`, so posts created
/// in the same millisecond are neither skipped nor repeated between pages.
#[derive(Debug, Clone)]
pub enum Cursor {
    /// The newest posts.
    Latest,
    /// Posts older than this post.
    Before { create_at: i64, id: String },
    /// Posts newer than this post.
    After { create_at: i64, id: String },
    /// Posts created strictly after this time.
    AfterTime(i64),
}

/// A channel member's name and notification settings, for matching mentions.
#[derive(Debug, Clone)]
pub struct MentionTarget {
    pub user_id: String,
    pub username: String,
    pub channel_notify_props: serde_json::Value,
    pub user_notify_props: serde_json::Value,
}

/// How saving a post changes the channel's members.
#[derive(Debug, Default)]
pub struct PostEffects {
    /// Members whose mention counters go up by one.
    pub mentioned: Vec<String>,
    /// Unattached files of the author in the post's channel, linked to the post.
    pub attach_files: Vec<String>,
}

/// The new unread state of one member, for marking a channel unread from a post.
#[derive(Debug)]
pub struct UnreadFrom {
    pub channel_id: String,
    pub user_id: String,
    /// Everything strictly before this time counts as read.
    pub last_viewed_at: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    /// When the change is made.
    pub at: i64,
}

impl Store {
    /// Saves a root post or reply and, in the same transaction, bumps the channel's counters,
    /// marks the channel read for the sender and raises mention counts of the mentioned members.
    pub async fn insert_post(&self, post: &Post, effects: &PostEffects) -> Result<(), StoreError> {
        let root = i64::from(post.is_root());
        let mut stmts: Vec<Stmt> = vec![
            (
                "INSERT INTO posts (id, create_at, update_at, edit_at, delete_at, is_pinned, user_id, \
                 channel_id, root_id, original_id, message, type, props, hashtags, file_ids, \
                 pending_post_id) VALUES ($1, $2, $2, 0, 0, $3, $4, $5, $6, '', $7, $8, $9, $10, $11, $12)"
                    .into(),
                params![
                    &post.id,
                    post.create_at,
                    post.is_pinned,
                    &post.user_id,
                    &post.channel_id,
                    &post.root_id,
                    &post.message,
                    &post.post_type,
                    post.props.to_string(),
                    &post.hashtags,
                    serde_json::to_string(&post.file_ids).unwrap_or_else(|_| "[]".into()),
                    &post.pending_post_id,
                ],
            ),
            (
                "UPDATE channels SET total_msg_count = total_msg_count + 1, \
                 total_msg_count_root = total_msg_count_root + $2, \
                 last_post_at = CASE WHEN last_post_at < $3 THEN $3 ELSE last_post_at END, \
                 last_root_post_at = CASE WHEN $2 = 1 AND last_root_post_at < $3 THEN $3 ELSE last_root_post_at END \
                 WHERE id = $1"
                    .into(),
                params![&post.channel_id, root, post.create_at],
            ),
            (
                "UPDATE channel_members SET last_viewed_at = $3, last_update_at = $3, \
                 msg_count = (SELECT total_msg_count FROM channels WHERE id = $1), \
                 msg_count_root = (SELECT total_msg_count_root FROM channels WHERE id = $1), \
                 mention_count = 0, mention_count_root = 0, urgent_mention_count = 0 \
                 WHERE channel_id = $1 AND user_id = $2"
                    .into(),
                params![&post.channel_id, &post.user_id, post.create_at],
            ),
        ];
        if !effects.mentioned.is_empty() {
            let sql = format!(
                "UPDATE channel_members SET mention_count = mention_count + 1, \
                 mention_count_root = mention_count_root + $2, last_update_at = $3 \
                 WHERE channel_id = $1 AND user_id IN ({})",
                placeholders(4, effects.mentioned.len())
            );
            let mut params = params![&post.channel_id, root, post.create_at];
            params.extend(effects.mentioned.iter().map(Into::into));
            stmts.push((sql, params));
        }
        if !effects.attach_files.is_empty() {
            let sql = format!(
                "UPDATE file_infos SET post_id = $1, update_at = $2 WHERE post_id = '' \
                 AND creator_id = $3 AND channel_id = $4 AND delete_at = 0 AND id IN ({})",
                placeholders(5, effects.attach_files.len())
            );
            let mut params = params![&post.id, post.create_at, &post.user_id, &post.channel_id];
            params.extend(effects.attach_files.iter().map(Into::into));
            stmts.push((sql, params));
        }
        self.db.transaction(stmts).await?;
        Ok(())
    }

    /// A post by id, deleted or not.
    pub async fn post(&self, id: &str) -> Result<Option<Post>, StoreError> {
        let sql = format!("SELECT {POST_COLUMNS} FROM posts p WHERE p.id = $1");
        self.db
            .query_opt(&sql, params![id])
            .await?
            .as_ref()
            .map(post_from_row)
            .transpose()
    }

    /// Posts by id (deleted ones included), in no particular order.
    pub async fn posts_by_ids(&self, ids: &[String]) -> Result<Vec<Post>, StoreError> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM posts p WHERE p.id IN ({})",
            placeholders(1, ids.len())
        );
        self.posts_query(&sql, ids.iter().map(Into::into).collect())
            .await
    }

    /// Up to `limit` undeleted posts of a channel from `cursor`, skipping `offset`, newest first.
    pub async fn channel_posts(
        &self,
        channel_id: &str,
        cursor: &Cursor,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<Post>, StoreError> {
        let mut params = params![channel_id, limit, offset];
        let (filter, ascending) = match cursor {
            Cursor::Latest => ("", false),
            Cursor::Before { create_at, id } => {
                params.extend(params![*create_at, id]);
                (
                    "AND p.create_at <= $4 AND (p.create_at < $4 OR (p.create_at = $4 AND p.id < $5))",
                    false,
                )
            }
            Cursor::After { create_at, id } => {
                params.extend(params![*create_at, id]);
                (
                    "AND p.create_at >= $4 AND (p.create_at > $4 OR (p.create_at = $4 AND p.id > $5))",
                    true,
                )
            }
            Cursor::AfterTime(at) => {
                params.push((*at).into());
                ("AND p.create_at > $4", true)
            }
        };
        let order = if ascending { "ASC" } else { "DESC" };
        // The page is picked in a derived table so the reply counts are computed for its rows
        // only: PostgreSQL computes a query's columns for the rows OFFSET skips, too.
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM (SELECT * FROM posts p WHERE p.channel_id = $1 \
             AND p.delete_at = 0 {filter} ORDER BY p.create_at {order}, p.id {order} \
             LIMIT $2 OFFSET $3) p ORDER BY p.create_at {order}, p.id {order}"
        );
        let mut posts = self.posts_query(&sql, params).await?;
        if ascending {
            posts.reverse();
        }
        Ok(posts)
    }

    /// Posts of a channel created or changed after `since`, deleted ones included so clients can
    /// drop them; newest first, at most `limit`.
    pub async fn channel_posts_since(
        &self,
        channel_id: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<Post>, StoreError> {
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM posts p WHERE p.channel_id = $1 AND p.update_at > $2 \
             ORDER BY p.create_at DESC, p.id DESC LIMIT $3"
        );
        self.posts_query(&sql, params![channel_id, since, limit])
            .await
    }

    /// A root post and its undeleted replies, newest first.
    pub async fn thread_posts(&self, root_id: &str) -> Result<Vec<Post>, StoreError> {
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM posts p WHERE (p.id = $1 OR p.root_id = $1) AND p.delete_at = 0 \
             ORDER BY p.create_at DESC, p.id DESC"
        );
        self.posts_query(&sql, params![root_id]).await
    }

    /// Undeleted pinned posts of a channel, newest first.
    pub async fn pinned_posts(&self, channel_id: &str) -> Result<Vec<Post>, StoreError> {
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM posts p WHERE p.channel_id = $1 AND p.is_pinned = TRUE \
             AND p.delete_at = 0 ORDER BY p.create_at DESC, p.id DESC LIMIT 1000"
        );
        self.posts_query(&sql, params![channel_id]).await
    }

    /// Saves the editable fields of a post.
    pub async fn update_post(&self, post: &Post) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE posts SET message = $2, props = $3, hashtags = $4, file_ids = $5, \
                 is_pinned = $6, edit_at = $7, update_at = $8 WHERE id = $1",
                params![
                    &post.id,
                    &post.message,
                    post.props.to_string(),
                    &post.hashtags,
                    serde_json::to_string(&post.file_ids).unwrap_or_else(|_| "[]".into()),
                    post.is_pinned,
                    post.edit_at,
                    post.update_at,
                ],
            )
            .await?;
        Ok(())
    }

    /// Soft-deletes a post and, for a root post, its replies, with the files attached to them.
    pub async fn delete_post(&self, id: &str, at: i64) -> Result<(), StoreError> {
        self.db
            .transaction(vec![
                (
                    "UPDATE file_infos SET delete_at = $2, update_at = $2 WHERE delete_at = 0 \
                     AND post_id IN (SELECT p.id FROM posts p WHERE (p.id = $1 OR p.root_id = $1) \
                     AND p.delete_at = 0)"
                        .into(),
                    params![id, at],
                ),
                (
                    "UPDATE posts SET delete_at = $2, update_at = $2 \
                     WHERE (id = $1 OR root_id = $1) AND delete_at = 0"
                        .into(),
                    params![id, at],
                ),
            ])
            .await?;
        Ok(())
    }

    /// Names and notification settings of a channel's members, for matching mentions.
    pub async fn mention_targets(
        &self,
        channel_id: &str,
    ) -> Result<Vec<MentionTarget>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT u.id, u.username, cm.notify_props, u.notify_props FROM channel_members cm \
                 JOIN users u ON u.id = cm.user_id WHERE cm.channel_id = $1 AND u.delete_at = 0",
                params![channel_id],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MentionTarget {
                    user_id: r.get(0)?,
                    username: r.get(1)?,
                    channel_notify_props: json_column(&r.get::<String>(2)?),
                    user_notify_props: json_column(&r.get::<String>(3)?),
                })
            })
            .collect()
    }

    /// Undeleted posts by others created at or after `from`, oldest first: the posts a member
    /// marking the channel unread from `from` has not read (at most `limit`).
    pub async fn posts_by_others_from(
        &self,
        channel_id: &str,
        user_id: &str,
        from: i64,
        limit: i64,
    ) -> Result<Vec<Post>, StoreError> {
        let sql = format!(
            "SELECT {POST_COLUMNS} FROM posts p WHERE p.channel_id = $1 AND p.user_id <> $2 \
             AND p.create_at >= $3 AND p.delete_at = 0 ORDER BY p.create_at, p.id LIMIT $4"
        );
        self.posts_query(&sql, params![channel_id, user_id, from, limit])
            .await
    }

    /// Marks a channel unread for one member from a point in time: message counts become the
    /// channel's totals minus the posts created since then (counted like the totals, deleted
    /// posts included), and the mention counts are set.
    pub async fn mark_unread_from(&self, u: &UnreadFrom) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE channel_members SET last_viewed_at = $3, last_update_at = $6, \
                 msg_count = (SELECT total_msg_count FROM channels WHERE id = $1) \
                   - (SELECT COUNT(*) FROM posts WHERE channel_id = $1 AND create_at > $3), \
                 msg_count_root = (SELECT total_msg_count_root FROM channels WHERE id = $1) \
                   - (SELECT COUNT(*) FROM posts WHERE channel_id = $1 AND create_at > $3 AND root_id = ''), \
                 mention_count = $4, mention_count_root = $5, urgent_mention_count = 0 \
                 WHERE channel_id = $1 AND user_id = $2",
                params![
                    &u.channel_id,
                    &u.user_id,
                    u.last_viewed_at,
                    u.mention_count,
                    u.mention_count_root,
                    u.at,
                ],
            )
            .await?;
        Ok(())
    }

    async fn posts_query(
        &self,
        sql: &str,
        params: Vec<super::Value>,
    ) -> Result<Vec<Post>, StoreError> {
        self.db
            .query(sql, params)
            .await?
            .iter()
            .map(post_from_row)
            .collect()
    }
}
