//! The terminal beside Imagen: the engine changes between "Remove" and the click. Each
//! test makes the change with the docker CLI between planning and running, and the docker
//! CLI is the judge of what is left.

use crate::scenario::*;
use crate::support::private_engine;
use crate::ENGINE;
use imagen_core::removal::{
    make_plan, recheck_plan, ActionKind, ContainerState, PlanChange, PlanRecheck, RemovalEvent,
    RemovalRun,
};
use imagen_core::Error;

/// The reported case: "Remove" open on an image's only tag, a terminal moves that tag to
/// another image, "Delete image" is clicked. Nothing may be deleted; the answer says the
/// image lost its tag and shows the new plan.
#[tokio::test]
async fn a_tag_moved_under_an_open_plan_deletes_nothing() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:dev", unique("app"));
    let chosen = build(&name, BASE);
    let other = build(&format!("{}:1", unique("other")), BASE);
    let p = plan(&images(&[&chosen])).await;
    tag(&other, &name); // `docker build -t app:dev .` in the terminal

    match execute(&p, ActionKind::Delete).await {
        RemovalRun::Changed { changes, plan } => {
            assert!(
                changes.iter().any(|c| matches!(c,
                    PlanChange::TagMoved { reference, from, to: Some(to) }
                        if reference == &name && from.as_str() == chosen && to.as_str() == other)),
                "the tag moved to the other image: {changes:#?}"
            );
            let plan = plan.expect("the chosen image is still there");
            assert_eq!(plan.images[0].id.as_str(), chosen);
            assert!(plan.images[0].tags.is_empty(), "now <none>: {plan:#?}");
        }
        other => panic!("expected Changed, got {other:#?}"),
    }
    assert_eq!(
        id_of(&name).as_deref(),
        Some(other.as_str()),
        "the tag stays moved"
    );
    assert!(id_of(&chosen).is_some(), "the chosen image is intact");
    assert!(id_of(&other).is_some(), "the other image is intact");
}

/// The same with a single tag selected: the tag now names another image.
#[tokio::test]
async fn a_selected_tag_that_moved_is_named_in_the_change() {
    let _shared = ENGINE.read().await;
    let repo = unique("twotags");
    let (one, two) = (format!("{repo}:1"), format!("{repo}:2"));
    let chosen = build(&one, BASE);
    tag(&one, &two);
    let other = build(&format!("{}:1", unique("other")), BASE);
    let p = plan(&tags(&[&two])).await;
    tag(&other, &two);

    match execute(&p, ActionKind::RemoveTag).await {
        RemovalRun::Changed { changes, plan } => {
            assert!(
                changes.iter().any(|c| matches!(c,
                    PlanChange::TagMoved { reference, from, to: Some(to) }
                        if reference == &two && from.as_str() == chosen && to.as_str() == other)),
                "{changes:#?}"
            );
            // The tag was chosen on `chosen`; the image it names now was never looked
            // at, so no new plan offers to remove it there.
            assert!(plan.is_none(), "{plan:#?}");
        }
        other => panic!("expected Changed, got {other:#?}"),
    }
    assert_eq!(tags_of(&chosen), [one].into_iter().collect());
    assert!(tags_of(&other).contains(&two), "nothing was untagged");
}

/// The inspector's "×" on a tag of image A, after a terminal moved that tag to image B
/// (`docker build -t web:1 .`) while the inspector still showed it on A: planning refuses
/// instead of planning `docker rmi web:1`, which would delete B, never looked at.
#[tokio::test]
async fn a_tag_chosen_on_one_image_and_moved_before_planning_is_refused() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("web"));
    let seen = build(&name, BASE);
    let other = build(&format!("{}:1", unique("newbuild")), BASE);
    let selection = tags(&[&name]); // chosen while `name` named `seen`
    tag(&other, &name);

    let err = make_plan(&private_engine(), &PLANS, selection, None)
        .await
        .expect_err("a moved tag is not planned");
    assert!(
        matches!(&err, Error::TagMoved { reference, seen: s, now }
            if reference == &name && s.as_str() == seen && now.as_str() == other),
        "{err:#?}"
    );
    assert_eq!(
        id_of(&name).as_deref(),
        Some(other.as_str()),
        "nothing was changed"
    );
    assert!(
        id_of(&seen).is_some(),
        "the image it was chosen on is intact"
    );
}

