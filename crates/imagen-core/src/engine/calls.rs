//! Every engine call Imagen makes, typed: the reads (list, inspect, history, `/system/df`),
//! the pull's start, the event stream and the calls that change things (rmi, stop, unpause,
//! rm), each with its
//! own time limit ([`super::Limits`]) and every name checked ([`input::path_segment`]) and
//! encoded before it is placed in a URL path, so `../volumes/x?force=true` stops here.
//! All of them go out through the gateway ([`super::gateway`]).

pub(crate) use super::gateway::CallError;
use super::gateway::{json, BodyStream, PULL_START_CEILING};
use super::raw::encode;
pub(crate) use super::raw::RequestBody;
use super::Engine;
use crate::error::Result;
use crate::input;
use bollard::models::{ImageDeleteResponseItem, ImageHistoryResponseItem};
use bytes::Bytes;
use hyper::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// A backstop only: a `docker load` is timed by what moves ([`super::Limits::load_stall`]
/// while the archive is sent, [`super::Limits::load_import`] after), so several gigabytes
/// over a slow remote link are not cut off by a total. Cancel ends it at any time.
const LOAD_CEILING: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The longest Imagen waits for one `docker stop`, whatever stop timeout the container
/// asks for: past it the call fails as a time limit while the engine goes on waiting.
const STOP_CEILING: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// How many times the image list is asked when it answers 404 ([`Engine::list_images`]).
const LIST_TRIES: u32 = 4;

/// The part of `GET /containers/{id}/json` Imagen reads.
#[derive(Deserialize)]
struct ContainerInspect {
    #[serde(rename = "Config")]
    config: Option<ContainerConfig>,
}

/// Each field read on its own: one an engine sends in a shape Imagen does not expect is
/// `None`, and does not fail the call that asked for the other.
#[derive(Deserialize)]
struct ContainerConfig {
    /// The reference it was created from.
    #[serde(rename = "Image", default, deserialize_with = "lenient")]
    image: Option<String>,
    /// `docker run --stop-timeout`, when given.
    #[serde(rename = "StopTimeout", default, deserialize_with = "lenient")]
    stop_timeout: Option<i64>,
}

/// A value of type `T`, or `None` when it is absent, `null` or of another shape.
fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

/// A 404 as `None`, every other failure mapped.
fn found<T>(result: Result<T, CallError>) -> Result<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(CallError::Status(404, _)) => Ok(None),
        Err(e) => Err(e.into_error()),
    }
}

impl Engine {
    /// `GET /images/json` (with intermediate build images when `all`), read as `T`: bollard's
    /// full model where every field is needed, a lean one where only a few are (the card list,
    /// `images::summary`, where the full models cost more than the rest of the app's work).
    ///
    /// Docker's containerd image store (Engine 28.5 seen) answers the list with a 404, "failed
    /// to read config content: … not found", when an image goes while it lists (a `docker rmi`
    /// in a terminal at that moment). A list has nothing to be missing, so a 404 is asked again
    /// at once, a few times, as a user would press Refresh; the next list no longer has it.
    pub(crate) async fn list_images<T: DeserializeOwned>(&self, all: bool) -> Result<Vec<T>> {
        let path = if all {
            "/images/json?all=1"
        } else {
            "/images/json"
        };
        let mut tries = 0;
        let body = loop {
            tries += 1;
            match self
                .exchange(Method::GET, path, self.limits().request)
                .await
            {
                Err(CallError::Status(404, _)) if tries < LIST_TRIES => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                answer => break answer.map_err(CallError::into_error)?,
            }
        };
        json("image list", &body)
    }

    /// Every container now (`GET /containers/json?all=1`), read as `T` (see `list_images`).
    pub(crate) async fn containers<T: DeserializeOwned>(&self) -> Result<Vec<T>> {
        let body = self
            .exchange(Method::GET, "/containers/json?all=1", self.limits().request)
            .await
            .map_err(CallError::into_error)?;
        json("container list", &body)
    }

