//! Accounts: sign-up rules (first user becomes system admin, open sign-up switch), profile validation.

use serde::Deserialize;
use serde_json::{Value, json};

use super::OrConflict;
use super::notify::{PropsOf, invalid_notify_prop};
use super::{App, Caller, Error, Result, auth::hash_password};
use crate::model::{User, new_id, now_millis};
use crate::ws::{Broadcast, Event};

/// `POST /users` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub nickname: String,
    pub position: String,
    pub locale: String,
    pub props: Option<Value>,
    pub notify_props: Option<Value>,
}

pub const MIN_PASSWORD_LENGTH: usize = 8;
const MAX_PASSWORD_LENGTH: usize = 72;

/// Mattermost's username rule: 3 to 22 of a-z 0-9 . - _, starting with a letter.
pub fn is_valid_username(name: &str) -> bool {
    (3..=22).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c))
}

pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 128
        && !local.is_empty()
        && domain.contains('.')
        && !email.contains(char::is_whitespace)
}

pub fn check_password(password: &str) -> Result<()> {
    if password.len() < MIN_PASSWORD_LENGTH || password.len() > MAX_PASSWORD_LENGTH {
        return Err(Error::bad_request(
            "model.user.is_valid.pwd.app_error",
            format!(
                "Your password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long."
            ),
        ));
    }
    Ok(())
}

/// Checks the profile fields people can edit: name shapes and lengths.
pub fn check_profile(user: &User) -> Result<()> {
    if let Some(key) = invalid_notify_prop(PropsOf::User, &user.notify_props) {
        return Err(Error::invalid_param(&format!("notify_props.{key}")));
    }
    if !is_valid_username(&user.username) {
        return Err(Error::bad_request(
            "model.user.is_valid.username.app_error",
            "Username must begin with a letter, and contain 3 to 22 lowercase characters made up of numbers, letters, and the symbols '.', '-', and '_'.",
        ));
    }
    if !is_valid_email(&user.email) {
        return Err(Error::bad_request(
            "model.user.is_valid.email.app_error",
            "Invalid email address.",
        ));
    }
    for (field, value, max) in [
        ("nickname", &user.nickname, 64),
        ("first_name", &user.first_name, 64),
        ("last_name", &user.last_name, 64),
        ("position", &user.position, 128),
        ("locale", &user.locale, 5),
    ] {
        if value.chars().count() > max {
            return Err(Error::bad_request(
                "model.user.is_valid.field_too_long.app_error",
                format!("{field} can be at most {max} characters."),
            ));
        }
    }
    Ok(())
}

pub fn default_notify_props() -> Value {
    json!({
        "email": "true", "push": "mention", "desktop": "mention", "desktop_sound": "true",
        "mention_keys": "", "channel": "true", "first_name": "false", "comments": "never",
        "push_status": "away", "desktop_threads": "all", "push_threads": "all", "email_threads": "all"
    })
}

impl App {
    /// Creates an account. Allowed for system admins, for the very first user (who becomes system
    /// admin), for holders of a valid team invite, and for anyone when open sign-up is on.
    pub async fn create_user(
        &self,
        new: NewUser,
        caller: Option<&Caller>,
        invited: bool,
    ) -> Result<User> {
        let by_admin = caller.is_some_and(Caller::is_system_admin);
        let first_user = self.store.count_users().await? == 0;
        let team = &self.config().team_settings;
        if !by_admin && !first_user {
            if !team.enable_user_creation {
                return Err(Error::new(
                    super::ErrorKind::Forbidden,
                    "api.user.create_user.signup_email_disabled.app_error",
                    "Account creation is disabled on this server.",
                ));
            }
            if !invited && !team.enable_open_server {
                return Err(Error::new(
                    super::ErrorKind::Forbidden,
                    "api.user.create_user.no_open_server",
                    "This server does not allow open signups. Ask your administrator for an invite link.",
                ));
            }
        }
        check_password(&new.password)?;
        let now = now_millis();
        let user = User {
            id: new_id(),
            create_at: now,
            update_at: now,
            username: new.username.trim().to_lowercase(),
            email: new.email.trim().to_lowercase(),
            nickname: new.nickname,
            first_name: new.first_name,
            last_name: new.last_name,
            position: new.position,
            roles: if first_user {
                "system_admin system_user"
            } else {
                "system_user"
            }
            .into(),
            locale: if new.locale.is_empty() {
                "en".into()
            } else {
                new.locale
            },
            notify_props: new.notify_props.unwrap_or_else(default_notify_props),
            props: new.props.unwrap_or_else(|| json!({})),
            timezone: json!({"automaticTimezone": "", "manualTimezone": "", "useAutomaticTimezone": "true"}),
            last_password_update: now,
            ..User::default()
        };
        check_profile(&user)?;
        let hash = hash_password(new.password).await?;
        self.store.insert_user(&user, &hash).await.or_conflict(
            "app.user.save.username_exists.app_error",
            "An account with that username or email already exists.",
        )?;
        tracing::info!(user_id = %user.id, first_user, "account created");
        self.hub.publish(Event {
            event: "new_user",
            data: json!({"user_id": user.id}),
            broadcast: Broadcast::default(),
        });
        Ok(user)
    }
}

