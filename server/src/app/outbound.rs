//! Outbound HTTP: the requests Hearth makes to other servers, all with the same connect and total
//! timeouts, no redirects (a moved target is reconfigured, not chased to wherever it points) and
//! bounded reads. Webhooks and slash commands go through [`Outbound`], which also refuses the
//! loopback, private and link-local networks unless the admin allowed the host
//! (`ServiceSettings.AllowedUntrustedInternalConnections`), checked after DNS resolution. Push
//! deliveries use [`http_client`] and check their endpoints themselves (`notify/`).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{Client, Url, header};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest response body read from an integration.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;
/// Longest URL accepted for a callback.
pub const MAX_URL_CHARS: usize = 1024;

/// Why an outbound request failed (for logs).
#[derive(Debug, thiserror::Error)]
pub enum OutboundError {
    #[error("not an http or https URL")]
    BadUrl,
    #[error("address {0} is internal and not allowed")]
    Forbidden(IpAddr),
    #[error("request failed: {0}")]
    Http(#[from] reqwest::Error),
    #[error("response status {0}")]
    Status(u16),
    #[error("response larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
}

/// A request body.
pub enum Body {
    Json(serde_json::Value),
    /// `application/x-www-form-urlencoded` pairs.
    Form(Vec<(&'static str, String)>),
}

/// A response: its content type and (capped) body.
pub struct Reply {
    pub content_type: String,
    pub body: Vec<u8>,
}

/// The admin's exceptions to the internal-address rule: host names and IP ranges.
#[derive(Debug, Default, Clone)]
struct Allowed {
    hosts: Vec<String>,
    nets: Vec<(IpAddr, u8)>,
}

impl Allowed {
    fn parse(setting: &str) -> Self {
        let mut allowed = Allowed::default();
        for entry in setting.split([' ', ',']).filter(|e| !e.is_empty()) {
            let (addr, bits) = entry.split_once('/').unwrap_or((entry, ""));
            match addr.parse::<IpAddr>() {
                Ok(ip) => {
                    let max = if ip.is_ipv4() { 32 } else { 128 };
                    let bits = bits.parse().unwrap_or(max).min(max);
                    allowed.nets.push((ip, bits));
                }
                Err(_) => allowed.hosts.push(entry.to_lowercase()),
            }
        }
        allowed
    }

    fn host(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    fn ip(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|&(net, bits)| in_net(ip, net, bits))
    }
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Loopback, private, link-local, unspecified and similar addresses a server must not be
/// tricked into calling.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 0
                // 100.64.0.0/10, carrier-grade NAT.
                || (v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Resolves names, then drops internal addresses the admin did not allow.
struct GuardedResolver(Arc<Allowed>);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.0.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| !is_internal(a.ip()) || allowed.host(&host) || allowed.ip(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(format!("{host} resolves to no allowed address").into());
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// The shared outbound client.
pub struct Outbound {
    client: Client,
    allowed: Arc<Allowed>,
}

/// Checks that `url` is an absolute `http`/`https` URL of bounded length.
pub fn parse_url(url: &str) -> Option<Url> {
    if url.chars().count() > MAX_URL_CHARS {
        return None;
    }
    let parsed = Url::parse(url).ok()?;
    (matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some()).then_some(parsed)
}

/// The settings every outbound client shares.
fn builder() -> reqwest::ClientBuilder {
    Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("hearth/", env!("CARGO_PKG_VERSION")))
}

/// The client for push deliveries (push services and push proxies).
pub fn http_client() -> Client {
    builder()
        .build()
        .expect("the HTTP client configuration is valid")
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

impl Outbound {
    pub fn new(allowed_internal: &str) -> Self {
        let allowed = Arc::new(Allowed::parse(allowed_internal));
        let client = builder()
            .dns_resolver(Arc::new(GuardedResolver(allowed.clone())))
            .build()
            .expect("the HTTP client configuration is valid");
        Self { client, allowed }
    }

    /// A URL we may call: http(s), and an IP literal host only if public or allowed (names are
    /// checked when resolved).
    fn checked(&self, url: &str) -> Result<Url, OutboundError> {
        let url = parse_url(url).ok_or(OutboundError::BadUrl)?;
        let host = url.host_str().unwrap_or_default();
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = literal.parse::<IpAddr>()
            && is_internal(ip)
            && !self.allowed.ip(ip)
            && !self.allowed.host(host)
        {
            return Err(OutboundError::Forbidden(ip));
        }
        Ok(url)
    }

    /// POSTs `body` with the given extra headers.
    pub async fn post(
        &self,
        url: &str,
        body: Body,
        headers: &[(header::HeaderName, String)],
    ) -> Result<Reply, OutboundError> {
        let url = self.checked(url)?;
        let mut request = self
            .client
            .post(url)
            .header(header::ACCEPT, "application/json");
        request = match body {
            Body::Json(value) => request.json(&value),
            Body::Form(pairs) => request
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(serde_urlencoded::to_string(pairs).unwrap_or_default()),
        };
        for (name, value) in headers {
            request = request.header(name, value);
        }
        read_reply(request.send().await?).await
    }

    /// GETs `url` with `query` appended.
    pub async fn get(
        &self,
        url: &str,
        query: Vec<(&'static str, String)>,
        headers: &[(header::HeaderName, String)],
    ) -> Result<Reply, OutboundError> {
        let mut url = self.checked(url)?;
        url.query_pairs_mut().extend_pairs(query);
        let mut request = self
            .client
            .get(url)
            .header(header::ACCEPT, "application/json");
        for (name, value) in headers {
            request = request.header(name, value);
        }
        read_reply(request.send().await?).await
    }
}

/// Reads a successful response's body, stopping at [`MAX_RESPONSE_BYTES`].
async fn read_reply(mut response: reqwest::Response) -> Result<Reply, OutboundError> {
    if !response.status().is_success() {
        return Err(OutboundError::Status(response.status().as_u16()));
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(OutboundError::TooLarge);
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(OutboundError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply { content_type, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.169.254",
            "::1",
            "fd00::1",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "2001:4860:4860::8888"] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn allowed_ranges_and_hosts() {
        let allowed = Allowed::parse("10.0.0.0/8 localhost 127.0.0.1");
        assert!(allowed.ip("10.9.9.9".parse().unwrap()));
        assert!(!allowed.ip("11.0.0.1".parse().unwrap()));
        assert!(allowed.ip("127.0.0.1".parse().unwrap()));
        assert!(!allowed.ip("127.0.0.2".parse().unwrap()));
        assert!(allowed.host("LOCALHOST"));
    }

    #[test]
    fn only_http_urls() {
        assert!(parse_url("https://example.com/x").is_some());
        assert!(parse_url("ftp://example.com/x").is_none());
        assert!(parse_url("file:///etc/passwd").is_none());
        assert!(parse_url("not a url").is_none());
    }
}
