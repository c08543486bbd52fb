//! Running a kept plan's action: re-check the engine, then run the steps one at a time,
//! each guarded by a fresh look at what it is about to change, stopping at the first
//! failure (or a Cancel) so the report says exactly what ran.
//!
//! The Engine API has no "delete if unchanged", so Imagen checks itself, as close to each
//! call as it can: a name is resolved to the full ID the plan was made with right before
//! it is removed, and a forced delete first lists the containers using the image. What is
//! left is the few milliseconds between that look and the call.

use super::changes::{kept_plan_changes, same_effect};
use super::plan::{display_name, recompute_off};
use super::registry::PlanRegistry;
use super::types::{
    ActionKind, ConflictReason, ImageDeleted, ImageKept, Outcome, PlanAction, PlanChange,
    PlanMismatch, RemovalEvent, RemovalReport, RemovalRun, Step,
};
use super::world::{plan_container, snapshot, with_algorithm, Snapshot};
use crate::engine::calls::CallError;
use crate::engine::{Connection, Engine};
use crate::error::{Error, Result};
use crate::images::list::unix_now;
use crate::input;
use hyper::Method;
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How long a container the engine is removing by itself (`docker run --rm`, once stopped)
/// is waited for: its writable layer goes with it, seconds at most on a workshop laptop.
const AUTO_REMOVE_WAIT: Duration = Duration::from_secs(10);

/// How often the engine is asked whether that container is gone yet.
const AUTO_REMOVE_POLL: Duration = Duration::from_millis(200);

pub(crate) use crate::engine::while_answering;

/// Runs action `kind` of the kept plan `plan_id`. The engine is read again first and the
/// same selection planned again: when the action would now do anything else than what the
/// user saw, nothing runs and the answer is the new plan with what changed. An action the
/// plan predicts the engine refuses part way is refused ([`Error::InvalidInput`]) before
/// the engine is asked anything.
pub async fn execute_plan(
    connection: &Connection,
    plans: &PlanRegistry,
    plan_id: &str,
    kind: ActionKind,
    on_event: impl FnMut(RemovalEvent),
) -> Result<RemovalRun> {
    execute(connection, plans, plan_id, kind, Refused::NotRun, on_event).await
}

/// [`execute_plan`], running an action the plan predicts the engine refuses too, up to the
/// refusal: the removal tests do so on a real engine, to pin each predicted refusal (its
/// step and reason) against the engine's own. Only built with the `removal-tests` feature;
/// the app never has it.
#[cfg(feature = "removal-tests")]
pub async fn execute_plan_even_if_refused(
    connection: &Connection,
    plans: &PlanRegistry,
    plan_id: &str,
    kind: ActionKind,
    on_event: impl FnMut(RemovalEvent),
) -> Result<RemovalRun> {
    execute(connection, plans, plan_id, kind, Refused::Run, on_event).await
}

/// What becomes of an action the plan predicts the engine refuses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refused {
    /// Refused at the door: what the app does.
    NotRun,
    /// Run up to the refusal (the removal tests).
    #[cfg_attr(not(feature = "removal-tests"), allow(dead_code))]
    Run,
}

async fn execute(
    connection: &Connection,
    plans: &PlanRegistry,
    plan_id: &str,
    kind: ActionKind,
    refused: Refused,
    on_event: impl FnMut(RemovalEvent),
) -> Result<RemovalRun> {
    let plan_id = input::token("plan", plan_id)?;
    let kept = plans.plan(plan_id)?;
    let seen = kept
        .plan
        .actions
        .iter()
        .find(|a| a.kind == kind)
        .cloned()
        .ok_or_else(|| Error::InvalidInput {
            field: "action".into(),
            reason: "this plan does not offer it".into(),
        })?;
    // The web view is untrusted: an action the plan predicts the engine refuses would run
    // its steps up to the refusal (stop and remove containers, untag) and then fail. The UI
    // never offers one; a page that asks for it anyway is refused before the engine is.
    if refused == Refused::NotRun && !succeeds(&seen) {
        return Err(Error::InvalidInput {
            field: "action".into(),
            reason: "the plan says the engine would refuse it part way, so it is not run".into(),
        });
    }
    let guard = plans.start(plan_id)?;
    let run = connection
        .run(|engine| async move {
            let snap = snapshot(&engine).await?;
            let (snap, fresh) = recompute_off(snap, &kept.selection, engine.info().podman).await?;
            let address = engine.info().address.as_str().to_owned();
            // Reconnected to another engine since (Docker Desktop quit, another context):
            // the same IDs there are not what the user looked at.
            let switched = address != kept.engine;
            // Only an action that still goes through as a whole runs: one the engine would
            // now refuse part way is a change to show, never a run.
            let still = !switched
                && fresh
                    .as_ref()
                    .and_then(|p| p.actions.iter().find(|a| a.kind == kind))
                    .is_some_and(|now| {
                        (refused == Refused::Run || succeeds(now)) && same_effect(&seen, now)
                    });
            // Either way this plan is spent: it ran, or a newer one replaces it.
            plans.forget_plan(plan_id);
            if !still {
                let changes = kept_plan_changes(&kept, &snap, fresh.as_ref(), &address);
                let plan = fresh.map(|p| plans.keep_plan(kept.selection.clone(), p, &address));
                return Ok(RemovalRun::Changed { changes, plan });
            }
            let mut report = run_steps(&engine, &seen.steps, &snap, guard.token(), on_event).await;
            report.mismatch = mismatch(&engine, &seen.outcome, &report, &snap).await;
            Ok(RemovalRun::Ran { report })
        })
        .await?;
    if let RemovalRun::Ran { report } = &run {
        if report
            .failed
            .as_ref()
            .is_some_and(Error::is_connection_failure)
        {
            connection.forget().await;
        }
    }
    Ok(run)
}

/// Whether the plan predicts that every step of `action` goes through.
fn succeeds(action: &PlanAction) -> bool {
    matches!(action.outcome, Outcome::Succeeds { .. })
}

/// Runs `steps` in order, reporting each over `on_event`. A 404 ("already gone") counts
/// as done; any other failure, a failed re-check or a Cancel stops the run. A Cancel is
/// looked at between steps, and during the one wait a step makes without an engine call
/// under way (for a container the engine removes by itself). That step is then looked at
/// once more: gone, it counts as already gone (and the run stops before the next step);
/// still there, it is the report's `engine_removing` (neither done by Imagen nor failed),
/// and no `Finished` or `Failed` event follows its `Started`.
pub(crate) async fn run_steps(
    engine: &Engine,
    steps: &[Step],
    snap: &Snapshot,
    cancel: &CancellationToken,
    mut on_event: impl FnMut(RemovalEvent),
) -> RemovalReport {
    let mut report = RemovalReport {
        steps_run: 0,
        untagged: Vec::new(),
        deleted: Vec::new(),
        failed: None,
        cancelled: false,
        engine_removing: None,
        mismatch: None,
    };
    let mut removed: HashSet<&str> = HashSet::new();
    // Images this run deleted (pruned parents included): no longer anyone's child for the
    // ancestor look, which need not ask the engine about them.
    let mut gone_images: HashSet<String> = HashSet::new();
    for (i, step) in steps.iter().enumerate() {
        if cancel.is_cancelled() {
            report.cancelled = true;
            break;
        }
        let step_no = i as u32;
        on_event(RemovalEvent::Started { step: step_no });
        let so_far = RunSoFar {
            untagged: &report.untagged,
            gone: &gone_images,
            removed: &removed,
        };
        let result = match recheck(engine, step, snap, &so_far).await {
            Ok(Some(done)) => Ok(Ended::Done(done)),
            Ok(None) => while_answering(engine, run(engine, step, cancel)).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(Ended::EngineRemoving) => {
                report.cancelled = true;
                report.engine_removing = Some(step_no);
                break;
            }
            Ok(Ended::Done(mut done)) => {
                if let Step::RemoveContainer { container, .. } = step {
                    removed.insert(container.as_str());
                }
                kept_all_the_same(engine, step, snap, &mut done).await;
                gone_images.extend(done.deleted.iter().map(|d| super::world::with_algorithm(d)));
                report.steps_run += 1;
                report.untagged.extend(done.untagged.iter().cloned());
                report.deleted.extend(done.deleted.iter().cloned());
                on_event(RemovalEvent::Finished {
                    step: step_no,
                    untagged: done.untagged,
                    deleted: done.deleted,
                    already_gone: done.already_gone,
                });
            }
            Err(error) => {
                on_event(RemovalEvent::Failed {
                    step: step_no,
                    error: error.clone(),
                });
                report.failed = Some(error);
                break;
            }
        }
    }
    report
}

