//! Asks a local registry whether a repository exists, to tell "no such tag" from "no such
//! repository" when the engine's message does not (registry 2.x says "manifest unknown"
//! for both). Only for loopback registries over plain HTTP; elsewhere the answer stays
//! "unknown" rather than guessed.

use crate::error::Missing;
use bytes::Bytes;
use http_body_util::Empty;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

fn is_loopback(registry: &str) -> bool {
    let host = registry
        .rsplit_once(':')
        .filter(|(h, port)| !h.ends_with(']') || port.chars().all(|c| c.is_ascii_digit()))
        .map_or(registry, |(h, _)| h);
    host == "localhost" || host.starts_with("127.") || host == "[::1]"
}

pub(crate) async fn which_is_missing(registry: &str, path: &str) -> Option<Missing> {
    if !is_loopback(registry) {
        return None;
    }
    let uri: hyper::Uri = format!("http://{registry}/v2/{path}/tags/list")
        .parse()
        .ok()?;
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let response = tokio::time::timeout(Duration::from_secs(3), client.get(uri))
        .await
        .ok()?
        .ok()?;
    match response.status().as_u16() {
        200 => Some(Missing::Tag),
        404 => Some(Missing::Repository),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_registries() {
        assert!(is_loopback("localhost:5000"));
        assert!(is_loopback("127.0.0.1:41234"));
        assert!(is_loopback("[::1]:5000"));
        assert!(!is_loopback("registry.example.com"));
        assert!(!is_loopback("docker.io"));
    }
}
