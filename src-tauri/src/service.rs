//! Starting, stopping and restarting the server. On a live box that is systemd's
//! `hearth.service`, as setup installed it, and its log is the journal. Under a root prefix (a
//! trial install, and the tests) there is no service manager: the Manager runs `hearth serve`
//! on the installed data itself and keeps its recent output as the log.

use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::manager::{Manager, each_line};

/// Log lines kept from a trial server, and shown from the journal.
pub const LOG_LINES: usize = 40;
const UNIT: &str = "hearth.service";

/// A `hearth serve` the Manager started itself, with its latest output.
#[derive(Default)]
pub struct TrialServer {
    child: tokio::sync::Mutex<Option<tokio::process::Child>>,
    log: Arc<Mutex<VecDeque<String>>>,
}

#[derive(Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Start,
    Stop,
    Restart,
}

#[tauri::command]
pub async fn service(manager: State<'_, Manager>, action: Action) -> CommandResult<String> {
    control(&manager, action).await
}

pub async fn control(manager: &Manager, action: Action) -> CommandResult<String> {
    if manager.root.is_live() {
        return systemctl(action).await;
    }
    let trial = &manager.trial;
    if matches!(action, Action::Stop | Action::Restart) {
        stop(trial).await;
    }
    if matches!(action, Action::Start | Action::Restart) {
        start(manager).await?;
    }
    Ok(match action {
        Action::Start => "The server is starting.",
        Action::Stop => "The server is stopped.",
        Action::Restart => "The server is restarting.",
    }
    .into())
}

async fn systemctl(action: Action) -> CommandResult<String> {
    let verb = match action {
        Action::Start => "start",
        Action::Stop => "stop",
        Action::Restart => "restart",
    };
    let output = tokio::process::Command::new("systemctl")
        .args([verb, UNIT])
        .output()
        .await
        .map_err(|e| CommandError::new(format!("cannot run systemctl: {e}")))?;
    if output.status.success() {
        Ok(format!("systemctl {verb} {UNIT}: done"))
    } else {
        Err(CommandError {
            fix: Some("run Hearth Manager as root (sudo), and see the log below".into()),
            ..CommandError::new(format!(
                "systemctl {verb} {UNIT} failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        })
    }
}

async fn start(manager: &Manager) -> CommandResult<()> {
    let trial = &manager.trial;
    let mut slot = trial.child.lock().await;
    if let Some(child) = slot.as_mut()
        && child.try_wait().ok().flatten().is_none()
    {
        return Ok(());
    }
    let data_dir = manager.installed_box().await?.data_dir;
    let mut command = tokio::process::Command::new(&manager.hearth);
    // SAFETY: the closure only calls prctl, which is async-signal-safe, between fork and exec.
    unsafe {
        // The trial server ends with the Manager, however the Manager ends (kill_on_drop only
        // covers an orderly exit).
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command
        .arg("serve")
        .arg("--data-dir")
        .arg(&data_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            CommandError::new(format!("cannot start {}: {e}", manager.hearth.display()))
        })?;
    let log = trial.log.clone();
    each_line(child.stdout.take().expect("stdout is piped"), move |line| {
        keep(&log, line)
    });
    let log = trial.log.clone();
    each_line(child.stderr.take().expect("stderr is piped"), move |line| {
        keep(&log, line)
    });
    *slot = Some(child);
    Ok(())
}

async fn stop(trial: &TrialServer) {
    if let Some(mut child) = trial.child.lock().await.take() {
        if let Some(pid) = child.id() {
            // SIGTERM first: the server finishes its requests and closes the database cleanly.
            // SAFETY: kill with a pid we own has no memory effects.
            unsafe { libc::kill(pid as i32, libc::SIGTERM) };
        }
        if tokio::time::timeout(std::time::Duration::from_secs(10), child.wait())
            .await
            .is_err()
        {
            let _ = child.kill().await;
        }
    }
}

fn keep(log: &Mutex<VecDeque<String>>, line: String) {
    let mut log = log.lock().expect("the log lock is not poisoned");
    if log.len() == LOG_LINES {
        log.pop_front();
    }
    log.push_back(line);
}

/// The server's recent log lines, oldest first.
pub async fn recent_log(manager: &Manager) -> Vec<String> {
    if !manager.root.is_live() {
        return manager
            .trial
            .log
            .lock()
            .expect("the log lock is not poisoned")
            .iter()
            .cloned()
            .collect();
    }
    let lines = LOG_LINES.to_string();
    match tokio::process::Command::new("journalctl")
        .args(["-u", UNIT, "-n", &lines, "--no-pager", "-o", "short-iso"])
        .output()
        .await
    {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
        _ => vec![format!(
            "(no log: journalctl -u {UNIT} cannot be read; run the Manager as root)"
        )],
    }
}
