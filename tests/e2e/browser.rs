//! The web client in a real browser: the suite in `tests/browser/` drives Debian's Chromium with
//! playwright-core against the real `hearth` binary, once on SQLite and once on PostgreSQL. The
//! suite starts (and restarts) the server itself; this test gives it the binary, a database and
//! where to save its screenshots (`target/browser-screenshots/<backend>`), and fails with the
//! suite's output unless every scenario passed. `.ci/test` installs Chromium and the packages.

use std::path::{Path, PathBuf};
use std::time::Duration;

use hearth_e2e::{Backend, fresh_database, hearth_binary, on_each_backend};
use tokio::process::Command;

on_each_backend!(web_client_in_a_real_browser);

const SETUP: &str =
    "run `bash .ci/test` once (it installs chromium and runs `npm ci` in tests/browser)";

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("browser")
}

async fn web_client_in_a_real_browser(backend: Backend) {
    let dir = suite_dir();
    assert!(
        dir.join("node_modules/playwright-core").exists(),
        "tests/browser/node_modules is missing: {SETUP}"
    );
    let bin = hearth_binary();
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let out = bin
        .parent()
        .expect("target/<profile>")
        .join("browser-screenshots")
        .join(name);
    let mut cmd = Command::new("node");
    cmd.arg("run.mjs")
        .current_dir(&dir)
        .env("HEARTH_BIN", &bin)
        .env("HEARTH_BROWSER_OUT", &out)
        .env_remove("HEARTH_DATABASE")
        .kill_on_drop(true);
    if backend == Backend::Postgres {
        cmd.env("HEARTH_DATABASE", fresh_database().await);
    }
    let output = tokio::time::timeout(Duration::from_secs(600), cmd.output())
        .await
        .expect("the browser suite finished within 10 minutes")
        .unwrap_or_else(|e| panic!("node could not start ({e}): {SETUP}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the browser suite failed on {name} ({}); screenshots in {}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
        output.status,
        out.display()
    );
    println!("{stdout}");
}
