//! The server's settings while it runs: one [`Config`] that readers load cheaply and an admin can
//! replace through `GET /config` and `PUT /config/patch`. Only the settings in [`LIVE_SETTINGS`]
//! can change this way, because everything reads them at the moment it needs them; the rest are
//! read once at start and stay in `config.json`. Changes are written to `config.json` (0600), so
//! they survive a restart.

use std::path::PathBuf;
use std::sync::Arc;

use arc_swap::ArcSwap;
use serde_json::{Map, Value};

use super::{App, Caller, Error, Result};
use crate::config::Config;

/// `(section, field)` of the settings an admin can change while the server runs.
pub const LIVE_SETTINGS: &[(&str, &str)] = &[
    ("ServiceSettings", "SiteURL"),
    ("TeamSettings", "SiteName"),
    ("TeamSettings", "EnableOpenServer"),
    ("FileSettings", "MaxFileSize"),
];

/// `(section, field)` of settings never sent back to a client; Mattermost shows this mask instead.
const SECRET_SETTINGS: &[(&str, &str)] = &[
    ("SqlSettings", "DataSource"),
    ("EmailSettings", "SMTPPassword"),
    ("BackupSettings", "EncryptionPassphrase"),
];
const MASK: &str = "********************************";

/// The largest file size an admin can allow: 1 TiB.
const MAX_FILE_SIZE_LIMIT: u64 = 1 << 40;

pub struct LiveConfig {
    current: ArcSwap<Config>,
    /// Where admin changes are saved.
    file: PathBuf,
}

impl LiveConfig {
    pub fn new(config: Config, file: PathBuf) -> Self {
        Self {
            current: ArcSwap::from_pointee(config),
            file,
        }
    }

    pub fn get(&self) -> Arc<Config> {
        self.current.load_full()
    }

    /// The config file admin changes are saved to.
    pub fn file(&self) -> &std::path::Path {
        &self.file
    }
}

/// The config as JSON with secrets masked.
fn masked(config: &Config) -> Value {
    let mut tree = serde_json::to_value(config).expect("config serializes");
    for (section, field) in SECRET_SETTINGS {
        if let Some(v) = tree.pointer_mut(&format!("/{section}/{field}"))
            && v.as_str().is_some_and(|s| !s.is_empty())
        {
            *v = Value::from(MASK);
        }
    }
    tree
}

/// The settings whose value in `patch` differs from `current`, with the new values. Sections and
/// fields Hearth does not have are ignored, as are masked secrets sent back unchanged.
fn changes(current: &Value, patch: &Value) -> Result<Vec<(String, String, Value)>> {
    let Some(patch) = patch.as_object() else {
        return Err(Error::bad_request(
            "api.config.patch.invalid",
            "The config patch must be a JSON object of sections.",
        ));
    };
    let mut changed = Vec::new();
    for (section, fields) in patch {
        let (Some(have), Some(fields)) = (current.get(section), fields.as_object()) else {
            continue;
        };
        for (field, value) in fields {
            let Some(old) = have.get(field) else { continue };
            if old != value && value != MASK {
                changed.push((section.clone(), field.clone(), value.clone()));
            }
        }
    }
    Ok(changed)
}

fn check_live(section: &str, field: &str) -> Result<()> {
    if !LIVE_SETTINGS.contains(&(section, field)) {
        return Err(Error::bad_request(
            "api.config.update.read_only",
            format!(
                "{section}.{field} can only be changed in config.json; it takes effect after a restart."
            ),
        ));
    }
    let var = format!("HEARTH_{}_{}", section.to_uppercase(), field.to_uppercase());
    if std::env::var_os(&var).is_some() {
        return Err(Error::bad_request(
            "api.config.update.env_override",
            format!("{section}.{field} is set by the environment variable {var}; change it there."),
        ));
    }
    Ok(())
}

fn invalid(setting: &str, reason: &str) -> Error {
    Error::bad_request("api.config.update.invalid", format!("{setting}: {reason}"))
}

fn validate(config: &Config) -> Result<()> {
    let url = &config.service_settings.site_url;
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    if !url.is_empty()
        && after_scheme.is_none_or(|rest| rest.is_empty() || rest.contains(char::is_whitespace))
    {
        return Err(invalid(
            "ServiceSettings.SiteURL",
            "must start with http:// or https:// and name a host, like https://chat.example.com",
        ));
    }
    let size = config.file_settings.max_file_size;
    if !(1..=MAX_FILE_SIZE_LIMIT).contains(&size) {
        return Err(invalid(
            "FileSettings.MaxFileSize",
            "must be between 1 byte and 1 TiB",
        ));
    }
    if config.team_settings.site_name.chars().count() > 30 {
        return Err(invalid(
            "TeamSettings.SiteName",
            "must be at most 30 characters",
        ));
    }
    Ok(())
}

