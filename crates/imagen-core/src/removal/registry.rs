//! Plans and prune previews kept in the backend under opaque IDs, so the web view asks
//! for "action X of plan P" and never sends back what to delete; and the removals
//! running, so Cancel can reach them. Lives in the app's managed state.

use super::types::{ActionKind, PruneMode, PrunePreview, RemovalPlan, Selection};
use crate::error::{Error, Result};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio_util::sync::CancellationToken;

/// How many plans (and, apart, previews) are kept. A dialog needs the one it shows and, for
/// a Delete already on its way, the one a background re-check replaced; a hostile page
/// asking for plans in a loop must not grow the app's memory without end.
const KEEP: usize = 16;

/// A plan as made: the selection it answers, what the user was shown, and the engine it
/// was made on (its address), so it never runs on another one.
#[derive(Debug, Clone)]
pub(crate) struct KeptPlan {
    pub selection: Selection,
    pub plan: RemovalPlan,
    pub engine: String,
}

/// A prune preview as shown, and the engine it was made on.
#[derive(Debug, Clone)]
pub(crate) struct KeptPreview {
    pub preview: PrunePreview,
    pub engine: String,
}

#[derive(Debug)]
struct Kept<T> {
    items: HashMap<String, T>,
    order: VecDeque<String>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Self {
            items: HashMap::new(),
            order: VecDeque::new(),
        }
    }
}

impl<T: Clone> Kept<T> {
    fn insert(&mut self, id: String, item: T) {
        self.items.insert(id.clone(), item);
        self.order.push_back(id);
        while self.order.len() > KEEP {
            if let Some(old) = self.order.pop_front() {
                self.items.remove(&old);
            }
        }
    }

    fn get(&self, id: &str) -> Option<T> {
        self.items.get(id).cloned()
    }

    fn remove(&mut self, id: &str) {
        self.items.remove(id);
        self.order.retain(|x| x != id);
    }
}

#[derive(Debug, Default)]
struct Inner {
    plans: Kept<KeptPlan>,
    previews: Kept<KeptPreview>,
    running: HashMap<String, CancellationToken>,
}

/// Plans, previews and running removals.
#[derive(Debug, Default, Clone)]
pub struct PlanRegistry {
    inner: Arc<Mutex<Inner>>,
}

/// Keeps a removal registered as running; dropping it unregisters it.
#[derive(Debug)]
pub(crate) struct RunGuard {
    registry: PlanRegistry,
    id: String,
    token: CancellationToken,
}

impl RunGuard {
    pub(crate) fn token(&self) -> &CancellationToken {
        &self.token
    }
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        self.registry.lock().running.remove(&self.id);
    }
}

impl PlanRegistry {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere while holding the lock leaves a usable map; keep going.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A fresh ID nobody can guess from the previous one: `plan-` and 32 hex digits.
    fn new_id(&self, prefix: &str) -> String {
        crate::opaque::id(prefix)
    }

    /// Keeps `plan` (made for `selection`), giving it its ID.
    pub(crate) fn keep_plan(
        &self,
        selection: Selection,
        mut plan: RemovalPlan,
        engine: &str,
    ) -> RemovalPlan {
        plan.id = self.new_id("plan");
        self.lock().plans.insert(
            plan.id.clone(),
            KeptPlan {
                selection,
                plan: plan.clone(),
                engine: engine.to_owned(),
            },
        );
        plan
    }

    pub(crate) fn plan(&self, id: &str) -> Result<KeptPlan> {
        self.lock()
            .plans
            .get(id)
            .ok_or_else(|| Error::UnknownPlan { id: id.to_owned() })
    }

    /// The docker commands of action `kind` of the kept plan `id`, one per step (what the
    /// Terminal record shows as each step runs); `None` when no such plan or action is kept.
    pub fn planned_commands(&self, id: &str, kind: ActionKind) -> Option<Vec<String>> {
        let inner = self.lock();
        let kept = inner.plans.get(id)?;
        let action = kept.plan.actions.iter().find(|a| a.kind == kind)?;
        Some(action.commands.clone())
    }

    /// The mode of the kept prune preview `id`, if it is kept.
    pub fn preview_mode(&self, id: &str) -> Option<PruneMode> {
        self.lock().previews.get(id).map(|p| p.preview.mode)
    }

    /// Forgets a plan: it ran, or a newer one replaced it.
    pub(crate) fn forget_plan(&self, id: &str) {
        self.lock().plans.remove(id);
    }

    /// Keeps a prune preview, giving it its ID.
    pub(crate) fn keep_preview(&self, mut preview: PrunePreview, engine: &str) -> PrunePreview {
        preview.id = self.new_id("prune");
        engine.clone_into(&mut preview.engine);
        self.lock().previews.insert(
            preview.id.clone(),
            KeptPreview {
                preview: preview.clone(),
                engine: engine.to_owned(),
            },
        );
        preview
    }

    pub(crate) fn preview(&self, id: &str) -> Result<KeptPreview> {
        self.lock()
            .previews
            .get(id)
            .ok_or_else(|| Error::UnknownPlan { id: id.to_owned() })
    }

    pub(crate) fn forget_preview(&self, id: &str) {
        self.lock().previews.remove(id);
    }

    /// Marks `id` as running; refused while it already runs (a second click, or a page
    /// replaying the call).
    pub(crate) fn start(&self, id: &str) -> Result<RunGuard> {
        let mut inner = self.lock();
        if inner.running.contains_key(id) {
            return Err(Error::AlreadyRunning { id: id.to_owned() });
        }
        let token = CancellationToken::new();
        inner.running.insert(id.to_owned(), token.clone());
        Ok(RunGuard {
            registry: self.clone(),
            id: id.to_owned(),
            token,
        })
    }

    /// How many removals and prunes are running (quitting would stop them part-way).
    pub fn running(&self) -> usize {
        self.lock().running.len()
    }

    /// Asks the removal running plan `id` to stop before its next step (or at once while it
    /// only waits for a container the engine removes by itself); false when it is not
    /// running.
    pub fn cancel(&self, id: &str) -> bool {
        match self.lock().running.get(id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> RemovalPlan {
        RemovalPlan {
            id: String::new(),
            images: vec![],
            containers: vec![],
            children: vec![],
            actions: vec![],
            podman: false,
        }
    }

    #[test]
    fn plans_get_distinct_opaque_ids_and_old_ones_are_dropped() {
        let reg = PlanRegistry::default();
        let first = reg.keep_plan(Selection::default(), plan(), "unix:///e.sock");
        assert!(first.id.starts_with("plan-") && first.id.len() == 37);
        let mut ids = vec![first.id.clone()];
        for _ in 0..KEEP {
            ids.push(
                reg.keep_plan(Selection::default(), plan(), "unix:///e.sock")
                    .id,
            );
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), KEEP + 1);
        assert!(matches!(
            reg.plan(&first.id),
            Err(Error::UnknownPlan { .. })
        ));
        assert!(matches!(
            reg.plan("plan-nope"),
            Err(Error::UnknownPlan { .. })
        ));
    }

    #[test]
    fn a_plan_runs_once_at_a_time_and_cancel_reaches_it() {
        let reg = PlanRegistry::default();
        let guard = reg.start("plan-a").unwrap();
        assert!(matches!(
            reg.start("plan-a"),
            Err(Error::AlreadyRunning { .. })
        ));
        assert!(reg.cancel("plan-a"));
        assert!(guard.token().is_cancelled());
        drop(guard);
        assert!(!reg.cancel("plan-a"));
        assert!(reg.start("plan-a").is_ok());
    }
}
