//! Wire types: the JSON shapes of Mattermost's v4 API, shared by the store (rows to values) and the
//! API (values to JSON). Field names and types follow the Mattermost API reference exactly.

mod backup;
mod channel;
mod file;
mod integration;
mod post;
mod team;
mod user;

pub use backup::BackupRun;
pub use channel::{
    Channel, ChannelMember, ChannelStats, ChannelType, ChannelUnread, OrderedSidebarCategories,
    SidebarCategory,
};
pub use file::{FileInfo, FileInfoList, UploadSession};
pub use integration::{
    Bot, Command, CommandResponse, IncomingWebhook, OutgoingWebhook, UserAccessToken,
};
pub use post::{Post, PostList, PostSearchResults, Reaction};
pub use team::{Team, TeamMember, TeamStats, TeamUnread};
pub use user::{Preference, Session, Status, User};

use rand::Rng;

/// Alphabet of Mattermost ids: 26 lowercase letters and digits, 5 bits each.
const ID_ALPHABET: &[u8; 32] = b"ybndrfg8ejkmcpqxot1uwisza345h769";

/// A new random 26-character id, the shape every Mattermost id has (130 random bits).
pub fn new_id() -> String {
    let mut rng = rand::rng();
    (0..26)
        .map(|_| ID_ALPHABET[rng.random_range(0..32)] as char)
        .collect()
}

/// Whether `id` has the shape of a Mattermost id.
pub fn is_valid_id(id: &str) -> bool {
    id.len() == 26
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Milliseconds since the Unix epoch, the unit of every timestamp in the API.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_mattermost_shape() {
        let a = new_id();
        assert!(is_valid_id(&a), "{a}");
        assert_ne!(a, new_id());
        assert!(!is_valid_id("short"));
        assert!(!is_valid_id("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    }
}
