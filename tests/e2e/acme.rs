//! Certificates from an ACME server: Hearth, told `UseLetsEncrypt`, gets one for SiteURL's
//! domain from Debian's pebble, which really checks the challenge (HTTP-01 against Hearth's port-80
//! listener, or TLS-ALPN-01 against its HTTPS port when port 80 is not served), serves it to
//! clients that trust pebble's root, and keeps it across a restart.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

use hearth_e2e::{Backend, Pebble, Server, free_port, on_each_backend, start_edge, tls_trusting};

on_each_backend!(
    certificate_by_http01,
    certificate_by_tls_alpn01,
    short_lived_certificates_renew_under_open_connections,
    edge_gets_a_certificate_too
);

const DOMAIN: &str = "chat.hearth.test";

/// Hearth on `https_port`, getting its certificate from `pebble` for [`DOMAIN`], with its port-80
/// listener on `http_listen` (empty: none, so TLS-ALPN-01).
async fn start_with_acme(
    backend: Backend,
    pebble: &Pebble,
    https_port: u16,
    http_listen: &str,
) -> Server {
    let ca_file = pebble.server_ca_file.display().to_string();
    Server::start_on(
        backend,
        &format!("127.0.0.1:{https_port}"),
        &[
            ("HEARTH_SERVICESETTINGS_CONNECTIONSECURITY", "TLS"),
            ("HEARTH_SERVICESETTINGS_USELETSENCRYPT", "true"),
            ("HEARTH_SERVICESETTINGS_SITEURL", "https://chat.hearth.test"),
            ("HEARTH_SERVICESETTINGS_HTTPLISTENADDRESS", http_listen),
            (
                "HEARTH_SERVICESETTINGS_LETSENCRYPTDIRECTORYURL",
                pebble.directory.as_str(),
            ),
            (
                "HEARTH_SERVICESETTINGS_LETSENCRYPTSERVERCAFILE",
                ca_file.as_str(),
            ),
        ],
    )
    .await
}

