//! Files the user chose (in a native dialog, or by dropping them on the window), kept by the
//! shell under opaque IDs. The web view names a file by ID, never by path: it can only save
//! to, or load from, a file the user picked, and only for what it was picked for.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// What a chosen file may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FilePurpose {
    /// Chosen in the Save dialog: Imagen may write it (once).
    Save,
    /// Chosen in the Open dialog or dropped: Imagen may read it.
    Load,
}

/// The languages Imagen speaks. The web view names one when it opens a native file dialog;
/// the words are the backend's, so a script in the page cannot put its own text in a
/// system dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    En,
    /// Spanish.
    Es,
}

impl FilePurpose {
    /// The title of the native dialog that chooses a file for this purpose.
    pub fn dialog_title(self, language: Language) -> &'static str {
        match (self, language) {
            (FilePurpose::Save, Language::En) => "Save the images as",
            (FilePurpose::Save, Language::Es) => "Guardar las imágenes como",
            (FilePurpose::Load, Language::En) => "Open an image archive",
            (FilePurpose::Load, Language::Es) => "Abrir un archivo de imágenes",
        }
    }
}

/// A chosen file as the web view sees it: an ID and a name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GrantedFile {
    /// `file-` and 32 hex digits.
    pub id: String,
    /// The file's name, without its folder.
    pub name: String,
    /// What it was chosen for.
    pub purpose: FilePurpose,
}

/// What the web view hears of a drag: enough to show a drop zone and to load what was dropped.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum FileDrop {
    /// Files are being dragged over the window.
    Over {
        /// How many.
        count: u32,
    },
    /// The drag left the window (or was abandoned).
    Left,
    /// Files were dropped. One is loaded at a time, so only that one is kept for loading,
    /// under its ID: the first dropped, or the first that is no folder when folders came
    /// first. (Keeping them all would forget the oldest past the limit of kept files, the
    /// very one loaded, when dozens are dropped.)
    Dropped {
        /// The file to load; `None` when the drop held no path.
        file: Option<GrantedFile>,
        /// How many others were dropped with it: not kept, nor loaded.
        ignored: u32,
    },
}

/// What was at a path when the user chose it: its size, time of change and identity (a file
/// put there by a rename or a new copy is another one even with the same size and time), or
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    identity: (u64, u64, i64, i64),
}

impl FileStamp {
    /// The file at `path` now; `None` when there is none.
    pub fn of(path: &Path) -> Option<Self> {
        std::fs::metadata(path).ok().map(|m| Self {
            len: m.len(),
            modified: m.modified().ok(),
            identity: identity(&m),
        })
    }
}

/// Device, inode and inode change time: a replaced file is another inode, and a file
/// rewritten in place changes its change time, which copies cannot set back.
#[cfg(unix)]
fn identity(m: &std::fs::Metadata) -> (u64, u64, i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino(), m.ctime(), m.ctime_nsec())
}

/// Creation and last write times (NTFS keeps both; a replaced file is created anew).
#[cfg(windows)]
fn identity(m: &std::fs::Metadata) -> (u64, u64, i64, i64) {
    use std::os::windows::fs::MetadataExt;
    (m.creation_time(), m.last_write_time(), 0, 0)
}

#[cfg(not(any(unix, windows)))]
fn identity(_: &std::fs::Metadata) -> (u64, u64, i64, i64) {
    (0, 0, 0, 0)
}

/// Where a save goes: the file the user chose, and what was there when they chose it (the
/// Save dialog asked before replacing a file that was there then, and only that one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveTarget {
    /// The chosen file.
    pub path: PathBuf,
    /// What was at `path` when it was chosen.
    pub found: Option<FileStamp>,
}

impl SaveTarget {
    /// `path` as it is now: what a caller that chose it this instant agreed to.
    pub fn now(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            found: FileStamp::of(path),
        }
    }
}

/// The most files kept at once; the oldest is forgotten first.
const MAX_GRANTS: usize = 32;

#[derive(Debug, Default)]
struct Inner {
    files: HashMap<String, (PathBuf, FilePurpose, u64, Option<FileStamp>)>,
    seq: u64,
}

/// The files the user chose this run, by ID.
#[derive(Debug, Default, Clone)]
pub struct FileGrants {
    inner: Arc<Mutex<Inner>>,
}

/// A file's name without its folder, for messages, the UI and the Terminal record: a name
/// with control or invisible characters (a right-to-left override that shows `kit.tar.exe` as
/// something else) is shown with them escaped ([`crate::input::visible`]). Never for building
/// a path.
pub fn file_name(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    crate::input::visible(&name).into_owned()
}

