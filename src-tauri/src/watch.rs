//! Live updates: the engine's events, coalesced in imagen-core, sent to the web view on the
//! channel it follows them on (follow.rs) as `EngineSignal`s. The UI lists again on `Changed`
//! and `Recovered`, says it is reconnecting on `Lost`, and that live updates are off on
//! `EventsRefused` (until `Recovered` or `Lost`).

use crate::AppState;
use tauri::{AppHandle, Manager};

/// Starts following the engine of the app's [`AppState`] for the app's lifetime.
pub fn start(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        // Managed before setup runs; `try_state` only so that nothing here can panic.
        let Some(state) = app.try_state::<AppState>() else {
            return;
        };
        imagen_core::engine::watch(&state.connection, |signal| {
            // Before the page listens, a signal reaches nobody: the page lists on load anyway,
            // and not from the list prefetched at start-up, which no longer counts.
            state.first_list.engine_signal();
            state.followers.engine(signal);
        })
        .await;
    });
}
