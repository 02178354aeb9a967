//! Scenarios about WebSocket capacity: `idle` (authenticated sockets held open, memory per
//! socket) and `reconnect` (the server restarts under N sockets, which all come back the way
//! real clients do: each retries after a short random back-off until it has its `hello`).
//! Sockets share sessions, [`SOCKETS_PER_USER`] to a user, and connect from several loopback
//! addresses so source ports do not run out.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use hearth_e2e::{Server, WsClient, fixtures};
use serde_json::{Value, json};

use crate::metrics::{Recorder, rss_kib};
use crate::scenarios::first_ping;
use crate::traffic::{Dice, source_ip, source_ip_apart};
use crate::{Args, seed, start_server};

/// Sockets per user: logins cost a password hash each, and the server keeps at most 32 sockets
/// per user.
const SOCKETS_PER_USER: usize = 30;

/// How long a connected socket may take to send its `hello`.
const HELLO_WAIT: Duration = Duration::from_secs(10);

/// A reconnecting client waits a random time up to `BACKOFF_BASE * 2^attempt`, at most
/// `BACKOFF_CAP`, between attempts ("full jitter", so a herd spreads out), and gives up after
/// `MAX_ATTEMPTS`.
const BACKOFF_BASE: Duration = Duration::from_millis(100);
const BACKOFF_CAP: Duration = Duration::from_secs(1);
const MAX_ATTEMPTS: u32 = 100;

/// Session tokens of enough users (named `<prefix><i>`) for `sockets` sockets.
async fn sessions(server: &Server, prefix: &str, sockets: usize) -> Vec<String> {
    let office = fixtures::office(server).await;
    let users = seed::users(server, &office, prefix, sockets.div_ceil(SOCKETS_PER_USER)).await;
    users
        .into_iter()
        .map(|u| u.token.unwrap_or_default())
        .collect()
}

/// Opens a WebSocket with `token` from `from` and waits for its `hello`.
async fn connect_ready(url: &str, token: &str, from: IpAddr) -> Result<WsClient, String> {
    let mut ws = WsClient::try_connect_from(url, token, Some(from)).await?;
    let hello = tokio::time::timeout(HELLO_WAIT, async {
        while let Some(frame) = ws.next_text().await {
            if frame.contains(r#""event":"hello""#) {
                return Ok(());
            }
        }
        Err("closed before hello".to_owned())
    });
    match hello.await {
        Ok(Ok(())) => Ok(ws),
        Ok(Err(e)) => Err(e),
        Err(_) => Err("no hello in time".into()),
    }
}

/// Connects `n` sockets, socket `i` with session `i % sessions` from address `from(i)`, 64 at a
/// time, recording each connection's time to `hello` as `ws:connect`. Returns the sockets that
/// connected, with their numbers.
pub async fn open(
    rec: &Recorder,
    url: &str,
    tokens: &[String],
    n: usize,
    from: fn(usize) -> IpAddr,
) -> Vec<(usize, WsClient)> {
    stream::iter(0..n)
        .map(|i| async move {
            let started = Instant::now();
            match connect_ready(url, &tokens[i % tokens.len()], from(i)).await {
                Ok(ws) => {
                    rec.record("ws:connect", started.elapsed());
                    Some((i, ws))
                }
                Err(e) => {
                    if rec.count_errors("ws:connect") < 3 {
                        eprintln!("websocket {i}: {e}");
                    }
                    rec.error("ws:connect");
                    None
                }
            }
        })
        .buffer_unordered(64)
        .filter_map(|ws| async move { ws })
        .collect()
        .await
}

pub async fn idle(args: &Args, rec: &Recorder) -> Value {
    let server = start_server(args.backend).await;
    let tokens = sessions(&server, "idler", args.size).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before_kib = rss_kib(server.pid());
    let sampler = rec.sample_every_second(server.pid());
    let connecting = Instant::now();
    let sockets = open(rec, &server.url, &tokens, args.size, source_ip).await;
    let connect_s = connecting.elapsed().as_secs_f64();
    let held = sockets.len();
    let readers: Vec<_> = sockets
        .into_iter()
        .map(|(_, mut ws)| tokio::spawn(async move { while ws.next_text().await.is_some() {} }))
        .collect();
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    let after_kib = rss_kib(server.pid());
    let dropped = readers.iter().filter(|r| r.is_finished()).count();
    sampler.abort();
    readers.iter().for_each(|r| r.abort());
    json!({"figures": {
        "sockets": held,
        "dropped_while_idle": dropped,
        "connect_s": connect_s,
        "connects_per_s": held as f64 / connect_s,
        "server_rss_before_kib": before_kib,
        "server_rss_after_kib": after_kib,
        "rss_per_socket_kib": (after_kib.saturating_sub(before_kib)) as f64 / held.max(1) as f64,
    }})
}

