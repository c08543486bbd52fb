//! The terminal beside Imagen again, this time while a removal runs: a change made after
//! the click, between two steps. Each step looks at the image's tags right before its
//! call, so a tag added meanwhile is never removed unseen, and an untag whose image lost
//! its other tags does not turn into a delete.
//!
//! The change is made by the docker CLI from the run's own `Started` event, which comes
//! before the step's look at the engine: the same order as a terminal command typed while
//! the previous step ran, without depending on timing.

use crate::scenario::*;
use crate::ENGINE;
use imagen_core::removal::{execute_plan, ActionKind, PlanChange, RemovalEvent, RemovalRun, Step};
use imagen_core::Error;

/// Runs `kind` of plan `p`, calling `change` when step `at` starts.
async fn execute_with(
    p: &imagen_core::removal::RemovalPlan,
    kind: ActionKind,
    at: u32,
    change: impl Fn(),
) -> imagen_core::removal::RemovalReport {
    let run = execute_plan(
        &crate::support::private_engine(),
        &PLANS,
        &p.id,
        kind,
        |event| {
            if matches!(event, RemovalEvent::Started { step } if step == at) {
                change();
            }
        },
    )
    .await
    .unwrap();
    match run {
        RemovalRun::Ran { report } => report,
        other => panic!("nothing had changed at the click: {other:#?}"),
    }
}

fn tags_added(report: &imagen_core::removal::RemovalReport) -> Vec<String> {
    match &report.failed {
        Some(Error::EngineChanged { changes }) => changes
            .iter()
            .flat_map(|c| match c {
                PlanChange::TagsChanged { added, .. } => added.clone(),
                _ => Vec::new(),
            })
            .collect(),
        other => panic!("expected EngineChanged, got {other:#?} in {report:#?}"),
    }
}

/// "Stop, remove, delete" on a nameless image with a stopped container: while the
/// container is removed, the terminal names the image (`docker tag <id> keep:1`). The
/// delete by ID would untag and delete it; it stops instead, and says why.
#[tokio::test]
async fn a_tag_added_during_the_run_stops_the_delete_by_id() {
    let _shared = ENGINE.read().await;
    let repo = unique("nameless");
    let id = build(&format!("{repo}:1"), BASE);
    build(&format!("{repo}:1"), BASE); // the tag moves on: `id` is <none> now
    let job = unique("job");
    exited(&job, &id);
    let p = plan(&images(&[&id])).await;
    let steps = action(&p, ActionKind::StopRemoveDelete).steps.len() as u32;
    let keep = format!("{}:1", unique("keep"));

    let report = execute_with(&p, ActionKind::StopRemoveDelete, steps - 1, || {
        tag(&id, &keep)
    })
    .await;

    assert_eq!(
        report.steps_run,
        steps - 1,
        "the container went: {report:#?}"
    );
    assert!(!container_exists(&job));
    assert_eq!(tags_added(&report), std::slice::from_ref(&keep));
    assert_eq!(
        id_of(&keep).as_deref(),
        Some(id.as_str()),
        "the new tag stays"
    );
}

/// A forced delete of an image whose one tag was seen: a second tag added in the terminal
/// would go with `docker rmi -f <id>` without the engine asking.
#[tokio::test]
async fn a_tag_added_before_a_forced_delete_is_not_removed() {
    let _shared = ENGINE.read().await;
    let repo = unique("forced");
    let seen = format!("{repo}:1");
    let id = build(&seen, BASE);
    let job = unique("job");
    exited(&job, &seen);
    let p = plan(&images(&[&id])).await;
    let extra = format!("{repo}:added");

    let report = execute_with(&p, ActionKind::ForceDelete, 0, || tag(&id, &extra)).await;

    assert_eq!(report.steps_run, 0);
    assert_eq!(tags_added(&report), std::slice::from_ref(&extra));
    assert_eq!(tags_of(&id), [seen, extra].into_iter().collect());
}

/// Only one of two tags selected: the plan untags it and keeps the image. If the other tag
/// is removed in the terminal first, the same `docker rmi` would delete the image; Imagen
/// stops and says the other tag is gone.
#[tokio::test]
async fn an_untag_whose_image_lost_its_other_tag_does_not_delete_it() {
    let _shared = ENGINE.read().await;
    let repo = unique("untag");
    let (one, two) = (format!("{repo}:1"), format!("{repo}:2"));
    let id = build(&one, BASE);
    tag(&one, &two);
    let p = plan(&tags(&[&one])).await;

    let report = execute_with(&p, ActionKind::RemoveTag, 0, || {
        crate::support::docker(&["rmi", &two]);
    })
    .await;

    assert_eq!(report.steps_run, 0);
    match &report.failed {
        Some(Error::EngineChanged { changes }) => assert!(
            changes.iter().any(|c| matches!(c,
                PlanChange::TagsChanged { removed, .. } if removed == std::slice::from_ref(&two))),
            "{changes:#?}"
        ),
        other => panic!("expected EngineChanged, got {other:#?}"),
    }
    assert_eq!(tags_of(&id), [one].into_iter().collect(), "the image stays");
}

