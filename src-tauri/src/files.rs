//! Files the user names: native Save and Open dialogs, and files dropped on the window.
//!
//! The dialogs are opened from Rust and the dropped paths arrive in Rust; the web view only
//! receives opaque IDs ([`imagen_core::kit::FileGrants`]) and the files' names. The window's
//! capability grants no dialog or file-system permission, so a script in the web view can
//! neither read nor write any file the user did not pick for that purpose.

use crate::AppState;
use imagen_core::kit::{FileDrop, FileGrants, FilePurpose, GrantedFile};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use tauri::{AppHandle, DragDropEvent, Manager, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_dialog::{DialogExt, FilePath};

/// The extensions offered in the Open dialog (the contents decide, not the name): `docker
/// save`'s `.tar`, and the compressed forms `docker load` reads, under each of their usual
/// names (`.tar.gz`/`.tgz`, `.tar.xz`/`.txz`, `.tar.zst`/`.tzst`/`.tar.zstd`): a macOS Open
/// dialog greys out every other name.
pub const ARCHIVE_EXTENSIONS: [&str; 8] = ["tar", "gz", "tgz", "xz", "txz", "zst", "tzst", "zstd"];

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

/// Shows the Save dialog (suggesting `file_name`, titled `title`) over `window` and keeps the
/// chosen path for one save. `None` when the user cancels. The dialog is the window's own
/// (its parent): an unowned one can open behind Imagen on Windows, while Imagen's modal
/// waits for it, and the app would look frozen.
pub async fn choose_save<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    title: &str,
    file_name: &str,
) -> Option<GrantedFile> {
    let path = match test_answer() {
        Some(answer) => answer,
        None => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            app.dialog()
                .file()
                .set_parent(window)
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

/// Shows the Open dialog for an image archive over `window` (its parent, as for Save) and
/// keeps the chosen path for loading.
pub async fn choose_load<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    title: &str,
) -> Option<GrantedFile> {
    let path = match test_answer() {
        Some(answer) => answer,
        None => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            app.dialog()
                .file()
                .set_parent(window)
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
    // Which dropped path is a file asks the disk, and a sleeping USB disk or a stale network
    // share can take seconds to say: not on the event loop's thread, where the whole window
    // would freeze meanwhile. The other events ask nothing and keep their order.
    // A drop still being looked at when another comes (the first on a sleeping disk) is
    // stale: only the latest drop reaches the page, so it cannot land after the newer one.
    static DROPS: AtomicU64 = AtomicU64::new(0);
    if matches!(drag, DragDropEvent::Drop { .. }) {
        let this = DROPS.fetch_add(1, Ordering::SeqCst) + 1;
        let app = app.clone();
        let drag = drag.clone();
        tauri::async_runtime::spawn_blocking(move || {
            deliver(&app, &drag, || DROPS.load(Ordering::SeqCst) == this)
        });
    } else {
        deliver(app, drag, || true);
    }
}

/// Sends `drag`'s message to the page, if `still_wanted` once it is known.
fn deliver<R: Runtime>(app: &AppHandle<R>, drag: &DragDropEvent, still_wanted: impl Fn() -> bool) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    if let Some(message) = drop_message(&state.files, drag) {
        if still_wanted() {
            state.followers.drop_event(message);
        }
    }
}

/// What the web view hears of one drag event; dropped paths are granted for loading only.
fn drop_message(files: &FileGrants, drag: &DragDropEvent) -> Option<FileDrop> {
    Some(match drag {
        DragDropEvent::Enter { paths, .. } => FileDrop::Over {
            count: u32::try_from(paths.len()).unwrap_or(u32::MAX),
        },
        DragDropEvent::Leave => FileDrop::Left,
        DragDropEvent::Drop { paths, .. } => {
            // Only the file loaded is kept (granting every one would forget the first past
            // the grants' limit when dozens are dropped): the first, passing over folders
            // dropped before a file. A folder alone is kept too: its preview says it is one.
            let used = paths.iter().position(|p| !p.is_dir()).unwrap_or(0);
            FileDrop::Dropped {
                file: paths
                    .get(used)
                    .map(|p| files.grant(p.clone(), FilePurpose::Load)),
                ignored: u32::try_from(paths.len().saturating_sub(1)).unwrap_or(u32::MAX),
            }
        }
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
        let Some(FileDrop::Dropped {
            file: Some(granted),
            ignored: 1,
        }) = drop_message(&files, &dropped)
        else {
            panic!("a drop is reported as Dropped");
        };
        assert_eq!(granted.name, "kit.tar.zst");
        let sent = serde_json::to_string(&granted).unwrap();
        assert!(
            !sent.contains("/home/ana"),
            "no path reaches the web view: {sent}"
        );
        assert_eq!(
            files.path(&granted.id, FilePurpose::Load).unwrap(),
            std::path::PathBuf::from("/home/ana/kit.tar.zst")
        );
        assert!(files.path(&granted.id, FilePurpose::Save).is_err());
    }

    /// Dozens of files dropped at once: the first is the one loaded, and it stays chosen
    /// (the others are not kept, so they cannot push it out of the kept files).
    #[test]
    fn the_file_loaded_from_a_big_drop_stays_chosen() {
        let files = FileGrants::default();
        let dropped = DragDropEvent::Drop {
            paths: (0..40)
                .map(|i| format!("/tmp/kit-{i}.tar").into())
                .collect(),
            position: PhysicalPosition::new(1.0, 2.0),
        };
        let Some(FileDrop::Dropped {
            file: Some(first),
            ignored: 39,
        }) = drop_message(&files, &dropped)
        else {
            panic!("a drop is reported as Dropped");
        };
        assert_eq!(first.name, "kit-0.tar");
        assert_eq!(
            files.path(&first.id, FilePurpose::Load).unwrap(),
            std::path::PathBuf::from("/tmp/kit-0.tar")
        );
    }

    /// A folder dropped before a file is passed over for the file; dropped alone, it is the
    /// one kept, and its preview says it is a folder (`kit::preview_archive`).
    #[test]
    fn a_folder_dropped_before_a_file_is_passed_over() {
        let dir = std::env::temp_dir().join(format!("imagen-drop-{}", std::process::id()));
        let folder = dir.join("kit");
        std::fs::create_dir_all(&folder).unwrap();
        let tar = dir.join("kit.tar");
        std::fs::write(&tar, b"x").unwrap();
        let files = FileGrants::default();
        let drop = |paths: Vec<std::path::PathBuf>| {
            let event = DragDropEvent::Drop {
                paths,
                position: PhysicalPosition::new(0.0, 0.0),
            };
            match drop_message(&files, &event) {
                Some(FileDrop::Dropped {
                    file: Some(file),
                    ignored,
                }) => (files.path(&file.id, FilePurpose::Load).unwrap(), ignored),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(drop(vec![folder.clone(), tar.clone()]), (tar, 1));
        assert_eq!(drop(vec![folder.clone()]), (folder, 0));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A folder's preview says it is a folder, not "access denied" (Windows) nor "Is a
    /// directory (os error 21)" (elsewhere).
    #[tokio::test]
    async fn a_dropped_folder_is_said_to_be_a_folder() {
        let dir = std::env::temp_dir().join(format!("imagen-drop-folder-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let found = imagen_core::kit::preview_archive(&dir).await;
        assert!(
            matches!(
                &found,
                Err(imagen_core::Error::BadArchive {
                    problem: imagen_core::kit::ArchiveProblem::Folder,
                    ..
                })
            ),
            "{found:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
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
