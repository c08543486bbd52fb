//! Imagen's own image summary, mapped from the engine's `/images/json` and
//! `/containers/json` answers.

use super::{human_duration, human_size, ImageId};
use bollard::models::{ContainerSummary, ContainerSummaryStateEnum, ImageSummary as EngineImage};
use serde::Serialize;
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

/// One image as a card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageSummary {
    /// Full ID, `sha256:…` (the SHA-256 of the image configuration).
    pub id: ImageId,
    /// The 12 hex digits `docker images` shows.
    pub short_id: String,
    /// What a card is called: the first `repo:tag`, else `repo@<none>`-style names for
    /// digest-only images, else `<none>@<short id>` for dangling ones.
    pub display_name: String,
    /// Every `repo:tag` pointing at this image, in engine order.
    pub tags: Vec<String>,
    /// Every `repo@sha256:…` the image was pulled or pushed as.
    pub digests: Vec<String>,
    /// Size in bytes, as `docker images` counts it (shared layers included).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Size worded as `docker images` prints it (`1.98MB`).
    pub size_text: String,
    /// Creation time, seconds since the Unix epoch (0 when unknown).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub created: i64,
    /// Age worded as `docker images` prints it (`2 weeks ago`, `N/A`).
    pub created_text: String,
    /// No tag and no digest: `<none>:<none>` in `docker images`.
    pub dangling: bool,
    /// Containers created from this image.
    pub containers: ContainerUsage,
    /// Image labels, sorted by key.
    pub labels: BTreeMap<String, String>,
}

/// The whole list plus the header figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageList {
    /// Newest first, like `docker images`.
    pub images: Vec<ImageSummary>,
    /// Sum of the images' sizes (what adding up the SIZE column gives).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_size: u64,
    /// `total_size` worded like `docker images`.
    pub total_size_text: String,
}

/// Old engines fill empty lists with these placeholders; they are not names.
fn is_placeholder(reference: &str) -> bool {
    reference == "<none>:<none>" || reference == "<none>@<none>"
}

/// Counts containers per image ID. `ImageID` is used, not the `Image` name, because a
/// retagged or untagged image keeps its ID while the name a container recorded goes stale.
pub(crate) fn usage_by_image(containers: &[ContainerSummary]) -> HashMap<String, ContainerUsage> {
    let mut usage: HashMap<String, ContainerUsage> = HashMap::new();
    for c in containers {
        let Some(image_id) = c.image_id.as_deref().filter(|id| !id.is_empty()) else {
            continue;
        };
        let entry = usage.entry(image_id.to_owned()).or_default();
        match c.state {
            Some(
                ContainerSummaryStateEnum::RUNNING
                | ContainerSummaryStateEnum::PAUSED
                | ContainerSummaryStateEnum::RESTARTING,
            ) => entry.running += 1,
            _ => entry.stopped += 1,
        }
    }
    usage
}

/// Maps the engine's answers to Imagen's list. `now` is seconds since the epoch.
pub(crate) fn summarize(
    images: Vec<EngineImage>,
    containers: &[ContainerSummary],
    now: i64,
) -> ImageList {
    let usage = usage_by_image(containers);
    let mut images: Vec<ImageSummary> = images
        .into_iter()
        .map(|img| {
            let id = ImageId::new(img.id);
            let tags: Vec<String> = img
                .repo_tags
                .into_iter()
                .filter(|t| !is_placeholder(t))
                .collect();
            let digests: Vec<String> = img
                .repo_digests
                .into_iter()
                .filter(|d| !is_placeholder(d))
                .collect();
            let dangling = tags.is_empty() && digests.is_empty();
            let display_name = display_name(&id, &tags, &digests);
            let size = u64::try_from(img.size).unwrap_or(0);
            let created_text = if img.created <= 0 {
                "N/A".to_owned()
            } else {
                format!("{} ago", human_duration(now - img.created))
            };
            ImageSummary {
                short_id: id.short().to_owned(),
                containers: usage.get(id.as_str()).copied().unwrap_or_default(),
                id,
                display_name,
                tags,
                digests,
                size,
                size_text: human_size(size),
                created: img.created,
                created_text,
                dangling,
                labels: img.labels.into_iter().collect(),
            }
        })
        .collect();
    // Newest first, as the engine and `docker images` order them; ID breaks ties so the
    // grid never reshuffles between refreshes.
    images.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    let total_size = images.iter().map(|i| i.size).sum();
    ImageList {
        images,
        total_size,
        total_size_text: human_size(total_size),
    }
}

