//! Software RAID (md) arrays. The kernel describes each array twice: in
//! `/sys/block/md*/md/` (one value a file, see [`super::md_sysfs`]) and in `/proc/mdstat` (a
//! text block per array, see [`super::mdstat`]). sysfs is read when present, mdstat otherwise;
//! both readers hand their facts to [`ArrayFacts::into_array`], so an array's state is decided
//! one way whichever file it came from.

use std::fmt;
use std::path::Path;

use super::files::{read_text, under};
use super::{ArrayState, MdArray, MdMember, disks, md_sysfs, mdstat};

/// What either source says about one array, before its state is decided.
pub(crate) struct ArrayFacts {
    pub name: String,
    pub level: String,
    pub members: Vec<MdMember>,
    /// Started with a personality (`active` in mdstat, not `inactive`/`clear` in sysfs).
    pub running: bool,
    pub devices_total: u32,
    pub devices_working: u32,
    pub sync: Option<SyncProgress>,
    pub size_bytes: u64,
}

/// A resync, recovery, check, repair or reshape, running or waiting its turn.
#[derive(Debug, PartialEq)]
pub(crate) struct SyncProgress {
    pub kind: String,
    pub percent: f32,
    pub minutes_left: Option<f32>,
}

impl SyncProgress {
    /// One the kernel has not started yet (mdstat's `resync=DELAYED` and `resync=PENDING`).
    pub(crate) fn waiting(kind: &str) -> Self {
        SyncProgress {
            kind: kind.to_string(),
            percent: 0.0,
            minutes_left: None,
        }
    }
}

/// The names the kernel's /proc/mdstat uses for sync operations; sysfs says `recover` for
/// `recovery`.
pub(crate) const SYNC_KINDS: [&str; 5] = ["resync", "recovery", "check", "repair", "reshape"];

impl ArrayFacts {
    pub(crate) fn into_array(mut self) -> MdArray {
        self.members.sort_by(|a, b| a.device.cmp(&b.device));
        let state = if !self.running {
            ArrayState::Inactive
        } else if let Some(sync) = self.sync {
            ArrayState::Syncing {
                kind: sync.kind,
                percent: sync.percent,
                minutes_left: sync.minutes_left,
            }
        } else if self.devices_working < self.devices_total {
            ArrayState::Degraded
        } else {
            ArrayState::Clean
        };
        MdArray {
            name: self.name,
            level: self.level,
            members: self.members,
            devices_total: self.devices_total,
            // An array that is not running has no working devices and no size yet.
            devices_working: if self.running {
                self.devices_working
            } else {
                0
            },
            state,
            size_bytes: if self.running { self.size_bytes } else { 0 },
        }
    }
}

pub(crate) fn read_md_arrays(root: &Path) -> Vec<MdArray> {
    let from_mdstat = mdstat::parse_mdstat(&read_text(&under(root, "proc/mdstat")));
    let mut names: Vec<String> = from_mdstat
        .iter()
        .map(|array| array.name.clone())
        .chain(md_sysfs::array_names(root))
        .collect();
    // md2 before md10.
    names.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            md_sysfs::read_array(root, &name)
                .or_else(|| from_mdstat.iter().find(|array| array.name == name).cloned())
        })
        .collect()
}

/// Levels that keep the data when a disk dies.
pub(crate) fn is_redundant_level(level: &str) -> bool {
    matches!(level, "raid1" | "raid4" | "raid5" | "raid6" | "raid10")
}

/// Working with fewer disks than it was made for, or not running at all.
pub(crate) fn is_degraded(array: &MdArray) -> bool {
    matches!(array.state, ArrayState::Inactive | ArrayState::Degraded)
        || array.devices_working < array.devices_total
}

/// `md0 (raid1, 2 disks)`, `md1 (raid5, 3 of 4 disks working)`, `md127 (raid1, inactive)`.
pub(crate) fn describe(array: &MdArray) -> String {
    let level = if array.level.is_empty() {
        "unknown level"
    } else {
        array.level.as_str()
    };
    let disks = if array.state == ArrayState::Inactive {
        "inactive".to_string()
    } else if array.devices_working < array.devices_total {
        format!(
            "{} of {} disks working",
            array.devices_working, array.devices_total
        )
    } else {
        disks(array.devices_total as usize)
    };
    format!("{} ({level}, {disks})", array.name)
}