/// What every client of a reconnecting herd shares.
#[derive(Clone)]
struct Herd {
    rec: Recorder,
    url: String,
    /// When the restarted server was listening again.
    up: Arc<OnceLock<Instant>>,
    /// Attempts that failed while the server was down (started before it listened): expected,
    /// so not errors.
    failed_while_down: Arc<AtomicU64>,
}

impl Herd {
    /// Client `i`: holds `ws` until the server goes away, then reconnects with back-off.
    /// Returns its new socket and when it had its `hello`, or `None` if it gave up.
    async fn come_back(
        self,
        i: usize,
        token: String,
        mut ws: WsClient,
    ) -> Option<(WsClient, Instant)> {
        while ws.next_text().await.is_some() {}
        drop(ws);
        let mut dice = Dice::new(i);
        for attempt in 0..MAX_ATTEMPTS {
            let started = Instant::now();
            match connect_ready(&self.url, &token, source_ip_apart(i)).await {
                Ok(ws) => {
                    self.rec.record("ws:reconnect", started.elapsed());
                    return Some((ws, Instant::now()));
                }
                Err(_) if self.up.get().is_none_or(|up| started < *up) => {
                    self.failed_while_down.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => {
                    if self.rec.count_errors("ws:reconnect") < 3 {
                        eprintln!("reconnect {i}: {e}");
                    }
                    self.rec.error("ws:reconnect");
                }
            }
            let ceiling = BACKOFF_CAP.min(BACKOFF_BASE * 2u32.pow(attempt.min(16)));
            tokio::time::sleep(ceiling.mul_f64(dice.unit())).await;
        }
        None
    }
}

/// `--size` sockets connected, the server restarted under them, and every one back with its
/// `hello` (or `--seconds` after the server is ready, whichever is first).
pub async fn reconnect(args: &Args, rec: &Recorder) -> Value {
    let mut server = start_server(args.backend).await;
    let seeding = Instant::now();
    let tokens = sessions(&server, "returner", args.size).await;
    // From 127.0.0.2 on: while the server is down, a connection from its own address could be
    // given the server's port as its source and connect to itself (TCP simultaneous open),
    // holding the port the restarted server needs.
    let sockets = open(rec, &server.url, &tokens, args.size, source_ip_apart).await;
    let seed_s = seeding.elapsed().as_secs_f64();
    let held = sockets.len();
    let herd = Herd {
        rec: rec.clone(),
        url: server.url.clone(),
        up: Arc::default(),
        failed_while_down: Arc::default(),
    };
    let mut clients: Vec<_> = sockets
        .into_iter()
        .map(|(i, ws)| {
            let token = tokens[i % tokens.len()].clone();
            tokio::spawn(herd.clone().come_back(i, token, ws))
        })
        .collect();
    let stopped = Instant::now();
    server.restart().await;
    let up = Instant::now();
    let _ = herd.up.set(up);
    let sampler = rec.sample_every_second(server.pid());
    let ready = first_ping(&server, Duration::from_secs(args.seconds)).await;
    let bound = tokio::time::Instant::from_std(ready + Duration::from_secs(args.seconds));
    let mut back = Vec::with_capacity(held);
    for client in &mut clients {
        if let Ok(Ok(Some((ws, at)))) = tokio::time::timeout_at(bound, client).await {
            rec.record("back_after_listening", at.saturating_duration_since(up));
            back.push((ws, at));
        }
    }
    clients.iter().for_each(|c| c.abort());
    sampler.abort();
    let last = back.iter().map(|(_, at)| *at).max().unwrap_or(up);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let up_to_all = last.saturating_duration_since(up);
    json!({"figures": {
        "sockets": held,
        "reconnected": back.len(),
        "not_reconnected": held - back.len(),
        "restart_to_listening_ms": ms(up - stopped),
        "listening_to_first_ping_ms": ms(ready - up),
        "ready_to_all_s": last.saturating_duration_since(ready).as_secs_f64(),
        "listening_to_all_s": up_to_all.as_secs_f64(),
        "reconnects_per_s": back.len() as f64 / up_to_all.as_secs_f64().max(0.001),
        "failed_while_down": herd.failed_while_down.load(Ordering::Relaxed),
        "server_rss_after_kib": rss_kib(server.pid()),
        "seed_s": seed_s,
    }})
}
