//! `hearth-load`: drives a real `hearth` server on loopback as many simulated users and reports
//! latencies, throughput, delivery times and server memory as JSON plus an SVG chart.
//!
//! `hearth-load <idle|reconnect|fanout|office|history|bigfile|start|backup> [--db sqlite|postgres]
//! [--size N] [--seconds S] [--rate R] [--think S] [--out DIR]`. The server binary is the
//! `hearth` beside this one or `$HEARTH_BIN`; every run is bounded by `--seconds` and a size cap.

mod backups;
mod metrics;
mod report;
mod scenarios;
mod seed;
mod sockets;
mod traffic;

use std::time::Duration;

use hearth_e2e::{Backend, Server};
use serde_json::Value;

/// Settings every load run's server gets: room for large teams, no per-minute login limit in
/// the way of thousands of logins from one address.
const SERVER_ENV: &[(&str, &str)] = &[
    ("HEARTH_TEAMSETTINGS_MAXUSERSPERTEAM", "1000000"),
    ("HEARTH_RATELIMITSETTINGS_LOGINPERMINUTE", "1000000"),
    ("HEARTH_FILESETTINGS_MAXFILESIZE", "4294967296"),
    ("HEARTH_LOG", "warn"),
];

/// Sizes above this are refused: every scenario stays bounded.
const MAX_SIZE: usize = 2_000_000;
const MAX_SECONDS: u64 = 3600;

#[derive(Debug, Clone)]
pub struct Args {
    pub scenario: String,
    pub backend: Backend,
    pub size: usize,
    pub seconds: u64,
    /// Posts per second (fanout) in total.
    pub rate: f64,
    /// Mean think time between one simulated user's actions (office), in seconds.
    pub think: f64,
    pub out: std::path::PathBuf,
}

fn parse(argv: &[String]) -> Result<Args, String> {
    let scenario = argv.first().ok_or("missing scenario")?.clone();
    let mut args = Args {
        scenario,
        backend: Backend::Sqlite,
        size: 100,
        seconds: 20,
        rate: 100.0,
        think: 20.0,
        out: "results".into(),
    };
    let mut rest = argv[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        let bad = || format!("bad value for {flag}: {value}");
        match flag.as_str() {
            "--db" => {
                args.backend = match value.as_str() {
                    "sqlite" => Backend::Sqlite,
                    "postgres" => Backend::Postgres,
                    _ => return Err(format!("--db is sqlite or postgres, not {value}")),
                }
            }
            "--size" => args.size = value.parse().map_err(|_| bad())?,
            "--seconds" => args.seconds = value.parse().map_err(|_| bad())?,
            "--rate" => args.rate = value.parse().map_err(|_| bad())?,
            "--think" => args.think = value.parse().map_err(|_| bad())?,
            "--out" => args.out = value.into(),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if args.size == 0 || args.size > MAX_SIZE || args.seconds == 0 || args.seconds > MAX_SECONDS {
        return Err(format!(
            "--size must be 1..={MAX_SIZE} and --seconds 1..={MAX_SECONDS}"
        ));
    }
    if !(args.rate > 0.0 && args.think > 0.0) {
        return Err("--rate and --think must be positive".into());
    }
    Ok(args)
}

/// Open files wanted: a socket on each side for every simulated connection, with room to spare.
const WANTED_FILES: u64 = 1 << 20;

/// Raises this process's open-file limit (to [`WANTED_FILES`] where allowed, as for root, else
/// to the hard limit); the server, started from here, inherits it. Returns the new limit.
fn raise_nofile() -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit write to and read from the struct we own.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        let wanted = libc::rlimit {
            rlim_cur: WANTED_FILES.max(lim.rlim_max),
            rlim_max: WANTED_FILES.max(lim.rlim_max),
        };
        if libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) == 0 {
            return wanted.rlim_cur;
        }
        lim.rlim_cur = lim.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
    }
    lim.rlim_cur
}

pub async fn start_server(backend: Backend) -> Server {
    Server::start_with(backend, SERVER_ENV).await
}

/// Runs the scenario, adds the generator's and server's CPU share, writes the report.
async fn run(args: Args) -> Result<Value, String> {
    let recorder = metrics::Recorder::new();
    let mut result = match args.scenario.as_str() {
        "idle" => sockets::idle(&args, &recorder).await,
        "reconnect" => sockets::reconnect(&args, &recorder).await,
        "fanout" => traffic::fanout(&args, &recorder).await,
        "office" => traffic::office(&args, &recorder).await,
        "history" => scenarios::history(&args, &recorder).await,
        "bigfile" => scenarios::bigfile(&args, &recorder).await,
        "start" => scenarios::start(&args, &recorder).await,
        "backup" => backups::backup(&args, &recorder).await,
        other => return Err(format!("unknown scenario {other}")),
    };
    let summary = recorder.summary();
    for key in ["latencies", "errors", "series"] {
        result[key] = summary[key].clone();
    }
    let series = summary["series"].as_array().cloned().unwrap_or_default();
    let peak = series
        .iter()
        .filter_map(|p| p["server_rss_kib"].as_u64())
        .max();
    let server_cpu = series
        .iter()
        .filter_map(|p| p["server_cpu_s"].as_f64())
        .fold(0.0, f64::max);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let wall = recorder.start.elapsed().as_secs_f64();
    let own_cpu = metrics::cpu_seconds("/proc/self/stat");
    result["figures"]["server_rss_peak_kib"] = serde_json::json!(peak);
    result["figures"]["server_cpu_s"] = serde_json::json!(server_cpu);
    // Share of the whole machine the generator itself used (seeding included).
    result["figures"]["generator_cpu_pct"] = serde_json::json!(100.0 * own_cpu / wall / cores);
    report::write(&args, result)
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&argv) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("{e}\nusage: {}", USAGE);
            std::process::exit(2);
        }
    };
    // SAFETY: no other thread exists yet to read the environment while it changes.
    unsafe { std::env::set_var("HEARTH_PG_DURABLE", "1") };
    let nofile = raise_nofile();
    eprintln!("open-file limit {nofile}");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let deadline = Duration::from_secs(args.seconds * 4 + 1800);
    let outcome = runtime.block_on(async { tokio::time::timeout(deadline, run(args)).await });
    match outcome {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
        Err(_) => {
            eprintln!("the run passed its time bound");
            std::process::exit(1);
        }
    }
}

