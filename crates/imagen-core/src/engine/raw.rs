//! Bare HTTP requests to the engine, for what bollard 0.21 cannot do faithfully:
//! `POST /images/create` with credentials, and `GET /images/{id}/json` as raw bytes
//! (bollard would re-serialise its typed model, dropping and renaming fields).
//! For the pull: bollard encodes `X-Registry-Auth` with standard
//! base64; the daemon decodes base64url and silently drops a header it cannot decode, so a
//! password whose JSON encodes to `+` or `/` would pull anonymously. This module sends the
//! header we encode ourselves and the versioned path (`/v1.41/…`) the engine expects.
//!
//! Unix sockets and Windows named pipes share one HTTP/1 path ([`over_stream`]): only
//! opening the stream differs, so the code the Linux tests exercise is the code Windows
//! runs. tcp:// goes through hyper's pooled client.

use crate::error::{root_cause, Error, Result, UnreachableCause};
use bytes::Bytes;
use http_body_util::Empty;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// Percent-encodes a path segment or query value. Image names keep `:`, `/` and `@` as
/// the engine expects them; IPv6 brackets, spaces and `+` are escaped.
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':' | b'/' | b'@')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// True when [`post`] can reach `address` (otherwise callers use bollard).
pub(crate) fn supports(address: &str) -> bool {
    (cfg!(unix) && address.starts_with("unix://"))
        || (cfg!(windows) && address.starts_with("npipe://"))
        || address.starts_with("tcp://")
        || address.starts_with("http://")
}

/// `POST {path_and_query}` with `headers`; returns the response with its streaming body.
/// The engine must start answering (status and headers) within [`POST_START_LIMIT`]; the
/// body (a pull's progress) then streams for as long as it needs.
pub(crate) async fn post(
    address: &str,
    path_and_query: &str,
    headers: &[(&str, String)],
) -> Result<Response<Incoming>> {
    let limit = POST_START_LIMIT;
    tokio::time::timeout(
        limit,
        request(hyper::Method::POST, address, path_and_query, headers),
    )
    .await
    .map_err(|_| timed_out(address, limit))?
}

/// `GET {path_and_query}`, the whole body read within `limit`: the engine's bytes exactly
/// as sent.
pub(crate) async fn get(
    address: &str,
    path_and_query: &str,
    limit: Duration,
) -> Result<(u16, Bytes)> {
    use http_body_util::BodyExt;
    let whole = async {
        let response = request(hyper::Method::GET, address, path_and_query, &[]).await?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| Error::EngineUnreachable {
                address: address.to_owned(),
                reason: format!("the engine stopped answering ({e})"),
                cause: UnreachableCause::Dropped,
            })?
            .to_bytes();
        Ok((status, body))
    };
    tokio::time::timeout(limit, whole)
        .await
        .map_err(|_| timed_out(address, limit))?
}

/// A pull's answer starts with its first progress line, which the engine writes only once
/// the registry has answered the manifest request: on slow conference Wi-Fi that can take
/// a while, so twice the ordinary limit (the engine's own registry dial timeouts are 30 s).
const POST_START_LIMIT: Duration = Duration::from_secs(2 * super::REQUEST_TIMEOUT_SECS);

fn timed_out(address: &str, limit: Duration) -> Error {
    Error::EngineTimeout {
        address: address.to_owned(),
        seconds: limit.as_secs().max(1) as u32,
    }
}

fn bad_path(e: hyper::http::uri::InvalidUri) -> Error {
    Error::Internal {
        message: format!("cannot build request path: {e}"),
    }
}

/// One request over an open byte stream (a unix socket or a named pipe).
async fn over_stream<S>(
    stream: S,
    mut request: Request<Empty<Bytes>>,
) -> std::result::Result<Response<Incoming>, hyper::Error>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    // Go's HTTP server rejects HTTP/1.1 requests without a Host header; the engine ignores
    // its value.
    request.headers_mut().insert(
        hyper::header::HOST,
        hyper::header::HeaderValue::from_static("docker"),
    );
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    // The connection task carries the response body; it ends (closing the stream, which is
    // what stops a cancelled pull on the engine) once the body is read or dropped.
    tokio::spawn(connection);
    sender.send_request(request).await
}

/// Opens `//./pipe/docker_engine` (as written after `npipe://`), waiting while the pipe is
/// busy serving other clients, as the docker CLI does.
#[cfg(windows)]
async fn open_pipe(
    pipe: &str,
) -> std::io::Result<tokio::net::windows::named_pipe::NamedPipeClient> {
    use tokio::net::windows::named_pipe::ClientOptions;
    const ERROR_PIPE_BUSY: i32 = 231;
    let path = pipe.replace('/', "\\");
    let mut tries = 0;
    loop {
        match ClientOptions::new().open(&path) {
            Err(e) if e.raw_os_error() == Some(ERROR_PIPE_BUSY) && tries < 50 => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            other => return other,
        }
    }
}

async fn request(
    method: hyper::Method,
    address: &str,
    path_and_query: &str,
    headers: &[(&str, String)],
) -> Result<Response<Incoming>> {
    let unreachable = |reason: String, cause| Error::EngineUnreachable {
        address: address.to_owned(),
        reason,
        cause,
    };
    let builder = |uri: hyper::Uri| {
        let mut req = Request::builder().method(method.clone()).uri(uri);
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        req.body(Empty::<Bytes>::new())
            .map_err(|e| Error::Internal {
                message: format!("cannot build request: {e}"),
            })
    };
    #[cfg(unix)]
    if let Some(socket) = address.strip_prefix("unix://") {
        let stream = tokio::net::UnixStream::connect(socket)
            .await
            .map_err(|e| unreachable(e.to_string(), UnreachableCause::of_io(&e)))?;
        return over_stream(stream, builder(path_and_query.parse().map_err(bad_path)?)?)
            .await
            .map_err(|e| unreachable(root_cause(&e), UnreachableCause::of(&e)));
    }
    #[cfg(windows)]
    if let Some(pipe) = address.strip_prefix("npipe://") {
        let stream = open_pipe(pipe)
            .await
            .map_err(|e| unreachable(e.to_string(), UnreachableCause::of_io(&e)))?;
        return over_stream(stream, builder(path_and_query.parse().map_err(bad_path)?)?)
            .await
            .map_err(|e| unreachable(root_cause(&e), UnreachableCause::of(&e)));
    }
    let host = address
        .strip_prefix("tcp://")
        .or_else(|| address.strip_prefix("http://"))
        .ok_or_else(|| Error::UnsupportedAddress {
            address: address.to_owned(),
        })?;
    let uri: hyper::Uri = format!("http://{}{path_and_query}", host.trim_end_matches('/'))
        .parse()
        .map_err(|_| Error::UnsupportedAddress {
            address: address.to_owned(),
        })?;
    let client = Client::builder(TokioExecutor::new()).build_http();
    client
        .request(builder(uri)?)
        .await
        .map_err(|e| unreachable(root_cause(&e), UnreachableCause::of(&e)))
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn encodes_names_for_paths_and_queries() {
        assert_eq!(encode("[::1]:5000/app"), "%5B::1%5D:5000/app");
        assert_eq!(encode("sha256:abc"), "sha256:abc");
        assert_eq!(encode("a b+c"), "a%20b%2Bc");
    }
}
