//! The hub: events published by the app, routed to the connections allowed to see them.
//!
//! `publish` only queues an event; one dispatcher task takes them in order, resolves who may
//! see each (channel and team members come from the store at that moment), serialises it once,
//! and lets every recipient connection number it. Connections stay registered for a while after
//! their socket drops so a client can resume where it left off.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::conn::{Body, Conn, Delivery, Frame};
use crate::model::new_id;
use crate::store::{Store, StoreError};

/// Events waiting for the dispatcher; beyond this, events are lost and every client resyncs.
const DISPATCH_QUEUE: usize = 4096;
/// How long a connection without a socket can still be resumed.
const RESUME_WINDOW: Duration = Duration::from_secs(5 * 60);
/// How often connections past their resume window are forgotten.
const REAP_INTERVAL: Duration = Duration::from_secs(30);
/// Connections (with or without a socket) one user may hold; this bounds a user's memory.
const MAX_CONNS_PER_USER: usize = 32;
/// Events worth nothing later: not kept for sockets that are gone or lagging.
const EPHEMERAL_EVENTS: &[&str] = &["typing"];

/// An event as Mattermost's WebSocket carries it (without `seq`, which each connection assigns).
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub event: &'static str,
    pub data: Value,
    pub broadcast: Broadcast,
}

/// Who an event is for. One scope applies, the first set of: a connection, a user, a channel's
/// members, a team's non-guest members, or (all empty) every non-guest user. `omit_users` and
/// `omit_connection_id` then skip some of them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Broadcast {
    pub omit_users: Option<HashMap<String, bool>>,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub connection_id: String,
    pub omit_connection_id: String,
}

/// The hub handle; cheap to clone.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    queue: mpsc::Sender<Event>,
    /// Set when an event could not be queued: clients must be told to resync.
    lost: AtomicBool,
    registry: Mutex<Registry>,
    generation: AtomicU64,
}

#[derive(Default)]
struct Registry {
    conns: HashMap<String, Arc<Conn>>,
    by_user: HashMap<String, Vec<Arc<Conn>>>,
}

impl Registry {
    fn add(&mut self, conn: Arc<Conn>) {
        self.conns.insert(conn.id.clone(), conn.clone());
        self.by_user
            .entry(conn.user_id.clone())
            .or_default()
            .push(conn);
    }

    /// Forgets `conn`, closing its socket if it has one.
    fn remove(&mut self, conn: &Conn) {
        conn.close();
        self.conns.remove(&conn.id);
        if let Some(list) = self.by_user.get_mut(&conn.user_id) {
            list.retain(|c| c.id != conn.id);
            if list.is_empty() {
                self.by_user.remove(&conn.user_id);
            }
        }
    }

    fn for_user(&self, user_id: &str) -> &[Arc<Conn>] {
        self.by_user.get(user_id).map_or(&[], Vec::as_slice)
    }

    /// Makes room for one more connection of `user_id` by forgetting its longest-detached one.
    fn make_room(&mut self, user_id: &str) -> bool {
        let conns = self.for_user(user_id);
        if conns.len() < MAX_CONNS_PER_USER {
            return true;
        }
        let oldest = conns
            .iter()
            .filter_map(|c| c.detached_since().map(|t| (t, c.clone())))
            .min_by_key(|(t, _)| *t);
        match oldest {
            Some((_, conn)) => {
                self.remove(&conn);
                true
            }
            None => false,
        }
    }
}

/// A socket attached to a hub connection.
pub struct Attachment {
    pub conn: Arc<Conn>,
    pub generation: u64,
    /// Frames to send before anything from the queue: `hello` for a new connection, or what a
    /// resuming client missed.
    pub replay: Vec<Frame>,
}

/// The user already has as many live sockets as allowed.
#[derive(Debug)]
pub struct TooManyConnections;

/// Recipients of one event, resolved.
enum Targets {
    Connection(String),
    Users { ids: Vec<String>, guests: bool },
    NonGuests,
}

impl Hub {
    /// Creates the hub and starts its dispatcher and reaper tasks (inside the Tokio runtime).
    pub fn new(store: Store) -> Self {
        let (queue, rx) = mpsc::channel(DISPATCH_QUEUE);
        let inner = Arc::new(Inner {
            store,
            queue,
            lost: AtomicBool::new(false),
            registry: Mutex::default(),
            generation: AtomicU64::new(0),
        });
        tokio::spawn(dispatch(inner.clone(), rx));
        tokio::spawn(reap(Arc::downgrade(&inner)));
        Self { inner }
    }

    /// Queues `event` for delivery; never blocks the caller.
    pub fn publish(&self, event: Event) {
        if self.inner.queue.try_send(event).is_err() {
            tracing::warn!("event queue full: dropping an event, clients will resync");
            self.inner.lost.store(true, Ordering::Release);
        }
    }

