//! The model on hand-built stores. The same rules are checked against the real engine in
//! `tests/removal`; these pin the corner cases quickly.

use super::*;

fn r(text: &str) -> Ref {
    Ref::parse(text).unwrap()
}

fn img(id: &str, parent: Option<&str>, refs: &[&str]) -> Img {
    Img {
        id: id.into(),
        parent: parent.map(Into::into),
        refs: refs.iter().map(|t| r(t)).collect(),
    }
}

fn world(images: Vec<Img>, containers: &[(&str, &str, bool)]) -> World {
    World {
        images: images.into_iter().map(|i| (i.id.clone(), i)).collect(),
        containers: containers
            .iter()
            .map(|(id, image, running)| Ctr {
                id: (*id).into(),
                image_id: (*image).into(),
                running: *running,
                created_as: None,
            })
            .collect(),
        containerd: false,
    }
}

const D: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

#[test]
fn single_reference_follows_moby() {
    assert!(!is_single_reference(&[]));
    assert!(is_single_reference(&[r("a:1")]));
    assert!(!is_single_reference(&[r("a:1"), r("a:2")]));
    assert!(is_single_reference(&[r("a:1"), r(&format!("a@{D}"))]));
    assert!(!is_single_reference(&[r("a:1"), r(&format!("b@{D}"))]));
    assert!(is_single_reference(&[r(&format!("a@{D}"))]));
    assert!(!is_single_reference(&[
        r(&format!("a@{D}")),
        r(&format!("b@{D}"))
    ]));
}

#[test]
fn names_resolve_however_they_are_spelled() {
    let w = world(vec![img("sha256:aa", None, &["nginx:latest"])], &[]);
    for name in ["nginx", "nginx:latest", "docker.io/library/nginx:latest"] {
        assert_eq!(
            w.resolve(&Target::Name(name.into())).as_deref(),
            Some("sha256:aa")
        );
    }
    assert_eq!(
        w.resolve(&Target::Id("aa".into())).as_deref(),
        Some("sha256:aa")
    );
    assert_eq!(w.resolve(&Target::Name("nginx:alpine".into())), None);
}

#[test]
fn untagging_one_of_two_tags_keeps_the_image() {
    let mut w = world(
        vec![img("sha256:aa", None, &["a:1", "a:2"])],
        &[("c", "sha256:aa", true)],
    );
    let rec = w.delete(&Target::Name("a:2".into()), false, true).unwrap();
    assert_eq!(rec, vec![Record::Untagged("a:2".into())]);
    assert!(w.images.contains_key("sha256:aa"));
}

#[test]
fn the_last_tag_with_a_container_needs_force() {
    let mut w = world(
        vec![img("sha256:aa", None, &["a:1"])],
        &[("c", "sha256:aa", false)],
    );
    let err = w
        .delete(&Target::Name("a:1".into()), false, true)
        .unwrap_err();
    assert!(matches!(
        err,
        Refusal::Conflict(Conflict {
            hard: false,
            reason: Reason::ReferenceInUse(_),
            ..
        })
    ));
    // Force: untag, then delete (a stopped container is a soft conflict).
    let rec = w.delete(&Target::Name("a:1".into()), true, true).unwrap();
    assert_eq!(
        rec,
        vec![
            Record::Untagged("a:1".into()),
            Record::Deleted("sha256:aa".into())
        ]
    );
}

#[test]
fn force_untag_of_a_running_image_leaves_it_nameless() {
    let mut w = world(
        vec![img("sha256:aa", None, &["a:1"])],
        &[("c", "sha256:aa", true)],
    );
    let rec = w.delete(&Target::Name("a:1".into()), true, true).unwrap();
    assert_eq!(rec, vec![Record::Untagged("a:1".into())]);
    assert!(w.images["sha256:aa"].refs.is_empty());
    // By ID the running container is a hard conflict.
    let err = w
        .delete(&Target::Id("sha256:aa".into()), true, true)
        .unwrap_err();
    assert!(matches!(
        err,
        Refusal::Conflict(Conflict { hard: true, .. })
    ));
}

#[test]
fn deleting_prunes_untagged_parents_and_stops_at_tagged_ones() {
    let mut w = world(
        vec![
            img("sha256:base", None, &["base:1"]),
            img("sha256:mid", Some("sha256:base"), &[]),
            img("sha256:top", Some("sha256:mid"), &["top:1"]),
        ],
        &[],
    );
    let rec = w
        .delete(&Target::Name("top:1".into()), false, true)
        .unwrap();
    assert_eq!(
        rec,
        vec![
            Record::Untagged("top:1".into()),
            Record::Deleted("sha256:top".into()),
            Record::Deleted("sha256:mid".into()),
        ]
    );
    assert!(w.images.contains_key("sha256:base"));
    // Without pruning the intermediate stays.
    let mut w2 = world(
        vec![
            img("sha256:mid", None, &[]),
            img("sha256:top", Some("sha256:mid"), &["top:1"]),
        ],
        &[],
    );
    w2.delete(&Target::Name("top:1".into()), false, false)
        .unwrap();
    assert!(w2.images.contains_key("sha256:mid"));
}

