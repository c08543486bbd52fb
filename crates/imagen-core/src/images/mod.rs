//! Images as Imagen shows them: summaries, the containers that use them, and the
//! `docker images`-compatible text for sizes and ages.

pub mod filter;
mod first_list;
mod format;
mod glob;
mod id;
mod inspect;
pub(crate) mod list;
mod packed;
mod summary;
pub mod tag;

pub use first_list::FirstList;
pub use format::{human_duration, human_size, human_size_as_prune};
pub(crate) use id::{digest_is_own_id, sha256_of_bare_hex};
pub use id::{ContainerId, ImageId};
pub use inspect::{image_history, inspect_image, HistoryEntry, ImageDetails, ImageInspection};
pub use list::list_images;
pub use packed::PackedImageList;
pub(crate) use summary::{digest_among_names, tags_and_digests};
pub use summary::{ContainerUsage, ImageList, ImageSummary};
