//! `hearth setup`: check the machine, take the answers (saved answers, an answers file, flags,
//! then questions on a terminal), show the plan, apply it with a progress bar (or JSON events
//! for Hearth Manager), and save the answers without the password.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hearth_installer::answers::{AddressMode, Answers, DatabaseKind, SAVED_ANSWERS};
use hearth_installer::apply::{Event, Status};
use hearth_installer::plan::Plan;
use hearth_installer::probe::{self, Probe};
use hearth_installer::recommend::{self, Level};
use hearth_installer::root::Root;
use hearth_installer::steps::{Context, FirstAdmin, Step};
use indicatif::{ProgressBar, ProgressStyle};

use super::hooks::ServerHooks;

#[derive(clap::Args, Debug)]
pub struct SetupArgs {
    /// Read the answers from this file (JSON, as setup saves them in /etc/hearth/setup.json).
    #[arg(long)]
    answers: Option<PathBuf>,
    /// Write everything under this directory instead of / (to try setup out, and for tests).
    #[arg(long, default_value = "/")]
    root: PathBuf,
    /// Check the machine and show the plan; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Ask nothing: take the answers as given and apply them.
    #[arg(long, short = 'y')]
    yes: bool,
    /// Print the machine check and recommendations as JSON, and stop.
    #[arg(long)]
    probe: bool,
    /// Report the plan and progress as JSON lines on standard output (for Hearth Manager).
    #[arg(long)]
    json: bool,
    /// Where Hearth keeps its data (database, files, config).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    #[arg(long, value_parser = ["sqlite", "postgres"])]
    database: Option<String>,
    /// Install PostgreSQL from the distribution's packages if it is missing.
    #[arg(long)]
    install_postgres: bool,
    /// PostgreSQL's socket directory (for its superuser).
    #[arg(long)]
    postgres_socket_dir: Option<PathBuf>,
    #[arg(long)]
    postgres_port: Option<u16>,
    /// lan: office network, HTTPS with this box's own certificate authority; internet: a
    /// domain with Let's Encrypt; http: plain HTTP behind another proxy.
    #[arg(long, value_parser = ["lan", "internet", "http"])]
    mode: Option<String>,
    /// The name people use (required for internet).
    #[arg(long)]
    domain: Option<String>,
    /// The HTTPS port (the HTTP port in http mode).
    #[arg(long)]
    port: Option<u16>,
    /// The plain-HTTP port that redirects to HTTPS and answers Let's Encrypt.
    #[arg(long)]
    redirect_port: Option<u16>,
    #[arg(long)]
    admin_username: Option<String>,
    #[arg(long)]
    admin_email: Option<String>,
    /// The first admin's password (asked on a terminal when not given).
    #[arg(long, env = "HEARTH_SETUP_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
    #[arg(long)]
    team_name: Option<String>,
    #[arg(long)]
    team_display_name: Option<String>,
    /// Nightly backups to a directory or sftp://user@host/path.
    #[arg(long)]
    backup_target: Option<String>,
    /// Local time of the nightly backup, HH:MM.
    #[arg(long)]
    backup_time: Option<String>,
    /// The hearth binary the service runs (default: this one).
    #[arg(long)]
    hearth_binary: Option<PathBuf>,
}

impl SetupArgs {
    /// Saved answers (from an earlier run), then the answers file, then flags.
    fn answers(&self, root: &Root) -> Result<Answers, String> {
        let saved = root.join(Path::new(SAVED_ANSWERS));
        let mut answers = match (&self.answers, saved.is_file()) {
            (Some(file), _) => Answers::load(file)?,
            (None, true) => Answers::load(&saved)?,
            (None, false) => Answers::default(),
        };
        let set = |slot: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                *slot = v.clone();
            }
        };
        if let Some(dir) = &self.data_dir {
            answers.data_dir = dir.clone();
        }
        if let Some(db) = &self.database {
            answers.database = if db == "postgres" {
                DatabaseKind::Postgres
            } else {
                DatabaseKind::Sqlite
            };
        }
        answers.postgres.install |= self.install_postgres;
        if let Some(dir) = &self.postgres_socket_dir {
            answers.postgres.socket_dir = dir.clone();
        }
        if let Some(port) = self.postgres_port {
            answers.postgres.port = port;
        }
        if let Some(mode) = &self.mode {
            answers.address.mode = match mode.as_str() {
                "internet" => AddressMode::Internet,
                "http" => AddressMode::Http,
                _ => AddressMode::Lan,
            };
        }
        set(&mut answers.address.domain, &self.domain);
        if let Some(port) = self.port {
            answers.address.port = port;
        }
        if let Some(port) = self.redirect_port {
            answers.address.redirect_port = port;
        }
        set(&mut answers.admin.username, &self.admin_username);
        set(&mut answers.admin.email, &self.admin_email);
        set(&mut answers.admin.password, &self.admin_password);
        set(&mut answers.team.name, &self.team_name);
        set(&mut answers.team.display_name, &self.team_display_name);
        set(&mut answers.backup.target, &self.backup_target);
        set(&mut answers.backup.time, &self.backup_time);
        if let Some(binary) = &self.hearth_binary {
            answers.hearth_binary = binary.clone();
        }
        Ok(answers)
    }
}

