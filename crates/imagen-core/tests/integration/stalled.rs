//! A stalled engine: the socket accepts, then never answers (a frozen VM, a wedged
//! daemon). Every call must end with a timeout error, never hang.

use crate::support::{image_id, private_engine};
use imagen_core::engine::Limits;
use imagen_core::removal::{plan_removal, prune_preview, PruneMode, Selection};
use imagen_core::{images, Engine, EngineAddress, Error};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

/// A unix socket in front of the private engine that relays until `stall` is set; from
/// then on it reads requests and never passes them on.
async fn stalling_proxy(stall: Arc<AtomicBool>) -> PathBuf {
    let engine = private_engine();
    let target = PathBuf::from(engine.address().as_str().trim_start_matches("unix://"));
    let dir = std::env::temp_dir().join(format!("imagen-stall-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("docker.sock");
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path).unwrap();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(relay(client, target.clone(), stall.clone()));
        }
    });
    path
}

async fn relay(client: UnixStream, target: PathBuf, stall: Arc<AtomicBool>) {
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
            if stall.load(Ordering::SeqCst) {
                std::future::pending::<()>().await;
            }
            if uw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    let down = tokio::io::copy(&mut ur, &mut cw);
    let _ = tokio::join!(up, down);
}

/// An outer limit well above the engine's: if this one fires, a call hung.
const HUNG: Duration = Duration::from_secs(20);

fn is_timeout<T: std::fmt::Debug>(what: &str, r: Result<T, Error>) {
    assert!(
        matches!(r, Err(Error::EngineTimeout { .. })),
        "{what}: expected a timeout error, got {r:?}"
    );
}

#[tokio::test]
async fn a_stalled_engine_times_out_inspect_history_plan_and_prune() {
    let stall = Arc::new(AtomicBool::new(false));
    let socket = stalling_proxy(stall.clone()).await;
    let limits = Limits {
        request: Duration::from_secs(2),
        ..Limits::default()
    };
    let address = EngineAddress::new(format!("unix://{}", socket.display()));
    let engine = Engine::connect_with(&address, limits).await.unwrap();
    let id = image_id("imagen-fixture/layers:3");
    stall.store(true, Ordering::SeqCst);

    let started = Instant::now();
    is_timeout(
        "inspect",
        tokio::time::timeout(HUNG, images::inspect_image(&engine, &id))
            .await
            .unwrap(),
    );
    is_timeout(
        "history",
        tokio::time::timeout(HUNG, images::image_history(&engine, &id))
            .await
            .unwrap(),
    );
    let selection = Selection {
        images: vec![imagen_core::ImageId::new(id.clone())],
        tags: vec![],
    };
    is_timeout(
        "plan",
        tokio::time::timeout(HUNG, plan_removal(&engine, &selection))
            .await
            .unwrap(),
    );
    is_timeout(
        "prune preview",
        tokio::time::timeout(HUNG, prune_preview(&engine, PruneMode::Unused))
            .await
            .unwrap(),
    );
    if let Some(dir) = socket.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "four calls with a 2 s limit took {:?}",
        started.elapsed()
    );
}
