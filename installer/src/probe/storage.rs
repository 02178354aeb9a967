//! Where a candidate path would live: the mount holding it, the device under that mount, and
//! how well it survives a dead disk. The device stack is followed down (partition -> disk, LVM
//! volume -> physical volumes -> md array -> members), with btrfs and ZFS judged as their own
//! layer; a stack is only as safe as its weakest part.
//!
//! Only the probe is read, except on the live machine, where symlinks in the path are
//! followed, device names the mount table does not spell out (`/dev/root`,
//! `/dev/disk/by-uuid/...`) are looked up, and the free space is asked afresh: a few system
//! calls, cheap enough for a periodic check.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use super::{
    ArrayState, BlockDevice, BtrfsFilesystem, DeviceKind, MdArray, Mount, Probe, Redundancy,
    Storage, ZfsPool, btrfs, is_live, lvm, md, mounts, zfs,
};

/// Device stacks are a few layers deep; a loop in odd sysfs data must not recurse forever.
const MAX_STACK_DEPTH: usize = 8;

/// Where `path` would live on the probed machine: mount, device, redundancy, free space. A
/// relative path is taken from `/`; the path need not exist yet.
pub fn storage_for(probe: &Probe, path: &Path) -> Storage {
    let live = is_live(&probe.root);
    let resolved = resolve_path(path, live);
    let Some(mount) = mount_holding(&probe.mounts, &resolved) else {
        return Storage {
            path: path.to_path_buf(),
            mount: None,
            device: None,
            redundancy: Redundancy::Unknown,
            array_state: None,
            free_bytes: 0,
        };
    };
    let mut mount = mount.clone();
    if live {
        mounts::refresh_space(&mut mount);
    }
    let (device, assessment) = assess_mount(probe, &mount, live);
    Storage {
        path: path.to_path_buf(),
        free_bytes: mount.free_bytes,
        mount: Some(mount),
        device,
        redundancy: assessment.redundancy,
        array_state: assessment.array_state,
    }
}

/// The absolute path without `.` and `..`; on the live machine with symlinks followed through
/// the part that exists (the rest is kept as written).
fn resolve_path(path: &Path, live: bool) -> PathBuf {
    let absolute = Path::new("/").join(path);
    if live {
        let mut existing = absolute.as_path();
        let mut not_yet_there = Vec::new();
        while let (Some(parent), Some(last)) =
            (existing.parent(), existing.components().next_back())
        {
            if let Ok(real) = fs::canonicalize(existing) {
                return normalize(
                    &not_yet_there
                        .iter()
                        .rev()
                        .fold(real, |path, part| path.join(part)),
                );
            }
            not_yet_there.push(last.as_os_str());
            existing = parent;
        }
    }
    normalize(&absolute)
}

fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::from("/");
    for component in path.components() {
        match component {
            Component::Normal(name) => normal.push(name),
            Component::ParentDir => {
                normal.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    normal
}

/// The mount whose mount point is the longest prefix of `path`; of two on the same point, the
/// later one, which hides the earlier.
fn mount_holding<'a>(mounts: &'a [Mount], path: &Path) -> Option<&'a Mount> {
    mounts
        .iter()
        .filter(|mount| path.starts_with(&mount.mount_point))
        .max_by_key(|mount| mount.mount_point.components().count())
}

/// How a layer of storage survives a dead disk, and the state of the md array in it, if any.
struct Assessment {
    redundancy: Redundancy,
    array_state: Option<ArrayState>,
}

impl Assessment {
    fn of(redundancy: Redundancy) -> Self {
        Assessment {
            redundancy,
            array_state: None,
        }
    }

    fn unknown() -> Self {
        Self::of(Redundancy::Unknown)
    }

    /// Redundant, or `Degraded` when a disk is missing or failed now.
    fn redundant(what: String, degraded: bool) -> Self {
        Self::of(if degraded {
            Redundancy::Degraded { what }
        } else {
            Redundancy::Redundant { what }
        })
    }
}

/// The device (or ZFS pool) under the mount, and how it survives a dead disk.
fn assess_mount(probe: &Probe, mount: &Mount, live: bool) -> (Option<String>, Assessment) {
    if mount.fs_type == "zfs" {
        // ZFS mounts name the dataset: `tank/hearth` is in pool `tank`.
        let pool_name = mount
            .source
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let pool = probe.zfs_pools.iter().find(|pool| pool.name == pool_name);
        return (
            Some(pool_name),
            pool.map_or_else(Assessment::unknown, assess_zfs),
        );
    }
    let Some(device) = mount_device(probe, mount, live) else {
        // tmpfs, NFS, overlay: no local disk to judge.
        return (None, Assessment::unknown());
    };
    let btrfs = (mount.fs_type == "btrfs")
        .then(|| probe.btrfs.iter().find(|fs| fs.devices.contains(&device)))
        .flatten();
    let assessment = match btrfs {
        Some(fs) => assess_btrfs(probe, fs),
        None => assess_device(probe, &device, 0),
    };
    (Some(device), assessment)
}

