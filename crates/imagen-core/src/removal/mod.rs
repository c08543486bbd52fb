//! Removing images with foresight: a plan of what `docker rmi` would do (computed by a
//! model of the engine's own rules), the guided "stop, remove, then delete", and prune.
//!
//! Plans and prune previews are kept in the backend ([`PlanRegistry`]); the UI runs them
//! by ID, and every run re-checks the engine first (see [`execute_plan`], [`prune_kept`]).

mod changes;
mod execute;
pub(crate) mod model;
mod plan;
mod prune;
mod recheck;
mod recorded;
mod registry;
mod types;
pub(crate) mod world;

pub use execute::execute_plan;
#[cfg(feature = "removal-tests")]
pub use execute::execute_plan_even_if_refused;
pub use plan::{make_plan, plan_removal, preview_plan};
pub use prune::{keep_prune_preview, prune_kept, prune_kept_with, prune_preview, PruneStep};
pub use recheck::recheck_plan;
pub use recorded::{execute_plan_recorded, prune_kept_recorded};
pub use registry::PlanRegistry;
pub use types::*;
#[cfg(feature = "removal-tests")]
pub use world::image_store_is_containerd;
