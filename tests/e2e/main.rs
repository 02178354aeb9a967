//! End-to-end tests: each starts the real `hearth` binary and drives it as a client would.

mod categories;
mod channel_members;
mod channels;
mod fixtures;
mod guests;
mod system;
mod teams;