/// `clean`, `degraded`, `inactive`, or `recovery 21.3% done, about 61 minutes left`.
impl fmt::Display for ArrayState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArrayState::Clean => f.write_str("clean"),
            ArrayState::Degraded => f.write_str("degraded"),
            ArrayState::Inactive => f.write_str("inactive"),
            ArrayState::Syncing {
                kind,
                percent,
                minutes_left,
            } => {
                write!(f, "{kind} {percent:.1}% done")?;
                match minutes_left {
                    Some(minutes) => write!(f, ", about {minutes:.0} minutes left"),
                    None => Ok(()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::samples;

    /// Every md sample: the array as sysfs says it and as /proc/mdstat says it.
    fn both_sources(sample: &str) -> Vec<(MdArray, MdArray)> {
        let root = samples::root(sample);
        let from_mdstat = mdstat::parse_mdstat(&read_text(&root.join("proc/mdstat")));
        assert!(!from_mdstat.is_empty(), "{sample}: mdstat lists arrays");
        from_mdstat
            .into_iter()
            .map(|array| {
                let from_sysfs = md_sysfs::read_array(&root, &array.name)
                    .unwrap_or_else(|| panic!("{sample}: {} has sysfs", array.name));
                (from_sysfs, array)
            })
            .collect()
    }

    #[test]
    fn sysfs_and_mdstat_agree_on_every_sample() {
        for sample in samples::MD_SAMPLES {
            for (sysfs, mdstat) in both_sources(sample) {
                let context = format!("{sample} {}", sysfs.name);
                assert_eq!(sysfs.state, mdstat.state, "{context}");
                assert_eq!(sysfs.devices_total, mdstat.devices_total, "{context}");
                assert_eq!(sysfs.devices_working, mdstat.devices_working, "{context}");
                assert_eq!(sysfs.size_bytes, mdstat.size_bytes, "{context}");
                // mdstat does not name an inactive array's level.
                if mdstat.state != ArrayState::Inactive {
                    assert_eq!(sysfs.level, mdstat.level, "{context}");
                }
                // mdstat cannot tell a disk being rebuilt from one in sync; it does flag faulty
                // disks and spares outside the array.
                let devices = |a: &MdArray| {
                    a.members
                        .iter()
                        .map(|m| m.device.clone())
                        .collect::<Vec<_>>()
                };
                let faulty = |a: &MdArray| {
                    a.members
                        .iter()
                        .map(|m| m.state.contains("faulty"))
                        .collect::<Vec<_>>()
                };
                assert_eq!(devices(&sysfs), devices(&mdstat), "{context}");
                assert_eq!(faulty(&sysfs), faulty(&mdstat), "{context}");
            }
        }
    }

    #[test]
    fn sysfs_is_preferred_and_mdstat_is_the_fallback() {
        let root = samples::root("md-recovery");
        let arrays = read_md_arrays(&root);
        assert_eq!(arrays.len(), 1);
        // Only sysfs knows that sdc1 is still being rebuilt.
        assert_eq!(arrays[0].members[1].device, "sdc1");
        assert_eq!(arrays[0].members[1].state, "spare");

        let only_mdstat = tempfile::tempdir().unwrap();
        std::fs::create_dir(only_mdstat.path().join("proc")).unwrap();
        std::fs::copy(
            root.join("proc/mdstat"),
            only_mdstat.path().join("proc/mdstat"),
        )
        .unwrap();
        let arrays = read_md_arrays(only_mdstat.path());
        assert_eq!(arrays.len(), 1);
        assert_eq!(arrays[0].members[1].state, "in_sync");
        assert!(matches!(&arrays[0].state, ArrayState::Syncing { kind, .. } if kind == "recovery"));
    }

    #[test]
    fn multi_array_box_is_read_in_order() {
        let arrays = read_md_arrays(&samples::root("md-multi"));
        let names: Vec<&str> = arrays.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["md0", "md1", "md2", "md3", "md4", "md5"]);
        let described: Vec<String> = arrays.iter().map(describe).collect();
        assert_eq!(
            described,
            [
                "md0 (raid1, 2 disks)",
                "md1 (raid5, 3 of 4 disks working)",
                "md2 (raid10, 4 disks)",
                "md3 (raid0, 2 disks)",
                "md4 (raid1, 2 disks)",
                "md5 (raid1, 2 disks)",
            ]
        );
        let degraded: Vec<bool> = arrays.iter().map(is_degraded).collect();
        assert_eq!(degraded, [false, true, false, false, false, false]);
    }

    #[test]
    fn inactive_array_and_unassembled_node() {
        let arrays = read_md_arrays(&samples::root("md-inactive"));
        assert_eq!(
            arrays.len(),
            1,
            "md0 is an md node nobody assembled: {arrays:?}"
        );
        let md127 = &arrays[0];
        assert_eq!(md127.state, ArrayState::Inactive);
        assert_eq!(
            (md127.devices_total, md127.devices_working, md127.size_bytes),
            (2, 0, 0)
        );
        assert!(is_degraded(md127));
        assert_eq!(describe(md127), "md127 (raid1, inactive)");
    }

    #[test]
    fn array_states_read_as_words() {
        assert_eq!(ArrayState::Clean.to_string(), "clean");
        let waiting = ArrayState::Syncing {
            kind: "resync".into(),
            percent: 0.0,
            minutes_left: None,
        };
        assert_eq!(waiting.to_string(), "resync 0.0% done");
    }

    #[test]
    fn redundant_levels() {
        for level in ["raid1", "raid4", "raid5", "raid6", "raid10"] {
            assert!(is_redundant_level(level), "{level}");
        }
        for level in ["raid0", "linear", "multipath", ""] {
            assert!(!is_redundant_level(level), "{level}");
        }
    }
}
