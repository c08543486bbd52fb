//! `docker rmi` rules, each done for real and compared with the plan.

use crate::scenario::*;
use crate::support::docker;
use crate::ENGINE;
use imagen_core::removal::{
    ActionKind, ConflictReason, ContainerState, Outcome, PlanChange, RemovalRun, Selection, Verdict,
};

/// A scenario: builds fresh images/containers and returns what to select.
type Make = fn() -> Selection;

/// Builds the scenario once per action the plan offers, runs that action, and checks the
/// engine did what the plan predicted.
async fn every_action_as_planned(make: Make) {
    let kinds: Vec<ActionKind> = plan(&make()).await.actions.iter().map(|a| a.kind).collect();
    for kind in kinds {
        let p = plan(&make()).await;
        run_and_compare(&p, kind).await;
    }
}

fn one_tag() -> Selection {
    let name = format!("{}:1", unique("plain"));
    images(&[&build(&name, BASE)])
}

fn two_tags_pick_one() -> Selection {
    let repo = unique("twotags");
    build(&format!("{repo}:1"), BASE);
    tag(&format!("{repo}:1"), &format!("{repo}:2"));
    tags(&[&format!("{repo}:2")])
}

fn exited_container() -> Selection {
    let name = format!("{}:1", unique("stopped"));
    let id = build(&name, BASE);
    exited(&unique("job"), &name);
    images(&[&id])
}

fn created_container() -> Selection {
    let name = format!("{}:1", unique("created"));
    let id = build(&name, BASE);
    created(&unique("fresh"), &name);
    images(&[&id])
}

fn running_container() -> Selection {
    let name = format!("{}:1", unique("running"));
    let id = build(&name, BASE);
    running(&unique("web"), &name);
    images(&[&id])
}

fn running_container_pick_tag() -> Selection {
    let name = format!("{}:1", unique("runtag"));
    build(&name, BASE);
    running(&unique("web"), &name);
    tags(&[&name])
}

fn base_with_child() -> Selection {
    let base = format!("{}:1", unique("base"));
    let id = build(&base, BASE);
    build(&format!("{}:1", unique("child")), &base);
    images(&[&id])
}

fn several() -> Selection {
    let free = build(&format!("{}:1", unique("free")), BASE);
    let used_name = format!("{}:1", unique("used"));
    let used = build(&used_name, BASE);
    exited(&unique("job"), &used_name);
    let base_name = format!("{}:1", unique("parent"));
    let base = build(&base_name, BASE);
    let child = build(&format!("{}:1", unique("kid")), &base_name);
    // The parent comes first here on purpose: the plan must delete the child before it.
    images(&[&free, &base, &child, &used])
}

#[tokio::test]
async fn each_scenario_does_what_its_plan_says() {
    let _shared = ENGINE.read().await;
    for make in [
        one_tag as Make,
        two_tags_pick_one,
        exited_container,
        created_container,
        running_container,
        running_container_pick_tag,
        base_with_child,
        several,
    ] {
        every_action_as_planned(make).await;
    }
}

#[tokio::test]
async fn an_unused_image_is_deleted_and_frees_its_unique_size() {
    let _shared = ENGINE.read().await;
    let sel = one_tag();
    let p = plan(&sel).await;
    assert_eq!(p.images[0].verdict, Verdict::Delete);
    assert!(p.containers.is_empty() && p.children.is_empty());
    let delete = action(&p, ActionKind::Delete);
    assert_eq!(
        delete.commands,
        vec![format!("docker rmi {}", p.images[0].tags[0])]
    );
    let Outcome::Succeeds { freed, .. } = &delete.outcome else {
        panic!("{delete:#?}")
    };
    assert!(p.images[0].unique_size.is_some_and(|u| u > 0), "{p:#?}");
    assert_eq!(Some(*freed), p.images[0].unique_size);
    run_and_compare(&p, ActionKind::Delete).await;
    assert_eq!(id_of(sel.images[0].as_str()), None);
}

