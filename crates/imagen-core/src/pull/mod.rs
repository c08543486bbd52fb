//! `docker pull`, with per-layer progress, a real cancel and the right credentials.
//!
//! - Always sends an explicit tag or digest: an empty tag would pull every tag.
//! - Progress is folded from the engine's stream ([`progress`]) and handed to a callback at
//!   most every [`PROGRESS_INTERVAL`], plus once at the end.
//! - Cancel drops the response stream: the engine sees its client go away, aborts the
//!   download and stops fetching from the registry.
//! - Credentials come from the Docker config ([`crate::auth`]) and travel base64url-encoded,
//!   never over an exposed connection (plain HTTP to another machine).
//!   Cancel also stops a credential helper still being asked; a Docker config that cannot be
//!   used, or a credential helper that cannot be found, means an anonymous pull with a
//!   [`PullWarning`] in every progress update.

mod cancel;
pub(crate) mod classify;
pub(crate) mod probe;
mod progress;

pub use cancel::{Claim, PullGuard, PullRegistry};
pub use progress::{LayerProgress, LayerStatus, PullProgress, PullWarning};

use crate::auth::{self, CredentialLookup};
use crate::engine::calls::CallError;
use crate::engine::{encode, next_line, while_answering, Engine};
use crate::error::{Error, Missing, Result, UnreachableCause};
use crate::images::ImageId;
use crate::reference::ImageRef;
use bytes::BytesMut;
use classify::{classify, not_found, Target};
use progress::{Finish, StreamMessage, Tracker};
use serde::Serialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

/// At most this often does progress reach the callback (≈10 updates per second).
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// How a pull ended when it did not fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum PullOutcome {
    /// New layers or a new tag arrived.
    Downloaded {
        /// The reference as pulled, familiar form (`nginx:alpine`).
        reference: String,
        /// The image it now names.
        image_id: Option<ImageId>,
        /// The image the tag named before the pull, when that was another one: the tag moved
        /// (`latest` is a name that moves), and that image stays on disk without it.
        replaced: Option<ImageId>,
        /// The tag named no image before the pull: a first pull. docker still prints
        /// "Downloaded newer image" then; a first-timer asks "newer than what?", so the app
        /// says the image arrived instead. `false` when it named one, or that is not known.
        new_tag: bool,
    },
    /// The engine already had exactly this image.
    UpToDate {
        /// The reference as pulled, familiar form.
        reference: String,
        /// The image it names.
        image_id: Option<ImageId>,
    },
    /// The user cancelled; the engine stopped the transfer.
    Cancelled,
}

/// Choices beside the reference.
#[derive(Debug, Clone, Default)]
pub struct PullOptions {
    /// `os/arch[/variant]`, or `None` for the engine's own platform.
    pub platform: Option<String>,
    /// Where to read credentials; `None` means `$DOCKER_CONFIG` or `~/.docker`.
    pub docker_config: Option<PathBuf>,
}

/// Parses a reference as typed, or says which rule it breaks.
pub fn parse_reference(input: &str) -> Result<ImageRef> {
    ImageRef::parse(input).map_err(|rule| invalid(input, rule))
}

/// Checks a platform string: `os/arch` or `os/arch/variant`, lowercase words.
pub fn validate_platform(platform: &str) -> Result<()> {
    crate::reference::validate_platform(platform).map_err(|rule| invalid(platform, rule))
}

fn invalid(input: &str, rule: crate::reference::ReferenceError) -> Error {
    Error::InvalidReference {
        input: input.to_owned(),
        reason: rule.to_string(),
        rule,
    }
}

