//! `docker image prune [-a]` with a preview computed by the same model as removal plans,
//! and a confirmation that removes exactly the previewed images.
//!
//! The engine's own prune (`POST /images/prune`) would delete whatever is unused at the
//! moment it runs, including an image pulled in a terminal after the preview. So Imagen
//! makes the same `ImageDelete` calls moby's `ImagesPrune` makes, for the previewed images
//! only, each name checked against the image it named in the preview.

use super::changes::prune_changes;
use super::execute::{ancestor_untagged, kept_as_none, tag_key, tags_change, RunSoFar};
use super::model::{PruneCall, Record, Target};
use super::registry::PlanRegistry;
use super::types::{
    PlanChange, PlanContainer, PruneImage, PruneKept, PruneMode, PrunePreview, PruneReport,
    PruneRun,
};
use super::world::{layers_size, plan_container, prune_snapshot, Snapshot};
use crate::engine::calls::CallError;
use crate::engine::{Connection, Engine};
use crate::error::Result;
use crate::images::list::unix_now;
use crate::images::{human_size, human_size_as_prune, ImageId};
use crate::input;
use std::collections::{HashMap, HashSet};

/// What a prune would delete and untag, and about how much it frees.
pub async fn prune_preview(engine: &Engine, mode: PruneMode) -> Result<PrunePreview> {
    Ok(preview(&prune_snapshot(engine, mode).await?, mode))
}

/// [`prune_preview`], kept under an ID for [`prune_kept`] to confirm.
pub async fn keep_prune_preview(
    engine: &Engine,
    plans: &PlanRegistry,
    mode: PruneMode,
    seen_on: Option<&str>,
) -> Result<PrunePreview> {
    let seen_on = seen_on.map(|e| input::text("engine", e)).transpose()?;
    super::plan::still_on(seen_on, engine.info().address.as_str())?;
    Ok(plans.keep_preview(
        prune_preview(engine, mode).await?,
        engine.info().address.as_str(),
    ))
}

/// Confirms the kept preview `preview_id`. The engine is read again first: when the prune
/// would now touch anything the preview did not show, or leave a previewed image that is
/// still there (put to use since), nothing is removed and the answer is the new preview.
/// Otherwise exactly the previewed images are removed (those gone meanwhile are skipped).
pub async fn prune_kept(
    connection: &Connection,
    plans: &PlanRegistry,
    preview_id: &str,
) -> Result<PruneRun> {
    prune_kept_with(connection, plans, preview_id, |_| {}).await
}

/// One call of a confirmed prune as it goes, for the Terminal record (and for tests that
/// make a change in the middle of a prune): what was asked of the engine, and how it ended.
#[derive(Debug)]
pub enum PruneStep<'a> {
    /// Right before the look that precedes removing `image`: the `docker rmi` that does
    /// the same (by tag, or by full ID for an image with none; `--no-prune` on the
    /// containerd store).
    Calling {
        /// The image.
        image: &'a ImageId,
        /// `docker rmi [--no-prune] <name>`.
        command: &'a str,
    },
    /// The engine removed it.
    Done,
    /// Not removed: gone already, or changed since the confirmation (the report says how).
    NotRun,
    /// The call failed; the prune stops here.
    Failed(&'a crate::Error),
}

