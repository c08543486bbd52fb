//! `docker image prune [-a]` with a preview computed by the same model as removal plans,
//! and a confirmation that removes exactly the previewed images.
//!
//! The engine's own prune (`POST /images/prune`) would delete whatever is unused at the
//! moment it runs, including an image pulled in a terminal after the preview. So Imagen
//! makes the same `ImageDelete` calls moby's `ImagesPrune` makes, for the previewed images
//! only, each name checked against the image it named in the preview.

use super::changes::prune_additions;
use super::model::{Record, Target};
use super::registry::PlanRegistry;
use super::types::{PruneImage, PruneMode, PrunePreview, PruneReport, PruneRun};
use super::world::{layers_size, snapshot, Snapshot};
use crate::engine::calls::CallError;
use crate::engine::{Connection, Engine};
use crate::error::Result;
use crate::images::{human_size, ImageId};
use crate::input;
use std::collections::{HashMap, HashSet};

/// What a prune would delete and untag, and about how much it frees.
pub async fn prune_preview(engine: &Engine, mode: PruneMode) -> Result<PrunePreview> {
    Ok(preview(&snapshot(engine).await?, mode))
}

/// [`prune_preview`], kept under an ID for [`prune_kept`] to confirm.
pub async fn keep_prune_preview(
    engine: &Engine,
    plans: &PlanRegistry,
    mode: PruneMode,
) -> Result<PrunePreview> {
    Ok(plans.keep_preview(prune_preview(engine, mode).await?))
}

/// Confirms the kept preview `preview_id`. The engine is read again first: when the prune
/// would now touch anything the preview did not show, nothing is removed and the answer
/// is the new preview. Otherwise exactly the previewed images are removed (those gone
/// meanwhile are skipped).
pub async fn prune_kept(
    connection: &Connection,
    plans: &PlanRegistry,
    preview_id: &str,
) -> Result<PruneRun> {
    let preview_id = input::token("preview", preview_id)?;
    let seen = plans.preview(preview_id)?;
    let _running = plans.start(preview_id)?;
    connection
        .run(|engine| async move {
            let snap = snapshot(&engine).await?;
            let now = preview(&snap, seen.mode);
            plans.forget_preview(preview_id);
            let changes = prune_additions(&seen, &now);
            if !changes.is_empty() {
                let preview = plans.keep_preview(now);
                return Ok(PruneRun::Changed { changes, preview });
            }
            Ok(PruneRun::Ran {
                report: run(&engine, &snap, seen.mode).await?,
            })
        })
        .await
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
        id: String::new(),
        mode,
        images,
        freed,
        freed_text: human_size(freed),
    }
}

/// Makes the prune's `ImageDelete` calls that the model says do something, on the world
/// just read; a name that names another image by now is skipped.
async fn run(engine: &Engine, snap: &Snapshot, mode: PruneMode) -> Result<PruneReport> {
    let before: HashSet<&String> = snap.world.images.keys().collect();
    let calls = snap.world.clone().prune_calls(mode == PruneMode::Unused);
    let mut report = PruneReport {
        deleted: Vec::new(),
        untagged: Vec::new(),
        reclaimed: 0,
        reclaimed_text: String::new(),
    };
    for call in calls.into_iter().filter(|c| !c.records.is_empty()) {
        let name = match &call.target {
            Target::Id(id) => id.clone(),
            Target::Name(name) => {
                if engine.image_id_of(name).await?.as_deref() != Some(call.image.as_str()) {
                    continue;
                }
                name.clone()
            }
        };
        match engine.remove_image(&name, false).await {
            Ok(items) => {
                for item in items {
                    report.untagged.extend(item.untagged);
                    // `Deleted` also lists layer chain IDs; keep the images.
                    report
                        .deleted
                        .extend(item.deleted.filter(|d| before.contains(d)));
                }
            }
            // Like moby's prune: an image removed or put to use meanwhile is passed over.
            Err(CallError::Status(404 | 409, _)) => {}
            Err(e) => return Err(e.into_error()),
        }
    }
    let unique: u64 = report
        .deleted
        .iter()
        .filter_map(|id| snap.unique.get(id))
        .sum();
    // What the disk got back, as the engine's own prune reports it: the drop in layer
    // storage. Shared layers freed together count once there, not in the unique sizes.
    report.reclaimed = match (snap.layers_size, layers_size(engine).await) {
        (Some(before), Some(after)) if before >= after => (before - after).max(unique),
        _ => unique,
    };
    report.reclaimed_text = human_size(report.reclaimed);
    Ok(report)
}
