//! State the shell keeps for the app's lifetime.

use imagen_core::pull::PullRegistry;
use imagen_core::removal::PlanRegistry;
use imagen_core::{Connection, EngineAddress};

/// The engine handle every command shares. It connects lazily, so the window opens at
/// once even when no engine is running.
#[derive(Debug)]
pub struct AppState {
    /// Reconnecting handle to the engine named by `DOCKER_HOST` or the platform default.
    pub connection: Connection,
    /// Pulls in flight, so Cancel can reach them.
    pub pulls: PullRegistry,
    /// Removal plans and prune previews the UI may run, by ID, and the removals running.
    pub plans: PlanRegistry,
}

impl AppState {
    /// State for the engine the environment names.
    pub fn from_env() -> Self {
        Self {
            connection: Connection::new(EngineAddress::from_env()),
            pulls: PullRegistry::default(),
            plans: PlanRegistry::default(),
        }
    }
}
