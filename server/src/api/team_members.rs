//! Team membership: add (one, a batch, or oneself by invite), list, read, remove, and the
//! per-team unread totals.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde::Deserialize;
use serde_json::{Value, json};

use super::channel_members::{Roles, SchemeRoles};
use super::extract::{Json, Paging, Path, Query, check_id, user_id_param};
use super::status_ok;
use crate::app::roles::parse_scheme_roles;
use crate::app::{AppState, Caller, Error, Result};
use crate::model::{TeamMember, TeamUnread};

/// Most members one batch request may add.
const MAX_BATCH: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/teams/{team_id}/members",
            post(add_member).get(list_members),
        )
        .route("/teams/{team_id}/members/batch", post(add_members))
        .route(
            "/teams/{team_id}/members/{user_id}",
            get(get_member).delete(remove_member),
        )
        .route(
            "/teams/{team_id}/members/{user_id}/roles",
            put(update_roles),
        )
        .route(
            "/teams/{team_id}/members/{user_id}/schemeRoles",
            put(update_scheme_roles),
        )
        .route("/teams/members/invite", post(join_by_invite))
        .route("/users/{user_id}/teams/members", get(members_for_user))
        .route("/users/{user_id}/teams/unread", get(teams_unread))
        .route("/users/{user_id}/teams/{team_id}/unread", get(team_unread))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AddMember {
    team_id: String,
    user_id: String,
}

/// Checks one requested membership against the team in the path.
fn check_add(team_id: &str, body: &AddMember) -> Result<()> {
    check_id(&body.user_id, "user_id")?;
    if !body.team_id.is_empty() && body.team_id != team_id {
        return Err(Error::invalid_param("team_id"));
    }
    Ok(())
}

async fn add_member(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Json(body): Json<AddMember>,
) -> Result<(StatusCode, Json<TeamMember>)> {
    check_id(&team_id, "team_id")?;
    check_add(&team_id, &body)?;
    let member = app.join_team(&caller, &team_id, &body.user_id).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Graceful {
    graceful: bool,
}

/// Adds several members. With `graceful`, failures are reported per user instead of failing the
/// request: `[{member, user_id, error}]`.
async fn add_members(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(q): Query<Graceful>,
    Json(body): Json<Vec<AddMember>>,
) -> Result<(StatusCode, Json<Value>)> {
    check_id(&team_id, "team_id")?;
    if body.is_empty() || body.len() > MAX_BATCH {
        return Err(Error::invalid_param("members"));
    }
    body.iter().try_for_each(|m| check_add(&team_id, m))?;
    let mut out = Vec::with_capacity(body.len());
    for m in &body {
        match app.join_team(&caller, &team_id, &m.user_id).await {
            Ok(member) if q.graceful => out.push(json!({"member": member, "user_id": m.user_id})),
            Ok(member) => out.push(json!(member)),
            Err(e) if q.graceful => out.push(json!({
                "member": null,
                "user_id": m.user_id,
                "error": {"id": e.id, "message": e.message},
            })),
            Err(e) => return Err(e),
        }
    }
    Ok((StatusCode::CREATED, Json(Value::Array(out))))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListMembers {
    exclude_deleted_users: bool,
}

async fn list_members(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(paging): Query<Paging>,
    Query(q): Query<ListMembers>,
) -> Result<Json<Vec<TeamMember>>> {
    check_id(&team_id, "team_id")?;
    let (page, per_page) = paging.get()?;
    let members = app
        .team_members_page(&caller, &team_id, page, per_page, q.exclude_deleted_users)
        .await?;
    Ok(Json(members))
}

async fn get_member(
    State(app): State<AppState>,
    caller: Caller,
    Path((team_id, user_id)): Path<(String, String)>,
) -> Result<Json<TeamMember>> {
    check_id(&team_id, "team_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    Ok(Json(app.team_member(&caller, &team_id, &user_id).await?))
}

/// Leaves the team (own id) or removes someone from it (team admins).
async fn remove_member(
    State(app): State<AppState>,
    caller: Caller,
    Path((team_id, user_id)): Path<(String, String)>,
) -> Result<Json<Value>> {
    check_id(&team_id, "team_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    app.remove_team_member(&caller, &team_id, &user_id).await?;
    Ok(status_ok())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Invite {
    invite_id: String,
}

async fn join_by_invite(
    State(app): State<AppState>,
    caller: Caller,
    Query(q): Query<Invite>,
) -> Result<(StatusCode, Json<TeamMember>)> {
    let member = app.join_team_by_invite(&caller, &q.invite_id).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

async fn members_for_user(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<Vec<TeamMember>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    Ok(Json(app.team_members_for_user(&caller, &user_id).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TeamsUnread {
    exclude_team: String,
}

async fn teams_unread(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    Query(q): Query<TeamsUnread>,
) -> Result<Json<Vec<TeamUnread>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    if !q.exclude_team.is_empty() {
        check_id(&q.exclude_team, "exclude_team")?;
    }
    Ok(Json(
        app.teams_unread(&caller, &user_id, &q.exclude_team).await?,
    ))
}

async fn team_unread(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id)): Path<(String, String)>,
) -> Result<Json<TeamUnread>> {
    let user_id = user_id_param(&caller, &user_id)?;
    check_id(&team_id, "team_id")?;
    Ok(Json(app.team_unread(&caller, &user_id, &team_id).await?))
}

async fn update_roles(
    State(app): State<AppState>,
    caller: Caller,
    Path((team_id, user_id)): Path<(String, String)>,
    Json(body): Json<Roles>,
) -> Result<Json<Value>> {
    check_id(&team_id, "team_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    let flags = parse_scheme_roles("team", &body.roles)?;
    app.update_team_scheme_roles(&caller, &team_id, &user_id, flags)
        .await?;
    Ok(status_ok())
}

async fn update_scheme_roles(
    State(app): State<AppState>,
    caller: Caller,
    Path((team_id, user_id)): Path<(String, String)>,
    Json(body): Json<SchemeRoles>,
) -> Result<Json<Value>> {
    check_id(&team_id, "team_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    let flags = (body.scheme_user, body.scheme_admin);
    app.update_team_scheme_roles(&caller, &team_id, &user_id, flags)
        .await?;
    Ok(status_ok())
}
