//! Web Push subscriptions of browser sessions: subscribing (checked endpoint and keys, bounded
//! per user) and unsubscribing. A subscription ends with its session.

use serde::Deserialize;

use super::webpush;
use crate::app::{App, Caller, Error, Result};
use crate::model::{new_id, now_millis};
use crate::store::WebPushSubscription;

/// Most browsers one user may subscribe.
const MAX_SUBSCRIPTIONS: i64 = 20;
const MAX_ENDPOINT_CHARS: usize = 2048;

/// The browser's `PushSubscription.toJSON()`: `{endpoint, keys: {p256dh, auth}}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewSubscription {
    pub endpoint: String,
    pub keys: SubscriptionKeys,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SubscriptionKeys {
    pub p256dh: String,
    pub auth: String,
}

impl App {
    /// The key browsers pass as `applicationServerKey` when they subscribe.
    pub fn vapid_public_key(&self) -> Result<String> {
        self.notifier
            .vapid_public_key()
            .map(str::to_owned)
            .ok_or_else(|| Error::not_found("vapid key"))
    }

    /// Subscribes the caller's session's browser to Web Push.
    pub async fn subscribe_webpush(&self, caller: &Caller, new: NewSubscription) -> Result<()> {
        let allow_insecure = self
            .config()
            .notification_settings
            .allow_insecure_push_endpoints;
        if new.endpoint.len() > MAX_ENDPOINT_CHARS
            || !webpush::endpoint_allowed(&new.endpoint, allow_insecure)
        {
            return Err(Error::invalid_param("endpoint"));
        }
        if webpush::decode_keys(&new.keys.p256dh, &new.keys.auth).is_err() {
            return Err(Error::invalid_param("keys"));
        }
        if self
            .store
            .count_webpush_subscriptions(caller.user_id())
            .await?
            >= MAX_SUBSCRIPTIONS
        {
            return Err(Error::bad_request(
                "api.hearth.webpush.too_many_subscriptions.app_error",
                format!("A user can subscribe at most {MAX_SUBSCRIPTIONS} browsers."),
            ));
        }
        self.store
            .save_webpush_subscription(&WebPushSubscription {
                id: new_id(),
                user_id: caller.user_id().to_owned(),
                session_id: caller.session.id.clone(),
                endpoint: new.endpoint,
                p256dh: new.keys.p256dh,
                auth: new.keys.auth,
                create_at: now_millis(),
            })
            .await?;
        Ok(())
    }

    /// Removes the caller's subscription of `endpoint`.
    pub async fn unsubscribe_webpush(&self, caller: &Caller, endpoint: &str) -> Result<()> {
        if self
            .store
            .delete_webpush_subscription(caller.user_id(), endpoint)
            .await?
        {
            Ok(())
        } else {
            Err(Error::not_found("subscription"))
        }
    }
}
