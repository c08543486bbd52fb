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
    /// What the user knows this engine as: the docker context's name, or the product whose
    /// socket it is ("Docker Desktop"); `None` when only the address names it.
    pub name: Option<String>,
    /// The socket found on this machine that named it, for the page to word in the user's
    /// language ("Socket estándar"): `name` is the English label.
    pub socket: Option<super::resolve::SocketKind>,
    /// Plain HTTP to another machine: anyone on the way can read and change the traffic.
    /// The UI warns, and registry credentials are never sent over it.
    pub exposed: bool,
}

impl EngineInfo {
    /// Whether `docker load` on this engine reads a zstd-compressed archive itself: Docker
    /// Engine 23.0 (API 1.42) added zstd to the formats it decompresses, Podman reads it at
    /// any version. Imagen decompresses before sending either way; this is about the command
    /// a user would type.
    pub fn loads_zstd(&self) -> bool {
        self.podman || self.api_at_least((1, 42))
    }

    /// Whether the API version spoken with this engine is `version` or later.
    pub(crate) fn api_at_least(&self, version: (u32, u32)) -> bool {
        parse_api_version(&self.api_version).is_some_and(|v| v >= version)
    }
}

/// A connected engine whose API version has been negotiated. Cheap to clone. Every
/// request goes out through its typed calls (`engine/calls.rs`) and the gateway
/// (`engine/gateway.rs`), on the path `/v{api_version}/…`.
#[derive(Debug, Clone)]
pub struct Engine {
    info: EngineInfo,
    limits: Limits,
    endpoint: Arc<Endpoint>,
    /// Held while a `/system/df` is under way, so this connection (and its clones) never
    /// asks two at once: Engine 20.10 refuses the second ([`super::disk_usage`]).
    disk_usage: Arc<tokio::sync::Mutex<()>>,
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
                named_by: None,
            });
        }
        // The one unversioned request: `/version` answers with the engine's newest API
        // version, whatever version the client speaks.
        let (status, body) =
            exchange_at(&endpoint, Method::GET, "/version", limits.connect).await?;
        // A server error to the very first question: nothing is served yet (Docker Desktop
        // starting its engine answers 500, often with no words). Away, not refusing: the
        // watcher keeps trying, and the page says to wait.
        if status >= 500 {
            let said = match rejection(status, &body) {
                crate::engine::gateway::CallError::Status(_, message) if !message.is_empty() => {
                    format!(": {message}")
                }
                _ => String::new(),
            };
            return Err(Error::EngineUnreachable {
                address: addr.to_owned(),
                reason: format!("the engine is not ready yet (HTTP {status}{said})"),
                cause: crate::error::UnreachableCause::NotReady,
            });
        }
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
            name: None,
            socket: None,
            exposed: endpoint.is_exposed(),
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
            disk_usage: Arc::default(),
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

    /// The lock one `/system/df` at a time holds ([`super::disk_usage`]).
    pub(crate) fn disk_usage_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.disk_usage
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

/// Where a [`Connection`] connects: one fixed endpoint, or one worked out again at every
/// (re)connect, the way the docker CLI does on every command (a `docker context use` in
/// the terminal, Docker Desktop started after Imagen, a context whose host changed).
pub type Resolver = Arc<dyn Fn() -> Result<Target> + Send + Sync>;

/// An engine to connect to, and what the user knows it as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// How to reach it.
    pub endpoint: Endpoint,
    /// The context's name or the socket's product, shown in the header.
    pub name: Option<String>,
    /// The socket found on this machine that named it, if one did.
    pub socket: Option<super::resolve::SocketKind>,
    /// `DOCKER_HOST` or the context that named it, for the help when Imagen cannot use it.
    pub named_by: Option<crate::error::AddressNamedBy>,
}

#[derive(Clone)]
enum Source {
    Fixed(Target),
    Resolving(Resolver),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Fixed(target) => write!(f, "Fixed({})", target.endpoint.address),
            Source::Resolving(_) => f.write_str("Resolving"),
        }
    }
}

