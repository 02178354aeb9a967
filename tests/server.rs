//! Starting and stopping one `hearth serve` process for a test.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::client::Client;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server; killed when dropped. Its log is printed if the test failed.
pub struct Server {
    pub url: String,
    pub backend: Backend,
    pub data_dir: tempfile::TempDir,
    /// The PostgreSQL URL, on that backend.
    database: Option<String>,
    child: Child,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

/// Runs `hearth` with `args` and `env`, listening on `listen`, logging to `server.log` in
/// `data_dir` (appending, so a restarted server's log follows the first one's); returns it and
/// its URL once it listens.
async fn spawn(
    data_dir: &tempfile::TempDir,
    listen: &str,
    args: &[String],
    env: &[(String, String)],
) -> (Child, String) {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(data_dir.path().join("server.log"))
        .expect("log file");
    let mut child = Command::new(binary())
        .args(args)
        .args(["--listen", listen])
        .env("HEARTH_LOG", "info,hearth=debug")
        .env("HEARTH_PROBE_ROOT", NO_MACHINE)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .expect("hearth starts");
    let addr = listening_address(&mut child, "hearth").await;
    (child, format!("http://{addr}"))
}

/// A probe root with nothing in it: storage checks in tests look at no machine unless a test
/// gives one, so the disks of the machine running the tests never change a test's outcome.
const NO_MACHINE: &str = "/nonexistent/hearth-test-machine";

/// Waits (up to 60 s) for `child` to print `listening on ADDR` and returns ADDR; its standard
/// output (piped) keeps being read afterwards, so it never blocks on a full pipe.
pub async fn listening_address(child: &mut Child, what: &str) -> String {
    let stdout = child.stdout.take().expect("stdout piped");
    let mut lines = BufReader::new(stdout).lines();
    let addr = tokio::time::timeout(Duration::from_secs(60), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(addr) = line.strip_prefix("listening on ") {
                return addr.to_owned();
            }
        }
        panic!("{what} exited before listening; see its log")
    })
    .await
    .unwrap_or_else(|_| panic!("{what} listens within 60 s"));
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    addr
}

/// The `hearth` binary beside this executable (`target/<profile>/hearth`, for the load generator)
/// or one folder up (test binaries live in `target/<profile>/deps`), or `$HEARTH_BIN`.
pub fn binary() -> PathBuf {
    built_binary("hearth", "HEARTH_BIN")
}

