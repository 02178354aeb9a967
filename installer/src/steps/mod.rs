//! The steps of an install. Each says in plain words what it will do, checks whether it is done
//! already (so running setup again changes nothing that is right), acts, and verifies.

mod backup_target;
mod config;
mod database;
mod directories;
mod first_admin;
mod local_ca;
mod postgres_install;
mod service;
mod system_user;

use std::path::PathBuf;

pub use backup_target::BackupTarget;
pub use config::{Config, ca_download_url, config_file, site_url};
pub use database::Database;
pub use directories::Directories;
pub use first_admin::FirstAdmin;
pub use local_ca::LocalCa;
pub use postgres_install::PostgresInstall;
pub use service::{Service, unit_file};
pub use system_user::SystemUser;

use crate::answers::Answers;
use crate::hearth::Hearth;
use crate::root::Root;

/// What a step works with.
pub struct Context<'a> {
    pub root: &'a Root,
    pub answers: &'a Answers,
    pub hearth: &'a dyn Hearth,
}

impl Context<'_> {
    /// The data directory as seen from here (under the root prefix).
    pub fn data_dir(&self) -> PathBuf {
        self.root.join(&self.answers.data_dir)
    }

    /// The system account's uid and gid, once it exists.
    pub fn owner(&self) -> Result<(u32, u32), StepError> {
        let user = &self.answers.system_user;
        match self.root.account(user) {
            Ok(Some(ids)) => Ok(ids),
            Ok(None) => Err(StepError::new(
                format!("the system account {user} does not exist"),
                "run setup again: its first step makes the account",
            )),
            Err(e) => Err(StepError::new(
                format!("cannot read the account list: {e}"),
                "check that /etc/passwd is readable",
            )),
        }
    }

    /// Gives the data directory to the system account (after a step made files in it).
    pub fn own_data_dir(&self) -> Result<(), StepError> {
        let (uid, gid) = self.owner()?;
        crate::root::chown_tree(&self.data_dir(), uid, gid).map_err(|e| {
            StepError::new(
                format!(
                    "cannot give {} to {}: {e}",
                    self.answers.data_dir.display(),
                    self.answers.system_user
                ),
                "run setup as root",
            )
        })
    }
}

/// Why a step failed, and what the admin can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError {
    pub message: String,
    pub fix: String,
}

impl StepError {
    pub fn new(message: impl Into<String>, fix: impl Into<String>) -> StepError {
        StepError {
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// Reports progress within a step: a fraction of it done (0 to 1) and what is happening.
pub type StepProgress<'a> = &'a dyn Fn(f32, &str);

pub trait Step: Send + Sync {
    /// A stable name for events and the log: `system_user`.
    fn id(&self) -> &'static str;
    /// What the step does, in plain words, for the plan shown before anything changes.
    fn describe(&self, answers: &Answers) -> String;
    /// Whether what the step makes is there and right already.
    fn is_done(&self, ctx: &Context) -> Result<bool, StepError>;
    /// Does it.
    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError>;
    /// Whether the step only tests something (it changes nothing, so it runs every time).
    fn only_checks(&self) -> bool {
        false
    }
    /// Checks that it worked; by default, that it now counts as done.
    fn verify(&self, ctx: &Context) -> Result<(), StepError> {
        if self.is_done(ctx)? {
            Ok(())
        } else {
            Err(StepError::new(
                format!("{} did not take effect", self.id()),
                "see the log above, fix what it names, and run setup again",
            ))
        }
    }
}

/// Runs `program args`; a failure becomes a step error with its standard error.
pub fn run(program: &str, args: &[&str], fix: &str) -> Result<String, StepError> {
    let output = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| StepError::new(format!("cannot run {program}: {e}"), fix))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(StepError::new(
            format!("{program} failed ({}): {}", output.status, stderr.trim()),
            fix,
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