/// Pulls `reference`, reporting progress to `on_progress`, until done, failed or cancelled.
pub async fn pull(
    engine: &Engine,
    reference: &ImageRef,
    options: &PullOptions,
    cancel: CancellationToken,
    mut on_progress: impl FnMut(PullProgress),
) -> Result<PullOutcome> {
    if let Some(platform) = &options.platform {
        validate_platform(platform)?;
    }
    let tag = reference.pull_tag_or_digest().to_owned();
    // A credential helper may take a while (a keychain prompt); Cancel stops it too, as
    // dropping the lookup kills the helper.
    // Over an exposed connection (plain HTTP to another machine) the login would travel in
    // clear, so it is not even looked up: no credential helper runs, no keychain prompt.
    let lookup = if engine.is_exposed() {
        CredentialLookup::default()
    } else {
        tokio::select! {
            _ = cancel.cancelled() => return Ok(PullOutcome::Cancelled),
            found = lookup_credentials(reference.domain(), options.docker_config.clone()) => found?,
        }
    };
    let mut tracker = Tracker::new();
    let warnings = [
        lookup
            .config_problem
            .map(|problem| PullWarning::DockerConfigUnreadable {
                path: problem.path,
                problem: problem.problem,
                encoding: problem.encoding,
            }),
        lookup
            .helper_missing
            .map(|helper| PullWarning::CredentialHelperMissing { helper }),
    ];
    let mut warned = false;
    for warning in warnings.into_iter().flatten() {
        tracker.warn(warning);
        warned = true;
    }
    if warned {
        // At once, so the warning shows even if the pull then fails (anonymously).
        on_progress(tracker.snapshot(Instant::now()));
    }
    let target = Target {
        reference: reference.to_string(),
        repository: reference.repository(),
        tag: tag.clone(),
        registry: reference.domain().to_owned(),
        platform: options.platform.clone(),
        engine_platform: engine.info().platform.clone(),
        credentials: lookup.auth,
    };
    let credentials = target.credentials.clone();

    let mut query = format!(
        "fromImage={}&tag={}",
        encode(&target.repository),
        encode(&tag)
    );
    if let Some(platform) = &options.platform {
        query.push_str(&format!("&platform={}", encode(platform)));
    }
    let mut headers = vec![];
    if let Some(auth) = &credentials {
        headers.push(("X-Registry-Auth", auth.header_value()));
    }

    let inspect_ref = match reference.digest() {
        Some(digest) => format!("{}@{digest}", reference.repository()),
        None => format!("{}:{tag}", reference.repository()),
    };
    // What the tag names now, to say afterwards whether the pull moved it (`None` when the
    // look failed: then a Cancel is never read as a finished pull).
    // A stalled engine may take its whole time limit to answer: Cancel does not wait for it.
    let before = tokio::select! {
        _ = cancel.cancelled() => return Ok(PullOutcome::Cancelled),
        r = engine.image_id_of(&inspect_ref) => r.ok(),
    };

    let mut driver = Driver {
        tracker,
        last_emit: None,
        held: false,
        on_progress: &mut on_progress,
    };
    let started = tokio::select! {
        _ = cancel.cancelled() => return Ok(PullOutcome::Cancelled),
        r = engine.create_image(&query, &headers) => r,
    };
    let mut body = match started {
        Ok(body) => body,
        Err(CallError::Status(_, message)) => {
            return Err(refine(classify(&message, &target), &target, &cancel).await)
        }
        Err(CallError::Other(e)) => return Err(e),
    };
    let mut buffer = BytesMut::new();
    loop {
        let held_until = driver.held_until();
        let chunk = tokio::select! {
            _ = cancel.cancelled() => {
                // Closing the connection makes the engine abort, unless it has already
                // finished: the last layer's line arrives before the tag is written.
                drop(body);
                return Ok(after_cancel(engine, &inspect_ref, before.clone(), reference).await);
            }
            // A silent stream is bad Wi-Fi between the engine and the registry, and goes on;
            // an engine that stops answering pings too has frozen, and ends the pull.
            chunk = while_answering(engine, body.next_chunk()) => chunk?,
            // A line folded in but not shown (it came within PROGRESS_INTERVAL of the last
            // update), then nothing: bad Wi-Fi's "Retrying in 5 seconds" must not wait for
            // the next line to be seen. (Reading the body again loses nothing.)
            () = sleep_until(held_until), if held_until.is_some() => {
                driver.flush();
                continue;
            }
        };
        let Some(data) = chunk else { break };
        buffer.extend_from_slice(&data);
        while let Some(line) = next_line(&mut buffer) {
            let msg: StreamMessage =
                serde_json::from_slice(&line).map_err(|e| Error::Protocol {
                    message: format!("pull progress: {e}"),
                })?;
            driver.on_message(&msg, &target, &cancel).await?;
        }
    }

    let Driver {
        mut tracker,
        on_progress,
        ..
    } = driver;
    let now = if tracker.finish().is_some() {
        // The Status line decided the pull: this look only names the image. A Cancel (the
        // engine froze right after that line) lets it go on for AFTER_CANCEL_LOOK at most,
        // not the call's whole time limit; the pull is then reported as what it was,
        // without the image's ID. A healthy engine answers well within that.
        let given_up = async {
            cancel.cancelled().await;
            tokio::time::sleep(AFTER_CANCEL_LOOK).await;
        };
        tokio::select! {
            biased;
            r = engine.image_id_of(&inspect_ref) => r.ok().flatten(),
            () = given_up => None,
        }
    } else if engine.info().podman {
        // Podman's stream always ends without a Status line: this look is its answer.
        engine.image_id_of(&inspect_ref).await.ok().flatten()
    } else {
        // A Docker engine that cut the stream may be gone or frozen: the look gives up soon.
        let look = tokio::time::timeout(AFTER_CANCEL_LOOK, engine.image_id_of(&inspect_ref));
        look.await.ok().and_then(|r| r.ok()).flatten()
    };
    let finish = match tracker.finish().cloned() {
        Some(finish) => finish,
        None => {
            // No closing `Status:` line. Podman never sends one: its pull ends when the
            // image is there. Docker always does, so without it the connection was cut,
            // unless the tag names a new image by now (the tag is written before that
            // line). `before` is `None` when the first look failed: then a tag seen now
            // proves nothing on Docker.
            let finish = match (&before, now.as_deref(), engine.info().podman) {
                (_, None, _) => None,
                (Some(b), Some(n), _) if b.as_deref() != Some(n) => Some(Finish::Downloaded),
                (Some(_), Some(_), true) => Some(Finish::UpToDate),
                (None, Some(_), true) => Some(Finish::Downloaded),
                _ => None,
            };
            let Some(finish) = finish else {
                on_progress(tracker.snapshot(Instant::now()));
                return Err(Error::EngineUnreachable {
                    address: engine.info().address.to_string(),
                    reason: "the engine closed the connection before the pull finished".into(),
                    cause: UnreachableCause::Dropped,
                });
            };
            let short = now.as_deref().map(|id| ImageId::new(id).short().to_owned());
            tracker.finish_as(finish.clone(), short.as_deref());
            finish
        }
    };
    on_progress(tracker.snapshot(Instant::now()));
    let image_id = now.map(ImageId::new);
    let familiar = reference.familiar();
    let new_tag = matches!(before, Some(None));
    Ok(match finish {
        Finish::Downloaded => PullOutcome::Downloaded {
            reference: familiar,
            new_tag,
            replaced: before
                .flatten()
                .filter(|b| {
                    image_id
                        .as_ref()
                        .is_some_and(|now| now.as_str() != b.as_str())
                })
                .map(ImageId::new),
            image_id,
        },
        Finish::UpToDate => PullOutcome::UpToDate {
            reference: familiar,
            image_id,
        },
    })
}

