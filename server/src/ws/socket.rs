//! The WebSocket endpoint, `GET /api/v4/websocket`. Authenticates (session cookie or token
//! header before the upgrade, or an `authentication_challenge` frame after it), attaches the
//! socket to a hub connection (resuming one when the client sends `connection_id` and
//! `sequence_number`), then serves it: hub frames out, client actions in, pings, and a periodic
//! session check that ends the socket on logout or expiry.

use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use futures_util::SinkExt;
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio::time::{Instant, interval_at, sleep_until, timeout, timeout_at};

use super::actions::{self, Request};
use super::conn::{Frame, SEND_QUEUE};
use super::hub::Attachment;
use crate::api::extract::{MaybeCaller, Query};
use crate::app::{AppState, Caller, Error, ErrorKind, OFFLINE, ONLINE};
use crate::model::now_millis;

/// Largest frame a client may send.
const MAX_FRAME: usize = 64 * 1024;
/// Per-socket buffers. The read buffer is allocated up front, so it stays small: the library
/// default (128 KiB) would cost every idle socket that much, and a larger frame still arrives by
/// growing it. The write buffer grows only while frames are batched (see `send_queued`), and is
/// written out once it holds this much.
const READ_BUFFER: usize = 1024;
const WRITE_BUFFER: usize = 8 * 1024;
/// Queued frames sent with one flush.
const MAX_BATCH: usize = 32;
/// How long an unauthenticated socket may take to send its `authentication_challenge`.
const AUTH_TIMEOUT: Duration = Duration::from_secs(5);
/// Silence after which the client is presumed gone (clients ping every 30 s).
const READ_TIMEOUT: Duration = Duration::from_secs(100);
const PING_INTERVAL: Duration = Duration::from_secs(60);
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a socket looks at its session: its expiry, and whether a logout, deactivation or
/// role change happened in this process since it last read it (`Store::auth_changes`). Only
/// then, or every `SESSION_REREAD`, is the session read again: an idle office of thousands of
/// sockets would otherwise cost the database hundreds of reads a second.
const SESSION_CHECK: Duration = Duration::from_secs(10);
/// How often a socket re-reads its session regardless, for changes made by another process
/// (a second node, or the command line).
const SESSION_REREAD: Duration = Duration::from_secs(5 * 60);
/// How long after a user's last socket closes they turn offline (a reconnect is quicker).
const OFFLINE_GRACE: Duration = Duration::from_secs(5);

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConnectQuery {
    /// The connection a reconnecting client wants to resume.
    connection_id: String,
    /// The next event seq that client expects.
    sequence_number: Option<i64>,
}

pub async fn connect(
    State(app): State<AppState>,
    caller: Result<MaybeCaller, Error>,
    Query(q): Query<ConnectQuery>,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A stale cookie or token is no reason to refuse: the client may still authenticate with
    // a challenge frame.
    let caller = caller.ok().and_then(|c| c.0);
    let resume =
        (!q.connection_id.is_empty()).then(|| (q.connection_id, q.sequence_number.unwrap_or(-1)));
    upgrade
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .on_upgrade(move |socket| serve(app, socket, caller.map(Box::new), resume))
}

/// Authenticates the socket, attaches it to the hub and serves it until it ends.
///
/// What this future keeps across an await is what every open socket costs, so it stays small:
/// the caller arrives boxed, and the rarely taken awaits and the session itself are boxed (a
/// future is as large as its largest await, and arguments moved into locals take room twice).
async fn serve(
    app: AppState,
    mut socket: WebSocket,
    caller: Option<Box<Caller>>,
    resume: Option<(String, i64)>,
) {
    let (caller, challenge_seq) = match caller {
        Some(caller) => (*caller, None),
        None => match Box::pin(await_challenge(&app, &mut socket)).await {
            Some((caller, seq)) => (caller, Some(seq)),
            None => return Box::pin(close(socket)).await,
        },
    };
    let (tx, rx) = mpsc::channel(SEND_QUEUE);
    let resume = resume.as_ref().map(|(id, seq)| (id.as_str(), *seq));
    let Ok(attachment) = app
        .hub
        .attach(caller.user_id(), caller.is_guest(), resume, tx)
    else {
        tracing::warn!(
            user_id = caller.user_id(),
            "too many websockets for one user"
        );
        return Box::pin(close(socket)).await;
    };
    let session = Session {
        auth_seen: app.store.auth_changes(),
        reread_at: Instant::now() + SESSION_REREAD,
        app,
        socket,
        caller: caller.for_socket(),
        attachment,
        rx,
    };
    Box::pin(session.serve(challenge_seq)).await;
}

/// Waits for a valid `authentication_challenge`; anything else first gets a FAIL reply.
async fn await_challenge(app: &AppState, socket: &mut WebSocket) -> Option<(Caller, i64)> {
    let deadline = Instant::now() + AUTH_TIMEOUT;
    loop {
        let text = match timeout_at(deadline, socket.recv()).await.ok()??.ok()? {
            Message::Text(text) => text,
            Message::Close(_) => return None,
            _ => continue,
        };
        let Some(req) = Request::parse(&text) else {
            continue;
        };
        if req.action != "authentication_challenge" {
            let reply = actions::fail(req.seq, &actions::not_authenticated());
            socket.send(Message::text(reply)).await.ok()?;
            continue;
        }
        let token = req.data.get("token").and_then(|t| t.as_str());
        match app.authenticate(token.unwrap_or_default()).await {
            Ok(caller) => return Some((caller, req.seq)),
            Err(e) => {
                let _ = socket.send(Message::text(actions::fail(req.seq, &e))).await;
                return None;
            }
        }
    }
}

