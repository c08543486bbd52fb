//! Every request names the negotiated API version (`/v1.41/…`): bollard 0.21 sent its own
//! calls unversioned, which engines answer in their newest shape. A unix socket in front of
//! the private engine records each request line while relaying it.

use crate::support::{image_id, private_engine};
use imagen_core::pull::{self, PullOptions};
use imagen_core::removal::{plan_removal, prune_preview, PruneMode, Selection};
use imagen_core::{images, Engine, EngineAddress, Error};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};
use tokio_util::sync::CancellationToken;

const METHODS: [&str; 5] = ["GET ", "POST ", "DELETE ", "PUT ", "HEAD "];

/// A relaying socket; the request line of every request that passes goes into `seen`.
async fn recording_proxy(seen: Arc<Mutex<Vec<String>>>) -> PathBuf {
    let engine = private_engine();
    let target = PathBuf::from(engine.address().as_str().trim_start_matches("unix://"));
    let dir = std::env::temp_dir().join(format!("imagen-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("docker.sock");
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path).unwrap();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(relay(client, target.clone(), seen.clone()));
        }
    });
    path
}

async fn relay(client: UnixStream, target: PathBuf, seen: Arc<Mutex<Vec<String>>>) {
    let Ok(upstream) = UnixStream::connect(&target).await else {
        return;
    };
    let (mut cr, mut cw) = client.into_split();
    let (mut ur, mut uw) = upstream.into_split();
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = cr.read(&mut buf).await {
            if n == 0 {
                break;
            }
            // Requests carry no body, so each read that starts with a method starts a request.
            let text = String::from_utf8_lossy(&buf[..n]);
            if METHODS.iter().any(|m| text.starts_with(m)) {
                let line = text.lines().next().unwrap_or_default().to_owned();
                seen.lock().unwrap().push(line);
            }
            if uw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    let down = tokio::io::copy(&mut ur, &mut cw);
    let _ = tokio::join!(up, down);
}

#[tokio::test]
async fn every_request_after_the_handshake_names_the_api_version() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let socket = recording_proxy(seen.clone()).await;
    let address = EngineAddress::new(format!("unix://{}", socket.display()));
    let engine = Engine::connect(&address).await.unwrap();
    let version = engine.info().api_version.clone();
    let id = image_id("imagen-fixture/layers:3");

    images::list_images(&engine).await.unwrap();
    images::inspect_image(&engine, &id).await.unwrap();
    images::image_history(&engine, "imagen-fixture/layers:3")
        .await
        .unwrap();
    assert!(matches!(
        images::inspect_image(&engine, "imagen-fixture/no-such-image:1").await,
        Err(Error::NoSuchImage { .. })
    ));
    let selection = Selection {
        images: vec![imagen_core::ImageId::new(id)],
        tags: vec![],
    };
    plan_removal(&engine, &selection).await.unwrap();
    prune_preview(&engine, PruneMode::Dangling).await.unwrap();
    // A pull that fails at the registry still starts with `POST /images/create`.
    let registry = std::env::var("IMAGEN_TEST_REGISTRY").unwrap();
    let missing =
        pull::parse_reference(&format!("{registry}/imagen-fixture/remote:no-such-tag")).unwrap();
    let config = std::env::temp_dir().join(format!("imagen-record-config-{}", std::process::id()));
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.json"), r#"{"auths": {}}"#).unwrap();
    let options = PullOptions {
        platform: None,
        docker_config: Some(config.clone()),
    };
    let pulled = pull::pull(
        &engine,
        &missing,
        &options,
        CancellationToken::new(),
        |_| {},
    )
    .await;
    let _ = std::fs::remove_dir_all(&config);
    assert!(pulled.is_err(), "{pulled:?}");

    let seen = seen.lock().unwrap().clone();
    if let Some(dir) = socket.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
    assert_eq!(seen[0], "GET /version HTTP/1.1", "the handshake: {seen:#?}");
    let prefix = format!("/v{version}/");
    for want in [
        "/images/json",
        "/containers/json",
        "/history",
        "/system/df",
        "/images/create",
    ] {
        assert!(
            seen.iter().any(|l| l.contains(want)),
            "no request for {want}: {seen:#?}"
        );
    }
    for line in &seen[1..] {
        let path = line.split(' ').nth(1).unwrap_or_default();
        assert!(
            path.starts_with(&prefix),
            "{line} lacks {prefix}: {seen:#?}"
        );
    }
}
