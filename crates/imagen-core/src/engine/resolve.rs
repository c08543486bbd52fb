//! Which engine, like `docker`: the same order of `DOCKER_HOST`, `DOCKER_CONTEXT` and the
//! current context of `config.json` as the docker CLI (docker/cli at 28f7560,
//! `cli/command/cli.go` `resolveContextName`, `getDockerEndPoint`,
//! `resolveDefaultDockerEndpoint`), and where the CLI would use its built-in default, the
//! first socket of a known engine (Docker Desktop, Colima, Podman…) that exists here.
//!
//! Everything is decided from an [`Environment`] and an `exists` test passed in, so every
//! rule is tested without touching the real environment. [`candidates`] lists what the
//! engine switcher offers; [`resolve_choice`] turns the ID the web view sends back into an
//! endpoint, looked up again in the store and sockets of the moment.

use super::contexts::{self, LoadError, DEFAULT_CONTEXT};
use super::{Endpoint, EngineAddress, TlsFiles};
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The operating system, which decides the sockets to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux (and other Unix systems).
    Linux,
    /// macOS.
    MacOs,
    /// Windows (named pipes).
    Windows,
}

impl Platform {
    /// The platform Imagen runs on.
    pub fn current() -> Self {
        if cfg!(windows) {
            Self::Windows
        } else if cfg!(target_os = "macos") {
            Self::MacOs
        } else {
            Self::Linux
        }
    }

    /// The docker client's built-in default (`DefaultDockerHost`; `opts/hosts.go`).
    pub fn standard_address(self) -> &'static str {
        match self {
            Self::Windows => "npipe:////./pipe/docker_engine",
            Self::Linux | Self::MacOs => "unix:///var/run/docker.sock",
        }
    }
}

impl Default for Platform {
    fn default() -> Self {
        Self::current()
    }
}

/// What the decision reads from the environment. Empty values count as unset, as in the
/// docker CLI (`os.Getenv(…) != ""`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `DOCKER_HOST`.
    pub docker_host: Option<String>,
    /// `DOCKER_CONTEXT`.
    pub docker_context: Option<String>,
    /// `DOCKER_TLS_VERIFY`: any non-empty value (even `0`) turns TLS and verification on.
    pub docker_tls_verify: Option<String>,
    /// `DOCKER_TLS`: any non-empty value turns TLS on, without verification.
    pub docker_tls: Option<String>,
    /// `DOCKER_CERT_PATH`: where `ca.pem`, `cert.pem` and `key.pem` are.
    pub docker_cert_path: Option<PathBuf>,
    /// `DOCKER_CONFIG`: the CLI's configuration folder instead of `~/.docker`.
    pub docker_config: Option<PathBuf>,
    /// The home folder (`HOME`; `USERPROFILE` on Windows, like Go's `os.UserHomeDir`).
    pub home: Option<PathBuf>,
    /// `XDG_RUNTIME_DIR` (rootless Docker and Podman sockets).
    pub runtime_dir: Option<PathBuf>,
    /// `TMPDIR` (Podman machine's API socket on macOS).
    pub tmp_dir: Option<PathBuf>,
    /// The operating system.
    pub platform: Platform,
}

impl Environment {
    /// The environment of this process.
    pub fn from_process() -> Self {
        let platform = Platform::current();
        let text = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        let path = |key: &str| {
            std::env::var_os(key)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Self {
            docker_host: text("DOCKER_HOST"),
            docker_context: text("DOCKER_CONTEXT"),
            docker_tls_verify: text("DOCKER_TLS_VERIFY"),
            docker_tls: text("DOCKER_TLS"),
            docker_cert_path: path("DOCKER_CERT_PATH"),
            docker_config: path("DOCKER_CONFIG"),
            home: path(if platform == Platform::Windows {
                "USERPROFILE"
            } else {
                "HOME"
            }),
            runtime_dir: path("XDG_RUNTIME_DIR"),
            tmp_dir: path("TMPDIR"),
            platform,
        }
    }

    /// The CLI's configuration folder: `DOCKER_CONFIG`, else `~/.docker`
    /// (`cli/config/config.go` `Dir`).
    pub fn config_dir(&self) -> Option<PathBuf> {
        if let Some(dir) = self
            .docker_config
            .as_ref()
            .filter(|d| !d.as_os_str().is_empty())
        {
            return Some(dir.clone());
        }
        self.home.as_ref().map(|h| h.join(".docker"))
    }
}

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// Where the engine Imagen uses was named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum Origin {
    /// `DOCKER_HOST`.
    DockerHost,
    /// `DOCKER_CONTEXT` names a context.
    DockerContextEnv {
        /// The context's name.
        name: String,
    },
    /// The current context of the CLI's `config.json` (`docker context use`).
    CurrentContext {
        /// The context's name.
        name: String,
    },
    /// Nothing named an engine; this socket of a known engine exists.
    Detected {
        /// Whose socket it is.
        socket: SocketKind,
    },
    /// Nothing named an engine and no known socket exists: the platform's standard
    /// address, so the error names what users expect.
    Default,
    /// The user picked this candidate in Imagen's engine switcher.
    Chosen {
        /// The candidate's ID (`context:<name>`, `socket:<address>`).
        id: String,
    },
}

/// The engines whose sockets Imagen looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SocketKind {
    /// The standard address (`/var/run/docker.sock`, `//./pipe/docker_engine`): Docker
    /// Engine, or a desktop app that links or serves it.
    Standard,
    /// Docker Desktop's own socket.
    DockerDesktop,
    /// Rootless Docker (`$XDG_RUNTIME_DIR/docker.sock`).
    DockerRootless,
    /// Colima.
    Colima,
    /// OrbStack.
    OrbStack,
    /// Rancher Desktop.
    RancherDesktop,
    /// Podman, rootless (`$XDG_RUNTIME_DIR/podman/podman.sock`).
    Podman,
    /// Podman, rootful (`/run/podman/podman.sock`).
    PodmanRootful,
    /// A Podman machine (macOS, Windows).
    PodmanMachine,
}

