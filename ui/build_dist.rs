//! Builds the web client (`ui/`) into `ui/dist` when the built copy is missing or older than its
//! sources. Shared by the build scripts of the server (`server/build.rs`: release builds embed
//! `ui/dist`, debug builds read it at run time) and of Hearth Manager (`src-tauri/build.rs`: its
//! pages are the `manager.html` entry), so `cargo run` always serves current pages.
//!
//! Set `HEARTH_SKIP_UI_BUILD=1` to use `ui/dist` as it is (for example when Node.js is absent and
//! a built copy was provided).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Inputs of the web client build; a change to any of them rebuilds it.
const SOURCES: &[&str] = &[
    "src",
    "public",
    "index.html",
    "manager.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
    "tsconfig.json",
    "tsconfig.node.json",
];

/// Builds `ui/dist` when it is missing or older than its sources (under a lock: the server and
/// Hearth Manager build scripts may run at once).
pub fn build_ui() {
    // Read when the script runs, not when it is compiled: cargo shares one compiled build script
    // between checkouts that use the same target directory.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let ui = Path::new(&manifest_dir).join("../ui");
    for source in SOURCES {
        println!("cargo:rerun-if-changed={}", ui.join(source).display());
    }
    println!("cargo:rerun-if-env-changed=HEARTH_SKIP_UI_BUILD");
    // Both build scripts may run at once: one builds, the other waits and then finds it fresh.
    // (Not under node_modules, which `npm ci` deletes.)
    let lock = std::fs::File::create(ui.join(".build.lock")).expect("create the ui build lock");
    lock.lock().expect("lock the ui build");
    let built = ui.join("dist/index.html");
    if std::env::var_os("HEARTH_SKIP_UI_BUILD").is_some() {
        if !built.exists() {
            std::fs::create_dir_all(ui.join("dist")).expect("create ui/dist");
            println!(
                "cargo:warning=HEARTH_SKIP_UI_BUILD is set and ui/dist is empty: the server and Hearth Manager will have no pages"
            );
        }
        return;
    }
    let newest_source = SOURCES.iter().filter_map(|s| newest(&ui.join(s))).max();
    let oldest_built = modified(&built).min(modified(&ui.join("dist/manager.html")));
    let fresh = oldest_built.is_some_and(|b| newest_source.is_none_or(|s| s <= b));
    if fresh {
        return;
    }
    let installed = ui.join("node_modules/.package-lock.json");
    if modified(&installed) < modified(&ui.join("package-lock.json")) {
        npm(&ui, &["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
    }
    npm(&ui, &["run", "build"]);
}

fn npm(dir: &Path, args: &[&str]) {
    let status = Command::new("npm").args(args).current_dir(dir).status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!(
            "`npm {}` in ui/ failed ({s}); fix the web client build, or set HEARTH_SKIP_UI_BUILD=1 to serve ui/dist as it is",
            args.join(" ")
        ),
        Err(e) => panic!(
            "cannot run npm to build the web client ({e}); install Node.js 20+ and npm (apt-get install nodejs npm), or set HEARTH_SKIP_UI_BUILD=1"
        ),
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

/// The latest modification time of a file, or of any file under a directory.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = path.metadata().ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    let mut stack: Vec<PathBuf> = vec![path.to_path_buf()];
    let mut latest = None;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                latest = latest.max(modified(&p));
            }
        }
    }
    latest
}
