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

use crate::engine::Engine;
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

/// Image `id`'s part in the estimate, `listed` being its size in the list: whole when the engine
/// does not say enough (or the image went meanwhile: the save's own checks answer that).
pub(super) async fn image_layers(engine: &Engine, id: &str, listed: u64) -> ImageLayers {
    let known = async {
        let body = engine.inspect_image_raw(id).await.ok()??;
        let document: serde_json::Value = serde_json::from_slice(&body).ok()?;
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
            ImageLayers::Known(layers)
        }
        _ => ImageLayers::Whole(listed),
    }
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
            image_layers(&engine, "sha256:a", 100).await,
            known(&[("sha256:l1", 70), ("sha256:l2", 30)])
        );
        assert_eq!(
            image_layers(&engine, "sha256:a", 99).await,
            ImageLayers::Whole(99)
        );
        assert_eq!(
            image_layers(&engine, "sha256:b", 40).await,
            ImageLayers::Whole(40)
        );
    }
}
