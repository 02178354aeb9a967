//! Turning a user into a guest and back: their system roles and the scheme flags of every team and
//! channel membership change together.

use super::{Store, StoreError};
use crate::params;

impl Store {
    /// Sets `roles` on the user and marks all their memberships as guest (`guest`) or as ordinary
    /// members; either way no membership stays admin.
    pub async fn set_guest(
        &self,
        user_id: &str,
        roles: &str,
        guest: bool,
        at: i64,
    ) -> Result<(), StoreError> {
        let member = !guest;
        self.db
            .transaction(vec![
                (
                    "UPDATE users SET roles = $2, update_at = $3 WHERE id = $1".into(),
                    params![user_id, roles, at],
                ),
                (
                    "UPDATE team_members SET scheme_guest = $2, scheme_user = $3, scheme_admin = FALSE \
                     WHERE user_id = $1"
                        .into(),
                    params![user_id, guest, member],
                ),
                (
                    "UPDATE channel_members SET scheme_guest = $2, scheme_user = $3, \
                     scheme_admin = FALSE, last_update_at = $4 WHERE user_id = $1"
                        .into(),
                    params![user_id, guest, member, at],
                ),
            ])
            .await?;
        self.auth_changed();
        Ok(())
    }
}
