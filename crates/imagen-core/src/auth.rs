//! Registry credentials for pulls, found the way the `docker` CLI finds them.
//!
//! The CLI keeps logins in `config.json` inside its configuration directory
//! ([`docker_config_dir`]): either inline under `auths`, or in an external credential helper
//! (`docker-credential-<name>`) named by `credHelpers` (per registry) or `credsStore` (for
//! all registries). [`credentials_for`] follows the CLI's order — per-registry helper, then
//! the default store, then `auths` — and returns a [`RegistryAuth`] whose
//! [`header_value`](RegistryAuth::header_value) is what the engine expects in
//! `X-Registry-Auth`.
//!
//! Secrets stay inside this module's types: [`RegistryAuth`] is not serializable, its
//! `Debug` output redacts the password and identity token, and no error message repeats
//! anything read from a credential store, printed by a credential helper (not even when it
//! fails: its output may hold the secret) or read from `config.json`.
//!
//! A `config.json` that cannot be used (unreadable, not JSON, a damaged saved login) does not
//! stop a pull: like the CLI ("WARNING: Error loading config file"), the lookup carries on
//! without it and says why in [`CredentialLookup::config_problem`], for the UI to show. A
//! credential helper that cannot be found (looked for on `PATH`, with `PATHEXT`'s endings on
//! Windows, and on macOS also where Homebrew, Docker Desktop, Rancher Desktop and OrbStack
//! install it) does not either: the pull goes on anonymously and
//! [`CredentialLookup::helper_missing`] names the helper. A `config.json` saved with a byte
//! order mark or as UTF-16 (as Windows tools save it) is one the CLI cannot parse either, so
//! it is ignored the same way, [`ConfigProblem::encoding`] saying which: reading it would
//! pull with a login `docker pull` in a terminal does not have.
//!
//! A credential helper is a child process of its own: [`credentials_for`] is async, gives
//! the helper [`HELPER_TIMEOUT`] to answer, and kills it (with everything it started: its
//! process group on Unix, its process tree on Windows) when the time is up or when the future
//! is dropped — which is how a cancelled pull stops it. No thread waits on a helper and no helper outlives its lookup.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use crate::docker_json::{docker_json_bytes, UnreadableEncoding};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The key under which the docker CLI stores Docker Hub logins, and the server URL it sends
/// to credential helpers for Docker Hub.
const DOCKER_HUB_SERVER: &str = "https://index.docker.io/v1/";

/// Host names that all mean Docker Hub.
const DOCKER_HUB_HOSTS: [&str; 3] = ["docker.io", "index.docker.io", "registry-1.docker.io"];

/// What credential helpers print when they hold nothing for a server
/// (`credentials not found in native keychain`).
const HELPER_NOT_FOUND: &str = "credentials not found";

/// How long a credential helper may take to answer `get`.
///
/// Helpers usually answer within milliseconds, but some wait for a person: the macOS
/// keychain, `pass`/GnuPG pinentry or a password manager may ask to be unlocked or to
/// approve access, which takes a few seconds of reading and typing. Thirty seconds leaves
/// room for that; a helper stuck for longer (a hung keychain daemon, a prompt nobody can
/// see) then ends the pull with [`CredentialError::HelperTimedOut`] instead of leaving it on
/// "Starting…" forever. The docker CLI has no limit; Imagen's Cancel stops it sooner.
pub const HELPER_TIMEOUT: Duration = Duration::from_secs(30);

/// What [`credentials_for`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialLookup {
    /// The login to send with the pull; `None` means pull anonymously.
    pub auth: Option<RegistryAuth>,
    /// Why `config.json` was ignored, when it was: the lookup then went on as if the file
    /// were empty (anonymous pull), as the docker CLI does. The caller should warn.
    pub config_problem: Option<ConfigProblem>,
    /// The credential helper the configuration names (`desktop` for
    /// `docker-credential-desktop`) when it could not be found: the lookup then gave no
    /// credentials (anonymous pull) instead of failing, so a public image still pulls. The
    /// caller should warn.
    pub helper_missing: Option<String>,
}

/// Why the Docker configuration file could not be used. Never quotes the file's contents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Your Docker config file {path} could not be read ({problem}); pulling without credentials."
)]
pub struct ConfigProblem {
    /// The full path of the file.
    pub path: String,
    /// What was wrong with it, as a clause: "it is not valid JSON (line 3, column 7)".
    pub problem: String,
    /// The encoding it was saved in that docker cannot read either (a byte order mark,
    /// UTF-16), when that is what was wrong: for the UI to say it in its own words.
    pub encoding: Option<UnreadableEncoding>,
}

/// Everything that can go wrong while looking up registry credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// The configuration names a credential helper that is not installed.
    #[error(
        "The Docker configuration asks for the credential helper docker-credential-{helper}, \
         but that program is not installed or not on PATH. Install docker-credential-{helper}, \
         or remove it from credsStore/credHelpers in the Docker configuration file."
    )]
    HelperMissing {
        /// The helper's name as configured, e.g. `desktop` for `docker-credential-desktop`.
        helper: String,
    },
    /// The credential helper ran but failed.
    #[error(
        "The credential helper docker-credential-{helper} failed: {message}. \
         Check that the helper works (or run `docker login` again), then try again."
    )]
    HelperFailed {
        /// The helper's name as configured.
        helper: String,
        /// What went wrong, in Imagen's words: never the helper's own output, which may
        /// hold the secret.
        message: String,
    },
    /// The credential helper did not answer within [`HELPER_TIMEOUT`]; it was stopped.
    #[error(
        "The credential helper docker-credential-{helper} did not answer within {seconds} \
         seconds, so Imagen stopped it. It may be waiting for a keychain or password manager \
         to be unlocked: unlock it (or check that `docker-credential-{helper} list` answers in \
         a terminal), then try again."
    )]
    HelperTimedOut {
        /// The helper's name as configured.
        helper: String,
        /// How long Imagen waited, in whole seconds (rounded up).
        seconds: u64,
    },
}

/// Credentials for one registry, ready to be sent to the engine with a pull.
///
/// Deliberately not `Serialize`: it must never cross into the web view. `Debug` redacts the
/// password and identity token so it can't leak into a log either.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistryAuth {
    /// The user name, if the login has one (absent when an identity token is used).
    pub username: Option<String>,
    /// The password or access token that goes with `username`.
    pub password: Option<String>,
    /// An OAuth identity (refresh) token, used instead of a user name and password.
    pub identity_token: Option<String>,
    /// The server the credentials belong to, e.g. `https://index.docker.io/v1/` or
    /// `localhost:5000`.
    pub server_address: String,
}

impl fmt::Debug for RegistryAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegistryAuth")
            .field("username", &self.username)
            .field("password", &Redacted(&self.password))
            .field("identity_token", &Redacted(&self.identity_token))
            .field("server_address", &self.server_address)
            .finish()
    }
}

/// Debug-prints `"<redacted>"` for a present secret and `None` for an absent one.
struct Redacted<'a>(&'a Option<String>);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(_) => f.write_str("\"<redacted>\""),
            None => f.write_str("None"),
        }
    }
}

/// The JSON body of `X-Registry-Auth`, with the docker CLI's field names and order.
#[derive(Serialize)]
struct AuthHeader<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identitytoken: Option<&'a str>,
    serveraddress: &'a str,
}

impl RegistryAuth {
    /// The value of the `X-Registry-Auth` header for these credentials: a JSON object
    /// (`username`/`password` or `identitytoken`, plus `serveraddress`; absent fields
    /// omitted) encoded as base64url with padding.
    pub fn header_value(&self) -> String {
        let body = AuthHeader {
            username: self.username.as_deref(),
            password: self.password.as_deref(),
            identitytoken: self.identity_token.as_deref(),
            serveraddress: &self.server_address,
        };
        // Serializing a struct of strings cannot fail; an empty header would only mean
        // "no credentials", never a leaked or garbled one.
        let json = serde_json::to_string(&body).unwrap_or_default();
        // The daemon decodes this header with base64url (Go's `base64.URLEncoding`) and
        // silently ignores a decoding failure, pulling anonymously instead. Standard base64
        // (what bollard 0.21 uses) writes `+` and `/` where base64url has `-` and `_`, so any
        // credentials whose JSON happens to encode to those characters would be dropped
        // without an error. The docker CLI uses base64url with padding, and so do we.
        base64::engine::general_purpose::URL_SAFE.encode(json)
    }
}

/// The Docker CLI's configuration directory: `$DOCKER_CONFIG` if set and non-empty, else
/// `$HOME/.docker` (`%USERPROFILE%\.docker` on Windows). `None` when neither is known.
pub fn docker_config_dir() -> Option<PathBuf> {
    let home_var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    config_dir_from(
        std::env::var_os("DOCKER_CONFIG"),
        std::env::var_os(home_var),
    )
}

/// [`docker_config_dir`] without reading the environment, so it can be tested.
fn config_dir_from(docker_config: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    if let Some(dir) = docker_config.filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    home.filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".docker"))
}

/// Credentials for pulling from `registry`, looked up in `<config_dir>/config.json` the way
/// the docker CLI does: the registry's `credHelpers` entry, else `credsStore`, else the
/// `auths` entry (also consulted when a helper holds nothing for the registry).
///
/// `registry` is an image reference's registry domain as normalised by
/// distribution/reference: `docker.io`, `ghcr.io`, `localhost:5000`. A missing
/// `config.json` (or no login for the registry) finds no credentials: pull anonymously. So
/// does a `config.json` that cannot be used, with [`CredentialLookup::config_problem`] set.
///
/// This may run an external credential helper, for at most [`HELPER_TIMEOUT`]. Dropping
/// the future (a cancelled pull) kills the helper.
pub async fn credentials_for(
    config_dir: &Path,
    registry: &str,
) -> Result<CredentialLookup, CredentialError> {
    credentials_for_with(config_dir, registry, &HelperRunner::from_path()).await
}

