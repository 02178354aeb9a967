//! The `hearth` command line: `hearth serve` runs the chat server; `hearth edge` runs only the
//! HTTPS edge in front of several nodes; `hearth backup ...` makes, checks and restores backups;
//! `hearth setup` installs Hearth on the box; `hearth status` tells its health.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "hearth",
    version,
    about = "Hearth: self-hosted team chat, Mattermost compatible"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the chat server (SQLite in ./data by default, http://localhost:8065).
    Serve(ServeArgs),
    /// Run only the HTTPS edge, forwarding to one or more Hearth nodes (a cluster).
    Edge(EdgeArgs),
    /// Back up to a second server or disk, list, verify and restore backups.
    #[command(subcommand)]
    Backup(hearth::backups::cli::BackupCommand),
    /// Install Hearth on this box: check it, ask, show the plan, apply it (safe to run again).
    Setup(hearth::setup::cli::SetupArgs),
    /// Health at a glance: server, certificate, storage, backups (exit 0 ok, 1 warning, 2 problem).
    Status(StatusArgs),
}

#[derive(clap::Args)]
struct StatusArgs {
    #[command(flatten)]
    data: hearth::cli::DataArgs,
    /// The server to ask (default: the config's ListenAddress on this box).
    #[arg(long)]
    url: Option<String>,
    /// Print the checks as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct EdgeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "HEARTH_EDGE_LISTEN", default_value = ":443")]
    listen: String,
    /// A Hearth node, as http://HOST:PORT; repeat for every node.
    #[arg(long = "upstream", required = true)]
    upstreams: Vec<String>,
    /// HTTPS with this certificate chain (PEM, with --key); without it, the local certificate
    /// authority kept in --data-dir.
    #[arg(long, requires = "key")]
    cert: Option<PathBuf>,
    #[arg(long, requires = "cert")]
    key: Option<PathBuf>,
    /// Plain HTTP, for an edge behind another TLS terminator.
    #[arg(long, conflicts_with_all = ["cert", "key", "lets_encrypt"])]
    plain: bool,
    /// Get the certificate for this domain from Let's Encrypt (HTTP-01 on --http-listen, or
    /// TLS-ALPN-01 when --http-listen is empty).
    #[arg(long, value_name = "DOMAIN", conflicts_with_all = ["cert", "key"])]
    lets_encrypt: Option<String>,
    /// The ACME directory for --lets-encrypt (another ACME server, or Let's Encrypt's staging).
    #[arg(long, default_value = "https://acme-v02.api.letsencrypt.org/directory")]
    acme_directory: String,
    /// A CA certificate (PEM) to trust for the ACME server itself.
    #[arg(long)]
    acme_ca: Option<PathBuf>,
    /// Plain HTTP listener: redirects to HTTPS and answers ACME HTTP-01; empty for none.
    #[arg(long, default_value = ":80")]
    http_listen: String,
    /// Where the local certificate authority is kept.
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// Largest request body passed on, in bytes (uploads).
    #[arg(long, default_value_t = 16 << 30)]
    max_body_bytes: u64,
    /// Seconds a node may take to start answering a request.
    #[arg(long, default_value_t = 60)]
    response_timeout_secs: u64,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address and port to listen on, e.g. 127.0.0.1:8065 (overrides ServiceSettings.ListenAddress).
    #[arg(long, env = "HEARTH_LISTEN")]
    listen: Option<String>,
    #[command(flatten)]
    data: hearth::cli::DataArgs,
}

/// glibc raises its mmap threshold each time a large block is freed, after which every password
/// hash's 19 MiB of argon2 memory is carved from, and kept in, the heap of whichever thread
/// hashed it: hundreds of MiB after a burst of logins. A fixed threshold keeps blocks of 1 MiB
/// and more mmapped, so they go back to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks_to_the_system() {
    // SAFETY: mallopt only changes an allocator setting; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() -> ExitCode {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    return_large_blocks_to_the_system();
    let cli = Cli::parse();
    let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    // On a terminal, `hearth backup` draws a progress bar; only warnings interrupt it.
    let default_logs = match cli.command {
        Command::Backup(_) | Command::Setup(_) if on_terminal => "warn",
        _ => "info,tower_http=warn",
    };
    // Logs go to standard error; standard output carries only the `listening on` line.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(on_terminal)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HEARTH_LOG")
                .unwrap_or_else(|_| default_logs.into()),
        )
        .init();
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Edge(args) => edge(args),
        Command::Backup(command) => hearth::backups::cli::main(command),
        Command::Setup(args) => hearth::setup::cli::main(args),
        Command::Status(args) => status(args),
    }
}

fn status(args: StatusArgs) -> ExitCode {
    use hearth::health::Level;
    let config = match args.data.load() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("hearth: {e}");
            return ExitCode::from(2);
        }
    };
    let url = args
        .url
        .unwrap_or_else(|| hearth::health::local_url(&config));
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime starts");
    let health = runtime.block_on(hearth::health::gather(&config, &args.data.data_dir, &url));
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&health).expect("JSON serializes")
        );
    } else {
        for (name, check) in [
            ("server", &health.server),
            ("certificate", &health.certificate),
            ("storage", &health.storage),
            ("backups", &health.backup),
        ] {
            let mark = match check.level {
                Level::Ok => "ok",
                Level::Warning => "WARNING",
                Level::Problem => "PROBLEM",
            };
            println!("{name:<12} {mark:<8} {}", check.message);
        }
        if let Some(people) = health.people_online {
            println!("{:<12} {:<8} {people} online", "people", "");
        }
    }
    ExitCode::from(match health.overall {
        Level::Ok => 0,
        Level::Warning => 1,
        Level::Problem => 2,
    })
}

fn serve(args: ServeArgs) -> ExitCode {
    // Without --config, <data dir>/config.json is read when it exists, and admin changes go there.
    let mut config = match args.data.load() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("hearth: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(listen) = args.listen {
        config.service_settings.listen_address = listen;
    }
    if let Err(e) = hearth::edge::tls_mode(&config.service_settings) {
        eprintln!("hearth: {e}");
        return ExitCode::from(2);
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime starts");
    match runtime.block_on(hearth::server::serve(
        config,
        args.data.config_file(),
        args.data.data_dir,
    )) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hearth: {e}");
            ExitCode::from(1)
        }
    }
}

fn edge(args: EdgeArgs) -> ExitCode {
    use hearth::edge::{TlsMode, proxy};
    let tls = match (args.plain, args.cert, args.key, args.lets_encrypt) {
        (true, ..) => TlsMode::Off,
        (false, Some(cert), Some(key), _) => TlsMode::Files { cert, key },
        (false, _, _, Some(domain)) => TlsMode::Acme(hearth::edge::acme::AcmeSettings {
            directory_url: args.acme_directory,
            domain,
            challenge: if args.http_listen.is_empty() {
                hearth::edge::acme::ChallengeKind::TlsAlpn01
            } else {
                hearth::edge::acme::ChallengeKind::Http01
            },
            server_ca_file: args.acme_ca,
        }),
        _ => TlsMode::LocalCa,
    };
    let config = proxy::EdgeConfig {
        listen: args.listen,
        upstreams: args.upstreams,
        tls,
        http_listen: (!args.http_listen.is_empty()).then_some(args.http_listen),
        data_dir: args.data_dir,
        max_body_bytes: args.max_body_bytes,
        response_timeout: std::time::Duration::from_secs(args.response_timeout_secs),
    };
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime starts");
    match runtime.block_on(proxy::run(config, hearth::server::shutdown_signal())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hearth edge: {e}");
            ExitCode::from(1)
        }
    }
}
