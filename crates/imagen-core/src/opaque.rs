//! Opaque IDs handed to the web view (plans, previews, chosen files): nobody can guess the
//! next one from the last, so a script in the web view cannot name what it was not given.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

static SEQ: AtomicU64 = AtomicU64::new(0);

/// `prefix-` and 32 hex digits, from the process's random hash keys, a counter and the clock.
pub(crate) fn id(prefix: &str) -> String {
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    let word = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(seq);
        h.write_u64(salt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.finish()
    };
    format!("{prefix}-{:016x}{:016x}", word(1), word(2))
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_prefixed_and_distinct() {
        let a = super::id("file");
        let b = super::id("file");
        assert_ne!(a, b);
        assert_eq!(a.len(), "file-".len() + 32);
        assert!(a.starts_with("file-"));
    }
}
