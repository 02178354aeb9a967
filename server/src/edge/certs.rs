//! The certificate TLS handshakes use, replaceable while the server runs: a renewed certificate
//! is swapped in and new handshakes use it, while open connections keep theirs.

use std::sync::Arc;

use arc_swap::ArcSwap;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use super::EdgeError;

/// The ALPN protocol of ACME's TLS-ALPN-01 challenge (RFC 8737).
pub const ACME_TLS_ALPN: &[u8] = b"acme-tls/1";

#[derive(Debug)]
pub struct CertSlot {
    current: ArcSwap<CertifiedKey>,
    /// While a TLS-ALPN-01 challenge is pending: the certificate that answers it.
    challenge: ArcSwap<Option<Arc<CertifiedKey>>>,
}

impl CertSlot {
    pub fn new(key: CertifiedKey) -> Arc<Self> {
        Arc::new(Self {
            current: ArcSwap::from_pointee(key),
            challenge: ArcSwap::from_pointee(None),
        })
    }

    pub fn replace(&self, key: CertifiedKey) {
        self.current.store(Arc::new(key));
    }

    pub fn set_challenge(&self, key: Option<CertifiedKey>) {
        self.challenge.store(Arc::new(key.map(Arc::new)));
    }
}

impl ResolvesServerCert for CertSlot {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let acme = hello
            .alpn()
            .is_some_and(|mut protocols| protocols.any(|p| p == ACME_TLS_ALPN));
        if acme {
            // Only the ACME server's validation asks for this protocol; nothing else is served
            // on such a connection.
            return self.challenge.load().as_ref().clone();
        }
        Some(self.current.load_full())
    }
}

/// A certificate chain and private key in PEM, ready for rustls.
pub fn certified_key(cert_pem: &str, key_pem: &str) -> Result<CertifiedKey, EdgeError> {
    let bad =
        |what: &str, e: &dyn std::fmt::Display| EdgeError::Certificate(format!("{what}: {e}"));
    let chain = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad("reading the certificate", &e))?;
    if chain.is_empty() {
        return Err(EdgeError::Certificate(
            "the certificate file holds no certificate".into(),
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .map_err(|e| bad("reading the private key", &e))?;
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    CertifiedKey::from_der(chain, key, &provider)
        .map_err(|e| bad("the key does not fit the certificate", &e))
}
