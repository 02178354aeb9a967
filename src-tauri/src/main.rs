//! Hearth Manager, the office admin's desktop app on the box: a wizard that installs Hearth
//! (the installer engine, through `hearth setup`), then a tray icon and status window that watch
//! over it. It adds no logic of its own that the command line lacks: every action here is also a
//! `hearth` command, so a box without a display is run with `hearth setup`, `hearth status` and
//! `hearth backup`.
//!
//! - [`options`]: the command line; [`manager`]: the state every command shares.
//! - [`wizard`] (machine check, answers, DNS, backup test), [`apply`] (setup's progress), [`qr`].
//! - [`status`] (health and "back up now"), [`service`] (start, stop, restart, the log),
//!   [`watch`] (health checks and notifications), [`tray`], [`window`], [`update`].

mod apply;
mod error;
mod manager;
mod options;
mod qr;
mod service;
mod status;
#[cfg(test)]
mod tests;
mod tray;
mod update;
mod watch;
mod window;
mod wizard;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::Parser;
use tauri::{AppHandle, Manager as _, RunEvent};

use crate::manager::Manager;
use crate::options::Options;
use crate::window::View;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HEARTH_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    let options = Options::parse();
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "hearth-manager: no display. On a box without one, use `hearth setup` to install, \
             `hearth status` to check and `hearth backup run` to back up."
        );
        return ExitCode::from(2);
    }
    let manager = Manager::new(&options);
    let installed = manager.installed();
    let tray_mode = options.tray;
    let every = Duration::from_secs(options.check_every.max(5));
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .manage(manager)
        .manage(Watching {
            every,
            started: AtomicBool::new(false),
        })
        .invoke_handler(tauri::generate_handler![
            wizard::machine_check,
            wizard::check_answers,
            wizard::check_dns,
            wizard::test_backup,
            apply::apply,
            window::save_ca_root,
            window::finish,
            status::status,
            status::back_up_now,
            service::service,
            update::check_update,
            update::install_update,
            update::take_update_request,
            tray::open_page,
        ])
        .setup(move |app| {
            if installed {
                start_watching(app.handle())?;
            }
            if !(installed && tray_mode) {
                window::show(
                    app.handle(),
                    if installed {
                        View::Status
                    } else {
                        View::Wizard
                    },
                )?;
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("hearth-manager: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    app.run(move |app, event| {
        // In tray mode closing the window keeps the Manager in the tray; Quit ends it.
        if let RunEvent::ExitRequested {
            api, code: None, ..
        } = event
            && tray_mode
            && app.state::<Watching>().started.load(Ordering::SeqCst)
        {
            api.prevent_exit();
        }
    });
    ExitCode::SUCCESS
}

/// The health checks and tray, once Hearth is set up (at start, or when the wizard finishes).
struct Watching {
    every: Duration,
    started: AtomicBool,
}

pub fn start_watching(app: &AppHandle) -> tauri::Result<()> {
    let watching = app.state::<Watching>();
    if watching.started.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    tray::create(app)?;
    watch::start(app, watching.every);
    Ok(())
}
