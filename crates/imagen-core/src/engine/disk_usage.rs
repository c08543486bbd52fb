//! `GET /system/df?type=image` (`docker system df`), the one engine call that must not run
//! twice at once on old engines. Engine 20.10 (Debian's, API 1.41) refuses a second
//! disk-usage question while one is under way, with a 500 "a disk usage operation is already
//! running"; 23.0 and later share one answer between the callers instead. So on those old
//! engines Imagen asks one at a time per connection (two removal plans, or a plan and the
//! Clean up preview), and when the other question is someone else's (`docker system df` in
//! the terminal beside Imagen) it waits for that one to end and asks again. The wait for its
//! turn and the retries all count against the call's one time limit. Without this, a plan
//! would show "unique size unknown" whenever its question crossed another.

use super::calls::CallError;
use super::{Engine, EngineInfo};
use crate::error::{Error, Result};
use bytes::Bytes;
use hyper::Method;
use std::time::Duration;
use tokio::time::Instant;

/// How long to wait before asking again after the engine said another disk-usage
/// question is under way. Short next to the question itself (a second or more on a busy
/// engine), so the wait adds little to the answer.
const BUSY_RETRY: Duration = Duration::from_millis(200);

/// How many times a `/system/df` is asked when it answers 404: see `system_df_images`.
const GONE_TRIES: u32 = 4;

/// Engine 20.10's words (`daemon/disk_usage.go`) when another `/system/df` is running.
fn is_busy(error: &CallError) -> bool {
    matches!(error, CallError::Status(500, message)
        if message.contains("disk usage operation is already running"))
}

/// Docker Engine before 23.0 (API 1.42) refuses a second question; later ones share the
/// answer, and Podman answers each. A lock there would run two questions back to back where
/// the engine would have computed one.
fn refuses_a_second(info: &EngineInfo) -> bool {
    !info.podman && !info.api_at_least((1, 42))
}

