//! Test support: engines on unix sockets of their own, for the unit tests that need one that
//! misbehaves in ways a real engine cannot be made to (silent, stalled, scripted answers).
#![allow(clippy::unwrap_used, clippy::panic)] // test support: failing loudly is the point

use super::EngineAddress;
use std::future::Future;
use tokio::io::AsyncReadExt;
use tokio::net::{UnixListener, UnixStream};

/// What Engine 20.10 answers to the unversioned handshake.
pub(crate) const VERSION_1_41: &str =
    r#"{"Version":"20.10.24","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}"#;

/// A fresh socket named after `name` and this process, and its `unix://` address.
pub(crate) fn bind(name: &str) -> (UnixListener, EngineAddress) {
    let dir = std::env::temp_dir().join(format!("imagen-fake-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let path = dir.join("docker.sock");
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (
        listener,
        EngineAddress::new(format!("unix://{}", path.display())),
    )
}

/// Reads a request's head; its first line (`GET /version HTTP/1.1`), or `None` when the
/// peer closed first.
pub(crate) async fn request_line(stream: &mut UnixStream) -> Option<String> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    Some(
        String::from_utf8_lossy(&request)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned(),
    )
}

/// `200 OK` with a JSON body of known length.
pub(crate) fn ok_json(body: &str) -> String {
    status_json("200 OK", body)
}

/// `status` (`404 Not Found`) with a JSON body of known length.
pub(crate) fn status_json(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Serves every connection to `listener` in a task of its own: `answer` gets the stream and
/// the request line (connections that close before a whole head are dropped).
pub(crate) fn serve<F, Fut>(listener: UnixListener, answer: F)
where
    F: Fn(UnixStream, String) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                if let Some(line) = request_line(&mut stream).await {
                    answer(stream, line).await;
                }
            });
        }
    });
}

/// An engine that answers the handshake and, when `pings`, `/_ping`; every other request
/// waits forever: a step or a registry question that never ends, on an engine that is
/// alive (`pings`) or frozen.
pub(crate) fn silent_but_pinging(name: &str, pings: bool) -> EngineAddress {
    use tokio::io::AsyncWriteExt;
    let (listener, address) = bind(name);
    serve(listener, move |mut stream, line| async move {
        let answer = if line.starts_with("GET /version") {
            ok_json(VERSION_1_41)
        } else if line.contains("/_ping") && pings {
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK".to_owned()
        } else {
            std::future::pending::<()>().await;
            return;
        };
        let _ = stream.write_all(answer.as_bytes()).await;
    });
    address
}