impl SocketKind {
    /// The engine's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Standard => "Standard socket",
            Self::DockerDesktop => "Docker Desktop",
            Self::DockerRootless => "Docker (rootless)",
            Self::Colima => "Colima",
            Self::OrbStack => "OrbStack",
            Self::RancherDesktop => "Rancher Desktop",
            Self::Podman => "Podman (rootless)",
            Self::PodmanRootful => "Podman (rootful)",
            Self::PodmanMachine => "Podman machine",
        }
    }
}

/// The engine to connect to, and where it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// How to reach it.
    pub endpoint: Endpoint,
    /// Where it came from.
    pub origin: Origin,
}

/// One place a known engine puts its socket: the address to connect to, and the path
/// whose existence says the engine is there.
#[derive(Debug, Clone)]
struct Spot {
    kind: SocketKind,
    address: String,
    probe: PathBuf,
}

fn unix_spot(kind: SocketKind, path: PathBuf) -> Spot {
    Spot {
        kind,
        address: format!("unix://{}", path.display()),
        probe: path,
    }
}

fn pipe_spot(kind: SocketKind, name: &str) -> Spot {
    Spot {
        kind,
        address: format!("npipe:////./pipe/{name}"),
        probe: PathBuf::from(format!(r"\\.\pipe\{name}")),
    }
}

/// The sockets to look for, in order: the first that exists wins.
fn spots(env: &Environment) -> Vec<Spot> {
    use SocketKind as K;
    let home = |rel: &str| env.home.as_ref().map(|h| h.join(rel));
    let runtime = |rel: &str| env.runtime_dir.as_ref().map(|d| d.join(rel));
    let standard = Some(PathBuf::from("/var/run/docker.sock"));
    // Colima ≥ 0.4 keeps each profile in `~/.colima/<profile>`, or in
    // `$XDG_CONFIG_HOME/colima` (`~/.config/colima`) when that exists (Colima's FAQ,
    // "Docker socket location").
    let colima = [
        home(".colima/default/docker.sock"),
        home(".config/colima/default/docker.sock"),
    ];
    let unix: Vec<(SocketKind, Option<PathBuf>)> = match env.platform {
        Platform::Windows => {
            // Docker Desktop, Rancher Desktop and Docker Engine on Windows serve the
            // standard pipe; a Podman machine its own ("API forwarding listening on:
            // npipe:////./pipe/podman-machine-default", `podman machine start`).
            return vec![
                pipe_spot(K::Standard, "docker_engine"),
                pipe_spot(K::PodmanMachine, "podman-machine-default"),
            ];
        }
        Platform::Linux => vec![
            (K::Standard, standard),
            // Docker Desktop for Linux serves a per-user socket (its `desktop-linux`
            // context) and does not bind /var/run/docker.sock (Docker's install docs).
            (K::DockerDesktop, home(".docker/desktop/docker.sock")),
            // Docker's rootless mode docs: `DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock`.
            (K::DockerRootless, runtime("docker.sock")),
            (K::Colima, colima[0].clone()),
            (K::Colima, colima[1].clone()),
            // Rancher Desktop's `rancher-desktop` context points at ~/.rd/docker.sock.
            (K::RancherDesktop, home(".rd/docker.sock")),
            // podman-system-service(1): rootless `$XDG_RUNTIME_DIR/podman/podman.sock`,
            // rootful `/run/podman/podman.sock`.
            (K::Podman, runtime("podman/podman.sock")),
            (
                K::PodmanRootful,
                Some(PathBuf::from("/run/podman/podman.sock")),
            ),
        ],
        Platform::MacOs => vec![
            // A symlink that Docker Desktop ("Allow the default Docker socket"), Rancher
            // Desktop or OrbStack may create.
            (K::Standard, standard),
            // Docker Desktop ≥ 4.13 serves ~/.docker/run/docker.sock (its `desktop-linux`
            // context).
            (K::DockerDesktop, home(".docker/run/docker.sock")),
            (K::Colima, colima[0].clone()),
            (K::Colima, colima[1].clone()),
            // OrbStack's docs: ~/.orbstack/run/docker.sock (its `orbstack` context).
            (K::OrbStack, home(".orbstack/run/docker.sock")),
            (K::RancherDesktop, home(".rd/docker.sock")),
            // `podman machine start` on macOS: the API socket is
            // ~/.local/share/containers/podman/machine/podman.sock (Podman 4), or
            // $TMPDIR/podman/podman-machine-default-api.sock (Podman 5).
            (
                K::PodmanMachine,
                home(".local/share/containers/podman/machine/podman.sock"),
            ),
            (
                K::PodmanMachine,
                env.tmp_dir
                    .as_ref()
                    .map(|t| t.join("podman/podman-machine-default-api.sock")),
            ),
        ],
    };
    unix.into_iter()
        .filter_map(|(kind, path)| path.map(|p| unix_spot(kind, p)))
        .collect()
}

