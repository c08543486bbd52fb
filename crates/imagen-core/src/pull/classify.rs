//! Turns the engine's pull error text into a typed [`Error`] a UI can act on. The engine
//! only gives sentences; these patterns come from moby's distribution code and the
//! registry's error codes, and each is pinned by a test.

use crate::error::{Error, Missing, RegistryCause};

/// What was being pulled, for naming it in errors.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// Normalised reference, `docker.io/library/nginx:latest`.
    pub reference: String,
    /// `docker.io/library/nginx`.
    pub repository: String,
    /// Tag or digest sent to the engine.
    pub tag: String,
    /// Registry domain.
    pub registry: String,
    /// Platform asked for, if any.
    pub platform: Option<String>,
    /// The engine's own platform (`linux/amd64`; empty when not known): what it pulls for
    /// when none was asked for.
    pub engine_platform: String,
    /// The user's login for the registry, used again by the "tag or repository?" probe.
    pub credentials: Option<crate::auth::RegistryAuth>,
}

pub(crate) fn classify(message: &str, target: &Target) -> Error {
    let lower = message.to_ascii_lowercase();
    let has = |needle: &str| lower.contains(needle);
    if has("toomanyrequests") || has("too many requests") || has("rate limit") {
        return Error::RateLimited {
            registry: target.registry.clone(),
        };
    }
    // A Windows engine refusing a Linux image that has only that platform.
    if has("image operating system \"linux\" cannot be used on this platform") {
        return windows_containers(target);
    }
    // Podman (containers/image) says `no image found in manifest list for architecture
    // "arm64", variant "v8", OS "linux"` (or `in image index`).
    if has("no matching manifest for")
        || has("no image found in manifest list for")
        || has("no image found in image index for")
    {
        // The platform asked for, else the one the engine names (`no matching manifest for
        // linux/amd64 in the manifest list entries`), else the engine's own: a name, in no
        // language, so no English words end up inside a Spanish sentence.
        let platform = (target.platform.clone())
            .or_else(|| platform_named(&lower))
            .or_else(|| platform_quoted(&lower))
            .or_else(|| Some(target.engine_platform.clone()).filter(|p| !p.is_empty()));
        // A Windows engine has no Linux platform to choose instead (`no matching manifest
        // for windows/amd64 10.0.26100 in the manifest list entries`, for nginx).
        if runs_windows_containers(target, platform.as_deref()) {
            return windows_containers(target);
        }
        if let Some(platform) = platform {
            return Error::PlatformUnavailable {
                reference: target.reference.clone(),
                platform,
            };
        }
    }
    if has("no space left on device") {
        return Error::DiskFull {
            message: message.to_owned(),
        };
    }
    // A registry asking for a login (HTTP Basic) before it says anything about the image, as
    // the test registry and many self-hosted ones do: the login is what is missing, whether or
    // not the repository exists. Docker 28's containerd store wraps these words in its "may
    // require authorization" sentence; the classic store and later engines say them alone.
    if has("no basic auth credentials") {
        return Error::Unauthorized {
            registry: target.registry.clone(),
        };
    }
    // Docker Hub words a missing and a private repository alike ("pull access denied for x,
    // repository does not exist or may require 'docker login'"; with the containerd image
    // store "… may require authorization", or only "error from registry: requested access to
    // the resource is denied"): say both.
    if has("may require 'docker login'")
        || has("may require \"docker login\"")
        || has("may require authorization")
        || has("requested access to the resource is denied")
        // The containerd store asks with HEAD, which has no error body: `unexpected status
        // from HEAD request to https://ghcr.io/v2/…: 403 Forbidden` (a private package).
        || (has(": 403 forbidden") && has("head request") && has("/manifests/"))
    {
        return not_found(target, Missing::RepositoryOrPrivate);
    }
    if has("repository does not exist") || has("name unknown") || has("repository name not known") {
        return not_found(target, Missing::Repository);
    }
    // The containerd image store (Docker Desktop's default, Engine 29) says only
    // `failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope:
    // not found`, for a missing tag and a missing repository alike: the registry check tells.
    let resolve_not_found = has("failed to resolve reference") && lower.ends_with(": not found");
    if has("manifest unknown") || (has("manifest for") && has("not found")) || resolve_not_found {
        return not_found(target, Missing::Unknown);
    }
    if says_unauthorized(&lower) {
        return Error::Unauthorized {
            registry: target.registry.clone(),
        };
    }
    if says_unreachable(&lower) {
        return registry_unreachable(&target.registry, message);
    }
    Error::PullFailed {
        message: message.to_owned(),
    }
}

