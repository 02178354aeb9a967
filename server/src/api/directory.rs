//! The user directory: `GET /users` with filters, by ids and usernames, search and autocomplete.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{Json, Query, check_id, check_ids};
use crate::app::{AppState, Caller, MAX_IDS, MAX_PAGE_SIZE, Result};
use crate::model::User;
use crate::store::UserQuery;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list_users))
        .route("/users/ids", post(by_ids))
        .route("/users/usernames", post(by_usernames))
        .route("/users/search", post(search))
        .route("/users/autocomplete", get(autocomplete))
        .route("/users/group_channels", post(group_channels))
}

/// Optional id filter from a query string: empty means absent; anything else must be an id.
fn id_filter(value: String, name: &str) -> Result<Option<String>> {
    if value.is_empty() {
        return Ok(None);
    }
    check_id(&value, name)?;
    Ok(Some(value))
}

#[derive(Debug, Deserialize)]
#[serde(default)]
struct ListParams {
    page: i64,
    per_page: i64,
    in_team: String,
    not_in_team: String,
    in_channel: String,
    not_in_channel: String,
    without_team: bool,
    active: Option<bool>,
    inactive: bool,
    role: String,
}

impl Default for ListParams {
    fn default() -> Self {
        Self {
            page: 0,
            per_page: 60,
            in_team: String::new(),
            not_in_team: String::new(),
            in_channel: String::new(),
            not_in_channel: String::new(),
            without_team: false,
            active: None,
            inactive: false,
            role: String::new(),
        }
    }
}

async fn list_users(
    State(app): State<AppState>,
    caller: Caller,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<User>>> {
    let per_page = p.per_page.clamp(1, MAX_PAGE_SIZE);
    let query = UserQuery {
        in_team: id_filter(p.in_team, "in_team")?,
        not_in_team: id_filter(p.not_in_team, "not_in_team")?,
        in_channel: id_filter(p.in_channel, "in_channel")?,
        not_in_channel: id_filter(p.not_in_channel, "not_in_channel")?,
        without_team: p.without_team,
        include_inactive: p.active.is_none() && !p.inactive,
        inactive_only: p.inactive || p.active == Some(false),
        role: (!p.role.is_empty()).then_some(p.role),
        limit: per_page,
        offset: p.page.max(0).saturating_mul(per_page),
        ..UserQuery::default()
    };
    Ok(Json(app.find_users(&caller, query).await?))
}

async fn by_ids(
    State(app): State<AppState>,
    caller: Caller,
    Json(ids): Json<Vec<String>>,
) -> Result<Json<Vec<User>>> {
    check_ids(&ids, MAX_IDS, "user_ids")?;
    Ok(Json(app.users_by_ids(&caller, &ids).await?))
}

async fn by_usernames(
    State(app): State<AppState>,
    caller: Caller,
    Json(names): Json<Vec<String>>,
) -> Result<Json<Vec<User>>> {
    Ok(Json(app.users_by_usernames(&caller, &names).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SearchBody {
    term: String,
    team_id: String,
    not_in_team_id: String,
    in_channel_id: String,
    not_in_channel_id: String,
    allow_inactive: bool,
    without_team: bool,
    limit: Option<i64>,
}

async fn search(
    State(app): State<AppState>,
    caller: Caller,
    Json(b): Json<SearchBody>,
) -> Result<Json<Vec<User>>> {
    if b.term.chars().count() > 64 {
        return Err(crate::app::Error::invalid_param("term"));
    }
    let query = UserQuery {
        term: Some(b.term),
        in_team: id_filter(b.team_id, "team_id")?,
        not_in_team: id_filter(b.not_in_team_id, "not_in_team_id")?,
        in_channel: id_filter(b.in_channel_id, "in_channel_id")?,
        not_in_channel: id_filter(b.not_in_channel_id, "not_in_channel_id")?,
        without_team: b.without_team,
        include_inactive: b.allow_inactive,
        limit: b.limit.unwrap_or(100),
        ..UserQuery::default()
    };
    Ok(Json(app.find_users(&caller, query).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AutocompleteParams {
    in_team: String,
    in_channel: String,
    name: String,
    limit: Option<i64>,
}

/// `{users}` matching `name`; with `in_channel`, also `out_of_channel`: team members not in it.
async fn autocomplete(
    State(app): State<AppState>,
    caller: Caller,
    Query(p): Query<AutocompleteParams>,
) -> Result<Json<Value>> {
    if p.name.chars().count() > 64 {
        return Err(crate::app::Error::invalid_param("name"));
    }
    let base = UserQuery {
        term: Some(p.name),
        in_team: id_filter(p.in_team, "in_team")?,
        limit: p.limit.unwrap_or(100),
        ..UserQuery::default()
    };
    let Some(channel) = id_filter(p.in_channel, "in_channel")? else {
        return Ok(Json(json!({"users": app.find_users(&caller, base).await?})));
    };
    let users = app
        .find_users(
            &caller,
            UserQuery {
                in_channel: Some(channel.clone()),
                ..base.clone()
            },
        )
        .await?;
    let out_of_channel = app
        .find_users(
            &caller,
            UserQuery {
                not_in_channel: Some(channel),
                ..base
            },
        )
        .await?;
    Ok(Json(
        json!({"users": users, "out_of_channel": out_of_channel}),
    ))
}

/// Profiles of the members of the caller's group channels, keyed by channel id.
async fn group_channels(
    State(app): State<AppState>,
    caller: Caller,
    Json(ids): Json<Vec<String>>,
) -> Result<Json<HashMap<String, Vec<User>>>> {
    check_ids(&ids, MAX_PAGE_SIZE as usize, "channel_ids")?;
    Ok(Json(app.group_channel_profiles(&caller, &ids).await?))
}
