//! A pull that fills the engine's disk fails with `DiskFull`, not a hang or a generic
//! error. This engine's data root is a small tmpfs (`IMAGEN_TEST_DATA_MB` in
//! scripts/test.sh); a fake registry offers a layer bigger than it.

use crate::support::private_engine;
use crate::ENGINE;
use imagen_core::pull::{self, PullOptions};
use imagen_core::Error;
use std::process::Command;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

/// Bigger than any data root the tests give the engine.
const LAYER_BYTES: u64 = 1 << 30;

fn sha256_hex(bytes: &[u8]) -> String {
    // `sha256sum` keeps a hash crate out of the dependencies for one test.
    let mut child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout)[..64].to_owned()
}

/// A registry with one image, `huge:1.0`, whose single layer never fits.
async fn huge_registry() -> String {
    let arch = match std::env::consts::ARCH {
        "aarch64" => "arm64",
        _ => "amd64",
    };
    let layer = format!("sha256:{}", "ab".repeat(32));
    let config = format!(
        r#"{{"architecture":"{arch}","os":"linux","config":{{}},"rootfs":{{"type":"layers","diff_ids":["{layer}"]}}}}"#
    );
    let config_digest = format!("sha256:{}", sha256_hex(config.as_bytes()));
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{{"mediaType":"application/vnd.docker.container.image.v1+json","size":{},"digest":"{config_digest}"}},"layers":[{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":{LAYER_BYTES},"digest":"{layer}"}}]}}"#,
        config.len()
    );
    let manifest_digest = format!("sha256:{}", sha256_hex(manifest.as_bytes()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (config, manifest, config_digest, manifest_digest, layer) = (
                config.clone(),
                manifest.clone(),
                config_digest.clone(),
                manifest_digest.clone(),
                layer.clone(),
            );
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 2048];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&head)
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let head_only = line.starts_with("HEAD ");
                let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
                let send = |status: &str, kind: &str, extra: String, len: u64| {
                    format!(
                        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nDocker-Distribution-API-Version: registry/2.0\r\n{extra}Content-Length: {len}\r\nConnection: close\r\n\r\n"
                    )
                };
                let (header, body): (String, Option<Vec<u8>>) = if path == "/v2/" {
                    (
                        send("200 OK", "application/json", String::new(), 2),
                        Some(b"{}".to_vec()),
                    )
                } else if path == "/v2/huge/manifests/1.0"
                    || path == format!("/v2/huge/manifests/{manifest_digest}")
                {
                    (
                        send(
                            "200 OK",
                            "application/vnd.docker.distribution.manifest.v2+json",
                            format!("Docker-Content-Digest: {manifest_digest}\r\n"),
                            manifest.len() as u64,
                        ),
                        Some(manifest.into_bytes()),
                    )
                } else if path == format!("/v2/huge/blobs/{config_digest}") {
                    (
                        send(
                            "200 OK",
                            "application/octet-stream",
                            String::new(),
                            config.len() as u64,
                        ),
                        Some(config.into_bytes()),
                    )
                } else if path == format!("/v2/huge/blobs/{layer}") {
                    // Streamed below: zeros until the engine gives up.
                    (
                        send(
                            "200 OK",
                            "application/octet-stream",
                            String::new(),
                            LAYER_BYTES,
                        ),
                        None,
                    )
                } else {
                    let body = br#"{"errors":[{"code":"NAME_UNKNOWN"}]}"#.to_vec();
                    (
                        send(
                            "404 Not Found",
                            "application/json",
                            String::new(),
                            body.len() as u64,
                        ),
                        Some(body),
                    )
                };
                if stream.write_all(header.as_bytes()).await.is_err() || head_only {
                    return;
                }
                match body {
                    Some(body) => {
                        let _ = stream.write_all(&body).await;
                    }
                    None => {
                        let chunk = vec![0u8; 1 << 20];
                        for _ in 0..(LAYER_BYTES >> 20) {
                            if stream.write_all(&chunk).await.is_err() {
                                return; // the engine hung up: its disk is full
                            }
                        }
                    }
                }
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_pull_that_fills_the_disk_says_so() {
    // Alone: a full disk would make every other test's build fail too.
    let _alone = ENGINE.write().await;
    let registry = huge_registry().await;
    let parsed = pull::parse_reference(&format!("{registry}/huge:1.0")).unwrap();
    let options = PullOptions {
        platform: None,
        docker_config: Some(std::env::temp_dir().join("imagen-no-docker-config")),
    };
    let result = tokio::time::timeout(
        std::time::Duration::from_secs(120),
        private_engine().run(|engine| async move {
            pull::pull(&engine, &parsed, &options, CancellationToken::new(), |_| {}).await
        }),
    )
    .await
    .expect("the pull neither finished nor failed within 2 minutes");
    match result {
        Err(Error::DiskFull { message }) => {
            assert!(message.contains("no space left"), "{message}")
        }
        other => panic!("expected DiskFull, got {other:?}"),
    }
    // The engine cleans its partial download up; it keeps working.
    let out = Command::new("docker")
        .args(["images", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
}
