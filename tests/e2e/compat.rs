//! Real third-party Mattermost client libraries against a fresh server: the official web app's
//! `@mattermost/client` (Client4 and WebSocketClient, under Node) and the Python bot library
//! `mattermostdriver`. The scripts live in `tests/compat/` and assert on every answer; `.ci/test`
//! installs their packages (`npm ci` there, a venv in `~/.cache/hearth/venv`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use hearth_e2e::fixtures::{office, post};
use hearth_e2e::{Server, on_both_backends};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::Command;

on_both_backends!(
    official_web_client_library,
    python_bot_library,
    go_server_leniencies_clients_rely_on,
    connection_survives_an_ignored_body,
);

const SETUP: &str = "run `bash .ci/test` once (or `npm ci` in tests/compat and \
     `python3 -m venv ~/.cache/hearth/venv && ~/.cache/hearth/venv/bin/pip install -r tests/compat/requirements.txt`)";

fn compat_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("compat")
}

/// The venv holding mattermostdriver: `$HEARTH_COMPAT_VENV`, else `~/.cache/hearth/venv`.
fn venv_python() -> PathBuf {
    let venv = std::env::var_os("HEARTH_COMPAT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").expect("HOME is set");
            Path::new(&home).join(".cache/hearth/venv")
        });
    venv.join("bin/python3")
}

/// Creates the admin and `bob`, the accounts every script logs in with.
async fn accounts(server: &Server) -> Vec<String> {
    let admin = server.admin().await;
    server.user(&admin, "bob").await;
    ["admin", "admin-password", "bob", "bob-password"]
        .map(String::from)
        .to_vec()
}

/// Runs a script to the end and fails the test with its output unless it exits 0.
async fn run(mut cmd: Command, what: &str) {
    cmd.current_dir(compat_dir()).kill_on_drop(true);
    let output = tokio::time::timeout(Duration::from_secs(120), cmd.output())
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within 120 s"))
        .unwrap_or_else(|e| panic!("{what} could not start ({e}): {SETUP}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what} failed ({}):\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
        output.status
    );
}

async fn official_web_client_library(server: Server) {
    let client = compat_dir().join("node_modules/@mattermost/client/package.json");
    assert!(client.exists(), "{} is missing: {SETUP}", client.display());
    let args = accounts(&server).await;
    let mut cmd = Command::new("node");
    cmd.arg("webapp.mjs").arg(&server.url).args(args);
    run(
        cmd,
        "the @mattermost/client script (tests/compat/webapp.mjs)",
    )
    .await;
}

async fn python_bot_library(server: Server) {
    let python = venv_python();
    assert!(python.exists(), "{} is missing: {SETUP}", python.display());
    let args = accounts(&server).await;
    let mut cmd = Command::new(python);
    cmd.arg("bot.py").arg(&server.url).args(args);
    run(cmd, "the mattermostdriver script (tests/compat/bot.py)").await;
}

/// What Mattermost's Go server tolerates and the libraries above send: `null` for a field it
/// leaves at its default (mattermostdriver's login sends `"token": null`), and paths with an empty
/// segment, which Mattermost's router redirects (mattermostdriver asks for
/// `/posts/{id}//reactions`).
async fn go_server_leniencies_clients_rely_on(server: Server) {
    let o = office(&server).await;
    let login = server
        .anonymous()
        .post(
            "/api/v4/users/login",
            json!({"login_id": "admin", "password": "admin-password", "token": null, "device_id": null}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.body);
    assert!(login.headers.contains_key("token"));
    let sent = post(&o.admin, &o.town_square, "react to me", "").await;
    let with_nulls = o
        .admin
        .post(
            "/api/v4/posts",
            json!({"channel_id": o.town_square, "message": "nulls", "root_id": null, "file_ids": null}),
        )
        .await
        .expect(201);
    assert_eq!(with_nulls["root_id"], "");

    let id = sent["id"].as_str().unwrap();
    o.admin
        .post(
            "/api/v4/reactions",
            json!({"user_id": o.admin.user_id(), "post_id": id, "emoji_name": "tada"}),
        )
        .await
        .expect(201);
    let path = format!("/api/v4/posts/{id}//reactions?x=1");
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_follow
        .get(format!("{}{path}", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 308);
    assert_eq!(
        r.headers()["location"],
        format!("/api/v4/posts/{id}/reactions?x=1").as_str()
    );
    // A client that follows redirects (as requests does) gets the reactions.
    let reactions = o.admin.get(&path).await.expect(200);
    assert_eq!(reactions[0]["emoji_name"], "tada");
    // Unknown paths are still Mattermost 404s.
    let missing = o.admin.get("/api/v4/no/such//thing").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["id"], "api.context.404.app_error");
}

/// mattermostdriver sends `{}` with every GET, and Python's http.client writes the body after the
/// headers. The server must read it before answering, or the connection closes under the next
/// request on it (the redirect above failed with "Remote end closed connection").
async fn connection_survives_an_ignored_body(server: Server) {
    let addr = server.url.trim_start_matches("http://");
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let head = "GET /api/v4/system/ping HTTP/1.1\r\nHost: hearth\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n";
    tcp.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    tcp.write_all(b"{}").await.unwrap();
    tcp.write_all(b"GET /api/v4/system/ping HTTP/1.1\r\nHost: hearth\r\n\r\n")
        .await
        .unwrap();
    let mut seen = Vec::new();
    let read_both = async {
        let mut buf = [0u8; 4096];
        while String::from_utf8_lossy(&seen)
            .matches("HTTP/1.1 200")
            .count()
            < 2
        {
            let n = tcp.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(5), read_both).await;
    let text = String::from_utf8_lossy(&seen);
    assert_eq!(
        text.matches("HTTP/1.1 200").count(),
        2,
        "both requests answered on one connection:\n{text}"
    );
}
