//! "Is there a newer one?": each tagged image's local digest against the digest its registry
//! has for the tag now, with the same credentials a pull would send, so the answer matches
//! what `docker pull` would do.
//!
//! The registry is asked directly with a `HEAD` of the tag's manifest. Through the engine
//! (`GET /distribution/{name}/json`) each question also `GET`s the manifest, which Docker Hub
//! counts as a pull: a class of 25 checking 8 images each, behind one Wi-Fi address, would
//! use up the anonymous allowance and every `docker pull` in the room would then fail. The
//! engine is asked only when the registry cannot be reached from here (a registry only the
//! engine's network reaches, a proxy) or answers in a way the `HEAD` does not read; a
//! direct question that fails once (a reset or a `503` on conference Wi-Fi) sends only its
//! own tag there, and only failures in a row the registry's other tags.
//!
//! On Docker's containerd image store (Docker Desktop's default) nothing local tells a build
//! from a download, so when the tag names another image there, or none, the registry is also
//! asked whether it has the image here (by its ID): that says "newer" from "made here". That
//! question goes to the registry directly or not at all (through the engine it would be one
//! more manifest `GET` per image), and a registry that would not say (Docker Hub answers
//! alike for a repository that does not exist and a private one) leaves the tag's answer as
//! it was.

use crate::auth::{CredentialLookup, RegistryAuth};
use crate::engine::calls::CallError;
use crate::engine::Engine;
use crate::error::{Error, Missing, RegistryCause, Result};
use crate::pull::classify;
use crate::pull::probe::{self, ManifestAnswer};
use crate::record::Record;
use crate::reference::ImageRef;
use crate::Connection;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

/// At most this many registry questions are in flight at once.
pub const MAX_IN_FLIGHT: usize = 4;
/// How long one registry question may take (the engine asks the registry, then answers).
pub const REQUEST_LIMIT: Duration = Duration::from_secs(10);

/// Why Imagen cannot tell whether a newer image exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum UnknownReason {
    /// Built or loaded here, never pulled: no registry digest to compare.
    NotFromRegistry,
    /// The registry did not answer (no network, registry down, timed out).
    RegistryUnreachable,
    /// The registry wants a login Imagen does not have, or refused it.
    Unauthorized,
    /// The registry has no such repository or tag any more.
    NotFound,
    /// Anything else the engine or registry said.
    Other,
    /// The registry has another image under this tag, and Imagen cannot tell whether the one
    /// here came from it: on Docker's containerd image store a build has a digest too, and
    /// the registry does not have (or would not say it has) the image here, so it may well
    /// have been made here under a name the registry uses.
    OtherOnRegistry,
}

/// One tag's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all_fields = "camelCase")]
pub enum UpdateStatus {
    /// The registry's image for this tag is the one here.
    Current,
    /// The registry has another image under this tag: pulling it would bring a newer one.
    Newer {
        /// The registry's digest for the tag (`sha256:…`).
        remote_digest: String,
    },
    /// Imagen cannot tell.
    Unknown {
        /// Why.
        reason: UnknownReason,
    },
}

/// One tagged image's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UpdateResult {
    /// The tag as `docker images` shows it (`nginx:1.27`).
    pub reference: String,
    /// The full ID of the local image it names.
    pub image_id: String,
    /// The answer.
    pub status: UpdateStatus,
}

/// A registry that could not be asked, said once for all its tags (no storm of errors when
/// the network is down).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RegistryProblem {
    /// The registry's host (`docker.io`, `127.0.0.1:5000`).
    pub registry: String,
    /// How many tags could not be checked because of it.
    pub tags: u32,
    /// What went wrong, once.
    pub error: Error,
}

/// How far a check has come: sent as each tag gets its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UpdateProgress {
    /// Tags with an answer (a tag never pulled from a registry has one at once).
    pub checked: u32,
    /// Tags to check.
    pub total: u32,
}

/// The answer to "Check for updates".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    /// One per tag checked, in the list's order; when the check was stopped, only the tags
    /// answered before it was.
    pub results: Vec<UpdateResult>,
    /// Registries that could not be asked.
    pub problems: Vec<RegistryProblem>,
    /// The user stopped the check before its end.
    pub stopped: bool,
    /// Tags left unchecked because the check was stopped.
    pub unchecked: u32,
    /// What the registry said for each result it has no such tag or repository for (by
    /// index in `results`): for the Terminal record, where the question shows as refused.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub not_found: Vec<(usize, Error)>,
}

/// The Terminal record's line for checking `reference`: `docker buildx imagetools inspect
/// <reference>`, the CLI command that asks the registry the same question; its `Digest:`
/// line is the digest compared (`docker images --digests` shows the one here).
pub fn check_command(reference: &str) -> String {
    crate::record::docker::imagetools_inspect(reference)
}

impl UpdateCheck {
    /// Writes the check into the Terminal record: one done line per tag the registry answered
    /// about, and for a registry that could not be asked ONE refused line (the first of its
    /// tags that got no answer), not one per tag, as the UI's calm summary says it once.
    pub fn record_into(&self, record: &Record) {
        for (i, r) in self.results.iter().enumerate() {
            // Answered (another image there, whose origin here cannot be told, included).
            if matches!(
                r.status,
                UpdateStatus::Current
                    | UpdateStatus::Newer { .. }
                    | UpdateStatus::Unknown {
                        reason: UnknownReason::OtherOnRegistry
                    }
            ) {
                record.done(check_command(&r.reference));
            }
            // Asked, and the registry has no such tag: `docker buildx imagetools inspect` would
            // say so.
            if let Some((_, error)) = self.not_found.iter().find(|(at, _)| *at == i) {
                record
                    .start(check_command(&r.reference))
                    .refused(error.clone());
            }
        }
        for p in &self.problems {
            // The registry's first tag that got no answer: not one it answered about (a
            // registry that stopped answering later), nor a local build it was never asked.
            let first = self.results.iter().find(|r| {
                matches!(
                    &r.status,
                    UpdateStatus::Unknown { reason }
                        if !matches!(
                            reason,
                            UnknownReason::NotFromRegistry
                                | UnknownReason::NotFound
                                | UnknownReason::OtherOnRegistry
                        )
                ) && crate::pull::parse_reference(&r.reference)
                    .is_ok_and(|parsed| parsed.to_parsed().domain == p.registry)
            });
            if let Some(r) = first {
                record
                    .start(check_command(&r.reference))
                    .refused(p.error.clone());
            }
        }
    }
}

/// "Check for updates" over every tagged image of the engine (`<none>` skipped), in the
/// list's order. Each registry is asked through the engine with the login a pull would send
/// (looked up once per registry); at most [`MAX_IN_FLIGHT`] questions at once, each within
/// [`REQUEST_LIMIT`]. A registry's first question goes alone: when it is unreachable, its
/// other tags are not asked at all, and a registry that stops answering later is not asked
/// again either. An error only when the engine itself cannot be reached.
pub async fn check_updates(conn: &Connection) -> Result<UpdateCheck> {
    check_updates_with_config(conn, None).await
}

/// What a check reports to, and what stops it.
#[derive(Clone, Copy)]
pub struct Follow<'a> {
    /// Cancelled: the questions still out are dropped, and the check answers with what it
    /// has (`unchecked` counts the rest).
    pub cancel: &'a CancellationToken,
    /// Told how far the check has come, as each tag gets its answer.
    pub progress: &'a (dyn Fn(UpdateProgress) + Send + Sync),
}

impl std::fmt::Debug for Follow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Follow")
            .field("cancelled", &self.cancel.is_cancelled())
            .finish_non_exhaustive()
    }
}

/// [`check_updates`] with the logins of the Docker configuration directory `docker_config`
/// (as [`crate::pull::PullOptions::docker_config`]); `None` means `$DOCKER_CONFIG` or
/// `~/.docker`, as the CLI.
pub async fn check_updates_with_config(
    conn: &Connection,
    docker_config: Option<&std::path::Path>,
) -> Result<UpdateCheck> {
    let cancel = CancellationToken::new();
    let follow = Follow {
        cancel: &cancel,
        progress: &|_| {},
    };
    check_updates_followed(conn, docker_config, follow).await
}

/// [`check_updates_with_config`] that reports how far it has come and can be stopped
/// (a registry that keeps timing out on conference Wi-Fi costs seconds per tag).
pub async fn check_updates_followed(
    conn: &Connection,
    docker_config: Option<&std::path::Path>,
    follow: Follow<'_>,
) -> Result<UpdateCheck> {
    let config = docker_config.map(std::path::Path::to_path_buf);
    conn.run(|engine| async move { check_on(&engine, config, follow).await })
        .await
}

/// [`check_updates`] on `engine`, with credentials from `docker_config` (else the CLI's own
/// configuration directory).
pub(crate) async fn check_on(
    engine: &Engine,
    docker_config: Option<PathBuf>,
    follow: Follow<'_>,
) -> Result<UpdateCheck> {
    let list = tokio::select! {
        _ = follow.cancel.cancelled() => return Ok(UpdateCheck {
            stopped: true,
            ..UpdateCheck::default()
        }),
        list = crate::images::list_images(engine) => list?,
    };
    let mut items = Vec::new();
    for image in &list.images {
        for tag in &image.tags {
            if tag.contains("<none>") {
                continue;
            }
            items.push(Item::new(tag, image.id.as_str(), &image.digests));
        }
    }
    let exposed = engine.is_exposed();
    // A registry on "this machine" is this machine's only when the engine is too: through
    // ssh:// or tcp://, the engine's localhost:5000 is another registry than Imagen's.
    let engine_here = ["unix://", "npipe://"]
        .iter()
        .any(|scheme| engine.address().starts_with(scheme));
    let creds = |registry: String| {
        let config = docker_config.clone();
        async move {
            let CredentialLookup { auth, .. } =
                crate::pull::lookup_credentials(&registry, config).await?;
            Ok(auth)
        }
    };
    // Registries the direct question cannot work for: their other tags go to the engine at
    // once instead of each asking again (a registry's first question goes alone, so the
    // rest see this). Not one that was only slow, nor one that failed once: see
    // [`direct_or_engine`].
    let not_direct = NotDirect::default();
    let not_direct = &not_direct;
    // One conversation for the whole check: connections and tokens are reused across tags.
    let session = probe::Session::default();
    let session = &session;
    let ask = |name: String, registry: String, auth: Option<RegistryAuth>, question| async move {
        // An identity token (`az acr login`) is exchanged the OAuth way, which the engine
        // speaks and the direct question does not.
        let may_direct = (engine_here || !probe::is_loopback(&registry))
            && auth.as_ref().is_none_or(|a| a.identity_token.is_none());
        let direct = || ask_directly(session, &name, &registry, auth.as_ref());
        // Through an exposed engine (plain tcp://) the gateway would drop the login anyway:
        // it is not sent that way. The direct question goes over verified HTTPS.
        let header = if exposed {
            None
        } else {
            auth.as_ref().map(RegistryAuth::header_value)
        };
        let through_engine = || ask_registry(engine, &name, &registry, header);
        ask_as(
            question,
            not_direct,
            &registry,
            may_direct,
            direct,
            through_engine,
        )
        .await
    };
    run_checks(items, MAX_IN_FLIGHT, creds, ask, follow).await
}

