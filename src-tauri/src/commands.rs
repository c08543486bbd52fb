//! Tauri commands: each one line of wiring over imagen-core.

use crate::ipc::guarded;
use crate::AppState;
use imagen_core::engine::survey::{self, EngineChoices};
use imagen_core::engine::{installed, resolve, Environment};
use imagen_core::images::{HistoryEntry, ImageInspection, PackedImageList};
use imagen_core::pull::{self, PullOutcome, PullProgress};
use imagen_core::record::{self, docker};
use imagen_core::reference::ParsedReference;
use imagen_core::removal::{
    self, ActionKind, PlanRecheck, PruneMode, PrunePreview, PruneRun, RemovalEvent, RemovalPlan,
    RemovalRun, Selection,
};
use imagen_core::{images, input, EngineInfo, Error};
use tauri::ipc::Channel;
use tauri::State;

/// `docker images`, with container usage per image: the first call takes the list fetched at
/// start-up while it still holds (first_list.rs), every other call lists now. Sent packed by
/// column, the web view's cheapest form to receive (imagen-core's `images::PackedImageList`).
#[tauri::command]
pub async fn list_images(state: State<'_, AppState>) -> Result<PackedImageList, Error> {
    guarded(async { Ok(state.first_list.list(&state.connection).await?.into()) }).await
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

/// Imagen's own version and licence, for the About dialog.
#[tauri::command]
pub async fn app_info() -> Result<imagen_core::about::AppInfo, Error> {
    guarded(async { Ok(imagen_core::about::AppInfo::current()) }).await
}

/// Every engine Imagen could use (docker contexts, sockets found here), each asked at once
/// whether it answers.
#[tauri::command]
pub async fn list_engines(state: State<'_, AppState>) -> Result<EngineChoices, Error> {
    guarded(async {
        // The engine Imagen is on now, if any: not where it last tried to connect.
        let connected = state.connection.connected_address();
        Ok(survey::survey(
            &Environment::from_process(),
            &state.choice,
            connected.as_ref(),
        )
        .await)
    })
    .await
}

/// The engine software installed on this computer, running or not: the engine page tells
/// "not installed" from "not running" with it. Looks at files only, on a blocking thread (a
/// `PATH` folder on a network share that is gone can take seconds to answer); asked again at
/// each Retry, since the user may install Docker meanwhile.
#[tauri::command]
pub async fn engine_software() -> Result<Vec<installed::Software>, Error> {
    guarded(async {
        let look = || installed::find(&installed::Places::from_process());
        tauri::async_runtime::spawn_blocking(look)
            .await
            .map_err(|e| Error::Internal {
                message: format!("looking for the engine software: {e}"),
            })
    })
    .await
}

/// The engine the docker CLI uses now, when Imagen (finding its engine as the CLI does) is
/// still on another one: a `docker context use` in a terminal. Reads docker's configuration
/// only, for the page to ask at every return to the window.
#[tauri::command]
pub async fn docker_elsewhere(
    state: State<'_, AppState>,
) -> Result<Option<survey::DockerElsewhere>, Error> {
    guarded(async {
        let connected = state.connection.connected_address();
        Ok(survey::docker_elsewhere(
            &Environment::from_process(),
            &state.choice,
            connected.as_ref(),
        ))
    })
    .await
}

/// Switches Imagen (only Imagen: the terminal keeps its context) to the engine `id` from
/// `list_engines`, or back to the docker CLI's (`None`); remembered across runs. The web
/// view names a listed engine, never an address: the ID is looked up again here. Answers
/// why the choice holds for this run only, when its settings file could not be written.
#[tauri::command]
pub async fn choose_engine(
    state: State<'_, AppState>,
    id: Option<String>,
) -> Result<Option<String>, Error> {
    guarded(switch_engine(&state, &Environment::from_process(), id)).await
}

/// [`choose_engine`] in `env`. The switch goes in the Terminal record as the command the
/// switcher shows for the engine now in use, which puts a terminal on it too: a copied
/// script then replays what follows on that engine, not on the terminal's. A refused
/// choice changes nothing and is not recorded.
async fn switch_engine(
    state: &AppState,
    env: &Environment,
    id: Option<String>,
) -> Result<Option<String>, Error> {
    if let Some(id) = &id {
        input::text("engine", id)?;
    }
    let unsaved = survey::choose(env, &state.choice, id.clone())?;
    if let Some((engine, command)) = record::engine_switch(env, resolve::probe, id.as_deref()) {
        state.record.switched(engine, command);
    }
    state.connection.switch(state.choice.resolver()).await;
    Ok(unsaved)
}

/// The user's languages as the OS states them (Linux: `LANGUAGE`, `LC_ALL`, `LC_MESSAGES`,
/// `LANG`), best first; empty where the web view's own `navigator.languages` is right.
#[tauri::command]
pub async fn preferred_languages() -> Result<Vec<String>, Error> {
    guarded(async { Ok(crate::languages::preferred(|name| std::env::var(name).ok())) }).await
}

/// Parses what the user typed in the Pull field (live validation; no engine involved).
#[tauri::command]
pub async fn parse_reference(input: String) -> Result<ParsedReference, Error> {
    guarded(async {
        input::text("reference", &input)?;
        pull::parse_reference(&input).map(|r| r.to_parsed())
    })
    .await
}

/// `docker pull`, streaming progress over `on_progress` (≈10 updates/s) until it ends, on
/// the engine Imagen is on as it is asked (`engine`: the address the window showed, when it
/// knew one); `EngineSwitched` and nothing pulled when Imagen is on another by the time the
/// engine is reached.
#[tauri::command]
pub async fn pull_image(
    state: State<'_, AppState>,
    pull_id: String,
    reference: String,
    platform: Option<String>,
    engine: Option<String>,
    on_progress: Channel<PullProgress>,
) -> Result<PullOutcome, Error> {
    // Read first: a switch that comes while this runs is after the user asked.
    let generation = state.connection.generation();
    // A closed window drops the channel; the pull itself goes on until cancelled.
    let send = move |p: PullProgress| drop(on_progress.send(p));
    guarded(async {
        input::token("pull", &pull_id)?;
        if let Some(engine) = &engine {
            input::text("engine", engine)?;
        }
        input::text("reference", &reference)?;
        if let Some(p) = platform
            .as_deref()
            .filter(|p| !p.is_empty() && *p != "default")
        {
            input::text("platform", p)?;
            pull::validate_platform(p)?;
        }
        let parsed = pull::parse_reference(&reference)?.to_parsed();
        let chosen = platform
            .as_deref()
            .filter(|p| !p.is_empty() && *p != "default");
        // A duplicate run ID is refused before the record: it shows only pulls that start.
        let _claim = state.pulls.claim(&pull_id)?;
        let run = state.record.start(docker::pull(&parsed.familiar, chosen));
        let asked = pull::AskedOn {
            generation,
            seen: engine.as_deref(),
        };
        let outcome = pull::pull_text(
            &state.connection,
            &state.pulls,
            (&pull_id, asked),
            &reference,
            platform,
            send,
        )
        .await;
        match &outcome {
            Ok(PullOutcome::Cancelled) => run.cancelled(),
            Ok(_) => run.done(),
            Err(Error::EngineSwitched { .. }) => run.changed(),
            Err(e) => run.refused(e.clone()),
        }
        outcome
    })
    .await
}

/// Stops a running pull; false when it had already ended.
#[tauri::command]
pub async fn cancel_pull(state: State<'_, AppState>, pull_id: String) -> Result<bool, Error> {
    guarded(async { Ok(state.pulls.cancel(input::token("pull", &pull_id)?)) }).await
}

/// `docker inspect` of one image: the engine's raw document plus a summary. `again`: the
/// app reads the image by itself (the open one again after a terminal tagged it: the user
/// asked once; the Learn panel's reads), so the Terminal record (and a script copied from
/// it) gets no line for it.
#[tauri::command]
pub async fn inspect_image(
    state: State<'_, AppState>,
    id: String,
    again: Option<bool>,
) -> Result<ImageInspection, Error> {
    guarded(async {
        let id = input::image_name("image", &id)?;
        let result = state
            .connection
            .run(|e| async move { images::inspect_image(&e, id).await })
            .await;
        state
            .record
            .read(again == Some(true), docker::inspect(id), result)
    })
    .await
}

/// `docker history` of one image. `again`: as for `inspect_image`, the app reads it by
/// itself (the Learn panel), so the Terminal record gets no line for it.
#[tauri::command]
pub async fn image_history(
    state: State<'_, AppState>,
    id: String,
    again: Option<bool>,
) -> Result<Vec<HistoryEntry>, Error> {
    guarded(async {
        let id = input::image_name("image", &id)?;
        let result = state
            .connection
            .run(|e| async move { images::image_history(&e, id).await })
            .await;
        state
            .record
            .read(again == Some(true), docker::history(id), result)
    })
    .await
}

/// What removing a selection would do: the containers and images in the way, and each
/// action's steps and outcome. Nothing is changed; the plan is kept under its `id`.
/// `engine`: the address of the engine the user chose the selection on (the list on screen
/// came from it); Imagen on another one by now plans nothing (`EngineSwitched`).
#[tauri::command]
pub async fn plan_removal(
    state: State<'_, AppState>,
    selection: Selection,
    engine: Option<String>,
) -> Result<RemovalPlan, Error> {
    guarded(removal::make_plan(
        &state.connection,
        &state.plans,
        selection,
        engine.as_deref(),
    ))
    .await
}

/// What removing a selection would do, for showing only (the Learn panel): the plan is not
/// kept, so it can never be run, nor push out a plan an open Remove dialog holds. `engine`:
/// as for [`plan_removal`], the engine the image was listed on (`EngineSwitched` elsewhere).
#[tauri::command]
pub async fn preview_removal(
    state: State<'_, AppState>,
    selection: Selection,
    engine: Option<String>,
) -> Result<RemovalPlan, Error> {
    guarded(removal::preview_plan(
        &state.connection,
        selection,
        engine.as_deref(),
    ))
    .await
}

/// Runs `action` of the kept plan `plan_id` after re-checking the engine; reports each
/// step over `on_event`, or answers with the new plan when the engine changed.
#[tauri::command]
pub async fn execute_removal(
    state: State<'_, AppState>,
    plan_id: String,
    action: ActionKind,
    on_event: Channel<RemovalEvent>,
) -> Result<RemovalRun, Error> {
    guarded(removal::execute_plan_recorded(
        &state.connection,
        &state.plans,
        &state.record,
        &plan_id,
        action,
        move |ev| drop(on_event.send(ev)),
    ))
    .await
}

/// Plans the selection of the open plan `plan_id` again (the engine changed while it was
/// shown): the same, or what changed and the plan that replaces it. Runs nothing.
#[tauri::command]
pub async fn recheck_removal(
    state: State<'_, AppState>,
    plan_id: String,
) -> Result<PlanRecheck, Error> {
    guarded(removal::recheck_plan(
        &state.connection,
        &state.plans,
        &plan_id,
    ))
    .await
}

/// Stops a running removal before its next step; false when it is not running.
#[tauri::command]
pub async fn cancel_removal(state: State<'_, AppState>, plan_id: String) -> Result<bool, Error> {
    guarded(async { Ok(state.plans.cancel(input::token("plan", &plan_id)?)) }).await
}

/// What `docker image prune [-a]` would remove, and about how much it frees; kept under
/// its `id` for `prune_images`. `engine`: the engine the Clean up dialog was opened on;
/// Imagen on another one by now previews nothing (`EngineSwitched`).
#[tauri::command]
pub async fn prune_preview(
    state: State<'_, AppState>,
    mode: PruneMode,
    engine: Option<String>,
) -> Result<PrunePreview, Error> {
    let plans = &state.plans;
    let seen = engine.as_deref();
    guarded(
        state
            .connection
            .run(|e| async move { removal::keep_prune_preview(&e, plans, mode, seen).await }),
    )
    .await
}

/// Removes exactly the images of the kept preview `preview_id`, or answers with the new
/// preview when the prune would now remove more; recorded as `docker image prune` once the
/// engine is asked (see `removal::prune_kept_recorded`).
#[tauri::command]
pub async fn prune_images(
    state: State<'_, AppState>,
    preview_id: String,
) -> Result<PruneRun, Error> {
    guarded(removal::prune_kept_recorded(
        &state.connection,
        &state.plans,
        &state.record,
        &preview_id,
    ))
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use imagen_core::engine::resolve::Platform;
    use std::path::PathBuf;

    /// Linux, at a home folder with nothing in it, and nothing else set.
    fn linux() -> Environment {
        Environment {
            home: Some(PathBuf::from("/nonexistent/imagen-test/ana")),
            platform: Platform::Linux,
            ..Environment::default()
        }
    }

    /// Choosing an engine adds a line for it to the Terminal record, with the command the
    /// switcher shows; a refused choice adds none.
    #[test]
    fn a_switch_is_recorded_and_a_refused_one_is_not() {
        let state = AppState::new(None);
        let env = linux();
        let colima = "socket:unix:///nonexistent/imagen-test/ana/.colima/default/docker.sock";
        tauri::async_runtime::block_on(async {
            switch_engine(&state, &env, Some(colima.to_owned()))
                .await
                .unwrap();
            assert!(switch_engine(&state, &env, Some("context:gone".to_owned()))
                .await
                .is_err());
            let host = Environment {
                docker_host: Some("tcp://10.0.0.5:2375".into()),
                ..env.clone()
            };
            switch_engine(&state, &host, None).await.unwrap();
        });
        let entries = state.record.entries();
        let lines: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.command.as_str(),
                    e.engine.as_ref().map(|e| e.label.as_str()),
                )
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    "export DOCKER_HOST=unix:///nonexistent/imagen-test/ana/.colima/default/docker.sock",
                    Some("Colima")
                ),
                ("export DOCKER_HOST=tcp://10.0.0.5:2375", Some("default")),
            ]
        );
        assert_eq!(state.choice.get(), None);
    }
}
