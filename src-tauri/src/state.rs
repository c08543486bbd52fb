//! State the shell keeps for the app's lifetime.

use imagen_core::engine::choice::ChoiceStore;
use imagen_core::images::FirstList;
use imagen_core::kit::{FileGrants, KitRegistry, SeenArchives};
use imagen_core::pull::PullRegistry;
use imagen_core::record::Record;
use imagen_core::removal::PlanRegistry;
use imagen_core::Connection;
use std::path::PathBuf;
use std::sync::Arc;

/// The engine handle every command shares. It connects lazily, so the window opens at
/// once even when no engine is running.
#[derive(Debug)]
pub struct AppState {
    /// Reconnecting handle to the engine: the one chosen in the header, else the one the
    /// docker CLI would use (`DOCKER_HOST`, `DOCKER_CONTEXT`, the current context, this
    /// machine's sockets), worked out again at every reconnect.
    /// Shared (Arc) with the first list, which starts before Tauri does (first_list.rs).
    pub connection: Arc<Connection>,
    /// The engine chosen in the header, remembered across runs.
    pub choice: Arc<ChoiceStore>,
    /// Pulls in flight, so Cancel can reach them.
    pub pulls: PullRegistry,
    /// Removal plans and prune previews the UI may run, by ID, and the removals running.
    pub plans: PlanRegistry,
    /// Every command carried out on the engine this run: the Terminal record.
    pub record: Record,
    /// Files the user chose in a dialog or dropped on the window, by opaque ID.
    pub files: FileGrants,
    /// Saves and loads in flight, so Cancel can reach them.
    pub kits: KitRegistry,
    /// Update checks in flight, so Stop can reach them.
    pub checks: PullRegistry,
    /// The archive previews shown, by file ID: a load compares with them.
    pub seen_archives: SeenArchives,
    /// The list fetched at start-up for the page's first call (first_list.rs).
    pub first_list: Arc<FirstList>,
    /// The page's channels for engine signals, record entries and file drops (follow.rs).
    pub followers: crate::follow::Followers,
}

impl AppState {
    /// State whose engine choice is kept in `settings` (the app's config folder; `None`
    /// keeps it for this run only).
    pub fn new(settings: Option<PathBuf>) -> Self {
        let choice = Arc::new(ChoiceStore::open(
            settings.map(|dir| dir.join("engine.json")),
        ));
        Self {
            connection: Arc::new(Connection::resolving(choice.resolver())),
            choice,
            pulls: PullRegistry::default(),
            plans: PlanRegistry::default(),
            record: Record::default(),
            files: FileGrants::default(),
            kits: KitRegistry::default(),
            checks: PullRegistry::default(),
            seen_archives: SeenArchives::default(),
            first_list: Arc::default(),
            followers: crate::follow::Followers::default(),
        }
    }
}
