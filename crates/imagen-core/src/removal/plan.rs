//! Building a removal plan: every action the selection allows, each simulated on the
//! model so its outcome is known before anything is deleted.

use super::model::{Conflict, Reason, Record, Refusal, Target, World};
use super::registry::PlanRegistry;
use super::types::*;
use super::world::{snapshot, Snapshot};
use crate::engine::{Connection, Engine};
use crate::error::{Error, Result};
use crate::images::{human_size, tags_and_digests, ContainerId, ImageId};
use crate::input;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Works out what removing `selection` would do, without changing anything.
pub async fn plan_removal(engine: &Engine, selection: &Selection) -> Result<RemovalPlan> {
    check_selection(selection)?;
    let snap = snapshot(engine).await?;
    let (selection, podman) = (selection.clone(), engine.info().podman);
    off_runtime(move || compute(&snap, &selection, podman)).await?
}

/// Runs `work` (planning: pure computation, long for a selection of thousands) on a thread
/// for blocking work, so the async runtime goes on serving the app's other calls meanwhile.
pub(crate) async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal {
            message: format!("planning the removal failed: {e}"),
        })
}

/// [`recompute`] off the async runtime ([`off_runtime`]); the snapshot comes back with the
/// plan, for the look at what changed and the run that follow.
pub(crate) async fn recompute_off(
    snap: Snapshot,
    selection: &Selection,
    podman: bool,
) -> Result<(Snapshot, Option<RemovalPlan>)> {
    let selection = selection.clone();
    off_runtime(move || {
        let plan = recompute(&snap, &selection, podman);
        (snap, plan)
    })
    .await
}

/// [`plan_removal`], kept in `plans` under the ID the plan carries, for
/// [`crate::removal::execute_plan`] to run. The selection is checked before the engine
/// is contacted. `seen_on`: the engine (address) the user chose the selection on, when the
/// window knew one. Imagen reconnected elsewhere meanwhile (in Automatic, a `docker context
/// use` and a restart) answers [`Error::EngineSwitched`] and plans nothing: the same image
/// IDs on the other engine are not what the user looked at.
pub async fn make_plan(
    connection: &Connection,
    plans: &PlanRegistry,
    selection: Selection,
    seen_on: Option<&str>,
) -> Result<RemovalPlan> {
    check_selection(&selection)?;
    let seen_on = seen_on.map(|e| input::text("engine", e)).transpose()?;
    let (plan, selection, address) = connection
        .run(|engine| async move {
            let address = engine.info().address.as_str().to_owned();
            still_on(seen_on, &address)?;
            plan_removal(&engine, &selection)
                .await
                .map(|p| (p, selection, address))
        })
        .await?;
    Ok(plans.keep_plan(selection, plan, &address))
}

/// [`Error::EngineSwitched`] when the engine reached (`address`) is not the one the user
/// saw (`seen_on`, when known).
pub(crate) fn still_on(seen_on: Option<&str>, address: &str) -> Result<()> {
    match seen_on {
        Some(seen) if seen != address => Err(Error::EngineSwitched {
            to: Some(address.to_owned()),
        }),
        _ => Ok(()),
    }
}

/// [`plan_removal`] on `connection`, for showing only: not kept, so it can never be run.
/// The selection is checked before the engine is contacted. `seen_on`: as for
/// [`make_plan`], the engine the image was listed on; on another one the containers there
/// are not the ones of the image shown, and the answer is [`Error::EngineSwitched`].
pub async fn preview_plan(
    connection: &Connection,
    selection: Selection,
    seen_on: Option<&str>,
) -> Result<RemovalPlan> {
    check_selection(&selection)?;
    let seen_on = seen_on.map(|e| input::text("engine", e)).transpose()?;
    connection
        .run(|engine| async move {
            still_on(seen_on, engine.info().address.as_str())?;
            plan_removal(&engine, &selection).await
        })
        .await
}

/// Most images one selection may name (Ctrl+A on a large engine stays well under it).
const MAX_SELECTED: usize = 100_000;

/// The selection comes from the web view: whole images by full ID, tags by reference.
fn check_selection(selection: &Selection) -> Result<()> {
    if selection.images.is_empty() && selection.tags.is_empty() {
        return Err(Error::EmptySelection);
    }
    if selection.images.len() + selection.tags.len() > MAX_SELECTED {
        return Err(Error::InvalidInput {
            field: "selection".into(),
            reason: format!("it names more than {MAX_SELECTED} images"),
        });
    }
    for id in &selection.images {
        input::full_image_id("image", id.as_str())?;
    }
    for tag in &selection.tags {
        input::image_name("tag", &tag.reference)?;
        input::full_image_id("image", tag.image.as_str())?;
    }
    Ok(())
}

