//! The HTTPS edge of `hearth serve`. Policy is separate from mechanism: [`tls_mode`] decides from
//! the config how the server is reached (plain HTTP, TLS with the admin's certificate files, or
//! TLS with the [`local_ca`] for LAN-only offices); [`certs`] holds the certificate handshakes
//! use and swaps in renewals without dropping connections; [`listener`] serves HTTP/1.1 and
//! HTTP/2 over TLS; [`redirect`] sends plain HTTP to HTTPS. [`proxy`] is `hearth edge`, the same
//! edge in front of several nodes.

mod certs;
mod files;
mod listener;
pub mod local_ca;
mod names;
pub mod proxy;
mod redirect;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use time::OffsetDateTime;

pub use listener::serve_tls;
pub use redirect::router as redirect_router;

use crate::config::ServiceSettings;

#[derive(Debug, thiserror::Error)]
pub enum EdgeError {
    #[error("{0}")]
    Config(String),
    #[error("{0}")]
    Certificate(String),
    #[error("cannot use {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How clients reach the server.
#[derive(Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain HTTP (behind another proxy, or for trying Hearth out).
    Off,
    /// TLS with the certificate and key files the admin provides.
    Files { cert: PathBuf, key: PathBuf },
    /// TLS with certificates from Hearth's own local certificate authority.
    LocalCa,
}

/// `ServiceSettings.ConnectionSecurity` `"TLS"` turns TLS on; `TLSCertFile` and `TLSKeyFile`
/// name the admin's certificate, else the local CA makes one.
pub fn tls_mode(s: &ServiceSettings) -> Result<TlsMode, EdgeError> {
    match s.connection_security.as_str() {
        "" => Ok(TlsMode::Off),
        "TLS" => match (s.tls_cert_file.is_empty(), s.tls_key_file.is_empty()) {
            (true, true) => Ok(TlsMode::LocalCa),
            (false, false) => Ok(TlsMode::Files {
                cert: s.tls_cert_file.clone().into(),
                key: s.tls_key_file.clone().into(),
            }),
            _ => Err(EdgeError::Config(
                "ServiceSettings.TLSCertFile and TLSKeyFile go together: set both, or neither to use the local certificate authority".into(),
            )),
        },
        other => Err(EdgeError::Config(format!(
            "ServiceSettings.ConnectionSecurity {other:?} is not supported; use \"TLS\" or leave it empty"
        ))),
    }
}

/// The TLS side of a running server: the rustls config handshakes use, and for the local CA
/// its root certificate (served for download).
pub struct Tls {
    pub config: Arc<rustls::ServerConfig>,
    pub root_pem: Option<String>,
}

/// How often the local CA's server certificate is checked for renewal.
const RENEW_CHECK: Duration = Duration::from_secs(12 * 3600);

impl Tls {
    /// Loads or makes the certificate for `mode` (not [`TlsMode::Off`]); for the local CA, starts
    /// the task that renews it.
    pub fn start(mode: &TlsMode, site_url: &str, data_dir: &Path) -> Result<Tls, EdgeError> {
        let (key, root_pem) = match mode {
            TlsMode::Off => return Err(EdgeError::Config("TLS is off".into())),
            TlsMode::Files { cert, key } => {
                let read = |p: &Path| {
                    files::read_if_exists(p)?.ok_or_else(|| EdgeError::File {
                        path: p.into(),
                        source: std::io::ErrorKind::NotFound.into(),
                    })
                };
                (certs::certified_key(&read(cert)?, &read(key)?)?, None)
            }
            TlsMode::LocalCa => {
                let ca = local_ca::LocalCa::load_or_create(&data_dir.join("tls"))?;
                let names = names::local_names(site_host(site_url).as_deref());
                let issued = ca.server_certificate(&names, OffsetDateTime::now_utc())?;
                let key = certs::certified_key(&issued.cert_pem, &issued.key_pem)?;
                let root = ca.root_pem().to_owned();
                (key, Some((root, ca, names)))
            }
        };
        let slot = certs::CertSlot::new(key);
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| EdgeError::Certificate(e.to_string()))?
        .with_no_client_auth()
        .with_cert_resolver(slot.clone());
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let root_pem = root_pem.map(|(root, ca, names)| {
            tokio::spawn(renew_local(ca, names, slot));
            root
        });
        Ok(Tls {
            config: Arc::new(config),
            root_pem,
        })
    }
}

/// Keeps the local CA's server certificate fresh: a new one 30 days before expiry, swapped in
/// for new connections.
async fn renew_local(ca: local_ca::LocalCa, names: Vec<String>, slot: Arc<certs::CertSlot>) {
    let mut tick = tokio::time::interval(RENEW_CHECK);
    tick.tick().await;
    loop {
        tick.tick().await;
        let renewed = ca
            .server_certificate(&names, OffsetDateTime::now_utc())
            .and_then(|issued| certs::certified_key(&issued.cert_pem, &issued.key_pem));
        match renewed {
            Ok(key) => slot.replace(key),
            Err(e) => {
                tracing::error!(error = %e, "could not renew the local certificate; check that the data directory is writable")
            }
        }
    }
}

fn site_host(site_url: &str) -> Option<String> {
    let rest = site_url
        .strip_prefix("https://")
        .or_else(|| site_url.strip_prefix("http://"))?;
    let authority = rest.split('/').next()?;
    let host = match authority.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => h,
        _ => authority,
    };
    (!host.is_empty()).then(|| host.to_owned())
}

/// `GET /api/v4/hearth/tls/root.pem`: the local CA's root, for anyone to download and trust.
pub fn root_download(root_pem: String) -> Router {
    Router::new().route(
        "/api/v4/hearth/tls/root.pem",
        get(move || {
            let pem = root_pem.clone();
            async move {
                (
                    [
                        (
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/x-pem-file"),
                        ),
                        (
                            header::CONTENT_DISPOSITION,
                            HeaderValue::from_static("attachment; filename=\"hearth-root-ca.pem\""),
                        ),
                    ],
                    pem,
                )
            }
        }),
    )
}

/// The `Strict-Transport-Security` value: browsers use HTTPS for this host from then on.
pub fn hsts(max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("max-age={max_age}")).expect("digits are a valid header value")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_follow_the_settings() {
        let mut s = ServiceSettings::default();
        assert_eq!(tls_mode(&s).unwrap(), TlsMode::Off);
        s.connection_security = "TLS".into();
        assert_eq!(tls_mode(&s).unwrap(), TlsMode::LocalCa);
        s.tls_cert_file = "/etc/hearth/cert.pem".into();
        assert!(tls_mode(&s).is_err(), "a certificate without its key");
        s.tls_key_file = "/etc/hearth/key.pem".into();
        assert!(matches!(tls_mode(&s).unwrap(), TlsMode::Files { .. }));
        s.connection_security = "STARTTLS".into();
        assert!(tls_mode(&s).is_err());
        assert_eq!(
            site_host("https://chat.lan:8443/x").as_deref(),
            Some("chat.lan")
        );
        assert_eq!(site_host(""), None);
    }
}
