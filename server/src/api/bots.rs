//! Bot accounts: `/bots`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

use super::extract::{Json, Paging, Path, Query, check_id};
use crate::app::{AppState, BotPatch, Caller, NewBot, Result};
use crate::model::Bot;
use crate::store::BotQuery;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/bots", post(create_bot).get(list_bots))
        .route("/bots/{bot_user_id}", get(get_bot).put(patch_bot))
        .route("/bots/{bot_user_id}/disable", post(disable_bot))
        .route("/bots/{bot_user_id}/enable", post(enable_bot))
        .route("/bots/{bot_user_id}/assign/{user_id}", post(assign_bot))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BotFilters {
    include_deleted: bool,
    only_orphaned: bool,
}

async fn create_bot(
    State(app): State<AppState>,
    caller: Caller,
    Json(new): Json<NewBot>,
) -> Result<(StatusCode, Json<Bot>)> {
    Ok((
        StatusCode::CREATED,
        Json(app.create_bot(&caller, new).await?),
    ))
}

async fn list_bots(
    State(app): State<AppState>,
    caller: Caller,
    Query(filters): Query<BotFilters>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<Bot>>> {
    let (page, per_page) = paging.get()?;
    let query = BotQuery {
        owner_id: String::new(),
        include_deleted: filters.include_deleted,
        only_orphaned: filters.only_orphaned,
        page,
        per_page,
    };
    Ok(Json(app.bots(&caller, query).await?))
}

async fn get_bot(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(filters): Query<BotFilters>,
) -> Result<Json<Bot>> {
    check_id(&id, "bot_user_id")?;
    Ok(Json(app.bot(&caller, &id, filters.include_deleted).await?))
}

async fn patch_bot(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(patch): Json<BotPatch>,
) -> Result<Json<Bot>> {
    check_id(&id, "bot_user_id")?;
    Ok(Json(app.patch_bot(&caller, &id, patch).await?))
}

async fn disable_bot(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Bot>> {
    check_id(&id, "bot_user_id")?;
    Ok(Json(app.set_bot_enabled(&caller, &id, false).await?))
}

async fn enable_bot(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Bot>> {
    check_id(&id, "bot_user_id")?;
    Ok(Json(app.set_bot_enabled(&caller, &id, true).await?))
}

async fn assign_bot(
    State(app): State<AppState>,
    caller: Caller,
    Path((id, user_id)): Path<(String, String)>,
) -> Result<Json<Bot>> {
    check_id(&id, "bot_user_id")?;
    check_id(&user_id, "user_id")?;
    Ok(Json(app.assign_bot(&caller, &id, &user_id).await?))
}
