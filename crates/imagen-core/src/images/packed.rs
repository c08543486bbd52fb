//! The image list as it crosses into the web view: one array per field instead of one object
//! per image. At 10,000 images the object form spends a third of its 3.1 MB on the same key
//! names 10,000 times over, and the web view's time to receive and parse the answer grows
//! with its size (docs/benchmarks.md: 35–50 ms against 18–21 ms for the packed form, measured
//! in the same WebKitGTK). The page unpacks it into [`ImageSummary`] objects again
//! (`ui/src/lib/ipc/packed.ts`), so nothing past the IPC adapter sees the difference.

use super::{ImageId, ImageList};
use serde::Serialize;
use std::collections::BTreeMap;

/// [`ImageList`] by column: the `i`-th entry of every array is the `i`-th image, newest
/// first. `dangling` is not sent: it is "no tag and no digest", which the page derives.
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
    /// Every image's labels, sorted by key.
    pub labels: Vec<BTreeMap<String, String>>,
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
            total_size: list.total_size,
        };
        for image in list.images {
            packed.ids.push(image.id);
            packed.tags.push(image.tags);
            packed.digests.push(image.digests);
            packed.sizes.push(image.size);
            packed.created.push(image.created);
            packed.containers.push(image.containers.running);
            packed.containers.push(image.containers.stopped);
            packed.labels.push(image.labels);
        }
        packed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{ContainerUsage, ImageSummary};

    #[test]
    fn packs_each_field_by_column_in_list_order() {
        let image = |hex: char, tags: &[&str], running, stopped| ImageSummary {
            id: ImageId::new(format!("sha256:{}", hex.to_string().repeat(64))),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            digests: Vec::new(),
            size: 5600,
            created: 1000,
            dangling: tags.is_empty(),
            containers: ContainerUsage { running, stopped },
            labels: BTreeMap::from([("a".to_owned(), hex.to_string())]),
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
                "digests": [[], []],
                "sizes": [5600, 5600],
                "created": [1000, 1000],
                "containers": [1, 2, 0, 3],
                "labels": [{"a": "b"}, {"a": "a"}],
                "totalSize": 11200,
            })
        );
    }
}
