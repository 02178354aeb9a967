//! User statuses: one user's, many users' by id, and setting one by hand.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;

use super::extract::{Json, Path, user_id_param};
use super::status_ok;
use crate::app::{AppState, Caller, Error, Result, StatusUpdate};
use crate::model::Status;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/status/ids", post(statuses_by_ids))
        .route(
            "/users/{user_id}/status",
            get(get_status).put(update_status),
        )
        .route("/users/{user_id}/typing", post(typing))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TypingBody {
    channel_id: String,
    parent_id: String,
}

/// The REST form of the WebSocket `user_typing` action (bots and some clients use it).
async fn typing(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<TypingBody>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    if id != caller.user_id() {
        return Err(Error::forbidden());
    }
    app.user_typing(&caller, &body.channel_id, &body.parent_id)
        .await?;
    Ok(status_ok())
}

async fn get_status(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Status>> {
    let id = user_id_param(&caller, &id)?;
    Ok(Json(app.user_status(&caller, &id).await?))
}

async fn update_status(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(update): Json<StatusUpdate>,
) -> Result<Json<Status>> {
    let id = user_id_param(&caller, &id)?;
    Ok(Json(app.update_status(&caller, &id, update).await?))
}

async fn statuses_by_ids(
    State(app): State<AppState>,
    caller: Caller,
    Json(ids): Json<Vec<String>>,
) -> Result<Json<Vec<Status>>> {
    Ok(Json(app.statuses_by_ids(&caller, &ids).await?))
}
