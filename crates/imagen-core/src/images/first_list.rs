//! The first list, fetched when the app starts instead of when its page first asks.
//!
//! The web view takes 0.5–0.85 s to start and the engine as long again to list 10,000 images;
//! one after the other they were the app's start-up time. [`FirstList::prefetch`] lists at
//! once, and the page's first call ([`FirstList::list`]) takes that answer, waiting for it if
//! it is still on its way, but only while it is still what a list made at that moment would
//! say:
//!
//! - the prefetch first opens its own `/events` stream (images and containers, the same
//!   filter as the live updates) and sends the list only once it is open, so any change the
//!   list may not show arrives on that stream; any event at all, or the stream ending, makes
//!   the answer stale (a list too many is cheap, a missed change is wrong);
//! - a signal from the live updates ([`FirstList::engine_signal`]) or a switch to another
//!   engine makes it stale too;
//! - a failed prefetch is never kept: the page's call lists as usual and gets its own answer
//!   (an engine that is down at start shows the usual engine-down state, and Retry lists);
//! - it is taken once; every other call lists as usual, and so does the first one after
//!   [`KEPT`] without a taker.
//!
//! After the page has its list, changes reach it as before: it subscribes to the live updates
//! before it asks for the list.

use super::{list_images, ImageList};
use crate::engine::Connection;
use crate::error::Result;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Notify;

/// How long a prefetched list waits for the page (its events stream stays open meanwhile).
const KEPT: Duration = Duration::from_secs(60);

/// Where the prefetch is.
#[derive(Debug)]
enum Phase {
    /// Not started: the first call lists as usual.
    Idle,
    /// Opening the events stream, then listing. The first call waits.
    Fetching,
    /// Listed, and nothing has changed on the engine since the events stream opened.
    Ready(ImageList),
    /// Taken, stale, failed or expired: every call lists as usual.
    Spent,
}

/// What happened to the prefetch.
#[derive(Debug)]
enum Step {
    Started,
    /// The list arrived (the events stream was open before it was asked for).
    Listed(Result<ImageList>),
    /// The events stream could not open, saw an event or ended; the live updates sent a
    /// signal; the engine was switched; [`KEPT`] passed.
    Stale,
}

/// What a call to [`FirstList::list`] does now.
#[derive(Debug, PartialEq, Eq)]
enum Take {
    Use(ImageList),
    Wait,
    ListAnew,
}

/// The decision, apart from any I/O (unit-tested below).
fn advance(phase: &mut Phase, step: Step) {
    *phase = match (std::mem::replace(phase, Phase::Spent), step) {
        (Phase::Idle, Step::Started) => Phase::Fetching,
        (Phase::Fetching, Step::Listed(Ok(list))) => Phase::Ready(list),
        // A failed prefetch is not an answer: the page's call meets the engine itself.
        (Phase::Fetching, Step::Listed(Err(_))) => Phase::Spent,
        (Phase::Idle, Step::Stale) => Phase::Idle,
        (_, _) => Phase::Spent,
    };
}

fn take(phase: &mut Phase) -> Take {
    match std::mem::replace(phase, Phase::Spent) {
        Phase::Ready(list) => Take::Use(list),
        Phase::Fetching => {
            *phase = Phase::Fetching;
            Take::Wait
        }
        Phase::Idle | Phase::Spent => Take::ListAnew,
    }
}

/// The prefetched first list, shared by the prefetch task and the list command.
#[derive(Debug)]
pub struct FirstList {
    phase: Mutex<Phase>,
    /// Wakes calls waiting for the prefetch, and the prefetch once its answer is spent.
    moved: Notify,
}

impl Default for FirstList {
    fn default() -> Self {
        Self {
            phase: Mutex::new(Phase::Idle),
            moved: Notify::new(),
        }
    }
}

impl FirstList {
    fn step(&self, step: Step) {
        advance(
            &mut self.phase.lock().unwrap_or_else(|e| e.into_inner()),
            step,
        );
        self.moved.notify_waiters();
    }

    fn spent(&self) -> bool {
        matches!(
            *self.phase.lock().unwrap_or_else(|e| e.into_inner()),
            Phase::Spent
        )
    }

