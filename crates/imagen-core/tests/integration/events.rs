//! Live updates: [`watch`] on the private engine. A change made with the docker CLI arrives as
//! a signal, a burst of them as a handful, and an engine that dies and comes back as `Lost`
//! then `Recovered` (through a unix-socket proxy that plays the dying engine: the real
//! private engine is shared with the other tests and stays up).

use crate::support::{docker, private_engine};
use imagen_core::engine::{watch, EngineSignal, LAST_RETRY};
use imagen_core::{Connection, EngineAddress};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::task::JoinHandle;

const FIXTURE: &str = "imagen-fixture/busybox:latest";

/// An outer limit for each test: if it fires, something hung.
const HUNG: Duration = Duration::from_secs(90);

/// A name no other test (or earlier run) uses.
fn unique(what: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "imagen-events/{what}:{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

/// The docker CLI off the async threads (it blocks).
async fn cli(args: Vec<String>) {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        docker(&args);
    })
    .await
    .unwrap();
}

async fn tag(name: &str) {
    cli(vec!["tag".into(), FIXTURE.into(), name.into()]).await;
}

async fn untag(name: &str) {
    cli(vec!["rmi".into(), name.into()]).await;
}

/// A watcher on `connection`, its signals with the time they arrived.
struct Watcher {
    signals: UnboundedReceiver<(Instant, EngineSignal)>,
    task: JoinHandle<()>,
}

impl Watcher {
    fn start(connection: Connection) -> Self {
        Self::start_shared(std::sync::Arc::new(connection))
    }

    /// A watcher on a connection the test keeps using too.
    fn start_shared(connection: std::sync::Arc<Connection>) -> Self {
        let (tx, signals) = unbounded_channel();
        let task = tokio::spawn(async move {
            watch(&connection, |signal| {
                let _ = tx.send((Instant::now(), signal));
            })
            .await;
        });
        Self { signals, task }
    }

    /// The next signal within `limit`, or `None`.
    async fn next(&mut self, limit: Duration) -> Option<(Instant, EngineSignal)> {
        tokio::time::timeout(limit, self.signals.recv())
            .await
            .ok()
            .flatten()
    }

