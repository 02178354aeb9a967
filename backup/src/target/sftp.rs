//! A target on a second server over SSH/SFTP, in pure Rust (russh): key login, the server's
//! host key pinned on first use in a known-hosts file, writes and reads pipelined, and a
//! reconnect after the network drops so transfers can resume.

use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client;
use russh::keys::{HashAlg, PrivateKey, PrivateKeyWithHashAlg, PublicKey, PublicKeyOrCertificate};
use russh_sftp::client::SftpSession;
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::protocol::{FileAttributes, OpenFlags, StatusCode};
use tokio::io::AsyncSeekExt;
use tokio::sync::RwLock;

use super::{Entry, Reader, Writer};
use crate::{Error, Result};

/// How long connecting and logging in may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// `user@host[:port]/path`, the key to log in with, and where host keys are pinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SftpSpec {
    pub user: String,
    pub host: String,
    pub port: u16,
    /// The directory on the server; relative paths are under the user's home.
    pub root: String,
    pub key_file: PathBuf,
    pub known_hosts: PathBuf,
}

impl SftpSpec {
    /// Parses what follows `sftp://`.
    pub fn parse(text: &str, key_file: PathBuf, known_hosts: PathBuf) -> Result<SftpSpec> {
        let bad = |why: &str| {
            Error::Invalid(format!(
                "backup target sftp://{text} {why}; write it as sftp://user@host[:port]/path"
            ))
        };
        let (authority, path) = text.split_once('/').unwrap_or((text, ""));
        let (user, host_port) = authority
            .split_once('@')
            .ok_or_else(|| bad("has no user"))?;
        let (host, port) = if let Some(rest) = host_port.strip_prefix('[') {
            let (host, after) = rest
                .split_once(']')
                .ok_or_else(|| bad("has a bad address"))?;
            (host, after.strip_prefix(':'))
        } else {
            match host_port.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            }
        };
        let port = match port {
            Some(port) => port.parse().map_err(|_| bad("has a bad port"))?,
            None => 22,
        };
        if user.is_empty() || host.is_empty() {
            return Err(bad("has no user or host"));
        }
        let root = match path.trim_end_matches('/') {
            "" => "hearth-backups".to_string(),
            path if path.starts_with('~') => path.trim_start_matches(['~', '/']).to_string(),
            path => format!("/{path}"),
        };
        if root.split('/').any(|part| part == "..") {
            return Err(bad("has .. in its path"));
        }
        Ok(SftpSpec {
            user: user.into(),
            host: host.into(),
            port,
            root,
            key_file,
            known_hosts,
        })
    }
}

impl std::fmt::Display for SftpSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let root = self.root.trim_start_matches('/');
        let home = if self.root.starts_with('/') { "" } else { "~/" };
        write!(f, "sftp://{}@{host}:{}/{home}{root}", self.user, self.port)
    }
}

/// The public half of the SSH key at `key_file` as an `authorized_keys` line, making an
/// Ed25519 key (0600) there first if there is none.
pub fn public_key_line(key_file: &Path) -> Result<String> {
    if !key_file.exists() {
        let seed: [u8; 32] = rand::random();
        let keypair = russh::keys::ssh_key::private::Ed25519Keypair::from_seed(&seed);
        let mut key = PrivateKey::from(keypair);
        key.set_comment("hearth-backup");
        let text = key
            .to_openssh(russh::keys::ssh_key::LineEnding::LF)
            .map_err(|e| Error::Invalid(format!("cannot encode a new SSH key: {e}")))?;
        crate::local::write_private(key_file, &mut text.as_bytes())
            .map_err(Error::io(format!("writing {}", key_file.display())))?;
    }
    let key = load_key(key_file)?;
    key.public_key()
        .to_openssh()
        .map_err(|e| Error::Invalid(format!("cannot encode the SSH public key: {e}")))
}

/// Makes `path` (0600, in a 0700 directory) if it does not exist, leaving its content alone.
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(parent) = path.parent() {
        crate::local::make_private_dirs(parent)?;
    }
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

