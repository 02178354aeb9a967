//! Channels: create (public, private, direct, group), read, update, privacy, archive and restore,
//! statistics.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde_json::Value;

use super::extract::{Json, Path, check_id, check_ids};
use super::status_ok;
use crate::app::{AppState, Caller, ChannelPatch, Error, NewChannel, Result};
use crate::model::{Channel, ChannelStats};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/channels", post(create_channel))
        .route("/channels/direct", post(create_direct))
        .route("/channels/group", post(create_group))
        .route(
            "/channels/{channel_id}",
            get(get_channel).put(update_channel).delete(archive_channel),
        )
        .route("/channels/{channel_id}/patch", put(patch_channel))
        .route("/channels/{channel_id}/restore", post(restore_channel))
        .route("/channels/{channel_id}/privacy", put(set_privacy))
        .route("/channels/{channel_id}/stats", get(channel_stats))
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

/// Body: the two user ids. Returns the existing channel when there is one.
async fn create_direct(
    State(app): State<AppState>,
    caller: Caller,
    Json(ids): Json<Vec<String>>,
) -> Result<(StatusCode, Json<Channel>)> {
    check_ids(&ids, 2, "user_ids")?;
    let channel = app.create_direct_channel(&caller, &ids).await?;
    Ok((StatusCode::CREATED, Json(channel)))
}

/// Body: the other users' ids (the caller is added). Returns the existing channel when there is one.
async fn create_group(
    State(app): State<AppState>,
    caller: Caller,
    Json(ids): Json<Vec<String>>,
) -> Result<(StatusCode, Json<Channel>)> {
    check_ids(&ids, crate::app::MAX_GROUP_MEMBERS, "user_ids")?;
    let channel = app.create_group_channel(&caller, &ids).await?;
    Ok((StatusCode::CREATED, Json(channel)))
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

/// A whole channel whose `id` matches the path; empty fields keep their stored values.
async fn update_channel(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
    Json(channel): Json<Channel>,
) -> Result<Json<Channel>> {
    check_id(&channel_id, "channel_id")?;
    if channel.id != channel_id {
        return Err(Error::invalid_param("id"));
    }
    let patch = ChannelPatch::from_update(channel);
    Ok(Json(app.patch_channel(&caller, &channel_id, patch).await?))
}

async fn patch_channel(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
    Json(patch): Json<ChannelPatch>,
) -> Result<Json<Channel>> {
    check_id(&channel_id, "channel_id")?;
    Ok(Json(app.patch_channel(&caller, &channel_id, patch).await?))
}

async fn archive_channel(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
) -> Result<Json<Value>> {
    check_id(&channel_id, "channel_id")?;
    app.archive_channel(&caller, &channel_id).await?;
    Ok(status_ok())
}

async fn restore_channel(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
) -> Result<Json<Channel>> {
    check_id(&channel_id, "channel_id")?;
    Ok(Json(app.restore_channel(&caller, &channel_id).await?))
}

#[derive(serde::Deserialize)]
struct PrivacyBody {
    privacy: String,
}

async fn set_privacy(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
    Json(body): Json<PrivacyBody>,
) -> Result<Json<Channel>> {
    check_id(&channel_id, "channel_id")?;
    Ok(Json(
        app.set_channel_privacy(&caller, &channel_id, &body.privacy)
            .await?,
    ))
}

async fn channel_stats(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
) -> Result<Json<ChannelStats>> {
    check_id(&channel_id, "channel_id")?;
    Ok(Json(app.channel_stats(&caller, &channel_id).await?))
}
