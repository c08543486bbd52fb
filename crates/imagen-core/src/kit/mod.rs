//! The offline kit: `docker save` of several images into one tar (through the engine's
//! `GET /images/get`) and `docker load` of a tar, plain or compressed (`POST /images/load`),
//! so a classroom gets its images from one laptop instead of twenty pulls.
//!
//! Files are named by the user in a native dialog (or dropped on the window); the shell keeps
//! the chosen paths in [`FileGrants`] and the web view only ever holds their opaque IDs.

use serde::{Deserialize, Serialize};

mod archive;
mod estimate;
mod grants;
mod load;
mod partials;
mod room;
mod save;
mod seen;

pub use grants::{
    file_name, FileDrop, FileGrants, FilePurpose, FileStamp, GrantedFile, Language, SaveTarget,
};
pub use load::{load_images, preview_archive, preview_archive_followed, preview_archive_on};
pub use partials::end_saves;
pub use save::{names_of as checked_save_names, save_images, MAX_SAVE_IMAGES, MAX_SAVE_NAMES};
pub use seen::SeenArchives;

/// Saves and loads in flight, by ID, so Cancel can reach them (the same registry as pulls).
pub type KitRegistry = crate::pull::PullRegistry;

/// One image to save, as the user saw it: its full ID and the tags shown on its card. Saving
/// by tag keeps the tags in the archive (`docker save nginx:1.27`); an untagged image is
/// saved by ID.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SaveItem {
    /// `sha256:` + 64 hex digits.
    pub id: String,
    /// The tags the user saw on it (`nginx:1.27`), possibly none.
    pub tags: Vec<String>,
}

/// Bytes written so far, sent about ten times a second while saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SaveProgress {
    /// Bytes of the archive written to the file.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub written: u64,
    /// About how many bytes the archive will have (the images' sizes as an archive holds
    /// them, where the engine says enough: shared layers once, and packed on the containerd
    /// image store); the engine does not say in advance.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub expected: u64,
    /// The engine has sent the whole archive; Imagen makes sure it is on disk (which can take
    /// minutes on a USB stick or a network folder) and then gives it its name.
    pub finishing: bool,
}

/// What changed between what the user saw and the engine now, found before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum KitChange {
    /// The image is not on the engine any more.
    ImageGone {
        /// Its full ID.
        id: String,
    },
    /// A tag the user saw on the image now names another image (`now`: its full ID), or
    /// none (`now: null`).
    TagMoved {
        /// The tag, as shown.
        reference: String,
        /// What it names now.
        now: Option<String>,
    },
    /// Imagen is connected to another engine than the one the images were seen on (Docker
    /// Desktop restarted onto another context, `docker context use` in Automatic mode, another
    /// engine chosen): nothing of this one was seen.
    EngineSwitched {
        /// The engine the images were seen on (its address).
        from: String,
        /// The engine Imagen is connected to now.
        to: String,
    },
}

/// How a save ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all_fields = "camelCase")]
pub enum SaveOutcome {
    /// The archive is complete at the chosen file.
    Saved {
        /// The file's name (no folder).
        file: String,
        /// Its size.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        bytes: u64,
        /// What was asked of the engine: tags, and IDs of untagged images.
        names: Vec<String>,
        /// `docker save -o kit.tar nginx:1.27 alpine:3.20`.
        command: String,
        /// The file the user chose, when the archive went beside it instead (`kit (2).tar`):
        /// that file is left as it is, for the reason `beside_because` gives.
        instead_of: Option<String>,
        /// Why the archive went beside the chosen file (`None` when it did not). Inlined, and
        /// optional in TypeScript so that a `Saved` made without it (the UI's fake backend)
        /// still type-checks; the UI reads a missing one as `Changed`.
        #[cfg_attr(feature = "ts", ts(optional = nullable, inline))]
        beside_because: Option<BesideReason>,
    },
    /// Cancelled: no file was left (an existing file of that name is untouched), unless the
    /// unfinished one could not be removed in time (a drive that stopped answering).
    Cancelled {
        /// The unfinished file's name (hidden, beside the chosen one) when it could not be
        /// removed. Optional in TypeScript, as `beside_because` above.
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        left_behind: Option<String>,
    },
    /// The engine no longer matches what the user saw; nothing was written.
    Changed {
        /// What changed.
        changes: Vec<KitChange>,
    },
}

