//! Finding channels: a team's public, private (for admins) and archived channels, by name, search and autocomplete, and
//! a user's own channels (the apps' startup calls).

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::Deserialize;

use super::extract::{Json, Paging, Path, Query, check_id, user_id_param};
use crate::app::{AppState, Caller, Result, SearchKind};
use crate::model::{Channel, ChannelMember};
use crate::store::UserChannels;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/teams/{team_id}/channels", get(public_channels))
        .route("/teams/{team_id}/channels/private", get(private_channels))
        .route("/teams/{team_id}/channels/deleted", get(deleted_channels))
        .route(
            "/teams/{team_id}/channels/name/{channel_name}",
            get(channel_by_name),
        )
        .route(
            "/teams/name/{team_name}/channels/name/{channel_name}",
            get(channel_by_team_name),
        )
        .route("/teams/{team_id}/channels/search", post(search))
        .route(
            "/teams/{team_id}/channels/search_archived",
            post(search_archived),
        )
        .route("/teams/{team_id}/channels/autocomplete", get(autocomplete))
        .route(
            "/teams/{team_id}/channels/search_autocomplete",
            get(search_autocomplete),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/channels",
            get(user_team_channels),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/channels/members",
            get(user_channel_members),
        )
        .route("/users/{user_id}/channels", get(user_channels))
}

async fn public_channels(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<Channel>>> {
    check_id(&team_id, "team_id")?;
    let (page, per_page) = paging.get()?;
    Ok(Json(
        app.public_channels(&caller, &team_id, page, per_page)
            .await?,
    ))
}

async fn private_channels(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<Channel>>> {
    check_id(&team_id, "team_id")?;
    let (page, per_page) = paging.get()?;
    Ok(Json(
        app.private_channels(&caller, &team_id, page, per_page)
            .await?,
    ))
}

async fn deleted_channels(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<Channel>>> {
    check_id(&team_id, "team_id")?;
    let (page, per_page) = paging.get()?;
    Ok(Json(
        app.deleted_channels(&caller, &team_id, page, per_page)
            .await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct IncludeDeleted {
    include_deleted: bool,
    last_delete_at: i64,
}

async fn channel_by_name(
    State(app): State<AppState>,
    caller: Caller,
    Path((team_id, name)): Path<(String, String)>,
    Query(q): Query<IncludeDeleted>,
) -> Result<Json<Channel>> {
    check_id(&team_id, "team_id")?;
    let team = app.visible_team(&caller, &team_id).await?;
    let channel = app
        .channel_by_name(&caller, &team, &name, q.include_deleted)
        .await?;
    Ok(Json(channel))
}

async fn channel_by_team_name(
    State(app): State<AppState>,
    caller: Caller,
    Path((team_name, name)): Path<(String, String)>,
    Query(q): Query<IncludeDeleted>,
) -> Result<Json<Channel>> {
    let team = app.team_by_name(&caller, &team_name).await?;
    let channel = app
        .channel_by_name(&caller, &team, &name, q.include_deleted)
        .await?;
    Ok(Json(channel))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SearchBody {
    term: String,
}

async fn search(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Json(body): Json<SearchBody>,
) -> Result<Json<Vec<Channel>>> {
    search_as(&app, &caller, &team_id, &body.term, SearchKind::Browse).await
}

async fn search_archived(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Json(body): Json<SearchBody>,
) -> Result<Json<Vec<Channel>>> {
    search_as(&app, &caller, &team_id, &body.term, SearchKind::Archived).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NameQuery {
    name: String,
}

async fn autocomplete(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(q): Query<NameQuery>,
) -> Result<Json<Vec<Channel>>> {
    search_as(&app, &caller, &team_id, &q.name, SearchKind::Autocomplete).await
}

async fn search_autocomplete(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(q): Query<NameQuery>,
) -> Result<Json<Vec<Channel>>> {
    search_as(&app, &caller, &team_id, &q.name, SearchKind::Mine).await
}

/// The channel searches differ only in which channels they look at (`kind`).
async fn search_as(
    app: &AppState,
    caller: &Caller,
    team_id: &str,
    term: &str,
    kind: SearchKind,
) -> Result<Json<Vec<Channel>>> {
    check_id(team_id, "team_id")?;
    Ok(Json(
        app.search_channels(caller, team_id, term, kind).await?,
    ))
}

async fn user_team_channels(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id)): Path<(String, String)>,
    Query(q): Query<IncludeDeleted>,
) -> Result<Json<Vec<Channel>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    check_id(&team_id, "team_id")?;
    let which = UserChannels {
        team_id: Some(&team_id),
        include_deleted: q.include_deleted,
        last_delete_at: q.last_delete_at,
    };
    Ok(Json(app.user_channels(&caller, &user_id, which).await?))
}

async fn user_channel_members(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, team_id)): Path<(String, String)>,
) -> Result<Json<Vec<ChannelMember>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    check_id(&team_id, "team_id")?;
    Ok(Json(
        app.user_channel_members(&caller, &user_id, &team_id)
            .await?,
    ))
}

async fn user_channels(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    Query(q): Query<IncludeDeleted>,
) -> Result<Json<Vec<Channel>>> {
    let user_id = user_id_param(&caller, &user_id)?;
    let which = UserChannels {
        team_id: None,
        include_deleted: q.include_deleted,
        last_delete_at: q.last_delete_at,
    };
    Ok(Json(app.user_channels(&caller, &user_id, which).await?))
}
