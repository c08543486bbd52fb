//! Pulling from the private registries: progress, errors, credentials, cancel.

use crate::support::{docker, docker_config_dir, private_engine};
use base64::Engine as _;
use imagen_core::images::list_images;
use imagen_core::pull::{self, LayerStatus, PullOptions, PullOutcome, PullProgress};
use imagen_core::{Error, Missing, RegistryCause};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

fn registry() -> String {
    std::env::var("IMAGEN_TEST_REGISTRY").unwrap()
}

/// A Docker config dir of our own (never the user's), optionally with credentials.
fn config_dir(name: &str, auths: Option<serde_json::Value>) -> PathBuf {
    let config = serde_json::json!({ "auths": auths.unwrap_or_else(|| serde_json::json!({})) });
    docker_config_dir(&format!("pull-{name}"), &config)
}

fn remove_local(reference: &str) {
    let _ = std::process::Command::new("docker")
        .args(["rmi", "-f", reference])
        .output();
}

pub(crate) async fn run_pull(
    reference: &str,
    options: PullOptions,
    cancel: CancellationToken,
) -> (Result<PullOutcome, Error>, Vec<PullProgress>) {
    let parsed = pull::parse_reference(reference).unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let result = private_engine()
        .run(|engine| async move {
            pull::pull(&engine, &parsed, &options, cancel, |p| {
                sink.lock().unwrap().push(p)
            })
            .await
        })
        .await;
    let seen = seen.lock().unwrap().clone();
    (result, seen)
}

pub(crate) fn no_credentials() -> PullOptions {
    PullOptions {
        platform: None,
        docker_config: Some(config_dir("none", None)),
    }
}

#[tokio::test]
async fn multi_layer_pull_reports_each_layer_and_lists_the_image() {
    // Through a proxy at 3 MB/s a connection: from the registry beside it, a recent engine
    // fetches and unpacks the 6 MB within one progress interval, and no update would show a
    // layer under way.
    let (proxy, _) = counting_proxy(registry(), 3_000_000).await;
    let reference = format!("{proxy}/imagen-fixture/remote:1.0");
    remove_local(&reference);
    // The proxy's name goes with the test, passed or failed: the image it names is the one
    // the e2e suites pull later on this engine, where a tag of a port long closed would stay
    // on its card.
    struct Untag(String);
    impl Drop for Untag {
        fn drop(&mut self) {
            remove_local(&self.0);
        }
    }
    let _untag = Untag(reference.clone());
    let (result, seen) = run_pull(&reference, no_credentials(), CancellationToken::new()).await;
    let outcome = result.unwrap();
    let PullOutcome::Downloaded {
        image_id: Some(id),
        new_tag,
        ..
    } = &outcome
    else {
        panic!("expected Downloaded with an ID, got {outcome:?}");
    };
    assert!(*new_tag, "the tag named nothing before: a first pull");

    let last = seen.last().unwrap();
    assert_eq!(last.layers.len(), 3, "three COPY layers: {last:?}");
    assert!(
        last.layers
            .iter()
            .all(|l| l.status == LayerStatus::Complete),
        "{last:?}"
    );
    assert_eq!(last.fraction, Some(1.0));
    // The layers are 1, 2 and 3 MB. The containerd image store says a layer's size only once
    // 1 MiB of it has come (its progress moves in whole MiB), so never the 1 MB one's.
    let least = if crate::support::containerd_store() {
        5_000_000
    } else {
        6_000_000
    };
    assert!(last.total >= least, "layer sizes summed: {}", last.total);
    // Some update showed a layer mid-download, and the overall figure never went back.
    assert!(seen.iter().any(|p| p
        .layers
        .iter()
        .any(|l| l.status == LayerStatus::Downloading || l.status == LayerStatus::Extracting)));
    let fractions: Vec<f64> = seen.iter().filter_map(|p| p.fraction).collect();
    assert!(fractions.windows(2).all(|w| w[1] >= w[0]), "{fractions:?}");

    let list = private_engine()
        .run(|e| async move { list_images(&e).await })
        .await
        .unwrap();
    let card = list.images.iter().find(|i| &i.id == id).unwrap();
    assert_eq!(card.tags, vec![reference.clone()]);

    // A second pull of the same reference says so.
    let (again, _) = run_pull(&reference, no_credentials(), CancellationToken::new()).await;
    assert!(matches!(again.unwrap(), PullOutcome::UpToDate { .. }));
}

