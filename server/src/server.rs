//! Starting the chat server: open the database, build the app, bind, serve (plain HTTP, or
//! HTTPS through [`crate::edge`]) until shutdown.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::app::App;
use axum::http::header;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::{Config, default_sqlite_path};
use crate::edge;
use crate::files::Files;
use crate::store::{Db, Store, StoreError};

/// Why the server could not start; the binary prints it and exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Database(#[from] StoreError),
    #[error("cannot use data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Notifications(#[from] crate::app::notify::NotifyError),
    #[error("{0}")]
    Tls(#[from] crate::edge::EdgeError),
    #[error(
        "cannot listen on {addr}: {source} (is another server using that port? set --listen or ServiceSettings.ListenAddress)"
    )]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

/// Opens the configured database: SQLite under `data_dir` unless the config names PostgreSQL.
pub async fn open_store(config: &Config, data_dir: &std::path::Path) -> Result<Store, StartError> {
    let sql = &config.sql_settings;
    let db = if sql.driver_name == "postgres" {
        Db::open_postgres(&sql.data_source, sql.max_open_conns).await?
    } else {
        let path = if sql.data_source.is_empty() {
            default_sqlite_path(data_dir)
        } else {
            PathBuf::from(&sql.data_source)
        };
        Db::open_sqlite(&path, sql.max_open_conns.min(8)).await?
    };
    Ok(Store::new(db))
}

/// Creates `dir` (mode 0700) if needed.
pub fn prepare_data_dir(dir: &std::path::Path) -> Result<(), StartError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|source| StartError::DataDir {
            path: dir.into(),
            source,
        })
}

/// Connections the kernel may hold for us before `accept`. Tokio's default (1,024) overflows
/// when thousands of clients reconnect at once after a restart, and each dropped attempt costs
/// its client a one-second TCP retry; the kernel caps this at `net.core.somaxconn`.
const LISTEN_BACKLOG: u32 = 8192;

/// Binds the first address `addr` resolves to, with a deep accept queue.
async fn listen(addr: &str) -> std::io::Result<tokio::net::TcpListener> {
    let mut last_error = None;
    for candidate in tokio::net::lookup_host(addr).await? {
        let socket = if candidate.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        // As `TcpListener::bind` does: a restart may bind while old connections linger.
        socket.set_reuseaddr(true)?;
        match socket.bind(candidate) {
            Ok(()) => return socket.listen(LISTEN_BACKLOG),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "no address to listen on")
    }))
}

/// Runs the server until ctrl-c or SIGTERM. Settings changed in the admin console are saved to
/// `config_file`.
pub async fn serve(
    config: Config,
    config_file: PathBuf,
    data_dir: PathBuf,
) -> Result<(), StartError> {
    prepare_data_dir(&data_dir)?;
    let tls_mode = edge::tls_mode(&config.service_settings)?;
    let store = open_store(&config, &data_dir).await?;
    let addr = config.listen_address();
    let listener = listen(&addr).await.map_err(|source| StartError::Bind {
        addr: addr.clone(),
        source,
    })?;
    let local = listener.local_addr().map_err(|source| StartError::Bind {
        addr: addr.clone(),
        source,
    })?;
    let files =
        Files::open(&config.file_settings, &data_dir).map_err(|source| StartError::DataDir {
            path: data_dir.join("files"),
            source,
        })?;
    let service = config.service_settings.clone();
    let app = App::new(config, config_file, data_dir.clone(), store, files);
    crate::app::notify::start(&app, &data_dir)?;
    let mut router = crate::api::router(app);
    let tls = match tls_mode {
        edge::TlsMode::Off => None,
        mode => Some(edge::Tls::start(&mode, &service.site_url, &data_dir)?),
    };
    if let Some(tls) = &tls {
        if let Some(root) = &tls.root_pem {
            router = router.merge(edge::root_download(root.clone()));
        }
        if service.tls_strict_transport {
            router = router.layer(SetResponseHeaderLayer::if_not_present(
                header::STRICT_TRANSPORT_SECURITY,
                edge::hsts(service.tls_strict_transport_max_age),
            ));
        }
    }
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(address = %local, scheme, "Hearth is listening");
    // Printed for scripts and tests that start the server on port 0.
    println!("listening on {local}");
    let Some(tls) = tls else {
        return serve_plain(listener, router, addr).await;
    };
    if service.forward_80_to_443 || tls.challenges.is_some() {
        let port80 =
            edge::redirect_router(local.port(), tls.challenges.clone(), tls.root_pem.clone());
        edge::start_port80(&service.http_listen_address, port80).await?;
    }
    edge::serve_tls(listener, tls.config, router, shutdown_signal()).await;
    Ok(())
}

async fn serve_plain(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    addr: String,
) -> Result<(), StartError> {
    // Without TCP_NODELAY, Nagle's algorithm holds a small WebSocket frame back until the
    // previous one is acknowledged, and delayed acknowledgements make that up to 40 ms.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|source| StartError::Bind { addr, source })?;
    Ok(())
}

/// Resolves on ctrl-c or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("SIGTERM handler installs");
    tokio::select! {
        _ = ctrl_c => {},
        _ = term.recv() => {},
    }
    tracing::info!("shutting down");
}
