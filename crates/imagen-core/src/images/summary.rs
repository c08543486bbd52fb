//! Imagen's own image summary, read from the engine's `/images/json` and `/containers/json`
//! answers.
//!
//! The list is the app's biggest answer (10,000 images: ≈3 MB of engine JSON), so it carries
//! facts only: what the page can word from them (the short ID, the card's name, the size as
//! `docker images` prints it) is worded in the page (`ui/src/lib/images/names.ts`,
//! `ui/src/lib/shared/format.ts`). Sending the texts made the answer 1.3× the engine's, and
//! building them was the costliest step of the list in Rust (docs/benchmarks.md).

use super::ImageId;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How many containers were created from an image, split by whether they run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContainerUsage {
    /// Running, paused or restarting: these block even `docker rmi -f`.
    pub running: u32,
    /// Created, exited or dead: these block `docker rmi` without `-f`.
    pub stopped: u32,
}

impl ContainerUsage {
    /// All containers using the image.
    pub fn total(&self) -> u32 {
        self.running + self.stopped
    }
}

/// One image as a card shows it. The page words the rest: the short ID (the 12 hex digits
/// after `sha256:`), the card's name (the first tag, else `repo:<none>` for a digest-only
/// image, else `<none>@<short id>`) and the size as `docker images` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageSummary {
    /// Full ID, `sha256:…` (the SHA-256 of the image configuration).
    pub id: ImageId,
    /// Every `repo:tag` pointing at this image, in engine order.
    pub tags: Vec<String>,
    /// Every `repo@sha256:…` the image was pulled or pushed as.
    pub digests: Vec<String>,
    /// Size in bytes, as `docker images` counts it (shared layers included).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Creation time, seconds since the Unix epoch, as the engine sends it: an image without
    /// a date is Go's zero time (year 1, negative) from engines before 25, 0 from later ones.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub created: i64,
    /// No tag and no digest: `<none>:<none>` in `docker images`.
    pub dangling: bool,
    /// A digest is one of its names: the engine lists it among `RepoTags`, as the containerd
    /// image store and Podman keep a pull by digest (`docker pull nginx@sha256:…`). There
    /// `dangling=true` and `docker image prune` pass over such an image. The classic store
    /// counts tags only: an image left with a digest and no tag is in both `dangling=true`
    /// and `dangling=false` there, and its prune removes it.
    pub digest_named: bool,
    /// Containers created from this image.
    pub containers: ContainerUsage,
    /// Image labels, sorted by key.
    pub labels: BTreeMap<String, String>,
}

/// The whole list plus the header figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageList {
    /// Newest first, like `docker images`.
    pub images: Vec<ImageSummary>,
    /// Sum of the images' sizes (what adding up the SIZE column gives).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_size: u64,
}

/// One image of `/images/json`, only the fields Imagen shows. Read straight into the shapes
/// [`ImageSummary`] keeps (labels already sorted), instead of bollard's full model, which
/// reads every field and hashes the labels into a map that would only be sorted again.
#[derive(Debug, Deserialize)]
pub(crate) struct ListedImage {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "RepoTags", default, deserialize_with = "null_as_default")]
    repo_tags: Vec<String>,
    #[serde(rename = "RepoDigests", default, deserialize_with = "null_as_default")]
    repo_digests: Vec<String>,
    #[serde(rename = "Created", default)]
    created: i64,
    #[serde(rename = "Size", default)]
    size: i64,
    #[serde(rename = "Labels", default, deserialize_with = "null_as_default")]
    labels: BTreeMap<String, String>,
}

/// One container of `/containers/json`, only what the usage count needs.
#[derive(Debug, Deserialize)]
pub(crate) struct ListedContainer {
    #[serde(rename = "ImageID", default)]
    image_id: String,
    #[serde(rename = "State", default)]
    state: String,
}

/// Engines send `null` for an empty list or map.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Old engines fill empty lists with these placeholders; they are not names.
fn is_placeholder(reference: &str) -> bool {
    reference == "<none>:<none>" || reference == "<none>@<none>"
}

/// An image's tags and digests from the engine's `RepoTags` and `RepoDigests`, placeholders
/// left out. The containerd store (and Podman) list an image pulled by digest alone under
/// RepoTags as `nginx@sha256:…`: a digest, not a tag (`docker images` prints it as
/// `nginx <none>`, and it has no tag to check for updates or remove as one).
pub(crate) fn tags_and_digests(
    repo_tags: &[String],
    repo_digests: &[String],
) -> (Vec<String>, Vec<String>) {
    let mut digests: Vec<String> = repo_digests
        .iter()
        .filter(|d| !is_placeholder(d))
        .cloned()
        .collect();
    let (digested, tags): (Vec<String>, Vec<String>) = repo_tags
        .iter()
        .filter(|t| !is_placeholder(t))
        .cloned()
        .partition(|t| t.contains('@'));
    for d in digested {
        if !digests.contains(&d) {
            digests.push(d);
        }
    }
    (tags, digests)
}

