//! Server settings for system admins: `GET /config`, and `PUT /config` / `PUT /config/patch`,
//! which change the settings Hearth can apply while running (see `app::server_config`).

use axum::Router;
use axum::extract::State;
use axum::routing::{get, put};
use serde_json::Value;

use super::extract::Json;
use crate::app::{AppState, Caller, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/config", get(read_config).put(patch_config))
        .route("/config/patch", put(patch_config))
}

async fn read_config(State(app): State<AppState>, caller: Caller) -> Result<Json<Value>> {
    Ok(Json(app.config_for_admin(&caller)?))
}

async fn patch_config(
    State(app): State<AppState>,
    caller: Caller,
    Json(patch): Json<Value>,
) -> Result<Json<Value>> {
    Ok(Json(app.patch_config(&caller, patch).await?))
}
