//! The transport: bare HTTP/1 requests to the engine, the only code that opens a socket,
//! a pipe or a TCP connection to it. The gateway ([`super::gateway`]) decides what to send
//! (the versioned path, the time limit, the error mapping); this module only carries it.
//!
//! Why not bollard 0.21's transport: it drops the `/vX.Y` prefix from every path it sends,
//! encodes `X-Registry-Auth` with standard base64 (the daemon decodes base64url and silently
//! drops a header it cannot decode, so a password whose JSON encodes to `+` or `/` would pull
//! anonymously), and re-serialises `docker inspect`'s document through its typed model.
//!
//! Unix sockets and Windows named pipes share one HTTP/1 path ([`over_stream`]): only
//! opening the stream differs, so the code the Linux tests exercise is the code Windows
//! runs. tcp:// goes through hyper's client.

use super::Endpoint;
use crate::error::{root_cause, Error, Result, UnreachableCause};
use bytes::Bytes;
use http_body_util::Empty;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

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

/// True when [`send`] can reach `address` on this platform.
pub(crate) fn supports(address: &str) -> bool {
    (cfg!(unix) && address.starts_with("unix://"))
        || (cfg!(windows) && address.starts_with("npipe://"))
        || address.starts_with("tcp://")
        || address.starts_with("http://")
}

/// The rest of a response's body, or the engine went away while sending it.
pub(crate) async fn read_body(address: &str, response: Response<Incoming>) -> Result<Bytes> {
    use http_body_util::BodyExt;
    Ok(response
        .into_body()
        .collect()
        .await
        .map_err(|e| dropped(address, &e))?
        .to_bytes())
}

/// The engine stopped answering in the middle of a body.
pub(crate) fn dropped(address: &str, e: &hyper::Error) -> Error {
    Error::EngineUnreachable {
        address: address.to_owned(),
        reason: format!("the engine stopped answering ({e})"),
        cause: UnreachableCause::Dropped,
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

/// Sends one bodiless request and returns the response with its streaming body. No time
/// limit here: the gateway ([`super::gateway`]) puts one around every request.
pub(crate) async fn send(
    method: hyper::Method,
    endpoint: &Endpoint,
    path_and_query: &str,
    headers: &[(&str, String)],
) -> Result<Response<Incoming>> {
    let address = endpoint.address.as_str();
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
        let stream = tokio::net::UnixStream::connect(socket).await.map_err(|e| {
            let cause = UnreachableCause::of_io(&e);
            // The address already names the path; say what is wrong with it.
            let reason = if cause == UnreachableCause::NoSocket {
                "the socket file does not exist".to_owned()
            } else {
                e.to_string()
            };
            unreachable(reason, cause)
        })?;
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
