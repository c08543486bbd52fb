//! The filter language against `docker images --filter` on the same engine: for every docker
//! key, `apply(parse_query(…))` over `list_images` keeps exactly the images docker lists.
//!
//! Uses the `imagen-filter/*` fixtures (scripts/fixtures.sh), each created in a second of its
//! own: Imagen sees creation times in whole seconds, the engine in nanoseconds.

use crate::support::{docker, image_id, private_engine};
use imagen_core::images::filter::{apply, parse_query, FilterError};
use imagen_core::images::list_images;
use imagen_core::ImageList;
use std::collections::BTreeSet;
use std::process::Command;

async fn listed() -> ImageList {
    private_engine()
        .run(|engine| async move { list_images(&engine).await })
        .await
        .unwrap()
}

/// `docker images --no-trunc --filter … --format {{.ID}}`, one ID per image.
fn docker_ids(filters: &[String]) -> BTreeSet<String> {
    let mut args = vec!["images", "--no-trunc", "--format", "{{.ID}}"];
    for f in filters {
        args.push("--filter");
        args.push(f);
    }
    docker(&args).lines().map(str::to_owned).collect()
}

/// The docker filters as one search-field text; a value with a space gets quotes.
fn as_query(filters: &[String]) -> String {
    filters
        .iter()
        .map(|f| match f.split_once('=') {
            Some((key, value)) if value.contains(' ') => format!("{key}=\"{value}\""),
            _ => f.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

async fn ours(query: &str) -> Result<BTreeSet<String>, FilterError> {
    let list = listed().await;
    let q = parse_query(query)?;
    Ok(apply(&q, &list.images)?
        .into_iter()
        .map(|i| list.images[i].id.as_str().to_owned())
        .collect())
}

/// Filter sets as docker takes them, and whether the answer is expected to be empty.
fn cases() -> Vec<(Vec<String>, bool)> {
    let old = image_id("imagen-filter/old:1.0");
    let new = image_id("imagen-filter/new:1.0");
    let old_short = old["sha256:".len()..][..12].to_owned();
    let set = |filters: &[&str]| filters.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>();
    let mut cases: Vec<(Vec<String>, bool)> = [
        // dangling
        (&["dangling=true"][..], false),
        (&["dangling=false"], false),
        // label: key only (with an empty value), key=value, key= (empty value), several
        (&["label=org.imagen.filter.flag"], false),
        (&["label=org.imagen.filter.flag="], false),
        (&["label=org.imagen.filter.tier=silver"], false),
        (&["label=org.imagen.filter.tier=Silver"], true),
        (&["label=org.imagen.fixture"], false),
        (
            &[
                "label=org.imagen.filter.flag",
                "label=org.imagen.filter.tier=silver",
            ],
            false,
        ),
        (&["label=org.imagen.filter.note=two words"], false),
        // reference: plain names, globs, a registry with a port, several components
        (&["reference=imagen-fixture/busybox"], false),
        (&["reference=imagen-fixture/busybox:stable"], false),
        (&["reference=imagen-fixture/*"], false),
        (&["reference=*:1.36"], false),
        (&["reference=*/*:1.36"], false),
        (&["reference=filter-plain"], false),
        (&["reference=docker.io/library/filter-plain"], true),
        (&["reference=busybox"], true),
        (&["reference=localhost:5000/team/app"], false),
        (&["reference=localhost:5000/team/*"], false),
        (&["reference=*/team/app:1.?"], false),
        (&["reference=imagen-filter/*/*/*"], false),
        (&["reference=imagen-filter/[m-n]*"], false),
        (
            &["reference=filter-plain", "reference=imagen-fixture/web"],
            false,
        ),
        // before / since: by tag, registry name, ID prefix, full ID
        (&["before=imagen-filter/mid:1.0"], false),
        (&["since=imagen-filter/old:1.0"], false),
        (&["before=localhost:5000/team/app:1.0"], false),
        (&["since=filter-plain:1.36"], true),
        (
            &[
                "since=imagen-filter/old:1.0",
                "before=imagen-filter/new:1.0",
            ],
            false,
        ),
        // combinations of keys
        (
            &[
                "dangling=false",
                "label=org.imagen.filter.tier=silver",
                "reference=imagen-filter/*",
            ],
            false,
        ),
        (
            &["label=org.imagen.filter.flag", "reference=*/*/*/*"],
            false,
        ),
        (&["dangling=true", "label=org.imagen.fixture"], false),
    ]
    .iter()
    .map(|(filters, empty)| (set(filters), *empty))
    .collect();
    cases.push((vec![format!("since={old_short}")], false));
    cases.push((vec![format!("before={new}")], false));
    cases.push((
        vec![
            format!("before={}", &new["sha256:".len()..]),
            "label=org.imagen.filter.tier".to_owned(),
        ],
        false,
    ));
    cases
}

/// Where docker's answers are recorded for the UI's TypeScript port of the filter
/// (`ui/src/lib/images/filter.engine.test.ts`, run by `scripts/test.sh` after this test).
fn vectors_path() -> std::path::PathBuf {
    std::env::var_os("IMAGEN_ENGINE_VECTORS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/engine-vectors")
        })
        .join("filter-docker.json")
}

/// An image that only a digest names: built, pushed to the private registry, untagged, and
/// pulled back by digest. The classic store keeps the digest beside no tag, and counts the
/// image dangling; the containerd store keeps `repo@sha256:…` as a name, and does not. Made
/// by the test that needs it (the end-to-end suites count the fixtures' dangling images), and
/// removed when it ends.
/// Holds what to remove when the test ends: the built image's tag at first, then its ID.
struct PulledByDigest(String);

impl PulledByDigest {
    fn new() -> Self {
        let registry = std::env::var("IMAGEN_TEST_REGISTRY").unwrap();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let remote = format!("{registry}/imagen-filter/pinned:{nanos}");
        // Built as the tag tests build (no cache, counted as a build in flight).
        crate::tag::build_unique(&remote);
        // Removed however the rest goes, so the end-to-end suites never meet it.
        let mut made = Self(remote.clone());
        let pushed = docker(&["push", &remote]);
        let digest = pushed
            .split_whitespace()
            .find(|w| w.starts_with("sha256:"))
            .unwrap_or_else(|| panic!("no digest in push output: {pushed}"))
            .to_owned();
        docker(&["rmi", &remote]);
        let by_digest = format!("{registry}/imagen-filter/pinned@{digest}");
        docker(&["pull", "-q", &by_digest]);
        made.0 = image_id(&by_digest);
        made
    }
}

impl Drop for PulledByDigest {
    fn drop(&mut self) {
        // Not `docker()`, which panics: a panic while a failed test unwinds aborts the run.
        let _ = Command::new("docker").args(["rmi", "-f", &self.0]).output();
    }
}

#[tokio::test]
async fn every_docker_key_agrees_with_docker_images() {
    // The fixtures: the weak-case check below judges on them.
    let everything = docker_ids(&[]);
    let pinned = PulledByDigest::new();
    // The store's own shape: a digest name (containerd store), or a digest beside no tag.
    let tags_of_pinned = docker(&["image", "inspect", "-f", "{{json .RepoTags}}", &pinned.0]);
    assert_eq!(
        tags_of_pinned.contains('@'),
        crate::support::containerd_store(),
        "{tags_of_pinned}"
    );
    let mut failures = Vec::new();
    // docker's answer for each query, as indices into Imagen's list: what the TypeScript
    // port must give too.
    let list = listed().await;
    let mut recorded: Vec<(String, BTreeSet<String>)> = Vec::new();
    for (filters, empty) in cases() {
        let query = as_query(&filters);
        // Other tests pull, load and remove images meanwhile: retry until docker's answer is
        // the same before and after Imagen's list, and, a few times, while Imagen's differs
        // from it (an image loaded and removed between docker's two lists is in Imagen's
        // alone). A real disagreement differs every time.
        let mut outcome = None;
        for _ in 0..5 {
            let before = docker_ids(&filters);
            let got = ours(&query).await;
            if docker_ids(&filters) == before {
                let agrees = matches!(&got, Ok(got) if *got == before);
                outcome = Some((before, got));
                if agrees {
                    break;
                }
            }
        }
        let Some((want, got)) = outcome else {
            failures.push(format!("{query}: the engine kept changing"));
            continue;
        };
        recorded.push((query.clone(), want.clone()));
        match got {
            Ok(got) if got == want => {}
            Ok(got) => failures.push(format!("{query}: docker {want:?}, Imagen {got:?}")),
            Err(e) => failures.push(format!("{query}: docker {want:?}, Imagen error {e}")),
        }
        // Judged on the images there at the start: the ones other tests build meanwhile are
        // newer than every fixture, and would make `since=<the newest fixture>` look weak.
        let kept = want.intersection(&everything).count();
        if (kept == 0) != empty || (!empty && kept == everything.len()) {
            failures.push(format!(
                "{query}: a weak case ({kept} of {} images): check the fixtures",
                everything.len()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Other tests add and remove images meanwhile: keep the images present from start to
    // end, and docker's answers restricted to them (the port sees the same images).
    let end: BTreeSet<String> = listed()
        .await
        .images
        .iter()
        .map(|i| i.id.as_str().to_owned())
        .collect();
    let stable: Vec<_> = list
        .images
        .iter()
        .filter(|i| end.contains(i.id.as_str()))
        .collect();
    let cases: Vec<_> = recorded
        .iter()
        .map(|(query, want)| {
            let expect: Vec<usize> = (0..stable.len())
                .filter(|&i| want.contains(stable[i].id.as_str()))
                .collect();
            serde_json::json!({ "query": query, "expect": expect })
        })
        .collect();
    let path = vectors_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let doc = serde_json::json!({
        "description": "Recorded by crates/imagen-core/tests/integration/filter.rs: docker images --filter on the private engine, as indices into Imagen's list.",
        "images": stable,
        "cases": cases,
    });
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
}

#[tokio::test]
async fn filter_fixtures_are_where_the_cases_expect_them() {
    let list = listed().await;
    let created = |reference: &str| {
        let id = image_id(reference);
        list.images
            .iter()
            .find(|i| i.id.as_str() == id)
            .unwrap()
            .created
    };
    let (old, mid, new) = (
        created("imagen-filter/old:1.0"),
        created("imagen-filter/mid:1.0"),
        created("imagen-filter/new:1.0"),
    );
    assert!(old < mid && mid < new, "{old} {mid} {new}");
    // No other image shares their seconds, so whole seconds decide as nanoseconds do.
    for image in &list.images {
        let shares = [old, mid, new].contains(&image.created);
        let is_fixture = image.tags.iter().any(|t| {
            t.starts_with("imagen-filter/")
                || t.starts_with("localhost:5000/")
                || t == "filter-plain:1.36"
        });
        assert!(
            !shares || is_fixture,
            "{:?} shares a second with a filter fixture",
            image.tags
        );
    }
}

/// What docker refuses, Imagen refuses too (with its own, more specific error). The
/// containerd image store takes a pattern that cannot match anything (`[` unclosed) and lists
/// nothing; Imagen still says why, rather than show an empty grid as if no image matched.
#[tokio::test]
async fn docker_errors_are_errors_here() {
    let containerd = crate::support::containerd_store();
    for (filter, kind) in [
        ("before=imagen-filter/nosuch:1.0", "NoSuchImage"),
        ("since=imagen-filter/mid", "NoSuchImage"),
        ("reference=imagen-filter/[", "BadPattern"),
        ("dangling=maybe", "BadBool"),
        ("dangling=TRUE", "BadBool"),
        ("colour=red", "UnknownKey"),
    ] {
        let out = Command::new("docker")
            .args(["images", "--filter", filter])
            .output()
            .unwrap();
        let listed_nothing = String::from_utf8_lossy(&out.stdout).lines().count() <= 1;
        assert!(
            !out.status.success() || (containerd && kind == "BadPattern" && listed_nothing),
            "docker accepted {filter}"
        );
        let err = ours(filter).await.unwrap_err();
        let got = serde_json::to_value(&err).unwrap();
        assert_eq!(got["kind"], kind, "{filter}: {err}");
    }
}
