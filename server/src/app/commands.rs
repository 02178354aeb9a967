//! Slash commands: custom commands (CRUD by team admins; executing one calls its URL and shows
//! the answer ephemerally or posts it in the channel) and `POST /commands/execute`, which tries
//! the built-in commands first.

use reqwest::header;
use serde::Deserialize;

use super::builtin_commands::{Context, builtin_commands};
use super::integrations::{
    MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_URL_CHARS, check_len, disabled,
};
use super::outbound::{Body, parse_url};
use super::webhook_posts::IntegrationMessage;
use super::{App, Caller, Error, OrConflict, Result};
use crate::model::{Command, CommandResponse, new_id, now_millis};

pub(super) const EPHEMERAL: &str = "ephemeral";
pub(super) const IN_CHANNEL: &str = "in_channel";
/// Longest command line accepted.
const MAX_COMMAND_CHARS: usize = 4096;
const MAX_TRIGGER_CHARS: usize = 128;

/// `POST /commands/execute` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommandArgs {
    pub channel_id: String,
    pub team_id: String,
    pub command: String,
    pub root_id: String,
    pub parent_id: String,
}

/// `PUT /commands/{id}/move` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveCommand {
    pub team_id: String,
}

fn check_command(c: &Command) -> Result<()> {
    let trigger_ok = !c.trigger.is_empty()
        && c.trigger.chars().count() <= MAX_TRIGGER_CHARS
        && !c.trigger.starts_with('/')
        && !c.trigger.contains(char::is_whitespace);
    if !trigger_ok {
        return Err(Error::bad_request(
            "model.command.is_valid.trigger.app_error",
            "Invalid trigger.",
        ));
    }
    if !matches!(c.method.as_str(), "P" | "G") {
        return Err(Error::bad_request(
            "model.command.is_valid.method.app_error",
            "Invalid method: use P or G.",
        ));
    }
    if parse_url(&c.url).is_none() {
        return Err(Error::bad_request(
            "model.command.is_valid.url.app_error",
            "Invalid URL: use an http or https URL.",
        ));
    }
    check_len(&c.username, MAX_NAME_CHARS, "username")?;
    check_len(&c.icon_url, MAX_URL_CHARS, "icon_url")?;
    check_len(&c.display_name, MAX_NAME_CHARS, "display_name")?;
    check_len(&c.description, MAX_DESCRIPTION_CHARS, "description")?;
    check_len(
        &c.auto_complete_desc,
        MAX_DESCRIPTION_CHARS,
        "auto_complete_desc",
    )?;
    check_len(
        &c.auto_complete_hint,
        MAX_DESCRIPTION_CHARS,
        "auto_complete_hint",
    )
}

const DUPLICATE_TRIGGER: &str = "This trigger word is already in use. Please choose another word.";

impl App {
    fn require_commands_enabled(&self) -> Result<()> {
        if self.config().service_settings.enable_commands {
            Ok(())
        } else {
            Err(disabled(
                "api.command.disabled.app_error",
                "Custom slash commands",
            ))
        }
    }

    /// Saves `c` after checking it; `Conflict` becomes Mattermost's duplicate-trigger error.
    async fn save_checked_command(&self, c: &Command) -> Result<()> {
        check_command(c)?;
        if builtin_commands().iter().any(|b| b.trigger == c.trigger) {
            return Err(Error::bad_request(
                "api.command.duplicate_trigger.app_error",
                DUPLICATE_TRIGGER,
            ));
        }
        self.store
            .save_command(c)
            .await
            .or_conflict("api.command.duplicate_trigger.app_error", DUPLICATE_TRIGGER)
    }

    pub async fn create_command(&self, caller: &Caller, new: Command) -> Result<Command> {
        self.require_commands_enabled()?;
        self.visible_team(caller, &new.team_id).await?;
        self.require_integration_manager(caller, &new.team_id)
            .await?;
        let now = now_millis();
        let command = Command {
            id: new_id(),
            token: new_id(),
            create_at: now,
            update_at: now,
            delete_at: 0,
            creator_id: caller.user.id.clone(),
            trigger: new.trigger.trim().to_lowercase(),
            ..new
        };
        self.save_checked_command(&command).await?;
        tracing::info!(command_id = %command.id, trigger = %command.trigger, "slash command created");
        Ok(command)
    }

