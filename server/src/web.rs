//! The web client: serves the built `ui/` at every path the API does not own. Files under
//! `/assets/` have content hashes in their names and are cached for a year; any other path that
//! is not a file gets `index.html`, so the client's own routes (`/team/channels/town-square`)
//! load on reload and from links. Release builds carry the files inside the binary; debug builds
//! read `ui/dist` from disk, so a rebuilt client shows without rebuilding the server.
//!
//! The page is served with a strict Content-Security-Policy: only the client's own scripts run,
//! whatever a message or file contains.

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use tower_http::compression::CompressionLayer;

#[derive(RustEmbed)]
#[folder = "../ui/dist"]
struct Assets;

/// Scripts and styles from this origin only; images and media also from blob: (previews of
/// files being attached) and data: (QR codes); connections to this origin's API and WebSocket.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; \
    font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

/// The fallback service of the whole HTTP application.
pub fn router() -> Router {
    Router::new().fallback(serve).layer(CompressionLayer::new())
}

async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if !matches!(method, Method::GET | Method::HEAD) || path.starts_with("/api/") {
        return crate::api::not_found(uri).await;
    }
    let name = path.trim_start_matches('/');
    if let Some(file) = Assets::get(name).filter(|_| !name.is_empty()) {
        return file_response(name, file, &headers);
    }
    // A missing file (a name with an extension) is a 404, not the page: a stale script
    // reference must fail visibly rather than run HTML as JavaScript.
    let last = name.rsplit('/').next().unwrap_or_default();
    if last.contains('.') || path.contains("//") {
        return crate::api::not_found(uri).await;
    }
    match Assets::get("index.html") {
        Some(page) => page_response(page, &headers),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The web client is not built. Run `npm ci && npm run build` in ui/, then reload.",
        )
            .into_response(),
    }
}

fn etag(file: &rust_embed::EmbeddedFile) -> String {
    let hash = file.metadata.sha256_hash();
    format!("\"{}\"", hex16(&hash))
}

fn hex16(bytes: &[u8]) -> String {
    bytes[..16].iter().map(|b| format!("{b:02x}")).collect()
}

fn not_modified(tag: &str, headers: &HeaderMap) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag))
}

fn file_response(name: &str, file: rust_embed::EmbeddedFile, headers: &HeaderMap) -> Response {
    let tag = etag(&file);
    let cache = if name.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = if not_modified(&tag, headers) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mime = file.metadata.mimetype().to_owned();
        // Release builds borrow the bytes from the binary: serve them without copying.
        let body = match file.data {
            std::borrow::Cow::Borrowed(bytes) => bytes::Bytes::from_static(bytes),
            std::borrow::Cow::Owned(bytes) => bytes::Bytes::from(bytes),
        };
        let mut r = body.into_response();
        insert(&mut r, header::CONTENT_TYPE, &mime);
        r
    };
    insert(&mut response, header::CACHE_CONTROL, cache);
    insert(&mut response, header::ETAG, &tag);
    insert(&mut response, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    response
}

fn page_response(page: rust_embed::EmbeddedFile, headers: &HeaderMap) -> Response {
    let mut response = file_response("index.html", page, headers);
    insert(&mut response, header::CONTENT_SECURITY_POLICY, CSP);
    insert(&mut response, header::X_FRAME_OPTIONS, "DENY");
    insert(&mut response, header::REFERRER_POLICY, "same-origin");
    response
}

fn insert(response: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, v);
    }
}
