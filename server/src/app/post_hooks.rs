//! What happens after a post is saved, beyond the `posted` event: features that react to posts
//! (outgoing webhooks, ...) start their background work here, never slowing the request.

use super::{App, Caller};
use crate::model::{Channel, Post};

/// A post that was just saved, with what is known about it.
pub(super) struct SavedPost<'a> {
    pub caller: &'a Caller,
    pub channel: &'a Channel,
    pub post: &'a Post,
    pub mentioned: &'a [String],
}

impl App {
    pub(super) fn after_post_saved(&self, saved: &SavedPost<'_>) {
        tracing::trace!(post_id = %saved.post.id, mentions = saved.mentioned.len(), "post saved");
        self.fire_outgoing_webhooks(saved);
    }
}
