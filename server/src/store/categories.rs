//! Sidebar categories and the channels placed in them. Only explicit placements are stored; the app
//! puts every other channel of the user into its default category when reading.

use super::{Row, Stmt, Store, StoreError};
use crate::model::SidebarCategory;
use crate::params;

const CATEGORY_COLUMNS: &str =
    "id, user_id, team_id, type, display_name, sort_order, sorting, muted, collapsed";

fn category_from_row(r: &Row) -> Result<SidebarCategory, StoreError> {
    Ok(SidebarCategory {
        id: r.get(0)?,
        user_id: r.get(1)?,
        team_id: r.get(2)?,
        category_type: r.get(3)?,
        display_name: r.get(4)?,
        sort_order: r.get(5)?,
        sorting: r.get(6)?,
        muted: r.get(7)?,
        collapsed: r.get(8)?,
        channel_ids: vec![],
    })
}

/// Inserts `c` unless a category with its id exists (default categories have fixed ids, so
/// two first visits racing each other create them once).
fn insert_category_stmt(c: &SidebarCategory) -> Stmt {
    (
        format!(
            "INSERT INTO sidebar_categories ({CATEGORY_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING"
        ),
        params![
            &c.id,
            &c.user_id,
            &c.team_id,
            &c.category_type,
            &c.display_name,
            c.sort_order,
            &c.sorting,
            c.muted,
            c.collapsed,
        ],
    )
}

/// Statements that make `c.channel_ids` exactly the channels placed in `c`, in that order, taking
/// each of them out of the user's other categories on the same team.
fn place_channels_stmts(c: &SidebarCategory) -> Vec<Stmt> {
    let mut stmts: Vec<Stmt> = vec![(
        "DELETE FROM sidebar_channels WHERE category_id = $1".into(),
        params![&c.id],
    )];
    for (i, channel_id) in c.channel_ids.iter().enumerate() {
        stmts.push((
            "DELETE FROM sidebar_channels WHERE user_id = $1 AND channel_id = $2 AND category_id IN \
             (SELECT id FROM sidebar_categories WHERE user_id = $1 AND team_id = $3)"
                .into(),
            params![&c.user_id, channel_id, &c.team_id],
        ));
        stmts.push((
            "INSERT INTO sidebar_channels (category_id, user_id, channel_id, sort_order) \
             VALUES ($1, $2, $3, $4)"
                .into(),
            params![&c.id, &c.user_id, channel_id, i as i64 * 10],
        ));
    }
    stmts
}

impl Store {
    /// The user's categories on a team in display order, without their channels.
    pub async fn sidebar_categories(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> Result<Vec<SidebarCategory>, StoreError> {
        let sql = format!(
            "SELECT {CATEGORY_COLUMNS} FROM sidebar_categories WHERE user_id = $1 AND team_id = $2 \
             ORDER BY sort_order, id"
        );
        let rows = self.db.query(&sql, params![user_id, team_id]).await?;
        rows.iter().map(category_from_row).collect()
    }

    /// Stored placements `(category_id, channel_id)` of the user's categories on a team, in order.
    pub async fn sidebar_placements(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT category_id, channel_id FROM sidebar_channels WHERE user_id = $1 AND \
                 category_id IN (SELECT id FROM sidebar_categories WHERE user_id = $1 AND team_id = $2) \
                 ORDER BY sort_order, channel_id",
                params![user_id, team_id],
            )
            .await?;
        rows.iter().map(|r| Ok((r.get(0)?, r.get(1)?))).collect()
    }

    /// Creates categories that do not exist yet (by id).
    pub async fn insert_categories(&self, cats: &[SidebarCategory]) -> Result<(), StoreError> {
        self.db
            .transaction(cats.iter().map(insert_category_stmt).collect())
            .await?;
        Ok(())
    }

    /// Creates a custom category with its channels and sets the new category order, atomically.
    pub async fn create_category(
        &self,
        cat: &SidebarCategory,
        order: &[String],
    ) -> Result<(), StoreError> {
        let mut stmts = vec![insert_category_stmt(cat)];
        stmts.extend(place_channels_stmts(cat));
        stmts.extend(order_stmts(&cat.user_id, order));
        self.db.transaction(stmts).await?;
        Ok(())
    }

    /// Saves the settings and channel placements of existing categories, atomically.
    pub async fn update_categories(&self, cats: &[SidebarCategory]) -> Result<(), StoreError> {
        let mut stmts = Vec::new();
        for c in cats {
            stmts.push((
                "UPDATE sidebar_categories SET display_name = $3, sorting = $4, muted = $5, \
                 collapsed = $6 WHERE id = $1 AND user_id = $2"
                    .into(),
                params![
                    &c.id,
                    &c.user_id,
                    &c.display_name,
                    &c.sorting,
                    c.muted,
                    c.collapsed
                ],
            ));
            stmts.extend(place_channels_stmts(c));
        }
        self.db.transaction(stmts).await?;
        Ok(())
    }

    /// Sets the display order of the user's categories to `order`.
    pub async fn set_category_order(
        &self,
        user_id: &str,
        order: &[String],
    ) -> Result<(), StoreError> {
        self.db.transaction(order_stmts(user_id, order)).await?;
        Ok(())
    }

    /// Deletes a category; its channels fall back to their default categories.
    pub async fn delete_category(&self, user_id: &str, id: &str) -> Result<(), StoreError> {
        self.db
            .transaction(vec![
                (
                    "DELETE FROM sidebar_channels WHERE category_id = $1 AND user_id = $2".into(),
                    params![id, user_id],
                ),
                (
                    "DELETE FROM sidebar_categories WHERE id = $1 AND user_id = $2".into(),
                    params![id, user_id],
                ),
            ])
            .await?;
        Ok(())
    }
}

fn order_stmts(user_id: &str, order: &[String]) -> Vec<Stmt> {
    order
        .iter()
        .enumerate()
        .map(|(i, id)| {
            (
                "UPDATE sidebar_categories SET sort_order = $3 WHERE id = $1 AND user_id = $2"
                    .into(),
                params![id, user_id, i as i64 * 10],
            )
        })
        .collect()
}
