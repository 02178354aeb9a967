//! Who is told about a post, and how: pure rules over notify props and status, following
//! Mattermost's (`userAllowsEmail`, `DoesNotifyPropsAllowPushNotification`,
//! `DoesStatusAllowPushNotification`). No I/O, so every rule has a unit test.

use crate::store::NotifyMember;

/// What kind of channel a post was made in, as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    Direct,
    Group,
    Other,
}

/// The channels a member muted only raise mentions (`mark_unread: "mention"`).
fn muted(m: &NotifyMember) -> bool {
    m.channel_notify_props["mark_unread"] == "mention"
}

fn prop<'a>(props: &'a serde_json::Value, key: &str) -> &'a str {
    props[key].as_str().unwrap_or("")
}

/// An email goes to members who are away or offline, are mentioned (a direct message always
/// mentions) or chose `all` for the channel, allow email (the channel's `email` overrides the
/// account's unless it is `default`), and have not muted the channel.
pub fn wants_email(m: &NotifyMember, mentioned: bool) -> bool {
    let channel = prop(&m.channel_notify_props, "email");
    let allowed = match channel {
        "" | "default" => prop(&m.user_notify_props, "email") != "false",
        other => !matches!(other, "false" | "none"),
    };
    let relevant = mentioned || channel == "all";
    let away = matches!(m.status.as_str(), "away" | "offline");
    !m.is_bot && !muted(m) && allowed && relevant && away
}

/// A push (Web Push or the push proxy) follows the member's `push` level (the channel's unless
/// `default`; in group channels an account level of `mention` means every message), never in a
/// muted channel, and only while their status allows it (`push_status`).
pub fn wants_push(m: &NotifyMember, mentioned: bool, kind: ChannelKind) -> bool {
    let account = prop(&m.user_notify_props, "push");
    let level = match prop(&m.channel_notify_props, "push") {
        "" | "default" if kind == ChannelKind::Group && account == "mention" => "all",
        "" | "default" => account,
        channel => channel,
    };
    let by_level = match level {
        "all" => true,
        "none" => false,
        // `mention`, and anything unknown, errs towards telling only about mentions.
        _ => mentioned,
    };
    !m.is_bot && !muted(m) && by_level && status_allows_push(m)
}

/// `push_status` says from which status on pushes go: `online` (always, but never in do not
/// disturb), `away` (the default) or `offline`.
fn status_allows_push(m: &NotifyMember) -> bool {
    let status = m.status.as_str();
    match (prop(&m.user_notify_props, "push_status"), status) {
        (_, "dnd" | "ooo") => false,
        ("online", _) => true,
        ("offline", s) => s == "offline",
        (_, s) => matches!(s, "away" | "offline"),
    }
}

/// Whose notification settings are being set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropsOf {
    User,
    ChannelMember,
}

/// The values a notification setting the rules read may take; None for settings Hearth only
/// stores (sounds, mention keys, ...).
fn allowed_values(of: PropsOf, key: &str) -> Option<&'static [&'static str]> {
    const LEVELS: &[&str] = &["all", "mention", "none"];
    const CHANNEL_LEVELS: &[&str] = &["default", "all", "mention", "none"];
    match (of, key) {
        (PropsOf::User, "email" | "channel") => Some(&["true", "false"]),
        (PropsOf::User, "push" | "desktop") => Some(LEVELS),
        (PropsOf::User, "push_status") => Some(&["online", "away", "offline"]),
        (PropsOf::ChannelMember, "push" | "desktop") => Some(CHANNEL_LEVELS),
        // Mattermost's channel email setting is `default`/`true`/`false`; levels work too.
        (PropsOf::ChannelMember, "email") => {
            Some(&["default", "true", "false", "all", "mention", "none"])
        }
        (PropsOf::ChannelMember, "mark_unread") => Some(&["all", "mention"]),
        (PropsOf::ChannelMember, "ignore_channel_mentions") => Some(&["default", "off", "on"]),
        _ => None,
    }
}

