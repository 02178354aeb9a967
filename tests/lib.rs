//! The end-to-end harness: starts the real `hearth` binary on a loopback port with a fresh data
//! directory, on SQLite or on a throwaway PostgreSQL cluster it creates itself, and drives it as a
//! client would over HTTP and WebSocket.

mod client;
mod desktop;
mod edge;
pub mod fixtures;
mod local;
mod pebble;
mod postgres;
mod server;
mod sinks;
mod sshd;
pub mod target;
mod ws;

pub use client::{Client, Resp};
pub use desktop::Desktop;
pub use edge::{Edge, start_edge};
pub use local::{free_port, peak_rss, root_prefix, tls_trusting};
pub use pebble::Pebble;
pub use postgres::{cluster_socket, fresh_database, psql};
pub use server::{
    Backend, CommandOutput, Server, binary as hearth_binary, built_binary, listening_address,
    password_of, run_hearth, start_failure,
};
pub use sinks::{HttpSink, Received, SmtpSink};
pub use sshd::Sshd;
pub use ws::WsClient;

/// Runs each named `async fn(Server)` once on SQLite and once on PostgreSQL, as two tests;
/// `env = NAME;` first starts the servers with the `HEARTH_*` settings in the const `NAME`.
#[macro_export]
macro_rules! on_both_backends {
    (env = $env:ident; $($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let server = $crate::Server::start_with($crate::Backend::Sqlite, super::$env).await;
                super::$name(server).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let server = $crate::Server::start_with($crate::Backend::Postgres, super::$env).await;
                super::$name(server).await
            }
        }
    )*};
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::Server::start($crate::Backend::Sqlite).await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::Server::start($crate::Backend::Postgres).await).await
            }
        }
    )*};
}

/// Like [`on_both_backends!`] for tests that start their own server (with extra settings): each
/// named `async fn(Backend)` runs once per backend.
#[macro_export]
macro_rules! on_each_backend {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::Backend::Postgres).await
            }
        }
    )*};
}
