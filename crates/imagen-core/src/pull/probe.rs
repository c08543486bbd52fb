//! Asks the registry whether a repository exists, to tell "no such tag" from "no such
//! repository" when the engine's message does not (registry 2.x and most hosted
//! registries say "manifest unknown" for both).
//!
//! `GET /v2/<name>/tags/list`: 200 means the repository exists (so the tag is what is
//! missing), 404 means it does not. Registries that want a token answer 401 with a
//! `WWW-Authenticate: Bearer realm=…,service=…,scope=…` challenge; Imagen fetches the token
//! the way the engine does, anonymously or with the user's Docker login. HTTPS everywhere
//! with the operating system's roots (plus Mozilla's); loopback registries, which docker
//! treats as insecure, are also tried over plain HTTP and without certificate checks.
//! Anything else (private repository, no answer within a few seconds) leaves the answer
//! "unknown" rather than guessed.
//!
//! The user's login leaves the machine only over verified HTTPS: it goes to a token realm
//! (or a registry asking for Basic auth) only when that URL is `https` with its certificate
//! checked, or when its host is loopback ([`is_loopback_host`]: decided by parsing the
//! address, so `127.example.com` is not loopback). A registry cannot send it elsewhere by
//! naming a plain-HTTP realm.

use crate::auth::RegistryAuth;
use crate::engine::tls::{system_roots, AnyCertificate};
use crate::error::Missing;
use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use rustls::ClientConfig;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;
use std::time::Duration;

type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Empty<Bytes>>;

/// How long one attempt (challenge, token and retry included) may take.
const ATTEMPT: Duration = Duration::from_secs(6);

/// True when `registry` (`host[:port]`, as in an image reference) is on this machine.
pub(crate) fn is_loopback(registry: &str) -> bool {
    split_host_port(registry).is_some_and(is_loopback_host)
}

/// True when `host` is this machine: the name `localhost`, an IPv4 address in 127.0.0.0/8,
/// or `::1` (bracketed or not; also as `::ffff:127.x.y.z`). Decided by parsing, never by
/// prefix: `127.example.com`, `127.0.0.1.nip.io` and `localhost.example.com` are names
/// that anyone's DNS may point anywhere, so they are not loopback.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(v6) = bare.parse::<Ipv6Addr>() {
        return v6.to_canonical().is_loopback();
    }
    // Only a bracket-free host can be IPv4 (`[127.0.0.1]` is not an address).
    bare == host && host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `host[:port]` → `host` (`[::1]:5000` → `[::1]`); `None` when the port is not a number
/// or the brackets do not close.
fn split_host_port(address: &str) -> Option<&str> {
    if address.starts_with('[') {
        let end = address.find(']')?;
        let (host, rest) = address.split_at(end + 1);
        return match rest.strip_prefix(':') {
            None if rest.is_empty() => Some(host),
            Some(port) if is_port(port) => Some(host),
            _ => None,
        };
    }
    match address.split_once(':') {
        None => Some(address),
        Some((host, port)) if is_port(port) => Some(host),
        Some(_) => None,
    }
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// May the user's login be sent to `url`? Only over `https` (the clients here check
/// certificates except for loopback hosts) or to a loopback host, where it never leaves
/// the machine.
fn may_send_credentials(url: &str) -> bool {
    let Ok(uri) = url.parse::<hyper::Uri>() else {
        return false;
    };
    let Some(host) = uri.host() else {
        return false;
    };
    match uri.scheme_str() {
        Some(scheme) if scheme.eq_ignore_ascii_case("https") => true,
        Some(scheme) if scheme.eq_ignore_ascii_case("http") => is_loopback_host(host),
        _ => false,
    }
}

/// Where a registry domain's API lives (Docker Hub's is not at `docker.io`).
fn api_host(registry: &str) -> &str {
    match registry {
        "docker.io" | "index.docker.io" => "registry-1.docker.io",
        other => other,
    }
}

/// Asks `registry` about `/v2/<rest>` with `ask(client, url)`: over HTTPS, and for a
/// loopback registry (which docker treats as insecure) over plain HTTP too, each way within
/// [`ATTEMPT`]. `ask` gives `None` when it could not talk to the registry that way (no TLS
/// on that port, say): the next way is tried. `None` when no way reached it.
async fn on_registry<T, F, Fut>(registry: &str, rest: &str, ask: F) -> Option<T>
where
    F: Fn(HttpsClient, String) -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let insecure = is_loopback(registry);
    let client = client(insecure)?;
    let schemes: &[&str] = if insecure {
        &["https", "http"]
    } else {
        &["https"]
    };
    for scheme in schemes {
        let url = format!("{scheme}://{}/v2/{rest}", api_host(registry));
        if let Ok(Some(answer)) = tokio::time::timeout(ATTEMPT, ask(client.clone(), url)).await {
            return Some(answer);
        }
    }
    None
}

