//! Roles: the built-in roles and their permissions, which the apps read to decide what to offer.

use axum::Router;
use axum::routing::{get, post};

use super::extract::{Json, Path};
use crate::app::roles::{Role, all_roles, role_by_id, role_by_name};
use crate::app::{AppState, Caller, Error, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/roles", get(list))
        .route("/roles/names", post(by_names))
        .route("/roles/name/{name}", get(by_name))
        .route("/roles/{role_id}", get(by_id))
}

async fn list(_caller: Caller) -> Json<Vec<Role>> {
    Json(all_roles())
}

async fn by_names(_caller: Caller, Json(names): Json<Vec<String>>) -> Result<Json<Vec<Role>>> {
    if names.len() > 100 {
        return Err(Error::invalid_param("role_names"));
    }
    Ok(Json(
        all_roles()
            .into_iter()
            .filter(|r| names.iter().any(|n| n == r.name))
            .collect(),
    ))
}

async fn by_name(_caller: Caller, Path(name): Path<String>) -> Result<Json<Role>> {
    role_by_name(&name)
        .map(Json)
        .ok_or_else(|| Error::not_found("role"))
}

async fn by_id(_caller: Caller, Path(id): Path<String>) -> Result<Json<Role>> {
    role_by_id(&id)
        .map(Json)
        .ok_or_else(|| Error::not_found("role"))
}
