//! The engine reached other ways than its unix socket, against the real thing that
//! `IMAGEN_TEST_REMOTES=1 scripts/test-engine.sh` starts (scripts/test-remotes.sh):
//!
//! - tcp:// with mutual TLS, to a second private engine (`--tlsverify`);
//! - ssh://, through an sshd whose far side runs `docker system dial-stdio` against the
//!   main private engine;
//! - plain tcp:// to a non-loopback address: no registry login ever goes over it.
//!
//! Without `IMAGEN_TEST_REMOTES=1` these tests fail, saying so: a skipped test proves
//! nothing, and scripts/test.sh always starts the remotes for this binary.

use crate::support::{docker, private_engine};
use imagen_core::engine::{Endpoint, TlsFiles};
use imagen_core::images::{inspect_image, list_images};
use imagen_core::pull::{self, PullOptions, PullOutcome};
use imagen_core::removal::{
    execute_plan, make_plan, ActionKind, PlanRegistry, RemovalRun, Selection,
};
use imagen_core::{Connection, Engine, EngineAddress, Error, ImageId};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

/// `IMAGEN_TEST_*`; the test fails (never passes without running) when the remotes were not
/// started.
fn var(name: &str) -> String {
    let _ = private_engine(); // never anything but the private test engines
    let value = std::env::var(name).unwrap_or_default();
    assert!(
        !value.is_empty(),
        "{name} is not set: run through scripts/test.sh, or scripts/test-engine.sh with \
         IMAGEN_TEST_REMOTES=1"
    );
    value
}

/// The TLS engine, with the client material named as asked.
fn tls_endpoint(host: &str, certs: &str, client_cert: bool) -> Endpoint {
    let dir = PathBuf::from(certs);
    Endpoint::plain(EngineAddress::new(host)).with_tls(TlsFiles {
        ca: Some(dir.join("ca.pem")),
        cert: client_cert.then(|| dir.join("cert.pem")),
        key: client_cert.then(|| dir.join("key.pem")),
        verify: true,
    })
}

/// A Docker config dir of the test's own: `config.json` as given.
fn config_dir(name: &str, config: serde_json::Value) -> PathBuf {
    crate::support::docker_config_dir(&format!("remote-{name}"), &config)
}

fn options(docker_config: PathBuf) -> PullOptions {
    PullOptions {
        platform: None,
        docker_config: Some(docker_config),
    }
}

/// Full IDs and tags, as Imagen lists them.
async fn listing(engine: &Engine) -> BTreeSet<(String, Vec<String>)> {
    list_images(engine)
        .await
        .unwrap()
        .images
        .into_iter()
        .map(|i| {
            let mut tags = i.tags.clone();
            tags.sort();
            (i.id.as_str().to_owned(), tags)
        })
        .collect()
}

#[tokio::test]
async fn over_tls_lists_inspects_pulls_and_removes() {
    let (host, certs, sock, registry) = (
        var("IMAGEN_TEST_TLS_HOST"),
        var("IMAGEN_TEST_TLS_CERTS"),
        var("IMAGEN_TEST_REMOTE_SOCK"),
        var("IMAGEN_TEST_REGISTRY"),
    );
    let endpoint = tls_endpoint(&host, &certs, true);
    let engine = Engine::connect(endpoint.clone()).await.unwrap();

    // The list: the remote engine's own (its unix socket says the same), with the image
    // only it holds.
    let over_tls = listing(&engine).await;
    let over_socket = listing(&Engine::connect(EngineAddress::new(sock)).await.unwrap()).await;
    assert_eq!(over_tls, over_socket);
    let (only_here, _) = over_tls
        .iter()
        .find(|(_, tags)| tags.iter().any(|t| t == "imagen-remote/only-here:1"))
        .unwrap_or_else(|| panic!("no imagen-remote/only-here:1 on the TLS engine: {over_tls:?}"))
        .clone();

    let inspection = inspect_image(&engine, &only_here).await.unwrap();
    assert_eq!(inspection.details.id, only_here);
    assert_eq!(inspection.details.tags, vec!["imagen-remote/only-here:1"]);

    // A pull streams its progress over the TLS session.
    let reference = format!("{registry}/imagen-fixture/remote:1.0");
    let none = config_dir("tls", serde_json::json!({ "auths": {} }));
    let mut updates = 0;
    let outcome = pull::pull(
        &engine,
        &pull::parse_reference(&reference).unwrap(),
        &options(none),
        CancellationToken::new(),
        |_| updates += 1,
    )
    .await
    .unwrap();
    let PullOutcome::Downloaded {
        image_id: Some(pulled),
        ..
    } = outcome
    else {
        panic!("expected a download with an ID, got {outcome:?}");
    };
    assert!(updates >= 2, "progress came in {updates} update(s)");
    assert!(listing(&engine)
        .await
        .iter()
        .any(|(id, _)| *id == pulled.as_str()));

    // And a removal, planned and run over the same connection.
    let connection = Connection::new(endpoint);
    let plans = PlanRegistry::default();
    let selection = Selection {
        images: vec![ImageId::new(pulled.as_str())],
        tags: vec![],
    };
    let plan = make_plan(&connection, &plans, selection, None)
        .await
        .unwrap();
    let run = execute_plan(&connection, &plans, &plan.id, ActionKind::Delete, |_| {})
        .await
        .unwrap();
    let RemovalRun::Ran { report } = run else {
        panic!("the engine changed under the test: {run:?}");
    };
    assert_eq!(report.failed, None);
    assert!(!listing(&engine)
        .await
        .iter()
        .any(|(id, _)| *id == pulled.as_str()));
}

