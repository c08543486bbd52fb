//! The docker CLI's context store, read the way the CLI reads it (docker/cli at
//! 28f7560, `cli/context/store/{store,metadatastore,tlsstore}.go`, `cli/context/tlsdata.go`,
//! `cli/context/docker/load.go`):
//!
//! - `<config dir>/contexts/meta/<hex sha256 of the name>/meta.json` holds
//!   `{"Name":…, "Metadata":{"Description":…}, "Endpoints":{"docker":{"Host":…,
//!   "SkipTLSVerify":…}}}` (`contextdirOf` is `digest.FromString(name).Encoded()`);
//! - `<config dir>/contexts/tls/<hex sha256>/docker/{ca.pem,cert.pem,key.pem}` holds the TLS
//!   material `docker context create --docker ca=…,cert=…,key=…` copied there.
//!
//! Names come from files and environment variables and are untrusted: they only ever
//! become a path through their SHA-256, so a name of dots and slashes cannot leave the store.

use super::{Endpoint, EngineAddress, TlsFiles};
use crate::docker_json::docker_json_bytes;
use crate::error::{ContextFault, Error, Result, UnreadableEncoding};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The context name that means "no context": `DOCKER_HOST`, else the platform default
/// (`DefaultContextName` in docker/cli `cli/command/cli.go`).
pub const DEFAULT_CONTEXT: &str = "default";

/// One context of the store, as [`load`] read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContext {
    /// The name, as the store's `meta.json` spells it.
    pub name: String,
    /// `Metadata.Description`, when set and not empty.
    pub description: Option<String>,
    /// How to reach its Docker endpoint.
    pub endpoint: Endpoint,
}

/// `<config dir>/contexts/meta/<sha256>` for `name`.
fn meta_dir(config_dir: &Path, name: &str) -> PathBuf {
    config_dir
        .join("contexts")
        .join("meta")
        .join(digest_dir(name))
}

/// `<config dir>/contexts/tls/<sha256>/docker` for `name`.
fn tls_dir(config_dir: &Path, name: &str) -> PathBuf {
    config_dir
        .join("contexts")
        .join("tls")
        .join(digest_dir(name))
        .join("docker")
}

/// The store's directory name for a context: the hex SHA-256 of its name.
pub fn digest_dir(name: &str) -> String {
    Sha256::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `currentContext` of `<config dir>/config.json`, `None` when the file or the key is
/// missing or empty. A file that exists but cannot be read or parsed is an error: the
/// CLI only warns and goes on with the default engine, but Imagen would then manage
/// another engine than the user meant, without a word. That includes a file saved with a
/// byte order mark or as UTF-16 (what Windows tools save), which the CLI cannot parse
/// either: reading it anyway would pick the context it names while `docker` in a
/// terminal uses the default engine.
pub fn current_context(config_dir: &Path) -> Result<Option<String>> {
    let path = config_dir.join("config.json");
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(config_error(&path, &e.to_string(), None)),
    };
    let bytes = docker_json_bytes(&bytes)
        .map_err(|encoding| config_error(&path, &encoding.to_string(), Some(encoding)))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| config_error(&path, &e.to_string(), None))?;
    // Go's encoding/json matches keys without regard to case, so the CLI would read
    // `CurrentContext` too.
    Ok(field(&value, "currentContext")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned))
}

fn config_error(path: &Path, reason: &str, encoding: Option<UnreadableEncoding>) -> Error {
    Error::EngineContext {
        context: None,
        message: format!(
            "Imagen cannot read {}, which names the current docker context: {reason}. \
             Fix or remove the file (`docker context ls` shows what the docker CLI makes \
             of it).",
            path.display()
        ),
        problem: crate::error::ContextProblem::ConfigUnreadable {
            path: path.display().to_string(),
            why: reason.to_owned(),
            encoding,
        },
    }
}

/// Why a context could not be loaded; [`load`]'s callers word the error for their case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// No `meta.json` for that name.
    Missing,
    /// `meta.json` (or the TLS folder) exists but cannot be used; what is wrong.
    Broken(ContextFault),
}

