//! Certificates from Let's Encrypt, or any ACME server: an account made once and kept
//! (`acme-account.json`, 0600), an order for the site's domain proven with the HTTP-01 challenge
//! (answered by the port-80 listener) or, when port 80 is not served, TLS-ALPN-01 (answered in the
//! HTTPS handshake), and the certificate and key stored 0600 beside it.
//! [`super::Tls`] renews it with a third of its life left, backing off after failures so a broken DNS
//! record does not run into the ACME server's rate limits.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use instant_acme::{
    Account, AccountCredentials, AuthorizationStatus, ChallengeType, Identifier, NewAccount,
    NewOrder, OrderStatus, RetryPolicy,
};
use time::OffsetDateTime;

use super::EdgeError;
use super::certs::CertSlot;
use super::files::{read_if_exists, write_private};
use super::local_ca::Issued;

/// The certificate's file in the TLS directory (its key is beside it).
pub const CERT: &str = "acme-cert.pem";

/// How the domain is proven: a file fetched over plain HTTP on port 80, or a special certificate
/// in a TLS handshake on port 443 when port 80 is not served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeKind {
    Http01,
    TlsAlpn01,
}

/// Where to get certificates, for which domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcmeSettings {
    pub directory_url: String,
    pub domain: String,
    pub challenge: ChallengeKind,
    /// A CA certificate to trust for the ACME server itself (a private or test ACME server).
    pub server_ca_file: Option<PathBuf>,
}

/// Where challenge answers are put for the ACME server to find.
#[derive(Clone)]
pub enum Responder {
    /// Served by the port-80 listener.
    Http01(Challenges),
    /// Served by the HTTPS listener's certificate resolver.
    TlsAlpn01(Arc<CertSlot>),
}

impl Responder {
    fn clear(&self) {
        match self {
            Responder::Http01(challenges) => challenges.clear(),
            Responder::TlsAlpn01(slot) => slot.set_challenge(None),
        }
    }
}

/// HTTP-01 answers waiting to be fetched: token -> key authorization.
#[derive(Clone, Default)]
pub struct Challenges(Arc<Mutex<HashMap<String, String>>>);

impl Challenges {
    pub fn answer(&self, token: &str) -> Option<String> {
        self.0.lock().ok()?.get(token).cloned()
    }

    fn set(&self, token: String, answer: String) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(token, answer);
        }
    }

    fn clear(&self) {
        if let Ok(mut map) = self.0.lock() {
            map.clear();
        }
    }
}

fn acme_error(what: &str, e: impl std::fmt::Display) -> EdgeError {
    EdgeError::Certificate(format!("{what}: {e}"))
}

/// The stored certificate, unless it is missing or due for renewal.
pub fn stored(dir: &Path, now: OffsetDateTime) -> Result<Option<Issued>, EdgeError> {
    let (Some(cert_pem), Some(key_pem)) = (
        read_if_exists(&dir.join(CERT))?,
        read_if_exists(&dir.join("acme-key.pem"))?,
    ) else {
        return Ok(None);
    };
    if super::renewal::is_due(&cert_pem, now) {
        return Ok(None);
    }
    let Some((_, not_after)) = super::renewal::validity(&cert_pem) else {
        return Ok(None);
    };
    Ok(Some(Issued {
        cert_pem,
        key_pem,
        not_after,
    }))
}

async fn account(settings: &AcmeSettings, dir: &Path) -> Result<Account, EdgeError> {
    let builder = || match &settings.server_ca_file {
        Some(ca) => Account::builder_with_root(ca),
        None => Account::builder(),
    };
    let path = dir.join("acme-account.json");
    if let Some(text) = read_if_exists(&path)? {
        let credentials: AccountCredentials =
            serde_json::from_str(&text).map_err(|e| acme_error("reading the ACME account", e))?;
        return builder()
            .map_err(|e| acme_error("setting up the ACME client", e))?
            .from_credentials(credentials)
            .await
            .map_err(|e| acme_error("restoring the ACME account", e));
    }
    let (account, credentials) = builder()
        .map_err(|e| acme_error("setting up the ACME client", e))?
        .create(
            &NewAccount {
                contact: &[],
                terms_of_service_agreed: true,
                only_return_existing: false,
            },
            settings.directory_url.clone(),
            None,
        )
        .await
        .map_err(|e| {
            acme_error(
                &format!("creating an account at {}", settings.directory_url),
                e,
            )
        })?;
    let text = serde_json::to_string(&credentials)
        .map_err(|e| acme_error("saving the ACME account", e))?;
    write_private(&path, text.as_bytes())?;
    tracing::info!(directory = %settings.directory_url, "created the ACME account");
    Ok(account)
}

