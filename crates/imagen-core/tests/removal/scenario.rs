//! Building the images and containers each test needs, with unique names so tests can
//! run side by side.

use crate::support::{docker, private_engine};
use imagen_core::removal::{
    execute_plan, execute_plan_even_if_refused, make_plan, ActionKind, Outcome, PlanAction,
    PlanRegistry, RemovalPlan, RemovalReport, RemovalRun, SelectedTag, Selection,
};
use imagen_core::{Error, ImageId};
use std::collections::BTreeSet;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const BASE: &str = "imagen-fixture/busybox:latest";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A name no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}-{}-{n}-{nanos}", std::process::id())
}

/// Builds an image with content of its own on `from` (legacy builder, so it has a parent
/// chain like images built on Docker 20.10), tags it `tag` and returns its ID.
pub fn build(tag: &str, from: &str) -> String {
    let dir = std::env::temp_dir().join(unique("imagen-removal-ctx"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("Dockerfile"),
        format!(
            "FROM {from}\nRUN echo {} > /id\nCMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 3600 & wait\"]\n",
            unique("content")
        ),
    )
    .unwrap();
    // --no-cache: the legacy builder's cache look walks every child of `from`, and fails
    // ("unable to find image") when a test running beside this one deletes one meanwhile.
    let out = Command::new("docker")
        .env("DOCKER_BUILDKIT", "0")
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
    id_of(tag).unwrap()
}

/// `docker image inspect`'s ID, or `None` when there is no such image.
pub fn id_of(reference: &str) -> Option<String> {
    let out = Command::new("docker")
        .args(["image", "inspect", "-f", "{{.Id}}", reference])
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The image's tags right now.
pub fn tags_of(id: &str) -> BTreeSet<String> {
    docker(&[
        "image",
        "inspect",
        "-f",
        "{{range .RepoTags}}{{.}} {{end}}",
        id,
    ])
    .split_whitespace()
    .map(str::to_owned)
    .collect()
}

pub fn tag(source: &str, target: &str) {
    docker(&["tag", source, target]);
}

/// A running container.
pub fn running(name: &str, image: &str) {
    docker(&["run", "-d", "--network", "none", "--name", name, image]);
}

/// A running container, paused (its processes frozen: docker still counts it as running).
pub fn paused(name: &str, image: &str) {
    running(name, image);
    docker(&["pause", name]);
}

/// An exited container.
pub fn exited(name: &str, image: &str) {
    docker(&["run", "--network", "none", "--name", name, image, "true"]);
}

/// A container created and never started.
pub fn created(name: &str, image: &str) {
    docker(&["create", "--network", "none", "--name", name, image]);
}

/// The full ID of the container `name`.
pub fn container_id(name: &str) -> String {
    docker(&["container", "inspect", "-f", "{{.Id}}", name])
        .trim()
        .to_owned()
}

pub fn container_exists(name: &str) -> bool {
    Command::new("docker")
        .args(["container", "inspect", name])
        .output()
        .unwrap()
        .status
        .success()
}

/// Every image ID, intermediate ones included.
pub fn all_image_ids() -> BTreeSet<String> {
    docker(&["images", "-a", "--no-trunc", "-q"])
        .lines()
        .map(str::to_owned)
        .collect()
}

pub fn images(ids: &[&str]) -> Selection {
    Selection {
        images: ids.iter().map(|s| ImageId::new(*s)).collect(),
        tags: vec![],
    }
}

pub fn tags(refs: &[&str]) -> Selection {
    Selection {
        images: vec![],
        // On the image each names now, as the inspector the user chose it in shows it.
        tags: refs
            .iter()
            .map(|r| SelectedTag::new(*r, id_of(r).expect("the tag names an image")))
            .collect(),
    }
}

/// The plans these tests make, kept as the app keeps them.
pub static PLANS: std::sync::LazyLock<PlanRegistry> =
    std::sync::LazyLock::new(PlanRegistry::default);

/// Plans the removal of `selection` the way the app does (kept, to be run by ID).
pub async fn plan(selection: &Selection) -> RemovalPlan {
    make_plan(&private_engine(), &PLANS, selection.clone(), None)
        .await
        .unwrap()
}

/// Runs action `kind` of the kept plan `p`, as the app's Delete buttons do.
pub async fn execute(p: &RemovalPlan, kind: ActionKind) -> RemovalRun {
    execute_plan(&private_engine(), &PLANS, &p.id, kind, |_| {})
        .await
        .unwrap()
}

pub fn action(plan: &RemovalPlan, kind: imagen_core::removal::ActionKind) -> &PlanAction {
    plan.actions
        .iter()
        .find(|a| a.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} action in {plan:#?}"))
}

/// Runs `action`'s steps on the engine and asserts it did exactly what the plan said:
/// the same tags removed and images deleted, or a refusal at the same step for the same
/// reason.
pub async fn run_and_compare(p: &RemovalPlan, kind: ActionKind) -> RemovalReport {
    let action = self::action(p, kind);
    let before = all_image_ids();
    let run = if matches!(action.outcome, Outcome::Refused { .. }) {
        // The app refuses to run it, before asking the engine anything (the UI never
        // offers it); the test runs it anyway, to compare the refusal with the engine's.
        let door = execute_plan(&private_engine(), &PLANS, &p.id, kind, |_| {}).await;
        assert!(
            matches!(&door, Err(Error::InvalidInput { field, .. }) if field == "action"),
            "{kind:?} is predicted refused: {door:?}"
        );
        for img in &p.images {
            assert!(
                id_of(img.id.as_str()).is_some(),
                "the refusal at the door deleted nothing"
            );
        }
        execute_plan_even_if_refused(&private_engine(), &PLANS, &p.id, kind, |_| {})
            .await
            .unwrap()
    } else {
        execute(p, kind).await
    };
    let report = match run {
        RemovalRun::Ran { report } => report,
        changed => panic!("{kind:?}: the engine did not change, yet: {changed:#?}"),
    };
    match &action.outcome {
        Outcome::Succeeds {
            untagged, deleted, ..
        } => {
            assert!(
                report.failed.is_none(),
                "{:?} predicted success, the engine said {report:#?}",
                action.kind
            );
            let got: BTreeSet<&String> = report.untagged.iter().collect();
            assert_eq!(
                got,
                untagged.iter().collect(),
                "untagged, {:?}",
                action.kind
            );
            // `Deleted` lists layers too; compare the images.
            let got: BTreeSet<&str> = report
                .deleted
                .iter()
                .filter(|d| before.contains(*d))
                .map(String::as_str)
                .collect();
            let want: BTreeSet<&str> = deleted.iter().map(|d| d.as_str()).collect();
            assert_eq!(got, want, "deleted images, {:?}", action.kind);
            // The report's own comparison with the plan agrees: nothing differed.
            assert_eq!(report.mismatch, None, "{:?}", action.kind);
        }
        Outcome::Refused { step, reason, .. } => {
            assert_eq!(
                report.steps_run, *step,
                "{:?} predicted a refusal at step {step}: {report:#?}",
                action.kind
            );
            match &report.failed {
                Some(Error::RemovalConflict { reason: got, .. }) => {
                    assert_eq!(got.as_ref(), Some(reason), "{report:#?}")
                }
                other => panic!("{:?}: expected a conflict, got {other:?}", action.kind),
            }
        }
    }
    report
}