/// A workspace binary `name` as [`binary`] finds `hearth`, or the path in `$variable`.
pub fn built_binary(name: &str, variable: &str) -> PathBuf {
    if let Ok(path) = std::env::var(variable) {
        return path.into();
    }
    let exe = std::env::current_exe().expect("test binary path");
    let beside = exe.parent().expect("target/<profile>").join(name);
    if beside.is_file() {
        return beside;
    }
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    let bin = profile_dir.join(name);
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build --workspace` first",
        bin.display()
    );
    bin
}

impl Server {
    pub async fn start(backend: Backend) -> Server {
        Self::start_with(backend, &[]).await
    }

    /// Starts a server with extra `HEARTH_*` environment settings.
    pub async fn start_with(backend: Backend, env: &[(&str, &str)]) -> Server {
        Self::start_on(backend, "127.0.0.1:0", env).await
    }

    /// Starts a server listening on `listen` (for tests that must know the port beforehand).
    pub async fn start_on(backend: Backend, listen: &str, env: &[(&str, &str)]) -> Server {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let database = match backend {
            Backend::Postgres => Some(crate::postgres::fresh_database().await),
            Backend::Sqlite => None,
        };
        Self::start_in(backend, data_dir, database, listen, env).await
    }

    /// Starts a server on an existing data directory and (on PostgreSQL) database, such as a
    /// restored one.
    pub async fn start_in(
        backend: Backend,
        data_dir: tempfile::TempDir,
        database: Option<String>,
        listen: &str,
        env: &[(&str, &str)],
    ) -> Server {
        let mut args: Vec<String> = vec!["serve".into()];
        args.extend(data_args(data_dir.path(), database.as_deref()));
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (child, url) = spawn(&data_dir, listen, &args, &env).await;
        Server {
            url,
            backend,
            data_dir,
            database,
            child,
            args,
            env,
        }
    }

    /// Another node of the same cluster: the same PostgreSQL database and file directory, its
    /// own data directory and port.
    pub async fn another_node(&self) -> Server {
        let database = self.database.clone().expect("a cluster runs on PostgreSQL");
        let data_dir = tempfile::tempdir().expect("temp dir");
        let mut args: Vec<String> = vec!["serve".into()];
        args.extend(data_args(data_dir.path(), Some(&database)));
        let mut env = self.env.clone();
        let files = self.data_dir.path().join("files").display().to_string();
        env.push(("HEARTH_FILESETTINGS_DIRECTORY".into(), files));
        let (child, url) = spawn(&data_dir, "127.0.0.1:0", &args, &env).await;
        Server {
            url,
            backend: self.backend,
            data_dir,
            database: Some(database),
            child,
            args,
            env,
        }
    }

    /// Stops the server and starts it again on the same data, database and address, so clients
    /// made before keep working (and WebSocket clients can reconnect as they would to a real
    /// server).
    pub async fn restart(&mut self) {
        self.stop().await;
        let listen = self.url.trim_start_matches("http://").to_owned();
        let (child, url) = spawn(&self.data_dir, &listen, &self.args, &self.env).await;
        self.child = child;
        self.url = url;
    }

    /// Opens the server's own database beside it (SQLite's WAL lets a second writer take turns
    /// with the server's), for load runs that write rows in bulk.
    pub async fn open_db(&self) -> hearth::store::Db {
        let db = match &self.database {
            Some(url) => hearth::store::Db::open_postgres(url, 2).await,
            None => {
                let path = hearth::config::default_sqlite_path(self.data_dir.path());
                hearth::store::Db::open_sqlite(&path, 1).await
            }
        };
        db.expect("the server's database opens")
    }

    /// The PostgreSQL URL of the server's database (`None` on SQLite).
    pub fn database_url(&self) -> Option<&str> {
        self.database.as_deref()
    }

    /// `--data-dir` (and `--database`) of this server, for `hearth` commands run beside it.
    pub fn data_args(&self) -> Vec<String> {
        data_args(self.data_dir.path(), self.database.as_deref())
    }

    /// A client with no session.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.url)
    }

    /// Signs up the first user (who becomes system admin) and returns a logged-in client.
    pub async fn admin(&self) -> Client {
        self.signup("admin").await;
        self.login("admin").await
    }

    /// Creates `username` (with password [`password_of`]`(username)`) as an anonymous sign-up.
    pub async fn signup(&self, username: &str) -> serde_json::Value {
        let r = self
            .anonymous()
            .post(
                "/api/v4/users",
                json!({
                    "username": username,
                    "email": format!("{username}@example.com"),
                    "password": password_of(username),
                }),
            )
            .await;
        assert_eq!(r.status, 201, "sign-up of {username}: {}", r.body);
        r.body
    }

    /// Logs `username` in with the password [`Server::signup`] gave it.
    pub async fn login(&self, username: &str) -> Client {
        let mut client = self.anonymous();
        client.login(username, &password_of(username)).await;
        client
    }

    /// Has `admin` create `username` and returns a logged-in client for it.
    pub async fn user(&self, admin: &Client, username: &str) -> Client {
        let r = admin
            .post(
                "/api/v4/users",
                json!({
                    "username": username,
                    "email": format!("{username}@example.com"),
                    "password": password_of(username),
                }),
            )
            .await;
        assert_eq!(r.status, 201, "create {username}: {}", r.body);
        self.login(username).await
    }

    /// The server's process id (for reading its memory use from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id().expect("server is running")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir.path().join("server.log")).unwrap_or_default()
    }

    /// Stops the server and waits for it to exit.
    pub async fn stop(&mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- last lines of the {:?} server log ---", self.backend);
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

fn data_args(data_dir: &std::path::Path, database: Option<&str>) -> Vec<String> {
    let mut args = vec!["--data-dir".into(), data_dir.display().to_string()];
    if let Some(url) = database {
        args.extend(["--database".into(), url.to_string()]);
    }
    args
}

/// What a finished `hearth` command said.
#[derive(Debug)]
pub struct CommandOutput {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl CommandOutput {
    /// Panics with the output unless the command succeeded.
    pub fn success(self) -> CommandOutput {
        assert_eq!(
            self.code, 0,
            "hearth failed: {}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `hearth <args>` to completion (at most 10 minutes) with extra `env`.
pub async fn run_hearth(args: &[String], env: &[(&str, &str)]) -> CommandOutput {
    let output = tokio::time::timeout(
        Duration::from_secs(600),
        Command::new(binary())
            .args(args)
            .env("HEARTH_LOG", "info")
            .env("HEARTH_PROBE_ROOT", NO_MACHINE)
            .envs(env.iter().copied())
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("hearth finishes within 10 minutes")
    .expect("hearth runs");
    CommandOutput {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The password the harness gives `username`.
pub fn password_of(username: &str) -> String {
    format!("{username}-password")
}

/// Runs `hearth <args>` expecting it to fail at start; returns its exit code and standard error.
pub async fn start_failure(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let output = run_hearth(&args, env).await;
    (output.code, output.stderr)
}
