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

/// How long [`end_saves`] then waits for its own removals. A file on a disk that hangs (a
/// dead network share, a USB stick pulled out) can block `remove_file` for the file system's
/// own timeout, minutes: the window has gone by then, and the process must not linger.
const REMOVE_WAIT: Duration = Duration::from_secs(2);

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

/// `std::fs::remove_file` as a plain function pointer (tests pass one that hangs).
fn remove_file(path: &Path) -> std::io::Result<()> {
    std::fs::remove_file(path)
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
/// file. Blocks only while a save is running: at most about two seconds for the saves, and
/// two more for a removal on a disk that does not answer. Returns the files that could not
/// be removed (or not in time), and why.
pub fn end_saves() -> Vec<(PathBuf, std::io::Error)> {
    SAVES.end(EXIT_WAIT, REMOVE_WAIT, remove_file)
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

    /// [`end_saves`], waiting at most `wait` for the saves to remove their own files, then
    /// at most `remove_wait` for `remove` to remove what is left.
    pub(super) fn end(
        &self,
        wait: Duration,
        remove_wait: Duration,
        remove: fn(&Path) -> std::io::Result<()>,
    ) -> Vec<(PathBuf, std::io::Error)> {
        let mut live = self.lock();
        live.ended = true;
        for (_, cancel) in live.files.values() {
            cancel.cancel();
        }
        let (mut live, _) = self
            .left
            .wait_timeout_while(live, wait, |live| !live.files.is_empty())
            .unwrap_or_else(PoisonError::into_inner);
        let left: Vec<PathBuf> = std::mem::take(&mut live.files)
            .into_values()
            .map(|(path, _)| path)
            .collect();
        drop(live);
        if left.is_empty() {
            return Vec::new();
        }
        // A save that was creating its file as the list ended finds itself cancelled right
        // after, and removes it. Each removal runs on a thread of its own (one file on a hung
        // share must not keep the one on a USB stick from going), all waited for until one
        // deadline: one stuck on a disk that does not answer is reported, and the process
        // exits all the same (the thread goes with it).
        let (done, results) = std::sync::mpsc::channel();
        let mut failed = Vec::new();
        let mut waiting: Vec<Option<PathBuf>> = Vec::with_capacity(left.len());
        for (i, path) in left.into_iter().enumerate() {
            let done = done.clone();
            let spawned = std::thread::Builder::new()
                .name("imagen-end-save".into())
                .spawn({
                    let path = path.clone();
                    move || drop(done.send((i, remove(&path))))
                });
            match spawned {
                Ok(_) => waiting.push(Some(path)),
                Err(e) => {
                    failed.push((path, e));
                    waiting.push(None);
                }
            }
        }
        drop(done);
        let deadline = std::time::Instant::now() + remove_wait;
        while waiting.iter().any(Option::is_some) {
            let rest = deadline.saturating_duration_since(std::time::Instant::now());
            let Ok((i, outcome)) = results.recv_timeout(rest) else {
                break;
            };
            let Some(path) = waiting[i].take() else {
                continue;
            };
            match outcome {
                // Gone already, or placed under its final name in the meantime.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => failed.push((path, e)),
                Ok(()) => {}
            }
        }
        // The removals not answered in time: their disk does not answer.
        failed.extend(waiting.into_iter().flatten().map(|path| {
            let why = format!("the disk did not answer within {} s", remove_wait.as_secs());
            (path, std::io::Error::new(std::io::ErrorKind::TimedOut, why))
        }));
        failed
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
        let failed = list.end(
            Duration::from_millis(300),
            Duration::from_secs(10),
            remove_file,
        );
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
        let end = |list: &PartialFiles| {
            list.end(
                Duration::from_secs(10),
                Duration::from_secs(10),
                remove_file,
            )
        };
        assert!(end(own_list()).is_empty());
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
        assert!(end(list).is_empty());
        assert!(started.elapsed() < Duration::from_secs(5));
        save.join().unwrap();
    }

    /// A partial file on a disk that hangs: quitting waits for its removal only so long, says
    /// which file is left and why, and does not wait for the disk (the thread dies with the
    /// process).
    #[test]
    fn quitting_does_not_wait_for_a_disk_that_hangs() {
        let list = own_list();
        let dead = Path::new("/mnt/dead-share/.kit.tar.imagen-partial-x");
        // Listed first: the file on the hung share must not keep the next one from going.
        let hung = list.list(dead, &CancellationToken::new()).unwrap();
        let usb = crate::scratch::ScratchDir::new("kit-partials-hung");
        let on_usb = usb.join(".kit.tar.imagen-partial-y");
        std::fs::write(&on_usb, b"half an archive").unwrap();
        let listed_usb = list.list(&on_usb, &CancellationToken::new()).unwrap();
        fn remove(path: &Path) -> std::io::Result<()> {
            if path.starts_with("/mnt/dead-share") {
                std::thread::sleep(Duration::from_secs(30));
            }
            std::fs::remove_file(path)
        }
        let started = std::time::Instant::now();
        let failed = list.end(
            Duration::from_millis(50),
            Duration::from_millis(300),
            remove,
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert!(
            !on_usb.exists(),
            "the file on a disk that answers is removed"
        );
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, dead);
        assert_eq!(failed[0].1.kind(), std::io::ErrorKind::TimedOut);
        drop((hung, listed_usb));
    }
}
