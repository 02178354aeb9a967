//! Resumable uploads: `POST /uploads` opens a session, `POST /uploads/{id}` appends a raw or
//! multipart body at the session's offset (204 until complete, then 201 with the `FileInfo`),
//! `GET /uploads/{id}` tells the client where to resume.

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::extract::{Json, Path, check_id};
use super::files::{bad_multipart, check_content_length, multipart_boundary};
use crate::app::{AppState, Caller, Error, NewUpload, Result};
use crate::model::UploadSession;

pub fn router() -> Router<AppState> {
    Router::new().route("/uploads", post(create_upload)).route(
        "/uploads/{upload_id}",
        post(upload_data)
            .get(get_upload)
            .layer(DefaultBodyLimit::disable()),
    )
}

async fn create_upload(
    State(app): State<AppState>,
    caller: Caller,
    Json(new): Json<NewUpload>,
) -> Result<(StatusCode, Json<UploadSession>)> {
    Ok((
        StatusCode::CREATED,
        Json(app.create_upload(&caller, new).await?),
    ))
}

async fn get_upload(
    State(app): State<AppState>,
    caller: Caller,
    Path(upload_id): Path<String>,
) -> Result<Json<UploadSession>> {
    check_id(&upload_id, "upload_id")?;
    Ok(Json(app.upload_status(&caller, &upload_id).await?))
}

async fn upload_data(
    State(app): State<AppState>,
    caller: Caller,
    Path(upload_id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    check_id(&upload_id, "upload_id")?;
    let body = check_content_length(&app, &headers, body).await?;
    let done = match multipart_boundary(&headers) {
        Some(boundary) => {
            // The file is the first part that has a file name.
            let mut form = multer::Multipart::new(body.into_data_stream(), boundary);
            let field = loop {
                match form.next_field().await.map_err(bad_multipart)? {
                    Some(field) if field.file_name().is_some() => break field,
                    Some(_) => continue,
                    None => return Err(Error::invalid_param("data")),
                }
            };
            app.append_upload(&caller, &upload_id, field).await?
        }
        None => {
            app.append_upload(&caller, &upload_id, body.into_data_stream())
                .await?
        }
    };
    Ok(match done {
        Some(info) => (StatusCode::CREATED, Json(info)).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}
