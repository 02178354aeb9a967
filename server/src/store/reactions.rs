//! Emoji reactions on posts. Adding or removing one also bumps the post's `update_at`, so clients
//! asking for posts changed `since` a time see the change.

use super::{Row, Store, StoreError, placeholders};
use crate::model::Reaction;
use crate::params;

fn reaction_from_row(r: &Row) -> Result<Reaction, StoreError> {
    Ok(Reaction {
        user_id: r.get(0)?,
        post_id: r.get(1)?,
        emoji_name: r.get(2)?,
        create_at: r.get(3)?,
    })
}

impl Store {
    /// Saves a reaction; returns false when the user had already reacted with that emoji.
    pub async fn insert_reaction(&self, r: &Reaction) -> Result<bool, StoreError> {
        let changed = self
            .db
            .transaction(vec![
                (
                    "INSERT INTO reactions (user_id, post_id, emoji_name, create_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (post_id, user_id, emoji_name) DO NOTHING"
                        .into(),
                    params![&r.user_id, &r.post_id, &r.emoji_name, r.create_at],
                ),
                (
                    "UPDATE posts SET update_at = $2 WHERE id = $1".into(),
                    params![&r.post_id, r.create_at],
                ),
            ])
            .await?;
        Ok(changed[0] > 0)
    }

    /// Removes a reaction; returns false when there was none.
    pub async fn delete_reaction(&self, r: &Reaction, at: i64) -> Result<bool, StoreError> {
        let changed = self
            .db
            .transaction(vec![
                (
                    "DELETE FROM reactions WHERE post_id = $1 AND user_id = $2 AND emoji_name = $3"
                        .into(),
                    params![&r.post_id, &r.user_id, &r.emoji_name],
                ),
                (
                    "UPDATE posts SET update_at = $2 WHERE id = $1".into(),
                    params![&r.post_id, at],
                ),
            ])
            .await?;
        Ok(changed[0] > 0)
    }

    /// Every reaction on the given posts, oldest first, in one query.
    pub async fn reactions_for_posts(
        &self,
        post_ids: &[String],
    ) -> Result<Vec<Reaction>, StoreError> {
        if post_ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT user_id, post_id, emoji_name, create_at FROM reactions WHERE post_id IN ({}) \
             ORDER BY create_at, user_id, emoji_name",
            placeholders(1, post_ids.len())
        );
        self.db
            .query(&sql, post_ids.iter().map(Into::into).collect())
            .await?
            .iter()
            .map(reaction_from_row)
            .collect()
    }

    /// How many different emojis a post has been reacted with.
    pub async fn distinct_emoji_count(&self, post_id: &str) -> Result<i64, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT COUNT(DISTINCT emoji_name) FROM reactions WHERE post_id = $1",
                params![post_id],
            )
            .await?;
        row.map_or(Ok(0), |r| r.get(0))
    }
}