impl SaveOutcome {
    /// Cancelled, with nothing left behind (yet: the partial file's removal decides).
    pub const CANCELLED: SaveOutcome = SaveOutcome::Cancelled { left_behind: None };
}

/// Why a finished archive went beside the file the user chose (`kit (2).tar`) instead of
/// to it. That file is left as it is in every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BesideReason {
    /// A file appeared at the chosen name after it was chosen, or the one there changed
    /// (another save, a program writing it): not the file the user agreed to replace.
    Changed,
    /// The file the user agreed to replace is open in another program, which keeps Windows
    /// from replacing it (a sharing or lock violation).
    InUse,
    /// The system refused to replace the file the user agreed to replace (access denied: a
    /// read-only file, no permission, or, on Windows, often a file open in another program).
    Refused,
}

/// How a file to load is compressed (found from its first bytes, not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Compression {
    /// A plain tar.
    None,
    /// `.tar.gz`.
    Gzip,
    /// `.tar.xz`.
    Xz,
    /// `.tar.zst`.
    Zstd,
}

/// Why a file cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum ArchiveProblem {
    /// Not a tar archive (or a compressed one) at all.
    #[error("it is not an image archive (a .tar, .tar.gz, .tar.xz or .tar.zst file)")]
    NotAnArchive,
    /// The archive ends before its last part (a copy cut short).
    #[error("the file is cut short: it ends in the middle of the archive")]
    Truncated,
    /// A tar, but not one `docker save` wrote: it has no `manifest.json`.
    #[error("it is an archive but not of images: it has no manifest.json")]
    NoManifest,
    /// `manifest.json` names a part the archive does not have.
    #[error("it is missing {name}, which its manifest.json names")]
    MissingPart {
        /// The part's path inside the archive.
        name: String,
    },
    /// The data is damaged: the compression (a plain tar has none), a tar header, or the
    /// `manifest.json`.
    #[error("it is damaged ({damage})")]
    Corrupt {
        /// What is damaged, as a fact the UI words in the user's language.
        damage: Damage,
    },
    /// The archive holds no image.
    #[error("it holds no image")]
    Empty,
    /// `manifest.json` names a tag `docker load` refuses (after loading the images before
    /// it): not a name with a `:tag`, or with a digest, or not a name at all. Shown with
    /// control and invisible characters escaped.
    #[error("its manifest.json names {tag}, which is not a tag docker load accepts")]
    BadTag {
        /// The tag as the manifest has it, escaped for showing.
        tag: String,
    },
    /// Something other than zeros follows the archive's end-of-archive marker: most often two
    /// archives joined into one file (`cat a.tar b.tar > kit.tar`), of which `docker load`
    /// would read only the first, and say nothing of the rest.
    #[error("it has data after the end of the archive (two archives joined into one file?)")]
    DataAfterEnd,
    /// It is a folder, not a file (dropped on the window): the archive is inside it.
    #[error("it is a folder, not an archive file")]
    Folder,
    /// Compressed with bzip2 (`docker save … | bzip2 > kit.tar.bz2`, which `docker load`
    /// reads): Imagen has no bzip2 decompressor. `bunzip2` gives the plain tar.
    #[error(
        "it is compressed with bzip2, which Imagen cannot read: decompress it first \
         (bunzip2), or load it in a terminal (docker load -i)"
    )]
    Bzip2,
}

