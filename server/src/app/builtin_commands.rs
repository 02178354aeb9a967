//! The built-in slash commands (`/join`, `/leave`, `/me`, `/msg`, `/away`, `/online`, `/dnd`,
//! `/offline`, `/header`, `/purpose`, `/invite`, `/kick`, `/remove`, `/search`, `/shrug`,
//! `/help`). Each one calls the same app function the REST API uses; a refusal (no
//! permission, unknown channel) is answered ephemerally, as Mattermost does.

use super::commands::{EPHEMERAL, IN_CHANNEL};
use super::{AWAY, DND, OFFLINE, ONLINE};
use super::{App, Caller, ChannelPatch, Error, ErrorKind, NewPost, Result, StatusUpdate};
use crate::model::{Channel, Command, CommandResponse};

/// Where a command runs.
pub(super) struct Context {
    pub channel: Channel,
    pub team_id: String,
    pub root_id: String,
    /// What follows the trigger, trimmed.
    pub text: String,
}

/// `(trigger, hint, description)` of every built-in command.
const BUILTINS: [(&str, &str, &str); 16] = [
    ("away", "", "Set your status away"),
    (
        "dnd",
        "",
        "Do not disturb: no notifications until you are back",
    ),
    ("header", "[text]", "Edit the channel header"),
    ("help", "", "Open the help"),
    (
        "invite",
        "@[username] [~channel]",
        "Invite a user to a channel",
    ),
    ("join", "~[channel]", "Join the open channel"),
    ("kick", "@[username]", "Remove a member from the channel"),
    ("leave", "", "Leave the current channel"),
    ("me", "[message]", "Do an action"),
    (
        "msg",
        "@[username] [message]",
        "Send a direct message to a user",
    ),
    ("offline", "", "Set your status offline"),
    ("online", "", "Set your status online"),
    ("purpose", "[text]", "Edit the channel purpose"),
    ("remove", "@[username]", "Remove a member from the channel"),
    ("search", "[text]", "Search text in messages"),
    ("shrug", "[message]", "Adds ¯\\_(ツ)_/¯ to your message"),
];

/// The built-in commands as `Command`s, for command lists and autocomplete.
pub(super) fn builtin_commands() -> Vec<Command> {
    BUILTINS
        .iter()
        .map(|&(trigger, hint, desc)| Command {
            trigger: trigger.into(),
            auto_complete: true,
            auto_complete_hint: hint.into(),
            auto_complete_desc: desc.into(),
            display_name: trigger.into(),
            description: desc.into(),
            ..Command::default()
        })
        .collect()
}

fn ephemeral(text: impl Into<String>) -> CommandResponse {
    CommandResponse {
        response_type: EPHEMERAL.into(),
        text: text.into(),
        ..CommandResponse::default()
    }
}

fn goto(location: String) -> CommandResponse {
    CommandResponse {
        response_type: EPHEMERAL.into(),
        goto_location: location,
        ..CommandResponse::default()
    }
}

/// Refusals become an ephemeral answer; failures of the server stay errors.
fn answer(result: Result<CommandResponse>) -> Result<CommandResponse> {
    match result {
        Err(e) if !matches!(e.kind, ErrorKind::Internal | ErrorKind::Unavailable) => {
            Ok(ephemeral(e.message))
        }
        other => other,
    }
}

