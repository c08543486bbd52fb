//! Connecting: version negotiation against the real engine, and failures that name the
//! address they tried.

use crate::support::{docker, private_engine};
use imagen_core::{Connection, EngineAddress, Error, UnreachableCause};

#[tokio::test]
async fn negotiates_the_engines_api_version() {
    let engine = private_engine().engine().await.unwrap();
    let server_api = docker(&["version", "--format", "{{.Server.APIVersion}}"]);
    let info = engine.info();
    // Imagen speaks 1.53 (bollard 0.21's models); an older engine (20.10 → 1.41) pulls it
    // down to its own.
    let want = if version_lt(server_api.trim(), "1.53") {
        server_api.trim()
    } else {
        "1.53"
    };
    assert_eq!(info.api_version, want);
    assert!(!info.server_version.is_empty());
    assert!(info.platform.starts_with("linux/"));
}

fn version_lt(a: &str, b: &str) -> bool {
    let parse = |v: &str| -> Vec<u32> { v.split('.').map(|p| p.parse().unwrap()).collect() };
    parse(a) < parse(b)
}

#[tokio::test]
async fn missing_socket_is_unreachable_and_names_the_address() {
    let address = "unix:///tmp/imagen-no-such-engine/docker.sock";
    let err = Connection::new(EngineAddress::new(address))
        .engine()
        .await
        .unwrap_err();
    match &err {
        Error::EngineUnreachable {
            address: a, cause, ..
        } => {
            assert_eq!(a, address);
            assert_eq!(*cause, UnreachableCause::NoSocket);
        }
        other => panic!("expected EngineUnreachable, got {other:?}"),
    }
    assert!(err.to_string().contains(address));
}

#[tokio::test]
async fn dead_socket_is_unreachable() {
    // A socket file nobody listens on any more: what a crashed engine leaves behind.
    let dir = std::env::temp_dir().join(format!("imagen-dead-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("docker.sock");
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    let address = format!("unix://{}", path.display());
    let err = Connection::new(EngineAddress::new(&address))
        .engine()
        .await
        .unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    match err {
        Error::EngineUnreachable {
            address: a,
            reason,
            cause,
        } => {
            assert_eq!(a, address);
            assert!(!reason.is_empty());
            assert_eq!(
                cause,
                UnreachableCause::Refused,
                "a socket file nobody listens on"
            );
        }
        other => panic!("expected EngineUnreachable, got {other:?}"),
    }
}

#[tokio::test]
async fn unsupported_scheme_is_its_own_error() {
    let err = Connection::new(EngineAddress::new("ftp://example"))
        .engine()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnsupportedAddress { .. }));
}

#[tokio::test]
async fn connection_recovers_after_a_failure() {
    // The same handle that failed must work once the engine is there: Retry relies on it.
    let conn = private_engine();
    let ok = conn.run(|e| async move { Ok(e.info().clone()) }).await;
    assert!(ok.is_ok());
}
