//! Channel members: add, list, read, remove, roles, notification settings, viewing (marking read)
//! and unread counts.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::extract::{Json, Paging, Path, Query, check_id, check_ids, user_id_param};
use super::status_ok;
use crate::app::roles::parse_scheme_roles;
use crate::app::{AppState, Caller, ChannelView, Result};
use crate::model::{ChannelMember, ChannelUnread};

/// Most ids one `members/ids` request may ask about.
const MAX_IDS: usize = 1000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/channels/{channel_id}/members",
            post(add_member).get(list_members),
        )
        .route("/channels/{channel_id}/members/ids", post(members_by_ids))
        .route(
            "/channels/{channel_id}/members/{user_id}",
            get(get_member).delete(remove_member),
        )
        .route(
            "/channels/{channel_id}/members/{user_id}/roles",
            put(update_roles),
        )
        .route(
            "/channels/{channel_id}/members/{user_id}/schemeRoles",
            put(update_scheme_roles),
        )
        .route(
            "/channels/{channel_id}/members/{user_id}/notify_props",
            put(update_notify_props),
        )
        .route("/channels/members/{user_id}/view", post(view_channel))
        .route(
            "/users/{user_id}/channels/{channel_id}/unread",
            get(channel_unread),
        )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AddMember {
    user_id: String,
}

async fn add_member(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
    Json(body): Json<AddMember>,
) -> Result<(StatusCode, Json<ChannelMember>)> {
    check_id(&channel_id, "channel_id")?;
    check_id(&body.user_id, "user_id")?;
    Ok((
        StatusCode::CREATED,
        Json(
            app.add_channel_member(&caller, &channel_id, &body.user_id)
                .await?,
        ),
    ))
}

async fn list_members(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<ChannelMember>>> {
    check_id(&channel_id, "channel_id")?;
    let (page, per_page) = paging.get()?;
    Ok(Json(
        app.channel_members_page(&caller, &channel_id, page, per_page)
            .await?,
    ))
}

async fn members_by_ids(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
    Json(ids): Json<Vec<String>>,
) -> Result<Json<Vec<ChannelMember>>> {
    check_id(&channel_id, "channel_id")?;
    check_ids(&ids, MAX_IDS, "user_ids")?;
    Ok(Json(
        app.channel_members_by_ids(&caller, &channel_id, &ids)
            .await?,
    ))
}

async fn get_member(
    State(app): State<AppState>,
    caller: Caller,
    Path((channel_id, user_id)): Path<(String, String)>,
) -> Result<Json<ChannelMember>> {
    check_id(&channel_id, "channel_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    Ok(Json(
        app.channel_member(&caller, &channel_id, &user_id).await?,
    ))
}

/// Leaves the channel (own id) or removes someone from it.
async fn remove_member(
    State(app): State<AppState>,
    caller: Caller,
    Path((channel_id, user_id)): Path<(String, String)>,
) -> Result<Json<Value>> {
    check_id(&channel_id, "channel_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    app.remove_channel_member(&caller, &channel_id, &user_id)
        .await?;
    Ok(status_ok())
}

/// `PUT .../roles` body: space-separated role names.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Roles {
    pub roles: String,
}

async fn update_roles(
    State(app): State<AppState>,
    caller: Caller,
    Path((channel_id, user_id)): Path<(String, String)>,
    Json(body): Json<Roles>,
) -> Result<Json<Value>> {
    check_id(&channel_id, "channel_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    let flags = parse_scheme_roles("channel", &body.roles)?;
    app.update_channel_scheme_roles(&caller, &channel_id, &user_id, flags)
        .await?;
    Ok(status_ok())
}

/// `PUT .../schemeRoles` body, as the web app sends it for "Make admin".
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct SchemeRoles {
    pub scheme_admin: bool,
    pub scheme_user: bool,
}

async fn update_scheme_roles(
    State(app): State<AppState>,
    caller: Caller,
    Path((channel_id, user_id)): Path<(String, String)>,
    Json(body): Json<SchemeRoles>,
) -> Result<Json<Value>> {
    check_id(&channel_id, "channel_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    let flags = (body.scheme_user, body.scheme_admin);
    app.update_channel_scheme_roles(&caller, &channel_id, &user_id, flags)
        .await?;
    Ok(status_ok())
}

async fn update_notify_props(
    State(app): State<AppState>,
    caller: Caller,
    Path((channel_id, user_id)): Path<(String, String)>,
    Json(props): Json<Map<String, Value>>,
) -> Result<Json<Value>> {
    check_id(&channel_id, "channel_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    app.update_channel_notify_props(&caller, &channel_id, &user_id, props)
        .await?;
    Ok(status_ok())
}

/// Marks the viewed channel read: `{status, last_viewed_at_times: {channel_id: ms}}`.
async fn view_channel(
    State(app): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    Json(view): Json<ChannelView>,
) -> Result<Json<Value>> {
    let user_id = user_id_param(&caller, &user_id)?;
    for (id, name) in [
        (&view.channel_id, "channel_id"),
        (&view.prev_channel_id, "prev_channel_id"),
    ] {
        if !id.is_empty() {
            check_id(id, name)?;
        }
    }
    let times = app.view_channel(&caller, &user_id, &view).await?;
    Ok(Json(json!({"status": "OK", "last_viewed_at_times": times})))
}

async fn channel_unread(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, channel_id)): Path<(String, String)>,
) -> Result<Json<ChannelUnread>> {
    let user_id = user_id_param(&caller, &user_id)?;
    check_id(&channel_id, "channel_id")?;
    Ok(Json(
        app.channel_unread(&caller, &user_id, &channel_id).await?,
    ))
}
