//! Tauri commands: each one line of wiring over imagen-core.

use crate::ipc::guarded;
use crate::AppState;
use imagen_core::images::{HistoryEntry, ImageInspection};
use imagen_core::pull::{self, PullOutcome, PullProgress};
use imagen_core::reference::ParsedReference;
use imagen_core::removal::{
    self, PruneMode, PrunePreview, PruneReport, RemovalEvent, RemovalPlan, RemovalReport,
    Selection, Step,
};
use imagen_core::{images, EngineInfo, Error, ImageList};
use tauri::ipc::Channel;
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

/// Parses what the user typed in the Pull field (live validation; no engine involved).
#[tauri::command]
pub fn parse_reference(input: String) -> Result<ParsedReference, Error> {
    pull::parse_reference(&input).map(|r| r.to_parsed())
}

/// `docker pull`, streaming progress over `on_progress` (≈10 updates/s) until it ends.
#[tauri::command]
pub async fn pull_image(
    state: State<'_, AppState>,
    pull_id: String,
    reference: String,
    platform: Option<String>,
    on_progress: Channel<PullProgress>,
) -> Result<PullOutcome, Error> {
    // A closed window drops the channel; the pull itself goes on until cancelled.
    let send = move |p: PullProgress| drop(on_progress.send(p));
    guarded(pull::pull_text(
        &state.connection,
        &state.pulls,
        &pull_id,
        &reference,
        platform,
        send,
    ))
    .await
}

/// Stops a running pull; false when it had already ended.
#[tauri::command]
pub fn cancel_pull(state: State<'_, AppState>, pull_id: String) -> bool {
    state.pulls.cancel(&pull_id)
}

/// `docker inspect` of one image: the engine's raw document plus a summary.
#[tauri::command]
pub async fn inspect_image(
    state: State<'_, AppState>,
    id: String,
) -> Result<ImageInspection, Error> {
    guarded(
        state
            .connection
            .run(|e| async move { images::inspect_image(&e, &id).await }),
    )
    .await
}

/// `docker history` of one image.
#[tauri::command]
pub async fn image_history(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<HistoryEntry>, Error> {
    guarded(
        state
            .connection
            .run(|e| async move { images::image_history(&e, &id).await }),
    )
    .await
}

/// What removing a selection would do: the containers and images in the way, and each
/// action's steps and outcome. Nothing is changed.
#[tauri::command]
pub async fn plan_removal(
    state: State<'_, AppState>,
    selection: Selection,
) -> Result<RemovalPlan, Error> {
    guarded(
        state
            .connection
            .run(|e| async move { removal::plan_removal(&e, &selection).await }),
    )
    .await
}

/// Runs a plan action's steps, reporting each over `on_event`; stops at the first failure.
#[tauri::command]
pub async fn execute_removal(
    state: State<'_, AppState>,
    steps: Vec<Step>,
    on_event: Channel<RemovalEvent>,
) -> Result<RemovalReport, Error> {
    let send = move |ev: RemovalEvent| drop(on_event.send(ev));
    guarded(
        state
            .connection
            .run(|e| async move { Ok(removal::execute(&e, &steps, send).await) }),
    )
    .await
}

/// What `docker image prune [-a]` would remove, and about how much it frees.
#[tauri::command]
pub async fn prune_preview(
    state: State<'_, AppState>,
    mode: PruneMode,
) -> Result<PrunePreview, Error> {
    guarded(
        state
            .connection
            .run(|e| async move { removal::prune_preview(&e, mode).await }),
    )
    .await
}

/// `docker image prune [-a]`, with the space the engine reports reclaimed.
#[tauri::command]
pub async fn prune_images(
    state: State<'_, AppState>,
    mode: PruneMode,
) -> Result<PruneReport, Error> {
    guarded(
        state
            .connection
            .run(|e| async move { removal::prune(&e, mode).await }),
    )
    .await
}
