//! Tauri commands of the workshop kit: the Terminal record, Save and Load of image archives
//! (the offline kit), `docker tag`, and "Check for updates". Each is wiring over imagen-core,
//! and each records what it carried out on the engine as the docker command a user would type.

use crate::ipc::guarded;
use crate::AppState;
use imagen_core::images::tag::{self, TagOutcome};
use imagen_core::kit::{
    self, ArchivePreview, FilePurpose, GrantedFile, Language, LoadOutcome, LoadProgress, SaveItem,
    SaveOutcome, SaveProgress,
};
use imagen_core::record::{docker, RecordEntry};
use imagen_core::updates::{self, UpdateCheck, UpdateProgress};
use imagen_core::{input, Error};
use tauri::ipc::Channel;
use tauri::{AppHandle, State, WebviewWindow};

/// Every command Imagen carried out on the engine since it started, oldest first.
#[tauri::command]
pub async fn terminal_record(state: State<'_, AppState>) -> Result<Vec<RecordEntry>, Error> {
    guarded(async { Ok(state.record.entries()) }).await
}

/// A name for the Save dialog to suggest: a plain file name, no folder.
fn suggested_name(name: &str) -> Result<&str, Error> {
    let name = input::text("file name", name)?;
    if name.contains(['/', '\\']) || name.starts_with('.') || name.len() > 200 {
        return Err(Error::InvalidInput {
            field: "file name".into(),
            reason: "it must be a file name without a folder".into(),
        });
    }
    Ok(name)
}

/// Shows the native Save dialog; the chosen file may then be written once by `save_images`.
/// `None` when the user cancels the dialog.
#[tauri::command]
pub async fn choose_save_file(
    app: AppHandle,
    window: WebviewWindow,
    language: Language,
    file_name: String,
) -> Result<Option<GrantedFile>, Error> {
    guarded(async {
        let file_name = suggested_name(&file_name)?;
        let title = FilePurpose::Save.dialog_title(language);
        Ok(crate::files::choose_save(&app, &window, title, file_name).await)
    })
    .await
}

/// Shows the native Open dialog for an image archive; the chosen file may then be read by
/// `preview_archive` and `load_images`. `None` when the user cancels the dialog.
#[tauri::command]
pub async fn choose_load_file(
    app: AppHandle,
    window: WebviewWindow,
    language: Language,
) -> Result<Option<GrantedFile>, Error> {
    guarded(async {
        let title = FilePurpose::Load.dialog_title(language);
        Ok(crate::files::choose_load(&app, &window, title).await)
    })
    .await
}

/// What a chosen (or dropped) archive holds, checked whole before anything reaches the
/// engine, with how far it has been read (a big kit on a USB stick takes minutes);
/// `cancel_kit(preview_id)` stops it: `None`.
#[tauri::command]
pub async fn preview_archive(
    state: State<'_, AppState>,
    file_id: String,
    preview_id: String,
    on_progress: Channel<LoadProgress>,
) -> Result<Option<ArchivePreview>, Error> {
    let send = move |p: LoadProgress| drop(on_progress.send(p));
    guarded(async {
        input::token("preview", &preview_id)?;
        let path = state.files.path(&file_id, FilePurpose::Load)?;
        let preview =
            kit::preview_archive_followed(&state.connection, &state.kits, &preview_id, &path, send)
                .await?;
        if let Some(preview) = &preview {
            state.seen_archives.keep(&file_id, preview.clone());
        }
        Ok(preview)
    })
    .await
}

/// `docker save` of `items` (as the user saw them, on the engine at `engine` when known) into
/// the chosen file, streaming progress; re-checked first (`Changed`: nothing written).
#[tauri::command]
pub async fn save_images(
    state: State<'_, AppState>,
    save_id: String,
    file_id: String,
    items: Vec<SaveItem>,
    engine: Option<String>,
    on_progress: Channel<SaveProgress>,
) -> Result<SaveOutcome, Error> {
    let send = move |p: SaveProgress| drop(on_progress.send(p));
    guarded(async {
        input::token("save", &save_id)?;
        let seen_on = engine
            .as_deref()
            .map(|e| input::text("engine", e))
            .transpose()?;
        // Checked before the record: it never shows names that were refused.
        let names = kit::checked_save_names(&items)?;
        // A duplicate run ID is refused before the record (it shows only runs that start),
        // and before the one-time file grant is used up.
        let _claim = state.kits.claim(&save_id)?;
        let target = state.files.save_target(&file_id)?;
        let file = kit::file_name(&target.path);
        let run = state.record.start(docker::save(&file, &names));
        let outcome = kit::save_images(
            &state.connection,
            &state.kits,
            &save_id,
            items,
            seen_on,
            &target,
            send,
        )
        .await;
        match &outcome {
            // Saved beside the chosen file: the record names the file written.
            Ok(SaveOutcome::Saved {
                instead_of: Some(_),
                command,
                ..
            }) => run.done_as(command.clone()),
            Ok(SaveOutcome::Saved { .. }) => run.done(),
            Ok(SaveOutcome::Cancelled { .. }) => run.cancelled(),
            Ok(SaveOutcome::Changed { .. }) => run.changed(),
            Err(e) => run.refused(e.clone()),
        }
        outcome
    })
    .await
}

