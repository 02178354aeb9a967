//! Request extractors. A handler's signature states who may call it: [`Caller`] requires a valid
//! session (token header, bearer, `MMAUTHTOKEN` cookie with CSRF check, or `access_token` query).
//! [`Json`], [`Path`] and [`Query`] wrap axum's so that bad input becomes Mattermost's error shape.

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::de::DeserializeOwned;

use crate::app::{AppState, Caller, Error, ErrorKind};
use crate::model::is_valid_id;

pub const AUTH_COOKIE: &str = "MMAUTHTOKEN";
pub const CSRF_COOKIE: &str = "MMCSRF";
pub const USER_ID_COOKIE: &str = "MMUSERID";

/// JSON body, whatever the Content-Type says (Mattermost's scripts and bots often send none);
/// malformed JSON and wrong types become 400, oversized bodies 413.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Error::new(
                    ErrorKind::TooLarge,
                    "api.context.request_body_too_large.app_error",
                    "The request body is too large.",
                )
            } else {
                Error::bad_request("api.context.invalid_body_param.app_error", r.body_text())
            }
        })?;
        let invalid = |e: serde_json::Error| {
            Error::bad_request(
                "api.context.invalid_body_param.app_error",
                format!("The request body is not valid JSON of the expected shape: {e}"),
            )
        };
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).map_err(invalid)?;
        drop_null_fields(&mut value);
        serde_json::from_value(value).map(Json).map_err(invalid)
    }
}

/// Mattermost's server (Go) ignores a `null` field: the field keeps its default. Clients rely on
/// it: mattermostdriver's login sends `"token": null` when there is no MFA code, and bots send
/// `None` for fields they leave out. So `null` members of the body object, or of the objects in
/// a body list, count as absent. Deeper values (free-form `props`) are kept as sent.
fn drop_null_fields(value: &mut serde_json::Value) {
    use serde_json::Value;
    let drop = |v: &mut Value| {
        if let Value::Object(map) = v {
            map.retain(|_, field| !field.is_null());
        }
    };
    match value {
        Value::Array(items) => items.iter_mut().for_each(drop),
        other => drop(other),
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Error))]
pub struct Path<T>(pub T);

#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Error))]
pub struct Query<T>(pub T);

impl From<PathRejection> for Error {
    fn from(r: PathRejection) -> Self {
        Error::bad_request("api.context.invalid_url_param.app_error", r.body_text())
    }
}

impl From<QueryRejection> for Error {
    fn from(r: QueryRejection) -> Self {
        Error::bad_request("api.context.invalid_url_param.app_error", r.body_text())
    }
}

/// Where a request's token came from: cookie-borne tokens need CSRF protection.
enum TokenSource {
    Header,
    Cookie,
    Query,
}

fn find_token(parts: &Parts) -> Option<(String, TokenSource)> {
    if let Some(value) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let mut words = value.splitn(2, ' ');
        let scheme = words.next().unwrap_or_default();
        if let Some(token) = words.next()
            && (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
        {
            return Some((token.trim().to_owned(), TokenSource::Header));
        }
    }
    let jar = CookieJar::from_headers(&parts.headers);
    if let Some(cookie) = jar.get(AUTH_COOKIE) {
        return Some((cookie.value().to_owned(), TokenSource::Cookie));
    }
    let query = parts.uri.query().unwrap_or_default();
    query.split('&').find_map(|pair| {
        pair.strip_prefix("access_token=")
            .map(|t| (t.to_owned(), TokenSource::Query))
    })
}

