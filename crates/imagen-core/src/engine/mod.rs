//! Finding and talking to a Docker engine.
//!
//! [`EngineAddress`] decides *where* (`DOCKER_HOST`, else the platform's usual sockets),
//! [`Engine`] is one negotiated connection, and [`Connection`] is the long-lived handle the
//! desktop shell keeps: it connects lazily and forgets a dead engine so the next call
//! (a Retry button, a window focus) reconnects instead of failing forever. [`watch`] follows
//! the engine's `/events` and tells the app when to list again, or that the engine is gone.

mod address;
pub(crate) mod calls;
pub mod choice;
mod connection;
mod contexts;
mod disk_usage;
mod endpoint;
mod events;
#[cfg(test)]
pub(crate) mod fake;
mod gateway;
pub mod installed;
mod lines;
mod raw;
pub mod resolve;
#[cfg(unix)]
mod ssh;
pub mod survey;
pub(crate) mod tls;
mod watch;

pub use address::EngineAddress;
pub use connection::{Connection, Engine, EngineInfo, Resolver, Target};
pub use endpoint::{Endpoint, TlsFiles};
pub use events::{watch, EngineSignal, BURST_CAP, FIRST_RETRY, LAST_RETRY, QUIET};
pub(crate) use lines::next_line;
pub(crate) use raw::encode;
pub use resolve::{
    Candidate, CandidateKind, DefaultVia, Environment, Origin, Platform, Resolved, SocketKind,
};
pub(crate) use watch::while_answering;

use std::time::Duration;

/// How long Imagen waits for each kind of engine call. Every call has a limit, so a
/// stalled engine (a socket that accepts and never answers) is an error, never a hang;
/// calls that legitimately take long get limits that fit them, so "lost contact" is
/// never reported while the engine is still working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The first handshake (`/version`).
    pub connect: Duration,
    /// Ordinary requests: list, inspect, history, `/system/df`. (A pull's start is watched
    /// with pings instead: a registry may take minutes to answer the engine.)
    pub request: Duration,
    /// How long the engine waits before killing a container that sets no stop timeout of
    /// its own (the engine's default, 10 s): the time limit of its `docker stop`.
    pub stop_grace: Duration,
    /// Deleting one image: a large image on a slow disk takes minutes.
    pub removal: Duration,
    /// How often a long removal step (a `docker stop`, a large delete) checks that the
    /// engine still answers at all: its own limit fits slow work, but an engine silent for
    /// two pings in a row ends the step in under a minute, not after minutes.
    pub step_watch: Duration,
    /// A `docker load` whose engine has read none of the archive for this long has stalled
    /// (a remote engine behind dropped Wi-Fi); one that keeps reading, however slowly, goes
    /// on until it ends or the user cancels.
    pub load_stall: Duration,
    /// How long the engine may take to import an archive it has read whole, before it
    /// answers (with `quiet=1` it says nothing until then).
    pub load_import: Duration,
    /// How long the engine may take to start sending a `docker save`'s archive. Older
    /// engines (20.10 among them) write every image out to a temporary folder first, and
    /// only then send the first byte; once bytes flow the save has no limit (its dialog says
    /// when they stop, and Cancel ends it).
    pub save_start: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(CONNECT_TIMEOUT_SECS),
            request: Duration::from_secs(REQUEST_TIMEOUT_SECS),
            stop_grace: Duration::from_secs(10),
            removal: Duration::from_secs(5 * 60),
            step_watch: Duration::from_secs(15),
            load_stall: Duration::from_secs(3 * 60),
            load_import: Duration::from_secs(60 * 60),
            save_start: Duration::from_secs(60 * 60),
        }
    }
}

/// Ceiling for one ordinary request (list, inspect). Long streams (pull) set their own.
pub const REQUEST_TIMEOUT_SECS: u64 = 30;

/// Ceiling for the first handshake: a socket that accepts but never answers is "down".
pub const CONNECT_TIMEOUT_SECS: u64 = 10;
