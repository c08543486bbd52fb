//! Reading the engine's images and containers into the removal model.

use super::model::{Ctr, Img, Ref, World};
use super::types::{ContainerState, PlanContainer, PruneMode};
use crate::engine::Engine;
use crate::error::Result;
use crate::images::list::{images_and_containers, unix_now};
use crate::images::{human_duration, ContainerId, ImageId};
use bollard::models::ImageSummary;
use serde::Deserialize;
use std::collections::HashMap;

/// A container as `/containers/json` lists it: what a plan needs, read leniently. bollard's
/// model refuses a state it does not know, and released Podman sends its own (`stopped`,
/// `stopping`): one such container would fail every plan, prune preview and re-check.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct EngineContainer {
    #[serde(rename = "Id", default)]
    pub id: Option<String>,
    #[serde(rename = "Names", default)]
    pub names: Option<Vec<String>>,
    #[serde(rename = "ImageID", default)]
    pub image_id: Option<String>,
    /// The reference it was created from, or its image's ID once that reference names
    /// another image (or nothing): moby's `refreshImage`.
    #[serde(rename = "Image", default)]
    pub image: Option<String>,
    #[serde(rename = "State", default)]
    pub state: Option<String>,
    #[serde(rename = "Created", default)]
    pub created: Option<i64>,
}

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
    /// `/system/df`'s `LayersSize`: all image layers on disk, when the engine gave it.
    pub layers_size: Option<u64>,
}

/// Reads `/images/json?all=1`, `/containers/json?all=1` and `/system/df` at once.
pub(crate) async fn snapshot(engine: &Engine) -> Result<Snapshot> {
    let (lists, df) = tokio::join!(images_and_containers(engine, true), system_df(engine));
    let (images, containers) = lists?;
    let unique = df.as_deref().map(parse_unique_sizes).unwrap_or_default();
    let mut snap = build(images, &containers, unique, unix_now());
    snap.layers_size = df.as_deref().and_then(parse_layers_size);
    // The list tells the store by the names it gives (`build`). Without a single name it
    // cannot, so the engine is asked: on the containerd store an intermediate image goes by
    // its ID however many children it has, where the classic store refuses. `/info` is only
    // asked then. A refusal (a socket proxy that lets through the image and container calls
    // only) leaves the classic store's rules, as the list alone would; an engine lost or
    // stalled meanwhile fails the snapshot, as a failed list does.
    let named = snap.world.images.values().any(|img| !img.refs.is_empty());
    if !snap.world.containerd && !named && !snap.images.is_empty() {
        match engine.containerd_image_store().await {
            Ok(containerd) => snap.world.containerd = containerd,
            Err(crate::engine::calls::CallError::Status(..)) => {}
            Err(e) => return Err(e.into_error()),
        }
    }
    Ok(snap)
}

/// Whether `/info` says the engine keeps its images in the containerd store, as
/// [`snapshot`] asks it: the removal tests check the answer against the docker CLI's on
/// both stores. Only built with the `removal-tests` feature.
#[cfg(feature = "removal-tests")]
pub async fn image_store_is_containerd(connection: &crate::engine::Connection) -> Result<bool> {
    connection
        .run(|e| async move {
            e.containerd_image_store()
                .await
                .map_err(crate::engine::calls::CallError::into_error)
        })
        .await
}

/// [`snapshot`] for a prune: on the containerd store, whose `prune -a` keeps the name each
/// container was created from, that name is asked of the engine for every container the
/// list shows by its image's ID instead (the name has moved to another image or names
/// nothing now, or the container was created from an ID). The dangling-only prune and the
/// classic store's need none of it.
pub(crate) async fn prune_snapshot(engine: &Engine, mode: PruneMode) -> Result<Snapshot> {
    use futures_util::stream::{self, StreamExt};
    let mut snap = snapshot(engine).await?;
    if !(snap.world.containerd && mode == PruneMode::Unused) {
        return Ok(snap);
    }
    let by_id: Vec<(usize, String)> = snap
        .world
        .containers
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.created_as
                .as_deref()
                .is_none_or(|i| i.starts_with("sha256:"))
        })
        .map(|(at, c)| (at, c.id.clone()))
        .collect();
    // A few at a time: a workshop machine may have hundreds of stopped containers.
    let asked: Vec<(usize, Result<Option<String>>)> = stream::iter(by_id)
        .map(|(at, id)| async move { (at, engine.container_created_as(&id).await) })
        .buffer_unordered(8)
        .collect()
        .await;
    for (at, name) in asked {
        // A container gone meanwhile (`None`) keeps what the list said; a failed inspect
        // fails the preview, as a failed list does: without the name, the preview would say
        // the prune removes a name the engine's keeps.
        if let Some(name) = name? {
            snap.world.containers[at].created_as = Some(name);
        }
    }
    Ok(snap)
}

