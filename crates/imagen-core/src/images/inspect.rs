//! `docker inspect` and `docker history` for one image.
//!
//! The inspector shows exactly what the engine returned, so the document is fetched as raw
//! bytes (key order and unknown fields intact) and the summary is read out of the same text.

use super::{human_duration, human_size, ImageId};
use crate::engine::Engine;
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The engine's document plus the facts the summary shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageInspection {
    /// `GET /images/{id}/json` exactly as the engine sent it.
    pub raw: String,
    /// What the summary tab shows, read from `raw`.
    pub details: ImageDetails,
}

/// The inspector's summary of an image.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImageDetails {
    /// Full ID (`sha256:…`): the SHA-256 of the image configuration.
    pub id: String,
    /// Every `repo:tag`.
    pub tags: Vec<String>,
    /// Every `repo@sha256:…`.
    pub digests: Vec<String>,
    /// A digest is one of its names, as [`super::ImageSummary::digest_named`] says.
    pub digest_named: bool,
    /// Creation time as the engine wrote it (RFC 3339).
    pub created: String,
    /// Size in bytes, as the document says (`docker image inspect`'s `Size`). The classic
    /// store counts the layers, as `docker images` does; Docker's containerd image store on
    /// Engine 28 counts only the packed content, where the list (`docker images`) adds the
    /// unpacked copy: the inspector shows the list's size where it has the image.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// `size` as `docker images` prints sizes.
    pub size_text: String,
    /// `linux/amd64`, `linux/arm/v7`, …
    pub platform: String,
    /// Number of filesystem layers.
    pub layers: u32,
    /// `ENTRYPOINT`, as a list.
    pub entrypoint: Vec<String>,
    /// `CMD`, as a list.
    pub cmd: Vec<String>,
    /// `WORKDIR`.
    pub working_dir: String,
    /// `USER`.
    pub user: String,
    /// `ENV`, as `KEY=value` strings.
    pub env: Vec<String>,
    /// `EXPOSE`, like `80/tcp`.
    pub exposed_ports: Vec<String>,
    /// `LABEL`s.
    pub labels: BTreeMap<String, String>,
}

/// One row of `docker history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// Short image ID of the step, or `<missing>` (built elsewhere).
    pub id: String,
    /// When the step was made, in seconds since the Unix epoch (the engine's `Created`);
    /// `None` when the engine gave none, or one at or before 2000-01-01 (a reproducible
    /// build's zero time), which `docker history` prints as "N/A". The UI words the age from it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub created: Option<i64>,
    /// Age as `docker history` prints it, or "N/A" (English; for logs, and for the UI when
    /// `created` is `None`).
    pub created_text: String,
    /// The instruction that made the step.
    pub created_by: String,
    /// Bytes the step added.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Size as `docker history` prints it.
    pub size_text: String,
    /// Comment, if any.
    pub comment: String,
}

/// Inspects `id` (an ID or a name).
pub async fn inspect_image(engine: &Engine, id: &str) -> Result<ImageInspection> {
    let Some(body) = engine.inspect_image_raw(id).await? else {
        return Err(no_such_image(id));
    };
    let raw = String::from_utf8_lossy(&body).into_owned();
    let value: Value = serde_json::from_str(&raw).map_err(|e| Error::Protocol {
        message: format!("image inspect: {e}"),
    })?;
    Ok(ImageInspection {
        details: details(&value),
        raw,
    })
}

