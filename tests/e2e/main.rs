//! End-to-end tests: each starts the real `hearth` binary and drives it as a client would.

mod startup;
mod system;
mod teams;
mod users;
