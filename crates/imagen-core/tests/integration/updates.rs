//! "Check for updates" against the private registries: current, newer, a registry that is
//! down, an image never pushed, and a registry that wants the login a pull would send.

use crate::support::{docker, private_engine};
use crate::tag::{build_unique, remove, unique};
use imagen_core::updates::{
    check_updates, check_updates_followed, check_updates_with_config, Follow, UnknownReason,
    UpdateCheck, UpdateProgress, UpdateStatus,
};
use imagen_core::Error;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

fn registry() -> String {
    std::env::var("IMAGEN_TEST_REGISTRY").unwrap()
}

/// A check asks about every image of the engine: while the test with a registry that holds
/// its questions has its image there, no other check runs (it would be held too, and its
/// connection counted as the stopped check's).
static HELD: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

async fn check() -> UpdateCheck {
    let _shared = HELD.read().await;
    check_updates(&private_engine()).await.unwrap()
}

fn status_of<'a>(check: &'a UpdateCheck, reference: &str) -> &'a UpdateStatus {
    let found: Vec<_> = check
        .results
        .iter()
        .filter(|r| r.reference == reference)
        .collect();
    assert_eq!(found.len(), 1, "{reference} in {:#?}", check.results);
    &found[0].status
}

/// The digest `docker push` recorded for `repository` on the image `id`.
fn repo_digest(id: &str, repository: &str) -> String {
    let digests = docker(&[
        "image",
        "inspect",
        "-f",
        "{{range .RepoDigests}}{{println .}}{{end}}",
        id,
    ]);
    digests
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{repository}@")))
        .unwrap_or_else(|| panic!("no digest for {repository} in {digests}"))
        .to_owned()
}

#[tokio::test]
async fn pushed_and_pulled_is_current_then_newer_after_another_push() {
    let repository = format!("{}/{}", registry(), unique("imagen-upd/app"));
    let name = format!("{repository}:1");
    let a = build_unique(&name);
    docker(&["push", "-q", &name]);
    docker(&["pull", "-q", &name]);
    // The manifest GETs so far: the classic store's `docker pull` GETs the manifest it just
    // pushed, the containerd store's finds it here already and GETs nothing.
    let path = repository.split_once('/').unwrap().1;
    let asked = |method: &str| registry_log_lines(&format!("\"{method} /v2/{path}/manifests/"));
    let pulled = asked("GET");
    assert!(
        pulled <= 1,
        "manifest GETs for {path} by the pull: {pulled}"
    );
    let first = check().await;
    assert_eq!(status_of(&first, &name), &UpdateStatus::Current);
    let mine = first.results.iter().find(|r| r.reference == name).unwrap();
    assert_eq!(mine.image_id, a);

    // Another image pushed under the same tag; the tag here goes back to the first image.
    let b_local = format!("{}:other", unique("imagen-upd/b"));
    let b = build_unique(&b_local);
    docker(&["tag", &b, &name]);
    docker(&["push", "-q", &name]);
    let b_digest = repo_digest(&b, &repository);
    docker(&["tag", &a, &name]);
    let second = check().await;
    assert_eq!(
        status_of(&second, &name),
        &UpdateStatus::Newer {
            remote_digest: b_digest
        }
    );
    assert!(
        !second.problems.iter().any(|p| p.registry == registry()),
        "{:?}",
        second.problems
    );
    // The two checks asked with HEAD only: no manifest GET since the `docker pull` above.
    // Docker Hub counts each GET as a pull, against a limit a whole classroom behind one
    // address shares.
    assert_eq!(asked("GET"), pulled, "manifest GETs for {path}");
    assert!(asked("HEAD") >= 2, "manifest HEADs for {path}");
    remove(&[&name, &b_local, &a, &b]);
}

