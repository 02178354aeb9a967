//! `hearth edge` in front of two nodes of one cluster (PostgreSQL and a shared file directory):
//! REST and a WebSocket through it over HTTPS, a node killed while traffic keeps flowing on the
//! other, and a 2 GiB upload streamed through with the edge's memory measured.

use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::stream;
use hearth_e2e::{Backend, Server, peak_rss, start_edge};

const MIB: u64 = 1 << 20;
const UPLOAD: u64 = 2 << 30;
/// The edge's peak memory while 2 GiB pass through it.
const EDGE_RSS_BOUND: u64 = 100 * MIB;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edge_balances_two_nodes() {
    let mut first = Server::start_with(
        Backend::Postgres,
        &[("HEARTH_FILESETTINGS_MAXFILESIZE", "3000000000")],
    )
    .await;
    let second = first.another_node().await;
    let edge = start_edge(&[&first.url, &second.url], &[]).await;
    let root = std::fs::read_to_string(edge.dir.path().join("tls/root.pem")).unwrap();
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(root.as_bytes()).unwrap()])
        .build()
        .unwrap();
    let url = |path: &str| format!("{}{path}", edge.url);

    let account = serde_json::json!({"email": "a@example.com", "username": "admin", "password": "admin-password"});
    let r = client
        .post(url("/api/v4/users"))
        .json(&account)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let login = serde_json::json!({"login_id": "admin", "password": "admin-password"});
    let r = client
        .post(url("/api/v4/users/login"))
        .json(&login)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let token = r.headers()["token"].to_str().unwrap().to_owned();
    let me = || {
        client
            .get(url("/api/v4/users/me"))
            .bearer_auth(&token)
            .send()
    };
    for _ in 0..6 {
        assert_eq!(me().await.unwrap().status(), 200);
    }

    // One node dies; every request still succeeds on the other.
    first.stop().await;
    for _ in 0..20 {
        let r = me().await.unwrap();
        assert_eq!(r.status(), 200, "a request failed after a node died");
    }

    // A 2 GiB upload streams through the edge without the edge holding it.
    let team = serde_json::json!({"name": "office", "display_name": "Office", "type": "O"});
    let team: serde_json::Value = client
        .post(url("/api/v4/teams"))
        .bearer_auth(&token)
        .json(&team)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let channel: serde_json::Value = client
        .get(url(&format!(
            "/api/v4/teams/{}/channels/name/town-square",
            team["id"].as_str().unwrap()
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let blocks: Vec<Bytes> = (0..251u8)
        .map(|i| Bytes::from(vec![i; MIB as usize]))
        .collect();
    let body = stream::iter(
        (0..UPLOAD / MIB).map(move |i| Ok::<_, std::io::Error>(blocks[(i % 251) as usize].clone())),
    );
    let started = Instant::now();
    let r = client
        .post(url("/api/v4/files"))
        .bearer_auth(&token)
        .query(&[
            ("channel_id", channel["id"].as_str().unwrap()),
            ("filename", "film.mov"),
        ])
        .header("Content-Length", UPLOAD)
        .timeout(Duration::from_secs(900))
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let info: serde_json::Value = r.json().await.unwrap();
    assert_eq!(info["file_infos"][0]["size"].as_u64(), Some(UPLOAD));
    let peak = peak_rss(edge.child.id().unwrap());
    eprintln!(
        "2 GiB through the edge: {:.1} s, edge peak RSS {} MiB",
        started.elapsed().as_secs_f64(),
        peak / MIB
    );
    assert!(peak < EDGE_RSS_BOUND, "edge peak RSS {} MiB", peak / MIB);

    // A WebSocket through the edge (an HTTP/1.1 upgrade).
    let http1 = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(root.as_bytes()).unwrap()])
        .http1_only()
        .build()
        .unwrap();
    let r = http1
        .get(url("/api/v4/websocket"))
        .bearer_auth(&token)
        .header("Connection", "Upgrade")
        .header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13")
        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 101);
    let mut upgraded = r.upgrade().await.unwrap();
    let mut buf = vec![0u8; 512];
    let n = tokio::time::timeout(
        Duration::from_secs(5),
        tokio::io::AsyncReadExt::read(&mut upgraded, &mut buf),
    )
    .await
    .unwrap()
    .unwrap();
    let frame = String::from_utf8_lossy(&buf[..n]);
    assert!(frame.contains("hello"), "{frame}");
}
