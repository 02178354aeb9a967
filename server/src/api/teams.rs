//! Teams: create, read, membership.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

use super::extract::{Json, Path, check_id};
use crate::app::{AppState, Caller, Error, NewTeam, Result};
use crate::model::{Team, TeamMember};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/teams", post(create_team))
        .route("/teams/{team_id}", get(get_team))
        .route("/teams/{team_id}/members", post(add_member))
}

async fn create_team(
    State(app): State<AppState>,
    caller: Caller,
    Json(new): Json<NewTeam>,
) -> Result<(StatusCode, Json<Team>)> {
    Ok((
        StatusCode::CREATED,
        Json(app.create_team(&caller, new).await?),
    ))
}

async fn get_team(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
) -> Result<Json<Team>> {
    check_id(&team_id, "team_id")?;
    Ok(Json(app.visible_team(&caller, &team_id).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AddMember {
    team_id: String,
    user_id: String,
}

/// Adds a user to a team. Team admins and system admins may add anyone; a user may join an open team.
async fn add_member(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Json(body): Json<AddMember>,
) -> Result<(StatusCode, Json<TeamMember>)> {
    check_id(&team_id, "team_id")?;
    check_id(&body.user_id, "user_id")?;
    if !body.team_id.is_empty() && body.team_id != team_id {
        return Err(Error::invalid_param("team_id"));
    }
    let team = app.visible_team(&caller, &team_id).await?;
    let is_team_admin = app
        .require_team_member(&caller, &team_id)
        .await
        .is_ok_and(|m| m.scheme_admin);
    let self_join = body.user_id == caller.user.id && team.allow_open_invite && !caller.is_guest();
    if !(is_team_admin || self_join) {
        return Err(Error::forbidden());
    }
    let user = app
        .store
        .user(&body.user_id)
        .await?
        .ok_or_else(|| Error::not_found("user"))?;
    Ok((
        StatusCode::CREATED,
        Json(app.add_team_member(&team, &user).await?),
    ))
}
