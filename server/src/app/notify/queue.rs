//! The delivery worker: takes due jobs from the queue, delivers them (a user's emails together as
//! one batched message), deletes what was delivered, and retries failures with exponential
//! back-off until `NotificationSettings.MaxAttempts`, after which the job is kept as failed and
//! logged with what to do.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::task::JoinSet;

use super::{EMAIL, Failure, Notice, PUSH_PROXY, WEBPUSH, email, proxy, webpush};
use crate::app::App;
use crate::model::now_millis;
use crate::store::Job;

/// Due jobs taken per round.
const BATCH: i64 = 100;
/// How long a running delivery keeps its jobs from being taken again; after a crash they are
/// retried once it passes.
const LEASE_MS: i64 = 5 * 60 * 1000;
/// The longest pause between checks of the queue, and the longest back-off.
const MAX_IDLE: Duration = Duration::from_secs(30);
const MAX_BACKOFF_MS: i64 = 3600 * 1000;

/// Runs until the app is gone.
pub async fn run(app: Weak<App>) {
    loop {
        let Some(strong) = app.upgrade() else { return };
        let wait = match strong.deliver_due().await {
            Ok(wait) => wait,
            Err(e) => {
                tracing::error!(error = %e, "notification queue unavailable; retrying (check the database)");
                MAX_IDLE
            }
        };
        let wake = strong.notifier.wake.clone();
        drop(strong);
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

/// The pause before attempt `attempts + 1`: the base, doubled per attempt made, at most an hour.
fn backoff_ms(base_ms: i64, attempts: i64) -> i64 {
    let doublings = (attempts - 1).clamp(0, 20) as u32;
    base_ms
        .max(1)
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF_MS)
}

impl App {
    /// Delivers every due job; returns how long to wait before the next is due.
    async fn deliver_due(self: &Arc<Self>) -> crate::app::Result<Duration> {
        let now = now_millis();
        let due = self.store.due_jobs(now, BATCH).await?;
        // A user's emails go out together, including those still collecting.
        let mut groups: BTreeMap<(String, String), Vec<Job>> = BTreeMap::new();
        for job in due {
            if job.kind == EMAIL {
                let size = self
                    .config()
                    .email_settings
                    .email_batching_buffer_size
                    .max(1) as i64;
                let key = (EMAIL.to_owned(), job.user_id.clone());
                if let Entry::Vacant(slot) = groups.entry(key) {
                    let pending = self
                        .store
                        .pending_email_jobs(&job.user_id, now, size)
                        .await?;
                    slot.insert(pending);
                }
            } else {
                groups.insert((job.kind.clone(), job.id.clone()), vec![job]);
            }
        }
        let mut running = JoinSet::new();
        for jobs in groups.into_values().filter(|g| !g.is_empty()) {
            let ids: Vec<String> = jobs.iter().map(|j| j.id.clone()).collect();
            self.store.lease_jobs(&ids, now + LEASE_MS).await?;
            let app = self.clone();
            running.spawn(async move {
                let result = app.deliver(&jobs).await;
                app.settle(&jobs, result).await;
            });
        }
        while running.join_next().await.is_some() {}
        let next = self.store.next_job_due_at().await?;
        let wait_ms = next.map_or(MAX_IDLE.as_millis() as i64, |at| at - now_millis());
        Ok(Duration::from_millis(
            wait_ms.clamp(10, MAX_IDLE.as_millis() as i64) as u64,
        ))
    }

    /// Records the outcome of one delivery of `jobs` (one email batch, or one push).
    async fn settle(&self, jobs: &[Job], result: Result<(), Failure>) {
        let ids: Vec<String> = jobs.iter().map(|j| j.id.clone()).collect();
        let first = &jobs[0];
        let attempts = jobs.iter().map(|j| j.attempts + 1).max().unwrap_or(1);
        let settings = &self.config().notification_settings;
        let stored = match result {
            Ok(()) => self.store.delete_jobs(&ids).await,
            Err(f) if f.permanent || attempts >= settings.max_attempts => {
                tracing::error!(
                    kind = %first.kind, user_id = %first.user_id, target = %first.target,
                    job_ids = ?ids, attempts, error = %f.message, what_to_do = f.hint,
                    "notification given up; the job is kept in notification_jobs with failed_at set"
                );
                self.store.fail_jobs(&ids, now_millis(), &f.message).await
            }
            Err(f) => {
                let wait = backoff_ms(settings.retry_base_milliseconds, attempts);
                tracing::warn!(
                    kind = %first.kind, user_id = %first.user_id, target = %first.target,
                    job_ids = ?ids, attempts, retry_in_ms = wait, error = %f.message,
                    what_to_do = f.hint, "notification delivery failed; will retry"
                );
                self.store
                    .retry_jobs(&ids, now_millis() + wait, &f.message)
                    .await
            }
        };
        if let Err(e) = stored {
            // The lease runs out and the jobs are tried again: nothing is lost.
            tracing::error!(error = %e, job_ids = ?ids, "could not record a notification outcome");
        }
    }

    async fn deliver(&self, jobs: &[Job]) -> Result<(), Failure> {
        let notices: Vec<Notice> = jobs
            .iter()
            .filter_map(|j| serde_json::from_str(&j.payload).ok())
            .collect();
        let Some(first) = notices.first() else {
            return Err(Failure::permanent(
                "unreadable job payload",
                "a bug: report it",
            ));
        };
        let job = &jobs[0];
        match job.kind.as_str() {
            EMAIL => self.deliver_email(&job.user_id, &notices).await,
            WEBPUSH => self.deliver_webpush(&job.target, first).await,
            PUSH_PROXY => self.deliver_proxy(&job.user_id, &job.target, first).await,
            other => Err(Failure::permanent(
                format!("unknown job kind {other}"),
                "a bug: report it",
            )),
        }
    }

    async fn deliver_email(&self, user_id: &str, notices: &[Notice]) -> Result<(), Failure> {
        let db = |e: crate::store::StoreError| Failure::retry(e.to_string(), "check the database");
        let Some(mailer) = &self.notifier.mailer else {
            return Err(Failure::permanent(
                "email notifications are off",
                "set EmailSettings.SendEmailNotifications to deliver queued emails",
            ));
        };
        let Some(user) = self.store.user(user_id).await.map_err(db)? else {
            return Ok(());
        };
        if user.delete_at != 0 || user.email.is_empty() {
            return Ok(());
        }
        // As Mattermost's batching does: what the user has read in the meantime is left out.
        let channels: Vec<String> = notices.iter().map(|n| n.channel_id.clone()).collect();
        let viewed: HashMap<String, i64> = self
            .store
            .last_viewed(user_id, &channels)
            .await
            .map_err(db)?
            .into_iter()
            .collect();
        let unread: Vec<Notice> = notices
            .iter()
            .filter(|n| viewed.get(&n.channel_id).is_none_or(|at| *at < n.create_at))
            .cloned()
            .collect();
        if unread.is_empty() {
            return Ok(());
        }
        let notices = unread.as_slice();
        let site_url = self.site_url();
        let letter = email::Letter {
            settings: &self.config().email_settings,
            site_name: &self.config().team_settings.site_name,
            site_url: &site_url,
            to: &user.email,
            unsubscribe_url: &self.unsubscribe_url(user_id),
        };
        let message = email::compose(&letter, notices)?;
        email::deliver(mailer, message).await?;
        tracing::info!(user_id, notices = notices.len(), "notification email sent");
        Ok(())
    }

    async fn deliver_webpush(&self, subscription_id: &str, n: &Notice) -> Result<(), Failure> {
        let db = |e: crate::store::StoreError| Failure::retry(e.to_string(), "check the database");
        let Some(sub) = self
            .store
            .webpush_subscription(subscription_id)
            .await
            .map_err(db)?
        else {
            return Ok(()); // unsubscribed meanwhile
        };
        let Some(vapid) = self.notifier.vapid.get() else {
            return Err(Failure::retry(
                "Web Push is not started",
                "wait for the server to start",
            ));
        };
        let payload = self.webpush_payload(n);
        let subject = self.vapid_subject();
        let target = webpush::PushTarget {
            client: &self.notifier.http,
            vapid,
            subject: &subject,
            allow_insecure: self
                .config()
                .notification_settings
                .allow_insecure_push_endpoints,
        };
        match webpush::send(&target, &sub, &payload, now_millis() / 1000).await? {
            webpush::Outcome::Delivered => {}
            webpush::Outcome::Gone => {
                tracing::info!(user_id = %sub.user_id, "push service says the subscription is gone; deleted it");
                self.store
                    .delete_webpush_subscription_by_id(&sub.id)
                    .await
                    .map_err(db)?;
            }
        }
        Ok(())
    }

    /// The JSON a service worker receives: title, body, channel and post ids, and where to go.
    fn webpush_payload(&self, n: &Notice) -> Vec<u8> {
        let title = if n.direct {
            n.channel_display.clone()
        } else {
            format!("{} (@{})", n.channel_display, n.sender)
        };
        let mut body: String = n.message.clone();
        // Leave room for the rest of the JSON inside one encrypted record.
        while body.len() > webpush::MAX_PLAINTEXT - 600 {
            body.pop();
        }
        let url = email::permalink(&self.site_url(), n);
        let json = serde_json::json!({
            "title": title, "body": body, "channel_id": n.channel_id, "post_id": n.post_id, "url": url,
        });
        json.to_string().into_bytes()
    }

    /// The VAPID contact: the feedback address, else the site.
    fn vapid_subject(&self) -> String {
        let feedback = &self.config().email_settings.feedback_email;
        if feedback.is_empty() {
            self.site_url()
        } else {
            format!("mailto:{feedback}")
        }
    }

    async fn deliver_proxy(
        &self,
        user_id: &str,
        session_id: &str,
        n: &Notice,
    ) -> Result<(), Failure> {
        let db = |e: crate::store::StoreError| Failure::retry(e.to_string(), "check the database");
        let Some(server) = self.push_proxy() else {
            return Err(Failure::permanent(
                "push notifications are off",
                "set EmailSettings.SendPushNotifications and PushNotificationServer",
            ));
        };
        let Some(session) = self.store.session_by_id(session_id).await.map_err(db)? else {
            return Ok(()); // logged out meanwhile
        };
        let badge = self.store.mention_badge(user_id).await.map_err(db)?;
        let server_id = self.notifier.server_id();
        let msg = if n.clear {
            proxy::clear(&session.device_id, &server_id, &n.channel_id, badge)
        } else {
            proxy::message(&proxy::Push {
                notice: n,
                device_id: &session.device_id,
                server_id: &server_id,
                contents: &self.config().email_settings.push_notification_contents,
                badge,
            })
        };
        let Some(msg) = msg else {
            return Ok(()); // no usable device id on the session any more
        };
        if let proxy::Outcome::Removed = proxy::send(&self.notifier.http, &server, &msg).await? {
            tracing::info!(
                user_id,
                "push proxy says the device is gone; cleared it from the session"
            );
            self.store
                .set_session_device(session_id, "", &session.props.to_string())
                .await
                .map_err(db)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(super::backoff_ms(5000, 1), 5000);
        assert_eq!(super::backoff_ms(5000, 2), 10_000);
        assert_eq!(super::backoff_ms(5000, 4), 40_000);
        assert_eq!(super::backoff_ms(5000, 40), 3_600_000);
    }
}