    /// Attaches a socket of `user_id`. With `resume` (connection id, next seq the client
    /// expects) it continues that connection if it can; otherwise it starts a new connection
    /// whose `hello` carries a new id, which tells a resuming client to resync.
    pub fn attach(
        &self,
        user_id: &str,
        guest: bool,
        resume: Option<(&str, i64)>,
        tx: mpsc::Sender<Frame>,
    ) -> Result<Attachment, TooManyConnections> {
        let generation = self.inner.generation.fetch_add(1, Ordering::Relaxed) + 1;
        let mut registry = self.inner.registry();
        if let Some((id, next_seq)) = resume
            && let Some(conn) = registry
                .conns
                .get(id)
                .filter(|c| c.user_id == user_id)
                .cloned()
        {
            conn.set_guest(guest);
            if let Some(replay) = conn.attach(next_seq, tx.clone(), generation) {
                return Ok(Attachment {
                    conn,
                    generation,
                    replay,
                });
            }
            registry.remove(&conn);
        }
        if !registry.make_room(user_id) {
            return Err(TooManyConnections);
        }
        let conn = Arc::new(Conn::new(new_id(), user_id.to_owned(), guest));
        conn.push(&Body::encode(&hello(&conn)), false);
        let replay = conn.attach(0, tx, generation).unwrap_or_default();
        registry.add(conn.clone());
        Ok(Attachment {
            conn,
            generation,
            replay,
        })
    }

    /// The socket of `attachment` ended; its connection waits for a resume.
    pub fn detach(&self, attachment: &Attachment) {
        attachment.conn.detach(attachment.generation);
    }

    /// Whether `user_id` has a socket attached right now.
    pub fn is_connected(&self, user_id: &str) -> bool {
        self.inner
            .registry()
            .for_user(user_id)
            .iter()
            .any(|c| c.is_attached())
    }
}

/// The first event of every new connection.
fn hello(conn: &Conn) -> Event {
    Event {
        event: "hello",
        data: json!({
            "server_version": crate::api::VERSION_ID,
            "connection_id": conn.id,
            "server_hostname": hostname(),
        }),
        broadcast: Broadcast {
            user_id: conn.user_id.clone(),
            ..Broadcast::default()
        },
    }
}

fn hostname() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    })
}

impl Inner {
    fn registry(&self) -> MutexGuard<'_, Registry> {
        // Every registry update is a single step, so a poisoned lock still holds sound data.
        self.registry.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn targets(&self, b: &Broadcast) -> Result<Targets, StoreError> {
        Ok(if !b.connection_id.is_empty() {
            Targets::Connection(b.connection_id.clone())
        } else if !b.user_id.is_empty() {
            Targets::Users {
                ids: vec![b.user_id.clone()],
                guests: true,
            }
        } else if !b.channel_id.is_empty() {
            Targets::Users {
                ids: self.store.channel_member_ids(&b.channel_id).await?,
                guests: true,
            }
        } else if !b.team_id.is_empty() {
            Targets::Users {
                ids: self.store.team_member_ids(&b.team_id).await?,
                guests: false,
            }
        } else {
            Targets::NonGuests
        })
    }

    fn deliver(&self, event: &Event, targets: Targets) {
        let body = Body::encode(event);
        let ephemeral = EPHEMERAL_EVENTS.contains(&event.event);
        let b = &event.broadcast;
        let send = |conn: &Conn| {
            if conn.push(&body, ephemeral) == Delivery::Overflow {
                tracing::warn!(user_id = %conn.user_id, conn_id = %conn.id,
                    "websocket cannot keep up: closing it");
            }
        };
        let wanted = |conn: &Conn| {
            conn.id != b.omit_connection_id
                && !b
                    .omit_users
                    .as_ref()
                    .is_some_and(|o| o.contains_key(&conn.user_id))
        };
        let registry = self.registry();
        match targets {
            Targets::Connection(id) => {
                if let Some(conn) = registry.conns.get(&id) {
                    send(conn);
                }
            }
            Targets::Users { ids, guests } => {
                for id in &ids {
                    for conn in registry.for_user(id) {
                        if (guests || !conn.is_guest()) && wanted(conn) {
                            send(conn);
                        }
                    }
                }
            }
            Targets::NonGuests => {
                for conn in registry.conns.values() {
                    if !conn.is_guest() && wanted(conn) {
                        send(conn);
                    }
                }
            }
        }
    }

    /// Forgets every connection: their clients reconnect, get a new connection id and resync.
    fn forget_all(&self) {
        let mut registry = self.registry();
        for conn in registry.conns.values() {
            conn.close();
        }
        *registry = Registry::default();
    }
}

