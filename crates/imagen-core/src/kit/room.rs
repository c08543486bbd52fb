//! Before a save writes anything: does the archive fit on the chosen drive? A workshop's
//! USB stick is often FAT32 (no file over 4 GB) or nearly full, and the write would only fail
//! once the stick had taken gigabytes, minutes later. Only what is certain refuses a save:
//! the archive holds at least the largest image chosen (shared layers are written once, so
//! the sum of the images is no bound). Where the drive cannot say (a network share, a drive
//! that does not answer at once), the save goes on and a failed write says why.
//!
//! Linux asks the folder itself (statvfs, and statfs's file system magic). Windows has no safe
//! call for that (rustix is Unix-only, and the crate forbids `unsafe`), and macOS cannot be
//! compiled where Imagen is built and tested; so both read the system's list of drives
//! (`sysinfo`: GetVolumeInformationW and GetDiskFreeSpaceExW on Windows, getfsstat and the
//! volume's capacity keys on macOS), take the drive holding the folder ([`holding_mount`]),
//! and run the very same code, with no `cfg` of macOS's own: compiling it for Windows (CI's
//! clippy) vouches for macOS's too. The one difference, `device_of`, is `cfg(unix)` std that
//! Linux compiles as well; and the tests run the whole list path on Linux against statvfs.

use super::save::FAT32_LIMIT;
use crate::error::{Error, FileTrouble};
use std::path::{Path, PathBuf};

/// What the drive holding a folder can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Room {
    /// Bytes free for this user; `None` when the drive could not say.
    pub free: Option<u64>,
    /// Its file system holds no file over FAT32's 4 GB.
    pub fat: bool,
}

/// Asks the drive holding `folder` (blocking: run it off the async threads).
#[cfg(target_os = "linux")]
pub(crate) fn room_at(folder: &Path) -> Room {
    let free = rustix::fs::statvfs(folder)
        .ok()
        .map(|s| s.f_bavail.saturating_mul(s.f_frsize));
    Room {
        free,
        fat: is_fat_magic(folder),
    }
}

/// Asks the drive holding `folder` (blocking: run it off the async threads). Windows, macOS:
/// from the list of drives, with no code of either system's own.
#[cfg(not(target_os = "linux"))]
pub(crate) fn room_at(folder: &Path) -> Room {
    room_from_drive_list(folder)
}

/// `MSDOS_SUPER_MAGIC`: Linux's vfat (FAT12/16/32). exFAT has a magic of its own and no such
/// limit.
#[cfg(target_os = "linux")]
const MSDOS_SUPER_MAGIC: u64 = 0x4d44;

#[cfg(target_os = "linux")]
fn is_fat_magic(folder: &Path) -> bool {
    rustix::fs::statfs(folder).is_ok_and(|s| {
        #[allow(clippy::useless_conversion, clippy::unnecessary_cast)]
        let kind = s.f_type as u64;
        kind == MSDOS_SUPER_MAGIC
    })
}

/// The room of the listed drive holding `folder`; nothing said when none does.
#[cfg(any(not(target_os = "linux"), test))]
fn room_from_drive_list(folder: &Path) -> Room {
    // Windows gives `\\?\C:\…`, macOS resolves `/tmp` to `/private/tmp`: the list's spelling.
    let Ok(folder) = std::fs::canonicalize(folder) else {
        return Room::default();
    };
    let disks = sysinfo::Disks::new_with_refreshed_list_specifics(
        // Sizes only: not the disk's kind nor its I/O counters, which open the device.
        sysinfo::DiskRefreshKind::nothing().with_storage(),
    );
    let mounts: Vec<Mount> = disks
        .iter()
        .map(|disk| Mount {
            point: disk.mount_point().to_path_buf(),
            file_system: disk.file_system().to_string_lossy().into_owned(),
            available: disk.available_space(),
            device: device_of(disk.mount_point()),
        })
        .collect();
    holding_mount(&folder, device_of(&folder), &mounts, Spelling::HERE)
        .map_or_else(Room::default, Mount::room)
}

