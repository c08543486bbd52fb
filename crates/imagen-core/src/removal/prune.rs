//! `docker image prune [-a]` with a preview computed by the same model as removal plans.

use super::model::Record;
use super::types::{PruneImage, PruneMode, PrunePreview, PruneReport};
use super::world::{snapshot, Snapshot};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::images::{human_size, ImageId};
use bollard::query_parameters::PruneImagesOptions;
use std::collections::{HashMap, HashSet};

/// What a prune would delete and untag, and about how much it frees.
pub async fn prune_preview(engine: &Engine, mode: PruneMode) -> Result<PrunePreview> {
    Ok(preview(&snapshot(engine).await?, mode))
}

pub(crate) fn preview(snap: &Snapshot, mode: PruneMode) -> PrunePreview {
    let mut world = snap.world.clone();
    let records = world.prune(mode == PruneMode::Unused);
    // Which image each reference belonged to before the prune.
    let owner: HashMap<&str, &str> = snap
        .world
        .images
        .values()
        .flat_map(|img| {
            img.refs
                .iter()
                .map(move |r| (r.text.as_str(), img.id.as_str()))
        })
        .collect();
    let mut images: Vec<PruneImage> = Vec::new();
    let entry = |images: &mut Vec<PruneImage>, id: &str| -> usize {
        if let Some(at) = images.iter().position(|i| i.id.as_str() == id) {
            return at;
        }
        let img = snap.images.get(id);
        let name = img
            .and_then(|i| {
                i.repo_tags
                    .iter()
                    .find(|t| !t.starts_with("<none>"))
                    .cloned()
            })
            .unwrap_or_else(|| "<none>:<none>".into());
        images.push(PruneImage {
            id: ImageId::new(id),
            short_id: ImageId::new(id).short().to_owned(),
            display_name: name,
            untagged: Vec::new(),
            deleted: false,
            intermediate: snap
                .world
                .images
                .get(id)
                .is_some_and(|i| i.refs.is_empty() && !snap.world.children(id).is_empty()),
            unique_size: snap.unique.get(id).copied(),
        });
        images.len() - 1
    };
    for r in &records {
        match r {
            Record::Untagged(t) => {
                if let Some(id) = owner.get(t.as_str()) {
                    let at = entry(&mut images, id);
                    images[at].untagged.push(t.clone());
                }
            }
            Record::Deleted(id) => {
                let at = entry(&mut images, id);
                images[at].deleted = true;
            }
        }
    }
    images.sort_by_key(|i| !i.deleted);
    let freed = images
        .iter()
        .filter(|i| i.deleted)
        .filter_map(|i| i.unique_size)
        .sum();
    PrunePreview {
        mode,
        images,
        freed,
        freed_text: human_size(freed),
    }
}

/// Runs the prune on the engine and reports what it says it did.
pub async fn prune(engine: &Engine, mode: PruneMode) -> Result<PruneReport> {
    let before: HashSet<String> = snapshot(engine).await?.world.images.into_keys().collect();
    let dangling = match mode {
        PruneMode::Dangling => "true",
        PruneMode::Unused => "false",
    };
    let filters = HashMap::from([("dangling".to_owned(), vec![dangling.to_owned()])]);
    let answer = engine
        .docker
        .prune_images(Some(PruneImagesOptions {
            filters: Some(filters),
        }))
        .await
        .map_err(|e| Error::from_bollard(engine.address(), e))?;
    let mut report = PruneReport {
        deleted: Vec::new(),
        untagged: Vec::new(),
        reclaimed: answer.space_reclaimed.unwrap_or(0).max(0) as u64,
        reclaimed_text: String::new(),
    };
    for item in answer.images_deleted.unwrap_or_default() {
        report.untagged.extend(item.untagged);
        // `Deleted` also lists layer chain IDs; keep the images.
        report
            .deleted
            .extend(item.deleted.filter(|d| before.contains(d)));
    }
    report.reclaimed_text = human_size(report.reclaimed);
    Ok(report)
}