#[tokio::test]
async fn removing_one_of_two_tags_only_untags() {
    let _shared = ENGINE.read().await;
    let sel = two_tags_pick_one();
    let p = plan(&sel).await;
    let img = &p.images[0];
    assert_eq!(img.verdict, Verdict::UntagOnly);
    let chosen: Vec<String> = sel.tags.iter().map(|t| t.reference.clone()).collect();
    assert_eq!(img.selected_tags, chosen);
    run_and_compare(&p, ActionKind::RemoveTag).await;
    let kept: Vec<String> = img
        .tags
        .iter()
        .filter(|t| !chosen.contains(t))
        .cloned()
        .collect();
    assert_eq!(tags_of(img.id.as_str()), kept.into_iter().collect());
}

#[tokio::test]
async fn a_stopped_container_needs_force_and_survives_it() {
    let _shared = ENGINE.read().await;
    for make in [exited_container as Make, created_container] {
        let sel = make();
        let p = plan(&sel).await;
        let img = &p.images[0];
        assert_eq!(img.verdict, Verdict::NeedsForce, "{p:#?}");
        assert_eq!(img.reason, Some(ConflictReason::ReferenceInUse));
        assert!(matches!(
            action(&p, ActionKind::Delete).outcome,
            Outcome::Refused { hard: false, .. }
        ));
        let force = action(&p, ActionKind::ForceDelete);
        let container = p.containers[0].name.clone();
        let Outcome::Succeeds {
            orphaned, freed, ..
        } = &force.outcome
        else {
            panic!("{force:#?}")
        };
        assert_eq!(orphaned, &vec![p.containers[0].id.clone()]);
        assert_eq!(*freed, 0, "the container still holds the layers");
        run_and_compare(&p, ActionKind::ForceDelete).await;
        assert_eq!(
            id_of(sel.images[0].as_str()),
            None,
            "force deleted the image"
        );
        assert!(container_exists(&container), "the container survives");
    }
}

#[tokio::test]
async fn a_running_container_blocks_even_force() {
    let _shared = ENGINE.read().await;
    let sel = running_container();
    let p = plan(&sel).await;
    let img = &p.images[0];
    assert_eq!(img.verdict, Verdict::Blocked);
    assert_eq!(img.forced_reason, Some(ConflictReason::RunningContainer));
    let force = action(&p, ActionKind::ForceDelete);
    assert!(matches!(force.outcome, Outcome::Refused { hard: true, .. }));
    let report = run_and_compare(&p, ActionKind::ForceDelete).await;
    match report.failed {
        Some(imagen_core::Error::RemovalConflict { containers, .. }) => {
            assert_eq!(containers, vec![p.containers[0].name.clone()])
        }
        other => panic!("{other:?}"),
    }
    assert!(id_of(sel.images[0].as_str()).is_some());
}

#[tokio::test]
async fn force_removing_the_tag_of_a_running_image_leaves_it_nameless() {
    let _shared = ENGINE.read().await;
    let sel = running_container_pick_tag();
    let p = plan(&sel).await;
    let img = &p.images[0];
    assert_eq!(img.verdict, Verdict::PartialWithForce, "{p:#?}");
    let force = action(&p, ActionKind::ForceDelete);
    assert_eq!(
        force.commands,
        vec![format!("docker rmi -f {}", sel.tags[0].reference)]
    );
    let Outcome::Succeeds {
        left_nameless,
        orphaned,
        ..
    } = &force.outcome
    else {
        panic!("{force:#?}")
    };
    assert_eq!(left_nameless, &vec![img.id.clone()]);
    assert_eq!(orphaned, &vec![p.containers[0].id.clone()]);
    run_and_compare(&p, ActionKind::ForceDelete).await;
    assert!(
        tags_of(img.id.as_str()).is_empty(),
        "the image stays as <none>"
    );
    let state =
        crate::support::docker(&["inspect", "-f", "{{.State.Running}}", &p.containers[0].name]);
    assert_eq!(state.trim(), "true", "the container keeps running");
}

