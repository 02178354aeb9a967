//! `hearth edge` for tests: started on a free loopback port in front of the given nodes, with its
//! own data directory (for the local CA) and no port-80 listener unless the arguments ask.

use std::process::Stdio;

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
    let addr = crate::server::listening_address(&mut child, "hearth edge").await;
    Edge {
        child,
        url: format!("https://{addr}"),
        dir,
    }
}
