//! Authentication: password hashing (argon2, off the async threads), login with per-user lockout,
//! login rate limiting, TOTP multi-factor checks, and turning a session token into a [`Caller`].

use std::net::IpAddr;
use std::num::NonZeroU32;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use serde_json::json;

use super::access_tokens::is_token_session;
use super::{App, Error, ErrorKind, Result};
use crate::model::{Session, User, new_id, now_millis};

/// Sessions are touched in the store at most this often, so reads do not all turn into writes.
const SESSION_TOUCH_INTERVAL_MS: i64 = 5 * 60 * 1000;

/// The authenticated user behind a request or WebSocket.
#[derive(Debug, Clone)]
pub struct Caller {
    pub session: Session,
    pub user: User,
}

impl Caller {
    pub fn user_id(&self) -> &str {
        &self.user.id
    }

    pub fn is_system_admin(&self) -> bool {
        self.user.is_system_admin()
    }

    pub fn is_guest(&self) -> bool {
        self.user.is_guest()
    }

    /// The caller as a long-lived WebSocket keeps it: without the parsed settings (the user's
    /// notify props, props and timezone, the session's props) that no socket action reads and
    /// that would otherwise cost every idle socket a few KiB.
    pub fn for_socket(mut self) -> Caller {
        self.user.notify_props = serde_json::Value::Null;
        self.user.props = serde_json::Value::Null;
        self.user.timezone = serde_json::Value::Null;
        self.session.props = serde_json::Value::Null;
        self
    }

    /// Fails unless the caller is a system admin.
    pub fn require_system_admin(&self) -> Result<()> {
        if self.is_system_admin() {
            Ok(())
        } else {
            Err(Error::forbidden())
        }
    }

    /// Fails unless the caller is `user_id` or a system admin.
    pub fn require_self_or_admin(&self, user_id: &str) -> Result<()> {
        if self.user.id == user_id || self.is_system_admin() {
            Ok(())
        } else {
            Err(Error::forbidden())
        }
    }
}

/// `POST /users/login` body, as the web and mobile apps send it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginRequest {
    pub id: String,
    pub login_id: String,
    pub password: String,
    /// The TOTP code when the account has MFA.
    pub token: String,
    pub device_id: String,
    pub ldap_only: bool,
    /// The client's `User-Agent` header (not part of the body), shown in the sessions list.
    #[serde(skip)]
    pub user_agent: String,
}

/// Limits login attempts per (address, login id) so passwords cannot be guessed quickly.
pub(super) struct LoginLimiter(DefaultKeyedRateLimiter<String>);

impl LoginLimiter {
    pub(super) fn new(per_minute: u32) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute.max(1)).expect("at least one"));
        Self(RateLimiter::keyed(quota))
    }
}

/// Hashes a password with argon2id on the blocking pool.
pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| Error::internal("password hashing task failed", e))?
    .map_err(|e| Error::internal("password hashing failed", e))
}

pub(super) async fn verify_password(password: String, hash: String) -> bool {
    if hash.is_empty() {
        return false;
    }
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

fn session_expired() -> Error {
    Error::unauthorized(
        "api.context.session_expired.app_error",
        "Invalid or expired session, please login again.",
    )
}

/// What the sessions list shows about a sign-in, from its `User-Agent`, under Mattermost's prop
/// names: `platform` (Windows, Mac, Linux, iPhone, Android...), `os` ("Windows 10") and `browser`
/// with its version.
fn session_props(user_agent: &str) -> serde_json::Value {
    let Some(ua) = woothee::parser::Parser::new().parse(user_agent) else {
        return json!({});
    };
    let known =
        |s: &str| (!s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN).then(|| s.to_owned());
    let mut props = serde_json::Map::new();
    if let Some(os) = known(ua.os) {
        let platform = os.split_whitespace().next().unwrap_or_default().to_owned();
        props.insert("platform".into(), platform.into());
        props.insert("os".into(), os.into());
    }
    if let Some(browser) = known(ua.name) {
        let browser = match known(ua.version) {
            Some(version) => format!("{browser}/{version}"),
            None => browser,
        };
        props.insert("browser".into(), browser.into());
    }
    serde_json::Value::Object(props)
}

/// Checks a TOTP code against a base32 secret (30 s steps, one step of clock skew allowed).
pub fn check_totp(secret_base32: &str, code: &str, account: &str) -> bool {
    let Ok(secret) = totp_rs::Secret::Encoded(secret_base32.to_owned()).to_bytes() else {
        return false;
    };
    let Ok(totp) = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        secret,
        Some("Hearth".into()),
        account.into(),
    ) else {
        return false;
    };
    totp.check_current(code.trim()).unwrap_or(false)
}

