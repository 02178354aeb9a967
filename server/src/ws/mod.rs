//! Real time: the WebSocket endpoint and the hub that routes events to the connections allowed to
//! see them.

mod hub;

pub use hub::{Broadcast, Event, Hub};