impl FileGrants {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `path`, chosen by the user for `purpose`, and returns its ID.
    pub fn grant(&self, path: PathBuf, purpose: FilePurpose) -> GrantedFile {
        let id = crate::opaque::id("file");
        let name = file_name(&path);
        let found = match purpose {
            FilePurpose::Save => FileStamp::of(&path),
            FilePurpose::Load => None,
        };
        let mut inner = self.lock();
        inner.seq += 1;
        let seq = inner.seq;
        if inner.files.len() >= MAX_GRANTS {
            let oldest = inner
                .files
                .iter()
                .min_by_key(|(_, (_, _, s, _))| *s)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                inner.files.remove(&k);
            }
        }
        // What a save would replace, as the user agreed to it (looked at before the lock).
        inner.files.insert(id.clone(), (path, purpose, seq, found));
        GrantedFile { id, name, purpose }
    }

    /// The path of file `id` if it was chosen for `purpose`. A file chosen for saving is
    /// spent by this call (one save per choice); one chosen for loading may be read again
    /// (a preview, then the load).
    pub fn path(&self, id: &str, purpose: FilePurpose) -> Result<PathBuf> {
        self.chosen(id, purpose).map(|(path, _)| path)
    }

    /// The file `id` chosen for saving, with what was there when it was chosen; spent by
    /// this call.
    pub fn save_target(&self, id: &str) -> Result<SaveTarget> {
        self.chosen(id, FilePurpose::Save)
            .map(|(path, found)| SaveTarget { path, found })
    }

    fn chosen(&self, id: &str, purpose: FilePurpose) -> Result<(PathBuf, Option<FileStamp>)> {
        let id = crate::input::token("file", id)?;
        let mut inner = self.lock();
        match inner.files.get(id) {
            Some((path, p, _, found)) if *p == purpose => {
                let chosen = (path.clone(), *found);
                if purpose == FilePurpose::Save {
                    inner.files.remove(id);
                }
                Ok(chosen)
            }
            _ => Err(Error::UnknownFile { id: id.to_owned() }),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A dropped or chosen file's name is shown as it is, unless it holds characters that
    /// would make it look like another name.
    #[test]
    fn a_file_name_is_shown_with_invisible_characters_escaped() {
        assert_eq!(file_name(Path::new("/home/ana/kit (2).tar")), "kit (2).tar");
        assert_eq!(
            file_name(Path::new("/media/usb/kit\u{202e}rat.exe")),
            "kit\\u{202e}rat.exe"
        );
    }

    #[test]
    fn a_file_is_used_only_for_what_it_was_chosen_for() {
        let grants = FileGrants::default();
        let load = grants.grant("/tmp/kit.tar".into(), FilePurpose::Load);
        assert_eq!(load.name, "kit.tar");
        assert!(matches!(
            grants.path(&load.id, FilePurpose::Save),
            Err(Error::UnknownFile { .. })
        ));
        assert_eq!(
            grants.path(&load.id, FilePurpose::Load).unwrap(),
            PathBuf::from("/tmp/kit.tar")
        );
        // Loading may read it again (preview, then load).
        assert!(grants.path(&load.id, FilePurpose::Load).is_ok());
    }

    #[test]
    fn a_save_choice_is_spent_by_its_save() {
        let grants = FileGrants::default();
        let save = grants.grant("/tmp/out.tar".into(), FilePurpose::Save);
        assert!(grants.path(&save.id, FilePurpose::Save).is_ok());
        assert!(matches!(
            grants.path(&save.id, FilePurpose::Save),
            Err(Error::UnknownFile { .. })
        ));
    }

    #[test]
    fn made_up_ids_name_nothing() {
        let grants = FileGrants::default();
        for id in ["file-00000000000000000000000000000000", "../etc/passwd", ""] {
            assert!(grants.path(id, FilePurpose::Load).is_err(), "{id}");
        }
    }

    #[test]
    fn the_oldest_choice_is_forgotten_past_the_limit() {
        let grants = FileGrants::default();
        let first = grants.grant("/tmp/0.tar".into(), FilePurpose::Load);
        for i in 1..=MAX_GRANTS {
            grants.grant(format!("/tmp/{i}.tar").into(), FilePurpose::Load);
        }
        assert!(grants.path(&first.id, FilePurpose::Load).is_err());
    }
}
