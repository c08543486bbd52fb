//! `docker image prune [-a]`: the preview lists exactly what the engine then removes.

use crate::scenario::*;
use crate::support::{docker, private_engine};
use crate::ENGINE;
use imagen_core::removal::{
    keep_prune_preview, prune_kept, prune_kept_with, PlanChange, PruneMode, PrunePreview,
    PruneReport, PruneRun, PruneStep,
};
use std::collections::BTreeSet;

/// Puts the base image's tag back when the test ends, passed or failed: `prune -a` removes
/// it (a container keeps the image, not its tags), and every later build starts from it.
struct BaseTagBack(String);

impl BaseTagBack {
    fn new() -> Self {
        Self(id_of(BASE).unwrap())
    }
}

impl Drop for BaseTagBack {
    fn drop(&mut self) {
        // Not `docker()`, which panics: a panic while a failed test unwinds aborts the run.
        let _ = std::process::Command::new("docker")
            .args(["tag", &self.0, BASE])
            .output();
    }
}

async fn preview(mode: PruneMode) -> PrunePreview {
    private_engine()
        .run(|e| async move { keep_prune_preview(&e, &PLANS, mode, None).await })
        .await
        .unwrap()
}

async fn confirm(p: &PrunePreview) -> PruneRun {
    prune_kept(&private_engine(), &PLANS, &p.id).await.unwrap()
}

fn ran(run: PruneRun) -> PruneReport {
    match run {
        PruneRun::Ran { report } => report,
        other => panic!("expected the prune to run: {other:#?}"),
    }
}

/// Leaves something for each prune rule: a dangling image, an unused tagged image, one
/// with two tags and a stopped container (`prune -a` untags the first and stops at the
/// second), one used by a running container, and a parent/child pair.
fn world() {
    let rebuilt = format!("{}:1", unique("rebuilt"));
    build(&rebuilt, BASE);
    build(&rebuilt, BASE); // the first build is now dangling
    build(&format!("{}:1", unique("unused")), BASE);
    let two = unique("twotags");
    build(&format!("{two}:a"), BASE);
    tag(&format!("{two}:a"), &format!("{two}:b"));
    exited(&unique("job"), &format!("{two}:a"));
    let used = format!("{}:1", unique("used"));
    build(&used, BASE);
    running(&unique("web"), &used);
    let parent = format!("{}:1", unique("parent"));
    build(&parent, BASE);
    build(&format!("{}:1", unique("kid")), &parent);
}

async fn check(mode: PruneMode) {
    let before = all_image_ids();
    let listed: BTreeSet<String> = docker(&["images", "--no-trunc", "-q"])
        .lines()
        .map(str::to_owned)
        .collect();
    let p = preview(mode).await;
    assert_eq!(
        p.intermediates_alone,
        crate::support::containerd_store(),
        "the preview knows the store"
    );
    for image in &p.images {
        assert_eq!(
            image.intermediate,
            !listed.contains(image.id.as_str()),
            "{mode:?}: intermediate means only `docker images -a` lists it: {image:?}"
        );
    }
    let report = ran(confirm(&p).await);
    let want_deleted: BTreeSet<&str> = p
        .images
        .iter()
        .filter(|i| i.deleted)
        .map(|i| i.id.as_str())
        .collect();
    let got_deleted: BTreeSet<&str> = report.deleted.iter().map(String::as_str).collect();
    assert_eq!(
        got_deleted, want_deleted,
        "{mode:?}: deleted\npreview {p:#?}\nreport {report:#?}"
    );
    let want_untagged: BTreeSet<&String> = p.images.iter().flat_map(|i| &i.untagged).collect();
    let got_untagged: BTreeSet<&String> = report.untagged.iter().collect();
    assert_eq!(got_untagged, want_untagged, "{mode:?}: untagged");
    let after = all_image_ids();
    let gone: BTreeSet<&str> = before.difference(&after).map(String::as_str).collect();
    assert_eq!(gone, want_deleted, "{mode:?}: images missing afterwards");
    assert!(
        !want_deleted.is_empty(),
        "{mode:?}: the world had something to prune"
    );
    let reclaimed = report
        .reclaimed
        .expect("the engine's disk usage gives what the prune freed");
    assert!(
        p.freed_text.is_some(),
        "{mode:?}: the engine's disk usage gives what the prune frees"
    );
    if reclaimed > 0 {
        assert!(p.freed > 0, "{mode:?}: preview said nothing would be freed");
    }
}

