//! One logical connection as Mattermost's reliable WebSocket sees it: an id, a gap-free event
//! sequence, the recent frames kept so a client that lost its socket can resume, and the socket
//! (if any) attached to it right now. A connection outlives its sockets for a while; the hub
//! forgets it when that window passes or the client could not be resumed.

use std::collections::VecDeque;
use std::fmt::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::mpsc;

use super::Event;

/// Frames queued for one socket before it counts as too slow and is closed.
pub const SEND_QUEUE: usize = 256;
/// Frames kept for resuming: at most this many ...
const REPLAY_FRAMES: usize = 256;
/// ... and at most this many bytes of them.
const REPLAY_BYTES: usize = 1 << 20;

/// An event serialised once for all its recipients: its JSON up to `"seq":`, so each connection
/// only appends its own number.
#[derive(Clone)]
pub struct Body(Arc<str>);

impl Body {
    pub fn encode(event: &Event) -> Body {
        // Serialising strings and JSON values cannot fail.
        let mut json = serde_json::to_string(event).expect("events serialise");
        json.pop(); // the closing brace
        json.push_str(",\"seq\":");
        Body(json.into())
    }
}

/// A server event as one connection numbered it.
#[derive(Clone)]
pub struct Frame {
    pub seq: i64,
    body: Body,
}

impl Frame {
    /// The frame's text on the wire.
    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.body.0.len() + 21);
        text.push_str(&self.body.0);
        let _ = write!(text, "{}}}", self.seq);
        text
    }
}

/// What a client asking to resume at `requested` (the next seq it expects) gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Resume {
    /// It missed nothing.
    Lossless,
    /// It gets the kept frames from `requested` on.
    Replay,
    /// What it missed is gone: it must start over with a new connection id.
    Lost,
}

/// Decides a resume from the next seq the connection will assign and the oldest it still keeps.
pub fn plan_resume(requested: i64, next_seq: i64, oldest_kept: Option<i64>) -> Resume {
    if requested == next_seq {
        Resume::Lossless
    } else if oldest_kept.is_some_and(|oldest| oldest <= requested && requested < next_seq) {
        Resume::Replay
    } else {
        Resume::Lost
    }
}

/// The socket currently attached: a queue its task drains; dropping the sender closes it.
struct Socket {
    generation: u64,
    tx: mpsc::Sender<Frame>,
}

struct State {
    next_seq: i64,
    kept: VecDeque<Frame>,
    kept_bytes: usize,
    socket: Option<Socket>,
    /// When the last socket went away (meaningful only without a socket).
    detached_at: Instant,
}

/// Whether a frame reached the attached socket's queue.
#[derive(Debug, PartialEq, Eq)]
pub enum Delivery {
    Queued,
    /// No socket: kept for a resume only.
    Kept,
    /// Not sent at all (an ephemeral event nobody would miss).
    Skipped,
    /// The socket could not keep up and was closed; the frame is kept for a resume.
    Overflow,
}

pub struct Conn {
    pub id: String,
    pub user_id: String,
    guest: AtomicBool,
    state: Mutex<State>,
}