/// Whether `RepoTags` holds a digest: a name on the containerd store and Podman, which keep
/// a pull by digest as one ([`ImageSummary::digest_named`]).
pub(crate) fn digest_among_names(repo_tags: &[String]) -> bool {
    repo_tags
        .iter()
        .any(|t| !is_placeholder(t) && t.contains('@'))
}

/// Counts containers per image ID. `ImageID` is used, not the `Image` name, because a
/// retagged or untagged image keeps its ID while the name a container recorded goes stale.
fn usage_by_image(containers: &[ListedContainer]) -> HashMap<&str, ContainerUsage> {
    let mut usage: HashMap<&str, ContainerUsage> = HashMap::new();
    for c in containers.iter().filter(|c| !c.image_id.is_empty()) {
        let entry = usage.entry(c.image_id.as_str()).or_default();
        // The engine's states, as bollard's `ContainerSummaryStateEnum` names them.
        match c.state.as_str() {
            "running" | "paused" | "restarting" => entry.running += 1,
            _ => entry.stopped += 1,
        }
    }
    usage
}

/// Maps the engine's answers to Imagen's list.
pub(crate) fn summarize(images: Vec<ListedImage>, containers: &[ListedContainer]) -> ImageList {
    let usage = usage_by_image(containers);
    let mut images: Vec<ImageSummary> = images
        .into_iter()
        .map(|img| {
            let (tags, digests) = tags_and_digests(&img.repo_tags, &img.repo_digests);
            let digest_named = digest_among_names(&img.repo_tags);
            ImageSummary {
                digest_named,
                containers: usage.get(img.id.as_str()).copied().unwrap_or_default(),
                id: ImageId::new(img.id),
                dangling: tags.is_empty() && digests.is_empty(),
                tags,
                digests,
                size: u64::try_from(img.size).unwrap_or(0),
                created: img.created,
                labels: img.labels,
            }
        })
        .collect();
    // Newest first, as the engine and `docker images` order them; ID breaks ties so the
    // grid never reshuffles between refreshes. (The engine's order already is this, mostly,
    // and the sort is cheap on runs that are already in order.)
    images.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    let total_size = images.iter().map(|i| i.size).sum();
    ImageList { images, total_size }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn images(json: &str) -> Vec<ListedImage> {
        serde_json::from_str(json).unwrap()
    }

    fn containers(pairs: &[(&str, &str)]) -> Vec<ListedContainer> {
        pairs
            .iter()
            .map(|(id, state)| ListedContainer {
                image_id: (*id).to_owned(),
                state: (*state).to_owned(),
            })
            .collect()
    }

    const A: &str = "sha256:aaaaaaaaaaaa0000000000000000000000000000000000000000000000000000";
    const B: &str = "sha256:bbbbbbbbbbbb0000000000000000000000000000000000000000000000000000";

    /// The containerd store lists an image pulled by digest alone (`docker pull
    /// nginx@sha256:…`) with that digest reference in RepoTags too: a digest, no tag.
    #[test]
    fn a_digest_listed_among_the_tags_is_a_digest() {
        let pinned = format!("nginx@sha256:{}", "c".repeat(64));
        let list = summarize(
            images(&format!(
                r#"[{{"Created":1,"Id":"{A}","RepoTags":["{pinned}","web:1"],
                   "RepoDigests":["{pinned}"],"Size":1}}]"#
            )),
            &[],
        );
        let image = &list.images[0];
        assert_eq!(image.tags, vec!["web:1"]);
        assert_eq!(image.digests, vec![pinned]);
        assert!(!image.dangling);
    }

    #[test]
    fn reads_the_engine_answer_with_nulls_placeholders_and_unknown_fields() {
        // As dockerd 20.10 writes it: nulls for empty lists, `<none>` placeholders (escaped
        // the way Go's encoder escapes `<` and `>`), fields Imagen does not read.
        let list = summarize(
            images(&format!(
                r#"[{{"Containers":-1,"Created":1000,"Id":"{A}","Labels":{{"z":"1","a":"2"}},
                   "ParentId":"","RepoDigests":null,"RepoTags":["web:1.0","web:latest"],
                   "SharedSize":-1,"Size":1980000,"VirtualSize":1980000}},
                  {{"Created":2000,"Id":"{B}","Labels":null,
                   "RepoDigests":["\u003cnone\u003e@\u003cnone\u003e"],
                   "RepoTags":["\u003cnone\u003e:\u003cnone\u003e"],"Size":5600}}]"#
            )),
            &[],
        );
        assert_eq!(list.images.len(), 2);
        let b = &list.images[0];
        assert_eq!(b.id.as_str(), B);
        assert!(b.dangling);
        assert!(b.tags.is_empty() && b.digests.is_empty() && b.labels.is_empty());
        let a = &list.images[1];
        assert_eq!(a.tags, vec!["web:1.0", "web:latest"]);
        assert!(!a.dangling);
        assert_eq!(a.size, 1_980_000);
        assert_eq!(a.created, 1000);
        assert_eq!(
            a.labels.iter().collect::<Vec<_>>(),
            [
                (&"a".to_owned(), &"2".to_owned()),
                (&"z".to_owned(), &"1".to_owned())
            ]
        );
        assert_eq!(list.total_size, 1_985_600);
    }

    #[test]
    fn the_answer_carries_facts_only() {
        let list = summarize(
            images(&format!(
                r#"[{{"Id":"{A}","RepoTags":["a:1"],"Created":1,"Size":1}}]"#
            )),
            &[],
        );
        let json = serde_json::to_value(&list).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "images": [{
                    "id": A, "tags": ["a:1"], "digests": [], "size": 1, "created": 1,
                    "dangling": false, "digestNamed": false,
                    "containers": {"running": 0, "stopped": 0}, "labels": {}
                }],
                "totalSize": 1
            })
        );
    }

    #[test]
    fn counts_running_and_stopped_by_image_id() {
        let used = containers(&[
            (A, "running"),
            (A, "paused"),
            (A, "exited"),
            (A, "created"),
            (B, "dead"),
            (B, "restarting"),
            ("", "running"),
        ]);
        let list = summarize(
            images(&format!(
                r#"[{{"Id":"{A}","RepoTags":["a:1"],"Created":1,"Size":1}},
                   {{"Id":"{B}","RepoTags":["b:1"],"Created":1,"Size":1}}]"#
            )),
            &used,
        );
        let usage = |id: &str| {
            list.images
                .iter()
                .find(|i| i.id.as_str() == id)
                .unwrap()
                .containers
        };
        assert_eq!(
            usage(A),
            ContainerUsage {
                running: 2,
                stopped: 2
            }
        );
        assert_eq!(
            usage(B),
            ContainerUsage {
                running: 1,
                stopped: 1
            }
        );
    }

    #[test]
    fn reads_the_container_answer() {
        let c: Vec<ListedContainer> = serde_json::from_str(&format!(
            r#"[{{"Id":"c1","ImageID":"{A}","State":"running","Ports":[],"Labels":null}},{{"Id":"c2"}}]"#
        ))
        .unwrap();
        assert_eq!(usage_by_image(&c)[A].running, 1);
        assert_eq!(usage_by_image(&c).len(), 1);
    }

    #[test]
    fn digest_only_image_is_not_dangling() {
        let list = summarize(
            images(&format!(
                r#"[{{"Id":"{A}","RepoDigests":["reg:5000/app@sha256:1234"],"Created":1,"Size":1}}]"#
            )),
            &[],
        );
        assert!(!list.images[0].dangling);
        assert_eq!(list.images[0].digests, vec!["reg:5000/app@sha256:1234"]);
        // The classic store: a digest left by a tag that moved on, no name of its own.
        assert!(!list.images[0].digest_named);
    }

    /// The containerd store (and Podman) list a pull by digest under `RepoTags`: a name of
    /// the image's, which their dangling filter and prune respect; shown as a digest.
    #[test]
    fn a_digest_among_the_tags_names_the_image() {
        let list = summarize(
            images(&format!(
                r#"[{{"Id":"{A}","RepoTags":["app@sha256:1234"],"RepoDigests":["app@{A}"],"Created":1,"Size":1}},
                   {{"Id":"{B}","RepoTags":["<none>:<none>"],"RepoDigests":["<none>@<none>"],"Created":1,"Size":1}}]"#
            )),
            &[],
        );
        let named = list.images.iter().find(|i| i.id.as_str() == A).unwrap();
        assert!(named.digest_named && !named.dangling && named.tags.is_empty());
        let none = list.images.iter().find(|i| i.id.as_str() == B).unwrap();
        assert!(!none.digest_named && none.dangling);
    }

    #[test]
    fn newest_first_then_by_id() {
        let list = summarize(
            images(&format!(
                r#"[{{"Id":"{B}","Created":5,"Size":1}},{{"Id":"{A}","Created":5,"Size":1}},
                   {{"Id":"{B}x","Created":9,"Size":1}}]"#
            )),
            &[],
        );
        let ids: Vec<&str> = list.images.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, [&format!("{B}x"), A, B]);
    }
}