/// `error` as said once `downloaded` bytes of the image had arrived: a connection that then
/// closed or stalled was reached, so it is no sign-in page or firewall but the network
/// dropping out mid-download (the engine has already retried it five times). Other causes
/// keep their words: they are not known to be a cut.
pub(crate) fn after_download(error: Error, downloaded: u64) -> Error {
    match error {
        Error::RegistryUnreachable {
            registry,
            reason,
            cause: RegistryCause::Closed | RegistryCause::Timeout,
        } if downloaded > 0 => Error::RegistryUnreachable {
            registry,
            reason,
            cause: RegistryCause::CutShort,
        },
        other => other,
    }
}

/// Whether the engine pulls for Windows: its own platform says so or, when it is not known,
/// the platform `missing` from the image does. Docker Desktop on Windows does once switched to
/// Windows containers, where the Linux images of a course cannot run.
fn runs_windows_containers(target: &Target, missing: Option<&str>) -> bool {
    let os = |platform: &str| platform.split('/').next().unwrap_or_default().to_owned();
    match os(&target.engine_platform).as_str() {
        "" => missing.is_some_and(|p| os(p) == "windows"),
        engine => engine == "windows",
    }
}

/// [`Error::WindowsContainers`] for `target`: the fix is Docker Desktop's switch to Linux
/// containers, not another platform.
fn windows_containers(target: &Target) -> Error {
    Error::WindowsContainers {
        reference: target.reference.clone(),
    }
}

/// The platform in `no matching manifest for linux/arm64/v8 in the manifest list entries`
/// (lower case), when it reads as `os/arch[/variant]`.
fn platform_named(lower: &str) -> Option<String> {
    let (_, rest) = lower.split_once("no matching manifest for ")?;
    let word = rest.split_whitespace().next()?;
    let word = word.trim_end_matches([':', ',', '.']);
    crate::reference::validate_platform(word).ok()?;
    Some(word.to_owned())
}

/// The platform in Podman's `… for architecture "arm64", variant "v8", OS "linux"` (lower
/// case), as `os/arch[/variant]`.
fn platform_quoted(lower: &str) -> Option<String> {
    let value = |key: &str| {
        let (_, rest) = lower.split_once(&format!("{key} \""))?;
        rest.split_once('"').map(|(v, _)| v.to_owned())
    };
    let (os, arch) = (value("os")?, value("architecture")?);
    let platform = match value("variant").filter(|v| !v.is_empty()) {
        Some(variant) => format!("{os}/{arch}/{variant}"),
        None => format!("{os}/{arch}"),
    };
    crate::reference::validate_platform(&platform).ok()?;
    Some(platform)
}

pub(crate) fn not_found(target: &Target, missing: Missing) -> Error {
    Error::ImageNotFound {
        reference: target.reference.clone(),
        repository: target.repository.clone(),
        tag: target.tag.clone(),
        missing,
    }
}

/// The part after the last `: ` of a Go error chain is the cause a person understands
/// ("connection refused", "no such host").
/// The engine's words (lower case) for a registry that refused the login, or wants one.
pub(crate) fn says_unauthorized(lower: &str) -> bool {
    [
        "unauthorized",
        "authentication required",
        "no basic auth credentials",
        "access denied",
        "denied:",
        "incorrect username or password",
    ]
    .iter()
    .any(|words| lower.contains(words))
}

