//! Guest accounts: a system admin turns a user into a guest (who then sees only the channels they
//! are added to) or back into an ordinary user. Every team and channel membership follows.

use serde_json::json;

use super::{App, Caller, Error, ErrorKind, Result};
use crate::model::now_millis;
use crate::ws::{Broadcast, Event};

const GUEST_ROLES: &str = "system_guest";
const USER_ROLES: &str = "system_user";

impl App {
    /// Makes `user_id` a guest. System admins cannot be demoted (remove their admin role first).
    pub async fn demote_to_guest(&self, caller: &Caller, user_id: &str) -> Result<()> {
        caller.require_system_admin()?;
        if !self.config().guest_account_settings.enable {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.user.demote_user_to_guest.guest_accounts_disabled.app_error",
                "Guest accounts are disabled on this server.",
            ));
        }
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        if user.is_guest() || user.is_system_admin() || user.is_bot {
            return Err(Error::bad_request(
                "api.user.demote_user_to_guest.invalid_user.app_error",
                "Only ordinary user accounts can be made guests.",
            ));
        }
        self.set_guest(user_id, GUEST_ROLES, true).await
    }

    /// Makes guest `user_id` an ordinary user again.
    pub async fn promote_guest(&self, caller: &Caller, user_id: &str) -> Result<()> {
        caller.require_system_admin()?;
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| Error::not_found("user"))?;
        if !user.is_guest() {
            return Err(Error::bad_request(
                "api.user.promote_guest_to_user.no_guest.app_error",
                "That user is not a guest.",
            ));
        }
        self.set_guest(user_id, USER_ROLES, false).await
    }

    async fn set_guest(&self, user_id: &str, roles: &str, guest: bool) -> Result<()> {
        self.store
            .set_guest(user_id, roles, guest, now_millis())
            .await?;
        self.hub.publish(Event {
            event: "user_role_updated",
            data: json!({"user_id": user_id, "roles": roles}),
            broadcast: Broadcast {
                user_id: user_id.into(),
                ..Broadcast::default()
            },
        });
        Ok(())
    }
}