/// How many lines of the private registry's access log contain `needle`.
fn registry_log_lines(needle: &str) -> usize {
    // The registry logs into the test engine's state folder, beside dockerd's pid file.
    let pidfile = std::env::var("IMAGEN_TEST_DOCKERD_PIDFILE").unwrap();
    let log = std::path::Path::new(&pidfile)
        .parent()
        .unwrap()
        .join("registry.log");
    std::fs::read_to_string(&log)
        .unwrap_or_else(|e| panic!("{}: {e}", log.display()))
        .lines()
        .filter(|l| l.contains(needle))
        .count()
}

/// Both names on the private registry: on the containerd store only the registry can tell
/// a build from a download (the engine lists a digest for a build too), and Docker Hub is
/// out of the tests' reach.
#[tokio::test]
async fn an_image_never_pushed_is_not_from_a_registry() {
    let name = format!("{}/{}:1", registry(), unique("imagen-upd/local"));
    let plain = format!("{}/{}:1", registry(), unique("imagen-upd/plain"));
    build_unique(&name);
    docker(&["tag", &name, &plain]);
    let result = check().await;
    for reference in [&name, &plain] {
        assert_eq!(
            status_of(&result, reference),
            &UpdateStatus::Unknown {
                reason: UnknownReason::NotFromRegistry
            }
        );
    }
    remove(&[&name, &plain]);
}

/// A TCP relay on a port of its own to the private registry: images pushed through it carry
/// `127.0.0.1:<its port>` in their digests. Dropping it closes the port and every connection
/// through it, so that registry is then down.
struct Relay {
    port: u16,
    task: tokio::task::JoinHandle<()>,
    /// Once set, connections are accepted and never answered (a registry on bad Wi-Fi).
    hold: Arc<AtomicBool>,
    /// Connections held open now.
    held: Arc<AtomicUsize>,
}

impl Relay {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let upstream = registry();
        let hold = Arc::new(AtomicBool::new(false));
        let held = Arc::new(AtomicUsize::new(0));
        let (holding, counting) = (hold.clone(), held.clone());
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                if holding.load(Ordering::SeqCst) {
                    let counting = counting.clone();
                    connections.spawn(async move {
                        counting.fetch_add(1, Ordering::SeqCst);
                        // Read until the other side gives up; answer nothing.
                        let mut sink = tokio::io::sink();
                        let _ = tokio::io::copy(&mut inbound, &mut sink).await;
                        counting.fetch_sub(1, Ordering::SeqCst);
                    });
                    continue;
                }
                let upstream = upstream.clone();
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Relay {
            port,
            task,
            hold,
            held,
        }
    }

    async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registry_that_is_down_is_one_problem_for_all_its_tags() {
    let relay = Relay::start().await;
    let host = format!("127.0.0.1:{}", relay.port);
    let repository = format!("{host}/{}", unique("imagen-upd/down"));
    let names: Vec<String> = ["1", "2", "3"]
        .iter()
        .map(|t| format!("{repository}:{t}"))
        .collect();
    let id = build_unique(&names[0]);
    // Pushed through the relay, so the image has a digest for the repository on `host`.
    docker(&["push", "-q", &names[0]]);
    for name in &names[1..] {
        docker(&["tag", &id, name]);
    }
    relay.stop().await;

    let result = check().await;
    for name in &names {
        assert_eq!(
            status_of(&result, name),
            &UpdateStatus::Unknown {
                reason: UnknownReason::RegistryUnreachable
            },
            "{name}"
        );
    }
    let problems: Vec<_> = result
        .problems
        .iter()
        .filter(|p| p.registry == host)
        .collect();
    assert_eq!(problems.len(), 1, "{:?}", result.problems);
    assert_eq!(problems[0].tags, 3);
    assert!(
        matches!(problems[0].error, Error::RegistryUnreachable { ref registry, .. } if *registry == host),
        "{:?}",
        problems[0].error
    );
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    remove(&refs);
}

