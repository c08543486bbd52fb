//! `docker images`, with the containers that use each image.

use super::summary::{summarize, ListedContainer, ListedImage};
use super::ImageList;
use crate::engine::Engine;
use crate::error::Result;
use crate::removal::world::EngineContainer;
use bollard::models::ImageSummary as EngineImage;

/// Lists top-level images (what `docker images` shows, intermediate build layers hidden)
/// and counts their containers from `/containers/json?all=true` — the `Containers` field of
/// `/images/json` is -1 on older engines and so cannot be trusted.
pub async fn list_images(engine: &Engine) -> Result<ImageList> {
    let (images, containers) = tokio::try_join!(
        engine.list_images::<ListedImage>(false),
        engine.containers::<ListedContainer>(),
    )?;
    Ok(summarize(images, &containers))
}

/// `/images/json` (with intermediate build images when `all`) and `/containers/json?all=1`,
/// fetched together, as bollard's models (for the removal planner, which needs them whole).
pub(crate) async fn images_and_containers(
    engine: &Engine,
    all: bool,
) -> Result<(Vec<EngineImage>, Vec<EngineContainer>)> {
    tokio::try_join!(engine.list_images(all), engine.containers())
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