/// Whether a socket or named pipe is there: [`Path::exists`], except for Windows pipes,
/// which are looked up in the pipe list instead of being opened (opening one would
/// connect to the engine).
pub fn probe(path: &Path) -> bool {
    #[cfg(windows)]
    if let Some(name) = path.to_str().and_then(|p| p.strip_prefix(r"\\.\pipe\")) {
        return std::fs::read_dir(r"\\.\pipe\").is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        });
    }
    path.exists()
}

/// Which context the CLI would use, and why (`resolveContextName`, `cli/command/cli.go`:
/// `--context` and `-H` aside, a non-empty `DOCKER_HOST` means the default context, then
/// `DOCKER_CONTEXT`, then `currentContext`, then the default).
enum Named {
    /// The default context: `DOCKER_HOST` or the platform default.
    Default,
    /// A context of the store.
    Context { name: String, origin: Origin },
}

fn named_context(env: &Environment) -> Result<Named> {
    if set(&env.docker_host).is_some() {
        return Ok(Named::Default);
    }
    let (name, origin) = if let Some(name) = set(&env.docker_context) {
        let name = name.to_owned();
        (name.clone(), Origin::DockerContextEnv { name })
    } else {
        let current = match env.config_dir() {
            Some(dir) => contexts::current_context(&dir)?,
            None => None,
        };
        let Some(name) = current else {
            return Ok(Named::Default);
        };
        (name.clone(), Origin::CurrentContext { name })
    };
    if name == DEFAULT_CONTEXT {
        return Ok(Named::Default);
    }
    Ok(Named::Context { name, origin })
}

/// The engine the docker CLI would use in `env`, or, where the CLI would fall back to its
/// built-in default, the first known engine's socket that `exists`.
pub fn resolve(env: &Environment, exists: impl Fn(&Path) -> bool) -> Result<Resolved> {
    match named_context(env)? {
        Named::Default => Ok(resolve_default(env, &exists)),
        Named::Context { name, origin } => Ok(Resolved {
            endpoint: load_context(env, &name, &origin)?,
            origin,
        }),
    }
}

/// The default context: `DOCKER_HOST` (with `DOCKER_TLS_VERIFY`, `DOCKER_TLS`,
/// `DOCKER_CERT_PATH`), else a detected socket, else the platform's standard address.
fn resolve_default(env: &Environment, exists: &dyn Fn(&Path) -> bool) -> Resolved {
    // cli/flags/options.go: TLS is on when DOCKER_TLS_VERIFY or DOCKER_TLS is non-empty
    // (`SetDefaultOptions`: `--tlsverify` implies `--tls`), and verification is skipped
    // unless DOCKER_TLS_VERIFY is (`InsecureSkipVerify = !o.TLSVerify`).
    let tls_on = set(&env.docker_tls_verify).is_some() || set(&env.docker_tls).is_some();
    let host = env
        .docker_host
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty());
    let (address, origin) = match host {
        Some(host) => (parse_host(host), Origin::DockerHost),
        // `ParseHost(defaultToTLS, "")`: with TLS on and no host, the CLI goes to
        // tcp://localhost:2376 (docker-machine's setup), not to a socket.
        None if tls_on => ("tcp://localhost:2376".to_owned(), Origin::Default),
        None => match spots(env).into_iter().find(|s| exists(&s.probe)) {
            Some(spot) => (spot.address, Origin::Detected { socket: spot.kind }),
            None => (env.platform.standard_address().to_owned(), Origin::Default),
        },
    };
    let mut endpoint = Endpoint::plain(EngineAddress::new(address));
    if tls_on && contexts::takes_tls(endpoint.address.as_str()) {
        endpoint.tls = Some(env_tls(env));
    }
    Resolved { endpoint, origin }
}

/// The TLS files of the environment (cli/flags/options.go `InstallFlags`,
/// `SetDefaultOptions`): `ca.pem`, `cert.pem`, `key.pem` in `DOCKER_CERT_PATH`, else in the
/// configuration folder. The CLI drops a missing `cert.pem` or `key.pem`, and fails on a
/// missing `ca.pem`; Imagen drops that too, and then trusts the system's authorities.
fn env_tls(env: &Environment) -> TlsFiles {
    let dir = env
        .docker_cert_path
        .clone()
        .filter(|d| !d.as_os_str().is_empty())
        .or_else(|| env.config_dir());
    let present = |file: &str| dir.as_ref().map(|d| d.join(file)).filter(|p| p.is_file());
    TlsFiles {
        ca: present("ca.pem"),
        cert: present("cert.pem"),
        key: present("key.pem"),
        verify: set(&env.docker_tls_verify).is_some(),
    }
}

/// `DOCKER_HOST` the way `opts.ParseHost` reads it where Imagen's transport would not: no
/// scheme means `tcp://`, and a TCP address without a port gets 2375
/// (`parseDockerDaemonHost`, `ParseTCPAddr` with `defaultTCPHost`).
fn parse_host(host: &str) -> String {
    let host = if host.contains("://") {
        host.to_owned()
    } else {
        format!("tcp://{host}")
    };
    let Some(rest) = host.strip_prefix("tcp://") else {
        return host;
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.is_empty() {
        return format!("tcp://localhost:2375{path}");
    }
    let has_port = match authority.strip_prefix('[') {
        Some(v6) => v6.contains("]:"),
        None => authority.contains(':'),
    };
    if has_port {
        host
    } else {
        format!("tcp://{authority}:2375{path}")
    }
}

/// The endpoint of the store's context `name`; `origin` says who named it, which the
/// errors' wording follows.
fn load_context(env: &Environment, name: &str, origin: &Origin) -> Result<Endpoint> {
    let what = match origin {
        Origin::DockerContextEnv { .. } => "named by DOCKER_CONTEXT".to_owned(),
        Origin::CurrentContext { .. } => match env.config_dir() {
            Some(dir) => format!("current in {}", dir.join("config.json").display()),
            None => "current in config.json".to_owned(),
        },
        _ => "chosen in Imagen".to_owned(),
    };
    let fix = match origin {
        Origin::DockerContextEnv { .. } => {
            "Run `docker context ls` to see the contexts there are, then set DOCKER_CONTEXT \
             to one of them or unset it."
        }
        Origin::CurrentContext { .. } => {
            "Run `docker context ls` to see the contexts there are, and `docker context use` \
             one of them."
        }
        _ => "Run `docker context ls` to see the contexts there are, and choose another engine.",
    };
    let Some(dir) = env.config_dir() else {
        return Err(Error::EngineContext {
            context: Some(name.to_owned()),
            message: format!(
                "The docker context {name:?} ({what}) cannot be found: neither DOCKER_CONFIG \
                 nor a home folder is set. {fix}"
            ),
        });
    };
    match contexts::load(&dir, name, env.platform.standard_address()) {
        Ok(context) => Ok(context.endpoint),
        Err(LoadError::Missing) => Err(Error::EngineContext {
            context: Some(name.to_owned()),
            message: format!("The docker context {name:?} ({what}) does not exist. {fix}"),
        }),
        Err(LoadError::Broken(why)) => Err(Error::EngineContext {
            context: Some(name.to_owned()),
            message: format!(
                "Imagen cannot use the docker context {name:?} ({what}): {why}. Run `docker \
                 context inspect {}` to check it, or `docker context ls` for the others.",
                shell_word(name)
            ),
        }),
    }
}

/// One engine the switcher offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// Stable across runs: `context:<name>` or `socket:<address>`. What the web view
    /// sends back to [`resolve_choice`].
    pub id: String,
    /// The context's name, or the engine's for a socket.
    pub label: String,
    /// A context or a socket, and what Imagen knows about it.
    #[serde(flatten)]
    pub kind: CandidateKind,
    /// Where it is (`unix:///…`, `tcp://…`, `npipe:…`, `ssh://…`).
    pub address: EngineAddress,
    /// Reached over TLS.
    pub tls: bool,
    /// What [`resolve`] picks now, without a choice in Imagen.
    pub current: bool,
    /// What a terminal user types to make the docker CLI use it: `docker context use
    /// <name>`, or `export DOCKER_HOST=…` (Windows: PowerShell's `$env:DOCKER_HOST="…"`,
    /// the shell Windows Terminal opens and Docker's Windows docs use).
    pub docker_command: String,
    /// How to reach it (paths stay in the backend).
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub endpoint: Endpoint,
}

/// Whether a [`Candidate`] is a docker context or a socket Imagen found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum CandidateKind {
    /// A context of the docker CLI's store, or `default`.
    Context {
        /// The context's name.
        name: String,
        /// Its description (for `default`, what it stands for here).
        description: Option<String>,
    },
    /// A known engine's socket that exists, outside every context.
    Socket {
        /// Whose socket it is.
        socket: SocketKind,
    },
}

