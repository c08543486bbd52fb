//! Images as Imagen shows them: summaries, the containers that use them, and the
//! `docker images`-compatible text for sizes and ages.

pub mod filter;
mod format;
mod id;
mod list;
mod summary;

pub use format::{human_duration, human_size};
pub use id::ImageId;
pub use list::list_images;
pub use summary::{ContainerUsage, ImageList, ImageSummary};
