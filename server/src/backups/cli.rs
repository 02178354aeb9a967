//! `hearth backup run | list | verify | restore | key`: the admin's command line for backups,
//! with a progress bar on a terminal.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use hearth_backup::progress::{Phase, Progress, Reporter};
use hearth_backup::repository::Repository;
use hearth_backup::{Error, TargetSpec};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::DataArgs;
use crate::config::Config;

#[derive(clap::Subcommand, Debug)]
pub enum BackupCommand {
    /// Take a backup now, while the server keeps running.
    Run(CommonArgs),
    /// List the complete backups at the target.
    List(CommonArgs),
    /// Re-read a backup at the target and check every checksum.
    Verify {
        /// The backup's id, as `list` shows it.
        id: String,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Restore a backup onto an empty data directory and database (a new box, a new disk).
    Restore {
        /// The backup's id, as `list` shows it.
        id: String,
        /// Replace the data directory and database even if they hold data. Stop the server first.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Test the target: connect, write, read back and remove a file, and tell the free space.
    Check(CommonArgs),
    /// Print the SSH public key backups log in with, making it first if needed: add it to
    /// ~/.ssh/authorized_keys of the backup user on the second server.
    Key(CommonArgs),
}

#[derive(clap::Args, Debug)]
pub struct CommonArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The target instead of BackupSettings.Target: a directory, or sftp://user@host[:port]/path.
    #[arg(long)]
    target: Option<String>,
    /// The SSH private key for an sftp:// target (instead of BackupSettings.SSHKeyFile).
    #[arg(long)]
    ssh_key: Option<PathBuf>,
}

impl CommonArgs {
    fn config(&self) -> Result<Config, String> {
        let mut config = self.data.load().map_err(|e| e.to_string())?;
        if let Some(key) = &self.ssh_key {
            config.backup_settings.ssh_key_file = key.display().to_string();
        }
        if let Some(target) = &self.target {
            config.backup_settings.target = target.clone();
        }
        Ok(config)
    }