/// Every engine the switcher offers: the `default` context first, then the store's
/// contexts by name, then the detected sockets that exist and no candidate before them
/// already reaches. A context whose files cannot be read is left out (choosing it by ID
/// reports why).
pub fn candidates(env: &Environment, exists: impl Fn(&Path) -> bool) -> Vec<Candidate> {
    let current = match named_context(env) {
        Ok(Named::Default) => Some(DEFAULT_CONTEXT.to_owned()),
        Ok(Named::Context { name, .. }) => Some(name),
        Err(_) => None,
    };
    let windows = env.platform == Platform::Windows;
    let context_candidate =
        |name: &str, description: Option<String>, endpoint: Endpoint| Candidate {
            id: format!("context:{name}"),
            label: name.to_owned(),
            kind: CandidateKind::Context {
                name: name.to_owned(),
                description,
            },
            address: endpoint.address.clone(),
            tls: endpoint.tls.is_some(),
            current: current.as_deref() == Some(name),
            docker_command: format!("docker context use {}", shell_word(name)),
            endpoint,
        };
    let default = resolve_default(env, &exists);
    let description = match default.origin {
        Origin::DockerHost => "Set by DOCKER_HOST".to_owned(),
        Origin::Detected { socket } => format!("{} (found on this machine)", socket.label()),
        _ => "The standard address".to_owned(),
    };
    let mut out = vec![context_candidate(
        DEFAULT_CONTEXT,
        Some(description),
        default.endpoint,
    )];
    if let Some(dir) = env.config_dir() {
        for name in contexts::list(&dir) {
            if let Ok(c) = contexts::load(&dir, &name, env.platform.standard_address()) {
                out.push(context_candidate(&name, c.description, c.endpoint));
            }
        }
    }
    for spot in spots(env) {
        if !exists(&spot.probe) || out.iter().any(|c| c.address.as_str() == spot.address) {
            continue;
        }
        let docker_command = if windows {
            format!("$env:DOCKER_HOST=\"{}\"", spot.address)
        } else {
            format!("export DOCKER_HOST={}", shell_word(&spot.address))
        };
        out.push(Candidate {
            id: format!("socket:{}", spot.address),
            label: spot.kind.label().to_owned(),
            kind: CandidateKind::Socket { socket: spot.kind },
            address: EngineAddress::new(spot.address.clone()),
            tls: false,
            current: false,
            docker_command,
            endpoint: Endpoint::plain(EngineAddress::new(spot.address)),
        });
    }
    out
}

/// The engine of the candidate `id` (from [`candidates`]), worked out again from the store
/// and sockets of now. A context that no longer exists is an error. A socket must be one
/// of the places Imagen knows for this platform, so the web view can never point Imagen at
/// an address of its own; it need not exist right now: connecting then says the engine is
/// not running, and Retry finds it once it is.
pub fn resolve_choice(
    env: &Environment,
    exists: impl Fn(&Path) -> bool,
    id: &str,
) -> Result<Resolved> {
    let origin = Origin::Chosen { id: id.to_owned() };
    if let Some(name) = id.strip_prefix("context:") {
        let endpoint = if name == DEFAULT_CONTEXT {
            resolve_default(env, &exists).endpoint
        } else {
            load_context(env, name, &origin)?
        };
        return Ok(Resolved { endpoint, origin });
    }
    if let Some(address) = id.strip_prefix("socket:") {
        if let Some(spot) = spots(env).into_iter().find(|s| s.address == address) {
            return Ok(Resolved {
                endpoint: Endpoint::plain(EngineAddress::new(spot.address)),
                origin,
            });
        }
    }
    Err(Error::InvalidInput {
        field: "engine".into(),
        reason: "it is not one of the engines Imagen can find on this machine; open the list \
                 of engines again"
            .into(),
    })
}