#[tokio::test]
async fn an_image_with_children_is_blocked() {
    let _shared = ENGINE.read().await;
    let sel = base_with_child();
    let p = plan(&sel).await;
    assert_eq!(p.children.len(), 1, "{p:#?}");
    // Docker's containerd image store has no child-image conflict: the image goes (its
    // name, then the image by ID) and its child stays whole.
    if crate::support::containerd_store() {
        assert_eq!(p.images[0].verdict, Verdict::Delete, "{p:#?}");
        let child = p.children[0].id.clone();
        run_and_compare(&p, ActionKind::Delete).await;
        assert_eq!(id_of(sel.images[0].as_str()), None);
        assert!(id_of(child.as_str()).is_some());
        return;
    }
    assert_eq!(p.images[0].verdict, Verdict::Blocked, "{p:#?}");
    assert_eq!(p.images[0].forced_reason, Some(ConflictReason::ChildImages));
    assert!(p.children[0].display_name.contains("child-"));
    assert!(!p
        .actions
        .iter()
        .any(|a| a.kind == ActionKind::StopRemoveDelete));
    run_and_compare(&p, ActionKind::ForceDelete).await;
    assert!(id_of(sel.images[0].as_str()).is_some());
}

#[tokio::test]
async fn the_guided_path_leaves_no_container_and_no_image() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("guided"));
    let id = build(&name, BASE);
    let (web, job, fresh) = (unique("web"), unique("job"), unique("fresh"));
    running(&web, &name);
    exited(&job, &name);
    created(&fresh, &name);
    let p = plan(&images(&[&id])).await;
    assert_eq!(p.containers.len(), 3);
    let guided = action(&p, ActionKind::StopRemoveDelete);
    let mut commands = guided.commands.clone();
    assert_eq!(
        commands.pop(),
        Some(format!("docker rmi {name}")),
        "delete last"
    );
    commands.sort();
    // Containers by full ID, as the engine calls name them: a name replayed later could
    // reach another container.
    let (web, job, fresh) = (container_id(&web), container_id(&job), container_id(&fresh));
    let mut want = vec![
        format!("docker stop {web}"),
        format!("docker rm {web}"),
        format!("docker rm {job}"),
        format!("docker rm {fresh}"),
    ];
    want.sort();
    assert_eq!(commands, want);
    let stop = guided
        .commands
        .iter()
        .position(|c| c.starts_with("docker stop"))
        .unwrap();
    let rm_web = guided
        .commands
        .iter()
        .position(|c| *c == format!("docker rm {web}"))
        .unwrap();
    assert!(stop < rm_web, "stop before rm: {:?}", guided.commands);
    assert_eq!(guided.commands.len(), 5, "{:?}", guided.commands);
    run_and_compare(&p, ActionKind::StopRemoveDelete).await;
    assert_eq!(id_of(&id), None);
    for c in [&web, &job, &fresh] {
        assert!(!container_exists(c), "{c} is gone");
    }
}

/// `docker run --rm`, as workshops start containers: once stopped, the engine removes the
/// container by itself, and Imagen's `docker rm` can meet that removal under way (409
/// "already in progress") or find it gone. Either way the run goes on to delete the image.
#[tokio::test]
async fn the_guided_path_deletes_an_image_whose_container_was_run_with_rm() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("autorm"));
    let id = build(&name, BASE);
    let web = unique("web");
    docker(&[
        "run",
        "-d",
        "--rm",
        "--network",
        "none",
        "--name",
        &web,
        &name,
    ]);
    let p = plan(&images(&[&id])).await;
    assert_eq!(p.containers.len(), 1, "{p:#?}");
    let report = run_and_compare(&p, ActionKind::StopRemoveDelete).await;
    assert!(report.failed.is_none(), "{report:#?}");
    assert_eq!(id_of(&id), None);
    assert!(!container_exists(&web), "{web} is gone");
}