/// The engine's words (lower case) for a registry it could not reach or talk to: the
/// network, DNS, TLS, or, on conference Wi-Fi, a registry (or a DNS) that stops answering.
pub(crate) fn says_unreachable(lower: &str) -> bool {
    [
        "dial tcp",
        "connection refused",
        "no such host",
        "i/o timeout",
        "tls handshake",
        "server gave http response to https client",
        "network is unreachable",
        "context deadline exceeded",
        "connection reset by peer",
        "x509:",
        "certificate",
        "client.timeout exceeded",
        "request canceled while waiting for connection",
        "connection timed out",
        "temporary failure in name resolution",
        "no route to host",
        "unexpected eof",
        // A TLS handshake the registry (or a proxy in the way) refused.
        "remote error: tls",
        "http2: client connection lost",
    ]
    .iter()
    .any(|words| lower.contains(words))
        // `Get "https://registry-1.docker.io/v2/": EOF`: a captive portal or a proxy that
        // closed the connection without a word.
        || lower.trim_end().ends_with(": eof")
        // The registry answered, with a server error: down or overloaded for now.
        || server_error(lower).is_some()
}

/// [`Error::RegistryUnreachable`] for `registry` from the engine's whole `message`: its
/// cause read from all of it, its reason the last words (or the HTTP status of a server
/// error, whose body may be a whole HTML page).
pub(crate) fn registry_unreachable(registry: &str, message: &str) -> Error {
    let lower = message.to_lowercase();
    let cause = registry_cause(&lower);
    let reason = match server_error(&lower) {
        Some(status) => format!("HTTP {status}"),
        None => short_reason(message),
    };
    Error::RegistryUnreachable {
        registry: registry.to_owned(),
        reason,
        cause,
    }
}

/// What the engine's words (lower case) say about why the registry could not be reached.
fn registry_cause(lower: &str) -> RegistryCause {
    // The words after the last quoted reference or URL: the containerd store quotes them,
    // and a name such as `reg.example/timeout-svc` must not read as a timeout.
    let tail = lower.rsplit('"').next().unwrap_or(lower);
    let has = |words: &[&str]| words.iter().any(|w| tail.contains(w));
    if server_error(lower).is_some() {
        RegistryCause::ServerError
    } else if has(&["server gave http response to https client"]) {
        RegistryCause::PlainHttp
    } else if has(&[
        // `net/http: TLS handshake timeout` is a slow network, not a certificate.
        "timeout",
        "context deadline exceeded",
        "request canceled while waiting for connection",
        "connection timed out",
    ]) {
        RegistryCause::Timeout
    } else if has(&["x509:", "certificate", "remote error: tls"]) {
        RegistryCause::Certificate
    } else if has(&["no such host", "temporary failure in name resolution"]) {
        RegistryCause::NoSuchHost
    } else if has(&["network is unreachable", "no route to host"]) {
        RegistryCause::NoNetwork
    } else if has(&["connection refused"]) {
        RegistryCause::Refused
    } else if has(&[
        "connection reset by peer",
        "unexpected eof",
        "http2: client connection lost",
    ]) || tail.trim_end().ends_with(": eof")
    {
        RegistryCause::Closed
    } else {
        RegistryCause::Other
    }
}

