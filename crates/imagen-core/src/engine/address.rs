//! Where the engine is: `DOCKER_HOST` when set, else the platform default.

use serde::Serialize;
use std::path::{Path, PathBuf};

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

    /// `DOCKER_HOST` if set and non-empty, else the first platform socket that exists
    /// (falling back to the standard one, so the error names what users expect).
    pub fn from_env() -> Self {
        let docker_host = std::env::var("DOCKER_HOST").ok();
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let runtime_dir = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from);
        Self::resolve(
            docker_host.as_deref(),
            home.as_deref(),
            runtime_dir.as_deref(),
            |p| p.exists(),
        )
    }

    /// The decision behind [`EngineAddress::from_env`], with the environment passed in.
    pub fn resolve(
        docker_host: Option<&str>,
        home: Option<&Path>,
        runtime_dir: Option<&Path>,
        exists: impl Fn(&Path) -> bool,
    ) -> Self {
        if let Some(host) = docker_host.map(str::trim).filter(|h| !h.is_empty()) {
            return Self::new(host);
        }
        if cfg!(windows) {
            return Self::new("npipe:////./pipe/docker_engine");
        }
        // Docker Desktop, Colima, OrbStack and rootless Docker put their sockets in
        // different places; /var/run/docker.sock is the classic one and often a symlink.
        let mut candidates = vec![PathBuf::from("/var/run/docker.sock")];
        if let Some(home) = home {
            candidates.push(home.join(".docker/run/docker.sock"));
            candidates.push(home.join(".colima/default/docker.sock"));
            candidates.push(home.join(".orbstack/run/docker.sock"));
        }
        if let Some(dir) = runtime_dir {
            candidates.push(dir.join("docker.sock"));
        }
        let chosen = candidates
            .iter()
            .find(|p| exists(p))
            .unwrap_or(&candidates[0]);
        Self::new(format!("unix://{}", chosen.display()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_host_wins() {
        let a = EngineAddress::resolve(Some("unix:///tmp/x.sock"), None, None, |_| true);
        assert_eq!(a.as_str(), "unix:///tmp/x.sock");
    }

    #[test]
    fn empty_docker_host_is_ignored() {
        let a = EngineAddress::resolve(Some("  "), None, None, |_| false);
        #[cfg(unix)]
        assert_eq!(a.as_str(), "unix:///var/run/docker.sock");
        #[cfg(windows)]
        assert_eq!(a.as_str(), "npipe:////./pipe/docker_engine");
    }

    #[cfg(unix)]
    #[test]
    fn finds_docker_desktop_socket_in_home() {
        let home = Path::new("/Users/ana");
        let a = EngineAddress::resolve(None, Some(home), None, |p| {
            p == Path::new("/Users/ana/.docker/run/docker.sock")
        });
        assert_eq!(a.as_str(), "unix:///Users/ana/.docker/run/docker.sock");
    }

    #[cfg(unix)]
    #[test]
    fn falls_back_to_the_classic_socket() {
        let a = EngineAddress::resolve(None, Some(Path::new("/h")), None, |_| false);
        assert_eq!(a.as_str(), "unix:///var/run/docker.sock");
    }
}