/// `docker load` of the chosen (or dropped) archive, streaming progress, if the file and the
/// engine still match the preview shown for it (`Changed`, with the new preview, otherwise).
#[tauri::command]
pub async fn load_images(
    state: State<'_, AppState>,
    load_id: String,
    file_id: String,
    on_progress: Channel<LoadProgress>,
) -> Result<LoadOutcome, Error> {
    let send = move |p: LoadProgress| drop(on_progress.send(p));
    guarded(async {
        input::token("load", &load_id)?;
        let path = state.files.path(&file_id, FilePurpose::Load)?;
        let seen = state
            .seen_archives
            .get(&file_id)
            .ok_or_else(|| Error::InvalidInput {
                field: "file".into(),
                reason: "look at what the archive holds before loading it".into(),
            })?;
        let _claim = state.kits.claim(&load_id)?;
        let run = state
            .record
            .start(docker::load(&kit::file_name(&path), seen.decompress_first));
        let outcome =
            kit::load_images(&state.connection, &state.kits, &load_id, &path, &seen, send).await;
        match &outcome {
            Ok(LoadOutcome::Loaded { .. }) => run.done(),
            Ok(LoadOutcome::Cancelled { .. }) => run.cancelled(),
            // What the engine did before it failed is in the outcome, for the dialog.
            Ok(LoadOutcome::Failed { error, .. }) => run.refused(error.clone()),
            Ok(LoadOutcome::Changed { preview, .. }) => {
                state.seen_archives.keep(&file_id, preview.clone());
                run.changed();
            }
            Err(e) => run.refused(e.clone()),
        }
        outcome
    })
    .await
}

/// Stops a running save or load; false when it had already ended.
#[tauri::command]
pub async fn cancel_kit(state: State<'_, AppState>, id: String) -> Result<bool, Error> {
    guarded(async { Ok(state.kits.cancel(input::token("kit", &id)?)) }).await
}

/// `docker tag`: gives image `image_id` (a full ID) the tag `target`, after checking that the
/// tag still names `expected` (what it named when the user looked; `null`: nothing) and that
/// that image's other tags are still `expected_keeps` (what the user was told it keeps), on
/// the engine at `engine` (where the user saw it).
#[tauri::command]
pub async fn tag_image(
    state: State<'_, AppState>,
    image_id: String,
    target: String,
    expected: Option<String>,
    expected_keeps: Vec<String>,
    engine: Option<String>,
) -> Result<TagOutcome, Error> {
    guarded(async {
        let image_id = input::full_image_id("image", &image_id)?;
        let target = input::text("tag", &target)?;
        // Refused before the record: the Terminal view shows only commands that were run.
        tag::check_target(target)?;
        if let Some(e) = &expected {
            input::full_image_id("expected", e)?;
        }
        tag::check_keeps(&expected_keeps)?;
        if let Some(e) = &engine {
            input::text("engine", e)?;
        }
        let run = state.record.start(tag::tag_command(image_id, target));
        let seen = tag::TagSeen {
            engine: engine.as_deref(),
            holder: expected.as_deref(),
            keeps: &expected_keeps,
        };
        let outcome = tag::tag_image(&state.connection, image_id, target, seen).await;
        match &outcome {
            Ok(TagOutcome::Tagged { .. }) => run.done(),
            Ok(TagOutcome::Changed { .. }) => run.changed(),
            Err(e) => run.refused(e.clone()),
        }
        outcome
    })
    .await
}

/// "Check for updates": each tagged image's digest against its registry's, streaming how
/// far it has come; `cancel_update_check(check_id)` stops it with what it has.
#[tauri::command]
pub async fn check_updates(
    state: State<'_, AppState>,
    check_id: String,
    on_progress: Channel<UpdateProgress>,
) -> Result<UpdateCheck, Error> {
    let send = move |p: UpdateProgress| drop(on_progress.send(p));
    guarded(async {
        input::token("check", &check_id)?;
        // One check at a time: the UI joins a running one, and a page asking for more
        // (the web view is untrusted) would multiply the registry questions.
        let run = state.checks.register_sole(&check_id)?;
        let cancel = run.token();
        let follow = updates::Follow {
            cancel: &cancel,
            progress: &send,
        };
        let check = updates::check_updates_followed(&state.connection, None, follow).await?;
        check.record_into(&state.record);
        Ok(check)
    })
    .await
}

/// Stops a running update check; false when it had already ended.
#[tauri::command]
pub async fn cancel_update_check(
    state: State<'_, AppState>,
    check_id: String,
) -> Result<bool, Error> {
    guarded(async { Ok(state.checks.cancel(input::token("check", &check_id)?)) }).await
}