fn load_key(key_file: &Path) -> Result<PrivateKey> {
    russh::keys::load_secret_key(key_file, None).map_err(|e| {
        Error::Invalid(format!(
            "cannot read the backup SSH key {}: {e} (run `hearth backup key` to make one)",
            key_file.display()
        ))
    })
}

/// Checks the server's host key against the pinned one, pinning it on first contact.
struct HostKeyCheck {
    spec: SftpSpec,
    /// Why the key was refused, for the error the caller sees.
    refused: Arc<Mutex<Option<String>>>,
}

impl HostKeyCheck {
    fn check(&self, key: &PublicKey) -> std::result::Result<(), String> {
        let SftpSpec {
            host,
            port,
            known_hosts,
            ..
        } = &self.spec;
        let pinned = russh::keys::known_hosts::known_host_keys_path(host, *port, known_hosts)
            .map_err(|e| format!("cannot read {}: {e}", known_hosts.display()))?;
        let fingerprint = key.fingerprint(HashAlg::Sha256);
        if pinned.is_empty() {
            create_private(known_hosts)
                .map_err(|e| format!("cannot create {}: {e}", known_hosts.display()))?;
            russh::keys::known_hosts::learn_known_hosts_path(host, *port, key, known_hosts)
                .map_err(|e| {
                    format!("cannot pin the host key in {}: {e}", known_hosts.display())
                })?;
            tracing::info!(%host, port, %fingerprint, file = %known_hosts.display(), "pinned the backup server's host key on first use");
            return Ok(());
        }
        if pinned.iter().any(|(_, known)| known == key) {
            return Ok(());
        }
        Err(format!(
            "the server's host key ({fingerprint}) is not the one pinned in {} on first contact. \
             Someone may be impersonating it; if the backup server was reinstalled, remove its \
             line from that file to pin the new key",
            known_hosts.display()
        ))
    }
}

impl client::Handler for HostKeyCheck {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> std::result::Result<bool, Self::Error> {
        let outcome = match key {
            PublicKeyOrCertificate::PublicKey { key, .. } => self.check(key),
            PublicKeyOrCertificate::Certificate(_) => {
                Err("the server offered a host certificate; Hearth pins plain host keys".into())
            }
        };
        match outcome {
            Ok(()) => Ok(true),
            Err(why) => {
                *self.refused.lock().expect("not poisoned") = Some(why);
                Ok(false)
            }
        }
    }
}

struct Connection {
    sftp: SftpSession,
    /// Keeps the SSH connection open while the SFTP session is in use.
    _ssh: client::Handle<HostKeyCheck>,
}

pub struct SftpTarget {
    spec: SftpSpec,
    connection: RwLock<Arc<Connection>>,
}

impl SftpTarget {
    pub async fn open(spec: SftpSpec) -> Result<SftpTarget> {
        let connection = connect(&spec).await?;
        let target = SftpTarget {
            spec,
            connection: RwLock::new(Arc::new(connection)),
        };
        target.make_dirs(&target.spec.root.clone()).await?;
        Ok(target)
    }

    pub fn spec(&self) -> &SftpSpec {
        &self.spec
    }

    pub async fn reconnect(&self) -> Result<()> {
        let fresh = connect(&self.spec).await?;
        *self.connection.write().await = Arc::new(fresh);
        Ok(())
    }

    async fn sftp(&self) -> Arc<Connection> {
        self.connection.read().await.clone()
    }

    fn error(&self, message: String) -> Error {
        Error::Target {
            target: self.spec.to_string(),
            message,
        }
    }

    fn full(&self, relative: &str) -> String {
        format!("{}/{relative}", self.spec.root)
    }

