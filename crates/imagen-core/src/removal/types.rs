//! What crosses to the UI: the selection, the plan, its actions and their outcomes.

use crate::images::{ContainerId, ImageId};
use crate::record::{docker, shell_line};
use crate::Error;
use serde::{Deserialize, Serialize};

/// What the user chose to remove: whole images (by ID) and single tags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// Whole images, every tag included (full IDs).
    pub images: Vec<ImageId>,
    /// Single references (`nginx:alpine`), each removed on its own, with the image the user
    /// saw it on.
    pub tags: Vec<SelectedTag>,
}

/// One tag chosen for removal, and the image it named where the user chose it (the
/// inspector of that image). A tag moved since, by a `docker build -t` or `docker tag` in a
/// terminal, names an image the user never looked at: planning refuses it
/// ([`Error::TagMoved`]) instead of removing it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SelectedTag {
    /// The reference, as the image lists it (`nginx:alpine`).
    pub reference: String,
    /// The full ID of the image it named for the user.
    pub image: ImageId,
}

impl SelectedTag {
    /// `reference` on the image `image`.
    pub fn new(reference: impl Into<String>, image: impl Into<String>) -> Self {
        Self {
            reference: reference.into(),
            image: ImageId::new(image),
        }
    }
}

/// A container's state, as `/containers/json` words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ContainerState {
    /// Running: blocks even `docker rmi -f`.
    Running,
    /// Paused (counts as running for the engine).
    Paused,
    /// Restarting (counts as running for the engine).
    Restarting,
    /// Created, never started.
    Created,
    /// Stopped.
    Exited,
    /// Failed to stop or remove.
    Dead,
    /// Being removed.
    Removing,
}

impl ContainerState {
    /// moby's `IsRunning()`.
    pub fn is_running(self) -> bool {
        matches!(self, Self::Running | Self::Paused | Self::Restarting)
    }
}

/// A container that uses one of the selected images.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PlanContainer {
    /// Full container ID.
    pub id: ContainerId,
    /// The 12 hex digits `docker ps` shows.
    pub short_id: String,
    /// Name without the leading slash (`web-1`).
    pub name: String,
    /// Current state.
    pub state: ContainerState,
    /// The image it was created from.
    pub image_id: ImageId,
    /// Creation time, seconds since the epoch.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub created: i64,
    /// Creation time worded like `docker ps` (`2 hours ago`).
    pub created_text: String,
}

/// An image built on a selected image (its `Parent` chain leads there), not selected itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PlanChild {
    /// Full ID.
    pub id: ImageId,
    /// Short ID.
    pub short_id: String,
    /// Its first tag, or `<none>`.
    pub display_name: String,
    /// The selected image it is built on.
    pub parent: ImageId,
}

/// How removing one image would end, judged on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// Only tags go; the image keeps its other tags.
    UntagOnly,
    /// The image is deleted.
    Delete,
    /// Refused without force; force deletes it.
    NeedsForce,
    /// Refused even with force (a running container, or images built on it).
    Blocked,
    /// Force removes the tag but the image stays as `<none>` (a running container uses it).
    PartialWithForce,
}

/// Why the engine would refuse (HTTP 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ConflictReason {
    /// Images are built on it (cannot be forced).
    ChildImages,
    /// A running container uses it (cannot be forced).
    RunningContainer,
    /// It is tagged in several repositories (must be forced).
    MultipleReferences,
    /// A stopped container uses it (must be forced).
    StoppedContainer,
    /// Untagging would leave a container's image without a name (must be forced).
    ReferenceInUse,
}

/// One selected image in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PlanImage {
    /// Full ID.
    pub id: ImageId,
    /// Short ID.
    pub short_id: String,
    /// Card title.
    pub display_name: String,
    /// Every tag it has now.
    pub tags: Vec<String>,
    /// Every digest reference it has now.
    pub digests: Vec<String>,
    /// The tags chosen for removal; empty when the whole image is selected.
    pub selected_tags: Vec<String>,
    /// Size as `docker images` counts it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Size worded like `docker images`.
    pub size_text: String,
    /// Bytes no other image shares (`docker system df -v`'s UNIQUE SIZE), when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub unique_size: Option<u64>,
    /// How removing it would end, judged alone.
    pub verdict: Verdict,
    /// Why a plain `docker rmi` is refused (for NeedsForce, Blocked, PartialWithForce).
    pub reason: Option<ConflictReason>,
    /// Why even `-f` is refused (for Blocked).
    pub forced_reason: Option<ConflictReason>,
}