/// One selected image: all of it, or some of its tags.
#[derive(Debug, Clone)]
struct Pick {
    id: String,
    /// `None` for the whole image.
    tags: Option<Vec<String>>,
}

pub(crate) fn compute(snap: &Snapshot, selection: &Selection, podman: bool) -> Result<RemovalPlan> {
    let picks = resolve(&snap.world, selection, false)?;
    Ok(compute_picks(snap, picks, podman))
}

/// The plan for what is left of `selection` on the engine now (images and tags gone
/// meanwhile are left out); `None` when nothing is left.
pub(crate) fn recompute(
    snap: &Snapshot,
    selection: &Selection,
    podman: bool,
) -> Option<RemovalPlan> {
    let picks = resolve(&snap.world, selection, true).ok()?;
    (!picks.is_empty()).then(|| compute_picks(snap, picks, podman))
}

fn compute_picks(snap: &Snapshot, picks: Vec<Pick>, podman: bool) -> RemovalPlan {
    let targets: HashSet<&str> = picks.iter().map(|p| p.id.as_str()).collect();

    let images = picks
        .iter()
        .map(|pick| plan_image(snap, pick))
        .collect::<Vec<_>>();

    let containers: Vec<PlanContainer> = snap
        .containers
        .iter()
        .filter(|c| targets.contains(c.image_id.as_str()))
        .cloned()
        .collect();

    let mut children = Vec::new();
    let mut listed: HashSet<String> = HashSet::new();
    for pick in &picks {
        for child in descendants(&snap.world, &pick.id) {
            if targets.contains(child.as_str()) || listed.contains(&child) {
                continue;
            }
            let Some(img) = snap.world.images.get(&child) else {
                continue;
            };
            // Intermediate build images (no name, children of their own) are plumbing;
            // the graph shows the images a user knows.
            if img.refs.is_empty() && snap.world.has_children(&child) {
                continue;
            }
            listed.insert(child.clone());
            children.push(PlanChild {
                id: ImageId::new(child.clone()),
                short_id: ImageId::new(child.clone()).short().to_owned(),
                display_name: display_name(snap, &child),
                parent: ImageId::new(pick.id.clone()),
            });
        }
    }

    let whole = picks.iter().any(|p| p.tags.is_none());
    let mut actions = Vec::new();
    let plain = simulate(snap, snap.world.clone(), &picks, Mode::Plain);
    actions.push(action(
        if whole {
            ActionKind::Delete
        } else {
            ActionKind::RemoveTag
        },
        plain,
    ));
    actions.push(action(
        ActionKind::ForceDelete,
        simulate(snap, snap.world.clone(), &picks, Mode::Force),
    ));
    let guided = simulate(snap, snap.world.clone(), &picks, Mode::Guided);
    if guided
        .steps
        .iter()
        .any(|s| matches!(s, Step::RemoveContainer { .. }))
    {
        actions.push(action(ActionKind::StopRemoveDelete, guided));
    }

    RemovalPlan {
        id: String::new(),
        images,
        containers,
        children,
        actions,
        podman,
    }
}

