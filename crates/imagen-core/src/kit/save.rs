//! `docker save -o kit.tar a:1 b:2 …`: several images into one tar, through the engine's
//! `GET /images/get`, after checking that the engine still has what the user saw.

use super::archive::TarScan;
use super::{file_name, FileStamp, SaveTarget};
use super::{BesideReason, KitChange, KitRegistry, SaveItem, SaveOutcome, SaveProgress};
use crate::engine::calls::CallError;
use crate::engine::while_answering;
use crate::error::{Error, Result, UnreachableCause};
use crate::{input, Connection, Engine};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;

use crate::pull::PROGRESS_INTERVAL;

fn invalid(field: &str, reason: impl Into<String>) -> Error {
    Error::InvalidInput {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// At most this many images in one save: more than any workshop kit.
pub const MAX_SAVE_IMAGES: usize = 1000;
/// At most this many names (tags, and IDs of untagged images) in one save: few enough that
/// checking each one again right before saving stays quick.
pub const MAX_SAVE_NAMES: usize = 5000;

/// The names to ask the engine for, in order and without repeats: each item's tags, or its
/// ID when it has none. Every value is checked here, before anything reaches the engine or
/// the Terminal record.
pub fn names_of(items: &[SaveItem]) -> Result<Vec<String>> {
    if items.is_empty() {
        return Err(invalid("images", "no image was chosen to save"));
    }
    if items.len() > MAX_SAVE_IMAGES {
        return Err(invalid(
            "images",
            format!("at most {MAX_SAVE_IMAGES} images can be saved at once"),
        ));
    }
    let names: usize = items.iter().map(|i| i.tags.len().max(1)).sum();
    if names > MAX_SAVE_NAMES {
        return Err(invalid(
            "images",
            format!(
                "at most {MAX_SAVE_NAMES} tags can be saved at once; these images have {names}"
            ),
        ));
    }
    for item in items {
        input::full_image_id("image", &item.id)?;
        for tag in &item.tags {
            let text = input::text("tag", tag)?;
            let reference = crate::pull::parse_reference(text)?;
            // Explicitly `name:tag`: a bare name would save every tag of the repository.
            let explicit = tag
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains(':'));
            if reference.digest().is_some() || reference.tag().is_none() || !explicit {
                return Err(invalid(
                    "tag",
                    format!("{tag} is not a tag (a name and :tag, as docker images shows it)"),
                ));
            }
        }
    }
    Ok(super::save_names(items))
}

/// The hidden file a save writes before renaming it: `.{file}.imagen-partial-{random}`, with
/// the file's name cut (on a character boundary) so that the whole stays within the 255
/// bytes file systems allow, whatever name the user typed.
fn partial_name(file: &str, random: &str) -> String {
    const MAX_NAME: usize = 255;
    let fixed = 1 + ".imagen-partial-".len() + random.len();
    let mut end = file.len().min(MAX_NAME.saturating_sub(fixed));
    while !file.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}.imagen-partial-{random}", &file[..end])
}