/// What the direct question gave.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Direct {
    /// The registry's answer.
    Answered(Answer),
    /// Asking directly cannot work for this registry, whatever the tag (a login only the
    /// engine can use): its other tags go to the engine at once.
    Cannot,
    /// No answer this question could use: refused, reset, a name that did not resolve, a
    /// certificate not trusted, the token service failing, a server error, an answer
    /// without its digest. From here these look alike whether they pass (a Wi-Fi hiccup, a
    /// registry's bad second, a `503`) or last (a registry only the engine's network
    /// reaches, a proxy). This tag goes to the engine; the registry's other tags do too
    /// only after [`NOT_DIRECT_AFTER`] of these in a row, as each sent to the engine would
    /// `GET` its manifest, which Docker Hub counts as a pull.
    Failed,
    /// No answer within the time limit: bad Wi-Fi as much as a registry out of reach from
    /// here. This tag goes to the engine, but the next is asked directly again, for the
    /// same reason; it does not count towards [`NOT_DIRECT_AFTER`] either.
    TimedOut,
}

/// After this many direct questions in a row to one registry end [`Direct::Failed`], its
/// other tags go to the engine without asking directly: once could be a passing problem,
/// twice in a row is most likely a way that does not work from here (and asking directly
/// again costs one more quick failure, not a pull). "In a row" is in the order the answers
/// come: after a registry's first question the others go a few at once, so those already
/// asked when the count is reached still end as they do (a few more quick failures at most).
const NOT_DIRECT_AFTER: u32 = 2;

/// What the direct questions of a check said so far, per registry: which ones to skip.
#[derive(Debug, Default)]
struct NotDirect {
    registries: Mutex<Vec<(String, Standing)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// Direct questions in a row that ended [`Direct::Failed`] (none since an answer).
    Failing(u32),
    /// [`Direct::Cannot`]: never asked directly again in this check.
    Never,
}

impl NotDirect {
    /// True when `registry`'s tags go to the engine without asking directly.
    fn skips(&self, registry: &str) -> bool {
        lock(&self.registries)
            .iter()
            .find(|(r, _)| r == registry)
            .is_some_and(|(_, standing)| match standing {
                Standing::Never => true,
                Standing::Failing(n) => *n >= NOT_DIRECT_AFTER,
            })
    }

    /// Keeps what a direct question to `registry` gave.
    fn note(&self, registry: &str, direct: &Direct) {
        let mut registries = lock(&self.registries);
        let at = match registries.iter().position(|(r, _)| r == registry) {
            Some(at) => at,
            None => {
                registries.push((registry.to_owned(), Standing::Failing(0)));
                registries.len() - 1
            }
        };
        let standing = &mut registries[at].1;
        *standing = match (*standing, direct) {
            (Standing::Never, _) | (_, Direct::Cannot) => Standing::Never,
            // Asking directly works from here: a failure before was a passing one.
            (Standing::Failing(_), Direct::Answered(_)) => Standing::Failing(0),
            (Standing::Failing(n), Direct::Failed) => Standing::Failing(n.saturating_add(1)),
            (failing, Direct::TimedOut) => failing,
        };
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Asks `registry` directly with `direct` when `may_direct` and `not_direct` does not skip
/// it, else (or when the direct question could not answer) through the engine with
/// `through_engine`. What the direct question gave is kept in `not_direct`: a registry it
/// cannot work for is skipped at once, one that failed [`NOT_DIRECT_AFTER`] times in a row
/// from then on, one that only timed out never.
async fn direct_or_engine<D, DF, E, EF>(
    not_direct: &NotDirect,
    registry: &str,
    may_direct: bool,
    direct: D,
    through_engine: E,
) -> Answer
where
    D: FnOnce() -> DF,
    DF: Future<Output = Direct>,
    E: FnOnce() -> EF,
    EF: Future<Output = Answer>,
{
    if may_direct && !not_direct.skips(registry) {
        let asked = direct().await;
        not_direct.note(registry, &asked);
        if let Direct::Answered(answer) = asked {
            return answer;
        }
    }
    through_engine().await
}

/// Asks `question` of `registry`: a tag's as [`direct_or_engine`] does, an item's origin
/// question as [`directly_only`] does.
async fn ask_as<D, DF, E, EF>(
    question: Question,
    not_direct: &NotDirect,
    registry: &str,
    may_direct: bool,
    direct: D,
    through_engine: E,
) -> Answer
where
    D: FnOnce() -> DF,
    DF: Future<Output = Direct>,
    E: FnOnce() -> EF,
    EF: Future<Output = Answer>,
{
    match question {
        Question::Tag => {
            direct_or_engine(not_direct, registry, may_direct, direct, through_engine).await
        }
        Question::Origin => directly_only(not_direct, registry, may_direct, direct).await,
    }
}

/// The origin question ([`Item::origin_question`]), asked directly or not at all
/// ([`Answer::Unasked`]): through the engine it would `GET` the manifest, which Docker Hub
/// counts as a pull, for each image the tag's answer left open. Not asked either of a
/// registry `not_direct` skips. What it gives is not kept in `not_direct`: the item's tag
/// question has counted already, and a second count per item would send the registry's
/// other tags to the engine after half as many failures.
async fn directly_only<D, DF>(
    not_direct: &NotDirect,
    registry: &str,
    may_direct: bool,
    direct: D,
) -> Answer
where
    D: FnOnce() -> DF,
    DF: Future<Output = Direct>,
{
    if !may_direct || not_direct.skips(registry) {
        return Answer::Unasked;
    }
    match direct().await {
        Direct::Answered(answer) => answer,
        Direct::Cannot | Direct::Failed | Direct::TimedOut => Answer::Unasked,
    }
}

/// Asks the registry itself, with a `HEAD` that Docker Hub does not count as a pull.
async fn ask_directly(
    session: &probe::Session,
    name: &str,
    registry: &str,
    auth: Option<&RegistryAuth>,
) -> Direct {
    let Ok(parsed) = ImageRef::parse(name) else {
        return Direct::Failed;
    };
    // A tag, or the digest of the image here (the containerd store's origin question).
    let (path, tag) = (parsed.path(), parsed.pull_tag_or_digest());
    let answer = match probe::manifest_digest_reached(session, registry, path, tag, auth).await {
        probe::Reached::Answered(Some(answer)) => answer,
        // The probe says alike a connection reset and a certificate not trusted, a `503`
        // and a `200` without its digest: passing or not, only repetition tells.
        probe::Reached::Answered(None) | probe::Reached::Unreachable => return Direct::Failed,
        probe::Reached::TimedOut => return Direct::TimedOut,
    };
    Direct::Answered(match answer {
        ManifestAnswer::Digest(digest) => Answer::Digest(digest),
        ManifestAnswer::NotFound => {
            Answer::Failed(UnknownReason::NotFound, not_found(name, Missing::Unknown))
        }
        // Docker Hub answers a question about a repository that does not exist as it
        // answers one about a private repository this login may not read, logged in or not
        // (a login it refuses is refused at its token service, and the engine is asked).
        ManifestAnswer::Unauthorized if registry == "docker.io" => Answer::Failed(
            UnknownReason::NotFound,
            not_found(name, Missing::RepositoryOrPrivate),
        ),
        // A login was sent and not enough: the engine, with the same login, has the last
        // word (a registry whose token service wants more than this question gives).
        ManifestAnswer::Unauthorized if auth.is_some() => return Direct::Cannot,
        ManifestAnswer::Unauthorized => Answer::Failed(
            UnknownReason::Unauthorized,
            Error::Unauthorized {
                registry: registry.to_owned(),
            },
        ),
        ManifestAnswer::RateLimited => Answer::Failed(
            UnknownReason::Other,
            Error::RateLimited {
                registry: registry.to_owned(),
            },
        ),
    })
}

/// `name` (normalised, with its tag) is not on its registry; `missing` says what is not.
fn not_found(name: &str, missing: Missing) -> Error {
    let parsed = ImageRef::parse(name).ok();
    Error::ImageNotFound {
        reference: name.to_owned(),
        repository: parsed
            .as_ref()
            .map(ImageRef::repository)
            .unwrap_or_default(),
        tag: parsed
            .as_ref()
            .map(|p| p.tag_or_latest().to_owned())
            .unwrap_or_default(),
        missing,
    }
}

/// One tag to check.
#[derive(Debug, Clone)]
struct Item {
    /// As `docker images` shows it.
    reference: String,
    image_id: String,
    /// Parsed; `None` when the engine listed a name Imagen cannot parse.
    parsed: Option<ImageRef>,
    /// The local image's digests for this tag's repository; empty: never from a registry.
    local: Vec<String>,
    /// Whether the registry must be asked if it has the image here at all (by its ID) before
    /// its answer for the tag means anything: Docker's containerd image store. There the ID
    /// is a manifest digest that a build has too, and the engine lists a digest for one of
    /// the image's names (`name@ID`) whether it was ever pushed or pulled or not (moby
    /// `daemon/containerd/image_list.go`; `docker image inspect` lists one for every name), so
    /// nothing here tells a download from a build: the registry does.
    ask_origin: bool,
}

impl Item {
    fn new(reference: &str, image_id: &str, repo_digests: &[String]) -> Self {
        let parsed = ImageRef::parse(reference).ok();
        // Podman names what it builds `localhost/…` (no registry there, no port) and lists a
        // digest for every name: that image was built here, whatever its digests say.
        let registry = parsed.as_ref().filter(|p| p.domain() != "localhost");
        let recorded = registry
            .map(|p| local_digests(&p.repository(), repo_digests))
            .unwrap_or_default();
        let (local, ask_origin) = match registry {
            Some(_) if in_containerd_store(image_id, repo_digests) => {
                // The image ID is the digest the registry gives for what was pulled (or
                // pushed) under any of its names.
                let mut local = vec![image_id.to_owned()];
                local.extend(recorded.iter().filter(|d| *d != image_id).cloned());
                (local, true)
            }
            _ => (recorded, false),
        };
        Self {
            reference: reference.to_owned(),
            image_id: image_id.to_owned(),
            parsed,
            local,
            ask_origin,
        }
    }

    /// The name that asks this tag's registry for the image here itself (`repository@ID`),
    /// when it must be asked ([`Item::ask_origin`]).
    fn origin_question(&self) -> Option<String> {
        let parsed = self.parsed.as_ref().filter(|_| self.ask_origin)?;
        Some(format!("{}@{}", parsed.repository(), self.image_id))
    }

    /// The registry's answer for this tag against the image here; `origin` is its answer for
    /// the image here itself (by its ID), when it was asked: whether this image came from
    /// there (or went there) at all.
    fn status(&self, answer: &Answer, origin: Option<&Answer>) -> Outcome {
        let origin = origin.map(Origin::of);
        // The second question failed (too many requests): the tag's answer alone would say
        // "not compared" without the reason, or "made here" on a guess.
        if let Some(Origin::Failed(reason, error)) = origin {
            return unknown(reason, Some(error));
        }
        match answer {
            Answer::Digest(remote) => match compare(&self.local, remote) {
                // Another image under the tag is newer only when the registry has the one here
                // too (the tag moved on from it); else this one may well be made here.
                UpdateStatus::Newer { .. }
                    if self.ask_origin && !matches!(origin, Some(Origin::There)) =>
                {
                    unknown(UnknownReason::OtherOnRegistry, None)
                }
                status => Outcome {
                    status,
                    error: None,
                },
            },
            // Neither the tag nor the image here is there: made here (or loaded).
            Answer::Failed(UnknownReason::NotFound, _)
                if matches!(origin, Some(Origin::NotThere)) =>
            {
                unknown(UnknownReason::NotFromRegistry, None)
            }
            // The image there and its tag gone, or a registry that would not say: the tag's
            // own answer, as on the classic store.
            Answer::Failed(reason, error) => unknown(reason.clone(), Some(error.clone())),
            Answer::Fatal(_) | Answer::Unasked => unknown(UnknownReason::Other, None),
        }
    }

    /// Whether `answer` for this tag leaves the registry to be asked for the image here: on
    /// the containerd store, when the tag names another image there, or none.
    fn needs_origin(&self, answer: &Answer) -> bool {
        self.ask_origin
            && match answer {
                Answer::Digest(remote) => !self.local.contains(remote),
                Answer::Failed(reason, _) => *reason == UnknownReason::NotFound,
                Answer::Fatal(_) | Answer::Unasked => false,
            }
    }

    fn registry(&self) -> String {
        self.parsed
            .as_ref()
            .map_or_else(String::new, |p| p.domain().to_owned())
    }
}

/// What the registry's answer for the image here itself (by its ID, [`Item::origin_question`])
/// says of where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// The registry has it: pulled from there, or pushed there.
    There,
    /// The registry says it does not have it (a `404`: no such manifest, or no such
    /// repository): never pushed there, nor pulled from there.
    NotThere,
    /// The registry would not say, or was not asked (the question goes directly or not at
    /// all): Docker Hub answers about a repository that does not exist as about a private
    /// one (a `401`, logged in or not), so its "no" may be "not yours to see"; and a
    /// registry that wants a login for the image it let the tag's question through without
    /// has said nothing about the image either. The tag's answer stands as it is.
    Untold,
    /// The question failed (too many requests, no answer): that is the tag's answer too.
    Failed(UnknownReason, Error),
}

impl Origin {
    fn of(answer: &Answer) -> Self {
        match answer {
            Answer::Digest(_) => Self::There,
            Answer::Failed(
                UnknownReason::NotFound,
                Error::ImageNotFound {
                    missing: Missing::RepositoryOrPrivate,
                    ..
                },
            ) => Self::Untold,
            Answer::Failed(UnknownReason::NotFound, _) => Self::NotThere,
            Answer::Failed(UnknownReason::Unauthorized, _) | Answer::Unasked => Self::Untold,
            Answer::Failed(reason, error) => Self::Failed(reason.clone(), error.clone()),
            // The whole check fails (kept by the caller).
            Answer::Fatal(_) => Self::Untold,
        }
    }
}

/// The digests in `repo_digests` (`nginx@sha256:…`, as the engine lists them) whose
/// repository normalises to `repository` (`docker.io/library/nginx`).
fn local_digests(repository: &str, repo_digests: &[String]) -> Vec<String> {
    repo_digests
        .iter()
        .filter_map(|d| {
            let parsed = ImageRef::parse(d).ok()?;
            (parsed.repository() == repository)
                .then(|| parsed.digest().map(str::to_owned))
                .flatten()
        })
        .collect()
}

/// Whether the image `image_id` is in Docker's containerd image store, read from its
/// `repo_digests`: there the engine lists it as a digest of one of its names (`web@<ID>`).
fn in_containerd_store(image_id: &str, repo_digests: &[String]) -> bool {
    repo_digests
        .iter()
        .any(|d| crate::images::digest_is_own_id(d, image_id))
}

/// The local digests against the registry's: the same image, or a newer one.
fn compare(local: &[String], remote: &str) -> UpdateStatus {
    if local.iter().any(|d| d == remote) {
        UpdateStatus::Current
    } else {
        UpdateStatus::Newer {
            remote_digest: remote.to_owned(),
        }
    }
}

/// What asking the registry about one tag gave.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    /// The registry's digest for the tag.
    Digest(String),
    /// The registry could not say, and why.
    Failed(UnknownReason, Error),
    /// The engine itself is gone: the whole check fails.
    Fatal(Error),
    /// Not asked: the origin question ([`Question::Origin`]) is asked directly or not at
    /// all, and could not be asked directly. Never the answer to a tag's question.
    Unasked,
}