/// [`credentials_for`] with an explicit way of finding and running credential helpers.
async fn credentials_for_with(
    config_dir: &Path,
    registry: &str,
    runner: &HelperRunner,
) -> Result<CredentialLookup, CredentialError> {
    let config = match DockerConfig::load(config_dir) {
        Ok(config) => config,
        Err(problem) => {
            return Ok(CredentialLookup {
                auth: None,
                config_problem: Some(problem),
                helper_missing: None,
            })
        }
    };
    let hub = is_docker_hub(registry);
    // Docker Hub logins live under the legacy index URL, both in `auths` and in helpers.
    let server = if hub { DOCKER_HUB_SERVER } else { registry };

    if let Some(helper) = config.helper_for(registry, hub) {
        match runner.get(helper, server).await {
            Ok(Some(auth)) => {
                return Ok(CredentialLookup {
                    auth: Some(auth),
                    config_problem: None,
                    helper_missing: None,
                })
            }
            // Like the CLI: a helper that knows nothing of this server leaves `auths` to
            // answer.
            Ok(None) => {}
            // Unlike the CLI, which fails every pull: a helper that is not there (Docker
            // Desktop's `desktop` helper after Docker Desktop was removed, or out of reach of
            // an app started from the Finder) holds no login Imagen could use, so the pull
            // goes on without one, and the caller says why. A helper that is there but fails
            // still ends the lookup: it may hold the login the pull needs.
            Err(CredentialError::HelperMissing { helper }) => {
                return Ok(CredentialLookup {
                    auth: None,
                    config_problem: None,
                    helper_missing: Some(helper),
                })
            }
            Err(other) => return Err(other),
        }
    }
    Ok(match config.auths_entry(registry, hub) {
        Ok(auth) => CredentialLookup {
            auth,
            config_problem: None,
            helper_missing: None,
        },
        // The CLI refuses the whole file when a saved login is damaged, and pulls
        // anonymously with a warning; so do we.
        Err(server) => CredentialLookup {
            auth: None,
            helper_missing: None,
            config_problem: Some(ConfigProblem {
                path: config_dir.join("config.json").display().to_string(),
                problem: format!(
                    "its saved login for {server} is damaged: the auth field is not \
                     base64-encoded \"user:password\"; `docker login {server}` saves it again"
                ),
                encoding: None,
            }),
        },
    })
}

/// True for every name that means Docker Hub.
fn is_docker_hub(registry: &str) -> bool {
    let host = normalise_server(registry);
    DOCKER_HUB_HOSTS.contains(&host.as_str())
}

/// A server key reduced to its host (and port): scheme and path stripped, lower-cased.
/// `https://localhost:5000/v1/` → `localhost:5000`.
fn normalise_server(key: &str) -> String {
    let key = key.trim();
    let lower = key.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &key["https://".len()..]
    } else if lower.starts_with("http://") {
        &key["http://".len()..]
    } else {
        key
    };
    let host = rest.split('/').next().unwrap_or(rest);
    host.to_ascii_lowercase()
}

/// The parts of the docker CLI's `config.json` that matter for credentials.
#[derive(Default, Deserialize)]
struct DockerConfig {
    #[serde(default)]
    auths: Option<BTreeMap<String, AuthEntry>>,
    #[serde(default, rename = "credsStore")]
    creds_store: Option<String>,
    #[serde(default, rename = "credHelpers")]
    cred_helpers: Option<BTreeMap<String, String>>,
}

/// One `auths` entry. Holds secrets: deliberately neither `Debug` nor `Serialize`.
#[derive(Default, Deserialize)]
struct AuthEntry {
    /// base64 (standard alphabet) of `user:password`.
    #[serde(default)]
    auth: Option<String>,
    #[serde(default)]
    identitytoken: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
}

impl DockerConfig {
    /// Reads `<dir>/config.json`; a missing (or empty) file is an empty configuration.
    fn load(dir: &Path) -> Result<Self, ConfigProblem> {
        let path = dir.join("config.json");
        let unreadable = |problem: String| ConfigProblem {
            path: path.display().to_string(),
            problem,
            encoding: None,
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(err) => return Err(unreadable(err.to_string())),
        };
        // A byte order mark or UTF-16 (what Windows tools save): the CLI cannot parse the
        // file, and pulls without it; so do we.
        let bytes = docker_json_bytes(&bytes).map_err(|encoding| ConfigProblem {
            encoding: Some(encoding),
            ..unreadable(encoding.to_string())
        })?;
        // The CLI accepts an empty file as "no configuration"; so do we.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::default());
        }
        serde_json::from_slice(bytes).map_err(|err| {
            // serde_json's own message can quote values from the file (secrets included),
            // so only say what kind of problem it is and where.
            let what = match err.classify() {
                serde_json::error::Category::Data => "it does not have the expected structure",
                serde_json::error::Category::Io
                | serde_json::error::Category::Syntax
                | serde_json::error::Category::Eof => "it is not valid JSON",
            };
            unreadable(format!(
                "{what} (line {}, column {})",
                err.line(),
                err.column()
            ))
        })
    }

    /// The credential helper to ask for `registry`, if any: its `credHelpers` entry, else
    /// `credsStore`. An empty helper name means "no helper", as in the CLI.
    fn helper_for(&self, registry: &str, hub: bool) -> Option<&str> {
        let per_registry = self.cred_helpers.as_ref().and_then(|helpers| {
            find_server_entry(helpers, registry, hub).map(|(_, helper)| helper.as_str())
        });
        let helper = match per_registry {
            Some(helper) => helper,
            None => self.creds_store.as_deref()?,
        };
        let helper = helper.trim();
        (!helper.is_empty()).then_some(helper)
    }

    /// The `auths` entry for `registry`, decoded; `Err(key)` names a damaged entry.
    fn auths_entry(&self, registry: &str, hub: bool) -> Result<Option<RegistryAuth>, String> {
        let Some(auths) = &self.auths else {
            return Ok(None);
        };
        // Entries without credentials (the CLI writes `{}` when a helper holds the login)
        // don't hide a usable entry under an equivalent key.
        let usable: BTreeMap<&String, &AuthEntry> =
            auths.iter().filter(|(_, e)| e.has_credentials()).collect();
        match find_server_entry(&usable, registry, hub) {
            Some((key, entry)) => entry.decode(key).map(Some),
            None => Ok(None),
        }
    }
}

/// Looks `registry` up in a map keyed by server: the exact key first (the index URL for
/// Docker Hub), then any key naming the same host once scheme and path are stripped.
fn find_server_entry<'m, K, V>(
    map: &'m BTreeMap<K, V>,
    registry: &str,
    hub: bool,
) -> Option<(&'m K, &'m V)>
where
    K: AsRef<str> + Ord,
{
    let exact = if hub { DOCKER_HUB_SERVER } else { registry };
    if let Some(found) = map.iter().find(|(k, _)| k.as_ref() == exact) {
        return Some(found);
    }
    let wanted = normalise_server(registry);
    map.iter().find(|(k, _)| {
        let host = normalise_server(k.as_ref());
        if hub {
            DOCKER_HUB_HOSTS.contains(&host.as_str())
        } else {
            host == wanted
        }
    })
}

/// Treats empty strings in `config.json` as absent.
fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_ref().filter(|v| !v.is_empty()).cloned()
}

impl AuthEntry {
    fn has_credentials(&self) -> bool {
        [
            &self.auth,
            &self.identitytoken,
            &self.username,
            &self.password,
        ]
        .iter()
        .any(|v| v.as_ref().is_some_and(|v| !v.trim().is_empty()))
    }

    /// Turns the entry stored under `key` into credentials. As in the CLI, `auth` overrides
    /// `username`/`password`; an identity token replaces both. `Err(key)` when the `auth`
    /// field is not base64 of `user:password`.
    fn decode(&self, key: &str) -> Result<RegistryAuth, String> {
        let server_address = key.to_owned();
        if let Some(token) = non_empty(&self.identitytoken) {
            return Ok(RegistryAuth {
                username: None,
                password: None,
                identity_token: Some(token),
                server_address,
            });
        }
        let (username, password) = match self.auth.as_deref().map(str::trim) {
            Some(auth) if !auth.is_empty() => {
                let (user, pass) = decode_auth_field(auth).ok_or_else(|| key.to_owned())?;
                (Some(user), Some(pass))
            }
            _ => (non_empty(&self.username), non_empty(&self.password)),
        };
        Ok(RegistryAuth {
            username: username.filter(|u| !u.is_empty()),
            password: password.filter(|p| !p.is_empty()),
            identity_token: None,
            server_address,
        })
    }
}

/// Decodes an `auth` field: standard base64 (padding optional) of `user:password`.
fn decode_auth_field(auth: &str) -> Option<(String, String)> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    let bytes = STANDARD
        .decode(auth)
        .or_else(|_| STANDARD_NO_PAD.decode(auth))
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, pass) = text.split_once(':')?;
    Some((user.to_owned(), pass.to_owned()))
}

/// The JSON a credential helper prints for `get`.
#[derive(Deserialize)]
struct HelperOutput {
    #[serde(default, rename = "Username")]
    username: String,
    #[serde(default, rename = "Secret")]
    secret: String,
}

