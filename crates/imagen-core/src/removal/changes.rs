//! Whether the engine still matches what the user was shown, and if not, what changed —
//! in terms a person can check in a terminal (a tag moved, a container appeared).

use super::model::Target;
use super::registry::KeptPlan;
use super::types::{Outcome, PlanAction, PlanChange, PrunePreview, RemovalPlan};
use super::world::Snapshot;
use crate::images::ImageId;
use std::collections::BTreeSet;

/// True when running `new` does exactly what the user saw in `old`: the same calls on the
/// same full IDs, with the same predicted result. The freed space is left out: it moves
/// when an unrelated image starts or stops sharing a layer, and deletes nothing else.
pub(crate) fn same_effect(old: &PlanAction, new: &PlanAction) -> bool {
    old.kind == new.kind
        && old.steps == new.steps
        && sans_space(&old.outcome) == sans_space(&new.outcome)
}

fn sans_space(outcome: &Outcome) -> Outcome {
    let mut o = outcome.clone();
    if let Outcome::Succeeds {
        freed, freed_text, ..
    } = &mut o
    {
        *freed = 0;
        freed_text.clear();
    }
    o
}

/// What changed since `kept` was made, with the engine now at `address` as `snap` read it
/// and `fresh` the plan for the same selection there: the engine itself when Imagen has
/// reconnected to another one (nothing of it was seen), else [`plan_changes`].
pub(crate) fn kept_plan_changes(
    kept: &KeptPlan,
    snap: &Snapshot,
    fresh: Option<&RemovalPlan>,
    address: &str,
) -> Vec<PlanChange> {
    if address != kept.engine {
        return vec![PlanChange::EngineSwitched {
            from: kept.engine.clone(),
            to: address.to_owned(),
        }];
    }
    let names_now = |tag: &str| {
        snap.world
            .resolve(&Target::Name(tag.to_owned()))
            .map(ImageId::new)
    };
    plan_changes(&kept.plan, fresh, names_now)
}