/// Which question a registry is asked about an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Question {
    /// The tag's digest: directly, else through the engine.
    Tag,
    /// The image here itself, by its ID ([`Item::origin_question`]): directly only.
    Origin,
}

/// How one tag ended, before the problems are gathered.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    status: UpdateStatus,
    /// The error behind an `Unknown` that the registry (or its login) caused; `None` for a
    /// tag not asked because its registry had already failed.
    error: Option<Error>,
}

fn unknown(reason: UnknownReason, error: Option<Error>) -> Outcome {
    Outcome {
        status: UpdateStatus::Unknown { reason },
        error,
    }
}

/// One registry's state while its tags are asked.
#[derive(Default)]
struct RegistryState {
    /// Set by the first answer that stops the questions (unreachable, too many requests),
    /// with its reason: the rest are not asked, and get the same reason.
    down: Option<UnknownReason>,
}

/// Asks about every item: per registry, the login once, then the first question alone,
/// then the rest together; at most `limit` questions at once overall. `creds(registry)`
/// gives the `X-Registry-Auth` value; `ask(name, registry, header, question)` asks about one
/// normalised reference: a tag, or the image itself for an item's [`Item::origin_question`]
/// (after the tag, with its permit). Stopped through `follow`, it answers with the tags
/// answered so far.
async fn run_checks<H, C, CF, A, AF>(
    items: Vec<Item>,
    limit: usize,
    creds: C,
    ask: A,
    follow: Follow<'_>,
) -> Result<UpdateCheck>
where
    H: Clone,
    C: Fn(String) -> CF,
    CF: Future<Output = Result<Option<H>>>,
    A: Fn(String, String, Option<H>, Question) -> AF,
    AF: Future<Output = Answer>,
{
    let semaphore = Semaphore::new(limit.max(1));
    let fatal: Mutex<Option<Error>> = Mutex::new(None);
    let outcomes: Vec<Mutex<Option<Outcome>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let total = u32::try_from(items.len()).unwrap_or(u32::MAX);
    let checked = AtomicU32::new(0);
    // Off while the answers known without a question are set: one report for all of them
    // (thousands of local builds), not one each.
    let reporting = AtomicBool::new(false);
    let report = || {
        (follow.progress)(UpdateProgress {
            checked: checked.load(Ordering::Relaxed),
            total,
        });
    };
    let set = |i: usize, o: Outcome| {
        let was = outcomes[i]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(o);
        if was.is_none() {
            checked.fetch_add(1, Ordering::Relaxed);
            if reporting.load(Ordering::Relaxed) {
                report();
            }
        }
    };

    // Registries in order of first appearance, each with the items it must be asked about.
    let mut registries: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.parsed.is_none() {
            set(
                i,
                unknown(
                    UnknownReason::Other,
                    Some(Error::Protocol {
                        message: format!(
                            "the engine lists a tag Imagen cannot read: {}",
                            item.reference
                        ),
                    }),
                ),
            );
            continue;
        }
        if item.local.is_empty() {
            set(i, unknown(UnknownReason::NotFromRegistry, None));
            continue;
        }
        let registry = item.registry();
        match registries.iter_mut().find(|(r, _)| *r == registry) {
            Some((_, list)) => list.push(i),
            None => registries.push((registry, vec![i])),
        }
    }

    reporting.store(true, Ordering::Relaxed);
    report();

    let states: Vec<Mutex<RegistryState>> = registries.iter().map(|_| Mutex::default()).collect();
    let one = |i: usize, r: usize, header: Option<H>| {
        let item = &items[i];
        let registry = registries[r].0.clone();
        let state = &states[r];
        let name = item
            .parsed
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let semaphore = &semaphore;
        let fatal = &fatal;
        let ask = &ask;
        let set = &set;
        // The answer to a question already out when another stopped the questions (a lost
        // engine, a registry down or saying "too many requests"): the next is not asked.
        let stopped = || {
            if fatal.lock().unwrap_or_else(|e| e.into_inner()).is_some() {
                return Some(unknown(UnknownReason::RegistryUnreachable, None));
            }
            let down = state.lock().unwrap_or_else(|e| e.into_inner()).down.clone();
            down.map(|reason| unknown(reason, None))
        };
        // Keeps what an answer says of the whole check and of its registry.
        let heed = |answer: &Answer| match answer {
            // A registry that is down, or that says "too many requests": its other tags are
            // not asked (each would only count against the limit again).
            Answer::Failed(reason, error)
                if *reason == UnknownReason::RegistryUnreachable
                    || matches!(error, Error::RateLimited { .. }) =>
            {
                state.lock().unwrap_or_else(|e| e.into_inner()).down = Some(reason.clone());
            }
            Answer::Fatal(error) => {
                fatal
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert(error.clone());
            }
            Answer::Digest(_) | Answer::Failed(..) | Answer::Unasked => {}
        };
        async move {
            let Ok(_permit) = semaphore.acquire().await else {
                return;
            };
            if let Some(outcome) = stopped() {
                set(i, outcome);
                return;
            }
            let answer = ask(name, registry.clone(), header.clone(), Question::Tag).await;
            heed(&answer);
            let origin = match item.origin_question() {
                Some(question) if item.needs_origin(&answer) => {
                    if let Some(outcome) = stopped() {
                        set(i, outcome);
                        return;
                    }
                    let origin = ask(question, registry, header, Question::Origin).await;
                    heed(&origin);
                    Some(origin)
                }
                _ => None,
            };
            set(i, item.status(&answer, origin.as_ref()));
        }
    };

    let per_registry = registries
        .iter()
        .enumerate()
        .map(|(r, (registry, indices))| {
            let creds = &creds;
            let one = &one;
            let set = &set;
            async move {
                let header = match creds(registry.clone()).await {
                    Ok(header) => header,
                    Err(error) => {
                        for &i in indices {
                            set(i, unknown(UnknownReason::Other, Some(error.clone())));
                        }
                        return;
                    }
                };
                let Some((&first, rest)) = indices.split_first() else {
                    return;
                };
                one(first, r, header.clone()).await;
                futures_util::future::join_all(rest.iter().map(|&i| one(i, r, header.clone())))
                    .await;
            }
        });
    // Stopping drops the questions still out (and their connections) where they are.
    let stopped = tokio::select! {
        biased;
        _ = follow.cancel.cancelled() => true,
        _ = futures_util::future::join_all(per_registry) => false,
    };

    if let Some(error) = fatal.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(error);
    }
    let mut unchecked = 0u32;
    let (items, outcomes): (Vec<Item>, Vec<Outcome>) = items
        .into_iter()
        .zip(outcomes)
        .filter_map(|(item, o)| {
            match o.into_inner().unwrap_or_else(|e| e.into_inner()) {
                Some(outcome) => Some((item, outcome)),
                // Stopped before its answer: not in the results (no badge says anything).
                None if stopped => {
                    unchecked += 1;
                    None
                }
                None => Some((item, unknown(UnknownReason::Other, None))),
            }
        })
        .unzip();
    let mut check = gather(&items, outcomes);
    check.stopped = stopped;
    check.unchecked = unchecked;
    Ok(check)
}

