//! The Hearth nodes behind the edge: round robin over the healthy ones, and a health check per
//! node (`GET /api/v4/system/ping` every two seconds) that takes a failed node out and puts it
//! back once it answers again.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{StatusCode, Uri};

use super::Client;

const CHECK_EVERY: Duration = Duration::from_secs(2);
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub struct Upstream {
    /// `http://host:port`, no trailing slash.
    pub base: String,
    healthy: AtomicBool,
}

impl Upstream {
    pub fn mark_down(&self, why: &str) {
        if self.healthy.swap(false, Ordering::Relaxed) {
            tracing::warn!(node = %self.base, why, "node taken out of rotation; it is checked every 2 s and comes back when /api/v4/system/ping answers");
        }
    }

    fn mark_up(&self) {
        if !self.healthy.swap(true, Ordering::Relaxed) {
            tracing::info!(node = %self.base, "node back in rotation");
        }
    }
}

pub struct Upstreams {
    nodes: Vec<Arc<Upstream>>,
    next: AtomicUsize,
}

impl Upstreams {
    /// All nodes start healthy; the first checks run at once.
    pub fn new(bases: &[String]) -> Upstreams {
        Upstreams {
            nodes: bases
                .iter()
                .map(|b| {
                    Arc::new(Upstream {
                        base: b.trim_end_matches('/').to_owned(),
                        healthy: AtomicBool::new(true),
                    })
                })
                .collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// The next healthy node in turn, `None` when every node is down.
    pub fn pick(&self) -> Option<Arc<Upstream>> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        (0..self.nodes.len())
            .map(|i| &self.nodes[(start + i) % self.nodes.len()])
            .find(|n| n.healthy.load(Ordering::Relaxed))
            .cloned()
    }

    /// Starts one health-check task per node.
    pub fn start_checks(&self, client: Client) {
        for node in &self.nodes {
            let (node, client) = (node.clone(), client.clone());
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(CHECK_EVERY);
                loop {
                    tick.tick().await;
                    match ping(&client, &node.base).await {
                        Ok(()) => node.mark_up(),
                        Err(why) => node.mark_down(&why),
                    }
                }
            });
        }
    }
}

async fn ping(client: &Client, base: &str) -> Result<(), String> {
    let uri: Uri = format!("{base}/api/v4/system/ping")
        .parse()
        .map_err(|e| format!("bad node address: {e}"))?;
    let request = axum::http::Request::get(uri)
        .body(Body::empty())
        .map_err(|e| e.to_string())?;
    match tokio::time::timeout(CHECK_TIMEOUT, client.request(request)).await {
        Ok(Ok(r)) if r.status() == StatusCode::OK => Ok(()),
        Ok(Ok(r)) => Err(format!("health check answered {}", r.status())),
        Ok(Err(e)) => Err(format!("health check failed: {e}")),
        Err(_) => Err("health check timed out".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_skips_nodes_that_are_down() {
        let ups = Upstreams::new(&["http://a".into(), "http://b/".into(), "http://c".into()]);
        let picks: Vec<String> = (0..3).map(|_| ups.pick().unwrap().base.clone()).collect();
        assert_eq!(picks, ["http://a", "http://b", "http://c"]);
        ups.nodes[1].mark_down("test");
        let picks: Vec<String> = (0..4).map(|_| ups.pick().unwrap().base.clone()).collect();
        assert!(!picks.contains(&"http://b".to_string()));
        for n in &ups.nodes {
            n.mark_down("test");
        }
        assert!(ups.pick().is_none());
    }
}
