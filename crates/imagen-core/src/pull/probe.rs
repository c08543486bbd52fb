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
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

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

/// One conversation with registries, for as long as one task lasts (an update check):
/// the HTTPS clients are made once, so their connections are kept between questions (on
/// bad Wi-Fi a TLS handshake to the registry and one to its token service per tag is most
/// of the wait); the tokens a token service gave are used again for the next question on
/// the same repository while they last; and a loopback registry is asked the way (HTTPS or
/// plain HTTP) that answered last time.
#[derive(Default)]
pub(crate) struct Session {
    /// Certificates checked (`[0]`), and not (`[1]`, loopback only).
    clients: [OnceLock<Option<HttpsClient>>; 2],
    tokens: Mutex<Vec<Token>>,
    /// Registries (by origin) and the last challenge each gave.
    challenges: Mutex<Vec<(String, Challenge)>>,
    /// Loopback registries and the scheme that reached them.
    schemes: Mutex<Vec<(String, &'static str)>>,
}

/// A token service's answer, kept for the same question (the token URL names the
/// repository and scope) with the same login.
struct Token {
    url: String,
    login: Option<String>,
    authorization: String,
    until: Instant,
}

/// A token is not used this close to its end: the question it goes with may take a while.
const TOKEN_MARGIN: Duration = Duration::from_secs(10);

impl Session {
    fn client(&self, insecure: bool) -> Option<HttpsClient> {
        self.clients[usize::from(insecure)]
            .get_or_init(|| client(insecure))
            .clone()
    }

    fn token(&self, url: &str, login: Option<&str>) -> Option<String> {
        let now = Instant::now();
        let mut tokens = lock(&self.tokens);
        tokens.retain(|t| t.until > now);
        tokens
            .iter()
            .find(|t| t.url == url && t.login.as_deref() == login)
            .map(|t| t.authorization.clone())
    }

    fn keep_token(&self, url: &str, login: Option<&str>, authorization: &str, lasts: Duration) {
        let Some(until) = Instant::now().checked_add(lasts.saturating_sub(TOKEN_MARGIN)) else {
            return;
        };
        let mut tokens = lock(&self.tokens);
        tokens.retain(|t| !(t.url == url && t.login.as_deref() == login));
        tokens.push(Token {
            url: url.to_owned(),
            login: login.map(str::to_owned),
            authorization: authorization.to_owned(),
            until,
        });
    }

    fn forget_token(&self, authorization: &str) {
        lock(&self.tokens).retain(|t| t.authorization != authorization);
    }

    /// The challenge the registry that serves `url` gave last, if any, without its scope
    /// (which named that question's repository).
    fn challenge(&self, url: &str) -> Option<Challenge> {
        let origin = origin(url);
        lock(&self.challenges)
            .iter()
            .find(|(o, _)| *o == origin)
            .map(|(_, c)| c.clone())
    }

    fn keep_challenge(&self, url: &str, challenge: Option<&Challenge>) {
        let origin = origin(url);
        let mut challenges = lock(&self.challenges);
        challenges.retain(|(o, _)| *o != origin);
        if let Some(challenge) = challenge {
            let mut general = challenge.clone();
            general.params.retain(|(key, _)| key != "scope");
            challenges.push((origin.to_owned(), general));
        }
    }
}

/// `https://host:port` of a registry URL (everything before its `/v2/`).
fn origin(url: &str) -> &str {
    url.find("/v2/").map_or(url, |at| &url[..at])
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Asks `registry` about `/v2/<rest>` with `ask(client, url)`: over HTTPS, and for a
/// loopback registry (which docker treats as insecure) over plain HTTP too, each way within
/// [`ATTEMPT`]. `ask` gives `None` when it could not talk to the registry that way (no TLS
/// on that port, say): the next way is tried. `None` when no way reached it.
async fn on_registry<T, F, Fut>(session: &Session, registry: &str, rest: &str, ask: F) -> Option<T>
where
    F: Fn(HttpsClient, String) -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    match reach(session, registry, rest, ATTEMPT, ask).await {
        Reached::Answered(answer) => Some(answer),
        Reached::Unreachable | Reached::TimedOut => None,
    }
}

/// How asking a registry went, when the caller must tell a registry out of reach from one
/// that was only slow (bad Wi-Fi): the update check stops asking the first directly, not
/// the second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reached<T> {
    Answered(T),
    /// No way reached it: refused, no TLS, no route, an answer `ask` could not use.
    Unreachable,
    /// No way answered, and at least one ran out of its time (`attempt`).
    TimedOut,
}

