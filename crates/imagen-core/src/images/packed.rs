//! The image list as it crosses into the web view: one array per field instead of one object
//! per image. At 10,000 images the object form spends a third of its 3.1 MB on the same key
//! names 10,000 times over, and the web view's time to receive and parse the answer grows
//! with its size (docs/benchmarks.md: 35–50 ms against 18–21 ms for the packed form, measured
//! in the same WebKitGTK). The page unpacks it into [`ImageSummary`] objects again
//! (`ui/src/lib/ipc/packed.ts`), so nothing past the IPC adapter sees the difference.
//!
//! Labels are sent as indices into one table of their texts: the same keys (and often the
//! same values: `org.opencontainers.image.licenses`, a vendor, a build set) come on image
//! after image, and were over a third of the answer at 10,000 generated images.

use super::{ImageId, ImageList};
use serde::Serialize;
use std::collections::HashMap;

/// [`ImageList`] by column: the `i`-th entry of every array is the `i`-th image, newest
/// first. `dangling` is not sent: it is "no tag and no digest", which the page derives.
/// `digest_named` is sent as the indices of the few images it holds for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PackedImageList {
    /// Full IDs, `sha256:…`.
    pub ids: Vec<ImageId>,
    /// Every image's `repo:tag`s, in engine order.
    pub tags: Vec<Vec<String>>,
    /// Every image's `repo@sha256:…`s.
    pub digests: Vec<Vec<String>>,
    /// Sizes in bytes, as `docker images` counts them.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub sizes: Vec<u64>,
    /// Creation times, seconds since the Unix epoch (0 when unknown).
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub created: Vec<i64>,
    /// Two numbers per image: its running containers, then its stopped ones.
    pub containers: Vec<u32>,
    /// Every image's labels, sorted by key, as indices into `label_texts`: key, value, key,
    /// value…
    pub labels: Vec<Vec<u32>>,
    /// Every label key and value of the list, each once.
    pub label_texts: Vec<String>,
    /// The indices of the images a digest names (`ImageSummary::digest_named`): few, so
    /// listed rather than a flag for every image.
    pub digest_named: Vec<u32>,
    /// Sum of the images' sizes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_size: u64,
}

impl From<ImageList> for PackedImageList {
    fn from(list: ImageList) -> Self {
        let n = list.images.len();
        let mut packed = PackedImageList {
            ids: Vec::with_capacity(n),
            tags: Vec::with_capacity(n),
            digests: Vec::with_capacity(n),
            sizes: Vec::with_capacity(n),
            created: Vec::with_capacity(n),
            containers: Vec::with_capacity(2 * n),
            labels: Vec::with_capacity(n),
            label_texts: Vec::new(),
            digest_named: Vec::new(),
            total_size: list.total_size,
        };
        let mut texts = Texts::default();
        for (i, image) in list.images.into_iter().enumerate() {
            if image.digest_named {
                // A list is far shorter than 2^32 images (each is bytes of the engine's answer).
                packed.digest_named.push(i as u32);
            }
            packed.ids.push(image.id);
            packed.tags.push(image.tags);
            packed.digests.push(image.digests);
            packed.sizes.push(image.size);
            packed.created.push(image.created);
            packed.containers.push(image.containers.running);
            packed.containers.push(image.containers.stopped);
            let mut pairs = Vec::with_capacity(2 * image.labels.len());
            for (key, value) in image.labels {
                pairs.push(texts.index(key));
                pairs.push(texts.index(value));
            }
            packed.labels.push(pairs);
        }
        packed.label_texts = texts.all;
        packed
    }
}

/// The label texts met so far, each once, and where each is.
#[derive(Debug, Default)]
struct Texts {
    all: Vec<String>,
    at: HashMap<String, u32>,
}

impl Texts {
    fn index(&mut self, text: String) -> u32 {
        if let Some(&i) = self.at.get(&text) {
            return i;
        }
        // A list's labels are far fewer than 2^32 (each is bytes of the engine's answer).
        let i = self.all.len() as u32;
        self.at.insert(text.clone(), i);
        self.all.push(text);
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{ContainerUsage, ImageSummary};
    use std::collections::BTreeMap;

    #[test]
    fn packs_each_field_by_column_in_list_order() {
        let image = |hex: char, tags: &[&str], running, stopped| ImageSummary {
            id: ImageId::new(format!("sha256:{}", hex.to_string().repeat(64))),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            // Without a tag, a digest names it (a pull by digest on the containerd store).
            digests: if tags.is_empty() {
                vec![format!("web@sha256:{}", "c".repeat(64))]
            } else {
                Vec::new()
            },
            size: 5600,
            created: 1000,
            dangling: false,
            digest_named: tags.is_empty(),
            containers: ContainerUsage { running, stopped },
            labels: BTreeMap::from([
                ("a".to_owned(), hex.to_string()),
                ("set".to_owned(), "web".to_owned()),
            ]),
        };
        let list = ImageList {
            images: vec![image('b', &["web:1"], 1, 2), image('a', &[], 0, 3)],
            total_size: 11200,
        };
        let packed = PackedImageList::from(list);
        assert_eq!(
            serde_json::to_value(&packed).unwrap(),
            serde_json::json!({
                "ids": [format!("sha256:{}", "b".repeat(64)), format!("sha256:{}", "a".repeat(64))],
                "tags": [["web:1"], []],
                "digests": [[], [format!("web@sha256:{}", "c".repeat(64))]],
                "sizes": [5600, 5600],
                "created": [1000, 1000],
                "containers": [1, 2, 0, 3],
                // A key and a value with the same text share an entry ("a").
                "labels": [[0, 1, 2, 3], [0, 0, 2, 3]],
                "labelTexts": ["a", "b", "set", "web"],
                "digestNamed": [1],
                "totalSize": 11200,
            })
        );
    }
}
