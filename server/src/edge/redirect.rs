//! Plain HTTP (port 80) sends browsers to HTTPS: a permanent redirect to the same host and path
//! on the HTTPS port, so a typed `chat.office.lan` ends up on the secure site. With ACME it also
//! answers the HTTP-01 challenges that prove the domain is ours, and with the local CA it serves
//! the CA's root, which a phone must fetch before it trusts the HTTPS site.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::acme::Challenges;

/// Where a plain-HTTP request for `host` and `uri` belongs. `https_port` 443 is left out of the
/// URL. `None` without a usable host.
pub fn https_location(host: &str, uri: &Uri, https_port: u16) -> Option<String> {
    let name = match host.rsplit_once(':') {
        // An IPv6 literal keeps its brackets; a trailing `:port` goes.
        Some((name, port)) if !port.contains(']') && port.chars().all(|c| c.is_ascii_digit()) => {
            name
        }
        _ => host,
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._[]:".contains(c));
    if !valid {
        return None;
    }
    let port = if https_port == 443 {
        String::new()
    } else {
        format!(":{https_port}")
    };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    Some(format!("https://{name}{port}{path}"))
}

/// The port-80 service: ACME HTTP-01 answers when `challenges` is given, the local CA's root
/// when `root_pem` is, redirects otherwise.
pub fn router(https_port: u16, challenges: Option<Challenges>, root_pem: Option<String>) -> Router {
    let mut router = Router::new().fallback(move |headers: HeaderMap, uri: Uri| async move {
        redirect(&headers, &uri, https_port)
    });
    if let Some(root) = root_pem {
        router = router.merge(super::root_download(root));
    }
    match challenges {
        Some(challenges) => router.route(
            "/.well-known/acme-challenge/{token}",
            get(move |Path(token): Path<String>| async move {
                match challenges.answer(&token) {
                    Some(answer) => (StatusCode::OK, answer).into_response(),
                    None => StatusCode::NOT_FOUND.into_response(),
                }
            }),
        ),
        None => router,
    }
}

fn redirect(headers: &HeaderMap, uri: &Uri, https_port: u16) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    match https_location(host, uri, https_port) {
        Some(location) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        None => (
            StatusCode::BAD_REQUEST,
            "This server only answers over HTTPS.",
        )
            .into_response(),
    }
}

/// Serves `router` (redirects to HTTPS, ACME answers) as plain HTTP on `addr` in the background.
pub async fn start(addr: &str, router: Router) -> Result<(), super::EdgeError> {
    let addr = crate::config::bind_address(addr);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|source| super::EdgeError::File {
            path: addr.clone().into(),
            source,
        })?;
    if let Ok(local) = listener.local_addr() {
        println!("redirecting http on {local}");
    }
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "the port-80 listener stopped");
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_keep_host_and_path() {
        let uri: Uri = "/team/channels/town-square?x=1".parse().unwrap();
        assert_eq!(
            https_location("chat.office.lan:80", &uri, 443).as_deref(),
            Some("https://chat.office.lan/team/channels/town-square?x=1")
        );
        assert_eq!(
            https_location("[fd00::1]", &"/".parse().unwrap(), 8443).as_deref(),
            Some("https://[fd00::1]:8443/")
        );
        assert_eq!(https_location("evil.com/x", &uri, 443), None);
        assert_eq!(https_location("", &uri, 443), None);
    }
}