    async fn managed_command(&self, caller: &Caller, id: &str) -> Result<Command> {
        self.require_commands_enabled()?;
        let command = self
            .store
            .command(id)
            .await?
            .ok_or_else(|| Error::not_found("command"))?;
        self.require_integration_manager(caller, &command.team_id)
            .await
            .map_err(|_| Error::not_found("command"))?;
        Ok(command)
    }

    pub async fn command(&self, caller: &Caller, id: &str) -> Result<Command> {
        self.managed_command(caller, id).await
    }

    /// `GET /commands?team_id=`: built-in commands (unless `custom_only`) and, for those who
    /// manage the team's integrations, its custom commands.
    pub async fn list_commands(
        &self,
        caller: &Caller,
        team_id: &str,
        custom_only: bool,
    ) -> Result<Vec<Command>> {
        self.require_team_member(caller, team_id).await?;
        let manager = self
            .require_integration_manager(caller, team_id)
            .await
            .is_ok();
        if custom_only && !manager {
            return Err(Error::forbidden());
        }
        let mut commands = if custom_only {
            vec![]
        } else {
            builtin_commands()
        };
        if manager && self.config().service_settings.enable_commands {
            commands.extend(self.store.team_commands(team_id).await?);
        }
        Ok(commands)
    }

    /// Commands offered in the message box's autocomplete: built-ins and the team's custom
    /// commands that asked for it (without their secrets).
    pub async fn autocomplete_commands(
        &self,
        caller: &Caller,
        team_id: &str,
    ) -> Result<Vec<Command>> {
        self.require_team_member(caller, team_id).await?;
        let mut commands = builtin_commands();
        if self.config().service_settings.enable_commands {
            let custom = self.store.team_commands(team_id).await?;
            commands.extend(
                custom
                    .into_iter()
                    .filter(|c| c.auto_complete)
                    .map(|c| Command {
                        token: String::new(),
                        url: String::new(),
                        ..c
                    }),
            );
        }
        Ok(commands)
    }

    pub async fn update_command(
        &self,
        caller: &Caller,
        id: &str,
        update: Command,
    ) -> Result<Command> {
        let current = self.managed_command(caller, id).await?;
        if !update.team_id.is_empty() && update.team_id != current.team_id {
            return Err(Error::invalid_param("team_id"));
        }
        let command = Command {
            id: current.id,
            token: current.token,
            create_at: current.create_at,
            update_at: now_millis(),
            delete_at: 0,
            creator_id: current.creator_id,
            team_id: current.team_id,
            trigger: update.trigger.trim().to_lowercase(),
            ..update
        };
        self.save_checked_command(&command).await?;
        Ok(command)
    }

    pub async fn move_command(&self, caller: &Caller, id: &str, team_id: &str) -> Result<()> {
        let mut command = self.managed_command(caller, id).await?;
        self.visible_team(caller, team_id).await?;
        self.require_integration_manager(caller, team_id).await?;
        command.team_id = team_id.to_owned();
        command.update_at = now_millis();
        self.save_checked_command(&command).await
    }

    pub async fn regenerate_command_token(&self, caller: &Caller, id: &str) -> Result<String> {
        let mut command = self.managed_command(caller, id).await?;
        command.token = new_id();
        command.update_at = now_millis();
        self.store.save_command(&command).await?;
        Ok(command.token)
    }

    pub async fn delete_command(&self, caller: &Caller, id: &str) -> Result<()> {
        let command = self.managed_command(caller, id).await?;
        self.store.delete_command(&command.id).await?;
        Ok(())
    }

