//! The list fetched at start-up, while Tauri builds the window and the web view starts
//! (0.4–0.6 s here) instead of after it: the page's first `list_images` takes it if nothing
//! changed on the engine meanwhile (imagen-core's `images::FirstList` decides, and keeps the
//! answer only while it holds). It starts before `tauri::Builder` runs: Tauri's own start
//! (GTK, the window, WebKit's processes) took 190–230 ms before the setup hook, and at
//! 10,000 images the engine's list is the longest step to the first card (docs/benchmarks.md).

use crate::AppState;

/// Starts listing the engine of `state` for the page's first call, on Tauri's async runtime
/// (which exists before the app is built).
pub fn start(state: &AppState) {
    let connection = state.connection.clone();
    let first_list = state.first_list.clone();
    tauri::async_runtime::spawn(async move {
        first_list.prefetch(&connection).await;
    });
}