/// `word` as one shell word: as is when it is plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:+@%=,-".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh, empty folder under the system's temporary folder, removed when dropped.
    struct TempDir(PathBuf);

    impl std::ops::Deref for TempDir {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp_dir(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "imagen-resolve-{}-{tag}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Writes a context the way `docker context create` does.
    fn add_context(config: &Path, name: &str, host: &str, skip_verify: bool, desc: &str) {
        let meta = serde_json::json!({
            "Name": name,
            "Metadata": {"Description": desc},
            "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": skip_verify}},
        });
        let dir = config
            .join("contexts/meta")
            .join(contexts::digest_dir(name));
        write(&dir.join("meta.json"), &meta.to_string());
    }

    fn add_tls(config: &Path, name: &str, files: &[&str]) -> PathBuf {
        let dir = config
            .join("contexts/tls")
            .join(contexts::digest_dir(name))
            .join("docker");
        std::fs::create_dir_all(&dir).unwrap();
        for file in files {
            write(&dir.join(file), "-----BEGIN CERTIFICATE-----\n");
        }
        dir
    }

    fn set_current(config: &Path, name: &str) {
        let json = serde_json::json!({"auths": {}, "currentContext": name});
        write(&config.join("config.json"), &json.to_string());
    }

    /// Linux, with the configuration in `config` and nothing else set.
    fn linux(config: &Path) -> Environment {
        Environment {
            docker_config: Some(config.to_owned()),
            home: Some(PathBuf::from("/home/ana")),
            runtime_dir: Some(PathBuf::from("/run/user/1000")),
            platform: Platform::Linux,
            ..Environment::default()
        }
    }

    fn none(_: &Path) -> bool {
        false
    }

    fn address(r: &Resolved) -> &str {
        r.endpoint.address.as_str()
    }

    #[test]
    fn the_store_names_folders_by_the_sha256_of_the_name() {
        // The folder docker/cli gives the context "default" (digest.FromString).
        assert_eq!(
            contexts::digest_dir("default"),
            "37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f"
        );
    }

    #[test]
    fn docker_host_wins_over_docker_context_and_the_current_context() {
        let config = temp_dir("host-wins");
        add_context(&config, "ctx-a", "tcp://10.0.0.1:2376", false, "");
        add_context(&config, "ctx-b", "unix:///tmp/b.sock", false, "");
        set_current(&config, "ctx-b");
        let env = Environment {
            docker_host: Some("unix:///tmp/x.sock".into()),
            docker_context: Some("ctx-a".into()),
            ..linux(&config)
        };
        let r = resolve(&env, |_| true).unwrap();
        assert_eq!(address(&r), "unix:///tmp/x.sock");
        assert_eq!(r.origin, Origin::DockerHost);
        assert_eq!(r.endpoint.tls, None);
    }

    #[test]
    fn docker_context_wins_over_the_current_context() {
        let config = temp_dir("ctx-env");
        add_context(&config, "ctx-a", "tcp://10.0.0.1:2375", false, "");
        add_context(&config, "ctx-b", "unix:///tmp/b.sock", false, "");
        set_current(&config, "ctx-b");
        let env = Environment {
            docker_context: Some("ctx-a".into()),
            ..linux(&config)
        };
        let r = resolve(&env, none).unwrap();
        assert_eq!(address(&r), "tcp://10.0.0.1:2375");
        assert_eq!(
            r.origin,
            Origin::DockerContextEnv {
                name: "ctx-a".into()
            }
        );
        // Without DOCKER_CONTEXT, config.json's current context.
        let r = resolve(&linux(&config), none).unwrap();
        assert_eq!(address(&r), "unix:///tmp/b.sock");
        assert_eq!(
            r.origin,
            Origin::CurrentContext {
                name: "ctx-b".into()
            }
        );
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let config = temp_dir("empty");
        add_context(&config, "ctx-b", "unix:///tmp/b.sock", false, "");
        set_current(&config, "ctx-b");
        let env = Environment {
            docker_host: Some(String::new()),
            docker_context: Some(String::new()),
            ..linux(&config)
        };
        assert_eq!(address(&resolve(&env, none).unwrap()), "unix:///tmp/b.sock");
    }

    // Paths are compared as Unix spells them.
    #[cfg(unix)]
    #[test]
    fn the_context_named_default_means_no_context() {
        let config = temp_dir("default");
        set_current(&config, "default");
        let desktop = Path::new("/home/ana/.docker/desktop/docker.sock");
        let r = resolve(&linux(&config), |p| p == desktop).unwrap();
        assert_eq!(address(&r), "unix:///home/ana/.docker/desktop/docker.sock");
        assert_eq!(
            r.origin,
            Origin::Detected {
                socket: SocketKind::DockerDesktop
            }
        );
        let env = Environment {
            docker_context: Some("default".into()),
            ..linux(&config)
        };
        let r = resolve(&env, none).unwrap();
        assert_eq!(address(&r), "unix:///var/run/docker.sock");
        assert_eq!(r.origin, Origin::Default);
    }

    #[test]
    fn a_missing_context_is_an_error_that_names_it_and_says_what_to_do() {
        let config = temp_dir("missing");
        let env = Environment {
            docker_context: Some("gone".into()),
            ..linux(&config)
        };
        let err = resolve(&env, |_| true).unwrap_err();
        let Error::EngineContext { context, message } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(context.as_deref(), Some("gone"));
        assert!(message.contains("\"gone\""), "{message}");
        assert!(message.contains("DOCKER_CONTEXT"), "{message}");
        assert!(message.contains("docker context ls"), "{message}");

        set_current(&config, "gone-too");
        let err = resolve(&linux(&config), |_| true).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("\"gone-too\""), "{message}");
        assert!(message.contains("config.json"), "{message}");
        assert!(message.contains("docker context use"), "{message}");
    }

    #[test]
    fn an_unreadable_context_or_config_json_is_an_error_never_another_engine() {
        let config = temp_dir("broken");
        let dir = config
            .join("contexts/meta")
            .join(contexts::digest_dir("bad"));
        write(&dir.join("meta.json"), "{not json");
        let env = Environment {
            docker_context: Some("bad".into()),
            ..linux(&config)
        };
        let err = resolve(&env, |_| true).unwrap_err();
        assert!(
            matches!(&err, Error::EngineContext { context: Some(n), message }
                if n == "bad" && message.contains("docker context inspect bad")),
            "{err:?}"
        );
        // A context without a docker endpoint cannot be used either.
        write(&dir.join("meta.json"), r#"{"Name":"bad","Endpoints":{}}"#);
        let message = resolve(&env, |_| true).unwrap_err().to_string();
        assert!(message.contains("no docker endpoint"), "{message}");

        write(&config.join("config.json"), "{\"currentContext\": ");
        let err = resolve(&linux(&config), |_| true).unwrap_err();
        assert!(
            matches!(&err, Error::EngineContext { context: None, message }
                if message.contains("config.json")),
            "{err:?}"
        );
    }

    #[test]
    fn a_name_cannot_leave_the_store() {
        let config = temp_dir("escape");
        // Where `contexts/meta/../../evil` would point if names became paths.
        write(
            &config.join("evil/meta.json"),
            r#"{"Name":"x","Endpoints":{"docker":{"Host":"tcp://evil:2375"}}}"#,
        );
        for name in ["../../evil", "../../evil/", "a/../../../evil"] {
            let env = Environment {
                docker_context: Some(name.into()),
                ..linux(&config)
            };
            let err = resolve(&env, none).unwrap_err();
            assert!(err.to_string().contains("does not exist"), "{err}");
        }
    }

    #[test]
    fn keys_are_matched_without_regard_to_case_like_go() {
        let config = temp_dir("case");
        let dir = config
            .join("contexts/meta")
            .join(contexts::digest_dir("lower"));
        write(
            &dir.join("meta.json"),
            r#"{"name":"lower","metadata":{"description":"d"},
                "endpoints":{"docker":{"host":"tcp://h:1","skipTLSVerify":true}}}"#,
        );
        write(&config.join("config.json"), r#"{"CurrentContext":"lower"}"#);
        let r = resolve(&linux(&config), none).unwrap();
        assert_eq!(address(&r), "tcp://h:1");
        assert_eq!(r.endpoint.tls.map(|t| t.verify), Some(false));
    }

    #[test]
    fn a_context_with_tls_material_uses_exactly_its_files() {
        let config = temp_dir("tls");
        add_context(&config, "secure", "tcp://10.0.0.1:2376", false, "");
        let dir = add_tls(&config, "secure", &["ca.pem", "cert.pem", "key.pem"]);
        let env = Environment {
            docker_context: Some("secure".into()),
            ..linux(&config)
        };
        let tls = resolve(&env, none).unwrap().endpoint.tls.unwrap();
        assert_eq!(
            tls,
            TlsFiles {
                ca: Some(dir.join("ca.pem")),
                cert: Some(dir.join("cert.pem")),
                key: Some(dir.join("key.pem")),
                verify: true,
            }
        );
        // Only the files that are there.
        add_context(&config, "ca-only", "tcp://10.0.0.2:2376", false, "");
        let dir = add_tls(&config, "ca-only", &["ca.pem"]);
        let env = Environment {
            docker_context: Some("ca-only".into()),
            ..linux(&config)
        };
        let tls = resolve(&env, none).unwrap().endpoint.tls.unwrap();
        assert_eq!(tls.ca, Some(dir.join("ca.pem")));
        assert_eq!((tls.cert, tls.key), (None, None));
    }

    #[test]
    fn tls_follows_the_cli_skip_verify_and_sockets() {
        let config = temp_dir("skip");
        // SkipTLSVerify alone turns TLS on, unverified.
        add_context(&config, "skip", "tcp://10.0.0.1:2376", true, "");
        // No material and no SkipTLSVerify: plain HTTP.
        add_context(&config, "plain", "tcp://10.0.0.1:2375", false, "");
        // TLS material on a socket or ssh host is ignored (`isSocket`, connhelper).
        add_context(&config, "sock", "unix:///tmp/s.sock", true, "");
        add_tls(&config, "sock", &["ca.pem"]);
        add_context(&config, "far", "ssh://me@far", false, "");
        add_tls(&config, "far", &["ca.pem"]);
        let tls_of = |name: &str| {
            let env = Environment {
                docker_context: Some(name.into()),
                ..linux(&config)
            };
            resolve(&env, none).unwrap().endpoint.tls
        };
        let skip = tls_of("skip").unwrap();
        assert!(!skip.verify);
        assert_eq!((skip.ca, skip.cert, skip.key), (None, None, None));
        assert_eq!(tls_of("plain"), None);
        assert_eq!(tls_of("sock"), None);
        assert_eq!(tls_of("far"), None);
    }

    #[test]
    fn docker_tls_verify_and_docker_cert_path() {
        let config = temp_dir("env-tls");
        let certs = temp_dir("env-certs");
        write(&certs.join("ca.pem"), "x");
        write(&certs.join("cert.pem"), "x");
        write(&certs.join("key.pem"), "x");
        let env = Environment {
            docker_host: Some("tcp://192.0.2.1:2376".into()),
            docker_tls_verify: Some("1".into()),
            docker_cert_path: Some(certs.to_path_buf()),
            ..linux(&config)
        };
        let r = resolve(&env, none).unwrap();
        assert_eq!(
            r.endpoint.tls,
            Some(TlsFiles {
                ca: Some(certs.join("ca.pem")),
                cert: Some(certs.join("cert.pem")),
                key: Some(certs.join("key.pem")),
                verify: true,
            })
        );
        // Any non-empty DOCKER_TLS_VERIFY verifies, even "0", as in the CLI.
        let zero = Environment {
            docker_tls_verify: Some("0".into()),
            ..env.clone()
        };
        assert!(resolve(&zero, none).unwrap().endpoint.tls.unwrap().verify);
        // DOCKER_TLS alone: TLS without verification; files from the config folder.
        write(&config.join("ca.pem"), "x");
        let env = Environment {
            docker_host: Some("tcp://192.0.2.1:2376".into()),
            docker_tls: Some("1".into()),
            ..linux(&config)
        };
        let tls = resolve(&env, none).unwrap().endpoint.tls.unwrap();
        assert!(!tls.verify);
        assert_eq!(tls.ca, Some(config.join("ca.pem")));
        assert_eq!((tls.cert, tls.key), (None, None));
        // No TLS variables: plain.
        let env = Environment {
            docker_host: Some("tcp://192.0.2.1:2375".into()),
            ..linux(&config)
        };
        assert_eq!(resolve(&env, none).unwrap().endpoint.tls, None);
        // TLS variables do nothing for a socket.
        let env = Environment {
            docker_host: Some("unix:///tmp/x.sock".into()),
            docker_tls_verify: Some("1".into()),
            ..linux(&config)
        };
        assert_eq!(resolve(&env, none).unwrap().endpoint.tls, None);
        // TLS on and no host: the CLI's tcp://localhost:2376, not a socket.
        let env = Environment {
            docker_tls_verify: Some("1".into()),
            ..linux(&config)
        };
        let r = resolve(&env, |_| true).unwrap();
        assert_eq!(address(&r), "tcp://localhost:2376");
        assert!(r.endpoint.tls.is_some());
    }

    #[test]
    fn docker_host_is_read_like_the_cli_reads_it() {
        assert_eq!(parse_host("localhost:2375"), "tcp://localhost:2375");
        assert_eq!(parse_host("tcp://h"), "tcp://h:2375");
        assert_eq!(parse_host("tcp://[::1]"), "tcp://[::1]:2375");
        assert_eq!(parse_host("tcp://[::1]:9"), "tcp://[::1]:9");
        assert_eq!(parse_host("tcp://"), "tcp://localhost:2375");
        assert_eq!(parse_host("tcp://h/base"), "tcp://h:2375/base");
        assert_eq!(parse_host("unix:///x.sock"), "unix:///x.sock");
        assert_eq!(parse_host("ssh://me@far"), "ssh://me@far");
        let env = Environment {
            docker_host: Some("  unix:///tmp/x.sock \n".into()),
            ..linux(&temp_dir("trim"))
        };
        assert_eq!(address(&resolve(&env, none).unwrap()), "unix:///tmp/x.sock");
    }

    /// The socket `resolve` detects when exactly `present` exist.
    fn detected(env: &Environment, present: &[&str]) -> (String, Origin) {
        let r = resolve(env, |p| present.iter().any(|q| p == Path::new(q))).unwrap();
        (address(&r).to_owned(), r.origin)
    }

    // Paths are compared as Unix spells them.
    #[cfg(unix)]
    #[test]
    fn linux_sockets_are_tried_in_order() {
        let env = linux(&temp_dir("linux"));
        let order = [
            ("/var/run/docker.sock", SocketKind::Standard),
            (
                "/home/ana/.docker/desktop/docker.sock",
                SocketKind::DockerDesktop,
            ),
            ("/run/user/1000/docker.sock", SocketKind::DockerRootless),
            ("/home/ana/.colima/default/docker.sock", SocketKind::Colima),
            (
                "/home/ana/.config/colima/default/docker.sock",
                SocketKind::Colima,
            ),
            ("/home/ana/.rd/docker.sock", SocketKind::RancherDesktop),
            ("/run/user/1000/podman/podman.sock", SocketKind::Podman),
            ("/run/podman/podman.sock", SocketKind::PodmanRootful),
        ];
        for i in 0..order.len() {
            let present: Vec<&str> = order[i..].iter().map(|(p, _)| *p).collect();
            let (addr, origin) = detected(&env, &present);
            assert_eq!(addr, format!("unix://{}", order[i].0));
            assert_eq!(origin, Origin::Detected { socket: order[i].1 });
        }
        // None there: the standard socket, so the error names what users expect.
        assert_eq!(
            detected(&env, &[]),
            ("unix:///var/run/docker.sock".to_owned(), Origin::Default)
        );
    }

    // Paths are compared as Unix spells them.
    #[cfg(unix)]
    #[test]
    fn macos_sockets_are_tried_in_order() {
        let env = Environment {
            platform: Platform::MacOs,
            home: Some(PathBuf::from("/Users/ana")),
            tmp_dir: Some(PathBuf::from("/var/folders/xy/T")),
            runtime_dir: None,
            ..linux(&temp_dir("mac"))
        };
        let order = [
            ("/var/run/docker.sock", SocketKind::Standard),
            (
                "/Users/ana/.docker/run/docker.sock",
                SocketKind::DockerDesktop,
            ),
            ("/Users/ana/.colima/default/docker.sock", SocketKind::Colima),
            (
                "/Users/ana/.config/colima/default/docker.sock",
                SocketKind::Colima,
            ),
            ("/Users/ana/.orbstack/run/docker.sock", SocketKind::OrbStack),
            ("/Users/ana/.rd/docker.sock", SocketKind::RancherDesktop),
            (
                "/Users/ana/.local/share/containers/podman/machine/podman.sock",
                SocketKind::PodmanMachine,
            ),
            (
                "/var/folders/xy/T/podman/podman-machine-default-api.sock",
                SocketKind::PodmanMachine,
            ),
        ];
        for i in 0..order.len() {
            let present: Vec<&str> = order[i..].iter().map(|(p, _)| *p).collect();
            let (addr, origin) = detected(&env, &present);
            assert_eq!(addr, format!("unix://{}", order[i].0));
            assert_eq!(origin, Origin::Detected { socket: order[i].1 });
        }
        // Linux-only places are not looked at on macOS.
        assert_eq!(
            detected(&env, &["/run/podman/podman.sock"]).1,
            Origin::Default
        );
    }

    #[test]
    fn windows_pipes_are_tried_in_order() {
        let env = Environment {
            platform: Platform::Windows,
            ..linux(&temp_dir("win"))
        };
        let (addr, origin) = detected(&env, &[r"\\.\pipe\podman-machine-default"]);
        assert_eq!(addr, "npipe:////./pipe/podman-machine-default");
        assert_eq!(
            origin,
            Origin::Detected {
                socket: SocketKind::PodmanMachine
            }
        );
        let both = [
            r"\\.\pipe\podman-machine-default",
            r"\\.\pipe\docker_engine",
        ];
        assert_eq!(detected(&env, &both).0, "npipe:////./pipe/docker_engine");
        assert_eq!(
            detected(&env, &[]),
            ("npipe:////./pipe/docker_engine".to_owned(), Origin::Default)
        );
        // Docker's pipe is what `default` reaches; Podman's is offered next to it.
        let list = candidates(&env, |p| both.iter().any(|q| p == Path::new(q)));
        assert_eq!(list[0].address.as_str(), "npipe:////./pipe/docker_engine");
        assert_eq!(
            list[1].docker_command,
            "$env:DOCKER_HOST=\"npipe:////./pipe/podman-machine-default\""
        );
    }

    // Paths are compared as Unix spells them.
    #[cfg(unix)]
    #[test]
    fn candidates_list_contexts_and_new_sockets_and_mark_the_current_one() {
        let config = temp_dir("candidates");
        add_context(&config, "zeta", "tcp://10.0.0.9:2376", false, "");
        add_tls(&config, "zeta", &["ca.pem"]);
        add_context(
            &config,
            "colima",
            "unix:///home/ana/.colima/default/docker.sock",
            false,
            "colima",
        );
        set_current(&config, "zeta");
        let present = [
            "/var/run/docker.sock",
            "/home/ana/.colima/default/docker.sock",
            "/run/user/1000/podman/podman.sock",
        ];
        let exists = |p: &Path| present.iter().any(|q| p == Path::new(q));
        let list = candidates(&linux(&config), exists);
        let ids: Vec<&str> = list.iter().map(|c| c.id.as_str()).collect();
        // /var/run/docker.sock is what `default` reaches, Colima's socket is a context:
        // each engine once.
        assert_eq!(
            ids,
            [
                "context:default",
                "context:colima",
                "context:zeta",
                "socket:unix:///run/user/1000/podman/podman.sock"
            ]
        );
        let current: Vec<&str> = list
            .iter()
            .filter(|c| c.current)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(current, ["context:zeta"]);
        assert_eq!(list[0].address.as_str(), "unix:///var/run/docker.sock");
        assert_eq!(
            list[0].kind,
            CandidateKind::Context {
                name: "default".into(),
                description: Some("Standard socket (found on this machine)".into())
            }
        );
        assert_eq!(
            list[1].kind,
            CandidateKind::Context {
                name: "colima".into(),
                description: Some("colima".into())
            }
        );
        assert!(list[2].tls && !list[1].tls);
        assert_eq!(list[2].docker_command, "docker context use zeta");
        assert_eq!(
            list[3].kind,
            CandidateKind::Socket {
                socket: SocketKind::Podman
            }
        );
        assert_eq!(
            list[3].docker_command,
            "export DOCKER_HOST=unix:///run/user/1000/podman/podman.sock"
        );
        // Every candidate resolves, by ID, to the endpoint it shows.
        for c in &list {
            let r = resolve_choice(&linux(&config), exists, &c.id).unwrap();
            assert_eq!(r.endpoint, c.endpoint, "{}", c.id);
            assert_eq!(r.origin, Origin::Chosen { id: c.id.clone() });
        }
        // With DOCKER_HOST set, `default` is current and stands for it.
        let env = Environment {
            docker_host: Some("tcp://127.0.0.1:2375".into()),
            ..linux(&config)
        };
        let list = candidates(&env, exists);
        assert!(list[0].current && list.iter().filter(|c| c.current).count() == 1);
        assert_eq!(list[0].address.as_str(), "tcp://127.0.0.1:2375");
        // A current context that is missing: nothing is current (resolve reports it).
        set_current(&config, "gone");
        let list = candidates(&linux(&config), exists);
        assert!(list.iter().all(|c| !c.current));
    }

    #[test]
    fn candidates_leave_out_folders_that_do_not_match_their_name() {
        let config = temp_dir("tampered");
        add_context(&config, "real", "unix:///tmp/r.sock", false, "");
        write(
            &config.join("contexts/meta/not-a-digest/meta.json"),
            r#"{"Name":"fake","Endpoints":{"docker":{"Host":"tcp://evil:2375"}}}"#,
        );
        let ids: Vec<String> = candidates(&linux(&config), none)
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, ["context:default", "context:real"]);
    }

    #[test]
    fn a_stale_or_unknown_choice_is_an_error() {
        let config = temp_dir("choice");
        let env = linux(&config);
        for id in [
            "context:gone",
            "socket:unix:///etc/passwd",
            "socket:tcp://evil:2375",
            "tcp://evil:2375",
            "",
        ] {
            assert!(resolve_choice(&env, |_| true, id).is_err(), "{id}");
        }
        // A known socket that is not there right now still resolves: connecting says
        // the engine is not running, and Retry finds it once it is.
        let r = resolve_choice(&env, none, "socket:unix:///run/podman/podman.sock").unwrap();
        assert_eq!(address(&r), "unix:///run/podman/podman.sock");
        let message = resolve_choice(&env, none, "context:gone")
            .unwrap_err()
            .to_string();
        assert!(message.contains("choose another engine"), "{message}");
    }

    #[test]
    fn what_crosses_to_the_web_view() {
        let origin = serde_json::to_value(Origin::Detected {
            socket: SocketKind::OrbStack,
        })
        .unwrap();
        assert_eq!(
            origin,
            serde_json::json!({"kind": "Detected", "socket": "OrbStack"})
        );
        let origin = serde_json::to_value(Origin::DockerContextEnv { name: "x".into() }).unwrap();
        assert_eq!(
            origin,
            serde_json::json!({"kind": "DockerContextEnv", "name": "x"})
        );
        let config = temp_dir("json");
        let list = candidates(&linux(&config), none);
        assert_eq!(
            serde_json::to_value(&list[0]).unwrap(),
            serde_json::json!({
                "id": "context:default",
                "label": "default",
                "kind": "Context",
                "name": "default",
                "description": "The standard address",
                "address": "unix:///var/run/docker.sock",
                "tls": false,
                "current": true,
                "dockerCommand": "docker context use default",
            })
        );
    }

    #[cfg(feature = "ts")]
    #[test]
    fn typescript_declarations_keep_paths_out() {
        use ts_rs::TS;
        let cfg = ts_rs::Config::new();
        let candidate = Candidate::decl(&cfg);
        assert!(candidate.contains("dockerCommand"), "{candidate}");
        assert!(candidate.contains("\"kind\": \"Socket\""), "{candidate}");
        assert!(!candidate.contains("endpoint"), "{candidate}");
        let origin = Origin::decl(&cfg);
        assert!(origin.contains("\"kind\": \"Detected\""), "{origin}");
    }

    #[test]
    fn commands_quote_what_the_shell_would_split() {
        assert_eq!(shell_word("desktop-linux"), "desktop-linux");
        assert_eq!(
            shell_word("unix:///Users/a b/x.sock"),
            "'unix:///Users/a b/x.sock'"
        );
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
