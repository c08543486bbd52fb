//! Imagen's engine access and image domain.
//!
//! This crate knows nothing about Tauri or the web view: it connects to a Docker engine
//! (every request through one gateway in [`engine`], over its own HTTP/1 client; bollard,
//! which no other crate of the workspace depends on, supplies the answers' types), maps
//! the engine's answers into Imagen's own types, and formats them the way the `docker` CLI
//! does so the app's numbers match a terminal's.
//!
//! Left out on purpose: any notion of windows, IPC or UI state. The desktop shell
//! (`src-tauri`) wraps these functions in thin commands.
#![deny(missing_docs)]
// The workspace denies `unsafe`; this crate forbids it outright (no exception can be allowed).
#![forbid(unsafe_code)]

pub mod about;
pub mod auth;
mod docker_json;
pub mod engine;
pub mod error;
pub mod images;
pub mod input;
pub mod kit;
mod opaque;
pub mod pull;
pub mod record;
pub mod reference;
pub mod removal;
#[cfg(test)]
mod scratch;
pub mod startup;
pub mod updates;

pub use engine::{Connection, Engine, EngineAddress, EngineInfo};
pub use error::{Error, Missing, RegistryCause, Result, UnreachableCause};
pub use images::{ContainerId, ContainerUsage, ImageId, ImageList, ImageSummary};
