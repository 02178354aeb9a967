//! Let's Encrypt's test server on loopback: Debian's `pebble`, with `pebble-challtestsrv` as its
//! DNS (every name resolves to 127.0.0.1, IPv4 only), so Hearth's real ACME flow runs against it
//! and pebble really fetches the HTTP-01 answer from Hearth's port-80 listener.

use std::process::Stdio;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use tokio::process::{Child, Command};

use crate::free_port;

pub struct Pebble {
    /// The ACME directory URL.
    pub directory: String,
    /// CA certificate (PEM file) that pebble's own HTTPS is signed by.
    pub server_ca_file: std::path::PathBuf,
    management: String,
    _pebble: Child,
    _dns: Child,
    dir: tempfile::TempDir,
}

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A CA and a certificate for 127.0.0.1 and localhost signed by it, for pebble's own HTTPS.
fn pebble_tls(
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::default();
    ca.distinguished_name
        .push(DnType::CommonName, "pebble test CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let cert = leaf.signed_by(&key, &issuer).unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&paths.0, ca_cert.pem()).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    paths
}

impl Pebble {
    /// Starts pebble validating HTTP-01 on `http_port` (where Hearth's port-80 listener runs) and
    /// TLS-ALPN-01 on `tls_port` (Hearth's HTTPS port).
    pub async fn start(http_port: u16, tls_port: u16) -> Pebble {
        Self::start_issuing_for(http_port, tls_port, None).await
    }

    /// Like [`Pebble::start`], issuing certificates valid for only `seconds` when given.
    pub async fn start_issuing_for(http_port: u16, tls_port: u16, seconds: Option<u64>) -> Pebble {
        let dir = tempfile::tempdir().unwrap();
        let (ca, cert, key) = pebble_tls(dir.path());
        let (acme, management, dns, dns_admin) =
            (free_port(), free_port(), free_udp_port(), free_port());
        let mut config = serde_json::json!({"pebble": {
            "listenAddress": format!("127.0.0.1:{acme}"),
            "managementListenAddress": format!("127.0.0.1:{management}"),
            "certificate": cert, "privateKey": key,
            "httpPort": http_port, "tlsPort": tls_port,
            "ocspResponderURL": "", "externalAccountBindingRequired": false,
        }});
        if let Some(seconds) = seconds {
            config["pebble"]["certificateValidityPeriod"] = seconds.into();
        }
        let config_file = dir.path().join("pebble.json");
        std::fs::write(&config_file, config.to_string()).unwrap();
        let dns_child = Command::new("pebble-challtestsrv")
            .args([
                "-defaultIPv6",
                "",
                "-http01",
                "",
                "-https01",
                "",
                "-tlsalpn01",
                "",
            ])
            .args(["-dns01", &format!("127.0.0.1:{dns}")])
            .args(["-management", &format!("127.0.0.1:{dns_admin}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("pebble-challtestsrv runs (apt-get install pebble)");
        let pebble = Command::new("pebble")
            .args(["-config"])
            .arg(&config_file)
            .args(["-dnsserver", &format!("127.0.0.1:{dns}")])
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_WFE_NONCEREJECT", "0")
            .stdout(std::fs::File::create(dir.path().join("pebble.log")).unwrap())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("pebble runs (apt-get install pebble)");
        let pebble = Pebble {
            directory: format!("https://127.0.0.1:{acme}/dir"),
            server_ca_file: ca,
            management: format!("https://127.0.0.1:{management}"),
            _pebble: pebble,
            _dns: dns_child,
            dir,
        };
        let client = pebble.client();
        for _ in 0..100 {
            if client.get(&pebble.directory).send().await.is_ok() {
                return pebble;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("pebble did not start; see {}", pebble.log_path().display());
    }

    fn client(&self) -> reqwest::Client {
        let ca = std::fs::read(&self.server_ca_file).unwrap();
        reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&ca).unwrap()])
            .build()
            .unwrap()
    }

    /// The root that the certificates pebble issues chain to (it changes at every start).
    pub async fn issuing_root(&self) -> String {
        let r = self
            .client()
            .get(format!("{}/roots/0", self.management))
            .send()
            .await
            .unwrap();
        r.text().await.unwrap()
    }

    pub fn log_path(&self) -> std::path::PathBuf {
        self.dir.path().join("pebble.log")
    }
}
