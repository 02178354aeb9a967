//! Users: sign-up, login and logout, the current user, and profiles by id.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;
use serde_json::json;

use super::extract::{
    AUTH_COOKIE, CSRF_COOKIE, Json, MaybeCaller, Path, Query, USER_ID_COOKIE, user_id_param,
};
use crate::app::{AppState, Caller, Error, LoginRequest, NewUser, Result};
use crate::model::{Session, User};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", post(create_user))
        .route("/users/login", post(login))
        .route("/users/logout", post(logout))
        .route("/users/{user_id}", get(get_user))
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
    Json(req): Json<LoginRequest>,
) -> Result<Response> {
    let (user, session) = app.login(req, Some(peer.ip())).await?;
    let secure = app.config.service_settings.site_url.starts_with("https://");
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
    Ok((jar, Json(json!({"status": "OK"}))).into_response())
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