#[test]
fn children_block_even_force() {
    let mut w = world(
        vec![
            img("sha256:base", None, &["base:1"]),
            img("sha256:kid", Some("sha256:base"), &["kid:1"]),
        ],
        &[],
    );
    let err = w
        .delete(&Target::Id("sha256:base".into()), true, true)
        .unwrap_err();
    assert!(matches!(
        err,
        Refusal::Conflict(Conflict {
            hard: true,
            reason: Reason::ChildImages,
            ..
        })
    ));
    // By name, the tag goes and the image stays quietly (it has children).
    let rec = w
        .delete(&Target::Name("base:1".into()), false, true)
        .unwrap();
    assert_eq!(rec, vec![Record::Untagged("base:1".into())]);
    assert!(w.images.contains_key("sha256:base"));
}

/// The containerd store knows no child-image conflict (moby's
/// `daemon/containerd/image_delete.go`; each case as Engine 28.5 did it).
#[test]
fn on_the_containerd_store_children_block_nothing() {
    let store = || {
        let mut w = world(
            vec![
                img("sha256:base", None, &["base:1"]),
                img("sha256:kid", Some("sha256:base"), &["kid:1"]),
            ],
            &[],
        );
        w.containerd = true;
        w
    };
    let deleted = vec![
        Record::Untagged("base:1".into()),
        Record::Deleted("sha256:base".into()),
    ];
    for force in [false, true] {
        let mut w = store();
        let rec = w.delete(&Target::Id("sha256:base".into()), force, true);
        assert_eq!(rec.unwrap(), deleted, "by ID, force {force}");
        assert!(w.images.contains_key("sha256:kid"));
    }
    let mut w = store();
    let rec = w.delete(&Target::Name("base:1".into()), true, true);
    assert_eq!(rec.unwrap(), deleted, "by its last name, forced");
    // Its last name without force: untagged, and left as `<none>`.
    let mut w = store();
    let rec = w.delete(&Target::Name("base:1".into()), false, true);
    assert_eq!(rec.unwrap(), vec![Record::Untagged("base:1".into())]);
    assert!(w.images["sha256:base"].refs.is_empty());
}

/// moby's containerd `deleteAll` prunes an image's nameless parents, children or not, up to
/// the first one with a name; also when the image itself stays because it has children (as
/// Engine 28.5 did with a classic builder's intermediate image).
#[test]
fn on_the_containerd_store_nameless_parents_are_pruned_whatever_their_children() {
    let store = || {
        let mut w = world(
            vec![
                img("sha256:base", None, &["base:1"]),
                img("sha256:step", Some("sha256:base"), &[]),
                img("sha256:app", Some("sha256:step"), &["app:1"]),
                img("sha256:other", Some("sha256:step"), &["other:1"]),
                img("sha256:kid", Some("sha256:app"), &["kid:1"]),
            ],
            &[],
        );
        w.containerd = true;
        w
    };
    // The child of `step`, which has another child: `step` goes too; `base` has a name.
    let mut w = store();
    let rec = w
        .delete(&Target::Name("other:1".into()), false, true)
        .unwrap();
    assert_eq!(
        rec,
        vec![
            Record::Untagged("other:1".into()),
            Record::Deleted("sha256:other".into()),
            Record::Deleted("sha256:step".into()),
        ]
    );
    assert!(w.images.contains_key("sha256:app") && w.images.contains_key("sha256:base"));
    // `app`'s last name without force: `app` stays (it has a child), `step` goes.
    let mut w = store();
    w.images.remove("sha256:other");
    let rec = w
        .delete(&Target::Name("app:1".into()), false, true)
        .unwrap();
    assert_eq!(
        rec,
        vec![
            Record::Untagged("app:1".into()),
            Record::Deleted("sha256:step".into()),
        ]
    );
    assert!(w.images.contains_key("sha256:app"));
    // Without pruning (`noprune`), nothing but the untag.
    let mut w = store();
    let rec = w
        .delete(&Target::Name("app:1".into()), false, false)
        .unwrap();
    assert_eq!(rec, vec![Record::Untagged("app:1".into())]);
}