/// The containerd store answers `Deleted` for an image with children that it keeps, as
/// `<none>`, when its last name goes without force (Engine 28.5): such an answer is looked
/// at, and an image still there is not reported deleted (nor left out of a retry, nor its
/// inspector closed). Only then: one inspect, for an answer no other engine gives.
async fn kept_all_the_same(engine: &Engine, step: &Step, snap: &Snapshot, done: &mut Done) {
    let Step::RemoveImage {
        reference,
        image,
        force: false,
    } = step
    else {
        return;
    };
    let id = image.as_str();
    let said = |d: &String| super::world::with_algorithm(d) == id;
    if done.deleted.iter().any(said) && kept_as_none(engine, snap, reference, id).await {
        done.deleted.retain(|d| !said(d));
    }
}

/// Whether image `id`, which a delete by `reference` without force answered `Deleted`, is
/// still there: the containerd store's answer for an image with children whose last name
/// went (see [`kept_all_the_same`]). Asks the engine only in that case.
pub(super) async fn kept_as_none(
    engine: &Engine,
    snap: &Snapshot,
    reference: &str,
    id: &str,
) -> bool {
    let by_name = super::world::with_algorithm(reference) != id;
    by_name
        && snap.world.containerd
        && snap.world.has_children(id)
        && matches!(engine.image_tags_of(id).await, Ok(Some(_)))
}

/// How a step that did not fail ended.
enum Ended {
    /// It went through, or found nothing left to do.
    Done(Done),
    /// Cancel was pressed while it waited for the engine to remove a container by itself,
    /// still there at a last look: not done by Imagen, not failed, but under way all the
    /// same (the engine goes on with it).
    EngineRemoving,
}

#[derive(Default)]
struct Done {
    untagged: Vec<String>,
    deleted: Vec<String>,
    already_gone: bool,
}

fn gone() -> Done {
    Done {
        already_gone: true,
        ..Done::default()
    }
}

/// The look right before a step. `Ok(Some(_))`: nothing to do (the name is gone already);
/// `Ok(None)`: go ahead; `Err(EngineChanged)`: the step would act on something else than
/// planned. `so_far`: what this run's earlier steps did.
async fn recheck(
    engine: &Engine,
    step: &Step,
    snap: &Snapshot,
    so_far: &RunSoFar<'_>,
) -> Result<Option<Done>> {
    let untagged = so_far.untagged;
    let Step::RemoveImage {
        reference,
        force,
        image,
    } = step
    else {
        return Ok(None);
    };
    let by_name = reference != image.as_str();
    if by_name {
        match engine.image_id_of(reference).await? {
            // Removed in a terminal meanwhile: calling anyway could hit a tag made since.
            None => return Ok(Some(gone())),
            Some(now) if now != image.as_str() => {
                return Err(Error::EngineChanged {
                    changes: vec![PlanChange::TagMoved {
                        reference: reference.clone(),
                        from: image.clone(),
                        to: Some(crate::images::ImageId::new(now)),
                    }],
                })
            }
            Some(_) => {}
        }
    }
    // The image's tags now, against the ones the plan expects at this step. A tag added in a
    // terminal goes with a delete by ID (with -f, or when it is the image's only name)
    // without the engine asking; a tag removed there can turn an untag into a delete.
    let Some(tags_now) = engine.image_tags_of(image.as_str()).await? else {
        return Ok((!by_name).then(gone));
    };
    if let Some(change) = tags_change(
        snap,
        image,
        by_name.then_some(reference),
        untagged,
        &tags_now,
    ) {
        return Err(Error::EngineChanged {
            changes: vec![change],
        });
    }
    // A delete (not an untag that leaves the image other tags) also prunes the untagged
    // images it stands on, up to the first tagged one, which the plan keeps.
    let untag_only = by_name && tags_now.iter().any(|t| tag_key(t) != tag_key(reference));
    if !untag_only {
        if let Some(change) = ancestor_untagged(engine, snap, image, so_far).await? {
            return Err(Error::EngineChanged {
                changes: vec![change],
            });
        }
    }
    if *force {
        // A plain rmi is refused by the engine when a container appeared; a forced one is
        // not, and would leave that container on a nameless image (Podman removes it).
        let planned: HashSet<&str> = snap
            .containers
            .iter()
            .filter(|c| &c.image_id == image && !so_far.removed.contains(c.id.as_str()))
            .map(|c| c.id.as_str())
            .collect();
        let now = unix_now();
        let changes: Vec<PlanChange> = engine
            .containers()
            .await?
            .iter()
            .filter_map(|c| plan_container(c, now))
            .filter(|c| &c.image_id == image && !planned.contains(c.id.as_str()))
            .map(|c| PlanChange::ContainerAdded {
                container: c.name,
                image: c.image_id,
                state: c.state,
            })
            .collect();
        if !changes.is_empty() {
            return Err(Error::EngineChanged { changes });
        }
    }
    Ok(None)
}

/// How the image's tags now (`tags_now`) differ from what the plan expects before this
/// step: the tags it had when the engine was read, less those this run has untagged. Any
/// tag added counts; a tag gone counts when the step untags by name (`reference`), whose
/// outcome depends on the tags left. `None` when nothing that matters differs.
pub(crate) fn tags_change(
    snap: &Snapshot,
    image: &crate::images::ImageId,
    reference: Option<&String>,
    untagged: &[String],
    tags_now: &[String],
) -> Option<PlanChange> {
    let gone_by_run: HashSet<String> = untagged.iter().filter_map(|t| tag_key(t)).collect();
    let had: Vec<&str> = snap
        .world
        .images
        .get(image.as_str())
        .map(|img| {
            img.refs
                .iter()
                .filter(|r| !r.digest)
                .map(|r| r.text.as_str())
                .collect()
        })
        .unwrap_or_default();
    let expected: BTreeMap<String, &str> = had
        .iter()
        .filter_map(|t| Some((tag_key(t)?, *t)))
        .filter(|(k, _)| !gone_by_run.contains(k))
        .collect();
    let now: BTreeMap<String, &str> = tags_now
        .iter()
        .filter_map(|t| Some((tag_key(t)?, t.as_str())))
        .collect();
    let added: Vec<String> = now
        .iter()
        .filter(|(k, _)| !expected.contains_key(*k))
        .map(|(_, t)| (*t).to_owned())
        .collect();
    let own = reference.and_then(|r| tag_key(r));
    let removed: Vec<String> = match reference {
        Some(_) => expected
            .iter()
            .filter(|(k, _)| !now.contains_key(*k) && Some(*k) != own.as_ref())
            .map(|(_, t)| (*t).to_owned())
            .collect(),
        None => Vec::new(),
    };
    if added.is_empty() && removed.is_empty() {
        return None;
    }
    Some(PlanChange::TagsChanged {
        image: image.clone(),
        name: display_name(snap, image.as_str()),
        added,
        removed,
    })
}

