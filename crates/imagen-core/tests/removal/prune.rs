//! `docker image prune [-a]`: the preview lists exactly what the engine then removes.

use crate::scenario::*;
use crate::support::{docker, private_engine};
use crate::ENGINE;
use imagen_core::removal::{prune, prune_preview, PruneMode, PrunePreview};
use std::collections::BTreeSet;

async fn preview(mode: PruneMode) -> PrunePreview {
    private_engine()
        .run(|e| async move { prune_preview(&e, mode).await })
        .await
        .unwrap()
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
    for image in &p.images {
        assert_eq!(
            image.intermediate,
            !listed.contains(image.id.as_str()),
            "{mode:?}: intermediate means only `docker images -a` lists it: {image:?}"
        );
    }
    let engine = private_engine().engine().await.unwrap();
    let report = prune(&engine, mode).await.unwrap();
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
    if report.reclaimed > 0 {
        assert!(p.freed > 0, "{mode:?}: preview said nothing would be freed");
    }
}

#[tokio::test]
async fn prune_previews_are_exact() {
    let _alone = ENGINE.write().await;
    let base_id = id_of(BASE).unwrap();
    // A container keeps the base image itself from being pruned by `-a` (it still loses
    // some of its tags then, exactly as the preview says); the tag is put back afterwards
    // for the other tests.
    let keeper = unique("keeper");
    created(&keeper, BASE);

    world();
    check(PruneMode::Dangling).await;
    world();
    check(PruneMode::Unused).await;

    docker(&["tag", &base_id, BASE]);
}