/// Delivers published events in order, for as long as the hub lives.
async fn dispatch(inner: Arc<Inner>, mut rx: mpsc::Receiver<Event>) {
    while let Some(event) = rx.recv().await {
        if inner.lost.swap(false, Ordering::AcqRel) {
            inner.forget_all();
        }
        if inner.registry().conns.is_empty() {
            continue;
        }
        match inner.targets(&event.broadcast).await {
            Ok(targets) => inner.deliver(&event, targets),
            Err(e) => {
                // Someone missed this event and cannot know it: make everyone resync.
                tracing::error!(event = event.event, error = %e, "cannot route event");
                inner.forget_all();
            }
        }
    }
}

/// Forgets connections whose resume window has passed.
async fn reap(inner: Weak<Inner>) {
    let mut tick = tokio::time::interval(REAP_INTERVAL);
    loop {
        tick.tick().await;
        let Some(inner) = inner.upgrade() else { return };
        let now = Instant::now();
        let mut registry = inner.registry();
        let stale: Vec<Arc<Conn>> = registry
            .conns
            .values()
            .filter(|c| {
                c.detached_since()
                    .is_some_and(|t| now.duration_since(t) > RESUME_WINDOW)
            })
            .cloned()
            .collect();
        for conn in stale {
            registry.remove(&conn);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    async fn hub() -> (Hub, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open_sqlite(&dir.path().join("hub.db"), 1)
            .await
            .unwrap();
        (Hub::new(Store::new(db)), dir)
    }

    fn event(name: &'static str, broadcast: Broadcast) -> Event {
        Event {
            event: name,
            data: json!({}),
            broadcast,
        }
    }

    /// The events that reach `rx` within a short while, as `(name, seq)`.
    async fn received(rx: &mut mpsc::Receiver<Frame>) -> Vec<(String, i64)> {
        let mut out = vec![];
        while let Ok(Some(frame)) =
            tokio::time::timeout(Duration::from_millis(200), rx.recv()).await
        {
            let v: Value = serde_json::from_str(&frame.text()).unwrap();
            out.push((v["event"].as_str().unwrap().to_owned(), frame.seq));
        }
        out
    }

    #[tokio::test]
    async fn guests_get_only_what_is_addressed_to_them() {
        let (hub, _dir) = hub().await;
        let (gtx, mut guest_rx) = mpsc::channel(16);
        let (mtx, mut member_rx) = mpsc::channel(16);
        let guest = hub.attach("guest", true, None, gtx).unwrap();
        let member = hub.attach("member", false, None, mtx).unwrap();
        assert_eq!(guest.replay.len(), 1, "hello");
        hub.publish(event("new_user", Broadcast::default()));
        hub.publish(event(
            "to_guest",
            Broadcast {
                user_id: "guest".into(),
                ..Broadcast::default()
            },
        ));
        hub.publish(event(
            "not_to_member",
            Broadcast {
                omit_users: Some(HashMap::from([("member".into(), true)])),
                ..Broadcast::default()
            },
        ));
        hub.publish(event(
            "not_to_this_conn",
            Broadcast {
                omit_connection_id: member.conn.id.clone(),
                ..Broadcast::default()
            },
        ));
        tokio::time::sleep(Duration::from_millis(100)).await;
        // A team's events skip its guests.
        hub.inner.deliver(
            &event("team_news", Broadcast::default()),
            Targets::Users {
                ids: vec!["guest".into(), "member".into()],
                guests: false,
            },
        );
        assert_eq!(received(&mut guest_rx).await, [("to_guest".into(), 1)]);
        assert_eq!(
            received(&mut member_rx).await,
            [("new_user".into(), 1), ("team_news".into(), 2)]
        );
    }

    #[tokio::test]
    async fn a_slow_socket_is_dropped_and_can_resume() {
        let (hub, _dir) = hub().await;
        let (tx, mut rx) = mpsc::channel(4);
        let first = hub.attach("u", false, None, tx).unwrap();
        for _ in 0..6 {
            hub.publish(event("e", Broadcast::default()));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!hub.is_connected("u"), "the lagging socket was let go");
        let got = received(&mut rx).await;
        assert_eq!(got.len(), 4);
        // The client saw seqs 0..=4 (hello and four events) and resumes at 5.
        let (tx, _rx) = mpsc::channel(16);
        let resumed = hub
            .attach("u", false, Some((&first.conn.id, 5)), tx)
            .unwrap();
        assert_eq!(resumed.conn.id, first.conn.id);
        assert_eq!(
            resumed.replay.iter().map(|f| f.seq).collect::<Vec<_>>(),
            [5, 6]
        );
        assert!(hub.is_connected("u"));
        // Someone else cannot resume it.
        let (tx, _rx) = mpsc::channel(16);
        let other = hub
            .attach("v", false, Some((&first.conn.id, 5)), tx)
            .unwrap();
        assert_ne!(other.conn.id, first.conn.id);
    }
}
