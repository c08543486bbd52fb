//! Files the user names: native Save and Open dialogs, and files dropped on the window.
//!
//! The dialogs are opened from Rust and the dropped paths arrive in Rust; the web view only
//! receives opaque IDs ([`imagen_core::kit::FileGrants`]) and the files' names. The window's
//! capability grants no dialog or file-system permission, so a script in the web view can
//! neither read nor write any file the user did not pick for that purpose.

use crate::AppState;
use imagen_core::kit::{FileDrop, FilePurpose, GrantedFile};
use std::path::PathBuf;
use tauri::{AppHandle, DragDropEvent, Emitter, Manager, Runtime, WindowEvent};
use tauri_plugin_dialog::{DialogExt, FilePath};

/// The app event that tells the web view about files dragged over, or dropped on, the window.
pub const DROP_EVENT: &str = "file-drop";

/// The extensions offered in the Open dialog (the contents decide, not the name).
pub const ARCHIVE_EXTENSIONS: [&str; 5] = ["tar", "gz", "tgz", "xz", "zst"];

fn chosen(path: Option<FilePath>) -> Option<PathBuf> {
    path.and_then(|p| p.into_path().ok())
}

/// Answers the dialog with a path from `IMAGEN_E2E_CHOOSE_FILE` instead of showing it, in
/// builds made for the end-to-end tests only (`--features e2e`): WebDriver cannot reach a
/// native dialog. The rest of the path (grant, save, load) is the real one.
#[cfg(feature = "e2e")]
fn test_answer() -> Option<Option<PathBuf>> {
    std::env::var_os("IMAGEN_E2E_CHOOSE_FILE").map(|p| Some(PathBuf::from(p)))
}

#[cfg(not(feature = "e2e"))]
fn test_answer() -> Option<Option<PathBuf>> {
    None
}

/// Shows the Save dialog (suggesting `file_name`, titled `title`) and keeps the chosen path
/// for one save. `None` when the user cancels.
pub async fn choose_save<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
) -> Option<GrantedFile> {
    let path = match test_answer() {
        Some(answer) => answer,
        None => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            app.dialog()
                .file()
                .set_title(title)
                .set_file_name(file_name)
                .add_filter("tar", &["tar"])
                .save_file(move |p| drop(tx.send(chosen(p))));
            rx.await.ok().flatten()
        }
    }?;
    let state = app.try_state::<AppState>()?;
    Some(state.files.grant(path, FilePurpose::Save))
}

/// Shows the Open dialog for an image archive and keeps the chosen path for loading.
pub async fn choose_load<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<GrantedFile> {
    let path = match test_answer() {
        Some(answer) => answer,
        None => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            app.dialog()
                .file()
                .set_title(title)
                .add_filter("tar, tar.gz, tar.xz, tar.zst", &ARCHIVE_EXTENSIONS)
                .pick_file(move |p| drop(tx.send(chosen(p))));
            rx.await.ok().flatten()
        }
    }?;
    let state = app.try_state::<AppState>()?;
    Some(state.files.grant(path, FilePurpose::Load))
}

/// Turns the window's drag-and-drop events into [`DROP_EVENT`]s; dropped files are kept for
/// loading. Paths never reach the web view.
pub fn on_window_event<R: Runtime>(app: &AppHandle<R>, event: &WindowEvent) {
    let WindowEvent::DragDrop(drag) = event else {
        return;
    };
    let message = match drag {
        DragDropEvent::Enter { paths, .. } => FileDrop::Over {
            count: u32::try_from(paths.len()).unwrap_or(u32::MAX),
        },
        DragDropEvent::Leave => FileDrop::Left,
        DragDropEvent::Drop { paths, .. } => {
            let Some(state) = app.try_state::<AppState>() else {
                return;
            };
            FileDrop::Dropped {
                files: paths
                    .iter()
                    .map(|p| state.files.grant(p.clone(), FilePurpose::Load))
                    .collect(),
            }
        }
        // Over fires on every pointer move; Enter already said what is coming.
        _ => return,
    };
    let _ = app.emit(DROP_EVENT, message);
}
