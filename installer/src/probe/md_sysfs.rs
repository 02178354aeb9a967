//! An md array as `/sys/block/<md>/md/` describes it (Documentation/admin-guide/md.rst):
//! `level`, `raid_disks`, `degraded`, `array_state`, `sync_action`, `sync_completed`
//! (`done / total` sectors), `sync_speed` (KiB/s), `resync_start`, and a `dev-<member>/state`
//! per member. Levels without redundancy (raid0, linear) have no `degraded` or `sync_*` files.

use std::path::Path;

use super::files::{dir_names, read_parsed, read_trimmed, under};
use super::md::{ArrayFacts, SyncProgress};
use super::{MdArray, MdMember};

/// `/sys/block/<md>/size` counts 512-byte sectors.
const SECTOR_BYTES: u64 = 512;

/// The block devices that have an `md/` directory.
pub(crate) fn array_names(root: &Path) -> Vec<String> {
    let sys_block = under(root, "sys/block");
    dir_names(&sys_block)
        .into_iter()
        .filter(|name| sys_block.join(name).join("md").is_dir())
        .collect()
}

/// The array, or `None` when sysfs has no `md/` directory for it or it is an md device node
/// that nothing was ever assembled into (`array_state` `clear` and no members).
pub(crate) fn read_array(root: &Path, name: &str) -> Option<MdArray> {
    let device_dir = under(root, "sys/block").join(name);
    let md = device_dir.join("md");
    if !md.is_dir() {
        return None;
    }
    let members: Vec<MdMember> = dir_names(&md)
        .into_iter()
        .filter_map(|entry| {
            let device = entry.strip_prefix("dev-")?.to_string();
            Some(MdMember {
                state: read_trimmed(&md.join(&entry).join("state")),
                device,
            })
        })
        .collect();
    let running = !matches!(
        read_trimmed(&md.join("array_state")).as_str(),
        "inactive" | "clear" | ""
    );
    if !running && members.is_empty() {
        return None;
    }
    // During a reshape `raid_disks` reads `4 (3)`: the new count, then the old.
    let raid_disks = read_trimmed(&md.join("raid_disks"))
        .split_whitespace()
        .next()
        .and_then(|count| count.parse::<u32>().ok())
        .filter(|&count| count > 0);
    let member_count = |keep: fn(&MdMember) -> bool| {
        u32::try_from(members.iter().filter(|m| keep(m)).count()).unwrap_or(0)
    };
    let devices_total = raid_disks.unwrap_or_else(|| member_count(|_| true));
    let devices_working = match read_parsed::<u32>(&md.join("degraded")) {
        Some(missing) => devices_total.saturating_sub(missing),
        None => member_count(|m| m.state.split(',').any(|s| s == "in_sync")).min(devices_total),
    };
    Some(
        ArrayFacts {
            name: name.to_string(),
            level: read_trimmed(&md.join("level")),
            members,
            running,
            devices_total,
            devices_working,
            sync: read_sync(&md),
            size_bytes: read_parsed::<u64>(&device_dir.join("size"))
                .map_or(0, |s| s.saturating_mul(SECTOR_BYTES)),
        }
        .into_array(),
    )
}

fn read_sync(md: &Path) -> Option<SyncProgress> {
    let action = read_trimmed(&md.join("sync_action"));
    let kind = match action.as_str() {
        "recover" => Some("recovery"),
        "resync" | "check" | "repair" | "reshape" => Some(action.as_str()),
        _ => None,
    };
    if let Some(kind) = kind {
        let completed = read_trimmed(&md.join("sync_completed"));
        if completed == "delayed" {
            return Some(SyncProgress::waiting(kind));
        }
        if let Some((done, total)) = parse_completed(&completed) {
            let speed_kib = read_parsed::<u64>(&md.join("sync_speed"));
            return Some(SyncProgress {
                kind: kind.to_string(),
                percent: percent_as_mdstat_shows_it(done, total),
                minutes_left: speed_kib
                    .and_then(|speed| minutes_left(total.saturating_sub(done), speed)),
            });
        }
    }
    // A resync the kernel has not started (mdstat: `resync=PENDING`), e.g. on an
    // auto-read-only array: `resync_start` holds the sector it will start from.
    read_parsed::<u64>(&md.join("resync_start")).map(|_| SyncProgress::waiting("resync"))
}

