//! The one error type of imagen-core.
//!
//! Every variant is something the UI can act on, so it crosses IPC as a tagged object
//! (`{"kind": "EngineUnreachable", "address": …}`) and the UI switches on `kind` instead of
//! parsing text. Messages are complete sentences a first-timer can read.

use serde::Serialize;

pub use crate::docker_json::UnreadableEncoding;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong between Imagen and a Docker engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ImagenError"))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum Error {
    /// No engine answered at `address` (socket missing, connection refused, engine stopped).
    #[error("Cannot reach the Docker engine at {address}: {reason}")]
    EngineUnreachable {
        /// The address Imagen tried, e.g. `unix:///var/run/docker.sock`.
        address: String,
        /// What the operating system or the connection said (for logs and details).
        reason: String,
        /// Why, as the UI decides on it (never by matching `reason`).
        cause: UnreachableCause,
    },
    /// The engine accepted the connection but did not answer in time.
    #[error("The Docker engine at {address} did not answer within {seconds} seconds")]
    EngineTimeout {
        /// The address Imagen tried.
        address: String,
        /// How long Imagen waited.
        seconds: u32,
    },
    /// `DOCKER_HOST` (or a configured address) uses a scheme Imagen cannot speak.
    #[error(
        "Imagen cannot connect to {address}: use unix://, npipe://, tcp://, http:// or ssh://"
    )]
    UnsupportedAddress {
        /// The address as given.
        address: String,
        /// What named it, when Imagen knows: the help then gives the one way back.
        named_by: Option<AddressNamedBy>,
    },
    /// The engine answered with an error status.
    #[error("The Docker engine refused the request ({status}): {message}")]
    EngineRejected {
        /// HTTP status code from the engine.
        status: u16,
        /// The engine's own message.
        message: String,
    },
    /// The engine answered something Imagen could not understand.
    #[error("The Docker engine sent an answer Imagen could not read: {message}")]
    Protocol {
        /// What failed to parse.
        message: String,
    },
    /// The image is not on the engine (removed in a terminal meanwhile, say).
    #[error("The image {reference} is no longer on this engine. Refresh to see the current list.")]
    NoSuchImage {
        /// The ID or name asked for.
        reference: String,
    },
    /// A tag chosen on one image now names another (moved in a terminal meanwhile): the
    /// other image is not what the user looked at, so nothing is planned for it.
    #[error("{reference} now names another image ({}), not the one you chose; nothing was changed.", now.short())]
    TagMoved {
        /// The tag.
        reference: String,
        /// The image it named where the user chose it.
        seen: crate::images::ImageId,
        /// The image it names now.
        now: crate::images::ImageId,
    },
    /// What the user typed is not an image reference; nothing was sent to the engine.
    #[error("{reason}")]
    InvalidReference {
        /// The text as typed.
        input: String,
        /// Which rule it breaks, as an English sentence (for logs; the UI words `rule`).
        reason: String,
        /// Which rule it breaks, with the values the UI needs to word it.
        rule: crate::reference::ReferenceError,
    },
    /// The registry has no such repository, or no such tag in it.
    #[error("{}", not_found_message(reference, *missing))]
    ImageNotFound {
        /// The normalised reference asked for.
        reference: String,
        /// The repository part (`docker.io/library/nginx`).
        repository: String,
        /// The tag or digest asked for.
        tag: String,
        /// What is missing, when the registry said.
        missing: Missing,
    },
    /// The registry wants credentials Imagen does not have (or that it refused).
    #[error("{registry} refused access. Log in with `docker login {registry}` and try again.")]
    Unauthorized {
        /// The registry domain.
        registry: String,
    },
    /// The registry is rate limiting pulls (HTTP 429).
    #[error("{registry} is limiting how many images you can pull. Wait a while, or log in to raise the limit.")]
    RateLimited {
        /// The registry domain.
        registry: String,
    },
    /// The engine could not talk to the registry.
    #[error("The Docker engine could not reach {registry}: {reason}. Check the network (and any proxy) and retry.")]
    RegistryUnreachable {
        /// The registry domain.
        registry: String,
        /// What the engine said (its last words: `connection refused`, `HTTP 503`).
        reason: String,
        /// Why, as the UI words it and says what to do (never by matching `reason`).
        cause: RegistryCause,
    },
    /// The image exists, but not for the platform asked for.
    #[error("{reference} has no image for {platform}. Choose another platform.")]
    PlatformUnavailable {
        /// The normalised reference.
        reference: String,
        /// The platform asked for, or the engine's own.
        platform: String,
    },
    /// The engine runs Windows containers (Docker Desktop on Windows switched to "Windows
    /// containers") and the image is for Linux: it has no Windows image, or is refused as a
    /// Linux one. No platform chosen in Imagen helps; switching back to Linux containers does.
    #[error("Docker Desktop is running Windows containers, and {reference} is a Linux image: it needs Linux containers. Right-click the Docker whale in the taskbar, by the clock (it may be hidden under the ^ arrow), choose “Switch to Linux containers…”, then pull again.")]
    WindowsContainers {
        /// The normalised reference.
        reference: String,
    },
    /// The engine's disk is full.
    #[error(
        "The Docker engine ran out of disk space. Remove unused images or containers and retry."
    )]
    DiskFull {
        /// What the engine said.
        message: String,
    },
    /// Reading registry credentials failed (a credential helper is missing, say).
    #[error("{message}")]
    CredentialsUnavailable {
        /// The registry domain.
        registry: String,
        /// What went wrong and how to fix it.
        message: String,
    },
    /// The pull failed for a reason Imagen does not recognise; the engine's words.
    #[error("The pull failed: {message}")]
    PullFailed {
        /// What the engine said.
        message: String,
    },
    /// The engine refused to remove an image (HTTP 409), with the containers in the way.
    #[error("{message}")]
    RemovalConflict {
        /// The tag or ID Imagen asked to remove.
        reference: String,
        /// Why, when the engine's wording is recognised.
        reason: Option<crate::removal::ConflictReason>,
        /// Names of every container created from the image.
        containers: Vec<String>,
        /// The engine's own words.
        message: String,
    },
    /// A value sent to Imagen's backend has the wrong shape; nothing reached the engine.
    #[error("Imagen refused the {field}: {reason}.")]
    InvalidInput {
        /// Which value (`image`, `plan`, `pull`, `platform`…).
        field: String,
        /// What is wrong with it, as a phrase.
        reason: String,
    },
    /// A removal was asked for with nothing selected.
    #[error("Select at least one image or tag to remove.")]
    EmptySelection,
    /// The plan (or prune preview) asked for is not open any more (it ran, was replaced
    /// by a newer one, or the app restarted).
    #[error("That plan is no longer open. Make the plan again to see what removing would do now.")]
    UnknownPlan {
        /// The plan ID as given.
        id: String,
    },
    /// Something with that ID is already running (a pull, or a plan's removal).
    #[error("{id} is already running.")]
    AlreadyRunning {
        /// The ID as given.
        id: String,
    },
    /// The engine no longer matches what the user saw (a tag moved, a container appeared),
    /// so Imagen stopped before changing anything more.
    #[error("The engine changed since the plan was made ({}); nothing more was changed.", changes.len())]
    EngineChanged {
        /// What changed, each worded by the UI.
        changes: Vec<crate::removal::PlanChange>,
    },
    /// Imagen was pointed at another engine (a switch; in Automatic, docker's context moved)
    /// between the user's asking and the engine being reached: nothing was done, on either.
    #[error("Imagen is on another engine now than when this was asked; nothing was done.")]
    EngineSwitched {
        /// The engine Imagen is on now, when it was reached.
        to: Option<String>,
    },
    /// A bug in Imagen itself (a panic caught at the IPC boundary, say).
    #[error("Imagen hit an internal error: {message}")]
    Internal {
        /// What happened.
        message: String,
    },
    /// The docker context that names the engine cannot be used: it does not exist, or its
    /// files (or `config.json`, which names the current context) cannot be read. Imagen
    /// never falls back to another engine then.
    #[error("{message}")]
    EngineContext {
        /// The context's name, when one is known.
        context: Option<String>,
        /// What is wrong and what to do, as sentences.
        message: String,
        /// What is wrong, for the page to word in the user's language (`message` is English).
        problem: ContextProblem,
    },
    /// A file offered to "Load" is not an image archive Imagen can load (not a tar, cut
    /// short, no `manifest.json`, a part missing). Nothing was sent to the engine, or what
    /// was sent was stopped before the engine loaded anything.
    #[error("{file} cannot be loaded: {problem}")]
    BadArchive {
        /// The file's name (no folder).
        file: String,
        /// What is wrong with it.
        problem: crate::kit::ArchiveProblem,
    },
    /// A file could not be read or written (permission denied, the disk is full, the folder
    /// went away). A save removes the partial file it had begun; `left_behind` names it when
    /// it could not.
    #[error("Imagen could not use {file}: {reason}")]
    FileProblem {
        /// The file's name (no folder).
        file: String,
        /// The operating system's words.
        reason: String,
        /// What kind of trouble, for the page to word (the OS's words are English).
        trouble: FileTrouble,
        /// It was being written (a save): then nothing partial was left behind, unless
        /// `left_behind` names it.
        writing: bool,
        /// The hidden, unfinished file a save had begun beside the chosen one
        /// (`.kit.tar.imagen-partial-…`, no folder), when it could not be removed (the drive
        /// gone, a USB stick pulled out): it is still there. `None`: nothing partial was left
        /// behind. Optional in TypeScript, as errors made without it (the UI's fake backend)
        /// left nothing.
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        left_behind: Option<String>,
    },
    /// A save would not fit on the chosen drive, seen before anything was written: the
    /// archive holds at least the largest image chosen. Nothing was written.
    #[error("There is not enough room for {file} on that drive: it needs at least {needs} bytes, and {free} are free.")]
    NotEnoughRoom {
        /// The file's name (no folder).
        file: String,
        /// The least the archive will take, in bytes.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        needs: u64,
        /// What the drive has free for this user, in bytes.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        free: u64,
    },
    /// A file ID the web view sent names no file the user chose (or it was already used).
    #[error("That file is no longer chosen. Choose it again.")]
    UnknownFile {
        /// The ID as given.
        id: String,
    },
}

