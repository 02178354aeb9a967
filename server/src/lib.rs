//! Hearth's chat server: a Mattermost v4 compatible REST API and WebSocket over SQLite or PostgreSQL.
//!
//! Layers, top to bottom: [`api`] (HTTP) and [`ws`] (WebSocket) parse and authenticate, then call
//! [`app`] (the rules), which calls [`store`] (all SQL). [`model`] holds the wire types all share.
//! [`files`] stores uploaded files' bytes. [`web`] serves the web client at every other path. [`server`] wires them together for `hearth serve`, with [`edge`] serving HTTPS.

pub mod api;
pub mod app;
pub mod backups;
pub mod cli;
pub mod config;
pub mod edge;
pub mod files;
pub mod health;
pub mod model;
pub mod private_file;
pub mod server;
pub mod setup;
pub mod store;
pub mod web;
pub mod ws;
