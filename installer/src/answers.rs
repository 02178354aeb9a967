//! The admin's answers: where data goes, which database, the address and TLS mode, the first
//! admin and team, and backups. Read from an answers file, flags or prompts; saved (without the
//! password) so setup can be run again or repeated on a new box.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where setup keeps the answers it was given (without the password), under the root: read by
/// the next run and by Hearth Manager (which also takes it to mean "installed").
pub const SAVED_ANSWERS: &str = "/etc/hearth/setup.json";

/// Every answer setup needs. Missing fields take their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Answers {
    /// Where Hearth keeps its database, files and config.
    pub data_dir: PathBuf,
    pub database: DatabaseKind,
    pub postgres: PostgresAnswers,
    pub address: Address,
    pub admin: AdminAnswers,
    pub team: TeamAnswers,
    pub backup: BackupAnswers,
    /// The system account the service runs as.
    pub system_user: String,
    /// The `hearth` binary the service runs (default: the one running setup).
    pub hearth_binary: PathBuf,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            data_dir: "/var/lib/hearth".into(),
            database: DatabaseKind::Sqlite,
            postgres: PostgresAnswers::default(),
            address: Address::default(),
            admin: AdminAnswers::default(),
            team: TeamAnswers::default(),
            backup: BackupAnswers::default(),
            system_user: "hearth".into(),
            hearth_binary: std::env::current_exe().unwrap_or_else(|_| "/usr/bin/hearth".into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseKind {
    /// Embedded: nothing to run or tune; right for a small office.
    Sqlite,
    /// A PostgreSQL server on this box: for larger offices or a future cluster.
    Postgres,
}

/// The PostgreSQL server to make Hearth's role and database in, as its superuser through the
/// local socket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PostgresAnswers {
    /// Install PostgreSQL from the distribution's packages when it is missing.
    pub install: bool,
    /// The socket directory.
    pub socket_dir: PathBuf,
    pub port: u16,
    /// The superuser, and the system account it is reached as (peer authentication).
    pub superuser: String,
    pub role: String,
    pub database: String,
}

