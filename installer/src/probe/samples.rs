//! The sample machines the probe's tests read: root prefixes laid out like a real box
//! (`samples/<name>/proc/mdstat`, `samples/<name>/sys/block/md0/md/...`), and command outputs
//! (`samples/zpool/`, `samples/lvs/`).

use std::path::PathBuf;

/// The samples with md arrays, each described in both /proc/mdstat and sysfs.
pub(crate) const MD_SAMPLES: [&str; 8] = [
    "md-clean",
    "md-degraded",
    "md-resync",
    "md-recovery",
    "md-check",
    "md-multi",
    "md-inactive",
    "box",
];

pub(crate) fn root(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/probe/samples")
        .join(name)
}

/// A sample file's text, e.g. `zpool/mirror-online.txt`.
pub(crate) fn text(path: &str) -> String {
    let file = root(path);
    std::fs::read_to_string(&file)
        .unwrap_or_else(|error| panic!("sample {}: {error}", file.display()))
}