/// How to find and run `docker-credential-<name>` programs.
#[derive(Debug, Clone)]
struct HelperRunner {
    /// Directories to search, in order; `None` leaves the lookup to `PATH`.
    search_path: Option<Vec<PathBuf>>,
    /// The endings a helper's file name may have, tried in order: Windows' `PATHEXT`
    /// ([`path_extensions`]); empty elsewhere, where the file is called by the bare name.
    extensions: Vec<String>,
    /// How long a helper may take; [`HELPER_TIMEOUT`] except in tests.
    timeout: Duration,
}

/// The kind of system Imagen runs on, as far as finding credential helpers goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HelperHost {
    /// macOS: `PATH` and the folders desktop engines install helpers in ([`helper_dirs`]).
    MacOs,
    /// Windows: `PATH`, searched here with `PATHEXT` ([`find_program`]).
    Windows,
    /// Linux and the rest: the bare name, which the system looks up on `PATH`.
    Other,
}

impl HelperHost {
    /// The system this build runs on.
    fn current() -> Self {
        if cfg!(target_os = "macos") {
            Self::MacOs
        } else if cfg!(windows) {
            Self::Windows
        } else {
            Self::Other
        }
    }
}

impl HelperRunner {
    /// Finds helpers on `PATH`, as the docker CLI does; on macOS also in the folders where
    /// Homebrew and the desktop engines install them ([`helper_dirs`]); on Windows with any
    /// ending `PATHEXT` lists, `.cmd` included ([`find_program`]).
    fn from_path() -> Self {
        let host = HelperHost::current();
        Self {
            search_path: helper_dirs(std::env::var_os("PATH"), std::env::var_os("HOME"), host),
            extensions: match host {
                HelperHost::Windows => path_extensions(std::env::var_os("PATHEXT").as_deref()),
                HelperHost::MacOs | HelperHost::Other => Vec::new(),
            },
            timeout: HELPER_TIMEOUT,
        }
    }

    /// Finds helpers only in `dirs` (tests use this instead of changing the global `PATH`).
    #[cfg(test)]
    fn with_search_path(dirs: Vec<PathBuf>) -> Self {
        Self {
            search_path: Some(dirs),
            extensions: Vec::new(),
            timeout: HELPER_TIMEOUT,
        }
    }

    /// The program to run for `helper`.
    fn program(&self, helper: &str) -> Result<PathBuf, CredentialError> {
        if helper.contains(['/', '\\']) {
            return Err(CredentialError::HelperFailed {
                helper: helper.to_owned(),
                message: "a helper name cannot contain a path separator".into(),
            });
        }
        let name = format!("docker-credential-{helper}");
        let Some(dirs) = &self.search_path else {
            return Ok(PathBuf::from(name));
        };
        find_program(dirs, &name, &self.extensions).ok_or_else(|| CredentialError::HelperMissing {
            helper: helper.to_owned(),
        })
    }

    /// Whether the helper [`Self::program`] named is a file: where it was found on the
    /// search path, or, for a bare name, in a folder of `PATH` (where it was started from).
    fn installed(&self, program: &Path) -> bool {
        match &self.search_path {
            Some(_) => program.is_file(),
            None => on_path(std::env::var_os("PATH").as_deref(), program),
        }
    }

    /// Asks `helper` for the credentials of `server`. `Ok(None)` when it holds none.
    ///
    /// The helper gets [`Self::timeout`] to answer. When that passes, or when this future
    /// is dropped, the helper is killed.
    async fn get(
        &self,
        helper: &str,
        server: &str,
    ) -> Result<Option<RegistryAuth>, CredentialError> {
        let failed = |message: String| CredentialError::HelperFailed {
            helper: helper.to_owned(),
            message,
        };
        let program = self.program(helper)?;
        let mut process = HelperProcess::spawn(&program).await.map_err(|err| {
            // "No such file" also comes from a helper that is there but cannot start: a
            // script whose interpreter is gone. Only no file at all is a missing helper.
            if err.kind() != io::ErrorKind::NotFound {
                failed(format!("it could not be started ({err})"))
            } else if self.installed(&program) {
                failed(format!(
                    "it could not be started: it is installed, but a program it needs to \
                     run (such as the interpreter its first line names) is missing ({err})"
                ))
            } else {
                CredentialError::HelperMissing {
                    helper: helper.to_owned(),
                }
            }
        })?;
        let answer = match tokio::time::timeout(self.timeout, process.ask(server)).await {
            Ok(answer) => answer,
            Err(_elapsed) => {
                process.kill().await;
                return Err(CredentialError::HelperTimedOut {
                    helper: helper.to_owned(),
                    seconds: whole_seconds(self.timeout),
                });
            }
        };
        let (status, stdout, stderr) =
            answer.map_err(|err| failed(format!("Imagen could not read its answer ({err})")))?;
        let stdout = String::from_utf8_lossy(&stdout);

        if !status.success() {
            let stderr = String::from_utf8_lossy(&stderr);
            let said = format!("{stdout}\n{stderr}").to_ascii_lowercase();
            if said.contains(HELPER_NOT_FOUND) {
                return Ok(None);
            }
            // Never pass on what it printed: a helper that fails half-way may still have
            // written the secret (or the user's account details) to either stream.
            return Err(failed(describe_exit(status)));
        }

        // Never quote the output in an error: it may hold the secret.
        let parsed: HelperOutput = serde_json::from_str(stdout.trim()).map_err(|_| {
            failed("it printed something other than the expected credentials JSON".into())
        })?;
        if parsed.secret.is_empty() {
            return Ok(None);
        }
        let server_address = server.to_owned();
        // Helpers store identity tokens under the user name `<token>`.
        Ok(Some(if parsed.username == "<token>" {
            RegistryAuth {
                username: None,
                password: None,
                identity_token: Some(parsed.secret),
                server_address,
            }
        } else {
            RegistryAuth {
                username: (!parsed.username.is_empty()).then_some(parsed.username),
                password: Some(parsed.secret),
                identity_token: None,
                server_address,
            }
        }))
    }
}

/// Where to look for credential helpers: `None` leaves it to the system's own `PATH` lookup
/// (Linux and the rest).
///
/// On Windows, the folders of `PATH`, for [`find_program`] to search: the system's own
/// lookup (`CreateProcess`, and Rust's `Command` on top of it) only adds `.exe` to a bare
/// name, so it never finds the `.cmd` helpers that Go's lookup, the docker CLI's, does.
///
/// On macOS an app started from the Finder or the Dock gets
/// `PATH=/usr/bin:/bin:/usr/sbin:/sbin`, not the terminal's, and the helpers the desktop
/// engines name in `credsStore` live in none of those: Docker Desktop's
/// `docker-credential-desktop`, and the `docker-credential-osxkeychain` of Rancher Desktop
/// (in `~/.rd/bin`, which only shell startup files add to `PATH`, and in its app bundle)
/// and of OrbStack (`~/.orbstack/bin`). So the folders of `PATH` come first, then the ones
/// Homebrew and those apps install helpers in: the per-user folders before the app
/// bundles, which those folders link to. Only absolute folders: an empty or relative
/// `PATH` entry would mean "the current folder", and a program there is nobody's choice of
/// credential store.
fn helper_dirs(
    path: Option<OsString>,
    home: Option<OsString>,
    host: HelperHost,
) -> Option<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = path
        .as_deref()
        .map(|p| std::env::split_paths(p).collect())
        .unwrap_or_default();
    match host {
        HelperHost::Other => return None,
        HelperHost::Windows => return Some(absolute_and_unique(dirs)),
        HelperHost::MacOs => {}
    }
    dirs.push(PathBuf::from("/usr/local/bin"));
    dirs.push(PathBuf::from("/opt/homebrew/bin"));
    if let Some(home) = home.filter(|h| !h.is_empty()) {
        let home = PathBuf::from(home);
        dirs.push(home.join(".docker").join("bin"));
        dirs.push(home.join(".rd").join("bin"));
        dirs.push(home.join(".orbstack").join("bin"));
    }
    dirs.push(PathBuf::from(
        "/Applications/Docker.app/Contents/Resources/bin",
    ));
    dirs.push(PathBuf::from(
        "/Applications/Rancher Desktop.app/Contents/Resources/resources/darwin/bin",
    ));
    Some(absolute_and_unique(dirs))
}

/// `dirs` without relative folders and repeats, in their order.
fn absolute_and_unique(mut dirs: Vec<PathBuf>) -> Vec<PathBuf> {
    dirs.retain(|dir| dir.is_absolute());
    let mut unique = Vec::with_capacity(dirs.len());
    for dir in dirs {
        if !unique.contains(&dir) {
            unique.push(dir);
        }
    }
    unique
}

/// The file endings Windows tries after a program's bare name, from `PATHEXT` (as Go's
/// `exec.LookPath` reads it): lower-case, each with its dot, empty entries skipped;
/// `.com;.exe;.bat;.cmd` when it is unset or empty.
fn path_extensions(pathext: Option<&std::ffi::OsStr>) -> Vec<String> {
    let listed: Vec<String> = pathext
        .map(|p| p.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
        .split(';')
        .map(str::trim)
        .filter(|ext| !ext.is_empty())
        .map(|ext| {
            if ext.starts_with('.') {
                ext.to_owned()
            } else {
                format!(".{ext}")
            }
        })
        .collect();
    if listed.is_empty() {
        [".com", ".exe", ".bat", ".cmd"].map(str::to_owned).to_vec()
    } else {
        listed
    }
}

/// The first file in `dirs` that runs as `name`, looked for the way Go's `exec.LookPath`
/// (the docker CLI's) looks: folder by folder, in each `name` itself when there are no
/// `extensions` (Unix) or when it already has an ending (`foo.exe`), then `name` with each
/// of `extensions` (Windows' `PATHEXT`, [`path_extensions`]). So on Windows
/// `docker-credential-gcloud` is found as the `docker-credential-gcloud.cmd` that
/// `gcloud auth configure-docker` relies on. Folders are not programs.
fn find_program(dirs: &[PathBuf], name: &str, extensions: &[String]) -> Option<PathBuf> {
    let mut names = Vec::with_capacity(extensions.len() + 1);
    if extensions.is_empty() || has_extension(name) {
        names.push(name.to_owned());
    }
    names.extend(extensions.iter().map(|ext| format!("{name}{ext}")));
    dirs.iter()
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file())
}

