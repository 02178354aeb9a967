//! Posts: create, read, edit, pin, delete; channel pages, threads, pinned posts, and unread state.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde::Deserialize;
use serde_json::Value;

use super::extract::{Json, Path, Query, check_id, user_id_param};
use super::status_ok;
use crate::app::{
    AppState, Caller, ChannelPostsQuery, ChannelUnreadAt, Error, NewPost, PostPatch, Result,
    ThreadQuery,
};
use crate::model::{Post, PostList};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/posts", post(create_post))
        .route("/posts/ids", post(posts_by_ids))
        .route(
            "/posts/{post_id}",
            get(get_post).put(update_post).delete(delete_post),
        )
        .route("/posts/{post_id}/patch", put(patch_post))
        .route("/posts/{post_id}/thread", get(post_thread))
        .route("/posts/{post_id}/pin", post(pin))
        .route("/posts/{post_id}/unpin", post(unpin))
        .route("/channels/{channel_id}/posts", get(channel_posts))
        .route("/channels/{channel_id}/pinned", get(pinned_posts))
        .route(
            "/users/{user_id}/channels/{channel_id}/posts/unread",
            get(posts_around_unread),
        )
        .route(
            "/users/{user_id}/posts/{post_id}/set_unread",
            post(set_unread),
        )
}

async fn create_post(
    State(app): State<AppState>,
    caller: Caller,
    Json(new): Json<NewPost>,
) -> Result<(StatusCode, Json<Post>)> {
    check_id(&new.channel_id, "channel_id")?;
    Ok((
        StatusCode::CREATED,
        Json(app.create_post(&caller, new).await?),
    ))
}

async fn posts_by_ids(
    State(app): State<AppState>,
    caller: Caller,
    Json(ids): Json<Vec<String>>,
) -> Result<Json<Vec<Post>>> {
    ids.iter().try_for_each(|id| check_id(id, "post_ids"))?;
    Ok(Json(app.posts_by_ids(&caller, &ids).await?))
}

async fn get_post(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
) -> Result<Json<Post>> {
    check_id(&post_id, "post_id")?;
    Ok(Json(app.get_post(&caller, &post_id).await?))
}

async fn update_post(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
    Json(post): Json<Post>,
) -> Result<Json<Post>> {
    check_id(&post_id, "post_id")?;
    if !post.id.is_empty() && post.id != post_id {
        return Err(Error::invalid_param("id"));
    }
    let patch = PostPatch::from(post);
    Ok(Json(app.patch_post(&caller, &post_id, patch, false).await?))
}

async fn patch_post(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
    Json(patch): Json<PostPatch>,
) -> Result<Json<Post>> {
    check_id(&post_id, "post_id")?;
    Ok(Json(app.patch_post(&caller, &post_id, patch, false).await?))
}

async fn delete_post(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
) -> Result<Json<Value>> {
    check_id(&post_id, "post_id")?;
    app.delete_post(&caller, &post_id).await?;
    Ok(status_ok())
}

async fn post_thread(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
    Query(q): Query<ThreadQuery>,
) -> Result<Json<PostList>> {
    check_id(&post_id, "post_id")?;
    Ok(Json(app.post_thread(&caller, &post_id, q).await?))
}

async fn set_pinned(
    app: AppState,
    caller: Caller,
    post_id: String,
    pinned: bool,
) -> Result<Json<Value>> {
    check_id(&post_id, "post_id")?;
    let patch = PostPatch {
        is_pinned: Some(pinned),
        ..PostPatch::default()
    };
    app.patch_post(&caller, &post_id, patch, true).await?;
    Ok(status_ok())
}

async fn pin(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
) -> Result<Json<Value>> {
    set_pinned(app, caller, post_id, true).await
}

async fn unpin(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
) -> Result<Json<Value>> {
    set_pinned(app, caller, post_id, false).await
}

async fn channel_posts(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
    Query(q): Query<ChannelPostsQuery>,
) -> Result<Json<PostList>> {
    check_id(&channel_id, "channel_id")?;
    for (id, name) in [(&q.before, "before"), (&q.after, "after")] {
        if !id.is_empty() {
            check_id(id, name)?;
        }
    }
    Ok(Json(app.channel_posts(&caller, &channel_id, q).await?))
}

async fn pinned_posts(
    State(app): State<AppState>,
    caller: Caller,
    Path(channel_id): Path<String>,
) -> Result<Json<PostList>> {
    check_id(&channel_id, "channel_id")?;
    Ok(Json(app.pinned_posts(&caller, &channel_id).await?))
}

#[derive(Debug, Deserialize)]
#[serde(default)]
struct AroundUnread {
    limit_before: i64,
    limit_after: i64,
}

impl Default for AroundUnread {
    fn default() -> Self {
        Self {
            limit_before: 60,
            limit_after: 60,
        }
    }
}

async fn posts_around_unread(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, channel_id)): Path<(String, String)>,
    Query(q): Query<AroundUnread>,
) -> Result<Json<PostList>> {
    let user_id = user_id_param(&caller, &user_id)?;
    check_id(&channel_id, "channel_id")?;
    if q.limit_after <= 0 {
        return Err(Error::invalid_param("limit_after"));
    }
    if q.limit_before < 0 {
        return Err(Error::invalid_param("limit_before"));
    }
    let list = app
        .posts_around_unread(
            &caller,
            &user_id,
            &channel_id,
            q.limit_before,
            q.limit_after,
        )
        .await?;
    Ok(Json(list))
}

async fn set_unread(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, post_id)): Path<(String, String)>,
) -> Result<Json<ChannelUnreadAt>> {
    let user_id = user_id_param(&caller, &user_id)?;
    check_id(&post_id, "post_id")?;
    Ok(Json(
        app.mark_unread_from_post(&caller, &user_id, &post_id)
            .await?,
    ))
}