/// Folds messages and throttles progress; shared by both transports.
struct Driver<'a, F: FnMut(PullProgress)> {
    tracker: Tracker,
    last_emit: Option<Instant>,
    /// A message was folded in since the last update sent.
    held: bool,
    on_progress: &'a mut F,
}

/// Until `at` (`None`: forever, for a `select!` branch that is off then).
async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

impl<F: FnMut(PullProgress)> Driver<'_, F> {
    /// When the update held back is due: PROGRESS_INTERVAL after the last one sent.
    fn held_until(&self) -> Option<Instant> {
        self.held
            .then(|| self.last_emit.map(|t| t + PROGRESS_INTERVAL))
            .flatten()
    }

    /// Sends the update held back, if any.
    fn flush(&mut self) {
        if self.held {
            let now = Instant::now();
            (self.on_progress)(self.tracker.snapshot(now));
            self.last_emit = Some(now);
            self.held = false;
        }
    }

    async fn on_message(
        &mut self,
        msg: &StreamMessage,
        target: &Target,
        cancel: &CancellationToken,
    ) -> Result<()> {
        if let Some(err) = msg.error_message() {
            // The last state before the error (the layers as far as they came) is shown too.
            self.flush();
            let said = classify::after_download(classify(err, target), self.tracker.downloaded());
            return Err(refine(said, target, cancel).await);
        }
        let now = Instant::now();
        self.tracker.apply(msg, now);
        if self
            .last_emit
            .is_none_or(|t| now.duration_since(t) >= PROGRESS_INTERVAL)
        {
            (self.on_progress)(self.tracker.snapshot(now));
            self.last_emit = Some(now);
            self.held = false;
        } else {
            self.held = true;
        }
        Ok(())
    }
}

/// Which engine a pull is for: the switch generation when the user asked
/// ([`crate::Connection::generation`]), and the address of the engine they saw the images on,
/// when the window knew it.
#[derive(Debug, Clone, Copy)]
pub struct AskedOn<'a> {
    /// The switch generation read as the request arrived.
    pub generation: u64,
    /// The engine address the window showed.
    pub seen: Option<&'a str>,
}