/// Whether the last part of `name` has an ending (a dot), as Go's `hasExt` decides it.
fn has_extension(name: &str) -> bool {
    name.rfind('.').is_some_and(|dot| {
        name.rfind([':', '\\', '/'])
            .is_none_or(|separator| separator < dot)
    })
}

/// Whether a file called `name` is in a folder of `path`, a `PATH` value. Only asked where
/// the helper was started by its bare name (not on Windows or macOS, which search
/// themselves: [`helper_dirs`]).
fn on_path(path: Option<&std::ffi::OsStr>, name: &Path) -> bool {
    path.into_iter()
        .flat_map(std::env::split_paths)
        .any(|dir| dir.join(name).is_file())
}

/// `duration` in whole seconds, rounded up (a limit of 0.5 s is "1 second", not "0").
fn whole_seconds(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// How a helper ended, in words that quote nothing it printed.
fn describe_exit(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("it exited with code {code}"),
        None => "it was stopped by a signal".into(),
    }
}

/// A running `docker-credential-<name> get`. Unless it has been waited for, dropping it kills
/// the helper and every process the helper started.
#[derive(Debug)]
struct HelperProcess {
    child: tokio::process::Child,
    /// The helper's process group (its own PID: it is spawned as a group leader), so that
    /// a helper that is a script also loses the programs it started; on Windows its process
    /// ID, whose tree `taskkill /T` ends (a `.cmd` helper is `cmd.exe`, and what it runs,
    /// gcloud's Python say, would outlive it).
    #[cfg(any(unix, windows))]
    group: Option<u32>,
    /// Set once the helper has exited and its output has been read to the end.
    finished: bool,
}

impl HelperProcess {
    /// Starts `<program> get` with all three standard streams piped.
    async fn spawn(program: &Path) -> io::Result<Self> {
        let mut command = tokio::process::Command::new(program);
        command
            .arg("get")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Tokio kills the helper itself when the handle is dropped unfinished; `Drop`
            // below also kills what the helper started.
            .kill_on_drop(true);
        // Its own process group, so that one signal reaches everything it started (a
        // wrapper script's programs). Imagen has no terminal for it to read anyway.
        #[cfg(unix)]
        command.process_group(0);
        // On Windows `program` may be a batch file (`docker-credential-gcloud.cmd`): Rust's
        // `Command` runs it through `cmd.exe`, and since Rust 1.77.2 escapes its arguments
        // for `cmd.exe` safely (or refuses ones it cannot). The only argument here is the
        // fixed `get`, and the server name goes to standard input, never the command line.
        #[cfg(windows)]
        {
            /// Keeps a console window from flashing up over the app (`cmd.exe`'s too).
            const CREATE_NO_WINDOW: u32 = 0x0800_0000;
            command.creation_flags(CREATE_NO_WINDOW);
        }
        // A helper installed a moment ago can still be open for writing in a child another
        // thread is forking ("text file busy"); that clears within milliseconds.
        let mut attempts = 0;
        let child = loop {
            match command.spawn() {
                Err(err) if err.kind() == io::ErrorKind::ExecutableFileBusy && attempts < 5 => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                result => break result?,
            }
        };
        Ok(Self {
            #[cfg(any(unix, windows))]
            group: child.id(),
            child,
            finished: false,
        })
    }

    /// Writes `server` to the helper, reads everything it prints and waits for it to exit.
    async fn ask(&mut self, server: &str) -> io::Result<(ExitStatus, Vec<u8>, Vec<u8>)> {
        let stdin = self.child.stdin.take();
        let stdout = self.child.stdout.take();
        let stderr = self.child.stderr.take();
        let write = async {
            if let Some(mut stdin) = stdin {
                // A write error (a helper that exits without reading) is ignored: its exit
                // status and output say what happened. Dropping `stdin` closes the pipe:
                // helpers read until end of input.
                let _ignored = stdin.write_all(server.as_bytes()).await;
            }
        };
        let ((), stdout, stderr) = tokio::join!(write, read_all(stdout), read_all(stderr));
        let status = self.child.wait().await?;
        self.finished = true;
        Ok((status, stdout?, stderr?))
    }

    /// Kills the helper and everything it started, and reaps it.
    async fn kill(&mut self) {
        self.kill_now();
        // SIGKILL again (harmless) and wait, so no zombie is left for the runtime to reap.
        let _ = self.child.kill().await;
        self.finished = true;
    }