/// How old a partial file must be before a later save into its folder takes it for the
/// leftover of a save that never ended (the app killed or crashed mid-save): a running save
/// writes to its file all the time, so its modification time stays fresh.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Removes, from `folder`, the partial files of saves that never ended ([`partial_name`]'s
/// pattern, untouched for [`LEFTOVER_AGE`]): an archive cut short that nobody can use, often
/// gigabytes, hidden from the user's file browser. Nothing else is touched; failures are
/// ignored (the save itself goes on). Returns how many went.
fn sweep_leftovers(folder: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some((stem, random)) = name.rsplit_once(".imagen-partial-") else {
            continue;
        };
        let ours = stem.starts_with('.')
            && !random.is_empty()
            && random
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        let Ok(meta) = entry.metadata() else { continue };
        let stale = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > LEFTOVER_AGE);
        if ours && meta.is_file() && stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Deletes the partial file unless the save completed (cancel, a change, or the future
/// dropped; a save that fails removes it with [`Partial::discard`], which says when it could
/// not). The process ending drops no future: while the file may exist it is also listed, so
/// that the app removes it as it quits ([`super::end_saves`]).
struct Partial {
    path: PathBuf,
    keep: bool,
    /// Dropped after `drop` below has removed the file.
    _listed: super::partials::Listed,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// How long a save that failed waits for its partial file to go: a drive that stopped
/// answering (a USB stick pulled out, a dead network share) can hold `remove_file` for
/// minutes, and the dialog would wait as long to say what failed.
const DISCARD_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

impl Partial {
    /// Removes the file now, for a save that failed, waiting at most [`DISCARD_WAIT`]:
    /// `None` once it is gone (or was never made), else its name (no folder), which the
    /// error then gives, since the file stays, hidden and possibly gigabytes.
    async fn discard(mut self) -> Option<String> {
        // Removed here, once: not again (blocking) when dropped.
        self.keep = true;
        let path = self.path.clone();
        let removal = tokio::task::spawn_blocking(move || std::fs::remove_file(&path));
        let removed = tokio::time::timeout(DISCARD_WAIT, removal).await;
        match removed {
            Ok(Ok(Ok(()))) => None,
            Ok(Ok(Err(e))) if e.kind() == std::io::ErrorKind::NotFound => None,
            // Refused, failed, or still waiting on the drive.
            _ => Some(file_name(&self.path)),
        }
    }
}

/// `error`, the reason a save failed after its partial file was begun, with the name of
/// that file when it could not be removed (`left`): a file error then says so instead of
/// that nothing partial was left behind.
fn with_partial_left(mut error: Error, left: Option<String>) -> Error {
    if let Error::FileProblem {
        writing: true,
        left_behind,
        ..
    } = &mut error
    {
        *left_behind = left;
    }
    error
}

/// Saves `items` into one tar at `dest`, as `docker save -o dest …` does: the tags are
/// named so they survive in the archive, an untagged image by its ID.
///
/// Before anything is written the engine is read again: every image must still be there and
/// every tag the user saw must still name it, else [`SaveOutcome::Changed`]. `seen_on` is
/// the address of the engine the user saw the images on (`None`: not known): Imagen
/// connected to another one since answers [`KitChange::EngineSwitched`] alone (nothing of
/// this engine was seen, whatever its images are). The archive
/// streams into a hidden file beside `dest` (`.kit.tar.imagen-partial-…`), which is renamed
/// over `dest` only once complete and on disk; Cancel (`registry.cancel(save_id)`), an
/// engine error or a write error deletes it and leaves any existing `dest` untouched (a
/// partial file that cannot be deleted, the drive gone, is named in the file error,
/// `left_behind`).
///
/// The engine exports by name, so the archive it sends is checked too: a tag the user saw
/// that it gives to another image (a `docker pull` or `docker tag` finished between the check
/// and the export) is [`KitChange::TagMoved`], and no file is left.
///
/// `dest` carries what was at the chosen file when the user chose it (the Save dialog asked
/// before replacing that). If, once the archive is complete, the file there is not that one
/// (one appeared, or it changed: another save, a program writing it), it is left as it is and
/// the archive goes to the first free `name (2).tar` beside it; `instead_of` says so.
///
/// `progress` gets the bytes written about ten times a second; its `expected` is the sizes of
/// the distinct images with each layer they share counted once, and packed where the engine
/// keeps them so, as the archive holds them ([`super::estimate`]): an estimate (the archive
/// adds a little metadata).
///
/// An engine that fails once the archive has begun writes its error into it (moby's
/// `getImagesGet`): that error is the answer ([`Error::EngineRejected`], or
/// [`Error::DiskFull`]), not a damaged archive or a cut connection.
pub async fn save_images(
    conn: &Connection,
    registry: &KitRegistry,
    save_id: &str,
    items: Vec<SaveItem>,
    seen_on: Option<&str>,
    dest: &SaveTarget,
    progress: impl Fn(SaveProgress) + Send + Sync + 'static,
) -> Result<SaveOutcome> {
    let save_id = input::token("save", save_id)?;
    let names = names_of(&items)?;
    let found = dest.found;
    let dest = dest.path.as_path();
    let file = file_name(dest);
    if dest.file_name().is_none() {
        return Err(invalid("file", "it names a folder, not a file"));
    }
    let guard = registry.register(save_id)?;
    let cancel = guard.token();
    conn.run(|engine| async move {
        save_on(
            &engine,
            (&items, seen_on),
            &names,
            (dest, found),
            &file,
            &cancel,
            &progress,
        )
        .await
    })
    .await
}

/// What [`recheck`] found.
struct Rechecked {
    /// What changed since the user saw the items.
    changes: Vec<KitChange>,
    /// The distinct images' sizes, each shared layer counted once where the engine says
    /// which are shared ([`super::estimate`]): the progress bar's estimate.
    expected: u64,
    /// The largest image chosen, by the list's size, and that size.
    largest: Option<(String, u64)>,
}

/// The least an archive holding image `id` takes: its size as the engine counts it smallest.
/// On the containerd image store the list's size (`listed`) adds the unpacked copy, which an
/// archive does not carry, and the packed content is counted apart
/// ([`super::estimate::packed_size`]); on the classic store both are the same. `None` when the
/// engine does not say.
async fn least_archive(engine: &Engine, id: &str, listed: u64) -> Option<u64> {
    let body = engine.inspect_image_with_manifests(id).await.ok()??;
    let document: serde_json::Value = serde_json::from_slice(&body).ok()?;
    let packed = super::estimate::packed_size(&document, &engine.info().platform)?;
    Some(packed.min(listed))
}

/// The longest the progress bar's estimate is waited for before a save: past it the list's
/// sizes stand in (an estimate, not a step).
const ESTIMATE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// What changed since the user saw `items`, and their sizes.
async fn recheck(engine: &Engine, items: &[SaveItem]) -> Result<Rechecked> {
    let images = engine
        .list_images::<bollard::models::ImageSummary>(true)
        .await?;
    let sizes: HashMap<&str, u64> = images
        .iter()
        .map(|i| (i.id.as_str(), u64::try_from(i.size).unwrap_or(0)))
        .collect();
    let mut changes = Vec::new();
    let mut counted = HashSet::new();
    // The distinct images and their listed sizes, for the estimate.
    let mut distinct = Vec::new();
    let mut listed = 0u64;
    let mut largest: Option<(String, u64)> = None;
    for item in items {
        let Some(size) = sizes.get(item.id.as_str()) else {
            if !changes.contains(&KitChange::ImageGone {
                id: item.id.clone(),
            }) {
                changes.push(KitChange::ImageGone {
                    id: item.id.clone(),
                });
            }
            continue;
        };
        if counted.insert(item.id.as_str()) {
            listed += size;
            distinct.push((item.id.as_str(), *size));
            if largest.as_ref().is_none_or(|(_, most)| size > most) {
                largest = Some((item.id.clone(), *size));
            }
        }
        for tag in &item.tags {
            let now = engine.image_id_of(tag).await?;
            if now.as_deref() != Some(item.id.as_str()) {
                changes.push(KitChange::TagMoved {
                    reference: tag.clone(),
                    now,
                });
            }
        }
    }
    // Shared layers are written once, and the containerd image store writes them packed: the
    // estimate counts them so, even for one image, whose listed size there adds the unpacked
    // copy (not asked when something changed: nothing is saved then).
    let expected = if changes.is_empty() {
        tokio::time::timeout(
            ESTIMATE_WAIT,
            super::estimate::expected_size(engine, &distinct),
        )
        .await
        .unwrap_or(listed)
    } else {
        listed
    };
    Ok(Rechecked {
        changes,
        expected,
        largest,
    })
}

/// The tags the user saw (`items`) that the archive the engine sent (`contents`) gives to
/// another image than the one they saw them on, or leaves out. The archive names an image by
/// its config's digest (the classic store's ID) and, in an OCI layout, by the digest the
/// containerd store uses as its ID: either one is the image seen. A tag whose image the archive
/// names by neither (a format that carries no digest) cannot be compared, and passes.
/// `now`, for the answer, is what the engine says the tag names now, else what the archive
/// says.
async fn tags_moved_in(
    engine: &Engine,
    items: &[SaveItem],
    contents: &super::archive::Contents,
) -> Vec<KitChange> {
    let mut changes = Vec::new();
    for item in items {
        for tag in &item.tags {
            let ids = contents.ids_of(tag);
            if ids.is_some_and(|ids| ids.is_empty() || ids.contains(&item.id)) {
                continue;
            }
            let now = match engine.image_id_of(tag).await {
                Ok(Some(id)) if id != item.id => Some(id),
                _ => ids.and_then(|ids| ids.first().cloned()),
            };
            changes.push(KitChange::TagMoved {
                reference: tag.clone(),
                now,
            });
        }
    }
    changes
}

fn file_problem(file: &str, e: &std::io::Error) -> Error {
    Error::FileProblem {
        file: file.to_owned(),
        reason: e.to_string(),
        trouble: crate::error::FileTrouble::of(e),
        writing: true,
        left_behind: None,
    }
}

/// FAT32's largest file, 4 GiB less a byte: a write that would pass it fails there.
pub(super) const FAT32_LIMIT: u64 = (4 << 30) - 1;

/// How long the drive is asked what room it has before the save goes on without knowing.
const ROOM_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// [`file_problem`] for a write that would have taken the file to `size` bytes. Windows may
/// call FAT32's 4 GB limit a full disk (`ERROR_DISK_FULL`): at that size, on a stick with
/// room left, it is the limit.
fn write_problem(file: &str, e: &std::io::Error, size: u64) -> Error {
    let mut problem = file_problem(file, e);
    if let Error::FileProblem { trouble, .. } = &mut problem {
        if *trouble == crate::error::FileTrouble::Full && size > FAT32_LIMIT {
            *trouble = crate::error::FileTrouble::TooLarge;
        }
    }
    problem
}

/// The engine connected now, when it is not `seen_on`, the one the user saw the images on.
fn engine_switched(engine: &Engine, seen_on: Option<&str>) -> Option<KitChange> {
    let to = engine.info().address.as_str();
    seen_on
        .filter(|from| *from != to)
        .map(|from| KitChange::EngineSwitched {
            from: from.to_owned(),
            to: to.to_owned(),
        })
}

async fn save_on(
    engine: &Engine,
    (items, seen_on): (&[SaveItem], Option<&str>),
    names: &[String],
    (dest, found): (&Path, Option<FileStamp>),
    file: &str,
    cancel: &CancellationToken,
    progress: &(impl Fn(SaveProgress) + Send + Sync),
) -> Result<SaveOutcome> {
    if let Some(switched) = engine_switched(engine, seen_on) {
        return Ok(SaveOutcome::Changed {
            changes: vec![switched],
        });
    }
    let Rechecked {
        changes,
        expected,
        largest,
    } = tokio::select! {
        _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
        r = recheck(engine, items) => r?,
    };
    if !changes.is_empty() {
        return Ok(SaveOutcome::Changed { changes });
    }
    let folder = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // What cannot fit is said now, not after the stick has taken gigabytes. A drive that does
    // not answer at once is not waited for: the write then says what is wrong.
    let asked = folder.clone();
    let room = tokio::select! {
        _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
        room = tokio::time::timeout(
            ROOM_WAIT,
            tokio::task::spawn_blocking(move || super::room::room_at(&asked)),
        ) => room.ok().and_then(std::result::Result::ok),
    };
    let refused = match (room, largest) {
        // The list's size may count more than an archive carries (the containerd store's
        // unpacked copy): a save it would refuse is asked about again, by the smallest size
        // the engine gives. Not asked otherwise, nor waited for long: a check, not a step.
        (Some(room), Some((id, listed))) if super::room::refusal(room, listed, file).is_some() => {
            let least = tokio::select! {
                _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
                least = tokio::time::timeout(ROOM_WAIT, least_archive(engine, &id, listed)) => {
                    least.ok().flatten()
                }
            };
            least.and_then(|least| super::room::refusal(room, least, file))
        }
        _ => None,
    };
    if let Some(refused) = refused {
        return Err(refused);
    }
    // Not waited for: a folder on a drive that stopped answering would hold the save (and
    // its Cancel) as long as the drive takes to say so.
    let sweep = folder.clone();
    drop(tokio::task::spawn_blocking(move || sweep_leftovers(&sweep)));
    let random = crate::opaque::id("p");
    let path = folder.join(partial_name(
        &own_name(dest),
        random.trim_start_matches("p-"),
    ));
    // Listed before it exists: quitting from here on cancels this save and removes the file.
    // Once the app is quitting no file is begun (nobody is left to see the outcome).
    let Some(listed) = super::partials::list(&path, cancel) else {
        return Ok(SaveOutcome::CANCELLED);
    };
    let mut partial = Partial {
        path,
        keep: false,
        _listed: listed,
    };
    // Every way out below but a finished archive leaves the file to go: on an error it is
    // removed here, and the error says so when it could not be (on any other way out,
    // dropping `partial` removes it).
    let saved = async {
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create_new(true);
        let opened = tokio::select! {
            _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
            opened = options.open(&partial.path) => opened,
        };
        let mut out = opened.map_err(|e| file_problem(file, &e))?;

        let started = tokio::select! {
            _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
            r = engine.save_images(names) => r,
        };
        let mut body = match started {
            Ok(body) => body,
            // Removed since the check above (an image, or a tag the user saw, in a
            // terminal): said as what changed, as the check says it.
            Err(CallError::Status(404, message)) => {
                return gone_before_export(engine, items, names, &message, cancel).await
            }
            // The engine's disk full before the first byte (the classic store exports into its
            // own tmp folder first): said as such, not as a bare refusal.
            Err(CallError::Status(status, message)) => {
                return Err(super::engine_refused(status, message))
            }
            Err(CallError::Other(e)) => return Err(e),
        };
        let mut scan = TarScan::default();
        let mut tail = Tail::default();
        let mut written = 0u64;
        let mut last: Option<Instant> = None;
        loop {
            let chunk = tokio::select! {
                biased;
                // Returning drops the body (the engine stops) and `partial` (the file goes).
                _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
                // A silent body is an engine still writing a big layer out, and goes on; one
                // that stops answering pings too has frozen (a paused VM, a dropped ssh link)
                // and ends the save, instead of a dialog waiting until the user gives up.
                chunk = while_answering(engine, body.next_chunk()) => chunk,
            };
            // Cut off: the engine may have said why just before.
            let chunk = chunk.map_err(|e| tail.engine_error().unwrap_or(e))?;
            let Some(data) = chunk else { break };
            tail.push(&data);
            if let Err(problem) = scan.push(&data) {
                // Not a tar any more from here: the engine's error, written into the archive
                // where it failed, or damage. Its end says which; nothing more is written.
                let rest = async {
                    let mut more = 0;
                    while more < REST_BYTES {
                        let Some(data) = body.next_chunk().await? else {
                            break;
                        };
                        more += data.len();
                        tail.push(&data);
                    }
                    Ok::<_, Error>(())
                };
                let more = tokio::select! {
                    biased;
                    _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
                    // What came within the wait is looked at; the rest is not waited for.
                    more = tokio::time::timeout(REST_WAIT, rest) => more.unwrap_or(Ok(())),
                };
                return Err(tail.engine_error().unwrap_or(match more {
                    Err(e) => e,
                    Ok(()) => Error::Protocol {
                        message: format!("the archive the engine sent cannot be read: {problem}"),
                    },
                }));
            }
            tokio::select! {
                _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
                w = out.write_all(&data) => w.map_err(|e| write_problem(file, &e, written + data.len() as u64))?,
            }
            written += data.len() as u64;
            let now = Instant::now();
            if last.is_none_or(|t| now.duration_since(t) >= PROGRESS_INTERVAL) {
                progress(SaveProgress {
                    written,
                    expected,
                    finishing: false,
                });
                last = Some(now);
            }
        }
        // The engine ends the body early only when something went wrong on its side, which it
        // may have said at the end.
        let contents = scan.finish().map_err(|problem| match tail.engine_error() {
            Some(said) => said,
            None if problem == super::ArchiveProblem::Truncated => Error::EngineUnreachable {
                address: engine.info().address.to_string(),
                reason: "the engine stopped sending the archive before its end".into(),
                cause: UnreachableCause::Dropped,
            },
            None => Error::Protocol {
                message: format!("the archive the engine sent is not complete: {problem}"),
            },
        })?;
        // The engine exports by name: a tag that moved after the check above (a `docker pull` or
        // `docker tag` finishing in between) put another image in the archive under a tag the
        // user saw. Returning drops `partial`: no file is left.
        let moved = tokio::select! {
            _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
            moved = tags_moved_in(engine, items, &contents) => moved,
        };
        if !moved.is_empty() {
            return Ok(SaveOutcome::Changed { changes: moved });
        }
        progress(SaveProgress {
            written,
            expected,
            finishing: true,
        });
        // Gigabytes still in the page cache take minutes to reach a USB 2 stick: Cancel does
        // not wait for them. A write error said only now is a write's (a FAT32 stick full at
        // 4 GiB on Windows).
        let synced = tokio::select! {
            _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
            synced = async {
                out.flush().await?;
                out.sync_all().await
            } => synced,
        };
        synced.map_err(|e| write_problem(file, &e, written))?;
        drop(out);
        if cancel.is_cancelled() {
            return Ok(SaveOutcome::CANCELLED);
        }
        // Looked at again at the moment of placing it: only the file the user agreed to replace
        // is replaced; else a free name (the chosen one, or one beside it) is taken, never one
        // that is there.
        let (partial_path, chosen) = (partial.path.clone(), dest.to_path_buf());
        let (dest, beside) = tokio::task::spawn_blocking(move || place(&partial_path, &chosen, found))
            .await
            .map_err(|e| Error::Internal {
                message: format!("placing the archive failed: {e}"),
            })?
            .map_err(|e| file_problem(file, &e))?;
        let instead_of = beside.map(|_| file.to_owned());
        let file = &file_name(&dest);
        partial.keep = true;
        // The rename itself on disk too (best effort: not every system opens folders).
        if let Ok(dir) = std::fs::File::open(&folder) {
            let _ = dir.sync_all();
        }
        progress(SaveProgress {
            written,
            expected,
            finishing: true,
        });
        let mut args = vec!["docker", "save", "-o", file];
        args.extend(names.iter().map(String::as_str));
        Ok(SaveOutcome::Saved {
            file: file.to_owned(),
            bytes: written,
            names: names.to_vec(),
            command: crate::record::shell_line(&args),
            instead_of,
            beside_because: beside,
        })
    }
    .await;
    // The partial file goes off the async threads, waited for a few seconds at most: a drive
    // that stopped answering would otherwise hold a worker thread, and the Cancel, for as
    // long as it takes to say so. A Cancel names the file when it stays.
    match saved {
        Err(error) => Err(with_partial_left(error, partial.discard().await)),
        Ok(SaveOutcome::Cancelled { .. }) => Ok(SaveOutcome::Cancelled {
            left_behind: partial.discard().await,
        }),
        Ok(changed @ SaveOutcome::Changed { .. }) => {
            drop(partial.discard().await);
            Ok(changed)
        }
        saved => saved,
    }
}

/// The answer when the engine, asked to export `names`, says one is not there (its 404,
/// `message`: "No such image: nginx:1.27"): an image or a tag the user saw was removed
/// between the check and the export. What changed, as the check finds it now; when it finds
/// nothing (put back meanwhile), the name the engine did not find.
async fn gone_before_export(
    engine: &Engine,
    items: &[SaveItem],
    names: &[String],
    message: &str,
    cancel: &CancellationToken,
) -> Result<SaveOutcome> {
    let rechecked = tokio::select! {
        _ = cancel.cancelled() => return Ok(SaveOutcome::CANCELLED),
        r = recheck(engine, items) => r,
    };
    match rechecked {
        Ok(Rechecked { changes, .. }) if !changes.is_empty() => {
            Ok(SaveOutcome::Changed { changes })
        }
        // The engine gone meanwhile says more than the 404 before it.
        Err(e) if e.is_connection_failure() => Err(e),
        _ => Err(Error::NoSuchImage {
            reference: missing_name(names, message),
        }),
    }
}

/// The name an export's 404 is about: what follows moby's "No such image: ", else the
/// longest of `names` its message mentions, else all of them.
fn missing_name(names: &[String], message: &str) -> String {
    let message = message.trim();
    if let Some(name) = message
        .strip_prefix("No such image: ")
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        return name.to_owned();
    }
    names
        .iter()
        .filter(|n| message.contains(n.as_str()))
        .max_by_key(|n| n.len())
        .cloned()
        .unwrap_or_else(|| names.join(", "))
}

/// How much of the end of a save's body is kept to look for the engine's error there: moby's
/// line is short, but its message quotes what failed (a path, a digest).
const TAIL_KEPT: usize = 64 * 1024;

/// How long, and how much more, a body that stopped being a tar is still read for the
/// engine's error at its end: moby writes it and ends the answer at once.
const REST_WAIT: std::time::Duration = std::time::Duration::from_secs(5);
const REST_BYTES: usize = TAIL_KEPT;

/// The last bytes of a save's body. Once moby's `getImagesGet` has begun the archive it can
/// no longer answer an error status: it writes the error as a JSON line
/// (`{"errorDetail":{"message":"…"},"error":"…"}`, `streamformatter.FormatError`) into the
/// body where the archive stopped, and ends the body. A body that turns out to be no tar, or
/// one that ends before the archive does, is looked at here for it.
#[derive(Default)]
struct Tail {
    kept: Vec<u8>,
}

/// moby's error line (`jsonmessage.JSONMessage` with only its error set).
#[derive(serde::Deserialize)]
struct ErrorLine {
    #[serde(default)]
    error: Option<String>,
    #[serde(rename = "errorDetail", default)]
    error_detail: Option<ErrorDetail>,
}

#[derive(serde::Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: Option<String>,
}

