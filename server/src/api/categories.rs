//! Sidebar categories of a user on a team: list, create, reorder, update (one or many), delete.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde_json::Value;

use super::extract::{Json, Path, check_id, user_id_param};
use super::status_ok;
use crate::app::{AppState, Caller, Error, Result};
use crate::model::{OrderedSidebarCategories, SidebarCategory};

const BASE: &str = "/users/{user_id}/teams/{team_id}/channels/categories";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            BASE,
            get(list_categories)
                .post(create_category)
                .put(update_categories),
        )
        .route(&format!("{BASE}/order"), get(get_order).put(set_order))
        .route(
            &format!("{BASE}/{{category_id}}"),
            get(get_category)
                .put(update_category)
                .delete(delete_category),
        )
}

/// The user and team of a categories path, checked (`me` allowed).
fn owner(caller: &Caller, user_id: &str, team_id: &str) -> Result<String> {
    check_id(team_id, "team_id")?;
    user_id_param(caller, user_id)
}

async fn list_categories(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id)): Path<(String, String)>,
) -> Result<Json<OrderedSidebarCategories>> {
    let user_id = owner(&caller, &user_id, &team_id)?;
    Ok(Json(
        app.sidebar_categories(&caller, &user_id, &team_id).await?,
    ))
}

async fn create_category(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id)): Path<(String, String)>,
    Json(new): Json<SidebarCategory>,
) -> Result<Json<SidebarCategory>> {
    let user_id = owner(&caller, &user_id, &team_id)?;
    Ok(Json(
        app.create_category(&caller, &user_id, &team_id, new)
            .await?,
    ))
}

async fn update_categories(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id)): Path<(String, String)>,
    Json(updates): Json<Vec<SidebarCategory>>,
) -> Result<Json<Vec<SidebarCategory>>> {
    let user_id = owner(&caller, &user_id, &team_id)?;
    Ok(Json(
        app.update_categories(&caller, &user_id, &team_id, updates)
            .await?,
    ))
}

async fn get_order(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id)): Path<(String, String)>,
) -> Result<Json<Vec<String>>> {
    let user_id = owner(&caller, &user_id, &team_id)?;
    Ok(Json(app.category_order(&caller, &user_id, &team_id).await?))
}

async fn set_order(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id)): Path<(String, String)>,
    Json(order): Json<Vec<String>>,
) -> Result<Json<Vec<String>>> {
    let user_id = owner(&caller, &user_id, &team_id)?;
    Ok(Json(
        app.set_category_order(&caller, &user_id, &team_id, order)
            .await?,
    ))
}

async fn get_category(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id, category_id)): Path<(String, String, String)>,
) -> Result<Json<SidebarCategory>> {
    let user_id = owner(&caller, &user_id, &team_id)?;
    Ok(Json(
        app.sidebar_category(&caller, &user_id, &team_id, &category_id)
            .await?,
    ))
}

/// Updates one category; the body's `id`, if given, must match the path.
async fn update_category(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id, category_id)): Path<(String, String, String)>,
    Json(mut update): Json<SidebarCategory>,
) -> Result<Json<SidebarCategory>> {
    let user_id = owner(&caller, &user_id, &team_id)?;
    if !update.id.is_empty() && update.id != category_id {
        return Err(Error::invalid_param("category_id"));
    }
    update.id = category_id;
    let mut updated = app
        .update_categories(&caller, &user_id, &team_id, vec![update])
        .await?;
    updated
        .pop()
        .map(Json)
        .ok_or_else(|| Error::not_found("category"))
}

async fn delete_category(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id, category_id)): Path<(String, String, String)>,
) -> Result<Json<Value>> {
    let user_id = owner(&caller, &user_id, &team_id)?;
    app.delete_category(&caller, &user_id, &team_id, &category_id)
        .await?;
    Ok(status_ok())
}