/// What the run itself removes is expected: a plan that untags two tags of one image and
/// then deletes it runs to the end (the look before each step subtracts the run's own
/// untags).
#[tokio::test]
async fn the_runs_own_untags_are_not_changes() {
    let _shared = ENGINE.read().await;
    let repo = unique("own");
    let (one, two) = (format!("{repo}:1"), format!("{repo}:2"));
    let id = build(&one, BASE);
    tag(&one, &two);
    let p = plan(&images(&[&id])).await;
    let report = run_and_compare(&p, ActionKind::Delete).await;
    assert!(report.failed.is_none(), "{report:#?}");
    assert!(id_of(&id).is_none());
}

/// The run stopped with `TagsChanged` for the parent `parent`, whose tag `tag` a terminal
/// took.
fn stopped_naming(report: &imagen_core::removal::RemovalReport, parent: &str, tag: &str) {
    match &report.failed {
        Some(Error::EngineChanged { changes }) => assert!(
            changes.iter().any(|c| matches!(c,
                PlanChange::TagsChanged { image, removed, .. }
                    if image.as_str() == parent && removed.as_slice() == [tag])),
            "{changes:#?}"
        ),
        other => panic!("expected EngineChanged, got {other:#?}"),
    }
}

/// An image built on another (classic builder: a parent chain). The plan deletes the child
/// and keeps the tagged parent. If the terminal takes the parent's tag while the run goes,
/// the child's delete would prune the parent with it, unseen: the run stops first and
/// names the parent.
#[tokio::test]
async fn a_parent_untagged_during_the_run_is_not_pruned_with_its_child() {
    let _shared = ENGINE.read().await;
    let parent_tag = format!("{}:1", unique("parent"));
    let parent = build(&parent_tag, BASE);
    let child_tag = format!("{}:1", unique("child"));
    let child = build(&child_tag, &parent_tag);
    let p = plan(&images(&[&child])).await;

    let report = execute_with(&p, ActionKind::Delete, 0, || {
        crate::support::docker(&["rmi", &parent_tag]);
    })
    .await;

    assert_eq!(report.steps_run, 0, "{report:#?}");
    stopped_naming(&report, &parent, &parent_tag);
    assert!(id_of(&child).is_some(), "the child stays");
    assert!(
        id_of(&parent).is_some(),
        "the parent stays, untagged by the terminal"
    );
}

/// The same with two children of the parent in one plan: at the first delete the other
/// child keeps the parent, but at the second the engine would prune it. The look counts
/// the child this run already deleted as gone.
#[tokio::test]
async fn a_parent_untagged_between_two_siblings_deletes_is_not_pruned() {
    let _shared = ENGINE.read().await;
    let parent_tag = format!("{}:1", unique("parent"));
    let parent = build(&parent_tag, BASE);
    let first = build(&format!("{}:1", unique("sibling")), &parent_tag);
    let second = build(&format!("{}:1", unique("sibling")), &parent_tag);
    let p = plan(&images(&[&first, &second])).await;

    let report = execute_with(&p, ActionKind::Delete, 1, || {
        crate::support::docker(&["rmi", &parent_tag]);
    })
    .await;

    assert_eq!(report.steps_run, 1, "{report:#?}");
    stopped_naming(&report, &parent, &parent_tag);
    let left = [&first, &second]
        .iter()
        .filter(|id| id_of(id).is_some())
        .count();
    assert_eq!(left, 1, "one sibling deleted, the other stays");
    assert!(
        id_of(&parent).is_some(),
        "the parent stays, untagged by the terminal"
    );
}

/// The same when the terminal removed the first sibling itself (its step finds it gone):
/// it is no longer a child that keeps the parent either.
#[tokio::test]
async fn a_parent_untagged_after_a_sibling_went_in_a_terminal_is_not_pruned() {
    let _shared = ENGINE.read().await;
    let parent_tag = format!("{}:1", unique("parent"));
    let parent = build(&parent_tag, BASE);
    let tags = [1, 2].map(|_| format!("{}:1", unique("sibling")));
    let ids = tags.clone().map(|t| build(&t, &parent_tag));
    let p = plan(&images(&[&ids[0], &ids[1]])).await;
    let steps = &p
        .actions
        .iter()
        .find(|a| a.kind == ActionKind::Delete)
        .unwrap()
        .steps;
    let step_of = |id: &str| {
        steps
            .iter()
            .position(|s| matches!(s, Step::RemoveImage { image, .. } if image.as_str() == id))
            .unwrap()
    };
    // The sibling whose delete comes first is the one the terminal removes.
    let (at, first, second) = if step_of(&ids[0]) < step_of(&ids[1]) {
        (step_of(&ids[0]), 0, 1)
    } else {
        (step_of(&ids[1]), 1, 0)
    };

    let report = execute_with(&p, ActionKind::Delete, at as u32, || {
        crate::support::docker(&["rmi", &tags[first]]);
        crate::support::docker(&["rmi", &parent_tag]);
    })
    .await;

    stopped_naming(&report, &parent, &parent_tag);
    assert!(id_of(&ids[first]).is_none(), "the terminal removed it");
    assert!(id_of(&ids[second]).is_some(), "the other sibling stays");
    assert!(
        id_of(&parent).is_some(),
        "the parent stays, untagged by the terminal"
    );
}
