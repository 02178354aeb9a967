//! A throwaway OpenSSH server on loopback, as the "second server" backups go to: its own host
//! key, one client key allowed to log in as the user running the tests, and the SFTP subsystem.
//! Killed when dropped.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::free_port;

pub struct Sshd {
    pub port: u16,
    /// The user the client key logs in as (whoever runs the tests).
    pub user: String,
    /// The private key allowed to log in.
    pub client_key: PathBuf,
    /// A directory on the "second server" for backups to go to.
    pub remote_dir: PathBuf,
    dir: tempfile::TempDir,
}

impl Sshd {
    pub fn start() -> Sshd {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = |name: &str| dir.path().join(name);
        for key in ["host_key", "client_key"] {
            let status = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", ""])
                .arg("-f")
                .arg(path(key))
                .status()
                .expect("ssh-keygen runs (install openssh-client)");
            assert!(status.success(), "ssh-keygen made {key}");
        }
        std::fs::copy(path("client_key.pub"), path("authorized_keys")).expect("authorized_keys");
        std::fs::create_dir_all(path("remote")).expect("remote dir");
        std::fs::create_dir_all("/run/sshd").ok();
        let port = free_port();
        let config = [
            format!("Port {port}"),
            "ListenAddress 127.0.0.1".into(),
            format!("HostKey {}", path("host_key").display()),
            format!("PidFile {}", path("sshd.pid").display()),
            format!("AuthorizedKeysFile {}", path("authorized_keys").display()),
            "PasswordAuthentication no".into(),
            "KbdInteractiveAuthentication no".into(),
            "PermitRootLogin prohibit-password".into(),
            "StrictModes no".into(),
            "UsePAM no".into(),
            "Subsystem sftp internal-sftp".into(),
        ];
        std::fs::write(path("sshd_config"), config.join("\n") + "\n").expect("sshd_config");
        let status = Command::new("/usr/sbin/sshd")
            .arg("-f")
            .arg(path("sshd_config"))
            .arg("-E")
            .arg(path("sshd.log"))
            .status()
            .expect("sshd runs (install openssh-server)");
        assert!(
            status.success(),
            "sshd starts: {}",
            std::fs::read_to_string(path("sshd.log")).unwrap_or_default()
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "sshd listens within 10 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        let user = String::from_utf8(
            Command::new("id")
                .arg("-un")
                .output()
                .expect("id runs")
                .stdout,
        )
        .expect("user name")
        .trim()
        .to_string();
        Sshd {
            port,
            user,
            client_key: path("client_key"),
            remote_dir: path("remote"),
            dir,
        }
    }

    /// The backup target URL for a directory under [`Sshd::remote_dir`].
    pub fn target(&self, name: &str) -> String {
        format!(
            "sftp://{}@127.0.0.1:{}{}/{name}",
            self.user,
            self.port,
            self.remote_dir.display()
        )
    }

    /// Where [`Sshd::target`]`(name)` is on this machine's disk.
    pub fn local_path(&self, name: &str) -> PathBuf {
        self.remote_dir.join(name)
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let pid = std::fs::read_to_string(self.dir.path().join("sshd.pid")).unwrap_or_default();
        if let Ok(pid) = pid.trim().parse::<i32>() {
            // SAFETY: sending a signal has no memory effects.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
    }
}
