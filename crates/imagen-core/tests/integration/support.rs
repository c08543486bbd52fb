//! Shared helpers: the private engine's address and the docker CLI as the oracle.

use imagen_core::{Connection, EngineAddress};
use std::process::Command;

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

/// Runs the docker CLI against the same engine and returns stdout, failing loudly.
pub fn docker(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run docker {args:?}: {e}"));
    assert!(
        out.status.success(),
        "docker {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `docker inspect -f '{{.Id}}' ref`.
pub fn image_id(reference: &str) -> String {
    docker(&["image", "inspect", "-f", "{{.Id}}", reference])
        .trim()
        .to_owned()
}
