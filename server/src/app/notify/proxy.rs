//! Mattermost push proxy: the `PushNotification` JSON the Mattermost mobile apps' push servers
//! expect (`POST {PushNotificationServer}/api/v1/send_push`), with the contents the admin chose
//! (`PushNotificationContents`), for one mobile session.

use serde_json::{Value, json};

use super::{Failure, Notice};
use crate::model::new_id;

const HINT: &str = "check EmailSettings.PushNotificationServer and that the push proxy is running";

/// A session's `device_id` is `platform:token` (`apple_rn:...`, `android_rn:...`).
pub fn split_device(device_id: &str) -> Option<(&str, &str)> {
    device_id
        .split_once(':')
        .filter(|(platform, token)| !platform.is_empty() && !token.is_empty())
}

/// The text a push shows, as Mattermost words it for each contents setting.
fn message_text(contents: &str, n: &Notice) -> String {
    match (contents, n.direct) {
        ("full", true) => n.message.clone(),
        ("full", false) => format!("@{}: {}", n.sender, n.message),
        ("id_loaded", _) => "You've received a new message.".into(),
        (_, true) => format!("@{} sent you a message.", n.sender),
        (_, false) => format!("@{} mentioned you.", n.sender),
    }
}

/// What one device receives for a post.
pub struct Push<'a> {
    pub notice: &'a Notice,
    pub device_id: &'a str,
    pub server_id: &'a str,
    pub contents: &'a str,
    pub badge: i64,
}

/// The `PushNotification` body for `p`, or None when the session's device id is malformed.
pub fn message(p: &Push<'_>) -> Option<Value> {
    let (platform, device) = split_device(p.device_id)?;
    let n = p.notice;
    let mut msg = json!({
        "ack_id": new_id(),
        "platform": platform,
        "server_id": p.server_id,
        "device_id": device,
        "type": "message",
        "version": "v2",
        "category": "CAN_REPLY",
        "sound": "default",
        "badge": p.badge,
        "post_id": n.post_id,
        "root_id": n.root_id,
        "channel_id": n.channel_id,
        "team_id": n.team_id,
        "sender_id": n.sender_id,
        "sender_name": n.sender,
        "channel_type": n.channel_type,
        "message": message_text(p.contents, n),
        "is_id_loaded": p.contents == "id_loaded",
    });
    if p.contents != "generic_no_channel" && p.contents != "id_loaded" {
        msg["channel_name"] = n.channel_display.clone().into();
    }
    Some(msg)
}

/// The `clear` message that takes a channel's notifications off a device after it was read.
pub fn clear(device_id: &str, server_id: &str, channel_id: &str, badge: i64) -> Option<Value> {
    let (platform, device) = split_device(device_id)?;
    Some(json!({
        "ack_id": new_id(),
        "platform": platform,
        "server_id": server_id,
        "device_id": device,
        "type": "clear",
        "version": "v2",
        "channel_id": channel_id,
        "badge": badge,
    }))
}

/// Whether the proxy still knows the device.
pub enum Outcome {
    Delivered,
    /// The proxy answered `REMOVE`: the app was uninstalled or logged out on the device.
    Removed,
}

/// Posts `msg` to the push proxy at `server`.
pub async fn send(client: &reqwest::Client, server: &str, msg: &Value) -> Result<Outcome, Failure> {
    let url = format!("{}/api/v1/send_push", server.trim_end_matches('/'));
    let response = client
        .post(&url)
        .json(msg)
        .send()
        .await
        .map_err(|e| Failure::retry(format!("push proxy unreachable: {e}"), HINT))?;
    let status = response.status();
    let body = crate::app::outbound::read_limited(response, 4096).await;
    if status.is_server_error() || status.as_u16() == 429 {
        return Err(Failure::retry(
            format!("push proxy answered {status}"),
            HINT,
        ));
    }
    if !status.is_success() {
        return Err(Failure::permanent(
            format!("push proxy refused the message with {status}: {body}"),
            HINT,
        ));
    }
    let answer: Value = serde_json::from_str(&body).unwrap_or_default();
    match answer["status"].as_str() {
        Some("REMOVE") => Ok(Outcome::Removed),
        Some("FAIL") => Err(Failure::retry(
            format!("push proxy failed: {}", answer["error"]),
            HINT,
        )),
        _ => Ok(Outcome::Delivered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(direct: bool) -> Notice {
        Notice {
            post_id: "p".repeat(26),
            channel_id: "c".repeat(26),
            channel_display: "Town Square".into(),
            sender: "alice".into(),
            message: "hello @bob".into(),
            direct,
            ..Notice::default()
        }
    }

    #[test]
    fn fields_follow_mattermost() {
        let n = notice(false);
        let push = |contents| Push {
            notice: &n,
            device_id: "apple_rn:TOKEN",
            server_id: "srv",
            contents,
            badge: 3,
        };
        let m = message(&push("full")).unwrap();
        assert_eq!(m["platform"], "apple_rn");
        assert_eq!(m["device_id"], "TOKEN");
        assert_eq!(m["message"], "@alice: hello @bob");
        assert_eq!(m["channel_name"], "Town Square");
        assert_eq!(m["badge"], 3);
        assert_eq!(
            (m["type"].as_str(), m["version"].as_str()),
            (Some("message"), Some("v2"))
        );
        let generic = message(&push("generic_no_channel")).unwrap();
        assert_eq!(generic["message"], "@alice mentioned you.");
        assert!(generic.get("channel_name").is_none());
        assert!(split_device("nocolon").is_none());
        assert_eq!(message_text("full", &notice(true)), "hello @bob");
    }
}
