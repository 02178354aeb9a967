//! `hearth edge`: the HTTPS edge alone, in front of one or more Hearth nodes (a cluster on
//! PostgreSQL with shared files). It terminates TLS like `hearth serve` does, then forwards every
//! request and WebSocket to a healthy node in turn ([`upstreams`]), streaming bodies both ways
//! ([`forward`]).

mod forward;
mod upstreams;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::{EdgeError, Tls, TlsMode};

pub type Client = hyper_util::client::legacy::Client<HttpConnector, Body>;

/// What `hearth edge` is told.
pub struct EdgeConfig {
    pub listen: String,
    /// The nodes, as `http://host:port`.
    pub upstreams: Vec<String>,
    pub tls: TlsMode,
    /// Plain HTTP for redirects to HTTPS and ACME HTTP-01 answers (`:80`), if any.
    pub http_listen: Option<String>,
    pub data_dir: std::path::PathBuf,
    /// Largest request body passed on (uploads); larger ones get 413.
    pub max_body_bytes: u64,
    /// How long a node may take to start answering.
    pub response_timeout: Duration,
}

pub struct Proxy {
    upstreams: upstreams::Upstreams,
    client: Client,
    max_body_bytes: u64,
    response_timeout: Duration,
    /// `https` or `http`, for `X-Forwarded-Proto`.
    scheme: &'static str,
}

/// Runs the edge until ctrl-c or SIGTERM.
pub async fn run(
    config: EdgeConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), EdgeError> {
    if config.upstreams.is_empty() {
        return Err(EdgeError::Config(
            "give at least one node with --upstream http://HOST:PORT".into(),
        ));
    }
    for up in &config.upstreams {
        if !up.starts_with("http://") || up.parse::<axum::http::Uri>().is_err() {
            return Err(EdgeError::Config(format!(
                "--upstream {up:?} must look like http://10.0.0.2:8065"
            )));
        }
    }
    let mut connector = HttpConnector::new();
    connector.set_connect_timeout(Some(Duration::from_secs(3)));
    connector.set_nodelay(true);
    let client: Client =
        hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector);
    let tls = match &config.tls {
        TlsMode::Off => None,
        mode => Some(Tls::start(mode, "", &config.data_dir)?),
    };
    let proxy = Arc::new(Proxy {
        upstreams: upstreams::Upstreams::new(&config.upstreams),
        client: client.clone(),
        max_body_bytes: config.max_body_bytes,
        response_timeout: config.response_timeout,
        scheme: if tls.is_some() { "https" } else { "http" },
    });
    proxy.upstreams.start_checks(client);
    let mut router = Router::new().fallback(forward::forward).with_state(proxy);
    if let Some(root) = tls.as_ref().and_then(|t| t.root_pem.clone()) {
        router = super::root_download(root).merge(router);
    }
    let addr = crate::config::bind_address(&config.listen);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|source| EdgeError::File {
            path: addr.clone().into(),
            source,
        })?;
    let local = listener.local_addr().map_err(|source| EdgeError::File {
        path: addr.into(),
        source,
    })?;
    tracing::info!(address = %local, nodes = ?config.upstreams, "the edge is listening");
    println!("listening on {local}");
    if let (Some(addr), Some(tls)) = (&config.http_listen, &tls) {
        super::start_port80(
            addr,
            super::redirect_router(local.port(), tls.challenges.clone(), tls.root_pem.clone()),
        )
        .await?;
    }
    match tls {
        Some(tls) => super::serve_tls(listener, tls.config, router, shutdown).await,
        None => {
            let service = router.into_make_service_with_connect_info::<SocketAddr>();
            let _ = axum::serve(listener, service)
                .with_graceful_shutdown(shutdown)
                .await;
        }
    }
    Ok(())
}
