//! The database: SQLite's file with Hearth's tables, or on PostgreSQL a role (with the password
//! from `config.json`) and a database it owns, made as the superuser through the local socket,
//! then Hearth's tables.

use std::io::Write;
use std::process::{Command, Stdio};

use super::{Context, Step, StepError, StepProgress, config_file};
use crate::answers::{Answers, DatabaseKind};

pub struct Database;

/// A SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Runs `sql` (from standard input, so no password shows in the process list) as the
/// PostgreSQL superuser through the local socket; returns the unaligned output.
fn as_superuser(ctx: &Context, sql: &str) -> Result<String, StepError> {
    let pg = &ctx.answers.postgres;
    let port = pg.port.to_string();
    let socket = pg.socket_dir.display().to_string();
    let psql = [
        "psql",
        "-X",
        "-q",
        "-A",
        "-t",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        &socket,
        "-p",
        &port,
        "-U",
        &pg.superuser,
        "-d",
        "postgres",
        "-f",
        "-",
    ];
    // As root, become the superuser's account (peer authentication on the socket); otherwise
    // the server must already let this account in.
    // SAFETY: geteuid has no preconditions.
    let mut command = if unsafe { libc::geteuid() } == 0 {
        let mut c = Command::new("runuser");
        c.args(["-u", &pg.superuser, "--", psql[0]]);
        c
    } else {
        Command::new(psql[0])
    };
    let fix = "check that PostgreSQL is running and that its superuser can connect through the local socket";
    let mut child = command
        .args(&psql[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            StepError::new(
                format!("cannot run psql: {e}"),
                "install the PostgreSQL client",
            )
        })?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(sql.as_bytes())
        .map_err(|e| StepError::new(format!("cannot talk to psql: {e}"), fix))?;
    let output = child
        .wait_with_output()
        .map_err(|e| StepError::new(format!("psql did not finish: {e}"), fix))?;
    if !output.status.success() {
        return Err(StepError::new(
            format!(
                "PostgreSQL refused: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ),
            fix,
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The password in the configured PostgreSQL URL.
fn configured_password(ctx: &Context) -> Result<String, StepError> {
    let path = ctx.root.join(&config_file(ctx.answers));
    let tree: serde_json::Value = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let url = tree["SqlSettings"]["DataSource"]
        .as_str()
        .unwrap_or_default();
    let password = url
        .strip_prefix(&format!("postgres://{}:", ctx.answers.postgres.role))
        .and_then(|rest| rest.split_once('@'))
        .map(|(password, _)| password.to_string());
    password.ok_or_else(|| {
        StepError::new(
            "config.json has no PostgreSQL password for Hearth's role",
            "run setup again: the config step writes it",
        )
    })
}

impl Database {
    fn prepare_schema(ctx: &Context) -> Result<(), StepError> {
        ctx.hearth
            .prepare_database(&ctx.data_dir(), &ctx.root.join(&config_file(ctx.answers)))
            .map_err(|e| {
                StepError::new(
                    format!("preparing Hearth's tables failed: {e}"),
                    "see the message, fix it, and run setup again",
                )
            })
    }
}

impl Step for Database {
    fn id(&self) -> &'static str {
        "database"
    }

    fn describe(&self, answers: &Answers) -> String {
        match answers.database {
            DatabaseKind::Sqlite => format!(
                "Create the SQLite database {} with Hearth's tables.",
                answers.data_dir.join("hearth.db").display()
            ),
            DatabaseKind::Postgres => format!(
                "In PostgreSQL (port {}), create the role \"{}\" with a generated password and the database \"{}\" it owns, then Hearth's tables.",
                answers.postgres.port, answers.postgres.role, answers.postgres.database
            ),
        }
    }

    fn is_done(&self, ctx: &Context) -> Result<bool, StepError> {
        match ctx.answers.database {
            DatabaseKind::Sqlite => {
                Ok(std::fs::metadata(ctx.data_dir().join("hearth.db")).is_ok_and(|m| m.len() > 0))
            }
            DatabaseKind::Postgres => {
                let pg = &ctx.answers.postgres;
                let found = as_superuser(
                    ctx,
                    &format!(
                        "SELECT count(*) FROM pg_roles WHERE rolname = {} UNION ALL SELECT count(*) FROM pg_database WHERE datname = {};",
                        literal(&pg.role),
                        literal(&pg.database)
                    ),
                )?;
                // The role and database exist, and Hearth connects with the configured password.
                Ok(found.split_whitespace().eq(["1", "1"]) && Self::prepare_schema(ctx).is_ok())
            }
        }
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        if ctx.answers.database == DatabaseKind::Postgres {
            let pg = &ctx.answers.postgres;
            let password = configured_password(ctx)?;
            progress(
                0.2,
                &format!(
                    "making the role {} and the database {}",
                    pg.role, pg.database
                ),
            );
            let role = format!("\"{}\"", pg.role);
            as_superuser(
                ctx,
                &format!(
                    "SELECT format('CREATE ROLE %I LOGIN', {name}) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {name}) \\gexec\n\
                     ALTER ROLE {role} LOGIN PASSWORD {password};\n\
                     SELECT format('CREATE DATABASE %I OWNER %I', {db}, {name}) WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = {db}) \\gexec\n",
                    name = literal(&pg.role),
                    password = literal(&password),
                    db = literal(&pg.database),
                ),
            )?;
        }
        progress(0.6, "creating Hearth's tables");
        Self::prepare_schema(ctx)?;
        ctx.own_data_dir()
    }
}
