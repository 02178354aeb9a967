//! Profile pictures: `GET`, `POST` (multipart field `image`) and `DELETE /users/{id}/image`, and
//! the generated default at `/users/{id}/image/default`.

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;

use super::extract::{Json, Path, user_id_param};
use super::files::{bad_multipart, multipart_boundary};
use super::status_ok;
use crate::app::{
    AppState, Caller, Error, MAX_PROFILE_IMAGE_BYTES, Result, default_avatar, drain,
    profile_image_too_large,
};

/// Room for the multipart framing around the picture.
const FORM_OVERHEAD: usize = 64 << 10;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_id}/image",
            get(image)
                .post(upload.layer(DefaultBodyLimit::disable()))
                .delete(reset),
        )
        .route("/users/{user_id}/image/default", get(default_image))
}

fn png(bytes: Vec<u8>) -> Response {
    // Clients add `?_=<last_picture_update>` to the URL, so a new picture is a new URL.
    let headers = [
        (header::CONTENT_TYPE, "image/png"),
        (header::CACHE_CONTROL, "max-age=86400, private"),
    ];
    (headers, bytes).into_response()
}

async fn image(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = user_id_param(&caller, &id)?;
    Ok(png(app.profile_image(&caller, &id).await?))
}

async fn default_image(caller: Caller, Path(id): Path<String>) -> Result<Response> {
    let id = user_id_param(&caller, &id)?;
    Ok(png(default_avatar(&id)))
}

async fn upload(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_PROFILE_IMAGE_BYTES + FORM_OVERHEAD) {
        // Read the rest, so the client hears why instead of a reset connection.
        drain(body.into_data_stream()).await;
        return Err(profile_image_too_large());
    }
    let boundary = multipart_boundary(&headers).ok_or_else(|| Error::invalid_param("image"))?;
    let mut form = multer::Multipart::new(body.into_data_stream(), boundary);
    while let Some(mut field) = form.next_field().await.map_err(bad_multipart)? {
        if field.name() != Some("image") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(bad_multipart)? {
            if bytes.len() + chunk.len() > MAX_PROFILE_IMAGE_BYTES {
                // Read the rest, so the client hears why instead of a reset connection.
                while field.chunk().await.map_err(bad_multipart)?.is_some() {}
                drop(field);
                while let Some(mut rest) = form.next_field().await.map_err(bad_multipart)? {
                    while rest.chunk().await.map_err(bad_multipart)?.is_some() {}
                }
                return Err(profile_image_too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        app.set_profile_image(&caller, &id, bytes).await?;
        return Ok(status_ok());
    }
    Err(Error::invalid_param("image"))
}

async fn reset(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let id = user_id_param(&caller, &id)?;
    app.reset_profile_image(&caller, &id).await?;
    Ok(status_ok())
}
