//! The HTTPS edge of `hearth serve`. Policy is separate from mechanism: [`tls_mode`] decides from
//! the config how the server is reached (plain HTTP, TLS with the admin's certificate files, or
//! TLS with the [`local_ca`] for LAN-only offices); [`certs`] holds the certificate handshakes
//! use and swaps in renewals without dropping connections; [`listener`] serves HTTP/1.1 and
//! HTTP/2 over TLS; [`redirect`] sends plain HTTP to HTTPS. [`proxy`] is `hearth edge`, the same
//! edge in front of several nodes.

pub mod acme;
mod certs;
mod files;
mod listener;
pub mod local_ca;
mod names;
pub mod proxy;
mod redirect;
mod renewal;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use time::OffsetDateTime;

pub use listener::serve_tls;
pub use redirect::{router as redirect_router, start as start_port80};

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
    /// TLS with certificates from Let's Encrypt (or another ACME server).
    Acme(acme::AcmeSettings),
}

/// The certificate file HTTPS serves in `mode`, and until when it is valid (`None` for plain
/// HTTP, or before the first certificate exists).
pub fn served_certificate(mode: &TlsMode, data_dir: &Path) -> Option<(PathBuf, OffsetDateTime)> {
    let path = match mode {
        TlsMode::Off => return None,
        TlsMode::Files { cert, .. } => cert.clone(),
        TlsMode::LocalCa => data_dir.join("tls").join(local_ca::SERVER_CERT),
        TlsMode::Acme(_) => data_dir.join("tls").join(acme::CERT),
    };
    let pem = std::fs::read_to_string(&path).ok()?;
    let (_, not_after) = renewal::validity(&pem)?;
    Some((path, not_after))
}