/// Which part of `registry/path` is missing, when the registry says.
pub(crate) async fn which_is_missing(
    registry: &str,
    path: &str,
    credentials: Option<&RegistryAuth>,
) -> Option<Missing> {
    let rest = format!("{path}/tags/list");
    on_registry(registry, &rest, |client, url| async move {
        ask(&client, &url, path, credentials).await
    })
    .await
    .flatten()
}

/// What a registry said, asked directly, about the manifest a tag names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ManifestAnswer {
    /// Its digest (`Docker-Content-Digest`): what `docker pull` would record for the tag.
    Digest(String),
    /// No such tag or repository (`404`).
    NotFound,
    /// A login is wanted, or the one sent was refused (`401`, `403` after the challenge).
    Unauthorized,
    /// Too many requests (`429`).
    RateLimited,
}

/// The manifests a pull accepts, so the digest is the one `docker pull` would record: a
/// multi-platform image's index (list), else the image's own manifest.
const MANIFEST_TYPES: &str = "application/vnd.oci.image.index.v1+json, \
     application/vnd.docker.distribution.manifest.list.v2+json, \
     application/vnd.docker.distribution.manifest.v2+json, \
     application/vnd.oci.image.manifest.v1+json";

/// Asks the registry for the digest `tag` of `registry/path` names, with `HEAD` only:
/// Docker Hub counts every manifest `GET` against a download limit that a whole classroom
/// behind one address shares, and a `HEAD` not. `None` when the registry could not be
/// reached this way, or answered in a way this does not read (no digest header, a server
/// error): the caller then asks through the engine.
pub(crate) async fn manifest_digest(
    registry: &str,
    path: &str,
    tag: &str,
    credentials: Option<&RegistryAuth>,
) -> Option<ManifestAnswer> {
    let rest = format!("{path}/manifests/{tag}");
    on_registry(registry, &rest, |client, url| async move {
        head_manifest(&client, &url, path, credentials).await
    })
    .await
    .flatten()
}

/// `None` when the registry could not be reached this way; `Some(answer)` otherwise.
async fn head_manifest(
    client: &HttpsClient,
    url: &str,
    path: &str,
    credentials: Option<&RegistryAuth>,
) -> Option<Option<ManifestAnswer>> {
    let head = |authorization: Option<String>| async move {
        send(
            client,
            Method::HEAD,
            url,
            authorization.as_deref(),
            Some(MANIFEST_TYPES),
        )
        .await
    };
    let first = head(None).await?;
    let answer = if first.status == StatusCode::UNAUTHORIZED {
        // No authorization to be had here (the token service unreachable or refusing, a
        // login this does not speak: an identity token, Basic without a login): the
        // engine, which speaks them all, is asked instead.
        let authorization = authorize(url, first.challenge.as_deref(), path, credentials).await?;
        head(Some(authorization)).await?
    } else {
        first
    };
    Some(match answer.status {
        StatusCode::OK => answer.digest.map(ManifestAnswer::Digest),
        StatusCode::NOT_FOUND => Some(ManifestAnswer::NotFound),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Some(ManifestAnswer::Unauthorized),
        StatusCode::TOO_MANY_REQUESTS => Some(ManifestAnswer::RateLimited),
        _ => None,
    })
}

/// `None` when the registry could not be reached this way; `Some(answer)` otherwise.
async fn ask(
    client: &HttpsClient,
    url: &str,
    path: &str,
    credentials: Option<&RegistryAuth>,
) -> Option<Option<Missing>> {
    let first = get(client, url, None).await?;
    let status = if first.status == StatusCode::UNAUTHORIZED {
        let Some(authorization) =
            authorize(url, first.challenge.as_deref(), path, credentials).await
        else {
            return Some(None);
        };
        get(client, url, Some(&authorization)).await?.status
    } else {
        first.status
    };
    Some(match status {
        StatusCode::OK => Some(Missing::Tag),
        StatusCode::NOT_FOUND => Some(Missing::Repository),
        _ => None,
    })
}

