//! Imagen's desktop shell: window, managed state and thin IPC commands over imagen-core.
//! No engine logic lives here (and bollard is not even a dependency).

mod commands;
mod ipc;
mod languages;
mod navigation;
mod rendering;
mod state;
mod watch;

pub use state::AppState;

/// Builds and runs the app until its window closes.
pub fn run() {
    rendering::prefer_direct_drawing_without_gpu();
    let result = tauri::Builder::default()
        .plugin(navigation::guard())
        .setup(|app| {
            use tauri::Manager;
            // Where the engine chosen in the header is remembered (the OS's config folder
            // for this app); without one, the choice lasts for this run.
            let settings = app.path().app_config_dir().ok();
            app.manage(AppState::new(settings));
            watch::start(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_images,
            commands::engine_info,
            commands::list_engines,
            commands::preferred_languages,
            commands::choose_engine,
            commands::parse_reference,
            commands::pull_image,
            commands::cancel_pull,
            commands::inspect_image,
            commands::image_history,
            commands::plan_removal,
            commands::execute_removal,
            commands::cancel_removal,
            commands::prune_preview,
            commands::prune_images
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("imagen: could not start the window: {err}");
        std::process::exit(1);
    }
}
