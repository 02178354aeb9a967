//! Consistent copies of a live database, and putting one back.
//!
//! - SQLite: the online backup API copies every page in one read transaction, so the copy is
//!   one moment of the database while the server keeps writing (WAL readers never block writers).
//! - PostgreSQL: `pg_dump` (custom format) reads in one repeatable-read snapshot; `pg_restore`
//!   loads it in one transaction. Connection settings reach them as `PG*` environment variables,
//!   so the password never shows in the process list.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::{Database, Error, Result};

/// Copies the database to `out`.
pub async fn take(database: &Database, out: &Path) -> Result<()> {
    match database {
        Database::Sqlite(path) => {
            let (path, out) = (path.clone(), out.to_path_buf());
            tokio::task::spawn_blocking(move || sqlite_snapshot(&path, &out))
                .await
                .expect("the SQLite backup does not panic")
        }
        Database::Postgres(url) => {
            let out = out
                .to_str()
                .ok_or_else(|| Error::Invalid("staging path is not UTF-8".into()))?;
            postgres_tool(
                "pg_dump",
                url,
                &[
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    out,
                ],
            )
            .await
        }
    }
}

fn sqlite_snapshot(path: &Path, out: &Path) -> Result<()> {
    use rusqlite::{Connection, OpenFlags, backup::Backup, backup::StepResult};
    let fail = |e: rusqlite::Error| {
        Error::Database(format!("copying SQLite database {}: {e}", path.display()))
    };
    let source =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(fail)?;
    source
        .busy_timeout(std::time::Duration::from_secs(30))
        .map_err(fail)?;
    let mut copy = Connection::open(out).map_err(fail)?;
    let backup = Backup::new(&source, &mut copy).map_err(fail)?;
    // All pages in one step: one read transaction, so one consistent moment.
    for _ in 0..100 {
        match backup.step(-1).map_err(fail)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(std::time::Duration::from_millis(100)),
        }
    }
    Err(Error::Database(format!(
        "the SQLite database {} stayed locked for 10 s; try again when the server is less busy",
        path.display()
    )))
}

/// Puts a snapshot back: the SQLite file at its place, or the dump into the PostgreSQL database.
pub async fn put_back(database: &Database, snapshot: &Path) -> Result<()> {
    match database {
        Database::Sqlite(path) => {
            let (snapshot, path) = (snapshot.to_path_buf(), path.clone());
            tokio::task::spawn_blocking(move || place_sqlite(&snapshot, &path))
                .await
                .expect("copying does not panic")
        }
        Database::Postgres(url) => {
            let dump = snapshot
                .to_str()
                .ok_or_else(|| Error::Invalid("staging path is not UTF-8".into()))?;
            let dbname = pg_env(url)?.dbname;
            let args = [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                &dbname,
                dump,
            ];
            postgres_tool("pg_restore", url, &args).await
        }
    }
}

fn place_sqlite(snapshot: &Path, path: &Path) -> Result<()> {
    let placed = (|| {
        for suffix in ["-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            match std::fs::remove_file(PathBuf::from(name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        crate::local::write_private(path, &mut std::fs::File::open(snapshot)?)
    })();
    placed.map_err(Error::io(format!(
        "writing the database {}",
        path.display()
    )))
}

/// Whether the database holds nothing (so a restore destroys nothing).
pub async fn is_empty(database: &Database) -> Result<bool> {
    match database {
        Database::Sqlite(path) => Ok(std::fs::metadata(path)
            .map(|m| m.len() == 0)
            .unwrap_or(true)),
        Database::Postgres(url) => {
            let client = pg_connect(url).await?;
            let row = client
                .query_one(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
                    &[],
                )
                .await
                .map_err(|e| Error::Database(format!("inspecting the database: {e}")))?;
            Ok(row.get::<_, i64>(0) == 0)
        }
    }
}

/// Empties a PostgreSQL database's `public` schema before a forced restore.
pub async fn clear_postgres(url: &str) -> Result<()> {
    let client = pg_connect(url).await?;
    client
        .batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        .await
        .map_err(|e| Error::Database(format!("emptying the database before restoring: {e}")))
}

async fn pg_connect(url: &str) -> Result<tokio_postgres::Client> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .map_err(|e| Error::Database(format!("connecting to PostgreSQL: {e}")))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "backup's PostgreSQL connection ended");
        }
    });
    Ok(client)
}