/// `ServiceSettings.ConnectionSecurity` `"TLS"` turns TLS on; `UseLetsEncrypt` gets the
/// certificate for SiteURL's domain over ACME; `TLSCertFile` and `TLSKeyFile` name the admin's
/// certificate; else the local CA makes one.
pub fn tls_mode(s: &ServiceSettings) -> Result<TlsMode, EdgeError> {
    match s.connection_security.as_str() {
        "" => Ok(TlsMode::Off),
        "TLS" if s.use_lets_encrypt => {
            let domain = site_host(&s.site_url)
                .filter(|h| h.parse::<std::net::IpAddr>().is_err())
                .ok_or_else(|| {
                    EdgeError::Config(
                        "ServiceSettings.UseLetsEncrypt needs SiteURL with the server's domain, like https://chat.example.com".into(),
                    )
                })?;
            let challenge = if s.http_listen_address.is_empty() {
                acme::ChallengeKind::TlsAlpn01
            } else {
                acme::ChallengeKind::Http01
            };
            Ok(TlsMode::Acme(acme::AcmeSettings {
                directory_url: s.lets_encrypt_directory_url.clone(),
                domain,
                challenge,
                server_ca_file: (!s.lets_encrypt_server_ca_file.is_empty())
                    .then(|| s.lets_encrypt_server_ca_file.clone().into()),
            }))
        }
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

/// The TLS side of a running server: the rustls config handshakes use; for the local CA its root
/// certificate (served for download); for ACME over HTTP-01 the answers the port-80 listener
/// serves.
pub struct Tls {
    pub config: Arc<rustls::ServerConfig>,
    pub root_pem: Option<String>,
    pub challenges: Option<acme::Challenges>,
}

/// How often certificates are checked for renewal.
const RENEW_CHECK: Duration = Duration::from_secs(12 * 3600);
/// After a failed ACME attempt, the wait before the next doubles from this, up to a day.
const ACME_RETRY_FIRST: Duration = Duration::from_secs(5 * 60);
const ACME_RETRY_MAX: Duration = Duration::from_secs(24 * 3600);

/// What keeps the certificate fresh after start.
enum Renewal {
    Never,
    Local(local_ca::LocalCa, Vec<String>),
    Acme(acme::AcmeSettings, PathBuf, bool),
}

fn local_certificate(
    data_dir: &Path,
    site_url: &str,
) -> Result<(rustls::sign::CertifiedKey, local_ca::LocalCa, Vec<String>), EdgeError> {
    let ca = local_ca::LocalCa::load_or_create(&data_dir.join("tls"))?;
    let names = names::local_names(site_host(site_url).as_deref());
    let issued = ca.server_certificate(&names, OffsetDateTime::now_utc())?;
    Ok((
        certs::certified_key(&issued.cert_pem, &issued.key_pem)?,
        ca,
        names,
    ))
}

impl Tls {
    /// Loads or makes the certificate for `mode` (not [`TlsMode::Off`]) and starts the task that
    /// renews it. With ACME and no usable certificate yet, the server starts with one from the
    /// local CA and swaps in the ACME one as soon as it arrives.
    pub fn start(mode: &TlsMode, site_url: &str, data_dir: &Path) -> Result<Tls, EdgeError> {
        let (key, root_pem, renewal) = match mode {
            TlsMode::Off => return Err(EdgeError::Config("TLS is off".into())),
            TlsMode::Files { cert, key } => {
                let read = |p: &Path| {
                    files::read_if_exists(p)?.ok_or_else(|| EdgeError::File {
                        path: p.into(),
                        source: std::io::ErrorKind::NotFound.into(),
                    })
                };
                (
                    certs::certified_key(&read(cert)?, &read(key)?)?,
                    None,
                    Renewal::Never,
                )
            }
            TlsMode::LocalCa => {
                let (key, ca, names) = local_certificate(data_dir, site_url)?;
                let root = ca.root_pem().to_owned();
                (key, Some(root), Renewal::Local(ca, names))
            }
            TlsMode::Acme(settings) => {
                let dir = data_dir.join("tls");
                match acme::stored(&dir, OffsetDateTime::now_utc())? {
                    Some(issued) => {
                        let key = certs::certified_key(&issued.cert_pem, &issued.key_pem)?;
                        (key, None, Renewal::Acme(settings.clone(), dir, false))
                    }
                    None => {
                        let (key, _, _) = local_certificate(data_dir, site_url)?;
                        (key, None, Renewal::Acme(settings.clone(), dir, true))
                    }
                }
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
        config.alpn_protocols = vec![
            b"h2".to_vec(),
            b"http/1.1".to_vec(),
            certs::ACME_TLS_ALPN.to_vec(),
        ];
        let challenges = match renewal {
            Renewal::Never => None,
            Renewal::Local(ca, names) => {
                tokio::spawn(renew_local(ca, names, slot));
                None
            }
            Renewal::Acme(settings, dir, now) => {
                let (responder, challenges) = match settings.challenge {
                    acme::ChallengeKind::Http01 => {
                        let challenges = acme::Challenges::default();
                        (
                            acme::Responder::Http01(challenges.clone()),
                            Some(challenges),
                        )
                    }
                    acme::ChallengeKind::TlsAlpn01 => {
                        (acme::Responder::TlsAlpn01(slot.clone()), None)
                    }
                };
                tokio::spawn(renew_acme(settings, dir, responder, slot, now));
                challenges
            }
        };
        Ok(Tls {
            config: Arc::new(config),
            root_pem,
            challenges,
        })
    }
}

/// Keeps the local CA's server certificate fresh: a new one 30 days before expiry, swapped in
/// for new connections.
async fn renew_local(ca: local_ca::LocalCa, names: Vec<String>, slot: Arc<certs::CertSlot>) {
    let ca = Arc::new(ca);
    let mut tick = tokio::time::interval(RENEW_CHECK);
    tick.tick().await;
    loop {
        tick.tick().await;
        // Reading files and making a key: off the async threads.
        let (ca, names) = (ca.clone(), names.clone());
        let renewed = tokio::task::spawn_blocking(move || {
            ca.server_certificate(&names, OffsetDateTime::now_utc())
                .and_then(|issued| certs::certified_key(&issued.cert_pem, &issued.key_pem))
        })
        .await;
        match renewed {
            Ok(Ok(key)) => slot.replace(key),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "could not renew the local certificate; check that the data directory is writable")
            }
            Err(e) => tracing::error!(error = %e, "the local certificate renewal task failed"),
        }
    }
}

/// Gets the ACME certificate when it is missing or due (a third of its life left), looking again
/// after a tenth of its life (at most 12 hours); after a failure waits 5 minutes, doubling up to a
/// day, so a broken DNS record does not hit the ACME server's rate limits.
async fn renew_acme(
    settings: acme::AcmeSettings,
    dir: PathBuf,
    responder: acme::Responder,
    slot: Arc<certs::CertSlot>,
    due_now: bool,
) {
    let mut wait = if due_now { Duration::ZERO } else { RENEW_CHECK };
    let mut retry = ACME_RETRY_FIRST;
    loop {
        tokio::time::sleep(wait).await;
        let stored_dir = dir.clone();
        let stored = tokio::task::spawn_blocking(move || {
            acme::stored(&stored_dir, OffsetDateTime::now_utc())
        })
        .await;
        if let Ok(Ok(Some(current))) = stored {
            wait = renewal::check_interval(&current.cert_pem);
            continue;
        }
        let result = acme::obtain(&settings, &dir, &responder)
            .await
            .and_then(|issued| {
                let key = certs::certified_key(&issued.cert_pem, &issued.key_pem)?;
                Ok((key, renewal::check_interval(&issued.cert_pem)))
            });
        match result {
            Ok((key, next_check)) => {
                slot.replace(key);
                retry = ACME_RETRY_FIRST;
                wait = next_check;
            }
            Err(e) => {
                let advice = acme_advice(&e.to_string(), settings.challenge);
                tracing::error!(domain = %settings.domain, error = %e, next_try_in_s = retry.as_secs(), "could not get a certificate from the ACME server; {advice}");
                wait = retry;
                retry = (retry * 2).min(ACME_RETRY_MAX);
            }
        }
    }
}

/// What to check after a failed ACME attempt, from the ACME server's problem type (RFC 8555).
fn acme_advice(error: &str, challenge: acme::ChallengeKind) -> &'static str {
    let port = match challenge {
        acme::ChallengeKind::Http01 => "port 80 is open to the internet and reaches this server",
        acme::ChallengeKind::TlsAlpn01 => {
            "port 443 is open to the internet and reaches this server"
        }
    };
    if error.contains("rateLimited") {
        "the ACME server's rate limit was reached; Hearth waits longer between tries, and nothing needs doing unless this repeats for days"
    } else if error.contains(":dns") || error.contains("NXDOMAIN") || error.contains("no such host")
    {
        "the domain's DNS record does not lead here: point its A/AAAA record at this server's public address"
    } else if error.contains(":connection")
        || error.contains(":unauthorized")
        || error.contains("Timeout")
    {
        port
    } else {
        "check that the domain's DNS record points at this server and that the challenge port is reachable"
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

    #[test]
    fn acme_failures_say_what_to_check() {
        let http = acme::ChallengeKind::Http01;
        let limited = "urn:ietf:params:acme:error:rateLimited: too many certificates";
        assert!(acme_advice(limited, http).contains("rate limit"));
        let dns = "urn:ietf:params:acme:error:dns: NXDOMAIN looking up A";
        assert!(acme_advice(dns, http).contains("DNS record"));
        let refused = "urn:ietf:params:acme:error:connection: connection refused";
        assert!(acme_advice(refused, http).contains("port 80"));
        assert!(acme_advice(refused, acme::ChallengeKind::TlsAlpn01).contains("port 443"));
    }
}
