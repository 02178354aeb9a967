//! Mounted file systems from `/proc/mounts`, and their size and free space from statvfs(3)
//! (asked only of the live machine: a sample root has nothing mounted).

use std::ffi::{CString, OsString};
use std::mem::MaybeUninit;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use super::files::{read_text, under};
use super::{Mount, is_live};

pub(crate) fn read_mounts(root: &Path) -> Vec<Mount> {
    let mut mounts = parse_mounts(&read_text(&under(root, "proc/mounts")));
    if is_live(root) {
        for mount in &mut mounts {
            refresh_space(mount);
        }
    }
    mounts
}

/// Asks the kernel for the mount's current size and free space; leaves them as they were when
/// it cannot be asked.
pub(crate) fn refresh_space(mount: &mut Mount) {
    if let Some((total, free)) = filesystem_space(&mount.mount_point) {
        mount.total_bytes = total;
        mount.free_bytes = free;
    }
}

/// `source mount_point fs_type options dump pass`, one mount a line, in mount order.
fn parse_mounts(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (source, mount_point, fs_type) = (fields.next()?, fields.next()?, fields.next()?);
            Some(Mount {
                source: String::from_utf8_lossy(&decode_octal_escapes(source)).into_owned(),
                mount_point: PathBuf::from(OsString::from_vec(decode_octal_escapes(mount_point))),
                fs_type: fs_type.to_string(),
                total_bytes: 0,
                free_bytes: 0,
            })
        })
        .collect()
}

/// The kernel writes space, tab, newline and backslash in mount fields as `\040`, `\011`,
/// `\012` and `\134`.
fn decode_octal_escapes(field: &str) -> Vec<u8> {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = bytes
            .get(i + 1..i + 4)
            .filter(|digits| bytes[i] == b'\\' && digits.iter().all(|d| (b'0'..=b'7').contains(d)))
            .and_then(|digits| u8::from_str_radix(std::str::from_utf8(digits).ok()?, 8).ok());
        match escape {
            Some(byte) => {
                out.push(byte);
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

/// Total and available (to unprivileged users) bytes of the file system holding `path`.
#[allow(
    clippy::useless_conversion,
    reason = "statvfs fields are 32-bit on 32-bit targets such as armhf"
)]
fn filesystem_space(path: &Path) -> Option<(u64, u64)> {
    let c_path = CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut stats = MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `c_path` is a valid NUL-terminated string and `stats` is valid for writes of one
    // `statvfs`, which the call fills in completely when it returns 0.
    let stats = unsafe {
        if libc::statvfs(c_path.as_ptr(), stats.as_mut_ptr()) != 0 {
            return None;
        }
        stats.assume_init()
    };
    let fragment = u64::from(stats.f_frsize);
    Some((
        u64::from(stats.f_blocks).saturating_mul(fragment),
        u64::from(stats.f_bavail).saturating_mul(fragment),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::samples;

    #[test]
    fn sample_mounts_are_decoded_in_order() {
        let mounts = read_mounts(&samples::root("box"));
        assert_eq!(mounts.len(), 11);
        let root = &mounts[4];
        assert_eq!(
            (
                root.source.as_str(),
                root.mount_point.as_path(),
                root.fs_type.as_str()
            ),
            ("/dev/md0", Path::new("/"), "ext4")
        );
        assert_eq!(mounts[6].mount_point, Path::new("/mnt/single disk"));
        assert_eq!(mounts[10].source, "tank/hearth");
        assert!(
            mounts.iter().all(|m| m.total_bytes == 0),
            "no statvfs under a sample root"
        );
    }

    #[test]
    fn octal_escapes_decode_to_bytes() {
        assert_eq!(
            decode_octal_escapes(r"/a\040b\011c\134d\012"),
            b"/a b\tc\\d\n"
        );
        assert_eq!(
            decode_octal_escapes(r"/odd\04"),
            b"/odd\\04",
            "a short escape stays as written"
        );
        assert_eq!(decode_octal_escapes(r"/x\999"), b"/x\\999");
        assert_eq!(
            decode_octal_escapes(r"/\303\251t\303\251"),
            "/été".as_bytes()
        );
    }

    #[test]
    fn statvfs_of_the_live_root() {
        let (total, free) = filesystem_space(Path::new("/")).expect("statvfs /");
        assert!(total > 0 && free <= total);
        assert_eq!(filesystem_space(Path::new("/nonexistent/path")), None);
    }
}