/// The device a path is on (`st_dev`), where std says so without `unsafe`: macOS (and Linux,
/// which runs this path in tests).
#[cfg(all(unix, any(not(target_os = "linux"), test)))]
fn device_of(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| m.dev())
}

/// Windows: the volume's serial number is not in stable std.
#[cfg(not(unix))]
fn device_of(_path: &Path) -> Option<u64> {
    None
}

/// A mounted drive as the system lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(target_os = "linux", allow(dead_code))]
struct Mount {
    /// Where it is mounted: `C:\`, `C:\mnt\stick\`, `/Volumes/STICK`.
    point: PathBuf,
    /// Its file system, as the system names it: `NTFS`, `FAT32`, `exFAT`, `msdos`, `apfs`.
    file_system: String,
    /// Bytes free, or 0 when the drive did not say. Never less than what this user can write:
    /// on Windows the drive's free bytes (a disk quota is not counted), on macOS with what the
    /// system can purge; so a save is not refused for room it has.
    available: u64,
    /// The device its mount point is on, where the system gives device IDs (not Windows).
    device: Option<u64>,
}

#[cfg_attr(target_os = "linux", allow(dead_code))]
impl Mount {
    fn room(&self) -> Room {
        Room {
            // 0 is also what the list holds for a drive that did not say: not taken as full,
            // else every save to it would be refused.
            free: (self.available > 0).then_some(self.available),
            fat: is_fat(&self.file_system),
        }
    }
}

/// Whether a file system, named as Windows (`FAT`, `FAT32`), macOS (`msdos`) or Linux
/// (`vfat`) names it, holds no file over 4 GB. exFAT is not FAT here: it has no such limit.
#[cfg_attr(target_os = "linux", allow(dead_code))]
fn is_fat(file_system: &str) -> bool {
    ["fat", "fat12", "fat16", "fat32", "vfat", "msdos"]
        .iter()
        .any(|fat| file_system.eq_ignore_ascii_case(fat))
}

/// How a system spells paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(target_os = "linux", allow(dead_code))]
enum Spelling {
    /// Case-insensitive, `\` or `/`, and `\\?\C:\…` once canonicalised.
    Windows,
    /// Case as it is, `/`.
    Unix,
}

#[cfg_attr(target_os = "linux", allow(dead_code))]
impl Spelling {
    const HERE: Self = if cfg!(windows) {
        Self::Windows
    } else {
        Self::Unix
    };

    /// A path's components, compared as this system compares them. Taken from the path's text
    /// rather than `Path::components`, so that the tests spell Windows paths on Linux too.
    fn components(self, path: &Path) -> Vec<String> {
        let text = path.to_string_lossy();
        match self {
            Self::Windows => text
                .strip_prefix(r"\\?\")
                .unwrap_or(&text)
                .split(['\\', '/'])
                .filter(|part| !part.is_empty())
                .map(str::to_lowercase)
                .collect(),
            Self::Unix => text
                .split('/')
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// The listed mount holding `folder` (canonicalised): of those whose mount point is a prefix
/// of it, the longest (`C:\mnt\stick\` before `C:\`). Where devices are known, only mounts on
/// the folder's own device count: the list leaves out network shares and hidden volumes (and,
/// on Linux, tmpfs), and a folder on one of those would otherwise be answered for by the drive
/// it is mounted in — a share with a terabyte free refused as if it were the laptop's full
/// disk. If none of those is a prefix, any of them is taken: macOS's `/Users` is in `/` but on
/// the data volume, listed at `/System/Volumes/Data`.
#[cfg_attr(target_os = "linux", allow(dead_code))]
fn holding_mount<'a>(
    folder: &Path,
    folder_device: Option<u64>,
    mounts: &'a [Mount],
    spelling: Spelling,
) -> Option<&'a Mount> {
    let folder = spelling.components(folder);
    let mut on_its_device = mounts
        .iter()
        .filter(|mount| folder_device.is_none() || mount.device == folder_device);
    let longest_prefix = on_its_device
        .clone()
        .filter_map(|mount| {
            let point = spelling.components(&mount.point);
            folder.starts_with(&point).then_some((point.len(), mount))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, mount)| mount);
    match (longest_prefix, folder_device) {
        (Some(mount), _) => Some(mount),
        (None, Some(_)) => on_its_device.next(),
        (None, None) => None,
    }
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

    #[test]
    fn fat_is_told_by_its_name_and_exfat_is_not_fat() {
        for fat in [
            "FAT", "FAT32", "FAT16", "fat12", "vfat", "msdos", "Fat32", "MSDOS",
        ] {
            assert!(is_fat(fat), "{fat}");
        }
        for other in [
            "exFAT", "EXFAT", "exfat", "NTFS", "ReFS", "apfs", "hfs", "ext4", "",
        ] {
            assert!(!is_fat(other), "{other}");
        }
    }

    fn mount(point: &str, file_system: &str, available: u64, device: Option<u64>) -> Mount {
        Mount {
            point: point.into(),
            file_system: file_system.into(),
            available,
            device,
        }
    }

    /// Where `folder` is, by the mount point of the mount found holding it.
    fn held_at<'a>(
        folder: &str,
        device: Option<u64>,
        mounts: &'a [Mount],
        spelling: Spelling,
    ) -> Option<&'a str> {
        holding_mount(Path::new(folder), device, mounts, spelling)
            .map(|m| m.point.to_str().unwrap_or_default())
    }