/// The whole pull as the app starts it: parse the text, register for cancel under
/// `pull_id`, pull through `connection` on the engine it was `asked` on. A pull that waits
/// for a connection while Imagen is switched to another engine (or, in Automatic, reconnects
/// to another one) pulls nothing, with [`Error::EngineSwitched`]: the window files each pull
/// under its engine, and a tag moved on an engine the user was not looking at would go
/// unseen. The registry entry goes away when this returns.
pub async fn pull_text(
    connection: &crate::Connection,
    pulls: &PullRegistry,
    (pull_id, asked): (&str, AskedOn<'_>),
    text: &str,
    platform: Option<String>,
    on_progress: impl FnMut(PullProgress),
) -> Result<PullOutcome> {
    let guard = pulls.register(pull_id)?;
    let reference = parse_reference(text)?;
    let options = PullOptions {
        platform: platform.filter(|p| !p.is_empty() && p != "default"),
        docker_config: None,
    };
    let cancel = guard.token();
    // Connecting to the engine (a Docker Desktop still starting, a remote engine behind bad
    // Wi-Fi) may take its whole limit: a Cancel meanwhile ends the pull at once, as
    // Cancelled. Once the pull is under way, it answers Cancel itself (it looks whether the
    // tag moved first), so from then on this does not cut it short.
    let under_way = std::sync::atomic::AtomicBool::new(false);
    let run = connection.run_on(asked.generation, |engine| {
        let now = engine.info().address.as_str();
        let moved = asked
            .seen
            .is_some_and(|seen| seen != now)
            .then(|| now.to_owned());
        if moved.is_none() {
            under_way.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        let cancel = cancel.clone();
        async move {
            if let Some(to) = moved {
                return Err(Error::EngineSwitched { to: Some(to) });
            }
            pull(&engine, &reference, &options, cancel, on_progress).await
        }
    });
    let cancelled_while_connecting = async {
        cancel.cancelled().await;
        if under_way.load(std::sync::atomic::Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
    };
    let outcome = tokio::select! {
        biased;
        outcome = run => outcome,
        () = cancelled_while_connecting => Ok(PullOutcome::Cancelled),
    };
    drop(guard);
    outcome
}

/// A not-found whose cause the engine did not say: ask the registry, when it is a local
/// one we can reach over plain HTTP (registry 2.x answers "manifest unknown" for both).
/// The pull has already failed; a Cancel during the question (up to two attempts of a few
/// seconds each on bad Wi-Fi) ends it at once with the engine's own, unrefined answer.
async fn refine(err: Error, target: &Target, cancel: &CancellationToken) -> Error {
    if let Error::ImageNotFound {
        missing: Missing::Unknown,
        ..
    } = err
    {
        let path = target
            .repository
            .strip_prefix(&format!("{}/", target.registry))
            .unwrap_or(&target.repository);
        let probe = probe::which_is_missing(&target.registry, path, target.credentials.as_ref());
        let answer = tokio::select! {
            _ = cancel.cancelled() => None,
            answer = probe => answer,
        };
        if let Some(missing) = answer {
            return not_found(target, missing);
        }
    }
    err
}

/// The login for `registry` from the Docker config in `config` (else the CLI's own).
/// Dropping the future kills a credential helper still running.
pub(crate) async fn lookup_credentials(
    registry: &str,
    config: Option<PathBuf>,
) -> Result<CredentialLookup> {
    let Some(dir) = config.or_else(auth::docker_config_dir) else {
        return Ok(CredentialLookup::default());
    };
    auth::credentials_for(&dir, registry)
        .await
        .map_err(|e| Error::CredentialsUnavailable {
            registry: registry.to_owned(),
            message: e.to_string(),
        })
}

/// How long a Cancel waits for the look at the tag: people cancel a stalled engine too,
/// and the answer must not wait for an ordinary call's 30 s.
const AFTER_CANCEL_LOOK: Duration = Duration::from_secs(3);

/// How a pull cancelled mid-stream ended: [`PullOutcome::Cancelled`], unless the tag already
/// names an image it did not name before (`before`: `Some(None)` when it named none, `None`
/// when that is not known). Then the engine had finished before the connection closed, and
/// saying "stopped" would hide that the tag moved (and that the image it named is left
/// without it). A tag the engine writes after this look shows in the live list.
async fn after_cancel(
    engine: &Engine,
    inspect_ref: &str,
    before: Option<Option<String>>,
    reference: &ImageRef,
) -> PullOutcome {
    let Some(before) = before else {
        return PullOutcome::Cancelled;
    };
    let look = tokio::time::timeout(AFTER_CANCEL_LOOK, engine.image_id_of(inspect_ref)).await;
    match look {
        Ok(Ok(Some(now))) if before.as_deref() != Some(now.as_str()) => PullOutcome::Downloaded {
            reference: reference.familiar(),
            image_id: Some(ImageId::new(now)),
            new_tag: before.is_none(),
            replaced: before.map(ImageId::new),
        },
        _ => PullOutcome::Cancelled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a fake engine's pull sends.
    #[derive(Clone, Copy)]
    enum Body {
        /// One progress line, then nothing: a pull under way (or a frozen engine).
        Stalls,
        /// These lines, then the end of the body.
        Ends(&'static [&'static str]),
        /// These lines at once, then nothing.
        SendsThenStalls(&'static [&'static str]),
    }

    /// A fake engine (Podman's compatible API when `podman`) whose pull sends `body`, that
    /// answers pings when `pings`, and whose tag names `before` until the pull has started
    /// and `after` from then on (`None`: no image; [`STALL`], [`FAIL`]: the look hangs, fails).
    fn fake_pull_engine(
        name: &str,
        podman: bool,
        pings: bool,
        body: Body,
        (before, after): (Option<&'static str>, Option<&'static str>),
    ) -> crate::EngineAddress {
        use crate::engine::fake::{self, Answer};
        use std::sync::atomic::{AtomicBool, Ordering};
        let version = if podman {
            r#"{"Version":"5.4.0","ApiVersion":"1.41","Os":"linux","Arch":"amd64","Components":[{"Name":"Podman Engine","Version":"5.4.0"}]}"#
        } else {
            fake::VERSION_1_41
        };
        let started = AtomicBool::new(false);
        fake::scripted(name, version, pings, move |line| {
            if line.starts_with("POST") && line.contains("/images/create") {
                started.store(true, Ordering::SeqCst);
                match body {
                    Body::Stalls => {
                        let progress = r#"{"status":"Downloading","id":"0123456789ab","progressDetail":{"current":1,"total":2}}"#;
                        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
                        let chunk = format!("{:x}\r\n{progress}\n\r\n", progress.len() + 1);
                        Answer::SendThenHang(format!("{head}{chunk}").into_bytes())
                    }
                    Body::SendsThenStalls(lines) => {
                        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
                        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
                        let chunk = format!("{:x}\r\n{body}\r\n", body.len());
                        Answer::SendThenHang(format!("{head}{chunk}").into_bytes())
                    }
                    Body::Ends(lines) => {
                        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
                        Answer::Send(fake::ok_json(&body).into_bytes())
                    }
                }
            } else if line.contains("/images/") && line.contains("/json") {
                let id = if started.load(Ordering::SeqCst) {
                    after
                } else {
                    before
                };
                match id {
                    Some(STALL) => Answer::Hang,
                    Some(FAIL) => {
                        Answer::status("500 Internal Server Error", r#"{"message":"boom"}"#)
                    }
                    Some(id) => Answer::json(&format!(r#"{{"Id":"{id}"}}"#)),
                    None => Answer::no_such_image(),
                }
            } else {
                Answer::Hang
            }
        })
    }

    /// A Docker engine whose pull is under way when it is cancelled (see [`fake_pull_engine`]).
    fn engine_finishing_as_cancelled(
        name: &str,
        before: Option<&'static str>,
        after: Option<&'static str>,
    ) -> crate::EngineAddress {
        fake_pull_engine(name, false, false, Body::Stalls, (before, after))
    }

    async fn cancelled_pull(address: crate::EngineAddress) -> PullOutcome {
        let engine = Engine::connect(address).await.unwrap();
        let reference = ImageRef::parse("localhost:5000/web:latest").unwrap();
        let cancel = CancellationToken::new();
        let trigger = cancel.clone();
        let options = PullOptions::default();
        // Cancel once the engine has sent progress: the pull is under way.
        let outcome = pull(&engine, &reference, &options, cancel, move |_| {
            trigger.cancel()
        });
        tokio::time::timeout(Duration::from_secs(10), outcome)
            .await
            .expect("a cancelled pull ends")
            .unwrap()
    }

    /// "Retrying in 5 seconds" right after the cut "Downloading" line, then nothing for a
    /// while (bad Wi-Fi): it is shown within a moment, not when the next line comes.
    #[tokio::test]
    async fn a_line_held_back_is_shown_when_nothing_follows() {
        const LINES: &[&str] = &[
            r#"{"status":"Downloading","id":"0123456789ab","progressDetail":{"current":1,"total":2}}"#,
            r#"{"status":"Retrying in 5 seconds","id":"0123456789ab","progressDetail":{}}"#,
        ];
        let address = fake_pull_engine(
            "pull-held-line",
            false,
            true,
            Body::SendsThenStalls(LINES),
            (Some(OLD), Some(OLD)),
        );
        let engine = Engine::connect(address).await.unwrap();
        let reference = ImageRef::parse("localhost:5000/web:latest").unwrap();
        let cancel = CancellationToken::new();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (trigger, sink) = (cancel.clone(), seen.clone());
        let options = PullOptions::default();
        let outcome = pull(
            &engine,
            &reference,
            &options,
            cancel,
            move |p: PullProgress| {
                let retrying = p
                    .layers
                    .iter()
                    .any(|l| l.status == progress::LayerStatus::Retrying);
                sink.lock().unwrap().push(retrying);
                if retrying {
                    trigger.cancel();
                }
            },
        );
        let ended = tokio::time::timeout(Duration::from_secs(5), outcome).await;
        assert!(
            ended.is_ok(),
            "the retry was never shown: {:?}",
            seen.lock().unwrap()
        );
        assert_eq!(seen.lock().unwrap().last(), Some(&true));
    }

    /// In the fake: the look at the tag never answers, or fails.
    /// A whole pull of one layer, to its Status line.
    const DONE: &[&str] = &[
        r#"{"status":"Pulling fs layer","progressDetail":{},"id":"aaaaaaaaaaaa"}"#,
        r#"{"status":"Pull complete","progressDetail":{},"id":"aaaaaaaaaaaa"}"#,
        r#"{"status":"Status: Downloaded newer image for localhost:5000/web:latest"}"#,
    ];
    const STALL: &str = "stall";
    const FAIL: &str = "fail";
    const OLD: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    const NEW: &str = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    /// The engine wrote the tag before the cancel reached it: the pull is reported as done,
    /// with the image the tag left, not as "stopped".
    #[tokio::test]
    async fn a_cancel_after_the_tag_moved_says_the_tag_moved() {
        let address = engine_finishing_as_cancelled("pull-late-cancel", Some(OLD), Some(NEW));
        assert_eq!(
            cancelled_pull(address).await,
            PullOutcome::Downloaded {
                reference: "localhost:5000/web:latest".into(),
                image_id: Some(ImageId::new(NEW)),
                replaced: Some(ImageId::new(OLD)),
                new_tag: false,
            }
        );
    }

    #[tokio::test]
    async fn a_cancel_after_a_new_tag_arrived_says_it_arrived() {
        let address = engine_finishing_as_cancelled("pull-late-new", None, Some(NEW));
        assert!(matches!(
            cancelled_pull(address).await,
            PullOutcome::Downloaded { image_id: Some(id), replaced: None, new_tag: true, .. } if id.as_str() == NEW
        ));
    }

    /// Cancel is often pressed because the engine stalls: the look after it gives up soon.
    #[tokio::test]
    async fn a_cancel_on_an_engine_that_stalls_ends_soon() {
        let address = engine_finishing_as_cancelled("pull-cancel-stall", Some(OLD), Some(STALL));
        let started = Instant::now();
        assert_eq!(cancelled_pull(address).await, PullOutcome::Cancelled);
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{:?}",
            started.elapsed()
        );
    }

    /// A Cancel pressed while the first look at the tag hangs (a stalled engine, before any
    /// progress) ends the pull at once, not after that look's time limit.
    #[tokio::test]
    async fn a_cancel_during_the_first_look_ends_at_once() {
        let address =
            engine_finishing_as_cancelled("pull-cancel-first-look", Some(STALL), Some(STALL));
        let engine = Engine::connect(address).await.unwrap();
        let reference = ImageRef::parse("localhost:5000/web:latest").unwrap();
        let cancel = CancellationToken::new();
        let trigger = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            trigger.cancel();
        });
        let options = PullOptions::default();
        let outcome = pull(&engine, &reference, &options, cancel, |_| {});
        let outcome = tokio::time::timeout(Duration::from_secs(5), outcome)
            .await
            .expect("a Cancel during the first look ends the pull")
            .unwrap();
        assert_eq!(outcome, PullOutcome::Cancelled);
    }

    /// When what the tag named before is not known, a tag seen after is no proof of a
    /// finished pull.
    #[tokio::test]
    async fn a_cancel_is_a_cancel_when_the_first_look_failed() {
        let address = engine_finishing_as_cancelled("pull-cancel-unknown", Some(FAIL), Some(NEW));
        assert_eq!(cancelled_pull(address).await, PullOutcome::Cancelled);
    }

    #[tokio::test]
    async fn a_cancel_before_the_tag_moved_is_a_cancel() {
        for (name, before) in [("pull-cancel-kept", Some(OLD)), ("pull-cancel-none", None)] {
            let address = engine_finishing_as_cancelled(name, before, before);
            assert_eq!(
                cancelled_pull(address).await,
                PullOutcome::Cancelled,
                "{name}"
            );
        }
    }

    /// The engine sent its Status line, then froze before the look at the tag answers: a
    /// Cancel ends the wait soon (not after the call's limit), and the pull is what the
    /// Status line said.
    #[tokio::test]
    async fn a_cancel_after_the_status_line_does_not_wait_for_a_frozen_engine() {
        let address = fake_pull_engine(
            "pull-status-then-frozen",
            false,
            false,
            Body::Ends(DONE),
            (Some(OLD), Some(STALL)),
        );
        let engine = Engine::connect(address).await.unwrap();
        let reference = ImageRef::parse("localhost:5000/web:latest").unwrap();
        let cancel = CancellationToken::new();
        let trigger = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            trigger.cancel();
        });
        let options = PullOptions::default();
        let outcome = pull(&engine, &reference, &options, cancel, |_| {});
        let outcome =
            tokio::time::timeout(AFTER_CANCEL_LOOK + Duration::from_millis(1500), outcome)
                .await
                .expect("a Cancel ends the wait for a frozen engine")
                .unwrap();
        assert_eq!(
            outcome,
            PullOutcome::Downloaded {
                reference: "localhost:5000/web:latest".into(),
                image_id: None,
                replaced: None,
                new_tag: false,
            }
        );
    }

    /// A Cancel that comes as the stream ends, on a healthy engine: the pull is reported
    /// with the image the tag names now, so the card can be shown.
    #[tokio::test]
    async fn a_cancel_as_the_stream_ends_keeps_the_image() {
        let address = fake_pull_engine(
            "pull-cancel-at-end",
            false,
            false,
            Body::Ends(DONE),
            (Some(OLD), Some(NEW)),
        );
        assert_eq!(
            cancelled_pull(address).await,
            PullOutcome::Downloaded {
                reference: "localhost:5000/web:latest".into(),
                image_id: Some(ImageId::new(NEW)),
                replaced: Some(ImageId::new(OLD)),
                new_tag: false,
            }
        );
    }

    /// A first pull (the tag named nothing before) says so, apart from a tag that moved:
    /// docker's "Downloaded newer image" asks "newer than what?" of a first-timer.
    #[tokio::test]
    async fn a_first_pull_is_told_apart_from_a_newer_image() {
        let first = fake_pull_engine(
            "pull-first",
            false,
            false,
            Body::Ends(DONE),
            (None, Some(NEW)),
        );
        assert_eq!(
            finished_pull(first).await.0.unwrap(),
            PullOutcome::Downloaded {
                reference: "localhost:5000/web:latest".into(),
                image_id: Some(ImageId::new(NEW)),
                replaced: None,
                new_tag: true,
            }
        );
        let newer = fake_pull_engine(
            "pull-newer",
            false,
            false,
            Body::Ends(DONE),
            (Some(OLD), Some(NEW)),
        );
        assert!(matches!(
            finished_pull(newer).await.0.unwrap(),
            PullOutcome::Downloaded {
                new_tag: false,
                replaced: Some(_),
                ..
            }
        ));
    }

    /// Podman's last line: the image's short ID as if it were a layer (NEW's 12 digits).
    const PODMAN_PULL: &[&str] = &[
        r#"{"status":"Pulling fs layer","progressDetail":{},"id":"aaaaaaaaaaaa"}"#,
        r#"{"status":"Downloading","progressDetail":{"current":5,"total":10},"id":"aaaaaaaaaaaa"}"#,
        r#"{"status":"Download complete","progressDetail":{},"id":"aaaaaaaaaaaa"}"#,
        r#"{"status":"Download complete","progressDetail":{},"id":"222222222222"}"#,
    ];

    async fn finished_pull(address: crate::EngineAddress) -> (Result<PullOutcome>, PullProgress) {
        let engine = Engine::connect(address).await.unwrap();
        let reference = ImageRef::parse("localhost:5000/web:latest").unwrap();
        let mut last = None;
        let options = PullOptions::default();
        let outcome = pull(
            &engine,
            &reference,
            &options,
            CancellationToken::new(),
            |p| last = Some(p),
        );
        let outcome = tokio::time::timeout(Duration::from_secs(10), outcome)
            .await
            .expect("the pull ends");
        (outcome, last.expect("progress was reported"))
    }

    /// Podman never sends a `Status:` line: a pull that ended with the image there is done,
    /// not an engine that went away; its closing line is no layer.
    #[tokio::test]
    async fn a_podman_pull_ends_without_a_status_line() {
        let address = fake_pull_engine(
            "pull-podman-new",
            true,
            false,
            Body::Ends(PODMAN_PULL),
            (Some(OLD), Some(NEW)),
        );
        let (outcome, last) = finished_pull(address).await;
        assert_eq!(
            outcome.unwrap(),
            PullOutcome::Downloaded {
                reference: "localhost:5000/web:latest".into(),
                image_id: Some(ImageId::new(NEW)),
                replaced: Some(ImageId::new(OLD)),
                new_tag: false,
            }
        );
        let ids: Vec<&str> = last.layers.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["aaaaaaaaaaaa"], "the image's own line is no layer");
        assert_eq!(last.fraction, Some(1.0));

        let address = fake_pull_engine(
            "pull-podman-same",
            true,
            false,
            Body::Ends(PODMAN_PULL),
            (Some(NEW), Some(NEW)),
        );
        assert!(matches!(
            finished_pull(address).await.0.unwrap(),
            PullOutcome::UpToDate { image_id: Some(id), .. } if id.as_str() == NEW
        ));
    }

    /// Docker always closes with a `Status:` line: without it the connection was cut, unless
    /// the tag already names the new image.
    #[tokio::test]
    async fn a_docker_pull_cut_before_its_status_line() {
        const CUT: &[&str] = &[
            r#"{"status":"Downloading","progressDetail":{"current":5,"total":10},"id":"aaaaaaaaaaaa"}"#,
        ];
        let address = fake_pull_engine(
            "pull-cut-kept",
            false,
            false,
            Body::Ends(CUT),
            (Some(OLD), Some(OLD)),
        );
        assert!(matches!(
            finished_pull(address).await.0,
            Err(Error::EngineUnreachable {
                cause: UnreachableCause::Dropped,
                ..
            })
        ));
        let address = fake_pull_engine(
            "pull-cut-moved",
            false,
            false,
            Body::Ends(CUT),
            (Some(OLD), Some(NEW)),
        );
        assert!(matches!(
            finished_pull(address).await.0.unwrap(),
            PullOutcome::Downloaded { image_id: Some(id), .. } if id.as_str() == NEW
        ));
    }

    /// Docker Desktop's `"credsStore": "desktop"` with no `docker-credential-desktop` in
    /// reach (an app started from the Finder, Docker Desktop removed): a public image still
    /// pulls, anonymously, and the pull says why it had no login.
    #[tokio::test]
    async fn a_missing_credential_helper_pulls_anonymously_with_a_note() {
        let config =
            std::env::temp_dir().join(format!("imagen-pull-missing-helper-{}", std::process::id()));
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(
            config.join("config.json"),
            r#"{"auths":{"localhost:5000":{}},"credsStore":"imagen-not-installed"}"#,
        )
        .unwrap();
        let address = fake_pull_engine(
            "pull-missing-helper",
            false,
            true,
            Body::Ends(DONE),
            (None, Some(NEW)),
        );
        let engine = Engine::connect(address).await.unwrap();
        let reference = ImageRef::parse("localhost:5000/web:latest").unwrap();
        let options = PullOptions {
            platform: None,
            docker_config: Some(config.clone()),
        };
        let mut last = None;
        let outcome = pull(
            &engine,
            &reference,
            &options,
            CancellationToken::new(),
            |p| last = Some(p),
        );
        let outcome = tokio::time::timeout(Duration::from_secs(10), outcome)
            .await
            .expect("the pull ends");
        let _ = std::fs::remove_dir_all(&config);
        assert!(
            matches!(outcome, Ok(PullOutcome::Downloaded { .. })),
            "{outcome:?}"
        );
        assert_eq!(
            last.expect("progress was reported").warnings,
            [PullWarning::CredentialHelperMissing {
                helper: "imagen-not-installed".into()
            }]
        );
    }

    /// A pull whose engine froze (a paused Docker Desktop VM, a dropped ssh link) ends as
    /// such within two pings, not when the user gives up; one whose engine still answers
    /// goes on (the registry is slow).
    #[tokio::test]
    async fn a_pull_on_a_frozen_engine_ends_and_on_a_slow_registry_goes_on() {
        let limits = crate::engine::Limits {
            connect: Duration::from_millis(300),
            step_watch: Duration::from_millis(200),
            ..crate::engine::Limits::default()
        };
        let reference = ImageRef::parse("localhost:5000/web:latest").unwrap();
        let options = PullOptions::default();
        for (name, pings) in [("pull-frozen", false), ("pull-slow-registry", true)] {
            let engine = Engine::connect_with(
                fake_pull_engine(name, false, pings, Body::Stalls, (None, None)),
                limits,
            )
            .await
            .unwrap();
            let pull = pull(
                &engine,
                &reference,
                &options,
                CancellationToken::new(),
                |_| {},
            );
            let ended = tokio::time::timeout(Duration::from_secs(3), pull).await;
            if pings {
                assert!(ended.is_err(), "a pull whose engine answers goes on");
            } else {
                let result = ended.expect("a frozen engine ends the pull");
                assert!(
                    matches!(result, Err(Error::EngineTimeout { .. })),
                    "{result:?}"
                );
            }
        }
    }

    /// A fake engine that answers pings when `pings`, and starts its answer to a pull only
    /// after `delay` (the registry's DNS, TLS, token and manifest on bad Wi-Fi), or never.
    fn engine_slow_to_start_the_pull(
        name: &str,
        pings: bool,
        delay: Option<Duration>,
    ) -> crate::EngineAddress {
        use crate::engine::fake;
        use tokio::io::AsyncWriteExt;
        const DONE: &str = concat!(
            r#"{"status":"Pulling from web","id":"latest"}"#,
            "\n",
            r#"{"status":"Status: Downloaded newer image for localhost:5000/web:latest"}"#,
            "\n"
        );
        let (listener, address) = fake::bind(name);
        fake::serve(listener, move |mut stream, line| async move {
            let answer = if line.starts_with("GET /version") {
                fake::ok_json(fake::VERSION_1_41)
            } else if line.contains("/_ping") && pings {
                fake::ok_json("\"OK\"")
            } else if line.contains("/images/create") {
                match delay {
                    Some(delay) => {
                        tokio::time::sleep(delay).await;
                        fake::ok_json(DONE)
                    }
                    None => return std::future::pending().await,
                }
            } else if line.contains("/images/") && line.contains("/json") {
                fake::status_json("404 Not Found", r#"{"message":"No such image"}"#)
            } else {
                return std::future::pending().await;
            };
            let _ = stream.write_all(answer.as_bytes()).await;
        });
        address
    }

    /// The engine sends a pull's first byte only once the registry has answered, which on
    /// conference Wi-Fi takes longer than any fixed limit: while the engine answers pings the
    /// pull waits (the registry is slow), and only an engine that stops answering them ends
    /// it as not answering. The limits are short here; the answer comes well after them.
    #[tokio::test]
    async fn a_pull_waits_for_a_slow_registry_and_not_for_a_frozen_engine() {
        let limits = crate::engine::Limits {
            connect: Duration::from_millis(300),
            request: Duration::from_millis(300),
            step_watch: Duration::from_millis(200),
            ..crate::engine::Limits::default()
        };
        let reference = ImageRef::parse("localhost:5000/web:latest").unwrap();
        let options = PullOptions::default();

        let slow = engine_slow_to_start_the_pull(
            "pull-slow-start",
            true,
            Some(Duration::from_millis(2500)),
        );
        let engine = Engine::connect_with(slow, limits).await.unwrap();
        let started = Instant::now();
        let pull_slow = pull(
            &engine,
            &reference,
            &options,
            CancellationToken::new(),
            |_| {},
        );
        let outcome = tokio::time::timeout(Duration::from_secs(10), pull_slow)
            .await
            .expect("the pull ends once the registry has answered");
        assert!(
            matches!(outcome, Ok(PullOutcome::Downloaded { .. })),
            "{outcome:?}"
        );
        assert!(started.elapsed() >= Duration::from_millis(2500));

        let frozen = engine_slow_to_start_the_pull("pull-frozen-start", false, None);
        let engine = Engine::connect_with(frozen, limits).await.unwrap();
        let started = Instant::now();
        let pull_frozen = pull(
            &engine,
            &reference,
            &options,
            CancellationToken::new(),
            |_| {},
        );
        let outcome = tokio::time::timeout(Duration::from_secs(5), pull_frozen)
            .await
            .expect("a frozen engine ends the pull within two pings");
        assert!(
            matches!(outcome, Err(Error::EngineTimeout { .. })),
            "{outcome:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }

    /// A Cancel while Imagen is still connecting to the engine (one that takes the
    /// connection and never answers the handshake) ends the pull at once, as Cancelled, not
    /// as "the engine did not answer" when the handshake's limit is up.
    #[tokio::test]
    async fn a_cancel_while_connecting_ends_the_pull_as_cancelled_at_once() {
        let (listener, address) = crate::engine::fake::bind("pull-cancel-connecting");
        crate::engine::fake::serve(listener, |stream, _line| async move {
            let _held = stream;
            std::future::pending::<()>().await
        });
        let connection = crate::Connection::new(address);
        let pulls = PullRegistry::default();
        let started = Instant::now();
        let asked = AskedOn {
            generation: connection.generation(),
            seen: None,
        };
        let pull = pull_text(
            &connection,
            &pulls,
            ("p1", asked),
            "nginx:1.27",
            None,
            |_| {},
        );
        let cancel = async {
            // Once the pull is registered (at its first poll), as the app's Cancel finds it.
            while !pulls.cancel("p1") {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        };
        let outcome = tokio::time::timeout(Duration::from_secs(3), async {
            tokio::select! {
                outcome = pull => outcome,
                () = cancel => unreachable!(),
            }
        })
        .await
        .expect("a Cancel while connecting ends the pull at once");
        assert_eq!(outcome, Ok(PullOutcome::Cancelled));
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    /// A pull asked while the window showed another engine than the one Imagen reaches (in
    /// Automatic, docker's context moved while the engine was away) pulls nothing there, and
    /// names the engine Imagen is on now.
    #[tokio::test]
    async fn a_pull_asked_on_another_engine_pulls_nothing_here() {
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let seen = asked.clone();
        let address =
            crate::engine::fake::scripted("pull-moved", crate::engine::fake::VERSION_1_41, true, {
                move |line| {
                    seen.lock().unwrap().push(line.to_owned());
                    crate::engine::fake::Answer::Hang
                }
            });
        let connection = crate::Connection::new(address.clone());
        let pulls = PullRegistry::default();
        let on = AskedOn {
            generation: connection.generation(),
            seen: Some("unix:///run/the-engine-before.sock"),
        };
        let outcome = tokio::time::timeout(
            Duration::from_secs(3),
            pull_text(&connection, &pulls, ("p1", on), "nginx:1.27", None, |_| {}),
        )
        .await
        .expect("refused without waiting for the engine");
        assert_eq!(
            outcome,
            Err(Error::EngineSwitched {
                to: Some(address.as_str().to_owned())
            })
        );
        let lines = asked.lock().unwrap().clone();
        assert!(lines.iter().all(|l| !l.contains("/images/")), "{lines:?}");
    }

    /// A not-found the engine did not explain sends Imagen to ask the registry; on bad Wi-Fi
    /// that question may hang for two attempts. Cancel ends it at once, with the engine's
    /// own answer (the pull had failed already).
    #[tokio::test]
    async fn a_cancel_while_the_registry_is_asked_ends_at_once() {
        // A registry that takes the connection and never answers.
        let registry = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = registry.local_addr().unwrap().port();
        tokio::spawn(async move {
            let mut held = vec![];
            while let Ok((socket, _)) = registry.accept().await {
                held.push(socket);
            }
        });
        const UNKNOWN: &[&str] =
            &[r#"{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}"#];
        let address = fake_pull_engine(
            "pull-cancel-probe",
            false,
            true,
            Body::Ends(UNKNOWN),
            (None, None),
        );
        let engine = Engine::connect(address).await.unwrap();
        let reference = ImageRef::parse(&format!("127.0.0.1:{port}/web:latest")).unwrap();
        let cancel = CancellationToken::new();
        let trigger = cancel.clone();
        let started = Instant::now();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(400)).await;
            trigger.cancel();
        });
        let options = PullOptions::default();
        let outcome = pull(&engine, &reference, &options, cancel, |_| {});
        let outcome = tokio::time::timeout(Duration::from_secs(3), outcome)
            .await
            .expect("a Cancel during the registry's question ends the pull");
        assert!(
            started.elapsed() >= Duration::from_millis(400),
            "the registry was being asked when Cancel came"
        );
        assert!(
            matches!(
                outcome,
                Err(Error::ImageNotFound {
                    missing: Missing::Unknown,
                    ..
                })
            ),
            "{outcome:?}"
        );
    }

    #[test]
    fn validates_platforms() {
        assert!(validate_platform("linux/amd64").is_ok());
        assert!(validate_platform("linux/arm/v7").is_ok());
        for bad in [
            "linux",
            "linux/",
            "Linux/amd64",
            "linux/amd64/v8/x",
            "linux amd64",
            "",
        ] {
            assert!(validate_platform(bad).is_err(), "{bad}");
        }
    }
}
