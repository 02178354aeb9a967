//! Files: uploads (`POST /files`, multipart or a raw body, streamed to storage), downloads with
//! ranges, thumbnails, previews, info, public links, a post's files, and search by name. Upload
//! routes are exempt from the JSON body limit; `FileSettings.MaxFileSize` bounds them instead.

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{Json, Path, Query, check_id};
use super::file_responses::Download;
use crate::app::{
    App, AppState, Caller, Error, ErrorKind, FileSearchRequest, Result, Staged, drain,
};
use crate::model::{FileInfo, FileInfoList};

/// Files accepted in one `POST /files` (Mattermost allows 10 per post).
const MAX_FILES_PER_REQUEST: usize = 10;
/// Longest plain form field (`channel_id`, `client_ids`).
const MAX_FIELD_BYTES: usize = 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/files",
            post(upload_files).layer(DefaultBodyLimit::disable()),
        )
        .route("/files/search", post(search_all))
        .route("/teams/{team_id}/files/search", post(search_team))
        .route("/files/{file_id}", get(get_file))
        .route("/files/{file_id}/thumbnail", get(get_thumbnail))
        .route("/files/{file_id}/preview", get(get_preview))
        .route("/files/{file_id}/info", get(get_info))
        .route("/files/{file_id}/link", get(get_link))
        .route("/posts/{post_id}/files/info", get(post_files))
}

/// Routes outside `/api/v4`: public links work without logging in.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/files/{file_id}/public", get(get_public))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UploadQuery {
    channel_id: Option<String>,
    filename: Option<String>,
}

/// The multipart boundary, if the body is `multipart/form-data`.
pub(super) fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    multer::parse_boundary(content_type).ok()
}

/// Mattermost refuses a request whose declared length is already over the limit. The body is
/// given back when it may be read.
pub(super) async fn check_content_length(
    app: &App,
    headers: &HeaderMap,
    body: Body,
) -> Result<Body> {
    let max = app.config().file_settings.max_file_size;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    match declared {
        Some(len) if len > max => {
            drain(body.into_data_stream()).await;
            Err(Error::new(
                ErrorKind::TooLarge,
                "api.file.upload_file.too_large_detailed.app_error",
                format!("Unable to upload file. File is larger than the maximum of {max} bytes."),
            ))
        }
        _ => Ok(body),
    }
}

pub(super) fn bad_multipart(e: multer::Error) -> Error {
    let mut error = Error::bad_request(
        "api.file.upload_file.multipart.app_error",
        "The multipart form could not be read.",
    );
    error.detail = e.to_string();
    error
}

async fn upload_files(
    State(app): State<AppState>,
    caller: Caller,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Value>)> {
    let body = check_content_length(&app, &headers, body).await?;
    let (infos, client_ids) = match multipart_boundary(&headers) {
        Some(boundary) => upload_multipart(&app, &caller, q.channel_id, boundary, body).await?,
        None => {
            let channel_id = q.channel_id.unwrap_or_default();
            app.check_upload(&caller, &channel_id).await?;
            let name = q.filename.ok_or_else(|| Error::invalid_param("filename"))?;
            let staged = app.stage_file(&name, body.into_data_stream()).await?;
            let infos = app.commit_files(&caller, &channel_id, vec![staged]).await?;
            (infos, vec![])
        }
    };
    let body = json!({"file_infos": infos, "client_ids": client_ids});
    Ok((StatusCode::CREATED, Json(body)))
}

/// Reads the form: `channel_id` (or the query's), `client_ids`, and each `files` part streamed
/// to storage. The channel is checked before the first file when it is already known.
async fn upload_multipart(
    app: &App,
    caller: &Caller,
    mut channel_id: Option<String>,
    boundary: String,
    body: Body,
) -> Result<(Vec<FileInfo>, Vec<String>)> {
    let mut form = multer::Multipart::new(body.into_data_stream(), boundary);
    let (mut staged, mut client_ids, mut checked): (Vec<Staged>, Vec<String>, bool) =
        (vec![], vec![], false);
    while let Some(field) = form.next_field().await.map_err(bad_multipart)? {
        match field.name() {
            Some("channel_id") => channel_id = Some(small_field(field).await?),
            Some("client_ids") => client_ids.push(small_field(field).await?),
            Some("files") => {
                if let (Some(channel_id), false) = (&channel_id, checked) {
                    app.check_upload(caller, channel_id).await?;
                    checked = true;
                }
                if staged.len() == MAX_FILES_PER_REQUEST {
                    return Err(Error::invalid_param("files"));
                }
                let name = field.file_name().unwrap_or_default().to_owned();
                staged.push(app.stage_file(&name, field).await?);
            }
            _ => {}
        }
    }
    let channel_id = channel_id.ok_or_else(|| Error::invalid_param("channel_id"))?;
    if !checked {
        app.check_upload(caller, &channel_id).await?;
    }
    if staged.is_empty() {
        return Err(Error::bad_request(
            "api.file.upload_file.no_files.app_error",
            "No files were sent.",
        ));
    }
    if !client_ids.is_empty() && client_ids.len() != staged.len() {
        return Err(Error::invalid_param("client_ids"));
    }
    let infos = app.commit_files(caller, &channel_id, staged).await?;
    Ok((infos, client_ids))
}

