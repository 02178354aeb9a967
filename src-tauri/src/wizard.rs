//! The wizard's commands before anything is installed: the machine check, checking answers
//! (errors by field, advice, the plan in words), the live DNS check and the backup target test.
//! They call the installer engine and the backup crate directly; nothing here changes the box
//! except the backup key, made on the first test as setup would make it.

use std::path::PathBuf;

use hearth_installer::answers::Answers;
use hearth_installer::plan::{Plan, PlannedStep};
use hearth_installer::probe::{self, DnsCheck, Probe, Redundancy};
use hearth_installer::recommend::{self, Recommendation};
use serde::Serialize;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::manager::{Manager, blocking, saved_answers};

/// File systems that never hold data worth keeping.
const PSEUDO_FILE_SYSTEMS: &[&str] = &["tmpfs", "devtmpfs", "proc", "sysfs", "overlay", "squashfs"];

#[derive(Debug, Serialize)]
pub struct MachineCheck {
    pub probe: Probe,
    pub recommendations: Vec<Recommendation>,
    pub locations: Vec<Location>,
    /// The saved answers of an earlier run, or defaults with the recommended data directory.
    pub answers: Answers,
    pub needs_password: bool,
}

/// A place the data could go.
#[derive(Debug, Serialize)]
pub struct Location {
    pub path: PathBuf,
    pub mount: PathBuf,
    pub device: String,
    /// `redundant`, `degraded`, `none` or `unknown`.
    pub redundancy: &'static str,
    pub description: String,
    pub free_bytes: u64,
    pub total_bytes: u64,
    pub recommended: bool,
}

#[derive(Debug, Serialize)]
pub struct AnswersCheck {
    pub errors: Vec<FieldError>,
    pub recommendations: Vec<Recommendation>,
    pub plan: Vec<PlannedStep>,
}

#[derive(Debug, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct BackupTest {
    pub ok: bool,
    pub message: String,
    /// The line to add to `~/.ssh/authorized_keys` on the backup server (SFTP targets).
    pub key_line: Option<String>,
}

#[tauri::command]
pub async fn machine_check(manager: State<'_, Manager>) -> CommandResult<MachineCheck> {
    check_machine(&manager).await
}

pub async fn check_machine(manager: &Manager) -> CommandResult<MachineCheck> {
    let root = manager.root.clone();
    let hearth = manager.hearth.clone();
    blocking(move || {
        let saved = saved_answers(&root);
        let probed = probe::probe(root.path());
        let best = recommend::best_storage(&probed);
        let needs_password = saved.is_none();
        let mut answers = saved.unwrap_or_default();
        if needs_password && let Some(best) = &best {
            answers.data_dir = best.clone();
        }
        answers.hearth_binary = hearth;
        let recommendations = recommend::recommend(&probed, &answers, None);
        let locations = locations(&probed, &answers.data_dir, best.as_deref());
        MachineCheck {
            probe: probed,
            recommendations,
            locations,
            answers,
            needs_password,
        }
    })
    .await
}

/// Every real mount as a candidate, plus the current answer when it is on none of them.
fn locations(
    probed: &Probe,
    chosen: &std::path::Path,
    best: Option<&std::path::Path>,
) -> Vec<Location> {
    let mut paths: Vec<PathBuf> = probed
        .mounts
        .iter()
        .filter(|m| !PSEUDO_FILE_SYSTEMS.contains(&m.fs_type.as_str()) && m.source.starts_with('/'))
        .map(|m| recommend::data_dir_on(&m.mount_point))
        .collect();
    if let Some(best) = best {
        paths.retain(|p| p != best);
        paths.insert(0, best.to_path_buf());
    }
    if !paths.iter().any(|p| p == chosen) {
        paths.push(chosen.to_path_buf());
    }
    // One entry per place (several mounts may share a file system, bind mounts among them).
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    paths
        .into_iter()
        .map(|path| {
            let storage = probe::storage_for(probed, &path);
            let device = storage.device.clone().unwrap_or_default();
            // The device words; the page adds what the redundancy means.
            let (redundancy, what) = match &storage.redundancy {
                Redundancy::Redundant { what } => ("redundant", what.clone()),
                Redundancy::Degraded { what } => ("degraded", what.clone()),
                Redundancy::None => ("none", device.clone()),
                Redundancy::Unknown => ("unknown", String::new()),
            };
            Location {
                recommended: best == Some(path.as_path()),
                mount: storage
                    .mount
                    .as_ref()
                    .map(|m| m.mount_point.clone())
                    .unwrap_or_default(),
                total_bytes: storage.mount.as_ref().map_or(0, |m| m.total_bytes),
                device,
                description: what,
                redundancy,
                free_bytes: storage.free_bytes,
                path,
            }
        })
        .collect()
}

