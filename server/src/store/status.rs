//! User statuses (presence). A user without a status row is offline.

use super::{Row, Store, StoreError, placeholders};
use crate::model::Status;
use crate::params;

/// Limits a status query to the users a guest may see: itself and the people it shares a
/// channel with. `{user}` is the column holding the user id, `{guest}` the guest's placeholder.
fn guest_filter(user: &str, guest: &str) -> String {
    format!(
        " AND ({user} = {guest} OR EXISTS (SELECT 1 FROM channel_members m1 \
         JOIN channel_members m2 ON m1.channel_id = m2.channel_id \
         WHERE m1.user_id = {guest} AND m2.user_id = {user}))"
    )
}

/// Reads `user_id, status, manual, last_activity_at, dnd_end_time, prev_status`, where every
/// column but the first may be NULL (no status row: offline).
fn status_from_row(r: &Row) -> Result<Status, StoreError> {
    Ok(Status {
        user_id: r.get(0)?,
        status: r
            .get::<Option<String>>(1)?
            .unwrap_or_else(|| "offline".into()),
        manual: r.get::<Option<bool>>(2)?.unwrap_or(false),
        last_activity_at: r.get::<Option<i64>>(3)?.unwrap_or(0),
        dnd_end_time: r.get::<Option<i64>>(4)?.unwrap_or(0),
        prev_status: r.get(5)?,
    })
}

impl Store {
    /// The statuses of those of `ids` that are users (offline when they have no row). With
    /// `visible_to_guest`, only users that guest may see.
    pub async fn statuses_of(
        &self,
        ids: &[String],
        visible_to_guest: Option<&str>,
    ) -> Result<Vec<Status>, StoreError> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = format!(
            "SELECT u.id, s.status, s.manual, s.last_activity_at, s.dnd_end_time, s.prev_status \
             FROM users u LEFT JOIN status s ON s.user_id = u.id WHERE u.id IN ({})",
            placeholders(1, ids.len())
        );
        let mut values: Vec<_> = ids.iter().map(Into::into).collect();
        if let Some(guest) = visible_to_guest {
            sql.push_str(&guest_filter("u.id", &format!("${}", ids.len() + 1)));
            values.push(guest.into());
        }
        self.db
            .query(&sql, values)
            .await?
            .iter()
            .map(status_from_row)
            .collect()
    }

    /// Every status other than offline (optionally only those a guest may see).
    pub async fn active_statuses(
        &self,
        visible_to_guest: Option<&str>,
    ) -> Result<Vec<Status>, StoreError> {
        let mut sql =
            "SELECT user_id, status, manual, last_activity_at, dnd_end_time, prev_status \
             FROM status WHERE status <> 'offline'"
                .to_owned();
        let mut values = vec![];
        if let Some(guest) = visible_to_guest {
            sql.push_str(&guest_filter("status.user_id", "$1"));
            values.push(guest.into());
        }
        self.db
            .query(&sql, values)
            .await?
            .iter()
            .map(status_from_row)
            .collect()
    }

    /// Stores `s` as it is (a status the user chose).
    pub async fn save_status(&self, s: &Status) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO status (user_id, status, manual, last_activity_at, dnd_end_time, prev_status) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET \
                 status = excluded.status, manual = excluded.manual, \
                 last_activity_at = excluded.last_activity_at, \
                 dnd_end_time = excluded.dnd_end_time, prev_status = excluded.prev_status",
                params![
                    &s.user_id,
                    &s.status,
                    s.manual,
                    s.last_activity_at,
                    s.dnd_end_time,
                    &s.prev_status
                ],
            )
            .await?;
        Ok(())
    }

    /// Sets an automatic status, unless the user chose one by hand or it already is `status`.
    /// Atomic, so racing connects and disconnects cannot overwrite a manual choice. True when
    /// the status changed.
    pub async fn set_auto_status(
        &self,
        user_id: &str,
        status: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let changed = self
            .db
            .execute(
                "INSERT INTO status (user_id, status, manual, last_activity_at) \
                 VALUES ($1, $2, FALSE, $3) ON CONFLICT (user_id) DO UPDATE SET \
                 status = excluded.status, last_activity_at = excluded.last_activity_at \
                 WHERE status.manual = FALSE AND status.status <> excluded.status",
                params![user_id, status, at],
            )
            .await?;
        Ok(changed > 0)
    }

    /// Timed `dnd` statuses whose end (epoch seconds) is at or before `now_secs`.
    pub async fn expired_dnd(&self, now_secs: i64) -> Result<Vec<Status>, StoreError> {
        self.db
            .query(
                "SELECT user_id, status, manual, last_activity_at, dnd_end_time, prev_status \
                 FROM status WHERE status = 'dnd' AND dnd_end_time > 0 AND dnd_end_time <= $1",
                params![now_secs],
            )
            .await?
            .iter()
            .map(status_from_row)
            .collect()
    }

    /// Replaces `old` by `new` unless the row changed in between (the user set another status).
    /// True when replaced.
    pub async fn replace_status(&self, old: &Status, new: &Status) -> Result<bool, StoreError> {
        let changed = self
            .db
            .execute(
                "UPDATE status SET status = $3, manual = $4, last_activity_at = $5, \
                 dnd_end_time = $6, prev_status = $7 \
                 WHERE user_id = $1 AND status = $2 AND dnd_end_time = $8",
                params![
                    &new.user_id,
                    &old.status,
                    &new.status,
                    new.manual,
                    new.last_activity_at,
                    new.dnd_end_time,
                    &new.prev_status,
                    old.dnd_end_time
                ],
            )
            .await?;
        Ok(changed > 0)
    }
}
