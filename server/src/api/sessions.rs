//! Sessions: list and revoke a user's logins, and register the mobile app's device for the session.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post, put};
use serde::Deserialize;
use serde_json::Value;

use super::extract::{Json, Path, check_id, user_id_param};
use super::status_ok;
use crate::app::{AppState, Caller, Error, Result};
use crate::model::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/sessions", get(list))
        .route("/users/{user_id}/sessions/revoke", post(revoke))
        .route("/users/{user_id}/sessions/revoke/all", post(revoke_all))
        .route("/users/sessions/device", put(attach_device))
}

async fn list(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Session>>> {
    let id = user_id_param(&caller, &id)?;
    caller.require_self_or_admin(&id)?;
    Ok(Json(app.store.sessions_for_user(&id).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RevokeBody {
    session_id: String,
}

async fn revoke(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<RevokeBody>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    caller.require_self_or_admin(&id)?;
    check_id(&body.session_id, "session_id")?;
    let owned = app
        .store
        .sessions_for_user(&id)
        .await?
        .iter()
        .any(|s| s.id == body.session_id);
    if !owned {
        return Err(Error::not_found("session"));
    }
    app.store.delete_session(&body.session_id).await?;
    Ok(status_ok())
}

async fn revoke_all(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    caller.require_self_or_admin(&id)?;
    app.store.delete_user_sessions(&id).await?;
    Ok(status_ok())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DeviceBody {
    device_id: String,
    device_notification_disabled: Option<String>,
    mobile_version: Option<String>,
    voip_device_id: Option<String>,
}

/// The mobile app registers its push device id on its session after login.
async fn attach_device(
    State(app): State<AppState>,
    caller: Caller,
    Json(body): Json<DeviceBody>,
) -> Result<Json<Value>> {
    if body.device_id.is_empty() || body.device_id.len() > 512 {
        return Err(Error::invalid_param("device_id"));
    }
    let mut props = caller
        .session
        .props
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (key, value) in [
        (
            "device_notification_disabled",
            body.device_notification_disabled,
        ),
        ("mobile_version", body.mobile_version),
        ("voip_device_id", body.voip_device_id),
    ] {
        if let Some(v) = value.filter(|v| v.len() <= 512) {
            props.insert(key.into(), Value::String(v));
        }
    }
    let props = Value::Object(props).to_string();
    app.store
        .set_session_device(&caller.session.id, &body.device_id, &props)
        .await?;
    Ok(status_ok())
}