/// What part of an archive is damaged. A fact, not a sentence: the UI words it in the user's
/// language (a Spanish workshop read "está dañado (a tar header is damaged)"). Only the
/// decompressor's and the JSON reader's own words stay as they are, as `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum Damage {
    /// The compressed data does not decompress: `detail` is the decompressor's words
    /// (`corrupt deflate stream`).
    #[error("{method} data: {detail}")]
    Compression {
        /// How the file is compressed.
        method: Compression,
        /// What the decompressor said.
        detail: String,
    },
    /// A tar header's checksum or size field is wrong.
    #[error("a tar header is damaged")]
    TarHeader,
    /// A tar header follows the two zero blocks that end an archive.
    #[error("a tar header follows its end-of-archive block")]
    HeaderAfterEnd,
    /// A pax or GNU long-name header claims more than any real one holds.
    #[error("a tar extended header is too large")]
    ExtendedHeaderTooLarge,
    /// `manifest.json` or `index.json` is larger than any real one.
    #[error("its {name} is too large")]
    IndexTooLarge {
        /// `manifest.json` or `index.json`.
        name: String,
    },
    /// `manifest.json` is not the JSON `docker save` writes: `detail` is the JSON reader's
    /// words (`expected value at line 1 column 1`).
    #[error("its manifest.json cannot be read ({detail})")]
    Manifest {
        /// What the JSON reader said.
        detail: String,
    },
}

impl std::fmt::Display for Compression {
    /// The name a decompressor goes by: `gzip data: corrupt deflate stream`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Compression::None => "tar",
            Compression::Gzip => "gzip",
            Compression::Xz => "xz",
            Compression::Zstd => "zstd",
        })
    }
}

/// What a file offered for loading holds, read before anything is sent to the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ArchivePreview {
    /// The file's name (no folder).
    pub file: String,
    /// Its size on disk.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// How it is compressed.
    pub compression: Compression,
    /// The engine's `docker load` cannot decompress this file itself (zstd before Engine
    /// 23.0), so the command a user would type decompresses it first: `zstd -dc kit.tar.zst
    /// | docker load`. Imagen loads it either way (it sends the plain tar). `false` when the
    /// engine could not be asked.
    pub decompress_first: bool,
    /// The tags it holds (`nginx:1.27`), from its `manifest.json`.
    pub tags: Vec<String>,
    /// How many images it holds (untagged ones included).
    pub images: u32,
    /// Its tags that already name another image on the engine: loading moves them (the
    /// engine does so without asking), and that image keeps only its other names. `None`
    /// when the engine could not be asked.
    pub taken: Option<Vec<TagTaken>>,
    /// The platform each image was built for, as its config says (images whose config does
    /// not say are left out): one built for another platform than the engine's loads, and
    /// then runs emulated (slowly), or not at all.
    pub platforms: Vec<ImagePlatform>,
    /// The engine's platform (`linux/amd64`); `None` when it could not be asked. Optional
    /// in TypeScript, so that a preview made without it (the UI's fake backend) type-checks.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub engine_platform: Option<String>,
    /// The address of the engine `taken` and `decompress_first` were found on (`None` when
    /// it could not be asked): a load on another engine loads nothing. Kept by the backend
    /// with the preview shown, not sent to the web view.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub engine: Option<String>,
}

/// The platform one image of an archive was built for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImagePlatform {
    /// Its tags in the archive (`web:1`), possibly none.
    pub tags: Vec<String>,
    /// Its ID (`sha256:` + its config's digest), when the archive's name for its config
    /// carries it.
    pub id: Option<String>,
    /// `os/architecture`, and `/variant` when its config says one (`linux/arm64/v8`), with
    /// architectures named as Docker names them (`amd64`, `arm64`).
    pub platform: String,
}

/// A tag that names one image on the engine and another in an archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TagTaken {
    /// The tag, as the archive spells it.
    pub tag: String,
    /// The full ID of the image it names on the engine (before the load).
    pub holder: String,
}

/// Bytes of the file read so far, sent about ten times a second while loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LoadProgress {
    /// Bytes of the file read and sent.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub read: u64,
    /// The file's size.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    /// Plain tar bytes the engine has taken so far: what moves while the upload goes on
    /// (a compressed file's `read` can stand still for a while between two reads).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sent: u64,
    /// The engine has taken the whole archive and imports it: it answers only when done.
    /// (`read` reaches `total` earlier: the file is read a few pieces ahead of the upload.)
    pub ended: bool,
    /// The file is being checked again before the upload (it may have changed since the
    /// preview): `read` is how far; nothing has been sent yet. A big `.tar.xz` on a USB
    /// stick takes minutes here.
    pub checking: bool,
    /// The file's drive has not delivered what was asked of it for a few seconds (asleep,
    /// slow, unplugged): a stall is the drive's, not the engine's.
    pub waiting_for_file: bool,
}