/// One thing Imagen asks the engine to do. Shown to the user; never accepted back from
/// the web view (plans run by ID, see [`crate::removal::PlanRegistry`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum Step {
    /// `docker unpause` (a paused container cannot be stopped).
    Unpause {
        /// Container ID.
        container: ContainerId,
        /// Container name.
        name: String,
    },
    /// `docker stop`.
    Stop {
        /// Container ID.
        container: ContainerId,
        /// Container name.
        name: String,
    },
    /// `docker rm`.
    RemoveContainer {
        /// Container ID.
        container: ContainerId,
        /// Container name.
        name: String,
    },
    /// `docker rmi [-f] reference`.
    RemoveImage {
        /// A tag or digest reference, or the image's full ID.
        reference: String,
        /// `-f`.
        force: bool,
        /// The image the reference named when the plan was made: checked again right
        /// before the call, so a tag moved meanwhile stops the run instead of deleting
        /// another image.
        image: ImageId,
    },
}

impl Step {
    /// The docker CLI command that does the same, quoted as the Terminal record quotes
    /// every command ([`shell_line`]: `docker rmi "[::1]:5000/app:1"`, whose brackets zsh
    /// would glob). By ID it names the full ID, as the engine call does: a short one could
    /// match an image pulled since. A container is named by its full ID too, as the engine
    /// call names it: replayed later, `docker rm web-1` would remove whatever container is
    /// called `web-1` by then.
    pub fn command(&self) -> String {
        match self {
            Step::Unpause { container, .. } => {
                shell_line(&["docker", "unpause", container.as_str()])
            }
            Step::Stop { container, .. } => shell_line(&["docker", "stop", container.as_str()]),
            Step::RemoveContainer { container, .. } => {
                shell_line(&["docker", "rm", container.as_str()])
            }
            Step::RemoveImage {
                reference,
                force: true,
                ..
            } => shell_line(&["docker", "rmi", "-f", reference]),
            Step::RemoveImage { reference, .. } => docker::rmi(reference),
        }
    }
}

/// The kinds of action a plan can offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ActionKind {
    /// `docker rmi tag` for the selected tags.
    RemoveTag,
    /// `docker rmi` every tag (then the ID if needed), no force.
    Delete,
    /// `docker rmi -f`.
    ForceDelete,
    /// Stop and remove the containers, then delete: the course's good practice.
    StopRemoveDelete,
}

/// What an action would do, worked out before anything runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum Outcome {
    /// Every step goes through.
    Succeeds {
        /// References removed.
        untagged: Vec<String>,
        /// Images deleted (selected ones and parents pruned with them).
        deleted: Vec<ImageId>,
        /// Selected images that stay with no name (`<none>`).
        left_nameless: Vec<ImageId>,
        /// Sum of the deleted images' unique sizes.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        freed: u64,
        /// `freed` worded like `docker images`.
        freed_text: String,
        /// Containers stopped.
        stopped: Vec<ContainerId>,
        /// Containers removed.
        removed_containers: Vec<ContainerId>,
        /// Containers left pointing at a deleted or nameless image.
        orphaned: Vec<ContainerId>,
    },
    /// The engine would refuse at `step`; the steps before it would have run.
    Refused {
        /// Index into the action's steps.
        step: u32,
        /// The image refused.
        image: ImageId,
        /// Why.
        reason: ConflictReason,
        /// Whether force would get past it.
        hard: bool,
        /// The container named by the conflict, when there is one.
        container: Option<ContainerId>,
    },
}

/// One offered action: its steps, their docker commands and the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PlanAction {
    /// Which action.
    pub kind: ActionKind,
    /// What Imagen will ask the engine, in order.
    pub steps: Vec<Step>,
    /// The same as docker commands.
    pub commands: Vec<String>,
    /// What it would do.
    pub outcome: Outcome,
}