#[tokio::test]
async fn prune_previews_are_exact() {
    let _alone = ENGINE.write().await;
    let _base = BaseTagBack::new();
    // A container keeps the base image itself from being pruned by `-a` (it still loses
    // some of its tags then, exactly as the preview says); the tag is put back afterwards
    // for the other tests.
    let keeper = unique("keeper");
    created(&keeper, BASE);

    world();
    check(PruneMode::Dangling).await;
    world();
    check(PruneMode::Unused).await;
}

/// The race the preview exists for: an unused image pulled (here: built) after the
/// preview of `prune -a` was shown must survive the confirmation.
#[tokio::test]
async fn an_image_that_appears_after_the_preview_is_not_pruned() {
    let _alone = ENGINE.write().await;
    let _base = BaseTagBack::new();
    let keeper = unique("keeper");
    created(&keeper, BASE);
    let old = build(&format!("{}:1", unique("old")), BASE);
    let p = preview(PruneMode::Unused).await;
    assert!(
        p.images.iter().any(|i| i.id.as_str() == old && i.deleted),
        "{p:#?}"
    );
    let late = build(&format!("{}:1", unique("late")), BASE);

    let fresh = match confirm(&p).await {
        PruneRun::Changed { changes, preview } => {
            assert!(
                changes.iter().any(
                    |c| matches!(c, PlanChange::ImageAdded { image, .. } if image.as_str() == late)
                ),
                "{changes:#?}"
            );
            preview
        }
        other => panic!("the prune set grew, yet: {other:#?}"),
    };
    assert!(
        id_of(&old).is_some(),
        "nothing was pruned on a changed engine"
    );
    assert!(id_of(&late).is_some());
    // The new preview shows the late image; confirming it prunes both.
    assert!(fresh.images.iter().any(|i| i.id.as_str() == late));
    let report = ran(confirm(&fresh).await);
    assert!(report.deleted.contains(&old) && report.deleted.contains(&late));
}

/// Images removed in a terminal after the preview leave the rest of the prune alone.
#[tokio::test]
async fn a_smaller_prune_still_runs_what_is_left() {
    let _alone = ENGINE.write().await;
    let _base = BaseTagBack::new();
    let keeper = unique("keeper");
    created(&keeper, BASE);
    let a = build(&format!("{}:1", unique("a")), BASE);
    let b = build(&format!("{}:1", unique("b")), BASE);
    let p = preview(PruneMode::Unused).await;
    let a_name = p
        .images
        .iter()
        .find(|i| i.id.as_str() == a)
        .map(|i| i.display_name.clone())
        .expect("the preview deletes a");
    docker(&["rmi", &a]);
    let report = ran(confirm(&p).await);
    assert!(report.deleted.contains(&b), "{report:#?}");
    // The report names what it did not get to delete, as the preview named it (`a`, and
    // the intermediate image the terminal's rmi took with it).
    assert!(report.gone_before.contains(&a_name), "{report:#?}");
    for name in &report.gone_before {
        assert!(
            p.images
                .iter()
                .any(|i| i.deleted && (i.display_name == *name || i.short_id == *name)),
            "{name} was not to be deleted: {report:#?}"
        );
    }
    assert_eq!(id_of(&b), None);
}

/// A dangling image a terminal removes while the prune runs (between two of its deletes) is
/// named in the report as gone, not counted out without a word.
#[tokio::test]
async fn an_image_removed_during_the_prune_is_named() {
    let _alone = ENGINE.write().await;
    let name = format!("{}:1", unique("vanish"));
    let first = build(&name, BASE);
    let second = build(&name, BASE);
    build(&name, BASE); // `first` and `second` are dangling now
    let p = preview(PruneMode::Dangling).await;
    let mut removed: Option<String> = None;
    let run = prune_kept_with(&private_engine(), &PLANS, &p.id, |step| {
        let PruneStep::Calling { image, .. } = step else {
            return;
        };
        if removed.is_none() {
            let other = if image.as_str() == first {
                &second
            } else {
                &first
            };
            docker(&["rmi", other]);
            removed = Some(other.clone());
        }
    })
    .await
    .unwrap();
    let report = ran(run);
    let removed = removed.expect("the prune removed something");
    let short = removed.trim_start_matches("sha256:")[..12].to_owned();
    assert!(report.failed.is_none(), "{report:#?}");
    assert!(!report.deleted.contains(&removed), "{report:#?}");
    assert!(report.gone_before.contains(&short), "{report:#?}");
    assert_eq!(id_of(&removed), None);
}