/// The HTTP status (500–599) of a registry that answered with a server error, in the words
/// of the classic store (`received unexpected HTTP status: 503 Service Unavailable`, `error
/// parsing HTTP 503 response body: …`) or the containerd store (`unexpected status from GET
/// request to https://…: 503 Service Unavailable`).
fn server_error(lower: &str) -> Option<u16> {
    // The words, and whether the status follows them at once; else it opens the last part
    // (after the URL, which may hold digits of its own: a port, a tag).
    const SAID: [(&str, bool); 4] = [
        ("unexpected http status: ", true),
        ("error parsing http ", true),
        ("unexpected status from ", false),
        ("unexpected status code ", false),
    ];
    SAID.iter().find_map(|(said, at_once)| {
        let (_, after) = lower.split_once(said)?;
        let status = if *at_once {
            after
        } else {
            after.rsplit(": ").next()?
        };
        let digits = status.get(..3)?;
        let boundary = status[3..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_digit());
        let status: u16 = digits.parse().ok().filter(|_| boundary)?;
        (500..=599).contains(&status).then_some(status)
    })
}

/// The last part of the engine's message (`…: connection refused`), for a short reason.
pub(crate) fn short_reason(message: &str) -> String {
    message
        .rsplit(": ")
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(message)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            credentials: None,
            reference: "127.0.0.1:5000/team/app:1.0".into(),
            repository: "127.0.0.1:5000/team/app".into(),
            tag: "1.0".into(),
            registry: "127.0.0.1:5000".into(),
            platform: Some("linux/arm64".into()),
            engine_platform: "linux/amd64".into(),
        }
    }

    /// Conference Wi-Fi dropping out at 60 % of a layer: the engine gives up with `unexpected
    /// EOF` after its retries. The registry was reached, so this is no sign-in page.
    #[test]
    fn a_connection_cut_during_the_download_is_said_as_such() {
        let cut = classify(
            "read tcp 172.17.0.2:51234->104.16.1.1:443: read: connection reset by peer",
            &target(),
        );
        let cause = |e: &Error| match e {
            Error::RegistryUnreachable { cause, .. } => *cause,
            other => panic!("{other:?}"),
        };
        assert_eq!(cause(&cut), RegistryCause::Closed);
        assert_eq!(
            cause(&after_download(cut.clone(), 0)),
            RegistryCause::Closed
        );
        assert_eq!(cause(&after_download(cut, 1)), RegistryCause::CutShort);
        let stalled = classify(
            "net/http: request canceled (Client.Timeout exceeded)",
            &target(),
        );
        assert_eq!(cause(&after_download(stalled, 5)), RegistryCause::CutShort);
        // What the network says now (no network at all any more) stays what it says.
        let offline = classify(
            "dial tcp: lookup registry-1.docker.io: no such host",
            &target(),
        );
        assert_eq!(
            cause(&after_download(offline, 5)),
            RegistryCause::NoSuchHost
        );
        // Other errors are not the network's.
        let full = classify(
            "write /var/lib/docker/tmp/x: no space left on device",
            &target(),
        );
        assert!(matches!(after_download(full, 5), Error::DiskFull { .. }));
    }

    #[test]
    fn classifies_engine_messages() {
        let t = target();
        let cases: &[(&str, &str)] = &[
            ("manifest for 127.0.0.1:5000/team/app:1.0 not found: manifest unknown: manifest unknown", "ImageNotFound"),
            ("pull access denied for nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", "ImageNotFound"),
            ("Error response from daemon: Get \"https://registry-1.docker.io/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)", "RegistryUnreachable"),
            ("Get \"https://registry-1.docker.io/v2/library/nginx/manifests/latest\": read tcp 10.0.0.2:51234->1.2.3.4:443: read: connection timed out", "RegistryUnreachable"),
            ("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: temporary failure in name resolution", "RegistryUnreachable"),
            ("Get \"https://ghcr.io/v2/\": dial tcp 1.2.3.4:443: connect: no route to host", "RegistryUnreachable"),
            ("error pulling image configuration: download failed after attempts=6: unexpected EOF", "RegistryUnreachable"),
            ("Head \"http://127.0.0.1:5000/v2/team/app/manifests/1.0\": no basic auth credentials", "Unauthorized"),
            ("unauthorized: authentication required", "Unauthorized"),
            ("toomanyrequests: You have reached your pull rate limit.", "RateLimited"),
            ("Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused", "RegistryUnreachable"),
            ("Get \"https://nope.invalid/v2/\": dial tcp: lookup nope.invalid: no such host", "RegistryUnreachable"),
            ("no matching manifest for linux/arm64 in the manifest list entries", "PlatformUnavailable"),
            ("choosing image instance: no image found in manifest list for architecture \"arm64\", variant \"v8\", OS \"linux\"", "PlatformUnavailable"),
            ("failed to resolve reference \"ghcr.io/o/app:1\": unexpected status from HEAD request to https://ghcr.io/v2/o/app/manifests/1: 403 Forbidden", "ImageNotFound"),
            ("failed to register layer: write /var/lib/docker/x: no space left on device", "DiskFull"),
            ("failed to resolve reference \"docker.io/library/nginx:nope\": docker.io/library/nginx:nope: not found", "ImageNotFound"),
            ("Get \"https://registry-1.docker.io/v2/\": EOF", "RegistryUnreachable"),
            ("failed to resolve reference \"docker.io/library/nginx:latest\": failed to do request: Head \"https://registry-1.docker.io/v2/library/nginx/manifests/latest\": remote error: tls: handshake failure", "RegistryUnreachable"),
            ("failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://production.cloudflare.docker.com/registry-v2/x\": http2: client connection lost", "RegistryUnreachable"),
            ("error from registry: requested access to the resource is denied", "ImageNotFound"),
            ("failed to resolve reference \"docker.io/team/secret:latest\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed", "ImageNotFound"),
            ("something new", "PullFailed"),
            ("something was not found", "PullFailed"),
        ];
        for (message, kind) in cases {
            let json = serde_json::to_value(classify(message, &t)).unwrap();
            assert_eq!(json["kind"], *kind, "{message}");
        }
    }

    /// Each way conference Wi-Fi and registries fail, as the classic and the containerd
    /// store word it: the cause the UI words, and a reason without a page of HTML.
    #[test]
    fn a_registry_out_of_reach_says_why() {
        let cases: &[(&str, RegistryCause, &str)] = &[
            ("received unexpected HTTP status: 503 Service Unavailable", RegistryCause::ServerError, "HTTP 503"),
            ("error parsing HTTP 502 response body: invalid character '<' looking for beginning of value: \"<html><body><h1>502 Bad Gateway</h1></body></html>\"", RegistryCause::ServerError, "HTTP 502"),
            ("failed to resolve reference \"127.0.0.1:5000/team/app:1.0\": unexpected status from HEAD request to http://127.0.0.1:5000/v2/team/app/manifests/1.0: 500 Internal Server Error", RegistryCause::ServerError, "HTTP 500"),
            ("Get \"https://registry-1.docker.io/v2/\": net/http: TLS handshake timeout", RegistryCause::Timeout, "TLS handshake timeout"),
            ("Get \"https://registry-1.docker.io/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)", RegistryCause::Timeout, "request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)"),
            ("Get \"https://registry-1.docker.io/v2/\": x509: certificate is valid for portal.hotel.example, not registry-1.docker.io", RegistryCause::Certificate, "certificate is valid for portal.hotel.example, not registry-1.docker.io"),
            ("Get \"https://registry-1.docker.io/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority", RegistryCause::Certificate, "certificate signed by unknown authority"),
            ("Get \"https://registry-1.docker.io/v2/\": EOF", RegistryCause::Closed, "EOF"),
            ("Get \"https://registry-1.docker.io/v2/\": read tcp 10.0.0.2:5123->1.2.3.4:443: read: connection reset by peer", RegistryCause::Closed, "connection reset by peer"),
            ("Get \"https://nope.invalid/v2/\": dial tcp: lookup nope.invalid: no such host", RegistryCause::NoSuchHost, "no such host"),
            ("Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused", RegistryCause::Refused, "connection refused"),
            ("Get \"https://ghcr.io/v2/\": dial tcp 1.2.3.4:443: connect: no route to host", RegistryCause::NoNetwork, "no route to host"),
            ("Get \"https://registry-1.docker.io/v2/\": dial tcp 1.2.3.4:443: connect: network is unreachable", RegistryCause::NoNetwork, "network is unreachable"),
            ("Get \"https://myhost:5000/v2/\": http: server gave HTTP response to HTTPS client", RegistryCause::PlainHttp, "server gave HTTP response to HTTPS client"),
            // A name in the reference is no cause.
            ("failed to resolve reference \"reg.example/timeout-svc:1\": failed to do request: Head \"https://reg.example/v2/timeout-svc/manifests/1\": dial tcp 1.2.3.4:443: connect: connection refused", RegistryCause::Refused, "connection refused"),
        ];
        for (message, cause, reason) in cases {
            let got = classify(message, &target());
            assert_eq!(
                got,
                Error::RegistryUnreachable {
                    registry: "127.0.0.1:5000".into(),
                    reason: (*reason).into(),
                    cause: *cause,
                },
                "{message}"
            );
        }
        // A port is no status, nor a client error.
        assert_eq!(
            server_error("unexpected status from get request to http://h:5000/v2/: 404 not found"),
            None
        );
    }

    #[test]
    fn unreachable_reason_is_the_cause() {
        let err = classify(
            "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused",
            &target(),
        );
        assert_eq!(
            err,
            Error::RegistryUnreachable {
                registry: "127.0.0.1:5000".into(),
                reason: "connection refused".into(),
                cause: RegistryCause::Refused,
            }
        );
    }

    #[test]
    fn docker_hubs_missing_or_private_repository_says_both() {
        let err = classify(
            "pull access denied for team/secret, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
            &target(),
        );
        assert!(matches!(
            err,
            Error::ImageNotFound {
                missing: Missing::RepositoryOrPrivate,
                ..
            }
        ));
        assert!(err.to_string().contains("docker login"), "{err}");
    }

    /// The containerd image store says "not found" for a missing tag and a missing repository
    /// alike: the registry check is asked (`Unknown`); a denied access says both causes.
    #[test]
    fn containerd_store_not_found_asks_the_registry() {
        let missing = |message: &str| match classify(message, &target()) {
            Error::ImageNotFound { missing, .. } => missing,
            other => panic!("{message}: {other:?}"),
        };
        assert_eq!(
            missing("failed to resolve reference \"docker.io/library/nginx:nope\": docker.io/library/nginx:nope: not found"),
            Missing::Unknown
        );
        assert_eq!(
            missing("error from registry: requested access to the resource is denied"),
            Missing::RepositoryOrPrivate
        );
    }

    /// A registry that wants a login before anything else (HTTP Basic, no credentials given):
    /// Docker 28.5's containerd store says so inside its "repository does not exist or may
    /// require authorization" sentence, which must not read as a missing repository.
    #[test]
    fn a_registry_asking_for_a_login_is_unauthorized_on_both_stores() {
        for message in [
            // Docker 28.5.2, containerd image store, `POST /images/create` without X-Registry-Auth.
            "failed to resolve reference \"127.0.0.1:5000/team/app:1.0\": pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials",
            // The classic store.
            "Head \"http://127.0.0.1:5000/v2/team/app/manifests/1.0\": no basic auth credentials",
            // Docker 28.5.2, containerd image store, a wrong password.
            "unknown: failed to resolve reference \"127.0.0.1:5000/team/app:1.0\": unexpected status from HEAD request to http://127.0.0.1:5000/v2/team/app/manifests/1.0: 401 Unauthorized",
        ] {
            assert_eq!(
                classify(message, &target()),
                Error::Unauthorized {
                    registry: "127.0.0.1:5000".into()
                },
                "{message}"
            );
        }
    }

    /// With no platform chosen, the one the engine names (else the engine's own): never
    /// English words, which would end up inside a Spanish sentence.
    #[test]
    fn a_missing_platform_is_named_by_the_engine_when_none_was_chosen() {
        let platform_of = |message: &str, engine_platform: &str| {
            let t = Target {
                platform: None,
                engine_platform: engine_platform.into(),
                ..target()
            };
            match classify(message, &t) {
                Error::PlatformUnavailable { platform, .. } => platform,
                other => panic!("{message}: {other:?}"),
            }
        };
        assert_eq!(
            platform_of(
                "no matching manifest for linux/amd64 in the manifest list entries",
                ""
            ),
            "linux/amd64"
        );
        // The containerd image store's wording.
        assert_eq!(
            platform_of(
                "no matching manifest for linux/arm64/v8 in the manifest list entries: no match for platform in manifest: not found",
                "linux/amd64"
            ),
            "linux/arm64/v8"
        );
        assert_eq!(
            platform_of("no matching manifest for this in the list", "linux/riscv64"),
            "linux/riscv64"
        );
        // Podman's words, with the platform in quotes.
        assert_eq!(
            platform_of(
                r#"choosing image instance: no image found in manifest list for architecture "arm64", variant "v8", OS "linux""#,
                "linux/amd64"
            ),
            "linux/arm64/v8"
        );
        assert_eq!(
            platform_of(
                r#"no image found in image index for architecture "s390x", variant "", OS "linux""#,
                "linux/amd64"
            ),
            "linux/s390x"
        );
        // The one chosen is the one named.
        assert!(matches!(
            classify("no matching manifest for linux/amd64 in the manifest list entries", &target()),
            Error::PlatformUnavailable { platform, .. } if platform == "linux/arm64"
        ));
    }

    /// Docker Desktop switched to Windows containers, pulling a course's Linux images
    /// (docker/for-win 2135, 7132): a multi-platform image has no entry for the Windows
    /// engine's platform (whose OS version varies), a single-platform one is refused as
    /// Linux. No other platform helps; switching to Linux containers does.
    #[test]
    fn linux_images_on_windows_containers_say_to_switch_to_linux_containers() {
        let on = |engine_platform: &str, platform: Option<&str>| Target {
            reference: "docker.io/library/nginx:latest".into(),
            platform: platform.map(Into::into),
            engine_platform: engine_platform.into(),
            ..target()
        };
        let targets = [
            on("windows/amd64", None),
            // Engines that did not say their platform: the message does.
            on("", None),
            // Whatever is picked, a Windows engine has no Linux platform to offer.
            on("windows/amd64", Some("windows/amd64")),
        ];
        for message in [
            "no matching manifest for windows/amd64 10.0.26100 in the manifest list entries",
            "no matching manifest for windows/amd64 10.0.17763 in the manifest list entries",
            r#"image operating system "linux" cannot be used on this platform"#,
        ] {
            for t in &targets {
                let got = classify(message, t);
                assert_eq!(
                    got,
                    Error::WindowsContainers {
                        reference: "docker.io/library/nginx:latest".into()
                    },
                    "{message} on {t:?}"
                );
                assert!(
                    got.to_string().contains("Switch to Linux containers"),
                    "{got}"
                );
            }
        }
        // A Linux engine missing its own platform (an arm64-only image on amd64) is a
        // platform mismatch, as before.
        assert_eq!(
            classify(
                "no matching manifest for linux/amd64 in the manifest list entries",
                &on("linux/amd64", None)
            ),
            Error::PlatformUnavailable {
                reference: "docker.io/library/nginx:latest".into(),
                platform: "linux/amd64".into(),
            }
        );
    }

    #[test]
    fn messages_name_what_is_missing() {
        let t = target();
        assert!(not_found(&t, Missing::Repository)
            .to_string()
            .contains("No repository"));
        assert!(not_found(&t, Missing::Tag).to_string().contains("no tag"));
    }
}