/// The kernel name (`md0`, `sda2`, `dm-0`) of the device a mount's source names.
fn mount_device(probe: &Probe, mount: &Mount, live: bool) -> Option<String> {
    let named = device_named(probe, &mount.source);
    named.or_else(|| live.then(|| live_device_name(probe, mount)).flatten())
}

/// `/dev/sda2` -> `sda2`, `/dev/mapper/vg0-data` -> `dm-0`, for devices the probe found.
fn device_named(probe: &Probe, source: &str) -> Option<String> {
    let name = source.strip_prefix("/dev/")?;
    if let Some(mapper_name) = name.strip_prefix("mapper/") {
        let device = probe
            .block_devices
            .iter()
            .find(|device| device.mapper_name.as_deref() == Some(mapper_name))?;
        return Some(device.name.clone());
    }
    is_known_device(probe, name).then(|| name.to_string())
}

/// On the live machine: `/dev/disk/by-uuid/...`, `/dev/md/data` or `/dev/vg0/data` link to the
/// kernel's name; `/dev/root` (a root file system the kernel mounted itself) exists in no
/// `/dev`, so the device the mount point is on is asked instead.
fn live_device_name(probe: &Probe, mount: &Mount) -> Option<String> {
    if !mount.source.starts_with("/dev/") {
        return None;
    }
    let known = |path: &Path| {
        let name = path.file_name()?.to_str()?;
        is_known_device(probe, name).then(|| name.to_string())
    };
    if let Some(name) = fs::canonicalize(&mount.source)
        .ok()
        .and_then(|path| known(&path))
    {
        return Some(name);
    }
    let device_number = fs::metadata(&mount.mount_point).ok()?.dev();
    let (major, minor) = (libc::major(device_number), libc::minor(device_number));
    known(&fs::read_link(format!("/sys/dev/block/{major}:{minor}")).ok()?)
}

fn is_known_device(probe: &Probe, name: &str) -> bool {
    probe.block_devices.iter().any(|device| device.name == name)
        || probe.md_arrays.iter().any(|array| array.name == name)
}

fn assess_device(probe: &Probe, name: &str, depth: usize) -> Assessment {
    if depth > MAX_STACK_DEPTH {
        return Assessment::unknown();
    }
    if let Some(array) = probe.md_arrays.iter().find(|array| array.name == name) {
        return assess_md(probe, array, depth);
    }
    let Some(device) = probe
        .block_devices
        .iter()
        .find(|device| device.name == name)
    else {
        return Assessment::unknown();
    };
    match device.kind {
        DeviceKind::Disk => Assessment::of(Redundancy::None),
        DeviceKind::Partition => match &device.parent {
            Some(disk) => assess_device(probe, disk, depth + 1),
            None => Assessment::unknown(),
        },
        DeviceKind::Lvm => assess_lvm(probe, device, depth),
        // dm-crypt and the like (or an md array the probe could not read): as safe as what
        // they are made of.
        DeviceKind::Raid | DeviceKind::Other if !device.members.is_empty() => {
            let label = device.mapper_name.as_deref().unwrap_or(&device.name);
            assess_stack(probe, &device.members, depth, label)
        }
        // Loop devices and RAM disks: where their data lives cannot be told here.
        DeviceKind::Raid | DeviceKind::Other | DeviceKind::Loop => Assessment::unknown(),
    }
}

fn assess_md(probe: &Probe, array: &MdArray, depth: usize) -> Assessment {
    let what = md::describe(array);
    let assessment = if md::is_redundant_level(&array.level) {
        Assessment::redundant(what, md::is_degraded(array))
    } else {
        // raid0 and linear survive nothing by themselves, but may be made of arrays that do.
        let members: Vec<String> = array
            .members
            .iter()
            .map(|member| member.device.clone())
            .collect();
        assess_stack(probe, &members, depth, &what)
    };
    Assessment {
        array_state: Some(array.state.clone()),
        ..assessment
    }
}

