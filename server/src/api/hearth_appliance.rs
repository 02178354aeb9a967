//! Hearth's appliance endpoints (under `/api/v4/hearth`), for the admin console and Hearth
//! Manager. System admins only.
//!
//! - `GET /hearth/backups?page&per_page`: settings, next due time, and runs newest first.
//! - `POST /hearth/backups`: back up now (202 with the `running` run; poll it).
//! - `GET /hearth/backups/{run_id}`: one run, with progress while it runs.
//! - `GET /hearth/storage`: the arrays and disks holding the data, and their problems.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use super::extract::{Json, Paging, Path, Query, check_id};
use crate::app::backups::BackupStatus;
use crate::app::storage_health::StorageReport;
use crate::app::{AppState, Caller, Result};
use crate::model::BackupRun;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/hearth/backups", get(status).post(start))
        .route("/hearth/backups/{run_id}", get(run))
        .route("/hearth/storage", get(storage))
}

async fn storage(State(app): State<AppState>, caller: Caller) -> Result<Json<StorageReport>> {
    Ok(Json(app.storage_report(&caller).await?))
}

async fn status(
    State(app): State<AppState>,
    caller: Caller,
    Query(paging): Query<Paging>,
) -> Result<Json<BackupStatus>> {
    let (page, per_page) = paging.get()?;
    Ok(Json(app.backup_status(&caller, page, per_page).await?))
}

async fn start(
    State(app): State<AppState>,
    caller: Caller,
) -> Result<(StatusCode, Json<BackupRun>)> {
    Ok((StatusCode::ACCEPTED, Json(app.start_backup(&caller).await?)))
}

async fn run(
    State(app): State<AppState>,
    caller: Caller,
    Path(run_id): Path<String>,
) -> Result<Json<BackupRun>> {
    check_id(&run_id, "run_id")?;
    Ok(Json(app.backup_run(&caller, &run_id).await?))
}
