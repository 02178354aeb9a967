//! System: health ping, the client configuration and license the apps read before anything else.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::extract::Query;
use crate::app::{AppState, Caller, Result};
use crate::config::MATTERMOST_VERSION;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/system/ping", get(ping))
        .route("/config/client", get(client_config))
        .route("/license/client", get(client_license))
        .route("/limits/server", get(server_limits))
        .route("/plugins/webapp", get(webapp_plugins))
}

/// Health for load balancers and the apps' server check: 200 when the database answers, else 503.
async fn ping(State(app): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    let db_ok = app.store.db().query("SELECT 1", vec![]).await.is_ok();
    let mut body = json!({
        "status": if db_ok { "OK" } else { "UNHEALTHY" },
        "ActiveSearchBackend": "database",
        "AndroidLatestVersion": "",
        "AndroidMinVersion": "",
        "IosLatestVersion": "",
        "IosMinVersion": "",
    });
    if q.get("get_server_status").is_some_and(|v| v == "true") {
        body["database_status"] = json!(if db_ok { "OK" } else { "UNHEALTHY" });
        body["filestore_status"] = json!("OK");
    }
    if q.contains_key("device_id") {
        // Phones can be woken only through a configured push proxy.
        let e = &app.config().email_settings;
        let proxy = e.send_push_notifications && !e.push_notification_server.is_empty();
        body["CanReceiveNotifications"] = json!(if proxy { "true" } else { "false" });
    }
    let status = if db_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

fn flag(b: bool) -> String {
    b.to_string()
}

/// The flat string map of `GET /config/client?format=old` that web and mobile apps start from.
async fn client_config(State(app): State<AppState>) -> Result<Json<HashMap<&'static str, String>>> {
    let c = app.config();
    let no_accounts = app.store.count_users().await? == 0;
    let s = &c.service_settings;
    let config = HashMap::from([
        ("Version", MATTERMOST_VERSION.to_string()),
        ("BuildNumber", MATTERMOST_VERSION.to_string()),
        ("BuildDate", String::new()),
        ("BuildHash", "hearth".to_string()),
        ("BuildHashEnterprise", "none".to_string()),
        ("BuildEnterpriseReady", flag(false)),
        ("SiteURL", s.site_url.clone()),
        ("SiteName", c.team_settings.site_name.clone()),
        ("WebsocketURL", String::new()),
        ("WebsocketPort", "80".to_string()),
        ("WebsocketSecurePort", "443".to_string()),
        ("NoAccounts", flag(no_accounts)),
        (
            "EnableSignUpWithEmail",
            flag(c.email_settings.enable_sign_up_with_email),
        ),
        (
            "EnableSignInWithEmail",
            flag(c.email_settings.enable_sign_in_with_email),
        ),
        (
            "EnableSignInWithUsername",
            flag(c.email_settings.enable_sign_in_with_username),
        ),
        ("EnableOpenServer", flag(c.team_settings.enable_open_server)),
        (
            "SendEmailNotifications",
            flag(c.email_settings.send_email_notifications),
        ),
        (
            "SendPushNotifications",
            flag(c.email_settings.send_push_notifications),
        ),
        (
            "EnableEmailBatching",
            flag(c.email_settings.enable_email_batching),
        ),
        (
            "EmailNotificationContentsType",
            c.email_settings.email_notification_contents_type.clone(),
        ),
        ("FeedbackEmail", c.email_settings.feedback_email.clone()),
        (
            "EnableUserCreation",
            flag(c.team_settings.enable_user_creation),
        ),
        (
            "EnableMultifactorAuthentication",
            flag(s.enable_multifactor_authentication),
        ),
        (
            "EnforceMultifactorAuthentication",
            flag(s.enforce_multifactor_authentication),
        ),
        ("EnableUserAccessTokens", flag(s.enable_user_access_tokens)),
        ("EnableCommands", flag(s.enable_commands)),
        ("EnableIncomingWebhooks", flag(s.enable_incoming_webhooks)),
        ("EnableOutgoingWebhooks", flag(s.enable_outgoing_webhooks)),
        (
            "EnableBotAccountCreation",
            flag(s.enable_bot_account_creation),
        ),
        (
            "EnablePostUsernameOverride",
            flag(s.enable_post_username_override),
        ),
        ("EnablePostIconOverride", flag(s.enable_post_icon_override)),
        ("EnableGuestAccounts", flag(c.guest_account_settings.enable)),
        ("CollapsedThreads", "disabled".to_string()),
        ("EnableReliableWebSockets", flag(true)),
        (
            "EnableFileAttachments",
            flag(c.file_settings.enable_file_attachments),
        ),
        ("EnablePublicLink", flag(c.file_settings.enable_public_link)),
        (
            "EnableMobileFileUpload",
            flag(c.file_settings.enable_mobile_upload),
        ),
        (
            "EnableMobileFileDownload",
            flag(c.file_settings.enable_mobile_download),
        ),
        ("MaxFileSize", c.file_settings.max_file_size.to_string()),
        ("MaxPostSize", s.maximum_post_size.to_string()),
        (
            "PasswordMinimumLength",
            crate::app::MIN_PASSWORD_LENGTH.to_string(),
        ),
        ("PasswordRequireLowercase", flag(false)),
        ("PasswordRequireUppercase", flag(false)),
        ("PasswordRequireNumber", flag(false)),
        ("PasswordRequireSymbol", flag(false)),
        ("TeammateNameDisplay", "username".to_string()),
        ("ShowEmailAddress", flag(true)),
        ("ShowFullName", flag(true)),
        ("RestrictDirectMessage", "any".to_string()),
        ("AllowEditPost", "always".to_string()),
        ("PostEditTimeLimit", "-1".to_string()),
        (
            "TimeBetweenUserTypingUpdatesMilliseconds",
            "5000".to_string(),
        ),
        ("EnableUserTypingMessages", flag(true)),
        ("EnableCustomEmoji", flag(false)),
        ("EnableLinkPreviews", flag(false)),
        ("DiagnosticsEnabled", flag(false)),
        ("DefaultClientLocale", "en".to_string()),
        ("AvailableLocales", String::new()),
        ("SQLDriverName", c.sql_settings.driver_name.clone()),
        ("ExperimentalPrimaryTeam", String::new()),
        ("IsDefaultMarketplace", flag(false)),
    ]);
    Ok(Json(config))
}

async fn client_license() -> Json<serde_json::Value> {
    Json(json!({"IsLicensed": "false"}))
}

/// `getUsersLimits` of the web app's start sequence. Hearth sets no user limit (0 means none).
async fn server_limits(
    State(app): State<AppState>,
    _caller: Caller,
) -> Result<Json<serde_json::Value>> {
    let active = app.store.count_active_users().await?;
    Ok(Json(
        json!({"activeUserCount": active, "maxUsersLimit": 0, "maxUsersHardLimit": 0}),
    ))
}

/// The web app loads plugin bundles listed here; Hearth has none.
async fn webapp_plugins() -> Json<Vec<serde_json::Value>> {
    Json(vec![])
}
