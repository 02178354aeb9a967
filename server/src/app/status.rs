//! Presence: user statuses (`online`, `away`, `dnd`, `offline`) and typing indicators. Statuses
//! follow WebSocket connections and activity on their own, unless the user chose one by hand;
//! every change is announced as a `status_change` event.

use std::collections::{HashMap, HashSet};
use std::sync::Weak;
use std::time::Duration;

use serde::Deserialize;
use serde_json::json;

use super::{App, Caller, Error, ErrorKind, Result};
use crate::model::{Status, is_valid_id, now_millis};
use crate::ws::{Broadcast, Event};

pub const ONLINE: &str = "online";
pub const AWAY: &str = "away";
pub const DND: &str = "dnd";
pub const OFFLINE: &str = "offline";

/// Most user ids one status request may name.
const MAX_STATUS_IDS: usize = 200;
/// How often timed `dnd` statuses are checked for their end.
const DND_EXPIRY_INTERVAL: Duration = Duration::from_secs(30);

/// `PUT /users/{user_id}/status` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusUpdate {
    pub user_id: String,
    pub status: String,
    /// When a `dnd` status ends, in epoch seconds (0: until changed).
    pub dnd_end_time: i64,
}

/// Who `caller` may see statuses of: a guest only the users it shares a channel with.
fn guest_scope(caller: &Caller) -> Option<&str> {
    caller.is_guest().then(|| caller.user_id())
}

impl App {
    /// The statuses of `ids` the caller may see (users without one are `offline`).
    pub async fn statuses_by_ids(&self, caller: &Caller, ids: &[String]) -> Result<Vec<Status>> {
        if ids.is_empty() || ids.len() > MAX_STATUS_IDS || !ids.iter().all(|id| is_valid_id(id)) {
            return Err(Error::invalid_param("user_ids"));
        }
        let unique: Vec<String> = ids
            .iter()
            .collect::<HashSet<_>>()
            .into_iter()
            .cloned()
            .collect();
        Ok(self.store.statuses_of(&unique, guest_scope(caller)).await?)
    }

    /// One user's status, or 404 when the user is unknown or invisible to the caller.
    pub async fn user_status(&self, caller: &Caller, user_id: &str) -> Result<Status> {
        self.statuses_by_ids(caller, &[user_id.to_owned()])
            .await?
            .pop()
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    "api.status.user_not_found.app_error",
                    "Unable to find the status for that user.",
                )
            })
    }

    /// Everyone the caller may see who is not offline, as `{user_id: status}`.
    pub async fn active_statuses(&self, caller: &Caller) -> Result<HashMap<String, String>> {
        let statuses = self.store.active_statuses(guest_scope(caller)).await?;
        Ok(statuses
            .into_iter()
            .map(|s| (s.user_id, s.status))
            .collect())
    }

    /// Sets a status by hand (the user themself or a system admin). Anything but `online` stays
    /// until changed; `online` hands the status back to automatic updates.
    pub async fn update_status(
        &self,
        caller: &Caller,
        user_id: &str,
        update: StatusUpdate,
    ) -> Result<Status> {
        if !update.user_id.is_empty() && update.user_id != user_id {
            return Err(Error::invalid_param("user_id"));
        }
        if ![ONLINE, AWAY, DND, OFFLINE].contains(&update.status.as_str()) {
            return Err(Error::invalid_param("status"));
        }
        if update.dnd_end_time < 0 {
            return Err(Error::invalid_param("dnd_end_time"));
        }
        caller.require_self_or_admin(user_id)?;
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        let current = self.user_status(caller, user_id).await?;
        let timed = update.status == DND && update.dnd_end_time > 0;
        let status = Status {
            user_id: user_id.to_owned(),
            manual: update.status != ONLINE,
            last_activity_at: now_millis(),
            // Mattermost keeps timed dnd to the minute.
            dnd_end_time: if timed {
                update.dnd_end_time - update.dnd_end_time % 60
            } else {
                0
            },
            prev_status: match (update.status == DND, current.status == DND) {
                (true, true) => current.prev_status,
                (true, false) => current.status,
                (false, _) => String::new(),
            },
            status: update.status,
        };
        self.store.save_status(&status).await?;
        self.publish_status(&status, user.is_guest());
        Ok(status)
    }

    /// Moves a user to an automatic status (connected, idle, gone) unless they chose one by hand.
    pub async fn set_auto_status(&self, user_id: &str, is_guest: bool, status: &str) -> Result<()> {
        let at = now_millis();
        if self.store.set_auto_status(user_id, status, at).await? {
            let status = Status {
                user_id: user_id.to_owned(),
                status: status.to_owned(),
                last_activity_at: at,
                ..Status::default()
            };
            self.publish_status(&status, is_guest);
        }
        Ok(())
    }

    /// Ends the timed `dnd` statuses whose time is up, returning each user to their previous status.
    pub async fn expire_dnd_statuses(&self) -> Result<()> {
        let now = now_millis();
        for old in self.store.expired_dnd(now / 1000).await? {
            let restored = Status {
                user_id: old.user_id.clone(),
                status: match old.prev_status.as_str() {
                    "" | DND => ONLINE.to_owned(),
                    prev => prev.to_owned(),
                },
                last_activity_at: now,
                ..Status::default()
            };
            if self.store.replace_status(&old, &restored).await? {
                let is_guest = self
                    .store
                    .user(&old.user_id)
                    .await?
                    .is_some_and(|u| u.is_guest());
                self.publish_status(&restored, is_guest);
            }
        }
        Ok(())
    }

    /// `status_change` goes to every non-guest; a guest hears only about itself.
    fn publish_status(&self, status: &Status, is_guest: bool) {
        let data = json!({"status": status.status, "user_id": status.user_id});
        self.hub.publish(Event {
            event: "status_change",
            data: data.clone(),
            broadcast: Broadcast::default(),
        });
        if is_guest {
            self.hub.publish(Event {
                event: "status_change",
                data,
                broadcast: Broadcast {
                    user_id: status.user_id.clone(),
                    ..Broadcast::default()
                },
            });
        }
    }

    /// Tells the other members of a channel that the caller is typing (in thread `parent_id`,
    /// or the channel when empty). Only members may.
    pub async fn user_typing(
        &self,
        caller: &Caller,
        channel_id: &str,
        parent_id: &str,
    ) -> Result<()> {
        if !is_valid_id(channel_id) {
            return Err(Error::invalid_param("channel_id"));
        }
        if !parent_id.is_empty() && !is_valid_id(parent_id) {
            return Err(Error::invalid_param("parent_id"));
        }
        self.channel_membership(caller, channel_id).await?;
        self.hub.publish(Event {
            event: "typing",
            data: json!({"parent_id": parent_id, "user_id": caller.user_id()}),
            broadcast: Broadcast {
                channel_id: channel_id.to_owned(),
                omit_users: Some(HashMap::from([(caller.user_id().to_owned(), true)])),
                ..Broadcast::default()
            },
        });
        Ok(())
    }
}

/// Ends timed `dnd` statuses for as long as the app lives.
pub(super) async fn expire_dnd_loop(app: Weak<App>) {
    let mut tick = tokio::time::interval(DND_EXPIRY_INTERVAL);
    loop {
        tick.tick().await;
        let Some(app) = app.upgrade() else { return };
        if let Err(e) = app.expire_dnd_statuses().await {
            tracing::warn!(detail = %e.detail, "ending timed dnd statuses failed");
        }
    }
}
