//! Reading the small text files of procfs, sysfs and /etc under a root prefix without ever
//! failing: a missing or unreadable file reads as empty, and the caller decides what empty means.

use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// `path` (absolute, as on the probed machine) under `root`.
pub(crate) fn under(root: &Path, path: &str) -> PathBuf {
    root.join(path.trim_start_matches('/'))
}

/// The whole file, or empty when it cannot be read.
pub(crate) fn read_text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// The file with surrounding whitespace removed (sysfs values end in a newline).
pub(crate) fn read_trimmed(path: &Path) -> String {
    read_text(path).trim().to_string()
}

/// The file's value parsed, or `None` when it is missing or not a `T` (`none`, `delayed`, ...).
pub(crate) fn read_parsed<T: FromStr>(path: &Path) -> Option<T> {
    read_trimmed(path).parse().ok()
}

/// The names in a directory, sorted; empty when it cannot be read.
pub(crate) fn dir_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}