impl Engine {
    /// `GET /system/df?type=image` as sent: its shape changed in API 1.52 (`Images` became
    /// `ImageUsage.Items`), so the caller reads both. One at a time on this connection on an
    /// engine that refuses a second; an engine busy with someone else's is asked again. All
    /// within the request limit: past it, the time limit (or the engine's refusal) is the
    /// error.
    ///
    /// Docker's containerd image store (Engine 28.5 seen) answers 404, "snapshot … does not
    /// exist", when an image or container goes while it counts (a `docker rmi` in a terminal):
    /// a plan then showed no unique sizes, and a re-check called an unchanged plan changed.
    /// A disk-usage question has nothing to be missing, so a 404 is asked again, as the image
    /// list is (`Engine::list_images`).
    pub(crate) async fn system_df_images(&self) -> Result<Bytes> {
        let limit = self.limits().request;
        let deadline = Instant::now() + limit;
        let timed_out = || Error::EngineTimeout {
            address: self.address().to_owned(),
            seconds: limit.as_secs().max(1) as u32,
        };
        let _one_at_a_time = if refuses_a_second(self.info()) {
            let turn = tokio::time::timeout_at(deadline, self.disk_usage_lock().lock());
            Some(turn.await.map_err(|_| timed_out())?)
        } else {
            None
        };
        let mut gone = 0;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out());
            }
            match self
                .exchange(Method::GET, "/system/df?type=image", left)
                .await
            {
                Err(e) if is_busy(&e) && Instant::now() + BUSY_RETRY < deadline => {
                    tokio::time::sleep(BUSY_RETRY).await;
                }
                Err(CallError::Status(404, _)) if gone + 1 < GONE_TRIES => {
                    gone += 1;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                // A time limit names the call's whole one, not the slice left for this try.
                result => {
                    return result.map_err(|e| match e.into_error() {
                        Error::EngineTimeout { .. } => timed_out(),
                        other => other,
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fake;
    use crate::engine::Limits;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::io::AsyncWriteExt;

    const BUSY: &str = r#"{"message":"a disk usage operation is already running"}"#;
    const DF: &str = r#"{"Images":[]}"#;

    /// An engine that behaves as 20.10 does: a `/system/df` that arrives while another is
    /// running (each takes `takes`) is refused; `refusals` counts them.
    fn engine_20_10(
        name: &str,
        takes: Duration,
        refusals: Arc<AtomicUsize>,
    ) -> crate::EngineAddress {
        let (listener, address) = fake::bind(name);
        let running = Arc::new(AtomicUsize::new(0));
        fake::serve(listener, move |mut stream, line| {
            let (running, refusals) = (running.clone(), refusals.clone());
            async move {
                let reply = if line.starts_with("GET /version") {
                    fake::ok_json(fake::VERSION_1_41)
                } else if running.fetch_add(1, Ordering::SeqCst) > 0 {
                    running.fetch_sub(1, Ordering::SeqCst);
                    refusals.fetch_add(1, Ordering::SeqCst);
                    fake::status_json("500 Internal Server Error", BUSY)
                } else {
                    tokio::time::sleep(takes).await;
                    running.fetch_sub(1, Ordering::SeqCst);
                    fake::ok_json(DF)
                };
                let _ = stream.write_all(reply.as_bytes()).await;
            }
        });
        address
    }

    /// The containerd store's 404 when an image goes while it counts is asked again; a 404
    /// every time is still the error, after a few tries.
    #[tokio::test]
    async fn a_snapshot_gone_while_counting_is_asked_again() {
        let asked = Arc::new(AtomicUsize::new(0));
        let engine_with = |name: &str, failing: usize| {
            let (listener, address) = fake::bind(name);
            let asked = asked.clone();
            fake::serve(listener, move |mut stream, line| {
                let asked = asked.clone();
                async move {
                    let reply = if line.starts_with("GET /version") {
                        fake::ok_json(fake::VERSION_1_41)
                    } else if asked.fetch_add(1, Ordering::SeqCst) < failing {
                        fake::status_json(
                            "404 Not Found",
                            r#"{"message":"NotFound: snapshot sha256:ab does not exist: not found"}"#,
                        )
                    } else {
                        fake::ok_json(DF)
                    };
                    let _ = stream.write_all(reply.as_bytes()).await;
                }
            });
            address
        };
        let address = engine_with("df-gone", 2);
        let engine = Engine::connect(&address).await.unwrap();
        assert_eq!(engine.system_df_images().await.unwrap(), DF.as_bytes());
        assert_eq!(asked.load(Ordering::SeqCst), 3);
        asked.store(0, Ordering::SeqCst);
        let address = engine_with("df-always-gone", usize::MAX);
        let engine = Engine::connect(&address).await.unwrap();
        assert!(engine.system_df_images().await.is_err());
        assert_eq!(asked.load(Ordering::SeqCst), GONE_TRIES as usize);
    }

    #[tokio::test]
    async fn two_questions_on_one_connection_never_cross() {
        let refusals = Arc::new(AtomicUsize::new(0));
        let address = engine_20_10("df-serial", Duration::from_millis(150), refusals.clone());
        let engine = Engine::connect(&address).await.unwrap();
        let other = engine.clone();
        let (a, b) = tokio::join!(engine.system_df_images(), other.system_df_images());
        assert_eq!(a.unwrap(), DF.as_bytes());
        assert_eq!(b.unwrap(), DF.as_bytes());
        assert_eq!(
            refusals.load(Ordering::SeqCst),
            0,
            "asked while the other ran"
        );
    }

    #[tokio::test]
    async fn someone_elses_question_is_waited_out() {
        // Two connections stand for Imagen and `docker system df` in the terminal.
        let refusals = Arc::new(AtomicUsize::new(0));
        let address = engine_20_10("df-other", Duration::from_millis(500), refusals.clone());
        let ours = Engine::connect(&address).await.unwrap();
        let theirs = Engine::connect(&address).await.unwrap();
        let terminal = tokio::spawn(async move { theirs.system_df_images().await });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(ours.system_df_images().await.unwrap(), DF.as_bytes());
        assert!(terminal.await.unwrap().is_ok());
        assert!(refusals.load(Ordering::SeqCst) >= 1, "the engine was busy");
    }

    #[tokio::test]
    async fn waiting_for_its_turn_counts_against_the_limit() {
        // Margins of 0.8 s either way: a loaded machine (or Wine) is slow, not 0.8 s late.
        let refusals = Arc::new(AtomicUsize::new(0));
        let address = engine_20_10("df-turn", Duration::from_millis(1200), refusals.clone());
        let limits = Limits {
            request: Duration::from_secs(2),
            ..Limits::default()
        };
        let engine = Engine::connect_with(&address, limits).await.unwrap();
        let other = engine.clone();
        let started = std::time::Instant::now();
        let (first, second) = tokio::join!(engine.system_df_images(), other.system_df_images());
        assert!(first.is_ok(), "{first:?}");
        // Its turn came at 1.2 s, with 0.8 s of its 2 s left: too little for a 1.2 s answer
        // (counted from its turn, it would have had its answer at 2.4 s).
        assert!(
            matches!(second, Err(Error::EngineTimeout { seconds: 2, .. })),
            "{second:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test]
    async fn engines_that_share_one_answer_are_asked_at_once() {
        // Engine 23.0 and later: two questions at once get one computation, not a refusal.
        let most = Arc::new(AtomicUsize::new(0));
        let (listener, address) = fake::bind("df-shared");
        let running = Arc::new(AtomicUsize::new(0));
        let seen = most.clone();
        fake::serve(listener, move |mut stream, line| {
            let (running, seen) = (running.clone(), seen.clone());
            async move {
                let reply = if line.starts_with("GET /version") {
                    fake::ok_json(r#"{"Version":"27.5.1","ApiVersion":"1.47","Os":"linux"}"#)
                } else {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    seen.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    running.fetch_sub(1, Ordering::SeqCst);
                    fake::ok_json(DF)
                };
                let _ = stream.write_all(reply.as_bytes()).await;
            }
        });
        let engine = Engine::connect(&address).await.unwrap();
        let other = engine.clone();
        let (a, b) = tokio::join!(engine.system_df_images(), other.system_df_images());
        assert!(a.is_ok() && b.is_ok());
        assert_eq!(most.load(Ordering::SeqCst), 2, "asked one after the other");
    }

    #[tokio::test]
    async fn an_engine_busy_past_the_limit_is_an_error_not_a_hang() {
        let address = fake::scripted("df-busy", fake::VERSION_1_41, false, |_| {
            fake::Answer::status("500 Internal Server Error", BUSY)
        });
        let limits = Limits {
            request: Duration::from_millis(700),
            ..Limits::default()
        };
        let engine = Engine::connect_with(&address, limits).await.unwrap();
        let started = std::time::Instant::now();
        let error = engine.system_df_images().await.unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert!(
            error
                .to_string()
                .contains("disk usage operation is already running"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn other_failures_are_not_asked_again() {
        let asked = Arc::new(AtomicUsize::new(0));
        let counted = asked.clone();
        let address = fake::scripted("df-500", fake::VERSION_1_41, false, move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
            fake::Answer::status("500 Internal Server Error", r#"{"message":"boom"}"#)
        });
        let engine = Engine::connect(&address).await.unwrap();
        assert!(engine.system_df_images().await.is_err());
        assert_eq!(asked.load(Ordering::SeqCst), 1);
    }
}