/// The `@name` (or bare name) at the start of `text`, and the rest.
fn split_name(text: &str, sigil: char) -> (String, &str) {
    let (name, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    (name.trim_start_matches(sigil).to_lowercase(), rest.trim())
}

impl App {
    /// Runs a built-in command; `None` when `trigger` is not one.
    pub(super) async fn run_builtin(
        &self,
        caller: &Caller,
        ctx: &Context,
        trigger: &str,
    ) -> Result<Option<CommandResponse>> {
        let result = match trigger {
            "join" => self.cmd_join(caller, ctx).await,
            "leave" => self.cmd_leave(caller, ctx).await,
            "me" => Ok(in_channel(format!("*{}*", ctx.text), "me")),
            "shrug" => Ok(in_channel(shrug(&ctx.text), "")),
            "msg" => self.cmd_msg(caller, ctx).await,
            "away" => self.cmd_status(caller, AWAY, "You are now away").await,
            "online" => self.cmd_status(caller, ONLINE, "You are now online").await,
            "offline" => self.cmd_status(caller, OFFLINE, "You are now offline").await,
            "dnd" => self.cmd_status(caller, DND, "Do Not Disturb is enabled. You will not receive desktop or mobile push notifications until Do Not Disturb is turned off.").await,
            "header" => self.cmd_patch(caller, ctx, true).await,
            "purpose" => self.cmd_patch(caller, ctx, false).await,
            "invite" => self.cmd_invite(caller, ctx).await,
            "kick" | "remove" => self.cmd_kick(caller, ctx).await,
            // Searching happens in the app's search box; Mattermost's server answers the same.
            "search" => Ok(ephemeral("Search is done in the search box at the top of the app.")),
            "help" => Ok(ephemeral(help_text())),
            _ => return Ok(None),
        };
        answer(result).map(Some)
    }

    /// `SiteURL/<team>/channels/<name>`, the location clients open.
    async fn channel_location(&self, team_id: &str, channel_name: &str) -> Result<String> {
        let team = self
            .store
            .team(team_id)
            .await?
            .map(|t| t.name)
            .unwrap_or_default();
        let config = self.config();
        let site = config.service_settings.site_url.trim_end_matches('/');
        Ok(format!("{site}/{team}/channels/{channel_name}"))
    }

    async fn named_channel(&self, ctx: &Context, name: &str) -> Result<Channel> {
        let name = name.trim_start_matches('~').to_lowercase();
        self.store
            .channel_by_name(&ctx.team_id, &name)
            .await?
            .filter(|c| c.delete_at == 0 && !name.is_empty())
            .ok_or_else(|| {
                Error::bad_request(
                    "api.command_join.missing.app_error",
                    "We couldn't find the channel.",
                )
            })
    }

    async fn cmd_join(&self, caller: &Caller, ctx: &Context) -> Result<CommandResponse> {
        let (name, _) = split_name(&ctx.text, '~');
        let channel = self.named_channel(ctx, &name).await?;
        self.add_channel_member(caller, &channel.id, caller.user_id())
            .await?;
        Ok(goto(
            self.channel_location(&ctx.team_id, &channel.name).await?,
        ))
    }

    async fn cmd_leave(&self, caller: &Caller, ctx: &Context) -> Result<CommandResponse> {
        self.remove_channel_member(caller, &ctx.channel.id, caller.user_id())
            .await?;
        Ok(goto(
            self.channel_location(&ctx.team_id, super::channels::DEFAULT_CHANNEL)
                .await?,
        ))
    }

    async fn named_user(&self, name: &str) -> Result<crate::model::User> {
        self.store
            .user_by_username(name)
            .await?
            .filter(|u| u.delete_at == 0)
            .ok_or_else(|| {
                Error::bad_request(
                    "api.command_msg.missing.app_error",
                    "We couldn't find the user.",
                )
            })
    }

    async fn cmd_msg(&self, caller: &Caller, ctx: &Context) -> Result<CommandResponse> {
        let (name, message) = split_name(&ctx.text, '@');
        let user = self.named_user(&name).await?;
        let ids = [caller.user.id.clone(), user.id];
        let channel = self.create_direct_channel(caller, &ids).await?;
        if !message.is_empty() {
            let new = NewPost {
                channel_id: channel.id.clone(),
                message: message.to_owned(),
                ..NewPost::default()
            };
            self.create_post(caller, new).await?;
        }
        Ok(goto(
            self.channel_location(&ctx.team_id, &channel.name).await?,
        ))
    }

    async fn cmd_status(
        &self,
        caller: &Caller,
        status: &str,
        text: &str,
    ) -> Result<CommandResponse> {
        let update = StatusUpdate {
            user_id: caller.user.id.clone(),
            status: status.into(),
            dnd_end_time: 0,
        };
        self.update_status(caller, caller.user_id(), update).await?;
        Ok(ephemeral(text))
    }

    async fn cmd_patch(
        &self,
        caller: &Caller,
        ctx: &Context,
        header: bool,
    ) -> Result<CommandResponse> {
        if ctx.text.is_empty() {
            return Ok(ephemeral(if header {
                "Header text required."
            } else {
                "Purpose text required."
            }));
        }
        let text = Some(ctx.text.clone());
        let patch = if header {
            ChannelPatch {
                header: text,
                ..ChannelPatch::default()
            }
        } else {
            ChannelPatch {
                purpose: text,
                ..ChannelPatch::default()
            }
        };
        self.patch_channel(caller, &ctx.channel.id, patch).await?;
        Ok(ephemeral(""))
    }

    async fn cmd_invite(&self, caller: &Caller, ctx: &Context) -> Result<CommandResponse> {
        let (name, rest) = split_name(&ctx.text, '@');
        let user = self.named_user(&name).await?;
        let channel = match rest.split_whitespace().next() {
            Some(channel) => self.named_channel(ctx, channel).await?,
            None => ctx.channel.clone(),
        };
        self.add_channel_member(caller, &channel.id, &user.id)
            .await?;
        Ok(ephemeral(format!(
            "@{} added to ~{}.",
            user.username, channel.name
        )))
    }

    async fn cmd_kick(&self, caller: &Caller, ctx: &Context) -> Result<CommandResponse> {
        let (name, _) = split_name(&ctx.text, '@');
        let user = self.named_user(&name).await?;
        self.remove_channel_member(caller, &ctx.channel.id, &user.id)
            .await?;
        Ok(ephemeral(format!(
            "@{} removed from the channel.",
            user.username
        )))
    }
}

fn in_channel(text: String, post_type: &str) -> CommandResponse {
    CommandResponse {
        response_type: IN_CHANNEL.into(),
        text,
        post_type: post_type.into(),
        ..CommandResponse::default()
    }
}

fn shrug(text: &str) -> String {
    let shrug = "¯\\\\\\_(ツ)\\_/¯";
    if text.is_empty() {
        shrug.into()
    } else {
        format!("{text} {shrug}")
    }
}

fn help_text() -> String {
    let mut text = String::from("Built-in slash commands:\n");
    for (trigger, hint, desc) in BUILTINS {
        text.push_str(&format!("- `/{trigger} {hint}` {desc}\n"));
    }
    text
}
