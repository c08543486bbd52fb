//! The transport: bare HTTP/1 requests to the engine, the only code that opens a socket,
//! a pipe or a TCP connection to it. The gateway ([`super::gateway`]) decides what to send
//! (the versioned path, the time limit, the error mapping); this module only carries it.
//!
//! Why not bollard 0.21's transport: it drops the `/vX.Y` prefix from every path it sends,
//! encodes `X-Registry-Auth` with standard base64 (the daemon decodes base64url and silently
//! drops a header it cannot decode, so a password whose JSON encodes to `+` or `/` would pull
//! anonymously), and re-serialises `docker inspect`'s document through its typed model.
//!
//! Every transport shares one HTTP/1 path ([`over_stream`]): unix sockets, Windows named
//! pipes, tcp:// (plain, or TLS from [`super::tls`]) and ssh:// (the pipes of an `ssh`
//! running `docker system dial-stdio`, [`super::ssh`]). Only opening the stream differs, so
//! the code the Linux tests exercise is the code Windows runs, and streaming answers (a
//! pull's progress, `/events`) work the same over all of them.

#[cfg(unix)]
use super::ssh;
use super::{tls, Endpoint};
use crate::error::{root_cause, Error, Result, UnreachableCause};
use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::{Request, Response};

/// A request's body: empty for almost every call; `docker load` streams an archive in it.
/// A body that ends with an error aborts the request: the connection is closed before the
/// final chunk, so the engine sees an incomplete upload and acts on nothing.
pub(crate) type RequestBody = UnsyncBoxBody<Bytes, std::io::Error>;

/// The empty body of an ordinary request.
pub(crate) fn no_body() -> RequestBody {
    Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed_unsync()
}

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
        || (cfg!(unix) && address.starts_with("ssh://"))
        || address.starts_with("tcp://")
        || address.starts_with("http://")
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