/// What differs between the plan the user saw and the plan for the same selection now
/// (`None`: nothing of the selection is left). Never empty when the plans differ: a
/// difference none of the named kinds covers is [`PlanChange::OutcomeChanged`].
///
/// `names_now` says which image a tag names on the engine now, so a tag that left an image
/// of the plan for another one is told as moved (a terminal's `docker build -t`), not
/// merely removed.
pub(crate) fn plan_changes(
    old: &RemovalPlan,
    new: Option<&RemovalPlan>,
    names_now: impl Fn(&str) -> Option<ImageId>,
) -> Vec<PlanChange> {
    let mut out = Vec::new();
    let new_image = |id: &ImageId| new.and_then(|p| p.images.iter().find(|i| &i.id == id));
    for img in &old.images {
        // A selected tag that now resolves elsewhere (or nowhere). The engine says where:
        // the new plan leaves a moved tag out (it was chosen on this image).
        for tag in &img.selected_tags {
            let now = names_now(tag);
            if now.as_ref() != Some(&img.id) {
                out.push(PlanChange::TagMoved {
                    reference: tag.clone(),
                    from: img.id.clone(),
                    to: now,
                });
            }
        }
        match new_image(&img.id) {
            None if img.selected_tags.is_empty() => out.push(PlanChange::ImageGone {
                image: img.id.clone(),
                name: img.display_name.clone(),
            }),
            None => {}
            Some(now) => {
                let had: BTreeSet<&String> = img.tags.iter().collect();
                let has: BTreeSet<&String> = now.tags.iter().collect();
                let added: Vec<String> = has.difference(&had).map(|s| (*s).clone()).collect();
                let mut removed = Vec::new();
                // A selected tag that left is told above, once: as moved, or gone.
                let unselected = had
                    .difference(&has)
                    .filter(|t| !img.selected_tags.contains(**t));
                for tag in unselected {
                    match names_now(tag) {
                        Some(to) if to != img.id => out.push(PlanChange::TagMoved {
                            reference: (*tag).clone(),
                            from: img.id.clone(),
                            to: Some(to),
                        }),
                        _ => removed.push((*tag).clone()),
                    }
                }
                if !added.is_empty() || !removed.is_empty() {
                    out.push(PlanChange::TagsChanged {
                        image: img.id.clone(),
                        name: img.display_name.clone(),
                        added,
                        removed,
                    });
                }
            }
        }
    }
    if let Some(new) = new {
        for c in &new.containers {
            match old.containers.iter().find(|o| o.id == c.id) {
                None => out.push(PlanChange::ContainerAdded {
                    container: c.name.clone(),
                    image: c.image_id.clone(),
                    state: c.state,
                }),
                Some(o) if o.state.is_running() != c.state.is_running() || o.state != c.state => {
                    out.push(PlanChange::ContainerStateChanged {
                        container: c.name.clone(),
                        from: o.state,
                        to: c.state,
                    })
                }
                Some(_) => {}
            }
        }
        for child in &new.children {
            if !old.children.iter().any(|o| o.id == child.id) {
                out.push(PlanChange::ChildAdded {
                    child: child.display_name.clone(),
                    parent: child.parent.clone(),
                });
            }
        }
    }
    for child in &old.children {
        let still = new.is_some_and(|p| p.children.iter().any(|n| n.id == child.id));
        // A child of an image that left the plan is not told apart from its parent.
        let parent_still = new.is_some_and(|p| p.images.iter().any(|i| i.id == child.parent));
        if !still && parent_still {
            out.push(PlanChange::ChildGone {
                child: child.display_name.clone(),
                parent: child.parent.clone(),
            });
        }
    }
    for c in &old.containers {
        let still = new.is_some_and(|p| p.containers.iter().any(|n| n.id == c.id));
        // A container of an image that left the plan is not "gone"; its image is.
        let image_still = new.is_some_and(|p| p.images.iter().any(|i| i.id == c.image_id));
        if !still && image_still {
            out.push(PlanChange::ContainerGone {
                container: c.name.clone(),
            });
        }
    }
    if out.is_empty() {
        out.push(PlanChange::OutcomeChanged);
    }
    out
}

/// What a prune would do now (`new`, on the engine as `snap` read it) that differs from what
/// `old` previewed: images that would newly be deleted or lose tags, and previewed images
/// still on the engine that it would now not delete, or not untag as shown. Those came into
/// use since (a container made from `app:1` keeps the image and leaves `app:2` to the user),
/// or otherwise changed: running the rest would untag one tag and quietly keep the image the
/// user confirmed deleting. Empty when the prune now does the same, or less only because
/// images or tags it was to remove are gone already (a terminal removed them): running the
/// rest is still within what the user confirmed, and the report names what was gone.
pub(crate) fn prune_changes(
    old: &PrunePreview,
    new: &PrunePreview,
    snap: &Snapshot,
) -> Vec<PlanChange> {
    let mut out = prune_additions(old, new);
    let mut other = false;
    for seen in &old.images {
        let Some(img) = snap.world.images.get(seen.id.as_str()) else {
            continue; // gone: named in the report, not a change to confirm
        };
        let now = new.images.iter().find(|i| i.id == seen.id);
        let kept = seen.deleted && !now.is_some_and(|n| n.deleted);
        // A previewed untag of a reference the image still has, which would not happen now.
        let tag_kept = seen.untagged.iter().any(|t| {
            img.refs.iter().any(|r| &r.text == t) && !now.is_some_and(|n| n.untagged.contains(t))
        });
        if !kept && !tag_kept {
            continue;
        }
        // An image the preview deleted had no container (the engine refuses to delete one
        // that has): every container using it now is new.
        let users: Vec<PlanChange> = snap
            .containers
            .iter()
            .filter(|c| seen.deleted && c.image_id == seen.id)
            .map(|c| PlanChange::ContainerAdded {
                container: c.name.clone(),
                image: c.image_id.clone(),
                state: c.state,
            })
            .collect();
        if users.is_empty() {
            other = true;
        }
        out.extend(users);
    }
    if other {
        out.push(PlanChange::OutcomeChanged);
    }
    out
}