    /// Lists the engine behind `connection` ahead of the page and keeps the answer while it
    /// holds (see the module's notes). Returns once the answer is taken or no longer holds.
    pub async fn prefetch(&self, connection: &Connection) {
        self.step(Step::Started);
        // The page asked before this even started: it lists for itself.
        if self.spent() {
            return;
        }
        let mut switches = connection.switches();
        switches.mark_unchanged();
        crate::startup::mark("first list: connecting");
        let guard = match connection.engine().await {
            Ok(engine) => engine.events().await.ok(),
            Err(_) => None,
        };
        crate::startup::mark("first list: events open, listing");
        // Without the stream nothing would tell a change: the page lists for itself.
        let Some(mut guard) = guard else {
            return self.step(Step::Stale);
        };
        let list = connection.run(|e| async move { list_images(&e).await });
        tokio::pin!(list);
        let mut listed = false;
        let expiry = tokio::time::sleep(KEPT);
        tokio::pin!(expiry);
        loop {
            let spent = self.moved.notified();
            if self.spent() {
                return;
            }
            tokio::select! {
                result = &mut list, if !listed => {
                    listed = true;
                    crate::startup::mark(match &result {
                        Ok(list) => format!("first list: listed ({} images)", list.images.len()),
                        Err(e) => format!("first list: failed ({e})"),
                    });
                    self.step(Step::Listed(result));
                }
                // Any event line, the end of the stream or its failure.
                _ = guard.next_chunk() => {
                    crate::startup::mark("first list: an engine event, dropped");
                    return self.step(Step::Stale);
                }
                _ = switches.changed() => return self.step(Step::Stale),
                _ = &mut expiry => return self.step(Step::Stale),
                _ = spent => {}
            }
        }
    }

    /// The live updates sent a signal (a change, a loss, a recovery): a prefetched list no
    /// longer counts.
    pub fn engine_signal(&self) {
        self.step(Step::Stale);
    }

    /// The prefetched list if it holds (waiting for it while it is on its way); `None` when
    /// the caller must list for itself.
    pub async fn take(&self) -> Option<ImageList> {
        loop {
            let moved = self.moved.notified();
            let now = take(&mut self.phase.lock().unwrap_or_else(|e| e.into_inner()));
            match now {
                Take::Use(list) => {
                    self.moved.notify_waiters();
                    return Some(list);
                }
                Take::ListAnew => return None,
                Take::Wait => moved.await,
            }
        }
    }

