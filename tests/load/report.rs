//! Writing a run's results: `<out>/<scenario>-<db>-<timestamp>.json`, an SVG chart beside it
//! (p99 latency and server memory over time), and a summary table on standard output.

use std::fmt::Write as _;

use hearth_e2e::Backend;
use serde_json::{Value, json};

use crate::Args;
use crate::metrics::cpu_seconds;

pub fn write(args: &Args, mut result: Value) -> Result<Value, String> {
    let db = match args.backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let now = time::OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        now.year(),
        now.month() as u8,
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    result["scenario"] = json!(args.scenario);
    result["db"] = json!(db);
    result["size"] = json!(args.size);
    result["seconds"] = json!(args.seconds);
    result["started"] = json!(stamp);
    result["machine"] = json!({"cores": cores, "mem_total_kib": mem_total_kib()});
    result["generator_cpu_s"] = json!(cpu_seconds("/proc/self/stat"));
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let base = args.out.join(format!("{}-{db}-{stamp}", args.scenario));
    let json_path = base.with_extension("json");
    let text = serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?;
    std::fs::write(&json_path, text).map_err(|e| e.to_string())?;
    std::fs::write(base.with_extension("svg"), svg(&result)).map_err(|e| e.to_string())?;
    println!("{}", table(&result));
    println!("wrote {}", json_path.display());
    Ok(result)
}

fn mem_total_kib() -> u64 {
    let info = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    info.lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// One line per operation, then the scenario's own figures.
pub fn table(result: &Value) -> String {
    let mut out = format!(
        "{} on {} (size {})\n{:<28} {:>9} {:>9} {:>9} {:>9}\n",
        result["scenario"].as_str().unwrap_or_default(),
        result["db"].as_str().unwrap_or_default(),
        result["size"],
        "operation",
        "count",
        "p50 ms",
        "p99 ms",
        "max ms"
    );
    if let Some(latencies) = result["latencies"].as_object() {
        for (name, s) in latencies {
            let _ = writeln!(
                out,
                "{name:<28} {:>9} {:>9.2} {:>9.2} {:>9.2}",
                s["count"].as_u64().unwrap_or(0),
                s["p50_ms"].as_f64().unwrap_or(0.0),
                s["p99_ms"].as_f64().unwrap_or(0.0),
                s["max_ms"].as_f64().unwrap_or(0.0)
            );
        }
    }
    if let Some(figures) = result["figures"].as_object() {
        for (name, v) in figures {
            let _ = match v.as_f64() {
                Some(f) if !v.is_u64() => writeln!(out, "{name:<28} {f:.2}"),
                _ => writeln!(out, "{name:<28} {v}"),
            };
        }
    }
    if let Some(errors) = result["errors"].as_object().filter(|e| !e.is_empty()) {
        let _ = writeln!(out, "errors: {}", Value::Object(errors.clone()));
    }
    out
}

const W: f64 = 720.0;
const H: f64 = 220.0;
const PAD: f64 = 48.0;

/// Two panels over seconds since start: p99 latencies per kind (ms), server RSS (MiB).
pub fn svg(result: &Value) -> String {
    let series = result["series"].as_array().cloned().unwrap_or_default();
    let mut kinds: Vec<String> = series
        .iter()
        .filter_map(|p| p.as_object())
        .flat_map(|p| {
            p.keys()
                .filter_map(|k| k.strip_suffix("_p99_ms"))
                .map(String::from)
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    let latency: Vec<(String, Vec<(f64, f64)>)> = kinds
        .iter()
        .map(|k| {
            (
                format!("{k} p99 ms"),
                points(&series, &format!("{k}_p99_ms"), 1.0),
            )
        })
        .collect();
    let memory = vec![(
        "server RSS MiB".to_owned(),
        points(&series, "server_rss_kib", 1.0 / 1024.0),
    )];
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{}" font-family="sans-serif" font-size="11">"#,
        2.0 * H
    );
    let title = format!(
        "{} on {}, size {}",
        result["scenario"], result["db"], result["size"]
    );
    panel(&mut out, 0.0, &title, &latency);
    panel(&mut out, H, "memory", &memory);
    out.push_str("</svg>\n");
    out
}

fn points(series: &[Value], key: &str, scale: f64) -> Vec<(f64, f64)> {
    series
        .iter()
        .filter_map(|p| Some((p["t_s"].as_f64()?, p[key].as_f64()? * scale)))
        .collect()
}

const COLOURS: [&str; 4] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

fn panel(out: &mut String, top: f64, title: &str, lines: &[(String, Vec<(f64, f64)>)]) {
    let all = lines.iter().flat_map(|(_, p)| p.iter());
    let (max_x, max_y) = all.fold((1.0f64, 1.0f64), |(x, y), (px, py)| {
        (x.max(*px), y.max(*py))
    });
    let (left, bottom, width, height) = (PAD, top + H - 24.0, W - PAD - 16.0, H - 56.0);
    let _ = write!(
        out,
        r##"<text x="{left}" y="{}" font-weight="bold">{}</text><rect x="{left}" y="{}" width="{width}" height="{height}" fill="none" stroke="#999"/><text x="4" y="{}">{max_y:.1}</text><text x="4" y="{bottom}">0</text><text x="{}" y="{}" text-anchor="end">{max_x:.0} s</text>"##,
        top + 16.0,
        escape(title),
        bottom - height,
        bottom - height + 10.0,
        left + width,
        bottom + 14.0
    );
    for (i, (name, pts)) in lines.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let path: Vec<String> = pts
            .iter()
            .map(|(x, y)| {
                format!(
                    "{:.1},{:.1}",
                    left + x / max_x * width,
                    bottom - y / max_y * height
                )
            })
            .collect();
        let _ = write!(
            out,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{}"/><text x="{}" y="{}" fill="{colour}">{}</text>"#,
            path.join(" "),
            left + 8.0 + 150.0 * i as f64,
            top + 32.0,
            escape(name)
        );
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_draws_each_kind_and_memory() {
        let result = json!({
            "scenario": "fanout", "db": "sqlite", "size": 10,
            "series": [
                {"t_s": 1.0, "api_p99_ms": 3.0, "delivery_p99_ms": 5.0, "server_rss_kib": 2048},
                {"t_s": 2.0, "api_p99_ms": 4.0, "delivery_p99_ms": 6.0, "server_rss_kib": 4096},
            ],
        });
        let chart = svg(&result);
        assert_eq!(chart.matches("<polyline").count(), 3);
        assert!(chart.contains("delivery p99 ms") && chart.contains("server RSS MiB"));
    }
}