/// `latest` is a name that moves: a pull that moves a tag says which image it named before
/// (that image stays on disk without the tag).
#[tokio::test]
async fn a_pull_that_moves_a_tag_names_the_image_it_named_before() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let reference = format!(
        "{}/imagen-moved-{}-{nanos}:1",
        registry(),
        std::process::id()
    );
    let pushed = crate::kit::labelled(Some(&reference));
    docker(&["push", "-q", &reference]);
    // Locally, the tag now names another image (a build in a terminal, say).
    let base = crate::support::image_id("imagen-fixture/busybox:latest");
    docker(&["tag", &base, &reference]);

    let (result, _) = run_pull(&reference, no_credentials(), CancellationToken::new()).await;
    let outcome = result.unwrap();
    let PullOutcome::Downloaded {
        image_id: Some(id),
        replaced,
        new_tag,
        ..
    } = &outcome
    else {
        panic!("expected Downloaded, got {outcome:?}");
    };
    assert!(!new_tag, "the tag named another image before");
    assert_eq!(id.as_str(), pushed);
    assert_eq!(replaced.as_ref().map(|r| r.as_str()), Some(base.as_str()));
    assert_eq!(
        crate::support::image_id("imagen-fixture/busybox:latest"),
        base
    );
    // Pulled again: nothing moves.
    let (again, _) = run_pull(&reference, no_credentials(), CancellationToken::new()).await;
    assert!(matches!(again.unwrap(), PullOutcome::UpToDate { .. }));
    remove_local(&reference);
}

#[tokio::test]
async fn missing_tag_is_not_found_and_names_the_tag() {
    let reference = format!("{}/imagen-fixture/remote:no-such-tag", registry());
    let (result, seen) = run_pull(&reference, no_credentials(), CancellationToken::new()).await;
    match result.unwrap_err() {
        Error::ImageNotFound { tag, missing, .. } => {
            assert_eq!(tag, "no-such-tag");
            assert_eq!(missing, Missing::Tag);
        }
        other => panic!("expected ImageNotFound, got {other:?}"),
    }
    assert!(
        seen.iter().all(|p| p.fraction != Some(1.0)),
        "a failed pull never shows done"
    );
}

#[tokio::test]
async fn missing_repository_is_not_found_and_names_the_repository() {
    let reference = format!("{}/imagen-fixture/no-such-repo:1.0", registry());
    let (result, _) = run_pull(&reference, no_credentials(), CancellationToken::new()).await;
    match result.unwrap_err() {
        err @ Error::ImageNotFound { .. } => {
            let Error::ImageNotFound {
                repository,
                missing,
                ..
            } = &err
            else {
                unreachable!()
            };
            assert_eq!(*missing, Missing::Repository);
            assert!(repository.ends_with("imagen-fixture/no-such-repo"));
            assert!(err.to_string().contains("No repository"));
        }
        other => panic!("expected ImageNotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn registry_down_is_unreachable() {
    let (result, _) = run_pull(
        "127.0.0.1:1/imagen-fixture/x:1",
        no_credentials(),
        CancellationToken::new(),
    )
    .await;
    assert!(matches!(
        result.unwrap_err(),
        Error::RegistryUnreachable {
            cause: RegistryCause::Refused,
            ..
        }
    ));
}

#[tokio::test]
async fn invalid_reference_never_reaches_the_engine() {
    let err = pull::parse_reference("Nginx:latest").unwrap_err();
    assert!(matches!(err, Error::InvalidReference { .. }), "{err:?}");
}

fn auth_registry() -> (String, String, String) {
    (
        std::env::var("IMAGEN_TEST_AUTH_REGISTRY").unwrap(),
        std::env::var("IMAGEN_TEST_AUTH_USER").unwrap(),
        std::env::var("IMAGEN_TEST_AUTH_PASSWORD").unwrap(),
    )
}

#[tokio::test]
async fn auth_registry_without_credentials_is_unauthorized() {
    let (reg, _, _) = auth_registry();
    let (result, _) = run_pull(
        &format!("{reg}/imagen-fixture/private:1.0"),
        no_credentials(),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(result.unwrap_err(), Error::Unauthorized { registry: reg });
}

#[tokio::test]
async fn auth_registry_with_credentials_from_docker_config() {
    let (reg, user, password) = auth_registry();
    // The password's JSON has characters standard base64 turns into '+' or '/': the
    // encoding bollard 0.21 uses and the engine silently ignores.
    let json = serde_json::json!({ "username": user, "password": password, "serveraddress": reg })
        .to_string();
    let standard = base64::engine::general_purpose::STANDARD.encode(&json);
    assert!(
        standard.contains('+') || standard.contains('/'),
        "fixture password no longer exercises the bug: {standard}"
    );

    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let dir = config_dir(
        "auth",
        Some(serde_json::json!({ reg.clone(): { "auth": auth } })),
    );
    let reference = format!("{reg}/imagen-fixture/private:1.0");
    remove_local(&reference);
    let options = PullOptions {
        platform: None,
        docker_config: Some(dir),
    };
    let (result, _) = run_pull(&reference, options, CancellationToken::new()).await;
    assert!(matches!(result.unwrap(), PullOutcome::Downloaded { .. }));
    docker(&["image", "inspect", &reference]);
}

/// A TCP proxy in front of the registry that throttles downloads and counts the bytes it
/// relays, so a test can see whether the engine is still fetching.
async fn counting_proxy(upstream: String, bytes_per_sec: u64) -> (String, Arc<AtomicU64>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let counter = Arc::new(AtomicU64::new(0));
    let count = counter.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let upstream = upstream.clone();
            let count = count.clone();
            tokio::spawn(async move {
                let Ok(server) = tokio::net::TcpStream::connect(&upstream).await else {
                    return;
                };
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                tokio::spawn(async move { tokio::io::copy(&mut cr, &mut sw).await });
                let mut buf = vec![0u8; 64 * 1024];
                let chunk_delay = Duration::from_secs_f64(buf.len() as f64 / bytes_per_sec as f64);
                loop {
                    let n = match sr.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    if cw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                    count.fetch_add(n as u64, Ordering::SeqCst);
                    tokio::time::sleep(chunk_delay).await;
                }
            });
        }
    });
    (addr, counter)
}