/// [`on_registry`], each way within `attempt`, saying whether a way ran out of time.
async fn reach<T, F, Fut>(
    session: &Session,
    registry: &str,
    rest: &str,
    attempt: Duration,
    ask: F,
) -> Reached<T>
where
    F: Fn(HttpsClient, String) -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let insecure = is_loopback(registry);
    let Some(client) = session.client(insecure) else {
        return Reached::Unreachable;
    };
    let mut schemes: Vec<&'static str> = if insecure {
        vec!["https", "http"]
    } else {
        vec!["https"]
    };
    let known = lock(&session.schemes)
        .iter()
        .find(|(r, _)| r == registry)
        .map(|(_, scheme)| *scheme);
    if let Some(known) = known {
        schemes.sort_by_key(|scheme| *scheme != known);
    }
    let mut timed_out = false;
    for scheme in schemes {
        let url = format!("{scheme}://{}/v2/{rest}", api_host(registry));
        match tokio::time::timeout(attempt, ask(client.clone(), url)).await {
            Ok(Some(answer)) => {
                if insecure && known != Some(scheme) {
                    let mut known = lock(&session.schemes);
                    known.retain(|(r, _)| r != registry);
                    known.push((registry.to_owned(), scheme));
                }
                return Reached::Answered(answer);
            }
            Ok(None) => {}
            Err(_) => timed_out = true,
        }
    }
    if timed_out {
        Reached::TimedOut
    } else {
        Reached::Unreachable
    }
}

