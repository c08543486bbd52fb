//! An engine's address, as `DOCKER_HOST` spells it. Which engine to use is decided in
//! [`super::resolve`].

use serde::Serialize;

/// An engine address in `DOCKER_HOST` form (`unix:///var/run/docker.sock`,
/// `npipe:////./pipe/docker_engine`, `tcp://127.0.0.1:2375`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EngineAddress(String);

impl EngineAddress {
    /// Wraps an address exactly as given.
    pub fn new(address: impl Into<String>) -> Self {
        Self(address.into())
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EngineAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
