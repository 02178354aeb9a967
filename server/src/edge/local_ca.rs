//! The local certificate authority for offices without a public domain: a root made on first
//! start and kept in `<data dir>/tls/` (keys 0600), and a server certificate for the box's names
//! and LAN addresses signed by it. Phones and laptops trust the root once (it is served at
//! `/api/v4/hearth/tls/root.pem`); every later server certificate is then trusted too.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use time::{Duration, OffsetDateTime};

use super::EdgeError;
use super::files::{read_if_exists, write_private};

/// The root lives ten years; server certificates 90 days (renewed when 30 are left).
const ROOT_DAYS: i64 = 3650;
const SERVER_DAYS: i64 = 90;
/// The server certificate's file in the CA's directory.
pub const SERVER_CERT: &str = "server.pem";
#[cfg(test)]
const RENEW_BEFORE_DAYS: i64 = 30;

/// A server certificate and its key, PEM-encoded, and when it expires.
pub struct Issued {
    pub cert_pem: String,
    pub key_pem: String,
    pub not_after: OffsetDateTime,
}

pub struct LocalCa {
    dir: PathBuf,
    root_pem: String,
    issuer: Issuer<'static, KeyPair>,
}

fn ca_error(what: &str, e: impl std::fmt::Display) -> EdgeError {
    EdgeError::Certificate(format!("{what}: {e}"))
}

impl LocalCa {
    /// Loads the root from `dir`, making it on first use.
    pub fn load_or_create(dir: &Path) -> Result<LocalCa, EdgeError> {
        let cert_path = dir.join("root.pem");
        let key_path = dir.join("root-key.pem");
        let (root_pem, key_pem) = match (read_if_exists(&cert_path)?, read_if_exists(&key_path)?) {
            (Some(cert), Some(key)) => (cert, key),
            _ => {
                let (cert, key) = make_root()?;
                write_private(&key_path, key.as_bytes())?;
                write_private(&cert_path, cert.as_bytes())?;
                tracing::info!(path = %cert_path.display(), "made the local certificate authority; install its root on phones and laptops once (download it from /api/v4/hearth/tls/root.pem)");
                (cert, key)
            }
        };
        let key =
            KeyPair::from_pem(&key_pem).map_err(|e| ca_error("reading the local CA key", e))?;
        let issuer = Issuer::from_ca_cert_pem(&root_pem, key)
            .map_err(|e| ca_error("reading the local CA root", e))?;
        Ok(LocalCa {
            dir: dir.to_path_buf(),
            root_pem,
            issuer,
        })
    }

    pub fn root_pem(&self) -> &str {
        &self.root_pem
    }

    /// The stored server certificate if it still covers `names` and is not due for renewal,
    /// else a new one (stored for the next start).
    pub fn server_certificate(
        &self,
        names: &[String],
        now: OffsetDateTime,
    ) -> Result<Issued, EdgeError> {
        let cert_path = self.dir.join(SERVER_CERT);
        let key_path = self.dir.join("server-key.pem");
        if let (Some(cert_pem), Some(key_pem)) =
            (read_if_exists(&cert_path)?, read_if_exists(&key_path)?)
            && let Some(not_after) = still_good(&cert_pem, names, now)
        {
            return Ok(Issued {
                cert_pem,
                key_pem,
                not_after,
            });
        }
        let issued = self.issue(names, now)?;
        write_private(&key_path, issued.key_pem.as_bytes())?;
        write_private(&cert_path, issued.cert_pem.as_bytes())?;
        tracing::info!(?names, expires = %issued.not_after, "issued a server certificate from the local CA");
        Ok(issued)
    }