/// Reads the context `name` from the store in `config_dir`; `fallback_host` stands in for
/// an empty `Host` (the docker client then keeps its own default).
pub fn load(
    config_dir: &Path,
    name: &str,
    fallback_host: &str,
) -> Result<StoredContext, LoadError> {
    let meta_path = meta_dir(config_dir, name).join("meta.json");
    let bytes = match std::fs::read(&meta_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(LoadError::Missing),
        Err(e) => return Err(unreadable(&meta_path, &e)),
    };
    let path = meta_path.display().to_string();
    let not_json = |why: String, encoding: Option<UnreadableEncoding>| {
        LoadError::Broken(ContextFault::NotJson {
            path: path.clone(),
            why,
            encoding,
        })
    };
    // The CLI's context store cannot parse a `meta.json` saved with a byte order mark or as
    // UTF-16 either (`docker context inspect` fails): a broken context, as for docker.
    let bytes = docker_json_bytes(&bytes)
        .map_err(|encoding| not_json(encoding.to_string(), Some(encoding)))?;
    let meta: Value = serde_json::from_slice(bytes).map_err(|e| not_json(e.to_string(), None))?;
    let description = field(&meta, "Metadata")
        .and_then(|m| field(m, "Description"))
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
        .map(str::to_owned);
    // `EndpointFromContext`: a context without a `docker` endpoint cannot be used. The
    // endpoints map's keys are map keys, matched exactly.
    let docker = field(&meta, "Endpoints")
        .and_then(|e| e.get("docker"))
        .filter(|e| e.is_object())
        .ok_or_else(|| LoadError::Broken(ContextFault::NoDockerEndpoint { path: path.clone() }))?;
    let host = field(docker, "Host")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let skip_verify = field(docker, "SkipTLSVerify")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let host = if host.is_empty() {
        fallback_host.to_owned()
    } else {
        host
    };
    let mut endpoint = Endpoint::plain(EngineAddress::new(host));
    // `Endpoint.tlsConfig` (load.go): TLS when the context has TLS data (its
    // `tls/<sha256>/docker` folder exists, even empty: `LoadTLSData`) or skips
    // verification; and only for hosts that are not sockets (`isSocket`: unix, npipe, fd)
    // nor ssh (a connection helper, which speaks plain HTTP through ssh).
    if takes_tls(endpoint.address.as_str()) {
        let dir = tls_dir(config_dir, name);
        let has_material = match std::fs::metadata(&dir) {
            Ok(m) => m.is_dir(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(unreadable(&dir, &e)),
        };
        if has_material || skip_verify {
            let present = |file: &str| Some(dir.join(file)).filter(|p| p.is_file());
            endpoint.tls = Some(TlsFiles {
                ca: present("ca.pem"),
                cert: present("cert.pem"),
                key: present("key.pem"),
                verify: !skip_verify,
            });
        }
    }
    Ok(StoredContext {
        name: field(&meta, "Name")
            .and_then(Value::as_str)
            .unwrap_or(name)
            .to_owned(),
        description,
        endpoint,
    })
}

/// A file or folder of a context that exists but cannot be read.
fn unreadable(path: &Path, error: &std::io::Error) -> LoadError {
    LoadError::Broken(ContextFault::Unreadable {
        path: path.display().to_string(),
        why: error.to_string(),
    })
}

/// The names of every context in the store, sorted. Only what `meta.json` files say is
/// returned; [`load`] then finds each through its SHA-256 again, so a folder whose name
/// does not match its context's name is left out.
pub fn list(config_dir: &Path) -> Vec<String> {
    let root = config_dir.join("contexts").join("meta");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|entry| std::fs::read(entry.path().join("meta.json")).ok())
        .filter_map(|bytes| {
            // Left out like any meta.json that is not JSON (a byte order mark included).
            serde_json::from_slice::<Value>(docker_json_bytes(&bytes).ok()?).ok()
        })
        .filter_map(|meta| {
            field(&meta, "Name")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .filter(|name| name != DEFAULT_CONTEXT && !name.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether TLS settings apply to `address`: not a socket or pipe (docker/cli
/// `cli/context/docker/load.go` `isSocket`), not ssh (`connhelper` takes over there).
pub fn takes_tls(address: &str) -> bool {
    let scheme = address.split_once("://").map_or("tcp", |(s, _)| s);
    !matches!(scheme, "unix" | "npipe" | "fd" | "ssh")
}

/// `object[key]`, matching the key without regard to case as Go's `encoding/json` does
/// (an exact match wins).
fn field<'a>(object: &'a Value, key: &str) -> Option<&'a Value> {
    let map = object.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}
