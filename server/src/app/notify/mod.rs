//! Notifications outside the app: email, Web Push and the Mattermost push proxy. After a post is
//! saved, [`App::plan_notifications`] decides who hears about it ([`policy`]) and writes one job
//! per delivery to a durable queue (a table), in the background; [`queue`] delivers due jobs,
//! retries failures with exponential back-off and logs what it gave up, so a restart loses
//! nothing.

mod email;
mod policy;
mod proxy;
mod queue;
mod subscriptions;
pub mod webpush;

use std::path::Path;
use std::sync::{Arc, OnceLock, Weak};

use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::App;
use crate::config::Config;
use crate::model::{Channel, ChannelType, Post, new_id, now_millis};
use crate::store::{Job, Reach};

pub use policy::{ChannelKind, PropsOf, invalid_notify_prop};
pub use subscriptions::{NewSubscription, SubscriptionKeys};

/// Job kinds in `notification_jobs.kind`.
const EMAIL: &str = "email";
const WEBPUSH: &str = "webpush";
const PUSH_PROXY: &str = "push_proxy";

/// What a notification says about one post: the payload of every job, so a delivery needs no
/// further reads of the post.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Notice {
    pub post_id: String,
    pub root_id: String,
    pub channel_id: String,
    pub channel_type: String,
    /// The channel's display name; the sender's `@name` in a direct channel.
    pub channel_display: String,
    pub team_id: String,
    /// For links; empty for direct and group channels.
    pub team_name: String,
    pub sender_id: String,
    pub sender: String,
    pub message: String,
    pub create_at: i64,
    pub direct: bool,
    /// Set on push-proxy `clear` jobs: the channel was read, take its notifications away.
    pub clear: bool,
}

/// Why a delivery failed, and what an admin should do about it.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    /// Trying again cannot help (a refused address, a rejected signature).
    pub permanent: bool,
    pub hint: &'static str,
}

impl Failure {
    fn retry(message: impl Into<String>, hint: &'static str) -> Self {
        Self {
            message: message.into(),
            permanent: false,
            hint,
        }
    }

    fn permanent(message: impl Into<String>, hint: &'static str) -> Self {
        Self {
            message: message.into(),
            permanent: true,
            hint,
        }
    }
}

/// The notification machinery the app holds: the way back to the app for background tasks,
/// the VAPID identity, the SMTP transport and the outbound HTTP client.
pub struct Notifier {
    app: OnceLock<Weak<App>>,
    vapid: OnceLock<webpush::Vapid>,
    mailer: Option<email::Mailer>,
    http: reqwest::Client,
    wake: Arc<tokio::sync::Notify>,
}

/// The notification settings cannot be used; the server refuses to start.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("cannot load or create the Web Push key in {dir}: {source}")]
    Vapid { dir: String, source: std::io::Error },
}

