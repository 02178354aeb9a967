//! End-to-end tests: each starts the real `hearth` binary and drives it as a client would.

mod system;
mod teams;
mod websocket;