/// Runs `hearth setup`.
pub fn main(args: SetupArgs) -> ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime starts");
    let handle = runtime.handle().clone();
    // Setup is blocking work (files, commands); the server's async code runs on the runtime.
    match runtime
        .block_on(async move { tokio::task::spawn_blocking(move || setup(args, handle)).await })
    {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(message)) => {
            eprintln!("hearth setup: {message}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("hearth setup: {e}");
            ExitCode::from(1)
        }
    }
}

fn setup(args: SetupArgs, runtime: tokio::runtime::Handle) -> Result<(), String> {
    let root = Root::new(&args.root);
    let probed = probe::probe(&args.root);
    let mut answers = args.answers(&root)?;
    let hooks = ServerHooks { runtime };
    let interactive = std::io::stdin().is_terminal() && !args.yes && !args.json && !args.probe;
    if interactive {
        ask(&mut answers, &probed)?;
    }
    let dns = (answers.address.mode == AddressMode::Internet && !answers.address.domain.is_empty())
        .then(|| probe::check_dns(&answers.address.domain));
    let advice = recommend::recommend(&probed, &answers, dns.as_ref());
    if args.probe {
        let report = serde_json::json!({"probe": probed, "recommendations": advice, "best_storage": recommend::best_storage(&probed)});
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("JSON serializes")
        );
        return Ok(());
    }
    let ctx = Context {
        root: &root,
        answers: &answers,
        hearth: &hooks,
    };
    let needs_password = !FirstAdmin.is_done(&ctx).unwrap_or(false);
    if interactive && needs_password && answers.admin.password.is_empty() {
        answers.admin.password =
            rpassword::prompt_password(format!("Password for {}: ", answers.admin.username))
                .map_err(|e| format!("cannot read the password: {e}"))?;
    }
    let errors = answers.validate(needs_password);
    if !errors.is_empty() {
        let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        return Err(format!(
            "some answers are missing or wrong (give them as flags, in --answers FILE, or run on a terminal):\n{}",
            lines.join("\n")
        ));
    }
    let ctx = Context {
        root: &root,
        answers: &answers,
        hearth: &hooks,
    };
    let plan = Plan::new(&answers);
    let steps = plan.describe(&answers);
    if args.json {
        let line = serde_json::json!({"plan": steps, "recommendations": advice});
        println!("{line}");
    } else {
        print_check(&probed, &answers);
        for note in &advice {
            let mark = if note.level == Level::Warning {
                "!"
            } else {
                "-"
            };
            println!("{mark} {}", note.message);
        }
        println!(
            "\nThe plan{}:",
            if root.is_live() {
                String::new()
            } else {
                format!(" (under {})", root.path().display())
            }
        );
        for (n, step) in steps.iter().enumerate() {
            println!("  {}. {}", n + 1, step.description);
        }
    }
    if args.dry_run {
        if !args.json {
            println!("\n(--dry-run: nothing was changed)");
        }
        return Ok(());
    }
    if interactive && !confirm("Apply this plan?")? {
        return Err("nothing was changed".into());
    }
    let bar = (!args.json).then(new_bar);
    let json = args.json;
    let on_event = |event: &Event| {
        if json {
            println!("{}", serde_json::to_string(event).expect("JSON serializes"));
        } else if let Some(bar) = &bar {
            bar.set_position(event.percent as u64);
            bar.set_message(format!("{}/{} {}", event.step, event.steps, event.message));
            if matches!(
                event.status,
                Status::Done | Status::AlreadyDone | Status::Failed
            ) {
                let how = match event.status {
                    Status::AlreadyDone => "already done",
                    Status::Failed => "FAILED",
                    _ => "done",
                };
                bar.suspend(|| println!("{:>2}. {} ({how})", event.step, event.id));
            }
        }
    };
    let outcome = hearth_installer::apply::apply(&plan, &ctx, &on_event);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    save_answers(&root, &answers)?;
    let outcome = outcome.map_err(|failure| {
        if json {
            // Hearth Manager shows the failed step, why and what to do from this line.
            println!("{}", serde_json::json!({ "failure": failure }));
        }
        format!("{failure}\nEverything before this step is done; run setup again once it is fixed (the answers are saved).")
    })?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "outcome": outcome,
                "address": hearth_installer::steps::site_url(&ctx),
                "ca_url": hearth_installer::steps::ca_download_url(&ctx),
            })
        );
        return Ok(());
    }
    if outcome.changed.is_empty() {
        println!("Nothing to change: Hearth is set up as answered.");
    }
    println!(
        "Hearth is at {}. Sign in as {}.",
        hearth_installer::steps::site_url(&ctx),
        answers.admin.username
    );
    if let Some(ca_url) = hearth_installer::steps::ca_download_url(&ctx) {
        println!(
            "Phones and laptops trust this box once: install {} (also at {ca_url}) as a trusted certificate authority.",
            answers.data_dir.join("tls/root.pem").display(),
        );
    }
    Ok(())
}

