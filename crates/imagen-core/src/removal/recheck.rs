//! Re-checking an open plan against the engine while nothing runs (an engine event while
//! the Remove dialog is open): the same lenient re-plan and the same words for what changed
//! as the re-check before a run. It compares everything the dialog shows (sizes too), where
//! a run compares only the chosen action's effect, so the dialog may show a new plan that a
//! Delete click would still have run as it was.
//!
//! Re-planning the selection from scratch instead would refuse it whole when any part of
//! it is gone (one image of ten deleted in a terminal): the dialog would say nothing is
//! left while the other nine still are.

use super::changes::kept_plan_changes;
use super::plan::recompute_off;
use super::registry::PlanRegistry;
use super::types::{PlanRecheck, RemovalPlan};
use super::world::snapshot;
use crate::engine::Connection;
use crate::error::Result;
use crate::input;

/// Plans the selection of the kept plan `plan_id` again on the engine as it is now. When
/// the new plan shows the same as the kept one, the answer is [`PlanRecheck::Same`] and the
/// kept plan stays what runs; else the new plan is kept (a new ID) and the answer says
/// what changed. The kept plan is not forgotten: a Delete already on its way with its ID
/// gets its own re-check, never a refusal for an unknown plan.
pub async fn recheck_plan(
    connection: &Connection,
    plans: &PlanRegistry,
    plan_id: &str,
) -> Result<PlanRecheck> {
    let plan_id = input::token("plan", plan_id)?;
    let kept = plans.plan(plan_id)?;
    connection
        .run(|engine| async move {
            let snap = snapshot(&engine).await?;
            let (snap, fresh) = recompute_off(snap, &kept.selection, engine.info().podman).await?;
            let address = engine.info().address.as_str().to_owned();
            if address == kept.engine && fresh.as_ref().is_some_and(|p| shows_same(&kept.plan, p)) {
                return Ok(PlanRecheck::Same);
            }
            let changes = kept_plan_changes(&kept, &snap, fresh.as_ref(), &address);
            let plan = fresh.map(|p| plans.keep_plan(kept.selection.clone(), p, &address));
            Ok(PlanRecheck::Changed { changes, plan })
        })
        .await
}

/// Everything the dialog shows is the same (the plan's ID aside): images, tags, sizes,
/// containers and their states, children, and every action's steps and outcome. A
/// container's age ("2 minutes ago") is worded from the clock at planning, so it is left
/// out: it differs between any two plans and the dialog does not show it.
fn shows_same(old: &RemovalPlan, new: &RemovalPlan) -> bool {
    let same_containers = old.containers.len() == new.containers.len()
        && old.containers.iter().zip(&new.containers).all(|(a, b)| {
            (&a.id, &a.name, a.state, &a.image_id, a.created)
                == (&b.id, &b.name, b.state, &b.image_id, b.created)
        });
    old.images == new.images
        && same_containers
        && old.children == new.children
        && old.actions == new.actions
        && old.podman == new.podman
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::removal::{ContainerState, PlanContainer};
    use crate::{ContainerId, ImageId};

    fn plan_with(created_text: &str, state: ContainerState) -> RemovalPlan {
        RemovalPlan {
            id: String::new(),
            images: Vec::new(),
            containers: vec![PlanContainer {
                id: ContainerId::new("c0ffee"),
                short_id: "c0ffee".into(),
                name: "web-1".into(),
                state,
                image_id: ImageId::new("sha256:aa"),
                created: 1_700_000_000,
                created_text: created_text.into(),
            }],
            children: Vec::new(),
            actions: Vec::new(),
            podman: false,
        }
    }

    #[test]
    fn a_container_growing_older_is_not_a_change_but_one_that_started_is() {
        let seen = plan_with("2 seconds ago", ContainerState::Exited);
        assert!(shows_same(
            &seen,
            &plan_with("3 seconds ago", ContainerState::Exited)
        ));
        assert!(!shows_same(
            &seen,
            &plan_with("3 seconds ago", ContainerState::Running)
        ));
    }
}
