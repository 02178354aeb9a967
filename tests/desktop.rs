//! A desktop for Hearth Manager's end-to-end test: a virtual display (Xvfb), a private D-Bus
//! session (for the tray and notifications), and `tauri-driver` in front of Debian's
//! WebKitWebDriver, through which the test drives the real app window over WebDriver.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::process::{Child, Command};

use crate::free_port;

/// Where `.ci/test` installs tauri-driver when it is not on the PATH.
const TOOLS_BIN: &str = ".cache/hearth/tools/bin";
const NATIVE_DRIVER: &str = "/usr/bin/WebKitWebDriver";

/// Xvfb, D-Bus and tauri-driver, stopped when dropped.
pub struct Desktop {
    pub display: String,
    pub dbus_address: String,
    /// tauri-driver's WebDriver URL.
    pub webdriver: String,
    _xvfb: Child,
    _dbus: Child,
    _driver: Child,
}

impl Desktop {
    pub async fn start() -> Desktop {
        let (xvfb, display) = start_xvfb().await;
        let (dbus, dbus_address) = start_dbus().await;
        let port = free_port();
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &free_port().to_string(),
            ])
            .args(["--native-driver", NATIVE_DRIVER])
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &dbus_address)
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("tauri-driver starts (.ci/test installs it: cargo install tauri-driver)");
        let webdriver = format!("http://127.0.0.1:{port}");
        wait_for_port(port).await;
        Desktop {
            display,
            dbus_address,
            webdriver,
            _xvfb: xvfb,
            _dbus: dbus,
            _driver: driver,
        }
    }
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let cached = Path::new(&home).join(TOOLS_BIN).join("tauri-driver");
    if cached.is_file() {
        cached
    } else {
        "tauri-driver".into()
    }
}

/// Xvfb on a display number it picks itself (`-displayfd`), 1280x800.
async fn start_xvfb() -> (Child, String) {
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("Xvfb starts (apt-get install xvfb)");
    let number = first_line(&mut xvfb, "Xvfb tells its display number").await;
    (xvfb, format!(":{number}"))
}

/// A private session bus: its address comes on the first line.
async fn start_dbus() -> (Child, String) {
    let mut dbus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("dbus-daemon starts (apt-get install dbus)");
    let address = first_line(&mut dbus, "dbus-daemon tells its address").await;
    (dbus, address)
}

/// The first line a child prints (it keeps running and printing nothing more), read a byte at a
/// time so nothing after it is taken from the pipe.
async fn first_line(child: &mut Child, what: &str) -> String {
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    tokio::time::timeout(Duration::from_secs(20), async {
        while stdout.read_exact(&mut byte).await.is_ok() && byte[0] != b'\n' {
            line.push(byte[0]);
        }
    })
    .await
    .expect(what);
    String::from_utf8_lossy(&line).trim().to_owned()
}

async fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("tauri-driver does not listen on {port}");
}