#[tokio::test]
async fn cancel_stops_a_large_layer_and_leaves_no_image() {
    let (proxy, relayed) = counting_proxy(registry(), 20_000_000).await;
    let reference = format!("{proxy}/imagen-fixture/big:1.0");
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let parsed = pull::parse_reference(&reference).unwrap();
    let options = no_credentials();
    let pulling = tokio::spawn(async move {
        private_engine()
            .run(|engine| async move {
                pull::pull(&engine, &parsed, &options, cancel, |p| {
                    // Cancel once the big layer is properly under way.
                    if p.downloaded > 10_000_000 {
                        trigger.cancel();
                    }
                })
                .await
            })
            .await
    });
    let outcome = tokio::time::timeout(Duration::from_secs(60), pulling)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(outcome.unwrap(), PullOutcome::Cancelled);

    // The engine must stop fetching: the relayed byte count settles well short of 200 MB.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after_cancel = relayed.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let later = relayed.load(Ordering::SeqCst);
    assert!(
        later - after_cancel < 1_000_000,
        "registry still serving: {after_cancel} → {later}"
    );
    assert!(later < 150_000_000, "the whole layer went through: {later}");

    let inspect = std::process::Command::new("docker")
        .args(["image", "inspect", &reference])
        .output()
        .unwrap();
    assert!(!inspect.status.success(), "image exists after cancel");
}

/// A unix-socket proxy in front of the engine whose connections can be cut at once: the
/// engine "vanishing" from Imagen's point of view, without stopping the shared test engine.
async fn vanishing_engine() -> (String, tokio_util::sync::CancellationToken) {
    let engine_socket = std::env::var("DOCKER_HOST")
        .unwrap()
        .trim_start_matches("unix://")
        .to_owned();
    // In the private engine's state folder, deleted with it (like the config dirs).
    let dir = crate::support::state_dir("vanish");
    let path = dir.join("docker.sock");
    let _ = std::fs::remove_file(&path);
    let listener = tokio::net::UnixListener::bind(&path).unwrap();
    let cut = tokio_util::sync::CancellationToken::new();
    let cut_all = cut.clone();
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                _ = cut_all.cancelled() => return,
                a = listener.accept() => a,
            };
            let Ok((mut client, _)) = accepted else {
                return;
            };
            let Ok(mut engine) = tokio::net::UnixStream::connect(&engine_socket).await else {
                return;
            };
            let cut = cut_all.clone();
            tokio::spawn(async move {
                tokio::select! {
                    _ = cut.cancelled() => {} // dropping both streams closes them
                    _ = tokio::io::copy_bidirectional(&mut client, &mut engine) => {}
                }
            });
        }
    });
    (format!("unix://{}", path.display()), cut)
}

