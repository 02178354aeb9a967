//! Post search: `POST /teams/{team_id}/posts/search` and `POST /posts/search` (every team).

use axum::Router;
use axum::extract::State;
use axum::routing::post;

use super::extract::{Json, Path, check_id};
use crate::app::{AppState, Caller, Result, SearchParams};
use crate::model::PostSearchResults;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/teams/{team_id}/posts/search", post(search_team))
        .route("/posts/search", post(search_all))
}

async fn search_team(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Json(params): Json<SearchParams>,
) -> Result<Json<PostSearchResults>> {
    check_id(&team_id, "team_id")?;
    Ok(Json(
        app.search_posts(&caller, Some(&team_id), params).await?,
    ))
}

async fn search_all(
    State(app): State<AppState>,
    caller: Caller,
    Json(params): Json<SearchParams>,
) -> Result<Json<PostSearchResults>> {
    Ok(Json(app.search_posts(&caller, None, params).await?))
}
