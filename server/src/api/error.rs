//! Turns [`app::Error`](crate::app::Error) into Mattermost's error JSON, in one place:
//! `{id, message, detailed_error, request_id, status_code, is_oauth}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::app::{Error, ErrorKind};

tokio::task_local! {
    /// The id of the request being served, set by the request-id middleware.
    pub static REQUEST_ID: String;
}

pub fn current_request_id() -> String {
    REQUEST_ID.try_with(Clone::clone).unwrap_or_default()
}

pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::NotImplemented => StatusCode::NOT_IMPLEMENTED,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The JSON error body for `status`.
pub fn error_response(status: StatusCode, id: &str, message: &str) -> Response {
    let body = json!({
        "id": id,
        "message": message,
        "detailed_error": "",
        "request_id": current_request_id(),
        "status_code": status.as_u16(),
        "is_oauth": false,
    });
    (status, axum::Json(body)).into_response()
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = status_of(self.kind);
        if status.is_server_error() {
            tracing::error!(id = self.id, detail = %self.detail, "request failed");
        } else if !self.detail.is_empty() {
            tracing::debug!(id = self.id, detail = %self.detail, "request rejected");
        }
        error_response(status, self.id, &self.message)
    }
}
