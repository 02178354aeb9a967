//! Making a public channel private and back (`PUT /channels/{id}/privacy`). As in Mattermost,
//! people who may manage the channel can make it private; only team and system admins can open
//! a private channel to the whole team. The team's default channel stays public.

use serde_json::json;

use super::channels::DEFAULT_CHANNEL;
use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelType, now_millis};
use crate::ws::{Broadcast, Event};

impl App {
    pub async fn set_channel_privacy(
        &self,
        caller: &Caller,
        channel_id: &str,
        privacy: &str,
    ) -> Result<Channel> {
        let target = match privacy {
            "O" => ChannelType::Open,
            "P" => ChannelType::Private,
            _ => return Err(Error::invalid_param("privacy")),
        };
        let mut channel = self
            .store
            .channel(channel_id)
            .await?
            .ok_or_else(|| Error::not_found("channel"))?;
        // Team and system admins manage every channel of the team, member or not; others need
        // to see the channel and may only make it private.
        let team_admin =
            !channel.team_id.is_empty() && self.is_team_admin(caller, &channel.team_id).await?;
        if !team_admin {
            let access = self.channel_access(caller, channel_id).await?;
            if target != ChannelType::Private || !self.can_manage_channel(caller, &access).await? {
                return Err(Error::forbidden());
            }
        }
        let current = channel.kind();
        if !matches!(current, Some(ChannelType::Open | ChannelType::Private))
            || channel.delete_at != 0
            || channel.name == DEFAULT_CHANNEL
        {
            return Err(Error::bad_request(
                "api.channel.update_channel_privacy.default_channel_error",
                "Only active public or private channels other than the default channel can change privacy.",
            ));
        }
        if current == Some(target) {
            return Ok(channel);
        }
        channel.channel_type = privacy.to_owned();
        channel.update_at = now_millis();
        self.store
            .set_channel_type(&channel.id, privacy, channel.update_at)
            .await?;
        tracing::info!(channel_id = %channel.id, privacy, by = %caller.user_id(), "channel privacy changed");
        self.hub.publish(Event {
            event: "channel_converted",
            data: json!({"channel_id": channel.id}),
            broadcast: Broadcast {
                team_id: channel.team_id.clone(),
                ..Broadcast::default()
            },
        });
        self.publish_channel_updated(&channel);
        Ok(channel)
    }
}