/// The results in the list's order, and each failing registry once: how many of its tags
/// could not be checked because of it (unreachable, refused login, anything unexpected;
/// not a tag the registry simply does not have) and the first error it gave.
fn gather(items: &[Item], outcomes: Vec<Outcome>) -> UpdateCheck {
    let mut problems: Vec<RegistryProblem> = Vec::new();
    // Per problem: its error is the stand-in, no answer having said what went wrong yet.
    let mut placeholder: Vec<bool> = Vec::new();
    let mut not_found = Vec::new();
    let mut results = Vec::with_capacity(items.len());
    for (i, (item, outcome)) in items.iter().zip(outcomes).enumerate() {
        if let (
            UpdateStatus::Unknown {
                reason: UnknownReason::NotFound,
            },
            Some(error),
        ) = (&outcome.status, &outcome.error)
        {
            not_found.push((i, error.clone()));
        }
        if let UpdateStatus::Unknown { reason } = &outcome.status {
            let counts = matches!(
                reason,
                UnknownReason::RegistryUnreachable
                    | UnknownReason::Unauthorized
                    | UnknownReason::Other
            );
            if counts && item.parsed.is_some() {
                let registry = item.registry();
                match problems.iter().position(|p| p.registry == registry) {
                    Some(at) => {
                        problems[at].tags += 1;
                        // A tag not asked may come before, in the list, the one whose
                        // answer stopped the questions: that answer is the problem.
                        if let (Some(error), true) = (&outcome.error, placeholder[at]) {
                            problems[at].error = error.clone();
                            placeholder[at] = false;
                        }
                    }
                    None => {
                        placeholder.push(outcome.error.is_none());
                        problems.push(RegistryProblem {
                            registry: registry.clone(),
                            tags: 1,
                            error: outcome.error.clone().unwrap_or_else(|| {
                                Error::RegistryUnreachable {
                                    registry,
                                    reason: "an earlier question to it went unanswered".into(),
                                    cause: RegistryCause::Timeout,
                                }
                            }),
                        });
                    }
                }
            }
        }
        results.push(UpdateResult {
            reference: item.reference.clone(),
            image_id: item.image_id.clone(),
            status: outcome.status,
        });
    }
    UpdateCheck {
        results,
        problems,
        not_found,
        ..UpdateCheck::default()
    }
}

/// The engine's answer to `GET /distribution/{name}/json`, the part Imagen reads.
#[derive(Deserialize)]
struct DistributionInspect {
    #[serde(rename = "Descriptor")]
    descriptor: Descriptor,
}

#[derive(Deserialize)]
struct Descriptor {
    digest: String,
}

/// Asks the engine to ask the registry about `name` (normalised, with its tag).
async fn ask_registry(
    engine: &Engine,
    name: &str,
    registry: &str,
    header: Option<String>,
) -> Answer {
    let headers: Vec<(&str, String)> = header
        .map(|h| vec![("X-Registry-Auth", h)])
        .unwrap_or_default();
    let asked = tokio::time::timeout(
        REQUEST_LIMIT,
        engine.distribution_inspect(name, &headers, REQUEST_LIMIT),
    )
    .await;
    match asked {
        Err(_) => timed_out(engine, registry).await,
        Ok(Ok(body)) => match serde_json::from_slice::<DistributionInspect>(&body) {
            Ok(answer) => Answer::Digest(answer.descriptor.digest),
            Err(e) => Answer::Failed(
                UnknownReason::Other,
                Error::Protocol {
                    message: format!("distribution inspect: {e}"),
                },
            ),
        },
        Ok(Err(CallError::Status(status, message))) => {
            let (reason, error) = classify(status, &message, name, registry, headers.is_empty());
            Answer::Failed(reason, error)
        }
        Ok(Err(CallError::Other(error))) => match error {
            Error::EngineTimeout { .. } => timed_out(engine, registry).await,
            e if e.is_connection_failure() => Answer::Fatal(e),
            e => Answer::Failed(UnknownReason::Other, e),
        },
    }
}

/// A registry question got no answer in time. The engine asks the registry, so the silence
/// is the registry's, or the engine's own (frozen, gone): a ping tells them apart, so a
/// stalled engine is reported as such, not as every registry being unreachable.
async fn timed_out(engine: &Engine, registry: &str) -> Answer {
    if let Err(e) = engine.ping().await {
        if e.is_connection_failure() {
            return Answer::Fatal(e);
        }
    }
    Answer::Failed(
        UnknownReason::RegistryUnreachable,
        Error::RegistryUnreachable {
            registry: registry.to_owned(),
            reason: format!("no answer within {} seconds", REQUEST_LIMIT.as_secs()),
            cause: RegistryCause::Timeout,
        },
    )
}