impl App {
    /// Verifies credentials and opens a session. Errors say as little as possible about which part failed.
    pub async fn login(&self, req: LoginRequest, ip: Option<IpAddr>) -> Result<(User, Session)> {
        let login_id = if req.login_id.is_empty() {
            req.id.clone()
        } else {
            req.login_id.clone()
        };
        if login_id.is_empty() || req.password.is_empty() {
            return Err(Error::bad_request(
                "api.user.login.blank_pwd.app_error",
                "Enter your username or email, and your password.",
            ));
        }
        let key = format!(
            "{}|{}",
            ip.map(|i| i.to_string()).unwrap_or_default(),
            login_id.to_lowercase()
        );
        if self.login_limiter.0.check_key(&key).is_err() {
            return Err(Error::new(
                ErrorKind::TooManyRequests,
                "api.context.rate_limited.app_error",
                "Too many login attempts. Wait a minute and try again.",
            ));
        }
        let invalid = || {
            Error::unauthorized(
                "api.user.login.invalid_credentials_email_username",
                "Enter a valid email or username and/or password.",
            )
        };
        let creds = match self.store.credentials(&login_id).await? {
            Some(c) if req.id.is_empty() || c.user.id == req.id => c,
            _ => return Err(invalid()),
        };
        let user = creds.user;
        if user.delete_at != 0 {
            return Err(Error::unauthorized(
                "api.user.login.inactive.app_error",
                "Login failed because your account has been deactivated. Please contact an administrator.",
            ));
        }
        let max_attempts = self.config().service_settings.maximum_login_attempts;
        if max_attempts > 0 && user.failed_attempts >= max_attempts {
            return Err(Error::unauthorized(
                "api.user.check_user_login_attempts.too_many.app_error",
                "Your account is locked because of too many failed password attempts. Ask an administrator to reset your password.",
            ));
        }
        if !verify_password(req.password, creds.password_hash).await {
            self.store
                .set_failed_attempts(&user.id, user.failed_attempts + 1)
                .await?;
            return Err(invalid());
        }
        if user.mfa_active && !check_totp(&creds.mfa_secret, &req.token, &user.username) {
            let id = if req.token.is_empty() {
                "mfa.validate_token.authenticate.app_error"
            } else {
                "api.user.check_user_mfa.bad_code.app_error"
            };
            return Err(Error::unauthorized(id, "Invalid or missing MFA token."));
        }
        if user.failed_attempts != 0 {
            self.store.set_failed_attempts(&user.id, 0).await?;
        }
        if !req.device_id.is_empty() {
            self.store
                .delete_device_sessions(&user.id, &req.device_id)
                .await?;
        }
        let props = session_props(&req.user_agent);
        let session = self.create_session(&user, &req.device_id, props).await?;
        Ok((user, session))
    }

    /// Opens a new session for `user`. The returned session carries its token, the only time it is known.
    pub async fn create_session(
        &self,
        user: &User,
        device_id: &str,
        props: serde_json::Value,
    ) -> Result<Session> {
        let now = now_millis();
        let hours = if device_id.is_empty() {
            self.config().service_settings.session_length_web_in_hours
        } else {
            self.config()
                .service_settings
                .session_length_mobile_in_hours
        };
        let session = Session {
            id: new_id(),
            token: new_id(),
            csrf_token: new_id(),
            create_at: now,
            expires_at: now + hours * 3_600_000,
            last_activity_at: now,
            user_id: user.id.clone(),
            device_id: device_id.to_owned(),
            roles: user.roles.clone(),
            props,
            ..Session::default()
        };
        self.store.insert_session(&session).await?;
        Ok(session)
    }

    /// Resolves a token to its live session and user, or fails with 401.
    pub async fn authenticate(&self, token: &str) -> Result<Caller> {
        if token.is_empty() || token.len() > 64 {
            return Err(session_expired());
        }
        let session = match self.store.session_by_token(token).await? {
            Some(session) => session,
            None => self
                .access_token_session(token)
                .await?
                .ok_or_else(session_expired)?,
        };
        let caller = self.live_caller(session).await?;
        let now = now_millis();
        if now - caller.session.last_activity_at > SESSION_TOUCH_INTERVAL_MS {
            self.store.touch_session(&caller.session.id, now).await?;
        }
        Ok(caller)
    }

    /// Re-reads a session a long-lived connection (a WebSocket) holds: 401 once it was revoked
    /// or expired or its user deactivated. Not counted as activity.
    pub async fn revalidate_session(&self, session_id: &str) -> Result<Caller> {
        let session = self
            .store
            .session_by_id(session_id)
            .await?
            .ok_or_else(session_expired)?;
        self.live_caller(session).await
    }

    /// The caller behind a stored session, unless it expired (then deleted), its user is gone,
    /// or it is backed by a personal access token while those are turned off.
    async fn live_caller(&self, session: Session) -> Result<Caller> {
        if is_token_session(&session) && !self.config().service_settings.enable_user_access_tokens {
            return Err(session_expired());
        }
        if session.expired(now_millis()) {
            self.store.delete_session(&session.id).await?;
            return Err(session_expired());
        }
        let user = self
            .store
            .user(&session.user_id)
            .await?
            .ok_or_else(session_expired)?;
        if user.delete_at != 0 {
            return Err(session_expired());
        }
        Ok(Caller { session, user })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_name_their_browser_and_os() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                      Chrome/156.0.0.0 Safari/537.36";
        let props = session_props(chrome);
        assert_eq!(props["platform"], "Linux");
        let browser = props["browser"].as_str().unwrap();
        assert!(browser.starts_with("Chrome/156"), "{props}");
        assert_eq!(session_props("mattermostdriver"), json!({}));
    }
}
