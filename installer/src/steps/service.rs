//! The systemd service running `hearth serve` as the system account: restarted on failure,
//! 65536 open files, allowed to bind ports below 1024 and nothing else. On the real system it
//! is enabled and (re)started; under a root prefix only the unit file is written.

use std::path::{Path, PathBuf};

use super::{Context, Step, StepError, StepProgress, config_file, run};
use crate::answers::Answers;

pub struct Service;

pub const UNIT: &str = "hearth.service";

fn unit_path(ctx: &Context) -> PathBuf {
    ctx.root
        .join(Path::new("/etc/systemd/system").join(UNIT).as_path())
}

/// The unit file for these answers.
pub fn unit_file(answers: &Answers) -> String {
    let data = answers.data_dir.display();
    let mut writable = vec![data.to_string()];
    let target = answers.backup.target.trim();
    if target.starts_with('/') {
        writable.push(target.to_string());
    }
    format!(
        "# Written by `hearth setup`; running setup again rewrites it.\n\
         [Unit]\n\
         Description=Hearth team chat\n\
         After=network-online.target postgresql.service\n\
         Wants=network-online.target\n\
         \n\
         [Service]\n\
         Type=simple\n\
         User={user}\n\
         Group={user}\n\
         ExecStart={binary} serve --data-dir {data} --config {config}\n\
         Restart=on-failure\n\
         RestartSec=5\n\
         LimitNOFILE=65536\n\
         TasksMax=4096\n\
         UMask=0077\n\
         AmbientCapabilities=CAP_NET_BIND_SERVICE\n\
         CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n\
         NoNewPrivileges=true\n\
         PrivateTmp=true\n\
         ProtectSystem=strict\n\
         ProtectHome=true\n\
         ReadWritePaths={writable}\n\
         \n\
         [Install]\n\
         WantedBy=multi-user.target\n",
        user = answers.system_user,
        binary = answers.hearth_binary.display(),
        config = config_file(answers).display(),
        writable = writable.join(" "),
    )
}

/// Whether systemd runs this box (so the service can be started now).
fn systemd_running(ctx: &Context) -> bool {
    ctx.root.is_live() && Path::new("/run/systemd/system").is_dir()
}

impl Step for Service {
    fn id(&self) -> &'static str {
        "service"
    }

    fn describe(&self, answers: &Answers) -> String {
        format!(
            "Install the service {UNIT} running `{} serve` as {} (restarted if it stops, 65536 open files), enable it at boot and start it.",
            answers.hearth_binary.display(),
            answers.system_user
        )
    }

    fn is_done(&self, ctx: &Context) -> Result<bool, StepError> {
        let written = std::fs::read_to_string(unit_path(ctx))
            .is_ok_and(|text| text == unit_file(ctx.answers));
        if !written || !systemd_running(ctx) {
            return Ok(written);
        }
        Ok(std::process::Command::new("systemctl")
            .args(["is-active", "--quiet", UNIT])
            .status()
            .is_ok_and(|s| s.success()))
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        let path = unit_path(ctx);
        progress(0.2, &format!("writing {}", path.display()));
        crate::root::write_file(&path, unit_file(ctx.answers).as_bytes(), 0o644, None).map_err(
            |e| {
                StepError::new(
                    format!("cannot write {}: {e}", path.display()),
                    "run setup as root",
                )
            },
        )?;
        if !systemd_running(ctx) {
            progress(
                1.0,
                "systemd is not running here: the service starts at the next boot",
            );
            return Ok(());
        }
        let fix = "see `journalctl -u hearth` for why it does not start";
        progress(0.5, "reloading systemd");
        run("systemctl", &["daemon-reload"], fix)?;
        progress(0.7, "enabling and starting hearth");
        run("systemctl", &["enable", UNIT], fix)?;
        run("systemctl", &["restart", UNIT], fix)?;
        Ok(())
    }
}
