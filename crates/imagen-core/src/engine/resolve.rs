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
use crate::error::{ContextNamedBy, ContextProblem, Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

mod sockets;
use sockets::spots;
pub use sockets::{probe, SocketKind};

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

/// The engine to connect to, and where it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// How to reach it.
    pub endpoint: Endpoint,
    /// Where it came from.
    pub origin: Origin,
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
    let (address, origin) = match docker_host(env) {
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

/// `DOCKER_HOST`, when it is set to something: the default context's address then.
pub fn docker_host(env: &Environment) -> Option<&str> {
    env.docker_host
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
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
    let named_by = match origin {
        Origin::DockerContextEnv { .. } => ContextNamedBy::DockerContextEnv,
        Origin::CurrentContext { .. } => ContextNamedBy::ConfigJson,
        _ => ContextNamedBy::Imagen,
    };
    let Some(dir) = env.config_dir() else {
        return Err(Error::EngineContext {
            context: Some(name.to_owned()),
            message: format!(
                "The docker context {name:?} ({what}) cannot be found: neither DOCKER_CONFIG \
                 nor a home folder is set. {fix}"
            ),
            problem: ContextProblem::NoConfigFolder { named_by },
        });
    };
    match contexts::load(&dir, name, env.platform.standard_address()) {
        Ok(context) => Ok(context.endpoint),
        Err(LoadError::Missing) => Err(Error::EngineContext {
            context: Some(name.to_owned()),
            message: format!("The docker context {name:?} ({what}) does not exist. {fix}"),
            problem: ContextProblem::Missing { named_by },
        }),
        Err(LoadError::Broken(fault)) => Err(Error::EngineContext {
            context: Some(name.to_owned()),
            message: format!(
                "Imagen cannot use the docker context {name:?} ({what}): {fault}. Run `docker \
                 context inspect {}` to check it, or `docker context ls` for the others.",
                shell_word(name)
            ),
            problem: ContextProblem::Broken { named_by, fault },
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
    /// <name>` (first clearing `DOCKER_HOST` and `DOCKER_CONTEXT` where set, as each
    /// overrides it), or `export DOCKER_HOST=…` (Windows: PowerShell's `$env:DOCKER_HOST="…"`,
    /// the shell Windows Terminal opens and Docker's Windows docs use) for a socket, and
    /// for `default` when `DOCKER_HOST` is what names it (`DOCKER_HOST` overrides every
    /// context, so `docker context use default` would not bring that engine back) or when
    /// it stands for a detected socket other than the standard one (the CLI's `default`
    /// goes to the standard address, never to Podman's or Colima's socket).
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
        /// Its description in the docker CLI's store (the user's words, shown as they are).
        description: Option<String>,
        /// For `default`: how it reaches its engine here. A fact the page words in the
        /// user's language, rather than an English sentence.
        via: Option<DefaultVia>,
    },
    /// A known engine's socket that exists, outside every context.
    Socket {
        /// Whose socket it is.
        socket: SocketKind,
    },
}

/// How the `default` context reaches its engine on this machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum DefaultVia {
    /// `DOCKER_HOST` names the engine.
    DockerHost,
    /// A known engine's socket found on this machine.
    Detected {
        /// Whose socket it is.
        socket: SocketKind,
    },
    /// The platform's standard address, whether or not an engine answers there.
    StandardAddress,
}

/// Every engine the switcher offers: the `default` context first, then the store's
/// contexts by name, then the detected sockets that exist and no candidate before them
/// already reaches. A context whose files cannot be read is left out (choosing it by ID
/// reports why).
pub fn candidates(env: &Environment, exists: impl Fn(&Path) -> bool) -> Vec<Candidate> {
    candidates_keeping(env, exists, None)
}

/// [`candidates`], keeping the socket `chosen` (a candidate ID) even while nothing is there:
/// Imagen stays on a chosen socket whose engine stopped (a Podman machine, Colima), and the
/// switcher must still show that row as the one in use rather than no engine at all.
pub fn candidates_keeping(
    env: &Environment,
    exists: impl Fn(&Path) -> bool,
    chosen: Option<&str>,
) -> Vec<Candidate> {
    let chosen_socket = chosen.and_then(|id| id.strip_prefix("socket:"));
    let current = match named_context(env) {
        Ok(Named::Default) => Some(DEFAULT_CONTEXT.to_owned()),
        Ok(Named::Context { name, .. }) => Some(name),
        Err(_) => None,
    };
    let platform = env.platform;
    let context_candidate =
        |name: &str, description: Option<String>, via: Option<DefaultVia>, endpoint: Endpoint| {
            Candidate {
                id: format!("context:{name}"),
                label: name.to_owned(),
                kind: CandidateKind::Context {
                    name: name.to_owned(),
                    description,
                    via,
                },
                address: endpoint.address.clone(),
                tls: endpoint.tls.is_some(),
                current: current.as_deref() == Some(name),
                docker_command: context_use(env, name),
                endpoint,
            }
        };
    let default = resolve_default(env, &exists);
    let via = match default.origin {
        Origin::DockerHost => DefaultVia::DockerHost,
        Origin::Detected { socket } => DefaultVia::Detected { socket },
        _ => DefaultVia::StandardAddress,
    };
    // The CLI's own `default` is DOCKER_HOST or the standard address: Imagen's may be a
    // socket the CLI never looks at, which only DOCKER_HOST points it to.
    let cli_default_misses = match default.origin {
        Origin::DockerHost => true,
        Origin::Detected { socket } => socket != SocketKind::Standard,
        _ => false,
    };
    let mut first = context_candidate(DEFAULT_CONTEXT, None, Some(via), default.endpoint);
    if cli_default_misses {
        first.docker_command = set_docker_host(platform, first.address.as_str());
        // A DOCKER_HOST with TLS from the environment: a fresh terminal needs those too, or
        // its docker speaks plain HTTP to a TLS port (or skips the certificates).
        if default.origin == Origin::DockerHost {
            first.docker_command.push_str(&tls_variables(env));
        }
    }
    let mut out = vec![first];
    if let Some(dir) = env.config_dir() {
        for name in contexts::list(&dir) {
            if let Ok(c) = contexts::load(&dir, &name, env.platform.standard_address()) {
                out.push(context_candidate(&name, c.description, None, c.endpoint));
            }
        }
    }
    for spot in spots(env) {
        let kept = chosen_socket == Some(spot.address.as_str());
        if !(kept || exists(&spot.probe)) || out.iter().any(|c| c.address.as_str() == spot.address)
        {
            continue;
        }
        let docker_command = set_docker_host(platform, &spot.address);
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

/// The command that points the docker CLI at `address` in the platform's terminal:
/// `export DOCKER_HOST=…` in a POSIX shell, `$env:DOCKER_HOST="…"` in PowerShell.
/// `docker context use <name>`, after clearing what would override it in this shell:
/// `DOCKER_HOST` and `DOCKER_CONTEXT` each win over the context it sets (the CLI only
/// warns about the first), so without this the terminal would stay on another engine.
fn context_use(env: &Environment, name: &str) -> String {
    let overriding: Vec<&str> = [
        ("DOCKER_HOST", &env.docker_host),
        ("DOCKER_CONTEXT", &env.docker_context),
    ]
    .into_iter()
    .filter(|(_, value)| set(value).is_some())
    .map(|(variable, _)| variable)
    .collect();
    context_use_clearing(env.platform, &overriding, name)
}

/// `docker context use <name>` for a script that replays Imagen's commands (the Terminal
/// record): whatever Imagen's own environment holds, the shell running the script may have
/// `DOCKER_HOST` or `DOCKER_CONTEXT` set (by an earlier switch to a socket in the same
/// script, say), and either would win over the context, so both are cleared first.
pub(crate) fn context_use_in_script(platform: Platform, name: &str) -> String {
    context_use_clearing(platform, &["DOCKER_HOST", "DOCKER_CONTEXT"], name)
}

fn context_use_clearing(platform: Platform, variables: &[&str], name: &str) -> String {
    let mut steps = Vec::new();
    if !variables.is_empty() {
        steps.push(match platform {
            // Quiet when this PowerShell never had it (it was set where Imagen started).
            Platform::Windows => format!(
                "Remove-Item {} -ErrorAction SilentlyContinue",
                variables
                    .iter()
                    .map(|v| format!("Env:{v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => format!("unset {}", variables.join(" ")),
        });
    }
    steps.push(format!("docker context use {}", shell_word(name)));
    steps.join("; ")
}

/// `; export DOCKER_TLS_VERIFY=1; export DOCKER_CERT_PATH=…` (PowerShell's `$env:` on
/// Windows): each of the TLS variables set in Imagen's environment, as it is there; empty when
/// none is.
fn tls_variables(env: &Environment) -> String {
    let cert_path = env
        .docker_cert_path
        .as_ref()
        .map(|p| p.to_string_lossy().into_owned());
    [
        (
            "DOCKER_TLS_VERIFY",
            set(&env.docker_tls_verify).map(str::to_owned),
        ),
        ("DOCKER_TLS", set(&env.docker_tls).map(str::to_owned)),
        ("DOCKER_CERT_PATH", cert_path),
    ]
    .into_iter()
    .filter_map(|(variable, value)| {
        let value = value?;
        Some(if env.platform == Platform::Windows {
            format!("; $env:{variable}={}", powershell_string(&value))
        } else {
            format!("; export {variable}={}", shell_word(&value))
        })
    })
    .collect()
}

pub(crate) fn set_docker_host(platform: Platform, address: &str) -> String {
    if platform == Platform::Windows {
        format!("$env:DOCKER_HOST={}", powershell_string(address))
    } else {
        format!("export DOCKER_HOST={}", shell_word(address))
    }
}

/// `text` as a PowerShell string literal: in double quotes when nothing in it would be
/// expanded or end the string there, else in single quotes, which expand nothing and
/// stand for a quote by two of it (PowerShell also takes `‘’‚‛` for `'`).
fn powershell_string(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii() && !"\"$`'".contains(c)) {
        return format!("\"{text}\"");
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if "'\u{2018}\u{2019}\u{201A}\u{201B}".contains(c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
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
mod tests;
