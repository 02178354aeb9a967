//! The file system setup writes to: `/` on a real box, or a root prefix in tests, so everything
//! setup touches can be exercised without touching the real system. Files are written 0600
//! under a temporary name and renamed; directories are 0700.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Root {
    path: PathBuf,
}

impl Root {
    pub fn new(path: impl Into<PathBuf>) -> Root {
        Root { path: path.into() }
    }

    /// Whether this is the real system (`/`): only then are services started and packages
    /// installed.
    pub fn is_live(&self) -> bool {
        self.path == Path::new("/")
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the absolute `path` is under this root.
    pub fn join(&self, path: &Path) -> PathBuf {
        self.path.join(path.strip_prefix("/").unwrap_or(path))
    }

    /// The uid and gid of `user` from `<root>/etc/passwd`.
    pub fn account(&self, user: &str) -> std::io::Result<Option<(u32, u32)>> {
        let passwd = match std::fs::read_to_string(self.join(Path::new("/etc/passwd"))) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.len() >= 4 && fields[0] == user)
                .then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
                .flatten()
        }))
    }

    /// Whether `group` is in `<root>/etc/group`.
    pub fn has_group(&self, group: &str) -> bool {
        std::fs::read_to_string(self.join(Path::new("/etc/group")))
            .is_ok_and(|text| text.lines().any(|l| l.split(':').next() == Some(group)))
    }
}

/// Makes `dir` (0700) and its missing parents (0755, so the service can reach `dir`).
pub fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    if let Some(parent) = dir.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o755)
            .create(parent)?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        other => other,
    }
}

/// Writes `bytes` to `path` (mode `mode`, owned by `owner`), complete before it has its name.
pub fn write_file(
    path: &Path,
    bytes: &[u8],
    mode: u32,
    owner: Option<(u32, u32)>,
) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut staged = path.as_os_str().to_owned();
    staged.push(".setup");
    let staged = PathBuf::from(staged);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(mode)
        .open(&staged)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    if let Some((uid, gid)) = owner {
        std::os::unix::fs::chown(&staged, Some(uid), Some(gid))?;
    }
    std::fs::rename(&staged, path)
}

/// Gives `path` and everything under it to `uid:gid` (symbolic links are not followed).
pub fn chown_tree(path: &Path, uid: u32, gid: u32) -> std::io::Result<()> {
    std::os::unix::fs::lchown(path, Some(uid), Some(gid))?;
    if std::fs::symlink_metadata(path)?.is_dir() {
        for entry in std::fs::read_dir(path)? {
            chown_tree(&entry?.path(), uid, gid)?;
        }
    }
    Ok(())
}