/// A short text field of the form.
async fn small_field(mut field: multer::Field<'static>) -> Result<String> {
    let name = field.name().unwrap_or_default().to_owned();
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(bad_multipart)? {
        if bytes.len() + chunk.len() > MAX_FIELD_BYTES {
            return Err(Error::invalid_param(&name));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| Error::invalid_param(&name))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DownloadQuery {
    download: Option<String>,
}

impl DownloadQuery {
    fn forced(&self) -> bool {
        matches!(self.download.as_deref(), Some("1" | "true"))
    }
}

async fn readable(app: &App, caller: &Caller, file_id: &str) -> Result<FileInfo> {
    check_id(file_id, "file_id")?;
    app.readable_file(caller, file_id).await
}

async fn get_file(
    State(app): State<AppState>,
    caller: Caller,
    Path(file_id): Path<String>,
    Query(q): Query<DownloadQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    let info = readable(&app, &caller, &file_id).await?;
    let download = Download {
        key: &info.path,
        mime_type: &info.mime_type,
        name: &info.name,
        force_attachment: q.forced(),
    };
    download.send(&app, &headers).await
}

async fn get_thumbnail(
    state: State<AppState>,
    caller: Caller,
    path: Path<String>,
    q: Query<DownloadQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    get_derived(state, caller, path, q, headers, false).await
}

async fn get_preview(
    state: State<AppState>,
    caller: Caller,
    path: Path<String>,
    q: Query<DownloadQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    get_derived(state, caller, path, q, headers, true).await
}

/// A thumbnail or preview (JPEG), once the background job has made it.
async fn get_derived(
    State(app): State<AppState>,
    caller: Caller,
    Path(file_id): Path<String>,
    Query(q): Query<DownloadQuery>,
    headers: HeaderMap,
    preview: bool,
) -> Result<Response> {
    let info = readable(&app, &caller, &file_id).await?;
    let key = App::derived_key(&info, preview)?;
    let download = Download {
        key: &key,
        mime_type: "image/jpeg",
        name: &info.name,
        force_attachment: q.forced(),
    };
    download.send(&app, &headers).await
}

async fn get_info(
    State(app): State<AppState>,
    caller: Caller,
    Path(file_id): Path<String>,
) -> Result<Json<FileInfo>> {
    Ok(Json(readable(&app, &caller, &file_id).await?))
}

async fn get_link(
    State(app): State<AppState>,
    caller: Caller,
    Path(file_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>> {
    check_id(&file_id, "file_id")?;
    let site = site_url(&app, &headers);
    let link = app.public_link(&caller, &file_id, &site).await?;
    Ok(Json(json!({ "link": link })))
}

/// `ServiceSettings.SiteURL`, or the address the client used when it is not set.
fn site_url(app: &App, headers: &HeaderMap) -> String {
    let config = app.config();
    let configured = config.service_settings.site_url.trim_end_matches('/');
    if !configured.is_empty() {
        return configured.to_owned();
    }
    let value = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let host = value(header::HOST).unwrap_or("localhost");
    let scheme = value(header::HeaderName::from_static("x-forwarded-proto")).unwrap_or("http");
    format!("{scheme}://{host}")
}

#[derive(Debug, Deserialize)]
struct PublicQuery {
    #[serde(default)]
    h: String,
}

async fn get_public(
    State(app): State<AppState>,
    Path(file_id): Path<String>,
    Query(q): Query<PublicQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    let info = app.public_file(&file_id, &q.h).await?;
    let download = Download {
        key: &info.path,
        mime_type: &info.mime_type,
        name: &info.name,
        force_attachment: false,
    };
    download.send(&app, &headers).await
}

async fn post_files(
    State(app): State<AppState>,
    caller: Caller,
    Path(post_id): Path<String>,
) -> Result<Json<Vec<FileInfo>>> {
    check_id(&post_id, "post_id")?;
    Ok(Json(app.post_files(&caller, &post_id).await?))
}

async fn search_all(
    State(app): State<AppState>,
    caller: Caller,
    Json(req): Json<FileSearchRequest>,
) -> Result<Json<FileInfoList>> {
    Ok(Json(app.search_files(&caller, None, req).await?))
}

async fn search_team(
    State(app): State<AppState>,
    caller: Caller,
    Path(team_id): Path<String>,
    Json(req): Json<FileSearchRequest>,
) -> Result<Json<FileInfoList>> {
    Ok(Json(app.search_files(&caller, Some(&team_id), req).await?))
}
