//! Notifications: the durable delivery queue (`notification_jobs`), Web Push subscriptions, and
//! what deciding who to notify needs to know about a channel's members in one query.

use super::{Row, Store, StoreError, Value, json_column, placeholders};
use crate::params;

/// One queued delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: String,
    /// `email`, `webpush` or `push_proxy`.
    pub kind: String,
    pub user_id: String,
    /// The Web Push subscription or the session (push proxy) to deliver to; empty for email.
    pub target: String,
    /// JSON: what to deliver.
    pub payload: String,
    /// Attempts started so far, including the one running.
    pub attempts: i64,
    pub create_at: i64,
    /// When the job becomes due.
    pub next_attempt_at: i64,
}

/// Which ways of telling people exist right now, so members with none of them are not read.
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    /// Email is set up: every member may be emailed.
    pub email: bool,
    /// A push proxy is set up: members with a registered mobile device may be pushed to.
    pub devices: bool,
    /// Sessions expired before this (ms) no longer count as devices.
    pub now: i64,
}

/// A channel member as notification rules see them.
#[derive(Debug, Clone)]
pub struct NotifyMember {
    pub user_id: String,
    pub username: String,
    pub email: String,
    pub is_bot: bool,
    pub user_notify_props: serde_json::Value,
    pub channel_notify_props: serde_json::Value,
    /// `online`, `away`, `dnd` or `offline` (no status row).
    pub status: String,
}

/// A session with a mobile device registered (`apple_rn:...`, `android_rn:...`).
#[derive(Debug, Clone)]
pub struct DeviceSession {
    pub session_id: String,
    pub user_id: String,
    pub device_id: String,
}

/// A browser's Web Push subscription (RFC 8030 endpoint and RFC 8291 keys, base64url).
#[derive(Debug, Clone, PartialEq)]
pub struct WebPushSubscription {
    pub id: String,
    pub user_id: String,
    pub session_id: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub create_at: i64,
}

const JOB_COLUMNS: &str =
    "id, kind, user_id, target, payload, attempts, create_at, next_attempt_at";

fn job_from_row(r: &Row) -> Result<Job, StoreError> {
    Ok(Job {
        id: r.get(0)?,
        kind: r.get(1)?,
        user_id: r.get(2)?,
        target: r.get(3)?,
        payload: r.get(4)?,
        attempts: r.get(5)?,
        create_at: r.get(6)?,
        next_attempt_at: r.get(7)?,
    })
}

const SUBSCRIPTION_COLUMNS: &str = "id, user_id, session_id, endpoint, p256dh, auth, create_at";

fn subscription_from_row(r: &Row) -> Result<WebPushSubscription, StoreError> {
    Ok(WebPushSubscription {
        id: r.get(0)?,
        user_id: r.get(1)?,
        session_id: r.get(2)?,
        endpoint: r.get(3)?,
        p256dh: r.get(4)?,
        auth: r.get(5)?,
        create_at: r.get(6)?,
    })
}

/// `ids` as bind values, after `leading` other values.
fn with_ids(leading: Vec<Value>, ids: &[String]) -> Vec<Value> {
    leading
        .into_iter()
        .chain(ids.iter().map(Into::into))
        .collect()
}

impl Store {
    /// Queues `jobs` atomically.
    pub async fn enqueue_jobs(&self, jobs: &[Job]) -> Result<(), StoreError> {
        if jobs.is_empty() {
            return Ok(());
        }
        let stmts = jobs
            .iter()
            .map(|j| {
                (
                    format!(
                        "INSERT INTO notification_jobs ({JOB_COLUMNS}) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                    ),
                    params![
                        &j.id,
                        &j.kind,
                        &j.user_id,
                        &j.target,
                        &j.payload,
                        j.attempts,
                        j.create_at,
                        j.next_attempt_at
                    ],
                )
            })
            .collect();
        self.db.transaction(stmts).await?;
        Ok(())
    }

    /// Jobs due at `now` that have not been given up, oldest due first.
    pub async fn due_jobs(&self, now: i64, limit: i64) -> Result<Vec<Job>, StoreError> {
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM notification_jobs WHERE failed_at = 0 \
             AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2"
        );
        self.db
            .query(&sql, params![now, limit])
            .await?
            .iter()
            .map(job_from_row)
            .collect()
    }

