//! Bot accounts: a `users` row with `is_bot` plus a `bots` row with the owner and description.

use super::users::insert_user_stmt;
use super::{Row, Store, StoreError};
use crate::model::{Bot, User};
use crate::params;

const BOT_SELECT: &str = "SELECT u.id, u.username, u.first_name, b.description, b.owner_id, \
    b.create_at, b.update_at, b.delete_at FROM bots b JOIN users u ON u.id = b.user_id";

fn bot_from_row(r: &Row) -> Result<Bot, StoreError> {
    Ok(Bot {
        user_id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        description: r.get(3)?,
        owner_id: r.get(4)?,
        create_at: r.get(5)?,
        update_at: r.get(6)?,
        delete_at: r.get(7)?,
    })
}

/// Which bots `GET /bots` lists.
#[derive(Debug, Default)]
pub struct BotQuery {
    /// Only bots owned by this user (empty: all).
    pub owner_id: String,
    pub include_deleted: bool,
    /// Only bots whose owner is deactivated or gone.
    pub only_orphaned: bool,
    pub page: i64,
    pub per_page: i64,
}

impl Store {
    /// Creates the bot's user and bot rows together. `Conflict` when the username is taken.
    pub async fn insert_bot(&self, user: &User, bot: &Bot) -> Result<(), StoreError> {
        self.db
            .transaction(vec![
                insert_user_stmt(user, ""),
                (
                    "INSERT INTO bots (user_id, description, owner_id, create_at, update_at) \
                     VALUES ($1, $2, $3, $4, $5)"
                        .into(),
                    params![
                        &bot.user_id,
                        &bot.description,
                        &bot.owner_id,
                        bot.create_at,
                        bot.update_at
                    ],
                ),
            ])
            .await?;
        Ok(())
    }

    pub async fn bot(&self, user_id: &str) -> Result<Option<Bot>, StoreError> {
        let sql = format!("{BOT_SELECT} WHERE b.user_id = $1");
        let row = self.db.query_opt(&sql, params![user_id]).await?;
        row.as_ref().map(bot_from_row).transpose()
    }

    pub async fn bots(&self, q: &BotQuery) -> Result<Vec<Bot>, StoreError> {
        let sql = format!(
            "{BOT_SELECT} WHERE ($1 = '' OR b.owner_id = $1) AND ($2 = TRUE OR b.delete_at = 0) \
             AND ($3 = FALSE OR NOT EXISTS \
                 (SELECT 1 FROM users o WHERE o.id = b.owner_id AND o.delete_at = 0)) \
             ORDER BY u.username LIMIT $4 OFFSET $5"
        );
        self.db
            .query(
                &sql,
                params![
                    &q.owner_id,
                    q.include_deleted,
                    q.only_orphaned,
                    q.per_page,
                    q.page * q.per_page
                ],
            )
            .await?
            .iter()
            .map(bot_from_row)
            .collect()
    }

    /// Saves a bot's name, display name, description and owner. `Conflict` on a taken username.
    pub async fn update_bot(&self, bot: &Bot) -> Result<(), StoreError> {
        self.db
            .transaction(vec![
                (
                    "UPDATE users SET username = $2, first_name = $3, update_at = $4 WHERE id = $1"
                        .into(),
                    params![
                        &bot.user_id,
                        &bot.username,
                        &bot.display_name,
                        bot.update_at
                    ],
                ),
                (
                    "UPDATE bots SET description = $2, owner_id = $3, update_at = $4 \
                     WHERE user_id = $1"
                        .into(),
                    params![&bot.user_id, &bot.description, &bot.owner_id, bot.update_at],
                ),
            ])
            .await?;
        Ok(())
    }

    /// Disables (`delete_at` = now) or enables (0) a bot and its user; disabling ends its sessions.
    pub async fn set_bot_delete_at(
        &self,
        user_id: &str,
        delete_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut statements = vec![
            (
                "UPDATE bots SET delete_at = $2, update_at = $3 WHERE user_id = $1".into(),
                params![user_id, delete_at, now],
            ),
            (
                "UPDATE users SET delete_at = $2, update_at = $3 WHERE id = $1".into(),
                params![user_id, delete_at, now],
            ),
        ];
        if delete_at != 0 {
            statements.push((
                "DELETE FROM sessions WHERE user_id = $1".into(),
                params![user_id],
            ));
        }
        self.db.transaction(statements).await?;
        self.auth_changed();
        Ok(())
    }
}
