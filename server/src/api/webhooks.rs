//! Webhooks: management under `/api/v4/hooks/incoming` and `/hooks/outgoing`, and the public
//! `POST /hooks/{id}` (outside `/api/v4`) that tools post Slack-compatible payloads to, as JSON
//! or as a form with a `payload` field.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;

use super::extract::{Json, Paging, Path, Query, check_id};
use super::status_ok;
use crate::app::{
    AppState, Caller, Error, IncomingPayload, NewIncomingWebhook, NewOutgoingWebhook, Result,
};
use crate::model::{IncomingWebhook, OutgoingWebhook};

/// Routes under `/api/v4`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/hooks/incoming", post(create_incoming).get(list_incoming))
        .route(
            "/hooks/incoming/{hook_id}",
            get(get_incoming)
                .put(update_incoming)
                .delete(delete_incoming),
        )
        .route("/hooks/outgoing", post(create_outgoing).get(list_outgoing))
        .route(
            "/hooks/outgoing/{hook_id}",
            get(get_outgoing)
                .put(update_outgoing)
                .delete(delete_outgoing),
        )
        .route(
            "/hooks/outgoing/{hook_id}/regen_token",
            post(regen_outgoing),
        )
}

/// The public endpoint, outside `/api/v4`.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/hooks/{hook_id}", post(receive))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct HookFilters {
    team_id: String,
    channel_id: String,
}

fn check_optional_id(id: &str, name: &str) -> Result<()> {
    if id.is_empty() {
        Ok(())
    } else {
        check_id(id, name)
    }
}

async fn create_incoming(
    State(app): State<AppState>,
    caller: Caller,
    Json(new): Json<NewIncomingWebhook>,
) -> Result<(StatusCode, Json<IncomingWebhook>)> {
    check_id(&new.channel_id, "channel_id")?;
    let hook = app.create_incoming_webhook(&caller, new).await?;
    Ok((StatusCode::CREATED, Json(hook)))
}

async fn list_incoming(
    State(app): State<AppState>,
    caller: Caller,
    Query(filters): Query<HookFilters>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<IncomingWebhook>>> {
    check_optional_id(&filters.team_id, "team_id")?;
    let (page, per_page) = paging.get()?;
    let hooks = app
        .incoming_webhooks(&caller, &filters.team_id, page, per_page)
        .await?;
    Ok(Json(hooks))
}

async fn get_incoming(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<IncomingWebhook>> {
    check_id(&id, "hook_id")?;
    Ok(Json(app.incoming_webhook(&caller, &id).await?))
}

async fn update_incoming(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(update): Json<NewIncomingWebhook>,
) -> Result<Json<IncomingWebhook>> {
    check_id(&id, "hook_id")?;
    check_optional_id(&update.channel_id, "channel_id")?;
    Ok(Json(
        app.update_incoming_webhook(&caller, &id, update).await?,
    ))
}

async fn delete_incoming(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    check_id(&id, "hook_id")?;
    app.delete_incoming_webhook(&caller, &id).await?;
    Ok(status_ok())
}

async fn create_outgoing(
    State(app): State<AppState>,
    caller: Caller,
    Json(new): Json<NewOutgoingWebhook>,
) -> Result<(StatusCode, Json<OutgoingWebhook>)> {
    check_id(&new.team_id, "team_id")?;
    check_optional_id(&new.channel_id, "channel_id")?;
    let hook = app.create_outgoing_webhook(&caller, new).await?;
    Ok((StatusCode::CREATED, Json(hook)))
}

async fn list_outgoing(
    State(app): State<AppState>,
    caller: Caller,
    Query(filters): Query<HookFilters>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<OutgoingWebhook>>> {
    check_optional_id(&filters.team_id, "team_id")?;
    check_optional_id(&filters.channel_id, "channel_id")?;
    let (page, per_page) = paging.get()?;
    let hooks = app
        .outgoing_webhooks(
            &caller,
            &filters.team_id,
            &filters.channel_id,
            page,
            per_page,
        )
        .await?;
    Ok(Json(hooks))
}

async fn get_outgoing(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<OutgoingWebhook>> {
    check_id(&id, "hook_id")?;
    Ok(Json(app.outgoing_webhook(&caller, &id).await?))
}

async fn update_outgoing(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(update): Json<NewOutgoingWebhook>,
) -> Result<Json<OutgoingWebhook>> {
    check_id(&id, "hook_id")?;
    check_optional_id(&update.channel_id, "channel_id")?;
    Ok(Json(
        app.update_outgoing_webhook(&caller, &id, update).await?,
    ))
}

async fn delete_outgoing(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    check_id(&id, "hook_id")?;
    app.delete_outgoing_webhook(&caller, &id).await?;
    Ok(status_ok())
}

async fn regen_outgoing(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<OutgoingWebhook>> {
    check_id(&id, "hook_id")?;
    Ok(Json(app.regenerate_outgoing_token(&caller, &id).await?))
}

/// The form shape: the JSON payload in a `payload` field.
#[derive(Debug, Deserialize)]
struct PayloadForm {
    payload: String,
}

fn parse_error(detail: impl std::fmt::Display) -> Error {
    Error::bad_request(
        "web.incoming_webhook.parse.app_error",
        format!("Unable to parse incoming data: {detail}"),
    )
}

/// Decodes a payload sent as JSON or as a form with a `payload` field.
fn decode_payload(headers: &HeaderMap, body: &[u8]) -> Result<IncomingPayload> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let form: PayloadForm = serde_urlencoded::from_bytes(body).map_err(parse_error)?;
        return serde_json::from_str(&form.payload).map_err(parse_error);
    }
    serde_json::from_slice(body).map_err(parse_error)
}

async fn receive(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(
    StatusCode,
    [(header::HeaderName, &'static str); 1],
    &'static str,
)> {
    if !crate::model::is_valid_id(&id) {
        return Err(Error::bad_request(
            "web.incoming_webhook.invalid.app_error",
            "Invalid webhook.",
        ));
    }
    let payload = decode_payload(&headers, &body)?;
    app.handle_incoming_webhook(&id, payload).await?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, "text/plain")], "ok"))
}