impl Conn {
    pub fn new(id: String, user_id: String, guest: bool) -> Conn {
        Conn {
            id,
            user_id,
            guest: AtomicBool::new(guest),
            state: Mutex::new(State {
                next_seq: 0,
                kept: VecDeque::new(),
                kept_bytes: 0,
                socket: None,
                detached_at: Instant::now(),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent data (every update is one step).
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn is_guest(&self) -> bool {
        self.guest.load(Ordering::Relaxed)
    }

    /// Roles can change while connected (a user made guest): routing follows.
    pub fn set_guest(&self, guest: bool) {
        self.guest.store(guest, Ordering::Relaxed);
    }

    /// Numbers `body` with the next seq, keeps it for resuming and queues it on the socket.
    /// An `ephemeral` event (typing) is dropped instead when there is no socket or it lags.
    pub fn push(&self, body: &Body, ephemeral: bool) -> Delivery {
        let mut state = self.state();
        if ephemeral
            && state
                .socket
                .as_ref()
                .is_none_or(|s| s.tx.capacity() < SEND_QUEUE / 2)
        {
            return Delivery::Skipped;
        }
        let frame = Frame {
            seq: state.next_seq,
            body: body.clone(),
        };
        state.next_seq += 1;
        state.kept_bytes += body.0.len();
        state.kept.push_back(frame.clone());
        while state.kept.len() > REPLAY_FRAMES || state.kept_bytes > REPLAY_BYTES {
            if let Some(old) = state.kept.pop_front() {
                state.kept_bytes -= old.body.0.len();
            }
        }
        let Some(socket) = &state.socket else {
            return Delivery::Kept;
        };
        if socket.tx.try_send(frame).is_ok() {
            return Delivery::Queued;
        }
        state.socket = None;
        state.detached_at = Instant::now();
        Delivery::Overflow
    }

    /// Attaches a socket that expects `requested` as its next seq, replacing (closing) any socket
    /// attached before. Returns the frames to send it first, or `None` (nothing attached) when
    /// the frames it needs are gone.
    pub fn attach(
        &self,
        requested: i64,
        tx: mpsc::Sender<Frame>,
        generation: u64,
    ) -> Option<Vec<Frame>> {
        let mut state = self.state();
        let oldest = state.kept.front().map(|f| f.seq);
        let replay = match plan_resume(requested, state.next_seq, oldest) {
            Resume::Lossless => vec![],
            Resume::Replay => state
                .kept
                .iter()
                .filter(|f| f.seq >= requested)
                .cloned()
                .collect(),
            Resume::Lost => return None,
        };
        state.socket = Some(Socket { generation, tx });
        Some(replay)
    }

    /// Detaches the socket of `generation` if it is still the attached one.
    pub fn detach(&self, generation: u64) {
        let mut state = self.state();
        if state
            .socket
            .as_ref()
            .is_some_and(|s| s.generation == generation)
        {
            state.socket = None;
            state.detached_at = Instant::now();
        }
    }

    /// Drops the socket (closing it) for good: the connection is being forgotten.
    pub fn close(&self) {
        self.state().socket = None;
    }

    pub fn is_attached(&self) -> bool {
        self.state().socket.is_some()
    }

    /// Since when no socket is attached, or `None` while one is.
    pub fn detached_since(&self) -> Option<Instant> {
        let state = self.state();
        state.socket.is_none().then_some(state.detached_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ws::Broadcast;

    fn body(n: i64) -> Body {
        Body::encode(&Event {
            event: "test",
            data: serde_json::json!({ "n": n }),
            broadcast: Broadcast::default(),
        })
    }

    #[test]
    fn resume_plans() {
        assert_eq!(plan_resume(5, 5, Some(0)), Resume::Lossless);
        assert_eq!(plan_resume(5, 5, None), Resume::Lossless);
        assert_eq!(plan_resume(3, 5, Some(0)), Resume::Replay);
        assert_eq!(plan_resume(3, 5, Some(3)), Resume::Replay);
        assert_eq!(plan_resume(2, 5, Some(3)), Resume::Lost);
        assert_eq!(plan_resume(6, 5, Some(0)), Resume::Lost);
        assert_eq!(plan_resume(-1, 5, Some(0)), Resume::Lost);
        assert_eq!(plan_resume(3, 5, None), Resume::Lost);
    }

    #[test]
    fn frames_are_numbered_and_valid_json() {
        let conn = Conn::new("c".into(), "u".into(), false);
        assert_eq!(conn.push(&body(1), false), Delivery::Kept);
        assert_eq!(conn.push(&body(2), true), Delivery::Skipped);
        assert_eq!(conn.push(&body(3), false), Delivery::Kept);
        let (tx, _rx) = mpsc::channel(4);
        let replay = conn.attach(0, tx, 1).expect("resumable");
        let parsed: Vec<serde_json::Value> = replay
            .iter()
            .map(|f| serde_json::from_str(&f.text()).unwrap())
            .collect();
        assert_eq!(parsed[0]["seq"], 0);
        assert_eq!(parsed[0]["data"]["n"], 1);
        assert_eq!(parsed[1]["seq"], 1);
        assert_eq!(parsed[1]["data"]["n"], 3);
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn slow_socket_is_detached_and_frames_kept() {
        let conn = Conn::new("c".into(), "u".into(), false);
        let (tx, _rx) = mpsc::channel(1);
        assert!(conn.attach(0, tx, 7).is_some_and(|r| r.is_empty()));
        assert_eq!(conn.push(&body(1), false), Delivery::Queued);
        assert_eq!(conn.push(&body(2), false), Delivery::Overflow);
        assert!(!conn.is_attached());
        // The client saw seq 0; it resumes at 1 and gets the frame that did not fit.
        let (tx, _rx) = mpsc::channel(4);
        let replay = conn.attach(1, tx, 8).expect("resumable");
        assert_eq!(replay.iter().map(|f| f.seq).collect::<Vec<_>>(), vec![1]);
        // A stale socket's detach does not touch the new one.
        conn.detach(7);
        assert!(conn.is_attached());
    }

    #[test]
    fn kept_frames_are_bounded() {
        let conn = Conn::new("c".into(), "u".into(), false);
        for n in 0..(REPLAY_FRAMES as i64 + 10) {
            conn.push(&body(n), false);
        }
        let (tx, _rx) = mpsc::channel(1);
        assert!(conn.attach(5, tx.clone(), 1).is_none(), "seq 5 was dropped");
        let replay = conn.attach(10, tx, 2).expect("seq 10 is kept");
        assert_eq!(replay.len(), REPLAY_FRAMES);
    }
}