/// The containerd store, forced, only untags the last name of an image a container uses,
/// even a stopped one; the classic store deletes it then (above).
#[test]
fn on_the_containerd_store_a_forced_last_name_of_a_used_image_is_only_untagged() {
    for running in [false, true] {
        let mut w = world(
            vec![img("sha256:aa", None, &["a:1"])],
            &[("c", "sha256:aa", running)],
        );
        w.containerd = true;
        let rec = w.delete(&Target::Name("a:1".into()), true, true).unwrap();
        assert_eq!(
            rec,
            vec![Record::Untagged("a:1".into())],
            "running {running}"
        );
        assert!(w.images["sha256:aa"].refs.is_empty());
    }
}

#[test]
fn prune_dangling_keeps_tagged_and_used_images() {
    let mut w = world(
        vec![
            img("sha256:dangling", None, &[]),
            img("sha256:used", None, &[]),
            img("sha256:tagged", None, &["t:1"]),
        ],
        &[("c", "sha256:used", false)],
    );
    let rec = w.prune(false);
    assert_eq!(rec, vec![Record::Deleted("sha256:dangling".into())]);
}

#[test]
fn prune_all_untags_the_first_of_two_tags_of_a_used_image() {
    let mut w = world(
        vec![img("sha256:aa", None, &["a:1", "a:2"])],
        &[("c", "sha256:aa", false)],
    );
    let rec = w.prune(true);
    assert_eq!(rec, vec![Record::Untagged("a:1".into())]);
}

/// A containerd-store world whose containers say what they were created from.
fn containerd_world(images: Vec<Img>, containers: &[(&str, &str, bool, &str)]) -> World {
    let mut w = world(images, &[]);
    w.containerd = true;
    w.containers = containers
        .iter()
        .map(|(id, image, running, created_as)| Ctr {
            id: (*id).into(),
            image_id: (*image).into(),
            running: *running,
            created_as: Some((*created_as).into()),
        })
        .collect();
    w
}

fn targets(calls: &[PruneCall]) -> Vec<(Target, bool)> {
    calls
        .iter()
        .map(|c| (c.target.clone(), c.records.is_empty()))
        .collect()
}

/// The containerd store's `prune` (no `-a`) takes every nameless image one by one, an
/// intermediate build image with children too (they stay whole), and leaves the one a
/// container uses and an image pulled by digest (a name there, not dangling).
#[test]
fn on_the_containerd_store_prune_takes_every_nameless_image() {
    let digest = format!("app@{D}");
    let mut w = containerd_world(
        vec![
            img("sha256:base", None, &["base:1"]),
            img("sha256:step", Some("sha256:base"), &[]),
            img("sha256:app", Some("sha256:step"), &["app:1"]),
            img("sha256:old", None, &[]),
            img("sha256:used", None, &[]),
            img("sha256:pinned", None, &[&digest]),
        ],
        &[("c", "sha256:used", false, "sha256:used")],
    );
    let calls = w.prune_calls(false);
    assert_eq!(
        targets(&calls),
        vec![
            (Target::Id("sha256:old".into()), false),
            (Target::Id("sha256:step".into()), false),
        ]
    );
    assert!(calls.iter().all(|c| !c.prune), "each image by itself");
    assert!(w.images.contains_key("sha256:app") && w.images.contains_key("sha256:pinned"));
    assert!(w.images.contains_key("sha256:used"));
}

/// `prune -a` there: every name in the order of its full spelling, but a name a container was
/// created from stays (even when it names another image now), and so does the last name of
/// an image a container uses. An image with a child loses its name, then goes by its ID.
#[test]
fn on_the_containerd_store_prune_all_works_on_names() {
    let mut w = containerd_world(
        vec![
            img("sha256:two", None, &["two:b", "two:a"]),
            img("sha256:byid", None, &["y:1", "x:1"]),
            img("sha256:parent", None, &["parent:1"]),
            img("sha256:kid", Some("sha256:parent"), &["zkid:1"]),
            img("sha256:rebuilt", None, &["web:1"]),
            img("sha256:webold", None, &[]),
        ],
        &[
            ("c1", "sha256:two", false, "two:a"),
            ("c2", "sha256:byid", true, "sha256:byid"),
            ("c3", "sha256:webold", false, "web:1"),
        ],
    );
    let calls = w.prune_calls(true);
    let name = |n: &str| (Target::Name(n.into()), false);
    assert_eq!(
        targets(&calls),
        vec![
            name("parent:1"),
            (Target::Id("sha256:parent".into()), false),
            name("two:b"),
            name("x:1"),
            name("zkid:1"),
        ]
    );
    let deleted: Vec<&Record> = calls
        .iter()
        .flat_map(|c| &c.records)
        .filter(|r| matches!(r, Record::Deleted(_)))
        .collect();
    assert_eq!(
        deleted,
        [
            &Record::Deleted("sha256:parent".into()),
            &Record::Deleted("sha256:kid".into())
        ]
    );
    assert_eq!(w.images["sha256:two"].refs[0].text, "two:a");
    assert_eq!(w.images["sha256:byid"].refs[0].text, "y:1");
    assert!(w.images.contains_key("sha256:rebuilt") && w.images.contains_key("sha256:webold"));
}

