//! What the backend tells the page unasked — the engine's signals, Terminal record entries,
//! file drops — goes over channels the page hands in (`follow_*`), not over app events. The
//! window then needs no event permission at all, so the page cannot listen to Tauri's own
//! `tauri://drag-enter`/`tauri://drag-drop` either, which carry the dropped files' paths:
//! paths stay in the backend (files.rs), and the page gets opaque IDs.

use crate::ipc::guarded;
use crate::AppState;
use imagen_core::engine::EngineSignal;
use imagen_core::kit::FileDrop;
use imagen_core::record::RecordEntry;
use imagen_core::Error;
use std::sync::Mutex;
use tauri::ipc::{Channel, IpcResponse};
use tauri::State;

/// The page's channel for each kind of news; the latest one handed in wins (one page, one
/// follower of each kind), and a new page load forgets them all.
#[derive(Default)]
pub struct Followers {
    engine: Mutex<Option<Channel<EngineSignal>>>,
    /// The engine's standing condition, for a page that follows after it was signalled.
    standing: Mutex<Option<EngineSignal>>,
    record: Mutex<Option<Channel<RecordEntry>>>,
    drops: Mutex<Option<Channel<FileDrop>>>,
}

impl std::fmt::Debug for Followers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Followers")
    }
}

impl Followers {
    /// An engine signal, to the page if it follows them (before, it lists on load anyway).
    pub fn engine(&self, signal: EngineSignal) {
        // Held while sending: a page that starts following meanwhile gets the standing
        // condition and this signal in the order they happened (see `follow_engine`).
        let mut standing = lock(&self.standing);
        *standing = standing_after(standing.take(), &signal);
        send(&self.engine, signal);
    }

    /// A record entry added or changed.
    pub fn record(&self, entry: RecordEntry) {
        send(&self.record, entry);
    }

    /// A drag over the window, or files dropped on it (as granted IDs).
    pub fn drop_event(&self, drop: FileDrop) {
        send(&self.drops, drop);
    }

    /// A new page (the first load, or a reload): the old page's channels are gone with it.
    pub fn forget_all(&self) {
        *lock(&self.engine) = None;
        *lock(&self.record) = None;
        *lock(&self.drops) = None;
    }
}

fn lock<T>(slot: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    slot.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn send<T: IpcResponse>(slot: &Mutex<Option<Channel<T>>>, message: T) {
    // Cloned out, so the page's reply cannot wait on the lock.
    let channel = lock(slot).clone();
    if let Some(channel) = channel {
        let _ = channel.send(message);
    }
}

/// What a page that starts following now must still be told. Most signals are news the
/// page's own first list makes moot, but a refused event stream is a standing condition
/// that list cannot reveal (it works), and the refusal is signalled once, typically before
/// the page exists.
fn standing_after(standing: Option<EngineSignal>, signal: &EngineSignal) -> Option<EngineSignal> {
    match signal {
        EngineSignal::EventsRefused { .. } => Some(signal.clone()),
        EngineSignal::Recovered | EngineSignal::Lost { .. } => None,
        EngineSignal::Changed { .. } => standing,
    }
}

/// The page follows the engine's signals (`Changed`, `Lost`, `Recovered`, `EventsRefused`)
/// on `on_signal`, and hears at once of a refused event stream signalled before.
#[tauri::command]
pub async fn follow_engine(
    state: State<'_, AppState>,
    on_signal: Channel<EngineSignal>,
) -> Result<(), Error> {
    guarded(async {
        // Under the lock `Followers::engine` sends under: the standing condition goes out
        // before any later signal, never after one that ended it (a Recovered).
        let standing = lock(&state.followers.standing);
        *lock(&state.followers.engine) = Some(on_signal.clone());
        if let Some(signal) = standing.clone() {
            let _ = on_signal.send(signal);
        }
        Ok(())
    })
    .await
}

/// The page follows the Terminal record's new and changed entries on `on_entry`.
#[tauri::command]
pub async fn follow_record(
    state: State<'_, AppState>,
    on_entry: Channel<RecordEntry>,
) -> Result<(), Error> {
    guarded(async {
        *lock(&state.followers.record) = Some(on_entry);
        Ok(())
    })
    .await
}

/// The page follows drags over the window and drops on it on `on_drop`.
#[tauri::command]
pub async fn follow_drops(
    state: State<'_, AppState>,
    on_drop: Channel<FileDrop>,
) -> Result<(), Error> {
    guarded(async {
        *lock(&state.followers.drops) = Some(on_drop);
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_stream_stands_until_the_stream_opens_or_the_engine_is_lost() {
        let refused = EngineSignal::EventsRefused {
            status: 403,
            message: String::new(),
        };
        let changed = EngineSignal::Changed {
            images: true,
            containers: false,
        };
        let lost = EngineSignal::Lost {
            address: "unix:///x".into(),
            reason: "gone".into(),
        };
        assert_eq!(standing_after(None, &changed), None);
        let standing = standing_after(None, &refused);
        assert_eq!(standing, Some(refused.clone()));
        assert_eq!(
            standing_after(standing.clone(), &changed),
            Some(refused.clone())
        );
        assert_eq!(
            standing_after(standing.clone(), &EngineSignal::Recovered),
            None
        );
        assert_eq!(standing_after(standing, &lost), None);
    }
}
