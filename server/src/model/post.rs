//! Posts, post lists and reactions.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Post {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub edit_at: i64,
    pub delete_at: i64,
    pub is_pinned: bool,
    pub user_id: String,
    pub channel_id: String,
    pub root_id: String,
    pub original_id: String,
    pub message: String,
    #[serde(rename = "type")]
    pub post_type: String,
    pub props: Value,
    pub hashtags: String,
    pub file_ids: Vec<String>,
    pub pending_post_id: String,
    pub reply_count: i64,
    pub last_reply_at: i64,
    pub participants: Option<Value>,
    /// Set on posts that have at least one reaction (clients use it to skip fetching reactions).
    pub has_reactions: bool,
    pub metadata: Value,
}

impl Post {
    pub fn is_root(&self) -> bool {
        self.root_id.is_empty()
    }

    /// The id of the thread this post belongs to: its own id for a root post.
    pub fn thread_id(&self) -> &str {
        if self.is_root() {
            &self.id
        } else {
            &self.root_id
        }
    }
}

/// Mattermost's `PostList`: ids newest first in `order`, bodies keyed by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PostList {
    pub order: Vec<String>,
    pub posts: HashMap<String, Post>,
    pub next_post_id: String,
    pub prev_post_id: String,
    pub has_next: bool,
    pub first_inaccessible_post_time: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Reaction {
    pub user_id: String,
    pub post_id: String,
    pub emoji_name: String,
    pub create_at: i64,
}

/// Mattermost's answer to a post search: a `PostList` of the results, plus for each post the
/// words that matched (`matches`), which clients highlight.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PostSearchResults {
    #[serde(flatten)]
    pub list: PostList,
    pub matches: HashMap<String, Vec<String>>,
}
