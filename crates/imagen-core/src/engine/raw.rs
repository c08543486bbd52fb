//! Bare HTTP requests to the engine, for what bollard 0.21 cannot do faithfully:
//! `POST /images/create` with credentials, and `GET /images/{id}/json` as raw bytes
//! (bollard would re-serialise its typed model, dropping and renaming fields).
//! For the pull: bollard encodes `X-Registry-Auth` with standard
//! base64; the daemon decodes base64url and silently drops a header it cannot decode, so a
//! password whose JSON encodes to `+` or `/` would pull anonymously. This module sends the
//! header we encode ourselves and the versioned path (`/v1.41/…`) the engine expects.
//!
//! Unix sockets and tcp:// are supported here; on Windows (named pipes) pulls go through
//! bollard instead (see `pull.rs`).

use crate::error::{root_cause, Error, Result};
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

/// True when [`post`] can reach `address` (otherwise callers use bollard).
pub(crate) fn supports(address: &str) -> bool {
    (cfg!(unix) && address.starts_with("unix://"))
        || address.starts_with("tcp://")
        || address.starts_with("http://")
}

/// `POST {path_and_query}` with `headers`; returns the response with its streaming body.
pub(crate) async fn post(
    address: &str,
    path_and_query: &str,
    headers: &[(&str, String)],
) -> Result<Response<Incoming>> {
    request(hyper::Method::POST, address, path_and_query, headers).await
}

/// `GET {path_and_query}`, the whole body read: the engine's bytes exactly as sent.
pub(crate) async fn get(address: &str, path_and_query: &str) -> Result<(u16, Bytes)> {
    use http_body_util::BodyExt;
    let response = request(hyper::Method::GET, address, path_and_query, &[]).await?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| Error::EngineUnreachable {
            address: address.to_owned(),
            reason: format!("the engine stopped answering ({e})"),
        })?
        .to_bytes();
    Ok((status, body))
}

async fn request(
    method: hyper::Method,
    address: &str,
    path_and_query: &str,
    headers: &[(&str, String)],
) -> Result<Response<Incoming>> {
    let unreachable = |reason: String| Error::EngineUnreachable {
        address: address.to_owned(),
        reason,
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
        let uri: hyper::Uri = hyperlocal::Uri::new(socket, path_and_query).into();
        let client = Client::builder(TokioExecutor::new()).build(hyperlocal::UnixConnector);
        return client
            .request(builder(uri)?)
            .await
            .map_err(|e| unreachable(root_cause(&e)));
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
        .map_err(|e| unreachable(root_cause(&e)))
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
