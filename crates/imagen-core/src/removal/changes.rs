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
                for tag in had.difference(&has) {
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

/// What a prune would do now beyond what `old` previewed (images that would newly be
/// deleted or lose tags). Empty when the prune now does the same or less: running the
/// rest is still within what the user confirmed.
pub(crate) fn prune_additions(old: &PrunePreview, new: &PrunePreview) -> Vec<PlanChange> {
    let mut out = Vec::new();
    for img in &new.images {
        let before = old.images.iter().find(|o| o.id == img.id);
        let newly_deleted = img.deleted && !before.is_some_and(|o| o.deleted);
        let new_tags = img
            .untagged
            .iter()
            .any(|t| !before.is_some_and(|o| o.untagged.contains(t)));
        // A tag pulled onto a previewed image counts too: the prune would now remove it.
        if before.is_none() || newly_deleted || new_tags {
            out.push(PlanChange::ImageAdded {
                image: img.id.clone(),
                name: img.display_name.clone(),
            });
        }
    }
    out
}