/// The cached engine, and how the last attempt to connect ended when it failed; each with
/// the switch generation it was made for, so nothing from before a switch is handed out
/// after it.
#[derive(Debug, Default)]
struct Slot {
    engine: Option<(u64, Engine)>,
    /// When the last failed attempt ended, and why: callers that were already waiting for
    /// it take its answer instead of each trying again in turn (an engine that accepts but
    /// never answers would otherwise cost every waiting call its own time limit).
    failed: Option<(u64, std::time::Instant, Error)>,
}

/// The long-lived handle the app keeps: connects on first use, and forgets the engine
/// after a connection failure so the next call reconnects (engine restarted, Docker
/// Desktop started after Imagen), working out where the engine is again each time.
#[derive(Debug)]
pub struct Connection {
    source: std::sync::Mutex<Source>,
    engine: Mutex<Slot>,
    /// Bumped by [`Connection::switch`]: the event watcher drops a stream that still follows
    /// the previous engine, and a connect attempt under way (to a frozen engine: up to its
    /// whole time limit) is given up, so the calls after the switch do not wait behind it.
    generation: tokio::sync::watch::Sender<u64>,
    /// Bumped by [`Connection::forget`]: a call found the engine gone, so the event watcher
    /// stops trusting a stream that may have died silently with it.
    forgotten: tokio::sync::watch::Sender<u64>,
    /// The endpoint of the last connection attempt, for messages about it.
    last_address: std::sync::Mutex<EngineAddress>,
    /// The cached engine's address and the generation it was made for, kept with the slot
    /// (written under its lock) but readable without it: [`Connection::connected_address`]
    /// answers while a call holds the slot, and calls hold it for the whole of a connect.
    connected: std::sync::Mutex<Option<(u64, EngineAddress)>>,
}

impl Connection {
    /// A handle for one fixed endpoint (an address, or an [`Endpoint`] with TLS); nothing is
    /// contacted yet.
    pub fn new(endpoint: impl Into<Endpoint>) -> Self {
        let endpoint = endpoint.into();
        let address = endpoint.address.clone();
        let target = Target {
            endpoint,
            name: None,
            socket: None,
            named_by: None,
        };
        Self::with_source(Source::Fixed(target), address)
    }

    /// A handle that asks `resolver` where the engine is before every (re)connect.
    pub fn resolving(resolver: Resolver) -> Self {
        let first = resolver()
            .map(|t| t.endpoint.address)
            .unwrap_or_else(|_| EngineAddress::new(""));
        Self::with_source(Source::Resolving(resolver), first)
    }

    fn with_source(source: Source, address: EngineAddress) -> Self {
        Self {
            source: std::sync::Mutex::new(source),
            engine: Mutex::new(Slot::default()),
            generation: tokio::sync::watch::channel(0).0,
            forgotten: tokio::sync::watch::channel(0).0,
            last_address: std::sync::Mutex::new(address),
            connected: std::sync::Mutex::new(None),
        }
    }

    /// The address of the engine this handle is connected to now, for the current choice;
    /// `None` while it has none (never connected, the engine went away, or a connection is
    /// being made: then it cannot be said which engine Imagen will be on).
    pub fn connected_address(&self) -> Option<EngineAddress> {
        let connected = self.connected.lock().unwrap_or_else(|e| e.into_inner());
        match &*connected {
            Some((made_for, address)) if *made_for == self.generation() => Some(address.clone()),
            _ => None,
        }
    }

    /// Sets the cached engine (under the slot's lock) and what
    /// [`Connection::connected_address`] reads.
    fn cache(&self, slot: &mut Slot, engine: Option<(u64, Engine)>) {
        *self.connected.lock().unwrap_or_else(|e| e.into_inner()) = engine
            .as_ref()
            .map(|(made_for, engine)| (*made_for, engine.info().address.clone()));
        slot.engine = engine;
    }

