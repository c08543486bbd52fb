//! Running pulls by ID, so a Cancel button (another IPC call) can reach the one it means.
//! Lives in the app's managed state; a guard removes the entry however the pull ends.

use crate::error::Error;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use tokio_util::sync::CancellationToken;

/// Cancellation tokens of the pulls in flight.
#[derive(Debug, Default, Clone)]
pub struct PullRegistry {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    tokens: HashMap<String, CancellationToken>,
    /// IDs a command has claimed ([`PullRegistry::claim`]) and not yet let go of.
    claimed: HashSet<String>,
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
        self.registry.lock().tokens.remove(&self.id);
    }
}

/// A command's hold on a run ID, from before its Terminal record entry until it returns
/// ([`PullRegistry::claim`]); dropping it lets the ID go.
#[derive(Debug)]
pub struct Claim {
    registry: PullRegistry,
    id: String,
}

impl Drop for Claim {
    fn drop(&mut self) {
        self.registry.lock().claimed.remove(&self.id);
    }
}

impl PullRegistry {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere while holding the lock leaves a usable map; keep going.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a pull under `id`. Refused while a pull with that ID runs: replacing its
    /// token would let the newcomer's Cancel stop someone else's pull, and leave that one
    /// uncancellable.
    pub fn register(&self, id: &str) -> Result<PullGuard, Error> {
        let mut inner = self.lock();
        if inner.tokens.contains_key(id) {
            return Err(Error::AlreadyRunning { id: id.to_owned() });
        }
        Ok(self.insert(&mut inner, id))
    }

    /// Registers a run under `id` when no other run is registered or claimed: for runs of
    /// which one at a time is all the app needs (an update check asks every registry at
    /// once; a page starting many under fresh IDs would multiply the registry questions,
    /// which Docker Hub counts as pulls). Refused with the ID as given: the running one's ID
    /// would let the caller stop it.
    pub fn register_sole(&self, id: &str) -> Result<PullGuard, Error> {
        let mut inner = self.lock();
        if !inner.tokens.is_empty() || !inner.claimed.is_empty() {
            return Err(Error::AlreadyRunning { id: id.to_owned() });
        }
        Ok(self.insert(&mut inner, id))
    }

    fn insert(&self, inner: &mut Inner, id: &str) -> PullGuard {
        let token = CancellationToken::new();
        inner.tokens.insert(id.to_owned(), token.clone());
        PullGuard {
            registry: self.clone(),
            id: id.to_owned(),
            token,
        }
    }

    /// Holds `id` for one command, before anything else happens: the command's Terminal
    /// record entry is made (and a Save's one-time file grant used) only for a run that can
    /// start. Refused while a run with that ID runs or another command holds it: two calls
    /// with one ID at once (only a hostile page sends them) would otherwise both pass, and
    /// the second leave a refused line for a command that never ran.
    pub fn claim(&self, id: &str) -> Result<Claim, Error> {
        let mut inner = self.lock();
        if inner.tokens.contains_key(id) || !inner.claimed.insert(id.to_owned()) {
            return Err(Error::AlreadyRunning { id: id.to_owned() });
        }
        Ok(Claim {
            registry: self.clone(),
            id: id.to_owned(),
        })
    }

    /// Cancels the pull `id`; false when no such pull is running.
    pub fn cancel(&self, id: &str) -> bool {
        match self.lock().tokens.get(id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// How many pulls are running.
    pub fn len(&self) -> usize {
        self.lock().tokens.len()
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
            registry.claim("p1"),
            Err(Error::AlreadyRunning { .. })
        ));
        assert!(registry.claim("p2").is_ok());
        assert!(!guard.token().is_cancelled());
        assert!(registry.cancel("p1"));
        assert!(guard.token().is_cancelled());
        drop(guard);
        assert!(registry.claim("p1").is_ok());
        assert!(registry.is_empty());
        assert!(!registry.cancel("p1"));
    }

    /// One run at a time, whatever its ID: a second is refused, with its own ID (not the
    /// running one's, which would let the caller stop it), until the first ends.
    #[test]
    fn a_sole_run_refuses_a_second_at_once() {
        let registry = PullRegistry::default();
        let first = registry.register_sole("c1").unwrap();
        match registry.register_sole("c2") {
            Err(Error::AlreadyRunning { id }) => assert_eq!(id, "c2"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            registry.register_sole("c1"),
            Err(Error::AlreadyRunning { .. })
        ));
        assert!(!first.token().is_cancelled(), "the running one goes on");
        assert_eq!(registry.len(), 1);
        drop(first);
        let second = registry.register_sole("c2").unwrap();
        // A claimed ID counts as running too.
        drop(second);
        let claim = registry.claim("c3").unwrap();
        assert!(registry.register_sole("c4").is_err());
        drop(claim);
        assert!(registry.register_sole("c4").is_ok());
    }

    /// Two commands with one ID at once: the second is refused at its claim, before its
    /// record entry; the first, holding the claim, registers its run.
    #[test]
    fn one_id_is_claimed_by_one_command_at_a_time() {
        let registry = PullRegistry::default();
        let first = registry.claim("p1").unwrap();
        assert!(matches!(
            registry.claim("p1"),
            Err(Error::AlreadyRunning { .. })
        ));
        let run = registry.register("p1").unwrap();
        assert!(registry.cancel("p1"));
        drop(run);
        assert!(matches!(
            registry.claim("p1"),
            Err(Error::AlreadyRunning { .. })
        ));
        drop(first);
        assert!(registry.claim("p1").is_ok());
    }
}
