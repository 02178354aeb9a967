//! Looking at the machine before anything is installed: the operating system and init system,
//! CPU and memory, block devices and mounts, software RAID and other redundancy (md, btrfs, ZFS,
//! LVM), which ports are taken and by what, and PostgreSQL. Every file is read under a root
//! prefix (`/` on a real box), so tests can use samples.
//!
//! The running server reuses the storage half: [`probe_storage`] then [`storage_for`] the data
//! directory and [`array_health`] for the periodic storage check.
//!
//! Codemap: `system` (os-release, init, CPU, memory), `blocks` (/sys/block), `mounts`
//! (/proc/mounts, statvfs), `md` with `mdstat` and `md_sysfs` (software RAID), `btrfs`, `zfs`
//! (`zpool status`), `lvm` (`lvs`), `ports`, `postgres`, `dns`, `storage` (which device and
//! array a path lives on), `health` (array problems as sentences); `files` and `tools` read
//! files and run commands for them.
//!
//! Invariant: nothing here panics or fails on odd, missing or unreadable files; a missing piece
//! is empty or default.

mod blocks;
mod btrfs;
mod dns;
mod files;
mod health;
mod lvm;
mod md;
mod md_sysfs;
mod mdstat;
mod mounts;
mod ports;
mod postgres;
mod storage;
mod system;
mod tools;
mod zfs;

#[cfg(test)]
mod samples;
#[cfg(test)]
mod tests;

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use dns::check_dns;
pub use health::array_health;
pub use storage::storage_for;

