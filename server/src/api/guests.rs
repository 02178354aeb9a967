//! Guest accounts: system admins demote users to guests and promote guests back.

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use serde_json::Value;

use super::extract::{Json, Path, check_id};
use super::status_ok;
use crate::app::{AppState, Caller, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/demote", post(demote))
        .route("/users/{user_id}/promote", post(promote))
}

async fn demote(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<Value>> {
    check_id(&user_id, "user_id")?;
    app.demote_to_guest(&caller, &user_id).await?;
    Ok(status_ok())
}

async fn promote(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<Value>> {
    check_id(&user_id, "user_id")?;
    app.promote_guest(&caller, &user_id).await?;
    Ok(status_ok())
}