    #[test]
    fn a_windows_folder_is_on_the_longest_drive_path_holding_it() {
        let w = Spelling::Windows;
        let mounts = [
            mount(r"C:\", "NTFS", 100 << 30, None),
            mount(r"E:\", "FAT32", 3 << 30, None),
            mount(r"C:\mnt\stick\", "exFAT", 60 << 30, None),
        ];
        // canonicalize gives verbatim paths; the case is the user's, not the list's.
        assert_eq!(
            held_at(r"\\?\C:\Users\ana\Desktop", None, &mounts, w),
            Some(r"C:\")
        );
        assert_eq!(held_at(r"\\?\e:\Kits", None, &mounts, w), Some(r"E:\"));
        assert_eq!(held_at(r"E:\", None, &mounts, w), Some(r"E:\"));
        assert_eq!(
            held_at(r"\\?\C:\MNT\Stick\kits", None, &mounts, w),
            Some(r"C:\mnt\stick\")
        );
        assert_eq!(
            held_at(r"\\?\C:\mnt\stick", None, &mounts, w),
            Some(r"C:\mnt\stick\")
        );
        // Whole names only: C:\mnt\sticker is not on the stick.
        assert_eq!(
            held_at(r"\\?\C:\mnt\sticker", None, &mounts, w),
            Some(r"C:\")
        );
        // A network share and a drive the list leaves out are not answered for.
        assert_eq!(
            held_at(r"\\?\UNC\server\share\kits", None, &mounts, w),
            None
        );
        assert_eq!(held_at(r"\\?\D:\kits", None, &mounts, w), None);

        let room =
            |folder: &str| holding_mount(Path::new(folder), None, &mounts, w).map(Mount::room);
        assert_eq!(
            room(r"\\?\E:\kits"),
            Some(Room {
                free: Some(3 << 30),
                fat: true,
            })
        );
        // exFAT: no 4 GB limit.
        assert_eq!(
            room(r"\\?\C:\mnt\stick\kits"),
            Some(Room {
                free: Some(60 << 30),
                fat: false,
            })
        );
    }

    #[test]
    fn a_macos_folder_is_on_the_mount_of_its_own_device() {
        let u = Spelling::Unix;
        let mounts = [
            mount("/", "apfs", 50 << 30, Some(1)),
            mount("/System/Volumes/Data", "apfs", 50 << 30, Some(2)),
            mount("/Volumes/STICK", "msdos", 7 << 30, Some(3)),
            mount("/Volumes/Untitled", "exfat", 60 << 30, Some(4)),
        ];
        assert_eq!(
            held_at("/Volumes/STICK/kits", Some(3), &mounts, u),
            Some("/Volumes/STICK")
        );
        assert_eq!(
            held_at("/Volumes/STICK", Some(3), &mounts, u),
            Some("/Volumes/STICK")
        );
        assert_eq!(
            held_at("/Volumes/Untitled/a/b", Some(4), &mounts, u),
            Some("/Volumes/Untitled")
        );
        // Case counts: another volume, not the stick.
        assert_eq!(
            held_at("/Volumes/stick/kits", Some(1), &mounts, u),
            Some("/")
        );
        // The home folder is in `/` but on the data volume.
        assert_eq!(
            held_at("/Users/ana/Desktop", Some(2), &mounts, u),
            Some("/System/Volumes/Data")
        );
        // A share the list leaves out is not the laptop's disk it is mounted in...
        assert_eq!(held_at("/Volumes/share/kits", Some(9), &mounts, u), None);
        // ...which, by path alone, it would be.
        assert_eq!(held_at("/Volumes/share/kits", None, &mounts, u), Some("/"));
        assert_eq!(
            holding_mount(Path::new("/Volumes/STICK/kits"), Some(3), &mounts, u).map(Mount::room),
            Some(Room {
                free: Some(7 << 30),
                fat: true,
            })
        );
    }

    #[test]
    fn a_drive_listed_with_nothing_free_is_taken_as_not_saying() {
        let room = mount(r"F:\", "FAT32", 0, None).room();
        assert_eq!(
            room,
            Room {
                free: None,
                fat: true,
            }
        );
    }

    /// The folder the tests run in is on a real drive: it says what it has free, and is not
    /// FAT (a tmpfs or ext4 here; NTFS under Windows).
    #[test]
    fn a_real_folder_says_its_room() {
        let room = room_at(&std::env::temp_dir());
        assert!(room.free.is_some_and(|f| f > 0), "{room:?}");
        assert!(!room.fat);
        // A folder that is not there cannot say.
        assert_eq!(room_at(Path::new("/nonexistent/imagen")).free, None);
    }

    /// Free space moves while the tests run (other builds write): agreeing within this is
    /// agreeing.
    #[cfg(target_os = "linux")]
    const DRIFT: u64 = 1 << 30;

    /// Windows's and macOS's path, run here: on every listed drive (and the temporary folder),
    /// the list says what statvfs and statfs say of the folder itself.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_drive_list_agrees_with_statvfs() {
        let disks = sysinfo::Disks::new_with_refreshed_list_specifics(
            sysinfo::DiskRefreshKind::nothing().with_storage(),
        );
        let mut folders: Vec<PathBuf> = disks
            .iter()
            .map(|d| d.mount_point().to_path_buf())
            .filter(|p| p.is_dir())
            .collect();
        assert!(!folders.is_empty(), "no drive listed");
        folders.push(std::env::temp_dir());
        let mut compared = 0;
        for folder in &folders {
            let listed = room_from_drive_list(folder);
            let exact = room_at(folder);
            assert_eq!(listed.fat, exact.fat, "{folder:?}");
            // A tmpfs /tmp is not listed: then the list says nothing rather than another drive.
            if let (Some(listed), Some(exact)) = (listed.free, exact.free) {
                assert!(
                    listed.abs_diff(exact) <= DRIFT,
                    "{folder:?}: {listed} vs {exact}"
                );
                compared += 1;
            }
        }
        assert!(compared > 0, "{folders:?}");
    }

    /// `/proc` is mounted in `/` but is not a drive the list holds: it is not answered for as
    /// if it were `/`.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_on_an_unlisted_mount_is_not_answered_for_by_its_parent() {
        if room_from_drive_list(Path::new("/")).free.is_none() {
            eprintln!("skipped: / is not in this machine's list of drives");
            return;
        }
        assert_eq!(
            room_from_drive_list(Path::new("/proc/self")),
            Room::default()
        );
    }
}