/// Everything the probe found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Probe {
    /// The root prefix this was probed under: `/` for the live machine.
    pub root: PathBuf,
    pub os: Os,
    /// `systemd`, or the name of PID 1 otherwise.
    pub init: String,
    pub cpu: Cpu,
    pub memory_bytes: u64,
    pub block_devices: Vec<BlockDevice>,
    pub mounts: Vec<Mount>,
    pub md_arrays: Vec<MdArray>,
    pub btrfs: Vec<BtrfsFilesystem>,
    pub zfs_pools: Vec<ZfsPool>,
    pub lvm_volumes: Vec<LvmVolume>,
    /// Ports 80, 443 and 8065.
    pub ports: Vec<PortUse>,
    pub postgres: Postgres,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Os {
    /// `debian`, from os-release `ID`.
    pub id: String,
    /// `12`.
    pub version_id: String,
    /// `Debian GNU/Linux 12 (bookworm)`.
    pub pretty_name: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Cpu {
    pub model: String,
    pub cores: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    Disk,
    Partition,
    Raid,
    Lvm,
    Loop,
    Other,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlockDevice {
    /// Kernel name: `sda`, `sda1`, `nvme0n1p2`, `md0`, `dm-0`.
    pub name: String,
    pub kind: DeviceKind,
    pub size_bytes: u64,
    pub rotational: bool,
    pub removable: bool,
    pub model: String,
    /// The disk a partition is on.
    pub parent: Option<String>,
    /// What this device is made of: an md array's or a dm device's members (`slaves`).
    pub members: Vec<String>,
    /// A device-mapper device's name (`dm/name`): `vg0-data` for `/dev/mapper/vg0-data`.
    pub mapper_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mount {
    /// As in /proc/mounts: `/dev/md0`, `/dev/mapper/vg-data`, `tank/data`.
    pub source: String,
    pub mount_point: PathBuf,
    pub fs_type: String,
    /// From statvfs, 0 when it cannot be asked (under a root prefix other than `/`).
    pub total_bytes: u64,
    pub free_bytes: u64,
}

/// One member of an md array.
#[derive(Debug, Clone, Serialize)]
pub struct MdMember {
    /// `sda1`.
    pub device: String,
    /// `in_sync`, `faulty`, `spare`, `write_mostly`, ... (sysfs `state`, else from mdstat flags).
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ArrayState {
    Clean,
    /// Fewer working devices than the array needs to be redundant.
    Degraded,
    /// Rebuilding or checking: `kind` is `resync`, `recovery`, `check`, `repair` or `reshape`.
    /// A recovery rebuilds a missing disk, so the array is degraded meanwhile (see
    /// `MdArray::devices_working`). `percent` is 0 while the sync waits its turn.
    Syncing {
        kind: String,
        percent: f32,
        minutes_left: Option<f32>,
    },
    Inactive,
}

#[derive(Debug, Clone, Serialize)]
pub struct MdArray {
    /// `md0`.
    pub name: String,
    /// `raid1`, `raid5`, `raid10`, `raid0`, `linear`.
    pub level: String,
    pub members: Vec<MdMember>,
    /// Devices the array is made for, and how many work (`[2/1]` in mdstat).
    pub devices_total: u32,
    pub devices_working: u32,
    pub state: ArrayState,
    pub size_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BtrfsFilesystem {
    pub uuid: String,
    pub label: String,
    /// Member devices: `sdb`, `sdc`.
    pub devices: Vec<String>,
    /// `single`, `dup`, `raid1`, `raid1c3`, `raid10`, `raid5`, `raid6`; several joined with `+`
    /// while a balance converts from one to another.
    pub data_profile: String,
    pub metadata_profile: String,
    /// Member devices the kernel reports missing (mounted `degraded`).
    pub missing_devices: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZfsPool {
    pub name: String,
    /// `ONLINE`, `DEGRADED`, `FAULTED`, ...
    pub state: String,
    /// `mirror`, `raidz1`, `raidz2`, `raidz3`, `draid1`, or `stripe` (no redundancy: a data
    /// vdev is a bare disk).
    pub redundancy: String,
    /// The data disks as `zpool status -P` names them (not log, cache or spare disks).
    pub devices: Vec<String>,
    /// The `errors:` line.
    pub errors: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LvmVolume {
    pub vg: String,
    pub lv: String,
    /// `raid1`, `mirror`, `raid5`, `linear`, `striped`, ...; a volume whose segments differ
    /// joins them with `+`.
    pub segment_type: String,
    /// `/dev/mapper/<vg>-<lv>`.
    pub device: String,
    /// `lv_health_status`: empty when healthy, else `partial`, `refresh needed`, ...
    pub health: String,
    pub sync_percent: Option<f32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortUse {
    pub port: u16,
    pub in_use: bool,
    /// `nginx (pid 812)` when it can be told.
    pub process: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Postgres {
    /// Server major versions installed (`/usr/lib/postgresql/<v>/bin/postgres`).
    pub installed_versions: Vec<u32>,
    /// A server answers on the default socket (`/var/run/postgresql/.s.PGSQL.5432`).
    pub running: bool,
    /// `psql` is installed.
    pub client: bool,
}

/// How well the data at a path survives a dead disk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Redundancy {
    /// On one disk.
    None,
    /// On an array or pool that survives a disk failure, e.g. `md0 (raid1)`.
    Redundant { what: String },
    /// On a redundant array that is degraded now.
    Degraded { what: String },
    /// Unknown (no mount found).
    Unknown,
}

/// Where a candidate path would live.
#[derive(Debug, Clone, Serialize)]
pub struct Storage {
    pub path: PathBuf,
    pub mount: Option<Mount>,
    /// The block device(s) under it: `md0`, `sda2`, `tank`.
    pub device: Option<String>,
    pub redundancy: Redundancy,
    /// Syncing state of the array it is on, if any.
    pub array_state: Option<ArrayState>,
    pub free_bytes: u64,
}

/// Whether a domain resolves to this box.
#[derive(Debug, Clone, Serialize)]
pub struct DnsCheck {
    pub domain: String,
    pub addresses: Vec<IpAddr>,
    /// One of `addresses` is an address of one of this box's interfaces (a loopback address
    /// counts only for `localhost` names). Behind NAT the domain resolves to the router's
    /// public address, so this is false even where port forwarding would reach the box.
    pub points_here: bool,
    pub error: Option<String>,
}

/// Probes the machine under `root` (`/` on a real box). The commands (`zpool`, `lvs`) and
/// statvfs run only when `root` is `/`; everything else, the process table behind the ports
/// included, is read under `root`.
pub fn probe(root: &Path) -> Probe {
    Probe {
        os: system::read_os(root),
        init: system::read_init(root),
        cpu: system::read_cpu(root),
        memory_bytes: system::read_memory_bytes(root),
        ports: ports::read_ports(root),
        postgres: postgres::read_postgres(root),
        ..probe_storage(root)
    }
}

/// Only the storage part of [`probe`]: block devices, mounts, md arrays, btrfs, ZFS and LVM.
/// Enough for [`storage_for`] and [`array_health`], and cheaper: no process table scan.
pub fn probe_storage(root: &Path) -> Probe {
    Probe {
        root: root.to_path_buf(),
        block_devices: blocks::read_block_devices(root),
        mounts: mounts::read_mounts(root),
        md_arrays: md::read_md_arrays(root),
        btrfs: btrfs::read_filesystems(root),
        zfs_pools: zfs::read_pools(root),
        lvm_volumes: lvm::read_volumes(root),
        ..Probe::default()
    }
}

/// The live machine, where commands may run and the kernel may be asked directly.
fn is_live(root: &Path) -> bool {
    root == Path::new("/")
}

/// `1 disk`, `2 disks`.
fn disks(count: usize) -> String {
    if count == 1 {
        "1 disk".to_string()
    } else {
        format!("{count} disks")
    }
}