    /// Runs `/trigger text` in a channel the caller can read: a built-in command, else the
    /// team's custom command. The answer is shown or posted, then returned.
    pub async fn execute_command(
        &self,
        caller: &Caller,
        args: CommandArgs,
    ) -> Result<CommandResponse> {
        let line = args.command.trim();
        let Some(rest) = line
            .strip_prefix('/')
            .filter(|_| line.chars().count() <= MAX_COMMAND_CHARS)
        else {
            return Err(Error::bad_request(
                "api.command.execute_command.format.app_error",
                "Command must start with a slash and be of bounded length.",
            ));
        };
        let (trigger, text) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let trigger = trigger.to_lowercase();
        let channel = self.channel_access(caller, &args.channel_id).await?.channel;
        let team_id = if channel.team_id.is_empty() {
            args.team_id
        } else {
            channel.team_id.clone()
        };
        let root_id = if args.root_id.is_empty() {
            args.parent_id
        } else {
            args.root_id
        };
        let ctx = Context {
            channel,
            team_id,
            root_id,
            text: text.trim().to_owned(),
        };
        if let Some(response) = self.run_builtin(caller, &ctx, &trigger).await? {
            return self
                .show_command_response(caller, &ctx, response, false)
                .await;
        }
        let custom = match ctx.team_id.as_str() {
            "" => None,
            team_id => self.store.command_by_trigger(team_id, &trigger).await?,
        };
        let Some(command) = custom.filter(|_| self.config().service_settings.enable_commands)
        else {
            return Err(Error::new(
                super::ErrorKind::NotFound,
                "api.command.execute_command.not_found.app_error",
                format!("Command with a trigger of '/{trigger}' not found."),
            ));
        };
        let mut response = self.call_custom_command(caller, &ctx, &command).await?;
        if response.username.is_empty() {
            response.username = command.username.clone();
        }
        if response.icon_url.is_empty() {
            response.icon_url = command.icon_url.clone();
        }
        self.show_command_response(caller, &ctx, response, true)
            .await
    }

    /// Calls a custom command's URL with Mattermost's fields.
    async fn call_custom_command(
        &self,
        caller: &Caller,
        ctx: &Context,
        command: &Command,
    ) -> Result<CommandResponse> {
        let team = self.store.team(&ctx.team_id).await?;
        let fields = vec![
            ("token", command.token.clone()),
            ("team_id", ctx.team_id.clone()),
            ("team_domain", team.map(|t| t.name).unwrap_or_default()),
            ("channel_id", ctx.channel.id.clone()),
            ("channel_name", ctx.channel.name.clone()),
            ("user_id", caller.user.id.clone()),
            ("user_name", caller.user.username.clone()),
            ("command", format!("/{}", command.trigger)),
            ("text", ctx.text.clone()),
            ("response_url", String::new()),
            ("trigger_id", String::new()),
        ];
        let auth = [(header::AUTHORIZATION, format!("Token {}", command.token))];
        let reply = if command.method == "G" {
            self.outbound.get(&command.url, fields, &auth).await
        } else {
            self.outbound
                .post(&command.url, Body::Form(fields), &auth)
                .await
        };
        let reply = reply.map_err(|e| {
            tracing::warn!(command_id = %command.id, url = %command.url, error = %e, "slash command call failed");
            Error::new(
                super::ErrorKind::Internal,
                "api.command.execute_command.failed.app_error",
                format!("Command with a trigger of '/{}' failed.", command.trigger),
            )
        })?;
        if reply.content_type.starts_with("application/json") {
            return serde_json::from_slice(&reply.body).map_err(|_| {
                Error::bad_request(
                    "api.command.execute_command.failed_resp.app_error",
                    format!(
                        "Command with a trigger of '/{}' returned an invalid response.",
                        command.trigger
                    ),
                )
            });
        }
        Ok(CommandResponse {
            text: String::from_utf8_lossy(&reply.body).into_owned(),
            ..CommandResponse::default()
        })
    }

    /// Shows a command's answer: `in_channel` answers become posts by the caller, anything else
    /// an ephemeral message to the caller alone.
    async fn show_command_response(
        &self,
        caller: &Caller,
        ctx: &Context,
        mut response: CommandResponse,
        from_webhook: bool,
    ) -> Result<CommandResponse> {
        if response.response_type != IN_CHANNEL {
            response.response_type = EPHEMERAL.into();
        }
        let has_attachments = response
            .attachments
            .as_array()
            .is_some_and(|a| !a.is_empty());
        if response.text.is_empty() && !has_attachments {
            return Ok(response);
        }
        let msg = IntegrationMessage {
            text: response.text.clone(),
            username: response.username.clone(),
            icon_url: response.icon_url.clone(),
            props: response.props.clone(),
            attachments: response.attachments.clone(),
            post_type: response.post_type.clone(),
            root_id: ctx.root_id.clone(),
        };
        if response.response_type == IN_CHANNEL {
            let (channel, _) = self.channel_membership(caller, &ctx.channel.id).await?;
            self.post_from_integration(caller, &channel, msg, from_webhook)
                .await?;
        } else {
            self.send_ephemeral(caller, &ctx.channel.id, msg)?;
        }
        Ok(response)
    }
}
