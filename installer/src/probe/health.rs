//! The health of every array and pool on the box, in sentences for an admin: degraded or
//! inactive md arrays and their faulty disks, btrfs file systems missing a device, ZFS pools
//! not ONLINE, LVM RAID volumes that lost a disk.

use super::{ArrayState, MdArray, Probe, btrfs, lvm, md, zfs};

/// The problems with the box's arrays and pools, one sentence each; empty when all are healthy.
/// A resync or check of a healthy array is not a problem.
pub fn array_health(probe: &Probe) -> Vec<String> {
    let md_arrays = probe.md_arrays.iter().filter_map(md_problem);
    let btrfs = probe
        .btrfs
        .iter()
        .filter(|fs| fs.missing_devices > 0)
        .map(|fs| format!("{} is degraded", btrfs::describe(fs)));
    let zfs = probe
        .zfs_pools
        .iter()
        .filter(|pool| !zfs::is_healthy(pool))
        .map(|pool| {
            format!(
                "ZFS pool {} is {}; errors: {}",
                pool.name, pool.state, pool.errors
            )
        });
    let lvm = probe
        .lvm_volumes
        .iter()
        .filter(|volume| lvm::is_degraded_health(&volume.health))
        .map(|volume| format!("{} has lost a disk", lvm::describe(volume)));
    md_arrays.chain(btrfs).chain(zfs).chain(lvm).collect()
}

fn md_problem(array: &MdArray) -> Option<String> {
    let what = md::describe(array);
    let faulty: Vec<&str> = array
        .members
        .iter()
        .filter(|member| member.state.split(',').any(|state| state == "faulty"))
        .map(|member| member.device.as_str())
        .collect();
    let faulty_note = if faulty.is_empty() {
        String::new()
    } else {
        format!("; faulty: {}", faulty.join(", "))
    };
    let problem = match &array.state {
        ArrayState::Inactive => "is not running".to_string(),
        ArrayState::Syncing { .. } if md::is_degraded(array) => {
            format!("is degraded and rebuilding: {}", array.state)
        }
        _ if md::is_degraded(array) => "is degraded".to_string(),
        _ if !faulty.is_empty() => "has a faulty disk".to_string(),
        _ => return None,
    };
    Some(format!("{what} {problem}{faulty_note}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::{md::read_md_arrays, samples};

    fn md_health(sample: &str) -> Vec<String> {
        let probe = Probe {
            md_arrays: read_md_arrays(&samples::root(sample)),
            ..Probe::default()
        };
        array_health(&probe)
    }

    #[test]
    fn healthy_and_merely_syncing_arrays_are_no_problem() {
        for sample in ["md-clean", "md-resync", "md-check"] {
            assert_eq!(md_health(sample), Vec::<String>::new(), "{sample}");
        }
    }

    #[test]
    fn btrfs_zfs_and_lvm_problems() {
        let mut probe = Probe {
            zfs_pools: zfs::parse_status(&samples::text("zpool/mirror-degraded.txt")),
            lvm_volumes: lvm::parse_report(&samples::text("lvs/report.json")),
            btrfs: btrfs::read_filesystems(&samples::root("box")),
            ..Probe::default()
        };
        probe.btrfs[0].missing_devices = 1;
        assert_eq!(
            array_health(&probe),
            [
                "btrfs bulk (raid1 data, 2 disks, 1 missing) is degraded",
                "ZFS pool tank is DEGRADED; errors: No known data errors",
                "LVM vg1/archive (raid1, partial) has lost a disk",
            ]
        );
    }

    #[test]
    fn problems_are_sentences() {
        assert_eq!(
            md_health("md-degraded"),
            ["md0 (raid1, 1 of 2 disks working) is degraded; faulty: sdb1"]
        );
        assert_eq!(
            md_health("md-recovery"),
            [
                "md0 (raid1, 1 of 2 disks working) is degraded and rebuilding: recovery 21.3% done, about 61 minutes left"
            ]
        );
        assert_eq!(
            md_health("md-inactive"),
            ["md127 (raid1, inactive) is not running"]
        );
        assert_eq!(
            md_health("md-multi"),
            ["md1 (raid5, 3 of 4 disks working) is degraded"]
        );
    }
}