fn display_name(id: &ImageId, tags: &[String], digests: &[String]) -> String {
    if let Some(tag) = tags.first() {
        return tag.clone();
    }
    if let Some((repo, _)) = digests.first().and_then(|d| d.split_once('@')) {
        // `docker images` shows such an image as REPOSITORY=repo, TAG=<none>.
        return format!("{repo}:<none>");
    }
    format!("<none>@{}", id.short())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(id: &str, tags: &[&str], created: i64, size: i64) -> EngineImage {
        EngineImage {
            id: id.into(),
            repo_tags: tags.iter().map(|s| s.to_string()).collect(),
            created,
            size,
            ..Default::default()
        }
    }

    fn container(image_id: &str, state: ContainerSummaryStateEnum) -> ContainerSummary {
        ContainerSummary {
            image_id: Some(image_id.into()),
            state: Some(state),
            ..Default::default()
        }
    }

    const A: &str = "sha256:aaaaaaaaaaaa0000000000000000000000000000000000000000000000000000";
    const B: &str = "sha256:bbbbbbbbbbbb0000000000000000000000000000000000000000000000000000";

    #[test]
    fn maps_tags_sizes_and_dangling() {
        let list = summarize(
            vec![
                image(A, &["web:1.0", "web:latest"], 1_000, 1_980_000),
                image(B, &["<none>:<none>"], 2_000, 5_600),
            ],
            &[],
            2_000 + 14 * 86_400,
        );
        assert_eq!(list.images.len(), 2);
        let b = &list.images[0];
        assert_eq!(b.display_name, "<none>@bbbbbbbbbbbb");
        assert!(b.dangling);
        assert!(b.tags.is_empty());
        assert_eq!(b.size_text, "5.6kB");
        assert_eq!(b.created_text, "2 weeks ago");
        let a = &list.images[1];
        assert_eq!(a.tags, vec!["web:1.0", "web:latest"]);
        assert_eq!(a.display_name, "web:1.0");
        assert!(!a.dangling);
        assert_eq!(list.total_size, 1_985_600);
        assert_eq!(list.total_size_text, "1.99MB");
    }

    #[test]
    fn counts_running_and_stopped_by_image_id() {
        use ContainerSummaryStateEnum::*;
        let containers = vec![
            container(A, RUNNING),
            container(A, PAUSED),
            container(A, EXITED),
            container(A, CREATED),
            container(B, DEAD),
        ];
        let list = summarize(
            vec![image(A, &["a:1"], 1, 1), image(B, &["b:1"], 1, 1)],
            &containers,
            10,
        );
        let a = list.images.iter().find(|i| i.id.as_str() == A).unwrap();
        assert_eq!(
            a.containers,
            ContainerUsage {
                running: 2,
                stopped: 2
            }
        );
        let b = list.images.iter().find(|i| i.id.as_str() == B).unwrap();
        assert_eq!(
            b.containers,
            ContainerUsage {
                running: 0,
                stopped: 1
            }
        );
    }

    #[test]
    fn digest_only_image_is_not_dangling() {
        let mut img = image(A, &[], 1, 1);
        img.repo_digests = vec!["reg:5000/app@sha256:1234".into()];
        let list = summarize(vec![img], &[], 10);
        assert!(!list.images[0].dangling);
        assert_eq!(list.images[0].display_name, "reg:5000/app:<none>");
    }

    #[test]
    fn unknown_creation_time_reads_na() {
        let list = summarize(vec![image(A, &["a:1"], 0, 1)], &[], 10);
        assert_eq!(list.images[0].created_text, "N/A");
    }
}