/// Everything shown before a removal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RemovalPlan {
    /// The plan's ID: what the UI sends back to run one of its actions. The plan itself
    /// stays in the backend, so nothing the web view sends names what to delete.
    pub id: String,
    /// The selected images, children before parents.
    pub images: Vec<PlanImage>,
    /// Containers using a selected image.
    pub containers: Vec<PlanContainer>,
    /// Images built on a selected image that are not selected.
    pub children: Vec<PlanChild>,
    /// Actions, in the order the UI offers them.
    pub actions: Vec<PlanAction>,
    /// The engine is Podman's Docker-compatible API, whose force also removes containers.
    pub podman: bool,
}

/// Progress of a running removal, streamed to the UI.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum RemovalEvent {
    /// Step `step` is starting.
    Started {
        /// Index into the steps.
        step: u32,
    },
    /// Step `step` went through.
    Finished {
        /// Index into the steps.
        step: u32,
        /// References the engine removed.
        untagged: Vec<String>,
        /// Images the engine deleted.
        deleted: Vec<String>,
        /// The object was already gone (404); nothing to do.
        already_gone: bool,
    },
    /// Step `step` failed; nothing after it ran.
    Failed {
        /// Index into the steps.
        step: u32,
        /// Why.
        error: Error,
    },
}

/// What a finished removal did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RemovalReport {
    /// How many steps went through.
    pub steps_run: u32,
    /// References removed.
    pub untagged: Vec<String>,
    /// Images (and layers) the engine reported deleted.
    pub deleted: Vec<String>,
    /// Why the run stopped early; `None` when every step went through.
    pub failed: Option<Error>,
    /// The user cancelled; the steps after `steps_run` did not run (but see
    /// `engine_removing`).
    pub cancelled: bool,
    /// Cancelled while Imagen waited for the engine to remove a container by itself (one
    /// started with `docker run --rm`, once stopped), and the container was still there at
    /// a last look: that removal's step (an index into the steps, the one after the
    /// `steps_run` that went through). Imagen did not run it and it did not fail: the engine
    /// goes on removing the container. `None` otherwise.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub engine_removing: Option<u32>,
    /// Where the engine did otherwise than the plan said, looked at after the last step:
    /// `None` when it did what the plan said, or when the run stopped before the end. The
    /// plan follows the engine's classic rules, apart from the containerd image store's that
    /// `model.rs` knows (Docker Desktop's default), so that store can still differ.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub mismatch: Option<PlanMismatch>,
}

/// How what a run did differs from what its plan said it would do (its [`Outcome`]), by
/// the engine's answers (`Untagged`, `Deleted`) and a look at what is left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PlanMismatch {
    /// Images the plan said would be deleted that are still on the engine.
    pub not_deleted: Vec<ImageKept>,
    /// Tags the plan said would be removed that still name an image (those of a
    /// `not_deleted` image are in its `tags` instead).
    pub not_untagged: Vec<String>,
    /// Images the engine deleted that the plan did not say it would.
    pub also_deleted: Vec<ImageDeleted>,
}

/// An image a run was to delete, still on the engine after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageKept {
    /// Its ID.
    pub image: ImageId,
    /// Its name in the plan (`<none>:<none>` when it had none).
    pub name: String,
    /// The tags it has now; empty when `docker images` lists it as `<none>`.
    pub tags: Vec<String>,
}

/// An image a run deleted that its plan did not say it would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageDeleted {
    /// Its ID.
    pub image: ImageId,
    /// Its name when the run started (`<none>:<none>` when it had none).
    pub name: String,
}

