//! Names of things at a target, and backup ids. Every path is relative to the target's root and
//! `/`-separated.

use jiff::Timestamp;

/// The target's header: format version and, when encrypted, the key derivation and key check.
pub const HEADER: &str = "hearth-backup.json";
pub const BLOBS: &str = "blobs";
pub const BACKUPS: &str = "backups";
/// Written last; a backup directory without it is incomplete and is never listed or restored.
pub const SUMMARY: &str = "backup.json";
pub const MANIFEST: &str = "manifest.json";
pub const ARCHIVE: &str = "archive.zip";
/// One blob name per line: what retention must keep for this backup, readable without the key.
pub const BLOB_LIST: &str = "blobs.txt";
/// Suffix of files sealed with the target's key.
pub const SEALED: &str = ".sealed";
/// Suffix of a file being written; it is renamed to its real name only when complete.
pub const PART: &str = ".part";

pub fn blob(name: &str) -> String {
    format!("{BLOBS}/{}/{name}", &name[..2])
}

pub fn backup_dir(id: &str) -> String {
    format!("{BACKUPS}/{id}")
}

pub fn in_backup(id: &str, file: &str) -> String {
    format!("{BACKUPS}/{id}/{file}")
}

/// A file's name at the target: sealed files carry [`SEALED`].
pub fn stored_name(file: &str, sealed: bool) -> String {
    if sealed {
        format!("{file}{SEALED}")
    } else {
        file.to_string()
    }
}

pub fn part(path: &str) -> String {
    format!("{path}{PART}")
}

/// A backup's id is the UTC time it started, `YYYYMMDD-HHMMSS`, so ids sort by age.
pub fn new_id(started: Timestamp) -> String {
    started.strftime("%Y%m%d-%H%M%S").to_string()
}

/// When the backup with this id started.
pub fn id_time(id: &str) -> Option<Timestamp> {
    let base = id.get(..15)?;
    jiff::civil::DateTime::strptime("%Y%m%d-%H%M%S", base)
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// Whether `id` is a well-formed backup id (also `...-2` for a second backup in one second).
pub fn is_id(id: &str) -> bool {
    let suffix_ok = match id.get(15..) {
        Some("") => true,
        Some(rest) => rest.strip_prefix('-').is_some_and(|n| {
            !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
        }),
        None => false,
    };
    suffix_ok && id_time(id).is_some()
}

/// A blob name: 64 lower-case hex digits.
pub fn is_blob_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_times_and_sort_by_age() {
        let t: Timestamp = "2026-11-21T02:00:05Z".parse().unwrap();
        let id = new_id(t);
        assert_eq!(id, "20261121-020005");
        assert_eq!(id_time(&id), Some(t));
        assert!(is_id(&id));
        assert!(is_id("20261121-020005-2"));
        assert!(!is_id("20261121-020005-"));
        assert!(!is_id("../../etc"));
        assert!(!is_id("20261321-020005"));
    }

    #[test]
    fn blob_names_are_hex_only() {
        assert!(is_blob_name(&"ab".repeat(32)));
        assert!(!is_blob_name(&"AB".repeat(32)));
        assert!(!is_blob_name("ab/.."));
        assert_eq!(
            blob(&"ab".repeat(32)),
            format!("blobs/ab/{}", "ab".repeat(32))
        );
    }
}
