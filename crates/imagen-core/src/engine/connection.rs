//! One negotiated engine connection, and the reconnecting handle around it.

use super::gateway::{exchange_at, json, rejection};
use super::raw;
use super::{Endpoint, EngineAddress, Limits};
use crate::error::{Error, Result};
use bollard::models::SystemVersion;
use bollard::API_DEFAULT_VERSION;
use hyper::Method;
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
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

/// A connected engine whose API version has been negotiated. Cheap to clone. Every
/// request goes out through its typed calls (`engine/calls.rs`) and the gateway
/// (`engine/gateway.rs`), on the path `/v{api_version}/…`.
#[derive(Debug, Clone)]
pub struct Engine {
    info: EngineInfo,
    limits: Limits,
    endpoint: Arc<Endpoint>,
}

/// The newest API version Imagen speaks: the one bollard 0.21's models (which Imagen reads
/// the engine's answers into) describe.
const TARGET_API: (u32, u32) = (
    API_DEFAULT_VERSION.major_version as u32,
    API_DEFAULT_VERSION.minor_version as u32,
);

impl Engine {
    /// Connects to `address` and negotiates the API version: the engine's own when it is
    /// older than Imagen's (20.10 speaks 1.41), else Imagen's.
    pub async fn connect(endpoint: impl Into<Endpoint>) -> Result<Self> {
        Self::connect_with(endpoint, Limits::default()).await
    }

    /// [`Engine::connect`] with other time limits (tests use short ones against a
    /// stalled engine).
    pub async fn connect_with(endpoint: impl Into<Endpoint>, limits: Limits) -> Result<Self> {
        let endpoint: Endpoint = endpoint.into();
        let address = endpoint.address.clone();
        let addr = address.as_str();
        if !raw::supports(addr) {
            return Err(Error::UnsupportedAddress {
                address: addr.to_owned(),
            });
        }
        // The one unversioned request: `/version` answers with the engine's newest API
        // version, whatever version the client speaks.
        let (status, body) =
            exchange_at(&endpoint, Method::GET, "/version", limits.connect).await?;
        if !(200..300).contains(&status) {
            return Err(rejection(status, &body).into_error());
        }
        let version: SystemVersion = json("engine version", &body)?;
        let server_api = version
            .api_version
            .as_deref()
            .and_then(parse_api_version)
            .ok_or_else(|| Error::Protocol {
                message: "the engine reported an API version Imagen cannot parse".into(),
            })?;
        let (major, minor) = server_api.min(TARGET_API);
        let podman = is_podman(version.components.iter().flatten().map(|c| c.name.as_str()));
        let info = EngineInfo {
            podman,
            address,
            server_version: version.version.unwrap_or_default(),
            api_version: format!("{major}.{minor}"),
            platform: format!(
                "{}/{}",
                version.os.unwrap_or_default(),
                version.arch.unwrap_or_default()
            ),
        };
        Ok(Self {
            info,
            limits,
            endpoint: Arc::new(endpoint),
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

    /// How the transport reaches the engine.
    pub(crate) fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The address, for error messages.
    pub(crate) fn address(&self) -> &str {
        self.info.address.as_str()
    }
}

/// `1.41` → `(1, 41)`.
fn parse_api_version(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.trim().split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
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
    use super::{is_podman, parse_api_version, TARGET_API};

    #[test]
    fn reads_api_versions_and_compares_them_as_numbers() {
        assert_eq!(parse_api_version("1.41"), Some((1, 41)));
        assert_eq!(parse_api_version("1.9"), Some((1, 9)));
        assert_eq!(parse_api_version("v1.41"), None);
        assert_eq!(parse_api_version("1"), None);
        // 1.9 is older than 1.41: numbers, not text.
        assert!((1, 9) < (1, 41));
        assert_eq!((1, 41).min(TARGET_API), (1, 41));
        assert_eq!((1, 99).min(TARGET_API), TARGET_API);
    }

    #[test]
    fn recognises_podman_by_its_version_components() {
        assert!(is_podman(["Podman Engine", "Conmon"].into_iter()));
        assert!(!is_podman(
            ["Engine", "containerd", "runc", "docker-init"].into_iter()
        ));
        assert!(!is_podman(std::iter::empty()));
    }
}