    /// The address of the engine this handle is connected to, or last tried.
    pub fn address(&self) -> EngineAddress {
        self.last_address
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Points the handle at another engine (or way of finding one): the next call connects
    /// to the new one, a call waiting for a connection to the old one connects to the new
    /// one instead, and the event watcher follows. Calls that already have the old engine
    /// finish against it. Never waits for a connect attempt.
    pub async fn switch(&self, resolver: Resolver) {
        *self.source.lock().unwrap_or_else(|e| e.into_inner()) = Source::Resolving(resolver);
        // After the source: whoever sees the new generation also sees the new engine.
        self.generation.send_modify(|g| *g += 1);
    }

    /// Tells when [`Connection::switch`] pointed the handle elsewhere.
    pub(crate) fn switches(&self) -> tokio::sync::watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// Tells when [`Connection::forget`] dropped the engine (a call lost it).
    pub(crate) fn forgets(&self) -> tokio::sync::watch::Receiver<u64> {
        self.forgotten.subscribe()
    }

    /// Where to connect now: the fixed endpoint, or the resolver's answer of the moment.
    fn target_now(&self) -> Result<Target> {
        let source = self
            .source
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        match source {
            Source::Fixed(target) => Ok(target),
            Source::Resolving(resolver) => resolver(),
        }
    }

    /// The connected engine, connecting first if needed. A switch while this waits for a
    /// connection gives up on the old engine and connects to the new one.
    pub async fn engine(&self) -> Result<Engine> {
        Ok(self.engine_made().await?.1)
    }

    /// [`Connection::engine`], with the switch generation it was made for.
    async fn engine_made(&self) -> Result<(u64, Engine)> {
        let asked = std::time::Instant::now();
        loop {
            let mut slot = self.engine.lock().await;
            let mut switches = self.generation.subscribe();
            let generation = *switches.borrow_and_update();
            if let Some((made_for, engine)) = &slot.engine {
                if *made_for == generation {
                    return Ok((generation, engine.clone()));
                }
            }
            // An attempt ended while this call waited for it: the same answer, not another
            // wait.
            if let Some((made_for, ended, error)) = &slot.failed {
                if *made_for == generation && *ended >= asked {
                    return Err(error.clone());
                }
            }
            let target = self.target_now()?;
            *self.last_address.lock().unwrap_or_else(|e| e.into_inner()) =
                target.endpoint.address.clone();
            let attempt = tokio::select! {
                // First: an attempt that ends as the switch comes is not kept either.
                biased;
                // Pointed elsewhere meanwhile: this engine is no longer the one wanted.
                _ = switches.changed() => continue,
                attempt = Engine::connect(target.endpoint) => attempt,
            };
            return match attempt {
                Ok(mut engine) => {
                    engine.info.name = target.name;
                    engine.info.socket = target.socket;
                    self.cache(&mut slot, Some((generation, engine.clone())));
                    slot.failed = None;
                    Ok((generation, engine))
                }
                Err(error) => {
                    // Only here is it known who named the address: the help then gives
                    // the one way back instead of every way.
                    let error = match error {
                        Error::UnsupportedAddress { address, .. } => Error::UnsupportedAddress {
                            address,
                            named_by: target.named_by,
                        },
                        error => error,
                    };
                    slot.failed = Some((generation, std::time::Instant::now(), error.clone()));
                    Err(error)
                }
            };
        }
    }

    /// Runs `op` against the engine; a connection failure drops the cached engine.
    pub async fn run<T, F, Fut>(&self, op: F) -> Result<T>
    where
        F: FnOnce(Engine) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let made = self.engine_made().await?;
        self.run_made(made, op).await
    }