#[tokio::test]
async fn the_tls_engine_refuses_a_client_without_certificate_and_says_why() {
    let (host, certs) = (var("IMAGEN_TEST_TLS_HOST"), var("IMAGEN_TEST_TLS_CERTS"));
    // Said as the certificates' trouble (the network is fine), with the handshake's words.
    let reason = |err: Error| match err {
        Error::EngineUnreachable {
            reason,
            cause: imagen_core::UnreachableCause::Tls,
            ..
        } => reason,
        other => panic!("expected EngineUnreachable (Tls), got {other:?}"),
    };
    let without = Engine::connect(tls_endpoint(&host, &certs, false)).await;
    let why = reason(without.unwrap_err());
    assert!(why.contains("client certificate"), "{why}");

    // Trusting another authority (here the client's own certificate) is refused too.
    let mut wrong_ca = tls_endpoint(&host, &certs, true);
    if let Some(tls) = &mut wrong_ca.tls {
        tls.ca = Some(PathBuf::from(&certs).join("cert.pem"));
    }
    let why = reason(Engine::connect(wrong_ca).await.unwrap_err());
    assert!(why.contains("certificate is not trusted"), "{why}");

    // Plain HTTP to the TLS port: Go's TLS server answers that in plain HTTP itself.
    match Engine::connect(EngineAddress::new(host)).await.unwrap_err() {
        Error::EngineRejected { status, message } => {
            assert_eq!(status, 400);
            assert!(message.contains("HTTPS"), "{message}");
        }
        other => panic!("expected the engine's 400, got {other:?}"),
    }
}

#[tokio::test]
async fn over_ssh_lists_what_docker_images_lists() {
    let (host, config) = (var("IMAGEN_TEST_SSH_HOST"), var("IMAGEN_TEST_SSH_CONFIG"));
    let endpoint =
        Endpoint::plain(EngineAddress::new(&host)).with_ssh_args(["-F".to_owned(), config]);
    let engine = Engine::connect(endpoint).await.unwrap();
    // Other tests pull and remove on the main engine meanwhile: compare until both sides
    // agree on a moment.
    let mut last = (BTreeSet::new(), BTreeSet::new());
    for _ in 0..10 {
        let ours: BTreeSet<String> = listing(&engine)
            .await
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let cli: BTreeSet<String> = docker(&["images", "-q", "--no-trunc"])
            .lines()
            .map(str::to_owned)
            .collect();
        if ours == cli && !ours.is_empty() {
            return;
        }
        last = (ours, cli);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("over ssh {:?}\ndocker images {:?}", last.0, last.1);
}

#[tokio::test]
async fn a_refused_ssh_login_is_unreachable_with_sshs_words() {
    let (host, config) = (var("IMAGEN_TEST_SSH_HOST"), var("IMAGEN_TEST_SSH_CONFIG"));
    // A user the sshd does not let in.
    let stranger = host.replacen("ssh://imagen-ssh@", "ssh://imagen-nobody@", 1);
    let endpoint =
        Endpoint::plain(EngineAddress::new(stranger)).with_ssh_args(["-F".to_owned(), config]);
    match Engine::connect(endpoint).await.unwrap_err() {
        Error::EngineUnreachable { reason, cause, .. } => {
            assert!(reason.contains("Permission denied"), "{reason}");
            assert_eq!(cause, imagen_core::UnreachableCause::SshLogin);
        }
        other => panic!("expected EngineUnreachable, got {other:?}"),
    }
}

/// What a proxy saw: a pull went through it, and whether any request carried a login.
#[derive(Debug, Default)]
struct Seen {
    pull: AtomicBool,
    registry_auth: AtomicBool,
}

/// A TCP proxy on `ip:0` in front of the main engine's unix socket that reads what the
/// client sends. Returns the `tcp://` address to reach it.
async fn sniffing_proxy(ip: &str) -> (String, Arc<Seen>) {
    let socket = std::env::var("DOCKER_HOST").unwrap();
    let socket = socket.strip_prefix("unix://").unwrap().to_owned();
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
    let address = format!("tcp://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Seen::default());
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let (socket, log) = (socket.clone(), log.clone());
            tokio::spawn(async move {
                let Ok(engine) = tokio::net::UnixStream::connect(&socket).await else {
                    return;
                };
                let (mut cr, mut cw) = client.into_split();
                let (mut er, mut ew) = engine.into_split();
                tokio::spawn(async move { tokio::io::copy(&mut er, &mut cw).await });
                let mut sent = Vec::new();
                let mut buf = vec![0u8; 16 * 1024];
                loop {
                    let n = match cr.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    sent.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&sent).to_ascii_lowercase();
                    if text.contains("/images/create") {
                        log.pull.store(true, Ordering::SeqCst);
                    }
                    if text.contains("\r\nx-registry-auth:") {
                        log.registry_auth.store(true, Ordering::SeqCst);
                    }
                    if ew.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
                let _ = ew.shutdown().await;
            });
        }
    });
    (address, seen)
}

