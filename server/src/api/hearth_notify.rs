//! Hearth's own notification endpoints (under `/api/v4/hearth`): the Web Push VAPID key and
//! subscriptions of the current session's browser, and the one-click email unsubscribe link.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{Json, Query};
use super::status_ok;
use crate::app::notify::NewSubscription;
use crate::app::{AppState, Caller, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/hearth/webpush/vapid_public_key", get(vapid_public_key))
        .route(
            "/hearth/webpush/subscriptions",
            post(subscribe).delete(unsubscribe),
        )
        .route(
            "/hearth/notifications/unsubscribe",
            get(unsubscribe_page).post(unsubscribe_email),
        )
}

async fn vapid_public_key(State(app): State<AppState>, _caller: Caller) -> Result<Json<Value>> {
    Ok(Json(json!({"public_key": app.vapid_public_key()?})))
}

/// 201 once the browser's subscription is stored.
async fn subscribe(
    State(app): State<AppState>,
    caller: Caller,
    Json(body): Json<NewSubscription>,
) -> Result<(axum::http::StatusCode, Json<Value>)> {
    app.subscribe_webpush(&caller, body).await?;
    Ok((axum::http::StatusCode::CREATED, status_ok()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Endpoint {
    endpoint: String,
}

async fn unsubscribe(
    State(app): State<AppState>,
    caller: Caller,
    Json(body): Json<Endpoint>,
) -> Result<Json<Value>> {
    app.unsubscribe_webpush(&caller, &body.endpoint).await?;
    Ok(status_ok())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UnsubscribeLink {
    user_id: String,
    token: String,
}

/// What the link in an email opens: a button, so mail scanners that fetch links change nothing.
async fn unsubscribe_page() -> Html<&'static str> {
    // The form posts back to this same URL, query string and all.
    Html(
        "<!doctype html><title>Unsubscribe</title><form method=\"post\">\
         <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
         <p>Stop notification emails from this server?</p><button>Unsubscribe</button></form>",
    )
}

/// RFC 8058 one-click unsubscribe (also the page's button): turns email notifications off.
async fn unsubscribe_email(
    State(app): State<AppState>,
    Query(q): Query<UnsubscribeLink>,
) -> Result<Html<&'static str>> {
    app.unsubscribe_email(&q.user_id, &q.token).await?;
    Ok(Html(
        "<!doctype html><title>Unsubscribed</title><p>You will no longer receive notification \
         emails. Turn them back on in Settings &gt; Notifications.</p>",
    ))
}
