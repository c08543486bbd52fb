//! Removing images with foresight: a plan of what `docker rmi` would do (computed by a
//! model of the engine's own rules), the guided "stop, remove, then delete", and prune.

mod execute;
pub(crate) mod model;
mod plan;
mod prune;
mod types;
mod world;

pub use execute::execute;
pub use plan::plan_removal;
pub use prune::{prune, prune_preview};
pub use types::*;
