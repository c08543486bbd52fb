//! "Is there a newer one?": each tagged image's local digest against the digest its registry
//! has for the tag now, asked through the engine (`GET /distribution/{name}/json`, with the
//! same credentials a pull would send), so the answer matches what `docker pull` would do.

use crate::error::Error;
use serde::Serialize;

/// Why Imagen cannot tell whether a newer image exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum UnknownReason {
    /// Built or loaded here, never pulled: no registry digest to compare.
    NotFromRegistry,
    /// The registry did not answer (no network, registry down, timed out).
    RegistryUnreachable,
    /// The registry wants a login Imagen does not have, or refused it.
    Unauthorized,
    /// The registry has no such repository or tag any more.
    NotFound,
    /// Anything else the engine or registry said.
    Other,
}

/// One tag's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all_fields = "camelCase")]
pub enum UpdateStatus {
    /// The registry's image for this tag is the one here.
    Current,
    /// The registry has another image under this tag: pulling it would bring a newer one.
    Newer {
        /// The registry's digest for the tag (`sha256:…`).
        remote_digest: String,
    },
    /// Imagen cannot tell.
    Unknown {
        /// Why.
        reason: UnknownReason,
    },
}

/// One tagged image's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UpdateResult {
    /// The tag as `docker images` shows it (`nginx:1.27`).
    pub reference: String,
    /// The full ID of the local image it names.
    pub image_id: String,
    /// The answer.
    pub status: UpdateStatus,
}

/// A registry that could not be asked, said once for all its tags (no storm of errors when
/// the network is down).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RegistryProblem {
    /// The registry's host (`docker.io`, `127.0.0.1:5000`).
    pub registry: String,
    /// How many tags could not be checked because of it.
    pub tags: u32,
    /// What went wrong, once.
    pub error: Error,
}

/// The answer to "Check for updates".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    /// One per tag checked, in the list's order.
    pub results: Vec<UpdateResult>,
    /// Registries that could not be asked.
    pub problems: Vec<RegistryProblem>,
}
