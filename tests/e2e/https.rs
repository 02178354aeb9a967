//! The HTTPS edge of `hearth serve` with the local certificate authority: a client that trusts
//! only the downloaded root gets HTTP/2 with HSTS and a WebSocket; a client that does not trust
//! it is refused; plain HTTP is redirected; garbage handshakes, oversized headers and headers that
//! never finish do not disturb other clients.

use std::time::Duration;

use futures_util::StreamExt;
use hearth_e2e::{Backend, Server, free_port, on_each_backend, tls_trusting};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

on_each_backend!(local_ca_serves_https);

fn trusting(root_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(root_pem.as_bytes()).unwrap()])
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn local_ca_serves_https(backend: Backend) {
    let redirect_port = free_port();
    let redirect = format!("127.0.0.1:{redirect_port}");
    let server = Server::start_with(
        backend,
        &[
            ("HEARTH_SERVICESETTINGS_CONNECTIONSECURITY", "TLS"),
            ("HEARTH_SERVICESETTINGS_FORWARD80TO443", "true"),
            (
                "HEARTH_SERVICESETTINGS_HTTPLISTENADDRESS",
                redirect.as_str(),
            ),
        ],
    )
    .await;
    let https = server.url.replacen("http://", "https://", 1);
    let port = https.rsplit(':').next().unwrap().to_owned();

    // Someone downloads the root once, clicking through the browser's warning.
    let anyone = reqwest::Client::builder()
        .tls_danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let root = anyone
        .get(format!("{https}/api/v4/hearth/tls/root.pem"))
        .send()
        .await
        .unwrap();
    assert_eq!(root.status(), 200);
    let root = root.text().await.unwrap();
    assert!(root.starts_with("-----BEGIN CERTIFICATE-----"), "{root}");
    let on_disk = std::fs::read_to_string(server.data_dir.path().join("tls/root.pem")).unwrap();
    assert_eq!(root, on_disk);

    // Trusting that root alone is enough, over HTTP/2, with HSTS.
    let client = trusting(&root);
    let ping = client
        .get(format!("{https}/api/v4/system/ping"))
        .send()
        .await
        .unwrap();
    assert_eq!(ping.status(), 200);
    assert_eq!(ping.version(), reqwest::Version::HTTP_2);
    let hsts = ping.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age="), "{hsts}");
    let page = client.get(format!("{https}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);

    // A client that does not trust the root is refused.
    let stranger = reqwest::Client::builder().build().unwrap();
    let refused = stranger
        .get(format!("{https}/api/v4/system/ping"))
        .send()
        .await;
    assert!(
        refused.is_err(),
        "an untrusted certificate must fail the handshake"
    );

    // Garbage instead of a handshake is dropped, and others are served meanwhile.
    let mut junk = TcpStream::connect(server.url.trim_start_matches("http://"))
        .await
        .unwrap();
    junk.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), junk.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(_)) | Ok(Err(_))),
        "the junk connection is answered or closed, not left hanging"
    );
    let ping = client
        .get(format!("{https}/api/v4/system/ping"))
        .send()
        .await
        .unwrap();
    assert_eq!(ping.status(), 200);

    // A WebSocket over TLS (HTTP/1.1 upgrade).
    let account = serde_json::json!({"email": "admin@example.com", "username": "admin", "password": "admin-password"});
    let created = client
        .post(format!("{https}/api/v4/users"))
        .json(&account)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let login = serde_json::json!({"login_id": "admin", "password": "admin-password"});
    let login = client
        .post(format!("{https}/api/v4/users/login"))
        .json(&login)
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let token = login.headers()["token"].to_str().unwrap().to_owned();
    let tls_config = tls_trusting(&root);
    let tcp = TcpStream::connect(format!("127.0.0.1:{port}"))
        .await
        .unwrap();
    let name = rustls_pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let tls = tokio_rustls::TlsConnector::from(tls_config.clone())
        .connect(name, tcp)
        .await
        .unwrap();
    let request = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
        format!("wss://127.0.0.1:{port}/api/v4/websocket"),
    )
    .map(|mut r| {
        r.headers_mut()
            .insert("Authorization", format!("Bearer {token}").parse().unwrap());
        r
    })
    .unwrap();
    let (mut socket, _) = tokio_tungstenite::client_async(request, tls).await.unwrap();
    let hello = tokio::time::timeout(Duration::from_secs(5), socket.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(hello.to_text().unwrap().contains("\"hello\""), "{hello}");

    // Oversized headers are refused; headers that trickle in too slowly end the connection.
    let tls_to_server = || async {
        let tcp = TcpStream::connect(format!("127.0.0.1:{port}"))
            .await
            .unwrap();
        let name = rustls_pki_types::ServerName::try_from("127.0.0.1").unwrap();
        tokio_rustls::TlsConnector::from(tls_config.clone())
            .connect(name, tcp)
            .await
            .unwrap()
    };
    let mut big = tls_to_server().await;
    let head = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(70_000)
    );
    let _ = big.write_all(head.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), big.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer}"
    );
    let mut slow = tls_to_server().await;
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(20), slow.read_to_end(&mut rest)).await;
    assert!(
        closed.is_ok(),
        "a client that never finishes its headers is cut off"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(5),
        "but given time to send them"
    );
    let ping = client
        .get(format!("{https}/api/v4/system/ping"))
        .send()
        .await
        .unwrap();
    assert_eq!(ping.status(), 200);

    // Plain HTTP goes to HTTPS, same host and path.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let moved = plain
        .get(format!("http://{redirect}/town/channels/x?y=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 308);
    assert_eq!(
        moved.headers()["location"],
        format!("https://127.0.0.1:{port}/town/channels/x?y=1").as_str()
    );
}
