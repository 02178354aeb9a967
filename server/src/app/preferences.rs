//! Preferences: a user's own settings rows. Only the user (or a system admin) reads or writes them;
//! changes are announced to that user's other sessions.

use serde_json::json;

use super::posts::json_string;
use super::{App, Caller, Error, Result};
use crate::model::{Preference, is_valid_id};
use crate::ws::{Broadcast, Event};

/// Most preferences saved or deleted in one request.
pub const MAX_PREFERENCES_PER_CALL: usize = 100;
const MAX_CATEGORY_CHARS: usize = 32;
const MAX_NAME_CHARS: usize = 32;
const MAX_VALUE_CHARS: usize = 20_000;

/// Mattermost's `Preference.IsValid`: ids, bounded lengths, and themes that are JSON objects.
fn check_preference(p: &Preference) -> Result<()> {
    let bad = |id: &'static str, what: &str| {
        Error::bad_request(id, format!("Invalid preference {what}."))
    };
    if !is_valid_id(&p.user_id) {
        return Err(bad("model.preference.is_valid.id.app_error", "user id"));
    }
    if p.category.is_empty() || p.category.len() > MAX_CATEGORY_CHARS {
        return Err(bad(
            "model.preference.is_valid.category.app_error",
            "category",
        ));
    }
    if p.name.len() > MAX_NAME_CHARS {
        return Err(bad("model.preference.is_valid.name.app_error", "name"));
    }
    if p.value.chars().count() > MAX_VALUE_CHARS {
        return Err(bad("model.preference.is_valid.value.app_error", "value"));
    }
    if p.category == "theme"
        && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&p.value).is_err()
    {
        return Err(bad("model.preference.is_valid.theme.app_error", "theme"));
    }
    Ok(())
}

impl App {
    /// `user_id`'s preferences, all or one category or one name in it.
    pub async fn preferences(
        &self,
        caller: &Caller,
        user_id: &str,
        category: Option<&str>,
        name: Option<&str>,
    ) -> Result<Vec<Preference>> {
        caller.require_self_or_admin(user_id)?;
        Ok(self.store.preferences(user_id, category, name).await?)
    }

    /// Saves (inserts or replaces) preferences of `user_id`; every row must belong to that user.
    pub async fn save_preferences(
        &self,
        caller: &Caller,
        user_id: &str,
        prefs: Vec<Preference>,
    ) -> Result<()> {
        self.check_preferences(caller, user_id, &prefs)?;
        self.store.save_preferences(&prefs).await?;
        self.publish_preferences("preferences_changed", user_id, &prefs);
        Ok(())
    }

    /// Deletes preferences of `user_id` by category and name.
    pub async fn delete_preferences(
        &self,
        caller: &Caller,
        user_id: &str,
        prefs: Vec<Preference>,
    ) -> Result<()> {
        self.check_preferences(caller, user_id, &prefs)?;
        self.store.delete_preferences(&prefs).await?;
        self.publish_preferences("preferences_deleted", user_id, &prefs);
        Ok(())
    }

    fn check_preferences(
        &self,
        caller: &Caller,
        user_id: &str,
        prefs: &[Preference],
    ) -> Result<()> {
        caller.require_self_or_admin(user_id)?;
        if prefs.is_empty() || prefs.len() > MAX_PREFERENCES_PER_CALL {
            return Err(Error::invalid_param("preferences"));
        }
        if prefs.iter().any(|p| p.user_id != user_id) {
            return Err(Error::forbidden());
        }
        prefs.iter().try_for_each(check_preference)
    }

    fn publish_preferences(&self, event: &'static str, user_id: &str, prefs: &[Preference]) {
        self.hub.publish(Event {
            event,
            data: json!({"preferences": json_string(&prefs)}),
            broadcast: Broadcast {
                user_id: user_id.into(),
                ..Broadcast::default()
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pref(category: &str, name: &str, value: &str) -> Preference {
        Preference {
            user_id: "a".repeat(26),
            category: category.into(),
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn validates_like_mattermost() {
        assert!(check_preference(&pref("display_settings", "use_military_time", "true")).is_ok());
        assert!(check_preference(&pref("theme", "", r##"{"sidebarBg":"#fff"}"##)).is_ok());
        assert!(check_preference(&pref("theme", "", "dark")).is_err());
        assert!(check_preference(&pref("", "x", "y")).is_err());
        assert!(check_preference(&pref(&"c".repeat(33), "x", "y")).is_err());
        assert!(check_preference(&pref("c", &"n".repeat(33), "y")).is_err());
        assert!(check_preference(&pref("c", "n", &"v".repeat(20_001))).is_err());
        let mut p = pref("c", "n", "v");
        p.user_id = "me".into();
        assert!(check_preference(&p).is_err());
    }
}
