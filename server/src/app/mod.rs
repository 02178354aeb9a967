//! The domain: who may do what, and what happens when they do. Posting, membership, unread and
//! mention counts, sessions. Calls the store, publishes events to the WebSocket hub, never speaks HTTP.

mod auth;
mod channels;
mod error;
mod status;
mod teams;
mod users;

use std::sync::Arc;

pub use auth::{Caller, LoginRequest};
pub use channels::{ChannelAccess, NewChannel};
pub use error::{Error, ErrorKind, Result};
pub use status::{AWAY, DND, OFFLINE, ONLINE, StatusUpdate};
pub use teams::NewTeam;
pub use users::{MIN_PASSWORD_LENGTH, NewUser};

use crate::config::Config;
use crate::store::Store;
use crate::ws::Hub;

/// Everything a request needs, built once at start and shared.
pub struct App {
    pub config: Config,
    pub store: Store,
    pub hub: Hub,
    login_limiter: auth::LoginLimiter,
}

pub type AppState = Arc<App>;

impl App {
    /// Builds the app and starts its background tasks (so it must run inside the Tokio runtime).
    pub fn new(config: Config, store: Store) -> AppState {
        let hub = Hub::new(store.clone());
        let login_limiter = auth::LoginLimiter::new(config.rate_limit_settings.login_per_minute);
        let app = Arc::new(App {
            config,
            store,
            hub,
            login_limiter,
        });
        tokio::spawn(status::expire_dnd_loop(Arc::downgrade(&app)));
        app
    }
}