/// An image ID with its algorithm: Podman's compat API leaves it off some IDs (`Deleted`,
/// `ParentId`) that Docker writes with it. Anything else is kept as it is.
pub(crate) fn with_algorithm(id: &str) -> String {
    crate::images::sha256_of_bare_hex(id).unwrap_or_else(|| id.to_owned())
}

pub(crate) fn build(
    images: Vec<ImageSummary>,
    engine_containers: &[EngineContainer],
    unique: HashMap<String, u64>,
    now: i64,
) -> Snapshot {
    let mut world = World::default();
    for img in &images {
        // Docker's containerd image store lists `repo@<this ID>` among the digests, made from
        // the image's first name: no name the engine keeps, so `docker rmi` never reports it
        // untagged and it counts for none of the rules. The names that store keeps, digest
        // ones (`repo@sha256:…` of a pull by digest) included, are all in `RepoTags` there.
        let refs = img
            .repo_tags
            .iter()
            .chain(
                img.repo_digests
                    .iter()
                    .filter(|d| !crate::images::digest_is_own_id(d, &img.id)),
            )
            .filter_map(|t| Ref::parse(t))
            .collect();
        let parent = Some(with_algorithm(&img.parent_id)).filter(|p| !p.is_empty());
        world.images.insert(
            img.id.clone(),
            Img {
                id: img.id.clone(),
                parent,
                refs,
            },
        );
    }
    // Told from the list, as the update check tells it (`in_containerd_store`): an image
    // named by its own ID as a digest. A store of nameless images only is asked about
    // (`snapshot`).
    world.containerd = images.iter().any(|img| {
        img.repo_digests
            .iter()
            .any(|d| crate::images::digest_is_own_id(d, &img.id))
    });
    let containers: Vec<PlanContainer> = engine_containers
        .iter()
        .filter_map(|c| plan_container(c, now))
        .collect();
    let created_as: HashMap<&str, &str> = engine_containers
        .iter()
        .filter_map(|c| Some((c.id.as_deref()?, c.image.as_deref()?)))
        .collect();
    world.containers = containers
        .iter()
        .map(|c| Ctr {
            id: c.id.as_str().to_owned(),
            image_id: c.image_id.as_str().to_owned(),
            running: c.state.is_running(),
            created_as: created_as.get(c.id.as_str()).map(|s| (*s).to_owned()),
        })
        .collect();
    Snapshot {
        world,
        images: images.into_iter().map(|i| (i.id.clone(), i)).collect(),
        containers,
        unique,
        layers_size: None,
    }
}

