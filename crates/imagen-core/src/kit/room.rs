//! Before a save writes anything: does the archive fit on the chosen drive? A workshop's
//! USB stick is often FAT32 (no file over 4 GB) or nearly full, and the write would only fail
//! once the stick had taken gigabytes, minutes later. Only what is certain refuses a save:
//! the archive holds at least the largest image chosen (shared layers are written once, so
//! the sum of the images is no bound). Where the drive cannot be asked (Windows, a drive
//! that does not answer at once), the save goes on and a failed write says why.

use super::save::FAT32_LIMIT;
use crate::error::{Error, FileTrouble};
use std::path::Path;

/// What the drive holding a folder can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Room {
    /// Bytes free for this user; `None` when the drive could not say.
    pub free: Option<u64>,
    /// Its file system holds no file over FAT32's 4 GB.
    pub fat: bool,
}

/// Asks the drive holding `folder` (blocking: run it off the async threads).
#[cfg(unix)]
pub(crate) fn room_at(folder: &Path) -> Room {
    let free = rustix::fs::statvfs(folder)
        .ok()
        .map(|s| s.f_bavail.saturating_mul(s.f_frsize));
    Room {
        free,
        fat: is_fat(folder),
    }
}

/// Windows: not asked (the system calls it takes are `unsafe`, which the crate forbids).
#[cfg(not(unix))]
pub(crate) fn room_at(_folder: &Path) -> Room {
    Room::default()
}

/// `MSDOS_SUPER_MAGIC`: Linux's vfat (FAT12/16/32). exFAT has a magic of its own and no such
/// limit.
#[cfg(any(target_os = "linux", target_os = "android"))]
const MSDOS_SUPER_MAGIC: u64 = 0x4d44;

#[cfg(any(target_os = "linux", target_os = "android"))]
fn is_fat(folder: &Path) -> bool {
    rustix::fs::statfs(folder).is_ok_and(|s| {
        #[allow(clippy::useless_conversion, clippy::unnecessary_cast)]
        let kind = s.f_type as u64;
        kind == MSDOS_SUPER_MAGIC
    })
}

/// macOS and the BSDs: not told apart here; a write past 4 GB says so when it fails.
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
fn is_fat(_folder: &Path) -> bool {
    false
}

/// Why a save of an archive of at least `needs` bytes named `file` cannot fit in `room`, or
/// `None` when it may.
pub(crate) fn refusal(room: Room, needs: u64, file: &str) -> Option<Error> {
    if room.fat && needs > FAT32_LIMIT {
        return Some(Error::FileProblem {
            file: file.to_owned(),
            reason: format!(
                "the archive needs at least {needs} bytes, more than the 4 GB a FAT32 file can hold"
            ),
            trouble: FileTrouble::TooLarge,
            writing: true,
            left_behind: None,
        });
    }
    match room.free {
        Some(free) if needs > free => Some(Error::NotEnoughRoom {
            file: file.to_owned(),
            needs,
            free,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_cannot_fit_is_refused() {
        let stick = Room {
            free: Some(1_000),
            fat: false,
        };
        assert_eq!(refusal(stick, 1_000, "kit.tar"), None);
        assert_eq!(
            refusal(stick, 1_001, "kit.tar"),
            Some(Error::NotEnoughRoom {
                file: "kit.tar".into(),
                needs: 1_001,
                free: 1_000,
            })
        );
        // A drive that could not say is not refused.
        assert_eq!(refusal(Room::default(), u64::MAX, "kit.tar"), None);
    }

    #[test]
    fn fat32_refuses_an_archive_over_4_gb_even_with_room() {
        let fat = Room {
            free: Some(64 << 30),
            fat: true,
        };
        assert_eq!(refusal(fat, FAT32_LIMIT, "kit.tar"), None);
        assert!(matches!(
            refusal(fat, FAT32_LIMIT + 1, "kit.tar"),
            Some(Error::FileProblem {
                trouble: FileTrouble::TooLarge,
                writing: true,
                left_behind: None,
                ..
            })
        ));
    }

    /// The folder the tests run in is on a real drive: it says what it has free, and is not
    /// FAT (a tmpfs or ext4 here).
    #[cfg(unix)]
    #[test]
    fn a_real_folder_says_its_room() {
        let room = room_at(&std::env::temp_dir());
        assert!(room.free.is_some_and(|f| f > 0), "{room:?}");
        assert!(!room.fat);
        // A folder that is not there cannot say.
        assert_eq!(room_at(Path::new("/nonexistent/imagen")).free, None);
    }
}