/// Force delete planned with no container; a container is created before the click: the
/// forced delete would leave it on a nameless image (Podman would remove it). Refused.
#[tokio::test]
async fn a_container_created_after_planning_stops_a_forced_delete() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("forced"));
    let id = build(&name, BASE);
    let p = plan(&images(&[&id])).await;
    let late = unique("late");
    created(&late, &name);

    match execute(&p, ActionKind::ForceDelete).await {
        RemovalRun::Changed { changes, .. } => assert!(
            changes.iter().any(|c| matches!(c,
                PlanChange::ContainerAdded { container, state: ContainerState::Created, .. }
                    if container == &late)),
            "{changes:#?}"
        ),
        other => panic!("expected Changed, got {other:#?}"),
    }
    assert!(id_of(&id).is_some(), "the image is intact");
    assert!(container_exists(&late));
}

/// A stopped container started again in the terminal: the guided path would now stop a
/// running service the user saw as stopped.
#[tokio::test]
async fn a_container_started_after_planning_is_named() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("restarted"));
    let id = build(&name, BASE);
    let job = unique("job");
    created(&job, &name);
    let p = plan(&images(&[&id])).await;
    crate::support::docker(&["start", &job]);

    match execute(&p, ActionKind::StopRemoveDelete).await {
        RemovalRun::Changed { changes, .. } => assert!(
            changes.iter().any(|c| matches!(c,
                PlanChange::ContainerStateChanged { container, to: ContainerState::Running, .. }
                    if container == &job)),
            "{changes:#?}"
        ),
        other => panic!("expected Changed, got {other:#?}"),
    }
    let running = crate::support::docker(&["inspect", "-f", "{{.State.Running}}", &job]);
    assert_eq!(running.trim(), "true", "left running");
    assert!(id_of(&id).is_some());
}

/// An engine event while the plan is open: the background re-check of two selected images,
/// one of them deleted in a terminal, keeps a plan for the other and says which went (not
/// "nothing left"); unchanged, it answers Same and plans nothing new. Nothing is deleted
/// by a re-check, and the plan it replaced can still be run (and re-checks itself).
#[tokio::test]
async fn a_recheck_keeps_what_is_left_of_the_selection() {
    let _shared = ENGINE.read().await;
    let (one, two) = (
        format!("{}:1", unique("recheck")),
        format!("{}:1", unique("recheck")),
    );
    let (a, b) = (build(&one, BASE), build(&two, BASE));
    let engine = private_engine();
    let p = plan(&images(&[&a, &b])).await;

    let same = recheck_plan(&engine, &PLANS, &p.id).await.unwrap();
    assert_eq!(same, PlanRecheck::Same, "the plan was {p:#?}");

    crate::support::docker(&["rmi", &two]); // in the terminal
    match recheck_plan(&engine, &PLANS, &p.id).await.unwrap() {
        PlanRecheck::Changed { changes, plan } => {
            assert!(
                changes.iter().any(|c| matches!(c,
                    PlanChange::ImageGone { image, .. } if image.as_str() == b)),
                "says the deleted image went: {changes:#?}"
            );
            let plan = plan.expect("the other image is still there");
            assert_ne!(plan.id, p.id, "a new plan, kept under its own ID");
            let ids: Vec<&str> = plan.images.iter().map(|i| i.id.as_str()).collect();
            assert_eq!(ids, [a.as_str()]);
        }
        other => panic!("expected Changed, got {other:#?}"),
    }
    assert!(id_of(&a).is_some(), "a re-check deletes nothing");

    // The plan shown before the re-check still runs through its own re-check.
    assert!(matches!(
        execute(&p, ActionKind::Delete).await,
        RemovalRun::Changed { .. }
    ));
    assert!(id_of(&a).is_some(), "nothing ran");
    // Hostile or stale IDs are refused at the door.
    assert!(matches!(
        recheck_plan(&engine, &PLANS, "plan-../../x").await,
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        recheck_plan(&engine, &PLANS, "plan-0123456789abcdef0123456789abcdef").await,
        Err(Error::UnknownPlan { .. })
    ));
    crate::support::docker(&["rmi", &one]);
}