/// What changed on the engine since a plan or prune preview was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum PlanChange {
    /// A selected tag now names another image, or no image (`to` is null).
    TagMoved {
        /// The tag.
        reference: String,
        /// The image it named in the plan.
        from: ImageId,
        /// The image it names now.
        to: Option<ImageId>,
    },
    /// An image of the plan is no longer on the engine.
    ImageGone {
        /// Its ID.
        image: ImageId,
        /// Its name in the plan.
        name: String,
    },
    /// An image that was not in the preview would now be deleted or untagged.
    ImageAdded {
        /// Its ID.
        image: ImageId,
        /// Its name.
        name: String,
    },
    /// An image of the plan gained or lost tags.
    TagsChanged {
        /// Its ID.
        image: ImageId,
        /// Its name in the plan.
        name: String,
        /// Tags it has now and had not.
        added: Vec<String>,
        /// Tags it had and has not now.
        removed: Vec<String>,
    },
    /// A container now uses an image of the plan.
    ContainerAdded {
        /// The container's name.
        container: String,
        /// The image it uses.
        image: ImageId,
        /// Its state.
        state: ContainerState,
    },
    /// A container of the plan is gone.
    ContainerGone {
        /// The container's name.
        container: String,
    },
    /// A container of the plan changed state (stopped → running, say).
    ContainerStateChanged {
        /// The container's name.
        container: String,
        /// The state in the plan.
        from: ContainerState,
        /// The state now.
        to: ContainerState,
    },
    /// An image is now built on an image of the plan.
    ChildAdded {
        /// The child's name.
        child: String,
        /// The image of the plan it is built on.
        parent: ImageId,
    },
    /// An image built on an image of the plan is gone (removed in a terminal): what it
    /// blocked may now be deleted.
    ChildGone {
        /// The child's name.
        child: String,
        /// The image of the plan it was built on.
        parent: ImageId,
    },
    /// Imagen reconnected to another engine since the plan was made (Docker Desktop
    /// restarted onto another context, another engine chosen): nothing of this one was seen.
    EngineSwitched {
        /// The engine the plan was made on (its address).
        from: String,
        /// The engine Imagen is connected to now.
        to: String,
    },
    /// The outcome differs for a reason none of the above names.
    OutcomeChanged,
}

/// How asking to run a plan's action ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum RemovalRun {
    /// The engine still matched the plan, and the steps ran.
    Ran {
        /// What they did.
        report: RemovalReport,
    },
    /// The engine changed since the plan was made; nothing was changed. The new plan
    /// (`null` when nothing of the selection is left) replaces the old one.
    Changed {
        /// What changed.
        changes: Vec<PlanChange>,
        /// The plan for the same selection now.
        plan: Option<RemovalPlan>,
    },
}

/// What re-checking an open plan found ([`crate::removal::recheck_plan`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum PlanRecheck {
    /// The plan for the same selection now shows exactly what the open one shows.
    Same,
    /// It shows something else: what changed, and the new plan (a new ID; `null` when
    /// nothing of the selection is left), which replaces the open one.
    Changed {
        /// What changed, as a run's re-check words it.
        changes: Vec<PlanChange>,
        /// The plan for the same selection now.
        plan: Option<RemovalPlan>,
    },
}

/// How asking to run a previewed prune ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum PruneRun {
    /// The engine still matched the preview, and exactly its images were removed.
    Ran {
        /// What the engine did.
        report: PruneReport,
    },
    /// The prune now differs from the preview (more would be removed, or a previewed image
    /// would now be kept or only lose some tags, e.g. a container came to use it); nothing
    /// was removed. The new preview replaces the old one.
    Changed {
        /// What changed.
        changes: Vec<PlanChange>,
        /// The preview now.
        preview: PrunePreview,
    },
}

/// `docker image prune` or `docker image prune -a`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PruneMode {
    /// Images with no tag (`<none>:<none>`).
    Dangling,
    /// Every image no container uses (`-a`).
    Unused,
}

/// One image a prune would touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PruneImage {
    /// Full ID.
    pub id: ImageId,
    /// Short ID.
    pub short_id: String,
    /// Card title (or `<none>` for intermediate images).
    pub display_name: String,
    /// References it would lose.
    pub untagged: Vec<String>,
    /// Whether the image itself goes (false: only untagged, because images are built on it
    /// or a container uses it).
    pub deleted: bool,
    /// An intermediate image of a classic build (no name, images built on it): only
    /// `docker images -a` lists it, and it goes with the image built on it.
    pub intermediate: bool,
    /// Unique size, when known.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub unique_size: Option<u64>,
}

