//! Following the engine as it changes: `/events`, coalesced into signals the UI refreshes on.
//!
//! Events are hints, the list is the truth: a signal only says *what kind* of thing changed
//! (images, containers), and the UI lists again. [`watch`] subscribes to image and container
//! events and turns a burst (a `docker compose up` of 20 services, a prune of 500 images)
//! into a handful of [`EngineSignal::Changed`]: the first event opens a window that closes
//! after [`QUIET`] without events, or [`BURST_CAP`] after it opened, whichever comes first.
//!
//! When the stream ends or breaks, the engine is gone: one [`EngineSignal::Lost`], then
//! reconnects with backoff ([`FIRST_RETRY`] doubling to [`LAST_RETRY`]); once the stream is
//! open again, one [`EngineSignal::Recovered`] (events during the gap are lost, so the UI
//! refreshes everything). No list is ever polled. Except: a stream that had lived a while
//! and ends cleanly was most likely ended by a proxy's idle limit, so it is reopened at once,
//! replaying from a little before ([`RESUME_MARGIN`]), with one quiet Recovered; only a
//! failure to reopen is a loss.
//!
//! An engine that answers but refuses `/events` (a socket proxy that forbids it) is not
//! lost: one [`EngineSignal::EventsRefused`], so the UI can say that changes made elsewhere
//! no longer show by themselves, and tries again with the same backoff.
//!
//! What "lost" covers: an engine that exits or restarts (its socket closes, the stream ends
//! at once), a socket that goes away, a TCP connection that is reset, and an engine that
//! goes silent with the connection open (a frozen VM, a remote engine behind Wi-Fi that
//! dropped): `/events` has no heartbeat and silence is what an idle engine sends too, so
//! after [`SILENCE`] without a byte the watcher asks `/_ping`, and a call of the app's that
//! loses the engine ([`Connection::forget`]) makes it reopen the stream at once.

use super::calls::CallError;
use super::gateway::BodyStream;
use super::Connection;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::time::Instant;

/// What the app learns about the engine between the user's own actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum EngineSignal {
    /// Images or containers changed (a pull, tag, rmi, run, rm… from anywhere); bursts are
    /// coalesced into one signal. The list is the truth: refresh it.
    Changed {
        /// An image event was among them.
        images: bool,
        /// A container event was among them.
        containers: bool,
    },
    /// The connection to the engine was lost; Imagen is reconnecting.
    Lost {
        /// The address Imagen was connected to.
        address: String,
        /// What went wrong.
        reason: String,
    },
    /// The engine answers again, on a new connection (events during the gap are lost:
    /// refresh everything, and ask who it is: in Automatic the reconnect follows docker,
    /// which may have moved to another engine meanwhile). Also ends [`Self::EventsRefused`].
    Recovered,
    /// The engine answers but refuses its event stream (a socket proxy that forbids
    /// `/events`): lists work, changes made elsewhere are not seen until the list is read
    /// again. Sent once per refusal, and again after a loss (the engine is back, still
    /// refusing); [`Self::Recovered`] follows when the stream opens after all.
    EventsRefused {
        /// The HTTP status of the refusal (403 from a socket proxy).
        status: u16,
        /// The engine's or proxy's message, when it is short plain text (a proxy's HTML
        /// error page is left out).
        message: String,
    },
}

/// The longest refusal message passed on: a proxy's own sentence, not a page.
const LONGEST_MESSAGE: usize = 200;

