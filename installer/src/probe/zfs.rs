//! ZFS pools from `zpool status -P` (run only on the live machine, and only when `zpool` is
//! installed): each pool's name, state, how its data vdevs are made (`mirror-0`, `raidz2-0`, or
//! bare disks striped together), its disks, and the `errors:` line.
//!
//! ```text
//!   pool: tank
//!  state: DEGRADED
//! config:
//!
//!         NAME                      STATE     READ WRITE CKSUM
//!         tank                      DEGRADED     0     0     0
//!           mirror-0                DEGRADED     0     0     0
//!             /dev/sdb1             ONLINE       0     0     0
//!             4107236245431734716   UNAVAIL      0     0     0  was /dev/sdc1
//!         logs
//!           /dev/nvme0n1p4          ONLINE       0     0     0
//!
//! errors: No known data errors
//! ```

use std::path::Path;

use super::tools::run_tool;
use super::{ZfsPool, disks, is_live};

/// Vdevs that hold other vdevs; anything else in the config tree is a disk (or a file).
const GROUP_VDEVS: [&str; 5] = ["mirror", "raidz", "draid", "replacing", "spare"];

pub(crate) fn read_pools(root: &Path) -> Vec<ZfsPool> {
    if !is_live(root) {
        return Vec::new();
    }
    run_tool("zpool", &["status", "-P"]).map_or_else(Vec::new, |out| parse_status(&out))
}

pub(crate) fn parse_status(text: &str) -> Vec<ZfsPool> {
    let mut pools = Vec::new();
    let mut lines = text.lines();
    let mut pool: Option<PoolBuilder> = None;
    while let Some(line) = lines.next() {
        match line.trim_start().split_once(':') {
            Some(("pool", name)) => {
                pools.extend(pool.take().map(PoolBuilder::finish));
                pool = Some(PoolBuilder::new(name.trim()));
            }
            Some(("state", state)) => {
                if let Some(pool) = pool.as_mut() {
                    pool.state = state.trim().to_string();
                }
            }
            Some(("errors", errors)) => {
                if let Some(pool) = pool.as_mut() {
                    pool.errors = errors.trim().to_string();
                }
            }
            Some(("config", _)) => {
                if let Some(pool) = pool.as_mut() {
                    pool.read_config(&mut lines);
                }
            }
            _ => {}
        }
    }
    pools.extend(pool.map(PoolBuilder::finish));
    pools
}

struct PoolBuilder {
    name: String,
    state: String,
    errors: String,
    /// The kind of each top-level data vdev: `mirror`, `raidz2`, or `disk`.
    top_level: Vec<String>,
    devices: Vec<String>,
}

impl PoolBuilder {
    fn new(name: &str) -> Self {
        PoolBuilder {
            name: name.to_string(),
            state: String::new(),
            errors: String::new(),
            top_level: Vec::new(),
            devices: Vec::new(),
        }
    }

    /// The vdev tree after `config:`, up to the blank line that ends it. Depth comes from the
    /// indentation relative to the pool's own row (two spaces a level). The pool's row comes
    /// first; later top-level rows (`logs`, `cache`, `spares`, `special`, `dedup`) start sections
    /// whose disks hold no pool data of their own.
    fn read_config<'a>(&mut self, lines: &mut impl Iterator<Item = &'a str>) {
        let mut base_indent = None;
        let mut in_data = false;
        let mut seen_rows = false;
        for line in lines {
            let Some(name) = line.split_whitespace().next() else {
                if seen_rows {
                    return;
                }
                continue;
            };
            if name == "NAME" {
                continue;
            }
            let indent = line.len() - line.trim_start().len();
            let base = *base_indent.get_or_insert(indent);
            let depth = indent.saturating_sub(base) / 2;
            match depth {
                0 => in_data = !seen_rows,
                _ if !in_data => {}
                _ => {
                    let kind = group_kind(name);
                    if depth == 1 {
                        self.top_level.push(kind.unwrap_or("disk").to_string());
                    }
                    if kind.is_none() {
                        self.devices.push(name.to_string());
                    }
                }
            }
            seen_rows = true;
        }
    }

    fn finish(self) -> ZfsPool {
        ZfsPool {
            redundancy: redundancy_of(&self.top_level),
            name: self.name,
            state: self.state,
            devices: self.devices,
            errors: self.errors,
        }
    }
}