/// The engine's words about a failed registry question, as a reason and an error (the same
/// wording moby's distribution code uses for pulls).
fn classify(
    status: u16,
    message: &str,
    name: &str,
    registry: &str,
    anonymous: bool,
) -> (UnknownReason, Error) {
    let lower = message.to_ascii_lowercase();
    let has = |needle: &str| lower.contains(needle);
    let not_found = |missing: Missing| not_found(name, missing);
    if has("toomanyrequests") || has("too many requests") || has("rate limit") {
        return (
            UnknownReason::Other,
            Error::RateLimited {
                registry: registry.to_owned(),
            },
        );
    }
    // Docker Hub words a missing and a private repository alike, and answers an anonymous
    // question about either with a bare 401: say both, not "log in".
    let hub_anonymous = anonymous && registry == "docker.io" && status == 401;
    if has("may require 'docker login'") || has("may require \"docker login\"") || hub_anonymous {
        return (
            UnknownReason::NotFound,
            not_found(Missing::RepositoryOrPrivate),
        );
    }
    if has("repository does not exist") || has("name unknown") || has("repository name not known") {
        return (UnknownReason::NotFound, not_found(Missing::Repository));
    }
    // Podman's compat API has no `/distribution/{name}/json`: its 404 says the path is not
    // supported, which is nothing about the registry (the tag cannot be compared here).
    if has("is not supported") {
        return (
            UnknownReason::Other,
            Error::EngineRejected {
                status,
                message: message.to_owned(),
            },
        );
    }
    if has("manifest unknown") || has("not found") || status == 404 {
        return (UnknownReason::NotFound, not_found(Missing::Unknown));
    }
    if status == 401 || status == 403 || classify::says_unauthorized(&lower) {
        return (
            UnknownReason::Unauthorized,
            Error::Unauthorized {
                registry: registry.to_owned(),
            },
        );
    }
    // The engine's own limit on the question ("timeout") as well as the registry's words.
    if classify::says_unreachable(&lower) || has("timeout") {
        return (
            UnknownReason::RegistryUnreachable,
            classify::registry_unreachable(registry, message),
        );
    }
    (
        UnknownReason::Other,
        Error::EngineRejected {
            status,
            message: message.to_owned(),
        },
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A registry question that times out blames the registry only when the engine still
    /// answers; a frozen engine ends the whole check as the engine's problem.
    #[tokio::test]
    async fn a_silent_question_is_the_registrys_only_when_the_engine_still_answers() {
        let limits = crate::engine::Limits {
            connect: Duration::from_millis(500),
            ..crate::engine::Limits::default()
        };
        let ask = |name: &'static str, pings: bool| async move {
            let address = crate::engine::fake::silent_but_pinging(name, pings);
            let engine = Engine::connect_with(address, limits).await.unwrap();
            ask_registry(&engine, "registry.test/web:1", "registry.test", None).await
        };
        let (registry_silent, engine_frozen) = tokio::join!(
            ask("updates-registry-silent", true),
            ask("updates-engine-frozen", false)
        );
        assert!(
            matches!(
                registry_silent,
                Answer::Failed(UnknownReason::RegistryUnreachable, _)
            ),
            "{registry_silent:?}"
        );
        assert!(
            matches!(engine_frozen, Answer::Fatal(Error::EngineTimeout { .. })),
            "{engine_frozen:?}"
        );
    }
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// Tags of one registry asked one after the other, the direct questions ending with
    /// `directs` in turn (then answering with digest `d`; the engine answers with `e`): how
    /// many direct and engine questions were asked, whether the registry ended up skipped
    /// for direct questions, and the answers' digests.
    async fn tags_after(directs: Vec<Direct>, tags: usize) -> (usize, usize, bool, Vec<char>) {
        let not_direct = NotDirect::default();
        let (asked_directly, engines) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let mut directs = directs.into_iter();
        let mut answers = Vec::new();
        for _ in 0..tags {
            let engine_answer = || async {
                engines.fetch_add(1, Ordering::SeqCst);
                Answer::Digest(digest('e'))
            };
            let got = direct_or_engine(
                &not_direct,
                "docker.io",
                true,
                || async {
                    asked_directly.fetch_add(1, Ordering::SeqCst);
                    directs
                        .next()
                        .unwrap_or(Direct::Answered(Answer::Digest(digest('d'))))
                },
                engine_answer,
            )
            .await;
            answers.push(match got {
                Answer::Digest(d) if d == digest('d') => 'd',
                Answer::Digest(d) if d == digest('e') => 'e',
                other => panic!("{other:?}"),
            });
        }
        (
            asked_directly.load(Ordering::SeqCst),
            engines.load(Ordering::SeqCst),
            not_direct.skips("docker.io"),
            answers,
        )
    }

    /// [`tags_after`] for two tags, the first one's direct question ending with `first`.
    async fn two_tags_after(first: Direct) -> (usize, usize, bool, Vec<char>) {
        tags_after(vec![first], 2).await
    }

    /// A direct question that timed out (bad Wi-Fi) sends that tag to the engine, but the
    /// registry's next tag is asked directly again: through the engine each tag would be a
    /// manifest `GET`, which Docker Hub counts as a pull.
    #[tokio::test]
    async fn a_timed_out_direct_question_does_not_send_the_other_tags_to_the_engine() {
        assert_eq!(
            two_tags_after(Direct::TimedOut).await,
            (2, 1, false, vec!['e', 'd'])
        );
    }

    /// One direct question that failed (a connection reset, a name that did not resolve, a
    /// `503`, the token service failing once) is a passing problem as often as not: that tag
    /// goes to the engine, the next is asked directly again.
    #[tokio::test]
    async fn a_passing_failure_does_not_send_the_other_tags_to_the_engine() {
        assert_eq!(
            two_tags_after(Direct::Failed).await,
            (2, 1, false, vec!['e', 'd'])
        );
    }

    /// Failures in a row are a way that does not work from here (a registry only the
    /// engine's network reaches): the registry's other tags go to the engine without
    /// asking directly. Timeouts between them neither count nor break the row; an answer
    /// starts it again.
    #[tokio::test]
    async fn failures_in_a_row_send_the_other_tags_to_the_engine() {
        assert_eq!(
            tags_after(vec![Direct::Failed, Direct::Failed], 3).await,
            (2, 3, true, vec!['e', 'e', 'e'])
        );
        assert_eq!(
            tags_after(vec![Direct::Failed, Direct::TimedOut, Direct::Failed], 4).await,
            (3, 4, true, vec!['e', 'e', 'e', 'e'])
        );
        let answer = Direct::Answered(Answer::Digest(digest('d')));
        assert_eq!(
            tags_after(vec![Direct::Failed, answer, Direct::Failed], 4).await,
            (4, 2, false, vec!['e', 'd', 'e', 'd'])
        );
    }

    /// A registry the direct question cannot work for (a login only the engine can use):
    /// its other tags go to the engine without asking directly again.
    #[tokio::test]
    async fn a_registry_that_cannot_be_asked_directly_is_not_asked_directly_again() {
        assert_eq!(
            two_tags_after(Direct::Cannot).await,
            (1, 2, true, vec!['e', 'e'])
        );
    }

    /// An answer is the answer: the engine is not asked.
    #[tokio::test]
    async fn a_direct_answer_does_not_ask_the_engine() {
        let answer = Direct::Answered(Answer::Digest(digest('d')));
        assert_eq!(two_tags_after(answer).await, (2, 0, false, vec!['d', 'd']));
    }

    const ID: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    fn digest(c: char) -> String {
        format!("sha256:{}", c.to_string().repeat(64))
    }

    #[test]
    fn local_digests_are_matched_by_normalised_repository() {
        let digests = vec![
            format!("nginx@{}", digest('a')),
            format!("127.0.0.1:5000/team/app@{}", digest('b')),
            format!("docker.io/library/nginx@{}", digest('c')),
            "garbage".to_owned(),
        ];
        assert_eq!(
            local_digests("docker.io/library/nginx", &digests),
            vec![digest('a'), digest('c')]
        );
        assert_eq!(
            local_digests("127.0.0.1:5000/team/app", &digests),
            vec![digest('b')]
        );
        assert!(local_digests("docker.io/library/redis", &digests).is_empty());
    }

    /// Podman's own builds are `localhost/…`, listed with a digest all the same: built here,
    /// not asked about. A registry on this machine has a port, and is asked.
    #[test]
    fn podmans_localhost_images_were_built_here() {
        let id = digest('d');
        let built = Item::new("localhost/web:1", &id, &[format!("localhost/web@{id}")]);
        assert!(built.local.is_empty());
        let pushed = Item::new(
            "localhost:5000/web:1",
            &id,
            &[format!("localhost:5000/web@{id}")],
        );
        assert_eq!(pushed.local, vec![id]);
    }

    /// Docker's containerd image store: the image ID is a manifest digest, and the engine
    /// lists `name@ID` for one of the image's names whether it was pulled, pushed or only
    /// built (Docker 28.5, API 1.51: `127.0.0.1:5000/local@ID` for a build never pushed). The
    /// ID is compared under every name; the registry is asked for the image itself (by ID)
    /// when the tag names another image there, or none.
    #[test]
    fn the_containerd_store_asks_the_registry_where_the_image_came_from() {
        let x = digest('a');
        let other = Answer::Digest(digest('b'));
        let has_it = Answer::Digest(x.clone());
        let lacks_it = Answer::Failed(
            UnknownReason::NotFound,
            not_found("ok.test/web@x", Missing::Unknown),
        );
        let tag_missing = Answer::Failed(
            UnknownReason::NotFound,
            not_found("ok.test/web:1", Missing::Unknown),
        );
        let status = |item: &Item, answer: &Answer, origin: Option<&Answer>| {
            assert_eq!(item.needs_origin(answer), origin.is_some());
            item.status(answer, origin).status
        };
        // Built, tagged twice: the engine lists a digest for one name only.
        let digests = [format!("ok.test/web@{x}")];
        for (reference, repository) in [
            ("ok.test/web:1", "ok.test/web"),
            ("ok.test/nginx:1.27", "ok.test/nginx"),
        ] {
            let item = Item::new(reference, &x, &digests);
            assert_eq!(item.local, vec![x.clone()]);
            assert_eq!(item.origin_question(), Some(format!("{repository}@{x}")));
            // The same image there: current, nothing more to ask.
            assert_eq!(status(&item, &has_it, None), UpdateStatus::Current);
            // Another image under the tag, and this one there too: an older download (or
            // an earlier push) of it.
            assert_eq!(
                status(&item, &other, Some(&has_it)),
                UpdateStatus::Newer {
                    remote_digest: digest('b')
                }
            );
            // Another image, and this one not there: made here under a taken name.
            assert_eq!(
                status(&item, &other, Some(&lacks_it)),
                UpdateStatus::Unknown {
                    reason: UnknownReason::OtherOnRegistry
                }
            );
            // Neither the tag nor this image there: never pushed, built or loaded here.
            assert_eq!(
                status(&item, &tag_missing, Some(&lacks_it)),
                UpdateStatus::Unknown {
                    reason: UnknownReason::NotFromRegistry
                }
            );
            // The image there, its tag gone.
            assert_eq!(
                status(&item, &tag_missing, Some(&has_it)),
                UpdateStatus::Unknown {
                    reason: UnknownReason::NotFound
                }
            );
            // A registry that would not say (Docker Hub's "no such repository, or private"),
            // or was not asked: the tag's own answer.
            let untold = Answer::Failed(
                UnknownReason::NotFound,
                not_found("ok.test/web@x", Missing::RepositoryOrPrivate),
            );
            for origin in [&untold, &Answer::Unasked] {
                let outcome = item.status(&tag_missing, Some(origin));
                assert_eq!(
                    outcome.status,
                    UpdateStatus::Unknown {
                        reason: UnknownReason::NotFound
                    }
                );
                assert_eq!(
                    outcome.error,
                    Some(not_found("ok.test/web:1", Missing::Unknown))
                );
                assert_eq!(
                    status(&item, &other, Some(origin)),
                    UpdateStatus::Unknown {
                        reason: UnknownReason::OtherOnRegistry
                    }
                );
            }
            // The question about the image failed: that is the answer.
            let limited = Error::RateLimited {
                registry: "ok.test".into(),
            };
            let failed = Answer::Failed(UnknownReason::Other, limited.clone());
            for answer in [&other, &tag_missing] {
                assert_eq!(
                    item.status(answer, Some(&failed)),
                    unknown(UnknownReason::Other, Some(limited.clone()))
                );
            }
        }
        // Podman's own builds stay built here, never asked.
        let podman = Item::new("localhost/web:1", &x, &[format!("localhost/web@{x}")]);
        assert!(podman.local.is_empty());
        assert_eq!(podman.origin_question(), None);
    }

    /// The classic store: the ID is the configuration's digest, never a listed one; only
    /// the repository's own digests count, and they are real downloads: no other question.
    #[test]
    fn the_classic_store_compares_the_repositorys_digests() {
        let digests = [format!("nginx@{}", digest('a'))];
        let nginx = Item::new("nginx:1.27", ID, &digests);
        assert_eq!(nginx.local, vec![digest('a')]);
        let other = Answer::Digest(digest('b'));
        assert!(!nginx.needs_origin(&other));
        assert_eq!(nginx.origin_question(), None);
        assert_eq!(
            nginx.status(&other, None).status,
            UpdateStatus::Newer {
                remote_digest: digest('b')
            }
        );
        assert!(Item::new("web:1", ID, &digests).local.is_empty());
        assert!(!in_containerd_store(ID, &digests));
    }

    /// The whole check on the containerd store (the fake registry has the image here only
    /// under `pushed/…`): a download is current under any name, and newer once the tag moved
    /// on; a build never pushed is built here; a build under a taken name is not called
    /// outdated.
    #[tokio::test]
    async fn a_check_on_the_containerd_store() {
        let x = digest('a');
        let digests = [format!("ok.test/pushed/web@{x}")];
        let items = vec![
            Item::new("ok.test/pushed/web:same", &x, &digests),
            Item::new("ok.test/pushed/web:1", &x, &digests),
            Item::new("ok.test/built:1", &x, &digests),
            Item::new("ok.test/built:missing", &x, &digests),
        ];
        let (check, fake) = run(items).await;
        let statuses: Vec<_> = check
            .unwrap()
            .results
            .into_iter()
            .map(|r| r.status)
            .collect();
        assert_eq!(
            statuses,
            vec![
                UpdateStatus::Current,
                UpdateStatus::Newer {
                    remote_digest: digest('b')
                },
                UpdateStatus::Unknown {
                    reason: UnknownReason::OtherOnRegistry
                },
                UpdateStatus::Unknown {
                    reason: UnknownReason::NotFromRegistry
                },
            ]
        );
        // The tag each time, and the image itself where the tag did not name it.
        let mut asked = fake.asked.lock().unwrap().clone();
        asked.sort();
        assert_eq!(
            asked,
            vec![
                "ok.test/built:1".to_owned(),
                "ok.test/built:missing".to_owned(),
                format!("ok.test/built@{x}"),
                format!("ok.test/built@{x}"),
                "ok.test/pushed/web:1".to_owned(),
                "ok.test/pushed/web:same".to_owned(),
                format!("ok.test/pushed/web@{x}"),
            ]
        );
    }

    /// A registry's answer that `name` is missing: `missing` says what.
    fn missing(name: &str, missing: Missing) -> Answer {
        Answer::Failed(UnknownReason::NotFound, not_found(name, missing))
    }

    /// [`run_answering`], not stopped, with the Terminal record the check writes: each line's
    /// command and whether it is done.
    async fn run_recorded(
        items: Vec<Item>,
        answers: impl Fn(&str) -> Option<Answer>,
    ) -> (UpdateCheck, Vec<String>, Vec<(String, bool)>) {
        let cancel = CancellationToken::new();
        let follow = Follow {
            cancel: &cancel,
            progress: &|_| {},
        };
        let (check, fake) = run_answering(items, follow, answers).await;
        let check = check.unwrap();
        let record = Record::default();
        check.record_into(&record);
        let lines = record
            .entries()
            .into_iter()
            .map(|e| {
                (
                    e.command,
                    matches!(e.status, crate::record::RecordStatus::Done),
                )
            })
            .collect();
        let asked = fake.asked.lock().unwrap().clone();
        (check, asked, lines)
    }

    /// A private Docker Hub repository (or one that does not exist: Hub answers both with the
    /// same `401`) on the containerd store: the image itself gets the same answer as its tag,
    /// which tells nothing of where it came from. Still "no such repository, or private",
    /// with its refused line in the record, as before the origin question; not "made here".
    #[tokio::test]
    async fn a_private_hub_repository_on_the_containerd_store_is_not_found() {
        let x = digest('a');
        let items = vec![Item::new(
            "docker.io/team/secret:1",
            &x,
            &[format!("docker.io/team/secret@{x}")],
        )];
        let (check, asked, lines) = run_recorded(items, |name| {
            name.starts_with("docker.io/team/secret")
                .then(|| missing(name, Missing::RepositoryOrPrivate))
        })
        .await;
        assert_eq!(
            asked,
            vec![
                "docker.io/team/secret:1".to_owned(),
                format!("docker.io/team/secret@{x}")
            ]
        );
        assert_eq!(
            check.results[0].status,
            UpdateStatus::Unknown {
                reason: UnknownReason::NotFound
            }
        );
        // The tag's own answer, not the image's.
        assert_eq!(
            check.not_found,
            vec![(
                0,
                not_found("docker.io/team/secret:1", Missing::RepositoryOrPrivate)
            )]
        );
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        assert_eq!(
            lines,
            vec![(
                "docker buildx imagetools inspect docker.io/team/secret:1".to_owned(),
                false
            )]
        );
    }

    /// The origin question failing is the tag's answer: a registry saying "too many requests"
    /// (or not answering) to it is that registry's problem, and is not asked about its other
    /// tags (each would count against the limit again); not "another image there".
    #[tokio::test]
    async fn a_failed_origin_question_is_the_registrys_problem() {
        let x = digest('a');
        let built = |reference: &str| {
            let repository = reference.rsplit_once(':').unwrap().0;
            Item::new(reference, &x, &[format!("{repository}@{x}")])
        };
        let items = vec![
            built("limited.origin.test/a:1"),
            built("down.origin.test/a:1"),
            built("limited.origin.test/b:1"),
            built("down.origin.test/b:1"),
            built("limited.origin.test/c:1"),
        ];
        // The tags name another image (digest `b`); the image itself gets no answer.
        let (check, mut asked, lines) = run_recorded(items, |name| {
            let registry = name.split('/').next().unwrap().to_owned();
            match registry.as_str() {
                _ if !name.contains('@') => None,
                "limited.origin.test" => Some(Answer::Failed(
                    UnknownReason::Other,
                    Error::RateLimited { registry },
                )),
                _ => Some(Answer::Failed(
                    UnknownReason::RegistryUnreachable,
                    Error::RegistryUnreachable {
                        registry,
                        reason: "connection refused".into(),
                        cause: RegistryCause::Refused,
                    },
                )),
            }
        })
        .await;
        asked.sort();
        assert_eq!(
            asked,
            vec![
                "down.origin.test/a:1".to_owned(),
                format!("down.origin.test/a@{x}"),
                "limited.origin.test/a:1".to_owned(),
                format!("limited.origin.test/a@{x}"),
            ]
        );
        let reasons: Vec<_> = check
            .results
            .iter()
            .map(|r| match &r.status {
                UpdateStatus::Unknown { reason } => reason.clone(),
                other => panic!("{}: {other:?}", r.reference),
            })
            .collect();
        use UnknownReason as U;
        assert_eq!(
            reasons,
            vec![
                U::Other,
                U::RegistryUnreachable,
                U::Other,
                U::RegistryUnreachable,
                U::Other
            ]
        );
        let problems: Vec<_> = check
            .problems
            .iter()
            .map(|p| (&*p.registry, p.tags, &p.error))
            .collect();
        assert!(
            matches!(
                &problems[..],
                [
                    ("limited.origin.test", 3, Error::RateLimited { .. }),
                    ("down.origin.test", 2, Error::RegistryUnreachable { .. })
                ]
            ),
            "{problems:?}"
        );
        // One refused line per registry, none "done".
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|(_, done)| !done), "{lines:?}");
    }

    /// The origin question goes to the registry directly, never through the engine (whose
    /// `GET` of the manifest Docker Hub counts as a pull): one that cannot be asked directly
    /// is not asked. Nor does it count towards sending the registry's tags to the engine.
    #[tokio::test]
    async fn the_origin_question_is_asked_directly_or_not_at_all() {
        let not_direct = NotDirect::default();
        let engines = AtomicUsize::new(0);
        let directs = AtomicUsize::new(0);
        let ask = |question, may_direct, direct: Direct| {
            ask_as(
                question,
                &not_direct,
                "docker.io",
                may_direct,
                || async {
                    directs.fetch_add(1, Ordering::SeqCst);
                    direct
                },
                || async {
                    engines.fetch_add(1, Ordering::SeqCst);
                    Answer::Digest(digest('e'))
                },
            )
        };
        let answered = || Direct::Answered(Answer::Digest(digest('d')));
        // Not to be asked directly (a login only the engine can use): not asked at all.
        assert_eq!(
            ask(Question::Origin, false, answered()).await,
            Answer::Unasked
        );
        assert_eq!(directs.load(Ordering::SeqCst), 0);
        // Asked directly: its answer; failing there, no answer.
        assert_eq!(
            ask(Question::Origin, true, answered()).await,
            Answer::Digest(digest('d'))
        );
        for failed in [Direct::Failed, Direct::TimedOut, Direct::Cannot] {
            assert_eq!(ask(Question::Origin, true, failed).await, Answer::Unasked);
        }
        assert_eq!(engines.load(Ordering::SeqCst), 0);
        assert!(!not_direct.skips("docker.io"));
        // A tag's failure counts once, its origin question's not at all: still asked
        // directly, until the tags fail in a row.
        assert_eq!(
            ask(Question::Tag, true, Direct::Failed).await,
            Answer::Digest(digest('e'))
        );
        assert_eq!(
            ask(Question::Origin, true, Direct::Failed).await,
            Answer::Unasked
        );
        assert!(!not_direct.skips("docker.io"));
        assert_eq!(
            ask(Question::Tag, true, Direct::Failed).await,
            Answer::Digest(digest('e'))
        );
        assert!(not_direct.skips("docker.io"));
        // A registry no longer asked directly gets no origin question.
        let asked = directs.load(Ordering::SeqCst);
        assert_eq!(
            ask(Question::Origin, true, answered()).await,
            Answer::Unasked
        );
        assert_eq!(directs.load(Ordering::SeqCst), asked);
        assert_eq!(engines.load(Ordering::SeqCst), 2);
    }

    /// The classic store: a build named for Docker Hub has no digest, and is not asked about.
    #[tokio::test]
    async fn a_build_on_the_classic_store_asks_nothing() {
        let (check, asked, _) = run_recorded(vec![Item::new("myapp:1", ID, &[])], |_| None).await;
        assert!(asked.is_empty(), "{asked:?}");
        assert_eq!(
            check.results[0].status,
            UpdateStatus::Unknown {
                reason: UnknownReason::NotFromRegistry
            }
        );
        assert!(check.problems.is_empty() && check.not_found.is_empty());
    }

    /// The containerd store: the same build, listed as `myapp@ID`, asks Docker Hub two
    /// questions, the tag then the image itself; both "no such manifest" in a repository
    /// that exists: made here. (Both "no such repository, or private":
    /// [`a_private_hub_repository_on_the_containerd_store_is_not_found`].)
    #[tokio::test]
    async fn a_build_on_the_containerd_store_asks_the_tag_then_the_image() {
        let x = digest('a');
        let items = vec![Item::new("myapp:1", &x, &[format!("myapp@{x}")])];
        let (check, asked, lines) = run_recorded(items, |name| {
            name.starts_with("docker.io/library/myapp")
                .then(|| missing(name, Missing::Unknown))
        })
        .await;
        assert_eq!(
            asked,
            vec![
                "docker.io/library/myapp:1".to_owned(),
                format!("docker.io/library/myapp@{x}")
            ]
        );
        assert_eq!(
            check.results[0].status,
            UpdateStatus::Unknown {
                reason: UnknownReason::NotFromRegistry
            }
        );
        assert!(check.problems.is_empty() && check.not_found.is_empty());
        assert!(lines.is_empty(), "{lines:?}");
    }

    #[test]
    fn the_record_has_a_line_per_answer_and_one_per_silent_registry() {
        let result = |reference: &str, status| UpdateResult {
            reference: reference.into(),
            image_id: format!("sha256:{}", "a".repeat(64)),
            status,
        };
        let unknown = UpdateStatus::Unknown {
            reason: UnknownReason::RegistryUnreachable,
        };
        let check = UpdateCheck {
            results: vec![
                result("nginx:1.27", UpdateStatus::Current),
                // Answered before the registry stopped answering, and a build never asked:
                // neither is the refused line.
                result("127.0.0.1:9/early:1", UpdateStatus::Current),
                result(
                    "127.0.0.1:9/built:1",
                    UpdateStatus::Unknown {
                        reason: UnknownReason::NotFromRegistry,
                    },
                ),
                result("127.0.0.1:9/a:1", unknown.clone()),
                result("127.0.0.1:9/b:2", unknown),
                result(
                    "busybox:latest",
                    UpdateStatus::Newer {
                        remote_digest: digest('c'),
                    },
                ),
                result(
                    "ghcr.io/acme/gone:1",
                    UpdateStatus::Unknown {
                        reason: UnknownReason::NotFound,
                    },
                ),
                // Answered: another image there, whose origin here cannot be told.
                result(
                    "ghcr.io/acme/other:1",
                    UpdateStatus::Unknown {
                        reason: UnknownReason::OtherOnRegistry,
                    },
                ),
            ],
            not_found: vec![(6, not_found("ghcr.io/acme/gone:1", Missing::Unknown))],
            problems: vec![RegistryProblem {
                registry: "127.0.0.1:9".into(),
                tags: 2,
                error: Error::RegistryUnreachable {
                    registry: "127.0.0.1:9".into(),
                    reason: "connection refused".into(),
                    cause: RegistryCause::Refused,
                },
            }],
            ..UpdateCheck::default()
        };
        let record = Record::default();
        check.record_into(&record);
        let lines: Vec<_> = record
            .entries()
            .into_iter()
            .map(|e| {
                (
                    e.command,
                    matches!(e.status, crate::record::RecordStatus::Done),
                )
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    "docker buildx imagetools inspect nginx:1.27".to_owned(),
                    true
                ),
                (
                    "docker buildx imagetools inspect 127.0.0.1:9/early:1".to_owned(),
                    true
                ),
                (
                    "docker buildx imagetools inspect busybox:latest".to_owned(),
                    true
                ),
                (
                    "docker buildx imagetools inspect ghcr.io/acme/gone:1".to_owned(),
                    false
                ),
                (
                    "docker buildx imagetools inspect ghcr.io/acme/other:1".to_owned(),
                    true
                ),
                (
                    "docker buildx imagetools inspect 127.0.0.1:9/a:1".to_owned(),
                    false
                ),
            ]
        );
    }

    #[test]
    fn the_same_digest_is_current_another_is_newer() {
        let local = vec![digest('a'), digest('b')];
        assert_eq!(compare(&local, &digest('b')), UpdateStatus::Current);
        assert_eq!(
            compare(&local, &digest('c')),
            UpdateStatus::Newer {
                remote_digest: digest('c')
            }
        );
    }

    #[test]
    fn engine_words_become_reasons() {
        let r = |status, msg: &str| {
            classify(status, msg, "127.0.0.1:5000/a/b:1", "127.0.0.1:5000", true).0
        };
        use UnknownReason as U;
        assert_eq!(
            r(
                500,
                "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused"
            ),
            U::RegistryUnreachable
        );
        // Conference Wi-Fi, in the words a pull's failures are read with: the registry is
        // then not asked again for each of its tags.
        for words in [
            "Get \"https://ghcr.io/v2/\": net/http: request canceled while waiting for connection",
            "Get \"https://ghcr.io/v2/\": dial tcp: lookup ghcr.io: Temporary failure in name resolution",
            "read tcp 10.0.0.2:51234->1.2.3.4:443: read: connection timed out",
            "Get \"https://ghcr.io/v2/\": unexpected EOF",
        ] {
            assert_eq!(r(500, words), U::RegistryUnreachable, "{words}");
        }
        assert_eq!(
            r(500, "unauthorized: authentication required"),
            U::Unauthorized
        );
        assert_eq!(r(401, "whatever"), U::Unauthorized);
        assert_eq!(r(404, "manifest unknown: manifest unknown"), U::NotFound);
        // Podman, which cannot be asked this way: not a tag missing from its registry.
        assert_eq!(
            r(
                404,
                "Path /v1.41/distribution/nginx:1/json is not supported"
            ),
            U::Other
        );
        assert_eq!(
            r(
                500,
                "errors:\nname unknown: repository name not known to registry"
            ),
            U::NotFound
        );
        assert_eq!(r(500, "toomanyrequests: slow down"), U::Other);
        assert_eq!(r(500, "something new"), U::Other);
        // Docker Hub: an anonymous 401 is a missing or a private repository, not "log in";
        // with a login sent, the login was refused.
        let hub = |anonymous| {
            classify(
                401,
                "unauthorized: authentication required",
                "docker.io/ana/gone:1",
                "docker.io",
                anonymous,
            )
        };
        assert!(matches!(
            hub(true),
            (
                U::NotFound,
                Error::ImageNotFound {
                    missing: Missing::RepositoryOrPrivate,
                    ..
                }
            )
        ));
        assert_eq!(hub(false).0, U::Unauthorized);
        let (reason, error) = classify(
            500,
            "pull access denied for ana/gone, repository does not exist or may require 'docker login'",
            "docker.io/ana/gone:1",
            "docker.io",
            false,
        );
        assert_eq!(reason, U::NotFound);
        assert!(matches!(
            error,
            Error::ImageNotFound {
                missing: Missing::RepositoryOrPrivate,
                ..
            }
        ));
    }

    #[test]
    fn the_record_line_is_docker_buildx_imagetools_inspect() {
        assert_eq!(
            check_command("127.0.0.1:5000/a/b:1"),
            "docker buildx imagetools inspect 127.0.0.1:5000/a/b:1"
        );
        assert_eq!(
            check_command("a b"),
            r#"docker buildx imagetools inspect "a b""#
        );
    }

    fn item(reference: &str, pulled: bool) -> Item {
        let digests = if pulled {
            let repo = reference.rsplit_once(':').map_or(reference, |(r, _)| r);
            vec![format!("{repo}@{}", digest('a'))]
        } else {
            vec![]
        };
        Item::new(reference, ID, &digests)
    }

    /// A fake registry per host: `down.test` refuses, `slow.test` answers after a while,
    /// others answer digest `a` for `…:same` and `b` otherwise. Counts questions per host and
    /// the most in flight at once.
    struct Fake {
        asked: Mutex<Vec<String>>,
        in_flight: AtomicUsize,
        max_in_flight: AtomicUsize,
        logins: AtomicUsize,
    }

    async fn run(items: Vec<Item>) -> (Result<UpdateCheck>, Arc<Fake>) {
        let cancel = CancellationToken::new();
        let follow = Follow {
            cancel: &cancel,
            progress: &|_| {},
        };
        run_followed(items, follow).await
    }

    /// [`run`], reporting to and stopped by `follow`. `stuck.test` never answers.
    async fn run_followed(
        items: Vec<Item>,
        follow: Follow<'_>,
    ) -> (Result<UpdateCheck>, Arc<Fake>) {
        run_answering(items, follow, |_| None).await
    }

    /// [`run`] where `answers(name)`, when it has an answer, is the fake registry's.
    async fn run_answering(
        items: Vec<Item>,
        follow: Follow<'_>,
        answers: impl Fn(&str) -> Option<Answer>,
    ) -> (Result<UpdateCheck>, Arc<Fake>) {
        let fake = Arc::new(Fake {
            asked: Mutex::new(vec![]),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            logins: AtomicUsize::new(0),
        });
        let f = fake.clone();
        let creds = |registry: String| {
            let f = f.clone();
            async move {
                f.logins.fetch_add(1, Ordering::SeqCst);
                if registry == "nologin.test" {
                    return Err(Error::CredentialsUnavailable {
                        registry,
                        message: "helper missing".into(),
                    });
                }
                Ok(Some("header".to_owned()))
            }
        };
        let ask = |name: String, registry: String, header: Option<String>, question| {
            let f = f.clone();
            let answer = answers(&name);
            async move {
                assert_eq!(header.as_deref(), Some("header"));
                // The image itself, by its ID, is the origin question; a tag never is.
                assert_eq!(name.contains('@'), question == Question::Origin, "{name}");
                f.asked.lock().unwrap().push(name.clone());
                let now = f.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                f.max_in_flight.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                if registry == "stuck.test" {
                    std::future::pending::<()>().await;
                }
                f.in_flight.fetch_sub(1, Ordering::SeqCst);
                if let Some(answer) = answer {
                    return answer;
                }
                match registry.as_str() {
                    "down.test" => Answer::Failed(
                        UnknownReason::RegistryUnreachable,
                        Error::RegistryUnreachable {
                            registry,
                            reason: "connection refused".into(),
                            cause: RegistryCause::Refused,
                        },
                    ),
                    "limited.test" => {
                        Answer::Failed(UnknownReason::Other, Error::RateLimited { registry })
                    }
                    "gone.test" => Answer::Fatal(Error::EngineUnreachable {
                        address: "unix:///x".into(),
                        reason: "gone".into(),
                        cause: crate::UnreachableCause::Dropped,
                    }),
                    // The image itself (the containerd store's origin question): only
                    // `pushed/…` has it.
                    _ if name.contains('@') && name.contains("/pushed/") => {
                        Answer::Digest(digest('a'))
                    }
                    _ if name.contains('@') || name.ends_with(":missing") => {
                        Answer::Failed(UnknownReason::NotFound, not_found(&name, Missing::Unknown))
                    }
                    _ if name.ends_with(":same") => Answer::Digest(digest('a')),
                    _ => Answer::Digest(digest('b')),
                }
            }
        };
        let check = run_checks(items, MAX_IN_FLIGHT, creds, ask, follow).await;
        (check, fake)
    }

    /// The progress starts with the tags answered without a question (one report for all
    /// of them), then counts each answer, up to every tag.
    #[tokio::test]
    async fn the_check_says_how_far_it_has_come() {
        let items = vec![
            item("built-here:1", false),
            item("built-here:2", false),
            item("ok.test/a:same", true),
            item("ok.test/b:1", true),
            item("other.test/c:1", true),
        ];
        let reports = Mutex::new(Vec::new());
        let cancel = CancellationToken::new();
        let progress = |p: UpdateProgress| reports.lock().unwrap().push((p.checked, p.total));
        let follow = Follow {
            cancel: &cancel,
            progress: &progress,
        };
        let (check, _) = run_followed(items, follow).await;
        let check = check.unwrap();
        assert!(!check.stopped);
        assert_eq!(check.unchecked, 0);
        assert_eq!(
            reports.into_inner().unwrap(),
            vec![(2, 5), (3, 5), (4, 5), (5, 5)]
        );
    }

    /// Stopped while a registry keeps a question hanging (conference Wi-Fi): the check ends
    /// at once with what was answered, counts the tags left unchecked, and does not call
    /// them a registry's problem.
    #[tokio::test]
    async fn a_stopped_check_answers_with_what_it_has() {
        let items = vec![
            item("stuck.test/a:1", true),
            item("ok.test/a:same", true),
            item("stuck.test/b:1", true),
            item("built-here:1", false),
        ];
        let cancel = CancellationToken::new();
        let answered = tokio::sync::Notify::new();
        let progress = |p: UpdateProgress| {
            // Both tags that can be answered are: stop.
            if p.checked == 2 {
                answered.notify_one();
            }
        };
        let follow = Follow {
            cancel: &cancel,
            progress: &progress,
        };
        let stop = async {
            answered.notified().await;
            cancel.cancel();
        };
        let ((check, fake), ()) = tokio::time::timeout(
            Duration::from_secs(5),
            futures_util::future::join(run_followed(items, follow), stop),
        )
        .await
        .expect("a stopped check ends");
        let check = check.unwrap();
        assert!(check.stopped);
        assert_eq!(check.unchecked, 2);
        let refs: Vec<_> = check.results.iter().map(|r| &*r.reference).collect();
        assert_eq!(refs, vec!["ok.test/a:same", "built-here:1"]);
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        // The registry's first question went alone; the second was never asked.
        let asked = fake.asked.lock().unwrap().clone();
        assert_eq!(
            asked.iter().filter(|n| n.contains("stuck.test")).count(),
            1,
            "{asked:?}"
        );
    }

    /// A registry that says "too many requests" is not asked again in the same check: each
    /// question would count against its limit once more.
    #[tokio::test]
    async fn a_rate_limited_registry_is_asked_once() {
        let items = vec![
            item("limited.test/a:1", true),
            item("limited.test/b:1", true),
            item("limited.test/c:1", true),
        ];
        let (check, fake) = run(items).await;
        let check = check.unwrap();
        assert_eq!(fake.asked.lock().unwrap().len(), 1);
        assert_eq!(check.problems.len(), 1);
        assert_eq!(check.problems[0].tags, 3);
        assert!(matches!(check.problems[0].error, Error::RateLimited { .. }));
        // The tags not asked are not "unreachable": the registry answered, "not now".
        for r in &check.results {
            let reason = UnknownReason::Other;
            assert_eq!(
                r.status,
                UpdateStatus::Unknown { reason },
                "{}",
                r.reference
            );
        }
    }

    /// A tag not asked can come first in the list (questions run side by side): the
    /// registry's problem is still what its answer said, not a stand-in.
    #[test]
    fn a_registrys_problem_is_the_answer_that_stopped_the_questions() {
        let items = vec![
            item("limited.test/a:1", true),
            item("limited.test/b:1", true),
        ];
        let limited = Error::RateLimited {
            registry: "limited.test".into(),
        };
        let check = gather(
            &items,
            vec![
                unknown(UnknownReason::Other, None),
                unknown(UnknownReason::Other, Some(limited.clone())),
            ],
        );
        assert_eq!(check.problems.len(), 1);
        assert_eq!(check.problems[0].tags, 2);
        assert_eq!(check.problems[0].error, limited);
    }

    #[tokio::test]
    async fn an_unreachable_registry_is_asked_once_and_reported_once() {
        let items = vec![
            item("down.test/a:1", true),
            item("ok.test/a:same", true),
            item("down.test/b:1", true),
            item("built-here:1", false),
            item("down.test/c:1", true),
            item("ok.test/b:1", true),
        ];
        let (check, fake) = run(items).await;
        let check = check.unwrap();
        let statuses: Vec<_> = check
            .results
            .iter()
            .map(|r| (&*r.reference, &r.status))
            .collect();
        let unreachable = UpdateStatus::Unknown {
            reason: UnknownReason::RegistryUnreachable,
        };
        assert_eq!(
            statuses,
            vec![
                ("down.test/a:1", &unreachable),
                ("ok.test/a:same", &UpdateStatus::Current),
                ("down.test/b:1", &unreachable),
                (
                    "built-here:1",
                    &UpdateStatus::Unknown {
                        reason: UnknownReason::NotFromRegistry
                    }
                ),
                ("down.test/c:1", &unreachable),
                (
                    "ok.test/b:1",
                    &UpdateStatus::Newer {
                        remote_digest: digest('b')
                    }
                ),
            ]
        );
        let asked = fake.asked.lock().unwrap().clone();
        assert_eq!(
            asked.iter().filter(|n| n.starts_with("down.test/")).count(),
            1,
            "{asked:?}"
        );
        assert!(!asked.iter().any(|n| n.contains("built-here")), "{asked:?}");
        assert_eq!(check.problems.len(), 1, "{:?}", check.problems);
        assert_eq!(check.problems[0].registry, "down.test");
        assert_eq!(check.problems[0].tags, 3);
        assert!(matches!(
            check.problems[0].error,
            Error::RegistryUnreachable { .. }
        ));
        // One login per registry asked (not for the image never pulled).
        assert_eq!(fake.logins.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn no_more_than_four_questions_at_once() {
        let items: Vec<Item> = (0..12)
            .map(|i| item(&format!("r{}.test/app:{i}", i % 3), true))
            .collect();
        let (check, fake) = run(items).await;
        assert_eq!(check.unwrap().results.len(), 12);
        assert_eq!(fake.asked.lock().unwrap().len(), 12);
        let max = fake.max_in_flight.load(Ordering::SeqCst);
        assert!((2..=MAX_IN_FLIGHT).contains(&max), "{max}");
    }

    #[tokio::test]
    async fn a_login_that_cannot_be_read_is_one_problem_and_no_question() {
        let (check, fake) = run(vec![
            item("nologin.test/a:1", true),
            item("nologin.test/b:1", true),
        ])
        .await;
        let check = check.unwrap();
        assert!(fake.asked.lock().unwrap().is_empty());
        assert_eq!(check.problems.len(), 1);
        assert_eq!(check.problems[0].tags, 2);
        assert!(matches!(
            check.problems[0].error,
            Error::CredentialsUnavailable { .. }
        ));
    }

    #[tokio::test]
    async fn a_lost_engine_fails_the_whole_check() {
        let (check, _) = run(vec![item("gone.test/a:1", true), item("ok.test/a:1", true)]).await;
        assert!(matches!(
            check.unwrap_err(),
            Error::EngineUnreachable { .. }
        ));
    }

    #[test]
    fn the_check_can_run_on_any_thread() {
        fn send<T: Send>(_: &T) {}
        let conn = Connection::new(crate::EngineAddress::new("unix:///nonexistent"));
        let fut = check_updates(&conn);
        send(&fut);
    }
}
