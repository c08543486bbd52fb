//! Reading the engine's images and containers into the removal model.

use super::model::{Ctr, Img, Ref, World};
use super::types::{ContainerState, PlanContainer};
use crate::engine::{raw, Engine};
use crate::error::Result;
use crate::images::list::{images_and_containers, unix_now};
use crate::images::{human_duration, ImageId};
use bollard::models::{ContainerSummary, ContainerSummaryStateEnum, ImageSummary};
use std::collections::HashMap;

/// Everything a plan or a prune preview needs from the engine.
pub(crate) struct Snapshot {
    /// The model.
    pub world: World,
    /// Every image (`all=1`), by ID.
    pub images: HashMap<String, ImageSummary>,
    /// Every container.
    pub containers: Vec<PlanContainer>,
    /// Unique sizes from `/system/df`, when the engine gave them.
    pub unique: HashMap<String, u64>,
}

/// Reads `/images/json?all=1`, `/containers/json?all=1` and `/system/df` at once.
pub(crate) async fn snapshot(engine: &Engine) -> Result<Snapshot> {
    let (lists, unique) = tokio::join!(images_and_containers(engine, true), unique_sizes(engine));
    let (images, containers) = lists?;
    Ok(build(images, &containers, unique, unix_now()))
}

pub(crate) fn build(
    images: Vec<ImageSummary>,
    containers: &[ContainerSummary],
    unique: HashMap<String, u64>,
    now: i64,
) -> Snapshot {
    let mut world = World::default();
    for img in &images {
        let refs = img
            .repo_tags
            .iter()
            .chain(img.repo_digests.iter())
            .filter_map(|t| Ref::parse(t))
            .collect();
        let parent = Some(img.parent_id.clone()).filter(|p| !p.is_empty());
        world.images.insert(
            img.id.clone(),
            Img {
                id: img.id.clone(),
                parent,
                refs,
            },
        );
    }
    let containers: Vec<PlanContainer> = containers
        .iter()
        .filter_map(|c| plan_container(c, now))
        .collect();
    world.containers = containers
        .iter()
        .map(|c| Ctr {
            id: c.id.clone(),
            image_id: c.image_id.as_str().to_owned(),
            running: c.state.is_running(),
        })
        .collect();
    Snapshot {
        world,
        images: images.into_iter().map(|i| (i.id.clone(), i)).collect(),
        containers,
        unique,
    }
}

fn plan_container(c: &ContainerSummary, now: i64) -> Option<PlanContainer> {
    let id = c.id.clone()?;
    let image_id = c.image_id.clone().filter(|i| !i.is_empty())?;
    let name = c
        .names
        .as_ref()
        .and_then(|n| n.first())
        .map(|n| n.trim_start_matches('/').to_owned())
        .unwrap_or_else(|| id.chars().take(12).collect());
    let state = match c.state {
        Some(ContainerSummaryStateEnum::RUNNING) => ContainerState::Running,
        Some(ContainerSummaryStateEnum::PAUSED) => ContainerState::Paused,
        Some(ContainerSummaryStateEnum::RESTARTING) => ContainerState::Restarting,
        Some(ContainerSummaryStateEnum::CREATED) => ContainerState::Created,
        Some(ContainerSummaryStateEnum::DEAD) => ContainerState::Dead,
        Some(ContainerSummaryStateEnum::REMOVING) => ContainerState::Removing,
        _ => ContainerState::Exited,
    };
    let created = c.created.unwrap_or(0);
    Some(PlanContainer {
        short_id: id.chars().take(12).collect(),
        id,
        name,
        state,
        image_id: ImageId::new(image_id),
        created,
        created_text: if created > 0 {
            format!("{} ago", human_duration(now - created))
        } else {
            "N/A".into()
        },
    })
}

/// Unique sizes (`Size - SharedSize`) from `/system/df`. Read raw because its shape
/// changed in API 1.52 (`Images` became `ImageUsage.Items`), and bollard 0.21 only knows
/// the new one. Empty when the engine does not say: a plan then shows sizes without
/// "frees …" rather than a wrong figure.
async fn unique_sizes(engine: &Engine) -> HashMap<String, u64> {
    if !raw::supports(engine.address()) {
        return HashMap::new();
    }
    let path = format!("/v{}/system/df?type=image", engine.info().api_version);
    let Ok((200, body)) = raw::get(engine.address(), &path).await else {
        return HashMap::new();
    };
    parse_unique_sizes(&body)
}

pub(crate) fn parse_unique_sizes(body: &[u8]) -> HashMap<String, u64> {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return HashMap::new();
    };
    let items = v
        .get("Images")
        .or_else(|| v.get("ImageUsage").and_then(|u| u.get("Items")))
        .and_then(|i| i.as_array());
    let mut out = HashMap::new();
    for item in items.into_iter().flatten() {
        let (Some(id), Some(size), Some(shared)) = (
            item.get("Id").and_then(|i| i.as_str()),
            item.get("Size").and_then(|s| s.as_i64()),
            item.get("SharedSize").and_then(|s| s.as_i64()),
        ) else {
            continue;
        };
        if shared >= 0 && size >= shared {
            out.insert(id.to_owned(), (size - shared) as u64);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse_unique_sizes;

    #[test]
    fn reads_old_and_new_system_df_shapes() {
        let old = br#"{"LayersSize":1,"Images":[{"Id":"sha256:a","Size":100,"SharedSize":40}]}"#;
        assert_eq!(parse_unique_sizes(old).get("sha256:a"), Some(&60));
        let new = br#"{"ImageUsage":{"Items":[{"Id":"sha256:b","Size":10,"SharedSize":0}]}}"#;
        assert_eq!(parse_unique_sizes(new).get("sha256:b"), Some(&10));
        let unknown = br#"{"Images":[{"Id":"sha256:c","Size":10,"SharedSize":-1}]}"#;
        assert!(parse_unique_sizes(unknown).is_empty());
    }
}
