//! Teams: create, list, read (by id, name or invite id), update, archive and restore, invite ids,
//! statistics.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{Json, Paging, Path, Query, check_id, user_id_param};
use super::status_ok;
use crate::app::{AppState, Caller, Error, ErrorKind, NewTeam, Result, TeamPatch};
use crate::model::{Team, TeamStats};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/teams", post(create_team).get(list_teams))
        .route(
            "/teams/{team_id}",
            get(get_team).put(update_team).delete(delete_team),
        )
        .route("/teams/{team_id}/patch", put(patch_team))
        .route("/teams/{team_id}/restore", post(restore_team))
        .route(
            "/teams/{team_id}/regenerate_invite_id",
            post(regenerate_invite_id),
        )
        .route("/teams/{team_id}/stats", get(team_stats))
        .route("/teams/invite/{invite_id}", get(team_for_invite))
        .route("/teams/name/{team_name}", get(team_by_name))
        .route("/teams/name/{team_name}/exists", get(team_exists))
        .route("/users/{user_id}/teams", get(teams_for_user))
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

/// What an invite link shows before sign-up, to anyone holding it: which team it joins.
async fn team_for_invite(
    State(app): State<AppState>,
    Path(invite_id): Path<String>,
) -> Result<Json<Value>> {
    let team = app.team_for_invite(&invite_id).await?;
    Ok(Json(json!({
        "id": team.id,
        "name": team.name,
        "display_name": team.display_name,
        "description": team.description,
        "type": team.team_type,
    })))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListTeams {
    include_total_count: bool,
}

/// A page of teams; `{teams, total_count}` when `include_total_count` is set.
async fn list_teams(
    State(app): State<AppState>,
    caller: Caller,
    Query(paging): Query<Paging>,
    Query(q): Query<ListTeams>,
) -> Result<Json<Value>> {
    let (page, per_page) = paging.get()?;
    let (teams, total) = app
        .list_teams(&caller, page, per_page, q.include_total_count)
        .await?;
    Ok(Json(match total {
        Some(total) => json!({"teams": teams, "total_count": total}),
        None => json!(teams),
    }))
}

async fn get_team(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
) -> Result<Json<Team>> {
    check_id(&team_id, "team_id")?;
    Ok(Json(app.team_for_caller(&caller, &team_id).await?))
}

async fn team_by_name(
    State(app): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Json<Team>> {
    Ok(Json(app.team_by_name(&caller, &name).await?))
}

/// `{exists}`: whether a team of that name exists that the caller may see.
async fn team_exists(
    State(app): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Json<Value>> {
    let exists = match app.team_by_name(&caller, &name).await {
        Ok(_) => true,
        Err(e) if matches!(e.kind, ErrorKind::NotFound | ErrorKind::Forbidden) => false,
        Err(e) => return Err(e),
    };
    Ok(Json(json!({ "exists": exists })))
}

async fn patch_team(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Json(patch): Json<TeamPatch>,
) -> Result<Json<Team>> {
    check_id(&team_id, "team_id")?;
    Ok(Json(app.patch_team(&caller, &team_id, patch).await?))
}

/// Replaces the editable fields with the body's (a whole team whose `id` matches the path).
async fn update_team(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Json(team): Json<Team>,
) -> Result<Json<Team>> {
    check_id(&team_id, "team_id")?;
    if team.id != team_id {
        return Err(Error::invalid_param("id"));
    }
    Ok(Json(app.patch_team(&caller, &team_id, team.into()).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DeleteTeam {
    permanent: bool,
}

async fn restore_team(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
) -> Result<Json<Team>> {
    check_id(&team_id, "team_id")?;
    Ok(Json(app.restore_team(&caller, &team_id).await?))
}

async fn delete_team(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(q): Query<DeleteTeam>,
) -> Result<Json<Value>> {
    check_id(&team_id, "team_id")?;
    // Teams are only archived: their history stays for a restore and for backups.
    if q.permanent {
        return Err(Error::forbidden());
    }
    app.delete_team(&caller, &team_id).await?;
    Ok(status_ok())
}

async fn regenerate_invite_id(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
) -> Result<Json<Team>> {
    check_id(&team_id, "team_id")?;
    Ok(Json(app.regenerate_invite_id(&caller, &team_id).await?))
}

async fn team_stats(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
) -> Result<Json<TeamStats>> {
    check_id(&team_id, "team_id")?;
    Ok(Json(app.team_stats(&caller, &team_id).await?))
}

async fn teams_for_user(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<Vec<Team>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    Ok(Json(app.teams_for_user(&caller, &user_id).await?))
}
