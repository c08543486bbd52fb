//! Running pulls by ID, so a Cancel button (another IPC call) can reach the one it means.
//! Lives in the app's managed state; a guard removes the entry however the pull ends.

use crate::error::Error;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio_util::sync::CancellationToken;

/// Cancellation tokens of the pulls in flight.
#[derive(Debug, Default, Clone)]
pub struct PullRegistry {
    tokens: Arc<Mutex<HashMap<String, CancellationToken>>>,
}

/// Keeps a pull registered while alive; dropping it unregisters the pull.
#[derive(Debug)]
pub struct PullGuard {
    registry: PullRegistry,
    id: String,
    token: CancellationToken,
}

impl PullGuard {
    /// The token the pull watches.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }
}

impl Drop for PullGuard {
    fn drop(&mut self) {
        self.registry.lock().remove(&self.id);
    }
}

impl PullRegistry {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancellationToken>> {
        // A panic elsewhere while holding the lock leaves a usable map; keep going.
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a pull under `id`. Refused while a pull with that ID runs: replacing its
    /// token would let the newcomer's Cancel stop someone else's pull, and leave that one
    /// uncancellable.
    pub fn register(&self, id: &str) -> Result<PullGuard, Error> {
        let mut tokens = self.lock();
        if tokens.contains_key(id) {
            return Err(Error::AlreadyRunning { id: id.to_owned() });
        }
        let token = CancellationToken::new();
        tokens.insert(id.to_owned(), token.clone());
        Ok(PullGuard {
            registry: self.clone(),
            id: id.to_owned(),
            token,
        })
    }

    /// [`PullRegistry::register`]'s refusal, asked before anything else happens: the
    /// command's Terminal record entry is made only for a run that can start. (A second
    /// call racing in between is still refused by `register`.)
    pub fn ensure_free(&self, id: &str) -> Result<(), Error> {
        if self.lock().contains_key(id) {
            return Err(Error::AlreadyRunning { id: id.to_owned() });
        }
        Ok(())
    }

    /// Cancels the pull `id`; false when no such pull is running.
    pub fn cancel(&self, id: &str) -> bool {
        match self.lock().get(id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// How many pulls are running.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no pull is running.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_reaches_the_registered_pull_and_the_guard_cleans_up() {
        let registry = PullRegistry::default();
        let guard = registry.register("p1").unwrap();
        assert_eq!(registry.len(), 1);
        assert!(
            matches!(registry.register("p1"), Err(Error::AlreadyRunning { .. })),
            "a duplicated ID cannot take over the running pull's Cancel"
        );
        assert!(matches!(
            registry.ensure_free("p1"),
            Err(Error::AlreadyRunning { .. })
        ));
        assert!(registry.ensure_free("p2").is_ok());
        assert!(!guard.token().is_cancelled());
        assert!(registry.cancel("p1"));
        assert!(guard.token().is_cancelled());
        drop(guard);
        assert!(registry.ensure_free("p1").is_ok());
        assert!(registry.is_empty());
        assert!(!registry.cancel("p1"));
    }
}
