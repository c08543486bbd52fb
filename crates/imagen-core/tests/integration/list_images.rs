//! `list_images` agrees with `docker images` on the same engine.

use crate::support::{docker, image_id, private_engine, without_builds};
use imagen_core::images::{human_size, list_images};
use imagen_core::{ContainerUsage, ImageList};
use std::collections::{BTreeMap, BTreeSet};

async fn listed() -> ImageList {
    private_engine()
        .run(|engine| async move { list_images(&engine).await })
        .await
        .unwrap()
}

#[derive(Debug, Default, PartialEq)]
struct Row {
    tags: BTreeSet<String>,
    size_text: String,
    dangling: bool,
}

/// What the terminal says, one JSON object per (image, tag) row, keyed by full ID.
fn docker_images() -> BTreeMap<String, Row> {
    let mut cli: BTreeMap<String, Row> = BTreeMap::new();
    for line in docker(&["images", "--no-trunc", "--format", "{{json .}}"]).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (repo, tag) = (
            v["Repository"].as_str().unwrap(),
            v["Tag"].as_str().unwrap(),
        );
        let row = cli.entry(v["ID"].as_str().unwrap().to_owned()).or_default();
        row.size_text = v["Size"].as_str().unwrap().to_owned();
        if repo == "<none>" && tag == "<none>" {
            row.dangling = true;
        } else {
            row.tags.insert(format!("{repo}:{tag}"));
        }
    }
    cli
}

fn rows(list: &ImageList) -> BTreeMap<String, Row> {
    list.images
        .iter()
        .map(|i| {
            // The list sends bytes; the page words them with humanSize, held to the same
            // cases as human_size (images/size-vectors.json).
            // `docker images` also prints `repo <none>` for each repository the image has a
            // digest in but no tag (a tag that moved on; a pull by digest on the containerd
            // store), as the card's chips do.
            let repository = |tag: &str| match tag.rsplit_once(':') {
                Some((repo, t)) if !t.contains('/') => repo.to_owned(),
                _ => tag.to_owned(),
            };
            let tagged: BTreeSet<String> = i.tags.iter().map(|t| repository(t)).collect();
            let untagged = i
                .digests
                .iter()
                .filter_map(|d| d.split_once('@').map(|(repo, _)| repo))
                .filter(|repo| !tagged.contains(*repo))
                .map(|repo| format!("{repo}:<none>"));
            let row = Row {
                tags: i.tags.iter().cloned().chain(untagged).collect(),
                size_text: human_size(i.size),
                dangling: i.dangling,
            };
            (i.id.as_str().to_owned(), row)
        })
        .collect()
}

#[tokio::test]
async fn agrees_with_docker_images() {
    // Other tests (kit, tag, pull) add and remove images on the same engine while this one
    // runs, so one `docker images` and one list can honestly differ. Compare only a list taken
    // between two identical `docker images` answers: then the engine did not change under it.
    let mut last = None;
    for _ in 0..20 {
        let before = docker_images();
        let ours = rows(&listed().await);
        let after = docker_images();
        if before == after {
            assert!(
                before.len() >= 6,
                "fixtures missing? docker images: {before:?}"
            );
            assert_eq!(ours, before);
            return;
        }
        last = Some((before, after));
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    panic!("the engine never held still for one list (other tests kept changing it): {last:?}");
}

#[tokio::test]
async fn fixture_with_three_tags_is_one_card() {
    let list = listed().await;
    let id = image_id("imagen-fixture/busybox:latest");
    let busybox = list.images.iter().find(|i| i.id.as_str() == id).unwrap();
    let tags: BTreeSet<&str> = busybox.tags.iter().map(String::as_str).collect();
    assert_eq!(
        tags,
        BTreeSet::from([
            "imagen-fixture/busybox:1.36",
            "imagen-fixture/busybox:latest",
            "imagen-fixture/busybox:stable"
        ])
    );
}

#[tokio::test]
async fn dangling_image_has_no_name() {
    let list = listed().await;
    let dangling: Vec<_> = list.images.iter().filter(|i| i.dangling).collect();
    assert!(!dangling.is_empty());
    for image in dangling {
        assert!(image.tags.is_empty() && image.digests.is_empty());
    }
}

#[tokio::test]
async fn counts_running_and_stopped_containers() {
    // Not while the kit or tag tests build: their builder's step containers use busybox.
    let list = without_builds(listed).await;
    let usage = |reference: &str| {
        let id = image_id(reference);
        list.images
            .iter()
            .find(|i| i.id.as_str() == id)
            .unwrap()
            .containers
    };
    assert_eq!(
        usage("imagen-fixture/web:1.0"),
        ContainerUsage {
            running: 1,
            stopped: 0
        }
    );
    assert_eq!(
        usage("imagen-fixture/job:1.0"),
        ContainerUsage {
            running: 0,
            stopped: 1
        }
    );
    assert_eq!(usage("imagen-fixture/layers:3"), ContainerUsage::default());
    // Counted by image ID: the base image of web/job is not "used" by them.
    assert_eq!(
        usage("imagen-fixture/busybox:latest"),
        ContainerUsage::default()
    );
}

#[tokio::test]
async fn total_is_the_sum_of_sizes() {
    let list = listed().await;
    let sum: u64 = list.images.iter().map(|i| i.size).sum();
    assert_eq!(list.total_size, sum);
}
