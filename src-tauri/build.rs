// A build script reports failure by panicking; there is no caller to return an error to.
#[allow(clippy::panic)]
fn main() {
    // Declaring the app's own commands makes Tauri check them against the capability
    // files too (otherwise only plugin commands are ACL-checked).
    let manifest = tauri_build::AppManifest::new().commands(&[
        "list_images",
        "engine_info",
        "app_info",
        "list_engines",
        "docker_elsewhere",
        "engine_software",
        "choose_engine",
        "preferred_languages",
        "set_language",
        "parse_reference",
        "pull_image",
        "cancel_pull",
        "inspect_image",
        "image_history",
        "plan_removal",
        "preview_removal",
        "execute_removal",
        "recheck_removal",
        "cancel_removal",
        "prune_preview",
        "prune_images",
        "terminal_record",
        "choose_save_file",
        "choose_load_file",
        "preview_archive",
        "save_images",
        "load_images",
        "cancel_kit",
        "tag_image",
        "check_updates",
        "cancel_update_check",
        "follow_engine",
        "follow_record",
        "follow_drops",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri build script failed: {e:#}"));
}