    /// `GET /images/{name}/json`: the engine's document exactly as sent (key order and
    /// unknown fields intact), or `None` when nothing has that name.
    pub(crate) async fn inspect_image_raw(&self, name: &str) -> Result<Option<Bytes>> {
        let name = input::path_segment(name)?;
        let path = format!("/images/{}/json", encode(name));
        found(
            self.exchange(Method::GET, &path, self.limits().request)
                .await,
        )
    }

    /// `GET /images/{name}/json?manifests=1` where the API has it (1.48 on; not Podman): the
    /// document with, on Docker's containerd image store, each platform's manifest and its
    /// packed and unpacked sizes (`Manifests`); elsewhere the plain document. `None` when
    /// nothing has that name. Not for showing: `docker image inspect` does not ask for them.
    pub(crate) async fn inspect_image_with_manifests(&self, name: &str) -> Result<Option<Bytes>> {
        let info = self.info();
        if info.podman || !info.api_at_least((1, 48)) {
            return self.inspect_image_raw(name).await;
        }
        let name = input::path_segment(name)?;
        let path = format!("/images/{}/json?manifests=1", encode(name));
        found(
            self.exchange(Method::GET, &path, self.limits().request)
                .await,
        )
    }

    /// `GET /images/{name}/history`, or `None` when nothing has that name.
    pub(crate) async fn image_history(
        &self,
        name: &str,
    ) -> Result<Option<Vec<ImageHistoryResponseItem>>> {
        let name = input::path_segment(name)?;
        let path = format!("/images/{}/history", encode(name));
        match found(
            self.exchange(Method::GET, &path, self.limits().request)
                .await,
        )? {
            Some(body) => Ok(Some(json("image history", &body)?)),
            None => Ok(None),
        }
    }

    /// `GET /_ping` within the handshake's limit: whether the engine answers at all.
    pub(crate) async fn ping(&self) -> Result<()> {
        self.exchange(Method::GET, "/_ping", self.limits().connect)
            .await
            .map(|_| ())
            .map_err(CallError::into_error)
    }

    /// The full ID `name` resolves to right now, or `None` when nothing has that name.
    pub(crate) async fn image_id_of(&self, name: &str) -> Result<Option<String>> {
        #[derive(Deserialize)]
        struct Inspected {
            #[serde(rename = "Id")]
            id: Option<String>,
        }
        match self.inspect_image_raw(name).await? {
            Some(body) => Ok(json::<Inspected>("image inspect", &body)?.id),
            None => Ok(None),
        }
    }

    /// The tags (`RepoTags`) of the image with full ID `id` right now, or `None` when it is
    /// gone. Digests are left out: they name content, not a choice a user made in a
    /// terminal, and the engine's list and inspect need not agree on them.
    pub(crate) async fn image_tags_of(&self, id: &str) -> Result<Option<Vec<String>>> {
        #[derive(Deserialize)]
        struct Inspected {
            #[serde(rename = "RepoTags", default)]
            repo_tags: Option<Vec<String>>,
        }
        match self.inspect_image_raw(id).await? {
            Some(body) => Ok(Some(
                json::<Inspected>("image inspect", &body)?
                    .repo_tags
                    .unwrap_or_default(),
            )),
            None => Ok(None),
        }
    }

    /// `POST /images/create?{query}` (`docker pull`) with `headers` (`X-Registry-Auth`,
    /// encoded by the caller). The engine starts answering only with the first progress line,
    /// once the registry has answered, however long that takes: the wait lasts while the
    /// engine answers pings ([`super::while_answering`]; an engine that stops ends it as not
    /// answering), under the backstop [`PULL_START_CEILING`]. The progress then streams for
    /// as long as the pull takes. Query values must already be encoded ([`encode`]).
    pub(crate) async fn create_image(
        &self,
        query: &str,
        headers: &[(&str, String)],
    ) -> Result<BodyStream, CallError> {
        let path = format!("/images/create?{query}");
        let start = self.open_stream("the pull", Method::POST, &path, headers, PULL_START_CEILING);
        super::while_answering(self, start).await
    }

    /// `GET /events` for image and container events (`docker events --filter type=image
    /// --filter type=container`): the engine must start answering within the ordinary limit;
    /// the body then has none, since the engine writes a line only when something happens.
    pub(crate) async fn events(&self) -> Result<BodyStream, CallError> {
        self.events_since(None).await
    }

