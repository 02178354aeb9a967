//! Multi-factor authentication with TOTP authenticator apps: generate a secret (with a QR code to
//! scan), activate it with a first valid code, deactivate it. Login checks codes in `auth.rs`.

use base64::Engine;
use serde::Serialize;

use super::auth::check_totp;
use super::{App, Caller, Error, Result};
use crate::model::now_millis;

/// `POST /users/{id}/mfa/generate` response.
#[derive(Debug, Serialize)]
pub struct MfaSecret {
    pub secret: String,
    /// A PNG of the `otpauth://` URL as a QR code, base64-encoded.
    pub qr_code: String,
}

fn not_enabled() -> Error {
    Error::new(
        super::ErrorKind::Forbidden,
        "api.context.mfa_disabled.app_error",
        "Multi-factor authentication is disabled on this server.",
    )
}

impl App {
    /// Creates a new (inactive) secret for the caller; it becomes active with [`App::activate_mfa`].
    pub async fn generate_mfa_secret(&self, caller: &Caller, user_id: &str) -> Result<MfaSecret> {
        if caller.user_id() != user_id {
            return Err(Error::forbidden());
        }
        if !self
            .config()
            .service_settings
            .enable_multifactor_authentication
        {
            return Err(not_enabled());
        }
        let secret = totp_rs::Secret::generate_secret().to_encoded().to_string();
        let url = format!(
            "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}",
            issuer = urlencode(&self.config().team_settings.site_name),
            account = urlencode(&caller.user.username),
        );
        let png = qr_png(&url).map_err(|e| {
            let mut err = Error::new(
                super::ErrorKind::Internal,
                "api.mfa.qr.app_error",
                "Could not draw the QR code.",
            );
            err.detail = e;
            err
        })?;
        self.store
            .set_mfa(user_id, &secret, false, now_millis())
            .await?;
        Ok(MfaSecret {
            secret,
            qr_code: base64::engine::general_purpose::STANDARD.encode(png),
        })
    }

    /// Turns MFA on (needs a valid code for the generated secret) or off (self or system admin).
    pub async fn set_mfa_active(
        &self,
        caller: &Caller,
        user_id: &str,
        activate: bool,
        code: &str,
    ) -> Result<()> {
        caller.require_self_or_admin(user_id)?;
        let creds = self
            .store
            .credentials_by_id(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        if !activate {
            self.store.set_mfa(user_id, "", false, now_millis()).await?;
            return Ok(());
        }
        if caller.user_id() != user_id {
            return Err(Error::forbidden());
        }
        if !self
            .config()
            .service_settings
            .enable_multifactor_authentication
        {
            return Err(not_enabled());
        }
        if creds.mfa_secret.is_empty() {
            return Err(Error::bad_request(
                "api.user.update_mfa.no_secret",
                "Generate a secret first.",
            ));
        }
        if !check_totp(&creds.mfa_secret, code, &creds.user.username) {
            return Err(Error::bad_request(
                "api.user.check_user_mfa.bad_code.app_error",
                "Invalid MFA token.",
            ));
        }
        self.store
            .set_mfa(user_id, &creds.mfa_secret, true, now_millis())
            .await?;
        tracing::info!(user_id, "MFA activated");
        Ok(())
    }

    /// Whether logging in as `login_id` needs a code (`POST /users/mfa`).
    pub async fn mfa_required(&self, login_id: &str) -> Result<bool> {
        Ok(self
            .store
            .credentials(login_id)
            .await?
            .is_some_and(|c| c.user.mfa_active))
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Draws `text` as a QR code PNG, 8 pixels per module with the standard 4-module quiet zone.
fn qr_png(text: &str) -> std::result::Result<Vec<u8>, String> {
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium)
        .map_err(|e| format!("{e:?}"))?;
    const SCALE: i32 = 8;
    const BORDER: i32 = 4;
    let modules = qr.size() + 2 * BORDER;
    let side = (modules * SCALE) as u32;
    let mut pixels = Vec::with_capacity((side * side) as usize);
    for y in 0..side as i32 {
        for x in 0..side as i32 {
            let dark = qr.get_module(x / SCALE - BORDER, y / SCALE - BORDER);
            pixels.push(if dark { 0 } else { 255 });
        }
    }
    super::avatar::encode_png(side, side, png::ColorType::Grayscale, &pixels)
}
