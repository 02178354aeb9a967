//! Outbound HTTP: the one shared client (rustls) for requests Hearth makes to other servers (push
//! services, push proxies), with connect and total timeouts, no redirects, and bounded reads.

use std::time::Duration;

/// The client every outbound request uses. Redirects are not followed: a target that moves
/// must be reconfigured, not chased to wherever it points (which could be an internal address).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("hearth/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client's settings are valid")
}

/// Reads at most `max` bytes of a response body (the rest is dropped), as lossy text for logs.
pub async fn read_limited(mut response: reqwest::Response, max: usize) -> String {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = max.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= max {
            break;
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}
