//! One negotiated engine connection, and the reconnecting handle around it.

use super::{EngineAddress, Limits};
use crate::error::{Error, Result};
use bollard::{Docker, API_DEFAULT_VERSION};
use serde::Serialize;
use std::future::Future;
use tokio::sync::Mutex;

/// What the engine said about itself during the handshake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EngineInfo {
    /// Where Imagen connected.
    pub address: EngineAddress,
    /// Engine version, e.g. `20.10.24`.
    pub server_version: String,
    /// API version both sides agreed on, e.g. `1.41`.
    pub api_version: String,
    /// Engine OS/architecture, e.g. `linux/amd64`.
    pub platform: String,
    /// Podman's Docker-compatible API rather than Docker's engine (its `rmi --force` also
    /// removes the containers using the image).
    pub podman: bool,
}

/// A connected engine whose API version has been negotiated. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) docker: Docker,
    info: EngineInfo,
    limits: Limits,
}

impl Engine {
    /// Connects to `address` and negotiates the API version (old engines such as 20.10
    /// speak 1.41; bollard would otherwise ask for 1.53 and be refused).
    pub async fn connect(address: &EngineAddress) -> Result<Self> {
        Self::connect_with(address, Limits::default()).await
    }

    /// [`Engine::connect`] with other time limits (tests use short ones against a
    /// stalled engine).
    pub async fn connect_with(address: &EngineAddress, limits: Limits) -> Result<Self> {
        let addr = address.as_str();
        let request_secs = limits.request.as_secs().max(1);
        let fail = |e| Error::from_bollard(addr, e);
        let docker = if addr.starts_with("unix://") || addr.starts_with("npipe://") {
            Docker::connect_with_socket(addr, request_secs, API_DEFAULT_VERSION).map_err(fail)?
        } else if addr.starts_with("tcp://") || addr.starts_with("http://") {
            Docker::connect_with_http(addr, request_secs, API_DEFAULT_VERSION).map_err(fail)?
        } else {
            return Err(Error::UnsupportedAddress {
                address: addr.to_owned(),
            });
        };
        let handshake = async {
            let docker = docker.negotiate_version().await.map_err(fail)?;
            let version = docker.version().await.map_err(fail)?;
            Ok::<_, Error>((docker, version))
        };
        let (docker, version) = tokio::time::timeout(limits.connect, handshake)
            .await
            .map_err(|_| Error::EngineTimeout {
                address: addr.to_owned(),
                seconds: limits.connect.as_secs() as u32,
            })??;
        let client = docker.client_version();
        let podman = is_podman(version.components.iter().flatten().map(|c| c.name.as_str()));
        let info = EngineInfo {
            podman,
            address: address.clone(),
            server_version: version.version.unwrap_or_default(),
            api_version: format!("{}.{}", client.major_version, client.minor_version),
            platform: format!(
                "{}/{}",
                version.os.unwrap_or_default(),
                version.arch.unwrap_or_default()
            ),
        };
        Ok(Self {
            docker,
            info,
            limits,
        })
    }

    /// The time limits of this connection's calls.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// What the engine said about itself.
    pub fn info(&self) -> &EngineInfo {
        &self.info
    }

    /// The address, for error messages.
    pub(crate) fn address(&self) -> &str {
        self.info.address.as_str()
    }
}

/// Podman's compatible API names itself in `/version`'s components ("Podman Engine").
fn is_podman<'a>(mut components: impl Iterator<Item = &'a str>) -> bool {
    components.any(|name| name.to_ascii_lowercase().contains("podman"))
}

/// The long-lived handle the app keeps: connects on first use, and forgets the engine
/// after a connection failure so the next call reconnects (engine restarted, Docker
/// Desktop started after Imagen).
#[derive(Debug)]
pub struct Connection {
    address: EngineAddress,
    engine: Mutex<Option<Engine>>,
}

impl Connection {
    /// A handle for `address`; nothing is contacted yet.
    pub fn new(address: EngineAddress) -> Self {
        Self {
            address,
            engine: Mutex::new(None),
        }
    }

    /// The address this handle connects to.
    pub fn address(&self) -> &EngineAddress {
        &self.address
    }

    /// The connected engine, connecting first if needed.
    pub async fn engine(&self) -> Result<Engine> {
        let mut slot = self.engine.lock().await;
        if let Some(engine) = slot.as_ref() {
            return Ok(engine.clone());
        }
        let engine = Engine::connect(&self.address).await?;
        *slot = Some(engine.clone());
        Ok(engine)
    }

    /// Runs `op` against the engine; a connection failure drops the cached engine.
    pub async fn run<T, F, Fut>(&self, op: F) -> Result<T>
    where
        F: FnOnce(Engine) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let engine = self.engine().await?;
        let result = op(engine).await;
        if matches!(&result, Err(e) if e.is_connection_failure()) {
            self.forget().await;
        }
        result
    }

    /// Drops the cached engine so the next call reconnects: for failures that arrive
    /// inside a successful answer (a removal report whose step lost the engine).
    pub async fn forget(&self) {
        *self.engine.lock().await = None;
    }
}

#[cfg(test)]
mod tests {
    use super::is_podman;

    #[test]
    fn recognises_podman_by_its_version_components() {
        assert!(is_podman(["Podman Engine", "Conmon"].into_iter()));
        assert!(!is_podman(
            ["Engine", "containerd", "runc", "docker-init"].into_iter()
        ));
        assert!(!is_podman(std::iter::empty()));
    }
}