impl Notifier {
    pub fn new(config: &Config) -> Self {
        let e = &config.email_settings;
        let mailer = if e.send_email_notifications {
            email::mailer(e)
                .inspect_err(|error| {
                    tracing::error!(%error, "email notifications are off: the SMTP settings cannot be used");
                })
                .ok()
        } else {
            None
        };
        Self {
            app: OnceLock::new(),
            vapid: OnceLock::new(),
            mailer,
            http: super::outbound::http_client(),
            wake: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// The server's VAPID public key, once started.
    pub fn vapid_public_key(&self) -> Option<&str> {
        self.vapid.get().map(|v| v.public_key.as_str())
    }

    /// A stable id of this server for push proxies (`server_id`), derived from its VAPID key.
    fn server_id(&self) -> String {
        let key = self.vapid_public_key().unwrap_or_default();
        let digest = sha2::Sha256::digest(key.as_bytes());
        digest[..13].iter().map(|b| format!("{b:02x}")).collect()
    }

    fn started_app(&self) -> Option<Arc<App>> {
        self.app.get().and_then(Weak::upgrade)
    }
}

/// Loads the VAPID key from `data_dir` and starts delivering queued notifications (including
/// those left by an earlier run).
pub fn start(app: &Arc<App>, data_dir: &Path) -> Result<(), NotifyError> {
    let vapid = webpush::Vapid::load_or_create(data_dir).map_err(|source| NotifyError::Vapid {
        dir: data_dir.display().to_string(),
        source,
    })?;
    let _ = app.notifier.vapid.set(vapid);
    let _ = app.notifier.app.set(Arc::downgrade(app));
    tokio::spawn(queue::run(Arc::downgrade(app)));
    Ok(())
}

/// Facts about a saved post that planning needs, owned so they can move to a background task.
pub struct PostFacts {
    pub notice: Notice,
    pub kind: ChannelKind,
    pub mentioned: Vec<String>,
    pub system: bool,
}

impl PostFacts {
    pub fn new(channel: &Channel, post: &Post, sender: &str, mentioned: &[String]) -> Self {
        let kind = match channel.kind() {
            Some(ChannelType::Direct) => ChannelKind::Direct,
            Some(ChannelType::Group) => ChannelKind::Group,
            _ => ChannelKind::Other,
        };
        let direct = kind == ChannelKind::Direct;
        Self {
            notice: Notice {
                post_id: post.id.clone(),
                root_id: post.root_id.clone(),
                channel_id: channel.id.clone(),
                channel_type: channel.channel_type.clone(),
                channel_display: if direct {
                    format!("@{sender}")
                } else {
                    channel.display_name.clone()
                },
                team_id: channel.team_id.clone(),
                team_name: String::new(),
                sender_id: post.user_id.clone(),
                sender: sender.to_owned(),
                message: post.message.clone(),
                create_at: post.create_at,
                direct,
                clear: false,
            },
            kind,
            mentioned: mentioned.to_vec(),
            system: post.post_type.starts_with("system_"),
        }
    }
}

fn unsubscribe_message(user_id: &str) -> String {
    format!("hearth-email-unsubscribe:{user_id}")
}

impl App {
    /// Plans the notifications of a saved post in the background; never slows the request.
    pub(super) fn notify_post(&self, facts: PostFacts) {
        let Some(app) = self.notifier.started_app() else {
            return;
        };
        tokio::spawn(async move {
            if let Err(e) = app.plan_notifications(facts).await {
                tracing::error!(error = %e, "could not queue notifications for a post; \
                    its recipients will not be notified outside the app (check the database)");
            }
        });
    }

    /// Writes one job per delivery the post causes: an email per recipient (collected for the
    /// batching interval), a Web Push per subscribed browser, a push per mobile session.
    async fn plan_notifications(&self, mut facts: PostFacts) -> super::Result<()> {
        if facts.system {
            return Ok(());
        }
        let n = &mut facts.notice;
        let email_on = self.notifier.mailer.is_some();
        let now = now_millis();
        let reach = Reach {
            email: email_on,
            devices: self.push_proxy().is_some(),
            now,
        };
        let members = self
            .store
            .notify_members(&n.channel_id, &n.sender_id, &reach)
            .await?;
        let mut email_to = vec![];
        let mut push_to = vec![];
        for m in &members {
            let mentioned =
                facts.kind == ChannelKind::Direct || facts.mentioned.contains(&m.user_id);
            if email_on && policy::wants_email(m, mentioned) {
                email_to.push(m.user_id.clone());
            }
            if policy::wants_push(m, mentioned, facts.kind) {
                push_to.push(m.user_id.clone());
            }
        }
        if email_to.is_empty() && push_to.is_empty() {
            return Ok(());
        }
        if !n.team_id.is_empty() {
            n.team_name = self
                .store
                .team(&n.team_id)
                .await?
                .map(|t| t.name)
                .unwrap_or_default();
        }
        let e = &self.config().email_settings;
        let email_due = now
            + if e.enable_email_batching {
                e.email_batching_interval as i64 * 1000
            } else {
                0
            };
        let payload = serde_json::to_string(&facts.notice).unwrap_or_default();
        let job = |kind: &str, user_id: &str, target: &str, due: i64| Job {
            id: new_id(),
            kind: kind.into(),
            user_id: user_id.into(),
            target: target.into(),
            payload: payload.clone(),
            attempts: 0,
            create_at: now,
            next_attempt_at: due,
        };
        let mut jobs: Vec<Job> = email_to
            .iter()
            .map(|u| job(EMAIL, u, "", email_due))
            .collect();
        for s in self.store.webpush_subscriptions_of(&push_to).await? {
            jobs.push(job(WEBPUSH, &s.user_id, &s.id, now));
        }
        if self.push_proxy().is_some() {
            for d in self.store.device_sessions(&push_to, now).await? {
                jobs.push(job(PUSH_PROXY, &d.user_id, &d.session_id, now));
            }
        }
        self.store.enqueue_jobs(&jobs).await?;
        self.notifier.wake.notify_one();
        Ok(())
    }

    /// Queues a push-proxy `clear` for `user_id`'s devices after they read `channel_id`.
    pub(super) fn notify_channel_read(&self, user_id: &str, channel_id: &str) {
        let Some(app) = self
            .notifier
            .started_app()
            .filter(|a| a.push_proxy().is_some())
        else {
            return;
        };
        let (user_id, channel_id) = (user_id.to_owned(), channel_id.to_owned());
        tokio::spawn(async move {
            let now = now_millis();
            let notice = Notice {
                channel_id,
                clear: true,
                ..Notice::default()
            };
            let payload = serde_json::to_string(&notice).unwrap_or_default();
            let result = async {
                let sessions = app
                    .store
                    .device_sessions(std::slice::from_ref(&user_id), now)
                    .await?;
                let jobs: Vec<Job> = sessions
                    .iter()
                    .map(|d| Job {
                        id: new_id(),
                        kind: PUSH_PROXY.into(),
                        user_id: user_id.clone(),
                        target: d.session_id.clone(),
                        payload: payload.clone(),
                        attempts: 0,
                        create_at: now,
                        next_attempt_at: now,
                    })
                    .collect();
                app.store.enqueue_jobs(&jobs).await
            }
            .await;
            match result {
                Ok(()) => app.notifier.wake.notify_one(),
                Err(e) => tracing::warn!(error = %e, user_id, "could not queue a push clear"),
            }
        });
    }

    /// A link that turns `user_id`'s notification emails off, signed so only the recipient
    /// of an email can use it.
    fn unsubscribe_url(&self, user_id: &str) -> String {
        let token = self
            .notifier
            .vapid
            .get()
            .map(|v| v.sign(unsubscribe_message(user_id).as_bytes()))
            .unwrap_or_default();
        format!(
            "{}/api/v4/hearth/notifications/unsubscribe?user_id={user_id}&token={token}",
            self.site_url()
        )
    }

    /// Turns email notifications off for the user an unsubscribe link was made for.
    pub async fn unsubscribe_email(&self, user_id: &str, token: &str) -> super::Result<()> {
        let valid = self
            .notifier
            .vapid
            .get()
            .is_some_and(|v| v.verify(unsubscribe_message(user_id).as_bytes(), token));
        if !valid {
            return Err(super::Error::invalid_param("token"));
        }
        let mut user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| super::Error::not_found("user"))?;
        if let Some(props) = user.notify_props.as_object_mut() {
            props.insert("email".into(), "false".into());
        } else {
            user.notify_props = serde_json::json!({"email": "false"});
        }
        user.update_at = now_millis();
        self.store.update_profile(&user).await?;
        self.publish_user_updated(&user);
        tracing::info!(
            user_id,
            "email notifications turned off by an unsubscribe link"
        );
        Ok(())
    }

    /// The push proxy's base URL when push notifications are on.
    fn push_proxy(&self) -> Option<String> {
        let config = self.config();
        let e = &config.email_settings;
        (e.send_push_notifications && !e.push_notification_server.is_empty())
            .then(|| e.push_notification_server.clone())
    }

    /// The public URL for links in notifications: `SiteURL`, or the listen address.
    fn site_url(&self) -> String {
        let config = self.config();
        let site = config.service_settings.site_url.trim_end_matches('/');
        if site.is_empty() {
            format!(
                "http://{}",
                config.listen_address().replace("0.0.0.0", "localhost")
            )
        } else {
            site.to_owned()
        }
    }
}
