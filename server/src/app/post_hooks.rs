//! What happens after a post is saved, besides the `posted` event: the one place features hook
//! into posting (outgoing webhooks, notifications). Every hook hands its work to a background
//! task, so none slows the request.

use super::notify::PostFacts;
use super::{App, Caller};
use crate::model::{Channel, Post};

/// A post just saved, with who sent it and whom it mentions (a direct message's other member
/// is always mentioned).
pub(super) struct SavedPost<'a> {
    pub caller: &'a Caller,
    pub channel: &'a Channel,
    pub post: &'a Post,
    pub mentioned: &'a [String],
}

impl App {
    pub(super) fn after_post_saved(&self, saved: &SavedPost<'_>) {
        self.fire_outgoing_webhooks(saved);
        self.notify_post(PostFacts::new(
            saved.channel,
            saved.post,
            &saved.caller.user.username,
            saved.mentioned,
        ));
    }
}