/// A dangling image named in a terminal while the prune runs (`docker tag <id> keep:1`
/// between two of its deletes) is left alone with its new tag, and the report says so:
/// deleting it by ID would untag `keep:1` unseen.
#[tokio::test]
async fn an_image_named_during_the_prune_is_left_alone() {
    let _alone = ENGINE.write().await;
    let name = format!("{}:1", unique("rebuilt"));
    let first = build(&name, BASE);
    let second = build(&name, BASE);
    build(&name, BASE); // `first` and `second` are dangling now
    let keep = format!("{}:1", unique("keep"));
    let p = preview(PruneMode::Dangling).await;
    let mut named: Option<String> = None;
    let run = prune_kept_with(&private_engine(), &PLANS, &p.id, |step| {
        let PruneStep::Calling { image, .. } = step else {
            return;
        };
        if named.is_none() {
            let other = if image.as_str() == first {
                &second
            } else {
                &first
            };
            tag(other, &keep);
            named = Some(other.clone());
        }
    })
    .await
    .unwrap();
    let report = ran(run);
    let named = named.expect("the prune removed something");
    assert!(report.failed.is_none(), "{report:#?}");
    assert!(
        report.left.iter().any(|c| matches!(c,
            PlanChange::TagsChanged { image, added, .. }
                if image.as_str() == named && added == std::slice::from_ref(&keep))),
        "{report:#?}"
    );
    assert!(!report.deleted.contains(&named));
    assert_eq!(
        id_of(&keep).as_deref(),
        Some(named.as_str()),
        "kept, tag and all"
    );
}

/// A dangling image built on a tagged parent (classic builder) that is its only child:
/// the preview deletes the child and keeps the parent. If a terminal takes the parent's tag
/// while the prune runs, deleting the child would prune the parent with it, unseen: the
/// child is left, and the report names the parent. (On the containerd store the child's call
/// prunes no parent, so the child goes, and the parent is not Imagen's to delete.)
#[tokio::test]
async fn a_parent_untagged_during_the_prune_is_not_pruned_with_its_child() {
    let _alone = ENGINE.write().await;
    let parent_tag = format!("{}:1", unique("parent"));
    let parent = build(&parent_tag, BASE);
    let child_tag = format!("{}:1", unique("child"));
    let child = build(&child_tag, &parent_tag);
    build(&child_tag, BASE); // the tag moves on: `child` is dangling, `parent` its parent
    let p = preview(PruneMode::Dangling).await;
    assert!(
        p.images.iter().any(|i| i.id.as_str() == child && i.deleted),
        "{p:#?}"
    );
    assert!(
        !p.images
            .iter()
            .any(|i| i.id.as_str() == parent && i.deleted),
        "{p:#?}"
    );
    let run = prune_kept_with(&private_engine(), &PLANS, &p.id, |step| {
        if matches!(step, PruneStep::Calling { image, .. } if image.as_str() == child) {
            docker(&["rmi", &parent_tag]); // untags only: `parent` has a child
        }
    })
    .await
    .unwrap();
    let report = ran(run);
    assert!(report.failed.is_none(), "{report:#?}");
    // The containerd store's prune deletes each image by itself (`--no-prune`), so the
    // child's call cannot take its parent: nothing to leave or say there.
    if !crate::support::containerd_store() {
        assert!(
            report.left.iter().any(|c| matches!(c,
                PlanChange::TagsChanged { image, removed, .. }
                    if image.as_str() == parent && removed == std::slice::from_ref(&parent_tag))),
            "{report:#?}"
        );
    }
    assert!(!report.deleted.contains(&parent), "{report:#?}");
    if crate::support::containerd_store() {
        // The terminal's own `docker rmi` may delete the parent there: once the prune has
        // deleted the intermediate image between the two, it has no child left.
        assert!(id_of(&child).is_none(), "the child is pruned, by itself");
    } else {
        assert!(id_of(&child).is_some(), "the child stays");
        assert!(
            id_of(&parent).is_some(),
            "the parent stays, untagged by the terminal"
        );
    }
}