#[tokio::test]
async fn the_guided_path_gives_a_container_its_own_stop_timeout() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("slowstop"));
    let id = build(&name, BASE);
    // It needs 11 s to shut down cleanly and asks for 30: `docker stop` without -t waits
    // for it (a -t 10 would kill it, exit code 137).
    let db = unique("db");
    docker(&[
        "run",
        "-d",
        "--network",
        "none",
        "--stop-timeout",
        "30",
        "--name",
        &db,
        &name,
        "sh",
        "-c",
        "trap 'sleep 11; exit 0' TERM; while :; do sleep 1; done",
    ]);
    let unix = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    let since = unix().to_string();
    let p = plan(&images(&[&id])).await;
    run_and_compare(&p, ActionKind::StopRemoveDelete).await;
    assert_eq!(id_of(&id), None);
    assert!(!container_exists(&db), "{db} is gone");
    // The engine's record of how it ended: its own exit, not a kill.
    let until = (unix() + 1).to_string();
    let exit = docker(&[
        "events",
        "--since",
        &since,
        "--until",
        &until,
        "--filter",
        &format!("container={db}"),
        "--filter",
        "event=die",
        "--format",
        "{{.Actor.Attributes.exitCode}}",
    ]);
    assert_eq!(exit.trim(), "0", "stopped with its own stop timeout");
}

#[tokio::test]
async fn a_paused_container_blocks_and_the_guided_path_unpauses_it_first() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("paused"));
    let id = build(&name, BASE);
    let frozen = unique("frozen");
    paused(&frozen, &name);
    let p = plan(&images(&[&id])).await;
    assert_eq!(p.containers[0].state, ContainerState::Paused, "{p:#?}");
    assert_eq!(p.images[0].verdict, Verdict::Blocked, "{p:#?}");
    assert_eq!(
        p.images[0].forced_reason,
        Some(ConflictReason::RunningContainer)
    );
    // Refused even with force, as for a running container. A plan runs once: plan again.
    run_and_compare(&p, ActionKind::ForceDelete).await;
    let p = plan(&images(&[&id])).await;
    let guided = action(&p, ActionKind::StopRemoveDelete);
    let frozen_id = container_id(&frozen);
    assert_eq!(
        guided.commands,
        vec![
            format!("docker unpause {frozen_id}"),
            format!("docker stop {frozen_id}"),
            format!("docker rm {frozen_id}"),
            format!("docker rmi {name}"),
        ]
    );
    run_and_compare(&p, ActionKind::StopRemoveDelete).await;
    assert_eq!(id_of(&id), None);
    assert!(!container_exists(&frozen));
}

#[tokio::test]
async fn several_images_get_one_plan() {
    let _shared = ENGINE.read().await;
    let sel = several();
    let p = plan(&sel).await;
    assert_eq!(p.images.len(), 4);
    let verdict = |id: &str| {
        p.images
            .iter()
            .find(|i| i.id.as_str() == id)
            .unwrap()
            .verdict
    };
    assert_eq!(verdict(sel.images[0].as_str()), Verdict::Delete);
    // Judged alone, the parent is blocked by its child; not on the containerd store, which
    // has no child-image conflict.
    let parent = if crate::support::containerd_store() {
        Verdict::Delete
    } else {
        Verdict::Blocked
    };
    assert_eq!(
        verdict(sel.images[1].as_str()),
        parent,
        "the parent, judged alone"
    );
    assert_eq!(verdict(sel.images[2].as_str()), Verdict::Delete);
    assert_eq!(verdict(sel.images[3].as_str()), Verdict::NeedsForce);
    // Children first: the kid is planned before its parent.
    let at = |id: &str| p.images.iter().position(|i| i.id.as_str() == id).unwrap();
    assert!(at(sel.images[2].as_str()) < at(sel.images[1].as_str()));
    // Together they all go once the stopped container is out of the way.
    run_and_compare(&p, ActionKind::StopRemoveDelete).await;
    for id in &sel.images {
        assert_eq!(id_of(id.as_str()), None, "{id} is gone");
    }
}