/// libpq's environment for a `postgres://` URL.
struct PgEnv {
    vars: Vec<(&'static str, String)>,
    dbname: String,
}

fn pg_env(url: &str) -> Result<PgEnv> {
    use tokio_postgres::config::Host;
    let config: tokio_postgres::Config = url
        .parse()
        .map_err(|e| Error::Invalid(format!("the PostgreSQL URL is not valid: {e}")))?;
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let mut vars = Vec::new();
    if !hosts.is_empty() {
        vars.push(("PGHOST", hosts.join(",")));
    }
    if let Some(port) = config.get_ports().first() {
        vars.push(("PGPORT", port.to_string()));
    }
    if let Some(user) = config.get_user() {
        vars.push(("PGUSER", user.to_string()));
    }
    if let Some(password) = config.get_password() {
        vars.push(("PGPASSWORD", String::from_utf8_lossy(password).into_owned()));
    }
    let dbname = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres")
        .to_string();
    vars.push(("PGDATABASE", dbname.clone()));
    Ok(PgEnv { vars, dbname })
}

/// Runs `pg_dump` or `pg_restore` against `url`.
async fn postgres_tool(tool: &str, url: &str, args: &[&str]) -> Result<()> {
    let program = find_postgres_tool(tool)?;
    let env = pg_env(url)?;
    let output = tokio::process::Command::new(&program)
        .args(args)
        .env_remove("PGSERVICE")
        .envs(env.vars)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| Error::Database(format!("running {}: {e}", program.display())))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last_lines: Vec<&str> = stderr.lines().rev().take(5).collect();
    Err(Error::Database(format!(
        "{tool} failed ({}): {}",
        output.status,
        last_lines.into_iter().rev().collect::<Vec<_>>().join(" / ")
    )))
}

/// `tool` on the PATH, else the newest in Debian's `/usr/lib/postgresql/<version>/bin`.
fn find_postgres_tool(tool: &str) -> Result<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(tool))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if let Some(found) = on_path.into_iter().find(|p| p.is_file()) {
        return Ok(found);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let path = e.path().join("bin").join(tool);
            path.is_file().then_some((version, path))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, path)| path).ok_or_else(|| {
        Error::Database(format!(
            "{tool} was not found; install the PostgreSQL client (apt install postgresql-client)"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_libpq_environment_without_the_command_line() {
        let env = pg_env("postgres://hearth:s3cret@db.local:5433/chat").unwrap();
        let get = |k: &str| {
            env.vars
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("PGHOST"), Some("db.local"));
        assert_eq!(get("PGPORT"), Some("5433"));
        assert_eq!(get("PGUSER"), Some("hearth"));
        assert_eq!(get("PGPASSWORD"), Some("s3cret"));
        assert_eq!(env.dbname, "chat");
        let socket = pg_env("postgresql://me@%2Frun%2Fpostgresql/db").unwrap();
        assert_eq!(
            socket.vars.iter().find(|(n, _)| *n == "PGHOST").unwrap().1,
            "/run/postgresql"
        );
    }

    #[tokio::test]
    async fn a_sqlite_snapshot_is_taken_while_writing_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("live.db");
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        let copy = dir.path().join("copy.db");
        take(&Database::Sqlite(db.clone()), &copy).await.unwrap();
        conn.execute("INSERT INTO t VALUES (2)", []).unwrap();
        let snapshot = rusqlite::Connection::open(&copy).unwrap();
        let n: i64 = snapshot
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        put_back(&Database::Sqlite(dir.path().join("restored.db")), &copy)
            .await
            .unwrap();
        assert!(
            !is_empty(&Database::Sqlite(dir.path().join("restored.db")))
                .await
                .unwrap()
        );
    }
}
