//! What a load run measures: latency histograms per operation (HdrHistogram, microseconds),
//! error counts, and a once-a-second series of p99 latencies, server memory and CPU use.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde_json::{Value, json};

/// Latencies are kept up to one minute with three significant digits.
const MAX_MICROS: u64 = 60_000_000;

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_MICROS, 3).expect("valid bounds")
}

#[derive(Default)]
struct Inner {
    /// Whole-run latencies per operation (`api:create_post`, `delivery`, ...) and per kind
    /// (`api`: every `api:*` operation).
    totals: BTreeMap<String, Histogram<u64>>,
    /// This second's latencies per kind (the name before `:`), for the series.
    window: BTreeMap<String, Histogram<u64>>,
    errors: BTreeMap<String, u64>,
    series: Vec<Value>,
}

/// Shared by every simulated user of a run.
#[derive(Clone)]
pub struct Recorder {
    pub start: Instant,
    inner: Arc<Mutex<Inner>>,
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder {
            start: Instant::now(),
            inner: Arc::default(),
        }
    }

    /// Records one latency of operation `name`.
    pub fn record(&self, name: &str, took: Duration) {
        let micros = (took.as_micros() as u64).clamp(1, MAX_MICROS);
        let kind = name.split(':').next().unwrap_or(name);
        let mut inner = self.inner.lock().expect("recorder lock");
        let total = inner
            .totals
            .entry(name.to_owned())
            .or_insert_with(histogram);
        total.saturating_record(micros);
        if kind != name {
            let all = inner
                .totals
                .entry(kind.to_owned())
                .or_insert_with(histogram);
            all.saturating_record(micros);
        }
        let window = inner
            .window
            .entry(kind.to_owned())
            .or_insert_with(histogram);
        window.saturating_record(micros);
    }

    pub fn error(&self, name: &str) {
        *self
            .inner
            .lock()
            .expect("recorder lock")
            .errors
            .entry(name.to_owned())
            .or_default() += 1;
    }

    /// How many errors of `name` were recorded.
    pub fn count_errors(&self, name: &str) -> u64 {
        let inner = self.inner.lock().expect("recorder lock");
        inner.errors.get(name).copied().unwrap_or(0)
    }

    /// How many latencies of `name` were recorded.
    pub fn count(&self, name: &str) -> u64 {
        let inner = self.inner.lock().expect("recorder lock");
        inner.totals.get(name).map_or(0, |h| h.len())
    }

    /// p99 of `name` in milliseconds over the whole run so far.
    pub fn p99_ms(&self, name: &str) -> Option<f64> {
        let inner = self.inner.lock().expect("recorder lock");
        inner
            .totals
            .get(name)
            .map(|h| h.value_at_quantile(0.99) as f64 / 1000.0)
    }

    /// Samples the server `pid` once a second until the returned handle is aborted: its
    /// resident memory and CPU, and this second's p99 per kind.
    pub fn sample_every_second(&self, pid: u32) -> tokio::task::JoinHandle<()> {
        let recorder = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                recorder.sample(pid);
            }
        })
    }

    fn sample(&self, pid: u32) {
        let mut point = json!({
            "t_s": self.start.elapsed().as_secs_f64(),
            "server_rss_kib": rss_kib(pid),
            "server_cpu_s": cpu_seconds(&format!("/proc/{pid}/stat")),
        });
        let mut inner = self.inner.lock().expect("recorder lock");
        for (kind, h) in std::mem::take(&mut inner.window) {
            point[format!("{kind}_p99_ms")] = json!(h.value_at_quantile(0.99) as f64 / 1000.0);
            point[format!("{kind}_per_s")] = json!(h.len());
        }
        inner.series.push(point);
    }

    /// The whole run: per-operation count, p50, p99 and max in milliseconds, errors, series.
    pub fn summary(&self) -> Value {
        let inner = self.inner.lock().expect("recorder lock");
        let ms = |v: u64| v as f64 / 1000.0;
        let latencies: serde_json::Map<String, Value> = inner
            .totals
            .iter()
            .map(|(name, h)| {
                let stats = json!({
                    "count": h.len(),
                    "p50_ms": ms(h.value_at_quantile(0.5)),
                    "p99_ms": ms(h.value_at_quantile(0.99)),
                    "max_ms": ms(h.max()),
                });
                (name.clone(), stats)
            })
            .collect();
        json!({
            "latencies": latencies,
            "errors": inner.errors,
            "series": inner.series,
        })
    }
}

/// `VmRSS` of process `pid` in KiB (0 once it is gone).
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// User plus system CPU seconds from a `/proc/<pid>/stat` file.
pub fn cpu_seconds(stat_path: &str) -> f64 {
    let stat = std::fs::read_to_string(stat_path).unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields
        .get(11..13)
        .map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum());
    // SAFETY: sysconf only reads a system constant.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1);
    ticks as f64 / per_second as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reports_quantiles_per_operation() {
        let r = Recorder::new();
        for ms in 1..=100 {
            r.record("api:get", Duration::from_millis(ms));
        }
        r.error("api:get");
        let s = r.summary();
        let get = &s["latencies"]["api:get"];
        assert_eq!(get["count"], 100);
        assert_eq!(s["latencies"]["api"]["count"], 100);
        assert!((get["p50_ms"].as_f64().unwrap() - 50.0).abs() < 0.5);
        assert!((get["max_ms"].as_f64().unwrap() - 100.0).abs() < 0.5);
        assert_eq!(s["errors"]["api:get"], 1);
    }

    #[test]
    fn reads_own_memory_and_cpu() {
        assert!(rss_kib(std::process::id()) > 0);
        assert!(cpu_seconds("/proc/self/stat") >= 0.0);
    }
}