/// The first setting in `props` with a value the rules do not know, if any.
pub fn invalid_notify_prop(of: PropsOf, props: &serde_json::Value) -> Option<String> {
    let props = props.as_object()?;
    props.iter().find_map(|(key, value)| {
        let allowed = allowed_values(of, key)?;
        let ok = value.as_str().is_some_and(|v| allowed.contains(&v));
        (!ok).then(|| key.clone())
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn member(user: serde_json::Value, channel: serde_json::Value, status: &str) -> NotifyMember {
        NotifyMember {
            user_id: "u".into(),
            username: "bob".into(),
            email: "bob@example.com".into(),
            is_bot: false,
            user_notify_props: user,
            channel_notify_props: channel,
            status: status.into(),
        }
    }

    fn defaults() -> serde_json::Value {
        json!({"email": "true", "push": "mention", "push_status": "away"})
    }

    #[test]
    fn email_only_for_mentions_of_absent_users() {
        let away = member(defaults(), json!({}), "away");
        assert!(wants_email(&away, true));
        assert!(!wants_email(&away, false));
        assert!(wants_email(&member(defaults(), json!({}), "offline"), true));
        assert!(!wants_email(&member(defaults(), json!({}), "online"), true));
        assert!(!wants_email(&member(defaults(), json!({}), "dnd"), true));
    }

    #[test]
    fn email_settings_and_mute() {
        let off = json!({"email": "false"});
        assert!(!wants_email(
            &member(off.clone(), json!({}), "offline"),
            true
        ));
        // The channel's own setting overrides the account's, unless it is `default`.
        let on_here = json!({"email": "true"});
        assert!(wants_email(&member(off.clone(), on_here, "offline"), true));
        let default = json!({"email": "default"});
        assert!(!wants_email(&member(off, default, "offline"), true));
        let all = json!({"email": "all"});
        assert!(wants_email(&member(defaults(), all, "offline"), false));
        let none = json!({"email": "none"});
        assert!(!wants_email(&member(defaults(), none, "offline"), true));
        let muted = json!({"mark_unread": "mention"});
        assert!(!wants_email(&member(defaults(), muted, "offline"), true));
        let mut bot = member(defaults(), json!({}), "offline");
        bot.is_bot = true;
        assert!(!wants_email(&bot, true));
    }

    #[test]
    fn push_levels() {
        let m = member(defaults(), json!({}), "offline");
        assert!(wants_push(&m, true, ChannelKind::Other));
        assert!(!wants_push(&m, false, ChannelKind::Other));
        // Group channels treat an account level of `mention` as `all`.
        assert!(wants_push(&m, false, ChannelKind::Group));
        let all = member(defaults(), json!({"push": "all"}), "offline");
        assert!(wants_push(&all, false, ChannelKind::Other));
        let none = member(defaults(), json!({"push": "none"}), "offline");
        assert!(!wants_push(&none, true, ChannelKind::Direct));
        let user_none = member(
            json!({"push": "none"}),
            json!({"push": "default"}),
            "offline",
        );
        assert!(!wants_push(&user_none, true, ChannelKind::Other));
        let muted = member(defaults(), json!({"mark_unread": "mention"}), "offline");
        assert!(!wants_push(&muted, true, ChannelKind::Other));
    }

    #[test]
    fn setting_values_are_checked() {
        let user = json!({"email": "false", "push": "all", "desktop_sound": "anything"});
        assert_eq!(invalid_notify_prop(PropsOf::User, &user), None);
        let bad = json!({"push": "sometimes"});
        assert_eq!(
            invalid_notify_prop(PropsOf::User, &bad).as_deref(),
            Some("push")
        );
        let channel = json!({"push": "default", "email": "false", "mark_unread": "mention"});
        assert_eq!(invalid_notify_prop(PropsOf::ChannelMember, &channel), None);
        let bad = json!({"desktop": true});
        assert!(invalid_notify_prop(PropsOf::ChannelMember, &bad).is_some());
    }

    #[test]
    fn push_follows_status() {
        let at = |push_status: &str, status: &str| {
            let props = json!({"push": "all", "push_status": push_status});
            wants_push(&member(props, json!({}), status), true, ChannelKind::Other)
        };
        assert!(!at("away", "online"));
        assert!(at("away", "away"));
        assert!(at("away", "offline"));
        assert!(!at("away", "dnd"));
        assert!(at("online", "online"));
        assert!(!at("online", "dnd"));
        assert!(!at("offline", "away"));
        assert!(at("offline", "offline"));
    }
}
