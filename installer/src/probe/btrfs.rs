//! btrfs file systems from `/sys/fs/btrfs/<uuid>/`: `label`, member `devices/`, the RAID profile
//! of data and metadata (`allocation/{data,metadata}/<profile>/`), and devices the kernel
//! reports missing (`devinfo/<id>/missing`, Linux 5.6 and later).

use std::path::Path;

use super::files::{dir_names, read_parsed, read_trimmed, under};
use super::{BtrfsFilesystem, disks};

/// Profiles that keep every block on at least two devices (`dup` keeps both copies on one).
const REDUNDANT_PROFILES: [&str; 6] = ["raid1", "raid1c3", "raid1c4", "raid10", "raid5", "raid6"];

pub(crate) fn read_filesystems(root: &Path) -> Vec<BtrfsFilesystem> {
    let base = under(root, "sys/fs/btrfs");
    dir_names(&base)
        .into_iter()
        // Besides one directory per file system there is `features/`.
        .filter(|uuid| base.join(uuid).join("devices").is_dir())
        .map(|uuid| read_filesystem(&base.join(&uuid), uuid))
        .collect()
}

fn read_filesystem(dir: &Path, uuid: String) -> BtrfsFilesystem {
    let devinfo = dir.join("devinfo");
    let missing = dir_names(&devinfo)
        .iter()
        .filter(|id| read_trimmed(&devinfo.join(id).join("missing")) == "1")
        .count();
    BtrfsFilesystem {
        label: read_trimmed(&dir.join("label")),
        devices: dir_names(&dir.join("devices")),
        data_profile: read_profile(&dir.join("allocation/data")),
        metadata_profile: read_profile(&dir.join("allocation/metadata")),
        missing_devices: u32::try_from(missing).unwrap_or(u32::MAX),
        uuid,
    }
}

/// The profile of the chunks in use. Mid-conversion several profiles hold data; they are joined
/// with `+` (`raid1+single`). Empty chunks that mkfs or an old profile left behind are ignored.
fn read_profile(dir: &Path) -> String {
    let profiles = dir_names(dir);
    let in_use: Vec<&String> = profiles
        .iter()
        .filter(|profile| {
            read_parsed::<u64>(&dir.join(profile).join("used_bytes")).is_none_or(|used| used > 0)
        })
        .collect();
    let chosen: Vec<&String> = if in_use.is_empty() {
        profiles.iter().collect()
    } else {
        in_use
    };
    chosen
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join("+")
}

/// Every part of the profile (see [`read_profile`]) survives a dead disk.
pub(crate) fn is_redundant_profile(profile: &str) -> bool {
    !profile.is_empty()
        && profile
            .split('+')
            .all(|part| REDUNDANT_PROFILES.contains(&part))
}

/// `btrfs bulk (raid1 data, 2 disks)`.
pub(crate) fn describe(fs: &BtrfsFilesystem) -> String {
    let name = if fs.label.is_empty() {
        &fs.uuid
    } else {
        &fs.label
    };
    let missing = match fs.missing_devices {
        0 => String::new(),
        n => format!(", {n} missing"),
    };
    format!(
        "btrfs {name} ({} data, {}{missing})",
        fs.data_profile,
        disks(fs.devices.len())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::samples;

    #[test]
    fn raid1_and_single_filesystems() {
        let filesystems = read_filesystems(&samples::root("box"));
        assert_eq!(filesystems.len(), 2, "features/ is not a file system");

        let bulk = &filesystems[0];
        assert_eq!(bulk.label, "bulk");
        assert_eq!(bulk.devices, ["sdd", "sde"]);
        assert_eq!(
            bulk.data_profile, "raid1",
            "the empty single chunk mkfs left is ignored"
        );
        assert_eq!(bulk.metadata_profile, "raid1");
        assert_eq!(bulk.missing_devices, 0);
        assert!(is_redundant_profile(&bulk.data_profile));
        assert_eq!(describe(bulk), "btrfs bulk (raid1 data, 2 disks)");

        let usb = &filesystems[1];
        assert_eq!(
            (usb.label.as_str(), usb.devices.as_slice()),
            ("usb-backup", ["sdf".to_string()].as_slice())
        );
        assert_eq!(
            (usb.data_profile.as_str(), usb.metadata_profile.as_str()),
            ("single", "dup")
        );
        assert!(!is_redundant_profile(&usb.data_profile));
    }

    #[test]
    fn conversion_and_missing_devices() {
        let dir = tempfile::tempdir().unwrap();
        let fs = dir.path().join("sys/fs/btrfs/1234");
        for (profile, used) in [("raid1", "1000"), ("single", "5000")] {
            let profile_dir = fs.join("allocation/data").join(profile);
            std::fs::create_dir_all(&profile_dir).unwrap();
            std::fs::write(profile_dir.join("used_bytes"), used).unwrap();
        }
        std::fs::create_dir_all(fs.join("devices/sdb")).unwrap();
        for (id, missing) in [("1", "0\n"), ("2", "1\n")] {
            std::fs::create_dir_all(fs.join("devinfo").join(id)).unwrap();
            std::fs::write(fs.join("devinfo").join(id).join("missing"), missing).unwrap();
        }
        let found = read_filesystems(dir.path());
        assert_eq!(found[0].data_profile, "raid1+single");
        assert!(
            !is_redundant_profile(&found[0].data_profile),
            "half converted is not redundant yet"
        );
        assert_eq!(found[0].missing_devices, 1);
        assert_eq!(found[0].metadata_profile, "");
        assert_eq!(
            describe(&found[0]),
            "btrfs 1234 (raid1+single data, 1 disk, 1 missing)"
        );
    }

    #[test]
    fn redundant_profiles() {
        for profile in [
            "raid1",
            "raid1c3",
            "raid1c4",
            "raid10",
            "raid5",
            "raid6",
            "raid1+raid10",
        ] {
            assert!(is_redundant_profile(profile), "{profile}");
        }
        for profile in ["single", "dup", "raid0", ""] {
            assert!(!is_redundant_profile(profile), "{profile}");
        }
    }
}
