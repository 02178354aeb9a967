//! Command-line pieces shared by `hearth serve`, `hearth backup` and later `hearth setup`:
//! where the data directory, config file and database are, and loading the config from them.

use std::path::PathBuf;

use crate::config::{Config, ConfigError};

#[derive(clap::Args, Debug, Clone)]
pub struct DataArgs {
    /// Directory for the database, files and config.
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Config file (default: <data dir>/config.json when it exists).
    #[arg(long, env = "HEARTH_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database URL; a postgres:// URL selects PostgreSQL, anything else is a SQLite file path.
    #[arg(long, env = "HEARTH_DATABASE")]
    pub database: Option<String>,
}

impl DataArgs {
    /// The config file: `--config`, else `<data dir>/config.json`. Admin changes are saved there.
    pub fn config_file(&self) -> PathBuf {
        self.config
            .clone()
            .unwrap_or_else(|| self.data_dir.join("config.json"))
    }

    /// Loads the config (defaults, the file if there is one, `HEARTH_*` variables) with
    /// `--database` applied.
    pub fn load(&self) -> Result<Config, ConfigError> {
        let file = self.config_file();
        let existing = (self.config.is_some() || file.exists()).then_some(file.as_path());
        let mut config = Config::load(existing, std::env::vars())?;
        if let Some(url) = &self.database {
            config.sql_settings.set_database(url);
        }
        Ok(config)
    }
}