/// Imagen's own rule there: the image a container runs keeps its last name even when the
/// container was created from a name that has moved since (the engine's prune would delete
/// it, container or not).
#[test]
fn on_the_containerd_store_prune_all_leaves_a_name_of_an_image_in_use() {
    let mut w = containerd_world(
        vec![
            img("sha256:old", None, &["other:1"]),
            img("sha256:new", None, &["app:1"]),
        ],
        &[("c", "sha256:old", false, "app:1")],
    );
    let calls = w.prune_calls(true);
    assert!(calls.is_empty(), "{calls:?}");
}

/// On the containerd store a delete by a digest name removes every name of its repository
/// (moby's `getSameReferences`), and refuses when that is every name of an image in use.
#[test]
fn on_the_containerd_store_a_digest_name_takes_its_repositorys_tags() {
    let digest = format!("app@{D}");
    let store = |containers: &[(&str, &str, bool)]| {
        let mut w = world(
            vec![img("sha256:aa", None, &["app:1", &digest, "other:2"])],
            containers,
        );
        w.containerd = true;
        w
    };
    let mut w = store(&[]);
    let rec = w
        .delete(&Target::Name(digest.clone()), false, true)
        .unwrap();
    assert_eq!(
        rec,
        vec![
            Record::Untagged(digest.clone()),
            Record::Untagged("app:1".into())
        ]
    );
    assert_eq!(w.images["sha256:aa"].refs[0].text, "other:2");
    // `other:2` left: the last names of an image in use, without force, are refused.
    let mut w = world(
        vec![img("sha256:aa", None, &["app:1", &digest])],
        &[("c", "sha256:aa", false)],
    );
    w.containerd = true;
    let refused = w.delete(&Target::Name(digest.clone()), false, true);
    assert!(
        matches!(
            refused,
            Err(Refusal::Conflict(Conflict {
                reason: Reason::ReferenceInUse(_),
                ..
            }))
        ),
        "{refused:?}"
    );
}

/// `prune -a` there leaves out a call that would remove a name the engine's prune keeps, and
/// one `ImageDelete` refuses: Imagen's prune removes less then, never more.
#[test]
fn on_the_containerd_store_prune_all_makes_no_call_that_takes_more() {
    let digest = format!("app@{D}");
    // The container was created from `app:1`: the digest's call would take it too.
    let mut w = containerd_world(
        vec![img("sha256:aa", None, &["app:1", &digest, "other:2"])],
        &[("c", "sha256:aa", false, "app:1")],
    );
    let calls = w.prune_calls(true);
    assert_eq!(
        targets(&calls),
        vec![(Target::Name("other:2".into()), false)]
    );
    assert_eq!(calls[0].records, vec![Record::Untagged("other:2".into())]);
    // Created from the ID: the engine's prune untags `app:1` and keeps the digest; the
    // tag's call would take the digest with it, so none is made.
    let mut w = containerd_world(
        vec![img("sha256:aa", None, &["app:1", &digest])],
        &[("c", "sha256:aa", false, "sha256:aa")],
    );
    assert!(w.prune_calls(true).is_empty());
}

/// There, an image with children stays as `<none>` only when the call removed its only name;
/// a call that removed several at once (a tag and its repository's digest) deletes it, as
/// moby clears the reference conflict then and keeps no dangling record.
#[test]
fn on_the_containerd_store_a_call_taking_several_names_deletes_an_image_with_children() {
    let digest = format!("app@{D}");
    let mut w = world(
        vec![
            img("sha256:app", None, &["app:1", &digest]),
            img("sha256:kid", Some("sha256:app"), &["kid:1"]),
        ],
        &[],
    );
    w.containerd = true;
    let rec = w
        .delete(&Target::Name("app:1".into()), false, true)
        .unwrap();
    assert_eq!(
        rec,
        vec![
            Record::Untagged("app:1".into()),
            Record::Untagged(digest),
            Record::Deleted("sha256:app".into()),
        ]
    );
    assert!(w.images.contains_key("sha256:kid"));
}