    async fn make_dirs(&self, dir: &str) -> Result<()> {
        let connection = self.sftp().await;
        let mut path = String::new();
        for part in dir.split('/') {
            if !path.is_empty() || dir.starts_with('/') {
                path.push('/');
            }
            path.push_str(part);
            if part.is_empty() {
                continue;
            }
            match connection.sftp.metadata(path.clone()).await {
                Ok(meta) if meta.is_dir() => continue,
                Ok(_) => return Err(self.error(format!("{path} is a file, not a directory"))),
                Err(e) if not_found(&e) => {}
                Err(e) => return Err(self.error(format!("{path}: {e}"))),
            }
            if let Err(e) = connection.sftp.create_dir(path.clone()).await {
                // Another writer may have made it meanwhile.
                if !matches!(connection.sftp.metadata(path.clone()).await, Ok(m) if m.is_dir()) {
                    return Err(self.error(format!("cannot create {path}: {e}")));
                }
            }
        }
        Ok(())
    }

    pub async fn free_space(&self) -> Option<u64> {
        let connection = self.sftp().await;
        let stat = connection
            .sftp
            .fs_info(self.spec.root.clone())
            .await
            .ok()??;
        Some(stat.blocks_avail * stat.fragment_size)
    }

    pub async fn list(&self, dir: &str) -> Result<Vec<Entry>> {
        let connection = self.sftp().await;
        let entries = match connection.sftp.read_dir(self.full(dir)).await {
            Ok(entries) => entries,
            Err(e) if not_found(&e) => return Ok(Vec::new()),
            Err(e) => return Err(self.error(format!("listing {dir}: {e}"))),
        };
        Ok(entries
            .map(|entry| {
                let meta = entry.metadata();
                Entry {
                    name: entry.file_name(),
                    size: meta.len(),
                    is_dir: meta.is_dir(),
                }
            })
            .filter(|e| e.name != "." && e.name != "..")
            .collect())
    }

    pub async fn size(&self, path: &str) -> Result<Option<u64>> {
        match self.sftp().await.sftp.metadata(self.full(path)).await {
            Ok(meta) => Ok(Some(meta.len())),
            Err(e) if not_found(&e) => Ok(None),
            Err(e) => Err(self.error(format!("{path}: {e}"))),
        }
    }

    pub async fn writer(&self, path: &str, offset: u64) -> Result<Writer> {
        if let Some((parent, _)) = self.full(path).rsplit_once('/') {
            self.make_dirs(parent).await?;
        }
        let mut flags = OpenFlags::CREATE | OpenFlags::WRITE;
        if offset == 0 {
            flags |= OpenFlags::TRUNCATE;
        }
        let file = self
            .open_at(path, flags, offset)
            .await
            .map_err(|e| self.error(format!("opening {path} for writing: {e}")))?;
        Ok(Box::pin(file))
    }

    pub async fn reader(&self, path: &str, offset: u64) -> Result<Reader> {
        let file = self
            .open_at(path, OpenFlags::READ, offset)
            .await
            .map_err(|e| self.error(format!("opening {path}: {e}")))?;
        Ok(Box::pin(file))
    }

    /// Opens `path` positioned at `offset`; opened for writing, the file is first cut to
    /// `offset`, so a resumed write never leaves stale bytes beyond what it writes.
    async fn open_at(
        &self,
        path: &str,
        flags: OpenFlags,
        offset: u64,
    ) -> std::result::Result<russh_sftp::client::fs::File, SftpError> {
        let connection = self.sftp().await;
        let mut file = connection
            .sftp
            .open_with_flags(self.full(path), flags)
            .await?;
        if offset > 0 {
            if flags.contains(OpenFlags::WRITE) {
                let cut = FileAttributes {
                    size: Some(offset),
                    ..FileAttributes::empty()
                };
                file.set_metadata(cut).await?;
            }
            file.seek(SeekFrom::Start(offset))
                .await
                .map_err(|e| SftpError::IO(e.to_string()))?;
        }
        Ok(file)
    }

    pub async fn rename(&self, from: &str, to: &str) -> Result<()> {
        let connection = self.sftp().await;
        // Plain SFTP rename refuses to replace a file.
        if let Err(e) = connection.sftp.remove_file(self.full(to)).await
            && !not_found(&e)
        {
            return Err(self.error(format!("replacing {to}: {e}")));
        }
        connection
            .sftp
            .rename(self.full(from), self.full(to))
            .await
            .map_err(|e| self.error(format!("renaming {from} to {to}: {e}")))
    }

