//! Users: sign-up, login and logout, the current user, and profiles by id.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{
    AUTH_COOKIE, CSRF_COOKIE, Json, MaybeCaller, Path, Query, USER_ID_COOKIE, user_id_param,
};
use super::status_ok;
use crate::app::{AppState, Caller, Error, LoginRequest, NewUser, Result, UserPatch};
use crate::model::{Session, User};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", post(create_user))
        .route("/users/login", post(login))
        .route("/users/login/type", post(login_type))
        .route("/users/logout", post(logout))
        .route("/users/{user_id}", get(get_user).delete(deactivate))
        .route("/users/{user_id}/patch", put(patch_user))
        .route("/users/{user_id}/password", put(update_password))
        .route("/users/{user_id}/active", put(set_active))
        .route("/users/{user_id}/roles", put(update_roles))
        .route("/users/username/{username}", get(get_by_username))
        .route("/users/email/{email}", get(get_by_email))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CreateUserQuery {
    /// A team's invite id, from an invite link.
    iid: String,
}

async fn create_user(
    State(app): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Query(q): Query<CreateUserQuery>,
    Json(new): Json<NewUser>,
) -> Result<(StatusCode, Json<User>)> {
    let invite_team = match q.iid.as_str() {
        "" => None,
        iid => Some(app.team_for_invite(iid).await?),
    };
    let user = app
        .create_user(new, caller.as_ref(), invite_team.is_some())
        .await?;
    if let Some(team) = invite_team {
        app.add_team_member(&team, &user).await?;
    }
    Ok((StatusCode::CREATED, Json(user)))
}

async fn login(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    headers: HeaderMap,
    Json(mut req): Json<LoginRequest>,
) -> Result<Response> {
    req.user_agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(512)
        .collect();
    let (user, session) = app.login(req, Some(peer.ip())).await?;
    let secure = app
        .config()
        .service_settings
        .site_url
        .starts_with("https://");
    let jar = jar
        .add(session_cookie(
            AUTH_COOKIE,
            &session.token,
            &session,
            secure,
            true,
        ))
        .add(session_cookie(
            USER_ID_COOKIE,
            &user.id,
            &session,
            secure,
            false,
        ))
        .add(session_cookie(
            CSRF_COOKIE,
            &session.csrf_token,
            &session,
            secure,
            false,
        ));
    let mut headers = HeaderMap::new();
    headers.insert(
        "token",
        HeaderValue::from_str(&session.token).expect("token is ascii"),
    );
    Ok((headers, jar, Json(user)).into_response())
}

fn session_cookie(
    name: &'static str,
    value: &str,
    s: &Session,
    secure: bool,
    http_only: bool,
) -> Cookie<'static> {
    let max_age = (s.expires_at - s.create_at) / 1000;
    Cookie::build((name, value.to_owned()))
        .path("/")
        .http_only(http_only)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(max_age))
        .build()
}

async fn logout(State(app): State<AppState>, caller: Caller, jar: CookieJar) -> Result<Response> {
    app.store.delete_session(&caller.session.id).await?;
    let jar = [AUTH_COOKIE, USER_ID_COOKIE, CSRF_COOKIE]
        .into_iter()
        .fold(jar, |jar, name| jar.remove(Cookie::build(name).path("/")));
    Ok((jar, status_ok()).into_response())
}

async fn get_user(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<User>> {
    let id = user_id_param(&caller, &id)?;
    if id == caller.user.id {
        return Ok(Json(caller.user));
    }
    let user = app
        .visible_user(&caller, &id)
        .await?
        .ok_or_else(|| Error::not_found("user"))?;
    Ok(Json(user))
}

async fn get_by_username(
    State(app): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
) -> Result<Json<User>> {
    let users = app.users_by_usernames(&caller, &[username]).await?;
    users
        .into_iter()
        .next()
        .map(Json)
        .ok_or_else(|| Error::not_found("user"))
}

async fn get_by_email(
    State(app): State<AppState>,
    caller: Caller,
    Path(email): Path<String>,
) -> Result<Json<User>> {
    let user = app
        .store
        .user_by_email(&email)
        .await?
        .ok_or_else(|| Error::not_found("user"))?;
    let user = app
        .visible_user(&caller, &user.id)
        .await?
        .ok_or_else(|| Error::not_found("user"))?;
    Ok(Json(app.present_user(&caller, user)))
}

async fn patch_user(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(patch): Json<UserPatch>,
) -> Result<Json<User>> {
    let id = user_id_param(&caller, &id)?;
    Ok(Json(app.patch_user(&caller, &id, patch).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PasswordChange {
    current_password: String,
    new_password: String,
}

async fn update_password(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<PasswordChange>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    app.change_password(&caller, &id, &body.current_password, &body.new_password)
        .await?;
    Ok(status_ok())
}

async fn deactivate(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    app.set_user_active(&caller, &id, false).await?;
    Ok(status_ok())
}

#[derive(Debug, Deserialize)]
struct ActiveBody {
    active: bool,
}

async fn set_active(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<ActiveBody>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    app.set_user_active(&caller, &id, body.active).await?;
    Ok(status_ok())
}

#[derive(Debug, Deserialize)]
struct RolesBody {
    roles: String,
}

async fn update_roles(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<RolesBody>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    app.set_user_roles(&caller, &id, &body.roles).await?;
    Ok(status_ok())
}

/// Which sign-in method an account uses; Hearth accounts all use email/username and password.
async fn login_type() -> Json<Value> {
    Json(json!({"auth_service": ""}))
}