/// `mirror-0` -> `mirror`, `raidz2-1` -> `raidz2`, `draid1:2d:4c:0s-0` -> `draid1`; `None` for
/// a disk.
fn group_kind(name: &str) -> Option<&str> {
    let (kind, number) = name.rsplit_once('-')?;
    let kind = kind.split(':').next()?;
    let known = GROUP_VDEVS.iter().any(|group| kind.starts_with(group));
    (known && number.bytes().all(|b| b.is_ascii_digit())).then_some(kind)
}

/// The pool survives a dead disk only if every top-level data vdev does; one bare disk among
/// them makes the whole pool a stripe. Mixed groups are joined with `+`.
fn redundancy_of(top_level: &[String]) -> String {
    let survives = |kind: &String| {
        kind.starts_with("mirror") || kind.starts_with("raidz") || kind.starts_with("draid")
    };
    if top_level.is_empty() || !top_level.iter().all(survives) {
        return "stripe".to_string();
    }
    let mut kinds: Vec<&str> = top_level.iter().map(String::as_str).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.join("+")
}

pub(crate) fn is_redundant(pool: &ZfsPool) -> bool {
    pool.redundancy != "stripe"
}

pub(crate) fn is_healthy(pool: &ZfsPool) -> bool {
    pool.state == "ONLINE"
}

/// `ZFS pool tank (mirror, 2 disks)` or `ZFS pool tank (mirror, DEGRADED)`.
pub(crate) fn describe(pool: &ZfsPool) -> String {
    let condition = if is_healthy(pool) {
        disks(pool.devices.len())
    } else {
        pool.state.clone()
    };
    format!("ZFS pool {} ({}, {condition})", pool.name, pool.redundancy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::samples;

    fn sample(name: &str) -> Vec<ZfsPool> {
        parse_status(&samples::text(&format!("zpool/{name}")))
    }

    #[test]
    fn mirror_online() {
        let pools = sample("mirror-online.txt");
        assert_eq!(pools.len(), 1);
        let tank = &pools[0];
        assert_eq!(
            (
                tank.name.as_str(),
                tank.state.as_str(),
                tank.redundancy.as_str()
            ),
            ("tank", "ONLINE", "mirror")
        );
        assert_eq!(tank.devices.len(), 2);
        assert!(tank.devices[0].starts_with("/dev/disk/by-id/ata-WDC_WD40EFRX"));
        assert_eq!(tank.errors, "No known data errors");
        assert!(is_redundant(tank) && is_healthy(tank));
        assert_eq!(describe(tank), "ZFS pool tank (mirror, 2 disks)");
    }

    #[test]
    fn mirror_degraded_with_log_and_cache() {
        let tank = &sample("mirror-degraded.txt")[0];
        assert_eq!(
            (tank.state.as_str(), tank.redundancy.as_str()),
            ("DEGRADED", "mirror")
        );
        assert_eq!(
            tank.devices,
            ["/dev/sdb1", "4107236245431734716"],
            "log and cache disks hold no data"
        );
        assert!(is_redundant(tank) && !is_healthy(tank));
        assert_eq!(describe(tank), "ZFS pool tank (mirror, DEGRADED)");
    }

    #[test]
    fn raidz2_and_a_plain_stripe() {
        let pools = sample("raidz2-and-stripe.txt");
        assert_eq!(pools.len(), 2);
        let backup = &pools[0];
        assert_eq!(
            (backup.name.as_str(), backup.redundancy.as_str()),
            ("backup", "raidz2")
        );
        assert_eq!(backup.devices.len(), 6, "the hot spare is not a data disk");
        let scratch = &pools[1];
        assert_eq!(
            (scratch.name.as_str(), scratch.redundancy.as_str()),
            ("scratch", "stripe")
        );
        assert_eq!(scratch.devices, ["/dev/sdj1", "/dev/sdk1"]);
        assert!(!is_redundant(scratch));
    }

    #[test]
    fn vdev_names() {
        assert_eq!(group_kind("mirror-0"), Some("mirror"));
        assert_eq!(group_kind("raidz3-12"), Some("raidz3"));
        assert_eq!(group_kind("draid2:4d:8c:1s-0"), Some("draid2"));
        assert_eq!(group_kind("/dev/disk/by-id/ata-WDC-part1"), None);
        assert_eq!(group_kind("mirror-x"), None);
        assert_eq!(redundancy_of(&["mirror".into(), "mirror".into()]), "mirror");
        assert_eq!(redundancy_of(&["mirror".into(), "disk".into()]), "stripe");
        assert_eq!(
            redundancy_of(&["mirror".into(), "raidz1".into()]),
            "mirror+raidz1"
        );
    }

    #[test]
    fn no_pools() {
        assert!(parse_status("no pools available\n").is_empty());
        assert!(parse_status("").is_empty());
    }
}