/// A cookie-authenticated write must prove it comes from our own page: either the CSRF token from
/// the `MMCSRF` cookie echoed in `X-CSRF-Token`, or `X-Requested-With: XMLHttpRequest`, a header
/// another site cannot make a browser send without our CORS consent.
fn csrf_ok(parts: &Parts, caller: &Caller) -> bool {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    header("x-csrf-token") == caller.session.csrf_token
        || header("x-requested-with").eq_ignore_ascii_case("XMLHttpRequest")
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Error> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let Some((token, source)) = find_token(parts) else {
            return Err(Error::unauthorized(
                "api.context.session_expired.app_error",
                "Invalid or expired session, please login again.",
            ));
        };
        let caller = app.authenticate(&token).await?;
        if matches!(source, TokenSource::Cookie) && !csrf_ok(parts, &caller) {
            return Err(Error::unauthorized(
                "api.context.session_expired.app_error",
                "Invalid or expired session, please login again (CSRF token missing).",
            ));
        }
        if app
            .config()
            .service_settings
            .enforce_multifactor_authentication
            && !caller.user.mfa_active
            && !caller.user.is_bot
            && !allowed_without_mfa(parts.uri.path())
        {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.context.mfa_required.app_error",
                "Multi-factor authentication is required on this server. Set it up in your profile first.",
            ));
        }
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// When the admin enforces MFA, a user without it may only set it up, read itself, or log out.
fn allowed_without_mfa(path: &str) -> bool {
    path == "/api/v4/users/me"
        || path == "/api/v4/users/logout"
        || path == "/api/v4/websocket"
        || (path.starts_with("/api/v4/users/")
            && (path.ends_with("/mfa") || path.ends_with("/mfa/generate")))
}

/// Like [`Caller`] but optional: `None` for anonymous requests.
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Error> {
        if find_token(parts).is_none() {
            return Ok(MaybeCaller(None));
        }
        Caller::from_request_parts(parts, app)
            .await
            .map(|c| MaybeCaller(Some(c)))
    }
}

/// Resolves a `{user_id}` path segment, where `me` means the caller.
pub fn user_id_param(caller: &Caller, id: &str) -> Result<String, Error> {
    if id == "me" {
        return Ok(caller.user.id.clone());
    }
    check_id(id, "user_id")?;
    Ok(id.to_owned())
}

/// Fails with 400 unless `id` has the 26-character id shape.
pub fn check_id(id: &str, name: &str) -> Result<(), Error> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(Error::invalid_param(name))
    }
}

/// `page` and `per_page` query parameters: 0 and 60 by default; `per_page` is capped at 200.
/// Use beside other `Query` extractors (each reads the query string and ignores what it does
/// not know).
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(default)]
pub struct Paging {
    page: i64,
    per_page: i64,
}

impl Default for Paging {
    fn default() -> Self {
        Paging {
            page: 0,
            per_page: 60,
        }
    }
}

/// Deeper pages than this are refused, so `page * per_page` stays far from overflow.
const MAX_PAGE: i64 = 1_000_000;
const MAX_PER_PAGE: i64 = 200;

impl Paging {
    /// `(page, per_page)`, or 400 for negative or absurd values.
    pub fn get(self) -> Result<(i64, i64), Error> {
        if !(0..=MAX_PAGE).contains(&self.page) {
            return Err(Error::invalid_param("page"));
        }
        if self.per_page < 0 {
            return Err(Error::invalid_param("per_page"));
        }
        Ok((self.page, self.per_page.min(MAX_PER_PAGE)))
    }
}

/// Fails with 400 unless every id in `ids` has the id shape and there are at most `max`.
pub fn check_ids(ids: &[String], max: usize, name: &str) -> Result<(), Error> {
    if ids.len() > max {
        return Err(Error::invalid_param(name));
    }
    ids.iter().try_for_each(|id| check_id(id, name))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::drop_null_fields;

    #[test]
    fn null_fields_count_as_absent() {
        let mut body = json!({"login_id": "a", "token": null, "props": {"k": null}});
        drop_null_fields(&mut body);
        assert_eq!(body, json!({"login_id": "a", "props": {"k": null}}));
        let mut list = json!([{"name": "x", "value": null}, null, 3]);
        drop_null_fields(&mut list);
        assert_eq!(list, json!([{"name": "x"}, null, 3]));
    }
}