impl Default for PostgresAnswers {
    fn default() -> Self {
        PostgresAnswers {
            install: false,
            socket_dir: "/var/run/postgresql".into(),
            port: 5432,
            superuser: "postgres".into(),
            role: "hearth".into(),
            database: "hearth".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressMode {
    /// Reached on the office network only: HTTPS with Hearth's own certificate authority.
    Lan,
    /// Reached from the internet at a domain: HTTPS with a Let's Encrypt certificate.
    Internet,
    /// Plain HTTP (behind another HTTPS proxy, or for trying Hearth out).
    Http,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Address {
    pub mode: AddressMode,
    /// The name people use: required for `internet`; for `lan` optional (default: this box's
    /// host name).
    pub domain: String,
    /// The HTTPS port (or the HTTP port in `http` mode).
    pub port: u16,
    /// The plain-HTTP port that redirects to HTTPS and answers Let's Encrypt (not in `http`).
    pub redirect_port: u16,
}

impl Default for Address {
    fn default() -> Self {
        Address {
            mode: AddressMode::Lan,
            domain: String::new(),
            port: 443,
            redirect_port: 80,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdminAnswers {
    pub username: String,
    pub email: String,
    /// Never saved: [`Answers::to_saved`] drops it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TeamAnswers {
    /// The URL name: lower-case letters, digits and dashes.
    pub name: String,
    pub display_name: String,
}

impl Default for TeamAnswers {
    fn default() -> Self {
        TeamAnswers {
            name: "office".into(),
            display_name: "Office".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackupAnswers {
    /// A directory (USB disk, NAS share) or `sftp://user@host[:port]/path`; empty: no backups.
    pub target: String,
    /// Local time of the nightly backup, `HH:MM`.
    pub time: String,
}

impl Default for BackupAnswers {
    fn default() -> Self {
        BackupAnswers {
            target: String::new(),
            time: "02:00".into(),
        }
    }
}

/// An answer that cannot be used, with the field it belongs to (for a wizard to show beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerError {
    /// Dotted field name: `admin.email`.
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl Answers {
    /// Reads an answers file (JSON).
    pub fn load(path: &Path) -> Result<Answers, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the answers file {}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("the answers file {} is not valid: {e}", path.display()))
    }

    /// The answers as saved: everything but the admin's password.
    pub fn to_saved(&self) -> Answers {
        let mut saved = self.clone();
        saved.admin.password.clear();
        saved
    }

    /// Checks the answers; `needs_password` when the first admin is still to be made.
    pub fn validate(&self, needs_password: bool) -> Vec<AnswerError> {
        let mut errors = Vec::new();
        let mut fail = |field, message: &str| {
            errors.push(AnswerError {
                field,
                message: message.into(),
            })
        };
        if !self.data_dir.is_absolute() {
            fail("data_dir", "must be an absolute path, like /srv/hearth");
        }
        if self.address.mode == AddressMode::Internet && !is_domain(&self.address.domain) {
            fail(
                "address.domain",
                "an internet address needs a domain name, like chat.example.com",
            );
        }
        if !self.address.domain.is_empty() && !is_domain(&self.address.domain) {
            fail("address.domain", "is not a host or domain name");
        }
        if self.address.port == 0 {
            fail("address.port", "must be a port number");
        }
        if self.address.mode != AddressMode::Http
            && (self.address.redirect_port == 0 || self.address.redirect_port == self.address.port)
        {
            fail(
                "address.redirect_port",
                "must be a port other than the HTTPS port",
            );
        }
        if !is_username(&self.admin.username) {
            fail(
                "admin.username",
                "3 to 22 characters: lower-case letters, digits, '.', '-' and '_', starting with a letter",
            );
        }
        if !is_email(&self.admin.email) {
            fail("admin.email", "is not an email address");
        }
        if needs_password && self.admin.password.chars().count() < 8 {
            fail("admin.password", "must be at least 8 characters");
        }
        if !is_team_name(&self.team.name) {
            fail(
                "team.name",
                "2 to 64 characters: lower-case letters, digits and dashes",
            );
        }
        if self.team.display_name.trim().is_empty() || self.team.display_name.chars().count() > 64 {
            fail("team.display_name", "must be 1 to 64 characters");
        }
        if hearth_backup::schedule::parse_time(&self.backup.time).is_err() {
            fail("backup.time", "must be a time of day like 02:00");
        }
        let target = self.backup.target.trim();
        if !target.is_empty()
            && let Err(e) = hearth_backup::TargetSpec::parse(target, PathBuf::new(), PathBuf::new())
        {
            fail("backup.target", &e.to_string());
        }
        if !is_username(&self.system_user) {
            fail("system_user", "is not a valid account name");
        }
        if self.database == DatabaseKind::Postgres {
            for (field, value) in [
                ("postgres.role", &self.postgres.role),
                ("postgres.database", &self.postgres.database),
            ] {
                if !is_identifier(value) {
                    fail(
                        field,
                        "lower-case letters, digits and '_', starting with a letter",
                    );
                }
            }
        }
        errors
    }
}

fn is_domain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn is_username(name: &str) -> bool {
    (3..=22).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
}

fn is_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && is_domain(domain),
        None => false,
    }
}

fn is_team_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_identifier(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Answers {
        Answers {
            admin: AdminAnswers {
                username: "boss".into(),
                email: "boss@example.com".into(),
                password: "long enough".into(),
            },
            ..Answers::default()
        }
    }

    #[test]
    fn good_answers_pass_and_bad_ones_name_their_field() {
        assert_eq!(good().validate(true), vec![]);
        let mut bad = good();
        bad.address.mode = AddressMode::Internet;
        bad.admin.email = "nope".into();
        bad.backup.time = "25:00".into();
        bad.admin.password = "short".into();
        let fields: Vec<_> = bad.validate(true).into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "address.domain",
                "admin.email",
                "admin.password",
                "backup.time"
            ]
        );
        assert!(
            bad.validate(false)
                .iter()
                .all(|e| e.field != "admin.password")
        );
    }

    #[test]
    fn saved_answers_keep_no_password_and_read_back() {
        let saved = good().to_saved();
        let text = serde_json::to_string(&saved).unwrap();
        assert!(!text.contains("long enough") && !text.contains("password"));
        let back: Answers = serde_json::from_str(&text).unwrap();
        assert_eq!(back, saved);
        assert!(
            serde_json::from_str::<Answers>(r#"{"datadir": "/x"}"#).is_err(),
            "typos are refused"
        );
    }
}
