//! "Tag or repository?" against an HTTPS registry with token auth, the kind ghcr.io,
//! quay.io or a company registry are: a fake one here, with a self-signed certificate and
//! a Bearer challenge on every endpoint. The real engine pulls from it (and is told
//! "manifest unknown"); Imagen then asks the registry itself, following the challenge.
//! On the containerd image store the engine's token service is a plain-HTTP one beside it
//! (see [`Realms`]).

use crate::pull::{no_credentials, run_pull};
use imagen_core::{Error, Missing};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

const TOKEN: &str = "imagen-test-token";
/// The only repository the fake registry has (with no tags).
const KNOWN: &str = "team/known";

/// Where the registry sends each client for its token.
#[derive(Clone)]
struct Realms {
    /// On the registry's own HTTPS port, with its self-signed certificate: named to
    /// Imagen's question (`tags/list`, which only Imagen asks).
    https: String,
    /// The one named to the engine's requests: the HTTPS one on the classic store. Docker
    /// 28's containerd image store fetches tokens with Go's default client, which checks
    /// certificates even for a loopback registry (moby c2075797fa fixed it later), so it
    /// cannot take a token from a self-signed realm: there a plain-HTTP one on another
    /// loopback port.
    engine: String,
}

/// Starts the registry on 127.0.0.1; returns its address and the request lines it saw
/// with the `Authorization` scheme each carried (`https` or `http` first: the port asked).
async fn token_registry() -> (String, Arc<Mutex<Vec<String>>>) {
    let cert =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.key_pair.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (https, http) = (
        format!("https://{addr}/token"),
        format!("http://{}/token", plain.local_addr().unwrap()),
    );
    let engine = if crate::support::containerd_store() {
        http
    } else {
        https.clone()
    };
    let realms = Realms { https, engine };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, https_realms) = (seen.clone(), realms.clone());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, log, realms) = (acceptor.clone(), log.clone(), https_realms.clone());
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(tcp).await {
                    serve(tls, "https", &log, &realms).await;
                }
            });
        }
    });
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = plain.accept().await {
            let (log, realms) = (log.clone(), realms.clone());
            tokio::spawn(async move { serve(tcp, "http", &log, &realms).await });
        }
    });
    (addr, seen)
}

/// Answers one request on `stream`, noting it in `log`.
async fn serve<S>(mut stream: S, scheme: &str, log: &Mutex<Vec<String>>, realms: &Realms)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let line = head.lines().next().unwrap_or_default().to_owned();
    let auth = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("authorization:")
                .map(|v| v.trim().to_owned())
        })
        .unwrap_or_default();
    log.lock().unwrap().push(format!(
        "{scheme} {line} [{}]",
        auth.split(' ').next().unwrap_or("")
    ));
    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
    // The plain-HTTP port is only the token service.
    let response = if scheme == "http" && !path.starts_with("/token") {
        reply("404 Not Found", "", "{}")
    } else {
        answer(&path, &auth, realms)
    };
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn reply(status: &str, extra: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n\
         Docker-Distribution-API-Version: registry/2.0\r\n{extra}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn answer(path: &str, authorization: &str, realms: &Realms) -> String {
    if path.starts_with("/token") {
        return reply("200 OK", "", &format!(r#"{{"token":"{TOKEN}"}}"#));
    }
    if authorization != format!("bearer {TOKEN}") {
        let (name, realm) = match path.strip_prefix("/v2/").and_then(|p| {
            (p.split_once("/manifests/")
                .map(|(name, _)| (name, &realms.engine)))
            .or_else(|| {
                p.split_once("/tags/")
                    .map(|(name, _)| (name, &realms.https))
            })
        }) {
            Some((name, realm)) => (Some(name), realm),
            None => (None, &realms.engine),
        };
        let scope = name
            .map(|name| format!(",scope=\"repository:{name}:pull\""))
            .unwrap_or_default();
        return reply(
            "401 Unauthorized",
            &format!(
                "WWW-Authenticate: Bearer realm=\"{realm}\",service=\"imagen-fake\"{scope}\r\n"
            ),
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#,
        );
    }
    if path == "/v2/" {
        return reply("200 OK", "", "{}");
    }
    if path.contains("/manifests/") {
        return reply(
            "404 Not Found",
            "",
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#,
        );
    }
    if path == format!("/v2/{KNOWN}/tags/list") {
        return reply("200 OK", "", &format!(r#"{{"name":"{KNOWN}","tags":[]}}"#));
    }
    reply(
        "404 Not Found",
        "",
        r#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}"#,
    )
}

async fn missing_part(reference: &str) -> Missing {
    let (result, _) = run_pull(reference, no_credentials(), CancellationToken::new()).await;
    match result {
        Err(Error::ImageNotFound { missing, .. }) => missing,
        other => panic!("{reference}: expected ImageNotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn https_registry_with_tokens_says_tag_or_repository() {
    let (registry, seen) = token_registry().await;
    assert_eq!(
        missing_part(&format!("{registry}/{KNOWN}:no-such-tag")).await,
        Missing::Tag
    );
    assert_eq!(
        missing_part(&format!("{registry}/team/no-such-repo:1.0")).await,
        Missing::Repository
    );
    // Imagen's own question went over HTTPS and through the token challenge, its token from
    // the HTTPS realm (self-signed, on loopback).
    let seen = seen.lock().unwrap().clone();
    let saw = |start: &str, end: &str| {
        seen.iter()
            .any(|l| l.starts_with(start) && l.ends_with(end))
    };
    assert!(
        saw(&format!("https GET /v2/{KNOWN}/tags/list"), "[bearer]"),
        "requests: {seen:#?}"
    );
    assert!(saw("https GET /token?", ""), "requests: {seen:#?}");
}
