//! The sample machines the probe's tests read: root prefixes laid out like a real box
//! (`samples/<name>/proc/mdstat`, `samples/<name>/sys/block/md0/md/...`).

use std::path::PathBuf;

pub(crate) fn root(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/probe/samples")
        .join(name)
}
