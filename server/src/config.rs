//! Configuration: one typed struct with Mattermost's section and field names, loaded once at start.
//!
//! Precedence, lowest first: built-in defaults (enough for a first run with no file at all), the
//! `config.json` file, environment variables `HEARTH_<SECTION>_<FIELD>` (upper case, as in
//! `HEARTH_SERVICESETTINGS_SITEURL`), then command-line flags applied by the binary.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The Mattermost version Hearth reports. The mobile app refuses servers older than 9.11.
pub const MATTERMOST_VERSION: &str = "10.11.0";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("environment variable {name}={value:?} does not fit {section}.{field}: {reason}")]
    Env {
        name: String,
        value: String,
        section: String,
        field: String,
        reason: String,
    },
    #[error("invalid setting {setting}: {reason}")]
    Invalid {
        setting: &'static str,
        reason: String,
    },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
/// Unknown sections are ignored so a Mattermost `config.json` can be reused as it is.
#[serde(rename_all = "PascalCase", default)]
pub struct Config {
    pub service_settings: ServiceSettings,
    pub team_settings: TeamSettings,
    pub sql_settings: SqlSettings,
    pub file_settings: FileSettings,
    pub email_settings: EmailSettings,
    pub rate_limit_settings: RateLimitSettings,
    pub guest_account_settings: GuestAccountSettings,
    pub notification_settings: NotificationSettings,
    pub backup_settings: BackupSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServiceSettings {
    /// Public URL users reach the server at, e.g. `https://chat.example.com`. Empty: derived from the request.
    #[serde(rename = "SiteURL")]
    pub site_url: String,
    /// Address to listen on, `:8065` or `127.0.0.1:8065`.
    pub listen_address: String,
    pub enable_multifactor_authentication: bool,
    /// Users without MFA are sent to set it up before they can use the API.
    pub enforce_multifactor_authentication: bool,
    pub session_length_web_in_hours: i64,
    pub session_length_mobile_in_hours: i64,
    /// Failed password attempts before an account must wait (per user).
    pub maximum_login_attempts: i64,
    pub enable_user_access_tokens: bool,
    /// Largest accepted JSON request body, in bytes.
    pub maximum_payload_size_bytes: usize,
    pub maximum_post_size: usize,
    /// Bot accounts may be created (by system admins).
    pub enable_bot_account_creation: bool,
    pub enable_incoming_webhooks: bool,
    pub enable_outgoing_webhooks: bool,
    /// Custom slash commands (built-in commands always work).
    pub enable_commands: bool,
    /// Webhooks and commands may post under another name (`override_username`).
    pub enable_post_username_override: bool,
    /// Webhooks and commands may post with another picture (`override_icon_url`).
    pub enable_post_icon_override: bool,
    /// Space-separated hosts, IP addresses or CIDR ranges on the loopback, private or link-local
    /// networks that webhooks and commands may call; every other internal address is refused.
    pub allowed_untrusted_internal_connections: String,
    /// `"TLS"`: serve HTTPS (with `TLSCertFile`/`TLSKeyFile`, else the local CA). Empty: plain HTTP.
    pub connection_security: String,
    #[serde(rename = "TLSCertFile")]
    pub tls_cert_file: String,
    #[serde(rename = "TLSKeyFile")]
    pub tls_key_file: String,
    /// With TLS: also answer plain HTTP on `HTTPListenAddress` with a redirect to HTTPS.
    #[serde(rename = "Forward80To443")]
    pub forward_80_to_443: bool,
    /// Where the plain-HTTP redirect listens (Hearth's own; Mattermost always uses `:80`).
    #[serde(rename = "HTTPListenAddress")]
    pub http_listen_address: String,
    /// With TLS: tell browsers to use HTTPS only (`Strict-Transport-Security`).
    #[serde(rename = "TLSStrictTransport")]
    pub tls_strict_transport: bool,
    #[serde(rename = "TLSStrictTransportMaxAge")]
    pub tls_strict_transport_max_age: i64,
    /// With TLS: get the certificate for SiteURL's domain from Let's Encrypt (HTTP-01 on
    /// `HTTPListenAddress`, which must be port 80 as the internet sees it).
    pub use_lets_encrypt: bool,
    /// The ACME directory (Hearth's own): Let's Encrypt's production one by default; its staging
    /// one, or any ACME server, for testing.
    #[serde(rename = "LetsEncryptDirectoryURL")]
    pub lets_encrypt_directory_url: String,
    /// A CA certificate (PEM file) to trust for the ACME server itself (Hearth's own; for a
    /// private or test ACME server).
    #[serde(rename = "LetsEncryptServerCAFile")]
    pub lets_encrypt_server_ca_file: String,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        Self {
            site_url: String::new(),
            listen_address: ":8065".into(),
            enable_multifactor_authentication: true,
            enforce_multifactor_authentication: false,
            session_length_web_in_hours: 720,
            session_length_mobile_in_hours: 720,
            maximum_login_attempts: 10,
            enable_user_access_tokens: true,
            maximum_payload_size_bytes: 1 << 20,
            maximum_post_size: 16383,
            enable_bot_account_creation: false,
            enable_incoming_webhooks: true,
            enable_outgoing_webhooks: true,
            enable_commands: true,
            enable_post_username_override: false,
            enable_post_icon_override: false,
            allowed_untrusted_internal_connections: String::new(),
            connection_security: String::new(),
            tls_cert_file: String::new(),
            tls_key_file: String::new(),
            forward_80_to_443: false,
            http_listen_address: ":80".into(),
            tls_strict_transport: true,
            tls_strict_transport_max_age: 63_072_000,
            use_lets_encrypt: false,
            lets_encrypt_directory_url: "https://acme-v02.api.letsencrypt.org/directory".into(),
            lets_encrypt_server_ca_file: String::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TeamSettings {
    pub site_name: String,
    /// Whether new accounts can be created at all (admins always can).
    pub enable_user_creation: bool,
    /// Open sign-up: anyone may create an account without an invite.
    pub enable_open_server: bool,
    pub max_users_per_team: i64,
    pub max_channels_per_team: i64,
}

impl Default for TeamSettings {
    fn default() -> Self {
        Self {
            site_name: "Hearth".into(),
            enable_user_creation: true,
            enable_open_server: false,
            max_users_per_team: 500,
            max_channels_per_team: 2000,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SqlSettings {
    /// `sqlite3` (embedded, the default) or `postgres`.
    pub driver_name: String,
    /// SQLite: path of the database file (default `<data dir>/hearth.db`); PostgreSQL: a `postgres://` URL.
    pub data_source: String,
    /// Connections kept open to PostgreSQL, or SQLite reader connections.
    pub max_open_conns: usize,
}

impl SqlSettings {
    /// Points at the database `url`: a `postgres://` URL selects PostgreSQL, anything else is a
    /// SQLite file path.
    pub fn set_database(&mut self, url: &str) {
        let postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
        self.driver_name = if postgres { "postgres" } else { "sqlite3" }.into();
        self.data_source = url.into();
    }
}

impl Default for SqlSettings {
    fn default() -> Self {
        Self {
            driver_name: "sqlite3".into(),
            data_source: String::new(),
            max_open_conns: 16,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FileSettings {
    /// The storage backend; only `local` (a directory: local disk, RAID array or NAS mount).
    pub driver_name: String,
    /// Where uploaded files live (default `<data dir>/files`).
    pub directory: String,
    /// Largest file accepted, in bytes (413 beyond it).
    pub max_file_size: u64,
    /// Whether users may upload and download files at all.
    pub enable_file_attachments: bool,
    /// Whether `GET /files/{id}/link` hands out links that work without logging in.
    pub enable_public_link: bool,
    pub enable_mobile_upload: bool,
    pub enable_mobile_download: bool,
}

impl Default for FileSettings {
    fn default() -> Self {
        Self {
            driver_name: "local".into(),
            directory: String::new(),
            max_file_size: 100 << 20,
            enable_file_attachments: true,
            enable_public_link: false,
            enable_mobile_upload: true,
            enable_mobile_download: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EmailSettings {
    pub enable_sign_up_with_email: bool,
    pub enable_sign_in_with_email: bool,
    pub enable_sign_in_with_username: bool,
    /// Email users about mentions and direct messages while they are away or offline.
    pub send_email_notifications: bool,
    /// Send push notifications through [`EmailSettings::push_notification_server`].
    pub send_push_notifications: bool,
    /// A Mattermost push proxy, e.g. `https://push.example.com`.
    pub push_notification_server: String,
    /// What a push shows: `full`, `generic`, `generic_no_channel` or `id_loaded`.
    pub push_notification_contents: String,
    #[serde(rename = "SMTPServer")]
    pub smtp_server: String,
    /// A string, as in Mattermost's config.
    #[serde(rename = "SMTPPort")]
    pub smtp_port: String,
    /// `""` (plain), `TLS` (implicit TLS) or `STARTTLS`.
    pub connection_security: String,
    #[serde(rename = "EnableSMTPAuth")]
    pub enable_smtp_auth: bool,
    #[serde(rename = "SMTPUsername")]
    pub smtp_username: String,
    #[serde(rename = "SMTPPassword")]
    pub smtp_password: Secret,
    /// Seconds to wait for the SMTP server.
    #[serde(rename = "SMTPServerTimeout")]
    pub smtp_server_timeout: u64,
    pub skip_server_certificate_verification: bool,
    /// The sender address of notification emails.
    pub feedback_email: String,
    pub feedback_name: String,
    /// `full` (the message text) or `generic` (only who wrote where).
    pub email_notification_contents_type: String,
    /// Collect a user's notifications for [`EmailSettings::email_batching_interval`] seconds
    /// and send them as one email.
    pub enable_email_batching: bool,
    /// Most notifications one batched email lists.
    pub email_batching_buffer_size: usize,
    pub email_batching_interval: u64,
}

impl Default for EmailSettings {
    fn default() -> Self {
        Self {
            enable_sign_up_with_email: true,
            enable_sign_in_with_email: true,
            enable_sign_in_with_username: true,
            send_email_notifications: false,
            send_push_notifications: false,
            push_notification_server: String::new(),
            push_notification_contents: "full".into(),
            smtp_server: String::new(),
            smtp_port: "25".into(),
            connection_security: String::new(),
            enable_smtp_auth: false,
            smtp_username: String::new(),
            smtp_password: Secret::default(),
            smtp_server_timeout: 10,
            skip_server_certificate_verification: false,
            feedback_email: String::new(),
            feedback_name: String::new(),
            email_notification_contents_type: "full".into(),
            enable_email_batching: true,
            email_batching_buffer_size: 256,
            email_batching_interval: 30,
        }
    }
}

/// A setting that must never reach a log: `Debug` hides it, serde passes it through.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "\"\""
        } else {
            "\"********\""
        })
    }
}

/// Hearth's own notification delivery settings (no Mattermost equivalent).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NotificationSettings {
    /// Deliveries tried this many times before they are given up (and logged as failed).
    pub max_attempts: i64,
    /// The first retry waits this long; each later one twice as long as the one before.
    pub retry_base_milliseconds: i64,
    /// Accept `http://` and loopback Web Push endpoints and push servers. Only for tests and
    /// closed networks: browsers' push services are always `https://` on the internet.
    pub allow_insecure_push_endpoints: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            retry_base_milliseconds: 5000,
            allow_insecure_push_endpoints: false,
        }
    }
}

/// Hearth's own nightly backups (no Mattermost equivalent).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BackupSettings {
    /// Run the nightly backup.
    pub enable: bool,
    /// Where backups go: a mounted directory (`/mnt/backup/hearth`) or a second server
    /// (`sftp://user@host[:port]/path`).
    pub target: String,
    /// The private key for SFTP (default `<data dir>/backup/id_ed25519`, made by
    /// `hearth backup key`). The server's host key is pinned on first use in
    /// `<data dir>/backup/known_hosts`.
    #[serde(rename = "SSHKeyFile")]
    pub ssh_key_file: String,
    /// Local time of day of the nightly backup, `HH:MM`.
    pub time: String,
    /// Backups kept: the newest of each of this many days, weeks and months.
    pub keep_daily: u32,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
    /// Seal backups with a key from this passphrase (for offsite targets). Keep a copy
    /// elsewhere: without it the backups cannot be restored.
    pub encryption_passphrase: Secret,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            enable: false,
            target: String::new(),
            ssh_key_file: String::new(),
            time: "02:00".into(),
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 12,
            encryption_passphrase: Secret::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RateLimitSettings {
    /// Login attempts allowed per minute from one address for one login id.
    pub login_per_minute: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            login_per_minute: 20,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GuestAccountSettings {
    pub enable: bool,
}

impl Default for GuestAccountSettings {
    fn default() -> Self {
        Self { enable: true }
    }
}

impl Config {
    /// Loads defaults, then `file` if given, then `HEARTH_*` variables from `env`.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut tree = serde_json::to_value(Config::default()).expect("defaults serialize");
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.into(),
                source,
            })?;
            let from_file: Config =
                serde_json::from_str(&text).map_err(|source| ConfigError::Parse {
                    path: path.into(),
                    source,
                })?;
            tree = serde_json::to_value(from_file).expect("config serializes");
        }
        apply_env(&mut tree, env)?;
        let config: Config = serde_json::from_value(tree).map_err(|e| ConfigError::Invalid {
            setting: "environment",
            reason: e.to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        match self.sql_settings.driver_name.as_str() {
            "sqlite3" | "postgres" => {}
            other => {
                return Err(ConfigError::Invalid {
                    setting: "SqlSettings.DriverName",
                    reason: format!("{other:?} is not supported; use \"sqlite3\" or \"postgres\""),
                });
            }
        }
        if self.file_settings.driver_name != "local" {
            return Err(ConfigError::Invalid {
                setting: "FileSettings.DriverName",
                reason: format!(
                    "{:?} is not supported; use \"local\" (a directory)",
                    self.file_settings.driver_name
                ),
            });
        }
        self.validate_notifications()?;
        if hearth_backup::schedule::parse_time(&self.backup_settings.time).is_err() {
            return Err(ConfigError::Invalid {
                setting: "BackupSettings.Time",
                reason: format!("{:?} is not HH:MM (24-hour)", self.backup_settings.time),
            });
        }
        if self.backup_settings.enable && self.backup_settings.target.trim().is_empty() {
            return Err(ConfigError::Invalid {
                setting: "BackupSettings.Target",
                reason: "backups are enabled but have no target; set a directory or \
                         sftp://user@host/path"
                    .into(),
            });
        }
        if self.service_settings.maximum_payload_size_bytes < 1024 {
            return Err(ConfigError::Invalid {
                setting: "ServiceSettings.MaximumPayloadSizeBytes",
                reason: "must be at least 1024".into(),
            });
        }
        Ok(())
    }

    fn validate_notifications(&self) -> Result<(), ConfigError> {
        let e = &self.email_settings;
        let checks: [(&'static str, &str, &[&str]); 3] = [
            (
                "EmailSettings.ConnectionSecurity",
                &e.connection_security,
                &["", "TLS", "STARTTLS"],
            ),
            (
                "EmailSettings.EmailNotificationContentsType",
                &e.email_notification_contents_type,
                &["full", "generic"],
            ),
            (
                "EmailSettings.PushNotificationContents",
                &e.push_notification_contents,
                &["full", "generic", "generic_no_channel", "id_loaded"],
            ),
        ];
        for (setting, value, allowed) in checks {
            if !allowed.contains(&value) {
                return Err(ConfigError::Invalid {
                    setting,
                    reason: format!("{value:?} is not one of {allowed:?}"),
                });
            }
        }
        if e.send_email_notifications && e.smtp_port.parse::<u16>().is_err() {
            return Err(ConfigError::Invalid {
                setting: "EmailSettings.SMTPPort",
                reason: format!("{:?} is not a port number", e.smtp_port),
            });
        }
        if self.notification_settings.max_attempts < 1 {
            return Err(ConfigError::Invalid {
                setting: "NotificationSettings.MaxAttempts",
                reason: "must be at least 1".into(),
            });
        }
        Ok(())
    }

    /// The socket address to bind, turning Mattermost's `:8065` into `0.0.0.0:8065`.
    pub fn listen_address(&self) -> String {
        bind_address(&self.service_settings.listen_address)
    }
}

/// A bindable address from a listen setting: `:8065` means every interface.
pub fn bind_address(addr: &str) -> String {
    if addr.starts_with(':') {
        format!("0.0.0.0{addr}")
    } else {
        addr.to_owned()
    }
}

/// Overrides fields of `tree` from `HEARTH_<SECTION>_<FIELD>` variables, parsing each value as the
/// type the field already has.
fn apply_env(
    tree: &mut Value,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(), ConfigError> {
    let sections = tree.as_object_mut().expect("config is an object");
    for (name, value) in env {
        let Some(rest) = name.strip_prefix("HEARTH_") else {
            continue;
        };
        for (section_name, section) in sections.iter_mut() {
            let prefix = format!("{}_", section_name.to_uppercase());
            let Some(field_upper) = rest.strip_prefix(&prefix) else {
                continue;
            };
            let fields = section.as_object_mut().expect("sections are objects");
            let Some((field_name, slot)) = fields
                .iter_mut()
                .find(|(k, _)| k.to_uppercase() == field_upper)
            else {
                continue;
            };
            let error = |reason: &str| ConfigError::Env {
                name: name.clone(),
                value: value.clone(),
                section: section_name.clone(),
                field: field_name.clone(),
                reason: reason.into(),
            };
            *slot = match slot {
                Value::Bool(_) => {
                    Value::Bool(value.parse().map_err(|_| error("expected true or false"))?)
                }
                Value::Number(_) => {
                    Value::Number(value.parse().map_err(|_| error("expected a number"))?)
                }
                _ => Value::String(value.clone()),
            };
        }
    }
    Ok(())
}

/// Where the SQLite database file lives when no DataSource is configured.
pub fn default_sqlite_path(data_dir: &Path) -> PathBuf {
    data_dir.join("hearth.db")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_need_no_file() {
        let config = Config::load(None, env(&[])).unwrap();
        assert_eq!(config.listen_address(), "0.0.0.0:8065");
        assert_eq!(config.sql_settings.driver_name, "sqlite3");
    }

    #[test]
    fn environment_overrides_typed_fields() {
        let config = Config::load(
            None,
            env(&[
                ("HEARTH_SERVICESETTINGS_SITEURL", "https://chat.example.com"),
                ("HEARTH_TEAMSETTINGS_ENABLEOPENSERVER", "true"),
                ("HEARTH_FILESETTINGS_MAXFILESIZE", "1234"),
                ("UNRELATED", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(config.service_settings.site_url, "https://chat.example.com");
        assert!(config.team_settings.enable_open_server);
        assert_eq!(config.file_settings.max_file_size, 1234);
    }

    #[test]
    fn bad_environment_value_names_the_setting() {
        let err = Config::load(
            None,
            env(&[("HEARTH_TEAMSETTINGS_ENABLEOPENSERVER", "maybe")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("TeamSettings.EnableOpenServer"), "{err}");
    }

    #[test]
    fn smtp_password_never_shows_in_debug() {
        let config = Config::load(
            None,
            env(&[("HEARTH_EMAILSETTINGS_SMTPPASSWORD", "hunter2-secret")]),
        )
        .unwrap();
        assert_eq!(config.email_settings.smtp_password.0, "hunter2-secret");
        assert!(!format!("{config:?}").contains("hunter2"));
        let err = Config::load(
            None,
            env(&[("HEARTH_EMAILSETTINGS_CONNECTIONSECURITY", "SSL")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("ConnectionSecurity"), "{err}");
    }

    #[test]
    fn file_with_wrong_types_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, r#"{"TeamSettings": {"EnableOpenServer": "yes"}}"#).unwrap();
        assert!(matches!(
            Config::load(Some(&path), env(&[])),
            Err(ConfigError::Parse { .. })
        ));
        std::fs::write(&path, r#"{"SqlSettings": {"DriverName": "mysql"}}"#).unwrap();
        assert!(matches!(
            Config::load(Some(&path), env(&[])),
            Err(ConfigError::Invalid { .. })
        ));
    }
}
