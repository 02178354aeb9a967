//! Incoming and outgoing webhooks. Outgoing hooks keep their trigger words and callback URLs as
//! JSON arrays.

use super::{Row, Store, StoreError};
use crate::model::{IncomingWebhook, OutgoingWebhook};
use crate::params;

const INCOMING_COLUMNS: &str = "id, create_at, update_at, user_id, channel_id, team_id, \
    display_name, description, username, icon_url, channel_locked";

fn incoming_from_row(r: &Row) -> Result<IncomingWebhook, StoreError> {
    Ok(IncomingWebhook {
        id: r.get(0)?,
        create_at: r.get(1)?,
        update_at: r.get(2)?,
        user_id: r.get(3)?,
        channel_id: r.get(4)?,
        team_id: r.get(5)?,
        display_name: r.get(6)?,
        description: r.get(7)?,
        username: r.get(8)?,
        icon_url: r.get(9)?,
        channel_locked: r.get(10)?,
        delete_at: 0,
    })
}

const OUTGOING_COLUMNS: &str = "id, token, create_at, update_at, creator_id, channel_id, team_id, \
    trigger_words, trigger_when, callback_urls, display_name, description, content_type, \
    username, icon_url";

fn string_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn outgoing_from_row(r: &Row) -> Result<OutgoingWebhook, StoreError> {
    Ok(OutgoingWebhook {
        id: r.get(0)?,
        token: r.get(1)?,
        create_at: r.get(2)?,
        update_at: r.get(3)?,
        creator_id: r.get(4)?,
        channel_id: r.get(5)?,
        team_id: r.get(6)?,
        trigger_words: string_list(&r.get::<String>(7)?),
        trigger_when: r.get(8)?,
        callback_urls: string_list(&r.get::<String>(9)?),
        display_name: r.get(10)?,
        description: r.get(11)?,
        content_type: r.get(12)?,
        username: r.get(13)?,
        icon_url: r.get(14)?,
        delete_at: 0,
    })
}

fn json_list(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// Inserts or replaces an incoming webhook (updates send the whole hook).
    pub async fn save_incoming_webhook(&self, h: &IncomingWebhook) -> Result<(), StoreError> {
        self.db
            .execute(
                &format!(
                    "INSERT INTO incoming_webhooks ({INCOMING_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                     ON CONFLICT (id) DO UPDATE SET update_at = excluded.update_at, \
                     channel_id = excluded.channel_id, display_name = excluded.display_name, \
                     description = excluded.description, username = excluded.username, \
                     icon_url = excluded.icon_url, channel_locked = excluded.channel_locked"
                ),
                params![
                    &h.id,
                    h.create_at,
                    h.update_at,
                    &h.user_id,
                    &h.channel_id,
                    &h.team_id,
                    &h.display_name,
                    &h.description,
                    &h.username,
                    &h.icon_url,
                    h.channel_locked
                ],
            )
            .await?;
        Ok(())
    }

    pub async fn incoming_webhook(&self, id: &str) -> Result<Option<IncomingWebhook>, StoreError> {
        let sql = format!("SELECT {INCOMING_COLUMNS} FROM incoming_webhooks WHERE id = $1");
        let row = self.db.query_opt(&sql, params![id]).await?;
        row.as_ref().map(incoming_from_row).transpose()
    }

    /// Incoming webhooks of one team (every team when `team_id` is empty), oldest first, paged.
    pub async fn incoming_webhooks(
        &self,
        team_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<IncomingWebhook>, StoreError> {
        let sql = format!(
            "SELECT {INCOMING_COLUMNS} FROM incoming_webhooks WHERE ($1 = '' OR team_id = $1) \
             ORDER BY create_at, id LIMIT $2 OFFSET $3"
        );
        self.db
            .query(&sql, params![team_id, per_page, page * per_page])
            .await?
            .iter()
            .map(incoming_from_row)
            .collect()
    }

    pub async fn delete_incoming_webhook(&self, id: &str) -> Result<u64, StoreError> {
        self.db
            .execute("DELETE FROM incoming_webhooks WHERE id = $1", params![id])
            .await
    }

    /// Inserts or replaces an outgoing webhook.
    pub async fn save_outgoing_webhook(&self, h: &OutgoingWebhook) -> Result<(), StoreError> {
        self.db
            .execute(
                &format!(
                    "INSERT INTO outgoing_webhooks ({OUTGOING_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                     ON CONFLICT (id) DO UPDATE SET token = excluded.token, \
                     update_at = excluded.update_at, channel_id = excluded.channel_id, \
                     trigger_words = excluded.trigger_words, trigger_when = excluded.trigger_when, \
                     callback_urls = excluded.callback_urls, display_name = excluded.display_name, \
                     description = excluded.description, content_type = excluded.content_type, \
                     username = excluded.username, icon_url = excluded.icon_url"
                ),
                params![
                    &h.id,
                    &h.token,
                    h.create_at,
                    h.update_at,
                    &h.creator_id,
                    &h.channel_id,
                    &h.team_id,
                    json_list(&h.trigger_words),
                    h.trigger_when,
                    json_list(&h.callback_urls),
                    &h.display_name,
                    &h.description,
                    &h.content_type,
                    &h.username,
                    &h.icon_url
                ],
            )
            .await?;
        Ok(())
    }

    pub async fn outgoing_webhook(&self, id: &str) -> Result<Option<OutgoingWebhook>, StoreError> {
        let sql = format!("SELECT {OUTGOING_COLUMNS} FROM outgoing_webhooks WHERE id = $1");
        let row = self.db.query_opt(&sql, params![id]).await?;
        row.as_ref().map(outgoing_from_row).transpose()
    }

    /// Outgoing webhooks of one team (every team when `team_id` is empty) and of one channel
    /// (any when `channel_id` is empty), oldest first, paged.
    pub async fn outgoing_webhooks(
        &self,
        team_id: &str,
        channel_id: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<OutgoingWebhook>, StoreError> {
        let sql = format!(
            "SELECT {OUTGOING_COLUMNS} FROM outgoing_webhooks WHERE ($1 = '' OR team_id = $1) \
             AND ($2 = '' OR channel_id = $2) ORDER BY create_at, id LIMIT $3 OFFSET $4"
        );
        self.db
            .query(
                &sql,
                params![team_id, channel_id, per_page, page * per_page],
            )
            .await?
            .iter()
            .map(outgoing_from_row)
            .collect()
    }

    /// The outgoing webhooks a post in `channel_id` of `team_id` may fire: the channel's own and
    /// the team-wide ones.
    pub async fn outgoing_webhooks_for_post(
        &self,
        team_id: &str,
        channel_id: &str,
    ) -> Result<Vec<OutgoingWebhook>, StoreError> {
        let sql = format!(
            "SELECT {OUTGOING_COLUMNS} FROM outgoing_webhooks WHERE team_id = $1 \
             AND (channel_id = '' OR channel_id = $2)"
        );
        self.db
            .query(&sql, params![team_id, channel_id])
            .await?
            .iter()
            .map(outgoing_from_row)
            .collect()
    }

    pub async fn delete_outgoing_webhook(&self, id: &str) -> Result<u64, StoreError> {
        self.db
            .execute("DELETE FROM outgoing_webhooks WHERE id = $1", params![id])
            .await
    }
}
