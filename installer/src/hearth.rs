//! What setup asks of Hearth itself, which this crate does not know: the database schema, the
//! first admin and team, the local certificate authority, testing a backup target. The `hearth`
//! binary implements it with its own server code; every call is idempotent.

use std::path::Path;

use crate::answers::{AdminAnswers, TeamAnswers};

pub trait Hearth: Sync {
    /// Creates or migrates the database `config_file` names.
    fn prepare_database(&self, data_dir: &Path, config_file: &Path) -> Result<(), String>;
    /// Whether the account `username` exists.
    fn user_exists(
        &self,
        data_dir: &Path,
        config_file: &Path,
        username: &str,
    ) -> Result<bool, String>;
    /// Makes the first system admin and the team (with the admin in it).
    fn create_admin(
        &self,
        data_dir: &Path,
        config_file: &Path,
        admin: &AdminAnswers,
        team: &TeamAnswers,
    ) -> Result<(), String>;
    /// Makes (or loads) the local certificate authority in `data_dir` and returns its root
    /// certificate, PEM.
    fn prepare_local_ca(&self, data_dir: &Path) -> Result<String, String>;
    /// Connects to the configured backup target, writes and reads a file there; returns what to
    /// tell the admin (free space).
    fn check_backup_target(&self, data_dir: &Path, config_file: &Path) -> Result<String, String>;
}