/// The first tagged image under `image` in its parent chain (classic builder images), if a
/// terminal has taken all its tags since the plan: the engine would now prune it with
/// `image`, unseen. The walk ends, with nothing to say, where the engine's pruning would
/// stop anyway (an image with a digest, another child or a container). Children and
/// containers are those still on the engine: a plan deleting two siblings leaves their
/// parent without children at the second, and so does a terminal removing one. Tags this run
/// untagged are not expected; an image they leave bare was planned as deleted. The engine is
/// asked only along classic builder chains (images with a parent), so BuildKit images cost
/// nothing.
pub(crate) async fn ancestor_untagged(
    engine: &Engine,
    snap: &Snapshot,
    image: &crate::images::ImageId,
    run: &RunSoFar<'_>,
) -> Result<Option<PlanChange>> {
    let gone_by_run: HashSet<String> = run.untagged.iter().filter_map(|t| tag_key(t)).collect();
    let images = &snap.world.images;
    let mut from = image.as_str().to_owned();
    let mut next = images.get(image.as_str()).and_then(|i| i.parent.clone());
    let mut walked = HashSet::new();
    while let Some(id) = next {
        let Some(img) = images.get(&id).filter(|_| walked.insert(id.clone())) else {
            break;
        };
        // Where the engine's pruning stops whatever its tags: a digest reference, another
        // child, a container made from it. Children and containers as they are now: a
        // terminal may have removed them since the snapshot.
        if img.refs.iter().any(|r| r.digest)
            || has_other_child(engine, snap, &id, &from, run).await?
            || is_used(engine, snap, &id, run).await?
        {
            return Ok(None);
        }
        let kept: Vec<String> = img
            .refs
            .iter()
            .filter(|r| !r.digest)
            .filter(|r| tag_key(&r.text).is_some_and(|k| !gone_by_run.contains(&k)))
            .map(|r| r.text.clone())
            .collect();
        if kept.is_empty() {
            from = id.clone();
            next = img.parent.clone();
            continue;
        }
        // The engine's pruning stops at a tagged image: nothing further down can go.
        let now = engine.image_tags_of(&id).await?;
        let bare = now.is_some_and(|tags| tags.iter().all(|t| tag_key(t).is_none()));
        return Ok(bare.then(|| PlanChange::TagsChanged {
            image: crate::images::ImageId::new(id.clone()),
            name: display_name(snap, &id),
            added: Vec::new(),
            removed: kept,
        }));
    }
    Ok(None)
}

