//! End-to-end tests: each starts the real `hearth` binary and drives it as a client would.

mod categories;
mod channel_members;
mod channels;
use hearth_e2e::fixtures;
mod chat;
mod compat;
mod file_downloads;
mod files;
mod guests;
mod integrations;
mod member_roles;
mod notifications;
mod paging;
mod post_access;
mod posts;
mod preferences;
mod search;
mod server_settings;
mod slash_commands;
mod startup;
mod system;
mod teams;
mod unreads;
mod uploads;
mod users;
mod websocket;