    /// Kills the helper and everything it started, without waiting.
    fn kill_now(&mut self) {
        #[cfg(unix)]
        if let Some(group) = self.group {
            // A negative PID names the process group. The crate forbids `unsafe`, so the
            // signal goes through the POSIX `kill` utility (a few milliseconds, only when a
            // helper is abandoned); if it is missing, the helper itself still dies below.
            let _ = std::process::Command::new("kill")
                .args(["-s", "KILL", "--", &format!("-{group}")])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        // No process groups here: `taskkill /T` ends the helper's tree of child processes
        // (no `unsafe` job object needed), before the helper itself goes below, since the
        // tree is found from it.
        #[cfg(windows)]
        if let Some(pid) = self.group {
            use std::os::windows::process::CommandExt;
            /// As for the helper: no console window flashing up.
            const CREATE_NO_WINDOW: u32 = 0x0800_0000;
            let _ = std::process::Command::new("taskkill")
                .args(["/PID", &pid.to_string(), "/T", "/F"])
                .creation_flags(CREATE_NO_WINDOW)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.start_kill();
    }
}

impl Drop for HelperProcess {
    fn drop(&mut self) {
        // Dropped before it finished: the lookup was cancelled (a pull's Cancel drops it)
        // or reading the answer failed. Tokio reaps the killed helper in the background.
        if !self.finished {
            self.kill_now();
        }
    }
}

/// Everything `stream` yields until it ends.
async fn read_all<R: tokio::io::AsyncRead + Unpin>(stream: Option<R>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if let Some(mut stream) = stream {
        stream.read_to_end(&mut bytes).await?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(label: &str) -> Self {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let n = COUNTER.fetch_add(1, Ordering::SeqCst);
            let path = std::env::temp_dir().join(format!(
                "imagen-auth-test-{}-{n}-{label}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }

        fn path(&self) -> &Path {
            &self.0
        }

        fn write_config(&self, json: &str) {
            std::fs::write(self.0.join("config.json"), json).unwrap();
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const USER: &str = "imagen";
    const PASSWORD: &str = "p?~>s/+=";

    fn auth_field(user: &str, pass: &str) -> String {
        STANDARD.encode(format!("{user}:{pass}"))
    }

    /// No helpers anywhere: resolution must not depend on the machine's PATH.
    fn no_helpers() -> HelperRunner {
        HelperRunner::with_search_path(Vec::new())
    }

    /// The full lookup, run to the end on a runtime of its own.
    fn lookup(
        dir: &Path,
        registry: &str,
        runner: &HelperRunner,
    ) -> Result<CredentialLookup, CredentialError> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(credentials_for_with(dir, registry, runner))
    }

    /// The credentials found, checking that `config.json` was usable.
    fn found(
        dir: &Path,
        registry: &str,
        runner: &HelperRunner,
    ) -> Result<Option<RegistryAuth>, CredentialError> {
        lookup(dir, registry, runner).map(|found| {
            assert_eq!(found.config_problem, None);
            found.auth
        })
    }

    fn resolve(dir: &TempDir, registry: &str) -> Result<Option<RegistryAuth>, CredentialError> {
        found(dir.path(), registry, &no_helpers())
    }

    #[test]
    fn auths_password_with_awkward_characters_survives_the_header() {
        let dir = TempDir::new("awkward");
        dir.write_config(&format!(
            r#"{{"auths": {{"localhost:5000": {{"auth": "{}"}}}}}}"#,
            auth_field(USER, PASSWORD)
        ));

        let auth = resolve(&dir, "localhost:5000").unwrap().unwrap();
        assert_eq!(auth.username.as_deref(), Some(USER));
        assert_eq!(auth.password.as_deref(), Some(PASSWORD));
        assert_eq!(auth.identity_token, None);
        assert_eq!(auth.server_address, "localhost:5000");

        let header = auth.header_value();
        assert!(!header.contains('+') && !header.contains('/'), "{header}");
        let json = URL_SAFE.decode(&header).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "username": USER,
                "password": PASSWORD,
                "serveraddress": "localhost:5000",
            })
        );

        // Why base64url matters: standard base64 of the very same JSON has `+` or `/`,
        // which the daemon's base64url decoder rejects (and then pulls anonymously).
        let standard = STANDARD.encode(&json);
        assert!(
            standard.contains('+') || standard.contains('/'),
            "{standard}"
        );
        assert_ne!(standard, header);
    }

    #[test]
    fn identity_token_replaces_the_password() {
        let dir = TempDir::new("identitytoken");
        dir.write_config(&format!(
            r#"{{"auths": {{"myregistry.azurecr.io": {{
                "auth": "{}",
                "identitytoken": "refresh-token-value"
            }}}}}}"#,
            auth_field("00000000-0000-0000-0000-000000000000", "")
        ));

        let auth = resolve(&dir, "myregistry.azurecr.io").unwrap().unwrap();
        assert_eq!(auth.identity_token.as_deref(), Some("refresh-token-value"));
        assert_eq!(auth.password, None);
        assert_eq!(auth.username, None);

        let json = URL_SAFE.decode(auth.header_value()).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "identitytoken": "refresh-token-value",
                "serveraddress": "myregistry.azurecr.io",
            })
        );
    }

    #[test]
    fn docker_hub_uses_the_index_server_key() {
        let dir = TempDir::new("hub");
        dir.write_config(&format!(
            r#"{{"auths": {{
                "https://index.docker.io/v1/": {{"auth": "{}"}},
                "ghcr.io": {{"auth": "{}"}}
            }}}}"#,
            auth_field("hubuser", "hubpass"),
            auth_field("ghuser", "ghpass")
        ));

        for registry in ["docker.io", "index.docker.io", "registry-1.docker.io"] {
            let auth = resolve(&dir, registry).unwrap().unwrap();
            assert_eq!(auth.username.as_deref(), Some("hubuser"), "{registry}");
            assert_eq!(auth.password.as_deref(), Some("hubpass"));
            assert_eq!(auth.server_address, DOCKER_HUB_SERVER);
        }
        let gh = resolve(&dir, "ghcr.io").unwrap().unwrap();
        assert_eq!(gh.username.as_deref(), Some("ghuser"));
        assert_eq!(resolve(&dir, "quay.io").unwrap(), None);
    }

    #[test]
    fn docker_hub_accepts_other_spellings_of_its_key() {
        for key in [
            "index.docker.io",
            "docker.io",
            "https://index.docker.io/v1",
            "registry-1.docker.io",
        ] {
            let dir = TempDir::new("hubkeys");
            dir.write_config(&format!(
                r#"{{"auths": {{"{key}": {{"auth": "{}"}}}}}}"#,
                auth_field("hubuser", "hubpass")
            ));
            let auth = resolve(&dir, "docker.io").unwrap().unwrap();
            assert_eq!(auth.username.as_deref(), Some("hubuser"), "{key}");
            assert_eq!(auth.server_address, key);
        }
    }

    #[test]
    fn keys_are_normalised_before_comparing() {
        let dir = TempDir::new("normalise");
        dir.write_config(&format!(
            r#"{{"auths": {{
                "http://localhost:5000": {{"auth": "{}"}},
                "https://127.0.0.1:41234/v1/": {{"username": "u", "password": "p"}},
                "other.example": {{"auth": "{}"}}
            }}}}"#,
            auth_field("local", "pw"),
            auth_field("o", "p")
        ));

        let local = resolve(&dir, "localhost:5000").unwrap().unwrap();
        assert_eq!(local.username.as_deref(), Some("local"));
        assert_eq!(local.server_address, "http://localhost:5000");

        let ip = resolve(&dir, "127.0.0.1:41234").unwrap().unwrap();
        assert_eq!(ip.username.as_deref(), Some("u"));
        assert_eq!(ip.password.as_deref(), Some("p"));

        // Same host, different port: no match.
        assert_eq!(resolve(&dir, "localhost:5001").unwrap(), None);
        assert_eq!(resolve(&dir, "docker.io").unwrap(), None);
    }

    #[test]
    fn exact_key_wins_over_a_normalised_match() {
        let dir = TempDir::new("exact");
        dir.write_config(&format!(
            r#"{{"auths": {{
                "http://localhost:5000": {{"auth": "{}"}},
                "localhost:5000": {{"auth": "{}"}}
            }}}}"#,
            auth_field("normalised", "x"),
            auth_field("exact", "y")
        ));
        let auth = resolve(&dir, "localhost:5000").unwrap().unwrap();
        assert_eq!(auth.username.as_deref(), Some("exact"));
    }

    #[test]
    fn damaged_auth_field_means_anonymous_with_a_warning_naming_the_server() {
        for bad in ["!!!not base64!!!", &STANDARD.encode("no-colon-here")] {
            let dir = TempDir::new("badauth");
            dir.write_config(&format!(
                r#"{{"auths": {{"ghcr.io": {{"auth": "{bad}"}}}}}}"#
            ));
            let found = lookup(dir.path(), "ghcr.io", &no_helpers()).unwrap();
            assert_eq!(found.auth, None);
            let problem = found.config_problem.unwrap();
            assert_eq!(
                problem.path,
                dir.path().join("config.json").display().to_string()
            );
            assert!(problem.problem.contains("ghcr.io"), "{problem}");
            assert!(!problem.to_string().contains(bad), "{problem}");
        }
    }

    #[test]
    fn missing_config_is_no_credentials() {
        let dir = TempDir::new("missing");
        assert_eq!(resolve(&dir, "docker.io"), Ok(None));
        // An empty file too, as in the CLI.
        dir.write_config("  \n");
        assert_eq!(resolve(&dir, "docker.io"), Ok(None));
        // And a config without auths (fresh Docker Desktop installs look like this).
        dir.write_config(r#"{"auths": {}, "currentContext": "default"}"#);
        assert_eq!(resolve(&dir, "docker.io"), Ok(None));
    }

    #[test]
    fn malformed_config_means_anonymous_with_a_warning_that_quotes_nothing() {
        let dir = TempDir::new("invalid");
        let path = dir.path().join("config.json").display().to_string();
        // Truncated JSON (an editor crash, a half-written file): even a credsStore it names
        // is not run, exactly as the CLI ignores the whole file.
        dir.write_config(
            r#"{"credsStore": "nonexistent", "auths": {"ghcr.io": {"auth": "c2VjcmV0OnNlY3JldA=="}"#,
        );
        let found = lookup(dir.path(), "ghcr.io", &no_helpers()).unwrap();
        assert_eq!(found.auth, None, "pull anonymously");
        let problem = found.config_problem.unwrap();
        assert_eq!(problem.path, path);
        assert!(problem.problem.contains("not valid JSON"), "{problem}");
        assert!(problem.problem.contains("line 1"), "{problem}");
        let warning = problem.to_string();
        assert!(warning.contains(&path), "{warning}");
        assert!(warning.contains("pulling without credentials"), "{warning}");
        assert!(!warning.contains("c2VjcmV0"), "{warning}");

        // Wrong structure: the warning must not quote the (secret) value.
        dir.write_config(r#"{"auths": {"ghcr.io": "topsecretvalue"}}"#);
        let found = lookup(dir.path(), "ghcr.io", &no_helpers()).unwrap();
        assert_eq!(found.auth, None);
        let problem = found.config_problem.unwrap();
        assert!(
            problem.problem.contains("not have the expected structure"),
            "{problem}"
        );
        assert!(!problem.to_string().contains("topsecretvalue"), "{problem}");
    }

    /// Notepad and `Set-Content -Encoding UTF8` start a UTF-8 file with a byte order mark,
    /// and `'…' > config.json` in Windows PowerShell saves UTF-16LE: the CLI cannot parse
    /// either ("invalid character 'ï'"), and pulls without the file; so does Imagen, saying
    /// which encoding it was, and neither the login nor the helper it names is used.
    #[test]
    fn config_saved_by_windows_tools_is_ignored_as_docker_ignores_it() {
        let json = format!(
            r#"{{"credsStore": "nonexistent", "auths": {{"ghcr.io": {{"auth": "{}"}}}}}}"#,
            auth_field(USER, PASSWORD)
        );
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(json.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(json.encode_utf16().flat_map(u16::to_be_bytes));
        let saved = [
            (
                UnreadableEncoding::Utf8WithBom,
                [&b"\xEF\xBB\xBF"[..], json.as_bytes()].concat(),
            ),
            (UnreadableEncoding::Utf16, utf16le),
            (UnreadableEncoding::Utf16, utf16be),
            // Notepad's "empty" file: not an empty configuration to the CLI either.
            (
                UnreadableEncoding::Utf8WithBom,
                b"\xEF\xBB\xBF\r\n".to_vec(),
            ),
        ];
        for (encoding, bytes) in saved {
            let dir = TempDir::new("bom");
            std::fs::write(dir.path().join("config.json"), bytes).unwrap();
            let found = lookup(dir.path(), "ghcr.io", &no_helpers()).unwrap();
            assert_eq!(found.auth, None, "{encoding:?}: no login");
            assert_eq!(
                found.helper_missing, None,
                "{encoding:?}: no helper looked for"
            );
            let problem = found.config_problem.expect("a warning");
            assert_eq!(problem.encoding, Some(encoding));
            assert_eq!(
                problem.path,
                dir.path().join("config.json").display().to_string()
            );
            assert!(problem.problem.contains("docker cannot read"), "{problem}");
            assert!(!problem.to_string().contains(PASSWORD), "{problem}");
        }

        // The same login saved as plain UTF-8 is found, and invalid JSON says so, with no
        // encoding to blame.
        let dir = TempDir::new("plain");
        std::fs::write(
            dir.path().join("config.json"),
            json.replace("nonexistent", ""),
        )
        .unwrap();
        let auth = resolve(&dir, "ghcr.io").unwrap().unwrap();
        assert_eq!(auth.username.as_deref(), Some(USER));
        std::fs::write(dir.path().join("config.json"), b"{\"auths\": ").unwrap();
        let problem = lookup(dir.path(), "ghcr.io", &no_helpers())
            .unwrap()
            .config_problem
            .unwrap();
        assert!(problem.problem.contains("not valid JSON"), "{problem}");
        assert_eq!(problem.encoding, None);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_config_means_anonymous_with_a_warning() {
        // A directory where the file should be: reading it fails for root too.
        let dir = TempDir::new("unreadable");
        std::fs::create_dir(dir.path().join("config.json")).unwrap();
        let found = lookup(dir.path(), "ghcr.io", &no_helpers()).unwrap();
        assert_eq!(found.auth, None);
        assert!(found.config_problem.is_some());
    }

    #[test]
    fn pathext_is_read_as_go_reads_it() {
        let default = [".com", ".exe", ".bat", ".cmd"].map(String::from).to_vec();
        assert_eq!(path_extensions(None), default);
        assert_eq!(
            path_extensions(Some(OsString::from("").as_os_str())),
            default
        );
        assert_eq!(
            path_extensions(Some(OsString::from(".COM;.EXE;;BAT;.Cmd;.VBS").as_os_str())),
            [".com", ".exe", ".bat", ".cmd", ".vbs"].map(String::from)
        );
    }

    /// Windows' lookup, tried in a real folder: each folder in turn, and in it the name
    /// with each `PATHEXT` ending in order; a name that has an ending as it is first.
    #[test]
    fn programs_are_found_with_pathext_like_go_finds_them() {
        let first = TempDir::new("find-first");
        let second = TempDir::new("find-second");
        let dirs = [first.path().to_path_buf(), second.path().to_path_buf()];
        let touch = |dir: &TempDir, name: &str| std::fs::write(dir.path().join(name), "").unwrap();
        let windows = path_extensions(None);
        let find = |name: &str| find_program(&dirs, name, &windows);

        touch(&second, "docker-credential-gcloud.cmd");
        assert_eq!(
            find("docker-credential-gcloud"),
            Some(second.path().join("docker-credential-gcloud.cmd"))
        );
        // An ending listed in upper case (as Windows lists them) finds it too.
        let upper = path_extensions(Some(OsString::from(".EXE;.CMD").as_os_str()));
        assert_eq!(
            find_program(&dirs, "docker-credential-gcloud", &upper),
            Some(second.path().join("docker-credential-gcloud.cmd"))
        );
        // `.exe` comes before `.cmd` in the same folder; an earlier folder wins over both.
        touch(&second, "docker-credential-gcloud.exe");
        assert_eq!(
            find("docker-credential-gcloud"),
            Some(second.path().join("docker-credential-gcloud.exe"))
        );
        touch(&first, "docker-credential-gcloud.bat");
        assert_eq!(
            find("docker-credential-gcloud"),
            Some(first.path().join("docker-credential-gcloud.bat"))
        );
        // On Windows a bare name without an ending is not a program; with one it is.
        touch(&first, "docker-credential-bare");
        assert_eq!(find("docker-credential-bare"), None);
        touch(&first, "docker-credential-v1.2");
        assert_eq!(
            find("docker-credential-v1.2"),
            Some(first.path().join("docker-credential-v1.2"))
        );
        // A folder is not a program.
        std::fs::create_dir(first.path().join("docker-credential-dir.exe")).unwrap();
        assert_eq!(find("docker-credential-dir"), None);
        // Unix: only the name itself.
        assert_eq!(
            find_program(&dirs, "docker-credential-bare", &[]),
            Some(first.path().join("docker-credential-bare"))
        );
        assert_eq!(find_program(&dirs, "docker-credential-gcloud", &[]), None);
    }

    #[test]
    fn debug_redacts_secrets() {
        let auth = RegistryAuth {
            username: Some(USER.into()),
            password: Some("hunter2-secret".into()),
            identity_token: Some("token-secret".into()),
            server_address: "ghcr.io".into(),
        };
        let debug = format!("{auth:?}");
        assert!(!debug.contains("hunter2-secret"), "{debug}");
        assert!(!debug.contains("token-secret"), "{debug}");
        assert!(debug.contains(r#"password: "<redacted>""#), "{debug}");
        assert!(debug.contains(USER), "{debug}");
        let pretty = format!("{auth:#?}");
        assert!(!pretty.contains("hunter2-secret"), "{pretty}");
    }

    #[test]
    fn config_dir_prefers_docker_config() {
        assert_eq!(
            config_dir_from(Some("/cfg".into()), Some("/home/u".into())),
            Some(PathBuf::from("/cfg"))
        );
        assert_eq!(
            config_dir_from(Some("".into()), Some("/home/u".into())),
            Some(PathBuf::from("/home/u").join(".docker"))
        );
        assert_eq!(
            config_dir_from(None, Some("/home/u".into())),
            Some(PathBuf::from("/home/u").join(".docker"))
        );
        assert_eq!(config_dir_from(None, Some("".into())), None);
        assert_eq!(config_dir_from(None, None), None);
    }

    #[test]
    fn normalise_server_strips_scheme_and_path() {
        assert_eq!(
            normalise_server("https://localhost:5000/v1/"),
            "localhost:5000"
        );
        assert_eq!(normalise_server("http://localhost:5000"), "localhost:5000");
        assert_eq!(normalise_server("HTTPS://GHCR.io/"), "ghcr.io");
        assert_eq!(normalise_server("ghcr.io"), "ghcr.io");
        assert!(is_docker_hub("docker.io"));
        assert!(is_docker_hub("registry-1.docker.io"));
        assert!(!is_docker_hub("ghcr.io"));
    }

    #[test]
    fn time_limits_are_named_in_whole_seconds() {
        assert_eq!(whole_seconds(HELPER_TIMEOUT), 30);
        assert_eq!(whole_seconds(Duration::from_millis(300)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(2000)), 2);
    }

    proptest::proptest! {
        #[test]
        fn header_round_trips_any_credentials(
            user in "[^:]{0,20}",
            pass in "\\PC{0,40}",
            server in "[a-z0-9.:-]{1,30}",
        ) {
            let auth = RegistryAuth {
                username: Some(user.clone()),
                password: Some(pass.clone()),
                identity_token: None,
                server_address: server.clone(),
            };
            let header = auth.header_value();
            proptest::prop_assert!(!header.contains('+') && !header.contains('/'));
            let json = URL_SAFE.decode(&header).unwrap();
            let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
            proptest::prop_assert_eq!(&value["username"], &serde_json::Value::from(user));
            proptest::prop_assert_eq!(&value["password"], &serde_json::Value::from(pass));
            proptest::prop_assert_eq!(&value["serveraddress"], &serde_json::Value::from(server));
        }
    }

    /// Windows: helpers installed as batch files (`gcloud auth configure-docker` writes
    /// `docker-credential-gcloud.cmd`), found with `PATHEXT` and run through `cmd.exe` as
    /// the docker CLI runs them; run under Wine by scripts/test-windows.mjs.
    #[cfg(windows)]
    mod windows_helpers {
        use super::*;

        /// A fake `docker-credential-imagentest.cmd`: one registry's login, "not found"
        /// (exit 1) for the rest, and a loop for `slow.example.test` (a keychain prompt).
        /// The server comes on standard input without a newline, as the docker CLI sends it;
        /// Wine's `set /p` then drops its last letter, so only the letters before it are
        /// compared (`%server:~0,20%`).
        const FAKE_HELPER: &str = "@echo off\r\n\
            if not \"%1\"==\"get\" exit /b 2\r\n\
            set /p server=\r\n\
            if \"%server:~0,20%\"==\"registry.example.tes\" (\r\n\
            echo {\"ServerURL\":\"registry.example.test\",\"Username\":\"cmduser\",\"Secret\":\"cmd-secret\"}\r\n\
            exit /b 0\r\n\
            )\r\n\
            if \"%server:~0,16%\"==\"slow.example.tes\" goto slow\r\n\
            echo credentials not found in native keychain\r\n\
            exit /b 1\r\n\
            :slow\r\n\
            goto slow\r\n";

        /// A folder holding the helper as a `.cmd`, and a runner that searches there with
        /// this system's `PATHEXT`, as Imagen's own does.
        fn cmd_helper(label: &str) -> (TempDir, HelperRunner) {
            let bin = TempDir::new(label);
            std::fs::write(
                bin.path().join("docker-credential-imagentest.cmd"),
                FAKE_HELPER,
            )
            .unwrap();
            let mut runner = HelperRunner::with_search_path(vec![bin.path().to_path_buf()]);
            runner.extensions = path_extensions(std::env::var_os("PATHEXT").as_deref());
            (bin, runner)
        }

        #[tokio::test]
        async fn a_cmd_helper_found_through_pathext_gives_the_login() {
            let (_bin, runner) = cmd_helper("cmd-bin");
            let dir = TempDir::new("cmd-cfg");
            dir.write_config(r#"{"credHelpers": {"registry.example.test": "imagentest"}}"#);
            let found = credentials_for_with(dir.path(), "registry.example.test", &runner)
                .await
                .unwrap();
            let auth = found.auth.unwrap();
            assert_eq!(auth.username.as_deref(), Some("cmduser"));
            assert_eq!(auth.password.as_deref(), Some("cmd-secret"));
            // "Not found" from the helper: no login, no error.
            let none = credentials_for_with(dir.path(), "quay.io", &runner)
                .await
                .unwrap();
            assert_eq!(none.auth, None);
        }

        #[tokio::test]
        async fn a_cmd_helper_that_never_answers_times_out() {
            let (_bin, mut runner) = cmd_helper("cmd-slow-bin");
            runner.timeout = Duration::from_secs(1);
            let dir = TempDir::new("cmd-slow-cfg");
            dir.write_config(r#"{"credsStore": "imagentest"}"#);
            let started = std::time::Instant::now();
            let err = credentials_for_with(dir.path(), "slow.example.test", &runner)
                .await
                .unwrap_err();
            assert_eq!(
                err,
                CredentialError::HelperTimedOut {
                    helper: "imagentest".into(),
                    seconds: 1,
                }
            );
            // The tree kill (taskkill /T /F) does not wait for cmd.exe to finish its loop.
            let took = started.elapsed();
            assert!(took < Duration::from_secs(10), "took {took:?}");
        }
    }

    #[cfg(unix)]
    mod helpers {
        use super::*;
        use std::os::unix::fs::PermissionsExt;

        /// A fake `docker-credential-imagentest`: knows a few servers, fails for one, and
        /// answers "not found" (exit 1) for everything else, like the real helpers.
        const FAKE_HELPER: &str = r#"#!/bin/sh
[ "$1" = "get" ] || { echo "unexpected arguments: $*" >&2; exit 2; }
server=$(cat)
case "$server" in
  registry.example.test)
    printf '{"ServerURL":"%s","Username":"helperuser","Secret":"helper-secret"}\n' "$server" ;;
  token.example.test)
    printf '{"ServerURL":"%s","Username":"<token>","Secret":"helper-identity-token"}\n' "$server" ;;
  https://index.docker.io/v1/)
    printf '{"ServerURL":"%s","Username":"hubhelper","Secret":"hub-secret"}\n' "$server" ;;
  broken.example.test)
    echo "Username: stdout-account-secret"
    echo "error: the keychain is locked for stderr-account-secret" >&2; exit 3 ;;
  slow.example.test)
    # Never answers, like a helper stuck on a keychain prompt; and starts a program of its
    # own, which must not outlive it either. Both PIDs go beside the script.
    here=$(dirname "$0")
    echo $$ > "$here/helper.pid.tmp" && mv "$here/helper.pid.tmp" "$here/helper.pid"
    sleep 1000 &
    echo $! > "$here/sleep.pid.tmp" && mv "$here/sleep.pid.tmp" "$here/sleep.pid"
    wait ;;
  garbage.example.test)
    echo "not json garbage-secret" ;;
  *)
    echo "credentials not found in native keychain"; exit 1 ;;
esac
"#;

        /// A temp dir holding the fake helper, and a runner that searches only there.
        fn helper_dir(label: &str) -> (TempDir, HelperRunner) {
            let bin = TempDir::new(label);
            let path = bin.path().join("docker-credential-imagentest");
            std::fs::write(&path, FAKE_HELPER).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            let runner = HelperRunner::with_search_path(vec![
                bin.path().join("does-not-exist"),
                bin.path().to_path_buf(),
            ]);
            (bin, runner)
        }

        #[test]
        fn cred_helper_for_the_registry_is_used() {
            let (_bin, runner) = helper_dir("helper-bin");
            let dir = TempDir::new("helper-cfg");
            // credHelpers beats credsStore (which names a helper that does not exist) and
            // the auths entry.
            dir.write_config(&format!(
                r#"{{
                    "auths": {{"registry.example.test": {{"auth": "{}"}}}},
                    "credsStore": "no-such-store",
                    "credHelpers": {{"registry.example.test": "imagentest"}}
                }}"#,
                auth_field("fileuser", "filepass")
            ));

            let auth = found(dir.path(), "registry.example.test", &runner)
                .unwrap()
                .unwrap();
            assert_eq!(auth.username.as_deref(), Some("helperuser"));
            assert_eq!(auth.password.as_deref(), Some("helper-secret"));
            assert_eq!(auth.identity_token, None);
            assert_eq!(auth.server_address, "registry.example.test");
        }

        #[test]
        fn creds_store_is_asked_with_the_hub_index_url() {
            let (_bin, runner) = helper_dir("store-bin");
            let dir = TempDir::new("store-cfg");
            dir.write_config(
                r#"{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "imagentest"}"#,
            );

            let auth = found(dir.path(), "docker.io", &runner).unwrap().unwrap();
            assert_eq!(auth.username.as_deref(), Some("hubhelper"));
            assert_eq!(auth.password.as_deref(), Some("hub-secret"));
            assert_eq!(auth.server_address, DOCKER_HUB_SERVER);
        }

        #[test]
        fn helper_not_found_falls_back_to_auths() {
            let (_bin, runner) = helper_dir("fallback-bin");
            let dir = TempDir::new("fallback-cfg");
            dir.write_config(&format!(
                r#"{{
                    "auths": {{"localhost:5000": {{"auth": "{}"}}}},
                    "credsStore": "imagentest"
                }}"#,
                auth_field(USER, PASSWORD)
            ));

            let auth = found(dir.path(), "localhost:5000", &runner)
                .unwrap()
                .unwrap();
            assert_eq!(auth.username.as_deref(), Some(USER));
            assert_eq!(auth.password.as_deref(), Some(PASSWORD));

            // Nothing in the helper nor in auths: anonymous.
            assert_eq!(found(dir.path(), "quay.io", &runner), Ok(None));
        }

        /// A helper that is not installed (Docker Desktop's `desktop` after Docker Desktop
        /// went, or out of an app's reach) holds no login: the pull goes on anonymously and
        /// the lookup names the helper, for a note. A public image must pull.
        #[test]
        fn missing_helper_means_anonymous_naming_the_helper() {
            let (_bin, runner) = helper_dir("missing-bin");
            let dir = TempDir::new("missing-cfg");
            dir.write_config(&format!(
                r#"{{
                    "auths": {{"ghcr.io": {{"auth": "{}"}}}},
                    "credsStore": "nonexistent"
                }}"#,
                auth_field(USER, PASSWORD)
            ));
            let anonymous = CredentialLookup {
                auth: None,
                config_problem: None,
                helper_missing: Some("nonexistent".into()),
            };
            assert_eq!(
                lookup(dir.path(), "ghcr.io", &runner),
                Ok(anonymous.clone())
            );

            // The same through the PATH lookup of the public entry point.
            let found = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(credentials_for(dir.path(), "ghcr.io"));
            assert_eq!(found, Ok(anonymous));
        }

        /// An app started from the Finder has `PATH=/usr/bin:/bin:/usr/sbin:/sbin`; Docker
        /// Desktop's helper is in `~/.docker/bin`, Rancher Desktop's in `~/.rd/bin`,
        /// OrbStack's in `~/.orbstack/bin` (or `/usr/local/bin`, Homebrew's
        /// `/opt/homebrew/bin`, the app bundles): on macOS those are searched after `PATH`.
        #[test]
        fn on_macos_a_helper_outside_the_finders_path_is_found() {
            let finder_path = OsString::from("/usr/bin:/bin:/usr/sbin:/sbin");
            for folder in [".docker/bin", ".rd/bin", ".orbstack/bin"] {
                let home = TempDir::new("mac-home");
                let bin = home.path().join(folder);
                std::fs::create_dir_all(&bin).unwrap();
                let helper = bin.join("docker-credential-imagentest");
                std::fs::write(&helper, FAKE_HELPER).unwrap();
                std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
                let runner = HelperRunner {
                    search_path: helper_dirs(
                        Some(finder_path.clone()),
                        Some(home.path().as_os_str().to_owned()),
                        HelperHost::MacOs,
                    ),
                    extensions: Vec::new(),
                    timeout: HELPER_TIMEOUT,
                };
                let dir = TempDir::new("mac-cfg");
                dir.write_config(r#"{"credsStore": "imagentest"}"#);
                let auth = found(dir.path(), "docker.io", &runner)
                    .unwrap()
                    .unwrap_or_else(|| panic!("a helper in ~/{folder}"));
                assert_eq!(auth.username.as_deref(), Some("hubhelper"));
            }

            // PATH first, in its order; then the install folders, the per-user ones before
            // the app bundles; nothing relative.
            let dirs = helper_dirs(
                Some(OsString::from(
                    "/opt/custom/bin::relative/bin:/usr/local/bin",
                )),
                Some(OsString::from("/Users/ana")),
                HelperHost::MacOs,
            )
            .unwrap();
            assert_eq!(
                dirs,
                [
                    "/opt/custom/bin",
                    "/usr/local/bin",
                    "/opt/homebrew/bin",
                    "/Users/ana/.docker/bin",
                    "/Users/ana/.rd/bin",
                    "/Users/ana/.orbstack/bin",
                    "/Applications/Docker.app/Contents/Resources/bin",
                    "/Applications/Rancher Desktop.app/Contents/Resources/resources/darwin/bin",
                ]
                .map(PathBuf::from)
            );
            // Elsewhere the lookup stays the docker CLI's: PATH only. On Linux the system
            // searches it; on Windows Imagen does, in PATH's own folders only.
            assert_eq!(
                helper_dirs(Some(finder_path.clone()), None, HelperHost::Other),
                None
            );
            assert_eq!(
                helper_dirs(
                    Some(OsString::from(
                        "/opt/custom/bin::relative/bin:/usr/bin:/usr/bin"
                    )),
                    Some(OsString::from("/Users/ana")),
                    HelperHost::Windows,
                ),
                Some(["/opt/custom/bin", "/usr/bin"].map(PathBuf::from).to_vec())
            );
        }

        /// `gcloud auth configure-docker` names the helper `gcloud`, which on Windows is
        /// `docker-credential-gcloud.cmd`: the docker CLI finds it through `PATHEXT`, and
        /// so must Imagen (Windows itself only tries `.exe`). The fake helper is a shell
        /// script called `….cmd`, which Linux runs all the same.
        #[test]
        fn on_windows_a_cmd_helper_is_found_and_run() {
            let bin = TempDir::new("win-bin");
            let helper = bin.path().join("docker-credential-imagentest.cmd");
            std::fs::write(&helper, FAKE_HELPER).unwrap();
            std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
            let runner = HelperRunner {
                search_path: Some(vec![
                    bin.path().join("does-not-exist"),
                    bin.path().to_path_buf(),
                ]),
                extensions: path_extensions(None),
                timeout: HELPER_TIMEOUT,
            };
            assert_eq!(runner.program("imagentest"), Ok(helper));
            let dir = TempDir::new("win-cfg");
            dir.write_config(r#"{"credHelpers": {"docker.io": "imagentest"}}"#);
            let auth = found(dir.path(), "docker.io", &runner).unwrap().unwrap();
            assert_eq!(auth.username.as_deref(), Some("hubhelper"));

            // Without PATHEXT's endings (Unix), `….cmd` is not the helper.
            let unix = HelperRunner {
                extensions: Vec::new(),
                ..runner
            };
            assert_eq!(
                unix.program("imagentest"),
                Err(CredentialError::HelperMissing {
                    helper: "imagentest".into()
                })
            );
        }

        #[test]
        fn token_user_name_means_identity_token() {
            let (_bin, runner) = helper_dir("token-bin");
            let dir = TempDir::new("token-cfg");
            dir.write_config(r#"{"credHelpers": {"token.example.test": "imagentest"}}"#);

            let auth = found(dir.path(), "token.example.test", &runner)
                .unwrap()
                .unwrap();
            assert_eq!(
                auth.identity_token.as_deref(),
                Some("helper-identity-token")
            );
            assert_eq!(auth.password, None);
            assert_eq!(auth.username, None);

            let json = URL_SAFE.decode(auth.header_value()).unwrap();
            let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
            assert_eq!(
                value,
                serde_json::json!({
                    "identitytoken": "helper-identity-token",
                    "serveraddress": "token.example.test",
                })
            );
        }

        #[test]
        fn helper_failures_are_reported_without_secrets() {
            let (_bin, runner) = helper_dir("fail-bin");
            let dir = TempDir::new("fail-cfg");
            dir.write_config(r#"{"credsStore": "imagentest"}"#);

            let err = found(dir.path(), "broken.example.test", &runner).unwrap_err();
            assert_eq!(
                err,
                CredentialError::HelperFailed {
                    helper: "imagentest".into(),
                    message: "it exited with code 3".into(),
                }
            );
            // Nothing it printed, on either stream, reaches the message.
            let text = err.to_string();
            for said in ["account-secret", "keychain is locked", "Username"] {
                assert!(!text.contains(said), "{text}");
            }

            let err = found(dir.path(), "garbage.example.test", &runner).unwrap_err();
            assert!(matches!(err, CredentialError::HelperFailed { .. }));
            assert!(!err.to_string().contains("garbage-secret"), "{err}");
        }

        /// Waits (at most 5 s) for the fake helper to write the PID file `name`.
        async fn pid_file(dir: &Path, name: &str) -> u32 {
            let path = dir.join(name);
            for _ in 0..500 {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    if let Ok(pid) = text.trim().parse() {
                        return pid;
                    }
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            panic!("the fake helper never wrote {}", path.display());
        }

        /// True while `pid` is a live process (a zombie, dead but not yet reaped, is not).
        fn running(pid: u32) -> bool {
            #[cfg(target_os = "linux")]
            {
                let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                    return false;
                };
                // `pid (comm) S …`: the state follows the last parenthesis.
                let state = stat
                    .rsplit_once(')')
                    .and_then(|(_, rest)| rest.trim_start().chars().next());
                !matches!(state, None | Some('Z' | 'X'))
            }
            #[cfg(not(target_os = "linux"))]
            {
                let out = std::process::Command::new("ps")
                    .args(["-o", "stat=", "-p", &pid.to_string()])
                    .output()
                    .unwrap();
                let stat = String::from_utf8_lossy(&out.stdout);
                let stat = stat.trim();
                !stat.is_empty() && !stat.starts_with('Z')
            }
        }

        /// Asserts that `pid` stops running within a second.
        async fn assert_gone(pid: u32, what: &str) {
            for _ in 0..100 {
                if !running(pid) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            panic!("{what} (PID {pid}) is still running");
        }

        #[tokio::test]
        async fn helper_that_never_answers_times_out_and_leaves_no_process() {
            let (bin, mut runner) = helper_dir("slow-bin");
            runner.timeout = Duration::from_secs(1);
            let dir = TempDir::new("slow-cfg");
            dir.write_config(r#"{"credsStore": "imagentest"}"#);

            let started = std::time::Instant::now();
            let err = credentials_for_with(dir.path(), "slow.example.test", &runner)
                .await
                .unwrap_err();
            let took = started.elapsed();
            assert!(took < Duration::from_millis(1900), "took {took:?}");
            assert_eq!(
                err,
                CredentialError::HelperTimedOut {
                    helper: "imagentest".into(),
                    seconds: 1,
                }
            );
            let text = err.to_string();
            assert!(text.contains("docker-credential-imagentest"), "{text}");
            assert!(text.contains("within 1 seconds"), "{text}");

            // The helper was killed and reaped before the error came back; the program it
            // started dies with it (same process group).
            let helper = pid_file(bin.path(), "helper.pid").await;
            let sleep = pid_file(bin.path(), "sleep.pid").await;
            assert!(
                !running(helper),
                "the helper (PID {helper}) is still running"
            );
            assert_gone(sleep, "the helper's `sleep`").await;
        }

        #[tokio::test]
        async fn cancelling_the_lookup_kills_a_helper_that_never_answers() {
            // The real time limit (30 s): only the cancel can end this lookup in time.
            let (bin, runner) = helper_dir("cancel-bin");
            assert_eq!(runner.timeout, HELPER_TIMEOUT);
            let dir = TempDir::new("cancel-cfg");
            dir.write_config(r#"{"credsStore": "imagentest"}"#);

            // What a pull does: race the lookup against its cancel token; Cancel drops it.
            let cancel = tokio_util::sync::CancellationToken::new();
            let press_cancel = {
                let cancel = cancel.clone();
                let bin = bin.path().to_owned();
                tokio::spawn(async move {
                    let pids = (
                        pid_file(&bin, "helper.pid").await,
                        pid_file(&bin, "sleep.pid").await,
                    );
                    cancel.cancel();
                    pids
                })
            };
            let started = std::time::Instant::now();
            tokio::select! {
                () = cancel.cancelled() => {}
                answer = credentials_for_with(dir.path(), "slow.example.test", &runner) => {
                    panic!("the helper cannot answer, yet the lookup ended: {answer:?}")
                }
            }
            let (helper, sleep) = press_cancel.await.unwrap();
            assert_gone(helper, "the cancelled helper").await;
            assert_gone(sleep, "the cancelled helper's `sleep`").await;
            let took = started.elapsed();
            assert!(took < Duration::from_secs(2), "took {took:?}");
        }

        /// A helper that is there but cannot start (a script whose interpreter is gone:
        /// starting it fails with "no such file") is a failing helper, not a missing one:
        /// it may hold the login the pull needs, so the pull stops and says so instead of
        /// going on anonymously with a note that the helper could not be found.
        #[test]
        fn a_helper_that_is_there_but_cannot_start_fails() {
            let bin = TempDir::new("nointerp-bin");
            let path = bin.path().join("docker-credential-imagentest");
            std::fs::write(&path, "#!/nonexistent/interpreter\necho never\n").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            let runner = HelperRunner::with_search_path(vec![bin.path().to_path_buf()]);
            let dir = TempDir::new("nointerp-cfg");
            dir.write_config(&format!(
                r#"{{
                    "auths": {{"ghcr.io": {{"auth": "{}"}}}},
                    "credsStore": "imagentest"
                }}"#,
                auth_field(USER, PASSWORD)
            ));
            let err = lookup(dir.path(), "ghcr.io", &runner).unwrap_err();
            let CredentialError::HelperFailed { helper, message } = &err else {
                panic!("a helper that is there but cannot start: {err:?}");
            };
            assert_eq!(helper, "imagentest");
            assert!(message.contains("could not be started"), "{message}");
        }

        /// Where the helper is started by its bare name (PATH, outside macOS), the same
        /// question is asked of PATH's folders.
        #[test]
        fn a_helper_is_installed_when_a_folder_of_path_holds_it() {
            let bin = TempDir::new("onpath-bin");
            let name = Path::new("docker-credential-imagentest");
            std::fs::write(bin.path().join(name), "#!/nonexistent/interpreter\n").unwrap();
            let elsewhere = bin.path().join("does-not-exist");
            let path = std::env::join_paths([&elsewhere, bin.path()]).unwrap();
            assert!(on_path(Some(&path), name));
            assert!(!on_path(Some(&path), Path::new("docker-credential-other")));
            let only_elsewhere = std::env::join_paths([&elsewhere]).unwrap();
            assert!(!on_path(Some(&only_elsewhere), name));
            assert!(!on_path(None, name));
        }

        #[test]
        fn helper_names_cannot_be_paths() {
            let (_bin, runner) = helper_dir("path-bin");
            let dir = TempDir::new("path-cfg");
            dir.write_config(r#"{"credsStore": "../imagentest"}"#);
            let err = found(dir.path(), "ghcr.io", &runner).unwrap_err();
            assert!(matches!(err, CredentialError::HelperFailed { .. }));
        }
    }
}
