//! User preferences: `(user, category, name) -> value` rows the clients use for settings such as
//! theme, collapsed threads, direct channel visibility and flagged posts.

use super::{Row, Stmt, Store, StoreError};
use crate::model::Preference;
use crate::params;

fn preference_from_row(r: &Row) -> Result<Preference, StoreError> {
    Ok(Preference {
        user_id: r.get(0)?,
        category: r.get(1)?,
        name: r.get(2)?,
        value: r.get(3)?,
    })
}

impl Store {
    /// A user's preferences, optionally only one category, and optionally one name in it.
    pub async fn preferences(
        &self,
        user_id: &str,
        category: Option<&str>,
        name: Option<&str>,
    ) -> Result<Vec<Preference>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT user_id, category, name, value FROM preferences WHERE user_id = $1 \
                 AND ($2 = '' OR category = $2) AND ($3 = '' OR name = $3) ORDER BY category, name",
                params![user_id, category.unwrap_or(""), name.unwrap_or("")],
            )
            .await?;
        rows.iter().map(preference_from_row).collect()
    }

    /// Inserts or replaces the given preferences atomically.
    pub async fn save_preferences(&self, prefs: &[Preference]) -> Result<(), StoreError> {
        let stmts: Vec<Stmt> = prefs
            .iter()
            .map(|p| {
                (
                    "INSERT INTO preferences (user_id, category, name, value) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (user_id, category, name) DO UPDATE SET value = excluded.value"
                        .to_owned(),
                    params![&p.user_id, &p.category, &p.name, &p.value],
                )
            })
            .collect();
        self.db.transaction(stmts).await?;
        Ok(())
    }

    /// Deletes the given preferences (values are ignored) atomically.
    pub async fn delete_preferences(&self, prefs: &[Preference]) -> Result<(), StoreError> {
        let stmts: Vec<Stmt> = prefs
            .iter()
            .map(|p| {
                (
                    "DELETE FROM preferences WHERE user_id = $1 AND category = $2 AND name = $3"
                        .to_owned(),
                    params![&p.user_id, &p.category, &p.name],
                )
            })
            .collect();
        self.db.transaction(stmts).await?;
        Ok(())
    }
}
