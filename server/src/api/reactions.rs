//! Reactions: add, remove, and list for one or many posts.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use serde_json::Value;

use super::extract::{Json, Path, check_id, user_id_param};
use super::status_ok;
use crate::app::{AppState, Caller, Result};
use crate::model::Reaction;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reactions", post(add_reaction))
        .route(
            "/users/{user_id}/posts/{post_id}/reactions/{emoji_name}",
            delete(remove_reaction),
        )
        .route("/posts/{post_id}/reactions", get(post_reactions))
        .route("/posts/ids/reactions", post(reactions_by_post_ids))
}

async fn add_reaction(
    State(app): State<AppState>,
    caller: Caller,
    Json(reaction): Json<Reaction>,
) -> Result<(StatusCode, Json<Reaction>)> {
    check_id(&reaction.user_id, "user_id")?;
    check_id(&reaction.post_id, "post_id")?;
    Ok((
        StatusCode::CREATED,
        Json(app.add_reaction(&caller, reaction).await?),
    ))
}

async fn remove_reaction(
    State(app): State<AppState>,
    caller: Caller,
    Path((user_id, post_id, emoji_name)): Path<(String, String, String)>,
) -> Result<Json<Value>> {
    let user_id = user_id_param(&caller, &user_id)?;
    check_id(&post_id, "post_id")?;
    let reaction = Reaction {
        user_id,
        post_id,
        emoji_name,
        create_at: 0,
    };
    app.remove_reaction(&caller, reaction).await?;
    Ok(status_ok())
}

async fn post_reactions(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
) -> Result<Json<Vec<Reaction>>> {
    check_id(&post_id, "post_id")?;
    Ok(Json(app.post_reactions(&caller, &post_id).await?))
}

async fn reactions_by_post_ids(
    State(app): State<AppState>,
    caller: Caller,
    Json(ids): Json<Vec<String>>,
) -> Result<Json<HashMap<String, Vec<Reaction>>>> {
    ids.iter().try_for_each(|id| check_id(id, "post_ids"))?;
    Ok(Json(app.reactions_by_post_ids(&caller, &ids).await?))
}
