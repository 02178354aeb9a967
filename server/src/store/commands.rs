//! Custom slash commands, unique by trigger within a team.

use super::{Row, Store, StoreError};
use crate::model::Command;
use crate::params;

const COMMAND_COLUMNS: &str = "id, token, create_at, update_at, creator_id, team_id, trigger, \
    method, url, username, icon_url, auto_complete, auto_complete_desc, auto_complete_hint, \
    display_name, description";

fn command_from_row(r: &Row) -> Result<Command, StoreError> {
    Ok(Command {
        id: r.get(0)?,
        token: r.get(1)?,
        create_at: r.get(2)?,
        update_at: r.get(3)?,
        creator_id: r.get(4)?,
        team_id: r.get(5)?,
        trigger: r.get(6)?,
        method: r.get(7)?,
        url: r.get(8)?,
        username: r.get(9)?,
        icon_url: r.get(10)?,
        auto_complete: r.get(11)?,
        auto_complete_desc: r.get(12)?,
        auto_complete_hint: r.get(13)?,
        display_name: r.get(14)?,
        description: r.get(15)?,
        delete_at: 0,
    })
}

impl Store {
    /// Inserts or replaces a command. `Conflict` when the team already has the trigger.
    pub async fn save_command(&self, c: &Command) -> Result<(), StoreError> {
        self.db
            .execute(
                &format!(
                    "INSERT INTO commands ({COMMAND_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, \
                     $8, $9, $10, $11, $12, $13, $14, $15, $16) \
                     ON CONFLICT (id) DO UPDATE SET token = excluded.token, \
                     update_at = excluded.update_at, team_id = excluded.team_id, \
                     trigger = excluded.trigger, method = excluded.method, url = excluded.url, \
                     username = excluded.username, icon_url = excluded.icon_url, \
                     auto_complete = excluded.auto_complete, \
                     auto_complete_desc = excluded.auto_complete_desc, \
                     auto_complete_hint = excluded.auto_complete_hint, \
                     display_name = excluded.display_name, description = excluded.description"
                ),
                params![
                    &c.id,
                    &c.token,
                    c.create_at,
                    c.update_at,
                    &c.creator_id,
                    &c.team_id,
                    &c.trigger,
                    &c.method,
                    &c.url,
                    &c.username,
                    &c.icon_url,
                    c.auto_complete,
                    &c.auto_complete_desc,
                    &c.auto_complete_hint,
                    &c.display_name,
                    &c.description
                ],
            )
            .await?;
        Ok(())
    }

    pub async fn command(&self, id: &str) -> Result<Option<Command>, StoreError> {
        let sql = format!("SELECT {COMMAND_COLUMNS} FROM commands WHERE id = $1");
        let row = self.db.query_opt(&sql, params![id]).await?;
        row.as_ref().map(command_from_row).transpose()
    }

    pub async fn command_by_trigger(
        &self,
        team_id: &str,
        trigger: &str,
    ) -> Result<Option<Command>, StoreError> {
        let sql =
            format!("SELECT {COMMAND_COLUMNS} FROM commands WHERE team_id = $1 AND trigger = $2");
        let row = self.db.query_opt(&sql, params![team_id, trigger]).await?;
        row.as_ref().map(command_from_row).transpose()
    }

    pub async fn team_commands(&self, team_id: &str) -> Result<Vec<Command>, StoreError> {
        let sql =
            format!("SELECT {COMMAND_COLUMNS} FROM commands WHERE team_id = $1 ORDER BY trigger");
        self.db
            .query(&sql, params![team_id])
            .await?
            .iter()
            .map(command_from_row)
            .collect()
    }

    pub async fn delete_command(&self, id: &str) -> Result<u64, StoreError> {
        self.db
            .execute("DELETE FROM commands WHERE id = $1", params![id])
            .await
    }
}