/// Why a registry could not be reached, as far as the engine's words tell. On conference
/// Wi-Fi the usual ones are a timeout and a sign-in page (captive portal) that intercepts
/// HTTPS (an untrusted certificate) or closes the connection without a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RegistryCause {
    /// No answer in time: a slow or saturated network, a registry or DNS that stops answering.
    Timeout,
    /// The registry's name could not be looked up (DNS; no network at all).
    NoSuchHost,
    /// The connection was refused: nothing listens at that address and port.
    Refused,
    /// The network has no route there: this computer (or the engine's VM) is offline, or
    /// the registry's network is out of reach.
    NoNetwork,
    /// The registry speaks plain HTTP where the engine expects HTTPS: it must be listed
    /// under the engine's `insecure-registries`.
    PlainHttp,
    /// The registry's TLS certificate is not trusted: a sign-in page or a proxy in the way,
    /// or a registry with a certificate of its own.
    Certificate,
    /// The connection was closed or reset without an answer: a sign-in page, a proxy.
    Closed,
    /// The registry answered with a server error (HTTP 5xx): it is down or overloaded.
    ServerError,
    /// The connection broke or stalled after the download had begun: the registry was
    /// reached, and the network let it down (Wi-Fi dropping out). Layers that finished are
    /// kept, so trying again goes on from them.
    CutShort,
    /// Anything else: the reason says it.
    Other,
}