/// A refusal's message as the UI may show it: plain text of a sentence's length, else
/// nothing (the status says enough).
fn plain_message(message: &str) -> String {
    let message = message.trim();
    if message.starts_with('<') || message.chars().count() > LONGEST_MESSAGE {
        return String::new();
    }
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How long a burst must stay quiet before its signal goes out. A lone `docker tag` is
/// shown 150 ms after it happened, well within the half-second target with room for the
/// UI's list call; `docker compose up` or a prune send their events closer together than
/// this, so they coalesce.
pub const QUIET: Duration = Duration::from_millis(150);

/// The longest a window stays open: a burst that never pauses (500 images pruned one by
/// one) still shows progress at least this often, and the first change of a burst reaches
/// the UI within the half second.
pub const BURST_CAP: Duration = Duration::from_millis(400);

/// The first wait before reconnecting: an engine restart takes about a second, so a few
/// quick tries catch it without hammering a socket that is not there.
pub const FIRST_RETRY: Duration = Duration::from_millis(250);

/// The longest wait between tries (the wait doubles from [`FIRST_RETRY`]): an engine that
/// comes back is seen within five seconds. A stream that lived at least this long counts as
/// a success and the wait starts over; one that ends sooner is a failed try, so a proxy that
/// accepts and hangs up at once cannot make Imagen reconnect in a tight loop.
pub const LAST_RETRY: Duration = Duration::from_secs(5);

/// How long the stream may stay silent before the watcher checks the engine still answers
/// (`/_ping`, one small request: nothing measurable at idle).
pub const SILENCE: Duration = Duration::from_secs(30);

/// How far back a stream reopened after a clean end asks the engine to replay (`since`):
/// a proxy's idle limit (nginx's 60 s, a socket proxy's 10 min) ends a stream that has been
/// silent at least that long, so nothing is replayed then, and the margin covers an engine
/// clock (Docker Desktop's VM) a little behind the host's.
pub const RESUME_MARGIN: Duration = Duration::from_secs(30);

/// One line of the stream longer than this is not an event: the buffer is dropped rather
/// than grown without end.
const LONGEST_LINE: usize = 1 << 20;

/// Follows the engine behind `connection` until the returned future is dropped, reporting
/// through `on_signal`: [`EngineSignal::Changed`] (coalesced), [`EngineSignal::Lost`] once
/// per outage (also when no engine answers at the start), [`EngineSignal::EventsRefused`]
/// once when the engine answers but refuses the stream with a 4xx (again after a loss),
/// [`EngineSignal::Recovered`] when the stream is open again after a loss or a refusal, and
/// when it is open on the engine switched to.
/// Never returns, never panics; drops the connection's cached engine on a loss, so the
/// app's next call reconnects too.
pub async fn watch(connection: &Connection, mut on_signal: impl FnMut(EngineSignal)) {
    let mut switches = connection.switches();
    let mut forgets = connection.forgets();
    let mut delay = FIRST_RETRY;
    // A Lost went out and no Recovered since.
    let mut lost = false;
    // The last stream was dropped while the engine may have changed unseen.
    let mut gap = false;
    // An EventsRefused went out and the stream has not opened since.
    let mut refused = false;
    // A long-lived stream ended cleanly: reopen at once from this time (Unix seconds), on
    // the same connection, without a word unless reopening fails.
    let mut resume: Option<u64> = None;
    loop {
        switches.mark_unchanged();
        forgets.mark_unchanged();
        let generation = connection.generation();
        let since = resume.take();
        let opened = tokio::select! {
            opened = open(connection, since) => opened,
            // Switched while connecting or waiting for the stream (a frozen engine can take
            // its full time limit): the new engine now, and the old one's silence is not
            // blamed on it. The UI lists the new engine as it switches, while this stream
            // is not open yet: signal once it is.
            _ = switches.changed() => {
                delay = FIRST_RETRY;
                gap = true;
                continue;
            }
        };
        let failure = match opened {
            Ok((engine, mut stream)) => {
                // Reopened, after an outage or a call that lost the engine: whatever happened
                // in between is not in the new stream, and the connection was made again,
                // in Automatic to whatever docker uses now, which may be another engine.
                // Reopened after a clean end too (`since`): usually a proxy's idle limit, but
                // a restart behind a socket that stays open (systemd's docker.socket, Docker
                // Desktop's proxy) looks the same and replays nothing of the engine before,
                // so the window reads the list and the engine's facts again, quietly.
                if lost || gap || since.is_some() {
                    on_signal(EngineSignal::Recovered);
                    lost = false;
                }
                gap = false;
                refused = false;
                let opened = Instant::now();
                let ended = tokio::select! {
                    end = follow(&engine, &mut stream, SILENCE, &mut on_signal) => Some(end),
                    // Switched to another engine: follow that one at once. The UI lists it
                    // as it switches, concurrently with the new stream's opening: a change
                    // between that list and the stream would go unseen, so the new stream
                    // signals once it is open, as after any gap.
                    _ = switches.changed() => {
                        gap = true;
                        None
                    }
                    // A call lost the engine: this stream may be dead without knowing it.
                    _ = forgets.changed() => {
                        gap = true;
                        None
                    }
                };
                let lived = opened.elapsed() >= LAST_RETRY;
                if lived {
                    delay = FIRST_RETRY;
                }
                match ended {
                    None => {
                        delay = FIRST_RETRY;
                        continue;
                    }
                    // A proxy's idle limit (or its longest connection) ended a stream that
                    // had worked: not the engine going away. Reopened at once, replaying
                    // what happened meanwhile; an engine that is really gone (a restart ends
                    // the stream cleanly too) refuses the reopening, which is the loss, and
                    // one restarted meanwhile is read again (Recovered, above).
                    Some(End::Closed) if lived => {
                        resume = Some(unix_now().saturating_sub(RESUME_MARGIN.as_secs()));
                        continue;
                    }
                    Some(end) => Some(end.reason()),
                }
            }
            // The engine answers but refuses the stream (a socket proxy that forbids
            // `/events`): lists still work, so it is not "lost", but nothing made elsewhere
            // will show by itself, which the UI must say. Said once, and again when the
            // engine comes back from a loss still refusing (it answers: the UI lists it).
            // Tried again later; whatever changed meanwhile is unseen, so an opened stream
            // signals Recovered.
            // A 5xx is the engine (or its proxy) failing for now, not refusing: retried as
            // before, without a word.
            Err(CallError::Status(status, message)) if (400..500).contains(&status) => {
                if lost || !refused {
                    on_signal(EngineSignal::EventsRefused {
                        status,
                        message: plain_message(&message),
                    });
                    refused = true;
                    lost = false;
                }
                gap = true;
                None
            }
            Err(CallError::Status(..)) => {
                gap = true;
                None
            }
            Err(CallError::Other(e)) => Some(reason_of(&e)),
        };
        if let Some(reason) = failure {
            if connection.generation() != generation {
                delay = FIRST_RETRY;
                continue;
            }
            connection.forget_made_for(generation).await;
            if !lost {
                on_signal(EngineSignal::Lost {
                    address: connection.address().as_str().to_owned(),
                    reason,
                });
                lost = true;
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => delay = (delay * 2).min(LAST_RETRY),
            // A switch while waiting: try the new engine now (and signal once its stream
            // is open, as above).
            _ = switches.changed() => {
                delay = FIRST_RETRY;
                gap = true;
            }
        }
    }
}

/// Connects (reusing the app's engine when it has one) and opens the event stream, from
/// `since` when given.
async fn open(
    connection: &Connection,
    since: Option<u64>,
) -> Result<(super::Engine, BodyStream), CallError> {
    let engine = connection.engine().await?;
    let stream = engine.events_since(since).await?;
    Ok((engine, stream))
}

/// Seconds since the Unix epoch on this computer's clock.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// How a stream ended.
#[derive(Debug, PartialEq, Eq)]
enum End {
    /// The other side ended it cleanly (the engine, or a proxy in between).
    Closed,
    /// It broke, or the engine stopped answering: why.
    Failed(String),
}

impl End {
    fn reason(self) -> String {
        match self {
            End::Closed => "the engine closed the event stream".to_owned(),
            End::Failed(reason) => reason,
        }
    }
}

/// The failure without the address, which [`EngineSignal::Lost`] carries on its own.
fn reason_of(e: &Error) -> String {
    match e {
        Error::EngineUnreachable { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

/// Reads the stream until it ends, emitting coalesced [`EngineSignal::Changed`]; returns how
/// it ended.
async fn follow(
    engine: &super::Engine,
    stream: &mut BodyStream,
    silence: Duration,
    on_signal: &mut impl FnMut(EngineSignal),
) -> End {
    let mut buffer = Vec::new();
    let mut burst: Option<Burst> = None;
    loop {
        let until = burst
            .as_ref()
            .map_or_else(|| Instant::now() + silence, Burst::closes);
        let next = match tokio::time::timeout_at(until, stream.next_chunk()).await {
            Ok(next) => next,
            Err(_) => {
                if let Some(done) = burst.take() {
                    on_signal(done.signal());
                } else if let Err(e) = engine.ping().await {
                    // Silent, and it does not answer a ping either: gone.
                    return End::Failed(reason_of(&e));
                }
                continue;
            }
        };
        let chunk = match next {
            Ok(Some(chunk)) => chunk,
            end => {
                if let Some(done) = burst.take() {
                    on_signal(done.signal());
                }
                return match end {
                    Err(e) => End::Failed(reason_of(&e)),
                    Ok(_) => End::Closed,
                };
            }
        };
        buffer.extend_from_slice(&chunk);
        while let Some(end) = buffer.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = buffer.drain(..=end).collect();
            if let Some(kind) = classify(&line) {
                let now = Instant::now();
                burst.get_or_insert_with(|| Burst::new(now)).add(kind, now);
            }
        }
        if buffer.len() > LONGEST_LINE {
            buffer.clear();
        }
    }
}

/// Events seen since the window opened.
struct Burst {
    opened: Instant,
    last: Instant,
    images: bool,
    containers: bool,
}

impl Burst {
    fn new(now: Instant) -> Self {
        Self {
            opened: now,
            last: now,
            images: false,
            containers: false,
        }
    }

    fn add(&mut self, kind: Kind, now: Instant) {
        self.last = now;
        self.images |= kind.images;
        self.containers |= kind.containers;
    }

    /// When the signal goes out: a quiet spell, or the cap.
    fn closes(&self) -> Instant {
        (self.last + QUIET).min(self.opened + BURST_CAP)
    }

    fn signal(&self) -> EngineSignal {
        EngineSignal::Changed {
            images: self.images,
            containers: self.containers,
        }
    }
}

/// What one event touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kind {
    images: bool,
    containers: bool,
}

/// One event line as the engine writes it. Engines before API 1.22 send only `status`.
#[derive(Deserialize)]
struct Event {
    #[serde(rename = "Type")]
    kind: Option<String>,
    #[serde(rename = "Action")]
    action: Option<String>,
    status: Option<String>,
}

/// Container actions that change nothing Imagen shows: exec and health checks (a container
/// with a health check sends several every interval), attaching, copying, resizing.
const QUIET_CONTAINER_ACTIONS: [&str; 8] = [
    "exec_",
    "health_status",
    "attach",
    "detach",
    "resize",
    "top",
    "archive-path",
    "extract-to-dir",
];

/// Image actions that change nothing on the engine (the image only leaves it).
const QUIET_IMAGE_ACTIONS: [&str; 2] = ["push", "save"];

/// Which list an event line concerns, or `None` for a line that is not an event (skipped)
/// or an action that changes nothing Imagen shows. Unknown actions count: a refresh too
/// many is cheap, a missed one is wrong.
fn classify(line: &[u8]) -> Option<Kind> {
    let event: Event = serde_json::from_slice(line).ok()?;
    let action = event.action.or(event.status).unwrap_or_default();
    let quiet = |list: &[&str]| list.iter().any(|q| action.starts_with(q));
    match event.kind.as_deref() {
        Some("image") if !quiet(&QUIET_IMAGE_ACTIONS) => Some(Kind {
            images: true,
            containers: false,
        }),
        Some("container") if !quiet(&QUIET_CONTAINER_ACTIONS) => Some(Kind {
            images: false,
            containers: true,
        }),
        // An old engine's event names no type: it could be either.
        None if !action.is_empty() && !quiet(&QUIET_CONTAINER_ACTIONS) => Some(Kind {
            images: true,
            containers: true,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMAGES: Kind = Kind {
        images: true,
        containers: false,
    };
    const CONTAINERS: Kind = Kind {
        images: false,
        containers: true,
    };

    #[test]
    fn reads_image_and_container_events_and_skips_the_rest() {
        let tag = br#"{"status":"tag","id":"sha256:1a","Type":"image","Action":"tag","Actor":{"ID":"sha256:1a","Attributes":{"name":"web:2"}},"scope":"local","time":1,"timeNano":1}"#;
        assert_eq!(classify(tag), Some(IMAGES));
        let start = br#"{"Type":"container","Action":"start","Actor":{"ID":"c1"}}"#;
        assert_eq!(classify(start), Some(CONTAINERS));
        let health = br#"{"Type":"container","Action":"health_status: healthy"}"#;
        assert_eq!(classify(health), None);
        let exec = br#"{"Type":"container","Action":"exec_start: sh -c true"}"#;
        assert_eq!(classify(exec), None);
        assert_eq!(classify(br#"{"Type":"image","Action":"push"}"#), None);
        assert_eq!(classify(br#"{"Type":"network","Action":"connect"}"#), None);
        // API < 1.22: no Type, only status.
        let old = br#"{"status":"untag","id":"sha256:1a","time":1}"#;
        assert_eq!(
            classify(old),
            Some(Kind {
                images: true,
                containers: true
            })
        );
        // A line that is not an event is skipped, not fatal.
        assert_eq!(classify(b"not json\n"), None);
        assert_eq!(classify(b"\n"), None);
        assert_eq!(classify(b"{}"), None);
    }

    #[test]
    fn a_burst_closes_after_a_quiet_spell_or_at_the_cap() {
        let t0 = Instant::now();
        let mut burst = Burst::new(t0);
        burst.add(IMAGES, t0);
        assert_eq!(burst.closes(), t0 + QUIET);
        // Events every 100 ms keep it open, but never past the cap.
        for step in 1..10 {
            burst.add(CONTAINERS, t0 + Duration::from_millis(100 * step));
        }
        assert_eq!(burst.closes(), t0 + BURST_CAP);
        assert_eq!(
            burst.signal(),
            EngineSignal::Changed {
                images: true,
                containers: true
            }
        );
        // Within the half-second target, with room for the UI's list call.
        const { assert!(BURST_CAP.as_millis() <= 400 && QUIET.as_millis() < 400) };
    }

    /// A fake engine that answers `/version`, then streams `events` on `/events` in one
    /// write and keeps the stream open.
    async fn fake_engine(name: &str, events: String) -> super::super::EngineAddress {
        use crate::engine::fake::{self, Answer};
        let reply = format!(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{events}\r\n",
            events.len()
        );
        fake::scripted(
            &format!("events-{name}"),
            fake::VERSION_1_41,
            false,
            move |_| Answer::SendThenHang(reply.clone().into_bytes()),
        )
    }

    #[tokio::test]
    async fn a_prune_of_500_images_is_one_signal() {
        let mut events = String::from("not an event\n");
        for i in 0..500 {
            events.push_str(&format!(
                "{{\"Type\":\"image\",\"Action\":\"delete\",\"Actor\":{{\"ID\":\"sha256:{i}\"}}}}\n"
            ));
        }
        events.push_str("{\"Type\":\"container\",\"Action\":\"destroy\"}\n");
        let address = fake_engine("burst", events).await;
        let connection = Connection::new(address.clone());
        let mut seen = Vec::new();
        let _ = tokio::time::timeout(
            QUIET + BURST_CAP + Duration::from_millis(500),
            watch(&connection, |s| seen.push(s)),
        )
        .await;
        if let Some(dir) =
            std::path::Path::new(address.as_str().trim_start_matches("unix://")).parent()
        {
            let _ = std::fs::remove_dir_all(dir);
        }
        assert_eq!(
            seen,
            [EngineSignal::Changed {
                images: true,
                containers: true
            }]
        );
    }

    /// Switched away from an engine whose event stream never opens (a frozen VM accepts
    /// the request and says nothing): the new engine is followed at once, and the old
    /// one's silence is not reported as the new one lost.
    #[tokio::test]
    async fn a_switch_while_the_stream_opens_follows_the_new_engine_at_once() {
        use crate::engine::connection::{Resolver, Target};
        use std::sync::{Arc, Mutex};
        let frozen = crate::engine::fake::silent_but_pinging("events-frozen-open", true);
        let events = "{\"Type\":\"image\",\"Action\":\"pull\"}\n".to_owned();
        let answering = fake_engine("after-switch", events).await;
        let wanted = Arc::new(Mutex::new(frozen));
        let resolver: Resolver = {
            let wanted = wanted.clone();
            Arc::new(move || {
                Ok(Target {
                    endpoint: wanted.lock().unwrap().clone().into(),
                    name: None,
                    socket: None,
                    named_by: None,
                })
            })
        };
        let connection = Connection::resolving(resolver.clone());
        let seen = Mutex::new(Vec::new());
        let watching = watch(&connection, |s| seen.lock().unwrap().push(s));
        let switching = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            *wanted.lock().unwrap() = answering.clone();
            connection.switch(resolver.clone()).await;
            tokio::time::sleep(QUIET + BURST_CAP + Duration::from_millis(700)).await;
        };
        tokio::select! {
            _ = watching => {}
            _ = switching => {}
        }
        assert_eq!(
            *seen.lock().unwrap(),
            [
                // The UI listed the new engine as it switched, before this stream opened.
                EngineSignal::Recovered,
                EngineSignal::Changed {
                    images: true,
                    containers: false
                }
            ]
        );
    }

    /// Switched from one followed engine to another: the UI lists the new engine as it
    /// switches, concurrently with the new stream's opening, so a change between the two
    /// would go unseen; once the new stream is open, one signal makes the UI list again.
    #[tokio::test]
    async fn a_switch_signals_once_the_new_engines_stream_is_open() {
        use crate::engine::connection::{Resolver, Target};
        use crate::engine::fake::{self, Answer};
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::{Arc, Mutex};
        // Open streams that carry no event.
        let quiet = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nd\r\nnot an event\n\r\n";
        let first = fake::scripted("events-switch-a", fake::VERSION_1_41, true, move |_| {
            Answer::SendThenHang(quiet.as_bytes().to_vec())
        });
        let opened = Arc::new(AtomicBool::new(false));
        let second = {
            let opened = opened.clone();
            fake::scripted("events-switch-b", fake::VERSION_1_41, true, move |line| {
                if line.contains("/events") {
                    opened.store(true, Ordering::SeqCst);
                }
                Answer::SendThenHang(quiet.as_bytes().to_vec())
            })
        };
        let wanted = Arc::new(Mutex::new(first));
        let resolver: Resolver = {
            let wanted = wanted.clone();
            Arc::new(move || {
                Ok(Target {
                    endpoint: wanted.lock().unwrap().clone().into(),
                    name: None,
                    socket: None,
                    named_by: None,
                })
            })
        };
        let connection = Connection::resolving(resolver.clone());
        // Each signal, and whether the new engine's stream was open when it went out.
        let seen = Mutex::new(Vec::new());
        let watching = watch(&connection, |s| {
            seen.lock()
                .unwrap()
                .push((s, opened.load(Ordering::SeqCst)))
        });
        let switching = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert!(
                seen.lock().unwrap().is_empty(),
                "{:?}",
                seen.lock().unwrap()
            );
            *wanted.lock().unwrap() = second.clone();
            connection.switch(resolver.clone()).await;
            tokio::time::sleep(Duration::from_millis(700)).await;
        };
        tokio::select! {
            _ = watching => {}
            _ = switching => {}
        }
        assert!(opened.load(Ordering::SeqCst), "the new engine is followed");
        assert_eq!(*seen.lock().unwrap(), [(EngineSignal::Recovered, true)]);
    }

    /// A socket proxy that forbids `/events` (its 403 is an HTML page), then allows it: one
    /// EventsRefused however often it refuses, without the page, then Recovered once the
    /// stream opens (what changed meanwhile was unseen), then the stream's changes.
    #[tokio::test]
    async fn a_refused_event_stream_is_said_once_and_recovered_when_it_opens() {
        use crate::engine::fake::{self, Answer};
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Arc, Mutex};
        let refusals = Arc::new(AtomicUsize::new(0));
        let event = "{\"Type\":\"image\",\"Action\":\"tag\"}\n";
        let stream = format!(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{event}\r\n",
            event.len()
        );
        let address = {
            let refusals = refusals.clone();
            fake::scripted("events-refused", fake::VERSION_1_41, true, move |line| {
                if line.contains("/events") && refusals.fetch_add(1, Ordering::SeqCst) < 3 {
                    Answer::Send(
                        b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: 93\r\n\r\n<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n"
                            .to_vec(),
                    )
                } else {
                    Answer::SendThenHang(stream.clone().into_bytes())
                }
            })
        };
        let connection = Connection::new(address);
        let seen = Mutex::new(Vec::new());
        // Three refusals take 250 + 500 + 1000 ms of backoff.
        let _ = tokio::time::timeout(
            Duration::from_millis(1750) + QUIET + BURST_CAP + Duration::from_millis(500),
            watch(&connection, |s| seen.lock().unwrap().push(s)),
        )
        .await;
        assert!(
            refusals.load(Ordering::SeqCst) >= 4,
            "the stream is tried again"
        );
        assert_eq!(
            *seen.lock().unwrap(),
            [
                EngineSignal::EventsRefused {
                    status: 403,
                    message: String::new()
                },
                EngineSignal::Recovered,
                EngineSignal::Changed {
                    images: true,
                    containers: false
                }
            ]
        );
    }

    /// A proxy failing for now (502 while the engine restarts behind it) is no refusal:
    /// nothing said until the stream opens, then Recovered (what changed meanwhile).
    #[tokio::test]
    async fn a_server_error_on_the_stream_is_retried_without_a_word() {
        use crate::engine::fake::{self, Answer};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let tries = AtomicUsize::new(0);
        let quiet = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nd\r\nnot an event\n\r\n";
        let address = fake::scripted("events-502", fake::VERSION_1_41, true, move |_| {
            if tries.fetch_add(1, Ordering::SeqCst) < 2 {
                Answer::status("502 Bad Gateway", "<html>502</html>")
            } else {
                Answer::SendThenHang(quiet.as_bytes().to_vec())
            }
        });
        let connection = Connection::new(address);
        let mut seen = Vec::new();
        let _ = tokio::time::timeout(
            Duration::from_millis(1500),
            watch(&connection, |s| seen.push(s)),
        )
        .await;
        assert_eq!(seen, [EngineSignal::Recovered]);
    }

    /// The stream ends (the engine restarts behind its proxy), and the engine comes back
    /// refusing the stream: Lost, then EventsRefused, which tells the UI the engine
    /// answers again (no Recovered is coming while it refuses).
    #[tokio::test]
    async fn an_engine_back_from_a_loss_still_refusing_is_said_again() {
        use crate::engine::fake::{self, Answer};
        use std::sync::atomic::{AtomicBool, Ordering};
        let streamed = AtomicBool::new(false);
        let address = fake::scripted("events-lost-refused", fake::VERSION_1_41, true, move |_| {
            if streamed.swap(true, Ordering::SeqCst) {
                Answer::status("403 Forbidden", r#"{"message":"events are not allowed"}"#)
            } else {
                // An open stream that ends at once.
                Answer::Send(
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(),
                )
            }
        });
        let connection = Connection::new(address.clone());
        let mut seen = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), watch(&connection, |s| seen.push(s)))
            .await;
        assert_eq!(
            seen,
            [
                EngineSignal::Lost {
                    address: address.as_str().to_owned(),
                    reason: "the engine closed the event stream".into()
                },
                EngineSignal::EventsRefused {
                    status: 403,
                    message: "events are not allowed".into()
                }
            ]
        );
    }

    #[test]
    fn a_refusal_message_is_kept_only_as_plain_short_text() {
        assert_eq!(
            plain_message("  forbidden by\n the proxy "),
            "forbidden by the proxy"
        );
        assert_eq!(plain_message("<html><body>403</body></html>"), "");
        assert_eq!(plain_message(&"x".repeat(LONGEST_MESSAGE + 1)), "");
    }

    #[tokio::test]
    async fn no_engine_at_the_start_is_one_lost_however_long_it_stays_away() {
        let address = super::super::fake::absent("events-none");
        let connection = Connection::new(address.clone());
        let mut seen = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), watch(&connection, |s| seen.push(s)))
            .await;
        assert_eq!(
            seen,
            [EngineSignal::Lost {
                address: address.as_str().to_owned(),
                reason: super::super::fake::ABSENT_REASON.into()
            }]
        );
    }
}

#[cfg(test)]
mod silent_engine {
    //! An engine that goes silent with its connections open (a frozen VM, a remote engine
    //! whose network dropped): the event stream sends nothing and never ends.
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::engine::{Engine, EngineAddress, Limits};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use tokio::io::AsyncWriteExt;

    /// Answers `/version`; opens `/events` and then sends nothing; answers `/_ping` while
    /// `alive`, and never once it is not (nor anything else).
    async fn fake(alive: Arc<AtomicBool>) -> EngineAddress {
        use crate::engine::fake;
        let (listener, address) = fake::bind("silent");
        fake::serve(listener, move |mut stream, line| {
            let alive = alive.clone();
            async move {
                if line.contains("/version") {
                    let _ = stream
                        .write_all(fake::ok_json(fake::VERSION_1_41).as_bytes())
                        .await;
                } else if line.contains("/events") {
                    let _ = stream
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .await;
                } else if line.contains("/_ping") && alive.load(Ordering::SeqCst) {
                    let _ = stream.write_all(fake::ok_json("OK").as_bytes()).await;
                }
                // Silent from here on, the connection left open.
                std::future::pending::<()>().await;
            }
        });
        address
    }

    #[tokio::test]
    async fn a_silent_stream_is_checked_and_a_silent_engine_is_lost() {
        let alive = Arc::new(AtomicBool::new(true));
        let address = fake(alive.clone()).await;
        let limits = Limits {
            connect: Duration::from_millis(300),
            ..Limits::default()
        };
        let engine = Engine::connect_with(&address, limits).await.unwrap();
        let mut stream = engine.events().await.unwrap();
        let silence = Duration::from_millis(200);
        // Quiet but answering pings: followed on, not lost.
        let mut signals = Vec::new();
        let followed = tokio::time::timeout(
            Duration::from_millis(900),
            follow(&engine, &mut stream, silence, &mut |s| signals.push(s)),
        )
        .await;
        assert!(
            followed.is_err(),
            "an idle engine that answers is followed on"
        );
        // Now it answers nothing: the stream is given up within a silence and a ping.
        alive.store(false, Ordering::SeqCst);
        let reason = tokio::time::timeout(
            Duration::from_secs(5),
            follow(&engine, &mut stream, silence, &mut |s| signals.push(s)),
        )
        .await
        .expect("a silent engine is noticed");
        assert!(
            matches!(&reason, End::Failed(why) if !why.is_empty()),
            "{reason:?}"
        );
        assert!(signals.is_empty(), "{signals:?}");
    }

    /// A proxy between Imagen and the engine (nginx's 60 s idle limit, a socket proxy's 10
    /// min) ends a stream that had worked for a while: reopened at once on the same
    /// connection, replaying from a little before (`since`), and not a loss: no Lost, so no
    /// "Reconnecting…" flash; one Recovered, a quiet read of the list and the engine's facts
    /// (a restart behind a socket that stays open looks the same).
    #[tokio::test]
    async fn a_long_lived_stream_ended_by_a_proxy_is_reopened_from_where_it_stopped() {
        use crate::engine::fake;
        use std::sync::Mutex;
        let opened = Arc::new(Mutex::new(Vec::<String>::new()));
        let (listener, address) = fake::bind("proxy-idle");
        let heard = opened.clone();
        fake::serve(listener, move |mut stream, line| {
            let heard = heard.clone();
            async move {
                if line.contains("/version") {
                    let _ = stream
                        .write_all(fake::ok_json(fake::VERSION_1_41).as_bytes())
                        .await;
                } else if line.contains("/_ping") {
                    let _ = stream.write_all(fake::ok_json("OK").as_bytes()).await;
                } else if line.contains("/events") {
                    let first = {
                        let mut heard = heard.lock().unwrap();
                        heard.push(line.clone());
                        heard.len() == 1
                    };
                    let _ = stream
                        .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .await;
                    if first {
                        // Idle past LAST_RETRY, then the proxy's clean end.
                        tokio::time::sleep(LAST_RETRY + Duration::from_millis(300)).await;
                        let _ = stream.write_all(b"0\r\n\r\n").await;
                        return;
                    }
                }
                std::future::pending::<()>().await;
            }
        });
        let connection = Connection::new(address);
        let mut seen = Vec::new();
        let before = unix_now();
        let _ = tokio::time::timeout(
            LAST_RETRY + Duration::from_millis(1500),
            watch(&connection, |s| seen.push(s)),
        )
        .await;
        assert_eq!(seen, [EngineSignal::Recovered]);
        let opened = opened.lock().unwrap().clone();
        assert_eq!(opened.len(), 2, "{opened:?}");
        assert!(!opened[0].contains("since="), "{}", opened[0]);
        let since: u64 = opened[1]
            .split("since=")
            .nth(1)
            .and_then(|rest| rest.split([' ', '&']).next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("reopened without since: {}", opened[1]));
        assert!(since <= before + LAST_RETRY.as_secs(), "{since}");
        assert!(since + RESUME_MARGIN.as_secs() >= before, "{since}");
    }
}