const USAGE: &str = "hearth-load <idle|reconnect|fanout|office|history|bigfile|start|backup> \
[--db sqlite|postgres] [--size N] [--seconds S] [--rate POSTS_PER_S] [--think MEAN_S] [--out DIR]";

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_e2e::fixtures;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_flags_and_refuses_unbounded_runs() {
        let a = parse(&argv(
            "fanout --db postgres --size 10 --seconds 5 --rate 50",
        ))
        .unwrap();
        assert_eq!(
            (a.backend, a.size, a.seconds, a.rate),
            (Backend::Postgres, 10, 5, 50.0)
        );
        assert!(parse(&argv("idle --size 0")).is_err());
        assert!(parse(&argv("idle --seconds 999999")).is_err());
        assert!(parse(&argv("idle --db mysql")).is_err());
    }

    /// A seconds-long fan-out on SQLite: the generator posts, every member's socket sees each
    /// post, and the report lands on disk.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fanout_smoke_run() {
        let out = tempfile::tempdir().unwrap();
        let mut args = parse(&argv("fanout --size 3 --seconds 1 --rate 20")).unwrap();
        args.out = out.path().into();
        let result = run(args).await.unwrap();
        let posts = result["latencies"]["api:create_post"]["count"]
            .as_u64()
            .unwrap();
        assert!(posts >= 5, "{result}");
        assert_eq!(result["figures"]["deliveries"], posts * 3, "{result}");
        let files: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
        assert_eq!(files.len(), 2, "a JSON report and an SVG chart");
    }

    /// Posts written in bulk read back through the API as posted ones do: the channel's counts,
    /// an author's unread count, paging with `before=`, a thread, a search, and a post made
    /// through the API afterwards coming first.
    async fn bulk_posts_read_like_posted_ones(backend: Backend) {
        let server = start_server(backend).await;
        let office = fixtures::office(&server).await;
        let authors = seed::users(&server, &office, "author", 3).await;
        let channel = seed::channel(&office, "history", &authors).await;
        let seeded = 2 * seed::THREAD_SPAN + 500;
        seed::posts(&server, &authors, &channel, seeded).await;
        let posted = fixtures::post(&authors[0], &channel, "after the seed", "").await;
        let admin = &office.admin;

        let counts = format!("/api/v4/channels/{channel}");
        let counts = admin.get(&counts).await.expect(200);
        // Posts 1009, 1019, ... 2499 are replies.
        assert_eq!(counts["total_msg_count"], seeded + 1);
        assert_eq!(counts["total_msg_count_root"], seeded + 1 - 150);
        // Author 2 wrote post 2498 last; 2499 and the posted one came after.
        let unread = format!("/api/v4/users/me/channels/{channel}/unread");
        assert_eq!(authors[2].get(&unread).await.expect(200)["msg_count"], 2);

        let mut pages: Vec<Value> = Vec::new();
        let mut before = String::new();
        loop {
            let path = format!("/api/v4/channels/{channel}/posts?per_page=200&before={before}");
            let page = admin.get(&path).await.expect(200);
            let order = page["order"].as_array().unwrap().clone();
            let Some(oldest) = order.last() else { break };
            before = oldest.as_str().unwrap().to_owned();
            pages.extend(
                order
                    .iter()
                    .map(|id| page["posts"][id.as_str().unwrap()].clone()),
            );
        }
        assert_eq!(pages.len(), seeded + 1);
        assert_eq!(pages[0]["id"], posted["id"]);
        assert!(
            pages
                .windows(2)
                .all(|w| w[0]["create_at"].as_i64() > w[1]["create_at"].as_i64())
        );
        let mut ids: Vec<&str> = pages.iter().map(|p| p["id"].as_str().unwrap()).collect();
        assert!(ids.iter().all(|id| hearth::model::is_valid_id(id)));
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), seeded + 1, "ids are unique");
        let numbered = |n: usize| {
            let end = format!(" number {n}");
            pages
                .iter()
                .find(|p| p["message"].as_str().unwrap().ends_with(&end))
                .unwrap()
                .clone()
        };
        assert_eq!(numbered(17)["message"], "roadmap roadmap budget number 17");

        let (root, reply) = (numbered(0), numbered(1009));
        assert_eq!(reply["root_id"], root["id"]);
        let thread = format!("/api/v4/posts/{}/thread", fixtures::id(&reply));
        let thread = admin.get(&thread).await.expect(200);
        assert_eq!(thread["order"].as_array().unwrap().len(), 101);
        assert_eq!(thread["posts"][fixtures::id(&root)]["reply_count"], 100);

        let search = format!("/api/v4/teams/{}/posts/search", office.team_id);
        let body = serde_json::json!({"terms": "1234", "is_or_search": false});
        let found = admin.post(&search, body).await.expect(200);
        assert_eq!(found["order"], serde_json::json!([numbered(1234)["id"]]));
    }

    hearth_e2e::on_each_backend!(bulk_posts_read_like_posted_ones);
}