/// Why the engine could not be reached, read from the operating system's error kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum UnreachableCause {
    /// Nothing listens there: the socket or pipe does not exist.
    NoSocket,
    /// The socket exists but this user may not open it (not in the `docker` group).
    PermissionDenied,
    /// The address refused the connection (a stale socket file, a closed TCP port).
    Refused,
    /// The engine went away in the middle of an answer.
    Dropped,
    /// Something answers there but is not ready to serve yet: Docker Desktop answers
    /// `/version` with a 500 while it starts its engine (or when that engine is wedged).
    NotReady,
    /// The TLS handshake failed: the engine refused Imagen's client certificate, or its own
    /// is not trusted by the context's CA. The network is fine; the certificates are not.
    Tls,
    /// ssh reached the host and could not log in (a key it refused, a host key it does not
    /// know yet, a passphrase it could not ask for): ssh's own words are the reason.
    SshLogin,
    /// Anything else the connection said.
    Other,
}

impl UnreachableCause {
    /// What ssh's last line of complaint says: a login it could not make, or (a host it
    /// could not reach or look up) the network's business.
    // Engines over ssh are reached on Unix only (engine/raw.rs).
    #[cfg_attr(not(unix), allow(dead_code))]
    pub(crate) fn of_ssh(line: &str) -> Self {
        let line = line.to_ascii_lowercase();
        // ssh's own words ("Permission denied (publickey,password)."), not the far docker
        // CLI's "permission denied while trying to connect to the Docker daemon socket",
        // which comes through the same stderr once ssh has logged in.
        let login = [
            "permission denied (",
            "host key verification failed",
            "too many authentication failures",
            "no more authentication methods",
        ];
        if login.iter().any(|words| line.contains(words)) {
            Self::SshLogin
        } else {
            Self::Other
        }
    }