/// `docker history` for `id`.
pub async fn image_history(engine: &Engine, id: &str) -> Result<Vec<HistoryEntry>> {
    let Some(rows) = engine.image_history(id).await? else {
        return Err(no_such_image(id));
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Ok(rows
        .into_iter()
        .map(|row| history_entry(row, now))
        .collect())
}

/// 2000-01-01T00:00:00Z: `docker history` (CLI 25 on) prints "N/A" for a step made then or
/// before, rather than "56 years ago" for a reproducible build's zero time.
const HISTORY_EPOCH: i64 = 946_684_800;

/// One engine history row as `docker history` shows it, `now` being seconds since the epoch.
fn history_entry(row: bollard::models::ImageHistoryResponseItem, now: i64) -> HistoryEntry {
    let size = u64::try_from(row.size).unwrap_or(0);
    HistoryEntry {
        id: if row.id == "<missing>" {
            row.id
        } else {
            ImageId::new(row.id).short().to_owned()
        },
        created: (row.created > HISTORY_EPOCH).then_some(row.created),
        created_text: if row.created > HISTORY_EPOCH {
            format!("{} ago", human_duration(now - row.created))
        } else {
            "N/A".to_owned()
        },
        created_by: row.created_by,
        size,
        size_text: human_size(size),
        comment: row.comment,
    }
}

fn no_such_image(id: &str) -> Error {
    Error::NoSuchImage {
        reference: id.to_owned(),
    }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// Reads the summary out of the engine's document (missing fields stay empty: old and
/// new engines differ, e.g. `VirtualSize` is gone from API 1.44).
fn details(doc: &Value) -> ImageDetails {
    let config = &doc["Config"];
    let size = doc["Size"].as_u64().unwrap_or(0);
    let (os, arch) = (text(&doc["Os"]), text(&doc["Architecture"]));
    let mut platform = if os.is_empty() && arch.is_empty() {
        String::new()
    } else {
        format!("{os}/{arch}")
    };
    if let Some(variant) = doc["Variant"].as_str().filter(|v| !v.is_empty()) {
        platform.push('/');
        platform.push_str(variant);
    }
    let mut exposed: Vec<String> = config["ExposedPorts"]
        .as_object()
        .map(|ports| ports.keys().cloned().collect())
        .unwrap_or_default();
    exposed.sort();
    // The containerd store lists a pull by digest among `RepoTags`: a digest, as the list
    // shows it, not a tag to remove as one.
    let repo_tags = strings(&doc["RepoTags"]);
    let (tags, digests) = super::tags_and_digests(&repo_tags, &strings(&doc["RepoDigests"]));
    ImageDetails {
        id: text(&doc["Id"]),
        digest_named: super::digest_among_names(&repo_tags),
        tags,
        digests,
        created: text(&doc["Created"]),
        size,
        size_text: human_size(size),
        platform,
        layers: doc["RootFS"]["Layers"]
            .as_array()
            .map_or(0, |l| u32::try_from(l.len()).unwrap_or(u32::MAX)),
        entrypoint: strings(&config["Entrypoint"]),
        cmd: strings(&config["Cmd"]),
        working_dir: text(&config["WorkingDir"]),
        user: text(&config["User"]),
        env: strings(&config["Env"]),
        exposed_ports: exposed,
        labels: config["Labels"]
            .as_object()
            .map(|labels| {
                labels
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_summary_from_the_document() {
        let doc: Value = serde_json::from_str(
            r#"{"Id":"sha256:abc","RepoTags":["web:1.0"],"RepoDigests":[],
            "Created":"2026-11-28T18:36:36Z","Size":1982000,"Os":"linux",
            "Architecture":"arm","Variant":"v7",
            "Config":{"Env":["PATH=/bin"],"Cmd":["sleep","3600"],"Entrypoint":null,
              "WorkingDir":"/app","User":"1000","ExposedPorts":{"80/tcp":{},"443/tcp":{}},
              "Labels":{"org.imagen.fixture":"web"}},
            "RootFS":{"Type":"layers","Layers":["sha256:1","sha256:2"]}}"#,
        )
        .unwrap();
        let d = details(&doc);
        assert_eq!(d.platform, "linux/arm/v7");
        assert_eq!(d.size_text, "1.98MB");
        assert_eq!(d.layers, 2);
        assert_eq!(d.cmd, vec!["sleep", "3600"]);
        assert!(d.entrypoint.is_empty());
        assert_eq!(d.exposed_ports, vec!["443/tcp", "80/tcp"]);
        assert_eq!(d.labels["org.imagen.fixture"], "web");
        assert_eq!(d.user, "1000");
    }

    #[test]
    fn history_rows_carry_the_engine_time() {
        let row = |id: &str, created: i64| bollard::models::ImageHistoryResponseItem {
            id: id.to_owned(),
            created,
            created_by: "/bin/sh -c #(nop)  CMD [\"sh\"]".to_owned(),
            tags: Vec::new(),
            size: 1_982_000,
            comment: String::new(),
        };
        let now = 1_764_000_000;
        let made = now - 3 * 7 * 24 * 3600;
        let entry = history_entry(
            row(
                "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                made,
            ),
            now,
        );
        assert_eq!(entry.id, "0123456789ab");
        assert_eq!(entry.created, Some(made));
        assert_eq!(entry.created_text, "3 weeks ago");
        assert_eq!(entry.size_text, "1.98MB");
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["created"], serde_json::json!(made));
        assert_eq!(json["createdText"], "3 weeks ago");

        // No time from the engine (or a reproducible build's zero time, or any time up to
        // 2000): no `created`, and the text as docker words it.
        let unknown = history_entry(row("<missing>", 0), now);
        assert_eq!(unknown.id, "<missing>");
        assert_eq!(unknown.created, None);
        assert_eq!(unknown.created_text, "N/A");
        assert_eq!(
            history_entry(row("<missing>", 946_684_800), now).created_text,
            "N/A"
        );
        let after = history_entry(row("<missing>", 946_684_801), now);
        assert_eq!(after.created, Some(946_684_801));
        assert!(
            after.created_text.ends_with("years ago"),
            "{}",
            after.created_text
        );
        assert_eq!(
            serde_json::to_value(&unknown).unwrap()["created"],
            serde_json::Value::Null
        );
    }

    /// The containerd store lists a pull by digest among `RepoTags`: the details show it as a
    /// digest that names the image, and no tag.
    #[test]
    fn a_digest_among_the_tags_is_a_digest_name() {
        let d = details(&serde_json::json!({
            "Id": "sha256:aa",
            "RepoTags": ["app@sha256:bb"],
            "RepoDigests": ["app@sha256:aa"],
        }));
        assert!(d.tags.is_empty() && d.digest_named);
        assert_eq!(d.digests, ["app@sha256:aa", "app@sha256:bb"]);
        let classic = details(&serde_json::json!({
            "RepoTags": ["app:1"], "RepoDigests": ["app@sha256:bb"],
        }));
        assert_eq!(
            (classic.tags, classic.digest_named),
            (vec!["app:1".to_owned()], false)
        );
    }

    #[test]
    fn tolerates_missing_fields() {
        let d = details(&serde_json::json!({}));
        assert_eq!(
            d,
            ImageDetails {
                size_text: "0B".into(),
                ..Default::default()
            }
        );
    }
}
