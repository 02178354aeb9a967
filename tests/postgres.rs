//! A throwaway PostgreSQL cluster for the whole test run, started on first use: `initdb` into a
//! temporary directory and `postgres` on a free loopback port, as the `postgres` user when the
//! tests run as root (PostgreSQL refuses to run as root). Each server gets its own database.
//!
//! Set `HEARTH_TEST_DATABASE_URL` to use an existing server instead (databases are created in it).
//!
//! Invariant: the cluster dies with the test process. It is started from a thread that lives as
//! long as the process, with the parent-death signal set, so no `postgres` outlives a test run.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::free_port;

static CLUSTER_URL: OnceLock<String> = OnceLock::new();
/// The socket directory and port of the cluster this process started.
static CLUSTER_SOCKET: OnceLock<(PathBuf, u16)> = OnceLock::new();
static NEXT_DATABASE: AtomicUsize = AtomicUsize::new(0);

/// A `postgres://` URL of a new, empty database.
pub async fn fresh_database() -> String {
    tokio::task::spawn_blocking(|| {
        let admin_url = CLUSTER_URL.get_or_init(|| {
            std::env::var("HEARTH_TEST_DATABASE_URL").unwrap_or_else(|_| start_cluster())
        });
        let name = format!(
            "hearth_test_{}_{}",
            std::process::id(),
            NEXT_DATABASE.fetch_add(1, Ordering::SeqCst)
        );
        psql(admin_url, &format!("CREATE DATABASE {name}"));
        let (base, _) = admin_url.rsplit_once('/').expect("URL has a database part");
        format!("{base}/{name}")
    })
    .await
    .expect("database creation task")
}

/// The throwaway cluster's socket directory and port (its superuser is `postgres`), for setup,
/// which connects as the superuser through the local socket. `None` when the tests use
/// `HEARTH_TEST_DATABASE_URL` instead.
pub async fn cluster_socket() -> Option<(PathBuf, u16)> {
    fresh_database().await;
    CLUSTER_SOCKET.get().cloned()
}

/// Runs `sql` against the database at `url`, failing the test if it fails.
pub fn psql(url: &str, sql: &str) {
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .output()
        .expect("psql runs (install postgresql-client)");
    assert!(
        out.status.success(),
        "psql {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn pg_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server binaries in /usr/lib/postgresql (install postgresql-15)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("an initdb under /usr/lib/postgresql/*/bin")
}

/// The uid/gid to run PostgreSQL as: ours, or the `postgres` user's when we are root.
fn run_as() -> Option<(u32, u32)> {
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        return None;
    }
    let name = std::ffi::CString::new("postgres").expect("static name");
    // SAFETY: getpwnam gets a valid C string; the result is read before any other getpw* call.
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    assert!(
        !pw.is_null(),
        "running as root needs a `postgres` user (install postgresql-15)"
    );
    // SAFETY: pw was checked non-null above.
    Some(unsafe { ((*pw).pw_uid, (*pw).pw_gid) })
}

fn command(bin: &Path, ids: Option<(u32, u32)>) -> Command {
    let mut cmd = Command::new(bin);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if let Some((uid, gid)) = ids
                && (libc::setgid(gid) != 0 || libc::setuid(uid) != 0)
            {
                return Err(std::io::Error::last_os_error());
            }
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    cmd
}

/// Removes cluster directories of earlier test runs whose `postgres` is gone (it is killed with
/// its test process, which cannot clean up after itself).
fn remove_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_cluster = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("hearth-pg-"));
        if !is_cluster {
            continue;
        }
        let pid = std::fs::read_to_string(path.join("data/postmaster.pid"))
            .ok()
            .and_then(|text| text.lines().next()?.trim().parse::<i32>().ok());
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let alive = pid.is_some_and(|pid| unsafe { libc::kill(pid, 0) } == 0);
        // Only a cluster whose postmaster is known and gone: one still being made has no pid file.
        if pid.is_some() && !alive {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

fn start_cluster() -> String {
    remove_stale_clusters();
    let bin = pg_bin();
    let ids = run_as();
    let dir = tempfile::Builder::new()
        .prefix("hearth-pg-")
        .tempdir()
        .expect("temp dir")
        .keep();
    if let Some((uid, gid)) = ids {
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).expect("chown cluster dir");
    }
    let data = dir.join("data");
    let out = command(&bin.join("initdb"), ids)
        .args([
            "-D",
            data.to_str().unwrap(),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        ])
        .args(["--locale=C.UTF-8", "--no-sync"])
        .output()
        .expect("initdb runs");
    assert!(
        out.status.success(),
        "initdb: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let port = free_port();
    let (tx, rx) = std::sync::mpsc::channel();
    let bin_clone = bin.clone();
    let dir_clone = dir.clone();
    // The keeper thread never ends, so the parent-death signal fires only when the process exits.
    std::thread::spawn(move || {
        let child = command(&bin_clone.join("postgres"), ids)
            .args(["-D", data.to_str().unwrap(), "-p", &port.to_string()])
            .args([
                "-c",
                "listen_addresses=127.0.0.1",
                "-k",
                dir_clone.to_str().unwrap(),
            ])
            .args(durability_settings())
            .args(["-c", "max_connections=400"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir_clone.join("server.log")).expect("log"))
            .spawn();
        tx.send(child.map(|_| ())).expect("report start");
        loop {
            std::thread::park();
        }
    });
    rx.recv().expect("keeper thread").expect("postgres starts");
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let _ = CLUSTER_SOCKET.set((dir.clone(), port));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ok = Command::new("psql")
            .args(["-X", "-q", "-d", &url, "-c", "SELECT 1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return url;
        }
        assert!(
            Instant::now() < deadline,
            "PostgreSQL did not start; see {}/server.log",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Tests trade PostgreSQL's crash safety for speed; a load run sets `HEARTH_PG_DURABLE` to
/// measure it as an office runs it, every commit flushed to disk.
fn durability_settings() -> &'static [&'static str] {
    if std::env::var_os("HEARTH_PG_DURABLE").is_some() {
        &[]
    } else {
        &[
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
        ]
    }
}
