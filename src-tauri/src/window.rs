//! The one window: the wizard before Hearth is set up, the status window after. Both are pages
//! of `ui/manager.html`, told apart by the URL's hash.

use tauri::{AppHandle, Manager as _, WebviewUrl, WebviewWindowBuilder};

use crate::error::{CommandError, CommandResult};
use crate::manager::{Manager, blocking};

const LABEL: &str = "main";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Wizard,
    Status,
}

impl View {
    fn hash(self) -> &'static str {
        match self {
            View::Wizard => "wizard",
            View::Status => "status",
        }
    }
}

/// Shows the window on `view`, making it if it is not open.
pub fn show(app: &AppHandle, view: View) -> tauri::Result<()> {
    if let Some(window) = app.get_webview_window(LABEL) {
        let mut url = window.url()?;
        if url.fragment() != Some(view.hash()) {
            url.set_fragment(Some(view.hash()));
            window.navigate(url)?;
        }
        window.show()?;
        return window.set_focus();
    }
    WebviewWindowBuilder::new(
        app,
        LABEL,
        WebviewUrl::App(format!("manager.html#{}", view.hash()).into()),
    )
    .title("Hearth Manager")
    .inner_size(900.0, 680.0)
    .min_inner_size(480.0, 480.0)
    .build()?;
    Ok(())
}

/// The wizard is done: watch over the new server from the tray and show the status window.
#[tauri::command]
pub fn finish(app: AppHandle) -> CommandResult<()> {
    crate::start_watching(&app).map_err(|e| CommandError::new(e.to_string()))?;
    show(&app, View::Status).map_err(|e| CommandError::new(e.to_string()))
}

/// Saves the local CA's root where the admin can find it (their Downloads folder, else home).
#[tauri::command]
pub async fn save_ca_root(app: AppHandle) -> CommandResult<String> {
    let manager = app.state::<Manager>();
    let root_pem = manager.installed_box().await?.data_dir.join("tls/root.pem");
    let folder = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| CommandError::new(format!("no folder to save to: {e}")))?;
    let saved = folder.join("hearth-root-ca.pem");
    let copy = saved.clone();
    blocking(move || {
        std::fs::create_dir_all(&folder).and_then(|_| std::fs::copy(&root_pem, &copy))
    })
    .await?
    .map_err(|e| CommandError::new(format!("cannot save the certificate: {e}")))?;
    Ok(saved.display().to_string())
}
