//! How big a kit's archive will be, for the save's progress bar ("1.2GB of about 1.5GB").
//!
//! `docker save` writes a layer that several chosen images share once. Summing the images'
//! sizes counts it once per image: a kit of `python:3.12` and `python:3.12-slim`, or a course's
//! images built on one base, then stops its bar far short of the end and jumps to "done". So
//! the estimate counts each layer once.
//!
//! The engine says which layers an image has (inspect's `RootFS.Layers`, bottom first) but not
//! their sizes; `docker history` has the sizes, one row per build step, and the steps that made
//! no layer (`ENV`, `CMD`, …) have size 0. So an image's layers get the sizes of its non-empty
//! steps, in order, when the two counts agree. When they do not (a layer that holds no bytes
//! also shows as 0), which row is which layer is not known: that image counts whole and shares
//! nothing, as before. A layer is the same one in two images only on the same layers below it
//! (moby's chain ID): that is what the classic store keeps, and writes, once.
//!
//! History's sizes are the layers unpacked. The classic store's archive holds them so (an
//! uncompressed tar each); Docker's containerd image store (Docker Desktop's default) writes the
//! compressed blobs it keeps, usually much smaller. So each image's layers are scaled to
//! what the engine says it holds packed ([`packed_size`]): on the classic store that is the
//! layers' own sum, and nothing changes.

use crate::engine::Engine;
use serde_json::Value;
use std::collections::HashMap;

/// One image's part in the estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ImageLayers {
    /// Its layers, bottom first: each one's ID (`sha256:…` of its contents) and size.
    Known(Vec<(String, u64)>),
    /// Only its size is known: it counts whole and shares nothing.
    Whole(u64),
}

/// The bytes of `images` with each layer counted once, however many of them have it.
pub(super) fn distinct_size(images: &[ImageLayers]) -> u64 {
    // Each layer by the layer under it and its own ID (0: nothing under it): a chain ID
    // without hashing.
    let mut chains: HashMap<(usize, &str), usize> = HashMap::new();
    let mut total = 0u64;
    for image in images {
        match image {
            ImageLayers::Whole(size) => total = total.saturating_add(*size),
            ImageLayers::Known(layers) => {
                let mut below = 0;
                for (id, size) in layers {
                    let next = chains.len() + 1;
                    below = *chains.entry((below, id.as_str())).or_insert_with(|| {
                        total = total.saturating_add(*size);
                        next
                    });
                }
            }
        }
    }
    total
}

/// `layers` (inspect's `RootFS.Layers`, bottom first) with their sizes from `history` (the
/// engine's rows' sizes, newest first), or `None` when the non-empty rows are not one per layer.
pub(super) fn sized_layers(layers: Vec<String>, history: &[i64]) -> Option<Vec<(String, u64)>> {
    let sizes: Vec<u64> = history
        .iter()
        .rev()
        .filter_map(|size| u64::try_from(*size).ok().filter(|s| *s > 0))
        .collect();
    (sizes.len() == layers.len()).then(|| layers.into_iter().zip(sizes).collect())
}

