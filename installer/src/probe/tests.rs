//! The probe's public API against the sample office box and against this machine.

use std::path::Path;

use super::*;

fn sample_box() -> Probe {
    probe(&samples::root("box"))
}

fn what(redundancy: &Redundancy) -> &str {
    match redundancy {
        Redundancy::Redundant { what } | Redundancy::Degraded { what } => what,
        Redundancy::None | Redundancy::Unknown => "",
    }
}

#[test]
fn sample_box_system() {
    let probe = sample_box();
    assert_eq!(probe.os.id, "debian");
    assert_eq!(probe.os.version_id, "12");
    assert_eq!(probe.os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
    assert_eq!(probe.init, "systemd");
    assert_eq!(probe.cpu.model, "Intel(R) Xeon(R) E-2314 CPU @ 2.80GHz");
    assert_eq!(probe.cpu.cores, 4);
    assert_eq!(probe.memory_bytes, 16318480 * 1024);
    assert_eq!(probe.md_arrays.len(), 2);
    assert_eq!(probe.btrfs.len(), 2);
    assert!(
        probe.zfs_pools.is_empty() && probe.lvm_volumes.is_empty(),
        "commands run only on the live machine"
    );
    assert_eq!(probe.postgres.installed_versions, [13, 15]);
    let ports: Vec<(u16, bool)> = probe.ports.iter().map(|p| (p.port, p.in_use)).collect();
    assert_eq!(ports, [(80, false), (443, false), (8065, false)]);
}

#[test]
fn a_path_on_a_clean_raid1_is_redundant() {
    let storage = storage_for(&sample_box(), Path::new("/var/lib/hearth/not/created/yet"));
    assert_eq!(storage.device.as_deref(), Some("md0"));
    assert_eq!(
        storage.mount.as_ref().map(|m| m.mount_point.as_path()),
        Some(Path::new("/"))
    );
    assert_eq!(
        storage.redundancy,
        Redundancy::Redundant {
            what: "md0 (raid1, 2 disks)".into()
        }
    );
    assert_eq!(storage.array_state, Some(ArrayState::Clean));
    assert_eq!(storage.free_bytes, 0, "no statvfs under a sample root");
}

#[test]
fn a_path_on_lvm_over_a_degraded_raid1_is_degraded() {
    let storage = storage_for(&sample_box(), Path::new("/srv/data/hearth"));
    assert_eq!(storage.device.as_deref(), Some("dm-0"));
    assert_eq!(
        storage.redundancy,
        Redundancy::Degraded {
            what: "vg0-data on md1 (raid1, 1 of 2 disks working)".into()
        }
    );
    assert_eq!(storage.array_state, Some(ArrayState::Degraded));
}

#[test]
fn a_path_on_a_plain_partition_has_no_redundancy() {
    let probe = sample_box();
    let storage = storage_for(&probe, Path::new("/mnt/single disk/hearth"));
    assert_eq!(storage.device.as_deref(), Some("sda2"));
    assert_eq!(storage.redundancy, Redundancy::None);
    assert_eq!(storage.array_state, None);
    // /mnt itself is on the root array, not the partition mounted below it.
    assert_eq!(
        storage_for(&probe, Path::new("/mnt/single"))
            .device
            .as_deref(),
        Some("md0")
    );
}

#[test]
fn btrfs_profiles_decide() {
    let probe = sample_box();
    let bulk = storage_for(&probe, Path::new("/srv/bulk/hearth"));
    assert_eq!(bulk.device.as_deref(), Some("sdd"));
    assert_eq!(
        bulk.redundancy,
        Redundancy::Redundant {
            what: "btrfs bulk (raid1 data, 2 disks)".into()
        }
    );
    let usb = storage_for(&probe, Path::new("/media/usb-backup"));
    assert_eq!(usb.redundancy, Redundancy::None);
}

#[test]
fn zfs_pools_decide_once_known() {
    let mut probe = sample_box();
    let path = Path::new("/srv/tank/hearth");
    assert_eq!(
        storage_for(&probe, path).redundancy,
        Redundancy::Unknown,
        "no zpool output under a sample root"
    );

    probe.zfs_pools = zfs::parse_status(&samples::text("zpool/mirror-online.txt"));
    let storage = storage_for(&probe, path);
    assert_eq!(storage.device.as_deref(), Some("tank"));
    assert_eq!(
        storage.redundancy,
        Redundancy::Redundant {
            what: "ZFS pool tank (mirror, 2 disks)".into()
        }
    );

    probe.zfs_pools = zfs::parse_status(&samples::text("zpool/mirror-degraded.txt"));
    assert_eq!(
        storage_for(&probe, path).redundancy,
        Redundancy::Degraded {
            what: "ZFS pool tank (mirror, DEGRADED)".into()
        }
    );
    assert_eq!(
        array_health(&probe).last().map(String::as_str),
        Some("ZFS pool tank is DEGRADED; errors: No known data errors")
    );
}

#[test]
fn lvm_raid_volumes_decide_once_known() {
    let mut probe = sample_box();
    let mut volumes = lvm::parse_report(&samples::text("lvs/report.json"));
    // Pretend the box's dm-0 is the raid1 volume vg0/data that lost a disk.
    volumes[0].health = "partial".into();
    probe.lvm_volumes = volumes;
    let storage = storage_for(&probe, Path::new("/srv/data"));
    assert_eq!(
        storage.redundancy,
        Redundancy::Degraded {
            what: "LVM vg0/data (raid1, partial)".into()
        }
    );
    probe.lvm_volumes[0].health.clear();
    assert_eq!(
        what(&storage_for(&probe, Path::new("/srv/data")).redundancy),
        "LVM vg0/data (raid1)"
    );
}

fn device(
    name: &str,
    kind: DeviceKind,
    members: &[&str],
    mapper_name: Option<&str>,
) -> BlockDevice {
    BlockDevice {
        name: name.into(),
        kind,
        size_bytes: 0,
        rotational: true,
        removable: false,
        model: String::new(),
        parent: None,
        members: members.iter().map(|m| m.to_string()).collect(),
        mapper_name: mapper_name.map(str::to_string),
    }
}

fn mount(source: &str, mount_point: &str) -> Mount {
    Mount {
        source: source.into(),
        mount_point: mount_point.into(),
        fs_type: "ext4".into(),
        total_bytes: 0,
        free_bytes: 0,
    }
}

/// The arrays of the md-multi sample, with their partitions and a mount on each array.
fn multi_array_box() -> Probe {
    let mut probe = probe_storage(&samples::root("md-multi"));
    for array in probe.md_arrays.clone() {
        for member in &array.members {
            let disk = member.device.trim_end_matches(char::is_numeric);
            if !probe.block_devices.iter().any(|d| d.name == disk) {
                probe
                    .block_devices
                    .push(device(disk, DeviceKind::Disk, &[], None));
            }
            probe.block_devices.push(BlockDevice {
                parent: Some(disk.into()),
                ..device(&member.device, DeviceKind::Partition, &[], None)
            });
        }
        probe.mounts.push(mount(
            &format!("/dev/{}", array.name),
            &format!("/srv/{}", array.name),
        ));
    }
    probe
}

#[test]
fn every_md_level_is_judged() {
    let probe = multi_array_box();
    let on = |array: &str| storage_for(&probe, &Path::new("/srv").join(array).join("hearth"));

    let resyncing = on("md0");
    assert_eq!(
        resyncing.redundancy,
        Redundancy::Redundant {
            what: "md0 (raid1, 2 disks)".into()
        }
    );
    assert_eq!(
        resyncing.array_state,
        Some(ArrayState::Syncing {
            kind: "resync".into(),
            percent: 5.0,
            minutes_left: Some(7.8)
        })
    );
    assert_eq!(
        on("md1").redundancy,
        Redundancy::Degraded {
            what: "md1 (raid5, 3 of 4 disks working)".into()
        }
    );
    assert_eq!(
        on("md2").redundancy,
        Redundancy::Redundant {
            what: "md2 (raid10, 4 disks)".into()
        }
    );
    let striped = on("md3");
    assert_eq!(
        striped.redundancy,
        Redundancy::None,
        "raid0 over plain partitions"
    );
    assert_eq!(striped.array_state, Some(ArrayState::Clean));
}

#[test]
fn raid0_over_mirrors_is_as_safe_as_the_mirrors() {
    let mut probe = multi_array_box();
    let mut md9 = probe.md_arrays[0].clone();
    md9.name = "md9".into();
    md9.level = "raid0".into();
    md9.state = ArrayState::Clean;
    for (member, array) in md9.members.iter_mut().zip(["md2", "md0"]) {
        member.device = array.into();
    }
    probe.md_arrays.push(md9);
    probe.mounts.push(mount("/dev/md9", "/srv/md9"));
    assert_eq!(
        storage_for(&probe, Path::new("/srv/md9")).redundancy,
        Redundancy::Redundant {
            what: "md9 (raid0, 2 disks) on md2 (raid10, 4 disks) + md0 (raid1, 2 disks)".into()
        }
    );
}

#[test]
fn an_lvm_raid_volume_without_lvs_is_unknown_not_unprotected() {
    let mut probe = sample_box();
    // Hypothetically vg0/data as an LVM raid1 on sdd and sde: its images are hidden dm devices.
    probe.block_devices.push(device(
        "dm-1",
        DeviceKind::Lvm,
        &["sdd"],
        Some("vg0-data_rimage_0"),
    ));
    probe.block_devices.push(device(
        "dm-2",
        DeviceKind::Lvm,
        &["sde"],
        Some("vg0-data_rimage_1"),
    ));
    let dm0 = probe
        .block_devices
        .iter_mut()
        .find(|d| d.name == "dm-0")
        .unwrap();
    dm0.members = vec!["dm-1".into(), "dm-2".into()];
    assert_eq!(
        storage_for(&probe, Path::new("/srv/data")).redundancy,
        Redundancy::Unknown
    );
}

#[test]
fn paths_on_no_disk_are_unknown() {
    let probe = sample_box();
    assert_eq!(
        storage_for(&probe, Path::new("/run/hearth")).redundancy,
        Redundancy::Unknown
    );
    let nowhere = storage_for(&Probe::default(), Path::new("/srv"));
    assert!(nowhere.mount.is_none() && nowhere.device.is_none());
    assert_eq!(nowhere.redundancy, Redundancy::Unknown);
}

#[test]
fn sample_box_health_names_the_degraded_array() {
    assert_eq!(
        array_health(&sample_box()),
        ["md1 (raid1, 1 of 2 disks working) is degraded; faulty: sdb2"]
    );
}

#[test]
fn storage_probe_matches_the_full_probe() {
    let root = samples::root("box");
    let storage_only = probe_storage(&root);
    let full = probe(&root);
    assert_eq!(storage_only.root, root);
    assert_eq!(
        serde_json::to_value(&storage_only.md_arrays).unwrap(),
        serde_json::to_value(&full.md_arrays).unwrap()
    );
    assert_eq!(storage_only.mounts.len(), full.mounts.len());
    assert!(storage_only.os.id.is_empty() && storage_only.ports.is_empty());
}

#[test]
fn a_root_with_nothing_in_it_probes_empty() {
    let empty = tempfile::tempdir().unwrap();
    let probe = probe(empty.path());
    assert!(probe.os.id.is_empty() && probe.block_devices.is_empty() && probe.mounts.is_empty());
    assert_eq!(probe.memory_bytes, 0);
    assert!(array_health(&probe).is_empty());
}

/// This machine: Debian, with at least one disk and mount, and a root file system whose
/// storage can be judged.
#[test]
fn this_machine() {
    let probe = probe(Path::new("/"));
    assert_eq!(probe.os.id, "debian", "{:?}", probe.os);
    assert!(!probe.init.is_empty());
    assert!(probe.cpu.cores > 0 && probe.memory_bytes > 0);
    assert!(!probe.block_devices.is_empty());
    assert!(!probe.mounts.is_empty());
    assert_eq!(probe.ports.len(), 3);

    let storage = storage_for(&probe, Path::new("/"));
    assert_ne!(storage.redundancy, Redundancy::Unknown, "{storage:?}");
    let mount = storage.mount.as_ref().expect("/ is mounted");
    assert!(
        mount.total_bytes > 0 && storage.free_bytes <= mount.total_bytes,
        "{mount:?}"
    );

    // A data directory that does not exist yet lives where its nearest existing parent does.
    let later = storage_for(&probe, Path::new("/var/lib/hearth-probe-test/data"));
    assert_eq!(
        later.device,
        storage_for(&probe, Path::new("/var/lib")).device
    );
}