    /// `docker images` for the list command: the prefetched answer when it holds, else a list
    /// made now.
    pub async fn list(&self, connection: &Connection) -> Result<ImageList> {
        match self.take().await {
            Some(list) => {
                crate::startup::mark("first list: taken by the page");
                Ok(list)
            }
            None => {
                connection
                    .run(|e| async move { list_images(&e).await })
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, UnreachableCause};

    fn list(size: u64) -> ImageList {
        ImageList {
            images: Vec::new(),
            total_size: size,
        }
    }

    fn down() -> Error {
        Error::EngineUnreachable {
            address: "unix:///nowhere".into(),
            reason: "the socket file does not exist".into(),
            cause: UnreachableCause::NoSocket,
        }
    }

    /// The phase after `steps`, and what a call then does.
    fn after(steps: Vec<Step>) -> (Take, Phase) {
        let mut phase = Phase::Idle;
        for step in steps {
            advance(&mut phase, step);
        }
        let took = take(&mut phase);
        (took, phase)
    }

    #[test]
    fn a_list_that_still_holds_is_taken_once() {
        let mut phase = Phase::Idle;
        advance(&mut phase, Step::Started);
        advance(&mut phase, Step::Listed(Ok(list(7))));
        assert_eq!(take(&mut phase), Take::Use(list(7)));
        assert_eq!(take(&mut phase), Take::ListAnew);
    }

    #[test]
    fn a_call_while_the_list_is_on_its_way_waits() {
        assert!(matches!(
            after(vec![Step::Started]),
            (Take::Wait, Phase::Fetching)
        ));
    }

    #[test]
    fn without_a_prefetch_calls_list_as_usual() {
        assert!(matches!(after(vec![]), (Take::ListAnew, _)));
        // A signal before anything started changes nothing; a call before the prefetch
        // started means it never will.
        let mut phase = Phase::Idle;
        advance(&mut phase, Step::Stale);
        assert!(matches!(phase, Phase::Idle));
        assert_eq!(take(&mut phase), Take::ListAnew);
        advance(&mut phase, Step::Started);
        assert!(matches!(phase, Phase::Spent));
    }

    #[test]
    fn a_change_before_the_call_means_listing_anew() {
        // After the answer arrived…
        let steps = vec![Step::Started, Step::Listed(Ok(list(1))), Step::Stale];
        assert!(matches!(after(steps), (Take::ListAnew, Phase::Spent)));
        // …or while it was on its way: the late answer is not kept either.
        let steps = vec![Step::Started, Step::Stale, Step::Listed(Ok(list(1)))];
        assert!(matches!(after(steps), (Take::ListAnew, Phase::Spent)));
    }

    #[test]
    fn a_failed_prefetch_is_not_the_answer() {
        let steps = vec![Step::Started, Step::Listed(Err(down()))];
        assert!(matches!(after(steps), (Take::ListAnew, Phase::Spent)));
    }

    #[tokio::test]
    async fn a_waiting_call_gets_the_answer_or_lists_anew() {
        let first = std::sync::Arc::new(FirstList::default());
        first.step(Step::Started);
        let waiting = tokio::spawn({
            let first = first.clone();
            async move { first.take().await }
        });
        tokio::task::yield_now().await;
        first.step(Step::Listed(Ok(list(3))));
        assert_eq!(waiting.await.unwrap(), Some(list(3)));
        assert_eq!(first.take().await, None);

        let first = std::sync::Arc::new(FirstList::default());
        first.step(Step::Started);
        let waiting = tokio::spawn({
            let first = first.clone();
            async move { first.take().await }
        });
        tokio::task::yield_now().await;
        first.engine_signal();
        assert_eq!(waiting.await.unwrap(), None);
    }

    /// A fake engine on a fresh socket: one image, no containers, and an event stream that
    /// stays open and sends one event line when `event` is notified.
    async fn fake_engine(name: &str, event: std::sync::Arc<Notify>) -> crate::EngineAddress {
        use crate::engine::fake;
        use tokio::io::AsyncWriteExt;
        let (listener, address) = fake::bind(&format!("first-{name}"));
        fake::serve(listener, move |mut stream, line| {
            let event = event.clone();
            async move {
                let body = if line.starts_with("GET /version ") {
                    fake::VERSION_1_41.to_owned()
                } else if line.contains("/images/json") {
                    format!(
                        r#"[{{"Id":"sha256:{}","RepoTags":["a:1"],"Created":1,"Size":5600}}]"#,
                        "a".repeat(64)
                    )
                } else if line.contains("/containers/json") {
                    "[]".to_owned()
                } else {
                    let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
                    let _ = stream.write_all(head.as_bytes()).await;
                    event.notified().await;
                    let line = "{\"Type\":\"image\",\"Action\":\"tag\"}\n";
                    let _ = stream
                        .write_all(format!("{:x}\r\n{line}\r\n", line.len()).as_bytes())
                        .await;
                    std::future::pending::<()>().await;
                    return;
                };
                let _ = stream.write_all(fake::ok_json(&body).as_bytes()).await;
            }
        });
        address
    }

    #[tokio::test]
    async fn the_page_takes_the_prefetch_unless_the_engine_changed() {
        use std::sync::Arc;
        for change in [false, true] {
            let event = Arc::new(Notify::new());
            let name = if change { "changed" } else { "quiet" };
            let connection = Arc::new(Connection::new(fake_engine(name, event.clone()).await));
            let first = Arc::new(FirstList::default());
            let prefetch = tokio::spawn({
                let (first, connection) = (first.clone(), connection.clone());
                async move { first.prefetch(&connection).await }
            });
            // Until the answer is in.
            while matches!(*first.phase.lock().unwrap(), Phase::Idle | Phase::Fetching) {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            if change {
                event.notify_one();
                tokio::time::timeout(Duration::from_secs(5), prefetch)
                    .await
                    .unwrap()
                    .unwrap();
                assert_eq!(
                    first.take().await,
                    None,
                    "a change after the list: list anew"
                );
            } else {
                let list = first
                    .take()
                    .await
                    .expect("nothing changed: the prefetched list");
                assert_eq!(list.images.len(), 1);
                // Taken: the prefetch lets go of its event stream.
                tokio::time::timeout(Duration::from_secs(5), prefetch)
                    .await
                    .unwrap()
                    .unwrap();
                assert_eq!(first.take().await, None, "taken once");
            }
            let _ = std::fs::remove_dir_all(
                std::env::temp_dir().join(format!("imagen-first-{}-{name}", std::process::id())),
            );
        }
    }

    #[tokio::test]
    async fn no_engine_at_start_leaves_the_usual_error_to_the_call() {
        let connection = Connection::new(crate::engine::fake::absent("first-none"));
        let first = FirstList::default();
        first.prefetch(&connection).await;
        let err = first.list(&connection).await.unwrap_err();
        assert!(err.is_connection_failure(), "{err:?}");
    }
}
