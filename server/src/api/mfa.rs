//! Multi-factor authentication: generate a secret, activate or deactivate it, ask whether a login needs a code.

use axum::Router;
use axum::extract::State;
use axum::routing::{post, put};
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{Json, Path, user_id_param};
use super::status_ok;
use crate::app::{AppState, Caller, MfaSecret, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/mfa/generate", post(generate))
        .route("/users/{user_id}/mfa", put(update))
        .route("/users/mfa", post(required))
}

async fn generate(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<MfaSecret>> {
    let id = user_id_param(&caller, &id)?;
    Ok(Json(app.generate_mfa_secret(&caller, &id).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UpdateBody {
    activate: bool,
    code: String,
}

async fn update(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<UpdateBody>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    app.set_mfa_active(&caller, &id, body.activate, &body.code)
        .await?;
    Ok(status_ok())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RequiredBody {
    login_id: String,
}

async fn required(
    State(app): State<AppState>,
    Json(body): Json<RequiredBody>,
) -> Result<Json<Value>> {
    Ok(Json(
        json!({"mfa_required": app.mfa_required(&body.login_id).await?}),
    ))
}
