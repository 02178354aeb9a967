//! What the Manager knows of this box: the root it installs under, the `hearth` binary it drives,
//! the answers setup saved (their presence means "installed") and the installed server's config.
//! Shared by every command as tauri's managed state.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Mutex;

use tokio::io::AsyncBufReadExt;

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
    /// The last health check and when it was made: for the tray, for telling what changed, and
    /// for not checking again sooner than needed.
    pub health: Mutex<Option<(std::time::Instant, Health)>>,
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

    /// Set up already: the wizard is done and the Manager watches over the server.
    pub fn installed(&self) -> bool {
        read_installed(&self.root).is_ok()
    }

    /// What setup left on this box.
    pub async fn installed_box(&self) -> CommandResult<Installed> {
        let root = self.root.clone();
        blocking(move || read_installed(&root)).await?
    }

    /// Runs `hearth ARGS` with the installed data directory and waits for it.
    pub async fn run_hearth(&self, args: &[&str]) -> CommandResult<Output> {
        let installed = self.installed_box().await?;
        // On a live box, as the service's account when the Manager runs as root, so the files
        // it writes in the data directory stay the server's.
        let mut command = match &installed.service_account {
            Some(user) => {
                let mut command = tokio::process::Command::new("runuser");
                command.args(["-u", user, "--"]).arg(&self.hearth);
                command
            }
            None => tokio::process::Command::new(&self.hearth),
        };
        command
            .args(args)
            .arg("--data-dir")
            .arg(&installed.data_dir);
        command.kill_on_drop(true);
        command.output().await.map_err(|e| {
            CommandError::new(format!(
                "cannot run {}: {e}; install Hearth, or start the Manager with --hearth PATH",
                self.hearth.display()
            ))
        })
    }
}

/// What setup left on this box, read together.
pub struct Installed {
    /// The data directory as seen from here (under the root).
    pub data_dir: PathBuf,
    /// The address people use, from the config's `ServiceSettings.SiteURL`.
    pub site_url: CommandResult<String>,
    /// The account `hearth` commands run as: the service's on a live box when the Manager runs
    /// as root, else none (as the Manager).
    pub service_account: Option<String>,
}

/// The answers the last setup saved under `root`, if Hearth was set up there.
pub fn saved_answers(root: &Root) -> Option<Answers> {
    let path = root.join(Path::new(SAVED_ANSWERS));
    path.is_file().then(|| Answers::load(&path).ok()).flatten()
}

fn read_installed(root: &Root) -> CommandResult<Installed> {
    let answers = saved_answers(root)
        .ok_or_else(|| CommandError::new("Hearth is not set up on this box yet: run the wizard"))?;
    let data_dir = root.join(&answers.data_dir);
    let config = data_dir.join("config.json");
    let text = std::fs::read_to_string(&config).map_err(|e| {
        CommandError::new(format!(
            "cannot read {}: {e}; run the wizard (or hearth setup) again",
            config.display()
        ))
    })?;
    let site_url = site_url(&config, &text);
    let user = answers.system_user;
    let service_account =
        (root.is_live() && is_root() && root.account(&user).ok().flatten().is_some())
            .then_some(user);
    Ok(Installed {
        data_dir,
        site_url,
        service_account,
    })
}

/// `ServiceSettings.SiteURL` from the config's `text`.
fn site_url(config: &Path, text: &str) -> CommandResult<String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| CommandError::new(format!("{} is not JSON: {e}", config.display())))?;
    value["ServiceSettings"]["SiteURL"]
        .as_str()
        .filter(|url| !url.is_empty())
        .map(|url| url.trim_end_matches('/').to_owned())
        .ok_or_else(|| CommandError::new(format!("{} has no SiteURL", config.display())))
}

/// Runs blocking work (probing, DNS, files) off the async threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::new(format!("the work stopped: {e}")))
}

/// Hands each line of a child's output to `each` as it comes, until the output ends.
pub fn each_line<R>(
    stream: R,
    mut each: impl FnMut(String) + Send + 'static,
) -> tauri::async_runtime::JoinHandle<()>
where
    R: tokio::io::AsyncRead + Send + Unpin + 'static,
{
    tauri::async_runtime::spawn(async move {
        let mut lines = tokio::io::BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            each(line);
        }
    })
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}