/// Whether `id` has a child other than `from` on the engine now: the snapshot's children,
/// less the ones this run deleted, each looked at until one is there. (A child built in a
/// terminal since is not looked for: missing it can only stop the run and ask again.)
async fn has_other_child(
    engine: &Engine,
    snap: &Snapshot,
    id: &str,
    from: &str,
    run: &RunSoFar<'_>,
) -> Result<bool> {
    let children = snap.world.images.values().filter(|i| {
        i.parent.as_deref() == Some(id) && i.id != from && !run.gone.contains(i.id.as_str())
    });
    for child in children {
        if engine.image_tags_of(&child.id).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether a container the snapshot saw made from `id` is still on the engine. (One made
/// since is not looked for: missing it can only stop the run and ask again, never prune.)
async fn is_used(engine: &Engine, snap: &Snapshot, id: &str, run: &RunSoFar<'_>) -> Result<bool> {
    let seen = snap
        .containers
        .iter()
        .any(|c| c.image_id.as_str() == id && !run.removed.contains(c.id.as_str()));
    if !seen {
        return Ok(false);
    }
    let now = unix_now();
    Ok(engine
        .containers()
        .await?
        .iter()
        .filter_map(|c| plan_container(c, now))
        .any(|c| c.image_id.as_str() == id))
}

/// What a run's earlier steps did, as the re-check before each step needs it.
pub(crate) struct RunSoFar<'a> {
    /// Tags they untagged.
    pub(crate) untagged: &'a [String],
    /// Images they deleted (pruned parents included), `sha256:` IDs.
    pub(crate) gone: &'a HashSet<String>,
    /// Containers they removed.
    pub(crate) removed: &'a HashSet<&'a str>,
}

/// A tag however the engine spells it (`nginx:1` = `docker.io/library/nginx:1`); `None`
/// for digests and placeholders such as `<none>:<none>`.
pub(crate) fn tag_key(text: &str) -> Option<String> {
    let r = crate::reference::ImageRef::parse(text).ok()?;
    (r.tag().is_some() && r.digest().is_none()).then(|| r.to_string())
}

/// Runs `step`. `cancel` ends only a wait for the engine (a `--rm` container), never an
/// engine call under way: what that call did would go unreported. A wait it ends says what
/// is true then ([`after_cancelled_wait`]).
async fn run(engine: &Engine, step: &Step, cancel: &CancellationToken) -> Result<Ended> {
    let result = match step {
        Step::Unpause { container, .. } => engine
            .unpause_container(container.as_str())
            .await
            .map(|_| Done::default()),
        Step::Stop { container, .. } => engine
            .stop_container(container.as_str())
            .await
            .map(|_| Done::default()),
        Step::RemoveContainer { container, .. } => engine
            .remove_container(container.as_str())
            .await
            .map(|_| Done::default()),
        Step::RemoveImage {
            reference, force, ..
        } => engine
            .remove_image(reference, *force, true)
            .await
            .map(|items| {
                let mut done = Done::default();
                for item in items {
                    done.untagged.extend(item.untagged);
                    // Layer entries are `Deleted` too; the UI only cares about images,
                    // and a refresh follows anyway.
                    done.deleted.extend(item.deleted);
                }
                done
            }),
    };
    match result {
        Ok(done) => Ok(Ended::Done(done)),
        Err(CallError::Status(status, message)) => match (status, step) {
            // Gone already (removed in a terminal meanwhile): nothing left to do.
            (404, _) => Ok(Ended::Done(gone())),
            // Already stopped / not paused: the state the step wanted.
            (304, Step::Stop { .. }) => Ok(Ended::Done(Done::default())),
            (409, Step::Unpause { .. }) if message.contains("not paused") => {
                Ok(Ended::Done(Done::default()))
            }
            // A `docker run --rm` container: the Stop step set the engine removing it by
            // itself, and this call came while it did. Gone a moment later, as planned.
            // Imagen only watches meanwhile, so a Cancel need not wait for it.
            (409, Step::RemoveContainer { container, .. }) if removal_in_progress(&message) => {
                let wait = removed_meanwhile(engine, container.as_str(), AUTO_REMOVE_WAIT);
                tokio::select! {
                    _ = cancel.cancelled() => {
                        Ok(after_cancelled_wait(engine, container.as_str()).await)
                    }
                    gone_now = wait => if gone_now? {
                        Ok(Ended::Done(gone()))
                    } else {
                        Err(Error::EngineRejected { status, message })
                    },
                }
            }
            (
                409,
                Step::RemoveImage {
                    reference, image, ..
                },
            ) => Err(conflict(engine, reference, image.as_str(), message).await),
            _ => Err(Error::EngineRejected { status, message }),
        },
        Err(CallError::Other(e)) => Err(e),
    }
}

/// How a step ends whose wait for container `id` to go (the engine removing it by itself)
/// a Cancel cut short: one more look, so the report says what is true rather than "not
/// run" for a removal the engine goes on with. Gone: already gone, as the wait's own end
/// says it. Still there, or not known (the look failed; the engine said it was removing
/// it): the engine's own removal, under way.
async fn after_cancelled_wait(engine: &Engine, id: &str) -> Ended {
    match container_exists(engine, id).await {
        Ok(false) => Ended::Done(gone()),
        Ok(true) | Err(_) => Ended::EngineRemoving,
    }
}

/// moby's answer to a `docker rm` of a container it is removing already
/// (`SetRemovalInProgress`): "removal of container web is already in progress".
fn removal_in_progress(message: &str) -> bool {
    message.to_ascii_lowercase().contains("already in progress")
}

/// Whether container `id` is gone within `within`, asked every [`AUTO_REMOVE_POLL`].
async fn removed_meanwhile(engine: &Engine, id: &str, within: Duration) -> Result<bool> {
    let until = tokio::time::Instant::now() + within;
    loop {
        if !container_exists(engine, id).await? {
            return Ok(true);
        }
        if tokio::time::Instant::now() >= until {
            return Ok(false);
        }
        tokio::time::sleep(AUTO_REMOVE_POLL).await;
    }
}

/// `GET /containers/{id}/json`: whether the engine still has container `id` (full ID).
async fn container_exists(engine: &Engine, id: &str) -> Result<bool> {
    let id = input::path_segment(input::container_id("container", id)?)?;
    let path = format!("/containers/{}/json", crate::engine::encode(id));
    match engine
        .exchange(Method::GET, &path, engine.limits().request)
        .await
    {
        Ok(_) => Ok(true),
        Err(CallError::Status(404, _)) => Ok(false),
        Err(e) => Err(e.into_error()),
    }
}

/// How what a run did differs from what `outcome` said, once every step went through: the
/// images it was to delete that the engine did not say it deleted, the tags likewise, and
/// the images (of `snap`; the other `Deleted` entries are layers) it deleted unforeseen.
/// What the engine's answers leave out is looked at before it is said: an image a terminal
/// removed meanwhile (its step found it gone) is gone all the same, and what cannot be looked
/// at (the engine stopped answering) is not said. `None`: no difference, or the run stopped
/// before the end.
async fn mismatch(
    engine: &Engine,
    outcome: &Outcome,
    report: &RemovalReport,
    snap: &Snapshot,
) -> Option<PlanMismatch> {
    let Outcome::Succeeds {
        untagged, deleted, ..
    } = outcome
    else {
        return None;
    };
    if report.failed.is_some() || report.cancelled {
        return None;
    }
    let said_deleted: HashSet<String> = report.deleted.iter().map(|d| with_algorithm(d)).collect();
    let said_untagged: HashSet<String> =
        report.untagged.iter().filter_map(|t| tag_key(t)).collect();
    let mut not_deleted = Vec::new();
    for image in deleted
        .iter()
        .filter(|d| !said_deleted.contains(&with_algorithm(d.as_str())))
    {
        let tags = match engine.image_tags_of(image.as_str()).await {
            Ok(Some(now)) => now,
            // Gone all the same; or not known (the engine stopped answering): a difference
            // is said only once seen, never guessed from the answers.
            Ok(None) | Err(_) => continue,
        };
        not_deleted.push(ImageKept {
            image: image.clone(),
            name: display_name(snap, image.as_str()),
            tags: tags.into_iter().filter(|t| tag_key(t).is_some()).collect(),
        });
    }
    // Tags of an image said above are said with it.
    let kept_tags: HashSet<String> = not_deleted
        .iter()
        .flat_map(|i| i.tags.iter().filter_map(|t| tag_key(t)))
        .collect();
    // Digest references (no tag key) are left out: they name content, and engines differ in
    // reporting their removal.
    let mut not_untagged = Vec::new();
    for tag in untagged.iter().filter(|t| {
        tag_key(t).is_some_and(|k| !said_untagged.contains(&k) && !kept_tags.contains(&k))
    }) {
        // Only a tag seen still there: not one the engine could not be asked about.
        if matches!(engine.image_id_of(tag).await, Ok(Some(_))) {
            not_untagged.push(tag.clone());
        }
    }
    let planned: HashSet<String> = deleted.iter().map(|d| with_algorithm(d.as_str())).collect();
    let mut also_deleted: Vec<ImageDeleted> = Vec::new();
    for id in &report.deleted {
        let id = with_algorithm(id);
        let known = snap.world.images.contains_key(&id);
        if !known || planned.contains(&id) || also_deleted.iter().any(|d| d.image.as_str() == id) {
            continue;
        }
        // The containerd store answers `Deleted` for an image with children that it keeps,
        // as `<none>`, when its last name goes without force: only an image seen gone is said.
        if matches!(engine.image_tags_of(&id).await, Ok(None)) {
            also_deleted.push(ImageDeleted {
                name: display_name(snap, &id),
                image: crate::images::ImageId::new(id),
            });
        }
    }
    let differs = !(not_deleted.is_empty() && not_untagged.is_empty() && also_deleted.is_empty());
    differs.then_some(PlanMismatch {
        not_deleted,
        not_untagged,
        also_deleted,
    })
}

/// Turns the engine's 409 into a typed error naming every container using the image.
async fn conflict(engine: &Engine, reference: &str, image_id: &str, message: String) -> Error {
    let now = unix_now();
    let containers = engine
        .containers()
        .await
        .map(|list| {
            list.iter()
                .filter_map(|c| plan_container(c, now))
                .filter(|c| c.image_id.as_str() == image_id)
                .map(|c| c.name)
                .collect()
        })
        .unwrap_or_default();
    Error::RemovalConflict {
        reference: reference.to_owned(),
        reason: conflict_reason(&message),
        containers,
        message,
    }
}

/// Reads moby's conflict wording (`image_delete.go`) back into a reason.
pub(crate) fn conflict_reason(message: &str) -> Option<ConflictReason> {
    let m = message.to_ascii_lowercase();
    if m.contains("dependent child images") {
        Some(ConflictReason::ChildImages)
    } else if m.contains("running container") {
        Some(ConflictReason::RunningContainer)
    } else if m.contains("stopped container") {
        Some(ConflictReason::StoppedContainer)
    } else if m.contains("multiple repositories") {
        Some(ConflictReason::MultipleReferences)
    } else if m.contains("is using its referenced image") {
        Some(ConflictReason::ReferenceInUse)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{conflict_reason, while_answering};
    use crate::error::Error;
    use crate::removal::ConflictReason as R;
    use crate::{Engine, ImageId};
    use std::time::{Duration, Instant};

    /// A long step on an engine that still answers goes on; on one that froze, it ends as
    /// a lost connection within the watch and a ping's limit, not the step's own minutes.
    #[tokio::test]
    async fn a_long_step_goes_on_while_the_engine_answers_and_ends_when_it_froze() {
        let limits = crate::engine::Limits {
            connect: Duration::from_millis(300),
            step_watch: Duration::from_millis(200),
            ..crate::engine::Limits::default()
        };
        let alive = Engine::connect_with(
            crate::engine::fake::silent_but_pinging("step-alive", true),
            limits,
        )
        .await
        .unwrap();
        let slow_step = async {
            tokio::time::sleep(Duration::from_millis(1200)).await;
            Ok::<_, Error>("done")
        };
        assert_eq!(while_answering(&alive, slow_step).await.unwrap(), "done");

        let frozen = Engine::connect_with(
            crate::engine::fake::silent_but_pinging("step-frozen", false),
            limits,
        )
        .await
        .unwrap();
        let started = Instant::now();
        let never = std::future::pending::<crate::error::Result<()>>();
        let lost = tokio::time::timeout(Duration::from_secs(10), while_answering(&frozen, never))
            .await
            .expect("a frozen engine ends the step");
        assert!(matches!(lost, Err(Error::EngineTimeout { .. })), "{lost:?}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }

    /// A fake engine holding `images` (`/images/json?all=1`) and `containers`
    /// (`/containers/json?all=1`), and the request lines it heard. Anything but those lists
    /// and `/system/df` is answered 500: a test that expects no engine call finds it heard.
    fn engine_holding(
        name: &str,
        images: String,
        containers: String,
    ) -> (
        crate::engine::Connection,
        std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    ) {
        engine_answering(name, images, containers, |_| None)
    }

    /// [`engine_holding`], with `more` answering the other requests it can (`None`: 500).
    fn engine_answering(
        name: &str,
        images: String,
        containers: String,
        more: impl Fn(&str) -> Option<crate::engine::fake::Answer> + Send + Sync + 'static,
    ) -> (
        crate::engine::Connection,
        std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    ) {
        use crate::engine::fake::{self, Answer};
        let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = heard.clone();
        let address = fake::scripted(name, fake::VERSION_1_41, true, move |line| {
            log.lock().unwrap().push(line.to_owned());
            let get = |path: &str| line.starts_with("GET ") && line.contains(path);
            if get("/images/json?all=1") {
                Answer::json(&images)
            } else if get("/containers/json?all=1") {
                Answer::json(&containers)
            } else if get("/system/df") {
                Answer::json(r#"{"LayersSize":0,"Images":[]}"#)
            } else {
                more(line).unwrap_or_else(|| {
                    Answer::status("500 Internal Server Error", r#"{"message":"not expected"}"#)
                })
            }
        });
        (crate::engine::Connection::new(address), heard)
    }

    /// Plans `selection` on `connection` and runs its action `kind`, with the events.
    async fn plan_and_run(
        connection: &crate::engine::Connection,
        selection: crate::removal::Selection,
        kind: crate::removal::ActionKind,
    ) -> (
        crate::removal::RemovalReport,
        Vec<crate::removal::RemovalEvent>,
    ) {
        use crate::removal::{execute_plan, make_plan, Outcome, PlanRegistry, RemovalRun};
        let plans = PlanRegistry::default();
        let plan = make_plan(connection, &plans, selection, None)
            .await
            .unwrap();
        let action = plan.actions.iter().find(|a| a.kind == kind);
        assert!(
            action.is_some_and(|a| matches!(a.outcome, Outcome::Succeeds { .. })),
            "{kind:?} goes through: {plan:#?}"
        );
        let mut events = Vec::new();
        let run = execute_plan(connection, &plans, &plan.id, kind, |e| events.push(e))
            .await
            .unwrap();
        match run {
            RemovalRun::Ran { report } => (report, events),
            other => panic!("nothing changed, yet {other:#?}"),
        }
    }

    /// A fake engine holding image `web:1` and its running container, started with
    /// `docker run --rm`: once stopped, the engine removes it by itself, so Imagen's
    /// `docker rm` meets "removal … is already in progress". `looks_after` counts the looks
    /// at the container after that; `gone` says, by look number (0 the first), whether it is
    /// gone at that look. Returns the connection, what it heard and the image.
    fn engine_removing_by_itself(
        name: &str,
        looks_after: std::sync::Arc<std::sync::atomic::AtomicU32>,
        gone: impl Fn(u32) -> bool + Send + Sync + 'static,
    ) -> (
        crate::engine::Connection,
        std::sync::Arc<std::sync::Mutex<Vec<String>>>,
        String,
    ) {
        use crate::engine::fake::Answer;
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let image = format!("sha256:{}", "a".repeat(64));
        let ctr = "1".repeat(64);
        let images = format!("[{}]", image_json(&image, "", &["web:1"]));
        let containers = format!("[{}]", container_json(&ctr, "web", &image, "running"));
        let removing = Arc::new(AtomicBool::new(false));
        let (id, c) = (image.clone(), ctr.clone());
        let (connection, heard) = engine_answering(name, images, containers, move |line| {
            let on_container = line.contains(&format!("/containers/{c}"));
            if on_container && line.starts_with("GET ") {
                if !removing.load(Ordering::SeqCst) {
                    return Some(Answer::json(r#"{"Config":{}}"#));
                }
                let look = looks_after.fetch_add(1, Ordering::SeqCst);
                return Some(if gone(look) {
                    Answer::status("404 Not Found", r#"{"message":"No such container"}"#)
                } else {
                    Answer::json(r#"{"Config":{},"State":{"Status":"removing"}}"#)
                });
            }
            if on_container && line.starts_with("POST ") && line.contains("/stop") {
                return Some(Answer::status("204 No Content", ""));
            }
            if on_container && line.starts_with("DELETE ") {
                removing.store(true, Ordering::SeqCst);
                return Some(Answer::status(
                    "409 Conflict",
                    &format!(r#"{{"message":"removal of container {c} is already in progress"}}"#),
                ));
            }
            if line.starts_with("GET ") && line.contains("/images/") {
                return Some(Answer::json(&format!(
                    r#"{{"Id":"{id}","RepoTags":["web:1"]}}"#
                )));
            }
            if line.starts_with("DELETE ") && line.contains("/images/") {
                return Some(Answer::json(&format!(
                    r#"[{{"Untagged":"web:1"}},{{"Deleted":"{id}"}}]"#
                )));
            }
            None
        });
        (connection, heard, image)
    }

    /// `docker run --rm -d -p 80:80 nginx`, then "Stop and remove, then delete": once
    /// stopped, the engine removes the container by itself, and Imagen's `docker rm` meets
    /// "removal … is already in progress". The container is gone a moment later: the step
    /// counts as already gone and the run goes on to the image.
    #[tokio::test]
    async fn a_container_the_engine_is_removing_by_itself_counts_as_already_gone() {
        use crate::removal::{ActionKind, RemovalEvent, Selection};
        use std::sync::atomic::{AtomicU32, Ordering};
        use std::sync::Arc;
        let looks_after = Arc::new(AtomicU32::new(0));
        // Still there at the first look after the 409, gone at the second.
        let (connection, heard, image) =
            engine_removing_by_itself("auto-remove", looks_after.clone(), |look| look >= 1);
        let selection = Selection {
            images: vec![ImageId::new(image.clone())],
            tags: vec![],
        };
        let (report, events) =
            plan_and_run(&connection, selection, ActionKind::StopRemoveDelete).await;
        assert!(
            report.failed.is_none(),
            "{report:#?}\n{:?}",
            heard.lock().unwrap()
        );
        assert_eq!(report.steps_run, 3, "{report:#?}");
        assert_eq!(report.deleted, vec![image.clone()]);
        assert_eq!(report.mismatch, None, "the run did what the plan said");
        assert!(
            events.contains(&RemovalEvent::Finished {
                step: 1,
                untagged: vec![],
                deleted: vec![],
                already_gone: true,
            }),
            "{events:#?}"
        );
        assert!(looks_after.load(Ordering::SeqCst) >= 2, "it waited for it");
    }

    /// Cancel pressed while Imagen waits for such a container to go (after its first look),
    /// on an engine whose looks at it say `gone` (given whether Cancel was pressed): the
    /// run's report and events, and whether the image was left alone. Checks that the wait
    /// ended at once and that nothing failed.
    async fn cancel_while_the_engine_removes_it(
        name: &str,
        gone: impl Fn(bool) -> bool + Send + Sync + 'static,
    ) -> (
        crate::removal::RemovalReport,
        Vec<crate::removal::RemovalEvent>,
        bool,
    ) {
        use crate::removal::{
            execute_plan, make_plan, ActionKind, PlanRegistry, RemovalRun, Selection,
        };
        use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
        use std::sync::Arc;
        let looks_after = Arc::new(AtomicU32::new(0));
        let pressed = Arc::new(AtomicBool::new(false));
        let seen = pressed.clone();
        let (connection, heard, image) =
            engine_removing_by_itself(name, looks_after.clone(), move |_| {
                gone(seen.load(Ordering::SeqCst))
            });
        let selection = Selection {
            images: vec![ImageId::new(image)],
            tags: vec![],
        };
        let plans = PlanRegistry::default();
        let plan = make_plan(&connection, &plans, selection, None)
            .await
            .unwrap();
        // The user presses Cancel once Imagen is waiting: after its first look. (One thread:
        // the run does not go on between `pressed` and the cancel.)
        let (registry, id, looks) = (plans.clone(), plan.id.clone(), looks_after.clone());
        let presses = tokio::spawn(async move {
            while looks.load(Ordering::SeqCst) == 0 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            pressed.store(true, Ordering::SeqCst);
            assert!(registry.cancel(&id), "the run is still going");
            Instant::now()
        });
        let mut events = Vec::new();
        let run = execute_plan(
            &connection,
            &plans,
            &plan.id,
            ActionKind::StopRemoveDelete,
            |e| events.push(e),
        )
        .await
        .unwrap();
        let ended = Instant::now();
        let pressed = presses.await.unwrap();
        let RemovalRun::Ran { report } = run else {
            panic!("nothing changed, yet {run:#?}");
        };
        assert!(
            ended.duration_since(pressed) < Duration::from_secs(2),
            "it stopped waiting at once: {:?}",
            ended.duration_since(pressed)
        );
        assert!(report.cancelled, "{report:#?}");
        assert!(report.failed.is_none(), "{report:#?}");
        assert!(report.deleted.is_empty() && report.untagged.is_empty());
        assert_eq!(report.mismatch, None);
        let image_left = !heard
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("DELETE ") && l.contains("/images/"));
        (report, events, image_left)
    }

    /// The events of a run stopped during the container's removal: the Stop went through.
    fn stopped_then_started_removing() -> Vec<crate::removal::RemovalEvent> {
        use crate::removal::RemovalEvent;
        vec![
            RemovalEvent::Started { step: 0 },
            RemovalEvent::Finished {
                step: 0,
                untagged: vec![],
                deleted: vec![],
                already_gone: false,
            },
            RemovalEvent::Started { step: 1 },
        ]
    }

    /// Cancel pressed while Imagen waits for such a container to go ends the wait at once.
    /// Still there at a last look, the engine goes on removing it: the report says so (the
    /// step is the engine's own removal, not "not run"), and the image is untouched.
    #[tokio::test]
    async fn cancel_ends_the_wait_for_a_container_the_engine_is_removing_by_itself() {
        let (report, events, image_left) =
            cancel_while_the_engine_removes_it("auto-remove-cancel", |_| false).await;
        assert_eq!(
            report.steps_run, 1,
            "only the Stop went through: {report:#?}"
        );
        assert_eq!(
            report.engine_removing,
            Some(1),
            "the Remove is the engine's own, under way: {report:#?}"
        );
        assert_eq!(
            events,
            stopped_then_started_removing(),
            "the Remove neither finished nor failed"
        );
        assert!(image_left, "the image was not touched");
    }

    /// The same, with the container gone by the time Cancel is pressed: the last look finds
    /// it gone, so the step counts as already gone, and the run stops before the image.
    #[tokio::test]
    async fn a_container_gone_when_cancel_ends_the_wait_counts_as_already_gone() {
        use crate::removal::RemovalEvent;
        let (report, events, image_left) =
            cancel_while_the_engine_removes_it("auto-remove-cancel-gone", |pressed| pressed).await;
        assert_eq!(report.steps_run, 2, "the Stop, and the Remove: {report:#?}");
        assert_eq!(report.engine_removing, None, "{report:#?}");
        let mut expected = stopped_then_started_removing();
        expected.push(RemovalEvent::Finished {
            step: 1,
            untagged: vec![],
            deleted: vec![],
            already_gone: true,
        });
        assert_eq!(events, expected);
        assert!(image_left, "the run stopped before the image");
    }

    /// A container the engine is still removing when the wait is over is not gone.
    #[tokio::test]
    async fn a_container_still_being_removed_after_the_wait_is_not_taken_for_gone() {
        use crate::engine::fake::{self, Answer};
        let ctr = "2".repeat(64);
        let address = fake::scripted("still-removing", fake::VERSION_1_41, true, |line| {
            if line.starts_with("GET ") && line.contains("/containers/") {
                Answer::json(r#"{"State":{"Status":"removing"}}"#)
            } else {
                Answer::status("500 Internal Server Error", r#"{"message":"not expected"}"#)
            }
        });
        let engine = Engine::connect(address).await.unwrap();
        let started = Instant::now();
        let gone = super::removed_meanwhile(&engine, &ctr, Duration::from_millis(500))
            .await
            .unwrap();
        assert!(!gone);
        assert!(started.elapsed() >= Duration::from_millis(500));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    /// Docker's containerd image store answers a delete the plan predicts with an untag
    /// only (the image stays, as `<none>`): the report says the image was not deleted.
    #[tokio::test]
    async fn an_image_the_engine_only_untagged_is_reported_as_not_deleted() {
        use crate::engine::fake::Answer;
        use crate::removal::{ActionKind, ImageKept, Outcome, PlanMismatch, Selection};
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let image = format!("sha256:{}", "e".repeat(64));
        let images = format!("[{}]", image_json(&image, "", &["app:1"]));
        let untagged = Arc::new(AtomicBool::new(false));
        let (flag, id) = (untagged.clone(), image.clone());
        let (connection, _) = engine_answering("only-untagged", images, "[]".into(), move |line| {
            if line.starts_with("GET ") && line.contains("/images/") {
                let tags = if flag.load(Ordering::SeqCst) {
                    ""
                } else {
                    r#""app:1""#
                };
                return Some(Answer::json(&format!(
                    r#"{{"Id":"{id}","RepoTags":[{tags}]}}"#
                )));
            }
            if line.starts_with("DELETE ") && line.contains("/images/") {
                flag.store(true, Ordering::SeqCst);
                return Some(Answer::json(r#"[{"Untagged":"app:1"}]"#));
            }
            None
        });
        let selection = Selection {
            images: vec![ImageId::new(image.clone())],
            tags: vec![],
        };
        let plans = crate::removal::PlanRegistry::default();
        let plan = crate::removal::make_plan(&connection, &plans, selection.clone(), None)
            .await
            .unwrap();
        assert!(matches!(
            &plan.actions[0].outcome,
            Outcome::Succeeds { deleted, .. } if deleted == &vec![ImageId::new(image.clone())]
        ));
        let (report, _) = plan_and_run(&connection, selection, ActionKind::Delete).await;
        assert!(report.failed.is_none(), "{report:#?}");
        assert_eq!(
            report.mismatch,
            Some(PlanMismatch {
                not_deleted: vec![ImageKept {
                    image: ImageId::new(image),
                    name: "app:1".into(),
                    tags: vec![],
                }],
                not_untagged: vec![],
                also_deleted: vec![],
            })
        );
    }

    /// A base image and its child, as Docker's containerd image store lists them (each image
    /// named by its ID as a digest) or as the classic store does.
    fn base_and_kid(base: &str, kid: &str, containerd: bool) -> String {
        let listed = |id: &str, parent: &str, tag: &str| {
            let json = image_json(id, parent, &[tag]);
            if !containerd {
                return json;
            }
            let repo = tag.split(':').next().unwrap();
            json.replace(
                r#""RepoDigests":[]"#,
                &format!(r#""RepoDigests":["{repo}@{id}"]"#),
            )
        };
        format!(
            "[{},{}]",
            listed(base, "", "base:1"),
            listed(kid, base, "kid:1")
        )
    }

    /// An engine that answers every delete with `base:1` untagged and `base` deleted, and
    /// keeps `base` all the same (nameless once a delete ran), as the containerd store does
    /// when an image with children loses its last name without force.
    fn kept_after_delete(
        base: &str,
    ) -> impl Fn(&str) -> Option<crate::engine::fake::Answer> + Send + Sync + 'static {
        use crate::engine::fake::Answer;
        use std::sync::atomic::{AtomicBool, Ordering};
        let deleted = AtomicBool::new(false);
        let id = base.to_owned();
        move |line| {
            if line.starts_with("GET ") && line.contains("/images/") {
                let tags = if deleted.load(Ordering::SeqCst) {
                    ""
                } else {
                    r#""base:1""#
                };
                return Some(Answer::json(&format!(
                    r#"{{"Id":"{id}","RepoTags":[{tags}]}}"#
                )));
            }
            if line.starts_with("DELETE ") && line.contains("/images/") {
                deleted.store(true, Ordering::SeqCst);
                return Some(Answer::json(&format!(
                    r#"[{{"Untagged":"base:1"}},{{"Deleted":"{id}"}}]"#
                )));
            }
            None
        }
    }

    /// On the containerd store an image with children is deleted: its last name goes (the
    /// store keeps it as `<none>`), then the image by ID. No child-image conflict there.
    #[tokio::test]
    async fn on_the_containerd_store_an_image_with_children_is_deleted_by_name_then_id() {
        use crate::removal::{ActionKind, Outcome, Selection, Step};
        let (base, kid) = (
            format!("sha256:{}", "a".repeat(64)),
            format!("sha256:{}", "b".repeat(64)),
        );
        let images = base_and_kid(&base, &kid, true);
        let (connection, heard) = engine_answering(
            "c8d-children",
            images,
            "[]".into(),
            kept_after_delete(&base),
        );
        let selection = Selection {
            images: vec![ImageId::new(base.clone())],
            tags: vec![],
        };
        let plans = crate::removal::PlanRegistry::default();
        let plan = crate::removal::make_plan(&connection, &plans, selection.clone(), None)
            .await
            .unwrap();
        assert_eq!(plan.images[0].verdict, crate::removal::Verdict::Delete);
        let delete = &plan.actions[0];
        assert_eq!(delete.kind, ActionKind::Delete, "{plan:#?}");
        let targets: Vec<&str> = delete
            .steps
            .iter()
            .map(|s| match s {
                Step::RemoveImage { reference, .. } => reference.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(targets, ["base:1", base.as_str()]);
        assert!(matches!(
            &delete.outcome,
            Outcome::Succeeds { deleted, .. } if deleted == &vec![ImageId::new(base.clone())]
        ));
        let (report, _) = plan_and_run(&connection, selection, ActionKind::Delete).await;
        assert!(report.failed.is_none(), "{report:#?}");
        assert_eq!(report.mismatch, None);
        let deletes = heard
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.starts_with("DELETE "))
            .count();
        assert_eq!(deletes, 2);
    }

    /// An engine that answers `Deleted` for an image it keeps (the containerd store does, for
    /// an image with children whose last name goes without force): an image seen still there
    /// after the run is not said to be deleted unforeseen.
    #[tokio::test]
    async fn an_image_the_engine_says_it_deleted_but_kept_is_no_difference() {
        use crate::removal::{ActionKind, SelectedTag, Selection};
        let (base, kid) = (
            format!("sha256:{}", "a".repeat(64)),
            format!("sha256:{}", "b".repeat(64)),
        );
        let images = base_and_kid(&base, &kid, false);
        let (connection, _) = engine_answering(
            "kept-deleted",
            images,
            "[]".into(),
            kept_after_delete(&base),
        );
        let selection = Selection {
            images: vec![],
            tags: vec![SelectedTag::new("base:1", base.clone())],
        };
        let (report, _) = plan_and_run(&connection, selection, ActionKind::RemoveTag).await;
        assert!(report.failed.is_none(), "{report:#?}");
        assert_eq!(report.mismatch, None);
    }

    /// On the containerd store, that answer is looked at when the step ends: the image, still
    /// there as `<none>`, is not reported deleted.
    #[tokio::test]
    async fn on_the_containerd_store_an_image_kept_as_none_is_not_reported_deleted() {
        use crate::removal::{ActionKind, Outcome, RemovalEvent, SelectedTag, Selection};
        let (base, kid) = (
            format!("sha256:{}", "a".repeat(64)),
            format!("sha256:{}", "b".repeat(64)),
        );
        let images = base_and_kid(&base, &kid, true);
        let (connection, _) =
            engine_answering("c8d-kept", images, "[]".into(), kept_after_delete(&base));
        let selection = Selection {
            images: vec![],
            tags: vec![SelectedTag::new("base:1", base.clone())],
        };
        let plans = crate::removal::PlanRegistry::default();
        let plan = crate::removal::make_plan(&connection, &plans, selection.clone(), None)
            .await
            .unwrap();
        let remove = plan
            .actions
            .iter()
            .find(|a| a.kind == ActionKind::RemoveTag);
        assert!(
            remove.is_some_and(|a| matches!(&a.outcome,
                Outcome::Succeeds { deleted, left_nameless, .. }
                    if deleted.is_empty() && left_nameless == &vec![ImageId::new(base.clone())])),
            "{plan:#?}"
        );
        let (report, events) = plan_and_run(&connection, selection, ActionKind::RemoveTag).await;
        assert!(report.failed.is_none(), "{report:#?}");
        assert_eq!(report.untagged, ["base:1"]);
        assert!(report.deleted.is_empty(), "{report:#?}");
        assert!(events
            .iter()
            .all(|e| !matches!(e, RemovalEvent::Finished { deleted, .. } if !deleted.is_empty())));
        assert_eq!(report.mismatch, None);
    }

    /// An image the engine deletes unforeseen, seen gone after the run, is said.
    #[tokio::test]
    async fn an_image_deleted_unforeseen_and_gone_is_said() {
        use crate::engine::fake::Answer;
        use crate::removal::{ActionKind, ImageDeleted, SelectedTag, Selection};
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let (base, kid) = (
            format!("sha256:{}", "a".repeat(64)),
            format!("sha256:{}", "b".repeat(64)),
        );
        let images = base_and_kid(&base, &kid, false);
        let deleted = Arc::new(AtomicBool::new(false));
        let (flag, id) = (deleted.clone(), base.clone());
        let (connection, _) =
            engine_answering("gone-unforeseen", images, "[]".into(), move |line| {
                if line.starts_with("GET ") && line.contains("/images/") {
                    if flag.load(Ordering::SeqCst) {
                        return Some(Answer::status(
                            "404 Not Found",
                            r#"{"message":"No such image"}"#,
                        ));
                    }
                    return Some(Answer::json(&format!(
                        r#"{{"Id":"{id}","RepoTags":["base:1"]}}"#
                    )));
                }
                if line.starts_with("DELETE ") && line.contains("/images/") {
                    flag.store(true, Ordering::SeqCst);
                    return Some(Answer::json(&format!(
                        r#"[{{"Untagged":"base:1"}},{{"Deleted":"{id}"}}]"#
                    )));
                }
                None
            });
        let selection = Selection {
            images: vec![],
            tags: vec![SelectedTag::new("base:1", base.clone())],
        };
        let (report, _) = plan_and_run(&connection, selection, ActionKind::RemoveTag).await;
        assert!(report.failed.is_none(), "{report:#?}");
        let mismatch = report.mismatch.expect("a difference");
        assert_eq!(
            mismatch.also_deleted,
            [ImageDeleted {
                image: ImageId::new(base.clone()),
                name: "base:1".into(),
            }]
        );
    }

    /// The engine's answers leave the image out, and then it cannot be asked: nothing is said
    /// (a guess from the answers is not a difference seen).
    #[tokio::test]
    async fn what_cannot_be_looked_at_after_a_run_is_not_called_a_difference() {
        use crate::engine::fake::Answer;
        use crate::removal::{ActionKind, Selection};
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let image = format!("sha256:{}", "f".repeat(64));
        let images = format!("[{}]", image_json(&image, "", &["app:1"]));
        let ran = Arc::new(AtomicBool::new(false));
        let (flag, id) = (ran.clone(), image.clone());
        let (connection, _) = engine_answering("cannot-look", images, "[]".into(), move |line| {
            if line.starts_with("GET ") && line.contains("/images/") {
                if flag.load(Ordering::SeqCst) {
                    return Some(Answer::status(
                        "500 Internal Server Error",
                        r#"{"message":"shutting down"}"#,
                    ));
                }
                return Some(Answer::json(&format!(
                    r#"{{"Id":"{id}","RepoTags":["app:1"]}}"#
                )));
            }
            if line.starts_with("DELETE ") && line.contains("/images/") {
                flag.store(true, Ordering::SeqCst);
                return Some(Answer::json("[]"));
            }
            None
        });
        let selection = Selection {
            images: vec![ImageId::new(image)],
            tags: vec![],
        };
        let (report, _) = plan_and_run(&connection, selection, ActionKind::Delete).await;
        assert!(report.failed.is_none(), "{report:#?}");
        assert_eq!(report.mismatch, None);
    }

    fn image_json(id: &str, parent: &str, tags: &[&str]) -> String {
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        format!(
            r#"{{"Id":"{id}","ParentId":"{parent}","RepoTags":[{}],"RepoDigests":[],"Created":1,"Size":4096,"SharedSize":-1,"Labels":{{}},"Containers":-1}}"#,
            tags.join(",")
        )
    }

    fn container_json(id: &str, name: &str, image: &str, state: &str) -> String {
        format!(
            r#"{{"Id":"{id}","Names":["/{name}"],"Image":"{image}","ImageID":"{image}","State":"{state}","Created":1}}"#
        )
    }

    /// The web view is untrusted: an action the plan predicts the engine refuses (which the
    /// UI never offers) is refused at the door, and nothing reaches the engine. Run, it
    /// would stop and remove containers or untag a tag, and only then fail.
    #[tokio::test]
    async fn an_action_the_plan_predicts_refused_is_not_run() {
        use crate::removal::{
            execute_plan, make_plan, ActionKind, Outcome, PlanRegistry, SelectedTag, Selection,
        };
        let base = format!("sha256:{}", "b".repeat(64));
        let kid = format!("sha256:{}", "c".repeat(64));
        let two = format!("sha256:{}", "d".repeat(64));
        let images = format!(
            "[{},{},{}]",
            image_json(&base, "", &["base:1"]),
            image_json(&kid, &base, &["kid:1"]),
            image_json(&two, "", &["app:1", "app:2"]),
        );
        let containers = format!(
            "[{},{}]",
            container_json(&"1".repeat(64), "web-1", &base, "running"),
            container_json(&"2".repeat(64), "job-1", &two, "exited"),
        );
        let (connection, heard) = engine_holding("refused-action", images, containers);
        let plans = PlanRegistry::default();
        let cases = [
            // A child image blocks the delete even after the container is gone.
            (
                Selection {
                    images: vec![ImageId::new(base.clone())],
                    tags: vec![],
                },
                ActionKind::StopRemoveDelete,
            ),
            // Two tags and a stopped container: the first untag goes, the second is refused.
            (
                Selection {
                    images: vec![ImageId::new(two.clone())],
                    tags: vec![],
                },
                ActionKind::Delete,
            ),
            // A selected tag on the same image, as a Remove tag would be forged.
            (
                Selection {
                    images: vec![],
                    tags: vec![SelectedTag::new("app:2", two.clone())],
                },
                ActionKind::ForceDelete,
            ),
        ];
        for (selection, kind) in cases {
            let plan = make_plan(&connection, &plans, selection, None)
                .await
                .unwrap();
            let action = plan.actions.iter().find(|a| a.kind == kind);
            let Some(action) = action else {
                panic!("{kind:?} is in the plan: {plan:#?}");
            };
            if kind == ActionKind::ForceDelete {
                // Forcing the untag of one of two tags goes through: the door lets it by.
                assert!(matches!(action.outcome, Outcome::Succeeds { .. }));
                continue;
            }
            assert!(
                matches!(action.outcome, Outcome::Refused { .. }),
                "{kind:?}: {plan:#?}"
            );
            heard.lock().unwrap().clear();
            let answer = execute_plan(&connection, &plans, &plan.id, kind, |_| {}).await;
            assert!(
                matches!(&answer, Err(Error::InvalidInput { field, .. }) if field == "action"),
                "{kind:?}: {answer:?}"
            );
            assert!(
                heard.lock().unwrap().is_empty(),
                "{kind:?}: nothing reaches the engine: {:?}",
                heard.lock().unwrap()
            );
            // The plan is still there for what the UI offers.
            let delete = plan.actions[0].kind;
            assert!(plans.planned_commands(&plan.id, delete).is_some());
        }
    }

    #[test]
    fn reads_every_moby_conflict_message() {
        let cases = [
            ("conflict: unable to delete 1a2b3c4d5e6f (cannot be forced) - image has dependent child images", Some(R::ChildImages)),
            ("conflict: unable to delete 1a2b3c4d5e6f (cannot be forced) - image is being used by running container 0a1b2c3d4e5f", Some(R::RunningContainer)),
            ("conflict: unable to delete 1a2b3c4d5e6f (must be forced) - image is being used by stopped container 0a1b2c3d4e5f", Some(R::StoppedContainer)),
            ("conflict: unable to delete 1a2b3c4d5e6f (must be forced) - image is referenced in multiple repositories", Some(R::MultipleReferences)),
            ("conflict: unable to remove repository reference \"web:1\" (must force) - container 0a1b2c3d4e5f is using its referenced image 1a2b3c4d5e6f", Some(R::ReferenceInUse)),
            ("something else", None),
        ];
        for (msg, want) in cases {
            assert_eq!(conflict_reason(msg), want, "{msg}");
        }
    }
}
