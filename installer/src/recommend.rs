//! Advice from what the probe found, each with its reason: where to keep the data (on a
//! redundant array when there is one), SQLite or PostgreSQL, office network or internet.

use std::path::PathBuf;

use serde::Serialize;

use crate::answers::{AddressMode, Answers, DatabaseKind};
use crate::probe::{DnsCheck, Probe, Redundancy, storage_for};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A recommendation or a fact worth knowing.
    Advice,
    /// Something that puts the office's data or reachability at risk.
    Warning,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// `storage`, `database`, `address` or `ports`: the wizard page it belongs to.
    pub topic: &'static str,
    pub level: Level,
    pub message: String,
}

/// Offices up to about this many people are well served by SQLite.
const SQLITE_PEOPLE: u32 = 200;

/// The best place for Hearth's data: under the mount on a redundant array with the most free
/// space, if there is one.
pub fn best_storage(probe: &Probe) -> Option<PathBuf> {
    probe
        .mounts
        .iter()
        .filter(|m| {
            !matches!(
                m.fs_type.as_str(),
                "tmpfs" | "devtmpfs" | "proc" | "sysfs" | "overlay"
            )
        })
        .map(|m| (m, storage_for(probe, &m.mount_point)))
        .filter(|(_, s)| matches!(s.redundancy, Redundancy::Redundant { .. }))
        .max_by_key(|(m, _)| m.free_bytes)
        .map(|(m, _)| data_dir_on(&m.mount_point))
}

/// Where Hearth's data goes on the file system mounted at `mount`: `/var/lib/hearth` on the
/// root file system, as packages do, else `<mount>/hearth`.
pub fn data_dir_on(mount: &std::path::Path) -> PathBuf {
    if mount == std::path::Path::new("/") {
        "/var/lib/hearth".into()
    } else {
        mount.join("hearth")
    }
}

/// What to tell the admin about these answers on this machine.
pub fn recommend(probe: &Probe, answers: &Answers, dns: Option<&DnsCheck>) -> Vec<Recommendation> {
    let mut out = Vec::new();
    let mut say = |topic, level, message: String| {
        out.push(Recommendation {
            topic,
            level,
            message,
        })
    };
    let storage = storage_for(probe, &answers.data_dir);
    let best = best_storage(probe);
    match &storage.redundancy {
        Redundancy::Redundant { what } => say(
            "storage",
            Level::Advice,
            format!(
                "{} is on {what}: a disk can fail without losing the office's chat.",
                answers.data_dir.display()
            ),
        ),
        Redundancy::Degraded { what } => say(
            "storage",
            Level::Warning,
            format!(
                "{} is on {what}, which is degraded now: replace the failed disk before trusting it with data.",
                answers.data_dir.display()
            ),
        ),
        Redundancy::None => say(
            "storage",
            Level::Warning,
            match &best {
                Some(path) => format!(
                    "{} is on a single disk; {} is on a redundant array. Keep the data there, so one dead disk loses nothing.",
                    answers.data_dir.display(),
                    path.display()
                ),
                None => format!(
                    "{} is on a single disk, and this box has no redundant array: the nightly backup will be the only other copy, so set one up.",
                    answers.data_dir.display()
                ),
            },
        ),
        Redundancy::Unknown => {}
    }
    let low_memory = probe.memory_bytes > 0 && probe.memory_bytes < 2 << 30;
    say(
        "database",
        Level::Advice,
        match answers.database {
            DatabaseKind::Sqlite => format!(
                "SQLite needs nothing to run or tune and suits an office of up to about {SQLITE_PEOPLE} people; choose PostgreSQL for more, or to add a second server later."
            ),
            DatabaseKind::Postgres if low_memory => "PostgreSQL runs beside Hearth on this box; with under 2 GiB of memory, SQLite would leave more room.".into(),
            DatabaseKind::Postgres => "PostgreSQL suits larger offices and lets Hearth grow to several servers later.".into(),
        },
    );
    if answers.database == DatabaseKind::Postgres
        && probe.postgres.installed_versions.is_empty()
        && !answers.postgres.install
    {
        say(
            "database",
            Level::Warning,
            "PostgreSQL is not installed; let setup install it, or choose SQLite.".into(),
        );
    }
    match answers.address.mode {
        AddressMode::Lan => say(
            "address",
            Level::Advice,
            "Office network only: HTTPS with this box's own certificate authority. Each phone and laptop trusts its root certificate once (setup shows a QR code).".into(),
        ),
        AddressMode::Http => say(
            "address",
            Level::Warning,
            "Plain HTTP sends passwords and messages unencrypted; use it only behind another HTTPS proxy.".into(),
        ),
        AddressMode::Internet => match dns {
            Some(check) if check.points_here => say(
                "address",
                Level::Advice,
                format!("{} leads to this box: Let's Encrypt can issue its certificate once port 80 is reachable from the internet.", check.domain),
            ),
            Some(check) => say(
                "address",
                Level::Warning,
                match &check.error {
                    Some(e) => format!("{} does not resolve ({e}): Let's Encrypt cannot issue a certificate until its DNS record leads here.", check.domain),
                    None => format!(
                        "{} leads to {:?}, not to this box: fix its DNS record, or choose the office network only.",
                        check.domain, check.addresses
                    ),
                },
            ),
            None => {}
        },
    }
    let wanted: Vec<u16> = match answers.address.mode {
        AddressMode::Http => vec![answers.address.port],
        _ => vec![answers.address.port, answers.address.redirect_port],
    };
    for port in probe
        .ports
        .iter()
        .filter(|p| p.in_use && wanted.contains(&p.port))
    {
        let by = port.process.as_deref().unwrap_or("another program");
        if !by.starts_with("hearth") {
            say(
                "ports",
                Level::Warning,
                format!(
                    "Port {} is taken by {by}: stop it, or choose another port.",
                    port.port
                ),
            );
        }
    }
    out
}