#[tauri::command]
pub async fn check_answers(
    manager: State<'_, Manager>,
    answers: Answers,
) -> CommandResult<AnswersCheck> {
    check(&manager, answers).await
}

pub async fn check(manager: &Manager, answers: Answers) -> CommandResult<AnswersCheck> {
    let root = manager.root.clone();
    blocking(move || {
        let needs_password = saved_answers(&root).is_none();
        let errors = answers
            .validate(needs_password)
            .into_iter()
            .map(|e| FieldError {
                field: e.field.to_string(),
                message: e.message,
            })
            .collect();
        let probed = probe::probe(root.path());
        let dns = dns_for(&answers);
        AnswersCheck {
            errors,
            recommendations: recommend::recommend(&probed, &answers, dns.as_ref()),
            plan: Plan::new(&answers).describe(&answers),
        }
    })
    .await
}

/// The DNS check for an internet address, as `hearth setup` does it.
fn dns_for(answers: &Answers) -> Option<DnsCheck> {
    let address = &answers.address;
    (address.mode == hearth_installer::answers::AddressMode::Internet && !address.domain.is_empty())
        .then(|| probe::check_dns(&address.domain))
}

#[tauri::command]
pub async fn check_dns(domain: String) -> CommandResult<DnsCheck> {
    let domain = domain.trim().to_owned();
    if domain.is_empty() || domain.len() > 253 {
        return Err(CommandError::on_field(
            "address.domain",
            "give a domain name, like chat.example.com",
        ));
    }
    blocking(move || probe::check_dns(&domain)).await
}

#[tauri::command]
pub async fn test_backup(
    manager: State<'_, Manager>,
    answers: Answers,
) -> CommandResult<BackupTest> {
    try_backup_target(&manager, answers).await
}

pub async fn try_backup_target(manager: &Manager, answers: Answers) -> CommandResult<BackupTest> {
    let target = answers.backup.target.trim().to_owned();
    if target.is_empty() {
        return Err(CommandError::on_field(
            "backup.target",
            "give a target to test",
        ));
    }
    // The key and pinned host keys live where the server will look for them.
    let state = hearth_backup::source::state_dir(&manager.root.join(&answers.data_dir));
    let spec = hearth_backup::TargetSpec::parse(
        &target,
        state.join("id_ed25519"),
        state.join("known_hosts"),
    )
    .map_err(|e| CommandError::on_field("backup.target", e.to_string()))?;
    let key_line = match &spec {
        hearth_backup::TargetSpec::Sftp(sftp) => {
            let key = sftp.key_file.clone();
            Some(
                blocking(move || hearth_backup::target::public_key_line(&key))
                    .await?
                    .map_err(|e| CommandError::new(e.to_string()))?,
            )
        }
        _ => None,
    };
    Ok(match hearth_backup::Target::check(&spec).await {
        Ok(free) => BackupTest {
            ok: true,
            message: match free {
                Some(bytes) => format!("{spec} works ({:.1} GB free)", bytes as f64 / 1e9),
                None => format!("{spec} works"),
            },
            key_line: None,
        },
        Err(e) => BackupTest {
            ok: false,
            message: e.to_string(),
            key_line,
        },
    })
}
