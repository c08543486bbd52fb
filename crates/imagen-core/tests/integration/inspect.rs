//! `inspect_image` and `image_history` agree with `docker inspect` / `docker history`.

use crate::support::{docker, image_id, private_engine};
use imagen_core::images::{human_size, image_history, inspect_image, list_images};
use imagen_core::Error;

#[tokio::test]
async fn inspect_returns_the_engines_document_unchanged() {
    let id = image_id("imagen-fixture/layers:3");
    let wanted = id.clone();
    let inspection = private_engine()
        .run(|e| async move { inspect_image(&e, &wanted).await })
        .await
        .unwrap();
    let cli: serde_json::Value = serde_json::from_str(&docker(&["image", "inspect", &id])).unwrap();
    let ours: serde_json::Value = serde_json::from_str(&inspection.raw).unwrap();
    assert_eq!(ours, cli[0], "same fields, same values as docker inspect");
    // The engine's own key order, not a re-serialised model's.
    assert!(
        inspection.raw.trim_start().starts_with("{\"Id\":"),
        "{}",
        &inspection.raw[..40]
    );

    let d = inspection.details;
    assert_eq!(d.id, id);
    assert_eq!(d.tags, vec!["imagen-fixture/layers:3"]);
    assert_eq!(d.layers, 4, "busybox rootfs + three build steps");
    assert_eq!(d.labels["org.imagen.fixture"], "layers");
    assert_eq!(
        d.platform,
        format!("linux/{}", cli[0]["Architecture"].as_str().unwrap())
    );
    // The details' size is the document's, as `docker image inspect` shows it. What
    // `docker images` prints is the list's, which the inspector shows in its place (as the card
    // does: ui/src/lib/inspector/shown.ts). The two agree on the classic store; on the containerd
    // store (Engine 28) inspect counts the packed content only (3.29MB here), the list the
    // unpacked copy too (7.55MB).
    let size = cli[0]["Size"].as_u64().unwrap();
    assert_eq!((d.size, d.size_text), (size, human_size(size)));
    let listed = private_engine()
        .run(|e| async move { list_images(&e).await })
        .await
        .unwrap()
        .images
        .into_iter()
        .find(|i| i.id.as_str() == id)
        .unwrap();
    let size_text = docker(&["images", "--format", "{{.Size}}", "imagen-fixture/layers:3"]);
    assert_eq!(human_size(listed.size), size_text.trim());
}

#[tokio::test]
async fn inspect_of_a_removed_image_says_so() {
    let err = private_engine()
        .run(|e| async move {
            inspect_image(
                &e,
                "sha256:0000000000000000000000000000000000000000000000000000000000000000",
            )
            .await
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NoSuchImage { .. }), "{err:?}");
}

#[tokio::test]
async fn history_matches_docker_history() {
    let id = image_id("imagen-fixture/layers:3");
    let wanted = id.clone();
    let rows = private_engine()
        .run(|e| async move { image_history(&e, &wanted).await })
        .await
        .unwrap();
    let cli: Vec<(String, String)> = docker(&[
        "history",
        "--no-trunc",
        "--format",
        "{{.CreatedBy}}\t{{.Size}}",
        &id,
    ])
    .lines()
    .map(|l| {
        let (by, size) = l.split_once('\t').unwrap();
        (by.to_owned(), size.to_owned())
    })
    .collect();
    let ours: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.created_by.clone(), r.size_text.clone()))
        .collect();
    assert_eq!(ours, cli);
    assert!(rows.iter().any(|r| r.created_by.contains("COPY")));
}