/// An image built on the selected one is removed in a terminal under the open plan: the
/// image it blocked can now be deleted, and the re-check says why, by name.
#[tokio::test]
async fn a_child_removed_under_an_open_plan_is_named() {
    let _shared = ENGINE.read().await;
    let parent = format!("{}:1", unique("parent"));
    let child = format!("{}:1", unique("child"));
    let p_id = build(&parent, BASE);
    build(&child, &parent);
    let engine = private_engine();
    let p = plan(&images(&[&p_id])).await;
    assert!(!p.children.is_empty(), "{p:#?}");

    crate::support::docker(&["rmi", &child]); // in the terminal
    match recheck_plan(&engine, &PLANS, &p.id).await.unwrap() {
        PlanRecheck::Changed { changes, .. } => assert!(
            changes.iter().any(|c| matches!(c,
                PlanChange::ChildGone { child: name, parent } if *name == child && parent.as_str() == p_id)),
            "{changes:#?}"
        ),
        other => panic!("expected Changed, got {other:#?}"),
    }
    assert!(id_of(&p_id).is_some(), "a re-check deletes nothing");
    crate::support::docker(&["rmi", &parent]);
}

/// Cancel during the guided path: the step under way finishes, nothing after it runs, and
/// the report says how far it got.
#[tokio::test]
async fn cancel_stops_a_cascade_between_steps() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("cascade"));
    let id = build(&name, BASE);
    let (a, b, c) = (unique("a"), unique("b"), unique("c"));
    for n in [&a, &b, &c] {
        created(n, &name);
    }
    let p = plan(&images(&[&id])).await;
    let plan_id = p.id.clone();
    let engine = crate::support::private_engine();
    let run = imagen_core::removal::execute_plan(
        &engine,
        &PLANS,
        &p.id,
        ActionKind::StopRemoveDelete,
        |e| {
            // The user clicks Cancel as soon as the first container is gone.
            if matches!(e, RemovalEvent::Finished { step: 0, .. }) {
                assert!(PLANS.cancel(&plan_id));
            }
        },
    )
    .await
    .unwrap();
    let RemovalRun::Ran { report } = run else {
        panic!("{run:#?}")
    };
    assert!(report.cancelled && report.failed.is_none(), "{report:#?}");
    assert_eq!(report.steps_run, 1);
    let left = [&a, &b, &c].iter().filter(|n| container_exists(n)).count();
    assert_eq!(left, 2, "one container removed, two left");
    assert!(id_of(&id).is_some(), "the image was not deleted");
    assert!(!PLANS.cancel(&plan_id), "nothing runs any more");
}

/// A plan runs once: running it again (a double click, a replayed call) is refused.
#[tokio::test]
async fn a_plan_runs_once() {
    let _shared = ENGINE.read().await;
    let name = format!("{}:1", unique("once"));
    build(&name, BASE);
    let p = plan(&tags(&[&name])).await;
    run_and_compare(&p, ActionKind::RemoveTag).await;
    let again = imagen_core::removal::execute_plan(
        &crate::support::private_engine(),
        &PLANS,
        &p.id,
        ActionKind::RemoveTag,
        |_| {},
    )
    .await;
    assert!(
        matches!(again, Err(imagen_core::Error::UnknownPlan { .. })),
        "{again:?}"
    );
}
