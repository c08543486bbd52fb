//! The one gateway to the engine: every request Imagen makes goes out through
//! [`Engine::exchange`] or [`Engine::open_stream`], so the transport ([`super::raw`], our own
//! HTTP/1 client), the versioned path (`/v{negotiated}/…`), the time limit and the mapping of
//! failures into [`Error`] are decided here, once. The typed calls are in [`super::calls`].

use super::{raw, Endpoint, Engine};
use crate::error::{Error, Result, UnreachableCause};
use bytes::{Bytes, BytesMut};
use hyper::body::Incoming;
use hyper::{Method, Response};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// A backstop only. A pull's answer starts with its first progress line, which the engine
/// writes only once the registry has answered (DNS, TLS, the token, the manifest): on slow
/// conference Wi-Fi that takes minutes, and it is not the engine's fault. So the start is
/// watched the way the body is, with pings ([`super::while_answering`]): an engine that
/// stops answering them ends the pull within two pings; one that answers is waiting for the
/// registry, and the pull goes on (Cancel stops it).
pub(crate) const PULL_START_CEILING: Duration = Duration::from_secs(30 * 60);

/// What a call that the engine refused or failed looked like, before mapping: callers
/// decide on the status code (404 = no such image / already gone, 409 = conflict, 304 =
/// already stopped).
#[derive(Debug)]
pub(crate) enum CallError {
    /// The engine answered with this status and message.
    Status(u16, String),
    /// Anything else, already mapped (connection lost, time limit, bad input, bad answer).
    Other(Error),
}

impl CallError {
    /// The error as the UI sees it when the caller has nothing more specific to say.
    pub(crate) fn into_error(self) -> Error {
        match self {
            CallError::Status(status, message) => Error::EngineRejected { status, message },
            CallError::Other(e) => e,
        }
    }
}

impl From<Error> for CallError {
    fn from(e: Error) -> Self {
        CallError::Other(e)
    }
}

/// The one mapping of an error answer: the status, and the engine's `message` field (its
/// error documents are `{"message": "…"}`), else the body as text.
pub(crate) fn rejection(status: u16, body: &[u8]) -> CallError {
    let message = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
        .unwrap_or_else(|| String::from_utf8_lossy(body).trim().to_owned());
    CallError::Status(status, message)
}

/// Reads a JSON answer into a type (bollard's models, mostly).
pub(crate) fn json<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::Protocol {
        message: format!("{what}: {e}"),
    })
}

fn timed_out(address: &str, limit: Duration) -> Error {
    Error::EngineTimeout {
        address: address.to_owned(),
        seconds: limit.as_secs().max(1) as u32,
    }
}

/// A response body that streams (a pull's progress), read chunk by chunk.
pub(crate) struct BodyStream {
    address: String,
    /// What the body is, for the error when it breaks off ("the pull").
    what: &'static str,
    body: Incoming,
}

impl BodyStream {
    /// The next chunk of data, `None` at the end; an error when the engine went away.
    pub(crate) async fn next_chunk(&mut self) -> Result<Option<Bytes>> {
        use http_body_util::BodyExt;
        loop {
            let Some(frame) = self.body.frame().await else {
                return Ok(None);
            };
            let frame = frame.map_err(|e| Error::EngineUnreachable {
                address: self.address.clone(),
                reason: format!("the engine stopped answering during {} ({e})", self.what),
                cause: UnreachableCause::Dropped,
            })?;
            if let Ok(data) = frame.into_data() {
                return Ok(Some(data));
            }
        }
    }
}

/// The longest a body that keeps arriving may take in all ([`read_paced`]): an engine that
/// drips forever still ends.
pub(crate) const BODY_CEILING: Duration = Duration::from_secs(10 * 60);

/// Sends `method path` (unversioned path, as the handshake needs) to `address`: the answer
/// must start within `limit`, and its body must not pause for longer than `limit`
/// ([`read_paced`]). Returns the status and the body; success or not is the caller's to
/// decide.
pub(crate) async fn exchange_at(
    endpoint: &Endpoint,
    method: Method,
    path_and_query: &str,
    limit: Duration,
) -> Result<(u16, Bytes)> {
    let address = endpoint.address.as_str();
    let response = tokio::time::timeout(limit, raw::send(method, endpoint, path_and_query, &[]))
        .await
        .map_err(|_| timed_out(address, limit))??;
    let status = response.status().as_u16();
    Ok((status, read_paced(address, response, limit).await?))
}