/// Resolves the selection and orders it children first, so a selection holding an image
/// and an image built on it deletes both. `lenient` leaves out what is gone instead of
/// failing.
fn resolve(world: &World, selection: &Selection, lenient: bool) -> Result<Vec<Pick>> {
    let mut picks: Vec<Pick> = Vec::new();
    // Where each image is in `picks`: a search of it per selected image was quadratic.
    let mut at: HashMap<String, usize> = HashMap::new();
    for id in &selection.images {
        let Some(full) = world.resolve(&Target::Id(id.as_str().to_owned())) else {
            if lenient {
                continue;
            }
            return Err(Error::NoSuchImage {
                reference: id.as_str().to_owned(),
            });
        };
        if !at.contains_key(&full) {
            at.insert(full.clone(), picks.len());
            picks.push(Pick {
                id: full,
                tags: None,
            });
        }
    }
    for selected in &selection.tags {
        let tag = &selected.reference;
        let seen = selected.image.as_str();
        let full = world.resolve(&Target::Name(tag.clone()));
        let full = match full {
            Some(full) if full == seen => full,
            // Moved to another image since the user chose it: that image is not what they
            // looked at. When re-planning, the tag is gone from the selection (and the
            // change says it moved).
            Some(now) if !lenient => {
                return Err(Error::TagMoved {
                    reference: tag.clone(),
                    seen: ImageId::new(seen),
                    now: ImageId::new(now),
                })
            }
            None if !lenient => {
                return Err(Error::NoSuchImage {
                    reference: tag.clone(),
                })
            }
            _ => continue,
        };
        match at.get(&full).map(|&i| &mut picks[i]) {
            Some(Pick { tags: None, .. }) => {} // the whole image is already selected
            Some(Pick {
                tags: Some(tags), ..
            }) => {
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                }
            }
            None => {
                at.insert(full.clone(), picks.len());
                picks.push(Pick {
                    id: full,
                    tags: Some(vec![tag.clone()]),
                })
            }
        }
    }
    if picks.is_empty() && !lenient {
        return Err(Error::EmptySelection);
    }
    // Stable sort: deeper images (longer parent chains) first.
    picks.sort_by_key(|p| std::cmp::Reverse(depth(world, &p.id)));
    Ok(picks)
}

fn depth(world: &World, id: &str) -> usize {
    let mut n = 0;
    let mut at = world.images.get(id).and_then(|i| i.parent.clone());
    while let Some(p) = at {
        n += 1;
        if n > 10_000 {
            break; // a cycle would be an engine bug; do not spin
        }
        at = world.images.get(&p).and_then(|i| i.parent.clone());
    }
    n
}

fn descendants(world: &World, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut queue = vec![id.to_owned()];
    while let Some(at) = queue.pop() {
        for child in world.children(&at) {
            if seen.insert(child.clone()) {
                out.push(child.clone());
                queue.push(child);
            }
        }
    }
    out
}

/// The name `docker images` would show first for image `id`, or `<none>:<none>`.
pub(crate) fn display_name(snap: &Snapshot, id: &str) -> String {
    let Some(img) = snap.images.get(id) else {
        return "<none>:<none>".into();
    };
    let (tags, digests) = tags_and_digests(&img.repo_tags, &img.repo_digests);
    tags.into_iter()
        .next()
        .or_else(|| {
            digests
                .first()
                .map(|d| format!("{}:<none>", d.split('@').next().unwrap_or(d)))
        })
        .unwrap_or_else(|| "<none>:<none>".into())
}

/// An image's tags and digests as plans show them: the card's (`tags_and_digests`).
fn names_of(img: Option<&bollard::models::ImageSummary>) -> (Vec<String>, Vec<String>) {
    img.map(|i| tags_and_digests(&i.repo_tags, &i.repo_digests))
        .unwrap_or_default()
}

fn plan_image(snap: &Snapshot, pick: &Pick) -> PlanImage {
    let img = snap.images.get(&pick.id);
    let (tags, digests) = names_of(img);
    let size = img.map_or(0, |i| i.size.max(0) as u64);
    // Judged alone, on the few images deleting it can touch: a copy of the whole store per
    // selected image made planning thousands of them quadratic.
    let alone = [pick.clone()];
    let around = snap.world.around(&pick.id);
    let plain = simulate(snap, around.clone(), &alone, Mode::Plain);
    let forced = simulate(snap, around, &alone, Mode::Force);
    let gone = |s: &Sim| !s.world.images.contains_key(&pick.id);
    let (verdict, reason, forced_reason) = match (&plain.refused, &forced.refused) {
        (None, _) if gone(&plain) => (Verdict::Delete, None, None),
        (None, _) => (Verdict::UntagOnly, None, None),
        (Some((_, c)), None) if gone(&forced) => (Verdict::NeedsForce, Some(reason_of(c)), None),
        (Some((_, c)), None) => (Verdict::PartialWithForce, Some(reason_of(c)), None),
        (Some((_, c)), Some((_, f))) => (Verdict::Blocked, Some(reason_of(c)), Some(reason_of(f))),
    };
    let id = ImageId::new(pick.id.clone());
    PlanImage {
        short_id: id.short().to_owned(),
        display_name: display_name(snap, &pick.id),
        tags,
        digests,
        selected_tags: pick.tags.clone().unwrap_or_default(),
        size,
        size_text: human_size(size),
        unique_size: snap.unique.get(&pick.id).copied(),
        verdict,
        reason,
        forced_reason,
        id,
    }
}

