//! Channels, channel membership and sidebar categories.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `O` public, `P` private, `D` direct, `G` group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelType {
    Open,
    Private,
    Direct,
    Group,
}

impl ChannelType {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "O" => Self::Open,
            "P" => Self::Private,
            "D" => Self::Direct,
            "G" => Self::Group,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "O",
            Self::Private => "P",
            Self::Direct => "D",
            Self::Group => "G",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Channel {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub team_id: String,
    #[serde(rename = "type")]
    pub channel_type: String,
    pub display_name: String,
    pub name: String,
    pub header: String,
    pub purpose: String,
    pub last_post_at: i64,
    pub last_root_post_at: i64,
    pub total_msg_count: i64,
    pub total_msg_count_root: i64,
    pub creator_id: String,
    pub extra_update_at: i64,
    pub shared: bool,
    pub group_constrained: Option<bool>,
    pub scheme_id: Option<String>,
    pub props: Option<Value>,
}

impl Channel {
    pub fn kind(&self) -> Option<ChannelType> {
        ChannelType::parse(&self.channel_type)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelMember {
    pub channel_id: String,
    pub user_id: String,
    pub roles: String,
    pub last_viewed_at: i64,
    pub msg_count: i64,
    pub msg_count_root: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    pub notify_props: Value,
    pub last_update_at: i64,
    pub scheme_guest: bool,
    pub scheme_user: bool,
    pub scheme_admin: bool,
    pub explicit_roles: String,
}

/// One channel's unread counts for one user (`GET /users/{id}/channels/{id}/unread`).
/// `msg_count` here is what is unread: the channel's total minus what the member has seen.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelUnread {
    pub team_id: String,
    pub channel_id: String,
    pub msg_count: i64,
    pub mention_count: i64,
    pub msg_count_root: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    pub notify_props: Value,
}

/// `GET /channels/{id}/stats`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelStats {
    pub channel_id: String,
    pub member_count: i64,
    pub guest_count: i64,
    pub pinnedpost_count: i64,
    pub files_count: i64,
}

/// A sidebar category with its channels in display order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SidebarCategory {
    pub id: String,
    pub user_id: String,
    pub team_id: String,
    /// `favorites`, `channels`, `direct_messages` or `custom`.
    #[serde(rename = "type")]
    pub category_type: String,
    pub display_name: String,
    pub sort_order: i64,
    /// `alpha`, `recent`, `manual` or empty for the default.
    pub sorting: String,
    pub muted: bool,
    pub collapsed: bool,
    pub channel_ids: Vec<String>,
}

/// A user's sidebar on one team: every category, and their display order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderedSidebarCategories {
    pub categories: Vec<SidebarCategory>,
    pub order: Vec<String>,
}
