//! Rules shared by every integration (webhooks, slash commands, bots, tokens): who may manage
//! them, acting as the user behind a hook, feature switches and field limits.

use super::{App, Caller, Error, ErrorKind, Result};
use crate::model::{Session, User};

/// Longest display name, username or hint; longest description; longest icon URL.
pub(super) const MAX_NAME_CHARS: usize = 64;
pub(super) const MAX_DESCRIPTION_CHARS: usize = 500;
pub(super) const MAX_URL_CHARS: usize = super::outbound::MAX_URL_CHARS;

/// 400 unless `value` has at most `max` characters.
pub(super) fn check_len(value: &str, max: usize, name: &str) -> Result<()> {
    if value.chars().count() > max {
        return Err(Error::invalid_param(name));
    }
    Ok(())
}

/// The answer when the admin turned a feature off.
pub(super) fn disabled(id: &'static str, what: &str) -> Error {
    Error::new(
        ErrorKind::NotImplemented,
        id,
        format!("{what} have been disabled by the system admin."),
    )
}

/// Acts as `user` without a session: a webhook's or command's owner posting.
pub(super) fn acting_as(user: User) -> Caller {
    Caller {
        session: Session {
            user_id: user.id.clone(),
            roles: user.roles.clone(),
            ..Session::default()
        },
        user,
    }
}

impl App {
    /// Integrations of a team are managed by system admins and the team's admins, as with
    /// Mattermost's default `manage_*_webhooks` and `manage_slash_commands` permissions.
    pub(super) async fn require_integration_manager(
        &self,
        caller: &Caller,
        team_id: &str,
    ) -> Result<()> {
        if caller.is_system_admin() || self.is_team_admin(caller, team_id).await? {
            return Ok(());
        }
        Err(Error::forbidden())
    }

    /// The active user an integration acts as.
    pub(super) async fn integration_user(&self, user_id: &str) -> Result<Caller> {
        match self.store.user(user_id).await? {
            Some(user) if user.delete_at == 0 => Ok(acting_as(user)),
            _ => Err(Error::bad_request(
                "web.incoming_webhook.user.app_error",
                "The user behind this integration could not be found or is deactivated.",
            )),
        }
    }
}
