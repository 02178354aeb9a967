//! Real time: the WebSocket endpoint and the hub that routes events to the connections allowed to
//! see them. `hub` routes and numbers events, `conn` keeps one connection's sequence and resume
//! buffer, `socket` serves one client socket, `actions` answers what clients send.

mod actions;
mod conn;
mod hub;
mod socket;

use axum::Router;
use axum::routing::get;

pub use hub::{Broadcast, Event, Hub};

use crate::app::AppState;

/// `GET /websocket`, to be nested under `/api/v4`.
pub fn router() -> Router<AppState> {
    Router::new().route("/websocket", get(socket::connect))
}