/// The Terminal record gets each `docker rmi` a prune that ran made (by full ID for an
/// image with no tag), done: replayed, they remove what Imagen removed, where `docker image
/// prune` would take whatever is unused by then. Nothing for a preview ID that names no
/// preview (a replay or a forged ID).
#[tokio::test]
async fn the_record_shows_a_prune_that_ran_and_nothing_for_an_unknown_preview() {
    let _alone = ENGINE.write().await;
    let record = imagen_core::record::Record::default();
    let unknown = imagen_core::removal::prune_kept_recorded(
        &private_engine(),
        &PLANS,
        &record,
        "prune-0123456789abcdef0123456789abcdef",
    )
    .await;
    assert!(unknown.is_err());
    assert!(record.entries().is_empty(), "{:?}", record.entries());

    let name = format!("{}:1", unique("rebuilt"));
    build(&name, BASE);
    build(&name, BASE); // one dangling image at least
    let p = preview(PruneMode::Dangling).await;
    let run = imagen_core::removal::prune_kept_recorded(&private_engine(), &PLANS, &record, &p.id)
        .await
        .unwrap();
    let report = ran(run);
    let entries = record.entries();
    assert!(!report.deleted.is_empty(), "{report:#?}");
    // One line per call; a call's untagged parents (legacy builder) go with it, unrecorded,
    // as they go with `docker rmi` in a terminal. The containerd store's prune deletes each
    // by itself: `docker rmi --no-prune`.
    assert!(!entries.is_empty());
    let rmi = if crate::support::containerd_store() {
        "docker rmi --no-prune "
    } else {
        "docker rmi "
    };
    for e in &entries {
        let id = e.command.strip_prefix(rmi).unwrap_or_default();
        assert!(
            report.deleted.iter().any(|d| d == id),
            "{entries:#?} {report:#?}"
        );
        assert_eq!(e.status, imagen_core::record::RecordStatus::Done);
    }
}

/// `prune -a` previewed deleting an unused image with two tags; `docker run app:1` in a
/// terminal before the confirmation puts it to use. Run anyway, the engine would untag `app:1`
/// and keep the image, reported as "1 tag removed" with no reason. The confirmation removes
/// nothing and answers with the new preview, naming the container.
#[tokio::test]
async fn an_image_put_to_use_after_the_preview_is_a_change_to_confirm() {
    let _alone = ENGINE.write().await;
    let _base = BaseTagBack::new();
    let keeper = unique("keeper");
    created(&keeper, BASE);
    let app = unique("app");
    let (one, two) = (format!("{app}:1"), format!("{app}:2"));
    let image = build(&one, BASE);
    tag(&one, &two);
    let p = preview(PruneMode::Unused).await;
    assert!(
        p.images.iter().any(|i| i.id.as_str() == image && i.deleted),
        "{p:#?}"
    );
    let user = unique("app-run");
    exited(&user, &one);

    match confirm(&p).await {
        PruneRun::Changed { changes, preview } => {
            assert!(
                changes.iter().any(|c| matches!(c,
                    PlanChange::ContainerAdded { container, image: used, .. }
                        if *container == user && used.as_str() == image)),
                "{changes:#?}"
            );
            assert!(
                !preview
                    .images
                    .iter()
                    .any(|i| i.id.as_str() == image && i.deleted),
                "the new preview keeps it: {preview:#?}"
            );
        }
        other => panic!("the image came into use, yet: {other:#?}"),
    }
    assert_eq!(
        tags_of(&image),
        BTreeSet::from([one.clone(), two.clone()]),
        "nothing untagged"
    );
    docker(&["rm", &user]);
    docker(&["rmi", &one, &two]);
    docker(&["rm", &keeper]);
}

