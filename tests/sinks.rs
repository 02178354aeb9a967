//! Loopback receivers for what the server sends out: a real SMTP server (Debian's
//! `python3-aiosmtpd`, saving each message to a maildir) and an HTTP endpoint that records
//! requests and answers with a status the test sets.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use tokio::process::{Child, Command};

use crate::free_port;

/// `python3 -m aiosmtpd` on a loopback port, storing messages in a maildir.
pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    _child: Child,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        // Debian's interpreter, where python3-aiosmtpd is installed (not a pyenv's).
        let python = ["/usr/bin/python3", "python3"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .unwrap_or("python3");
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 -m aiosmtpd starts (install python3-aiosmtpd)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpSink {
                    port,
                    dir,
                    _child: child,
                };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not listen on {port}");
    }

    /// Every message received so far, as raw text.
    pub fn messages(&self) -> Vec<String> {
        let new: PathBuf = self.dir.path().join("mail").join("new");
        let Ok(entries) = std::fs::read_dir(new) else {
            return vec![];
        };
        entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect()
    }

    /// Waits up to `secs` for at least `n` messages.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<String> {
        for _ in 0..secs * 10 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "expected {n} email(s) within {secs} s, got {}",
            self.messages().len()
        );
    }
}

/// One request an [`HttpSink`] received.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

#[derive(Default)]
struct SinkState {
    received: Vec<Received>,
    status: u16,
    reply: String,
}

/// An HTTP server on loopback that records every request and answers with the status and body
/// the test set (201 and an empty body at first).
#[derive(Clone)]
pub struct HttpSink {
    pub url: String,
    state: Arc<Mutex<SinkState>>,
}

impl HttpSink {
    pub async fn start() -> HttpSink {
        let state = Arc::new(Mutex::new(SinkState {
            status: 201,
            ..SinkState::default()
        }));
        let shared = state.clone();
        let handler = move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = shared.clone();
            async move {
                let mut s = state.lock().unwrap();
                s.received.push(Received {
                    path: uri.path().to_owned(),
                    headers,
                    body: body.to_vec(),
                });
                let status = StatusCode::from_u16(s.status).unwrap();
                (
                    status,
                    [("content-type", "application/json")],
                    s.reply.clone(),
                )
            }
        };
        let app = axum::Router::new().fallback(handler);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        HttpSink { url, state }
    }

    /// Answers later requests with `status` and `body`.
    pub fn respond(&self, status: u16, body: &str) {
        let mut s = self.state.lock().unwrap();
        s.status = status;
        s.reply = body.to_owned();
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Waits up to `secs` for at least `n` requests in all.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Received> {
        for _ in 0..secs * 10 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "expected {n} request(s) within {secs} s, got {}",
            self.received().len()
        );
    }
}