    /// The cause an I/O error's kind names.
    pub(crate) fn of_io(err: &std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match err.kind() {
            K::NotFound => Self::NoSocket,
            K::PermissionDenied => Self::PermissionDenied,
            K::ConnectionRefused => Self::Refused,
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                Self::Dropped
            }
            _ => Self::Other,
        }
    }

    /// The cause of the innermost I/O error in `err`'s source chain, if any (an outer
    /// one is often a generic wrapper of kind `Other`).
    pub(crate) fn of(err: &(dyn std::error::Error + 'static)) -> Self {
        let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
        let mut found = Self::Other;
        while let Some(e) = cur {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                found = Self::of_io(io);
                // An io::Error's `source()` skips the error it wraps; look into it too.
                if let Some(inner) = io.get_ref() {
                    cur = Some(inner);
                    continue;
                }
            }
            cur = e.source();
        }
        found
    }
}

/// Which part of a reference the registry does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Missing {
    /// No such repository.
    Repository,
    /// No such repository, or a private one this login may not read: Docker Hub answers
    /// both alike ("repository does not exist or may require 'docker login'").
    RepositoryOrPrivate,
    /// The repository exists, the tag (or digest) does not.
    Tag,
    /// The registry did not say which.
    Unknown,
}

fn not_found_message(reference: &str, missing: Missing) -> String {
    match missing {
        Missing::Repository => format!("No repository for {reference}: check the name's spelling."),
        Missing::RepositoryOrPrivate => format!(
            "No repository for {reference}, or it is private: check the name's spelling, or log \
             in with `docker login` if it is yours."
        ),
        Missing::Tag => {
            format!("The repository exists, but has no tag or digest matching {reference}.")
        }
        Missing::Unknown => {
            format!("{reference} was not found: the tag or the repository does not exist.")
        }
    }
}

impl Error {
    /// True when the engine itself is gone or silent, so a reconnect is worth trying.
    pub fn is_connection_failure(&self) -> bool {
        matches!(
            self,
            Error::EngineUnreachable { .. } | Error::EngineTimeout { .. }
        )
    }
}

/// The innermost cause reads best ("Connection refused (os error 111)").
pub(crate) fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_tagged_object() {
        let err = Error::EngineUnreachable {
            address: "unix:///tmp/x.sock".into(),
            reason: "the socket file does not exist".into(),
            cause: UnreachableCause::NoSocket,
        };
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "EngineUnreachable",
                "address": "unix:///tmp/x.sock",
                "reason": "the socket file does not exist",
                "cause": "NoSocket"
            })
        );
    }
}

#[cfg(test)]
mod cause_tests {
    use super::UnreachableCause;
    use std::io::{Error, ErrorKind};

