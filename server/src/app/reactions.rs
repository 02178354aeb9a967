//! Emoji reactions: adding and removing one's own, and reading them for one or many posts.

use std::collections::HashMap;

use serde_json::json;

use super::posts::json_string;
use super::{App, Caller, Error, Result};
use crate::model::{Reaction, now_millis};

/// Different emojis one post may carry (Mattermost's default `UniqueEmojiReactionLimitPerPost`).
pub const MAX_EMOJIS_PER_POST: i64 = 50;
/// Most post ids accepted by the bulk reactions endpoint.
pub const MAX_REACTION_POST_IDS: usize = 200;

/// Emoji names are 1 to 64 letters, digits, `_`, `+` or `-`.
pub fn is_valid_emoji_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
}

impl App {
    /// Adds the caller's reaction to a post in a channel they are a member of.
    pub async fn add_reaction(&self, caller: &Caller, r: Reaction) -> Result<Reaction> {
        if r.user_id != caller.user.id {
            return Err(Error::forbidden());
        }
        if !is_valid_emoji_name(&r.emoji_name) {
            return Err(Error::invalid_param("emoji_name"));
        }
        let post = self.load_post(&r.post_id).await?;
        let (channel, _) = self.channel_membership(caller, &post.channel_id).await?;
        if channel.delete_at != 0 {
            return Err(Error::bad_request(
                "api.reaction.save.archived_channel.app_error",
                "You cannot react to a post in an archived channel.",
            ));
        }
        let reactions = post.metadata["reactions"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let known_emoji = reactions
            .iter()
            .any(|x| x["emoji_name"] == r.emoji_name.as_str());
        if !known_emoji && self.store.distinct_emoji_count(&post.id).await? >= MAX_EMOJIS_PER_POST {
            return Err(Error::bad_request(
                "app.reaction.save.unique_emoji_limit.app_error",
                "This post already has the most different reactions it can have.",
            ));
        }
        let reaction = Reaction {
            create_at: now_millis(),
            ..r
        };
        if self.store.insert_reaction(&reaction).await? {
            self.publish_to_channel(
                "reaction_added",
                &post.channel_id,
                json!({"reaction": json_string(&reaction)}),
            );
        }
        Ok(reaction)
    }

    /// Removes `user_id`'s reaction; only that user or a system admin may.
    pub async fn remove_reaction(&self, caller: &Caller, r: Reaction) -> Result<()> {
        caller.require_self_or_admin(&r.user_id)?;
        if !is_valid_emoji_name(&r.emoji_name) {
            return Err(Error::invalid_param("emoji_name"));
        }
        let post = self.load_post(&r.post_id).await?;
        let access = self.channel_access(caller, &post.channel_id).await?;
        if access.member.is_none() && !caller.is_system_admin() {
            return Err(Error::forbidden());
        }
        let now = now_millis();
        if self.store.delete_reaction(&r, now).await? {
            self.publish_to_channel(
                "reaction_removed",
                &post.channel_id,
                json!({"reaction": json_string(&Reaction { create_at: now, ..r })}),
            );
        }
        Ok(())
    }

    /// The reactions on one post the caller may read.
    pub async fn post_reactions(&self, caller: &Caller, post_id: &str) -> Result<Vec<Reaction>> {
        let post = self.load_post(post_id).await?;
        self.channel_access(caller, &post.channel_id).await?;
        Ok(self.store.reactions_for_posts(&[post.id]).await?)
    }

    /// Reactions for many posts, keyed by post id; posts the caller cannot read are left out.
    pub async fn reactions_by_post_ids(
        &self,
        caller: &Caller,
        post_ids: &[String],
    ) -> Result<HashMap<String, Vec<Reaction>>> {
        if post_ids.len() > MAX_REACTION_POST_IDS {
            return Err(Error::invalid_param("post_ids"));
        }
        let posts = self.store.posts_by_ids(post_ids).await?;
        let readable = self
            .readable_channels(caller, posts.iter().map(|p| p.channel_id.clone()))
            .await?;
        let ids: Vec<String> = posts
            .into_iter()
            .filter(|p| p.delete_at == 0 && readable.contains(&p.channel_id))
            .map(|p| p.id)
            .collect();
        let mut out: HashMap<String, Vec<Reaction>> =
            ids.iter().map(|id| (id.clone(), vec![])).collect();
        for r in self.store.reactions_for_posts(&ids).await? {
            out.entry(r.post_id.clone()).or_default().push(r);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_names() {
        for ok in ["+1", "smile", "thumbs_up", "-1", "a"] {
            assert!(is_valid_emoji_name(ok), "{ok}");
        }
        for bad in ["", "smile face", ":smile:", "ü", &"a".repeat(65)] {
            assert!(!is_valid_emoji_name(bad), "{bad}");
        }
    }
}