    fn target(&self, config: &Config) -> Result<TargetSpec, Error> {
        let settings = &config.backup_settings;
        super::target_spec(&settings.target, settings, &self.data.data_dir)
    }
}

/// Runs a `hearth backup` command.
pub fn main(command: BackupCommand) -> ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime starts");
    let outcome = runtime.block_on(async {
        match command {
            BackupCommand::Run(common) => run(common).await,
            BackupCommand::List(common) => list(common).await,
            BackupCommand::Verify { id, common } => verify(common, &id).await,
            BackupCommand::Restore { id, force, common } => restore(common, &id, force).await,
            BackupCommand::Check(common) => check(common).await,
            BackupCommand::Key(common) => key(common),
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("hearth backup: {message}");
            ExitCode::from(1)
        }
    }
}

async fn run(common: CommonArgs) -> Result<(), String> {
    let config = common.config()?;
    let data_dir = &common.data.data_dir;
    let plan =
        super::plan(&config, data_dir, &common.data.config_file()).map_err(|e| e.to_string())?;
    let store = crate::server::open_store(&config, data_dir)
        .await
        .map_err(|e| e.to_string())?;
    let started = super::runs::begin(&store, "command_line", &plan)
        .await
        .map_err(|e| e.to_string())?;
    let bar = Bar::new();
    let run = super::runs::execute(&store, started, &plan, bar.reporter()).await;
    bar.finish();
    if run.status != "succeeded" {
        return Err(run.error);
    }
    println!(
        "Backup {} is complete at {}: {} files ({}); this run sent {} files ({}).",
        run.backup_id,
        plan.target,
        run.files,
        bytes(run.files_bytes as u64),
        run.sent_files,
        bytes(run.sent_bytes as u64)
    );
    if !run.error.is_empty() {
        println!("{}", run.error);
    }
    Ok(())
}

async fn list(common: CommonArgs) -> Result<(), String> {
    let config = common.config()?;
    let spec = common.target(&config).map_err(|e| e.to_string())?;
    let passphrase = super::passphrase(&config.backup_settings);
    let repo = Repository::open(&spec, passphrase.as_deref(), false)
        .await
        .map_err(|e| e.to_string())?;
    let summaries = repo.summaries().await.map_err(|e| e.to_string())?;
    if summaries.is_empty() {
        println!("No complete backups at {spec}.");
        return Ok(());
    }
    println!(
        "{:<20} {:<26} {:>9} {:>11} {:>11}  database",
        "ID", "FINISHED", "FILES", "SIZE", "SENT"
    );
    let zone = jiff::tz::TimeZone::system();
    for s in summaries.iter().rev() {
        println!(
            "{:<20} {:<26} {:>9} {:>11} {:>11}  {}{}",
            s.id,
            s.finished
                .to_zoned(zone.clone())
                .strftime("%Y-%m-%d %H:%M:%S %Z")
                .to_string(),
            s.files,
            bytes(s.files_bytes + s.archive_bytes),
            bytes(s.sent_bytes),
            s.database,
            if s.encrypted { ", encrypted" } else { "" }
        );
    }
    Ok(())
}

async fn verify(common: CommonArgs, id: &str) -> Result<(), String> {
    let config = common.config()?;
    let spec = common.target(&config).map_err(|e| e.to_string())?;
    let passphrase = super::passphrase(&config.backup_settings);
    let bar = Bar::new();
    let report = hearth_backup::verify::verify(&spec, passphrase.as_deref(), id, &bar.reporter())
        .await
        .map_err(|e| e.to_string());
    bar.finish();
    let report = report?;
    if report.problems.is_empty() {
        println!(
            "Backup {id} is sound: {} files ({}) re-read at {spec}, every checksum matches.",
            report.files,
            bytes(report.bytes)
        );
        return Ok(());
    }
    for problem in &report.problems {
        println!("damaged: {problem}");
    }
    Err(format!(
        "backup {id} has {} damaged or missing files; restore from another backup (`hearth backup list`), \
         and check the backup disk or server",
        report.problems.len()
    ))
}

async fn restore(common: CommonArgs, id: &str, force: bool) -> Result<(), String> {
    let config = common.config()?;
    let spec = common.target(&config).map_err(|e| e.to_string())?;
    let passphrase = super::passphrase(&config.backup_settings);
    let data = &common.data;
    let bar = Bar::new();
    let fetched = hearth_backup::restore::fetch(
        &spec,
        passphrase.as_deref(),
        id,
        &data.data_dir,
        &bar.reporter(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let mut restored: Config = match fetched.config().map_err(|e| e.to_string())? {
        Some(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| format!("the backup's config.json is not readable: {e}"))?,
        None => Config::default(),
    };
    if let Some(url) = &data.database {
        restored.sql_settings.set_database(url);
    }
    let source = super::source(&restored, &data.data_dir, &data.config_file());
    let applied = fetched.apply(&source, force, &bar.reporter()).await;
    bar.finish();
    applied.map_err(|e| e.to_string())?;
    if data.database.is_some() {
        let sql = &restored.sql_settings;
        let changed = [
            ("DriverName", &sql.driver_name),
            ("DataSource", &sql.data_source),
        ]
        .map(|(field, value)| ("SqlSettings".into(), field.into(), value.as_str().into()));
        crate::app::save_settings(&data.config_file(), &changed)
            .map_err(|e| format!("saving the database setting into the restored config: {e}"))?;
    }
    println!(
        "Restored backup {id} into {}. Start Hearth with: hearth serve --data-dir {}",
        data.data_dir.display(),
        data.data_dir.display()
    );
    Ok(())
}

async fn check(common: CommonArgs) -> Result<(), String> {
    let config = common.config()?;
    let spec = common.target(&config).map_err(|e| e.to_string())?;
    let free = hearth_backup::Target::check(&spec)
        .await
        .map_err(|e| e.to_string())?;
    let free = free.map_or(String::new(), |bytes_free| {
        format!(" ({} free)", bytes(bytes_free))
    });
    println!("The backup target {spec} works{free}.");
    Ok(())
}

fn key(common: CommonArgs) -> Result<(), String> {
    let config = common.config()?;
    let file = super::key_file(&config.backup_settings, &common.data.data_dir);
    let line = hearth_backup::target::public_key_line(&file).map_err(|e| e.to_string())?;
    println!("{line}");
    eprintln!(
        "(the private key is {}; add the line above to ~/.ssh/authorized_keys of the backup user on the second server)",
        file.display()
    );
    Ok(())
}

/// A progress bar on standard error; hidden when that is not a terminal.
struct Bar {
    bar: ProgressBar,
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:<22} [{bar:32}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .expect("the template is valid")
            .progress_chars("=> "),
        );
        Bar { bar }
    }

    fn reporter(&self) -> Reporter {
        let bar = self.bar.clone();
        let phase = Arc::new(std::sync::Mutex::new(None::<Phase>));
        Arc::new(move |p: Progress| {
            let mut current = phase.lock().expect("not poisoned");
            if *current != Some(p.phase) {
                *current = Some(p.phase);
                bar.reset();
                bar.set_message(p.phase.describe());
            }
            bar.set_length(p.total_bytes);
            bar.set_position(p.done_bytes);
        })
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Bytes for people: `1.5 GB`.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