struct Answer {
    status: StatusCode,
    challenge: Option<String>,
    /// `Docker-Content-Digest`, when it is a digest.
    digest: Option<String>,
    body: Bytes,
}

async fn get(client: &HttpsClient, url: &str, authorization: Option<&str>) -> Option<Answer> {
    send(client, Method::GET, url, authorization, None).await
}

async fn send(
    client: &HttpsClient,
    method: Method,
    url: &str,
    authorization: Option<&str>,
    accept: Option<&str>,
) -> Option<Answer> {
    let mut request = Request::builder().method(method).uri(url);
    if let Some(value) = authorization {
        request = request.header(hyper::header::AUTHORIZATION, value);
    }
    if let Some(value) = accept {
        request = request.header(hyper::header::ACCEPT, value);
    }
    let response = client
        .request(request.body(Empty::new()).ok()?)
        .await
        .ok()?;
    let status = response.status();
    let challenge = response
        .headers()
        .get(hyper::header::WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // Only a well-formed digest: the header is the registry's word, and it is shown.
    let digest = response
        .headers()
        .get("docker-content-digest")
        .and_then(|v| v.to_str().ok())
        .filter(|d| {
            d.strip_prefix("sha256:")
                .and_then(crate::images::sha256_of_bare_hex)
                .is_some()
        })
        .map(str::to_owned);
    let body = response.into_body().collect().await.ok()?.to_bytes();
    Some(Answer {
        status,
        challenge,
        digest,
        body,
    })
}

/// The `Authorization` value that answers `challenge` from the registry at `url`, if
/// Imagen can produce one.
async fn authorize(
    url: &str,
    challenge: Option<&str>,
    path: &str,
    credentials: Option<&RegistryAuth>,
) -> Option<String> {
    let challenge = Challenge::parse(challenge?)?;
    let basic = credentials.and_then(|c| {
        let (user, pass) = (c.username.as_deref()?, c.password.as_deref()?);
        Some(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
        ))
    });
    if challenge.scheme.eq_ignore_ascii_case("basic") {
        return basic.filter(|_| may_send_credentials(url));
    }
    if !challenge.scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let realm = challenge.param("realm")?;
    let scope = challenge
        .param("scope")
        .map_or_else(|| format!("repository:{path}:pull"), str::to_owned);
    let separator = if realm.contains('?') { '&' } else { '?' };
    let mut token_url = format!("{realm}{separator}scope={}", crate::engine::encode(&scope));
    if let Some(service) = challenge.param("service") {
        token_url.push_str(&format!("&service={}", crate::engine::encode(service)));
    }
    // The realm is wherever the registry says, so it gets its own client: certificates
    // are skipped only when the realm itself is loopback, not because the registry is.
    let realm_loopback = token_url
        .parse::<hyper::Uri>()
        .ok()?
        .host()
        .is_some_and(is_loopback_host);
    let realm_client = client(realm_loopback)?;
    // The login only over verified HTTPS or to this machine; else ask anonymously. With a
    // login the token carries its rights; without, an anonymous token still reads public
    // repositories.
    let basic = basic.filter(|_| may_send_credentials(&token_url));
    let answer = get(&realm_client, &token_url, basic.as_deref()).await?;
    if answer.status != StatusCode::OK {
        return None;
    }
    let body: serde_json::Value = serde_json::from_slice(&answer.body).ok()?;
    let token = body
        .get("token")
        .or_else(|| body.get("access_token"))
        .and_then(|t| t.as_str())?;
    Some(format!("Bearer {token}"))
}

/// A parsed `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"`.
#[derive(Debug, PartialEq, Eq)]
struct Challenge {
    scheme: String,
    params: Vec<(String, String)>,
}

