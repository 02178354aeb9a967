//! The domain: who may do what, and what happens when they do. Posting, membership, unread and
//! mention counts, sessions. Calls the store, publishes events to the WebSocket hub, never speaks HTTP.

mod access_tokens;
mod auth;
mod avatar;
pub mod backups;
mod bots;
mod builtin_commands;
mod categories;
mod channel_members;
mod channel_privacy;
mod channel_queries;
mod channels;
mod commands;
mod direct;
mod directory;
mod error;
mod file_search;
mod files;
mod guests;
mod incoming_hooks;
mod integrations;
mod mentions;
mod mfa;
pub mod notify;
mod outbound;
mod outgoing_hooks;
mod post_hooks;
mod post_lists;
mod posts;
mod preferences;
mod profile_images;
mod reactions;
pub mod roles;
mod search;
mod search_terms;
mod server_config;
mod status;
pub mod storage_health;
mod system_notices;
mod team_members;
mod teams;
mod uploads;
mod users;
mod webhook_posts;

use std::sync::{Arc, Weak};

pub use auth::{Caller, LoginRequest};
pub use avatar::default_avatar;
pub use bots::{BotPatch, NewBot};
pub use channel_members::ChannelView;
pub use channel_queries::SearchKind;
pub use channels::{ChannelAccess, ChannelPatch, NewChannel};
pub use commands::{CommandArgs, MoveCommand};
pub use direct::MAX_GROUP_MEMBERS;
pub use directory::{MAX_IDS, MAX_PAGE_SIZE};
pub use error::{Error, ErrorKind, OrConflict, Result};
pub use file_search::FileSearchRequest;
pub use files::{FileService, Staged, drain};
pub use incoming_hooks::{IncomingPayload, NewIncomingWebhook};
pub use mfa::MfaSecret;
pub use outgoing_hooks::NewOutgoingWebhook;
pub use post_lists::{ChannelPostsQuery, ThreadQuery};
pub use posts::{ChannelUnreadAt, NewPost, PostPatch};
pub use profile_images::{MAX_PROFILE_IMAGE_BYTES, too_large as profile_image_too_large};
pub use search::SearchParams;
pub use server_config::save_settings;
pub use status::{AWAY, DND, OFFLINE, ONLINE, StatusUpdate};
pub use teams::{NewTeam, TeamPatch};
pub use uploads::NewUpload;
pub use users::{MIN_PASSWORD_LENGTH, NewUser, UserPatch};

use crate::config::Config;
use crate::store::Store;
use crate::ws::Hub;

/// Everything a request needs, built once at start and shared.
pub struct App {
    /// The settings; read them with [`App::config`].
    config: server_config::LiveConfig,
    pub store: Store,
    pub hub: Hub,
    pub files: FileService,
    pub notifier: notify::Notifier,
    login_limiter: auth::LoginLimiter,
    /// Outbound HTTP for webhooks and slash commands.
    outbound: outbound::Outbound,
    /// The data directory (keys, TLS material, backup state).
    pub data_dir: std::path::PathBuf,
    /// What the last storage check found.
    storage: std::sync::Mutex<Option<storage_health::StorageReport>>,
    /// The app itself, for background tasks started from `&self` methods.
    this: Weak<App>,
}

pub type AppState = Arc<App>;

impl App {
    /// Builds the app and starts its background tasks (so it must run inside the Tokio runtime).
    /// Settings an admin changes are saved to `config_file`.
    pub fn new(
        config: Config,
        config_file: std::path::PathBuf,
        data_dir: std::path::PathBuf,
        store: Store,
        files: crate::files::Files,
    ) -> AppState {
        let app = Self::without_tasks(config, config_file, data_dir, store, files);
        tokio::spawn(status::expire_dnd_loop(Arc::downgrade(&app)));
        tokio::spawn(uploads::sweep_abandoned_uploads(Arc::downgrade(&app)));
        tokio::spawn(backups::nightly(Arc::downgrade(&app)));
        tokio::spawn(storage_health::watch(Arc::downgrade(&app)));
        app
    }

    /// The app without its background tasks, for one-off work beside the server (`hearth setup`
    /// creating the first admin).
    pub fn without_tasks(
        config: Config,
        config_file: std::path::PathBuf,
        data_dir: std::path::PathBuf,
        store: Store,
        files: crate::files::Files,
    ) -> AppState {
        let hub = Hub::new(store.clone());
        let login_limiter = auth::LoginLimiter::new(config.rate_limit_settings.login_per_minute);
        let outbound = outbound::Outbound::new(
            &config
                .service_settings
                .allowed_untrusted_internal_connections,
        );
        let notifier = notify::Notifier::new(&config);
        Arc::new_cyclic(|this| App {
            config: server_config::LiveConfig::new(config, config_file),
            store,
            hub,
            files: FileService::new(files),
            notifier,
            login_limiter,
            outbound,
            data_dir,
            storage: std::sync::Mutex::new(None),
            this: this.clone(),
        })
    }
}
