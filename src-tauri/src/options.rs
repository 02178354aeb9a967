//! The Manager's command line: where setup installs, which `hearth` it drives, tray mode and the
//! update feed.

use std::path::PathBuf;

#[derive(clap::Parser, Debug, Clone)]
#[command(
    name = "hearth-manager",
    version,
    about = "Hearth Manager: set up Hearth on this box, then watch over it from the tray.\n\
             Without a display, use `hearth setup`, `hearth status` and `hearth backup` instead."
)]
pub struct Options {
    /// Install under this directory instead of / (to try the wizard out, and for tests).
    #[arg(long, default_value = "/")]
    pub root: PathBuf,
    /// The `hearth` binary (default: the one beside this program, else `hearth` on the PATH).
    #[arg(long, env = "HEARTH_BIN")]
    pub hearth: Option<PathBuf>,
    /// Start in the tray without a window; closing the status window keeps the Manager in the
    /// tray (for the desktop's autostart; needs a tray).
    #[arg(long)]
    pub tray: bool,
    /// The release feed to check for updates: the URL of a `manifest.json` (see packaging/).
    #[arg(long, env = "HEARTH_UPDATE_FEED")]
    pub update_feed: Option<String>,
    /// Seconds between health checks.
    #[arg(long, default_value_t = 30)]
    pub check_every: u64,
}

impl Options {
    /// The `hearth` binary to drive.
    pub fn hearth_binary(&self) -> PathBuf {
        if let Some(path) = &self.hearth {
            return path.clone();
        }
        let beside = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hearth")))
            .filter(|path| path.is_file());
        beside
            .or_else(|| {
                std::env::var_os("PATH").and_then(|paths| {
                    std::env::split_paths(&paths)
                        .map(|dir| dir.join("hearth"))
                        .find(|path| path.is_file())
                })
            })
            .unwrap_or_else(|| "/usr/bin/hearth".into())
    }
}