impl Challenge {
    fn parse(header: &str) -> Option<Self> {
        let header = header.trim();
        let (scheme, rest) = header.split_once(' ').unwrap_or((header, ""));
        let mut params = Vec::new();
        let mut chars = rest.chars().peekable();
        loop {
            while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
                chars.next();
            }
            let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
            if key.is_empty() {
                break;
            }
            let mut value = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => value.extend(chars.next()),
                        '"' => break,
                        c => value.push(c),
                    }
                }
            } else {
                value = chars.by_ref().take_while(|c| *c != ',').collect();
            }
            params.push((key.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        (!scheme.is_empty()).then(|| Self {
            scheme: scheme.to_owned(),
            params,
        })
    }

    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn client(insecure: bool) -> Option<HttpsClient> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .ok()?;
    // Docker skips certificate checks for loopback registries (they are "insecure" by
    // default); the probe does the same so it reaches the registries the engine reaches.
    // Signatures are still checked, so the handshake is a real one.
    let config = if insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
            .with_no_client_auth()
    } else {
        builder
            .with_root_certificates(system_roots())
            .with_no_client_auth()
    };
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_or_http()
        .enable_http1()
        .build();
    Some(Client::builder(TokioExecutor::new()).build(connector))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{
        api_host, is_loopback, is_loopback_host, manifest_digest, may_send_credentials, Challenge,
        ManifestAnswer,
    };
    use std::sync::{Arc, Mutex};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const DIGEST: &str = "sha256:abababababababababababababababababababababababababababababababab";

    /// A plain-HTTP registry on loopback with a Bearer challenge on every manifest, as Docker
    /// Hub has: `team/app:1` exists, `team/gone` does not, `team/busy` is rate-limited,
    /// `team/lost`'s token service cannot be reached. Notes
    /// each request's method, path and `Accept` header.
    async fn registry() -> (String, Arc<Mutex<Vec<String>>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let host = listener.local_addr().unwrap().to_string();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (log, realm) = (seen.clone(), format!("http://{host}/token"));
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (log, realm) = (log.clone(), realm.clone());
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 2048];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            // A TLS handshake (HTTPS is tried first): refused at once, as a
                            // plain-HTTP registry does.
                            Ok(_) if buf[0] == 0x16 && head.is_empty() => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
                    let line = head.lines().next().unwrap_or_default().to_owned();
                    let header = |name: &str| {
                        head.lines()
                            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned()))
                            .unwrap_or_default()
                    };
                    let (accept, bearer) = (header("accept:"), header("authorization:"));
                    log.lock().unwrap().push(format!("{line} [{accept}]"));
                    let (status, extra) = if line.starts_with("get /token") {
                        ("200 OK", String::new())
                    } else if bearer != "bearer t" {
                        // `team/lost`'s token service is on a closed port.
                        let realm = if line.contains("/v2/team/lost/") {
                            "http://127.0.0.1:1/token"
                        } else {
                            &realm
                        };
                        let challenge = format!(
                            "WWW-Authenticate: Bearer realm=\"{realm}\",service=\"test\"\r\n"
                        );
                        ("401 Unauthorized", challenge)
                    } else if line.contains("/v2/team/app/manifests/1 ") {
                        ("200 OK", format!("Docker-Content-Digest: {DIGEST}\r\n"))
                    } else if line.contains("/v2/team/busy/") {
                        ("429 Too Many Requests", String::new())
                    } else {
                        ("404 Not Found", String::new())
                    };
                    let body = if line.starts_with("get /token") {
                        r#"{"token":"t"}"#
                    } else {
                        ""
                    };
                    let reply = format!(
                        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(reply.as_bytes()).await;
                });
            }
        });
        (host, seen)
    }

    /// The update check's question is a HEAD, never a GET of a manifest (which Docker Hub
    /// counts as a pull), and it accepts every manifest a pull does, so the digest is the one
    /// a pull records.
    #[tokio::test]
    async fn a_tags_digest_is_asked_with_head_only() {
        let (host, seen) = registry().await;
        let ask = |path: &'static str| manifest_digest(&host, path, "1", None);
        assert_eq!(
            ask("team/app").await,
            Some(ManifestAnswer::Digest(DIGEST.into()))
        );
        assert_eq!(ask("team/gone").await, Some(ManifestAnswer::NotFound));
        assert_eq!(ask("team/busy").await, Some(ManifestAnswer::RateLimited));
        // No token to be had: not "unauthorized", but a question for the engine instead.
        assert_eq!(ask("team/lost").await, None);
        let seen = seen.lock().unwrap();
        let manifests: Vec<_> = seen.iter().filter(|l| l.contains("/manifests/")).collect();
        assert!(!manifests.is_empty());
        for line in &manifests {
            assert!(line.starts_with("head "), "{line}");
            for kind in [
                "application/vnd.oci.image.index.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.docker.distribution.manifest.v2+json",
                "application/vnd.oci.image.manifest.v1+json",
            ] {
                assert!(line.contains(kind), "{line}");
            }
        }
    }

    #[test]
    fn loopback_registries() {
        assert!(is_loopback("localhost:5000"));
        assert!(is_loopback("localhost"));
        assert!(is_loopback("127.0.0.1:41234"));
        assert!(is_loopback("127.1.2.3"));
        assert!(is_loopback("[::1]:5000"));
        assert!(is_loopback("[::1]"));
        assert!(!is_loopback("registry.example.com"));
        assert!(!is_loopback("docker.io"));
        // Names that merely start like loopback are anyone's.
        assert!(!is_loopback("127.example.com:5000"));
        assert!(!is_loopback("127.0.0.1.nip.io"));
        assert!(!is_loopback("127.0.0.1.nip.io:5000"));
        assert!(!is_loopback("localhost.example.com"));
        assert!(!is_loopback("localhostx:5000"));
        // Not a port, not an address.
        assert!(!is_loopback("127.0.0.1:50x0"));
        assert!(!is_loopback("[::1"));
        assert!(!is_loopback("[::1]x"));
        assert!(!is_loopback("[127.0.0.1]:5000"));
        assert!(!is_loopback("[::2]:5000"));
    }

    #[test]
    fn loopback_hosts_are_parsed_not_prefixed() {
        for yes in [
            "localhost",
            "LocalHost",
            "127.0.0.1",
            "127.255.255.254",
            "::1",
            "[::1]",
            "[0:0:0:0:0:0:0:1]",
            "[::ffff:127.0.0.1]",
        ] {
            assert!(is_loopback_host(yes), "{yes}");
        }
        for no in [
            "127.example.com",
            "127.0.0.1.nip.io",
            "127.0.0.1.",
            "localhost.example.com",
            "mylocalhost",
            "128.0.0.1",
            "10.0.0.1",
            "0.0.0.0",
            "::",
            "[::2]",
            "[127.0.0.1]",
            "127.1",
            "0x7f.0.0.1",
            "",
        ] {
            assert!(!is_loopback_host(no), "{no}");
        }
    }

    #[test]
    fn credentials_go_only_to_https_or_loopback() {
        assert!(may_send_credentials("https://auth.docker.io/token?scope=x"));
        assert!(may_send_credentials("HTTPS://ghcr.io/token"));
        assert!(may_send_credentials("http://127.0.0.1:5001/token"));
        assert!(may_send_credentials("http://localhost:5001/token"));
        assert!(may_send_credentials("http://[::1]:5001/token"));
        assert!(!may_send_credentials("http://auth.example.com/token"));
        assert!(!may_send_credentials("http://127.example.com/token"));
        assert!(!may_send_credentials("http://127.0.0.1.nip.io/token"));
        // User info is not the host.
        assert!(!may_send_credentials(
            "http://127.0.0.1@evil.example.com/token"
        ));
        assert!(!may_send_credentials("ftp://127.0.0.1/token"));
        assert!(!may_send_credentials("/token"));
        assert!(!may_send_credentials("not a url"));
    }

    #[test]
    fn docker_hub_api_lives_elsewhere() {
        assert_eq!(api_host("docker.io"), "registry-1.docker.io");
        assert_eq!(api_host("ghcr.io"), "ghcr.io");
    }

    #[test]
    fn parses_bearer_challenges() {
        let c = Challenge::parse(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push""#,
        )
        .unwrap();
        assert_eq!(c.scheme, "Bearer");
        assert_eq!(c.param("realm"), Some("https://auth.docker.io/token"));
        assert_eq!(c.param("service"), Some("registry.docker.io"));
        assert_eq!(c.param("scope"), Some("repository:library/nginx:pull,push"));
        let basic = Challenge::parse(r#"Basic realm="imagen-test""#).unwrap();
        assert_eq!(basic.scheme, "Basic");
        let bare = Challenge::parse("Bearer realm=https://x/token, service=x").unwrap();
        assert_eq!(bare.param("realm"), Some("https://x/token"));
        assert_eq!(bare.param("service"), Some("x"));
        assert_eq!(Challenge::parse(""), None);
    }
}
