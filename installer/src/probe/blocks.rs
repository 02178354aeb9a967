//! Block devices from `/sys/block`: disks with their partitions (subdirectories holding a
//! `partition` file), md arrays, device-mapper devices (LVM and others) and loop devices, with
//! size, rotational and removable flags, model, and what each is made of (`slaves/`).

use std::path::Path;

use super::files::{dir_names, read_parsed, read_trimmed, under};
use super::{BlockDevice, DeviceKind};

/// sysfs gives sizes in 512-byte sectors, whatever the device's own sector size.
const SECTOR_BYTES: u64 = 512;

pub(crate) fn read_block_devices(root: &Path) -> Vec<BlockDevice> {
    let sys_block = under(root, "sys/block");
    let mut devices = Vec::new();
    for name in dir_names(&sys_block) {
        let dir = sys_block.join(&name);
        let device = read_device(&dir, &name);
        let partitions: Vec<BlockDevice> = dir_names(&dir)
            .into_iter()
            .filter(|child| dir.join(child).join("partition").is_file())
            .map(|child| read_partition(&dir.join(&child), &child, &device))
            .collect();
        devices.push(device);
        devices.extend(partitions);
    }
    devices
}

fn read_device(dir: &Path, name: &str) -> BlockDevice {
    let mapper_name = Some(read_trimmed(&dir.join("dm/name"))).filter(|n| !n.is_empty());
    BlockDevice {
        name: name.to_string(),
        kind: kind_of(dir, name),
        size_bytes: read_size(dir),
        rotational: read_trimmed(&dir.join("queue/rotational")) == "1",
        removable: read_trimmed(&dir.join("removable")) == "1",
        model: read_trimmed(&dir.join("device/model")),
        parent: None,
        members: dir_names(&dir.join("slaves")),
        mapper_name,
    }
}

/// A partition shares its disk's medium: rotational, removable and model come from the disk.
fn read_partition(dir: &Path, name: &str, disk: &BlockDevice) -> BlockDevice {
    BlockDevice {
        name: name.to_string(),
        kind: DeviceKind::Partition,
        size_bytes: read_size(dir),
        rotational: disk.rotational,
        removable: disk.removable,
        model: disk.model.clone(),
        parent: Some(disk.name.clone()),
        members: Vec::new(),
        mapper_name: None,
    }
}

fn read_size(dir: &Path) -> u64 {
    read_parsed::<u64>(&dir.join("size")).map_or(0, |sectors| sectors.saturating_mul(SECTOR_BYTES))
}

fn kind_of(dir: &Path, name: &str) -> DeviceKind {
    if dir.join("md").is_dir() || is_md_name(name) {
        DeviceKind::Raid
    } else if dir.join("dm").is_dir() {
        // LVM names its device-mapper devices' UUIDs `LVM-<vg uuid><lv uuid>`; dm-crypt uses
        // `CRYPT-...`, multipath `mpath-...`.
        if read_trimmed(&dir.join("dm/uuid")).starts_with("LVM-") {
            DeviceKind::Lvm
        } else {
            DeviceKind::Other
        }
    } else if name.starts_with("loop") {
        DeviceKind::Loop
    } else if dir.join("device").exists() {
        // Real hardware (SATA, NVMe, virtio, USB) has a `device` link; zram and ram disks do not.
        DeviceKind::Disk
    } else {
        DeviceKind::Other
    }
}

/// `md0`, `md127`: the kernel's names for md arrays.
fn is_md_name(name: &str) -> bool {
    name.strip_prefix("md")
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::samples;

    #[test]
    fn sample_box_devices() {
        let devices = read_block_devices(&samples::root("box"));
        let find = |name: &str| {
            devices
                .iter()
                .find(|d| d.name == name)
                .unwrap_or_else(|| panic!("{name} missing"))
        };

        let sda = find("sda");
        assert_eq!(sda.kind, DeviceKind::Disk);
        assert_eq!(sda.size_bytes, 1000215216 * 512);
        assert!(!sda.rotational && !sda.removable);
        assert_eq!(sda.model, "Samsung SSD 870 EVO 500GB");

        let sda3 = find("sda3");
        assert_eq!(sda3.kind, DeviceKind::Partition);
        assert_eq!(sda3.parent.as_deref(), Some("sda"));
        assert_eq!(sda3.model, sda.model);
        assert_eq!(sda3.size_bytes, 838862848 * 512);

        let sdf = find("sdf");
        assert!(sdf.rotational && sdf.removable);
        assert_eq!(sdf.model, "Expansion HDD", "sysfs pads models with spaces");

        let md0 = find("md0");
        assert_eq!(md0.kind, DeviceKind::Raid);
        assert_eq!(md0.members, ["sda3", "sdb1"]);

        let dm0 = find("dm-0");
        assert_eq!(dm0.kind, DeviceKind::Lvm);
        assert_eq!(dm0.mapper_name.as_deref(), Some("vg0-data"));
        assert_eq!(dm0.members, ["md1"]);

        assert_eq!(find("loop0").kind, DeviceKind::Loop);
        // A disk is followed by its partitions.
        let names: Vec<&str> = devices.iter().map(|d| d.name.as_str()).collect();
        let sda_at = names.iter().position(|n| *n == "sda").unwrap();
        assert_eq!(names[sda_at..sda_at + 4], ["sda", "sda1", "sda2", "sda3"]);
    }

    #[test]
    fn missing_sys_block_reads_as_no_devices() {
        assert!(read_block_devices(Path::new("/nonexistent-root")).is_empty());
    }
}
