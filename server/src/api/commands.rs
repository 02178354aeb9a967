//! Slash commands: `/commands` (custom commands and execution) and the team autocomplete lists.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::extract::{Json, Path, Query, check_id};
use super::status_ok;
use crate::app::{AppState, Caller, CommandArgs, MoveCommand, Result};
use crate::model::{Command, CommandResponse};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/commands", post(create_command).get(list_commands))
        .route("/commands/execute", post(execute_command))
        .route(
            "/commands/{command_id}",
            get(get_command).put(update_command).delete(delete_command),
        )
        .route("/commands/{command_id}/move", put(move_command))
        .route("/commands/{command_id}/regen_token", put(regen_token))
        .route("/teams/{team_id}/commands/autocomplete", get(autocomplete))
        .route(
            "/teams/{team_id}/commands/autocomplete_suggestions",
            get(autocomplete_suggestions),
        )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListQuery {
    team_id: String,
    custom_only: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SuggestionQuery {
    user_input: String,
}

/// Mattermost's `AutocompleteSuggestion` (its JSON keys are capitalised).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Suggestion {
    complete: String,
    suggestion: String,
    hint: String,
    description: String,
    icon_data: String,
}

async fn create_command(
    State(app): State<AppState>,
    caller: Caller,
    Json(new): Json<Command>,
) -> Result<(StatusCode, Json<Command>)> {
    check_id(&new.team_id, "team_id")?;
    Ok((
        StatusCode::CREATED,
        Json(app.create_command(&caller, new).await?),
    ))
}

async fn list_commands(
    State(app): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<Command>>> {
    check_id(&q.team_id, "team_id")?;
    Ok(Json(
        app.list_commands(&caller, &q.team_id, q.custom_only)
            .await?,
    ))
}

async fn get_command(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Command>> {
    check_id(&id, "command_id")?;
    Ok(Json(app.command(&caller, &id).await?))
}

async fn update_command(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(update): Json<Command>,
) -> Result<Json<Command>> {
    check_id(&id, "command_id")?;
    Ok(Json(app.update_command(&caller, &id, update).await?))
}

async fn delete_command(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    check_id(&id, "command_id")?;
    app.delete_command(&caller, &id).await?;
    Ok(status_ok())
}

async fn move_command(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<MoveCommand>,
) -> Result<Json<Value>> {
    check_id(&id, "command_id")?;
    check_id(&body.team_id, "team_id")?;
    app.move_command(&caller, &id, &body.team_id).await?;
    Ok(status_ok())
}

async fn regen_token(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    check_id(&id, "command_id")?;
    let token = app.regenerate_command_token(&caller, &id).await?;
    Ok(Json(json!({ "token": token })))
}

async fn execute_command(
    State(app): State<AppState>,
    caller: Caller,
    Json(args): Json<CommandArgs>,
) -> Result<Json<CommandResponse>> {
    check_id(&args.channel_id, "channel_id")?;
    Ok(Json(app.execute_command(&caller, args).await?))
}

async fn autocomplete(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
) -> Result<Json<Vec<Command>>> {
    check_id(&team_id, "team_id")?;
    Ok(Json(app.autocomplete_commands(&caller, &team_id).await?))
}

/// Suggestions for what the user typed: the commands whose trigger starts with it.
async fn autocomplete_suggestions(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Query(q): Query<SuggestionQuery>,
) -> Result<Json<Vec<Suggestion>>> {
    check_id(&team_id, "team_id")?;
    let typed = q.user_input.trim_start_matches('/').to_lowercase();
    let commands = app.autocomplete_commands(&caller, &team_id).await?;
    let suggestions = commands
        .into_iter()
        .filter(|c| !typed.contains(' ') && c.trigger.starts_with(&typed))
        .map(|c| Suggestion {
            complete: c.trigger.clone(),
            suggestion: format!("/{}", c.trigger),
            hint: c.auto_complete_hint,
            description: c.auto_complete_desc,
            icon_data: String::new(),
        })
        .collect();
    Ok(Json(suggestions))
}