/// [`prune_kept`], telling `on_step` of each call as it goes.
pub async fn prune_kept_with(
    connection: &Connection,
    plans: &PlanRegistry,
    preview_id: &str,
    on_step: impl FnMut(PruneStep<'_>),
) -> Result<PruneRun> {
    let preview_id = input::token("preview", preview_id)?;
    let kept = plans.preview(preview_id)?;
    let seen = kept.preview;
    let _running = plans.start(preview_id)?;
    let run_answer = connection
        .run(|engine| async move {
            let snap = prune_snapshot(&engine, seen.mode).await?;
            let now = preview(&snap, seen.mode);
            plans.forget_preview(preview_id);
            let address = engine.info().address.as_str().to_owned();
            let changes = if address == kept.engine {
                prune_changes(&seen, &now, &snap)
            } else {
                // Another engine since the preview: nothing of it was seen.
                vec![PlanChange::EngineSwitched {
                    from: kept.engine.clone(),
                    to: address.clone(),
                }]
            };
            if !changes.is_empty() {
                let preview = plans.keep_preview(now, &address);
                return Ok(PruneRun::Changed { changes, preview });
            }
            let mut report = run(&engine, &snap, seen.mode, on_step).await?;
            // Gone before the run, then those a terminal removed while it ran.
            let mut gone = gone_before(&seen, &snap);
            gone.append(&mut report.gone_before);
            report.gone_before = gone;
            Ok(PruneRun::Ran { report })
        })
        .await?;
    // A delete that lost the engine is reported inside the answer: reconnect next time.
    if let PruneRun::Ran { report } = &run_answer {
        if report
            .failed
            .as_ref()
            .is_some_and(crate::Error::is_connection_failure)
        {
            connection.forget().await;
        }
    }
    Ok(run_answer)
}

/// How the preview names the image `id` of `snap`: its first tag, else its short ID.
fn name_in(snap: &Snapshot, id: &str) -> String {
    snap.images
        .get(id)
        .and_then(|i| i.repo_tags.iter().find(|t| !t.starts_with("<none>")))
        .map_or_else(|| ImageId::new(id).short().to_owned(), |t| familiar(t))
}

/// The images `seen` was to delete that `snap` no longer has, named as the preview named
/// them: the report says so, rather than counting fewer images than shown without a word.
fn gone_before(seen: &PrunePreview, snap: &Snapshot) -> Vec<String> {
    seen.images
        .iter()
        .filter(|i| i.deleted && !snap.world.images.contains_key(i.id.as_str()))
        .map(|i| {
            if i.display_name.starts_with("<none>") {
                i.short_id.clone()
            } else {
                familiar(&i.display_name)
            }
        })
        .collect()
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
    let deleted = || images.iter().filter(|i| i.deleted);
    let freed = deleted().filter_map(|i| i.unique_size).sum();
    // "Frees at least 0B" would say nothing when the engine gave none of their sizes
    // (`/system/df` failed, or answered `-1`): that is said as not known instead.
    let known = deleted().next().is_none() || deleted().any(|i| i.unique_size.is_some());
    let freed_text = known.then(|| human_size(freed));
    let kept = match mode {
        PruneMode::Dangling => kept_dangling(snap, &images),
        PruneMode::Unused => Vec::new(),
    };
    PrunePreview {
        id: String::new(),
        mode,
        images,
        freed,
        freed_text,
        kept,
        engine: String::new(),
        intermediates_alone: snap.world.containerd,
    }
}

/// The dangling images a dangling-only prune leaves (none of `touched` deletes them) because
/// containers were made from them: after `docker build -t app .` twice with a `docker run app`
/// between, the old build is `<none>` and its stopped container keeps it. Without this the
/// dialog would say nothing is dangling beside a `<none>` card.
fn kept_dangling(snap: &Snapshot, touched: &[PruneImage]) -> Vec<PruneKept> {
    let mut kept: Vec<PruneKept> = snap
        .world
        .images
        .values()
        // What the prune takes as dangling: no tag (a digest is no tag), nothing built on it;
        // on the containerd store, no name at all, children or not.
        .filter(|img| {
            if snap.world.containerd {
                img.refs.is_empty()
            } else {
                img.refs.iter().all(|r| r.digest) && snap.world.children(&img.id).is_empty()
            }
        })
        .filter(|img| !touched.iter().any(|t| t.deleted && t.id.as_str() == img.id))
        .filter_map(|img| {
            let mut containers: Vec<PlanContainer> = snap
                .containers
                .iter()
                .filter(|c| c.image_id.as_str() == img.id)
                .cloned()
                .collect();
            containers.sort_by_key(|c| c.created);
            let id = ImageId::new(img.id.clone());
            (!containers.is_empty()).then(|| PruneKept {
                short_id: id.short().to_owned(),
                id,
                containers,
            })
        })
        .collect();
    kept.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    kept
}

/// Makes the prune's `ImageDelete` calls that the model says do something, on the world
/// just read. Each image is looked at right before its call: a name that names another
/// image by now is skipped, and so is an image whose tags changed (a tag added in a
/// terminal would be removed with it), said in `left`. A failure stops the prune and is
/// reported with what was done before it.
async fn run(
    engine: &Engine,
    snap: &Snapshot,
    mode: PruneMode,
    mut on_step: impl FnMut(PruneStep<'_>),
) -> Result<PruneReport> {
    let before: HashSet<&String> = snap.world.images.keys().collect();
    let calls = snap.world.clone().prune_calls(mode == PruneMode::Unused);
    let mut report = PruneReport {
        deleted: Vec::new(),
        untagged: Vec::new(),
        reclaimed: None,
        reclaimed_text: None,
        left: Vec::new(),
        gone_before: Vec::new(),
        failed: None,
    };
    // `report.deleted` as a set, for the parent look.
    let mut gone: HashSet<String> = HashSet::new();
    // Calls that found nothing to do, for the look at what vanished meanwhile.
    let mut skipped: Vec<String> = Vec::new();
    // Images one of whose name calls was left alone (changed since the confirmation, said in
    // `left`): the containerd store's ID call that follows would remove what is left of
    // their names with the image. A name call that found nothing to do (the name moved or
    // went in a terminal) holds nothing back: the ID call looks at the image itself.
    let mut held: HashSet<String> = HashSet::new();
    for call in calls.into_iter().filter(|c| !c.records.is_empty()) {
        if matches!(call.target, Target::Id(_)) && held.contains(&call.image) {
            continue;
        }
        let image = ImageId::new(call.image.as_str());
        let name = match &call.target {
            Target::Name(name) => familiar(name),
            Target::Id(id) => id.clone(),
        };
        let command = if call.prune {
            crate::record::docker::rmi(&name)
        } else {
            crate::record::docker::rmi_no_prune(&name)
        };
        on_step(PruneStep::Calling {
            image: &image,
            command: &command,
        });
        let result = prune_one(engine, snap, &call, &report.untagged, &gone).await;
        on_step(match &result {
            Ok(Pruned::Done(_)) => PruneStep::Done,
            Ok(Pruned::Skipped | Pruned::Left(_)) => PruneStep::NotRun,
            Err(e) => PruneStep::Failed(e),
        });
        if matches!(result, Ok(Pruned::Skipped)) {
            skipped.push(call.image.clone());
        }
        if matches!(call.target, Target::Name(_)) && matches!(result, Ok(Pruned::Left(_))) {
            held.insert(call.image.clone());
        }
        match result {
            Ok(Pruned::Done(items)) => {
                // The containerd store's untrue `Deleted` for an image it keeps as `<none>`
                // (its children): the prune's next call deletes it by ID.
                let said = items.iter().any(|i| {
                    i.deleted.as_deref().map(super::world::with_algorithm)
                        == Some(call.image.clone())
                });
                let kept = match &call.target {
                    Target::Name(name) if said => {
                        kept_as_none(engine, snap, name, &call.image).await
                    }
                    _ => false,
                };
                for item in items {
                    report.untagged.extend(item.untagged);
                    // `Deleted` also lists layer chain IDs; keep the images. Podman leaves
                    // the algorithm off.
                    let deleted = item
                        .deleted
                        .map(|d| super::world::with_algorithm(&d))
                        .filter(|d| before.contains(d))
                        .filter(|d| !(kept && *d == call.image));
                    if let Some(id) = deleted {
                        if gone.insert(id.clone()) {
                            report.deleted.push(id);
                        }
                    }
                }
            }
            Ok(Pruned::Skipped) => {}
            Ok(Pruned::Left(changes)) => report.left.extend(changes),
            Err(e) => {
                report.failed = Some(e);
                break;
            }
        }
    }
    // Skipped, and not taken by one of this run's own deletes: gone from the engine (a
    // terminal removed it meanwhile) when it is no longer there; named, not counted out.
    for image in skipped {
        if gone.contains(image.as_str()) || report.failed.is_some() {
            continue;
        }
        if let Ok(None) = engine.image_tags_of(image.as_str()).await {
            report.gone_before.push(name_in(snap, image.as_str()));
        }
    }
    let unique: u64 = report
        .deleted
        .iter()
        .filter_map(|id| snap.unique.get(id))
        .sum();
    let unique_known = report.deleted.iter().all(|id| snap.unique.contains_key(id));
    // What the disk got back, as the engine's own prune reports it: the drop in layer
    // storage. Shared layers freed together count once there, not in the unique sizes. Not
    // asked of an engine that just stopped answering (it would only wait out its limit).
    let lost = report
        .failed
        .as_ref()
        .is_some_and(crate::Error::is_connection_failure);
    let after = if lost {
        None
    } else {
        layers_size(engine).await
    };
    // No more than the deleted images take in all (each image's size counts every layer it
    // has): a `docker rmi` in a terminal while the prune ran frees space this prune did not.
    let whole: Option<u64> = report
        .deleted
        .iter()
        .map(|id| {
            let size = snap.images.get(id)?.size;
            u64::try_from(size).ok()
        })
        .sum();
    report.reclaimed = reclaimed(snap.layers_size, after, unique, unique_known, whole);
    // Worded as `docker image prune` words its total, so the two can be compared.
    report.reclaimed_text = report.reclaimed.map(human_size_as_prune);
    Ok(report)
}

/// What a prune gave back: the drop in layer storage from `before` to `after` (never less
/// than the deleted images' `unique` sizes, nor more than their `whole` sizes when known),
/// else those unique sizes when the engine gave them all (`unique_known`), else not known: a
/// made-up `0B` would read as "nothing freed".
fn reclaimed(
    before: Option<u64>,
    after: Option<u64>,
    unique: u64,
    unique_known: bool,
    whole: Option<u64>,
) -> Option<u64> {
    match (before, after) {
        (Some(before), Some(after)) if before >= after => {
            let drop = (before - after).min(whole.unwrap_or(u64::MAX));
            Some(drop.max(unique))
        }
        _ => unique_known.then_some(unique),
    }
}

/// A tag as the user types it (`nginx:latest`, not `docker.io/library/nginx:latest`).
fn familiar(name: &str) -> String {
    crate::reference::ImageRef::parse(name).map_or_else(|_| name.to_owned(), |r| r.familiar())
}

/// What became of one prune call.
enum Pruned {
    /// The engine's answer.
    Done(Vec<bollard::models::ImageDeleteResponseItem>),
    /// Nothing to do: the name names another image now, or the image is gone.
    Skipped,
    /// Left alone: it changed after the confirmation.
    Left(Vec<PlanChange>),
}

async fn prune_one(
    engine: &Engine,
    snap: &Snapshot,
    call: &PruneCall,
    untagged: &[String],
    gone: &HashSet<String>,
) -> Result<Pruned> {
    let image = ImageId::new(call.image.as_str());
    let name = match &call.target {
        Target::Id(id) => id.clone(),
        Target::Name(name) => {
            if engine.image_id_of(name).await?.as_deref() != Some(call.image.as_str()) {
                return Ok(Pruned::Skipped);
            }
            name.clone()
        }
    };
    let Some(tags_now) = engine.image_tags_of(&call.image).await? else {
        return Ok(Pruned::Skipped);
    };
    let reference = match &call.target {
        Target::Name(name) => Some(name),
        Target::Id(_) => None,
    };
    if let Some(change) = tags_change(snap, &image, reference, untagged, &tags_now) {
        return Ok(Pruned::Left(vec![change]));
    }
    // A delete that prunes (the classic store's) also takes the untagged images it stands on
    // (classic builder chains), up to the first tagged one, which the preview keeps. One untagged in a terminal since would
    // go with it, unseen, as in a removal: leave this image and say why.
    let untag_only = reference.is_some_and(|r| tags_now.iter().any(|t| tag_key(t) != tag_key(r)));
    if !untag_only && call.prune {
        let so_far = RunSoFar {
            untagged,
            gone,
            removed: &HashSet::new(),
        };
        if let Some(change) = ancestor_untagged(engine, snap, &image, &so_far).await? {
            return Ok(Pruned::Left(vec![change]));
        }
    }
    match super::execute::while_answering(engine, engine.remove_image(&name, false, call.prune))
        .await
    {
        Ok(items) => Ok(Pruned::Done(items)),
        Err(CallError::Status(404, _)) => Ok(Pruned::Skipped),
        // Like moby's prune, an image put to use meanwhile is passed over; unlike it, the
        // report says which container took it.
        Err(CallError::Status(409, _)) => Ok(Pruned::Left(users(engine, &image).await)),
        Err(e) => Err(e.into_error()),
    }
}

/// The containers using `image` now, as changes to the preview.
async fn users(engine: &Engine, image: &ImageId) -> Vec<PlanChange> {
    let now = unix_now();
    let found: Vec<PlanChange> = engine
        .containers()
        .await
        .map(|list| {
            list.iter()
                .filter_map(|c| plan_container(c, now))
                .filter(|c| &c.image_id == image)
                .map(|c| PlanChange::ContainerAdded {
                    container: c.name,
                    image: c.image_id,
                    state: c.state,
                })
                .collect()
        })
        .unwrap_or_default();
    if found.is_empty() {
        vec![PlanChange::OutcomeChanged]
    } else {
        found
    }
}

#[cfg(test)]
mod tests {
    use super::{gone_before, preview, prune_changes, reclaimed};
    use crate::removal::world::build;
    use crate::removal::PruneMode;
    use bollard::models::ImageSummary;
    use std::collections::HashMap;

    /// On the containerd store (told from the list) the dangling-only prune takes an
    /// intermediate build image by itself and keeps the image built on it, and the preview
    /// says that intermediates go alone there; on the classic store it keeps both.
    #[test]
    fn on_the_containerd_store_an_intermediate_goes_alone() {
        let step = format!("sha256:{}", "1".repeat(64));
        let app = format!("sha256:{}", "2".repeat(64));
        let snap = |containerd: bool| {
            let digests = if containerd {
                vec![format!("app@{app}")]
            } else {
                vec![]
            };
            build(
                vec![
                    ImageSummary {
                        id: step.clone(),
                        ..ImageSummary::default()
                    },
                    ImageSummary {
                        id: app.clone(),
                        parent_id: step.clone(),
                        repo_tags: vec!["app:1".into()],
                        repo_digests: digests,
                        ..ImageSummary::default()
                    },
                ],
                &[],
                HashMap::new(),
                0,
            )
        };
        let p = preview(&snap(true), PruneMode::Dangling);
        assert!(p.intermediates_alone);
        let deleted: Vec<&str> = p
            .images
            .iter()
            .filter(|i| i.deleted)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(deleted, [step.as_str()]);
        assert!(p.images[0].intermediate);
        let p = preview(&snap(false), PruneMode::Dangling);
        assert!(!p.intermediates_alone);
        assert!(p.images.is_empty(), "{p:?}");
    }

    /// Two dangling images, with the unique sizes `/system/df` gave.
    fn dangling(unique: &[(&str, u64)]) -> crate::removal::world::Snapshot {
        let image = |id: &str| ImageSummary {
            id: id.to_owned(),
            ..ImageSummary::default()
        };
        let unique: HashMap<String, u64> = unique
            .iter()
            .map(|(id, n)| ((*id).to_owned(), *n))
            .collect();
        build(vec![image("sha256:a"), image("sha256:b")], &[], unique, 0)
    }

    /// "Frees at least 0B" says nothing: when the engine gave none of the sizes, the
    /// preview says it does not know; with some of them, "at least" their sum is true.
    #[test]
    fn a_preview_without_sizes_does_not_say_0b() {
        let p = preview(&dangling(&[]), PruneMode::Dangling);
        assert_eq!(p.images.iter().filter(|i| i.deleted).count(), 2);
        assert_eq!(p.freed_text, None);
        let p = preview(&dangling(&[("sha256:a", 5_000_000)]), PruneMode::Dangling);
        assert_eq!(p.freed_text.as_deref(), Some("5MB"));
        let nothing = build(vec![], &[], HashMap::new(), 0);
        assert_eq!(
            preview(&nothing, PruneMode::Dangling).freed_text.as_deref(),
            Some("0B"),
            "nothing to delete frees nothing"
        );
    }

    /// An image removed in a terminal between the preview and the confirmation is named in
    /// the report, not silently counted out.
    #[test]
    fn images_gone_before_the_prune_are_named() {
        let seen = preview(&dangling(&[]), PruneMode::Dangling);
        let image = |id: &str| ImageSummary {
            id: id.to_owned(),
            ..ImageSummary::default()
        };
        let now = build(vec![image("sha256:b")], &[], HashMap::new(), 0);
        let a = seen
            .images
            .iter()
            .find(|i| i.id.as_str() == "sha256:a")
            .unwrap();
        assert_eq!(gone_before(&seen, &now), vec![a.short_id.clone()]);
        assert!(gone_before(&seen, &dangling(&[])).is_empty());
    }

    /// `prune -a` previewed deleting an image with two tags; a `docker run app:1` before the
    /// confirmation puts it to use, so the prune would now untag `app:1` and keep the image.
    /// That is a change to confirm again (naming the container), not a quiet half prune.
    #[test]
    fn a_previewed_image_put_to_use_since_is_a_change() {
        use crate::removal::world::EngineContainer;
        use crate::removal::{ContainerState, PlanChange};
        let id = format!("sha256:{}", "a".repeat(64));
        let image = || ImageSummary {
            id: id.clone(),
            repo_tags: vec!["app:1".into(), "app:2".into()],
            ..ImageSummary::default()
        };
        let before = build(vec![image()], &[], HashMap::new(), 0);
        let seen = preview(&before, PruneMode::Unused);
        assert!(seen.images.iter().any(|i| i.id.as_str() == id && i.deleted));
        // Nothing changed: nothing to confirm again.
        assert!(prune_changes(&seen, &preview(&before, PruneMode::Unused), &before).is_empty());

        let run = EngineContainer {
            id: Some("c".repeat(64)),
            names: Some(vec!["/app-run".into()]),
            image_id: Some(id.clone()),
            state: Some("exited".into()),
            ..EngineContainer::default()
        };
        let after = build(vec![image()], &[run], HashMap::new(), 0);
        let now = preview(&after, PruneMode::Unused);
        assert_eq!(
            prune_changes(&seen, &now, &after),
            vec![PlanChange::ContainerAdded {
                container: "app-run".into(),
                image: crate::ImageId::new(id.clone()),
                state: ContainerState::Exited,
            }]
        );
        // Gone meanwhile (a terminal removed it): the rest still runs, and the report names it.
        let gone = build(vec![], &[], HashMap::new(), 0);
        let now = preview(&gone, PruneMode::Unused);
        assert!(prune_changes(&seen, &now, &gone).is_empty());
    }

    /// `docker build -t app .` twice with a `docker run app` between: the old build is
    /// dangling, and its stopped container keeps it from `docker image prune`. The preview
    /// names it and the container, rather than saying nothing is dangling.
    #[test]
    fn a_dangling_image_a_container_keeps_is_named_with_it() {
        use crate::removal::world::EngineContainer;
        let old = format!("sha256:{}", "a".repeat(64));
        let loose = format!("sha256:{}", "b".repeat(64));
        let image = |id: &str, tags: &[&str]| ImageSummary {
            id: id.to_owned(),
            repo_tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..ImageSummary::default()
        };
        let container = |name: &str, created: i64| EngineContainer {
            id: Some(format!("{name:c<64}")),
            names: Some(vec![format!("/{name}")]),
            image_id: Some(old.clone()),
            state: Some("exited".into()),
            created: Some(created),
            ..EngineContainer::default()
        };
        let snap = build(
            vec![
                image(&old, &[]),
                image(&loose, &[]),
                image(&format!("sha256:{}", "c".repeat(64)), &["app:latest"]),
            ],
            &[container("web2", 20), container("web", 10)],
            HashMap::new(),
            0,
        );
        let p = preview(&snap, PruneMode::Dangling);
        assert!(p.images.iter().all(|i| i.id.as_str() != old), "not deleted");
        assert!(p.images.iter().any(|i| i.id.as_str() == loose && i.deleted));
        assert_eq!(p.kept.len(), 1);
        assert_eq!(p.kept[0].id.as_str(), old);
        assert_eq!(p.kept[0].short_id, "a".repeat(12));
        let names: Vec<&str> = p.kept[0]
            .containers
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["web", "web2"], "the first created first");
        // Under -a every used image stays by definition: nothing to point out.
        assert!(preview(&snap, PruneMode::Unused).kept.is_empty());
    }

    #[test]
    fn what_a_prune_reclaimed() {
        // The drop in layer storage, never less than the unique sizes.
        assert_eq!(reclaimed(Some(100), Some(40), 10, true, None), Some(60));
        assert_eq!(reclaimed(Some(100), Some(95), 10, true, None), Some(10));
        // A terminal's `docker rmi` during the run freed more: no more than these images.
        assert_eq!(reclaimed(Some(100), Some(40), 10, true, Some(25)), Some(25));
        assert_eq!(reclaimed(Some(100), Some(40), 10, true, Some(5)), Some(10));
        // Storage grew meanwhile (a pull in a terminal) or was not given: the sizes.
        assert_eq!(reclaimed(Some(100), Some(120), 10, true, None), Some(10));
        assert_eq!(reclaimed(None, None, 10, true, None), Some(10));
        // Neither: not known, not 0B.
        assert_eq!(reclaimed(None, None, 0, false, None), None);
        assert_eq!(reclaimed(Some(100), None, 10, false, None), None);
    }
}