/// The self-signed certificate that answers a TLS-ALPN-01 challenge for `domain` (RFC 8737): the
/// domain as its only name and the key authorization's digest in the acmeIdentifier extension.
fn alpn_certificate(domain: &str, digest: &[u8]) -> Result<rustls::sign::CertifiedKey, EdgeError> {
    let mut params = rcgen::CertificateParams::new(vec![domain.to_owned()])
        .map_err(|e| acme_error("making the challenge certificate", e))?;
    params.custom_extensions = vec![rcgen::CustomExtension::new_acme_identifier(digest)];
    let key = rcgen::KeyPair::generate().map_err(|e| acme_error("making the challenge key", e))?;
    let cert = params
        .self_signed(&key)
        .map_err(|e| acme_error("making the challenge certificate", e))?;
    // Not through `certs::certified_key`: its check refuses the critical acmeIdentifier extension
    // that only the ACME server reads.
    let der = rustls_pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let signing = rustls::crypto::aws_lc_rs::default_provider()
        .key_provider
        .load_private_key(der)
        .map_err(|e| acme_error("loading the challenge key", e))?;
    Ok(rustls::sign::CertifiedKey::new(
        vec![cert.der().clone()],
        signing,
    ))
}

/// Orders a certificate for the domain, answering its challenge through `responder`, and stores
/// it in `dir`.
pub async fn obtain(
    settings: &AcmeSettings,
    dir: &Path,
    responder: &Responder,
) -> Result<Issued, EdgeError> {
    let account = account(settings, dir).await?;
    let identifiers = [Identifier::Dns(settings.domain.clone())];
    let mut order = account
        .new_order(&NewOrder::new(&identifiers))
        .await
        .map_err(|e| acme_error("placing the certificate order", e))?;
    let mut authorizations = order.authorizations();
    while let Some(authorization) = authorizations.next().await {
        let mut authorization = authorization.map_err(|e| acme_error("reading the order", e))?;
        if authorization.status == AuthorizationStatus::Valid {
            continue;
        }
        let kind = match responder {
            Responder::Http01(_) => ChallengeType::Http01,
            Responder::TlsAlpn01(_) => ChallengeType::TlsAlpn01,
        };
        let mut challenge = authorization.challenge(kind.clone()).ok_or_else(|| {
            EdgeError::Certificate(format!("the ACME server offers no {kind:?} challenge"))
        })?;
        let answer = challenge.key_authorization();
        match responder {
            Responder::Http01(challenges) => {
                challenges.set(challenge.token.clone(), answer.as_str().to_owned());
            }
            Responder::TlsAlpn01(slot) => {
                let cert = alpn_certificate(&settings.domain, answer.digest().as_ref())?;
                slot.set_challenge(Some(cert));
            }
        }
        challenge
            .set_ready()
            .await
            .map_err(|e| acme_error("asking for the challenge to be checked", e))?;
    }
    let status = order.poll_ready(&RetryPolicy::default()).await;
    responder.clear();
    match status {
        Ok(OrderStatus::Ready) => {}
        Ok(status) => {
            return Err(EdgeError::Certificate(format!(
                "the ACME server did not accept the challenge for {} (order {status:?}): check that the domain's DNS points at this server and that port {} reaches it",
                settings.domain,
                if settings.challenge == ChallengeKind::Http01 {
                    80
                } else {
                    443
                }
            )));
        }
        Err(e) => {
            return Err(acme_error(
                &format!("proving control of {}", settings.domain),
                e,
            ));
        }
    }
    let key_pem = order
        .finalize()
        .await
        .map_err(|e| acme_error("finalizing the order", e))?;
    let cert_pem = order
        .poll_certificate(&RetryPolicy::default())
        .await
        .map_err(|e| acme_error("downloading the certificate", e))?;
    write_private(&dir.join("acme-key.pem"), key_pem.as_bytes())?;
    write_private(&dir.join(CERT), cert_pem.as_bytes())?;
    let (_, not_after) = super::renewal::validity(&cert_pem)
        .ok_or_else(|| EdgeError::Certificate("the issued certificate cannot be read".into()))?;
    tracing::info!(domain = %settings.domain, expires = %not_after, "got a certificate from the ACME server");
    Ok(Issued {
        cert_pem,
        key_pem,
        not_after,
    })
}