/// Which part of `registry/path` is missing, when the registry says.
pub(crate) async fn which_is_missing(
    registry: &str,
    path: &str,
    credentials: Option<&RegistryAuth>,
) -> Option<Missing> {
    let rest = format!("{path}/tags/list");
    let session = Session::default();
    let session = &session;
    on_registry(session, registry, &rest, |client, url| async move {
        ask(session, &client, &url, path, credentials).await
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
/// behind one address shares, and a `HEAD` not. `Answered(None)` when it answered in a way
/// this does not read (no digest header, a server error); `Unreachable` when it could not be
/// reached this way, and `TimedOut` when it gave no answer in time (bad Wi-Fi as much as a
/// registry out of reach): the caller then asks through the engine.
pub(crate) async fn manifest_digest_reached(
    session: &Session,
    registry: &str,
    path: &str,
    tag: &str,
    credentials: Option<&RegistryAuth>,
) -> Reached<Option<ManifestAnswer>> {
    let rest = format!("{path}/manifests/{tag}");
    reach(
        session,
        registry,
        &rest,
        ATTEMPT,
        |client, url| async move { head_manifest(session, &client, &url, path, credentials).await },
    )
    .await
}

/// `None` when the registry could not be reached this way; `Some(answer)` otherwise.
async fn head_manifest(
    session: &Session,
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
    // A registry that wanted a token for an earlier question wants one for this: it is had
    // (or a kept one taken) before asking, which saves a round trip per tag.
    let known = session.challenge(url);
    let early = match &known {
        Some(challenge) => {
            authorize(session, url, Some(challenge.clone()), path, credentials).await
        }
        None => None,
    };
    let mut answer = head(early.clone()).await?;
    if answer.status == StatusCode::UNAUTHORIZED {
        // A kept token the registry no longer takes (expired by its clock, revoked), or
        // the first question to it: a new token for the challenge it gives now.
        if let Some(token) = &early {
            session.forget_token(token);
        }
        let challenge = answer.challenge.as_deref().and_then(Challenge::parse);
        session.keep_challenge(url, challenge.as_ref());
        // No authorization to be had here (the token service unreachable or refusing, a
        // login this does not speak: an identity token, Basic without a login): the
        // engine, which speaks them all, is asked instead.
        let authorization = authorize(session, url, challenge, path, credentials).await?;
        answer = head(Some(authorization)).await?;
    }
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
    session: &Session,
    client: &HttpsClient,
    url: &str,
    path: &str,
    credentials: Option<&RegistryAuth>,
) -> Option<Option<Missing>> {
    let first = get(client, url, None).await?;
    let status = if first.status == StatusCode::UNAUTHORIZED {
        let Some(authorization) = authorize(
            session,
            url,
            first.challenge.as_deref().and_then(Challenge::parse),
            path,
            credentials,
        )
        .await
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
/// Imagen can produce one: a token the session kept for the same question and login, else
/// a new one from the token service.
async fn authorize(
    session: &Session,
    url: &str,
    challenge: Option<Challenge>,
    path: &str,
    credentials: Option<&RegistryAuth>,
) -> Option<String> {
    let challenge = challenge?;
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
    // The login only over verified HTTPS or to this machine; else ask anonymously. With a
    // login the token carries its rights; without, an anonymous token still reads public
    // repositories.
    let basic = basic.filter(|_| may_send_credentials(&token_url));
    if let Some(kept) = session.token(&token_url, basic.as_deref()) {
        return Some(kept);
    }
    // The realm is wherever the registry says, so it gets its own client: certificates
    // are skipped only when the realm itself is loopback, not because the registry is.
    let realm_loopback = token_url
        .parse::<hyper::Uri>()
        .ok()?
        .host()
        .is_some_and(is_loopback_host);
    let realm_client = session.client(realm_loopback)?;
    let answer = get(&realm_client, &token_url, basic.as_deref()).await?;
    if answer.status != StatusCode::OK {
        return None;
    }
    let body: serde_json::Value = serde_json::from_slice(&answer.body).ok()?;
    let token = body
        .get("token")
        .or_else(|| body.get("access_token"))
        .and_then(|t| t.as_str())?;
    let authorization = format!("Bearer {token}");
    // The distribution token spec: `expires_in` seconds, 60 when not said.
    let lasts = body
        .get("expires_in")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(60);
    session.keep_token(
        &token_url,
        basic.as_deref(),
        &authorization,
        Duration::from_secs(lasts),
    );
    Some(authorization)
}

/// A parsed `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"`.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        api_host, is_loopback, is_loopback_host, manifest_digest_reached, may_send_credentials,
        reach, Challenge, ManifestAnswer, Reached, Session,
    };
    use crate::auth::RegistryAuth;

    /// The digest, or `None` however the registry was not asked or not understood.
    async fn manifest_digest(
        session: &Session,
        registry: &str,
        path: &str,
        tag: &str,
        credentials: Option<&RegistryAuth>,
    ) -> Option<ManifestAnswer> {
        match manifest_digest_reached(session, registry, path, tag, credentials).await {
            Reached::Answered(answer) => answer,
            Reached::Unreachable | Reached::TimedOut => None,
        }
    }
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const DIGEST: &str = "sha256:abababababababababababababababababababababababababababababababab";

    /// A registry that gives no answer in time is told from one that cannot be reached: the
    /// update check keeps asking the first directly (bad Wi-Fi), not the second.
    #[tokio::test]
    async fn a_registry_that_only_ran_out_of_time_is_told_from_one_out_of_reach() {
        let session = Session::default();
        let limit = Duration::from_millis(50);
        // Loopback: both ways (https, then http) are tried.
        let slow: Reached<()> = reach(&session, "127.0.0.1:1", "x/manifests/1", limit, |_, _| {
            std::future::pending::<Option<()>>()
        })
        .await;
        assert_eq!(slow, Reached::TimedOut);
        let refused: Reached<()> = reach(
            &session,
            "127.0.0.1:1",
            "x/manifests/1",
            limit,
            |_, _| async { None },
        )
        .await;
        assert_eq!(refused, Reached::Unreachable);
        let asked = AtomicUsize::new(0);
        let second_way: Reached<u8> =
            reach(&session, "127.0.0.1:1", "x/manifests/1", limit, |_, url| {
                let n = asked.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n == 0 {
                        std::future::pending::<()>().await;
                    }
                    url.starts_with("http://").then_some(7)
                }
            })
            .await;
        assert_eq!(second_way, Reached::Answered(7));
    }

    /// A plain-HTTP registry on loopback with a Bearer challenge on every manifest, as Docker
    /// Hub has (its scope names the repository): `team/app:1` and `team/brief:1` exist,
    /// `team/gone` does not, `team/busy` is rate-limited, `team/lost`'s token service cannot
    /// be reached; `team/brief`'s tokens last 5 seconds, the others' 300. It takes only
    /// the token `t`. Connections are kept alive. Notes each request's method, path and
    /// `Accept` header, and counts the connections (plain, and TLS attempts refused).
    struct Registry {
        host: String,
        seen: Arc<Mutex<Vec<String>>>,
        connections: Arc<AtomicUsize>,
        tls_attempts: Arc<AtomicUsize>,
    }

    impl Registry {
        fn seen(&self, part: &str) -> Vec<String> {
            let seen = self.seen.lock().unwrap();
            seen.iter().filter(|l| l.contains(part)).cloned().collect()
        }
    }

    async fn registry() -> Registry {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let host = listener.local_addr().unwrap().to_string();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let tls_attempts = Arc::new(AtomicUsize::new(0));
        let (log, realm) = (seen.clone(), format!("http://{host}/token"));
        let (plain, tls) = (connections.clone(), tls_attempts.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (log, realm) = (log.clone(), realm.clone());
                let (plain, tls) = (plain.clone(), tls.clone());
                tokio::spawn(async move {
                    let mut pending = Vec::new();
                    let mut buf = [0u8; 2048];
                    let mut counted = false;
                    loop {
                        let end = loop {
                            if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                                break at + 4;
                            }
                            match stream.read(&mut buf).await {
                                Ok(0) | Err(_) => return,
                                // A TLS handshake (HTTPS is tried first): refused at once,
                                // as a plain-HTTP registry does.
                                Ok(_) if buf[0] == 0x16 && pending.is_empty() && !counted => {
                                    tls.fetch_add(1, Ordering::SeqCst);
                                    return;
                                }
                                Ok(n) => pending.extend_from_slice(&buf[..n]),
                            }
                        };
                        if !counted {
                            plain.fetch_add(1, Ordering::SeqCst);
                            counted = true;
                        }
                        let head: Vec<u8> = pending.drain(..end).collect();
                        let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
                        let line = head.lines().next().unwrap_or_default().to_owned();
                        let header = |name: &str| {
                            head.lines()
                                .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned()))
                                .unwrap_or_default()
                        };
                        let (accept, bearer) = (header("accept:"), header("authorization:"));
                        log.lock().unwrap().push(format!("{line} [{accept}]"));
                        let token = line.starts_with("get /token");
                        let (status, extra) = if token {
                            ("200 OK", String::new())
                        } else if bearer != "bearer t" {
                            // `team/lost`'s token service is on a closed port.
                            let realm = if line.contains("/v2/team/lost/") {
                                "http://127.0.0.1:1/token"
                            } else {
                                &realm
                            };
                            let path = line
                                .split_once("/v2/")
                                .and_then(|(_, rest)| rest.split_once("/manifests/"))
                                .map_or("", |(path, _)| path);
                            let challenge = format!(
                                "WWW-Authenticate: Bearer realm=\"{realm}\",service=\"test\",\
                                 scope=\"repository:{path}:pull\"\r\n"
                            );
                            ("401 Unauthorized", challenge)
                        } else if line.contains("/v2/team/app/manifests/1 ")
                            || line.contains("/v2/team/brief/manifests/1 ")
                        {
                            ("200 OK", format!("Docker-Content-Digest: {DIGEST}\r\n"))
                        } else if line.contains("/v2/team/busy/") {
                            ("429 Too Many Requests", String::new())
                        } else {
                            ("404 Not Found", String::new())
                        };
                        let body = match (token, line.contains("repository:team/brief")) {
                            (true, true) => r#"{"token":"t","expires_in":5}"#,
                            (true, false) => r#"{"token":"t","expires_in":300}"#,
                            _ => "",
                        };
                        let reply = format!(
                            "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if stream.write_all(reply.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Registry {
            host,
            seen,
            connections,
            tls_attempts,
        }
    }

    /// The update check's question is a HEAD, never a GET of a manifest (which Docker Hub
    /// counts as a pull), and it accepts every manifest a pull does, so the digest is the one
    /// a pull records.
    #[tokio::test]
    async fn a_tags_digest_is_asked_with_head_only() {
        let registry = registry().await;
        let ask = |path: &'static str| async {
            manifest_digest(&Session::default(), &registry.host, path, "1", None).await
        };
        assert_eq!(
            ask("team/app").await,
            Some(ManifestAnswer::Digest(DIGEST.into()))
        );
        assert_eq!(ask("team/gone").await, Some(ManifestAnswer::NotFound));
        assert_eq!(ask("team/busy").await, Some(ManifestAnswer::RateLimited));
        // No token to be had: not "unauthorized", but a question for the engine instead.
        assert_eq!(ask("team/lost").await, None);
        let manifests = registry.seen("/manifests/");
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

    /// One check, one conversation: a second question on a repository takes the kept token
    /// at once (no 401 round trip, no token request), a question on another repository asks
    /// a token for that repository (not the scope the first challenge named), and all of it
    /// goes over one kept-alive connection, the HTTPS attempt made once.
    #[tokio::test]
    async fn a_session_keeps_its_connection_tokens_and_the_way_in() {
        let registry = registry().await;
        let session = Session::default();
        let ask = |path: &'static str| manifest_digest(&session, &registry.host, path, "1", None);
        let digest = Some(ManifestAnswer::Digest(DIGEST.into()));
        assert_eq!(ask("team/app").await, digest);
        assert_eq!(ask("team/app").await, digest);
        assert_eq!(ask("team/gone").await, Some(ManifestAnswer::NotFound));

        let tokens = registry.seen("get /token");
        assert_eq!(tokens.len(), 2, "{tokens:?}");
        assert!(
            tokens[0].contains("scope=repository:team/app:pull"),
            "{tokens:?}"
        );
        assert!(
            tokens[1].contains("scope=repository:team/gone:pull"),
            "{tokens:?}"
        );
        // team/app: 401, then with the token; again: with the kept token only. team/gone:
        // with a token asked before the question, as the registry's challenge is known.
        assert_eq!(registry.seen("/v2/team/app/").len(), 3);
        assert_eq!(registry.seen("/v2/team/gone/").len(), 1);
        assert_eq!(registry.connections.load(Ordering::SeqCst), 1);
        assert_eq!(registry.tls_attempts.load(Ordering::SeqCst), 1);
    }

    /// A token about to end is not used; nor is one the registry no longer takes: a new one
    /// is asked for, and the answer is the registry's, not "unauthorized".
    #[tokio::test]
    async fn a_token_that_ends_or_is_refused_is_asked_for_again() {
        let registry = registry().await;
        let session = Session::default();
        let ask = |path: &'static str| manifest_digest(&session, &registry.host, path, "1", None);
        let digest = Some(ManifestAnswer::Digest(DIGEST.into()));
        // Lasts 5 s, less than the margin: never kept.
        assert_eq!(ask("team/brief").await, digest);
        assert_eq!(ask("team/brief").await, digest);
        assert_eq!(registry.seen("get /token").len(), 2);

        assert_eq!(ask("team/app").await, digest);
        let kept = session.tokens.lock().unwrap()[0].url.clone();
        session.keep_token(&kept, None, "Bearer revoked", Duration::from_secs(300));
        assert_eq!(ask("team/app").await, digest);
        assert_eq!(registry.seen("get /token").len(), 4);
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
