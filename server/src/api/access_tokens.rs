//! Personal access tokens: `/users/{user_id}/tokens` and `/users/tokens/...`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;

use super::extract::{Json, Paging, Path, Query, check_id, user_id_param};
use super::status_ok;
use crate::app::{AppState, Caller, Result};
use crate::model::UserAccessToken;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_id}/tokens",
            post(create_token).get(user_tokens),
        )
        .route("/users/tokens", get(all_tokens))
        .route("/users/tokens/{token_id}", get(get_token))
        .route("/users/tokens/revoke", post(revoke_token))
        .route("/users/tokens/disable", post(disable_token))
        .route("/users/tokens/enable", post(enable_token))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NewToken {
    description: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TokenId {
    token_id: String,
}

async fn create_token(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    Json(body): Json<NewToken>,
) -> Result<(StatusCode, Json<UserAccessToken>)> {
    let user_id = user_id_param(&caller, &user_id)?;
    let token = app
        .create_access_token(&caller, &user_id, body.description)
        .await?;
    Ok((StatusCode::CREATED, Json(token)))
}

async fn user_tokens(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<UserAccessToken>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    let (page, per_page) = paging.get()?;
    Ok(Json(
        app.user_access_tokens(&caller, &user_id, page, per_page)
            .await?,
    ))
}

async fn all_tokens(
    State(app): State<AppState>,
    caller: Caller,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<UserAccessToken>>> {
    let (page, per_page) = paging.get()?;
    Ok(Json(app.all_access_tokens(&caller, page, per_page).await?))
}

async fn get_token(
    State(app): State<AppState>,
    caller: Caller,
    Path(token_id): Path<String>,
) -> Result<Json<UserAccessToken>> {
    check_id(&token_id, "token_id")?;
    Ok(Json(app.access_token(&caller, &token_id).await?))
}

async fn revoke_token(
    State(app): State<AppState>,
    caller: Caller,
    Json(body): Json<TokenId>,
) -> Result<Json<Value>> {
    check_id(&body.token_id, "token_id")?;
    app.revoke_access_token(&caller, &body.token_id).await?;
    Ok(status_ok())
}

async fn disable_token(
    State(app): State<AppState>,
    caller: Caller,
    Json(body): Json<TokenId>,
) -> Result<Json<Value>> {
    check_id(&body.token_id, "token_id")?;
    app.set_access_token_active(&caller, &body.token_id, false)
        .await?;
    Ok(status_ok())
}

async fn enable_token(
    State(app): State<AppState>,
    caller: Caller,
    Json(body): Json<TokenId>,
) -> Result<Json<Value>> {
    check_id(&body.token_id, "token_id")?;
    app.set_access_token_active(&caller, &body.token_id, true)
        .await?;
    Ok(status_ok())
}