    /// [`Connection::run`], on the engine of switch `generation` only (see
    /// [`Connection::generation`], read when the user acted): a switch before that engine is
    /// connected ends the call at once with [`Error::EngineSwitched`], and `op` never runs.
    /// Without this, a call that waits for a connection (a Docker Desktop still starting) and
    /// a switch meanwhile would act on an engine the user did not ask it of.
    pub async fn run_on<T, F, Fut>(&self, generation: u64, op: F) -> Result<T>
    where
        F: FnOnce(Engine) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let switched = Error::EngineSwitched { to: None };
        let mut switches = self.generation.subscribe();
        if *switches.borrow_and_update() != generation {
            return Err(switched);
        }
        let made = tokio::select! {
            biased;
            _ = switches.changed() => return Err(switched),
            made = self.engine_made() => made?,
        };
        if made.0 != generation {
            return Err(switched);
        }
        self.run_made(made, op).await
    }

    async fn run_made<T, F, Fut>(&self, (generation, engine): (u64, Engine), op: F) -> Result<T>
    where
        F: FnOnce(Engine) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let result = op(engine).await;
        if matches!(&result, Err(e) if e.is_connection_failure()) {
            self.forget_made_for(generation).await;
        }
        result
    }

    /// The switch generation now (see [`Connection::switches`]): what the user acts on, for
    /// [`Connection::run_on`].
    pub fn generation(&self) -> u64 {
        *self.generation.borrow()
    }

    /// [`Connection::forget`], when the engine that failed is still the one wanted: a call
    /// that had the previous engine, failing after a switch (a timeout on the frozen engine
    /// the user switched away from), says nothing about the new one, whose connection and
    /// event stream stay.
    pub(crate) async fn forget_made_for(&self, generation: u64) {
        let mut slot = self.engine.lock().await;
        if self.generation() != generation {
            return;
        }
        self.cache(&mut slot, None);
        drop(slot);
        self.forgotten.send_modify(|g| *g += 1);
    }

    /// Drops the cached engine so the next call reconnects: for failures that arrive
    /// inside a successful answer (a removal report whose step lost the engine).
    pub async fn forget(&self) {
        let mut slot = self.engine.lock().await;
        self.cache(&mut slot, None);
        drop(slot);
        self.forgotten.send_modify(|g| *g += 1);
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
    fn zstd_archives_load_from_engine_23_on_and_on_podman() {
        let info = |api: &str, podman| super::EngineInfo {
            address: crate::engine::EngineAddress::new("unix:///var/run/docker.sock"),
            server_version: String::new(),
            api_version: api.into(),
            platform: String::new(),
            podman,
            name: None,
            socket: None,
            exposed: false,
        };
        assert!(!info("1.41", false).loads_zstd());
        assert!(info("1.42", false).loads_zstd());
        assert!(info("1.55", false).loads_zstd());
        assert!(info("1.41", true).loads_zstd());
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

#[cfg(test)]
mod waiting {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// An engine that accepts connections and never answers (a VM starting, a frozen one),
    /// and how many connections it took.
    fn mute_engine(name: &str) -> (EngineAddress, Arc<AtomicUsize>) {
        let (listener, address) = crate::engine::fake::bind(name);
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                held.push(stream); // open, silent
            }
        });
        (address, accepted)
    }

    /// A resolver that always names `address`.
    fn to(address: EngineAddress) -> Resolver {
        Arc::new(move || {
            Ok(Target {
                endpoint: address.clone().into(),
                name: None,
                socket: None,
                named_by: None,
            })
        })
    }

    /// An engine that accepts connections and never answers (a VM starting, a frozen one):
    /// calls that wait for the same attempt share its answer instead of each trying again
    /// in turn, so the app's first screen fails once, after one time limit, not after one
    /// per call.
    #[tokio::test]
    async fn calls_waiting_for_one_attempt_share_its_answer() {
        let (address, accepted) = mute_engine("mute");
        let connection = Connection::new(address);
        let (a, b, c) = tokio::join!(
            connection.engine(),
            connection.engine(),
            connection.engine()
        );
        for r in [a, b, c] {
            assert!(matches!(r, Err(Error::EngineTimeout { .. })), "{r:?}");
        }
        assert_eq!(
            accepted.load(Ordering::SeqCst),
            1,
            "one attempt for the three calls"
        );
        // A call after that attempt tries again.
        assert!(connection.engine().await.is_err());
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
    }

    /// Docker Desktop while it starts its engine: `/version` answers 500, with no words.
    /// That is an engine not there yet (the watcher keeps trying, the page says to wait),
    /// not one refusing Imagen.
    #[tokio::test]
    async fn a_server_error_to_the_handshake_is_an_engine_not_ready() {
        use tokio::io::AsyncWriteExt;
        let (listener, address) = crate::engine::fake::bind("starting");
        crate::engine::fake::serve(listener, |mut stream, _line| async move {
            let answer = crate::engine::fake::status_json("500 Internal Server Error", "");
            let _ = stream.write_all(answer.as_bytes()).await;
        });
        let err = Engine::connect(address.clone()).await.err().unwrap();
        match &err {
            Error::EngineUnreachable {
                address: at,
                reason,
                cause: crate::error::UnreachableCause::NotReady,
            } => {
                assert_eq!(at, address.as_str());
                assert_eq!(reason, "the engine is not ready yet (HTTP 500)");
            }
            other => panic!("{other:?}"),
        }
        assert!(err.is_connection_failure());
    }

    /// Switching away from a frozen engine does not wait for the attempt on it (its time
    /// limit is 10 s): the switch returns at once, and every call that was waiting for the
    /// frozen engine gets the new one.
    #[tokio::test]
    async fn a_switch_gives_up_an_attempt_on_a_frozen_engine() {
        let (frozen, accepted) = mute_engine("frozen-switch");
        let answering = crate::engine::fake::silent_but_pinging("answering-switch", true);
        let connection = Arc::new(Connection::resolving(to(frozen)));
        let waiting: Vec<_> = (0..3)
            .map(|_| {
                let connection = connection.clone();
                tokio::spawn(async move { connection.engine().await })
            })
            .collect();
        // The attempt on the frozen engine is under way (one for the three calls).
        while accepted.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let started = std::time::Instant::now();
        connection.switch(to(answering.clone())).await;
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "the switch waited {:?}",
            started.elapsed()
        );
        for call in waiting {
            let engine = tokio::time::timeout(std::time::Duration::from_secs(3), call)
                .await
                .expect("a waiting call ends soon after the switch")
                .unwrap()
                .unwrap();
            assert_eq!(engine.info().address, answering);
        }
        assert_eq!(
            accepted.load(Ordering::SeqCst),
            1,
            "the frozen engine was tried once"
        );
        // A call after the switch gets the new engine at once (cached).
        let started = std::time::Instant::now();
        assert_eq!(connection.engine().await.unwrap().info().address, answering);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    /// A call for the engine the user acted on, still waiting for it (frozen) when Imagen is
    /// switched: it ends at once as switched, and never runs on the engine switched to.
    #[tokio::test]
    async fn a_call_for_one_engine_does_not_run_on_the_next() {
        let (frozen, accepted) = mute_engine("frozen-pinned");
        let answering = crate::engine::fake::silent_but_pinging("answering-pinned", true);
        let connection = Arc::new(Connection::resolving(to(frozen)));
        let generation = connection.generation();
        let ran = Arc::new(AtomicUsize::new(0));
        let call = {
            let (connection, ran) = (connection.clone(), ran.clone());
            tokio::spawn(async move {
                connection
                    .run_on(generation, |_| async move {
                        ran.fetch_add(1, Ordering::SeqCst);
                        Ok(())
                    })
                    .await
            })
        };
        while accepted.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        connection.switch(to(answering.clone())).await;
        let result = tokio::time::timeout(std::time::Duration::from_secs(2), call)
            .await
            .expect("the switch ends the waiting call at once")
            .unwrap();
        assert_eq!(result, Err(Error::EngineSwitched { to: None }));
        // Asked after the switch, for the generation before it: refused without a look.
        let late = connection.run_on(generation, |_| async { Ok(()) }).await;
        assert_eq!(late, Err(Error::EngineSwitched { to: None }));
        assert_eq!(ran.load(Ordering::SeqCst), 0, "the call ran");
        // The engine now in use serves calls made for it.
        let now = connection.generation();
        let address = connection
            .run_on(now, |e| async move { Ok(e.info().address.clone()) })
            .await;
        assert_eq!(address, Ok(answering));
    }

    /// A call that had the previous engine and fails after a switch (its engine frozen, or
    /// gone) leaves the new engine's connection alone: no reconnect, no event stream torn
    /// down and reopened, no "Reconnecting…" over the engine the user chose.
    #[tokio::test]
    async fn a_late_failure_on_the_previous_engine_does_not_drop_the_new_one() {
        let first = crate::engine::fake::silent_but_pinging("late-a", true);
        let second = crate::engine::fake::silent_but_pinging("late-b", true);
        let connection = Arc::new(Connection::resolving(to(first)));
        let (started, start) = tokio::sync::oneshot::channel();
        let (fail, failing) = tokio::sync::oneshot::channel::<()>();
        let on_a = {
            let connection = connection.clone();
            tokio::spawn(async move {
                connection
                    .run(|_| async move {
                        let _ = started.send(());
                        let _ = failing.await;
                        Err::<(), _>(crate::Error::EngineUnreachable {
                            address: "unix:///late-a".into(),
                            reason: "timed out".into(),
                            cause: crate::UnreachableCause::Other,
                        })
                    })
                    .await
            })
        };
        start.await.unwrap();
        connection.switch(to(second.clone())).await;
        assert_eq!(connection.engine().await.unwrap().info().address, second);
        let mut forgets = connection.forgets();
        forgets.mark_unchanged();
        fail.send(()).unwrap();
        assert!(on_a.await.unwrap().is_err());
        assert_eq!(connection.connected_address(), Some(second));
        assert!(
            !forgets.has_changed().unwrap(),
            "the new engine was forgotten"
        );
    }

    /// An engine cached before a switch is not handed out after it.
    #[tokio::test]
    async fn an_engine_from_before_a_switch_is_not_handed_out() {
        let first = crate::engine::fake::silent_but_pinging("before-switch", true);
        let second = crate::engine::fake::silent_but_pinging("after-switch", true);
        let connection = Connection::resolving(to(first.clone()));
        assert_eq!(connection.engine().await.unwrap().info().address, first);
        connection.switch(to(second.clone())).await;
        assert_eq!(connection.engine().await.unwrap().info().address, second);
    }

    /// The engine switcher's "In use" is the engine Imagen is on: none before the first
    /// connection, after a switch (until it connects again) or after the engine was lost.
    #[tokio::test]
    async fn the_connected_address_is_only_a_live_engine() {
        let first = crate::engine::fake::silent_but_pinging("connected-first", true);
        let second = crate::engine::fake::silent_but_pinging("connected-second", true);
        let connection = Connection::resolving(to(first.clone()));
        assert_eq!(connection.connected_address(), None, "not connected yet");
        connection.engine().await.unwrap();
        assert_eq!(connection.connected_address(), Some(first.clone()));
        connection.switch(to(second.clone())).await;
        assert_eq!(
            connection.connected_address(),
            None,
            "switched, not yet connected"
        );
        // Where it last tried is not where it is.
        assert_eq!(connection.address(), first);
        connection.engine().await.unwrap();
        assert_eq!(connection.connected_address(), Some(second));
        connection.forget().await;
        assert_eq!(connection.connected_address(), None, "lost");
    }

    /// A call inside the connection's slot (even one about to take the cached engine) does
    /// not hide the engine Imagen is on: the switcher would call it "In use" by docker, not
    /// Imagen, and miss that docker moved.
    #[tokio::test]
    async fn the_connected_address_is_known_while_a_call_holds_the_slot() {
        let address = crate::engine::fake::silent_but_pinging("connected-busy", true);
        let connection = Connection::resolving(to(address.clone()));
        connection.engine().await.unwrap();
        let held = connection.engine.lock().await;
        assert_eq!(connection.connected_address(), Some(address));
        drop(held);
    }
}