/// `1234 / 5678` sectors.
fn parse_completed(text: &str) -> Option<(u64, u64)> {
    let (done, total) = text.split_once('/')?;
    let (done, total) = (done.trim().parse().ok()?, total.trim().parse::<u64>().ok()?);
    (total > 0).then_some((done, total))
}

/// Per mille rounded down, as a percentage with one decimal, like mdstat's `12.3%`.
fn percent_as_mdstat_shows_it(done: u64, total: u64) -> f32 {
    let per_mille = u128::from(done.min(total)) * 1000 / u128::from(total);
    // per_mille <= 1000, so the cast is exact.
    per_mille as f32 / 10.0
}

/// Minutes to go at `speed_kib` KiB/s, rounded down to a tenth like mdstat's `finish=45.6min`.
fn minutes_left(remaining_sectors: u64, speed_kib: u64) -> Option<f32> {
    if speed_kib == 0 {
        return None;
    }
    let seconds = remaining_sectors / 2 / speed_kib;
    let tenths = seconds / 60 * 10 + seconds % 60 / 6;
    Some(tenths as f32 / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::{ArrayState, samples};

    #[test]
    fn resync_progress_from_sync_completed_and_speed() {
        let md0 = read_array(&samples::root("md-resync"), "md0").unwrap();
        assert_eq!(
            md0.state,
            ArrayState::Syncing {
                kind: "resync".into(),
                percent: 12.3,
                minutes_left: Some(45.6)
            }
        );
        assert_eq!(md0.size_bytes, 1953260928 * 512);
    }

    #[test]
    fn recover_is_called_recovery_and_the_new_disk_is_a_spare_until_rebuilt() {
        let md0 = read_array(&samples::root("md-recovery"), "md0").unwrap();
        assert!(
            matches!(&md0.state, ArrayState::Syncing { kind, percent, .. } if kind == "recovery" && *percent == 21.3)
        );
        assert_eq!((md0.devices_total, md0.devices_working), (2, 1));
        let states: Vec<&str> = md0.members.iter().map(|m| m.state.as_str()).collect();
        assert_eq!(states, ["in_sync", "spare"]);
    }

    #[test]
    fn raid0_has_no_degraded_file() {
        let md3 = read_array(&samples::root("md-multi"), "md3").unwrap();
        assert_eq!(
            (md3.level.as_str(), md3.devices_total, md3.devices_working),
            ("raid0", 2, 2)
        );
        assert_eq!(md3.state, ArrayState::Clean);
    }

    #[test]
    fn arithmetic_matches_mdstat() {
        assert_eq!(percent_as_mdstat_shows_it(240261120, 1953260928), 12.3);
        assert_eq!(percent_as_mdstat_shows_it(5, 5), 100.0);
        assert_eq!(percent_as_mdstat_shows_it(9, 5), 100.0);
        assert_eq!(minutes_left(1712999808, 312948), Some(45.6));
        assert_eq!(minutes_left(100, 0), None);
        assert_eq!(parse_completed("none"), None);
        assert_eq!(parse_completed("1 / 0"), None);
        assert_eq!(parse_completed("1234 / 5678"), Some((1234, 5678)));
    }

    #[test]
    fn no_md_directory_is_no_array() {
        assert!(read_array(&samples::root("box"), "sda").is_none());
        assert!(read_array(Path::new("/nonexistent-root"), "md0").is_none());
        assert_eq!(
            array_names(&samples::root("md-multi")),
            ["md0", "md1", "md2", "md3", "md4", "md5"]
        );
    }
}
