//! Shared helpers: the private engine's address and the docker CLI as the oracle.

use imagen_core::{Connection, EngineAddress};
use std::future::Future;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The private test engine. Refuses to run against anything else: these tests create and
/// inspect images, and must never see (or touch) the user's own engine.
pub fn private_engine() -> Connection {
    let host = std::env::var("DOCKER_HOST").unwrap_or_default();
    let marker = std::env::var("IMAGEN_TEST_REGISTRY").unwrap_or_default();
    assert!(
        host.starts_with("unix://")
            && !host.ends_with("/var/run/docker.sock")
            && !marker.is_empty(),
        "integration tests need the private test engine: run them through scripts/test.sh \
         or scripts/test-engine.sh run -- cargo test -p imagen-core --test integration \
         (DOCKER_HOST={host:?})"
    );
    Connection::new(EngineAddress::new(host))
}

/// A folder of the test's own in the private engine's state folder (DOCKER_CONFIG's parent,
/// set by scripts/test-engine.sh), which is deleted when the engine stops: what the tests write
/// (credentials, sockets) does not pile up in /tmp run after run.
pub fn state_dir(name: &str) -> PathBuf {
    let state = std::env::var_os("DOCKER_CONFIG")
        .and_then(|c| PathBuf::from(c).parent().map(PathBuf::from))
        .unwrap_or_else(std::env::temp_dir);
    let dir = state.join(format!("imagen-test-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A Docker config dir of the test's own (never the user's) holding `config` as its
/// `config.json`, in [`state_dir`].
pub fn docker_config_dir(name: &str, config: &serde_json::Value) -> PathBuf {
    let dir = state_dir(&format!("config-{name}"));
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    dir
}

/// How many times `docker images` is run when the engine answers "not found".
const LIST_TRIES: u32 = 4;

/// Runs the docker CLI against the same engine and returns stdout, failing loudly.
///
/// `docker images` is run again when it fails with "not found": the containerd image store
/// (Engine 28.5) fails a whole list with "content digest …: not found" when another test
/// removes an image while it lists. Imagen asks its own list again for the same reason
/// (`Engine::list_images`); the docker CLI, the oracle here, does not.
pub fn docker(args: &[&str]) -> String {
    let run = || {
        Command::new("docker")
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run docker {args:?}: {e}"))
    };
    let mut out = run();
    for _ in 1..LIST_TRIES {
        let listing_raced = args.first() == Some(&"images")
            && !out.status.success()
            && String::from_utf8_lossy(&out.stderr).contains("not found");
        if !listing_raced {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        out = run();
    }
    assert!(
        out.status.success(),
        "docker {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether the main private engine keeps its images in Docker's containerd image store
/// (Docker Desktop's default; `IMAGEN_TEST_IMAGE_STORE=containerd`), told as the docker CLI
/// tells it: `docker info`'s driver status names the snapshotter. Tests that check what only
/// one store does ask this, so each store is held to what it does.
pub fn containerd_store() -> bool {
    docker(&["info", "-f", "{{json .DriverStatus}}"]).contains("io.containerd.snapshotter.v1")
}

/// `docker inspect -f '{{.Id}}' ref`.
pub fn image_id(reference: &str) -> String {
    docker(&["image", "inspect", "-f", "{{.Id}}", reference])
        .trim()
        .to_owned()
}

/// Builds in flight on the main engine, and builds ever started. The legacy builder
/// (`DOCKER_BUILDKIT=0`, what the kit and tag tests use) runs each step in a real, short-lived
/// container from the step's base image, so while one runs, `imagen-fixture/busybox:latest`
/// really is used by a container. Tests that count containers list only when no build overlapped.
static BUILDS_IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static BUILDS_STARTED: AtomicUsize = AtomicUsize::new(0);

/// Held for the length of a `docker build` on the main engine.
pub struct Building(());

impl Building {
    pub fn start() -> Self {
        BUILDS_STARTED.fetch_add(1, Ordering::SeqCst);
        BUILDS_IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
        Building(())
    }
}

impl Drop for Building {
    fn drop(&mut self) {
        BUILDS_IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `read` (a listing) until one run overlapped no build, and returns that run's answer.
pub async fn without_builds<T, F: Future<Output = T>>(read: impl Fn() -> F) -> T {
    loop {
        // Read the count of starts first: a build that starts after it changes it, and one
        // already running keeps the in-flight count above zero.
        let started = BUILDS_STARTED.load(Ordering::SeqCst);
        if BUILDS_IN_FLIGHT.load(Ordering::SeqCst) > 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        }
        let answer = read().await;
        if BUILDS_STARTED.load(Ordering::SeqCst) == started {
            return answer;
        }
    }
}