fn save_answers(root: &Root, answers: &Answers) -> Result<(), String> {
    let path = root.join(Path::new(SAVED_ANSWERS));
    let text = serde_json::to_string_pretty(&answers.to_saved()).expect("JSON serializes");
    hearth_installer::root::write_file(&path, text.as_bytes(), 0o600, None)
        .map_err(|e| format!("cannot save the answers to {}: {e}", path.display()))
}

fn print_check(probed: &Probe, answers: &Answers) {
    println!(
        "This machine: {} ({}), {} cores, {:.1} GiB memory.",
        probed.os.pretty_name,
        probed.init,
        probed.cpu.cores,
        probed.memory_bytes as f64 / (1u64 << 30) as f64
    );
    for array in &probed.md_arrays {
        println!(
            "  RAID {} ({}, {}/{} disks): {:?}",
            array.name, array.level, array.devices_working, array.devices_total, array.state
        );
    }
    let storage = probe::storage_for(probed, &answers.data_dir);
    println!(
        "  {} would be on {} ({:.1} GB free).",
        answers.data_dir.display(),
        storage.device.as_deref().unwrap_or("an unknown device"),
        storage.free_bytes as f64 / 1e9
    );
    for port in probed.ports.iter().filter(|p| p.in_use) {
        println!(
            "  Port {} is taken by {}.",
            port.port,
            port.process.as_deref().unwrap_or("another program")
        );
    }
    println!();
}

fn new_bar() -> ProgressBar {
    let bar = ProgressBar::new(100);
    bar.set_style(
        ProgressStyle::with_template("[{bar:40}] {pos:>3}% {msg}")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar
}

/// Asks the questions the answers do not settle, with the current answer as the default.
fn ask(answers: &mut Answers, probed: &Probe) -> Result<(), String> {
    println!("Hearth setup. Press Enter to keep the answer in brackets.\n");
    let suggested = recommend::best_storage(probed).unwrap_or_else(|| answers.data_dir.clone());
    let data_dir = if answers.data_dir == Answers::default().data_dir {
        suggested
    } else {
        answers.data_dir.clone()
    };
    answers.data_dir = question(
        "Where should Hearth keep its data?",
        &data_dir.display().to_string(),
    )?
    .into();
    let database = question(
        "Database: sqlite (small office) or postgres (large office, or a cluster later)?",
        match answers.database {
            DatabaseKind::Sqlite => "sqlite",
            DatabaseKind::Postgres => "postgres",
        },
    )?;
    answers.database = if database == "postgres" {
        DatabaseKind::Postgres
    } else {
        DatabaseKind::Sqlite
    };
    let mode = question(
        "Reached from: lan (office network only) or internet (a domain with Let's Encrypt)?",
        match answers.address.mode {
            AddressMode::Lan => "lan",
            AddressMode::Internet => "internet",
            AddressMode::Http => "http",
        },
    )?;
    answers.address.mode = match mode.as_str() {
        "internet" => AddressMode::Internet,
        "http" => AddressMode::Http,
        _ => AddressMode::Lan,
    };
    if answers.address.mode == AddressMode::Internet {
        answers.address.domain = question(
            "The domain people use (it must lead to this box)",
            &answers.address.domain,
        )?;
    }
    answers.admin.username = question("The first admin's username", &answers.admin.username)?;
    answers.admin.email = question("The first admin's email", &answers.admin.email)?;
    answers.team.display_name = question("The team's name", &answers.team.display_name)?;
    answers.backup.target = question(
        "Nightly backups to (a directory or sftp://user@host/path; empty for none)",
        &answers.backup.target,
    )?;
    if !answers.backup.target.is_empty() {
        answers.backup.time = question("At what time (HH:MM)?", &answers.backup.time)?;
    }
    Ok(())
}

fn question(text: &str, default: &str) -> Result<String, String> {
    print!("{text} [{default}]: ");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let line = line.trim();
    Ok(if line.is_empty() {
        default.to_string()
    } else {
        line.to_string()
    })
}

fn confirm(text: &str) -> Result<bool, String> {
    Ok(matches!(
        question(text, "y/N")?.to_lowercase().as_str(),
        "y" | "yes"
    ))
}
