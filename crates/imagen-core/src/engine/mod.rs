//! Finding and talking to a Docker engine.
//!
//! [`EngineAddress`] decides *where* (`DOCKER_HOST`, else the platform's usual sockets),
//! [`Engine`] is one negotiated connection, and [`Connection`] is the long-lived handle the
//! desktop shell keeps: it connects lazily and forgets a dead engine so the next call
//! (a Retry button, a window focus) reconnects instead of failing forever.

mod address;
mod connection;
pub(crate) mod raw;

pub use address::EngineAddress;
pub use connection::{Connection, Engine, EngineInfo};

/// Ceiling for one ordinary request (list, inspect). Long streams (pull) set their own.
pub const REQUEST_TIMEOUT_SECS: u64 = 30;

/// Ceiling for the first handshake: a socket that accepts but never answers is "down".
pub const CONNECT_TIMEOUT_SECS: u64 = 10;
