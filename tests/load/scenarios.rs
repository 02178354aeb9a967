//! Scenarios about data and files rather than traffic: `history` (paging back and searching a
//! channel of bulk-seeded posts), `bigfile` (streamed upload and download beside `dd` on the same
//! disk) and `start` (process start to the first successful ping on a seeded database).

use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use hearth_e2e::{Server, fixtures};
use reqwest::Method;
use serde_json::{Value, json};

use crate::metrics::{Recorder, rss_kib};
use crate::traffic::timed;
use crate::{Args, seed, start_server};

/// A fresh server whose channel `history` has `--size` posts by four authors, written in bulk.
struct Seeded {
    server: Server,
    office: fixtures::Office,
    channel: String,
    figures: Value,
}

async fn seeded(args: &Args) -> Seeded {
    let server = start_server(args.backend).await;
    let office = fixtures::office(&server).await;
    let seeding = Instant::now();
    let authors = seed::users(&server, &office, "author", 4).await;
    let channel = seed::channel(&office, "history", &authors).await;
    let writing = Instant::now();
    seed::posts(&server, &authors, &channel, args.size).await;
    let posts_s = writing.elapsed().as_secs_f64();
    let figures = json!({
        "posts": args.size,
        "seed_s": seeding.elapsed().as_secs_f64(),
        "seed_posts_per_s": args.size as f64 / posts_s,
    });
    Seeded {
        server,
        office,
        channel,
        figures,
    }
}

/// Polls `/system/ping` until it answers 200 or `limit` passes; returns when it stopped.
pub async fn first_ping(server: &Server, limit: Duration) -> Instant {
    let ping = server.anonymous();
    let deadline = Instant::now() + limit;
    while ping.get("/api/v4/system/ping").await.status != 200 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Instant::now()
}

pub async fn history(args: &Args, rec: &Recorder) -> Value {
    let Seeded {
        server,
        office,
        channel,
        mut figures,
    } = seeded(args).await;
    let sampler = rec.sample_every_second(server.pid());
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let admin = &office.admin;
    let search = format!("/api/v4/teams/{}/posts/search", office.team_id);
    // Seeded posts span the past year: `after:` keeps about the last month's.
    let month_ago = (time::OffsetDateTime::now_utc() - time::Duration::days(30)).date();
    let after = format!("deploy after:{month_ago}");
    let queries = [
        ("api:search_word", "budget"),
        ("api:search_in", "roadmap in:history"),
        ("api:search_from", "coffee from:author1"),
        ("api:search_after", after.as_str()),
        // A word no post has: the worst case for walking recent posts first.
        ("api:search_absent", "zebra"),
    ];
    let mut pages = 0;
    // Page back the way the apps do, each page asking for the posts before the oldest seen;
    // one reader walks on through the whole history across rounds, then starts again.
    let mut before = String::new();
    let (mut walked, mut deepest) = (0usize, 0usize);
    while Instant::now() < deadline {
        for _ in 0..20 {
            let path = format!("/api/v4/channels/{channel}/posts?per_page=60&before={before}");
            let Some(page) = timed(rec, admin, "api:page_before", Method::GET, &path, None).await
            else {
                break;
            };
            pages += 1;
            let order = page["order"].as_array().cloned().unwrap_or_default();
            walked += order.len();
            deepest = deepest.max(walked);
            match order.last().and_then(Value::as_str) {
                Some(oldest) => before = oldest.to_owned(),
                None => {
                    (before, walked) = (String::new(), 0);
                    break;
                }
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
    figures["pages_read"] = json!(pages);
    figures["deepest_post_paged_to"] = json!(deepest);
    json!({ "figures": figures })
}

pub async fn start(args: &Args, rec: &Recorder) -> Value {
    let Seeded {
        mut server,
        mut figures,
        ..
    } = seeded(args).await;
    let mut starts = Vec::new();
    for _ in 0..3 {
        server.stop().await;
        let started = Instant::now();
        server.restart().await;
        let pinged = first_ping(&server, Duration::from_secs(args.seconds)).await;
        rec.record("start:to_first_ping", pinged - started);
        starts.push((pinged - started).as_secs_f64() * 1000.0);
    }
    figures["start_ms"] = json!(starts);
    figures["server_rss_after_start_kib"] = json!(rss_kib(server.pid()));
    json!({ "figures": figures })
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