/// A registry that holds its questions (conference Wi-Fi): Stop ends the check at once with
/// what it has, the held tag left out and counted, and its question dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_check_ends_at_once_with_what_it_has() {
    let _alone = HELD.write().await;
    let relay = Relay::start().await;
    let host = format!("127.0.0.1:{}", relay.port);
    let name = format!("{host}/{}:1", unique("imagen-upd/held"));
    build_unique(&name);
    docker(&["push", "-q", &name]);
    relay.hold.store(true, Ordering::SeqCst);

    let cancel = CancellationToken::new();
    let reports: Mutex<Vec<UpdateProgress>> = Mutex::new(Vec::new());
    let progress = |p: UpdateProgress| reports.lock().unwrap().push(p);
    let follow = Follow {
        cancel: &cancel,
        progress: &progress,
    };
    let conn = private_engine();
    let stop = async {
        // The user presses Stop once the held registry has the question.
        while relay.held.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        cancel.cancel();
        Instant::now()
    };
    let (check, stopped_at) = tokio::join!(check_updates_followed(&conn, None, follow), stop);
    let took = stopped_at.elapsed();
    let check = check.unwrap();
    // Ends with the Stop, not the question's 10 s limit (nor the direct question's).
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(check.stopped);
    assert!(check.unchecked >= 1, "{check:?}");
    assert!(
        !check.results.iter().any(|r| r.reference == name),
        "{:?}",
        check.results
    );
    assert!(!check.problems.iter().any(|p| p.registry == host));
    let reports = reports.into_inner().unwrap();
    let last = reports.last().copied().unwrap();
    assert_eq!(
        last.total as usize,
        check.results.len() + check.unchecked as usize
    );
    // The held question is dropped with the check, not left open.
    let deadline = Instant::now() + Duration::from_secs(3);
    while relay.held.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(relay.held.load(Ordering::SeqCst), 0);
    relay.stop().await;
    remove(&[&name]);
}

#[tokio::test]
async fn a_registry_that_wants_a_login_gets_the_one_a_pull_sends() {
    let auth = std::env::var("IMAGEN_TEST_AUTH_REGISTRY").unwrap();
    let user = std::env::var("IMAGEN_TEST_AUTH_USER").unwrap();
    let password = std::env::var("IMAGEN_TEST_AUTH_PASSWORD").unwrap();
    // A Docker config of our own with the login in it (never the user's).
    let config = std::env::temp_dir().join(unique("imagen-upd-config"));
    std::fs::create_dir_all(&config).unwrap();
    let login = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{user}:{password}"),
    );
    std::fs::write(
        config.join("config.json"),
        serde_json::json!({ "auths": { &auth: { "auth": login } } }).to_string(),
    )
    .unwrap();
    let config_arg = config.to_str().unwrap();
    let name = format!("{auth}/{}:1", unique("imagen-upd/private"));
    build_unique(&name);
    docker(&["--config", config_arg, "push", "-q", &name]);

    let conn = private_engine();
    let _shared = HELD.read().await;
    let with_login = check_updates_with_config(&conn, Some(&config))
        .await
        .unwrap();
    assert_eq!(status_of(&with_login, &name), &UpdateStatus::Current);

    // Without it, the registry refuses: said once for the registry.
    let empty = std::env::temp_dir().join(unique("imagen-upd-empty"));
    std::fs::create_dir_all(&empty).unwrap();
    let anonymous = check_updates_with_config(&conn, Some(&empty))
        .await
        .unwrap();
    assert_eq!(
        status_of(&anonymous, &name),
        &UpdateStatus::Unknown {
            reason: UnknownReason::Unauthorized
        }
    );
    let problems: Vec<_> = anonymous
        .problems
        .iter()
        .filter(|p| p.registry == auth)
        .collect();
    assert_eq!(problems.len(), 1, "{:?}", anonymous.problems);
    assert!(matches!(problems[0].error, Error::Unauthorized { .. }));
    remove(&[&name]);
    let _ = std::fs::remove_dir_all(&config);
    let _ = std::fs::remove_dir_all(&empty);
}
