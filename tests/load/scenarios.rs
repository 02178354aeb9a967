//! Scenarios about capacity rather than traffic: `idle` (authenticated WebSockets held open,
//! memory per socket), `history` (paging back and searching a seeded channel), `bigfile`
//! (streamed upload and download beside `dd` on the same disk) and `start` (process start to the
//! first successful ping on a seeded database).

use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use hearth_e2e::WsClient;
use hearth_e2e::fixtures;
use reqwest::Method;
use serde_json::{Value, json};

use crate::metrics::{Recorder, rss_kib};
use crate::traffic::{source_ip, timed};
use crate::{Args, seed, start_server};

/// Idle sockets per user: logins cost a password hash each, and the server keeps at most 32
/// sockets per user.
const SOCKETS_PER_USER: usize = 30;

pub async fn idle(args: &Args, rec: &Recorder) -> Value {
    let server = start_server(args.backend).await;
    let office = fixtures::office(&server).await;
    let users = seed::users(
        &server,
        &office,
        "idler",
        args.size.div_ceil(SOCKETS_PER_USER),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before_kib = rss_kib(server.pid());
    let sampler = rec.sample_every_second(server.pid());
    let connecting = Instant::now();
    let url = server.url.clone();
    let sockets: Vec<WsClient> = stream::iter(0..args.size)
        .map(|i| {
            let token = users[i % users.len()].token.clone().unwrap_or_default();
            let (url, rec) = (url.clone(), rec.clone());
            async move {
                let started = Instant::now();
                let ws = WsClient::try_connect_from(&url, &token, Some(source_ip(i))).await;
                match ws {
                    Ok(ws) => {
                        rec.record("ws:connect", started.elapsed());
                        Some(ws)
                    }
                    Err(e) => {
                        if rec.count_errors("ws:connect") < 3 {
                            eprintln!("websocket {i}: {e}");
                        }
                        rec.error("ws:connect");
                        None
                    }
                }
            }
        })
        .buffer_unordered(64)
        .filter_map(|ws| async move { ws })
        .collect()
        .await;
    let connect_s = connecting.elapsed().as_secs_f64();
    let held = sockets.len();
    let readers: Vec<_> = sockets
        .into_iter()
        .map(|mut ws| tokio::spawn(async move { while ws.next_text().await.is_some() {} }))
        .collect();
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    let after_kib = rss_kib(server.pid());
    let dropped = readers.iter().filter(|r| r.is_finished()).count();
    sampler.abort();
    readers.iter().for_each(|r| r.abort());
    json!({"figures": {
        "sockets": held,
        "dropped_while_idle": dropped,
        "connect_s": connect_s,
        "connects_per_s": held as f64 / connect_s,
        "server_rss_before_kib": before_kib,
        "server_rss_after_kib": after_kib,
        "rss_per_socket_kib": (after_kib.saturating_sub(before_kib)) as f64 / held.max(1) as f64,
    }})
}

/// Seeds `size` posts into channel `history` of a fresh server; returns it with what searches need.
async fn seeded(args: &Args) -> (hearth_e2e::Server, fixtures::Office, String, f64) {
    let server = start_server(args.backend).await;
    let office = fixtures::office(&server).await;
    let seeding = Instant::now();
    let authors = seed::users(&server, &office, "author", 4).await;
    let channel = seed::channel(&office, "history", &authors).await;
    seed::posts(&authors, &channel, args.size).await;
    (server, office, channel, seeding.elapsed().as_secs_f64())
}

pub async fn history(args: &Args, rec: &Recorder) -> Value {
    let (server, office, channel, seed_s) = seeded(args).await;
    let sampler = rec.sample_every_second(server.pid());
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let admin = &office.admin;
    let search = format!("/api/v4/teams/{}/posts/search", office.team_id);
    let queries = [
        ("api:search_word", "budget"),
        ("api:search_in", "roadmap in:history"),
        ("api:search_from", "coffee from:author1"),
        ("api:search_after", "deploy after:2000-01-01"),
    ];
    let mut pages = 0;
    while Instant::now() < deadline {
        // Page back the way the apps do: each page asks for the posts before the oldest seen.
        let mut before = String::new();
        for _ in 0..20 {
            let path = format!("/api/v4/channels/{channel}/posts?per_page=60&before={before}");
            let Some(page) = timed(rec, admin, "api:page_before", Method::GET, &path, None).await
            else {
                break;
            };
            pages += 1;
            match page["order"].as_array().and_then(|o| o.last()) {
                Some(oldest) => before = oldest.as_str().unwrap_or_default().to_owned(),
                None => break,
            }
        }
        let deep = format!(
            "/api/v4/channels/{channel}/posts?per_page=60&page={}",
            pages % 100
        );
        timed(rec, admin, "api:page_offset", Method::GET, &deep, None).await;
        for (name, terms) in queries {
            let body = json!({"terms": terms, "is_or_search": false, "per_page": 60});
            timed(rec, admin, name, Method::POST, &search, Some(body)).await;
        }
    }
    sampler.abort();
    json!({"figures": {"posts": args.size, "pages_read": pages, "seed_s": seed_s}})
}

pub async fn start(args: &Args, rec: &Recorder) -> Value {
    let (mut server, _office, _channel, seed_s) = seeded(args).await;
    let mut starts = Vec::new();
    for _ in 0..3 {
        server.stop().await;
        let started = Instant::now();
        server.restart().await;
        let ping = server.anonymous();
        let deadline = started + Duration::from_secs(args.seconds);
        while ping.get("/api/v4/system/ping").await.status != 200 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        rec.record("start:to_first_ping", started.elapsed());
        starts.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    json!({"figures": {
        "posts": args.size,
        "start_ms": starts,
        "server_rss_after_start_kib": rss_kib(server.pid()),
        "seed_s": seed_s,
    }})
}

const MIB: usize = 1 << 20;

/// `dd` writing and reading `mib` MiB in `dir`; throughputs in MiB/s.
async fn dd(dir: &std::path::Path, mib: usize) -> (f64, f64) {
    let file = dir.join("dd.bin");
    let run = |args: Vec<String>| async move {
        let started = Instant::now();
        let ok = tokio::process::Command::new("dd")
            .args(&args)
            .stderr(std::process::Stdio::null())
            .status()
            .await
            .is_ok_and(|s| s.success());
        if ok {
            mib as f64 / started.elapsed().as_secs_f64()
        } else {
            0.0
        }
    };
    let of = format!("of={}", file.display());
    let write = run(vec![
        "if=/dev/zero".into(),
        of,
        "bs=1M".into(),
        format!("count={mib}"),
        "conv=fdatasync".into(),
    ])
    .await;
    let read = run(vec![
        format!("if={}", file.display()),
        "of=/dev/null".into(),
        "bs=1M".into(),
    ])
    .await;
    let _ = std::fs::remove_file(file);
    (write, read)
}

/// `--size` is the file size in MiB.
pub async fn bigfile(args: &Args, rec: &Recorder) -> Value {
    let server = start_server(args.backend).await;
    let office = fixtures::office(&server).await;
    let mib = args.size;
    let (dd_write, dd_read) = dd(server.data_dir.path(), mib).await;
    let before_kib = rss_kib(server.pid());
    let sampler = rec.sample_every_second(server.pid());
    let admin = &office.admin;
    let token = admin.token.clone().unwrap_or_default();
    let chunks =
        stream::iter(0..mib).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![7u8; MIB])));
    let url = format!(
        "{}/api/v4/files?channel_id={}&filename=big.bin",
        admin.base, office.town_square
    );
    let started = Instant::now();
    let req = admin.http.post(url).bearer_auth(&token);
    let uploaded = req.body(reqwest::Body::wrap_stream(chunks)).send().await;
    let upload_s = started.elapsed().as_secs_f64();
    let info: Value = match uploaded {
        Ok(r) if r.status().as_u16() == 201 => r.json().await.unwrap_or_default(),
        _ => Value::Null,
    };
    rec.record("file:upload", started.elapsed());
    let id = info["file_infos"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let started = Instant::now();
    let mut got = 0usize;
    if let Ok(resp) = admin
        .http
        .get(format!("{}/api/v4/files/{id}", admin.base))
        .bearer_auth(&token)
        .send()
        .await
    {
        let mut body = resp.bytes_stream();
        while let Some(Ok(chunk)) = body.next().await {
            got += chunk.len();
        }
    }
    let download_s = started.elapsed().as_secs_f64();
    rec.record("file:download", started.elapsed());
    tokio::time::sleep(Duration::from_secs(1)).await;
    sampler.abort();
    json!({"figures": {
        "file_mib": mib,
        "uploaded": !id.is_empty(),
        "downloaded_mib": got as f64 / MIB as f64,
        "upload_mib_s": mib as f64 / upload_s,
        "download_mib_s": got as f64 / MIB as f64 / download_s,
        "dd_write_fdatasync_mib_s": dd_write,
        "dd_read_mib_s": dd_read,
        "server_rss_before_kib": before_kib,
    }})
}