    /// The next image change within `limit` (container changes from other tests skipped).
    async fn next_image_change(&mut self, limit: Duration) -> Option<Instant> {
        let until = Instant::now() + limit;
        while let Some((at, signal)) = self
            .next(until.saturating_duration_since(Instant::now()))
            .await
        {
            match signal {
                EngineSignal::Changed { images: true, .. } => return Some(at),
                EngineSignal::Changed { .. } => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        None
    }

    /// Everything that arrives until `quiet` passes without a signal.
    async fn drain(&mut self, quiet: Duration) -> Vec<EngineSignal> {
        let mut seen = Vec::new();
        while let Some((_, signal)) = self.next(quiet).await {
            seen.push(signal);
        }
        seen
    }

    /// Waits until the stream is open: the watcher says nothing when it connects, so tag a
    /// probe until its change comes through (the first one almost always does).
    async fn wait_until_open(&mut self) {
        for _ in 0..10 {
            let probe = unique("probe");
            tag(&probe).await;
            let seen = self.next_image_change(Duration::from_secs(1)).await;
            untag(&probe).await;
            self.drain(Duration::from_millis(600)).await;
            if seen.is_some() {
                return;
            }
        }
        panic!("the watcher never reported a change");
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tag_made_elsewhere_arrives_within_two_seconds() {
    tokio::time::timeout(HUNG, async {
        let mut watcher = Watcher::start(private_engine());
        watcher.wait_until_open().await;
        let name = unique("tagged");
        let before = Instant::now();
        tag(&name).await;
        let tagged = Instant::now();
        let arrived = watcher.next_image_change(Duration::from_secs(2)).await;
        untag(&name).await;
        let arrived = arrived.expect("no image change within 2 s of `docker tag`");
        eprintln!(
            "docker tag took {:?}; its signal came {:?} after it returned",
            tagged - before,
            arrived.saturating_duration_since(tagged)
        );
        assert!(arrived.saturating_duration_since(tagged) < Duration::from_secs(2));
    })
    .await
    .expect("hung");
}

/// Tags (and then untags) this many names, one CLI call after another: 200 events.
const BURST: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_tags_and_untags_coalesces_into_a_handful_of_signals() {
    tokio::time::timeout(HUNG, async {
        let mut watcher = Watcher::start(private_engine());
        watcher.wait_until_open().await;
        let names: Vec<String> = (0..BURST).map(|_| unique("burst")).collect();
        let started = Instant::now();
        for name in &names {
            tag(name).await;
        }
        for name in &names {
            untag(name).await;
        }
        let commands = started.elapsed();
        let signals = watcher.drain(Duration::from_secs(1)).await;
        let events = 2 * BURST;
        eprintln!(
            "{events} events from {} docker commands in {commands:?} became {} signals",
            2 * BURST,
            signals.len()
        );
        assert!(
            signals
                .iter()
                .all(|s| matches!(s, EngineSignal::Changed { .. })),
            "{signals:?}"
        );
        assert!(
            signals
                .iter()
                .any(|s| matches!(s, EngineSignal::Changed { images: true, .. })),
            "{signals:?}"
        );
        assert!(
            !signals.is_empty() && signals.len() <= events / 5,
            "{} signals for {events} events",
            signals.len()
        );
    })
    .await
    .expect("hung");
}

/// A unix socket in front of the private engine that can die: [`Proxy::die`] drops every
/// connection it carries and stops listening (connecting is then refused, as with a dockerd
/// that exited); [`Proxy::revive`] listens again.
struct Proxy {
    path: PathBuf,
    target: PathBuf,
    serving: Option<JoinHandle<()>>,
}

impl Proxy {
    fn start() -> Self {
        let engine = private_engine();
        let target = PathBuf::from(engine.address().as_str().trim_start_matches("unix://"));
        let dir = std::env::temp_dir().join(format!("imagen-events-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut proxy = Self {
            path: dir.join("docker.sock"),
            target,
            serving: None,
        };
        proxy.revive();
        proxy
    }

    fn address(&self) -> EngineAddress {
        EngineAddress::new(format!("unix://{}", self.path.display()))
    }

    fn revive(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let listener = UnixListener::bind(&self.path).unwrap();
        let target = self.target.clone();
        self.serving = Some(tokio::spawn(async move {
            // Dropping this set (when the task is aborted) drops every relayed connection.
            let mut relays = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok((client, _)) => {
                            relays.spawn(relay(client, target.clone()));
                        }
                        Err(_) => return,
                    },
                    Some(_) = relays.join_next(), if !relays.is_empty() => {}
                }
            }
        }));
    }

    /// Drops all connections and the listener; the socket file stays, so a new connection
    /// is refused rather than "no such file".
    async fn die(&mut self) {
        if let Some(serving) = self.serving.take() {
            serving.abort();
            let _ = serving.await;
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(serving) = self.serving.take() {
            serving.abort();
        }
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

async fn relay(mut client: UnixStream, target: PathBuf) {
    let Ok(mut upstream) = UnixStream::connect(&target).await else {
        return;
    };
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
}

fn is_refused(path: &Path) -> bool {
    matches!(
        std::os::unix::net::UnixStream::connect(path),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_engine_that_dies_is_lost_within_two_seconds_and_recovered_when_back() {
    tokio::time::timeout(HUNG, async {
        let mut proxy = Proxy::start();
        let mut watcher = Watcher::start(Connection::new(proxy.address()));
        watcher.wait_until_open().await;

        let died = Instant::now();
        proxy.die().await;
        assert!(is_refused(&proxy.path), "the dead proxy still accepts");
        let (at, signal) = watcher
            .next(Duration::from_secs(2))
            .await
            .expect("no signal within 2 s of the engine dying");
        let EngineSignal::Lost { address, reason } = signal else {
            panic!("expected Lost, got {signal:?}");
        };
        eprintln!(
            "lost {:?} after the engine died: {reason}",
            at.saturating_duration_since(died)
        );
        assert_eq!(address, proxy.address().as_str());

        // Dead for a while: the watcher keeps trying, quietly (one Lost per outage).
        let quiet = watcher.drain(Duration::from_millis(1500)).await;
        assert!(quiet.is_empty(), "{quiet:?}");

        proxy.revive();
        let back = Instant::now();
        let (at, signal) = watcher
            .next(LAST_RETRY + Duration::from_secs(2))
            .await
            .expect("no signal after the engine came back");
        assert_eq!(signal, EngineSignal::Recovered);
        eprintln!(
            "recovered {:?} after the engine came back",
            at.saturating_duration_since(back)
        );

        // And it follows the engine again.
        let name = unique("after");
        tag(&name).await;
        let seen = watcher.next_image_change(Duration::from_secs(2)).await;
        untag(&name).await;
        assert!(seen.is_some(), "no change after recovering");
    })
    .await
    .expect("hung");
}

/// A call of the app's lost the engine (`forget`): the stream may have died silently with
/// it (a frozen VM, a dropped network), so the watcher reopens it at once instead of waiting
/// on it forever; the engine being there, it says "answers again" (read the list, and who
/// it is: the new connection may be to another engine).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_that_lost_the_engine_makes_the_watcher_reopen_its_stream() {
    tokio::time::timeout(HUNG, async {
        let connection = std::sync::Arc::new(private_engine());
        let mut watcher = Watcher::start_shared(connection.clone());
        watcher.wait_until_open().await;
        connection.forget().await;
        let (_, signal) = watcher
            .next(Duration::from_secs(5))
            .await
            .expect("the watcher reopened its stream and said so");
        assert_eq!(signal, EngineSignal::Recovered);
        // The new stream works.
        let name = unique("after-forget");
        tag(&name).await;
        assert!(watcher
            .next_image_change(Duration::from_secs(2))
            .await
            .is_some());
        untag(&name).await;
    })
    .await
    .expect("hung");
}