/// How a load ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all_fields = "camelCase")]
pub enum LoadOutcome {
    /// The engine loaded the archive.
    Loaded {
        /// What the engine said it loaded: tags (`nginx:1.27`), and the IDs of untagged images.
        images: Vec<String>,
        /// `docker load -i kit.tar`.
        command: String,
        /// Tags the load moved from another image, as the engine reported them.
        moved: Vec<TagTaken>,
    },
    /// Cancelled. Before the engine had the whole archive (`importing` false) it loads
    /// nothing; after, it was importing, and the images it had finished stay on it.
    Cancelled {
        /// The engine had taken the whole archive when the Cancel came.
        importing: bool,
        /// What the engine had said it loaded before the Cancel (tags, IDs of untagged
        /// images): on the engine now. Others it finished may be there too.
        images: Vec<String>,
        /// Tags it had said it moved from another image before the Cancel.
        moved: Vec<TagTaken>,
    },
    /// The engine failed part-way through the import (a full disk, the engine gone) after it
    /// had loaded some images or moved some tags: those stay on it. (A load that fails
    /// before the engine said it loaded or moved anything is an error, as any call.) Also a
    /// load the containerd store answered as a success after it could not unpack an image it
    /// loaded (its disk full): that image cannot run until it is unpacked.
    Failed {
        /// Why it stopped.
        error: crate::error::Error,
        /// What the engine had said it loaded before it failed (tags, IDs of untagged
        /// images): on the engine now.
        images: Vec<String>,
        /// Tags it had said it moved from another image before it failed.
        moved: Vec<TagTaken>,
    },
    /// The file or the engine no longer match what the user saw (another archive under the
    /// same name, a tag that would now move another image, or another engine): nothing was
    /// loaded. The new preview is what loading would do now.
    Changed {
        /// The archive and the engine now.
        preview: ArchivePreview,
        /// What changed.
        change: LoadChange,
    },
}

/// Why a load found that the file or the engine no longer match the preview the user saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum LoadChange {
    /// The file is another archive now, or loading it does something else on the engine
    /// (a tag it would move, the command this engine needs): the new preview says what.
    Archive,
    /// Imagen is connected to another engine than the one the preview was made on (Docker
    /// Desktop restarted onto another context, `docker context use` in Automatic mode,
    /// another engine chosen): nothing of this one was seen.
    EngineSwitched {
        /// The engine the preview was made on (its address).
        from: String,
        /// The engine Imagen is connected to now.
        to: String,
    },
}

/// The error an engine wrote into an answer it had begun (moby's `{"errorDetail":…}` line),
/// as Imagen words it: a full disk as such, anything else as the engine's refusal (no HTTP
/// status came with it: 500, as the engine would have sent before the answer began).
pub(crate) fn engine_said(message: String) -> crate::error::Error {
    engine_refused(500, message)
}

/// An error status the engine answered a save or a load with, as Imagen words it: a full
/// disk (the engine's: the classic store exports into, and imports from, its own
/// `/var/lib/docker/tmp`, in Docker Desktop's virtual machine) as such, anything else as the
/// engine's refusal.
pub(crate) fn engine_refused(status: u16, message: String) -> crate::error::Error {
    if message.contains("no space left on device") {
        crate::error::Error::DiskFull { message }
    } else {
        crate::error::Error::EngineRejected { status, message }
    }
}

/// The names `docker save` is given for `items`: each tag (so the archive keeps it), or the
/// full ID of an untagged image; each name once, in order (what `Saved.names` reports).
pub fn save_names(items: &[SaveItem]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for item in items {
        let own = if item.tags.is_empty() {
            std::slice::from_ref(&item.id)
        } else {
            item.tags.as_slice()
        };
        for name in own {
            if seen.insert(name.as_str()) {
                names.push(name.clone());
            }
        }
    }
    names
}
