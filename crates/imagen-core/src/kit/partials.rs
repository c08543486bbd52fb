//! The hidden partial files of the saves in flight (`.kit.tar.imagen-partial-…`, save.rs),
//! so that quitting Imagen in the middle of a save removes them.
//!
//! A save removes its own partial file however it ends, when its future is dropped. But a
//! desktop app quits through its event loop, which ends in `process::exit` (tao): no future
//! is dropped, and the file would stay behind, hidden from the file browser and often
//! gigabytes, on the USB stick a trainer then finds full with nothing to show for it (later
//! saves sweep such leftovers only after a day). The shell calls [`end_saves`] as it exits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How long [`end_saves`] waits for the cancelled saves to remove their files themselves
/// (they do so within milliseconds, unless one is waiting on a slow disk to finish writing).
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// The partial files that exist (or are about to) and the saves writing them.
#[derive(Debug)]
pub(super) struct PartialFiles {
    live: Mutex<Live>,
    /// Told each time a file leaves the list.
    left: Condvar,
}

#[derive(Debug)]
struct Live {
    /// The app is quitting: no save may begin a file any more.
    ended: bool,
    next: u64,
    files: BTreeMap<u64, (PathBuf, CancellationToken)>,
}

/// Keeps one partial file listed; dropped once the file is gone or has become the archive.
#[derive(Debug)]
pub(super) struct Listed {
    list: &'static PartialFiles,
    key: u64,
}

impl Drop for Listed {
    fn drop(&mut self) {
        self.list.lock().files.remove(&self.key);
        self.list.left.notify_all();
    }
}

/// This process's saves.
static SAVES: PartialFiles = PartialFiles::new();

/// Lists `path`, the partial file a save is about to create, and the save's `cancel`, for
/// [`end_saves`]. `None` once the app is quitting: the save must not create it.
pub(super) fn list(path: &Path, cancel: &CancellationToken) -> Option<Listed> {
    SAVES.list(path, cancel)
}

/// Ends the saves in flight as the app quits, and removes their partial files: each is
/// cancelled (and so removes its own file, as on Cancel); a file still there after a moment
/// (a save waiting on a slow disk) is removed here. Saves that start after this create no
/// file. Blocks, for at most about two seconds, only while a save is running. Returns the
/// files that could not be removed, and why.
pub fn end_saves() -> Vec<(PathBuf, std::io::Error)> {
    SAVES.end(EXIT_WAIT)
}

/// This process's saves' files in `folder` (tests end no save but their own).
#[cfg(test)]
pub(super) fn listed_in(folder: &Path) -> Vec<(PathBuf, CancellationToken)> {
    SAVES.listed_in(folder)
}