/// Writes `changed` (section, field, value) into the config file, keeping everything else in
/// it, replacing it atomically.
pub fn save_settings(
    file: &std::path::Path,
    changed: &[(String, String, Value)],
) -> std::io::Result<()> {
    let mut tree = match std::fs::read_to_string(file) {
        Ok(text) => serde_json::from_str(&text).map_err(std::io::Error::other)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Value::Object(Map::new()),
        Err(e) => return Err(e),
    };
    for (section, field, value) in changed {
        let Some(root) = tree.as_object_mut() else {
            return Err(std::io::Error::other(
                "the config file is not a JSON object",
            ));
        };
        let entry = root
            .entry(section.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(fields) = entry.as_object_mut() {
            fields.insert(field.clone(), value.clone());
        }
    }
    let text = serde_json::to_string_pretty(&tree).map_err(std::io::Error::other)?;
    crate::private_file::write(file, text.as_bytes())
}

impl App {
    /// The settings in effect now.
    pub fn config(&self) -> Arc<Config> {
        self.config.get()
    }

    /// `GET /config`: the whole config, secrets masked. System admins only.
    pub fn config_for_admin(&self, caller: &Caller) -> Result<Value> {
        caller.require_system_admin()?;
        Ok(masked(&self.config()))
    }

    /// `PUT /config/patch` (and `PUT /config`): applies the changed live settings, saves them to
    /// `config.json` and returns the new config. Nothing changes if any part is refused.
    pub async fn patch_config(&self, caller: &Caller, patch: Value) -> Result<Value> {
        caller.require_system_admin()?;
        let current = self.config();
        let mut tree = serde_json::to_value(&*current).expect("config serializes");
        let changed = changes(&tree, &patch)?;
        for (section, field, value) in &changed {
            check_live(section, field)?;
            tree[section.as_str()][field.as_str()] = value.clone();
        }
        if changed.is_empty() {
            return Ok(masked(&current));
        }
        let next: Config =
            serde_json::from_value(tree).map_err(|e| invalid("config", &e.to_string()))?;
        validate(&next)?;
        let file = self.config.file.clone();
        let to_save = changed.clone();
        tokio::task::spawn_blocking(move || save_settings(&file, &to_save))
            .await
            .map_err(|e| Error::internal("saving config", e))?
            .map_err(|e| {
                tracing::error!(file = %self.config.file.display(), error = %e, "could not save the config; check the file's permissions and free space");
                Error::internal("saving config", e)
            })?;
        let settings: Vec<String> = changed.iter().map(|(s, f, _)| format!("{s}.{f}")).collect();
        tracing::info!(admin = %caller.user_id(), ?settings, "settings changed");
        self.config.current.store(Arc::new(next));
        Ok(masked(&self.config()))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn changes_ignore_unknown_and_unchanged_and_masked() {
        let current = json!({"A": {"x": 1, "secret": "s"}, "B": {"y": true}});
        let patch =
            json!({"A": {"x": 1, "secret": MASK, "new": 5}, "B": {"y": false}, "C": {"z": 1}});
        let found = changes(&current, &patch).unwrap();
        assert_eq!(found, vec![("B".into(), "y".into(), json!(false))]);
    }

    #[test]
    fn only_live_settings_change() {
        assert!(check_live("FileSettings", "MaxFileSize").is_ok());
        assert!(check_live("SqlSettings", "DriverName").is_err());
    }

    #[test]
    fn site_url_and_size_are_checked() {
        let mut config = Config::default();
        for bad in ["chat.example.com", "https://", "ftp://x", "https://a b"] {
            config.service_settings.site_url = bad.into();
            assert!(validate(&config).is_err(), "{bad}");
        }
        config.service_settings.site_url = "https://chat.example.com".into();
        assert!(validate(&config).is_ok());
        config.file_settings.max_file_size = 0;
        assert!(validate(&config).is_err());
    }

    #[test]
    fn secrets_are_masked() {
        let mut config = Config::default();
        config.sql_settings.data_source = "postgres://u:pw@h/db".into();
        let tree = masked(&config);
        assert_eq!(tree["SqlSettings"]["DataSource"], MASK);
    }
}