/// What an archive holds of the image `document` (its inspect, asked with its manifests where
/// the API has them) describes, on an engine whose platform is `platform` (`linux/amd64`).
///
/// The containerd image store says it per manifest (`Manifests`, API 1.48 on, which the classic
/// store never sends): the packed content (`Size.Content`) of the image's manifests present here
/// for the engine's platform, which is all `docker save` writes (of all present ones when none is
/// for it). Otherwise inspect's `Size`: the classic store's layers as its archive holds them,
/// and the containerd store's packed content before API 1.48 (up to Engine 28, which counts
/// the packed content only there; later engines add the unpacked copy, but send `Manifests`).
/// `None` when the document says neither.
pub(super) fn packed_size(document: &Value, platform: &str) -> Option<u64> {
    let present: Vec<&Value> = document
        .get("Manifests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|m| m["Kind"] == "image" && m["Available"] == true)
        .collect();
    let for_engine: Vec<&Value> = present
        .iter()
        .copied()
        .filter(|m| manifest_platform(m) == platform)
        .collect();
    let counted = if for_engine.is_empty() {
        present
    } else {
        for_engine
    };
    if counted.is_empty() {
        return document.get("Size")?.as_u64();
    }
    counted
        .iter()
        .map(|m| m["Size"]["Content"].as_u64())
        .sum::<Option<u64>>()
}

/// A manifest's `os/architecture`, as the engine's own platform is written.
fn manifest_platform(manifest: &Value) -> String {
    let platform = &manifest["ImageData"]["Platform"];
    format!(
        "{}/{}",
        platform["os"].as_str().unwrap_or_default(),
        platform["architecture"].as_str().unwrap_or_default()
    )
}

/// `layers` (unpacked sizes) scaled to `packed`, what the archive holds of them all: each
/// keeps its share. Unchanged when `packed` is not less than their sum (the classic store).
pub(super) fn scaled(layers: Vec<(String, u64)>, packed: u64) -> Vec<(String, u64)> {
    let sum: u64 = layers.iter().map(|(_, size)| size).sum();
    if packed >= sum {
        return layers;
    }
    layers
        .into_iter()
        .map(|(id, size)| {
            let share = u128::from(size) * u128::from(packed) / u128::from(sum);
            (id, u64::try_from(share).unwrap_or(size))
        })
        .collect()
}

/// Image `id`'s part in the estimate, `listed` being its size in the list: whole when the engine
/// does not say enough (or the image went meanwhile: the save's own checks answer that), at
/// most what the engine says it holds packed ([`packed_size`]). `alone`: the only image saved,
/// which shares nothing, so its layers are not asked for (one question, not two).
pub(super) async fn image_layers(
    engine: &Engine,
    id: &str,
    listed: u64,
    alone: bool,
) -> ImageLayers {
    let Some(document) = engine
        .inspect_image_with_manifests(id)
        .await
        .ok()
        .flatten()
        .and_then(|body| serde_json::from_slice::<Value>(&body).ok())
    else {
        return ImageLayers::Whole(listed);
    };
    let packed = packed_size(&document, &engine.info().platform).map_or(listed, |p| p.min(listed));
    if alone {
        return ImageLayers::Whole(packed);
    }
    let known = async {
        let layers = document
            .get("RootFS")?
            .get("Layers")?
            .as_array()?
            .iter()
            .map(|layer| layer.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()?;
        let history = engine.image_history(id).await.ok()??;
        let sizes: Vec<i64> = history.iter().map(|row| row.size).collect();
        sized_layers(layers, &sizes)
    };
    match known.await {
        // The list's size is what the engine counts for the image; layers that add up to more
        // (an engine that counts otherwise) are not believed.
        Some(layers) if layers.iter().map(|(_, s)| s).sum::<u64>() <= listed => {
            ImageLayers::Known(scaled(layers, packed))
        }
        _ => ImageLayers::Whole(packed),
    }
}

/// The estimate for `images` (each image's ID and listed size, once each): their parts
/// ([`image_layers`]) with each shared layer counted once, and never more than the list says.
pub(super) async fn expected_size(engine: &Engine, images: &[(&str, u64)]) -> u64 {
    let mut parts = Vec::with_capacity(images.len());
    for (id, size) in images {
        parts.push(image_layers(engine, id, *size, images.len() == 1).await);
    }
    let listed = images.iter().map(|(_, size)| size).sum();
    distinct_size(&parts).min(listed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn known(layers: &[(&str, u64)]) -> ImageLayers {
        ImageLayers::Known(
            layers
                .iter()
                .map(|(id, s)| ((*id).to_owned(), *s))
                .collect(),
        )
    }

    #[test]
    fn a_base_shared_by_two_images_counts_once() {
        let base = ("sha256:debian", 75);
        let python = known(&[base, ("sha256:py", 900)]);
        let slim = known(&[base, ("sha256:slim", 50)]);
        assert_eq!(distinct_size(&[python, slim]), 75 + 900 + 50);
    }

    #[test]
    fn a_layer_is_the_same_only_on_the_same_layers_below() {
        // The same contents on another base is another layer in the store, written twice.
        let a = known(&[("sha256:alpine", 8), ("sha256:app", 5)]);
        let b = known(&[("sha256:debian", 75), ("sha256:app", 5)]);
        assert_eq!(distinct_size(&[a, b]), 8 + 5 + 75 + 5);
    }

    #[test]
    fn an_image_known_only_by_its_size_counts_whole() {
        let a = known(&[("sha256:debian", 75), ("sha256:a", 5)]);
        assert_eq!(
            distinct_size(&[a, ImageLayers::Whole(80)]),
            75 + 5 + 80,
            "nothing is taken from an image whose layers are not known"
        );
    }

    #[test]
    fn history_sizes_go_to_the_layers_in_order() {
        // Newest first, as the engine sends them; the 0s are ENV and CMD.
        let history = [0, 12, 0, 75];
        let layers = vec!["sha256:base".to_owned(), "sha256:top".to_owned()];
        assert_eq!(
            sized_layers(layers, &history),
            Some(vec![
                ("sha256:base".to_owned(), 75),
                ("sha256:top".to_owned(), 12)
            ])
        );
    }

    #[test]
    fn an_empty_layer_leaves_the_sizes_unplaced() {
        // Three layers, one of them holding no bytes: which 0 row it is cannot be told.
        let layers = ["sha256:a", "sha256:b", "sha256:c"]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(sized_layers(layers, &[0, 12, 0, 75]), None);
    }

    /// Against an engine: the layers and sizes of an image come from inspect and history; an
    /// image the engine does not describe, or describes with more bytes than it lists, counts
    /// whole.
    #[tokio::test]
    async fn an_images_layers_come_from_inspect_and_history() {
        use crate::engine::fake::{self, Answer};
        let address = fake::scripted("estimate", fake::VERSION_1_41, false, |line| {
            if line.starts_with("GET /v1.41/images/sha256:a/json") {
                Answer::json(
                    r#"{"Id":"sha256:a","RootFS":{"Type":"layers","Layers":["sha256:l1","sha256:l2"]}}"#,
                )
            } else if line.starts_with("GET /v1.41/images/sha256:a/history") {
                Answer::json(
                    r#"[{"Id":"sha256:a","Created":1,"CreatedBy":"CMD","Tags":null,"Size":0,"Comment":""},
                        {"Id":"<missing>","Created":1,"CreatedBy":"RUN","Tags":null,"Size":30,"Comment":""},
                        {"Id":"<missing>","Created":1,"CreatedBy":"ADD","Tags":null,"Size":70,"Comment":""}]"#,
                )
            } else {
                Answer::no_such_image()
            }
        });
        let engine = Engine::connect(address).await.unwrap();
        assert_eq!(
            image_layers(&engine, "sha256:a", 100, false).await,
            known(&[("sha256:l1", 70), ("sha256:l2", 30)])
        );
        assert_eq!(
            image_layers(&engine, "sha256:a", 99, false).await,
            ImageLayers::Whole(99)
        );
        assert_eq!(
            image_layers(&engine, "sha256:b", 40, false).await,
            ImageLayers::Whole(40)
        );
    }

    /// One image shares nothing: only inspect is asked (its packed size), never its history,
    /// so a save of one image waits for one question, not two.
    #[tokio::test]
    async fn one_image_is_asked_one_question() {
        use crate::engine::fake::{self, Answer};
        let address = fake::scripted("estimate-one-question", fake::VERSION_1_41, false, |line| {
            if line.starts_with("GET /v1.41/images/sha256:a/json") {
                Answer::json(
                    r#"{"Id":"sha256:a","Size":60,"RootFS":{"Type":"layers","Layers":["sha256:l1"]}}"#,
                )
            } else if line.contains("/history") {
                Answer::Hang
            } else {
                Answer::no_such_image()
            }
        });
        let engine = Engine::connect(address).await.unwrap();
        let expected = tokio::time::timeout(
            std::time::Duration::from_secs(3),
            expected_size(&engine, &[("sha256:a", 100)]),
        )
        .await
        .expect("the history was asked for one image");
        assert_eq!(expected, 60);
    }

    /// A containerd-store document (Engine 28.5, asked with its manifests): `Size` is the
    /// packed content on Engine 28 and the packed plus unpacked from later engines; the
    /// manifests say the packed content apart.
    fn containerd_document(size: u64, manifests: &str) -> Value {
        serde_json::from_str(&format!(
            r#"{{"Id":"sha256:m","Size":{size},"Manifests":[{manifests}]}}"#
        ))
        .unwrap()
    }

    fn manifest(arch: &str, kind: &str, available: bool, content: u64) -> String {
        format!(
            r#"{{"ID":"sha256:{arch}","Available":{available},"Kind":"{kind}",
                "Size":{{"Content":{content},"Total":{}}},
                "ImageData":{{"Platform":{{"architecture":"{arch}","os":"linux"}},
                  "Size":{{"Unpacked":{}}}}}}}"#,
            content * 3,
            content * 2
        )
    }

    #[test]
    fn the_packed_size_is_the_manifests_content_for_the_engines_platform() {
        // Engine 29's inspect Size adds the unpacked copy: the manifest's Content is what
        // the archive holds, of the engine's platform only (docker save writes no other).
        let both = format!(
            "{},{},{}",
            manifest("amd64", "image", true, 1_081_107),
            manifest("arm64", "image", true, 900_000),
            manifest("unknown", "attestation", true, 1_000)
        );
        let doc = containerd_document(3_084_051 + 2_700_000, &both);
        assert_eq!(packed_size(&doc, "linux/amd64"), Some(1_081_107));
        // None for the engine's platform: all the image manifests present.
        assert_eq!(packed_size(&doc, "linux/s390x"), Some(1_981_107));
        // A manifest only listed (another platform, not pulled) holds nothing here.
        let listed_only = format!(
            "{},{}",
            manifest("amd64", "image", true, 1_081_107),
            manifest("arm64", "image", false, 0)
        );
        assert_eq!(
            packed_size(&containerd_document(3_084_051, &listed_only), "linux/s390x"),
            Some(1_081_107)
        );
    }

    #[test]
    fn without_manifests_the_packed_size_is_inspects() {
        // The classic store (its layers, as its archive holds them), and the containerd store
        // before API 1.48 (packed content only).
        let doc: Value = serde_json::from_str(r#"{"Id":"sha256:c","Size":2002944}"#).unwrap();
        assert_eq!(packed_size(&doc, "linux/amd64"), Some(2_002_944));
        assert_eq!(
            packed_size(&containerd_document(1_081_107, ""), "linux/amd64"),
            Some(1_081_107)
        );
        assert_eq!(packed_size(&serde_json::json!({}), "linux/amd64"), None);
    }

    #[test]
    fn layers_keep_their_shares_of_the_packed_size() {
        let layers = vec![
            ("sha256:base".to_owned(), 300),
            ("sha256:top".to_owned(), 100),
        ];
        assert_eq!(
            scaled(layers.clone(), 200),
            vec![
                ("sha256:base".to_owned(), 150),
                ("sha256:top".to_owned(), 50)
            ]
        );
        // The classic store: the packed size is the layers' sum, and nothing changes.
        assert_eq!(scaled(layers.clone(), 400), layers);
        assert_eq!(scaled(layers.clone(), 500), layers);
    }

    /// Engine 28.5 on the containerd image store, as this crate's integration suite found it:
    /// busybox's layer is 2,002,944 bytes unpacked (history) and 1,080,819 packed; the list
    /// counts both. Three images on it (one with a small layer of its own) make an archive of
    /// about 1.1 MB, not the 2.0 MB their unpacked layers add up to (nor the 9.3 MB listed).
    #[tokio::test]
    async fn on_the_containerd_store_the_estimate_counts_layers_packed() {
        use crate::engine::fake::{self, Answer};
        const VERSION_1_51: &str =
            r#"{"Version":"28.5.2","ApiVersion":"1.51","Os":"linux","Arch":"amd64"}"#;
        const BASE: &str = "sha256:busybox";
        let address = fake::scripted("estimate-c8d", VERSION_1_51, false, |line| {
            let (layers, packed, history) = if line.starts_with("GET /v1.51/images/sha256:a/") {
                (
                    format!(r#""{BASE}","sha256:kit""#),
                    1_081_300,
                    "12288,2002944",
                )
            } else if line.starts_with("GET /v1.51/images/sha256:b/")
                || line.starts_with("GET /v1.51/images/sha256:c/")
            {
                (format!(r#""{BASE}""#), 1_081_107, "0,2002944")
            } else {
                return Answer::no_such_image();
            };
            if line.contains("/json?manifests=1 ") {
                let manifests = manifest("amd64", "image", true, packed);
                Answer::json(&format!(
                    r#"{{"Id":"sha256:x","Size":{},"RootFS":{{"Type":"layers","Layers":[{layers}]}},
                        "Manifests":[{manifests}]}}"#,
                    packed * 3
                ))
            } else if line.contains("/history ") {
                let rows: Vec<String> = history
                    .split(',')
                    .map(|size| {
                        format!(
                            r#"{{"Id":"<missing>","Created":1,"CreatedBy":"RUN","Tags":null,"Size":{size},"Comment":""}}"#
                        )
                    })
                    .collect();
                Answer::json(&format!("[{}]", rows.join(",")))
            } else {
                Answer::no_such_image()
            }
        });
        let engine = Engine::connect(address).await.unwrap();
        let listed = 3_084_051;
        let images = [
            ("sha256:a", listed + 16_000),
            ("sha256:b", listed),
            ("sha256:c", listed),
        ];
        let expected = expected_size(&engine, &images).await;
        assert!(
            (1_060_000..=1_090_000).contains(&expected),
            "{expected}: busybox's layer packed once, and a's own layer"
        );
        // One image alone: its packed size, not the list's (which adds the unpacked copy).
        assert_eq!(
            expected_size(&engine, &[("sha256:b", listed)]).await,
            1_081_107
        );
        // Layers that add up to more than the list says are not believed: whole, packed.
        assert_eq!(
            image_layers(&engine, "sha256:b", 2_000_000, false).await,
            ImageLayers::Whole(1_081_107)
        );
    }
}
