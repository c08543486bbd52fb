//! Test support: engines of their own, for the unit tests that need one that misbehaves in
//! ways a real engine cannot be made to (silent, stalled, scripted answers). On Unix they
//! listen on a unix socket; on Windows on a named pipe, so the same tests run through the
//! `npipe://` transport that Docker Desktop's users connect with.
#![allow(clippy::unwrap_used, clippy::panic)] // test support: failing loudly is the point

use super::EngineAddress;
use std::future::Future;
use tokio::io::AsyncReadExt;

/// One connection to a fake engine, as the engine's side sees it.
#[cfg(unix)]
pub(crate) type Stream = tokio::net::UnixStream;
/// One connection to a fake engine, as the engine's side sees it.
#[cfg(windows)]
pub(crate) type Stream = tokio::net::windows::named_pipe::NamedPipeServer;

/// What Engine 20.10 answers to the unversioned handshake.
pub(crate) const VERSION_1_41: &str =
    r#"{"Version":"20.10.24","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}"#;

/// A fake engine's listening socket; its folder goes when the fake does (the test's runtime
/// drops the task that serves it), so a test run leaves no socket folders in /tmp.
#[cfg(unix)]
pub(crate) struct Listener {
    listener: tokio::net::UnixListener,
    dir: std::path::PathBuf,
}

#[cfg(unix)]
impl Listener {
    /// The next connection.
    pub(crate) async fn accept(&self) -> std::io::Result<(Stream, ())> {
        let (stream, _) = self.listener.accept().await?;
        Ok((stream, ()))
    }
}

#[cfg(unix)]
impl Drop for Listener {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A fresh socket named after `name` and this process, and its `unix://` address.
#[cfg(unix)]
pub(crate) fn bind(name: &str) -> (Listener, EngineAddress) {
    let dir = std::env::temp_dir().join(format!("imagen-fake-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let path = dir.join("docker.sock");
    let _ = std::fs::remove_file(&path);
    let listener =
        tokio::net::UnixListener::bind(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (
        Listener { listener, dir },
        EngineAddress::new(format!("unix://{}", path.display())),
    )
}

/// A fake engine's named pipe: the instance waiting for the next client. Each accepted
/// client takes the waiting instance and leaves a new one, as a pipe server must (a
/// client that finds no free instance gets ERROR_PIPE_BUSY).
#[cfg(windows)]
pub(crate) struct Listener {
    name: String,
    waiting: tokio::sync::Mutex<Stream>,
}

#[cfg(windows)]
impl Listener {
    /// The next connection.
    pub(crate) async fn accept(&self) -> std::io::Result<(Stream, ())> {
        use tokio::net::windows::named_pipe::ServerOptions;
        let mut waiting = self.waiting.lock().await;
        waiting.connect().await?;
        let next = ServerOptions::new().create(&self.name)?;
        Ok((std::mem::replace(&mut *waiting, next), ()))
    }
}

/// A fresh pipe named after `name` and this process, and its `npipe://` address. The pipe
/// goes with its last instance, when the fake's task is dropped.
#[cfg(windows)]
pub(crate) fn bind(name: &str) -> (Listener, EngineAddress) {
    use tokio::net::windows::named_pipe::ServerOptions;
    let pipe = format!("imagen-fake-{}-{name}", std::process::id());
    let path = format!(r"\\.\pipe\{pipe}");
    let first = ServerOptions::new()
        .first_pipe_instance(true)
        .create(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    (
        Listener {
            name: path,
            waiting: tokio::sync::Mutex::new(first),
        },
        EngineAddress::new(format!("npipe:////./pipe/{pipe}")),
    )
}

/// The address of an engine that is not there (nothing listens at it, nothing was made),
/// named after `name` and this process: Docker Desktop not started.
pub(crate) fn absent(name: &str) -> EngineAddress {
    let pipe = format!("imagen-absent-{}-{name}", std::process::id());
    if cfg!(windows) {
        EngineAddress::new(format!("npipe:////./pipe/{pipe}"))
    } else {
        let path = std::env::temp_dir().join(pipe).join("docker.sock");
        EngineAddress::new(format!("unix://{}", path.display()))
    }
}

/// What the transport says of an [`absent`] engine.
pub(crate) const ABSENT_REASON: &str = if cfg!(windows) {
    "the named pipe does not exist"
} else {
    "the socket file does not exist"
};

/// Reads a request's head; its first line (`GET /version HTTP/1.1`), or `None` when the
/// peer closed first.
pub(crate) async fn request_line(stream: &mut Stream) -> Option<String> {
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
pub(crate) fn serve<F, Fut>(listener: Listener, answer: F)
where
    F: Fn(Stream, String) -> Fut + Send + Sync + Clone + 'static,
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

/// What a [`scripted`] engine does with one request.
pub(crate) enum Answer {
    /// Writes this, then closes the connection.
    Send(Vec<u8>),
    /// Writes this, then never another byte: a stream under way, or an engine frozen in
    /// the middle of an answer.
    SendThenHang(Vec<u8>),
    /// Never answers at all.
    Hang,
}

impl Answer {
    /// `200 OK` with this JSON body.
    pub(crate) fn json(body: &str) -> Self {
        Self::Send(ok_json(body).into_bytes())
    }

    /// `status` (`500 Internal Server Error`) with this JSON body.
    pub(crate) fn status(status: &str, body: &str) -> Self {
        Self::Send(status_json(status, body).into_bytes())
    }

    /// The engine's `404` for an image it does not hold.
    pub(crate) fn no_such_image() -> Self {
        Self::status("404 Not Found", r#"{"message":"No such image"}"#)
    }
}

/// `/images/json`'s answer listing the one untagged image `id`.
pub(crate) fn listing_one(id: &str) -> String {
    format!(
        r#"[{{"Id":"{id}","ParentId":"","RepoTags":[],"RepoDigests":[],"Created":1,"Size":4096,"SharedSize":-1,"Labels":{{}},"Containers":-1}}]"#
    )
}

/// An engine that answers the handshake with `version`, `/_ping` when `pings`, and every
/// other request as `route` says for its request line. Most fakes differ only in `route`;
/// the ones that read a request's body or wait on the test serve with [`serve`] instead.
pub(crate) fn scripted<R>(name: &str, version: &'static str, pings: bool, route: R) -> EngineAddress
where
    R: Fn(&str) -> Answer + Send + Sync + 'static,
{
    use tokio::io::AsyncWriteExt;
    let (listener, address) = bind(name);
    let route = std::sync::Arc::new(route);
    serve(listener, move |mut stream, line| {
        let route = route.clone();
        async move {
            let answer = if line.starts_with("GET /version") {
                Answer::json(version)
            } else if line.contains("/_ping") && pings {
                Answer::Send(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK"
                        .to_vec(),
                )
            } else {
                route(&line)
            };
            match answer {
                Answer::Send(bytes) => {
                    let _ = stream.write_all(&bytes).await;
                }
                Answer::SendThenHang(bytes) => {
                    let _ = stream.write_all(&bytes).await;
                    std::future::pending::<()>().await;
                }
                Answer::Hang => std::future::pending::<()>().await,
            }
        }
    });
    address
}

/// An engine that answers the handshake and, when `pings`, `/_ping`; every other request
/// waits forever: a step or a registry question that never ends, on an engine that is
/// alive (`pings`) or frozen.
pub(crate) fn silent_but_pinging(name: &str, pings: bool) -> EngineAddress {
    scripted(name, VERSION_1_41, pings, |_| Answer::Hang)
}