#[tokio::test]
async fn plain_tcp_to_another_host_never_carries_the_registry_login() {
    let (external, registry, user, password) = (
        var("IMAGEN_TEST_EXTERNAL_IP"),
        var("IMAGEN_TEST_AUTH_REGISTRY"),
        var("IMAGEN_TEST_AUTH_USER"),
        var("IMAGEN_TEST_AUTH_PASSWORD"),
    );
    use base64::Engine as _;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let login = config_dir(
        "login",
        serde_json::json!({ "auths": { registry.clone(): { "auth": auth } } }),
    );
    let reference =
        pull::parse_reference(&format!("{registry}/imagen-fixture/private:1.0")).unwrap();
    // Each pull's result, and the warnings it reported.
    let pull_warned = |address: String, config: PathBuf| {
        let reference = reference.clone();
        async move {
            let engine = Engine::connect(EngineAddress::new(address)).await.unwrap();
            let warnings = Arc::new(std::sync::Mutex::new(Vec::new()));
            let noting = Arc::clone(&warnings);
            let result = pull::pull(
                &engine,
                &reference,
                &options(config),
                CancellationToken::new(),
                move |p| *noting.lock().unwrap() = p.warnings,
            )
            .await;
            let warnings = warnings.lock().unwrap().clone();
            (result, warnings)
        }
    };
    let pull_through = |address: String, config: PathBuf| {
        let pulled = pull_warned(address, config);
        async move { pulled.await.0 }
    };

    // Through loopback the login goes along, and the pull succeeds.
    let (local, seen_local) = sniffing_proxy("127.0.0.1").await;
    let outcome = pull_through(local.clone(), login.clone()).await.unwrap();
    assert!(
        matches!(
            outcome,
            PullOutcome::Downloaded { .. } | PullOutcome::UpToDate { .. }
        ),
        "{outcome:?}"
    );
    assert!(seen_local.pull.load(Ordering::SeqCst));
    assert!(seen_local.registry_auth.load(Ordering::SeqCst));

    // Through another address, plain HTTP: the engine pulls anonymously, and is refused.
    let (exposed, seen_exposed) = sniffing_proxy(&external).await;
    let refused = pull_through(exposed.clone(), login).await.unwrap_err();
    assert_eq!(
        refused,
        Error::Unauthorized {
            registry: registry.clone()
        }
    );
    assert!(seen_exposed.pull.load(Ordering::SeqCst));
    assert!(!seen_exposed.registry_auth.load(Ordering::SeqCst));

    // A credential helper that is not installed: through loopback the pull goes on without a
    // login and says which helper it missed (the registry then refuses); over plain HTTP to
    // another host it is not even looked up, so it is not missed.
    let helper = config_dir(
        "helper",
        serde_json::json!({ "credHelpers": { registry.clone(): "imagen-no-such-helper" } }),
    );
    let (missed, warned) = pull_warned(local, helper.clone()).await;
    assert_eq!(
        missed.unwrap_err(),
        Error::Unauthorized {
            registry: registry.clone()
        }
    );
    assert_eq!(
        warned,
        [pull::PullWarning::CredentialHelperMissing {
            helper: "imagen-no-such-helper".into()
        }]
    );
    let (anonymous, warned) = pull_warned(exposed, helper).await;
    assert_eq!(anonymous.unwrap_err(), Error::Unauthorized { registry });
    assert!(warned.is_empty(), "{warned:?}");
}