    fn issue(&self, names: &[String], now: OffsetDateTime) -> Result<Issued, EdgeError> {
        let mut params = CertificateParams::default();
        params.distinguished_name = DistinguishedName::new();
        params.distinguished_name.push(
            DnType::CommonName,
            names.first().cloned().unwrap_or_default(),
        );
        params.subject_alt_names = names.iter().filter_map(|n| san(n)).collect();
        params.not_before = now - Duration::hours(1);
        params.not_after = now + Duration::days(SERVER_DAYS);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        let key = KeyPair::generate().map_err(|e| ca_error("making a server key", e))?;
        let cert = params
            .signed_by(&key, &self.issuer)
            .map_err(|e| ca_error("signing a server certificate", e))?;
        Ok(Issued {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            not_after: params.not_after,
        })
    }
}

fn make_root() -> Result<(String, String), EdgeError> {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    let host = super::names::host_name().unwrap_or_else(|| "this server".into());
    params
        .distinguished_name
        .push(DnType::CommonName, format!("Hearth local CA ({host})"));
    params
        .distinguished_name
        .push(DnType::OrganizationName, "Hearth");
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::hours(1);
    params.not_after = now + Duration::days(ROOT_DAYS);
    let key = KeyPair::generate().map_err(|e| ca_error("making the local CA key", e))?;
    let cert = params
        .self_signed(&key)
        .map_err(|e| ca_error("making the local CA root", e))?;
    Ok((cert.pem(), key.serialize_pem()))
}

fn san(name: &str) -> Option<SanType> {
    match name.parse::<IpAddr>() {
        Ok(ip) => Some(SanType::IpAddress(ip)),
        Err(_) => name.to_owned().try_into().ok().map(SanType::DnsName),
    }
}

/// When `cert_pem` expires, if it names every one of `names` and is not due for renewal.
fn still_good(cert_pem: &str, names: &[String], now: OffsetDateTime) -> Option<OffsetDateTime> {
    if super::renewal::is_due(cert_pem, now) {
        return None;
    }
    let (_, not_after) = super::renewal::validity(cert_pem)?;
    let (_, pem) = x509_parser::pem::parse_x509_pem(cert_pem.as_bytes()).ok()?;
    let cert = pem.parse_x509().ok()?;
    let covered: Vec<String> = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|ext| {
            ext.value
                .general_names
                .iter()
                .filter_map(|g| match g {
                    x509_parser::extensions::GeneralName::DNSName(d) => Some(d.to_string()),
                    x509_parser::extensions::GeneralName::IPAddress(b) => {
                        ip_of(b).map(|ip| ip.to_string())
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    names
        .iter()
        .all(|n| covered.contains(n))
        .then_some(not_after)
}

fn ip_of(bytes: &[u8]) -> Option<IpAddr> {
    match bytes.len() {
        4 => Some(IpAddr::from(<[u8; 4]>::try_from(bytes).ok()?)),
        16 => Some(IpAddr::from(<[u8; 16]>::try_from(bytes).ok()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_and_reuses_until_renewal_is_due() {
        let dir = tempfile::tempdir().unwrap();
        let ca = LocalCa::load_or_create(dir.path()).unwrap();
        let names = vec!["hearth.lan".to_string(), "192.168.1.20".to_string()];
        let now = OffsetDateTime::now_utc();
        let first = ca.server_certificate(&names, now).unwrap();
        let again = ca.server_certificate(&names, now).unwrap();
        assert_eq!(first.cert_pem, again.cert_pem, "a good certificate is kept");
        let later = now + Duration::days(SERVER_DAYS - RENEW_BEFORE_DAYS + 1);
        let renewed = ca.server_certificate(&names, later).unwrap();
        assert_ne!(
            renewed.cert_pem, first.cert_pem,
            "renewed 30 days before expiry"
        );
        let more = vec![
            "hearth.lan".into(),
            "192.168.1.20".into(),
            "10.0.0.5".into(),
        ];
        let widened = ca.server_certificate(&more, later).unwrap();
        assert_ne!(
            widened.cert_pem, renewed.cert_pem,
            "a new address needs a new certificate"
        );
        // The same root after a restart.
        let reopened = LocalCa::load_or_create(dir.path()).unwrap();
        assert_eq!(reopened.root_pem(), ca.root_pem());
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("root-key.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