#[tokio::test]
async fn engine_vanishing_mid_pull_is_unreachable_not_a_hang() {
    let (registry_proxy, _) = counting_proxy(registry(), 20_000_000).await;
    let reference =
        pull::parse_reference(&format!("{registry_proxy}/imagen-fixture/big:1.0")).unwrap();
    let (address, cut) = vanishing_engine().await;
    let connection = imagen_core::Connection::new(imagen_core::EngineAddress::new(&address));
    let options = no_credentials();
    let result = tokio::time::timeout(
        Duration::from_secs(60),
        connection.run(|engine| async move {
            pull::pull(
                &engine,
                &reference,
                &options,
                CancellationToken::new(),
                |p| {
                    if p.downloaded > 5_000_000 {
                        cut.cancel();
                    }
                },
            )
            .await
        }),
    )
    .await
    .expect("the pull hung after the engine went away");
    match result {
        Err(Error::EngineUnreachable {
            address: a,
            reason,
            cause,
        }) => {
            assert_eq!(a, address);
            assert!(reason.contains("pull"), "{reason}");
            assert_eq!(cause, imagen_core::UnreachableCause::Dropped);
        }
        other => panic!("expected EngineUnreachable, got {other:?}"),
    }
}

/// A registry that answers the version check, then every other request with `status`
/// (`429 Too Many Requests`) and `body` of `content_type`.
async fn registry_answering(
    status: &'static str,
    content_type: &'static str,
    body: &'static str,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&head);
                let (status, content_type, body) = if line.starts_with("GET /v2/ ") {
                    ("200 OK", "application/json", "{}")
                } else {
                    (status, content_type, body)
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nDocker-Distribution-API-Version: registry/2.0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    addr
}

/// A registry that rate-limits every pull, as Docker Hub does when the anonymous quota is
/// used up.
async fn rate_limited_registry() -> String {
    registry_answering(
        "429 Too Many Requests",
        "application/json",
        r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}"#,
    )
    .await
}

/// A registry down behind its load balancer: an HTML 503 page. The engine's words for it
/// are read as a server error, with its status and without the page.
#[tokio::test]
async fn a_registry_answering_503_may_be_down() {
    let registry = registry_answering(
        "503 Service Unavailable",
        "text/html",
        "<html><body><h1>503 Service Unavailable</h1>No server is available.</body></html>",
    )
    .await;
    let (result, _) = run_pull(
        &format!("{registry}/team/app:1.0"),
        no_credentials(),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(
        result.unwrap_err(),
        Error::RegistryUnreachable {
            registry,
            reason: "HTTP 503".into(),
            cause: RegistryCause::ServerError,
        }
    );
}

#[tokio::test]
async fn rate_limited_registry_is_its_own_error() {
    let registry = rate_limited_registry().await;
    let (result, _) = run_pull(
        &format!("{registry}/team/app:1.0"),
        no_credentials(),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(result.unwrap_err(), Error::RateLimited { registry });
}

#[tokio::test]
async fn platform_is_sent_and_a_missing_one_is_named() {
    // imagen-fixture/armonly:1.0 is a manifest list with only a linux/arm64 entry.
    let reference = format!("{}/imagen-fixture/armonly:1.0", registry());
    remove_local(&reference);
    let with = |platform: &str| PullOptions {
        platform: Some(platform.to_owned()),
        docker_config: Some(config_dir("platform", None)),
    };
    let (result, _) = run_pull(&reference, with("linux/s390x"), CancellationToken::new()).await;
    match result.unwrap_err() {
        Error::PlatformUnavailable { platform, .. } => assert_eq!(platform, "linux/s390x"),
        other => panic!("expected PlatformUnavailable, got {other:?}"),
    }
    // Without a platform the engine asks for its own (linux/amd64 here), which the list lacks.
    let default = PullOptions {
        platform: None,
        ..with("")
    };
    let (result, _) = run_pull(&reference, default, CancellationToken::new()).await;
    assert!(matches!(
        result.unwrap_err(),
        Error::PlatformUnavailable { .. }
    ));
    // So only an explicitly sent linux/arm64 can succeed.
    let (result, _) = run_pull(&reference, with("linux/arm64"), CancellationToken::new()).await;
    assert!(matches!(result.unwrap(), PullOutcome::Downloaded { .. }));
    docker(&["image", "inspect", &reference]);
    remove_local(&reference);
}