    /// [`Self::events`], replaying first what the engine kept since `since` (Unix seconds on
    /// the engine's clock; it keeps its last 1,000 or so events): a stream reopened after a
    /// proxy closed it misses nothing.
    pub(crate) async fn events_since(&self, since: Option<u64>) -> Result<BodyStream, CallError> {
        let filters = encode(r#"{"type":["image","container"]}"#);
        let since = since.map_or_else(String::new, |s| format!("&since={s}"));
        let path = format!("/events?filters={filters}{since}");
        self.open_stream(
            "the event stream",
            Method::GET,
            &path,
            &[],
            self.limits().request,
        )
        .await
    }

    /// `POST /images/{id}/tag?repo=…&tag=…` (`docker tag`): `id` a full image ID, `repo` and
    /// `tag` checked by the caller (the reference grammar) and encoded here.
    pub(crate) async fn tag_image(&self, id: &str, repo: &str, tag: &str) -> Result<(), CallError> {
        let id = input::path_segment(input::full_image_id("image", id)?)?;
        let path = format!(
            "/images/{}/tag?repo={}&tag={}",
            encode(id),
            encode(repo),
            encode(tag)
        );
        self.exchange(Method::POST, &path, self.limits().request)
            .await
            .map(drop)
    }

    /// `GET /distribution/{name}/json` (API 1.30+): the registry's descriptor for `name`,
    /// asked by the engine with `headers` (`X-Registry-Auth`, which the gateway drops on an
    /// exposed connection). The engine answers once the registry has, so `limit` bounds the
    /// wait for the registry; the answer is read whole (at most 1 MiB).
    pub(crate) async fn distribution_inspect(
        &self,
        name: &str,
        headers: &[(&str, String)],
        limit: std::time::Duration,
    ) -> Result<Bytes, CallError> {
        const MAX_ANSWER: usize = 1 << 20;
        let name = input::path_segment(name)?;
        let path = format!("/distribution/{}/json", encode(name));
        let mut stream = self
            .open_stream("the registry check", Method::GET, &path, headers, limit)
            .await?;
        let mut body = Vec::new();
        while let Some(chunk) = stream.next_chunk().await? {
            if body.len() + chunk.len() > MAX_ANSWER {
                return Err(CallError::Other(crate::error::Error::Protocol {
                    message: "distribution inspect: the answer is larger than 1 MiB".into(),
                }));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(body))
    }

    /// `GET /images/get?names=…&names=…` (`docker save`): one tar of every image named
    /// (tags keep their names in it; an ID saves the image untagged). Older engines write
    /// the whole archive to disk before its first byte, so the answer may take long to start
    /// (`Limits::save_start`); the body then takes as long as it takes.
    pub(crate) async fn save_images(&self, names: &[String]) -> Result<BodyStream, CallError> {
        let mut query = Vec::with_capacity(names.len());
        for name in names {
            let name = input::path_segment(input::image_name("image", name)?)?;
            query.push(format!("names={}", encode(name)));
        }
        if query.is_empty() {
            return Err(CallError::Other(crate::Error::InvalidInput {
                field: "images".into(),
                reason: "no image was named".into(),
            }));
        }
        let path = format!("/images/get?{}", query.join("&"));
        self.open_stream(
            "the save",
            Method::GET,
            &path,
            &[],
            self.limits().save_start,
        )
        .await
    }

    /// `POST /images/load?quiet=1` (`docker load`) with a plain tar streamed as the body
    /// (ending it with an error aborts the upload: the engine loads nothing). The engine
    /// answers once it has read and imported the whole archive; the caller watches that
    /// the upload moves ([`crate::kit`]'s `load_on`), under [`LOAD_CEILING`].
    pub(crate) async fn load_images(&self, body: RequestBody) -> Result<BodyStream, CallError> {
        self.open_upload(
            "the load",
            Method::POST,
            "/images/load?quiet=1",
            &[("Content-Type", "application/x-tar".to_owned())],
            body,
            LOAD_CEILING,
        )
        .await
    }

    /// `DELETE /images/{name}?force=…&noprune=…` (`docker rmi [-f] [--no-prune]`), with the
    /// removal limit. `prune`: the image's nameless parents go with it, as `docker rmi` does.
    pub(crate) async fn remove_image(
        &self,
        name: &str,
        force: bool,
        prune: bool,
    ) -> Result<Vec<ImageDeleteResponseItem>, CallError> {
        let name = input::path_segment(name)?;
        let noprune = !prune;
        let path = format!("/images/{}?force={force}&noprune={noprune}", encode(name));
        let body = self
            .exchange(Method::DELETE, &path, self.limits().removal)
            .await?;
        Ok(json("image removal", &body)?)
    }

    /// `docker stop` as the CLI runs it without `-t`: no `t`, so the engine gives the
    /// container its own stop timeout (`docker run --stop-timeout`, 10 s unless set), and a
    /// database given a minute to flush is not killed after 10 s. The HTTP limit leaves the
    /// engine that long, then time to kill the container.
    pub(crate) async fn stop_container(&self, id: &str) -> Result<(), CallError> {
        let id = input::path_segment(input::container_id("container", id)?)?;
        let limit = self.stop_timeout_of(id).await? + self.limits().request;
        let path = format!("/containers/{}/stop", encode(id));
        self.exchange(Method::POST, &path, limit).await.map(drop)
    }

    /// How long the engine waits for container `id` to stop before killing it: its
    /// `Config.StopTimeout`, else [`super::Limits::stop_grace`] (the engine's default; 30 s
    /// on a Windows engine). A
    /// negative one (wait for ever) or a longer one gets [`STOP_CEILING`].
    async fn stop_timeout_of(&self, id: &str) -> Result<std::time::Duration, CallError> {
        let path = format!("/containers/{}/json", encode(id));
        let body = self
            .exchange(Method::GET, &path, self.limits().request)
            .await?;
        let inspect: ContainerInspect = json("container", &body)?;
        // Windows containers get 30 s by default (moby's defaultStopTimeout on Windows).
        let default = if self.info().platform.starts_with("windows") {
            self.limits()
                .stop_grace
                .max(std::time::Duration::from_secs(30))
        } else {
            self.limits().stop_grace
        };
        Ok(match inspect.config.and_then(|c| c.stop_timeout) {
            None => default,
            Some(secs) => u64::try_from(secs)
                .map(std::time::Duration::from_secs)
                .unwrap_or(STOP_CEILING)
                .min(STOP_CEILING),
        })
    }

    /// Whether the engine keeps its images in containerd's image store (Docker Desktop's
    /// default), as `GET /info` says it (`DriverStatus` holds `driver-type
    /// io.containerd.snapshotter.v1` there, moby's `daemon/containerd/service.go`).
    pub(crate) async fn containerd_image_store(&self) -> Result<bool, CallError> {
        #[derive(Deserialize)]
        struct Info {
            // `[[key, value], …]`; read loosely, as an engine's own entries may be anything.
            #[serde(rename = "DriverStatus", default)]
            driver_status: Option<Vec<Vec<serde_json::Value>>>,
        }
        let body = self
            .exchange(Method::GET, "/info", self.limits().request)
            .await?;
        let info: Info = json("engine information", &body)?;
        Ok(info.driver_status.unwrap_or_default().iter().any(|pair| {
            matches!(pair.as_slice(), [k, v] if k == "driver-type"
                && v == "io.containerd.snapshotter.v1")
        }))
    }

    /// The reference container `id` was created from (`Config.Image`), or `None` when the
    /// container is gone.
    pub(crate) async fn container_created_as(&self, id: &str) -> Result<Option<String>> {
        let id = input::path_segment(input::container_id("container", id)?)?;
        let path = format!("/containers/{}/json", encode(id));
        match found(
            self.exchange(Method::GET, &path, self.limits().request)
                .await,
        )? {
            Some(body) => Ok(json::<ContainerInspect>("container", &body)?
                .config
                .and_then(|c| c.image)),
            None => Ok(None),
        }
    }

    /// `docker unpause`.
    pub(crate) async fn unpause_container(&self, id: &str) -> Result<(), CallError> {
        let id = input::path_segment(input::container_id("container", id)?)?;
        let path = format!("/containers/{}/unpause", encode(id));
        self.exchange(Method::POST, &path, self.limits().request)
            .await
            .map(drop)
    }

    /// `docker rm` (no force: a container that was started again meanwhile is refused).
    pub(crate) async fn remove_container(&self, id: &str) -> Result<(), CallError> {
        let id = input::path_segment(input::container_id("container", id)?)?;
        let path = format!("/containers/{}", encode(id));
        // Removing a container deletes its writable layer: as long as an image's removal.
        self.exchange(Method::DELETE, &path, self.limits().removal)
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    //! Every typed call against a fake engine on a unix socket that records the request
    //! lines: after the one unversioned handshake, every path carries `/v{negotiated}/`.

    use super::super::{Engine, EngineAddress};
    use std::sync::{Arc, Mutex};
    use tokio::io::AsyncWriteExt;

    const ID: &str = "sha256:1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b";
    const CTR: &str = "1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b";

    /// The fake engine's answer to a request line.
    fn answer(line: &str, api: &str) -> (u16, String) {
        let path = line.split(' ').nth(1).unwrap_or_default();
        let path = path.split('?').next().unwrap_or_default();
        let json = |s: &str| (200, s.to_owned());
        match path {
            "/version" => json(&format!(
                r#"{{"Version":"20.10.24","ApiVersion":"{api}","Os":"linux","Arch":"amd64"}}"#
            )),
            p if p.ends_with("/images/json") => json("[]"),
            p if p.ends_with("/containers/json") => json("[]"),
            p if p.ends_with("/system/df") => json(r#"{"LayersSize":0,"Images":[]}"#),
            p if p.ends_with("/history") => json("[]"),
            p if p.ends_with("/images/missing:1/json") => {
                (404, r#"{"message":"No such image: missing:1"}"#.into())
            }
            p if p.ends_with("/json") => json(&format!(r#"{{"Id":"{ID}","Size":1}}"#)),
            p if p.ends_with("/stop") => (304, String::new()),
            p if p.ends_with("/unpause") || p.contains("/containers/") => (204, String::new()),
            p if p.contains("/images/create") => json("{\"status\":\"done\"}\n"),
            p if p.ends_with("/events") => json("{\"Type\":\"image\",\"Action\":\"tag\"}\n"),
            p if p.contains("/images/") => json(&format!(r#"[{{"Deleted":"{ID}"}}]"#)),
            _ => (400, r#"{"message":"unexpected"}"#.into()),
        }
    }

    /// A fake engine at a fresh socket; every request line it received goes into `seen`.
    async fn fake_engine(api: &'static str, seen: Arc<Mutex<Vec<String>>>) -> EngineAddress {
        use crate::engine::fake;
        let (listener, address) = fake::bind(&format!("calls-{}", api.replace('.', "-")));
        fake::serve(listener, move |mut stream, line| {
            let seen = seen.clone();
            async move {
                let (status, body) = answer(&line, api);
                seen.lock().unwrap().push(line);
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    if status == 304 || status == 204 { 0 } else { body.len() }
                );
                let _ = stream.write_all(reply.as_bytes()).await;
            }
        });
        address
    }

    /// The containerd store's list fails with a 404 when an image goes while it lists: asked
    /// again, the list comes; an engine that keeps answering 404 is an error, not a loop.
    #[tokio::test]
    async fn a_list_that_answers_404_is_asked_again() {
        use crate::engine::fake::{self, Answer};
        use std::sync::atomic::{AtomicU32, Ordering};
        let lists = Arc::new(AtomicU32::new(0));
        let counted = lists.clone();
        let address = fake::scripted("list-404", fake::VERSION_1_41, false, move |line| {
            if !line.starts_with("GET /v1.41/images/json") {
                return Answer::no_such_image();
            }
            if line.contains("all=1") || counted.fetch_add(1, Ordering::SeqCst) < 2 {
                return Answer::status(
                    "404 Not Found",
                    r#"{"message":"failed to read config content: NotFound: content digest sha256:aa: not found"}"#,
                );
            }
            Answer::json(&fake::listing_one("sha256:b"))
        });
        let engine = Engine::connect(address).await.unwrap();
        let listed = engine
            .list_images::<bollard::models::ImageSummary>(false)
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(lists.load(Ordering::SeqCst), 3);
        let error = engine
            .list_images::<bollard::models::ImageSummary>(true)
            .await
            .unwrap_err();
        assert!(
            matches!(error, crate::Error::EngineRejected { status: 404, .. }),
            "{error:?}"
        );
    }

    async fn every_call(engine: &Engine) {
        engine
            .list_images::<bollard::models::ImageSummary>(false)
            .await
            .unwrap();
        engine
            .list_images::<bollard::models::ImageSummary>(true)
            .await
            .unwrap();
        engine
            .containers::<bollard::models::ContainerSummary>()
            .await
            .unwrap();
        assert!(engine.inspect_image_raw("web:1").await.unwrap().is_some());
        assert!(engine
            .inspect_image_raw("missing:1")
            .await
            .unwrap()
            .is_none());
        engine.image_history(ID).await.unwrap();
        assert_eq!(
            engine.image_id_of("web:1").await.unwrap().as_deref(),
            Some(ID)
        );
        engine.system_df_images().await.unwrap();
        let mut stream = engine
            .create_image("fromImage=web&tag=1", &[])
            .await
            .unwrap();
        while stream.next_chunk().await.unwrap().is_some() {}
        let mut events = engine.events().await.unwrap();
        while events.next_chunk().await.unwrap().is_some() {}
        engine.remove_image("web:1", false, true).await.unwrap();
        assert!(matches!(
            engine.stop_container(CTR).await,
            Err(super::CallError::Status(304, _))
        ));
        engine.unpause_container(CTR).await.unwrap();
        engine.remove_container(CTR).await.unwrap();
        // A name that would leave its path segment never reaches the engine.
        assert!(engine
            .remove_image("../volumes/x", true, true)
            .await
            .is_err());
    }

    #[tokio::test]
    async fn every_request_after_the_handshake_names_the_negotiated_version() {
        for (server, want) in [("1.41", "1.41"), ("1.99", "1.53")] {
            let seen = Arc::new(Mutex::new(Vec::new()));
            let address = fake_engine(server, seen.clone()).await;
            let engine = Engine::connect(&address).await.unwrap();
            assert_eq!(engine.info().api_version, want);
            every_call(&engine).await;
            let seen = seen.lock().unwrap().clone();
            assert_eq!(seen[0], "GET /version HTTP/1.1", "the handshake");
            assert_eq!(seen.len(), 16, "{seen:#?}");
            for line in &seen[1..] {
                let path = line.split(' ').nth(1).unwrap();
                assert!(path.starts_with(&format!("/v{want}/")), "{line}");
            }
            assert!(seen.contains(&format!(
                "DELETE /v{want}/images/web:1?force=false&noprune=false HTTP/1.1"
            )));
            assert!(seen.contains(&format!("POST /v{want}/containers/{CTR}/stop HTTP/1.1")));
            assert!(seen.contains(&format!(
                "GET /v{want}/events?filters=%7B%22type%22:%5B%22image%22%2C%22container%22%5D%7D HTTP/1.1"
            )));
            if let Some(dir) =
                std::path::Path::new(address.as_str().trim_start_matches("unix://")).parent()
            {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }
}

#[cfg(test)]
mod inspect_tests {
    use super::ContainerInspect;

    /// One field in a shape Imagen does not expect leaves the other readable.
    #[test]
    fn each_config_field_is_read_on_its_own() {
        let read = |json: &str| {
            let c = serde_json::from_str::<ContainerInspect>(json)
                .unwrap()
                .config
                .unwrap();
            (c.image, c.stop_timeout)
        };
        assert_eq!(
            read(r#"{"Config":{"Image":"web:1","StopTimeout":"soon"}}"#),
            (Some("web:1".to_owned()), None)
        );
        assert_eq!(
            read(r#"{"Config":{"Image":7,"StopTimeout":30}}"#),
            (None, Some(30))
        );
        assert_eq!(read(r#"{"Config":{"StopTimeout":null}}"#), (None, None));
    }
}
