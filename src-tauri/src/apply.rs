//! Applying the answers: `hearth setup --json` does the work (the same engine and steps as on the
//! command line); its plan, progress events and outcome arrive as JSON lines and are passed to
//! the page as they come, with its other output as log lines. The admin's password reaches setup
//! in its environment, never in a file or the process list.

use std::process::Stdio;

use std::sync::{Arc, Mutex};

use hearth_installer::answers::Answers;
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use tauri::ipc::Channel;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::error::{CommandError, CommandResult};
use crate::manager::{Manager, each_line};
use crate::qr::{Qr, qr};

/// What the page hears while setup runs.
#[derive(Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApplyMessage {
    /// A step's progress, as the installer reports it.
    Event { event: Value },
    /// Anything else setup said.
    Log { line: String },
}

#[derive(Debug, Serialize)]
pub struct Done {
    pub address: String,
    /// Where phones download the local CA's root (office-network installs).
    pub ca_url: Option<String>,
    address_qr: Qr,
    ca_qr: Option<Qr>,
}

#[tauri::command]
pub async fn apply(
    manager: State<'_, Manager>,
    answers: Answers,
    events: Channel<ApplyMessage>,
) -> CommandResult<Done> {
    setup(&manager, answers, move |message| {
        // The page may have gone (window closed); setup goes on.
        let _ = events.send(message);
    })
    .await
}

/// Runs `hearth setup` on `answers`, telling `tell` of its progress as it comes.
pub async fn setup(
    manager: &Manager,
    answers: Answers,
    tell: impl Fn(ApplyMessage) + Clone + Send + 'static,
) -> CommandResult<Done> {
    let mut answers = answers;
    answers.hearth_binary = manager.hearth.clone();
    let password = std::mem::take(&mut answers.admin.password);
    // The answers file holds no password; it is private anyway, and removed when dropped.
    let mut file = tempfile::Builder::new()
        .prefix("hearth-answers")
        .suffix(".json")
        .tempfile()
        .map_err(|e| CommandError::new(format!("cannot write the answers: {e}")))?;
    serde_json::to_writer(&mut file, &answers).expect("answers serialize");
    let mut child = tokio::process::Command::new(&manager.hearth)
        .args(["setup", "--json", "--yes", "--root"])
        .arg(manager.root.path())
        .arg("--answers")
        .arg(file.path())
        .env("HEARTH_SETUP_ADMIN_PASSWORD", password)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            CommandError::new(format!(
                "cannot run {}: {e}; start the Manager with --hearth PATH",
                manager.hearth.display()
            ))
        })?;
    // What setup says on standard error is log, and the reason when it stops before any step.
    let said = Arc::new(Mutex::new(Vec::new()));
    let (log, kept) = (tell.clone(), said.clone());
    let stderr = each_line(child.stderr.take().expect("stderr is piped"), move |line| {
        log(ApplyMessage::Log { line: line.clone() });
        kept.lock().expect("not poisoned").push(line);
    });
    let mut lines = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
    let (mut finished, mut failure) = (None, None);
    while let Ok(Some(line)) = lines.next_line().await {
        let Ok(value) = serde_json::from_str::<Value>(&line) else {
            tell(ApplyMessage::Log { line });
            continue;
        };
        if value.get("step").is_some() {
            tell(ApplyMessage::Event { event: value });
        } else if let Some(plan) = value["plan"].as_array() {
            for (n, step) in plan.iter().enumerate() {
                let description = step["description"].as_str().unwrap_or_default();
                tell(ApplyMessage::Log {
                    line: format!("{}. {description}", n + 1),
                });
            }
        } else if let Some(found) = value.get("failure") {
            failure = Some(found.clone());
        } else if let Some(address) = value["address"].as_str() {
            finished = Some((
                address.to_owned(),
                value["ca_url"].as_str().map(str::to_owned),
            ));
        }
    }
    let status = child
        .wait()
        .await
        .map_err(|e| CommandError::new(format!("setup stopped: {e}")))?;
    let _ = stderr.await;
    match (status.success(), finished) {
        (true, Some((address, ca_url))) => done(address, ca_url),
        _ => Err(failed(failure, &said.lock().expect("not poisoned"))),
    }
}

/// The step that failed and what to do, or (before any step ran) what setup said.
fn failed(failure: Option<Value>, stderr: &[String]) -> CommandError {
    let text = |v: &Value, key: &str| v[key].as_str().map(str::to_owned);
    match failure {
        Some(f) => CommandError {
            message: text(&f, "message").unwrap_or_default(),
            step: text(&f, "step"),
            fix: text(&f, "fix"),
            field: None,
        },
        None => CommandError::new(
            stderr
                .iter()
                .map(|l| l.trim_start_matches("hearth setup: "))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    }
}

fn done(address: String, ca_url: Option<String>) -> CommandResult<Done> {
    Ok(Done {
        address_qr: qr(&address)?,
        ca_qr: ca_url.as_deref().map(qr).transpose()?,
        ca_url,
        address,
    })
}
