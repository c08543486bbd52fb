//! The list fetched at start-up, while the web view starts (0.5–0.85 s) instead of after it:
//! the page's first `list_images` takes it if nothing changed on the engine meanwhile
//! (imagen-core's `images::FirstList` decides, and keeps the answer only while it holds).

use crate::AppState;
use tauri::{AppHandle, Manager};

/// Starts listing the engine of the app's [`AppState`] for the page's first call.
pub fn start(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        // Managed before setup runs; `try_state` only so that nothing here can panic.
        let Some(state) = app.try_state::<AppState>() else {
            return;
        };
        state.first_list.prefetch(&state.connection).await;
    });
}
