//! What the Manager knows of this box: the root it installs under, the `hearth` binary it drives,
//! the answers setup saved (their presence means "installed") and the installed server's config.
//! Shared by every command as tauri's managed state.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Mutex;

use hearth_installer::answers::{Answers, SAVED_ANSWERS};
use hearth_installer::root::Root;

use crate::error::{CommandError, CommandResult};
use crate::options::Options;
use crate::service::TrialServer;
use crate::status::Health;

pub struct Manager {
    pub root: Root,
    pub hearth: PathBuf,
    pub update_feed: Option<String>,
    /// The server the Manager runs itself when there is no systemd to run it (a root prefix).
    pub trial: TrialServer,
    /// The last health check, for the tray and for telling what changed.
    pub health: Mutex<Option<Health>>,
    /// The tray asked for an update check that the status window has not taken yet (it may be
    /// opening, too late for the event).
    pub update_requested: std::sync::atomic::AtomicBool,
}

impl Manager {
    pub fn new(options: &Options) -> Manager {
        Manager {
            root: Root::new(&options.root),
            hearth: options.hearth_binary(),
            update_feed: options.update_feed.clone(),
            trial: TrialServer::default(),
            health: Mutex::new(None),
            update_requested: Default::default(),
        }
    }

    /// The answers the last setup saved, if Hearth was set up on this box.
    pub fn saved_answers(&self) -> Option<Answers> {
        let path = self.root.join(Path::new(SAVED_ANSWERS));
        path.is_file().then(|| Answers::load(&path).ok()).flatten()
    }

    /// Set up already: the wizard is done and the Manager watches over the server.
    pub fn installed(&self) -> bool {
        self.saved_answers().is_some_and(|answers| {
            self.root
                .join(&answers.data_dir.join("config.json"))
                .is_file()
        })
    }

    /// The data directory as seen from here (under the root).
    pub fn data_dir(&self) -> CommandResult<PathBuf> {
        self.saved_answers()
            .map(|answers| self.root.join(&answers.data_dir))
            .ok_or_else(|| {
                CommandError::new("Hearth is not set up on this box yet: run the wizard")
            })
    }

    /// The address people use, from the installed config's `ServiceSettings.SiteURL`.
    pub fn site_url(&self) -> CommandResult<String> {
        let config = self.data_dir()?.join("config.json");
        let text = std::fs::read_to_string(&config)
            .map_err(|e| CommandError::new(format!("cannot read {}: {e}", config.display())))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| CommandError::new(format!("{} is not JSON: {e}", config.display())))?;
        value["ServiceSettings"]["SiteURL"]
            .as_str()
            .filter(|url| !url.is_empty())
            .map(|url| url.trim_end_matches('/').to_owned())
            .ok_or_else(|| CommandError::new(format!("{} has no SiteURL", config.display())))
    }

    /// Runs `hearth ARGS` with the installed data directory and waits for it.
    pub async fn run_hearth(&self, args: &[&str]) -> CommandResult<Output> {
        let data_dir = self.data_dir()?;
        let mut command = self.service_account_command();
        command.args(args).arg("--data-dir").arg(&data_dir);
        command.kill_on_drop(true);
        command.output().await.map_err(|e| {
            CommandError::new(format!(
                "cannot run {}: {e}; install Hearth, or start the Manager with --hearth PATH",
                self.hearth.display()
            ))
        })
    }

    /// A command running `hearth` as the service's account on a live box when the Manager runs
    /// as root, so the files it writes in the data directory stay the server's.
    pub fn service_account_command(&self) -> tokio::process::Command {
        let account = self
            .saved_answers()
            .map(|answers| answers.system_user)
            .filter(|user| {
                self.root.is_live() && is_root() && self.root.account(user).ok().flatten().is_some()
            });
        match account {
            Some(user) => {
                let mut command = tokio::process::Command::new("runuser");
                command.args(["-u", &user, "--"]).arg(&self.hearth);
                command
            }
            None => tokio::process::Command::new(&self.hearth),
        }
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}
