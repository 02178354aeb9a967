//! Forwarding one request to a node and its answer back, both bodies streamed (never buffered),
//! with `X-Forwarded-*` set, hop-by-hop headers dropped, the body size limited, and WebSocket
//! upgrades joined end to end. Each request is logged in Common Log Format.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use hyper_util::rt::TokioIo;

use super::Proxy;

/// Headers that describe one connection and must not be passed on (RFC 9110, 7.6.1).
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
];

fn is_upgrade(headers: &HeaderMap) -> bool {
    headers.contains_key(header::UPGRADE)
        && headers
            .get(header::CONNECTION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(',')
                    .any(|t| t.trim().eq_ignore_ascii_case("upgrade"))
            })
}

fn strip_hop_by_hop(headers: &mut HeaderMap, keep_upgrade: bool) {
    for name in HOP_BY_HOP {
        if keep_upgrade && name == "connection" {
            continue;
        }
        headers.remove(name);
    }
    if !keep_upgrade {
        headers.remove(header::UPGRADE);
    }
}

/// Adds the client's address to `X-Forwarded-For` and says which host and scheme it asked for.
fn set_forwarded(headers: &mut HeaderMap, peer: SocketAddr, proto: &'static str) {
    let chain = match headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
        Some(earlier) => format!("{earlier}, {}", peer.ip()),
        None => peer.ip().to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&chain) {
        headers.insert(HeaderName::from_static("x-forwarded-for"), v);
    }
    headers.insert(
        HeaderName::from_static("x-forwarded-proto"),
        HeaderValue::from_static(proto),
    );
    if let Some(host) = headers.get(header::HOST).cloned() {
        headers.insert(HeaderName::from_static("x-forwarded-host"), host);
    }
}

fn plain_error(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

pub async fn forward(
    State(proxy): State<Arc<Proxy>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
) -> Response {
    let started = Instant::now();
    let (method, path, version) = (
        request.method().clone(),
        request.uri().to_string(),
        request.version(),
    );
    let response = relay(&proxy, peer, &mut request).await;
    // Common Log Format, with the time taken; never the query's tokens beyond what the path holds.
    tracing::info!(
        target: "hearth::edge::access",
        "{} - - [{}] \"{} {} {:?}\" {} {} {}ms",
        peer.ip(),
        time::OffsetDateTime::now_utc(),
        method,
        path.split('?').next().unwrap_or_default(),
        version,
        response.status().as_u16(),
        response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-"),
        started.elapsed().as_millis()
    );
    response
}

/// The request to send `node`: the client's method, path and headers (less hop-by-hop ones,
/// plus `X-Forwarded-*`), and its body streamed through, cut off past the size limit.
fn outbound_request(
    proxy: &Proxy,
    peer: SocketAddr,
    request: &Request,
    node: &str,
    upgrade: bool,
    body: Option<Body>,
) -> Option<Request> {
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let uri = format!("{node}{path}").parse::<Uri>().ok()?;
    let limited =
        http_body_util::Limited::new(body.unwrap_or_default(), proxy.max_body_bytes as usize);
    let mut outbound = Request::new(Body::new(limited.map_err(axum::Error::new)));
    *outbound.method_mut() = request.method().clone();
    *outbound.uri_mut() = uri;
    *outbound.headers_mut() = request.headers().clone();
    strip_hop_by_hop(outbound.headers_mut(), upgrade);
    set_forwarded(outbound.headers_mut(), peer, proxy.scheme);
    Some(outbound)
}

async fn relay(proxy: &Proxy, peer: SocketAddr, request: &mut Request) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|len| len > proxy.max_body_bytes) {
        return plain_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request body is larger than this server accepts.",
        );
    }
    let upgrade = is_upgrade(request.headers());
    let client_side = upgrade.then(|| hyper::upgrade::on(&mut *request));
    // A request without a body can go to another node when the first cannot be reached.
    let bodiless = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && declared.unwrap_or(0) == 0
        && !request.headers().contains_key(header::TRANSFER_ENCODING);
    let attempts = if bodiless { 2 } else { 1 };
    let mut body = Some(std::mem::replace(request.body_mut(), Body::empty()));
    let mut answer = None;
    for _ in 0..attempts {
        let Some(node) = proxy.upstreams.pick() else {
            return plain_error(
                StatusCode::BAD_GATEWAY,
                "No Hearth node is answering. Check that the nodes run.",
            );
        };
        let Some(outbound) =
            outbound_request(proxy, peer, request, &node.base, upgrade, body.take())
        else {
            return plain_error(StatusCode::BAD_REQUEST, "Bad request path.");
        };
        match tokio::time::timeout(proxy.response_timeout, proxy.client.request(outbound)).await {
            Ok(Ok(a)) => {
                answer = Some(a);
                break;
            }
            Ok(Err(e)) if e.is_connect() => node.mark_down(&format!("connecting failed: {e}")),
            Ok(Err(e)) => {
                tracing::warn!(node = %node.base, error = %e, "forwarding failed");
                return plain_error(
                    StatusCode::BAD_GATEWAY,
                    "The Hearth node did not answer. Try again.",
                );
            }
            Err(_) => {
                return plain_error(
                    StatusCode::GATEWAY_TIMEOUT,
                    "The Hearth node took too long to answer.",
                );
            }
        }
    }
    let Some(mut answer) = answer else {
        return plain_error(
            StatusCode::BAD_GATEWAY,
            "The Hearth node did not answer. Try again.",
        );
    };
    if answer.status() == StatusCode::SWITCHING_PROTOCOLS
        && let Some(client_side) = client_side
    {
        let node_side = hyper::upgrade::on(&mut answer);
        tokio::spawn(async move {
            match tokio::try_join!(client_side, node_side) {
                Ok((client, node)) => {
                    let _ = tokio::io::copy_bidirectional(
                        &mut TokioIo::new(client),
                        &mut TokioIo::new(node),
                    )
                    .await;
                }
                Err(e) => tracing::debug!(error = %e, "WebSocket upgrade through the edge failed"),
            }
        });
    }
    let keep_upgrade = answer.status() == StatusCode::SWITCHING_PROTOCOLS;
    strip_hop_by_hop(answer.headers_mut(), keep_upgrade);
    answer.map(Body::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_appends_and_hop_headers_go() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "10.0.0.1".parse().unwrap());
        h.insert(header::HOST, "chat.lan".parse().unwrap());
        h.insert(header::CONNECTION, "keep-alive".parse().unwrap());
        h.insert(header::TRANSFER_ENCODING, "chunked".parse().unwrap());
        set_forwarded(&mut h, "192.168.1.9:5555".parse().unwrap(), "https");
        strip_hop_by_hop(&mut h, false);
        assert_eq!(h["x-forwarded-for"], "10.0.0.1, 192.168.1.9");
        assert_eq!(h["x-forwarded-proto"], "https");
        assert_eq!(h["x-forwarded-host"], "chat.lan");
        assert!(!h.contains_key(header::CONNECTION) && !h.contains_key(header::TRANSFER_ENCODING));
    }

    #[test]
    fn upgrades_are_recognised() {
        let mut h = HeaderMap::new();
        h.insert(header::CONNECTION, "keep-alive, Upgrade".parse().unwrap());
        h.insert(header::UPGRADE, "websocket".parse().unwrap());
        assert!(is_upgrade(&h));
        h.remove(header::UPGRADE);
        assert!(!is_upgrade(&h));
    }
}
