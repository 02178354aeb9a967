//! The domain: who may do what, and what happens when they do. Posting, membership, unread and
//! mention counts, sessions. Calls the store, publishes events to the WebSocket hub, never speaks HTTP.

mod auth;
mod avatar;
mod categories;
mod channel_members;
mod channel_queries;
mod channels;
mod direct;
mod directory;
mod error;
mod guests;
mod mentions;
mod mfa;
pub mod notify;
pub mod outbound;
mod post_hooks;
mod post_lists;
mod posts;
mod preferences;
mod reactions;
pub mod roles;
mod status;
mod team_members;
mod teams;
mod users;

use std::sync::Arc;

pub use auth::{Caller, LoginRequest};
pub use avatar::default_avatar;
pub use channel_members::ChannelView;
pub use channel_queries::SearchKind;
pub use channels::{ChannelAccess, ChannelPatch, NewChannel};
pub use direct::MAX_GROUP_MEMBERS;
pub use directory::MAX_PAGE_SIZE;
pub use error::{Error, ErrorKind, OrConflict, Result};
pub use mfa::MfaSecret;
pub use post_lists::{ChannelPostsQuery, ThreadQuery};
pub use posts::{ChannelUnreadAt, NewPost, PostPatch};
pub use status::{AWAY, DND, OFFLINE, ONLINE, StatusUpdate};
pub use teams::{NewTeam, TeamPatch};
pub use users::{MIN_PASSWORD_LENGTH, NewUser, UserPatch};

use crate::config::Config;
use crate::store::Store;
use crate::ws::Hub;

/// Everything a request needs, built once at start and shared.
pub struct App {
    pub config: Config,
    pub store: Store,
    pub hub: Hub,
    pub notifier: notify::Notifier,
    login_limiter: auth::LoginLimiter,
}

pub type AppState = Arc<App>;

impl App {
    /// Builds the app and starts its background tasks (so it must run inside the Tokio runtime).
    pub fn new(config: Config, store: Store) -> AppState {
        let hub = Hub::new(store.clone());
        let login_limiter = auth::LoginLimiter::new(config.rate_limit_settings.login_per_minute);
        let notifier = notify::Notifier::new(&config);
        let app = Arc::new(App {
            config,
            store,
            hub,
            notifier,
            login_limiter,
        });
        tokio::spawn(status::expire_dnd_loop(Arc::downgrade(&app)));
        app
    }
}