/// What a prune would do, computed before confirming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PrunePreview {
    /// The preview's ID: confirming sends only this, and runs exactly this preview.
    pub id: String,
    /// Which prune.
    pub mode: PruneMode,
    /// Images touched, deleted ones first.
    pub images: Vec<PruneImage>,
    /// Sum of the deleted images' unique sizes (those the engine gave).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub freed: u64,
    /// `freed` worded like `docker images`; `None` when the engine gave no deleted
    /// image's unique size (then `freed` is no figure at all).
    pub freed_text: Option<String>,
    /// Dangling images `docker image prune` leaves because a container was made from them,
    /// even a stopped one (the engine refuses the delete; the prune says nothing of it).
    /// Only for [`PruneMode::Dangling`]: under `-a` every image a container uses is kept.
    pub kept: Vec<PruneKept>,
    /// The engine it was made on (its address). A preview asked again after a reconnect
    /// that found docker on another engine is that engine's list, and is said to be.
    pub engine: String,
    /// Intermediate build images go by themselves and the images built on them stay whole
    /// (Docker's containerd image store); on the classic store they go with the images
    /// built on them.
    pub intermediates_alone: bool,
}

/// A dangling image the prune leaves, and why: the containers made from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PruneKept {
    /// Full ID.
    pub id: ImageId,
    /// Short ID.
    pub short_id: String,
    /// The containers made from it, the first one created first.
    pub containers: Vec<PlanContainer>,
}

/// What the engine reported after a prune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PruneReport {
    /// Image IDs deleted (layer entries left out).
    pub deleted: Vec<String>,
    /// References removed.
    pub untagged: Vec<String>,
    /// Space freed: the drop in the engine's layer storage (`/system/df` `LayersSize`)
    /// across the prune, or the deleted images' unique sizes when that is not known;
    /// `None` when the engine gave neither.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub reclaimed: Option<u64>,
    /// `reclaimed` worded like `docker image prune`.
    pub reclaimed_text: Option<String>,
    /// Previewed images left alone because they changed after the confirmation: a tag
    /// added or removed in a terminal, or a container that now uses the image.
    pub left: Vec<PlanChange>,
    /// Images the preview was to delete that were gone when the prune reached them (removed
    /// in a terminal after the preview, or while the prune ran), named as the preview named
    /// them (a tag, or the short ID of an image without one).
    pub gone_before: Vec<String>,
    /// Why the prune stopped before the end; what it did until then is above.
    pub failed: Option<Error>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "sha256:d4e5f6d4e5f6d4e5f6d4e5f6d4e5f6d4e5f6d4e5f6d4e5f6d4e5f6d4e5f6d4e5";

    fn rmi(reference: &str, force: bool) -> String {
        Step::RemoveImage {
            reference: reference.to_owned(),
            force,
            image: ImageId::new(ID),
        }
        .command()
    }

    /// A step's command is the Terminal record's: quoted for the shell, by the full ID.
    #[test]
    fn step_commands_are_quoted_and_name_the_full_id() {
        assert_eq!(rmi("nginx:alpine", false), "docker rmi nginx:alpine");
        assert_eq!(rmi("nginx:alpine", true), "docker rmi -f nginx:alpine");
        // zsh would glob the brackets of a bare IPv6 registry.
        assert_eq!(
            rmi("[::1]:5000/app:1", false),
            r#"docker rmi "[::1]:5000/app:1""#
        );
        // By ID, the full ID the engine call uses: a short one could match another image.
        assert_eq!(rmi(ID, true), format!("docker rmi -f {ID}"));
        assert_eq!(rmi(ID, false), format!("docker rmi {ID}"));
        // A container by its full ID, as the engine call names it: replayed later, a name
        // would reach whatever container has it by then.
        let full = "0123456789ab".repeat(5) + "0123";
        let container = ContainerId::new(full.clone());
        let web = |step: fn(ContainerId, String) -> Step| {
            step(container.clone(), "web-1".to_owned()).command()
        };
        assert_eq!(
            web(|container, name| Step::Unpause { container, name }),
            format!("docker unpause {full}")
        );
        assert_eq!(
            web(|container, name| Step::Stop { container, name }),
            format!("docker stop {full}")
        );
        assert_eq!(
            web(|container, name| Step::RemoveContainer { container, name }),
            format!("docker rm {full}")
        );
    }
}
