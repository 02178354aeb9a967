//! The tray icon: its colour is the overall health (green, amber, red; grey before the first
//! check), its tooltip and menu say what was found, and the menu offers the everyday actions.

use std::sync::atomic::Ordering;

use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager as _, Wry};
use tauri_plugin_opener::OpenerExt;

use crate::manager::Manager;
use crate::service::{Action, control};
use crate::status::{Health, Level};
use crate::window::{View, show};

const TRAY: &str = "hearth";
const ICON_SIZE: u32 = 32;

/// The menu lines that change with health.
struct HealthItems {
    last_backup: MenuItem<Wry>,
    storage: MenuItem<Wry>,
}

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    let item = |id: &str, text: &str| MenuItem::with_id(app, id, text, true, None::<&str>);
    let last_backup = MenuItem::with_id(
        app,
        "last_backup",
        "Last backup: checking…",
        true,
        None::<&str>,
    )?;
    let storage = MenuItem::with_id(app, "storage", "Storage: checking…", true, None::<&str>)?;
    let separator = || PredefinedMenuItem::separator(app);
    let menu = Menu::with_items(
        app,
        &[
            &item("open", "Open Hearth")?,
            &item("admin", "Admin console")?,
            &item("status", "Status…")?,
            &separator()?,
            &item("start", "Start server")?,
            &item("stop", "Stop server")?,
            &item("restart", "Restart server")?,
            &separator()?,
            &item("back_up", "Back up now")?,
            &last_backup,
            &storage,
            &separator()?,
            &item("update", "Check for updates…")?,
            &item("quit", "Quit")?,
        ],
    )?;
    app.manage(HealthItems {
        last_backup,
        storage,
    });
    TrayIconBuilder::with_id(TRAY)
        .icon(dot(None))
        .tooltip("Hearth: checking…")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(on_menu)
        .build(app)?;
    Ok(())
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    let app = app.clone();
    let id = event.id.as_ref().to_owned();
    tauri::async_runtime::spawn(async move {
        let manager = app.state::<Manager>();
        let result = match id.as_str() {
            "open" => open(&app, "").await,
            "admin" => open(&app, "/admin_console").await,
            "status" | "last_backup" | "storage" => {
                show(&app, View::Status).map_err(|e| e.to_string())
            }
            "start" => control(&manager, Action::Start)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            "stop" => control(&manager, Action::Stop)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            "restart" => control(&manager, Action::Restart)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            "back_up" => crate::status::back_up_now(app.clone())
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            "update" => {
                manager.update_requested.store(true, Ordering::SeqCst);
                show(&app, View::Status)
                    .and_then(|_| app.emit("check-update", ()))
                    .map_err(|e| e.to_string())
            }
            "quit" => {
                app.exit(0);
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(message) = result {
            crate::watch::notify(&app, "Hearth Manager", &message);
        }
        crate::watch::refresh(&app).await;
    });
}

/// Opens a page of Hearth in the admin's browser.
async fn open(app: &AppHandle, path: &str) -> Result<(), String> {
    let installed = app.state::<Manager>().installed_box().await;
    let url = installed
        .and_then(|i| i.site_url)
        .map_err(|e| e.to_string())?;
    app.opener()
        .open_url(format!("{url}{path}"), None::<&str>)
        .map_err(|e| format!("cannot open a browser: {e}"))
}

#[tauri::command]
pub async fn open_page(app: AppHandle, what: String) -> Result<(), crate::error::CommandError> {
    let path = if what == "admin" {
        "/admin_console"
    } else {
        ""
    };
    open(&app, path)
        .await
        .map_err(crate::error::CommandError::new)
}

pub fn show_health(app: &AppHandle, health: &Health) {
    let Some(tray) = app.tray_by_id(TRAY) else {
        return;
    };
    let _ = tray.set_icon(Some(dot(Some(health.overall))));
    let worst = health
        .checks()
        .into_iter()
        .filter(|(_, c)| c.level == health.overall && c.level != Level::Ok)
        .map(|(name, c)| format!("{name}: {}", c.message))
        .next();
    let _ = tray.set_tooltip(Some(worst.unwrap_or_else(|| "Hearth: all is well".into())));
    if let Some(items) = app.try_state::<HealthItems>() {
        let _ = items
            .last_backup
            .set_text(format!("Last backup: {}", health.backup.message));
        let _ = items
            .storage
            .set_text(format!("Storage: {}", health.storage.message));
    }
}

/// A round icon in the colour of `level` (grey when not known yet).
fn dot(level: Option<Level>) -> Image<'static> {
    let [r, g, b] = match level {
        Some(Level::Ok) => [0x2f, 0x9e, 0x44],
        Some(Level::Warning) => [0xf0, 0x8c, 0x00],
        Some(Level::Problem) => [0xe0, 0x31, 0x31],
        None => [0x86, 0x8e, 0x96],
    };
    let centre = (ICON_SIZE as f32 - 1.0) / 2.0;
    let radius = ICON_SIZE as f32 / 2.0 - 1.0;
    let mut rgba = Vec::with_capacity((ICON_SIZE * ICON_SIZE * 4) as usize);
    for y in 0..ICON_SIZE {
        for x in 0..ICON_SIZE {
            let distance = ((x as f32 - centre).powi(2) + (y as f32 - centre).powi(2)).sqrt();
            // A soft edge one pixel wide.
            let alpha = ((radius - distance + 0.5).clamp(0.0, 1.0) * 255.0) as u8;
            rgba.extend_from_slice(&[r, g, b, alpha]);
        }
    }
    Image::new_owned(rgba, ICON_SIZE, ICON_SIZE)
}