impl App {
    /// `id`'s profile as `caller` may see it: guests see only people they share a channel with.
    pub async fn visible_user(&self, caller: &Caller, id: &str) -> Result<Option<User>> {
        let Some(user) = self.store.user(id).await? else {
            return Ok(None);
        };
        if caller.is_guest() && !self.store.users_share_channel(caller.user_id(), id).await? {
            return Ok(None);
        }
        Ok(Some(user.sanitized_for_others()))
    }
}

/// `PUT /users/{id}/patch` body: only the fields present change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserPatch {
    pub username: Option<String>,
    pub email: Option<String>,
    pub nickname: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub position: Option<String>,
    pub locale: Option<String>,
    pub props: Option<Value>,
    pub notify_props: Option<Value>,
    pub timezone: Option<Value>,
}

/// Largest JSON accepted for a user's `props`, `notify_props` or `timezone`.
const MAX_USER_JSON_BYTES: usize = 16 * 1024;

impl App {
    /// Applies `patch` to `user_id`'s profile (the user themself or a system admin).
    pub async fn patch_user(
        &self,
        caller: &Caller,
        user_id: &str,
        patch: UserPatch,
    ) -> Result<User> {
        caller.require_self_or_admin(user_id)?;
        let mut user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        let set = |slot: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *slot = v.trim().to_owned();
            }
        };
        set(&mut user.username, patch.username.map(|u| u.to_lowercase()));
        set(&mut user.email, patch.email.map(|e| e.to_lowercase()));
        set(&mut user.nickname, patch.nickname);
        set(&mut user.first_name, patch.first_name);
        set(&mut user.last_name, patch.last_name);
        set(&mut user.position, patch.position);
        set(&mut user.locale, patch.locale);
        for (slot, value) in [
            (&mut user.props, patch.props),
            (&mut user.notify_props, patch.notify_props),
            (&mut user.timezone, patch.timezone),
        ] {
            if let Some(v) = value {
                if !v.is_object() || v.to_string().len() > MAX_USER_JSON_BYTES {
                    return Err(Error::invalid_param("props"));
                }
                *slot = v;
            }
        }
        check_profile(&user)?;
        user.update_at = now_millis();
        self.store.update_profile(&user).await.or_conflict(
            "app.user.save.username_exists.app_error",
            "An account with that username or email already exists.",
        )?;
        self.publish_user_updated(&user);
        Ok(user)
    }

    /// Changes a password. Users give their current one; system admins changing someone else's need not.
    pub async fn change_password(
        &self,
        caller: &Caller,
        user_id: &str,
        current: &str,
        new: &str,
    ) -> Result<()> {
        caller.require_self_or_admin(user_id)?;
        check_password(new)?;
        let creds = self
            .store
            .credentials_by_id(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        let admin_reset = caller.is_system_admin() && caller.user_id() != user_id;
        if !admin_reset
            && !super::auth::verify_password(current.to_owned(), creds.password_hash).await
        {
            return Err(Error::bad_request(
                "api.user.update_password.incorrect.app_error",
                "The \"Current Password\" you entered is incorrect. Please check that Caps Lock is off and try again.",
            ));
        }
        let hash = hash_password(new.to_owned()).await?;
        self.store
            .set_password(user_id, &hash, now_millis())
            .await?;
        Ok(())
    }

    /// Deactivates (`active == false`) or reactivates an account. Deactivation ends its sessions.
    pub async fn set_user_active(
        &self,
        caller: &Caller,
        user_id: &str,
        active: bool,
    ) -> Result<()> {
        caller.require_self_or_admin(user_id)?;
        if active && !caller.is_system_admin() {
            return Err(Error::forbidden());
        }
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        let now = now_millis();
        self.store
            .set_user_delete_at(user_id, if active { 0 } else { now }, now)
            .await?;
        if !active {
            self.store.delete_user_sessions(user_id).await?;
        }
        tracing::info!(
            user_id,
            active,
            by = caller.user_id(),
            "account activation changed"
        );
        self.publish_user_updated(&User {
            delete_at: if active { 0 } else { now },
            ..user
        });
        Ok(())
    }

    /// Replaces a user's system roles (system admins only).
    pub async fn set_user_roles(&self, caller: &Caller, user_id: &str, roles: &str) -> Result<()> {
        caller.require_system_admin()?;
        let roles: Vec<&str> = roles.split_whitespace().collect();
        let allowed = [
            "system_user",
            "system_admin",
            "system_guest",
            "system_user_access_token",
            "system_post_all",
            "system_post_all_public",
        ];
        if roles.is_empty() || roles.iter().any(|r| !allowed.contains(r)) {
            return Err(Error::invalid_param("roles"));
        }
        if roles.contains(&"system_guest")
            && (roles.contains(&"system_user") || roles.contains(&"system_admin"))
        {
            return Err(Error::invalid_param("roles"));
        }
        if self.store.user(user_id).await?.is_none() {
            return Err(Error::not_found("user"));
        }
        self.store
            .set_roles(user_id, &roles.join(" "), now_millis())
            .await?;
        self.hub.publish(Event {
            event: "user_role_updated",
            data: json!({"user_id": user_id, "roles": roles.join(" ")}),
            broadcast: Broadcast {
                user_id: user_id.into(),
                ..Broadcast::default()
            },
        });
        Ok(())
    }

    /// Tells everyone who can see users that a profile changed.
    pub(super) fn publish_user_updated(&self, user: &User) {
        self.hub.publish(Event {
            event: "user_updated",
            data: json!({"user": user.clone().sanitized_for_others()}),
            broadcast: Broadcast::default(),
        });
    }
}