#[tokio::test]
async fn digests_go_with_the_last_tag_of_their_repository() {
    let _shared = ENGINE.read().await;
    let registry = std::env::var("IMAGEN_TEST_REGISTRY").unwrap();
    let name = format!("{registry}/{}:1", unique("pushed"));
    let id = build(&name, BASE);
    crate::support::docker(&["push", &name]);
    let p = plan(&tags(&[&name])).await;
    assert_eq!(p.images[0].digests.len(), 1, "{p:#?}");
    assert_eq!(p.images[0].verdict, Verdict::Delete);
    let remove = action(&p, ActionKind::RemoveTag);
    let Outcome::Succeeds { untagged, .. } = &remove.outcome else {
        panic!("{remove:#?}")
    };
    // The containerd store keeps no digest name for a push: only the tag goes.
    let names = if crate::support::containerd_store() {
        1
    } else {
        2
    };
    assert_eq!(
        untagged.len(),
        names,
        "the tag and its digest: {untagged:?}"
    );
    run_and_compare(&p, ActionKind::RemoveTag).await;
    assert_eq!(id_of(&id), None);
}

#[tokio::test]
async fn digests_in_two_repositories_need_force_by_id() {
    let _shared = ENGINE.read().await;
    let registry = std::env::var("IMAGEN_TEST_REGISTRY").unwrap();
    let local = format!("{}:1", unique("multi"));
    let id = build(&local, BASE);
    // Give the image a digest reference in two repositories and no tag: push each name,
    // drop its tag, then pull it back by digest.
    for repo in ["one", "two"] {
        let remote = format!("{registry}/{}/{repo}:1", unique("multi"));
        tag(&local, &remote);
        let pushed = crate::support::docker(&["push", &remote]);
        let digest = pushed
            .split_whitespace()
            .find(|w| w.starts_with("sha256:"))
            .unwrap_or_else(|| panic!("no digest in push output: {pushed}"))
            .to_owned();
        crate::support::docker(&["rmi", &remote]);
        let repo_name = remote.rsplit_once(':').unwrap().0;
        crate::support::docker(&["pull", &format!("{repo_name}@{digest}")]);
    }
    crate::support::docker(&["rmi", &local]);
    let p = plan(&images(&[&id])).await;
    let img = &p.images[0];
    assert!(img.tags.is_empty() && img.digests.len() == 2, "{p:#?}");
    assert_eq!(img.verdict, Verdict::NeedsForce);
    assert_eq!(img.reason, Some(ConflictReason::MultipleReferences));
    run_and_compare(&p, ActionKind::Delete).await;
    let p = plan(&images(&[&id])).await;
    run_and_compare(&p, ActionKind::ForceDelete).await;
    assert_eq!(id_of(&id), None);
}

#[tokio::test]
async fn an_image_removed_after_planning_is_reported_not_deleted_again() {
    let _shared = ENGINE.read().await;
    let sel = one_tag();
    let p = plan(&sel).await;
    crate::support::docker(&["rmi", &p.images[0].tags[0]]);
    match execute(&p, ActionKind::Delete).await {
        RemovalRun::Changed { changes, plan } => {
            assert!(plan.is_none(), "nothing of the selection is left");
            assert!(
                matches!(&changes[..], [PlanChange::ImageGone { image, .. }] if *image == p.images[0].id),
                "{changes:#?}"
            );
        }
        other => panic!("expected Changed, got {other:#?}"),
    }
}

/// The store a plan is made for, when the list cannot tell it (no image has a name), comes
/// from `/info`: it agrees with the docker CLI's `DriverStatus` on both stores.
#[tokio::test]
async fn info_tells_the_image_store_as_docker_info_does() {
    let _shared = ENGINE.read().await;
    let said = imagen_core::removal::image_store_is_containerd(&crate::support::private_engine())
        .await
        .unwrap();
    assert_eq!(said, crate::support::containerd_store());
}
