//! `hearth edge` for tests: started on a free loopback port in front of the given nodes, with its
//! own data directory (for the local CA) and no port-80 listener unless the arguments ask.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub struct Edge {
    pub child: Child,
    /// `https://127.0.0.1:PORT`.
    pub url: String,
    pub dir: tempfile::TempDir,
}

pub async fn start_edge(nodes: &[&str], extra: &[&str]) -> Edge {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(crate::server::binary());
    cmd.args(["edge", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .args(extra)
        .env("HEARTH_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    if !extra.contains(&"--http-listen") {
        cmd.args(["--http-listen", ""]);
    }
    for node in nodes {
        cmd.args(["--upstream", node]);
    }
    let mut child = cmd.spawn().expect("hearth edge starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(addr) = line.strip_prefix("listening on ") {
                return addr.to_owned();
            }
        }
        panic!("hearth edge exited before listening")
    })
    .await
    .unwrap();
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Edge {
        child,
        url: format!("https://{addr}"),
        dir,
    }
}