impl Tail {
    fn push(&mut self, data: &[u8]) {
        self.kept.extend_from_slice(data);
        if self.kept.len() > 2 * TAIL_KEPT {
            self.kept.drain(..self.kept.len() - TAIL_KEPT);
        }
    }

    /// The engine's error, when the body ends with one: the last `{"error…` object that
    /// runs to the end (only white space after it), with a message.
    fn engine_error(&self) -> Option<Error> {
        const START: &[u8] = b"{\"error";
        /// Candidates tried from the end: tar data before the line may hold lookalikes.
        const TRIES: usize = 8;
        let end = self
            .kept
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        let body = &self.kept[..end];
        if !body.ends_with(b"}") {
            return None;
        }
        let starts = (0..body.len().saturating_sub(START.len() - 1))
            .rev()
            .filter(|&i| body[i..].starts_with(START))
            .take(TRIES);
        for start in starts {
            let Ok(line) = serde_json::from_slice::<ErrorLine>(&body[start..]) else {
                continue;
            };
            let message = line
                .error_detail
                .and_then(|d| d.message)
                .or(line.error)
                .filter(|m| !m.trim().is_empty());
            if let Some(message) = message {
                return Some(super::engine_said(message));
            }
        }
        None
    }
}

/// The file's own name, for names built from it (not [`file_name`], which is for showing).
fn own_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Puts the finished archive `partial` at `dest`, the file the user chose, or beside it:
/// returns where, and, when that is beside it, why.
///
/// `dest` is replaced only when it is the file that was there when it was chosen (`found`:
/// the Save dialog asked about that one). Nothing there now: taken, without replacing one
/// that appears in the same instant. Another file there (appeared, or changed: another save,
/// another program), or one that cannot be replaced (open in another program on Windows,
/// read-only): the first free `kit (2).tar`, `kit (3).tar`… beside it. Any other failure is
/// the answer (and the finished archive goes with the partial file).
fn place(
    partial: &Path,
    dest: &Path,
    found: Option<FileStamp>,
) -> std::io::Result<(PathBuf, Option<BesideReason>)> {
    use std::io::ErrorKind;
    let now = FileStamp::of(dest);
    let mut why = BesideReason::Changed;
    if now.is_some() && now == found {
        match std::fs::rename(partial, dest) {
            Ok(()) => return Ok((dest.to_path_buf(), None)),
            Err(e) => match not_replaceable(&e) {
                Some(reason) => why = reason,
                None => return Err(e),
            },
        }
    } else if now.is_none() {
        match publish_new(partial, dest) {
            Ok(()) => return Ok((dest.to_path_buf(), None)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    for n in 2..10_000 {
        let candidate = numbered(dest, n);
        match publish_new(partial, &candidate) {
            Ok(()) => return Ok((candidate, Some(why))),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        ErrorKind::AlreadyExists,
        "every name beside it is taken",
    ))
}

/// Why replacing the file the user agreed to replace failed with `e`, when the archive can go
/// beside it instead; `None`: a failure to answer with (the disk, the folder gone…).
fn not_replaceable(e: &std::io::Error) -> Option<BesideReason> {
    replace_refusal(e.kind(), e.raw_os_error(), cfg!(windows))
}

/// [`not_replaceable`] from the error's kind and OS code, on Windows or not (a pure function,
/// so that Windows' codes are tested everywhere). Windows refuses to replace a file another
/// program holds open with `ERROR_SHARING_VIOLATION` (32) or `ERROR_LOCK_VIOLATION` (33), or,
/// for one it has mapped into memory, `ERROR_USER_MAPPED_FILE` (1224): Rust gives these no
/// kind of their own, so they are told by their code. Elsewhere those numbers mean other
/// things (32 is `EPIPE` on Linux), and only a refusal of access is tolerated.
fn replace_refusal(
    kind: std::io::ErrorKind,
    code: Option<i32>,
    windows: bool,
) -> Option<BesideReason> {
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;
    const USER_MAPPED_FILE: i32 = 1224;
    if windows
        && matches!(
            code,
            Some(SHARING_VIOLATION | LOCK_VIOLATION | USER_MAPPED_FILE)
        )
    {
        return Some(BesideReason::InUse);
    }
    (kind == std::io::ErrorKind::PermissionDenied).then_some(BesideReason::Refused)
}

/// Renames `from` to `to` unless something is at `to` (`AlreadyExists`): a hard link fails
/// rather than replace, then the partial name goes. Where the file system has no hard links
/// (FAT on a USB stick), a look then a rename: the instant between them is the only gap.
fn publish_new(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => {
            let _ = std::fs::remove_file(from);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if FileStamp::of(to).is_some() => Err(std::io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(from, to),
    }
}

/// `kit (2).tar` for `kit.tar` and `n` 2: the name before its archive suffix numbered, as
/// browsers name a second download.
fn numbered(dest: &Path, n: u32) -> PathBuf {
    let name = own_name(dest);
    let lower = name.to_ascii_lowercase();
    let suffix_len = [".tar.gz", ".tar.zst", ".tar.xz", ".tar"]
        .iter()
        .find(|s| lower.ends_with(*s) && lower.len() > s.len())
        .map_or_else(|| dest.extension().map_or(0, |e| e.len() + 1), |s| s.len());
    let (stem, suffix) = name.split_at(name.len() - suffix_len);
    dest.with_file_name(format!("{stem} ({n}){suffix}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::Duration;

    /// The smaller of the list's size and inspect's: on the containerd image store the list
    /// adds the unpacked copy an archive does not carry.
    #[tokio::test]
    async fn the_least_an_archive_takes_is_the_smallest_size_the_engine_gives() {
        use crate::engine::fake::{self, Answer};
        let address = fake::scripted("least", fake::VERSION_1_41, false, |line| {
            if line.starts_with("GET /v1.41/images/sha256:a/json") {
                Answer::json(r#"{"Id":"sha256:a","Size":50}"#)
            } else {
                Answer::no_such_image()
            }
        });
        let engine = Engine::connect(address).await.unwrap();
        assert_eq!(least_archive(&engine, "sha256:a", 200).await, Some(50));
        assert_eq!(least_archive(&engine, "sha256:a", 40).await, Some(40));
        // Not said: no bound, and no refusal.
        assert_eq!(least_archive(&engine, "sha256:b", 40).await, None);
    }

    /// Engines after 28 count the unpacked copy in inspect's Size on the containerd image
    /// store too; asked with its manifests (API 1.48 on), the engine says the packed content
    /// apart, and that is what an archive holds.
    #[tokio::test]
    async fn the_least_an_archive_takes_is_the_packed_content_where_the_engine_says_it() {
        use crate::engine::fake::{self, Answer};
        const VERSION_1_52: &str =
            r#"{"Version":"29.1.0","ApiVersion":"1.52","Os":"linux","Arch":"amd64"}"#;
        let address = fake::scripted("least-packed", VERSION_1_52, false, |line| {
            if line.starts_with("GET /v1.52/images/sha256:a/json?manifests=1 ") {
                Answer::json(
                    r#"{"Id":"sha256:a","Size":200,"Manifests":[{"ID":"sha256:a",
                    "Available":true,"Kind":"image","Size":{"Content":50,"Total":200},
                    "ImageData":{"Platform":{"architecture":"amd64","os":"linux"},
                    "Size":{"Unpacked":150}}}]}"#,
                )
            } else {
                Answer::no_such_image()
            }
        });
        let engine = Engine::connect(address).await.unwrap();
        assert_eq!(least_archive(&engine, "sha256:a", 200).await, Some(50));
    }

    /// One image on Engine 28.5's containerd image store: the list counts its packed content
    /// and its unpacked copy (3.08 MB), its archive holds the packed content (1.08 MB). The
    /// progress bar's estimate is the archive's, for one image as for several.
    #[tokio::test]
    async fn one_image_is_estimated_as_its_archive_holds_it() {
        use crate::engine::fake::{self, Answer};
        const VERSION_1_51: &str =
            r#"{"Version":"28.5.2","ApiVersion":"1.51","Os":"linux","Arch":"amd64"}"#;
        let address = fake::scripted("estimate-one", VERSION_1_51, false, |line| {
            if line.starts_with("GET /v1.51/images/json") {
                Answer::json(
                    &fake::listing_one(LISTED).replace(r#""Size":4096"#, r#""Size":3084051"#),
                )
            } else if line.contains("/json?manifests=1 ") {
                Answer::json(
                    r#"{"Id":"x","Size":1081107,"RootFS":{"Type":"layers","Layers":["sha256:l"]},
                    "Manifests":[{"ID":"x","Available":true,"Kind":"image",
                    "Size":{"Content":1081107,"Total":3084051},
                    "ImageData":{"Platform":{"architecture":"amd64","os":"linux"},
                    "Size":{"Unpacked":2002944}}}]}"#,
                )
            } else if line.contains("/history ") {
                Answer::json(
                    r#"[{"Id":"x","Created":1,"CreatedBy":"ADD","Tags":null,"Size":2002944,"Comment":""}]"#,
                )
            } else {
                Answer::no_such_image()
            }
        });
        let engine = Engine::connect(address).await.unwrap();
        let rechecked = recheck(&engine, &[item(LISTED, &[])]).await.unwrap();
        assert_eq!(rechecked.expected, 1_081_107);
        assert_eq!(rechecked.largest, Some((LISTED.to_owned(), 3_084_051)));
    }

    /// An engine that lists one image and then never starts the save's answer (an older
    /// engine still writing big images out, or one gone quiet).
    fn engine_that_never_starts_the_save(id: &'static str) -> crate::EngineAddress {
        use crate::engine::fake::{self, Answer};
        fake::scripted("save-start", fake::VERSION_1_41, false, move |line| {
            if line.contains("/images/json") {
                Answer::json(&fake::listing_one(id))
            } else if asks_about_one_image(line) {
                Answer::no_such_image()
            } else {
                Answer::Hang
            }
        })
    }

    /// Whether the request `line` is the inspect or history of one image (the estimate's
    /// questions), which the fakes of silent saves answer at once: only the save is silent.
    fn asks_about_one_image(line: &str) -> bool {
        line.starts_with("GET /v1.41/images/")
            && (line.contains("/json ") || line.contains("/json?") || line.contains("/history "))
    }

    #[tokio::test]
    async fn a_save_the_engine_never_starts_ends_after_its_limit_and_leaves_no_file() {
        const ID: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let limits = crate::engine::Limits {
            save_start: Duration::from_millis(500),
            ..crate::engine::Limits::default()
        };
        let engine = Engine::connect_with(engine_that_never_starts_the_save(ID), limits)
            .await
            .unwrap();
        let dir = crate::scratch::ScratchDir::new("kit-save-start");
        let dest = dir.join("kit.tar");
        let items = [item(ID, &[])];
        let names = names_of(&items).unwrap();
        let started = std::time::Instant::now();
        let result = tokio::time::timeout(
            Duration::from_secs(20),
            save_on(
                &engine,
                (&items, None),
                &names,
                (&dest, None),
                "kit.tar",
                &CancellationToken::new(),
                &|_| {},
            ),
        )
        .await
        .expect("a save that never starts must end by itself");
        assert!(
            matches!(result, Err(Error::EngineTimeout { .. })),
            "{result:?} after {:?}",
            started.elapsed()
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        let left: Vec<_> = std::fs::read_dir(&*dir).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    const LISTED: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// An engine that lists the untagged image `LISTED` and answers its save with `body`
    /// (`200`, whatever it holds); `cut`: the connection closes before the length it
    /// announced. Counts the saves asked.
    fn engine_saving(
        name: &str,
        body: Vec<u8>,
        cut: bool,
    ) -> (
        crate::EngineAddress,
        std::sync::Arc<std::sync::atomic::AtomicUsize>,
    ) {
        use crate::engine::fake::{self, Answer};
        use std::sync::atomic::Ordering;
        let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = asked.clone();
        let address = fake::scripted(name, fake::VERSION_1_41, false, move |line| {
            if line.contains("/images/json") {
                Answer::json(&fake::listing_one(LISTED))
            } else if line.contains("/images/get") {
                counted.fetch_add(1, Ordering::SeqCst);
                let announced = body.len() + if cut { 4096 } else { 0 };
                let mut answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: {announced}\r\n\r\n"
                )
                .into_bytes();
                answer.extend_from_slice(&body);
                Answer::Send(answer)
            } else {
                Answer::no_such_image()
            }
        });
        (address, asked)
    }

    /// Saves `LISTED` from an engine answering `body`: the result, and whether any file is
    /// left in the folder.
    async fn save_from(
        name: &str,
        body: Vec<u8>,
        cut: bool,
        seen_on: Option<&str>,
    ) -> (Result<SaveOutcome>, Vec<String>, usize) {
        let (address, asked) = engine_saving(name, body, cut);
        let engine = Engine::connect(address).await.unwrap();
        let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
        let dest = dir.join("kit.tar");
        let items = [item(LISTED, &[])];
        let names = names_of(&items).unwrap();
        let result = tokio::time::timeout(
            Duration::from_secs(20),
            save_on(
                &engine,
                (&items, seen_on),
                &names,
                (&dest, None),
                "kit.tar",
                &CancellationToken::new(),
                &|_| {},
            ),
        )
        .await
        .expect("the save ends by itself");
        let left = std::fs::read_dir(&*dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        (
            result,
            left,
            asked.load(std::sync::atomic::Ordering::SeqCst),
        )
    }

    /// An engine whose save sends the start of an archive and then nothing more, answering
    /// pings when `pings` (a big layer being written out) or not (a frozen engine).
    fn engine_saving_then_silent(name: &str, pings: bool) -> crate::EngineAddress {
        use crate::engine::fake::{self, Answer};
        let mut start = super::super::archive::tests::image_tar_of(10_000);
        start.truncate(2048);
        fake::scripted(name, fake::VERSION_1_41, pings, move |line| {
            if line.contains("/images/json") {
                Answer::json(&fake::listing_one(LISTED))
            } else if line.contains("/images/get") {
                let mut answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: 1000000\r\n\r\n".to_vec();
                answer.extend_from_slice(&start);
                Answer::SendThenHang(answer)
            } else if asks_about_one_image(line) {
                Answer::no_such_image()
            } else {
                Answer::Hang
            }
        })
    }

    /// A save whose engine froze mid-archive ends as such within two pings, leaving no
    /// file; one whose engine still answers goes on (it is writing a big layer out).
    #[tokio::test]
    async fn a_save_on_a_frozen_engine_ends_and_on_a_busy_one_goes_on() {
        let limits = crate::engine::Limits {
            connect: Duration::from_millis(300),
            step_watch: Duration::from_millis(200),
            ..crate::engine::Limits::default()
        };
        for (name, pings) in [("save-frozen", false), ("save-busy", true)] {
            let engine = Engine::connect_with(engine_saving_then_silent(name, pings), limits)
                .await
                .unwrap();
            let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
            let dest = dir.join("kit.tar");
            let items = [item(LISTED, &[])];
            let names = names_of(&items).unwrap();
            let cancel = CancellationToken::new();
            let save = save_on(
                &engine,
                (&items, None),
                &names,
                (&dest, None),
                "kit.tar",
                &cancel,
                &|_| {},
            );
            let ended = tokio::time::timeout(Duration::from_secs(3), save).await;
            if pings {
                assert!(ended.is_err(), "a save whose engine answers goes on");
            } else {
                let result = ended.expect("a frozen engine ends the save");
                assert!(
                    matches!(result, Err(Error::EngineTimeout { .. })),
                    "{result:?}"
                );
            }
            let left: Vec<_> = std::fs::read_dir(&*dir).unwrap().collect();
            assert!(left.is_empty(), "{name}: {left:?}");
        }
    }

    /// A save in flight lists its partial file, with its own Cancel, from before the file
    /// exists: quitting the app (`end_saves`) cancels it, and the save removes the file and
    /// leaves the list.
    #[tokio::test]
    async fn a_save_in_flight_is_listed_so_that_quitting_removes_its_file() {
        use super::super::partials::listed_in;
        let limits = crate::engine::Limits {
            connect: Duration::from_millis(300),
            step_watch: Duration::from_millis(200),
            ..crate::engine::Limits::default()
        };
        let engine = Engine::connect_with(engine_saving_then_silent("save-quit", true), limits)
            .await
            .unwrap();
        let dir = crate::scratch::ScratchDir::new("kit-save-quit");
        let dest = dir.join("kit.tar");
        let items = [item(LISTED, &[])];
        let names = names_of(&items).unwrap();
        let cancel = CancellationToken::new();
        let save = save_on(
            &engine,
            (&items, None),
            &names,
            (&dest, None),
            "kit.tar",
            &cancel,
            &|_| {},
        );
        let quit = async {
            loop {
                if let [(path, token)] = listed_in(&dir).as_slice() {
                    if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
                        // What `end_saves` does first.
                        token.cancel();
                        return path.clone();
                    }
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        let (result, path) =
            tokio::time::timeout(Duration::from_secs(10), async { tokio::join!(save, quit) })
                .await
                .expect("the save is listed, and ends on the Cancel");
        assert_eq!(result.unwrap(), SaveOutcome::CANCELLED);
        assert!(cancel.is_cancelled(), "the save's own Cancel is listed");
        assert!(
            file_name(&path).starts_with(".kit.tar.imagen-partial-"),
            "{}",
            path.display()
        );
        let left: Vec<_> = std::fs::read_dir(&*dir).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        assert!(listed_in(&dir).is_empty());
    }

    /// An engine that lists `id`, says `web:1` names it, and answers its save with an archive
    /// whose manifest gives `web:1` (and `web:latest`) the config `sha256:1111…`.
    fn engine_exporting_web_1(name: &str, id: &'static str) -> crate::EngineAddress {
        use crate::engine::fake::{self, Answer};
        let tar = super::super::archive::tests::image_tar_of(10_000);
        fake::scripted(name, fake::VERSION_1_41, false, move |line| {
            if line.contains("/images/json") {
                Answer::json(&fake::listing_one(id))
            } else if line.contains("/images/web:1/json") {
                Answer::json(&format!(r#"{{"Id":"{id}"}}"#))
            } else if line.contains("/images/get") {
                let mut answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: {}\r\n\r\n",
                    tar.len()
                )
                .into_bytes();
                answer.extend_from_slice(&tar);
                Answer::Send(answer)
            } else {
                Answer::no_such_image()
            }
        })
    }

    /// `web:1` named the image the user saw when it was checked, and another one (a `docker
    /// pull` finishing in between) when the engine exported it by name: the archive holds
    /// the other image under `web:1`, so nothing is saved and the answer says the tag moved.
    /// The archive of the image seen is saved.
    #[tokio::test]
    async fn a_tag_that_moved_before_the_export_saves_nothing() {
        const SEEN: &str =
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        const IN_TAR: &str =
            "sha256:1111111111111111111111111111111111111111111111111111111111111111";
        for (name, id, saved) in [("save-moved", SEEN, false), ("save-same", IN_TAR, true)] {
            let engine = Engine::connect(engine_exporting_web_1(name, id))
                .await
                .unwrap();
            let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
            let dest = dir.join("kit.tar");
            let items = [item(id, &["web:1"])];
            let names = names_of(&items).unwrap();
            let result = tokio::time::timeout(
                Duration::from_secs(20),
                save_on(
                    &engine,
                    (&items, None),
                    &names,
                    (&dest, None),
                    "kit.tar",
                    &CancellationToken::new(),
                    &|_| {},
                ),
            )
            .await
            .expect("the save ends by itself")
            .unwrap();
            let left: Vec<_> = std::fs::read_dir(&*dir)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            if saved {
                assert!(matches!(result, SaveOutcome::Saved { .. }), "{result:?}");
                assert_eq!(left, ["kit.tar"]);
            } else {
                assert_eq!(
                    result,
                    SaveOutcome::Changed {
                        changes: vec![KitChange::TagMoved {
                            reference: "web:1".into(),
                            now: Some(IN_TAR.into()),
                        }]
                    }
                );
                assert!(left.is_empty(), "{left:?}");
            }
        }
    }

    /// What was removed in a terminal between the save's check and the export.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Removed {
        /// `docker rmi web:1` of one of the image's tags: the image stays.
        Tag,
        /// The image, tags and all.
        Image,
        /// Nothing the engine then says (it put it back at once, or contradicts itself).
        Nothing,
    }

    /// An engine on which `web:1` names `LISTED` until the save asks for the export, which
    /// answers moby's 404 ("No such image: web:1"): `removed` went in between.
    fn engine_losing_at_export(name: &str, removed: Removed) -> crate::EngineAddress {
        use crate::engine::fake::{self, Answer};
        use std::sync::atomic::{AtomicBool, Ordering};
        let exported = std::sync::Arc::new(AtomicBool::new(false));
        fake::scripted(name, fake::VERSION_1_41, false, move |line| {
            let after = exported.load(Ordering::SeqCst);
            if line.contains("/images/json") {
                if after && removed == Removed::Image {
                    Answer::json("[]")
                } else {
                    Answer::json(&fake::listing_one(LISTED))
                }
            } else if line.contains("/images/web:1/json") {
                if after && removed != Removed::Nothing {
                    Answer::no_such_image()
                } else {
                    Answer::json(&format!(r#"{{"Id":"{LISTED}"}}"#))
                }
            } else if line.contains("/images/get") {
                exported.store(true, Ordering::SeqCst);
                Answer::status("404 Not Found", r#"{"message":"No such image: web:1"}"#)
            } else {
                Answer::no_such_image()
            }
        })
    }

    /// A tag or an image removed between the check and the export (the engine's 404 to the
    /// export): the answer says what changed, as the check would have, so the dialog asks
    /// again; when the engine then says nothing changed, the error names the image as the
    /// engine missed it (not "The image No such image: web:1 …"). No file is left.
    #[tokio::test]
    async fn an_image_removed_right_before_the_export_is_a_change() {
        for (name, removed) in [
            ("save-404-tag", Removed::Tag),
            ("save-404-image", Removed::Image),
            ("save-404-nothing", Removed::Nothing),
        ] {
            let engine = Engine::connect(engine_losing_at_export(name, removed))
                .await
                .unwrap();
            let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
            let dest = dir.join("kit.tar");
            let items = [item(LISTED, &["web:1"])];
            let names = names_of(&items).unwrap();
            let result = tokio::time::timeout(
                Duration::from_secs(20),
                save_on(
                    &engine,
                    (&items, None),
                    &names,
                    (&dest, None),
                    "kit.tar",
                    &CancellationToken::new(),
                    &|_| {},
                ),
            )
            .await
            .expect("the save ends by itself");
            match removed {
                Removed::Tag => assert_eq!(
                    result.unwrap(),
                    SaveOutcome::Changed {
                        changes: vec![KitChange::TagMoved {
                            reference: "web:1".into(),
                            now: None,
                        }]
                    }
                ),
                Removed::Image => assert_eq!(
                    result.unwrap(),
                    SaveOutcome::Changed {
                        changes: vec![KitChange::ImageGone { id: LISTED.into() }]
                    }
                ),
                Removed::Nothing => {
                    let error = result.unwrap_err();
                    assert_eq!(
                        error,
                        Error::NoSuchImage {
                            reference: "web:1".into()
                        }
                    );
                    assert!(
                        error
                            .to_string()
                            .starts_with("The image web:1 is no longer"),
                        "{error}"
                    );
                }
            }
            let left: Vec<_> = std::fs::read_dir(&*dir).unwrap().collect();
            assert!(left.is_empty(), "{name}: {left:?}");
        }
    }

    #[test]
    fn the_name_an_export_missed_is_the_one_the_engine_gives() {
        let names = ["web:1".to_owned(), "web:10".to_owned()];
        assert_eq!(missing_name(&names, "No such image: web:10"), "web:10");
        assert_eq!(missing_name(&names, "reference web:10 not found"), "web:10");
        assert_eq!(missing_name(&names, "not found"), "web:1, web:10");
    }

    /// An engine that lists `LISTED` and sends its archive `tar` in two halves, the second
    /// once `go` is notified.
    fn engine_saving_in_halves(
        name: &str,
        tar: Vec<u8>,
        go: std::sync::Arc<tokio::sync::Notify>,
    ) -> crate::EngineAddress {
        use crate::engine::fake;
        let (listener, address) = fake::bind(name);
        let tar = std::sync::Arc::new(tar);
        fake::serve(listener, move |mut stream, line| {
            let (tar, go) = (tar.clone(), go.clone());
            async move {
                let answer = if line.starts_with("GET /version") {
                    fake::ok_json(fake::VERSION_1_41)
                } else if line.contains("/images/json") {
                    fake::ok_json(&fake::listing_one(LISTED))
                } else if line.contains("/images/get") {
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: {}\r\n\r\n",
                        tar.len()
                    );
                    let half = tar.len() / 2;
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(&tar[..half]).await;
                    go.notified().await;
                    let _ = stream.write_all(&tar[half..]).await;
                    return;
                } else {
                    fake::status_json("404 Not Found", r#"{"message":"No such image"}"#)
                };
                let _ = stream.write_all(answer.as_bytes()).await;
            }
        });
        address
    }

    /// Once the save in `dir` has begun writing its partial file, turns that file's name into
    /// a folder with something in it, which no file removal takes (whoever runs the test):
    /// the save writes on into the file it opened, now under another name. Returns the name.
    async fn partial_made_unremovable(dir: &Path) -> PathBuf {
        use super::super::partials::listed_in;
        let partial = loop {
            if let [(path, _)] = listed_in(dir).as_slice() {
                if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
                    break path.clone();
                }
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        std::fs::rename(&partial, dir.join("aside")).unwrap();
        std::fs::create_dir(&partial).unwrap();
        std::fs::write(partial.join("x"), b"x").unwrap();
        partial
    }

    /// A save that fails after its partial file was begun removes that file; when it cannot
    /// (a USB stick pulled out; here the partial file's name has become a folder with
    /// something in it, which no file removal takes, whoever runs the test), the error names
    /// the file left behind rather than say nothing partial was left. The save fails here
    /// putting the archive in place (a folder cannot replace the file the user chose, which
    /// is left as it was). Unix only: whether a folder may replace a file differs between
    /// Windows and Wine, so the failing step cannot be made the same way there.
    #[cfg(unix)]
    #[tokio::test]
    async fn a_partial_file_that_cannot_be_removed_is_named_in_the_error() {
        let go = std::sync::Arc::new(tokio::sync::Notify::new());
        let tar = super::super::archive::tests::image_tar_of(200_000);
        let engine = Engine::connect(engine_saving_in_halves("save-left", tar, go.clone()))
            .await
            .unwrap();
        let dir = crate::scratch::ScratchDir::new("kit-save-left");
        let dest = dir.join("kit.tar");
        std::fs::write(&dest, b"the kit the user agreed to replace").unwrap();
        let found = FileStamp::of(&dest);
        let items = [item(LISTED, &[])];
        let names = names_of(&items).unwrap();
        let cancel = CancellationToken::new();
        let save = save_on(
            &engine,
            (&items, None),
            &names,
            (&dest, found),
            "kit.tar",
            &cancel,
            &|_| {},
        );
        let meddle = async {
            let partial = partial_made_unremovable(&dir).await;
            go.notify_one();
            partial
        };
        let (result, partial) = tokio::time::timeout(Duration::from_secs(20), async {
            tokio::join!(save, meddle)
        })
        .await
        .expect("the save ends by itself");
        match result {
            Err(Error::FileProblem {
                writing: true,
                left_behind,
                ..
            }) => assert_eq!(left_behind, Some(file_name(&partial))),
            other => panic!("{other:?}"),
        }
        assert!(partial.exists());
        assert_eq!(
            std::fs::read(&dest).unwrap(),
            b"the kit the user agreed to replace"
        );
    }

    /// A Cancel whose partial file cannot be removed (here its name has become a folder with
    /// something in it) names that file, rather than say nothing was written.
    #[tokio::test]
    async fn a_cancel_that_leaves_its_partial_file_names_it() {
        let go = std::sync::Arc::new(tokio::sync::Notify::new());
        let tar = super::super::archive::tests::image_tar_of(200_000);
        let engine = Engine::connect(engine_saving_in_halves("save-cancel-left", tar, go))
            .await
            .unwrap();
        let dir = crate::scratch::ScratchDir::new("kit-save-cancel-left");
        let dest = dir.join("kit.tar");
        let items = [item(LISTED, &[])];
        let names = names_of(&items).unwrap();
        let cancel = CancellationToken::new();
        let save = save_on(
            &engine,
            (&items, None),
            &names,
            (&dest, None),
            "kit.tar",
            &cancel,
            &|_| {},
        );
        let meddle = async {
            let partial = partial_made_unremovable(&dir).await;
            cancel.cancel();
            partial
        };
        let (result, partial) = tokio::time::timeout(Duration::from_secs(20), async {
            tokio::join!(save, meddle)
        })
        .await
        .expect("the Cancel ends the save");
        assert_eq!(
            result,
            Ok(SaveOutcome::Cancelled {
                left_behind: Some(file_name(&partial))
            })
        );
        assert!(!dest.exists());
    }

    /// On an error, the partial file is removed there and then, and the error says nothing
    /// was left; one that cannot be removed is named.
    #[tokio::test]
    async fn a_failed_save_removes_its_partial_file_or_names_it() {
        let dir = crate::scratch::ScratchDir::new("kit-save-discard");
        let partial = |name: &str| Partial {
            path: dir.join(name),
            keep: false,
            _listed: super::super::partials::list(&dir.join(name), &CancellationToken::new())
                .unwrap(),
        };
        let problem = || write_problem("kit.tar", &std::io::ErrorKind::StorageFull.into(), 10);
        let file = dir.join(".kit.tar.imagen-partial-a");
        std::fs::write(&file, b"half an archive").unwrap();
        let left = partial(".kit.tar.imagen-partial-a").discard().await;
        assert_eq!(left, None);
        assert!(!file.exists());
        let stuck = dir.join(".kit.tar.imagen-partial-b");
        std::fs::create_dir(&stuck).unwrap();
        std::fs::write(stuck.join("x"), b"x").unwrap();
        let left = partial(".kit.tar.imagen-partial-b").discard().await;
        assert_eq!(left.as_deref(), Some(".kit.tar.imagen-partial-b"));
        assert!(matches!(
            with_partial_left(problem(), left.clone()),
            Error::FileProblem { left_behind: Some(ref name), .. } if name == ".kit.tar.imagen-partial-b"
        ));
        assert!(matches!(
            with_partial_left(problem(), None),
            Error::FileProblem {
                left_behind: None,
                ..
            }
        ));
        // Errors that say nothing of files are left as they are.
        let engine = Error::EngineRejected {
            status: 500,
            message: "x".into(),
        };
        assert_eq!(with_partial_left(engine.clone(), left), engine);
    }

    /// A full disk reported at FAT32's 4 GB limit is the limit (Windows words it so); below
    /// it, a full disk.
    #[test]
    fn a_full_disk_at_4_gb_is_fat32s_limit() {
        use crate::error::FileTrouble;
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let trouble = |size| match write_problem("kit.tar", &full, size) {
            Error::FileProblem { trouble, .. } => trouble,
            other => panic!("{other:?}"),
        };
        assert_eq!(trouble(3 << 30), FileTrouble::Full);
        assert_eq!(trouble(FAT32_LIMIT + 1), FileTrouble::TooLarge);
        let big = std::io::Error::from(std::io::ErrorKind::FileTooLarge);
        assert!(matches!(
            write_problem("kit.tar", &big, 10),
            Error::FileProblem {
                trouble: FileTrouble::TooLarge,
                writing: true,
                ..
            }
        ));
    }

    /// moby's line for an error once the archive has begun (`streamformatter.FormatError`).
    fn error_line(message: &str) -> Vec<u8> {
        let message = serde_json::to_string(message).unwrap();
        format!("{{\"errorDetail\":{{\"message\":{message}}},\"error\":{message}}}\r\n")
            .into_bytes()
    }

    /// The images were seen on another engine than the one Imagen is connected to now:
    /// nothing is asked of this one nor written, and the answer says which engines (not that
    /// the images are gone, which on this engine they may well be). Seen on this engine, the
    /// same save goes ahead.
    #[tokio::test]
    async fn a_save_seen_on_another_engine_writes_nothing() {
        let tar = super::super::archive::tests::image_tar_of(10_000);
        let elsewhere = "unix:///home/ana/.docker/desktop/docker.sock";
        let (result, left, asked) =
            save_from("save-elsewhere", tar.clone(), false, Some(elsewhere)).await;
        let Ok(SaveOutcome::Changed { changes }) = result else {
            panic!("{result:?}")
        };
        let [KitChange::EngineSwitched { from, to }] = changes.as_slice() else {
            panic!("{changes:?}")
        };
        assert_eq!(from, elsewhere);
        assert!(
            to.contains("imagen-fake-") && to.contains("save-elsewhere"),
            "{to}"
        );
        assert!(left.is_empty(), "{left:?}");
        assert_eq!(asked, 0, "the engine was asked to save");

        let (address, _) = engine_saving("save-here", tar, false);
        let engine = Engine::connect(address.clone()).await.unwrap();
        assert_eq!(engine_switched(&engine, Some(address.as_str())), None);
        assert_eq!(engine_switched(&engine, None), None);
    }

    /// An engine that fails once the archive has begun writes its error into the body where
    /// the archive stopped (moby's `getImagesGet`), at a tar header, inside a file's data, as
    /// the whole body, or just before the connection closes: the answer is the engine's
    /// error (a full disk as such), and no file is left.
    #[tokio::test]
    async fn the_engines_error_written_into_the_archive_is_the_answer() {
        const SAID: &str =
            "unable to create manifests file: NotFound: content digest sha256:9f8e: not found";
        let tar = super::super::archive::tests::image_tar_of(100_000);
        // Four 512-byte blocks: two folders and the config, with its data.
        let at_header = &tar[..2048];
        let in_data = &tar[..2048 + 512 + 5000];
        let long = format!("{SAID} ({})", "x".repeat(600));
        let cases: [(&str, Vec<u8>, bool, &str); 6] = [
            (
                "save-err-header",
                [at_header, &error_line(SAID)].concat(),
                false,
                SAID,
            ),
            (
                "save-err-data",
                [in_data, &error_line(SAID)].concat(),
                false,
                SAID,
            ),
            ("save-err-whole", error_line(SAID), false, SAID),
            // Longer than a tar block: the scan fails on it before the body ends.
            (
                "save-err-long",
                [at_header, &error_line(&long)].concat(),
                false,
                &long,
            ),
            ("save-err-long-whole", error_line(&long), false, &long),
            (
                "save-err-cut",
                [in_data, &error_line(SAID)].concat(),
                true,
                SAID,
            ),
        ];
        for (name, body, cut, said) in cases {
            let (result, left, _) = save_from(name, body, cut, None).await;
            assert!(
                matches!(&result, Err(Error::EngineRejected { message, .. }) if message == said),
                "{name}: {result:?}"
            );
            assert!(left.is_empty(), "{name}: {left:?}");
        }
        let full = "write /var/lib/docker/tmp/x: no space left on device";
        let (result, ..) = save_from(
            "save-err-full",
            [in_data, &error_line(full)].concat(),
            false,
            None,
        )
        .await;
        assert!(matches!(result, Err(Error::DiskFull { .. })), "{result:?}");
    }

    /// The engine's disk full before it sends the first byte (the classic store exports into
    /// its own `/var/lib/docker/tmp` first) is a full disk, the engine's, not a bare refusal;
    /// any other error status stays the engine's refusal. No file is left either way.
    #[tokio::test]
    async fn an_engine_whose_disk_is_full_before_the_export_says_so() {
        use crate::engine::fake::{self, Answer};
        const FULL: &str = "write /var/lib/docker/tmp/docker-export-1/x: no space left on device";
        for (name, said) in [("save-500-full", FULL), ("save-500-other", "boom")] {
            let body = format!(r#"{{"message":"{said}"}}"#);
            let address = fake::scripted(name, fake::VERSION_1_41, false, move |line| {
                if line.contains("/images/json") {
                    Answer::json(&fake::listing_one(LISTED))
                } else if line.contains("/images/get") {
                    Answer::status("500 Internal Server Error", &body)
                } else {
                    Answer::no_such_image()
                }
            });
            let engine = Engine::connect(address).await.unwrap();
            let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
            let dest = dir.join("kit.tar");
            let items = [item(LISTED, &[])];
            let names = names_of(&items).unwrap();
            let result = tokio::time::timeout(
                Duration::from_secs(20),
                save_on(
                    &engine,
                    (&items, None),
                    &names,
                    (&dest, None),
                    "kit.tar",
                    &CancellationToken::new(),
                    &|_| {},
                ),
            )
            .await
            .expect("the save ends by itself");
            if said == FULL {
                assert_eq!(
                    result,
                    Err(Error::DiskFull {
                        message: FULL.into()
                    })
                );
            } else {
                assert_eq!(
                    result,
                    Err(Error::EngineRejected {
                        status: 500,
                        message: said.into()
                    })
                );
            }
            let left: Vec<_> = std::fs::read_dir(&*dir).unwrap().collect();
            assert!(left.is_empty(), "{name}: {left:?}");
        }
    }

    /// Without the engine's error at its end, a body that is no tar is damaged, and one that
    /// ends early was cut off, as before.
    #[tokio::test]
    async fn a_damaged_or_cut_archive_without_the_engines_error_says_so() {
        let tar = super::super::archive::tests::image_tar_of(100_000);
        let mut damaged = tar.clone();
        damaged[2048] ^= 0x5a; // the layer's header
        let (result, left, _) = save_from("save-damaged", damaged, false, None).await;
        assert!(
            matches!(&result, Err(Error::Protocol { message }) if message.contains("a tar header is damaged") && !message.contains("compress")),
            "{result:?}"
        );
        assert!(left.is_empty(), "{left:?}");
        for (name, body) in [
            ("save-short", tar[..50_000].to_vec()),
            // What looks like the error inside the layer's data, then more of it: not the end.
            (
                "save-lookalike",
                [
                    &tar[..2560],
                    &error_line("in a file")[..],
                    &tar[2560..50_000],
                ]
                .concat(),
            ),
        ] {
            let (result, left, _) = save_from(name, body, false, None).await;
            assert!(
                matches!(result, Err(Error::EngineUnreachable { .. })),
                "{name}: {result:?}"
            );
            assert!(left.is_empty(), "{left:?}");
        }
    }

    #[test]
    fn the_engines_error_is_found_only_at_the_end() {
        let error = |bytes: &[u8]| {
            let mut tail = Tail::default();
            for piece in bytes.chunks(7) {
                tail.push(piece);
            }
            tail.engine_error()
        };
        let said = |bytes: &[u8]| match error(bytes) {
            Some(Error::EngineRejected { message, .. }) => Some(message),
            other => panic!("{other:?}"),
        };
        let line = error_line("it failed");
        assert_eq!(said(&line).as_deref(), Some("it failed"));
        // Tar data before it, a lookalike in it, white space after it.
        let body = [b"\0\0{\"error\":\"old\"} data ".as_slice(), &line, b"\n\n"].concat();
        assert_eq!(said(&body).as_deref(), Some("it failed"));
        // `{"error":"…"}` alone, as older engines wrote it.
        assert_eq!(said(br#"{"error":"gone"}"#).as_deref(), Some("gone"));
        // Not at the end, not an error, or empty: none.
        assert!(error(&[&line[..], b"more tar"].concat()).is_none());
        assert!(error(br#"{"stream":"x"}"#).is_none());
        assert!(error(br#"{"error":""}"#).is_none());
        assert!(error(b"").is_none());
        // Only the end is kept.
        let long = [vec![7u8; 5 * TAIL_KEPT], line].concat();
        assert_eq!(said(&long).as_deref(), Some("it failed"));
    }

    /// A second save's name, as browsers name a second download: numbered before the
    /// archive's suffix.
    #[test]
    fn a_file_beside_is_numbered_before_the_archive_suffix() {
        let dir = crate::scratch::ScratchDir::new("kit-save-beside");
        let name = |p: PathBuf| file_name(&p);
        assert_eq!(name(numbered(&dir.join("kit.tar"), 2)), "kit (2).tar");
        assert_eq!(
            name(numbered(&dir.join("kit.tar.zst"), 2)),
            "kit (2).tar.zst"
        );
        assert_eq!(name(numbered(&dir.join("my.kit.TAR"), 3)), "my.kit (3).TAR");
        assert_eq!(name(numbered(&dir.join("kit.bin"), 2)), "kit (2).bin");
        assert_eq!(name(numbered(&dir.join("kit"), 2)), "kit (2)");
        assert_eq!(name(numbered(&dir.join(".tar"), 2)), ".tar (2)");
    }

    /// Where a finished archive goes: over the file the user agreed to replace; to the chosen
    /// name when nothing is there now (also when the file seen then was deleted); beside it,
    /// at the first free number, when a file appeared or changed there. Nothing that is there
    /// is replaced unasked.
    #[test]
    fn the_archive_replaces_only_the_file_that_was_agreed_to() {
        let dir = crate::scratch::ScratchDir::new("kit-save-place");
        let dest = dir.join("kit.tar");
        let partial = |text: &str| {
            let p = dir.join(".kit.tar.imagen-partial-x");
            std::fs::write(&p, text).unwrap();
            p
        };
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();
        // Nothing then, nothing now: the chosen name.
        assert_eq!(
            place(&partial("a"), &dest, None).unwrap(),
            (dest.clone(), None)
        );
        // Agreed to (the file seen then, unchanged): replaced.
        let seen = FileStamp::of(&dest);
        assert_eq!(
            place(&partial("b"), &dest, seen).unwrap(),
            (dest.clone(), None)
        );
        assert_eq!(read(&dest), "b");
        // Appeared since the choice (nothing was there then): beside it.
        let (at, beside) = place(&partial("c"), &dest, None).unwrap();
        assert_eq!(
            (file_name(&at).as_str(), beside),
            ("kit (2).tar", Some(BesideReason::Changed))
        );
        assert_eq!((read(&dest), read(&at)), ("b".into(), "c".into()));
        // Changed since the choice: beside it, at the next free number.
        std::fs::write(&dest, "changed, longer").unwrap();
        let (at, beside) = place(&partial("d"), &dest, seen).unwrap();
        assert_eq!(
            (file_name(&at).as_str(), beside),
            ("kit (3).tar", Some(BesideReason::Changed))
        );
        assert_eq!(read(&dest), "changed, longer");
        // Seen then, deleted since: the chosen name is free again.
        std::fs::remove_file(&dest).unwrap();
        assert_eq!(
            place(&partial("e"), &dest, seen).unwrap(),
            (dest.clone(), None)
        );
        assert_eq!(read(&dest), "e");
        assert!(!dir.join(".kit.tar.imagen-partial-x").exists());
    }

    /// A file the user agreed to replace that Windows will not let go of (open in another
    /// program: a sharing or lock violation, or mapped into memory) sends the archive beside
    /// it as in use; a refused access, as refused. Anything else is the answer, and Windows'
    /// codes mean nothing elsewhere (32 is a broken pipe on Linux).
    #[test]
    fn a_file_in_use_or_refused_is_left_and_the_archive_goes_beside_it() {
        // `Other` stands for the kind Rust gives codes 32 and 33 (`Uncategorized`, which
        // stable Rust cannot name).
        use std::io::ErrorKind::{Other, PermissionDenied, StorageFull};
        for code in [32, 33, 1224] {
            assert_eq!(
                replace_refusal(Other, Some(code), true),
                Some(BesideReason::InUse),
                "{code}"
            );
            assert_eq!(replace_refusal(Other, Some(code), false), None, "{code}");
        }
        // ERROR_ACCESS_DENIED, EACCES.
        assert_eq!(
            replace_refusal(PermissionDenied, Some(5), true),
            Some(BesideReason::Refused)
        );
        assert_eq!(
            replace_refusal(PermissionDenied, Some(13), false),
            Some(BesideReason::Refused)
        );
        // ERROR_DISK_FULL, a code-less error: not the file's fault; answered.
        assert_eq!(replace_refusal(StorageFull, Some(112), true), None);
        assert_eq!(replace_refusal(Other, None, true), None);
        // What `place` is given: the real error's kind and code.
        let in_use = std::io::Error::from_raw_os_error(32);
        assert_eq!(
            not_replaceable(&in_use),
            cfg!(windows).then_some(BesideReason::InUse)
        );
    }

    const ID: &str = "sha256:1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b";

    fn item(id: &str, tags: &[&str]) -> SaveItem {
        SaveItem {
            id: id.to_owned(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    #[test]
    fn a_later_save_removes_partial_files_left_a_day_ago_and_nothing_else() {
        let dir = crate::scratch::ScratchDir::new("kit-sweep");
        let day_ago = std::time::SystemTime::now() - LEFTOVER_AGE - Duration::from_secs(60);
        let write = |name: &str, old: bool| {
            let path = dir.join(name);
            std::fs::write(&path, b"x").unwrap();
            if old {
                let file = std::fs::File::options().write(true).open(&path).unwrap();
                file.set_modified(day_ago).unwrap();
            }
            path
        };
        let leftover = write(&partial_name("kit.tar", "AbC123xyz"), true);
        let running = write(&partial_name("kit.tar", "Fresh789"), false);
        let users_tar = write("kit.tar", true);
        let users_hidden = write(".kit.tar.imagen-partial-", true);
        let lookalike = write("notes.imagen-partial-AbC", true);
        assert_eq!(sweep_leftovers(&dir), 1);
        assert!(!leftover.exists());
        for kept in [running, users_tar, users_hidden, lookalike] {
            assert!(kept.exists(), "{}", kept.display());
        }
    }

    #[test]
    fn the_partial_file_name_fits_any_file_name() {
        let random = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            partial_name("kit.tar", random),
            format!(".kit.tar.imagen-partial-{random}")
        );
        for long in ["a".repeat(255), "é".repeat(127)] {
            let name = partial_name(&long, random);
            assert!(name.len() <= 255, "{}", name.len());
            assert!(name.ends_with(random));
        }
    }

    /// 100,000 tags on one image (1.2 MB from the web view) are refused at once, before any
    /// check of each tag or any engine call.
    #[test]
    fn too_many_names_are_refused_before_anything_else() {
        let tags: Vec<String> = (0..100_000).map(|i| format!("t:{i}")).collect();
        let many = SaveItem {
            id: ID.to_owned(),
            tags,
        };
        let e = names_of(std::slice::from_ref(&many)).unwrap_err();
        assert!(
            matches!(&e, Error::InvalidInput { reason, .. } if reason.contains("at most 5000 tags")),
            "{e:?}"
        );
        let images: Vec<SaveItem> = (0..=MAX_SAVE_IMAGES).map(|_| item(ID, &[])).collect();
        assert!(names_of(&images).is_err());
    }

    #[test]
    fn names_are_the_tags_or_the_id_of_an_untagged_image() {
        let names = names_of(&[item(ID, &["web:1", "web:latest"]), item(ID, &[])]).unwrap();
        assert_eq!(names, ["web:1", "web:latest", ID]);
        assert!(matches!(names_of(&[]), Err(Error::InvalidInput { .. })));
        for bad in [
            item("sha256:1234", &[]),
            item(ID, &["web"]),
            item(ID, &["Bad:Name"]),
            item(
                ID,
                &["web@sha256:1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b3c4d5e6f1a2b"],
            ),
            item(ID, &["../x:1"]),
        ] {
            assert!(names_of(std::slice::from_ref(&bad)).is_err(), "{bad:?}");
        }
    }
}