    /// When the next live job becomes due, if any.
    pub async fn next_job_due_at(&self) -> Result<Option<i64>, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT next_attempt_at FROM notification_jobs WHERE failed_at = 0 \
                 ORDER BY next_attempt_at LIMIT 1",
                vec![],
            )
            .await?;
        row.map(|r| r.get(0)).transpose()
    }

    /// A user's live email jobs created up to `now` (due or still collecting), oldest first:
    /// one batched email lists them all.
    pub async fn pending_email_jobs(
        &self,
        user_id: &str,
        now: i64,
        limit: i64,
    ) -> Result<Vec<Job>, StoreError> {
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM notification_jobs WHERE kind = 'email' AND user_id = $1 \
             AND failed_at = 0 AND create_at <= $2 ORDER BY create_at, id LIMIT $3"
        );
        self.db
            .query(&sql, params![user_id, now, limit])
            .await?
            .iter()
            .map(job_from_row)
            .collect()
    }

    /// Starts an attempt: counts it and moves the jobs' due time to `lease_until`, so jobs a
    /// crash interrupts are tried again after a restart.
    pub async fn lease_jobs(&self, ids: &[String], lease_until: i64) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "UPDATE notification_jobs SET attempts = attempts + 1, next_attempt_at = $1 \
             WHERE id IN ({})",
            placeholders(2, ids.len())
        );
        self.db
            .execute(&sql, with_ids(params![lease_until], ids))
            .await?;
        Ok(())
    }

    /// Removes delivered (or no longer deliverable) jobs.
    pub async fn delete_jobs(&self, ids: &[String]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "DELETE FROM notification_jobs WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        self.db.execute(&sql, with_ids(vec![], ids)).await?;
        Ok(())
    }

    /// Schedules another attempt at `next_at`, remembering why this one failed.
    pub async fn retry_jobs(
        &self,
        ids: &[String],
        next_at: i64,
        error: &str,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "UPDATE notification_jobs SET next_attempt_at = $1, last_error = $2 WHERE id IN ({})",
            placeholders(3, ids.len())
        );
        self.db
            .execute(&sql, with_ids(params![next_at, error], ids))
            .await?;
        Ok(())
    }

    /// Gives jobs up after their last attempt; the rows stay for the admin to inspect.
    pub async fn fail_jobs(&self, ids: &[String], at: i64, error: &str) -> Result<(), StoreError> {
        let sql = format!(
            "UPDATE notification_jobs SET failed_at = $1, last_error = $2 WHERE id IN ({})",
            placeholders(3, ids.len())
        );
        self.db
            .execute(&sql, with_ids(params![at, error], ids))
            .await?;
        Ok(())
    }

    /// The active, non-sender members of a channel with their settings and status, as far as
    /// `reach` can get to them.
    pub async fn notify_members(
        &self,
        channel_id: &str,
        sender_id: &str,
        reach: &Reach,
    ) -> Result<Vec<NotifyMember>, StoreError> {
        // Without email, only members with somewhere to push to can be told anything: in a
        // large channel that is usually few, and each costs one indexed lookup.
        let rows = self
            .db
            .query(
                "SELECT u.id, u.username, u.email, u.is_bot, u.notify_props, cm.notify_props, \
                 s.status FROM channel_members cm JOIN users u ON u.id = cm.user_id \
                 LEFT JOIN status s ON s.user_id = u.id \
                 WHERE cm.channel_id = $1 AND u.id <> $2 AND u.delete_at = 0 \
                 AND ($3 = TRUE \
                   OR EXISTS (SELECT 1 FROM webpush_subscriptions w WHERE w.user_id = u.id) \
                   OR ($4 = TRUE AND EXISTS (SELECT 1 FROM sessions d WHERE d.user_id = u.id \
                     AND d.device_id <> '' AND d.expires_at > $5)))",
                params![channel_id, sender_id, reach.email, reach.devices, reach.now],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(NotifyMember {
                    user_id: r.get(0)?,
                    username: r.get(1)?,
                    email: r.get(2)?,
                    is_bot: r.get(3)?,
                    user_notify_props: json_column(&r.get::<String>(4)?),
                    channel_notify_props: json_column(&r.get::<String>(5)?),
                    status: r
                        .get::<Option<String>>(6)?
                        .unwrap_or_else(|| "offline".into()),
                })
            })
            .collect()
    }

    /// Unexpired sessions of `user_ids` with a mobile push device registered.
    pub async fn device_sessions(
        &self,
        user_ids: &[String],
        now: i64,
    ) -> Result<Vec<DeviceSession>, StoreError> {
        if user_ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT id, user_id, device_id FROM sessions WHERE device_id <> '' \
             AND expires_at > $1 AND user_id IN ({})",
            placeholders(2, user_ids.len())
        );
        self.db
            .query(&sql, with_ids(params![now], user_ids))
            .await?
            .iter()
            .map(|r| {
                Ok(DeviceSession {
                    session_id: r.get(0)?,
                    user_id: r.get(1)?,
                    device_id: r.get(2)?,
                })
            })
            .collect()
    }

    /// Saves a subscription; an endpoint subscribed again moves to the new session and keys.
    pub async fn save_webpush_subscription(
        &self,
        s: &WebPushSubscription,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                &format!(
                    "INSERT INTO webpush_subscriptions ({SUBSCRIPTION_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (endpoint) DO UPDATE SET \
                     user_id = excluded.user_id, session_id = excluded.session_id, \
                     p256dh = excluded.p256dh, auth = excluded.auth, create_at = excluded.create_at"
                ),
                params![
                    &s.id,
                    &s.user_id,
                    &s.session_id,
                    &s.endpoint,
                    &s.p256dh,
                    &s.auth,
                    s.create_at
                ],
            )
            .await?;
        Ok(())
    }

    /// Deletes `user_id`'s subscription of `endpoint`; true when there was one.
    pub async fn delete_webpush_subscription(
        &self,
        user_id: &str,
        endpoint: &str,
    ) -> Result<bool, StoreError> {
        let n = self
            .db
            .execute(
                "DELETE FROM webpush_subscriptions WHERE user_id = $1 AND endpoint = $2",
                params![user_id, endpoint],
            )
            .await?;
        Ok(n > 0)
    }

    /// Deletes a subscription the push service said is gone.
    pub async fn delete_webpush_subscription_by_id(&self, id: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "DELETE FROM webpush_subscriptions WHERE id = $1",
                params![id],
            )
            .await?;
        Ok(())
    }

    pub async fn webpush_subscription(
        &self,
        id: &str,
    ) -> Result<Option<WebPushSubscription>, StoreError> {
        let sql = format!("SELECT {SUBSCRIPTION_COLUMNS} FROM webpush_subscriptions WHERE id = $1");
        let row = self.db.query_opt(&sql, params![id]).await?;
        row.as_ref().map(subscription_from_row).transpose()
    }

    /// The subscriptions of `user_ids`.
    pub async fn webpush_subscriptions_of(
        &self,
        user_ids: &[String],
    ) -> Result<Vec<WebPushSubscription>, StoreError> {
        if user_ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM webpush_subscriptions WHERE user_id IN ({})",
            placeholders(1, user_ids.len())
        );
        self.db
            .query(&sql, with_ids(vec![], user_ids))
            .await?
            .iter()
            .map(subscription_from_row)
            .collect()
    }

    /// How many subscriptions a user has (to bound them).
    pub async fn count_webpush_subscriptions(&self, user_id: &str) -> Result<i64, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT COUNT(*) FROM webpush_subscriptions WHERE user_id = $1",
                params![user_id],
            )
            .await?;
        Ok(row.map(|r| r.get(0)).transpose()?.unwrap_or(0))
    }

    /// A user's unread mentions over all channels: the app icon's badge.
    pub async fn mention_badge(&self, user_id: &str) -> Result<i64, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT CAST(COALESCE(SUM(mention_count), 0) AS BIGINT) FROM channel_members \
                 WHERE user_id = $1",
                params![user_id],
            )
            .await?;
        Ok(row.map(|r| r.get(0)).transpose()?.unwrap_or(0))
    }

    /// When `user_id` last viewed each of `channel_ids` it is a member of.
    pub async fn last_viewed(
        &self,
        user_id: &str,
        channel_ids: &[String],
    ) -> Result<Vec<(String, i64)>, StoreError> {
        if channel_ids.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT channel_id, last_viewed_at FROM channel_members WHERE user_id = $1 \
             AND channel_id IN ({})",
            placeholders(2, channel_ids.len())
        );
        self.db
            .query(&sql, with_ids(params![user_id], channel_ids))
            .await?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
    }
}
