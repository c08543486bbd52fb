//! Imagen's desktop shell: window, managed state and thin IPC commands over imagen-core.
//! No engine logic lives here (and bollard is not even a dependency).

mod commands;
mod files;
mod first_list;
mod follow;
mod ipc;
mod languages;
mod menu;
mod navigation;
mod quit;
mod rendering;
mod state;
mod watch;
mod workshop;

pub use state::AppState;

/// Builds and runs the app until its window closes.
pub fn run() {
    rendering::prefer_direct_drawing_without_gpu();
    let context = tauri::generate_context!();
    // Where the engine chosen in the header is remembered: the folder Tauri's
    // `app_config_dir` names (the OS's config folder, then the app's identifier), worked out
    // here because the state exists before the app does; without one, the choice lasts for
    // this run.
    let settings = dirs::config_dir().map(|dir| dir.join(&context.config().identifier));
    let state = AppState::new(settings);
    // The first list runs while Tauri builds the window and the web view starts.
    first_list::start(&state);
    // A remembered engine heads the Terminal record, so its script replays there.
    state.record.resumed(
        &imagen_core::engine::Environment::from_process(),
        imagen_core::engine::resolve::probe,
        state.choice.get().as_deref(),
    );
    // On macOS, the menu bar in the UI's language instead of Tauri's English one (menu.rs);
    // elsewhere no menu bar, as before.
    let result = menu::install(tauri::Builder::default())
        .plugin(navigation::guard())
        // Only for the Save and Open dialogs Imagen opens from Rust (files.rs); the window's
        // capability grants the web view none of the plugin's commands.
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| {
            use tauri::Manager;
            files::on_window_event(window.app_handle(), event);
            quit::on_window_event(window, event);
        })
        .on_page_load(|webview, payload| {
            use tauri::Manager;
            imagen_core::startup::mark(format_args!("page load {:?}", payload.event()));
            // A new page (a reload) follows afresh; the old one's channels are gone.
            if payload.event() == tauri::webview::PageLoadEvent::Started {
                if let Some(state) = webview.try_state::<AppState>() {
                    state.followers.forget_all();
                }
            }
        })
        .setup(move |app| {
            use tauri::Manager;
            imagen_core::startup::mark("setup");
            let handle = app.handle().clone();
            state.record.on_change(move |entry| {
                if let Some(state) = handle.try_state::<AppState>() {
                    state.followers.record(entry.clone());
                }
            });
            app.manage(state);
            watch::start(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_images,
            commands::engine_info,
            commands::app_info,
            commands::list_engines,
            commands::docker_elsewhere,
            commands::engine_software,
            commands::preferred_languages,
            menu::set_language,
            commands::choose_engine,
            commands::parse_reference,
            commands::pull_image,
            commands::cancel_pull,
            commands::inspect_image,
            commands::image_history,
            commands::plan_removal,
            commands::preview_removal,
            commands::execute_removal,
            commands::recheck_removal,
            commands::cancel_removal,
            commands::prune_preview,
            commands::prune_images,
            workshop::terminal_record,
            workshop::choose_save_file,
            workshop::choose_load_file,
            workshop::preview_archive,
            workshop::save_images,
            workshop::load_images,
            workshop::cancel_kit,
            workshop::tag_image,
            workshop::check_updates,
            workshop::cancel_update_check,
            follow::follow_engine,
            follow::follow_record,
            follow::follow_drops
        ])
        .build(context);
    let app = match result {
        Ok(app) => app,
        Err(err) => {
            eprintln!("imagen: could not start the window: {err}");
            std::process::exit(1);
        }
    };
    app.run(|_, event| {
        // The event loop ends the process (`process::exit`) without dropping the saves in
        // flight: their hidden partial files, often gigabytes, would stay on the disk.
        if let tauri::RunEvent::Exit = event {
            for (file, err) in imagen_core::kit::end_saves() {
                eprintln!(
                    "imagen: could not remove the unfinished save {}: {err}",
                    file.display()
                );
            }
        }
    });
}
