//! The real dockerd killed and started again under a watching connection (issue 11, "engine
//! lost and found"): `Lost` within two seconds, `Recovered` once it answers, and the list
//! read afterwards is exactly `docker images`. A test binary of its own, because killing the
//! engine under the other integration tests (which run in parallel threads) would fail them;
//! cargo runs test binaries one after another.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // failing loudly is the point

use imagen_core::engine::{watch, EngineSignal, LAST_RETRY};
use imagen_core::images::list_images;
use imagen_core::{Connection, EngineAddress};
use std::collections::BTreeSet;
use std::process::Command;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run through scripts/test.sh (the private test engine)")
    })
}

/// `docker images -q --no-trunc`, as a set (an image with several tags is one ID). Not `-a`:
/// like `docker images`, the list leaves out the intermediate images of a build.
fn docker_ids() -> BTreeSet<String> {
    let out = Command::new("docker")
        .args(["images", "-q", "--no-trunc"])
        .output()
        .expect("docker images");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dockerd_killed_and_started_again_is_lost_then_recovered_and_listed_as_docker_does() {
    let host = env("DOCKER_HOST");
    let pidfile = env("IMAGEN_TEST_DOCKERD_PIDFILE");
    let restart = env("IMAGEN_TEST_RESTART_DOCKERD");
    assert!(
        host.starts_with("unix://") && !host.ends_with("/var/run/docker.sock"),
        "only the private test engine may be killed (DOCKER_HOST={host})"
    );
    let connection = std::sync::Arc::new(Connection::new(EngineAddress::new(host)));
    let (tx, mut signals) = mpsc::unbounded_channel();
    let watcher = {
        let connection = connection.clone();
        tokio::spawn(async move {
            watch(&connection, |s| {
                let _ = tx.send((Instant::now(), s));
            })
            .await
        })
    };
    // The watcher is following once a change made now arrives.
    connection
        .engine()
        .await
        .expect("the private engine answers");
    tokio::time::sleep(Duration::from_millis(500)).await;

    // A crash: SIGKILL, no goodbye on the socket but the connection dropping.
    let pid = std::fs::read_to_string(&pidfile).expect("pidfile");
    let killed = Instant::now();
    let status = Command::new("kill")
        .args(["-KILL", pid.trim()])
        .status()
        .unwrap();
    assert!(status.success());
    let (at, signal) = tokio::time::timeout(Duration::from_secs(2), signals.recv())
        .await
        .expect("no signal within 2 s of dockerd being killed")
        .expect("watcher ended");
    assert!(matches!(signal, EngineSignal::Lost { .. }), "{signal:?}");
    eprintln!("lost {:?} after the kill", at - killed);

    let out = Command::new(&restart).output().expect("restart script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answered = Instant::now();
    let (at, signal) = tokio::time::timeout(LAST_RETRY + Duration::from_secs(2), async {
        loop {
            match signals.recv().await {
                Some((_, EngineSignal::Changed { .. })) => continue,
                Some(other) => return other,
                None => panic!("watcher ended"),
            }
        }
    })
    .await
    .expect("no Recovered within the longest retry wait after dockerd answered");
    assert_eq!(signal, EngineSignal::Recovered);
    eprintln!("recovered {:?} after dockerd answered", at - answered);

    let listed = connection
        .run(|e| async move { list_images(&e).await })
        .await
        .expect("list after the restart");
    let ids: BTreeSet<String> = listed.images.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids, docker_ids(), "the list after the restart is docker's");
    watcher.abort();
}