/// Says goodbye politely, without waiting long for a client that is gone.
async fn close(mut socket: WebSocket) {
    let _ = timeout(Duration::from_secs(1), socket.send(Message::Close(None))).await;
}

/// Moves the user to an automatic status after `delay`; going offline only if by then they
/// have no socket left.
fn set_status_later(
    app: AppState,
    user_id: String,
    guest: bool,
    status: &'static str,
    delay: Duration,
) {
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        if status == OFFLINE && app.hub.is_connected(&user_id) {
            return;
        }
        if let Err(e) = app.set_auto_status(&user_id, guest, status).await {
            tracing::warn!(user_id, detail = %e.detail, "status update failed");
        }
    });
}

/// One attached socket being served.
struct Session {
    app: AppState,
    socket: WebSocket,
    caller: Caller,
    attachment: Attachment,
    rx: mpsc::Receiver<Frame>,
    /// `Store::auth_changes` when the session was last read.
    auth_seen: u64,
    /// When the session is read again even if nothing changed here.
    reread_at: Instant,
}

impl Session {
    /// Serves the socket, then says goodbye and lets the hub keep its connection for a resume.
    async fn serve(mut self, challenge_seq: Option<i64>) {
        let (user_id, guest) = (self.caller.user.id.clone(), self.caller.is_guest());
        set_status_later(
            self.app.clone(),
            user_id.clone(),
            guest,
            ONLINE,
            Duration::ZERO,
        );
        let replay = std::mem::take(&mut self.attachment.replay);
        self.run(replay, challenge_seq).await;
        close(self.socket).await;
        self.app.hub.detach(&self.attachment);
        set_status_later(self.app, user_id, guest, OFFLINE, OFFLINE_GRACE);
    }

    /// Serves until the client leaves, the hub drops the socket, or the session ends.
    async fn run(&mut self, replay: Vec<Frame>, challenge_seq: Option<i64>) {
        for frame in replay {
            if !self.send(frame.text()).await {
                return;
            }
        }
        if let Some(seq) = challenge_seq
            && !self.send(actions::ok(seq, None)).await
        {
            return;
        }
        let start = Instant::now();
        let mut read_deadline = start + READ_TIMEOUT;
        let mut ping = interval_at(start + PING_INTERVAL, PING_INTERVAL);
        let mut check = interval_at(start + SESSION_CHECK, SESSION_CHECK);
        loop {
            let alive = tokio::select! {
                incoming = self.socket.recv() => {
                    read_deadline = Instant::now() + READ_TIMEOUT;
                    match incoming {
                        Some(Ok(Message::Text(text))) => Box::pin(self.answer(&text)).await,
                        Some(Ok(Message::Close(_)) | Err(_)) | None => false,
                        // Pings are answered by the socket; binary (msgpack) is not spoken here.
                        Some(Ok(_)) => true,
                    }
                }
                frame = self.rx.recv() => match frame {
                    Some(frame) => self.send_queued(frame).await,
                    // The hub let go of this socket (too slow, or replaced by a resume).
                    None => false,
                },
                _ = sleep_until(read_deadline) => false,
                _ = ping.tick() => self.send_message(Message::Ping(Default::default())).await,
                _ = check.tick() => Box::pin(self.session_alive()).await,
            };
            if !alive {
                return;
            }
        }
    }

    async fn answer(&mut self, text: &str) -> bool {
        let Some(req) = Request::parse(text) else {
            tracing::debug!(
                user_id = self.caller.user_id(),
                "ignoring malformed websocket frame"
            );
            return true;
        };
        let reply = actions::handle(&self.app, &self.caller, &req).await;
        self.send(reply).await
    }

    /// Sends `first` and the frames queued behind it with one flush: a busy socket then costs
    /// one system call per batch instead of one per frame.
    async fn send_queued(&mut self, first: Frame) -> bool {
        let (socket, rx) = (&mut self.socket, &mut self.rx);
        let batch = async {
            socket.feed(Message::text(first.text())).await?;
            for _ in 1..MAX_BATCH {
                let Ok(frame) = rx.try_recv() else { break };
                socket.feed(Message::text(frame.text())).await?;
            }
            socket.flush().await
        };
        matches!(timeout(WRITE_TIMEOUT, batch).await, Ok(Ok(())))
    }

    async fn send(&mut self, text: String) -> bool {
        self.send_message(Message::text(text)).await
    }

    async fn send_message(&mut self, message: Message) -> bool {
        matches!(
            timeout(WRITE_TIMEOUT, self.socket.send(message)).await,
            Ok(Ok(()))
        )
    }

    /// False once the session expired or was revoked. Re-reads it when something that could
    /// end it or change its roles happened, or it is due anyway. A database hiccup keeps the
    /// socket open and the session is read again at the next check.
    async fn session_alive(&mut self) -> bool {
        let changes = self.app.store.auth_changes();
        let expired = self.caller.session.expired(now_millis());
        if changes == self.auth_seen && !expired && Instant::now() < self.reread_at {
            return true;
        }
        match self.app.revalidate_session(&self.caller.session.id).await {
            Ok(caller) => {
                self.attachment.conn.set_guest(caller.is_guest());
                self.caller = caller.for_socket();
                // Taken before the read, so a change made during it is seen next time.
                self.auth_seen = changes;
                self.reread_at = Instant::now() + SESSION_REREAD;
                true
            }
            Err(e) => e.kind != ErrorKind::Unauthorized,
        }
    }
}
