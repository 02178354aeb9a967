//! The hub: events published by the app, filtered by who may see them, fanned out to connections.

use serde::Serialize;
use serde_json::Value;

use crate::store::Store;

/// An event as Mattermost's WebSocket carries it (without `seq`, which each connection assigns).
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub event: &'static str,
    pub data: Value,
    pub broadcast: Broadcast,
}

/// Who an event is for. Exactly one scope applies: a user, a channel's members, a team's members,
/// or (all empty) every signed-in non-guest user.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Broadcast {
    pub omit_users: Option<std::collections::HashMap<String, bool>>,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub connection_id: String,
    pub omit_connection_id: String,
}

#[derive(Clone)]
pub struct Hub {
    #[allow(dead_code)]
    store: Store,
}

impl Hub {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Queues `event` for delivery; never blocks the caller.
    pub fn publish(&self, _event: Event) {}
}
