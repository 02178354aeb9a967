//! HTTP: Mattermost v4 routes under `/api/v4`, one module per resource. Handlers decode, check who
//! is calling, call the app, and serialise. Cross-cutting layers live here: request ids, the
//! `X-Version-Id` header, body size limits, panics and non-JSON errors turned into Mattermost's shape.

mod access_tokens;
mod bots;
mod categories;
mod channel_members;
mod channel_queries;
mod channels;
mod commands;
mod config;
mod directory;
mod error;
pub mod extract;
mod file_responses;
mod files;
mod guests;
mod hearth_appliance;
mod hearth_notify;
mod mfa;
mod posts;
mod preferences;
mod profile_images;
mod reactions;
mod roles;
mod search;
mod sessions;
mod status;
mod system;
mod team_members;
mod teams;
mod uploads;
mod users;
mod webhooks;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

pub use error::{REQUEST_ID, current_request_id, error_response, status_of};

use crate::app::AppState;
use crate::model::new_id;

/// The whole HTTP application.
pub fn router(app: AppState) -> Router {
    let body_limit = app.config().service_settings.maximum_payload_size_bytes;
    let api = Router::new()
        .merge(system::router())
        .merge(config::router())
        .merge(users::router())
        .merge(profile_images::router())
        .merge(directory::router())
        .merge(sessions::router())
        .merge(mfa::router())
        .merge(roles::router())
        .merge(teams::router())
        .merge(team_members::router())
        .merge(channels::router())
        .merge(channel_queries::router())
        .merge(channel_members::router())
        .merge(categories::router())
        .merge(guests::router())
        .merge(posts::router())
        .merge(search::router())
        .merge(reactions::router())
        .merge(preferences::router())
        .merge(status::router())
        .merge(access_tokens::router())
        .merge(bots::router())
        .merge(webhooks::router())
        .merge(commands::router())
        .merge(files::router())
        .merge(uploads::router())
        .merge(hearth_appliance::router())
        .merge(hearth_notify::router())
        .merge(crate::ws::router());
    Router::new()
        .nest("/api/v4", api)
        .merge(webhooks::public_router())
        .merge(files::public_router())
        .fallback_service(crate::web::router())
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(CatchPanicLayer::custom(|_| {
            error_response(StatusCode::INTERNAL_SERVER_ERROR, "api.panic.app_error", "Internal error.")
        }))
        .layer(middleware::from_fn(read_small_body))
        .layer(middleware::from_fn(mattermost_envelope))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
        }))
        .with_state(app)
}

/// Mattermost's answer to actions that return nothing else.
pub(crate) fn status_ok() -> extract::Json<serde_json::Value> {
    extract::Json(serde_json::json!({"status": "OK"}))
}

/// Unknown paths get Mattermost's 404, except paths with empty segments: Mattermost's router
/// redirects `/a//b` to `/a/b`, and clients depend on it (mattermostdriver asks for
/// `/posts/{id}//reactions`). We redirect with 308 so the method and body are kept.
pub(crate) async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    if path.contains("//") {
        let mut clean = String::with_capacity(path.len());
        for c in path.chars() {
            if !(c == '/' && clean.ends_with('/')) {
                clean.push(c);
            }
        }
        if let Some(query) = uri.query() {
            clean = format!("{clean}?{query}");
        }
        if let Ok(location) = HeaderValue::from_str(&clean) {
            let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
            response.headers_mut().insert(header::LOCATION, location);
            return response;
        }
    }
    crate::app::Error::new(
        crate::app::ErrorKind::NotFound,
        "api.context.404.app_error",
        "Sorry, we could not find the page.",
    )
    .into_response()
}

/// Bodies up to this size are read before the handler runs.
const SMALL_BODY: u64 = 64 * 1024;

/// Reads a small request body in full before the handler runs, as Go's server drains unread
/// bodies. Many handlers ignore the body (every GET), but clients send one anyway
/// (mattermostdriver sends `{}` with every GET and DELETE); if it is still unread when the
/// response goes out, hyper closes the connection, and a client that reuses it (following a
/// redirect, or from its pool) fails with "connection closed". Larger bodies stay streamed.
async fn read_small_body(request: Request, next: Next) -> Response {
    let small = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|len| len > 0 && len <= SMALL_BODY);
    if !small {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, SMALL_BODY as usize).await {
        Ok(bytes) => next.run(Request::from_parts(parts, bytes.into())).await,
        Err(_) => error_response(
            StatusCode::BAD_REQUEST,
            "api.context.invalid_body_param.app_error",
            "The request body could not be read.",
        ),
    }
}

/// Gives every request an id, stamps the version header, and turns any error response that is not
/// already JSON (405, timeouts) into Mattermost's error shape.
async fn mattermost_envelope(request: Request, next: Next) -> Response {
    let request_id = new_id();
    let mut response = REQUEST_ID
        .scope(request_id.clone(), next.run(request))
        .await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let message = status.canonical_reason().unwrap_or("Error");
        response = REQUEST_ID
            .scope(request_id.clone(), async {
                error_response(status, "api.context.http_error", message)
            })
            .await;
    }
    let headers = response.headers_mut();
    headers.insert(
        "x-request-id",
        HeaderValue::from_str(&request_id).expect("id is ascii"),
    );
    headers.insert("x-version-id", HeaderValue::from_static(VERSION_ID));
    response
}

/// `X-Version-Id` as Mattermost formats it: version, build number, config hash, licensed flag.
/// Keep in step with [`MATTERMOST_VERSION`] (a unit test checks).
pub const VERSION_ID: &str = "10.11.0.hearth.0.false";

#[cfg(test)]
mod tests {
    #[test]
    fn version_header_matches_version() {
        assert!(super::VERSION_ID.starts_with(crate::config::MATTERMOST_VERSION));
    }
}