fn reason_of(c: &Conflict) -> ConflictReason {
    match c.reason {
        Reason::ChildImages => ConflictReason::ChildImages,
        Reason::RunningContainer(_) => ConflictReason::RunningContainer,
        Reason::MultipleReferences => ConflictReason::MultipleReferences,
        Reason::StoppedContainer(_) => ConflictReason::StoppedContainer,
        Reason::ReferenceInUse(_) => ConflictReason::ReferenceInUse,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `docker rmi` without force.
    Plain,
    /// `docker rmi -f`.
    Force,
    /// Stop and remove the containers in the way, then `docker rmi`.
    Guided,
}

/// Steps applied to a copy of the world as they are generated, so each next step can be
/// chosen from the state the previous ones leave.
struct Sim<'a> {
    snap: &'a Snapshot,
    world: World,
    steps: Vec<Step>,
    records: Vec<Record>,
    refused: Option<(u32, Conflict)>,
    stopped: Vec<ContainerId>,
    removed: Vec<ContainerId>,
}

impl Sim<'_> {
    /// `docker rmi [-f] reference`, where `reference` names `image` (a pick's full ID).
    fn rmi(&mut self, target: Target, reference: String, force: bool, image: &str) {
        if self.refused.is_some() {
            return;
        }
        self.steps.push(Step::RemoveImage {
            reference,
            force,
            image: ImageId::new(image),
        });
        match self.world.delete(&target, force, true) {
            Ok(mut r) => self.records.append(&mut r),
            // Already gone (pruned as a parent a step earlier): the engine answers 404
            // and Imagen carries on quietly.
            Err(Refusal::NotFound(_)) => {}
            Err(Refusal::Conflict(c)) => self.refused = Some((self.steps.len() as u32 - 1, c)),
        }
    }

    fn container_steps(&mut self, image_id: &str) {
        let snap = self.snap;
        for c in snap
            .containers
            .iter()
            .filter(|c| c.image_id.as_str() == image_id)
        {
            if self.removed.contains(&c.id) {
                continue;
            }
            let (container, name) = (c.id.clone(), c.name.clone());
            if c.state == ContainerState::Paused {
                self.steps.push(Step::Unpause {
                    container: container.clone(),
                    name: name.clone(),
                });
            }
            if c.state.is_running() {
                self.steps.push(Step::Stop {
                    container: container.clone(),
                    name: name.clone(),
                });
                self.world.stop_container(container.as_str());
                self.stopped.push(container.clone());
            }
            self.steps.push(Step::RemoveContainer {
                container: container.clone(),
                name,
            });
            self.world.remove_container(container.as_str());
            self.removed.push(container);
        }
    }
}