/// What a prune would do now beyond what `old` previewed (images that would newly be
/// deleted or lose tags).
fn prune_additions(old: &PrunePreview, new: &PrunePreview) -> Vec<PlanChange> {
    let mut out = Vec::new();
    for img in &new.images {
        let before = old.images.iter().find(|o| o.id == img.id);
        let newly_deleted = img.deleted && !before.is_some_and(|o| o.deleted);
        // Digests are no tags: a `docker push` in a terminal adds one (the page's own
        // re-check leaves them out too).
        let is_new =
            |t: &&String| !t.contains('@') && !before.is_some_and(|o| o.untagged.contains(t));
        let new_tags = img.untagged.iter().any(|t| is_new(&t));
        match before {
            Some(seen) if !newly_deleted && new_tags => {
                // A tag put on a previewed image (`docker tag app:1 zz:new`): the prune would
                // now remove it too. Named as such: the image was on the list already, and
                // "app:1 would now be removed" would not name zz:new at all.
                out.push(PlanChange::TagsChanged {
                    image: img.id.clone(),
                    name: seen.display_name.clone(),
                    added: img.untagged.iter().filter(is_new).cloned().collect(),
                    removed: Vec::new(),
                });
            }
            None => out.push(PlanChange::ImageAdded {
                image: img.id.clone(),
                name: img.display_name.clone(),
            }),
            Some(_) if newly_deleted => out.push(PlanChange::ImageAdded {
                image: img.id.clone(),
                name: img.display_name.clone(),
            }),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::removal::types::{PlanChild, PlanImage, Verdict};

    fn pruned(id: &str, name: &str, untagged: &[&str]) -> crate::removal::types::PruneImage {
        crate::removal::types::PruneImage {
            id: ImageId::new(id),
            short_id: id.to_owned(),
            display_name: name.to_owned(),
            untagged: untagged.iter().map(|t| (*t).to_owned()).collect(),
            deleted: true,
            intermediate: false,
            unique_size: None,
        }
    }

    fn previewing(images: Vec<crate::removal::types::PruneImage>) -> PrunePreview {
        PrunePreview {
            id: String::new(),
            mode: crate::removal::PruneMode::Unused,
            images,
            freed: 0,
            freed_text: None,
            kept: Vec::new(),
            engine: String::new(),
            intermediates_alone: false,
        }
    }

    /// `docker tag app:1 zz:new` under an open `prune -a` preview: the prune would now remove
    /// zz:new too. That is said of zz:new, not as "app:1 would now be removed" again.
    #[test]
    fn a_tag_put_on_a_previewed_image_is_named() {
        let old = previewing(vec![pruned("sha256:a", "app:1", &["app:1"])]);
        let new = previewing(vec![
            pruned("sha256:a", "app:1", &["app:1", "zz:new"]),
            pruned("sha256:b", "other:2", &["other:2"]),
        ]);
        assert_eq!(
            prune_additions(&old, &new),
            vec![
                PlanChange::TagsChanged {
                    image: ImageId::new("sha256:a"),
                    name: "app:1".into(),
                    added: vec!["zz:new".into()],
                    removed: Vec::new(),
                },
                PlanChange::ImageAdded {
                    image: ImageId::new("sha256:b"),
                    name: "other:2".into(),
                },
            ]
        );
        assert!(prune_additions(&old, &old).is_empty());
        // A push in a terminal gives the image a digest: no tag, nothing to confirm again.
        let pushed = previewing(vec![pruned(
            "sha256:a",
            "app:1",
            &["app:1", "app@sha256:0123"],
        )]);
        assert!(prune_additions(&old, &pushed).is_empty());
    }

    fn image(id: &str, tags: &[&str], selected: &[&str]) -> PlanImage {
        PlanImage {
            id: ImageId::new(id),
            short_id: id.to_owned(),
            display_name: tags.first().copied().unwrap_or(id).to_owned(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            digests: Vec::new(),
            selected_tags: selected.iter().map(|t| (*t).to_owned()).collect(),
            size: 1,
            size_text: "1B".to_owned(),
            unique_size: None,
            verdict: Verdict::UntagOnly,
            reason: None,
            forced_reason: None,
        }
    }

    fn plan(images: Vec<PlanImage>) -> RemovalPlan {
        RemovalPlan {
            id: "plan-1".to_owned(),
            images,
            containers: Vec::new(),
            children: Vec::new(),
            actions: Vec::new(),
            podman: false,
        }
    }

    #[test]
    fn a_selected_tag_moved_to_another_image_is_told_once() {
        // app:dev and app:1 chosen on X (which has app:2 too); then `docker tag Y app:dev`.
        let old = plan(vec![image(
            "X",
            &["app:dev", "app:1", "app:2"],
            &["app:dev", "app:1"],
        )]);
        let new = plan(vec![image("X", &["app:1", "app:2"], &["app:1"])]);
        let names_now = |tag: &str| match tag {
            "app:dev" => Some(ImageId::new("Y")),
            "app:1" | "app:2" => Some(ImageId::new("X")),
            _ => None,
        };
        assert_eq!(
            plan_changes(&old, Some(&new), names_now),
            vec![PlanChange::TagMoved {
                reference: "app:dev".to_owned(),
                from: ImageId::new("X"),
                to: Some(ImageId::new("Y")),
            }]
        );
    }

    #[test]
    fn a_selected_tag_removed_is_told_once_and_an_unselected_one_as_a_tag_change() {
        // `docker rmi app:dev app:2`: the chosen tag is gone, the other only changed X's tags.
        let old = plan(vec![image(
            "X",
            &["app:dev", "app:1", "app:2"],
            &["app:dev", "app:1"],
        )]);
        let new = plan(vec![image("X", &["app:1"], &["app:1"])]);
        let names_now = |tag: &str| (tag == "app:1").then(|| ImageId::new("X"));
        assert_eq!(
            plan_changes(&old, Some(&new), names_now),
            vec![
                PlanChange::TagMoved {
                    reference: "app:dev".to_owned(),
                    from: ImageId::new("X"),
                    to: None,
                },
                PlanChange::TagsChanged {
                    image: ImageId::new("X"),
                    name: "app:dev".to_owned(),
                    added: Vec::new(),
                    removed: vec!["app:2".to_owned()],
                },
            ]
        );
    }

    /// `docker rmi app:child` in a terminal under an open plan whose image it blocked: the
    /// plan now deletes what it only untagged, and the change is named, not "something".
    #[test]
    fn a_child_removed_in_a_terminal_is_named() {
        let mut old = plan(vec![image("X", &["app:1"], &["app:1"])]);
        old.children.push(PlanChild {
            id: ImageId::new("C"),
            short_id: "C".to_owned(),
            display_name: "app:child".to_owned(),
            parent: ImageId::new("X"),
        });
        let mut new = plan(vec![image("X", &["app:1"], &["app:1"])]);
        new.images[0].verdict = Verdict::Delete;
        let names_now = |tag: &str| (tag == "app:1").then(|| ImageId::new("X"));
        assert_eq!(
            plan_changes(&old, Some(&new), names_now),
            vec![PlanChange::ChildGone {
                child: "app:child".to_owned(),
                parent: ImageId::new("X"),
            }]
        );
        // Its parent gone too: the parent is what is said.
        assert!(!plan_changes(&old, None, |_| None)
            .iter()
            .any(|c| matches!(c, PlanChange::ChildGone { .. })));
    }
}