    pub async fn remove(&self, path: &str) -> Result<()> {
        match self.sftp().await.sftp.remove_file(self.full(path)).await {
            Err(e) if !not_found(&e) => Err(self.error(format!("removing {path}: {e}"))),
            _ => Ok(()),
        }
    }

    pub async fn remove_empty_dir(&self, dir: &str) -> Result<()> {
        match self.sftp().await.sftp.remove_dir(self.full(dir)).await {
            Err(e) if !not_found(&e) => Err(self.error(format!("removing {dir}: {e}"))),
            _ => Ok(()),
        }
    }
}

fn not_found(e: &SftpError) -> bool {
    matches!(e, SftpError::Status(status) if status.status_code == StatusCode::NoSuchFile)
}

async fn connect(spec: &SftpSpec) -> Result<Connection> {
    let target = spec.to_string();
    let fail = |message: String| Error::Target {
        target: target.clone(),
        message,
    };
    let key = load_key(&spec.key_file)?;
    let refused = Arc::new(Mutex::new(None));
    let handler = HostKeyCheck {
        spec: spec.clone(),
        refused: refused.clone(),
    };
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(120)),
        keepalive_interval: Some(Duration::from_secs(15)),
        ..Default::default()
    });
    let login = async {
        let mut ssh = client::connect(config, (spec.host.as_str(), spec.port), handler)
            .await
            .map_err(|e| match refused.lock().expect("not poisoned").take() {
                Some(why) => fail(why),
                None => fail(format!(
                    "cannot connect: {e} (is the server up, and is port {} open to this box?)",
                    spec.port
                )),
            })?;
        let hash = ssh.best_supported_rsa_hash().await.ok().flatten().flatten();
        let auth = ssh
            .authenticate_publickey(
                &spec.user,
                PrivateKeyWithHashAlg::new(Arc::new(key.clone()), hash),
            )
            .await
            .map_err(|e| fail(format!("logging in: {e}")))?;
        if !auth.success() {
            let line = key.public_key().to_openssh().unwrap_or_default();
            return Err(fail(format!(
                "the server refused the key {} for user {}. Add this line to ~{}/.ssh/authorized_keys on the backup server: {line}",
                spec.key_file.display(),
                spec.user,
                spec.user
            )));
        }
        let channel = ssh
            .channel_open_session()
            .await
            .map_err(|e| fail(format!("opening a session: {e}")))?;
        channel
            .request_subsystem(true, "sftp")
            .await
            .map_err(|e| fail(format!("starting SFTP: {e}")))?;
        let sftp = SftpSession::new(channel.into_stream()).await.map_err(|e| {
            fail(format!(
                "starting SFTP: {e} (does the server allow the sftp subsystem?)"
            ))
        })?;
        Ok(Connection { sftp, _ssh: ssh })
    };
    tokio::time::timeout(CONNECT_TIMEOUT, login)
        .await
        .map_err(|_| fail(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs())))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SftpSpec> {
        SftpSpec::parse(text, "k".into(), "h".into())
    }

    #[test]
    fn targets_parse_and_print_back() {
        let spec = parse("backup@nas.local:2222/srv/hearth/").unwrap();
        assert_eq!(
            (spec.user.as_str(), spec.host.as_str(), spec.port),
            ("backup", "nas.local", 2222)
        );
        assert_eq!(spec.root, "/srv/hearth");
        assert_eq!(spec.to_string(), "sftp://backup@nas.local:2222/srv/hearth");
        let home = parse("me@[::1]/~/backups").unwrap();
        assert_eq!(
            (home.host.as_str(), home.port, home.root.as_str()),
            ("::1", 22, "backups")
        );
        assert_eq!(home.to_string(), "sftp://me@[::1]:22/~/backups");
        assert!(parse("nas.local/srv").is_err());
        assert!(parse("me@nas:port/srv").is_err());
        assert!(parse("me@nas/srv/../etc").is_err());
    }
}