/// Pings `DOMAIN` at `addr` with a client trusting only pebble's `root`, for up to 30 s, until
/// the TLS handshake succeeds (the ACME certificate is served); returns the client and the
/// ping's status, `None` if no certificate came.
async fn ping_until_certified(
    addr: std::net::SocketAddr,
    root: &str,
) -> (reqwest::Client, Option<reqwest::StatusCode>) {
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(root.as_bytes()).unwrap()])
        .resolve(DOMAIN, addr)
        .build()
        .unwrap();
    let ping = format!("https://{DOMAIN}:{}/api/v4/system/ping", addr.port());
    for _ in 0..150 {
        if let Ok(r) = client.get(&ping).send().await {
            return (client, Some(r.status()));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    (client, None)
}

async fn certificate_by_http01(backend: Backend) {
    certificate_from_pebble(backend, true).await
}

async fn certificate_by_tls_alpn01(backend: Backend) {
    certificate_from_pebble(backend, false).await
}

async fn certificate_from_pebble(backend: Backend, port80: bool) {
    let (http_port, https_port) = (free_port(), free_port());
    let pebble = Pebble::start(http_port, https_port).await;
    let http_listen = if port80 {
        format!("127.0.0.1:{http_port}")
    } else {
        String::new()
    };
    let mut server = start_with_acme(backend, &pebble, https_port, &http_listen).await;
    let addr: std::net::SocketAddr = server.url.trim_start_matches("http://").parse().unwrap();
    let root = pebble.issuing_root().await;
    let (client, served) = ping_until_certified(addr, &root).await;
    assert_eq!(
        served,
        Some(reqwest::StatusCode::OK),
        "no ACME certificate within 30 s; pebble log: {}\nhearth log: {}",
        std::fs::read_to_string(pebble.log_path()).unwrap_or_default(),
        server.log()
    );
    let tls = server.data_dir.path().join("tls");
    use std::os::unix::fs::PermissionsExt;
    for file in ["acme-account.json", "acme-key.pem", "acme-cert.pem"] {
        let mode = std::fs::metadata(tls.join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
    // After a restart the stored certificate is served at once.
    server.restart().await;
    let ping = format!("https://{DOMAIN}:{}/api/v4/system/ping", addr.port());
    let r = client.get(&ping).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

/// The fingerprint (DER bytes) of the certificate a fresh handshake gets.
async fn served_certificate(config: &Arc<rustls::ClientConfig>, port: u16) -> Option<Vec<u8>> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let name = rustls_pki_types::ServerName::try_from(DOMAIN).unwrap();
    let tls = tokio_rustls::TlsConnector::from(config.clone())
        .connect(name, tcp)
        .await
        .ok()?;
    Some(tls.get_ref().1.peer_certificates()?.first()?.to_vec())
}

async fn short_lived_certificates_renew_under_open_connections(backend: Backend) {
    let (http_port, https_port) = (free_port(), free_port());
    // Valid 30 s, so due 10 s before expiry: renewed about 20 s after it is issued.
    let pebble = Pebble::start_issuing_for(http_port, https_port, Some(30)).await;
    let http_listen = format!("127.0.0.1:{http_port}");
    let server = start_with_acme(backend, &pebble, https_port, &http_listen).await;
    let root = pebble.issuing_root().await;
    let config = tls_trusting(&root);
    let mut first = None;
    for _ in 0..150 {
        first = served_certificate(&config, https_port).await;
        if first.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let first =
        first.unwrap_or_else(|| panic!("no ACME certificate; hearth log: {}", server.log()));

    // A WebSocket opened on the first certificate.
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(root.as_bytes()).unwrap()])
        .resolve(DOMAIN, format!("127.0.0.1:{https_port}").parse().unwrap())
        .build()
        .unwrap();
    let base = format!("https://{DOMAIN}:{https_port}/api/v4");
    let account = serde_json::json!({"email": "a@example.com", "username": "admin", "password": "admin-password"});
    client
        .post(format!("{base}/users"))
        .json(&account)
        .send()
        .await
        .unwrap();
    let login = serde_json::json!({"login_id": "admin", "password": "admin-password"});
    let login = client
        .post(format!("{base}/users/login"))
        .json(&login)
        .send()
        .await
        .unwrap();
    let token = login.headers()["token"].to_str().unwrap().to_owned();
    let tcp = TcpStream::connect(("127.0.0.1", https_port)).await.unwrap();
    let name = rustls_pki_types::ServerName::try_from(DOMAIN).unwrap();
    let tls = tokio_rustls::TlsConnector::from(config.clone())
        .connect(name, tcp)
        .await
        .unwrap();
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(format!(
            "wss://{DOMAIN}:{https_port}/api/v4/websocket"
        ))
        .unwrap();
    request
        .headers_mut()
        .insert("Authorization", format!("Bearer {token}").parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::client_async(request, tls).await.unwrap();
    socket.next().await.unwrap().unwrap();

    // New handshakes get a renewed certificate within the old one's life...
    let mut renewed = false;
    for _ in 0..60 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if served_certificate(&config, https_port)
            .await
            .is_some_and(|c| c != first)
        {
            renewed = true;
            break;
        }
    }
    assert!(
        renewed,
        "not renewed within 30 s; hearth log: {}",
        server.log()
    );
    // ...while the socket opened before keeps working.
    socket
        .send(Message::Ping(b"still here".to_vec().into()))
        .await
        .unwrap();
    let pong = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Pong(data))) => return data.to_vec(),
                Some(Ok(_)) => continue,
                other => panic!("the socket ended: {other:?}"),
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(pong, b"still here");
}

async fn edge_gets_a_certificate_too(backend: Backend) {
    let http_port = free_port();
    let pebble = Pebble::start(http_port, free_port()).await;
    let node = Server::start(backend).await;
    let http_listen = format!("127.0.0.1:{http_port}");
    let ca_file = pebble.server_ca_file.display().to_string();
    let edge = start_edge(
        &[&node.url],
        &[
            "--lets-encrypt",
            DOMAIN,
            "--acme-directory",
            &pebble.directory,
            "--acme-ca",
            &ca_file,
            "--http-listen",
            &http_listen,
        ],
    )
    .await;
    let addr: std::net::SocketAddr = edge.url.trim_start_matches("https://").parse().unwrap();
    let root = pebble.issuing_root().await;
    let (_, status) = ping_until_certified(addr, &root).await;
    assert_eq!(
        status,
        Some(reqwest::StatusCode::OK),
        "the edge got no ACME certificate"
    );
    // Plain HTTP on the edge's port 80 goes to HTTPS.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let moved = plain
        .get(format!("http://{http_listen}/x"))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 308);
}
