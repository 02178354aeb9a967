//! One backup or restore at a time per data directory: an advisory lock on
//! `<data dir>/backup/lock`, released when the holder ends, however it ends. It is an
//! open-file-description lock, so whether it is held can be asked without taking it (and so
//! without ever making a starting backup fail for a moment).

use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::{Error, Result};

/// Held while a backup or restore runs.
pub struct Lock {
    _file: File,
}

/// Takes the lock, or says that another backup or restore holds it.
pub fn acquire(state_dir: &Path) -> Result<Lock> {
    let file = open(state_dir)?;
    match lock_op(&file, libc::F_OFD_SETLK) {
        Ok(_) => Ok(Lock { _file: file }),
        Err(e) if matches!(e.raw_os_error(), Some(libc::EAGAIN | libc::EACCES)) => {
            Err(Error::Refused(
                "another backup or restore is running on this box; wait for it to finish".into(),
            ))
        }
        Err(e) => Err(Error::io("locking the backup state")(e)),
    }
}

/// Whether a backup or restore is running now.
pub fn is_held(state_dir: &Path) -> bool {
    open(state_dir)
        .and_then(|file| {
            lock_op(&file, libc::F_OFD_GETLK).map_err(Error::io("testing the backup lock"))
        })
        .is_ok_and(|found| found.l_type != libc::F_UNLCK as libc::c_short)
}

fn open(state_dir: &Path) -> Result<File> {
    crate::local::make_private_dirs(state_dir)
        .map_err(Error::io(format!("creating {}", state_dir.display())))?;
    let path = state_dir.join("lock");
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .mode(0o600)
        .open(&path)
        .map_err(Error::io(format!("opening {}", path.display())))
}

/// A write lock over the whole file: `F_OFD_SETLK` takes it, `F_OFD_GETLK` reports a holder.
fn lock_op(file: &File, command: libc::c_int) -> std::io::Result<libc::flock> {
    // SAFETY: an all-zero `flock` is valid; the fields that matter are set below.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    // SAFETY: fcntl reads and writes the `flock` it is given, on a descriptor this owns.
    let result = unsafe { libc::fcntl(file.as_raw_fd(), command, &mut lock) };
    if result == -1 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_second_holder_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let held = super::acquire(dir.path()).unwrap();
        assert!(super::is_held(dir.path()));
        assert!(super::acquire(dir.path()).is_err());
        drop(held);
        assert!(!super::is_held(dir.path()));
    }
}