fn assess_lvm(probe: &Probe, device: &BlockDevice, depth: usize) -> Assessment {
    let mapper_name = device.mapper_name.as_deref().unwrap_or(&device.name);
    let volume = probe
        .lvm_volumes
        .iter()
        .find(|volume| volume.device.strip_prefix("/dev/mapper/") == Some(mapper_name));
    match volume {
        Some(volume) if lvm::is_redundant_segment_type(&volume.segment_type) => {
            Assessment::redundant(
                lvm::describe(volume),
                lvm::is_degraded_health(&volume.health),
            )
        }
        Some(volume) => assess_stack(
            probe,
            &device.members,
            depth,
            &format!("{}/{}", volume.vg, volume.lv),
        ),
        // Without `lvs` (it needs root) a RAID or mirror volume shows only as its hidden
        // `_rimage_`/`_mimage_` sub-volumes, and sysfs does not say which level they make up.
        None if device
            .members
            .iter()
            .any(|member| is_lvm_image(probe, member)) =>
        {
            Assessment::unknown()
        }
        None => assess_stack(probe, &device.members, depth, mapper_name),
    }
}

fn is_lvm_image(probe: &Probe, name: &str) -> bool {
    probe.block_devices.iter().any(|device| {
        device.name == name
            && device
                .mapper_name
                .as_deref()
                .is_some_and(|mapper| mapper.contains("_rimage_") || mapper.contains("_mimage_"))
    })
}

fn assess_btrfs(probe: &Probe, fs: &BtrfsFilesystem) -> Assessment {
    let what = btrfs::describe(fs);
    if btrfs::is_redundant_profile(&fs.data_profile) {
        return Assessment::redundant(what, fs.missing_devices > 0);
    }
    // A single or dup profile is as safe as the devices under it (a single btrfs on md0).
    assess_stack(probe, &fs.devices, 0, &what)
}

fn assess_zfs(pool: &ZfsPool) -> Assessment {
    if !zfs::is_redundant(pool) {
        return Assessment::of(Redundancy::None);
    }
    Assessment::redundant(zfs::describe(pool), !zfs::is_healthy(pool))
}

/// A layer named `label` made of `members`: degraded if any member is, unprotected if any is,
/// unknown if any is, redundant only if all are.
fn assess_stack(probe: &Probe, members: &[String], depth: usize, label: &str) -> Assessment {
    let parts: Vec<Assessment> = members
        .iter()
        .map(|member| assess_device(probe, member, depth + 1))
        .collect();
    let array_state = parts.iter().find_map(|part| part.array_state.clone());
    let mut whats: Vec<&str> = parts
        .iter()
        .filter_map(|part| match &part.redundancy {
            Redundancy::Redundant { what } | Redundancy::Degraded { what } => Some(what.as_str()),
            Redundancy::None | Redundancy::Unknown => None,
        })
        .collect();
    whats.dedup();
    let what = format!("{label} on {}", whats.join(" + "));
    let any = |wanted: fn(&Redundancy) -> bool| parts.iter().any(|part| wanted(&part.redundancy));
    let redundancy = if parts.is_empty() {
        Redundancy::Unknown
    } else if any(|r| matches!(r, Redundancy::Degraded { .. })) {
        Redundancy::Degraded { what }
    } else if any(|r| *r == Redundancy::None) {
        Redundancy::None
    } else if any(|r| *r == Redundancy::Unknown) {
        Redundancy::Unknown
    } else {
        Redundancy::Redundant { what }
    };
    Assessment {
        redundancy,
        array_state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised() {
        assert_eq!(
            normalize(Path::new("/srv/./data/../hearth/")),
            Path::new("/srv/hearth")
        );
        assert_eq!(normalize(Path::new("/../..")), Path::new("/"));
        assert_eq!(
            resolve_path(Path::new("srv/hearth"), false),
            Path::new("/srv/hearth")
        );
    }

    #[test]
    fn live_paths_follow_symlinks_and_keep_what_does_not_exist() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        let resolved = resolve_path(&dir.path().join("link/not/yet/../there"), true);
        assert_eq!(resolved, fs::canonicalize(&real).unwrap().join("not/there"));
    }

    #[test]
    fn the_innermost_and_latest_mount_wins() {
        let mount = |source: &str, point: &str| Mount {
            source: source.into(),
            mount_point: point.into(),
            fs_type: "ext4".into(),
            total_bytes: 0,
            free_bytes: 0,
        };
        let mounts = [
            mount("/dev/sda1", "/"),
            mount("/dev/sdb1", "/srv"),
            mount("/dev/sdc1", "/srv"),
        ];
        let holding =
            |path: &str| mount_holding(&mounts, Path::new(path)).map(|m| m.source.as_str());
        assert_eq!(holding("/srv/hearth"), Some("/dev/sdc1"));
        assert_eq!(
            holding("/srvx"),
            Some("/dev/sda1"),
            "components, not characters"
        );
        assert!(mount_holding(&mounts[1..], Path::new("/home")).is_none());
    }
}
