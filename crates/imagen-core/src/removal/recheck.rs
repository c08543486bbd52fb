//! Re-checking an open plan against the engine while nothing runs (an engine event while
//! the Remove dialog is open): the same look and the same words as the re-check before a
//! run, so what the dialog says changed is what a Delete click would have found.
//!
//! Re-planning the selection from scratch instead would refuse it whole when any part of
//! it is gone (one image of ten deleted in a terminal): the dialog would say nothing is
//! left while the other nine still are.

use super::changes::plan_changes;
use super::model::Target;
use super::plan::recompute;
use super::registry::PlanRegistry;
use super::types::{PlanChange, PlanRecheck, RemovalPlan};
use super::world::snapshot;
use crate::engine::Connection;
use crate::error::Result;
use crate::images::ImageId;
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
            let fresh = recompute(&snap, &kept.selection, engine.info().podman);
            let address = engine.info().address.as_str().to_owned();
            if address != kept.engine {
                let changes = vec![PlanChange::EngineSwitched {
                    from: kept.engine.clone(),
                    to: address.clone(),
                }];
                let plan = fresh.map(|p| plans.keep_plan(kept.selection.clone(), p, &address));
                return Ok(PlanRecheck::Changed { changes, plan });
            }
            if fresh.as_ref().is_some_and(|p| shows_same(&kept.plan, p)) {
                return Ok(PlanRecheck::Same);
            }
            let names_now = |tag: &str| {
                snap.world
                    .resolve(&Target::Name(tag.to_owned()))
                    .map(ImageId::new)
            };
            let changes = plan_changes(&kept.plan, fresh.as_ref(), names_now);
            let plan = fresh.map(|p| plans.keep_plan(kept.selection.clone(), p, &address));
            Ok(PlanRecheck::Changed { changes, plan })
        })
        .await
}

/// Everything the dialog shows is the same (the plan's ID aside): images, tags, sizes,
/// containers and their states, children, and every action's steps and outcome.
fn shows_same(old: &RemovalPlan, new: &RemovalPlan) -> bool {
    old.images == new.images
        && old.containers == new.containers
        && old.children == new.children
        && old.actions == new.actions
        && old.podman == new.podman
}
