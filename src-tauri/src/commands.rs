//! Tauri commands: each one line of wiring over imagen-core.

use crate::ipc::guarded;
use crate::AppState;
use imagen_core::{images, EngineInfo, Error, ImageList};
use tauri::State;

/// `docker images`, with container usage per image.
#[tauri::command]
pub async fn list_images(state: State<'_, AppState>) -> Result<ImageList, Error> {
    guarded(
        state
            .connection
            .run(|e| async move { images::list_images(&e).await }),
    )
    .await
}

/// The engine's version, API version and address (connecting if needed).
#[tauri::command]
pub async fn engine_info(state: State<'_, AppState>) -> Result<EngineInfo, Error> {
    guarded(
        state
            .connection
            .run(|e| async move { Ok(e.info().clone()) }),
    )
    .await
}
