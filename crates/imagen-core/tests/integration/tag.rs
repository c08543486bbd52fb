//! `docker tag` through Imagen: the new tag appears, and a tag that names another image than
//! the user saw, or an image removed meanwhile, stops it before anything moves.

use crate::support::{docker, image_id, private_engine, Building};
use imagen_core::images::tag::{tag_command, tag_image, TagChange, TagOutcome, TagSeen};
use imagen_core::{Connection, EngineAddress, Error};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A name no other test (nor another run) uses.
pub(crate) fn unique(what: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{what}-{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A new image of its own (busybox plus a unique label, so its own ID), tagged `tag`.
pub(crate) fn build_unique(tag: &str) -> String {
    let _building = Building::start();
    let dir = std::env::temp_dir().join(unique("imagen-tag-ctx"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("Dockerfile"),
        format!(
            "FROM imagen-fixture/busybox:latest\nLABEL org.imagen.test={}\n",
            unique("content")
        ),
    )
    .unwrap();
    let out = Command::new("docker")
        .env("DOCKER_BUILDKIT", "0")
        // --no-cache: the legacy builder's cache look walks every child of the base image
        // and fails when a test beside this one deletes one meanwhile.
        .args(["build", "--no-cache", "--network", "none", "-q", "-t", tag])
        .arg(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "docker build {tag}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    image_id(tag)
}

/// `docker image inspect`'s ID, or `None` when nothing has that name.
pub(crate) fn id_of(reference: &str) -> Option<String> {
    let out = Command::new("docker")
        .args(["image", "inspect", "-f", "{{.Id}}", reference])
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

pub(crate) fn remove(references: &[&str]) {
    let _ = Command::new("docker")
        .args(["rmi", "-f"])
        .args(references)
        .output();
}

async fn tag(id: &str, target: &str, expected: Option<&str>) -> Result<TagOutcome, Error> {
    tag_image(&private_engine(), id, target, seen(expected, &[])).await
}

fn seen<'a>(holder: Option<&'a str>, keeps: &'a [String]) -> TagSeen<'a> {
    TagSeen {
        engine: None,
        holder,
        keeps,
    }
}

#[tokio::test]
async fn the_new_tag_appears_in_docker_images() {
    let repo = unique("imagen-tag/new");
    let source = format!("{repo}:src");
    let id = build_unique(&source);
    let target = format!("{repo}:2");

    let outcome = tag(&id, &target, None).await.unwrap();
    assert_eq!(
        outcome,
        TagOutcome::Tagged {
            reference: target.clone(),
            command: format!("docker tag {id} {target}"),
        }
    );
    assert_eq!(
        tag_command(&id, &target),
        format!("docker tag {id} {target}")
    );
    let listed = docker(&["images", "--format", "{{.Repository}}:{{.Tag}}", &repo]);
    assert!(listed.lines().any(|l| l == target), "{listed}");
    assert_eq!(id_of(&target).as_deref(), Some(id.as_str()));

    // Again: it already names the image, nothing to do.
    assert!(matches!(
        tag(&id, &target, None).await.unwrap(),
        TagOutcome::Tagged { .. }
    ));
    // No tag means latest, as `docker tag` does; a registry with a port keeps its form.
    let outcome = tag(&id, &repo, None).await.unwrap();
    assert!(
        matches!(&outcome, TagOutcome::Tagged { reference, .. } if *reference == format!("{repo}:latest")),
        "{outcome:?}"
    );
    let far = format!("127.0.0.1:5999/{repo}:1");
    assert!(matches!(
        tag(&id, &far, None).await.unwrap(),
        TagOutcome::Tagged { reference, .. } if reference == far
    ));
    assert_eq!(id_of(&far).as_deref(), Some(id.as_str()));
    remove(&[&source, &target, &format!("{repo}:latest"), &far]);
}

#[tokio::test]
async fn a_tag_taken_meanwhile_is_not_moved() {
    let repo = unique("imagen-tag/taken");
    let (a_ref, b_ref, c_ref) = (
        format!("{repo}:a"),
        format!("{repo}:b"),
        format!("{repo}:c"),
    );
    let a = build_unique(&a_ref);
    let b = build_unique(&b_ref);
    let c = build_unique(&c_ref);
    let target = format!("{repo}:shared");

    // The user saw the target free; someone tagged B with it meanwhile.
    docker(&["tag", &b, &target]);
    let outcome = tag(&a, &target, None).await.unwrap();
    assert_eq!(
        outcome,
        TagOutcome::Changed {
            change: TagChange::TargetTaken {
                reference: target.clone(),
                before: None,
                now: b.clone(),
            }
        }
    );
    assert_eq!(id_of(&target).as_deref(), Some(b.as_str()), "nothing moved");

    // The user saw it on C; it is on B now.
    let outcome = tag(&a, &target, Some(&c)).await.unwrap();
    assert_eq!(
        outcome,
        TagOutcome::Changed {
            change: TagChange::TargetTaken {
                reference: target.clone(),
                before: Some(c.clone()),
                now: b.clone(),
            }
        }
    );
    assert_eq!(id_of(&target).as_deref(), Some(b.as_str()), "nothing moved");

    // The user saw it on B, which was to keep B's own tag, and a terminal removed that tag
    // meanwhile: moving now would leave B nameless unseen. Nothing moves.
    let b_tags = vec![b_ref.clone()];
    docker(&["rmi", &b_ref]);
    let outcome = tag_image(&private_engine(), &a, &target, seen(Some(&b), &b_tags))
        .await
        .unwrap();
    assert_eq!(
        outcome,
        TagOutcome::Changed {
            change: TagChange::HolderChanged {
                reference: target.clone(),
                holder: b.clone(),
                keeps: vec![],
            }
        }
    );
    assert_eq!(id_of(&target).as_deref(), Some(b.as_str()), "nothing moved");
    docker(&["tag", &b, &b_ref]);

    // The user saw it on B, keeping B's tag, and still wants it: it moves to A (what
    // `docker tag` does).
    assert!(matches!(
        tag_image(&private_engine(), &a, &target, seen(Some(&b), &b_tags))
            .await
            .unwrap(),
        TagOutcome::Tagged { .. }
    ));
    assert_eq!(id_of(&target).as_deref(), Some(a.as_str()));
    assert_eq!(id_of(&b_ref).as_deref(), Some(b.as_str()));
    remove(&[&a_ref, &b_ref, &c_ref, &target]);
}

#[tokio::test]
async fn an_image_removed_meanwhile_is_gone() {
    let repo = unique("imagen-tag/gone");
    let source = format!("{repo}:1");
    let id = build_unique(&source);
    docker(&["rmi", &source]);
    let target = format!("{repo}:2");
    assert_eq!(
        tag(&id, &target, None).await.unwrap(),
        TagOutcome::Changed {
            change: TagChange::ImageGone
        }
    );
    assert_eq!(id_of(&target), None);
}

#[tokio::test]
async fn digests_and_hostile_text_never_reach_the_engine() {
    // No engine at all: an answer other than a refusal at the door would be an
    // EngineUnreachable.
    let nowhere = Connection::new(EngineAddress::new(
        "unix:///nonexistent/imagen-tag-test/docker.sock",
    ));
    let id = format!("sha256:{}", "a".repeat(64));
    let digest = format!("web@sha256:{}", "b".repeat(64));
    match tag_image(&nowhere, &id, &digest, seen(None, &[]))
        .await
        .unwrap_err()
    {
        Error::InvalidInput { field, reason } => {
            assert_eq!(field, "tag");
            assert!(reason.contains("digest"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    for target in [
        "../volumes/pgdata?force=true",
        "web:1?force=true",
        "web:1 && rm -rf /",
        "web\0",
        "Web:1",
        "",
    ] {
        let err = tag_image(&nowhere, &id, target, seen(None, &[]))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput { .. } | Error::InvalidReference { .. }
            ),
            "{target:?}: {err:?}"
        );
    }
    for bad_id in ["abc", "../images/x", &id[..20], "sha256:../../x"] {
        let err = tag_image(&nowhere, bad_id, "web:1", seen(None, &[]))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { .. }),
            "{bad_id}: {err:?}"
        );
    }
    let err = tag_image(&nowhere, &id, "web:1", seen(Some("b:1"), &[]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
}