/// Runs `mode` for `picks` on `world`: the snapshot's world, or the part of it the picks
/// can touch ([`World::around`]).
fn simulate<'a>(snap: &'a Snapshot, world: World, picks: &[Pick], mode: Mode) -> Sim<'a> {
    let mut sim = Sim {
        snap,
        world,
        steps: Vec::new(),
        records: Vec::new(),
        refused: None,
        stopped: Vec::new(),
        removed: Vec::new(),
    };
    if mode == Mode::Guided {
        // Containers first, all of them, as the course teaches: stop, remove, then delete.
        for pick in picks {
            let needed = match &pick.tags {
                None => true,
                // Removing single tags only needs the containers out of the way when the
                // engine would refuse the untag because of them.
                Some(_) => {
                    let mut probe = snap.world.around(&pick.id);
                    pick_tags(pick).iter().any(|t| {
                        matches!(
                            probe.delete(&Target::Name(t.clone()), false, true),
                            Err(Refusal::Conflict(Conflict {
                                reason: Reason::ReferenceInUse(_)
                                    | Reason::StoppedContainer(_)
                                    | Reason::RunningContainer(_),
                                ..
                            }))
                        )
                    })
                }
            };
            if needed {
                sim.container_steps(&pick.id);
            }
        }
    }
    for pick in picks {
        // By ID, always the full ID (the engine call and the command shown, `Step::command`):
        // a short one could match an image pulled meanwhile.
        let full = pick.id.clone();
        match (&pick.tags, mode) {
            (None, Mode::Force) => sim.rmi(Target::Id(full.clone()), full, true, &pick.id),
            (Some(_), Mode::Force) => {
                for t in pick_tags(pick) {
                    sim.rmi(Target::Name(t.clone()), t, true, &pick.id);
                }
            }
            (None, _) => {
                // Untag every tag by name (what `docker rmi a:1 a:2` does), then the ID if
                // the image is still there (no tags, or digests of other repositories).
                let tags: Vec<String> = sim
                    .world
                    .images
                    .get(&pick.id)
                    .map(|i| {
                        i.refs
                            .iter()
                            .filter(|r| !r.digest)
                            .map(|r| r.text.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                for t in tags {
                    sim.rmi(Target::Name(t.clone()), t, false, &pick.id);
                }
                if sim.refused.is_none() && sim.world.images.contains_key(&pick.id) {
                    sim.rmi(Target::Id(full.clone()), full, false, &pick.id);
                }
            }
            (Some(_), _) => {
                for t in pick_tags(pick) {
                    sim.rmi(Target::Name(t.clone()), t, false, &pick.id);
                }
            }
        }
    }
    sim
}

fn pick_tags(pick: &Pick) -> Vec<String> {
    pick.tags.clone().unwrap_or_default()
}

fn action(kind: ActionKind, sim: Sim<'_>) -> PlanAction {
    let commands = sim.steps.iter().map(Step::command).collect();
    let outcome = match &sim.refused {
        Some((step, c)) => Outcome::Refused {
            step: *step,
            image: ImageId::new(c.image_id.clone()),
            reason: reason_of(c),
            hard: c.hard,
            container: match &c.reason {
                Reason::RunningContainer(id)
                | Reason::StoppedContainer(id)
                | Reason::ReferenceInUse(id) => Some(ContainerId::new(id.clone())),
                _ => None,
            },
        },
        None => {
            let mut untagged = Vec::new();
            let mut deleted = Vec::new();
            for r in &sim.records {
                match r {
                    Record::Untagged(t) => untagged.push(t.clone()),
                    Record::Deleted(id) => deleted.push(ImageId::new(id.clone())),
                }
            }
            let before: BTreeSet<&String> = sim.snap.world.images.keys().collect();
            let left_nameless: Vec<ImageId> = before
                .iter()
                .filter(|id| {
                    let had = sim
                        .snap
                        .world
                        .images
                        .get(**id)
                        .is_some_and(|i| !i.refs.is_empty());
                    let now = sim.world.images.get(**id);
                    had && now.is_some_and(|i| i.refs.is_empty())
                })
                .map(|id| ImageId::new((*id).clone()))
                .collect();
            // A container left behind keeps its image's layers on disk (its own layer is
            // stacked on them), so a forced delete frees nothing until it is removed.
            let freed = deleted
                .iter()
                .filter(|id| {
                    !sim.world
                        .containers
                        .iter()
                        .any(|c| c.image_id == id.as_str())
                })
                .filter_map(|id| sim.snap.unique.get(id.as_str()))
                .sum();
            let orphaned = sim
                .world
                .containers
                .iter()
                .filter(|c| {
                    deleted.iter().any(|d| d.as_str() == c.image_id)
                        || left_nameless.iter().any(|d| d.as_str() == c.image_id)
                })
                .map(|c| ContainerId::new(c.id.clone()))
                .collect();
            Outcome::Succeeds {
                untagged,
                deleted,
                left_nameless,
                freed,
                freed_text: human_size(freed),
                stopped: sim.stopped.clone(),
                removed_containers: sim.removed.clone(),
                orphaned,
            }
        }
    };
    PlanAction {
        kind,
        steps: sim.steps,
        commands,
        outcome,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::removal::model::copied;
    use crate::removal::world::build;
    use crate::removal::world::EngineContainer;
    use bollard::models::ImageSummary;
    use std::collections::HashMap;

    fn id(i: usize) -> String {
        format!("sha256:{:064x}", i + 1)
    }

    fn image(i: usize, parent: Option<usize>, tags: &[&str]) -> ImageSummary {
        ImageSummary {
            id: id(i),
            parent_id: parent.map(id).unwrap_or_default(),
            repo_tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            size: 4096,
            ..ImageSummary::default()
        }
    }

    fn container(n: usize, image: usize, running: bool) -> EngineContainer {
        EngineContainer {
            id: Some(format!("{n:064x}")),
            names: Some(vec![format!("/c{n}")]),
            image_id: Some(id(image)),
            state: Some(if running { "running" } else { "exited" }.into()),
            ..EngineContainer::default()
        }
    }

    /// Every case the model knows, side by side: classic builder chains (a tagged parent,
    /// an untagged one between), siblings, an image with two tags, a digest, running and
    /// stopped containers, a dangling image; an untagged parent with many children (a
    /// classic builder's cache) and one with a single child; two images sharing a digest,
    /// one the other's parent.
    fn mixed() -> Snapshot {
        let mut digest = image(9, None, &["dig:1"]);
        digest.repo_digests = vec![format!("dig@sha256:{}", "e".repeat(64))];
        // 19 and its parent 20 share a digest reference; 19 has a child of its own (21).
        let shared = format!("plat@sha256:{}", "f".repeat(64));
        let mut shares = image(19, Some(20), &["plat:a"]);
        shares.repo_digests = vec![shared.clone()];
        let mut shared_parent = image(20, None, &["plat:b"]);
        shared_parent.repo_digests = vec![shared];
        let images = vec![
            image(0, None, &["base:1"]),
            image(1, Some(0), &[]),
            image(2, Some(1), &["top:1"]),
            image(3, Some(0), &["sib:1", "sib:2"]),
            image(4, None, &["two:1", "two:2"]),
            image(5, None, &["run:1"]),
            image(6, None, &[]),
            image(7, Some(6), &["kid:1"]),
            image(8, Some(2), &["leaf:1"]),
            digest,
            // The cache: untagged 10 with children 11 to 16, and 17 below 16.
            image(10, None, &[]),
            image(11, Some(10), &["many:1"]),
            image(12, Some(10), &["many:2"]),
            image(13, Some(10), &[]),
            image(14, Some(10), &["many:4", "many:5"]),
            image(15, Some(10), &[]),
            image(16, Some(10), &[]),
            image(17, Some(16), &["many:7"]),
            // An untagged parent with one child.
            image(18, None, &[]),
            image(22, Some(18), &["only:1"]),
            shares,
            shared_parent,
            image(21, Some(19), &[]),
        ];
        let containers = vec![
            container(1, 4, false),
            container(2, 5, true),
            container(3, 3, false),
            container(4, 8, true),
            container(5, 12, false),
            container(6, 15, true),
        ];
        build(images, &containers, HashMap::new(), 0)
    }

    /// The containerd store lists an image pulled by digest alone under `RepoTags` as
    /// `repo@sha256:…`: a plan shows it among the digests, as the card does, and names the
    /// image `repo:<none>`, as `docker images` does.
    #[test]
    fn a_digest_listed_among_the_tags_is_shown_as_a_digest() {
        let digest = format!("reg/one@sha256:{}", "e".repeat(64));
        let snap = build(vec![image(0, None, &[&digest])], &[], HashMap::new(), 0);
        let shown = plan_image(
            &snap,
            &Pick {
                id: id(0),
                tags: None,
            },
        );
        assert!(shown.tags.is_empty(), "{shown:?}");
        assert_eq!(shown.digests, [digest]);
        assert_eq!(shown.display_name, "reg/one:<none>");
    }

    /// An image judged alone on the part of the store it can touch comes out as it does on
    /// the whole store: the same calls, refusal and records, in every mode.
    #[test]
    fn judging_an_image_on_its_part_of_the_store_is_judging_it_on_all_of_it() {
        // On either store: the containerd store's rules differ (no child-image conflict).
        for containerd in [false, true] {
            let mut snap = mixed();
            snap.world.containerd = containerd;
            judged_alone_as_on_all(&snap);
        }
    }

    fn judged_alone_as_on_all(snap: &Snapshot) {
        for id in snap.world.images.keys() {
            let img = &snap.world.images[id];
            let mut picks = vec![Pick {
                id: id.clone(),
                tags: None,
            }];
            for r in img.refs.iter().filter(|r| !r.digest) {
                picks.push(Pick {
                    id: id.clone(),
                    tags: Some(vec![r.text.clone()]),
                });
            }
            for pick in picks {
                let alone = [pick.clone()];
                for mode in [Mode::Plain, Mode::Force, Mode::Guided] {
                    let all = simulate(snap, snap.world.clone(), &alone, mode);
                    let part = simulate(snap, snap.world.around(id), &alone, mode);
                    assert_eq!(all.steps, part.steps, "{pick:?} {mode:?}");
                    assert_eq!(all.refused, part.refused, "{pick:?} {mode:?}");
                    assert_eq!(all.records, part.records, "{pick:?} {mode:?}");
                    assert_eq!(
                        all.world.images.contains_key(id),
                        part.world.images.contains_key(id),
                        "{pick:?} {mode:?}"
                    );
                }
            }
        }
    }

    /// Copies of images made to plan the removal of every image of `snap` at once, and how
    /// many images that is.
    fn copies_to_plan_all(snap: &Snapshot) -> (usize, usize) {
        let selection = Selection {
            images: snap.world.images.keys().map(ImageId::new).collect(),
            tags: vec![],
        };
        copied::take();
        let plan = compute(snap, &selection, false).unwrap();
        let copies = copied::take();
        assert_eq!(plan.images.len(), selection.images.len());
        (copies, selection.images.len())
    }

    /// Planning thousands of images copies the store a fixed number of times (once per
    /// action), not once or twice per selected image: that made planning 4,000 images take
    /// a minute. Counted, not timed.
    #[test]
    fn a_plan_copies_the_store_a_fixed_number_of_times() {
        let n = 2000;
        let images = (0..n)
            .map(|i| {
                let tag = format!("app{i}:1");
                image(i, (i % 10 == 5).then(|| i - 1), &[tag.as_str()])
            })
            .collect();
        let containers: Vec<_> = (0..n)
            .step_by(13)
            .map(|i| container(i, i, i % 2 == 0))
            .collect();
        let snap = build(images, &containers, HashMap::new(), 0);
        let (copies, n) = copies_to_plan_all(&snap);
        assert!(
            copies <= 4 * n + 10 * n,
            "{copies} images copied to plan {n}: the store is copied per selected image"
        );

        // One untagged parent with 2,000 children (a classic builder's cache): judging each
        // child needs its parent's other children only as "are there any", not all of them.
        let images = std::iter::once(image(0, None, &[]))
            .chain((1..=n).map(|i| {
                let tag = format!("app{i}:1");
                image(i, Some(0), &[tag.as_str()])
            }))
            .collect();
        let snap = build(images, &containers, HashMap::new(), 0);
        let (copies, n) = copies_to_plan_all(&snap);
        assert!(
            copies <= 4 * n + 10 * n,
            "{copies} images copied to plan {n} siblings: each copies its siblings"
        );
    }

    /// The Learn panel's preview names the containers of the image shown: asked on another
    /// engine than the one its list came from, it reads nothing and says where Imagen is.
    #[tokio::test]
    async fn a_preview_is_not_made_on_another_engine_than_the_one_the_image_was_listed_on() {
        use crate::engine::fake::{self, Answer};
        use crate::engine::Connection;
        let image = id(0);
        let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let log = heard.clone();
        let listing = format!(
            r#"[{{"Id":"{image}","ParentId":"","RepoTags":["web:1"],"RepoDigests":[],"Created":1,"Size":4096,"SharedSize":-1,"Labels":{{}},"Containers":-1}}]"#
        );
        let address = fake::scripted("preview-switched", fake::VERSION_1_41, true, move |line| {
            log.lock().unwrap().push(line.to_owned());
            if line.contains("/images/json") {
                Answer::json(&listing)
            } else if line.contains("/containers/json") {
                Answer::json("[]")
            } else if line.contains("/system/df") {
                Answer::json(r#"{"LayersSize":0,"Images":[]}"#)
            } else {
                Answer::status("500 Internal Server Error", r#"{"message":"not expected"}"#)
            }
        });
        let here = address.as_str().to_owned();
        let connection = Connection::new(address);
        let selection = Selection {
            images: vec![crate::images::ImageId::new(image)],
            tags: vec![],
        };
        let elsewhere = "unix:///Users/ana/.colima/default/docker.sock";
        let refused = preview_plan(&connection, selection.clone(), Some(elsewhere)).await;
        assert_eq!(
            refused,
            Err(Error::EngineSwitched {
                to: Some(here.clone())
            })
        );
        assert!(
            !heard
                .lock()
                .unwrap()
                .iter()
                .any(|l| l.contains("/images/json")),
            "nothing was read: {:?}",
            heard.lock().unwrap()
        );
        let plan = preview_plan(&connection, selection, Some(&here))
            .await
            .unwrap();
        assert_eq!(plan.images.len(), 1);
    }
}