    #[test]
    fn causes_come_from_the_error_kind_not_its_text() {
        let of = |k| UnreachableCause::of_io(&Error::new(k, "whatever the OS says"));
        assert_eq!(of(ErrorKind::NotFound), UnreachableCause::NoSocket);
        // ssh's own last words: a login refused is no network trouble.
        for line in [
            "imagen-nobody@127.0.0.1: Permission denied (publickey,password).",
            "Host key verification failed.",
        ] {
            assert_eq!(
                UnreachableCause::of_ssh(line),
                UnreachableCause::SshLogin,
                "{line}"
            );
        }
        for line in [
            "ssh: Could not resolve hostname far: Name or service not known",
            "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock",
        ] {
            assert_eq!(UnreachableCause::of_ssh(line), UnreachableCause::Other, "{line}");
        }
        assert_eq!(
            of(ErrorKind::PermissionDenied),
            UnreachableCause::PermissionDenied
        );
        assert_eq!(of(ErrorKind::ConnectionRefused), UnreachableCause::Refused);
        assert_eq!(of(ErrorKind::ConnectionReset), UnreachableCause::Dropped);
        // Wrapped errors are searched for the I/O error inside.
        let wrapped = Error::other(Error::new(ErrorKind::PermissionDenied, "x"));
        assert_eq!(
            UnreachableCause::of(&wrapped),
            UnreachableCause::PermissionDenied
        );
    }

    #[test]
    fn os_error_codes_map_through_their_kind() {
        // EACCES, as connecting to the engine's socket outside the docker group gives it;
        // on Windows ERROR_ACCESS_DENIED, as opening the engine's pipe outside the
        // docker-users group does.
        let code = if cfg!(windows) { 5 } else { 13 };
        let e = Error::from_raw_os_error(code);
        assert_eq!(
            UnreachableCause::of_io(&e),
            UnreachableCause::PermissionDenied
        );
    }
}

/// What went wrong with a file, as far as the page needs to word it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FileTrouble {
    /// The drive is full.
    Full,
    /// The drive's file system cannot hold a file this large (FAT32's 4 GB, common on USB
    /// sticks).
    TooLarge,
    /// The operating system does not let Imagen use it there.
    NotAllowed,
    /// The drive is read-only.
    ReadOnly,
    /// The drive stopped delivering the file (a USB stick gone to sleep or pulled out, a
    /// network share dropped).
    Unresponsive,
    /// Anything else: the operating system's words say what.
    Other,
}

impl FileTrouble {
    /// The kind of `e`, as the operating system reports it (`ENOSPC`/`ERROR_DISK_FULL`,
    /// `EFBIG`/`ERROR_FILE_TOO_LARGE`, …: std maps both families to the same kinds).
    pub fn of(e: &std::io::Error) -> Self {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Self::Full,
            ErrorKind::FileTooLarge => Self::TooLarge,
            ErrorKind::PermissionDenied => Self::NotAllowed,
            ErrorKind::ReadOnlyFilesystem => Self::ReadOnly,
            _ => Self::Other,
        }
    }
}

#[cfg(test)]
mod file_trouble_tests {
    use super::FileTrouble;
    use std::io::{Error, ErrorKind};