impl PartialFiles {
    pub(super) const fn new() -> Self {
        Self {
            live: Mutex::new(Live {
                ended: false,
                next: 0,
                files: BTreeMap::new(),
            }),
            left: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Live> {
        // A panic elsewhere while holding the lock leaves a usable list; keep going.
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn list(&'static self, path: &Path, cancel: &CancellationToken) -> Option<Listed> {
        let mut live = self.lock();
        if live.ended {
            return None;
        }
        let key = live.next;
        live.next += 1;
        live.files.insert(key, (path.to_path_buf(), cancel.clone()));
        Some(Listed { list: self, key })
    }

    /// The files listed in `folder`, with the saves' tokens: what [`end_saves`] would end.
    #[cfg(test)]
    pub(super) fn listed_in(&self, folder: &Path) -> Vec<(PathBuf, CancellationToken)> {
        self.lock()
            .files
            .values()
            .filter(|(path, _)| path.parent() == Some(folder))
            .cloned()
            .collect()
    }

    /// [`end_saves`], waiting at most `wait` for the saves to remove their own files.
    pub(super) fn end(&self, wait: Duration) -> Vec<(PathBuf, std::io::Error)> {
        let mut live = self.lock();
        live.ended = true;
        for (_, cancel) in live.files.values() {
            cancel.cancel();
        }
        let (mut live, _) = self
            .left
            .wait_timeout_while(live, wait, |live| !live.files.is_empty())
            .unwrap_or_else(PoisonError::into_inner);
        let left = std::mem::take(&mut live.files);
        drop(live);
        // A save that was creating its file as the list ended finds itself cancelled right
        // after, and removes it.
        left.into_values()
            .filter_map(|(path, _)| match std::fs::remove_file(&path) {
                // Gone already, or placed under its final name in the meantime.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => Some((path, e)),
                Ok(()) => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn own_list() -> &'static PartialFiles {
        Box::leak(Box::new(PartialFiles::new()))
    }

    /// Quitting cancels each save in flight and waits for it to remove its own file; a file
    /// whose save does not answer in time is removed all the same, one already removed is no
    /// failure, one that cannot be removed is said, and no save can list a file afterwards.
    #[test]
    fn quitting_cancels_the_saves_and_removes_their_partial_files() {
        let list = own_list();
        let dir = crate::scratch::ScratchDir::new("kit-partials");
        let answering = dir.join(".kit.tar.imagen-partial-a");
        let stuck = dir.join(".kit.tar.imagen-partial-b");
        let gone = dir.join(".kit.tar.imagen-partial-c");
        let placed = dir.join("kit.tar");
        std::fs::write(&answering, b"half an archive").unwrap();
        std::fs::write(&stuck, b"half an archive").unwrap();
        std::fs::write(&placed, b"a whole archive").unwrap();
        let (cancel_a, cancel_b) = (CancellationToken::new(), CancellationToken::new());
        let listed_a = list.list(&answering, &cancel_a).unwrap();
        let listed_b = list.list(&stuck, &cancel_b).unwrap();
        let listed_c = list.list(&gone, &CancellationToken::new()).unwrap();
        drop(listed_c);
        // A folder where the file was: `remove_file` cannot remove it.
        let folder = dir.join(".kit.tar.imagen-partial-d");
        std::fs::create_dir(&folder).unwrap();
        let listed_d = list.list(&folder, &CancellationToken::new()).unwrap();
        // A save that ends when cancelled, removing its file as `Partial` does.
        let save = {
            let (cancel, path) = (cancel_a.clone(), answering.clone());
            std::thread::spawn(move || {
                while !cancel.is_cancelled() {
                    std::thread::sleep(Duration::from_millis(5));
                }
                std::fs::remove_file(&path).unwrap();
                drop(listed_a);
            })
        };
        let started = std::time::Instant::now();
        let failed = list.end(Duration::from_millis(300));
        let failed: Vec<_> = failed.into_iter().map(|(path, _)| path).collect();
        assert_eq!(failed, [folder]);
        assert!(cancel_a.is_cancelled() && cancel_b.is_cancelled());
        assert!(started.elapsed() >= Duration::from_millis(300));
        save.join().unwrap();
        assert!(!answering.exists() && !stuck.exists());
        assert!(placed.exists(), "only listed files are removed");
        assert!(list.list(&gone, &CancellationToken::new()).is_none());
        drop((listed_b, listed_d));
    }

    /// Quitting waits only as long as the saves in flight take to end on their Cancel.
    #[test]
    fn quitting_waits_only_while_a_save_is_in_flight() {
        let started = std::time::Instant::now();
        assert!(own_list().end(Duration::from_secs(10)).is_empty());
        assert!(started.elapsed() < Duration::from_secs(5));

        let list = own_list();
        let cancel = CancellationToken::new();
        let listed = list.list(Path::new("nowhere"), &cancel).unwrap();
        let save = std::thread::spawn(move || {
            while !cancel.is_cancelled() {
                std::thread::sleep(Duration::from_millis(5));
            }
            drop(listed);
        });
        let started = std::time::Instant::now();
        assert!(list.end(Duration::from_secs(10)).is_empty());
        assert!(started.elapsed() < Duration::from_secs(5));
        save.join().unwrap();
    }
}