/// The rest of an answer's body. A slow link that keeps sending is slow, not stalled: each
/// piece must come within `idle` of the one before, not the whole body within one limit (a
/// 10 MB list of 10,000 images from a remote engine on conference Wi-Fi takes longer than
/// the 30 s an ordinary call may wait for its answer to start). The whole within
/// [`BODY_CEILING`].
async fn read_paced(address: &str, response: Response<Incoming>, idle: Duration) -> Result<Bytes> {
    use http_body_util::BodyExt;
    let mut body = response.into_body();
    let whole = async {
        let mut out = BytesMut::new();
        loop {
            let frame = tokio::time::timeout(idle, body.frame())
                .await
                .map_err(|_| timed_out(address, idle))?;
            let Some(frame) = frame else {
                return Ok(out.freeze());
            };
            if let Ok(data) = frame.map_err(|e| raw::dropped(address, &e))?.into_data() {
                out.extend_from_slice(&data);
            }
        }
    };
    tokio::time::timeout(BODY_CEILING, whole)
        .await
        .map_err(|_| timed_out(address, BODY_CEILING))?
}

/// The header that carries the user's registry login to the engine.
const REGISTRY_AUTH: &str = "X-Registry-Auth";

/// `headers` minus the registry login when the connection is exposed: anyone on the way
/// would read it. The one place this is decided, whatever the caller passed; the engine
/// then pulls anonymously, and says so if the registry wants a login.
fn safe_headers<'a>(endpoint: &Endpoint, headers: &[(&'a str, String)]) -> Vec<(&'a str, String)> {
    let exposed = endpoint.is_exposed();
    headers
        .iter()
        .filter(|(name, _)| !(exposed && name.eq_ignore_ascii_case(REGISTRY_AUTH)))
        .cloned()
        .collect()
}

impl Engine {
    /// `method /v{api}{path}` with the whole answer read within `limit`. A 2xx answer is
    /// `Ok(body)`; anything else goes through [`rejection`].
    pub(crate) async fn exchange(
        &self,
        method: Method,
        path: &str,
        limit: Duration,
    ) -> Result<Bytes, CallError> {
        let path = self.versioned(path);
        let (status, body) = exchange_at(self.endpoint(), method, &path, limit).await?;
        if (200..300).contains(&status) {
            Ok(body)
        } else {
            Err(rejection(status, &body))
        }
    }

    /// `method /v{api}{path}` with `headers`, for an answer that streams (`what`, e.g. "the
    /// pull"): the engine must start answering within `limit`; the body then takes as long
    /// as it takes.
    pub(crate) async fn open_stream(
        &self,
        what: &'static str,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        limit: Duration,
    ) -> Result<BodyStream, CallError> {
        self.open_upload(what, method, path, headers, raw::no_body(), limit)
            .await
    }

