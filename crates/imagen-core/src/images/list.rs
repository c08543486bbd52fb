//! `docker images`, with the containers that use each image.

use super::summary::{summarize, ListedContainer, ListedImage};
use super::ImageList;
use crate::engine::calls::CallError;
use crate::engine::Engine;
use crate::error::{Error, Result};
use bollard::models::{ContainerSummary, ImageSummary as EngineImage};
use hyper::Method;
use serde::de::DeserializeOwned;

/// Lists top-level images (what `docker images` shows, intermediate build layers hidden)
/// and counts their containers from `/containers/json?all=true` — the `Containers` field of
/// `/images/json` is -1 on older engines and so cannot be trusted.
pub async fn list_images(engine: &Engine) -> Result<ImageList> {
    let (images, containers) = tokio::try_join!(
        listed::<ListedImage>(engine, "/images/json", "image list"),
        listed::<ListedContainer>(engine, "/containers/json?all=1", "container list"),
    )?;
    Ok(summarize(images, &containers))
}

/// The requests of `Engine::list_images(false)` and `Engine::containers` (engine/calls.rs),
/// read into the lean types of [`super::summary`] rather than bollard's models: at 10,000
/// images the full models and their conversion cost more than everything else the app adds
/// to the engine's own time.
async fn listed<T: DeserializeOwned>(engine: &Engine, path: &str, what: &str) -> Result<Vec<T>> {
    let body = engine
        .exchange(Method::GET, path, engine.limits().request)
        .await
        .map_err(CallError::into_error)?;
    serde_json::from_slice(&body).map_err(|e| Error::Protocol {
        message: format!("{what}: {e}"),
    })
}

/// `/images/json` (with intermediate build images when `all`) and `/containers/json?all=1`,
/// fetched together, as bollard's models (for the removal planner, which needs them whole).
pub(crate) async fn images_and_containers(
    engine: &Engine,
    all: bool,
) -> Result<(Vec<EngineImage>, Vec<ContainerSummary>)> {
    tokio::try_join!(engine.list_images(all), engine.containers())
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
