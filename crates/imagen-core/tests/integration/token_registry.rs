//! "Tag or repository?" against an HTTPS registry with token auth, the kind ghcr.io,
//! quay.io or a company registry are: a fake one here, with a self-signed certificate and
//! a Bearer challenge on every endpoint. The real engine pulls from it (and is told
//! "manifest unknown"); Imagen then asks the registry itself, following the challenge.

use crate::pull::{no_credentials, run_pull};
use imagen_core::{Error, Missing};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

const TOKEN: &str = "imagen-test-token";
/// The only repository the fake registry has (with no tags).
const KNOWN: &str = "team/known";

/// Starts the registry on 127.0.0.1; returns its address and the request lines it saw
/// with the `Authorization` scheme each carried.
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
    let addr = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, host) = (seen.clone(), addr.clone());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, log, host) = (acceptor.clone(), log.clone(), host.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 2048];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
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
                log.lock()
                    .unwrap()
                    .push(format!("{line} [{}]", auth.split(' ').next().unwrap_or("")));
                let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
                let response = answer(&path, &auth, &host);
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (addr, seen)
}

fn answer(path: &str, authorization: &str, host: &str) -> String {
    let reply = |status: &str, extra: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n\
             Docker-Distribution-API-Version: registry/2.0\r\n{extra}\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    if path.starts_with("/token") {
        return reply("200 OK", "", &format!(r#"{{"token":"{TOKEN}"}}"#));
    }
    if authorization != format!("bearer {TOKEN}") {
        let scope = path
            .strip_prefix("/v2/")
            .and_then(|p| {
                p.split_once("/manifests/")
                    .or_else(|| p.split_once("/tags/"))
            })
            .map(|(name, _)| format!(",scope=\"repository:{name}:pull\""))
            .unwrap_or_default();
        return reply(
            "401 Unauthorized",
            &format!(
                "WWW-Authenticate: Bearer realm=\"https://{host}/token\",service=\"imagen-fake\"{scope}\r\n"
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
    // Imagen's own question went over HTTPS and through the token challenge.
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.iter().any(
            |l| l.starts_with(&format!("GET /v2/{KNOWN}/tags/list")) && l.ends_with("[bearer]")
        ),
        "requests: {seen:#?}"
    );
}