    /// [`Engine::open_stream`] with a request body that streams (`docker load`'s archive):
    /// the engine must start answering within `limit` of the request's start, which for an
    /// upload includes sending the body. A body that ends in an error aborts the request.
    pub(crate) async fn open_upload(
        &self,
        what: &'static str,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: raw::RequestBody,
        limit: Duration,
    ) -> Result<BodyStream, CallError> {
        let address = self.address();
        let path = self.versioned(path);
        let headers = safe_headers(self.endpoint(), headers);
        let response = tokio::time::timeout(
            limit,
            raw::send_with_body(method, self.endpoint(), &path, &headers, body),
        )
        .await
        .map_err(|_| timed_out(address, limit))??;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let body = read_paced(address, response, limit).await?;
            return Err(rejection(status, &body));
        }
        Ok(BodyStream {
            address: address.to_owned(),
            what,
            body: response.into_body(),
        })
    }

    /// Plain HTTP to another machine ([`Endpoint::is_exposed`]): registry credentials are
    /// never looked up for it, let alone sent.
    pub(crate) fn is_exposed(&self) -> bool {
        self.endpoint().is_exposed()
    }

    /// `/v1.41/images/json` from `/images/json`: every request names the API version both
    /// sides agreed on, so the engine answers in the shape Imagen reads.
    fn versioned(&self, path: &str) -> String {
        format!("/v{}{path}", self.info().api_version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EngineAddress;

    #[test]
    fn registry_logins_never_go_over_an_exposed_connection() {
        let headers = [
            ("X-Registry-Auth", "secret".to_owned()),
            ("x-registry-auth", "secret".to_owned()),
            ("Content-Type", "application/json".to_owned()),
        ];
        let names = |address: &str, tls: bool| {
            let mut endpoint = Endpoint::plain(EngineAddress::new(address));
            if tls {
                endpoint = endpoint.with_tls(super::super::TlsFiles {
                    ca: None,
                    cert: None,
                    key: None,
                    verify: true,
                });
            }
            safe_headers(&endpoint, &headers)
                .into_iter()
                .map(|(name, _)| name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names("tcp://192.0.2.2:2375", false), ["Content-Type"]);
        assert_eq!(names("http://docker.example:2375", false), ["Content-Type"]);
        // Loopback, TLS, a socket, ssh: the login goes to the engine as before.
        for (address, tls) in [
            ("tcp://127.0.0.1:2375", false),
            ("tcp://192.0.2.2:2376", true),
            ("unix:///var/run/docker.sock", false),
            ("ssh://me@far.example", false),
        ] {
            assert_eq!(names(address, tls).len(), 3, "{address}");
        }
    }

    /// A fake engine whose answer starts at once, then sends `pieces` of a chunked body, one
    /// every `gap`, and then ends it (`end`) or goes silent.
    fn dripping_engine(name: &str, pieces: usize, gap: Duration, end: bool) -> Endpoint {
        use tokio::io::AsyncWriteExt;
        let (listener, address) = super::super::fake::bind(name);
        super::super::fake::serve(listener, move |mut stream, _| async move {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            for i in 0..pieces {
                tokio::time::sleep(gap).await;
                let piece = if i == 0 { "1" } else { ",1" };
                let chunk = format!("{:x}\r\n{piece}\r\n", piece.len());
                let _ = stream.write_all(chunk.as_bytes()).await;
            }
            if end {
                let _ = stream.write_all(b"1\r\n]\r\n0\r\n\r\n").await;
            } else {
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
        });
        Endpoint::plain(address)
    }

    #[tokio::test]
    async fn a_body_that_keeps_coming_is_read_past_the_limit_and_one_that_stops_is_not() {
        let limit = Duration::from_millis(600);
        // 8 pieces 200 ms apart: 1.6 s in all, past the limit, but never a pause as long.
        let slow = dripping_engine("slow-body", 8, Duration::from_millis(200), true);
        let (status, body) = exchange_at(&slow, Method::GET, "/images/json", limit)
            .await
            .unwrap();
        assert_eq!(status, 200);
        assert_eq!(&body[..], b"[1,1,1,1,1,1,1,1]");

        // Two pieces, then silence: the pause is what fails, after the limit, not later.
        let stalled = dripping_engine("stalled-body", 2, Duration::from_millis(100), false);
        let started = std::time::Instant::now();
        let err = exchange_at(&stalled, Method::GET, "/images/json", limit)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::EngineTimeout { .. }), "{err:?}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn an_error_answer_is_its_status_and_the_engines_message() {
        let body = br#"{"message":"No such image: nope:latest"}"#;
        match rejection(404, body) {
            CallError::Status(404, m) => assert_eq!(m, "No such image: nope:latest"),
            other => panic!("{other:?}"),
        }
        // Not JSON (a proxy's page, an empty 304): the text as it came.
        match rejection(304, b"") {
            CallError::Status(304, m) => assert!(m.is_empty()),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            rejection(500, b"boom\n").into_error(),
            Error::EngineRejected {
                status: 500,
                message: "boom".into()
            }
        );
    }
}
