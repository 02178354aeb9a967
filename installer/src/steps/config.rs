//! `config.json`: the address and TLS mode, the database, and backups, merged into whatever the
//! file holds already (other settings are kept). 0600, owned by the system account. A
//! PostgreSQL password is made once and kept on later runs.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::{Context, Step, StepError, StepProgress};
use crate::answers::{AddressMode, Answers, DatabaseKind};

pub struct Config;

/// Where the config lives (on the target system).
pub fn config_file(answers: &Answers) -> PathBuf {
    answers.data_dir.join("config.json")
}

/// The host name people use: the answer, else this box's name.
pub fn host_name(ctx: &Context) -> String {
    if !ctx.answers.address.domain.is_empty() {
        return ctx.answers.address.domain.clone();
    }
    std::fs::read_to_string(ctx.root.join(Path::new("/etc/hostname")))
        .ok()
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Where phones and PCs download the local CA's root for an office-network install: the
/// plain-HTTP port, which they can open before they trust the CA (HTTPS would warn first).
pub fn ca_download_url(ctx: &Context) -> Option<String> {
    let address = &ctx.answers.address;
    (address.mode == AddressMode::Lan).then(|| {
        let port = match address.redirect_port {
            80 => String::new(),
            port => format!(":{port}"),
        };
        format!("http://{}{port}/api/v4/hearth/tls/root.pem", host_name(ctx))
    })
}

/// The address people open.
pub fn site_url(ctx: &Context) -> String {
    let address = &ctx.answers.address;
    let (scheme, default_port) = match address.mode {
        AddressMode::Http => ("http", 80),
        _ => ("https", 443),
    };
    let port = if address.port == default_port {
        String::new()
    } else {
        format!(":{}", address.port)
    };
    format!("{scheme}://{}{port}", host_name(ctx))
}

fn read_tree(path: &Path) -> Result<Value, StepError> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            StepError::new(
                format!("{} is not valid JSON: {e}", path.display()),
                "fix or remove the file, then run setup again",
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Value::Object(Map::new())),
        Err(e) => Err(StepError::new(
            format!("cannot read {}: {e}", path.display()),
            "run setup as root",
        )),
    }
}

/// The PostgreSQL URL: the one already configured for the same role and database, else one
/// with a new random password.
fn postgres_url(ctx: &Context, existing: &Value) -> String {
    let pg = &ctx.answers.postgres;
    let prefix = format!("postgres://{}:", pg.role);
    let suffix = format!("@127.0.0.1:{}/{}", pg.port, pg.database);
    if let Some(url) = existing["SqlSettings"]["DataSource"].as_str()
        && url.starts_with(&prefix)
        && url.ends_with(&suffix)
    {
        return url.to_string();
    }
    let password: String = (0..32)
        .map(|_| {
            const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
            ALPHABET[rand::random_range(0..ALPHABET.len())] as char
        })
        .collect();
    format!("{prefix}{password}{suffix}")
}

/// The settings setup decides, by section.
fn desired(ctx: &Context, existing: &Value) -> Value {
    let answers = ctx.answers;
    let address = &answers.address;
    let tls = address.mode != AddressMode::Http;
    let (driver, source) = match answers.database {
        DatabaseKind::Sqlite => ("sqlite3", String::new()),
        DatabaseKind::Postgres => ("postgres", postgres_url(ctx, existing)),
    };
    json!({
        "ServiceSettings": {
            "SiteURL": site_url(ctx),
            "ListenAddress": format!(":{}", address.port),
            "ConnectionSecurity": if tls { "TLS" } else { "" },
            "UseLetsEncrypt": address.mode == AddressMode::Internet,
            "Forward80To443": tls,
            "HTTPListenAddress": if tls { format!(":{}", address.redirect_port) } else { String::new() },
        },
        "SqlSettings": {"DriverName": driver, "DataSource": source},
        "BackupSettings": {
            "Enable": !answers.backup.target.trim().is_empty(),
            "Target": answers.backup.target.trim(),
            "Time": answers.backup.time,
        },
    })
}

/// The settings of `want` that `tree` does not have yet.
fn missing(tree: &Value, want: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (section, fields) in want.as_object().expect("an object") {
        for (field, value) in fields.as_object().expect("sections are objects") {
            if tree[section][field] != *value {
                out.push((section.clone(), field.clone(), value.clone()));
            }
        }
    }
    out
}

impl Config {
    fn path(ctx: &Context) -> PathBuf {
        ctx.root.join(&config_file(ctx.answers))
    }
}

impl Step for Config {
    fn id(&self) -> &'static str {
        "config"
    }

    fn describe(&self, answers: &Answers) -> String {
        let database = match answers.database {
            DatabaseKind::Sqlite => "the embedded SQLite database".to_string(),
            DatabaseKind::Postgres => {
                format!("PostgreSQL database \"{}\"", answers.postgres.database)
            }
        };
        let backups = if answers.backup.target.trim().is_empty() {
            "no backups".to_string()
        } else {
            format!(
                "nightly backups at {} to {}",
                answers.backup.time,
                answers.backup.target.trim()
            )
        };
        format!(
            "Write the settings to {}: {}, {database}, {backups}.",
            config_file(answers).display(),
            match answers.address.mode {
                AddressMode::Lan => "HTTPS with this box's own certificate authority",
                AddressMode::Internet => "HTTPS with a Let's Encrypt certificate",
                AddressMode::Http => "plain HTTP",
            }
        )
    }

    fn is_done(&self, ctx: &Context) -> Result<bool, StepError> {
        let path = Self::path(ctx);
        if !path.exists() {
            return Ok(false);
        }
        let tree = read_tree(&path)?;
        Ok(missing(&tree, &desired(ctx, &tree)).is_empty())
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        let path = Self::path(ctx);
        let mut tree = read_tree(&path)?;
        let want = desired(ctx, &tree);
        for (section, field, value) in missing(&tree, &want) {
            progress(0.5, &format!("setting {section}.{field}"));
            let root = tree.as_object_mut().ok_or_else(|| {
                StepError::new(
                    format!("{} is not a JSON object", path.display()),
                    "fix or remove it",
                )
            })?;
            let entry = root
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(fields) = entry.as_object_mut() {
                fields.insert(field, value);
            }
        }
        let text = serde_json::to_string_pretty(&tree).expect("JSON serializes");
        crate::root::write_file(&path, text.as_bytes(), 0o600, Some(ctx.owner()?)).map_err(|e| {
            StepError::new(
                format!("cannot write {}: {e}", path.display()),
                "run setup as root",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_differing_settings_are_missing() {
        let tree = json!({"A": {"x": 1, "keep": true}, "B": {}});
        let want = json!({"A": {"x": 1}, "B": {"y": "z"}});
        assert_eq!(
            missing(&tree, &want),
            vec![("B".into(), "y".into(), json!("z"))]
        );
    }
}
