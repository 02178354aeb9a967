//! Scenarios with traffic between users: `fanout` (a steady post rate into one channel of N
//! members, timing each `posted` frame at every member) and `office` (N users doing a mixed
//! office day with think times).

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use hearth_e2e::fixtures;
use hearth_e2e::{Client, WsClient};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use crate::metrics::Recorder;
use crate::{Args, seed, start_server};

/// Sockets per loopback source address, below the ephemeral port range of one address.
const SOCKETS_PER_ADDRESS: usize = 20_000;

/// The loopback address the `i`th socket connects from: 127.0.0.1, then .2, ...
pub fn source_ip(i: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(
        127,
        0,
        0,
        1 + (i / SOCKETS_PER_ADDRESS) as u8,
    ))
}

/// Like [`source_ip`], from 127.0.0.2 on: never the server's own address.
pub fn source_ip_apart(i: usize) -> IpAddr {
    source_ip(i + SOCKETS_PER_ADDRESS)
}

/// Sends `method path` with `body` as `client`, recording its latency as `name` (or an error).
pub async fn timed(
    rec: &Recorder,
    client: &Client,
    name: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Option<Value> {
    let mut req = client
        .http
        .request(method, format!("{}{path}", client.base));
    if let Some(token) = &client.token {
        req = req.bearer_auth(token);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let started = Instant::now();
    let outcome = match req.send().await {
        Ok(resp) if resp.status().is_success() => resp.bytes().await.ok(),
        _ => None,
    };
    match outcome {
        Some(bytes) => {
            rec.record(name, started.elapsed());
            Some(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
        }
        None => {
            rec.error(name);
            None
        }
    }
}

/// A message carrying when it was sent, so every receiver can time its delivery.
pub fn stamped(rec: &Recorder, text: &str) -> String {
    format!("{text} ~lt{}~", rec.start.elapsed().as_micros())
}

/// When a raw `posted` frame's message was sent (microseconds since the run started).
fn sent_at(frame: &str) -> Option<u128> {
    if !frame.contains(r#""event":"posted""#) {
        return None;
    }
    let rest = &frame[frame.find("~lt")? + 3..];
    rest[..rest.find('~')?].parse().ok()
}

/// Holds `ws` open, recording each stamped `posted` frame's delivery time.
pub fn listen(rec: &Recorder, mut ws: WsClient) -> JoinHandle<()> {
    let rec = rec.clone();
    tokio::spawn(async move {
        while let Some(frame) = ws.next_text().await {
            if let Some(sent) = sent_at(&frame) {
                let now = rec.start.elapsed().as_micros();
                let took = Duration::from_micros(now.saturating_sub(sent) as u64);
                rec.record("delivery", took);
            }
        }
    })
}

/// Connects a listening WebSocket for each client, a few at a time.
pub async fn connect_all(rec: &Recorder, base: &str, clients: &[Client]) -> Vec<JoinHandle<()>> {
    let tokens: Vec<String> = clients
        .iter()
        .map(|c| c.token.clone().unwrap_or_default())
        .collect();
    crate::sockets::open(rec, base, &tokens, tokens.len(), source_ip)
        .await
        .into_iter()
        .map(|(_, ws)| listen(rec, ws))
        .collect()
}

/// A small deterministic random sequence per simulated user (xorshift).
pub struct Dice(u64);

impl Dice {
    /// The sequence of user (or client) `i`.
    pub fn new(i: usize) -> Dice {
        Dice(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

pub async fn fanout(args: &Args, rec: &Recorder) -> Value {
    let server = start_server(args.backend).await;
    let office = fixtures::office(&server).await;
    let seeding = Instant::now();
    let users = seed::users(&server, &office, "member", args.size.saturating_sub(1)).await;
    let channel = seed::channel(&office, "fanout", &users).await;
    let mut members = users.clone();
    members.push(office.admin.clone());
    let listeners = connect_all(rec, &server.url, &members).await;
    let seed_s = seeding.elapsed().as_secs_f64();
    let sampler = rec.sample_every_second(server.pid());

    let posters = members.len().min(8);
    let period = Duration::from_secs_f64(posters as f64 / args.rate);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let run_start = Instant::now();
    let tasks: Vec<_> = members[..posters]
        .iter()
        .map(|poster| {
            let (rec, poster, channel) = (rec.clone(), poster.clone(), channel.clone());
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(period);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                while Instant::now() < deadline {
                    tick.tick().await;
                    let message = stamped(&rec, "fan-out");
                    let body = json!({"channel_id": channel, "message": message});
                    timed(
                        &rec,
                        &poster,
                        "api:create_post",
                        Method::POST,
                        "/api/v4/posts",
                        Some(body),
                    )
                    .await;
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    let run_s = run_start.elapsed().as_secs_f64();
    // Frames still in flight get a moment to arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;
    sampler.abort();
    listeners.iter().for_each(|l| l.abort());
    let posts = rec.count("api:create_post");
    let delivered = rec.count("delivery");
    json!({"figures": {
        "members": members.len(),
        "listening": listeners.len(),
        "target_posts_per_s": args.rate,
        "posts_per_s": posts as f64 / run_s,
        "deliveries_expected": posts * listeners.len() as u64,
        "deliveries": delivered,
        "seed_s": seed_s,
    }})
}

/// What an office user does between think times, by weight out of 100.
const ACTIONS: [(&str, u64); 6] = [
    ("view", 40),
    ("post", 25),
    ("react", 10),
    ("thread", 10),
    ("search", 10),
    ("upload", 5),
];

/// Channels in the office day have about this many members; each user is in two.
const OFFICE_CHANNEL_MEMBERS: usize = 50;

pub async fn office(args: &Args, rec: &Recorder) -> Value {
    let server = start_server(args.backend).await;
    let office = fixtures::office(&server).await;
    let seeding = Instant::now();
    let users = seed::users(&server, &office, "worker", args.size).await;
    let count = (args.size * 2 / OFFICE_CHANNEL_MEMBERS).max(1);
    let mut channels = Vec::new();
    for c in 0..count {
        // User i is in channels i % count and (i + 1) % count.
        let members: Vec<Client> = (0..users.len())
            .filter(|i| i % count == c || (i + 1) % count == c)
            .map(|i| users[i].clone())
            .collect();
        channels.push(seed::channel(&office, &format!("room-{c}"), &members).await);
    }
    let listeners = connect_all(rec, &server.url, &users).await;
    let seed_s = seeding.elapsed().as_secs_f64();
    let sampler = rec.sample_every_second(server.pid());
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(i, user)| {
            let mine = [
                channels[i % count].clone(),
                channels[(i + 1) % count].clone(),
            ];
            let day = Day {
                rec: rec.clone(),
                user: user.clone(),
                team_id: office.team_id.clone(),
                channels: mine,
                think: args.think,
                dice: Dice::new(i),
            };
            tokio::spawn(day.run(deadline))
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    sampler.abort();
    listeners.iter().for_each(|l| l.abort());
    let api_p99 = rec.p99_ms("api").unwrap_or(f64::INFINITY);
    let delivery_p99 = rec.p99_ms("delivery").unwrap_or(f64::INFINITY);
    json!({"figures": {
        "users": users.len(),
        "listening": listeners.len(),
        "channels": count,
        "actions_per_s": rec.count("api") as f64 / args.seconds as f64,
        "api_p99_ms": api_p99,
        "delivery_p99_ms": delivery_p99,
        "holds": api_p99 < 200.0 && delivery_p99 < 500.0,
        "seed_s": seed_s,
    }})
}

/// Sleeps `secs` seconds, but not past `deadline`, so a run ends on time.
async fn nap(secs: f64, deadline: Instant) {
    let until = deadline.min(Instant::now() + Duration::from_secs_f64(secs));
    tokio::time::sleep_until(until.into()).await;
}

/// One simulated office user.
struct Day {
    rec: Recorder,
    user: Client,
    team_id: String,
    channels: [String; 2],
    think: f64,
    dice: Dice,
}

impl Day {
    async fn run(mut self, deadline: Instant) {
        // Users arrive spread over one think time rather than all at once.
        let first = self.think * self.dice.unit();
        nap(first, deadline).await;
        let mut last_post = String::new();
        while Instant::now() < deadline {
            let channel = self.channels[(self.dice.next() % 2) as usize].clone();
            let mut roll = self.dice.next() % 100;
            let action = ACTIONS
                .iter()
                .find(|(_, w)| {
                    let hit = roll < *w;
                    roll = roll.saturating_sub(*w);
                    hit
                })
                .map_or("view", |(a, _)| a);
            if let Some(id) = self.act(action, &channel, &last_post).await {
                last_post = id;
            }
            let pause = self.think * (0.5 + self.dice.unit());
            nap(pause, deadline).await;
        }
    }

    /// Does `action`; returns a post id seen on the way, for later reactions and threads.
    async fn act(&mut self, action: &str, channel: &str, last_post: &str) -> Option<String> {
        let (rec, user) = (&self.rec, &self.user);
        match action {
            "post" => {
                let body = json!({"channel_id": channel, "message": stamped(rec, "hello office")});
                let post = timed(
                    rec,
                    user,
                    "api:create_post",
                    Method::POST,
                    "/api/v4/posts",
                    Some(body),
                )
                .await?;
                post["id"].as_str().map(String::from)
            }
            "react" if !last_post.is_empty() => {
                let body = json!({"user_id": user.user_id(), "post_id": last_post, "emoji_name": "thumbsup"});
                timed(
                    rec,
                    user,
                    "api:reaction",
                    Method::POST,
                    "/api/v4/reactions",
                    Some(body),
                )
                .await;
                None
            }
            "thread" if !last_post.is_empty() => {
                let path = format!("/api/v4/posts/{last_post}/thread");
                timed(rec, user, "api:get_thread", Method::GET, &path, None).await;
                None
            }
            "search" => {
                let word = seed::WORDS[(self.dice.next() % 16) as usize];
                let path = format!("/api/v4/teams/{}/posts/search", self.team_id);
                let body = json!({"terms": word, "is_or_search": false});
                timed(rec, user, "api:search", Method::POST, &path, Some(body)).await;
                None
            }
            "upload" => {
                let path = format!("/api/v4/files?channel_id={channel}&filename=note.txt");
                let started = Instant::now();
                let req = user.http.post(format!("{}{path}", user.base));
                let req = req.bearer_auth(user.token.as_deref().unwrap_or_default());
                match req.body(vec![b'x'; 4096]).send().await {
                    Ok(r) if r.status().is_success() => rec.record("api:upload", started.elapsed()),
                    _ => rec.error("api:upload"),
                }
                None
            }
            _ => {
                let path = format!("/api/v4/channels/{channel}/posts?page=0&per_page=60");
                let posts = timed(rec, user, "api:get_posts", Method::GET, &path, None).await?;
                let body = json!({"channel_id": channel});
                let view = "/api/v4/channels/members/me/view";
                timed(
                    rec,
                    user,
                    "api:view_channel",
                    Method::POST,
                    view,
                    Some(body),
                )
                .await;
                posts["order"][0].as_str().map(String::from)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_send_time_from_a_posted_frame() {
        let frame = r#"{"event":"posted","data":{"post":"{\"message\":\"hi ~lt1234~\"}"}}"#;
        assert_eq!(sent_at(frame), Some(1234));
        assert_eq!(sent_at(r#"{"event":"typing","data":"~lt1~"}"#), None);
    }

    #[test]
    fn spreads_sockets_over_loopback_addresses() {
        assert_eq!(source_ip(0).to_string(), "127.0.0.1");
        assert_eq!(source_ip(SOCKETS_PER_ADDRESS).to_string(), "127.0.0.2");
        assert_eq!(source_ip_apart(0).to_string(), "127.0.0.2");
    }
}
