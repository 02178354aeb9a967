//! Preferences: a user's settings rows, read and written by that user (or a system admin).

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde_json::Value;

use super::extract::{Json, Path, user_id_param};
use super::status_ok;
use crate::app::{AppState, Caller, Error, Result};
use crate::model::Preference;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_id}/preferences",
            get(all_preferences).put(save_preferences),
        )
        .route(
            "/users/{user_id}/preferences/delete",
            post(delete_preferences),
        )
        .route("/users/{user_id}/preferences/{category}", get(category))
        .route(
            "/users/{user_id}/preferences/{category}/name/{name}",
            get(one_preference),
        )
}

async fn all_preferences(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<Vec<Preference>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    Ok(Json(app.preferences(&caller, &user_id, None, None).await?))
}

async fn category(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, category)): Path<(String, String)>,
) -> Result<Json<Vec<Preference>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    let prefs = app
        .preferences(&caller, &user_id, Some(&category), None)
        .await?;
    Ok(Json(prefs))
}

async fn one_preference(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, category, name)): Path<(String, String, String)>,
) -> Result<Json<Preference>> {
    let user_id = user_id_param(&caller, &user_id)?;
    app.preferences(&caller, &user_id, Some(&category), Some(&name))
        .await?
        .into_iter()
        .next()
        .map(Json)
        .ok_or_else(|| Error::not_found("preference"))
}

async fn save_preferences(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    Json(prefs): Json<Vec<Preference>>,
) -> Result<Json<Value>> {
    let user_id = user_id_param(&caller, &user_id)?;
    app.save_preferences(&caller, &user_id, prefs).await?;
    Ok(status_ok())
}

async fn delete_preferences(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    Json(prefs): Json<Vec<Preference>>,
) -> Result<Json<Value>> {
    let user_id = user_id_param(&caller, &user_id)?;
    app.delete_preferences(&caller, &user_id, prefs).await?;
    Ok(status_ok())
}