pub(crate) fn plan_container(c: &EngineContainer, now: i64) -> Option<PlanContainer> {
    let id = c.id.clone()?;
    let image_id = c.image_id.clone().filter(|i| !i.is_empty())?;
    let name = c
        .names
        .as_ref()
        .and_then(|n| n.first())
        .map(|n| n.trim_start_matches('/').to_owned())
        .unwrap_or_else(|| id.chars().take(12).collect());
    // Anything else has stopped: `exited`, and Podman's `stopped` and `stopping`.
    let state = match c.state.as_deref() {
        Some("running") => ContainerState::Running,
        Some("paused") => ContainerState::Paused,
        Some("restarting") => ContainerState::Restarting,
        Some("created") => ContainerState::Created,
        Some("dead") => ContainerState::Dead,
        Some("removing") => ContainerState::Removing,
        _ => ContainerState::Exited,
    };
    let created = c.created.unwrap_or(0);
    Some(PlanContainer {
        short_id: id.chars().take(12).collect(),
        id: ContainerId::new(id),
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

/// `/system/df?type=image`, read as JSON values because its shape changed in API 1.52
/// (`Images` became `ImageUsage.Items`), and bollard 0.21's model only knows the new one.
/// `None` when the engine does not say: a plan then shows sizes without "frees …" rather
/// than a wrong figure.
async fn system_df(engine: &Engine) -> Option<bytes::Bytes> {
    engine.system_df_images().await.ok()
}

/// All image layers on disk now (`LayersSize`), when the engine says.
pub(crate) async fn layers_size(engine: &Engine) -> Option<u64> {
    parse_layers_size(&system_df(engine).await?)
}

fn parse_layers_size(body: &[u8]) -> Option<u64> {
    let v = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    v.get("LayersSize")
        .or_else(|| v.get("ImageUsage").and_then(|u| u.get("TotalSize")))
        .and_then(serde_json::Value::as_u64)
}

/// Unique sizes (`Size - SharedSize`) by image ID.
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
            // Podman writes the ID without its `sha256:`; plans look it up with it.
            out.insert(with_algorithm(id), (size - shared) as u64);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{build, parse_unique_sizes, plan_container, with_algorithm, EngineContainer};
    use bollard::models::ImageSummary;
    use std::collections::HashMap;

    #[test]
    fn a_parent_without_its_algorithm_is_the_same_image() {
        let hex = "ab".repeat(32);
        assert_eq!(with_algorithm(&hex), format!("sha256:{hex}"));
        assert_eq!(
            with_algorithm(&format!("sha256:{hex}")),
            format!("sha256:{hex}")
        );
        assert_eq!(with_algorithm(""), "");
        assert_eq!(with_algorithm("abc"), "abc");
        // Podman's compat list: `Id` with `sha256:`, `ParentId` without.
        let image = |id: &str, parent: &str| ImageSummary {
            id: id.to_owned(),
            parent_id: parent.to_owned(),
            ..ImageSummary::default()
        };
        let parent = format!("sha256:{hex}");
        let child = format!("sha256:{}", "cd".repeat(32));
        let snap = build(
            vec![image(&parent, ""), image(&child, &hex)],
            &[],
            HashMap::new(),
            0,
        );
        assert_eq!(
            snap.world.images[&child].parent.as_deref(),
            Some(parent.as_str())
        );
        assert_eq!(snap.world.images[&parent].parent, None);
    }

    /// A fake engine listing `images` (JSON) and no container, whose `/info` answers
    /// `info` (`None`: 403, as a socket proxy refuses it); with what it heard.
    fn engine_with(
        name: &str,
        images: String,
        info: Option<&'static str>,
    ) -> (
        crate::engine::Connection,
        std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    ) {
        use crate::engine::fake::{self, Answer};
        let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = heard.clone();
        let address = fake::scripted(name, fake::VERSION_1_41, true, move |line| {
            log.lock().unwrap().push(line.to_owned());
            let get = |path: &str| line.starts_with("GET ") && line.contains(path);
            if get("/images/json") {
                Answer::json(&images)
            } else if get("/containers/json") {
                Answer::json("[]")
            } else if get("/system/df") {
                Answer::json(r#"{"LayersSize":0,"Images":[]}"#)
            } else if get("/info") {
                match info {
                    Some(body) => Answer::json(body),
                    None => Answer::status("403 Forbidden", r#"{"message":"forbidden"}"#),
                }
            } else {
                Answer::status("500 Internal Server Error", r#"{"message":"not expected"}"#)
            }
        });
        (crate::engine::Connection::new(address), heard)
    }

    /// An engine whose images are all nameless (build steps of the classic builder) gives
    /// the list nothing to tell its store by, so `/info` is asked: on the containerd store
    /// the parent goes by its ID, children or not, where the classic store refuses even
    /// with force. A refused `/info` leaves the classic store's rules and the plan is made;
    /// a list with a name tells the store itself, and `/info` is not asked.
    #[tokio::test]
    async fn a_store_of_nameless_images_is_asked_what_it_is() {
        use crate::removal::{make_plan, PlanRegistry, Selection, Verdict};
        let parent = format!("sha256:{}", "a".repeat(64));
        let child = format!("sha256:{}", "b".repeat(64));
        let image = |id: &str, parent: &str, tags: &str| {
            format!(
                r#"{{"Id":"{id}","ParentId":"{parent}","RepoTags":[{tags}],"RepoDigests":[],"Created":1,"Size":4096,"SharedSize":-1,"Labels":{{}},"Containers":-1}}"#
            )
        };
        let nameless = format!(
            "[{},{}]",
            image(&child, &parent, ""),
            image(&parent, "", "")
        );
        const CONTAINERD: &str = r#"{"Driver":"overlayfs","DriverStatus":[["driver-type","io.containerd.snapshotter.v1"]]}"#;
        const CLASSIC: &str = r#"{"Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"],["Supports d_type","true"]]}"#;
        let verdict = |name: &'static str, images: String, info: Option<&'static str>| {
            let parent = parent.clone();
            async move {
                let (connection, heard) = engine_with(name, images, info);
                let selection = Selection {
                    images: vec![crate::images::ImageId::new(parent)],
                    tags: vec![],
                };
                let plan = make_plan(&connection, &PlanRegistry::default(), selection, None)
                    .await
                    .map(|plan| plan.images[0].verdict);
                let asked = heard.lock().unwrap().iter().any(|l| l.contains("/info"));
                (plan, asked)
            }
        };
        assert_eq!(
            verdict("store-containerd", nameless.clone(), Some(CONTAINERD)).await,
            (Ok(Verdict::Delete), true)
        );
        assert_eq!(
            verdict("store-classic", nameless.clone(), Some(CLASSIC)).await,
            (Ok(Verdict::Blocked), true)
        );
        assert_eq!(
            verdict("store-refused", nameless.clone(), None).await,
            (Ok(Verdict::Blocked), true)
        );
        // An answer that is no engine's fails the plan rather than guess the store.
        let (garbled, asked) = verdict("store-garbled", nameless, Some("<html>")).await;
        assert!(
            matches!(garbled, Err(crate::Error::Protocol { .. })) && asked,
            "{garbled:?}"
        );
        let named = format!(
            "[{},{}]",
            image(&child, &parent, r#""app:1""#),
            image(&parent, "", "")
        );
        assert_eq!(
            verdict("store-named", named, Some(CONTAINERD)).await,
            (Ok(Verdict::Blocked), false)
        );
    }

    /// The containerd store's `repo@<ID>` is no name of the engine's, so no rule counts it and
    /// no plan says it is untagged; a digest that names a manifest (the classic store's, or a
    /// pull by digest) is one.
    #[test]
    fn the_containerd_stores_digest_of_the_id_itself_is_no_reference() {
        let id = format!("sha256:{}", "ab".repeat(32));
        let manifest = format!("sha256:{}", "cd".repeat(32));
        let image = |digests: Vec<String>| ImageSummary {
            id: id.clone(),
            repo_tags: vec!["web:1".into(), format!("web@{manifest}")],
            repo_digests: digests,
            ..ImageSummary::default()
        };
        let refs = |digests: Vec<String>| -> Vec<String> {
            build(vec![image(digests)], &[], HashMap::new(), 0)
                .world
                .images[&id]
                .refs
                .iter()
                .map(|r| r.text.clone())
                .collect()
        };
        assert_eq!(
            refs(vec![format!("web@{id}")]),
            ["web:1".to_owned(), format!("web@{manifest}")]
        );
        let store = |digests: Vec<String>| {
            build(vec![image(digests)], &[], HashMap::new(), 0)
                .world
                .containerd
        };
        assert!(store(vec![format!("web@{id}")]));
        assert!(!store(vec![format!("other@{manifest}")]));
        assert!(!store(vec![]));
        assert_eq!(
            refs(vec![format!("other@{manifest}")]),
            [
                "web:1".to_owned(),
                format!("web@{manifest}"),
                format!("other@{manifest}")
            ]
        );
    }

    #[test]
    fn reads_old_and_new_system_df_shapes() {
        let old = br#"{"LayersSize":1,"Images":[{"Id":"sha256:a","Size":100,"SharedSize":40}]}"#;
        assert_eq!(parse_unique_sizes(old).get("sha256:a"), Some(&60));
        let new = br#"{"ImageUsage":{"Items":[{"Id":"sha256:b","Size":10,"SharedSize":0}]}}"#;
        assert_eq!(parse_unique_sizes(new).get("sha256:b"), Some(&10));
        let unknown = br#"{"Images":[{"Id":"sha256:c","Size":10,"SharedSize":-1}]}"#;
        assert!(parse_unique_sizes(unknown).is_empty());
    }

    /// Released Podman lists a container it stopped as `stopped` (and one stopping as
    /// `stopping`), which bollard's model refuses: read, they count as stopped.
    #[test]
    fn podman_container_states_are_read_and_count_as_stopped() {
        use crate::removal::types::ContainerState;
        let image = format!("sha256:{}", "a".repeat(64));
        let body = format!(
            r#"[{{"Id":"{c}","Names":["/web"],"ImageID":"{image}","State":"stopped","Created":1}},
                {{"Id":"{d}","Names":["/db"],"ImageID":"{image}","State":"stopping","Created":1}},
                {{"Id":"{e}","Names":["/api"],"ImageID":"{image}","State":"running","Created":1}}]"#,
            c = "c".repeat(64),
            d = "d".repeat(64),
            e = "e".repeat(64),
        );
        assert!(
            serde_json::from_str::<Vec<bollard::models::ContainerSummary>>(&body).is_err(),
            "bollard's model would fail the whole list"
        );
        let listed: Vec<EngineContainer> = serde_json::from_str(&body).unwrap();
        let states: Vec<ContainerState> = listed
            .iter()
            .map(|c| plan_container(c, 10).unwrap().state)
            .collect();
        assert_eq!(
            states,
            [
                ContainerState::Exited,
                ContainerState::Exited,
                ContainerState::Running
            ]
        );
    }

    /// Podman's `/system/df` names images without `sha256:`: their sizes are still found.
    #[test]
    fn podman_image_ids_in_system_df_are_found() {
        let hex = "b".repeat(64);
        let body = format!(r#"{{"Images":[{{"Id":"{hex}","Size":5000,"SharedSize":1000}}]}}"#);
        let sizes = parse_unique_sizes(body.as_bytes());
        assert_eq!(sizes.get(&format!("sha256:{hex}")), Some(&4000));
    }
}
