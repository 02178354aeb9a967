//! Channels: create, read, membership.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

use super::extract::{Json, Path, check_id, user_id_param};
use crate::app::{AppState, Caller, Error, NewChannel, Result};
use crate::model::{Channel, ChannelMember};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/channels", post(create_channel))
        .route("/channels/{channel_id}", get(get_channel))
        .route("/channels/{channel_id}/members", post(add_member))
        .route("/channels/{channel_id}/members/{user_id}", get(get_member))
}

async fn create_channel(
    State(app): State<AppState>,
    caller: Caller,
    Json(new): Json<NewChannel>,
) -> Result<(StatusCode, Json<Channel>)> {
    check_id(&new.team_id, "team_id")?;
    Ok((
        StatusCode::CREATED,
        Json(app.create_channel(&caller, new).await?),
    ))
}

async fn get_channel(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
) -> Result<Json<Channel>> {
    check_id(&channel_id, "channel_id")?;
    Ok(Json(
        app.channel_access(&caller, &channel_id).await?.channel,
    ))
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

/// One member of a channel the caller may read (`me` for the caller's own unread counts).
async fn get_member(
    State(app): State<AppState>,
    caller: Caller,
    Path((channel_id, user_id)): Path<(String, String)>,
) -> Result<Json<ChannelMember>> {
    check_id(&channel_id, "channel_id")?;
    let user_id = user_id_param(&caller, &user_id)?;
    app.channel_access(&caller, &channel_id).await?;
    app.store
        .channel_member(&channel_id, &user_id)
        .await?
        .map(Json)
        .ok_or_else(|| Error::not_found("channel member"))
}
