//! The appliance's health report: what `hearth status --json` prints and Hearth Manager reads
//! (for its tray colour, status window and notifications). One definition for both ends.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Warning,
    Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub level: Level,
    /// What was found, for programs (Hearth Manager's notifications): `ok`, `server_down`,
    /// `server_error`, `certificate_missing`, `certificate_expiring`, `certificate_expired`,
    /// `config_invalid`, `storage_problem`, `backups_off`, `backup_failed`, `backup_stale`,
    /// `no_backup`, `backup_history_unreadable`.
    pub code: String,
    /// What was found and what to do, in words.
    pub message: String,
}

impl Check {
    pub fn new(level: Level, code: &str, message: impl Into<String>) -> Check {
        Check {
            level,
            code: code.into(),
            message: message.into(),
        }
    }

    pub fn ok(message: impl Into<String>) -> Check {
        Check::new(Level::Ok, "ok", message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// The worst of the checks: the tray icon's colour.
    pub overall: Level,
    pub server: Check,
    pub certificate: Check,
    pub storage: Check,
    pub backup: Check,
    /// People whose presence is not offline (None when the database cannot be read).
    pub people_online: Option<usize>,
}

impl Health {
    /// The report of these checks, `overall` being the worst of them.
    pub fn new(
        server: Check,
        certificate: Check,
        storage: Check,
        backup: Check,
        people_online: Option<usize>,
    ) -> Health {
        let overall = [&server, &certificate, &storage, &backup]
            .iter()
            .map(|c| c.level)
            .max()
            .unwrap_or(Level::Ok);
        Health {
            overall,
            server,
            certificate,
            storage,
            backup,
            people_online,
        }
    }

    /// The checks by name, in the order they are shown.
    pub fn checks(&self) -> [(&'static str, &Check); 4] {
        [
            ("server", &self.server),
            ("certificate", &self.certificate),
            ("storage", &self.storage),
            ("backup", &self.backup),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overall_is_the_worst_check() {
        let ok = Check::ok("fine");
        let warned = Check::new(Level::Warning, "backups_off", "off");
        let down = Check::new(Level::Problem, "server_down", "nothing answers");
        let all_ok = Health::new(ok.clone(), ok.clone(), ok.clone(), ok.clone(), None);
        assert_eq!(all_ok.overall, Level::Ok);
        let health = Health::new(down, ok.clone(), ok, warned, Some(2));
        assert_eq!(health.overall, Level::Problem);
        let json = serde_json::to_value(&health).unwrap();
        assert_eq!(json["server"]["code"], "server_down");
        assert_eq!(serde_json::from_value::<Health>(json).unwrap(), health);
    }
}
