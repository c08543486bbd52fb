//! Files the user names: native Save and Open dialogs, and files dropped on the window.
//!
//! The dialogs are opened from Rust and the dropped paths arrive in Rust; the web view only
//! receives opaque IDs ([`imagen_core::kit::FileGrants`]) and the files' names. The window's
//! capability grants no dialog or file-system permission, so a script in the web view can
//! neither read nor write any file the user did not pick for that purpose.

use crate::AppState;
use imagen_core::kit::{FileDrop, FileGrants, FilePurpose, GrantedFile};
use std::path::PathBuf;
use tauri::{AppHandle, DragDropEvent, Manager, Runtime, WindowEvent};
use tauri_plugin_dialog::{DialogExt, FilePath};

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

/// Turns the window's drag-and-drop events into [`FileDrop`]s for the page (follow.rs);
/// dropped files are kept for loading. Paths never reach the web view: Tauri's own drag
/// events carry them too, and the window may not listen to any event.
pub fn on_window_event<R: Runtime>(app: &AppHandle<R>, event: &WindowEvent) {
    let WindowEvent::DragDrop(drag) = event else {
        return;
    };
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    if let Some(message) = drop_message(&state.files, drag) {
        state.followers.drop_event(message);
    }
}

/// What the web view hears of one drag event; dropped paths are granted for loading only.
fn drop_message(files: &FileGrants, drag: &DragDropEvent) -> Option<FileDrop> {
    Some(match drag {
        DragDropEvent::Enter { paths, .. } => FileDrop::Over {
            count: u32::try_from(paths.len()).unwrap_or(u32::MAX),
        },
        DragDropEvent::Leave => FileDrop::Left,
        DragDropEvent::Drop { paths, .. } => FileDrop::Dropped {
            files: paths
                .iter()
                .map(|p| files.grant(p.clone(), FilePurpose::Load))
                .collect(),
        },
        // Over fires on every pointer move; Enter already said what is coming.
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use tauri::PhysicalPosition;

    #[test]
    fn dropped_files_reach_the_web_view_as_ids_for_loading_only() {
        let files = FileGrants::default();
        let dropped = DragDropEvent::Drop {
            paths: vec!["/home/ana/kit.tar.zst".into(), "/tmp/b.tar".into()],
            position: PhysicalPosition::new(1.0, 2.0),
        };
        let Some(FileDrop::Dropped { files: granted }) = drop_message(&files, &dropped) else {
            panic!("a drop is reported as Dropped");
        };
        assert_eq!(granted.len(), 2);
        assert_eq!(granted[0].name, "kit.tar.zst");
        let sent = serde_json::to_string(&granted).unwrap();
        assert!(
            !sent.contains("/home/ana"),
            "no path reaches the web view: {sent}"
        );
        assert_eq!(
            files.path(&granted[0].id, FilePurpose::Load).unwrap(),
            std::path::PathBuf::from("/home/ana/kit.tar.zst")
        );
        assert!(files.path(&granted[0].id, FilePurpose::Save).is_err());
    }

    #[test]
    fn a_drag_is_announced_and_its_moves_are_not() {
        let files = FileGrants::default();
        let enter = DragDropEvent::Enter {
            paths: vec!["/tmp/a.tar".into()],
            position: PhysicalPosition::new(0.0, 0.0),
        };
        assert!(matches!(
            drop_message(&files, &enter),
            Some(FileDrop::Over { count: 1 })
        ));
        let over = DragDropEvent::Over {
            position: PhysicalPosition::new(5.0, 5.0),
        };
        assert!(drop_message(&files, &over).is_none());
        assert!(matches!(
            drop_message(&files, &DragDropEvent::Leave),
            Some(FileDrop::Left)
        ));
    }

    /// Only the e2e build lets the environment answer the dialog.
    #[cfg(not(feature = "e2e"))]
    #[test]
    fn a_normal_build_never_answers_the_dialog_itself() {
        std::env::set_var("IMAGEN_E2E_CHOOSE_FILE", "/tmp/evil.tar");
        assert!(test_answer().is_none());
        std::env::remove_var("IMAGEN_E2E_CHOOSE_FILE");
    }
}