    /// A kit saved to a USB stick: FAT32 refuses a file over 4 GB (`EFBIG`), a full stick
    /// says `ENOSPC`; each is worded for what the user can do about it.
    #[test]
    fn the_operating_systems_errors_are_told_apart() {
        assert_eq!(
            FileTrouble::of(&ErrorKind::FileTooLarge.into()),
            FileTrouble::TooLarge
        );
        assert_eq!(
            FileTrouble::of(&ErrorKind::StorageFull.into()),
            FileTrouble::Full
        );
        assert_eq!(
            FileTrouble::of(&ErrorKind::PermissionDenied.into()),
            FileTrouble::NotAllowed
        );
        assert_eq!(
            FileTrouble::of(&ErrorKind::ReadOnlyFilesystem.into()),
            FileTrouble::ReadOnly
        );
        assert_eq!(
            FileTrouble::of(&ErrorKind::NotFound.into()),
            FileTrouble::Other
        );
        #[cfg(unix)]
        for (errno, trouble) in [
            (27, FileTrouble::TooLarge), // EFBIG
            (28, FileTrouble::Full),     // ENOSPC
            (13, FileTrouble::NotAllowed),
            (30, FileTrouble::ReadOnly), // EROFS
            (5, FileTrouble::Other),     // EIO
        ] {
            assert_eq!(
                FileTrouble::of(&Error::from_raw_os_error(errno)),
                trouble,
                "{errno}"
            );
        }
        // The same troubles as Windows words them (winerror.h), the stick a workshop's
        // Windows laptop saves its kit to.
        #[cfg(windows)]
        for (code, trouble) in [
            (223, FileTrouble::TooLarge), // ERROR_FILE_TOO_LARGE
            (112, FileTrouble::Full),     // ERROR_DISK_FULL
            (39, FileTrouble::Full),      // ERROR_HANDLE_DISK_FULL
            (5, FileTrouble::NotAllowed), // ERROR_ACCESS_DENIED
            (19, FileTrouble::ReadOnly),  // ERROR_WRITE_PROTECT
            (1117, FileTrouble::Other),   // ERROR_IO_DEVICE
        ] {
            assert_eq!(
                FileTrouble::of(&Error::from_raw_os_error(code)),
                trouble,
                "{code}"
            );
        }
    }
}

/// Who named the docker context that cannot be used: the fix differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ContextNamedBy {
    /// `DOCKER_CONTEXT`.
    DockerContextEnv,
    /// `currentContext` in docker's `config.json` (`docker context use`).
    ConfigJson,
    /// The engine chosen in Imagen.
    Imagen,
}

/// What named the engine address Imagen was pointed at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum AddressNamedBy {
    /// The `DOCKER_HOST` environment variable Imagen was started with.
    DockerHost,
    /// A docker context.
    Context {
        /// The context's name.
        name: String,
        /// Who chose that context.
        named_by: ContextNamedBy,
    },
}

/// What is wrong with a docker context that exists, as facts the page words (only the
/// system's or the parser's own words stay as they are, as `docker` would show them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum ContextFault {
    /// A file or folder of the context (`meta.json`, its TLS folder) cannot be read.
    Unreadable {
        /// The file or folder.
        path: String,
        /// The system's words.
        why: String,
    },
    /// Its `meta.json` is not JSON.
    NotJson {
        /// The file.
        path: String,
        /// The parser's words, or (with `encoding`) the English reason.
        why: String,
        /// The encoding it was saved in that docker cannot read either (a byte order
        /// mark, UTF-16), when that is what is wrong: the page then says it in its own words.
        /// Optional in TypeScript, as faults made without it (the UI's fake backend) had none.
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        encoding: Option<UnreadableEncoding>,
    },
    /// It has no `docker` endpoint (a context made for another tool, or edited by hand).
    NoDockerEndpoint {
        /// Its `meta.json`.
        path: String,
    },
}

impl std::fmt::Display for ContextFault {
    /// The English detail, for the error's own message and the logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreadable { path, why } | Self::NotJson { path, why, .. } => {
                write!(f, "{path}: {why}")
            }
            Self::NoDockerEndpoint { path } => write!(f, "{path}: it has no docker endpoint"),
        }
    }
}

/// What is wrong with a docker context, as facts the page words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum ContextProblem {
    /// No context of that name.
    Missing {
        /// Who named it.
        named_by: ContextNamedBy,
    },
    /// Neither `DOCKER_CONFIG` nor a home folder says where contexts are kept.
    NoConfigFolder {
        /// Who named it.
        named_by: ContextNamedBy,
    },
    /// It exists but cannot be used.
    Broken {
        /// Who named it.
        named_by: ContextNamedBy,
        /// What is wrong with it.
        fault: ContextFault,
    },
    /// `config.json`, which names the current context, cannot be read.
    ConfigUnreadable {
        /// The file.
        path: String,
        /// Why (the parser's or the system's words, or the English reason for `encoding`).
        why: String,
        /// The encoding it was saved in that docker cannot read either (a byte order mark,
        /// UTF-16), when that is what is wrong: the page then says it in its own words.
        /// Optional in TypeScript, as problems made without it (the UI's fake backend) had none.
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        encoding: Option<UnreadableEncoding>,
    },
}