/// `docker build -t app .` twice with a `docker run app` between: the old build is dangling,
/// and its stopped container keeps it from `docker image prune`. The preview names it with
/// the container, and the prune leaves it, as the engine's own does.
#[tokio::test]
async fn a_dangling_image_its_container_keeps_is_named_and_left() {
    let _alone = ENGINE.write().await;
    let app = format!("{}:1", unique("rebuilt-run"));
    let old = build(&app, BASE);
    let job = unique("job");
    exited(&job, &app);
    let new = build(&app, BASE);
    assert_ne!(old, new, "the second build is another image");

    let p = preview(PruneMode::Dangling).await;
    assert!(
        !p.images.iter().any(|i| i.id.as_str() == old),
        "not to be deleted: {p:#?}"
    );
    let kept = p
        .kept
        .iter()
        .find(|k| k.id.as_str() == old)
        .unwrap_or_else(|| panic!("named as kept: {p:#?}"));
    let names: Vec<&str> = kept.containers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, [job.as_str()]);
    // Whatever else is dangling goes; this one stays.
    let _ = confirm(&p).await;
    assert!(all_image_ids().contains(&old), "the prune left it");
    assert!(
        preview(PruneMode::Unused).await.kept.is_empty(),
        "under -a nothing is pointed out"
    );
    docker(&["rm", &job]);
    docker(&["rmi", &old, &app]);
}

/// The preview against the engine's own `docker image prune [-a]`, run in a terminal right
/// after it: the engine deletes and untags exactly what the preview said. The other tests
/// compare the preview with Imagen's own deletes, which follow the preview; this one pins
/// the model of the engine's rules to the engine itself (a dangling image a stopped container
/// keeps, an image with two tags and a container, a parent with its only child).
#[tokio::test]
async fn the_engines_own_prune_does_what_the_preview_said() {
    let _alone = ENGINE.write().await;
    let _base = BaseTagBack::new();
    let keeper = unique("keeper");
    created(&keeper, BASE);
    let mut made = vec![keeper];

    for (mode, command) in [
        (PruneMode::Dangling, &["image", "prune", "-f"][..]),
        (PruneMode::Unused, &["image", "prune", "-a", "-f"][..]),
    ] {
        world();
        let app = format!("{}:1", unique("rebuilt-run"));
        build(&app, BASE);
        let job = unique("job");
        exited(&job, &app);
        build(&app, BASE);
        made.push(job);

        let p = preview(mode).await;
        let images_before = all_image_ids();
        let said = docker(command);
        // The CLI prints `untagged: <ref>` and `deleted: sha256:…` per item of the engine's
        // answer; a deleted image's digests (`name@sha256:…`) are untagged too, and the
        // preview lists tags only.
        // The classic store also says `deleted:` for each layer it freed: only images count.
        let engine_deleted: BTreeSet<&str> = said
            .lines()
            .filter_map(|l| l.trim().strip_prefix("deleted: "))
            .filter(|id| images_before.contains(*id))
            .collect();
        // The containerd store also says `untagged: sha256:…` for a nameless image's record.
        let engine_untagged: BTreeSet<&str> = said
            .lines()
            .filter_map(|l| l.trim().strip_prefix("untagged: "))
            .filter(|r| !r.contains('@') && !r.starts_with("sha256:"))
            .collect();
        let want_deleted: BTreeSet<&str> = p
            .images
            .iter()
            .filter(|i| i.deleted)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(
            engine_deleted, want_deleted,
            "{mode:?}: deleted\npreview {p:#?}\nthe engine said:\n{said}"
        );
        let want_untagged: BTreeSet<&str> = p
            .images
            .iter()
            .flat_map(|i| &i.untagged)
            .map(String::as_str)
            .collect();
        assert_eq!(
            engine_untagged, want_untagged,
            "{mode:?}: untagged\npreview {p:#?}\nthe engine said:\n{said}"
        );
        for kept in &p.kept {
            assert!(
                all_image_ids().contains(kept.id.as_str()),
                "{mode:?}: the engine left {kept:?}"
            );
        }
    }

    for container in &made {
        docker(&["rm", "-f", container]);
    }
}