/// One request over an open byte stream (a socket, a pipe, a TLS session, ssh's pipes).
async fn over_stream<S>(
    stream: S,
    mut request: Request<RequestBody>,
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

/// Why a connection that was opened failed: the cause of an I/O error inside hyper's, else
/// (none inside) an engine that closed it without an answer, as Docker Desktop does while it
/// starts or stops: hyper's `IncompleteMessage` (closed while the answer was awaited) or
/// `Canceled` (closed before the request went out).
fn cause_of(e: &hyper::Error) -> UnreachableCause {
    match UnreachableCause::of(e) {
        UnreachableCause::Other if e.is_incomplete_message() || e.is_canceled() => {
            UnreachableCause::Dropped
        }
        cause => cause,
    }
}

/// Windows' "All pipe instances are busy".
const ERROR_PIPE_BUSY: i32 = 231;
/// Windows' "The system cannot find the file specified": no pipe of that name.
const ERROR_FILE_NOT_FOUND: i32 = 2;

/// The reason and cause of a named pipe [`open_pipe`] could not open. As for a socket, the
/// address names the pipe: say what is wrong with it (Docker Desktop not started), not the
/// OS's "cannot find the file". A pipe still busy once `open_pipe` stopped waiting has an
/// engine behind it that takes no one more yet (starting, or swamped): not ready, which the
/// page words as "wait, then Retry".
#[cfg_attr(not(windows), allow(dead_code))]
fn pipe_unopened(e: &std::io::Error) -> (String, UnreachableCause) {
    if e.raw_os_error() == Some(ERROR_PIPE_BUSY) {
        return (
            "the named pipe stayed busy".to_owned(),
            UnreachableCause::NotReady,
        );
    }
    let cause = UnreachableCause::of_io(e);
    // ERROR_FILE_NOT_FOUND only: a pipe on another computer that cannot be reached
    // (ERROR_BAD_NETPATH, also "not found") is said in Windows' words, as docker says it.
    let reason = if e.raw_os_error() == Some(ERROR_FILE_NOT_FOUND) {
        "the named pipe does not exist".to_owned()
    } else {
        e.to_string()
    };
    (reason, cause)
}

/// Opens `//./pipe/docker_engine` (as written after `npipe://`), waiting while the pipe is
/// busy serving other clients, as the docker CLI does.
#[cfg(windows)]
async fn open_pipe(
    pipe: &str,
) -> std::io::Result<tokio::net::windows::named_pipe::NamedPipeClient> {
    use tokio::net::windows::named_pipe::ClientOptions;
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
    send_with_body(method, endpoint, path_and_query, headers, no_body()).await
}

/// [`send`] with a request body, streamed (chunked) as it is produced; the response comes
/// once the engine answers, usually after it has read the whole body.
pub(crate) async fn send_with_body(
    method: hyper::Method,
    endpoint: &Endpoint,
    path_and_query: &str,
    headers: &[(&str, String)],
    body: RequestBody,
) -> Result<Response<Incoming>> {
    // Taken by whichever transport below builds the request.
    let mut body = Some(body);
    let address = endpoint.address.as_str();
    let unreachable = |reason: String, cause| Error::EngineUnreachable {
        address: address.to_owned(),
        reason,
        cause,
    };
    // A failure once the stream is open: a TLS refusal can surface only here (with TLS 1.3
    // the engine checks the client certificate after the client's side of the handshake).
    let certificates = |certificates: bool| {
        if certificates {
            UnreachableCause::Tls
        } else {
            UnreachableCause::Other
        }
    };
    let failed = |e: hyper::Error| match tls::describe(&e) {
        Some((reason, about)) => unreachable(reason, certificates(about)),
        None => unreachable(root_cause(&e), cause_of(&e)),
    };
    let mut request = |base: &str| {
        let uri: hyper::Uri = format!("{base}{path_and_query}")
            .parse()
            .map_err(bad_path)?;
        let mut req = Request::builder().method(method.clone()).uri(uri);
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        req.body(body.take().unwrap_or_else(no_body))
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
        return over_stream(stream, request("")?).await.map_err(failed);
    }
    #[cfg(unix)]
    if address.starts_with("ssh://") {
        let target =
            ssh::parse(address).map_err(|reason| unreachable(reason, UnreachableCause::Other))?;
        let (stream, stderr) = ssh::open(&target, &endpoint.ssh_args)
            .map_err(|e| unreachable(format!("cannot run ssh: {e}"), UnreachableCause::Other))?;
        return match over_stream(stream, request("")?).await {
            Ok(response) => Ok(response),
            // ssh's own words say why far better than "connection closed".
            Err(e) => Err(match stderr.last_line().await {
                Some(line) => {
                    let cause = UnreachableCause::of_ssh(&line);
                    unreachable(format!("ssh: {line}"), cause)
                }
                None => failed(e),
            }),
        };
    }
    #[cfg(windows)]
    if let Some(pipe) = address.strip_prefix("npipe://") {
        let stream = open_pipe(pipe).await.map_err(|e| {
            let (reason, cause) = pipe_unopened(&e);
            unreachable(reason, cause)
        })?;
        return over_stream(stream, request("")?).await.map_err(failed);
    }
    let tcp =
        Tcp::parse(address, endpoint.tls.is_some()).ok_or_else(|| Error::UnsupportedAddress {
            address: address.to_owned(),
            named_by: None,
        })?;
    let request = request(&tcp.base_path)?;
    let problem = |reason| unreachable(reason, UnreachableCause::Other);
    // The TLS files first: a missing certificate is the user's to fix whether or not the
    // engine is up.
    let tls = match &endpoint.tls {
        Some(files) => Some((
            tls::client_config(files).map_err(problem)?,
            tls::server_name(&tcp.host).map_err(problem)?,
        )),
        None => None,
    };
    let stream = tokio::net::TcpStream::connect((tcp.host.as_str(), tcp.port))
        .await
        .map_err(|e| unreachable(e.to_string(), UnreachableCause::of_io(&e)))?;
    let Some((config, name)) = tls else {
        return over_stream(stream, request).await.map_err(failed);
    };
    let stream = tokio_rustls::TlsConnector::from(config)
        .connect(name, stream)
        .await
        .map_err(|e| match tls::describe(&e) {
            Some((reason, about)) => unreachable(reason, certificates(about)),
            None => unreachable(e.to_string(), UnreachableCause::of_io(&e)),
        })?;
    over_stream(stream, request).await.map_err(failed)
}

/// A `tcp://host[:port][/base]` (or `http://`) address taken apart.
#[derive(Debug, PartialEq, Eq)]
struct Tcp {
    /// Brackets removed from an IPv6 address.
    host: String,
    port: u16,
    /// A path prefix before every request's path (`tcp://host:2375/prefix`), or empty.
    base_path: String,
}

impl Tcp {
    /// Without a port, the docker CLI's: 2376 for TLS, 2375 for plain HTTP.
    fn parse(address: &str, tls: bool) -> Option<Self> {
        let rest = address
            .strip_prefix("tcp://")
            .or_else(|| address.strip_prefix("http://"))?;
        let (authority, base) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6.split_once(']')?;
            match after.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None if after.is_empty() => (host, None),
                None => return None,
            }
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        let port = match port {
            Some(p) => p.parse().ok()?,
            None if tls => 2376,
            None => 2375,
        };
        if host.is_empty() {
            return None;
        }
        Some(Self {
            host: host.to_owned(),
            port,
            base_path: base.trim_end_matches('/').to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{encode, pipe_unopened, send, Tcp};
    use crate::engine::{fake, Endpoint};
    use crate::error::{Error, UnreachableCause};

    /// Docker Desktop starting or stopping: its engine takes the connection, reads the
    /// request and closes it without a word. hyper says "connection closed before message
    /// completed", with no I/O error inside: the connection was cut all the same.
    #[tokio::test]
    async fn an_engine_that_closes_without_answering_dropped_the_connection() {
        let (listener, address) = fake::bind("closes-unanswered");
        fake::serve(listener, |stream, _| async move { drop(stream) });
        let err = send(
            hyper::Method::GET,
            &Endpoint::plain(address),
            "/version",
            &[],
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                err,
                Error::EngineUnreachable {
                    cause: UnreachableCause::Dropped,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    /// A pipe still busy after the waits is an engine there, not ready for one more client;
    /// a missing one is Docker Desktop not started. Neither is said in Windows' words.
    #[test]
    fn a_named_pipe_that_stays_busy_is_an_engine_not_ready() {
        let (reason, cause) = pipe_unopened(&std::io::Error::from_raw_os_error(231));
        assert_eq!(cause, UnreachableCause::NotReady);
        assert_eq!(reason, "the named pipe stayed busy");
        let missing = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            pipe_unopened(&missing),
            (
                "the named pipe does not exist".to_owned(),
                UnreachableCause::NoSocket
            )
        );
        // ERROR_BAD_NETPATH (`npipe:////otherpc/pipe/docker_engine`, otherpc unreachable):
        // not found too, but not "the pipe does not exist".
        #[cfg(windows)]
        {
            let (reason, _) = pipe_unopened(&std::io::Error::from_raw_os_error(53));
            assert_ne!(reason, "the named pipe does not exist");
        }
    }

    #[test]
    fn tcp_addresses_default_to_the_docker_cli_ports() {
        let tcp = |a: &str, tls| Tcp::parse(a, tls).map(|t| (t.host, t.port, t.base_path));
        let some = |h: &str, p, b: &str| Some((h.to_owned(), p, b.to_owned()));
        assert_eq!(tcp("tcp://192.0.2.2", false), some("192.0.2.2", 2375, ""));
        assert_eq!(tcp("tcp://192.0.2.2", true), some("192.0.2.2", 2376, ""));
        assert_eq!(tcp("tcp://host:1234/", true), some("host", 1234, ""));
        assert_eq!(
            tcp("http://[::1]:99/base/", false),
            some("::1", 99, "/base")
        );
        assert_eq!(tcp("tcp://[::1]", true), some("::1", 2376, ""));
        assert_eq!(tcp("tcp://host:port", false), None);
        assert_eq!(tcp("tcp://:2375", false), None);
        assert_eq!(tcp("unix:///x.sock", false), None);
    }

    #[test]
    fn encodes_names_for_paths_and_queries() {
        assert_eq!(encode("[::1]:5000/app"), "%5B::1%5D:5000/app");
        assert_eq!(encode("sha256:abc"), "sha256:abc");
        assert_eq!(encode("a b+c"), "a%20b%2Bc");
    }
}