/// A name pulled by digest (`reg/app@sha256:…`) beside a tag of the same repository that a
/// container was created from. On the containerd store `prune -a` keeps that tag and prunes
/// the digest's record, but `ImageDelete` of a digest name there takes every name of its
/// repository (moby's `getSameReferences`): Imagen's prune makes no such call, and removes
/// the other names only. The second half pins that rule to the engine, on both stores: the
/// classic store's delete of a digest name takes that name alone. (The classic store's
/// `prune -a` untags such an image down to its last name, as `prune_previews_are_exact`
/// checks.)
#[tokio::test]
async fn a_digest_name_whose_delete_takes_a_kept_tag_stays() {
    let _alone = ENGINE.write().await;
    let _base = BaseTagBack::new();
    let keeper = unique("keeper");
    created(&keeper, BASE);
    let registry = std::env::var("IMAGEN_TEST_REGISTRY").unwrap();
    let local = format!("{}:1", unique("digest-local"));
    let id = build(&local, BASE);
    let repo = format!("{registry}/{}", unique("digest"));
    let remote = format!("{repo}:1");
    tag(&local, &remote);
    let pushed = docker(&["push", &remote]);
    let digest = pushed
        .split_whitespace()
        .find(|w| w.starts_with("sha256:"))
        .unwrap_or_else(|| panic!("no digest in push output: {pushed}"))
        .to_owned();
    let by_digest = format!("{repo}@{digest}");
    docker(&["pull", &by_digest]);
    let job = unique("job");
    exited(&job, &remote);
    let containerd = crate::support::containerd_store();

    if containerd {
        let p = preview(PruneMode::Unused).await;
        let mine = p
            .images
            .iter()
            .find(|i| i.id.as_str() == id)
            .unwrap_or_else(|| panic!("the local tag goes: {p:#?}"));
        // The tag the container was created from stays, and the digest's call would take it.
        assert_eq!(mine.untagged, std::slice::from_ref(&local), "{p:#?}");
        assert!(!mine.deleted, "{p:#?}");
        let report = ran(confirm(&p).await);
        assert!(report.failed.is_none(), "{report:#?}");
        assert!(report.untagged.contains(&local), "{report:#?}");
        assert_eq!(
            id_of(&remote).as_deref(),
            Some(id.as_str()),
            "the tag stays"
        );
        assert_eq!(
            id_of(&by_digest).as_deref(),
            Some(id.as_str()),
            "and the digest"
        );
        assert!(container_exists(&job));
    }

    // What that call does: on the containerd store the digest takes the repository's tag
    // with it; on the classic store it goes alone.
    let other = format!("{}:1", unique("other"));
    tag(&id, &other);
    docker(&["rmi", &by_digest]);
    assert_eq!(id_of(&remote).is_some(), !containerd, "{:?}", tags_of(&id));
    assert_eq!(id_of(&other).as_deref(), Some(id.as_str()));

    docker(&["rm", &job, &keeper]);
    docker(&["rmi", "-f", &id]);
}

/// On the containerd store an image with a child loses its names one call at a time, then
/// goes by its ID. When a terminal removes one of those names between two calls, the next
/// name's call is left (the image changed since the preview), and so is the ID call: made,
/// it would delete the image with the name the report says was left.
#[tokio::test]
async fn an_image_whose_name_call_was_left_is_not_deleted_by_id() {
    let _alone = ENGINE.write().await;
    if !crate::support::containerd_store() {
        return; // the classic store prunes an image with its names in one call
    }
    let _base = BaseTagBack::new();
    let keeper = unique("keeper");
    created(&keeper, BASE);
    let (a, b) = (
        format!("{}:1", unique("held-a")),
        format!("{}:1", unique("held-b")),
    );
    let id = build(&a, BASE);
    tag(&a, &b);
    build(&format!("{}:1", unique("held-kid")), &a);

    let p = preview(PruneMode::Unused).await;
    assert!(
        p.images.iter().any(|i| i.id.as_str() == id && i.deleted),
        "{p:#?}"
    );
    let mut removed: Option<String> = None;
    let run = prune_kept_with(&private_engine(), &PLANS, &p.id, |step| {
        let PruneStep::Calling { image, command } = step else {
            return;
        };
        if image.as_str() == id && removed.is_none() {
            let other = if command.contains(a.as_str()) { &b } else { &a };
            docker(&["rmi", other]);
            removed = Some(other.clone());
        }
    })
    .await
    .unwrap();
    let report = ran(run);
    let removed = removed.expect("the prune came to the image");
    let kept = if removed == a { &b } else { &a };
    assert!(report.failed.is_none(), "{report:#?}");
    assert!(
        report.left.iter().any(|c| matches!(c,
            PlanChange::TagsChanged { image, removed: r, .. }
                if image.as_str() == id && r == std::slice::from_ref(&removed))),
        "{report:#?}"
    );
    assert!(!report.deleted.contains(&id), "{report:#?}");
    assert_eq!(
        id_of(kept).as_deref(),
        Some(id.as_str()),
        "left, name and all"
    );
    docker(&["rm", &keeper]);
    docker(&["rmi", kept]);
}
