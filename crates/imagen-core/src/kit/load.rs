//! `docker load -i kit.tar[.gz|.xz|.zst]`: the file is checked whole first, then its plain
//! tar streams to the engine's `POST /images/load`, checked again on the way, and the engine
//! is asked again, right before the archive's end-of-archive marker goes, which tags of other
//! images the load would move; anything wrong (Cancel, the file changed meanwhile, a tag
//! taken during the upload) aborts the upload before its end, so the engine loads nothing.

use super::archive::{scan_file, scan_file_holding, Meter, ScanError, Scanned};
use super::file_name;
use super::{
    ArchivePreview, Compression, KitRegistry, LoadChange, LoadOutcome, LoadProgress, TagTaken,
};
use crate::engine::calls::{CallError, RequestBody};
use crate::engine::EngineInfo;
use crate::error::{Error, Result, UnreachableCause};
use crate::{input, Connection, Engine};
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Frame;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

/// How long a read of the file may wait before the drive, not the engine, is said to be
/// what holds the load (a USB stick waking up takes a second or two).
const DRIVE_SLOW: std::time::Duration = std::time::Duration::from_secs(3);
/// How long a failed upload waits for the reader's own answer, which says why it stopped
/// the body (it ends at once then; a reader still reading a stalled drive is not waited for).
const READER_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The file's drive has kept the read under way waiting for [`DRIVE_SLOW`] or more.
fn waiting_for_file(meter: &Meter) -> bool {
    meter.waiting_for_drive().is_some_and(|d| d >= DRIVE_SLOW)
}

/// Why a load that moved nothing for `seconds` ends: the file's drive when a read of it has
/// been waiting (`drive`: the engine waits for the file as much as Imagen does), else the
/// engine.
fn stall_error(engine: &Engine, file: &str, seconds: u32, drive: bool) -> Error {
    if drive {
        return Error::FileProblem {
            file: file.to_owned(),
            reason: format!("its drive has not delivered any of it for {seconds} seconds"),
            trouble: crate::error::FileTrouble::Unresponsive,
            writing: false,
            left_behind: None,
        };
    }
    Error::EngineTimeout {
        address: engine.info().address.to_string(),
        seconds,
    }
}

fn scan_error(file: &str, e: ScanError) -> Error {
    match e {
        ScanError::Problem(problem) => Error::BadArchive {
            file: file.to_owned(),
            problem,
        },
        ScanError::File(e) => Error::FileProblem {
            file: file.to_owned(),
            reason: e.to_string(),
            trouble: crate::error::FileTrouble::of(&e),
            writing: false,
            left_behind: None,
        },
        ScanError::Stopped => Error::Internal {
            message: "the upload stopped reading the archive".into(),
        },
    }
}

fn join_error(e: &tokio::task::JoinError) -> Error {
    Error::Internal {
        message: format!("reading the archive failed: {e}"),
    }
}

/// Reads the file at `path` whole (off the async threads) and checks it as an image
/// archive before anything reaches the engine: its compression from its first bytes (plain,
/// gzip, xz, zstd), a tar complete up to its end, a `manifest.json` in `docker save`'s
/// format and every part it names. A bad file is [`Error::BadArchive`]. The engine is not
/// asked (`taken` is `None`); [`preview_archive_on`] asks it.
pub async fn preview_archive(path: &Path) -> Result<ArchivePreview> {
    Ok(preview_of(path, &check(path).await?, None, None))
}

/// [`preview_archive`], and which of the archive's tags already name another image on the
/// engine of `conn` (`taken`; `None` when the engine does not answer, which does not stop
/// the preview: the file can be checked without an engine).
pub async fn preview_archive_on(conn: &Connection, path: &Path) -> Result<ArchivePreview> {
    let scanned = check(path).await?;
    Ok(preview_asking(conn, path, &scanned).await)
}

/// [`preview_archive_on`] as the Load dialog runs it: how far the file has been read goes to
/// `progress` (`checking`), since a big compressed kit on a USB stick takes minutes to read
/// whole; and `registry.cancel(preview_id)` stops the reading (the file is closed, so the
/// stick can be ejected) and answers `None`.
pub async fn preview_archive_followed(
    conn: &Connection,
    registry: &KitRegistry,
    preview_id: &str,
    path: &Path,
    progress: impl Fn(LoadProgress),
) -> Result<Option<ArchivePreview>> {
    let guard = registry.register(input::token("preview", preview_id)?)?;
    let cancel = guard.token();
    let scanned = tokio::select! {
        _ = cancel.cancelled() => return Ok(None),
        s = check_reporting(path, &progress) => s?,
    };
    // The engine's answer about the tags: a frozen one takes its time limit.
    tokio::select! {
        _ = cancel.cancelled() => Ok(None),
        preview = preview_asking(conn, path, &scanned) => Ok(Some(preview)),
    }
}

/// The preview of a checked file, with what the engine of `conn` says of its tags when it
/// answers.
async fn preview_asking(conn: &Connection, path: &Path, scanned: &Scanned) -> ArchivePreview {
    let named = &scanned.contents.named;
    // What the engine is, even when asking about the tags fails part-way.
    let asked =
        conn.run(|engine| async move {
            Ok((taken_tags(&engine, named).await.ok(), engine.info().clone()))
        })
        .await
        .ok();
    let (taken, info) = asked.unzip();
    preview_of(path, scanned, taken.flatten(), info.as_ref())
}

/// The preview of a checked file; `taken` and `info` come from the engine, when it answered.
fn preview_of(
    path: &Path,
    scanned: &Scanned,
    taken: Option<Vec<TagTaken>>,
    info: Option<&EngineInfo>,
) -> ArchivePreview {
    ArchivePreview {
        file: file_name(path),
        bytes: scanned.bytes,
        compression: scanned.compression,
        decompress_first: scanned.compression == Compression::Zstd
            && info.is_some_and(|i| !i.loads_zstd()),
        tags: scanned.contents.tags.clone(),
        images: scanned.contents.images,
        taken,
        platforms: scanned.contents.platforms.clone(),
        // `/` or empty when the engine did not say its OS or architecture: no platform then,
        // rather than one every image would differ from.
        engine_platform: info
            .map(|i| i.platform.clone())
            .filter(|p| p.split('/').all(|part| !part.is_empty())),
        engine: info.map(|i| i.address.as_str().to_owned()),
    }
}

/// The archive's tags (`named`: tag, the archive's image IDs) that name another image on the
/// engine right now, one look per tag.
async fn taken_tags(engine: &Engine, named: &[(String, Vec<String>)]) -> Result<Vec<TagTaken>> {
    let mut taken = Vec::new();
    for (tag, archive_ids) in named {
        let Ok(tag_checked) = input::image_name("tag", tag) else {
            continue; // the engine will refuse it; nothing of the engine's can move
        };
        if let Some(holder) = engine.image_id_of(tag_checked).await? {
            // The same image, by either store's ID, is no tag taken. (An archive without
            // an OCI layout gets an ID on the containerd store that only the load makes:
            // there the tag is said to move, which says too much rather than too little.)
            if !archive_ids.contains(&holder) {
                taken.push(TagTaken {
                    tag: tag.clone(),
                    holder,
                });
            }
        }
    }
    Ok(taken)
}

/// [`scan_file`] off the async threads, with nothing to send the bytes to.
async fn check(path: &Path) -> Result<Scanned> {
    let file = file_name(path);
    let owned = path.to_path_buf();
    tokio::task::spawn_blocking(move || scan_file(&owned, &Arc::new(Meter::default()), |_| Ok(())))
        .await
        .map_err(|e| join_error(&e))?
        .map_err(|e| scan_error(&file, e))
}

/// [`check`], reporting how far it has read (`checking`): the dialog would otherwise sit at
/// "Checking…" or "Starting…" for as long as a big compressed file takes to read.
async fn check_reporting(path: &Path, progress: &impl Fn(LoadProgress)) -> Result<Scanned> {
    let file = file_name(path);
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let meter = Arc::new(Meter::default());
    let owned = path.to_path_buf();
    let reading = Arc::clone(&meter);
    // A Cancel drops this future: the reading stops too, rather than going through a big
    // file on a USB stick to its end (and keeping it open, so the stick cannot be ejected).
    let stop = StopOnDrop(Arc::new(AtomicBool::new(false)));
    let stopped = Arc::clone(&stop.0);
    let scan = tokio::task::spawn_blocking(move || {
        scan_file(&owned, &reading, |_| {
            if stopped.load(Ordering::Relaxed) {
                Err(())
            } else {
                Ok(())
            }
        })
    });
    tokio::pin!(scan);
    let report = || {
        progress(LoadProgress {
            read: meter.read.load(Ordering::Relaxed).min(total),
            total,
            sent: 0,
            ended: false,
            checking: true,
            waiting_for_file: waiting_for_file(&meter),
        })
    };
    // At once: the dialog hears of the check before it ends, however short it is.
    report();
    let mut ticker = tokio::time::interval(crate::pull::PROGRESS_INTERVAL);
    ticker.tick().await;
    loop {
        tokio::select! {
            _ = ticker.tick() => report(),
            scanned = &mut scan => {
                return scanned
                    .map_err(|e| join_error(&e))?
                    .map_err(|e| scan_error(&file, e));
            }
        }
    }
}

/// Sets its flag when dropped: what a blocking reader checks to stop.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A piece of the upload.
enum Piece {
    Data(Bytes),
    /// The archive was read to its end and is whole: the body may end.
    End,
}

/// How far the upload got: the plain tar bytes handed to the connection, and whether the
/// body has ended. The transport asks for the next piece only once the last one is on its
/// way, so `bytes` stands still when the engine stops reading; the file's own bytes would
/// not (one read of a compressed file can hold hundreds of megabytes of tar).
#[derive(Default)]
struct Sent {
    bytes: AtomicU64,
    ended: AtomicBool,
    /// The reader waits, the marker held, while the engine is asked about the tags again.
    rechecking: AtomicBool,
}

/// The request body: pieces from the reading thread. It ends cleanly only after
/// [`Piece::End`]; if the reader stops without it (a bad archive) or `abort` fires (Cancel),
/// it ends with an error, which closes the connection before the final chunk.
fn upload_body(
    rx: mpsc::Receiver<Piece>,
    abort: CancellationToken,
    sent: Arc<Sent>,
) -> RequestBody {
    let stream = futures_util::stream::unfold(Some((rx, abort, sent)), |state| async move {
        let (mut rx, abort, sent) = state?;
        let aborted = || std::io::Error::other("the upload was stopped");
        let piece = tokio::select! {
            biased;
            _ = abort.cancelled() => return Some((Err(aborted()), None)),
            piece = rx.recv() => piece,
        };
        match piece {
            Some(Piece::Data(data)) => {
                sent.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                Some((Ok(Frame::data(data)), Some((rx, abort, sent))))
            }
            Some(Piece::End) => {
                sent.ended.store(true, Ordering::Relaxed);
                None
            }
            None => Some((Err(aborted()), None)),
        }
    });
    http_body_util::StreamBody::new(stream).boxed_unsync()
}

/// One line of the engine's answer to a load.
#[derive(Debug, Deserialize)]
struct LoadMessage {
    #[serde(default)]
    stream: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(rename = "errorDetail", default)]
    error_detail: Option<ErrorDetail>,
}

#[derive(Debug, Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: Option<String>,
}

/// moby's `setLoadedTag` line when a tag moves (`image/tarexport/load.go`).
const MOVED_PREFIX: &str = "The image ";
const MOVED_MIDDLE: &str = " already exists, renaming the old one with ID ";
const MOVED_SUFFIX: &str = " to empty string";

/// A tag the engine moved, from its line, or `None` for any other line.
fn moved_tag(text: &str) -> Option<TagTaken> {
    let rest = text.strip_prefix(MOVED_PREFIX)?;
    let (tag, rest) = rest.split_once(MOVED_MIDDLE)?;
    let holder = rest.strip_suffix(MOVED_SUFFIX)?;
    Some(TagTaken {
        tag: tag.to_owned(),
        holder: holder.to_owned(),
    })
}

/// What the engine said as a load went: what it loaded and moved, and the first image it
/// loaded but could not unpack.
#[derive(Debug, Default)]
struct Heard {
    images: Vec<String>,
    moved: Vec<TagTaken>,
    /// moby's containerd store imports an image, says it loaded it, then unpacks it; a failed
    /// unpack (a full disk) is one more line of text and the load still "succeeds"
    /// (`daemon/containerd/image_exporter.go`): the image cannot run until it is unpacked.
    unpack_failed: Option<Error>,
}

/// The containerd store's line for an image it loaded and could not unpack.
const UNPACK_FAILED: &str = "Error unpacking image ";

/// What a line of the answer says: an image loaded, a tag moved, an image not unpacked, or
/// the engine's error.
fn read_message(line: &[u8], heard: &mut Heard) -> Result<()> {
    let msg: LoadMessage = serde_json::from_slice(line).map_err(|e| Error::Protocol {
        message: format!("load answer: {e}"),
    })?;
    if let Some(message) = msg
        .error_detail
        .and_then(|d| d.message)
        .or(msg.error)
        .filter(|m| !m.is_empty())
    {
        return Err(super::engine_said(message));
    }
    for text in msg.stream.iter().flat_map(|s| s.lines()) {
        let text = text.trim();
        if let Some(id) = text.strip_prefix("Loaded image ID: ") {
            heard.images.push(id.trim().to_owned());
        } else if let Some(names) = text.strip_prefix("Loaded image: ") {
            // Podman says every image of the archive on one line, joined by commas (which no
            // reference can hold).
            heard.images.extend(
                names
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
            );
        } else if let Some(tag) = moved_tag(text) {
            heard.moved.push(tag);
        } else if text.starts_with(UNPACK_FAILED) && heard.unpack_failed.is_none() {
            heard.unpack_failed = Some(super::engine_said(text.to_owned()));
        }
    }
    Ok(())
}

/// Loads the archive at `path` into the engine, as `docker load -i` does, whether it is a
/// plain tar or a `.tar.gz`, `.tar.xz` or `.tar.zst` (found from its first bytes): the file
/// is first checked whole ([`preview_archive`]; a bad file changes nothing on the engine),
/// then its plain tar streams to the engine, so engines that cannot decompress zstd load it
/// too. `progress` gets the bytes of the file read about ten times a second.
///
/// `seen` is the preview the user confirmed. Right before the upload the file and the
/// engine are compared with it: another engine than the one it was made on
/// ([`LoadChange::EngineSwitched`]: Imagen reconnected elsewhere meanwhile), another archive
/// under the same name, or a tag of the archive that would now move another image than
/// `seen.taken` said, loads nothing and answers [`LoadOutcome::Changed`] with the preview as
/// it is now (on the engine connected now).
///
/// The engine is asked first whether it answers: one that is down is
/// [`Error::EngineUnreachable`] at once, before the file is read again (minutes for a big
/// one on a USB stick).
///
/// An engine that fails part-way through the import after it said it loaded an image or
/// moved a tag answers [`LoadOutcome::Failed`] with what it had done (which stays on it), not
/// only the error; a Cancel then says so too ([`LoadOutcome::Cancelled`]).
///
/// Cancel (`registry.cancel(load_id)`) aborts the upload before its end: the engine loads
/// nothing. So does a file that changed after the check while it is sent: a bad one is
/// then [`Error::BadArchive`], another good archive [`LoadOutcome::Changed`] with its
/// preview (the file is read twice, and only the archive checked ends the upload). And so
/// does a tag of the archive that names another image by the end of the upload than when it
/// began (a `docker pull` finished meanwhile; a big kit from a USB stick takes minutes): the
/// engine is asked again right before the end-of-archive marker goes, and anything but what
/// `seen.taken` said holds the marker back and answers [`LoadOutcome::Changed`] with the
/// preview as it is now (an engine that cannot answer then: its error).
pub async fn load_images(
    conn: &Connection,
    registry: &KitRegistry,
    load_id: &str,
    path: &Path,
    seen: &ArchivePreview,
    progress: impl Fn(LoadProgress) + Send + Sync + 'static,
) -> Result<LoadOutcome> {
    let load_id = input::token("load", load_id)?;
    let guard = registry.register(load_id)?;
    let cancel = guard.token();
    let file = file_name(path);
    // The engine first: one that is down (or was switched off since the preview) says so at
    // once, not after the file is read again, which takes minutes for a big one on a stick.
    tokio::select! {
        _ = cancel.cancelled() => return Ok(LoadOutcome::cancelled(false)),
        r = conn.run(|engine| async move { answers(&engine).await }) => r?,
    }
    let scanned = tokio::select! {
        _ = cancel.cancelled() => return Ok(LoadOutcome::cancelled(false)),
        s = check_reporting(path, &progress) => s?,
    };
    let path = path.to_path_buf();
    let generation = conn.generation();
    let outcome = conn
        .run(|engine| async move {
            let taken = taken_tags(&engine, &scanned.contents.named).await?;
            let now = preview_of(&path, &scanned, Some(taken.clone()), Some(engine.info()));
            if let Some(change) = load_change(seen, &now) {
                return Ok(LoadOutcome::Changed {
                    preview: now,
                    change,
                });
            }
            // The command as this engine needs it (`zstd -dc … | docker load` before 23.0).
            let command = crate::record::docker::load(&file, now.decompress_first);
            let checked = (&scanned, taken.as_slice());
            load_on(&engine, path, &file, &command, checked, &cancel, &progress).await
        })
        .await;
    // A load that lost the engine part way answers what it had loaded, not an error: the
    // connection is dropped all the same, so the next call reconnects and the watcher hears.
    if let Ok(LoadOutcome::Failed { error, .. }) = &outcome {
        if error.is_connection_failure() {
            conn.forget_made_for(generation).await;
        }
    }
    outcome
}

/// Whether the engine answers at all: an error only when it cannot be reached or does not
/// answer in time (an engine that answers `/_ping` oddly is still there; the load says more).
async fn answers(engine: &Engine) -> Result<()> {
    match engine.ping().await {
        Err(e) if e.is_connection_failure() => Err(e),
        _ => Ok(()),
    }
}

impl LoadOutcome {
    /// Cancelled before the engine said it loaded anything.
    fn cancelled(importing: bool) -> Self {
        Self::Cancelled {
            importing,
            images: Vec::new(),
            moved: Vec::new(),
        }
    }
}

/// The answer when the file turned out to be another archive while it was sent: its preview
/// as it is now, for the user to confirm again.
async fn changed_under(engine: &Engine, path: &Path, now: &Scanned) -> Result<LoadOutcome> {
    let taken = taken_tags(engine, &now.contents.named).await?;
    Ok(LoadOutcome::Changed {
        preview: preview_of(path, now, Some(taken), Some(engine.info())),
        change: LoadChange::Archive,
    })
}

/// What differs between the preview `seen` and the load `now`, if anything: the engine
/// first (nothing of another engine was seen, whatever else matches), then the load itself
/// ([`same_load`]). A preview made without an engine (`engine: None`) names none to compare.
fn load_change(seen: &ArchivePreview, now: &ArchivePreview) -> Option<LoadChange> {
    if let (Some(from), Some(to)) = (&seen.engine, &now.engine) {
        if from != to {
            return Some(LoadChange::EngineSwitched {
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    (!same_load(seen, now)).then_some(LoadChange::Archive)
}

/// Whether loading now does what the preview `seen` showed: the same archive (size,
/// compression, tags, image count), the same command, and the same tags taken from other
/// images. A preview made without the engine (`taken: None`) showed none.
fn same_load(seen: &ArchivePreview, now: &ArchivePreview) -> bool {
    let taken = |p: &ArchivePreview| p.taken.clone().unwrap_or_default();
    seen.bytes == now.bytes
        && seen.compression == now.compression
        // The command shown (and recorded) must be the one this engine needs.
        && seen.decompress_first == now.decompress_first
        && seen.tags == now.tags
        && seen.images == now.images
        && same_taken(&taken(seen), &taken(now))
}

/// Whether two looks found the same tags taken from the same images, in any order.
fn same_taken(a: &[TagTaken], b: &[TagTaken]) -> bool {
    let sorted = |t: &[TagTaken]| {
        let mut t = t.to_vec();
        t.sort_by(|a, b| (&a.tag, &a.holder).cmp(&(&b.tag, &b.holder)));
        t
    };
    sorted(a) == sorted(b)
}

/// The last count of bytes sent, and when it last changed (or the engine last spoke).
struct Watch {
    last: u64,
    at: Instant,
}

/// What the upload's reader found: the archive as checked, sent whole; or, with the body not
/// ended (nothing loaded), another one under the same name (replaced between the check and
/// the upload), the archive as checked but tags it would now take from other images than
/// the user saw (a `docker pull` or `docker tag` finished during the upload), or the engine
/// not answering that question.
enum Read {
    Same(Scanned),
    Differs(Scanned),
    Retaken(Scanned, Vec<TagTaken>),
    Unasked(Error),
}

/// The answer to the reader's last question, asked once it has sent everything but the
/// end-of-archive marker: whether the engine is still as the user saw it.
enum Verdict {
    /// It is: the marker goes, and the engine loads the archive.
    Release,
    /// The load would now take these tags from other images (what the preview said no longer
    /// holds): the marker is held, and nothing is loaded.
    Moved(Vec<TagTaken>),
    /// The engine could not be asked (gone, silent): the marker is held.
    Unasked(Error),
}

/// The reader's side of the last question: the go-ahead it waits for before it sends the
/// end-of-archive marker.
struct Gate(oneshot::Sender<oneshot::Sender<Verdict>>);

impl Gate {
    /// Asks, and blocks the reading thread until the answer: `None` when the load ended
    /// meanwhile (Cancel, an error, the engine stalled: the asking side is gone), so nothing
    /// more is sent either way.
    fn ask(self) -> Option<Verdict> {
        let (answer, verdict) = oneshot::channel();
        self.0.send(answer).ok()?;
        verdict.blocking_recv().ok()
    }
}

/// The asking side of [`Gate`], in a task of its own: once the reader asks, what loading
/// would take from other images now (`named`: the archive's tags) is looked up again and
/// compared with `seen`, what the user saw. It ends, answering nothing, when `abort` fires
/// (the load ended), and waits for the engine at most `limit`; `rechecking` is set while it
/// waits (the upload is held for it: that is no stall of the engine).
fn answer_gate(
    engine: &Engine,
    named: Vec<(String, Vec<String>)>,
    seen: Vec<TagTaken>,
    abort: CancellationToken,
    sent: Arc<Sent>,
) -> Gate {
    let (ask, asked) = oneshot::channel::<oneshot::Sender<Verdict>>();
    let engine = engine.clone();
    let limit = engine.limits().load_stall;
    tokio::spawn(async move {
        let answer = tokio::select! {
            biased;
            _ = abort.cancelled() => return,
            // Dropped unasked: the reader ended before the marker (a bad or other archive).
            asked = asked => match asked {
                Ok(answer) => answer,
                Err(_) => return,
            },
        };
        sent.rechecking.store(true, Ordering::Relaxed);
        let now = tokio::select! {
            biased;
            _ = abort.cancelled() => return,
            now = tokio::time::timeout(limit, taken_tags(&engine, &named)) => now,
        };
        let verdict = match now {
            Ok(Ok(now)) if same_taken(&now, &seen) => Verdict::Release,
            Ok(Ok(now)) => Verdict::Moved(now),
            Ok(Err(e)) => Verdict::Unasked(e),
            Err(_) => Verdict::Unasked(Error::EngineTimeout {
                address: engine.info().address.to_string(),
                seconds: u32::try_from(limit.as_secs().max(1)).unwrap_or(u32::MAX),
            }),
        };
        sent.rechecking.store(false, Ordering::Relaxed);
        // The reader gone meanwhile has sent nothing more; nothing to tell.
        let _ = answer.send(verdict);
    });
    Gate(ask)
}

/// The answer when loading the archive as checked would now take `taken` from other images,
/// not what the user saw: the preview as it is now, for the user to confirm again.
fn retaken(engine: &Engine, path: &Path, now: &Scanned, taken: Vec<TagTaken>) -> LoadOutcome {
    LoadOutcome::Changed {
        preview: preview_of(path, now, Some(taken), Some(engine.info())),
        change: LoadChange::Archive,
    }
}

/// Sends the archive at `path` to the engine, reading it again as it goes; `checked` is what
/// the check before found there, and the tags of other images loading it takes, which the
/// user saw. Only that same archive ends the body: a file replaced in between (another
/// archive, e.g. rewritten in a shared folder) is not loaded, and the answer is
/// [`LoadOutcome::Changed`] with its preview. So is one that would now take other tags than
/// the user saw (a `docker pull` finished during a long upload gave a tag of the archive to
/// another image): that is asked again right before the end-of-archive marker goes.
async fn load_on(
    engine: &Engine,
    path: PathBuf,
    file: &str,
    command: &str,
    (checked, taken): (&Scanned, &[TagTaken]),
    cancel: &CancellationToken,
    progress: &(impl Fn(LoadProgress) + Send + Sync),
) -> Result<LoadOutcome> {
    let total = checked.bytes;
    let expected = (checked.bytes, checked.contents.clone());
    let read_path = path.clone();
    let meter = Arc::new(Meter::default());
    let (tx, rx) = mpsc::channel::<Piece>(8);
    let abort = CancellationToken::new();
    // Whatever way this returns, an upload still going is aborted, never ended cleanly (and
    // the gate's task ends, answering nothing: the reader then sends nothing more).
    let _abort_on_return = abort.clone().drop_guard();
    let sent = Arc::new(Sent::default());
    let body = upload_body(rx, abort.clone(), sent.clone());
    let gate = answer_gate(
        engine,
        checked.contents.named.clone(),
        taken.to_vec(),
        abort.clone(),
        sent.clone(),
    );
    let reader_meter = meter.clone();
    let mut reader = tokio::task::spawn_blocking(move || {
        // The end-of-archive marker is held back: until it comes, the engine has not seen
        // the archive end, whether it waits for the upload's end or not.
        let (scanned, end) = scan_file_holding(&read_path, &reader_meter, true, |piece| {
            tx.blocking_send(Piece::Data(Bytes::copy_from_slice(piece)))
                .map_err(|_| ())
        })?;
        if (scanned.bytes, &scanned.contents) != (expected.0, &expected.1) {
            // Dropping `tx` without the marker or `End` aborts the upload: nothing is loaded.
            return Ok(Read::Differs(scanned));
        }
        // The engine as the user saw it, at the last moment before it can load anything:
        // the upload may have taken minutes, and a tag of the archive may name another
        // image by now. Anything else drops `tx` without the marker: nothing is loaded.
        match gate.ask() {
            Some(Verdict::Release) => {}
            Some(Verdict::Moved(now)) => return Ok(Read::Retaken(scanned, now)),
            Some(Verdict::Unasked(e)) => return Ok(Read::Unasked(e)),
            None => return Err(ScanError::Stopped),
        }
        // Only a whole, checked archive gets its end, and ends the body cleanly.
        tx.blocking_send(Piece::Data(Bytes::from(end)))
            .map_err(|_| ScanError::Stopped)?;
        tx.blocking_send(Piece::End)
            .map_err(|_| ScanError::Stopped)?;
        Ok::<_, ScanError>(Read::Same(scanned))
    });
    let report = || {
        progress(LoadProgress {
            read: meter.read.load(Ordering::Relaxed).min(total),
            total,
            sent: sent.bytes.load(Ordering::Relaxed),
            ended: sent.ended.load(Ordering::Relaxed),
            checking: false,
            waiting_for_file: waiting_for_file(&meter),
        });
    };
    let mut ticker = tokio::time::interval(crate::pull::PROGRESS_INTERVAL);
    let mut read_done = false;
    // When the engine last took a byte of the archive, or said anything: a stall is time
    // without either. Sending, the engine must keep reading (`load_stall`); the body ended,
    // it imports and then answers (`load_import`).
    let mut watch = Watch {
        last: 0,
        at: Instant::now(),
    };
    let limits = *engine.limits();
    let stalled = |watch: &mut Watch| -> Option<Error> {
        let now = sent.bytes.load(Ordering::Relaxed);
        if now != watch.last {
            *watch = Watch {
                last: now,
                at: Instant::now(),
            };
        }
        if sent.rechecking.load(Ordering::Relaxed) {
            // The upload waits for the engine's answer about the tags, which has its own
            // limit: the engine taking nothing meanwhile is no stall.
            watch.at = Instant::now();
            return None;
        }
        let allowed = if sent.ended.load(Ordering::Relaxed) {
            limits.load_import
        } else {
            limits.load_stall
        };
        if watch.at.elapsed() <= allowed {
            return None;
        }
        let seconds = u32::try_from(allowed.as_secs().max(1)).unwrap_or(u32::MAX);
        let drive = !sent.ended.load(Ordering::Relaxed) && waiting_for_file(&meter);
        Some(stall_error(engine, file, seconds, drive))
    };
    // The untagged images' IDs, from the checked manifest: an engine does not always name
    // them in its answer (dockerd 20.10 says "Loaded image ID" only now and then).
    let mut untagged: Vec<String> = Vec::new();
    let request = engine.load_images(body);
    tokio::pin!(request);

    // Until the engine answers (it does once it has read and imported the whole archive).
    let answered = loop {
        tokio::select! {
            biased;
            _ = cancel.cancelled() => {
                abort.cancel();
                // Once the body has ended the engine is importing: closing the connection
                // stops it between images, and those it finished stay.
                let importing = sent.ended.load(Ordering::Relaxed);
                return Ok(LoadOutcome::cancelled(importing));
            }
            r = &mut reader, if !read_done => {
                read_done = true;
                match r.map_err(|e| join_error(&e))? {
                    Ok(Read::Same(scanned)) => {
                        untagged = scanned.contents.untagged;
                        report();
                    }
                    Ok(Read::Differs(now)) => {
                        abort.cancel();
                        return changed_under(engine, &path, &now).await;
                    }
                    Ok(Read::Retaken(now, taken)) => {
                        abort.cancel();
                        return Ok(retaken(engine, &path, &now, taken));
                    }
                    Ok(Read::Unasked(e)) => {
                        abort.cancel();
                        return Err(e);
                    }
                    // The body was dropped: the request failed, which it says below.
                    Err(ScanError::Stopped) => {}
                    Err(e) => {
                        abort.cancel();
                        return Err(scan_error(file, e));
                    }
                }
            }
            r = &mut request => break r,
            _ = ticker.tick() => {
                report();
                if let Some(e) = stalled(&mut watch) {
                    abort.cancel();
                    return Err(e);
                }
            }
        }
    };
    let mut answer = match answered {
        Ok(answer) => answer,
        Err(CallError::Status(status, message)) => {
            abort.cancel();
            return Err(super::engine_refused(status, message));
        }
        Err(CallError::Other(e)) => {
            abort.cancel();
            // The reader ends the body with an error when it stops the upload itself (the
            // file changed, or a tag was taken before the marker): the request can fail
            // before the reader's own answer is seen (a busy machine). That answer is why.
            if !read_done {
                if let Ok(read) = tokio::time::timeout(READER_WAIT, &mut reader).await {
                    match read.map_err(|e| join_error(&e))? {
                        Ok(Read::Differs(now)) => return changed_under(engine, &path, &now).await,
                        Ok(Read::Retaken(now, taken)) => {
                            return Ok(retaken(engine, &path, &now, taken))
                        }
                        Ok(Read::Unasked(asked)) => return Err(asked),
                        _ => {}
                    }
                }
            }
            return Err(e);
        }
    };
    // What the engine says it did, line by line, until it ends its answer: an error it
    // reports there (or losing it) comes after the images it had finished, which stay on it.
    let mut heard = Heard::default();
    let answered: Result<Option<LoadOutcome>> = async {
        let mut buffer = BytesMut::new();
        loop {
            let chunk = tokio::select! {
                biased;
                _ = cancel.cancelled() => {
                    // The engine answers once it has the whole archive: it is importing.
                    return Ok(Some(LoadOutcome::Cancelled {
                        importing: true,
                        images: std::mem::take(&mut heard.images),
                        moved: std::mem::take(&mut heard.moved),
                    }));
                }
                r = &mut reader, if !read_done => {
                    read_done = true;
                    match r.map_err(|e| join_error(&e))? {
                        Ok(Read::Same(scanned)) => untagged = scanned.contents.untagged,
                        // Not ended, so not loaded (the engine cannot have answered a success).
                        Ok(Read::Differs(now)) => {
                            abort.cancel();
                            return changed_under(engine, &path, &now).await.map(Some);
                        }
                        Ok(Read::Retaken(now, taken)) => {
                            abort.cancel();
                            return Ok(Some(retaken(engine, &path, &now, taken)));
                        }
                        Ok(Read::Unasked(e)) => return Err(e),
                        Err(ScanError::Stopped) => {}
                        Err(e) => return Err(scan_error(file, e)),
                    }
                    continue;
                }
                chunk = answer.next_chunk() => chunk?,
                _ = ticker.tick() => {
                    if let Some(e) = stalled(&mut watch) {
                        return Err(e);
                    }
                    continue;
                }
            };
            let Some(data) = chunk else { break };
            // The engine is saying something: not stalled.
            watch.at = Instant::now();
            buffer.extend_from_slice(&data);
            while let Some(line) = crate::engine::next_line(&mut buffer) {
                read_message(&line, &mut heard)?;
            }
        }
        if !buffer.iter().all(u8::is_ascii_whitespace) {
            read_message(&buffer, &mut heard)?;
        }
        if !read_done {
            match (&mut reader).await.map_err(|e| join_error(&e))? {
                Ok(Read::Same(scanned)) => untagged = scanned.contents.untagged,
                Ok(Read::Differs(now)) => {
                    return changed_under(engine, &path, &now).await.map(Some)
                }
                Ok(Read::Retaken(now, taken)) => {
                    return Ok(Some(retaken(engine, &path, &now, taken)))
                }
                Ok(Read::Unasked(e)) => return Err(e),
                Err(ScanError::Stopped) => {
                    return Err(Error::EngineUnreachable {
                        address: engine.info().address.to_string(),
                        reason: "the engine stopped reading the archive before its end".into(),
                        cause: UnreachableCause::Dropped,
                    })
                }
                Err(e) => return Err(scan_error(file, e)),
            }
        }
        Ok(None)
    }
    .await;
    match answered {
        Ok(None) => {}
        Ok(Some(ended)) => return Ok(ended),
        Err(error) => {
            abort.cancel();
            // Said with what the engine had already done: loaded images stay loaded, and
            // moved tags stay moved.
            return if heard.images.is_empty() && heard.moved.is_empty() {
                Err(error)
            } else {
                Ok(LoadOutcome::Failed {
                    error,
                    images: heard.images,
                    moved: heard.moved,
                })
            };
        }
    }
    for id in untagged {
        if !heard.images.contains(&id) {
            heard.images.push(id);
        }
    }
    // The containerd store does not say which tags a load moved: a tag the user was told
    // the load takes from another image, and that names another image now, moved.
    for tag in taken {
        if heard.moved.iter().any(|m| m.tag == tag.tag) {
            continue;
        }
        let Ok(name) = input::image_name("tag", &tag.tag) else {
            continue;
        };
        // Not known when the engine cannot say now: the preview said it would move.
        if let Ok(Some(now)) = engine.image_id_of(name).await {
            if now != tag.holder {
                heard.moved.push(tag.clone());
            }
        }
    }
    progress(LoadProgress {
        read: total,
        total,
        sent: sent.bytes.load(Ordering::Relaxed),
        ended: true,
        checking: false,
        waiting_for_file: false,
    });
    if let Some(error) = heard.unpack_failed {
        return Ok(LoadOutcome::Failed {
            error,
            images: heard.images,
            moved: heard.moved,
        });
    }
    Ok(LoadOutcome::Loaded {
        images: heard.images,
        command: command.to_owned(),
        moved: heard.moved,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A fake engine that answers `/version`, then reads one upload to its end (the client
    /// closing) and keeps what it got.
    async fn fake_engine(
        name: &str,
    ) -> (
        crate::EngineAddress,
        tokio::sync::oneshot::Receiver<Vec<u8>>,
        crate::scratch::ScratchDir,
    ) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        // A folder for the test's own files, gone when the test drops it.
        let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
        let (listener, address) = crate::engine::fake::bind(&format!("kit-{name}"));
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let mut tx = Some(tx);
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut got = Vec::new();
                let mut handshake = false;
                let mut buf = [0u8; 65536];
                loop {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                    if got.starts_with(b"GET /version") && got.ends_with(b"\r\n\r\n") {
                        let body = r#"{"Version":"20.10.24","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}"#;
                        let reply = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        let _ = stream.write_all(reply.as_bytes()).await;
                        handshake = true;
                        break;
                    }
                }
                // What the upload's connection carried (nothing if it was aborted before
                // its head was written).
                if !handshake {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(got);
                    }
                }
            }
        });
        (address, rx, dir)
    }

    /// A fake engine on which `web:1` names `holder`.
    fn engine_holding_web_1(name: &str, holder: &'static str) -> crate::EngineAddress {
        use crate::engine::fake::{self, Answer};
        fake::scripted(name, fake::VERSION_1_41, false, move |line| {
            if line.contains("/images/web:1/json") {
                Answer::json(&format!(r#"{{"Id":"{holder}"}}"#))
            } else {
                Answer::no_such_image()
            }
        })
    }

    /// On the containerd image store an image's ID is its manifest's digest: reloading a
    /// kit whose image is already there takes no tag, and another image holding the tag does.
    #[tokio::test]
    async fn a_tag_held_by_the_same_image_under_either_stores_id_is_not_taken() {
        const CONFIG: &str =
            "sha256:1111111111111111111111111111111111111111111111111111111111111111";
        const MANIFEST: &str =
            "sha256:3333333333333333333333333333333333333333333333333333333333333333";
        const OTHER: &str =
            "sha256:5555555555555555555555555555555555555555555555555555555555555555";
        let named = vec![(
            "web:1".to_owned(),
            vec![CONFIG.to_owned(), MANIFEST.to_owned()],
        )];
        for (name, holder, taken) in [
            ("taken-classic", CONFIG, false),
            ("taken-containerd", MANIFEST, false),
            ("taken-other", OTHER, true),
        ] {
            let engine = Engine::connect(engine_holding_web_1(name, holder))
                .await
                .unwrap();
            let found = taken_tags(&engine, &named).await.unwrap();
            assert_eq!(
                found,
                if taken {
                    vec![TagTaken {
                        tag: "web:1".into(),
                        holder: OTHER.into(),
                    }]
                } else {
                    vec![]
                },
                "{name}"
            );
        }
    }

    #[tokio::test]
    async fn an_aborted_upload_never_sends_its_last_chunk() {
        let (address, got, _dir) = fake_engine("abort").await;
        let engine = Engine::connect(address).await.unwrap();
        let (tx, rx) = mpsc::channel(8);
        let abort = CancellationToken::new();
        let body = upload_body(rx, abort.clone(), Arc::default());
        let request = tokio::spawn(async move { engine.load_images(body).await.map(drop) });
        tx.send(Piece::Data(Bytes::from_static(b"first piece")))
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        abort.cancel();
        let got = tokio::time::timeout(std::time::Duration::from_secs(10), got)
            .await
            .unwrap()
            .unwrap();
        let text = String::from_utf8_lossy(&got);
        assert!(
            text.starts_with("POST /v1.41/images/load?quiet=1 HTTP/1.1"),
            "{text}"
        );
        assert!(text.contains("content-type: application/x-tar"), "{text}");
        assert!(text.contains("first piece"), "{text}");
        assert!(
            !text.ends_with("0\r\n\r\n"),
            "the upload ended cleanly: {text}"
        );
        assert!(request.await.unwrap().is_err());
    }

    #[tokio::test]
    async fn a_reader_that_stops_without_end_aborts_the_upload_too() {
        let (address, got, _dir) = fake_engine("stopped").await;
        let engine = Engine::connect(address).await.unwrap();
        let (tx, rx) = mpsc::channel(8);
        let body = upload_body(rx, CancellationToken::new(), Arc::default());
        let request = tokio::spawn(async move { engine.load_images(body).await.map(drop) });
        tx.send(Piece::Data(Bytes::from_static(b"some")))
            .await
            .unwrap();
        drop(tx); // a bad archive: no Piece::End
        let got = tokio::time::timeout(std::time::Duration::from_secs(10), got)
            .await
            .unwrap()
            .unwrap();
        let text = String::from_utf8_lossy(&got);
        assert!(
            !text.ends_with("0\r\n\r\n"),
            "the upload ended cleanly: {text}"
        );
        assert!(request.await.unwrap().is_err());
    }

    /// Answers a fake engine's `GET`s: `/version`, and a 404 to anything else (the load's
    /// questions about its tags: none is in use). `false` for the load's `POST`.
    async fn answered_get(stream: &mut crate::engine::fake::Stream, line: &str) -> bool {
        use crate::engine::fake;
        use tokio::io::AsyncWriteExt;
        let answer = if line.starts_with("GET /version") {
            fake::ok_json(fake::VERSION_1_41)
        } else if line.starts_with("GET ") {
            fake::status_json("404 Not Found", r#"{"message":"No such image"}"#)
        } else {
            return false;
        };
        let _ = stream.write_all(answer.as_bytes()).await;
        true
    }

    /// A fake engine that answers `GET`s ([`answered_get`]), then takes `upload_bytes` of a
    /// load's upload and neither reads more nor answers.
    fn stalling_engine(name: &str, upload_bytes: usize) -> crate::EngineAddress {
        use crate::engine::fake;
        use tokio::io::AsyncReadExt;
        let (listener, address) = fake::bind(name);
        fake::serve(listener, move |mut stream, line| async move {
            if answered_get(&mut stream, &line).await {
                return;
            }
            let mut taken = 0;
            let mut buf = [0u8; 65536];
            while taken < upload_bytes {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => taken += n,
                }
            }
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        });
        address
    }

    /// A fake engine that answers `GET`s ([`answered_get`]), reads a load's upload slowly
    /// but steadily (64 KB every 40 ms) and answers once the body has ended.
    fn slow_engine(name: &str) -> crate::EngineAddress {
        use crate::engine::fake;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (listener, address) = fake::bind(name);
        fake::serve(listener, move |mut stream, line| async move {
            if answered_get(&mut stream, &line).await {
                return;
            }
            let mut tail = Vec::new();
            let mut buf = vec![0u8; 65536];
            loop {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => tail.extend_from_slice(&buf[..n]),
                }
                if tail.ends_with(b"0\r\n\r\n") {
                    break;
                }
                let keep = tail.len().saturating_sub(8);
                tail.drain(..keep);
                tokio::time::sleep(std::time::Duration::from_millis(40)).await;
            }
            let _ = stream
                .write_all(fake::ok_json(r#"{"stream":"Loaded image: web:1\n"}"#).as_bytes())
                .await;
        });
        address
    }

    /// A fake engine that reads a load's upload, keeps what it received and tells whether
    /// the body ended, then answers that it loaded `web:1`; `web:1` names nothing on it.
    fn engine_noting_the_end(
        name: &str,
    ) -> (
        crate::EngineAddress,
        Arc<AtomicBool>,
        Arc<std::sync::Mutex<Vec<u8>>>,
    ) {
        engine_answering_the_load(name, r#"{"stream":"Loaded image: web:1\n"}"#)
    }

    /// [`engine_noting_the_end`], answering the load with `answer` (lines of JSON).
    fn engine_answering_the_load(
        name: &str,
        answer: &'static str,
    ) -> (
        crate::EngineAddress,
        Arc<AtomicBool>,
        Arc<std::sync::Mutex<Vec<u8>>>,
    ) {
        engine_changing_during_the_load(name, answer, Midway::Nothing)
    }

    /// What happens on a fake engine once a load's upload has begun to arrive.
    #[derive(Debug, Clone)]
    enum Midway {
        /// Nothing: `web:1` names no image, before or after.
        Nothing,
        /// `docker pull web:1` finishes (in a terminal): from then on `web:1` names `OTHER`.
        Pulled,
        /// The engine answers questions about images with an error from then on.
        Refuses,
        /// The engine closes the connection of every question about images from then on
        /// (going away).
        Vanishes,
        /// Questions about images go unanswered from then on, and the first one cancels
        /// the load with this (the user pressing Cancel while Imagen waits).
        Hangs(CancellationToken),
        /// `web:1` names `OTHER` until the upload has ended, then the loaded image: the
        /// containerd store moving a tag without a word about it.
        MovesSilently,
    }

    /// The image a tag pulled during the upload names.
    const OTHER: &str = "sha256:5555555555555555555555555555555555555555555555555555555555555555";

    /// The image a load gave `web:1` ([`Midway::MovesSilently`]).
    const LOADED: &str = "sha256:6666666666666666666666666666666666666666666666666666666666666666";

    /// [`engine_answering_the_load`], on which `midway` happens once the load's upload has
    /// begun to arrive (its first bytes read).
    fn engine_changing_during_the_load(
        name: &str,
        answer: &'static str,
        midway: Midway,
    ) -> (
        crate::EngineAddress,
        Arc<AtomicBool>,
        Arc<std::sync::Mutex<Vec<u8>>>,
    ) {
        use crate::engine::fake;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let ended = Arc::new(AtomicBool::new(false));
        let received = Arc::new(std::sync::Mutex::new(Vec::new()));
        let uploading = Arc::new(AtomicBool::new(false));
        let (noted, kept) = (ended.clone(), received.clone());
        let (listener, address) = fake::bind(name);
        fake::serve(listener, move |mut stream, line| {
            let (noted, kept) = (noted.clone(), kept.clone());
            let (uploading, midway) = (uploading.clone(), midway.clone());
            async move {
                if !line.starts_with("POST") {
                    let after = uploading.load(Ordering::SeqCst);
                    let answer = if line.starts_with("GET /version") {
                        fake::ok_json(fake::VERSION_1_41)
                    } else {
                        match midway {
                            Midway::Pulled if after && line.contains("/images/web:1/json") => {
                                fake::ok_json(&format!(r#"{{"Id":"{OTHER}"}}"#))
                            }
                            Midway::Refuses if after && line.contains("/images/") => {
                                fake::status_json(
                                    "500 Internal Server Error",
                                    r#"{"message":"the image store is locked"}"#,
                                )
                            }
                            Midway::Vanishes if after && line.contains("/images/") => return,
                            Midway::MovesSilently if line.contains("/images/web:1/json") => {
                                let id = if noted.load(Ordering::SeqCst) {
                                    LOADED
                                } else {
                                    OTHER
                                };
                                fake::ok_json(&format!(r#"{{"Id":"{id}"}}"#))
                            }
                            Midway::Hangs(cancel) if after && line.contains("/images/") => {
                                cancel.cancel();
                                std::future::pending::<String>().await
                            }
                            _ => {
                                fake::status_json("404 Not Found", r#"{"message":"No such image"}"#)
                            }
                        }
                    };
                    let _ = stream.write_all(answer.as_bytes()).await;
                    return;
                }
                kept.lock().unwrap().clear();
                let mut buf = vec![0u8; 65536];
                loop {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => {
                            kept.lock().unwrap().extend_from_slice(&buf[..n]);
                            uploading.store(true, Ordering::SeqCst);
                        }
                    }
                    if kept.lock().unwrap().ends_with(b"0\r\n\r\n") {
                        break;
                    }
                }
                noted.store(true, Ordering::SeqCst);
                // `CUT:`: the engine goes away part way through its answer (one chunk, then
                // the connection closes).
                let reply = match answer.strip_prefix("CUT:") {
                    Some(first) => format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{first}\r\n",
                        first.len()
                    ),
                    None => fake::ok_json(answer),
                };
                let _ = stream.write_all(reply.as_bytes()).await;
            }
        });
        (address, ended, received)
    }

    /// `docker save web:1 | bzip2 > kit.tar.bz2` (which `docker load` reads): the preview
    /// says it is bzip2, which Imagen cannot read, and what to do, not that it is no archive.
    #[tokio::test]
    async fn a_bzip2_kit_is_refused_as_bzip2() {
        let dir = crate::scratch::ScratchDir::new("kit-bzip2");
        let path = dir.join("kit.tar.bz2");
        std::fs::write(&path, super::super::archive::tests::BZIP2_HELLO).unwrap();
        let error = preview_archive(&path).await.unwrap_err();
        assert_eq!(
            error,
            Error::BadArchive {
                file: "kit.tar.bz2".into(),
                problem: super::super::ArchiveProblem::Bzip2,
            }
        );
        let said = error.to_string();
        assert!(said.contains("bzip2") && said.contains("bunzip2"), "{said}");
    }

    /// The Load dialog's first look at a file (a big kit on a slow USB stick; here a layer
    /// of a terabyte, sparse): it hears how far the file has been read, and a Cancel answers
    /// at once and stops the reading, closing the file, long before its end.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn a_preview_reports_its_reading_and_a_cancel_stops_it() {
        use std::io::Write;
        let dir = crate::scratch::ScratchDir::new("kit-preview-cancel");
        let path = dir.join("kit.tar");
        let mut file = std::fs::File::create(&path).unwrap();
        let size = 1u64 << 40;
        file.write_all(&super::super::archive::tests::big_layer_header(size))
            .unwrap();
        file.set_len(512 + size).unwrap();
        drop(file);
        // Whether a file descriptor of this process is the file.
        let open = || {
            std::fs::read_dir("/proc/self/fd")
                .unwrap()
                .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
                .any(|target| target == path)
        };
        let registry = KitRegistry::default();
        let heard = Arc::new(std::sync::Mutex::new(Vec::<LoadProgress>::new()));
        let noting = Arc::clone(&heard);
        let nowhere = Connection::new(crate::EngineAddress::new("unix:///nowhere"));
        let preview = preview_archive_followed(&nowhere, &registry, "preview-1", &path, move |p| {
            noting.lock().unwrap().push(p)
        });
        let cancel = async {
            while !heard.lock().unwrap().iter().any(|p| p.read > 0) {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            assert!(open(), "the file is not being read");
            assert!(registry.cancel("preview-1"), "the preview was not running");
        };
        let (answer, ()) = tokio::time::timeout(std::time::Duration::from_secs(20), async {
            tokio::join!(preview, cancel)
        })
        .await
        .expect("the cancelled preview answers at once");
        assert_eq!(answer.unwrap(), None);
        let last = heard.lock().unwrap().last().cloned().unwrap();
        assert!(
            last.checking && last.sent == 0 && last.total == 512 + size,
            "{last:?}"
        );
        // A terabyte takes minutes: closed within seconds, the reading stopped.
        let started = Instant::now();
        while open() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "the file is still read after the Cancel"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// The engine goes away part way through a load (Docker Desktop quit): the answer says
    /// what it had loaded, and the connection is dropped all the same, so the next call
    /// reconnects and the event watcher reopens at once.
    #[tokio::test]
    async fn an_engine_lost_part_way_through_a_load_is_forgotten() {
        let answer = concat!("CUT:", r#"{"stream":"Loaded image: web:1\n"}"#, "\r\n");
        let (address, _, _) = engine_answering_the_load("load-cut", answer);
        let dir = crate::scratch::ScratchDir::new("kit-load-cut");
        let path = dir.join("kit.tar");
        std::fs::write(&path, super::super::archive::tests::image_tar_of(100_000)).unwrap();
        let seen = preview_archive(&path).await.unwrap();
        let connection = Connection::new(address);
        let mut forgets = connection.forgets();
        forgets.mark_unchanged();
        let outcome = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            load_images(
                &connection,
                &KitRegistry::default(),
                "load-cut",
                &path,
                &seen,
                |_| {},
            ),
        )
        .await
        .expect("the load ends")
        .unwrap();
        let LoadOutcome::Failed { error, images, .. } = outcome else {
            panic!("{outcome:?}")
        };
        assert!(error.is_connection_failure(), "{error:?}");
        assert_eq!(images, ["web:1"]);
        assert!(forgets.has_changed().unwrap(), "the lost engine was kept");
    }

    /// The file is replaced by another archive between the check and the upload (a shared
    /// folder rewritten): the engine never gets its end-of-archive marker (dockerd 23+ would
    /// import at the marker whether or not the body then ends) nor the body's end, so
    /// nothing is loaded, and the answer is the new archive's preview to confirm again. The
    /// same file loads.
    #[tokio::test]
    async fn an_archive_replaced_after_its_check_is_not_loaded() {
        let (address, ended, received) = engine_noting_the_end("load-replaced");
        let engine = Engine::connect(address).await.unwrap();
        let dir = crate::scratch::ScratchDir::new("kit-load-replaced");
        let path = dir.join("kit.tar");
        std::fs::write(&path, super::super::archive::tests::image_tar_of(2_000_000)).unwrap();
        let checked = check(&path).await.unwrap();
        // Another archive under the same name.
        std::fs::write(&path, super::super::archive::tests::image_tar_of(3_000_000)).unwrap();
        let load = |checked| {
            let engine = engine.clone();
            let path = path.clone();
            async move {
                load_on(
                    &engine,
                    path,
                    "kit.tar",
                    "docker load -i kit.tar",
                    (checked, &[]),
                    &CancellationToken::new(),
                    &|_| {},
                )
                .await
            }
        };
        match load(&checked).await.unwrap() {
            LoadOutcome::Changed { preview, change } => {
                assert_eq!(change, LoadChange::Archive);
                assert_ne!(preview.bytes, checked.bytes);
                assert_eq!(preview.tags, ["web:1", "web:latest"]);
            }
            other => panic!("{other:?}"),
        }
        // The aborted upload reaches the fake's end.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(
            !ended.load(Ordering::SeqCst),
            "the replaced archive was sent whole"
        );
        // What the fake received after the request's head (as far as it came before the
        // abort): never 1024 zero bytes in a row, the end-of-archive marker (nothing before
        // it in this archive has such a run). That the marker is held back until the check
        // passes, wherever the abort lands, is archive.rs's
        // `the_end_of_archive_marker_is_held_back_when_asked`.
        let marker = |raw: &[u8]| raw.windows(1024).any(|w| w.iter().all(|&b| b == 0));
        let raw = received.lock().unwrap().clone();
        assert!(!raw.is_empty());
        assert!(!marker(&raw), "the end-of-archive marker was sent");
        // Checked again, the file as it is now loads, marker and all.
        let again = check(&path).await.unwrap();
        let outcome = load(&again).await.unwrap();
        assert!(matches!(outcome, LoadOutcome::Loaded { .. }), "{outcome:?}");
        assert!(ended.load(Ordering::SeqCst));
        assert!(marker(&received.lock().unwrap()));
    }

    /// Whether `raw` holds the end-of-archive marker: 1024 zero bytes in a row, which nothing
    /// before it has in these test archives.
    fn marker_in(raw: &[u8]) -> bool {
        let mut zeros = 0;
        raw.iter().any(|&b| {
            zeros = if b == 0 { zeros + 1 } else { 0 };
            zeros >= 1024
        })
    }

    /// A kit far larger than what the pipes to the engine hold: the engine has read much of
    /// it by the time its end is reached.
    fn big_kit(dir: &crate::scratch::ScratchDir) -> PathBuf {
        let path = dir.join("kit.tar");
        std::fs::write(&path, super::super::archive::tests::image_tar_of(8_000_000)).unwrap();
        path
    }

    /// During a long upload (a big kit from a USB stick), `docker pull web:1` finishes in a
    /// terminal: `web:1` names another image now, which the load would take it from without
    /// asking. Asked again right before the end-of-archive marker goes, the engine says so:
    /// neither the marker nor the body's end is sent (nothing is loaded), and the answer is
    /// the preview as it is now, for the user to confirm again. Confirmed, it loads.
    #[tokio::test]
    async fn a_tag_taken_during_the_upload_stops_the_load_before_its_end() {
        let (address, ended, received) = engine_changing_during_the_load(
            "load-pulled",
            r#"{"stream":"Loaded image: web:1\n"}"#,
            Midway::Pulled,
        );
        let connection = Connection::new(address);
        let dir = crate::scratch::ScratchDir::new("kit-load-pulled");
        let path = big_kit(&dir);
        let seen = preview_archive_on(&connection, &path).await.unwrap();
        assert_eq!(seen.taken, Some(vec![]));
        let registry = KitRegistry::default();
        let load = |id: &'static str, seen: ArchivePreview| {
            let (connection, registry, path) = (&connection, &registry, &path);
            async move {
                tokio::time::timeout(
                    std::time::Duration::from_secs(30),
                    load_images(connection, registry, id, path, &seen, |_| {}),
                )
                .await
                .expect("the load ends")
                .unwrap()
            }
        };
        let outcome = load("load-1", seen.clone()).await;
        let LoadOutcome::Changed { preview, change } = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(change, LoadChange::Archive);
        assert_eq!(
            preview.taken,
            Some(vec![TagTaken {
                tag: "web:1".into(),
                holder: OTHER.into(),
            }])
        );
        assert_eq!((preview.bytes, &preview.tags), (seen.bytes, &seen.tags));
        // The aborted upload reaches the fake's end.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!ended.load(Ordering::SeqCst), "the upload ended cleanly");
        let raw = received.lock().unwrap().clone();
        assert!(
            raw.len() > 1_000_000,
            "the upload was under way: {}",
            raw.len()
        );
        assert!(!marker_in(&raw), "the end-of-archive marker was sent");
        // The preview as it is now, confirmed: the engine still matches it at the marker.
        let outcome = load("load-2", preview).await;
        assert!(matches!(outcome, LoadOutcome::Loaded { .. }), "{outcome:?}");
        assert!(ended.load(Ordering::SeqCst));
        assert!(marker_in(&received.lock().unwrap()));
    }

    /// The engine cannot say, right before the marker, which tags the load would take (it
    /// refuses the question, or goes away): nothing is loaded, and the answer is why.
    #[tokio::test]
    async fn a_load_whose_last_check_gets_no_answer_loads_nothing() {
        for (name, midway) in [
            ("load-refuses", Midway::Refuses),
            ("load-vanishes", Midway::Vanishes),
        ] {
            let (address, ended, received) = engine_changing_during_the_load(
                name,
                r#"{"stream":"Loaded image: web:1\n"}"#,
                midway.clone(),
            );
            let connection = Connection::new(address);
            let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
            let path = big_kit(&dir);
            let seen = preview_archive_on(&connection, &path).await.unwrap();
            let result = tokio::time::timeout(
                std::time::Duration::from_secs(30),
                load_images(
                    &connection,
                    &KitRegistry::default(),
                    "load-1",
                    &path,
                    &seen,
                    |_| {},
                ),
            )
            .await
            .expect("the load ends");
            match midway {
                Midway::Refuses => assert!(
                    matches!(&result, Err(Error::EngineRejected { status: 500, message }) if message == "the image store is locked"),
                    "{result:?}"
                ),
                _ => assert!(
                    matches!(&result, Err(e) if e.is_connection_failure()),
                    "{result:?}"
                ),
            }
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert!(!ended.load(Ordering::SeqCst), "{name}: the upload ended");
            assert!(
                !marker_in(&received.lock().unwrap()),
                "{name}: the end-of-archive marker was sent"
            );
        }
    }

    /// A Cancel while the load waits for the engine's answer right before the marker (an
    /// engine slow to answer) ends the load at once: nothing is loaded, nothing more sent.
    #[tokio::test]
    async fn a_cancel_during_the_last_check_loads_nothing() {
        let cancel = CancellationToken::new();
        let (address, ended, received) = engine_changing_during_the_load(
            "load-hangs",
            r#"{"stream":"Loaded image: web:1\n"}"#,
            Midway::Hangs(cancel.clone()),
        );
        let engine = Engine::connect(address).await.unwrap();
        let dir = crate::scratch::ScratchDir::new("kit-load-hangs");
        let path = big_kit(&dir);
        let checked = check(&path).await.unwrap();
        let outcome = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            load_on(
                &engine,
                path,
                "kit.tar",
                "docker load -i kit.tar",
                (&checked, &[]),
                &cancel,
                &|_| {},
            ),
        )
        .await
        .expect("a cancelled load ends at once")
        .unwrap();
        assert_eq!(outcome, LoadOutcome::cancelled(false));
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!ended.load(Ordering::SeqCst), "the upload ended");
        assert!(!marker_in(&received.lock().unwrap()));
    }

    /// The preview was made on one engine; Imagen then reconnected to another (Automatic
    /// mode and `docker context use`, Docker Desktop restarting onto another context): the
    /// load sends nothing to the engine it is on now and answers `Changed`, another engine,
    /// with the preview as it is there. Confirmed again, that preview loads there.
    #[tokio::test]
    async fn a_preview_made_on_another_engine_loads_nothing() {
        let (seen_on, ..) = engine_noting_the_end("load-seen-on");
        let (now_on, ended, received) = engine_noting_the_end("load-now-on");
        let dir = crate::scratch::ScratchDir::new("kit-load-engine");
        let path = dir.join("kit.tar");
        std::fs::write(&path, super::super::archive::tests::image_tar_of(100_000)).unwrap();
        let seen = preview_archive_on(&Connection::new(seen_on.clone()), &path)
            .await
            .unwrap();
        assert_eq!(seen.engine.as_deref(), Some(seen_on.as_str()));
        assert_eq!(seen.taken, Some(vec![]));
        // Both engines alike (the same version, no tag of the archive in use): only which
        // engine it is tells them apart.
        let now = Connection::new(now_on.clone());
        let registry = KitRegistry::default();
        let outcome = load_images(&now, &registry, "load-1", &path, &seen, |_| {})
            .await
            .unwrap();
        let LoadOutcome::Changed { preview, change } = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(
            change,
            LoadChange::EngineSwitched {
                from: seen_on.as_str().to_owned(),
                to: now_on.as_str().to_owned(),
            }
        );
        assert_eq!(preview.engine.as_deref(), Some(now_on.as_str()));
        assert_eq!(preview.taken, Some(vec![]));
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert!(received.lock().unwrap().is_empty(), "an upload began");
        assert!(!ended.load(Ordering::SeqCst));
        // The preview as it is on this engine, confirmed: it loads. The dialog hears of the
        // check again before the upload (a big file on a USB stick takes minutes there), then
        // of the upload.
        let heard = Arc::new(std::sync::Mutex::new(Vec::<LoadProgress>::new()));
        let noting = Arc::clone(&heard);
        let outcome = load_images(&now, &registry, "load-2", &path, &preview, move |p| {
            noting.lock().unwrap().push(p)
        })
        .await
        .unwrap();
        assert!(matches!(outcome, LoadOutcome::Loaded { .. }), "{outcome:?}");
        assert!(ended.load(Ordering::SeqCst));
        let heard = heard.lock().unwrap();
        let first = heard.first().expect("progress was reported");
        assert!(first.checking && first.sent == 0, "{first:?}");
        assert!(first.read <= first.total);
        let last = heard.last().unwrap();
        assert!(!last.checking && last.ended, "{last:?}");
        let checks = heard.iter().take_while(|p| p.checking).count();
        assert!(heard[checks..].iter().all(|p| !p.checking), "{heard:?}");
    }

    /// Loads a small kit (`web:1`, `web:latest`) from a scratch folder `dir` into the engine
    /// at `address`, the user having been told it takes `taken`; its outcome.
    async fn load_a_kit_into(
        address: crate::EngineAddress,
        dir: &str,
        taken: &[TagTaken],
    ) -> LoadOutcome {
        let engine = Engine::connect(address).await.unwrap();
        let dir = crate::scratch::ScratchDir::new(dir);
        let path = dir.join("kit.tar");
        std::fs::write(&path, super::super::archive::tests::image_tar_of(100_000)).unwrap();
        let checked = check(&path).await.unwrap();
        load_on(
            &engine,
            path,
            "kit.tar",
            "docker load -i kit.tar",
            (&checked, taken),
            &CancellationToken::new(),
            &|_| {},
        )
        .await
        .unwrap()
    }

    /// The engine loads one image, moves a tag, and then fails (its disk is full): the
    /// answer is the failure with what it had already done, which stays on the engine.
    #[tokio::test]
    async fn a_load_that_fails_part_way_says_what_it_had_loaded_and_moved() {
        const HOLDER: &str =
            "sha256:9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e";
        let answer = concat!(
            r#"{"stream":"Loaded image: web:1\n"}"#,
            "\r\n",
            r#"{"stream":"The image web:latest already exists, renaming the old one with ID sha256:9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e9f8e to empty string\n"}"#,
            "\r\n",
            r#"{"errorDetail":{"message":"write /var/lib/docker/tmp/x: no space left on device"},"error":"write /var/lib/docker/tmp/x: no space left on device"}"#,
            "\r\n"
        );
        let (address, ended, _) = engine_answering_the_load("load-part-way", answer);
        let outcome = load_a_kit_into(address, "kit-load-part-way", &[]).await;
        assert!(ended.load(Ordering::SeqCst));
        let LoadOutcome::Failed {
            error,
            images,
            moved,
        } = outcome
        else {
            panic!("{outcome:?}")
        };
        assert!(matches!(error, Error::DiskFull { .. }), "{error:?}");
        assert_eq!(images, ["web:1"]);
        assert_eq!(
            moved,
            [TagTaken {
                tag: "web:latest".into(),
                holder: HOLDER.into(),
            }]
        );
    }

    /// The containerd store loads an image, cannot unpack it (its disk is full), says so as
    /// one more line of text and answers a success: the load is a failure that says so, with
    /// what it loaded.
    #[tokio::test]
    async fn an_image_loaded_but_not_unpacked_is_a_failure_with_what_loaded() {
        let answer = concat!(
            r#"{"stream":"Loaded image: web:1\n"}"#,
            "\r\n",
            r#"{"stream":"Error unpacking image web:1: failed to extract layer: write /var/lib/docker/x: no space left on device\n"}"#,
            "\r\n"
        );
        let (address, _, _) = engine_answering_the_load("load-unpack", answer);
        let outcome = load_a_kit_into(address, "kit-load-unpack", &[]).await;
        let LoadOutcome::Failed { error, images, .. } = outcome else {
            panic!("{outcome:?}")
        };
        assert!(matches!(error, Error::DiskFull { .. }), "{error:?}");
        assert_eq!(images, ["web:1"]);
    }

    /// The containerd store moves a tag without saying so: the tag the user was told the
    /// load takes, which names the loaded image afterwards, is reported moved all the same.
    #[tokio::test]
    async fn a_tag_moved_without_a_word_is_reported_moved() {
        let (address, _, _) = engine_changing_during_the_load(
            "load-moves-silently",
            r#"{"stream":"Loaded image: web:1\n"}"#,
            Midway::MovesSilently,
        );
        let taken = [TagTaken {
            tag: "web:1".into(),
            holder: OTHER.into(),
        }];
        let outcome = load_a_kit_into(address, "kit-load-moves-silently", &taken).await;
        let LoadOutcome::Loaded { moved, .. } = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(moved, taken);
    }

    /// With the engine down, a load says so at once: the file is not read again first
    /// (minutes for a big one on a USB stick), and nothing says it is being checked.
    #[tokio::test]
    async fn a_load_with_the_engine_down_fails_before_reading_the_file_again() {
        let dir = crate::scratch::ScratchDir::new("kit-load-down");
        let path = dir.join("kit.tar");
        std::fs::write(&path, super::super::archive::tests::image_tar_of(100_000)).unwrap();
        let seen = preview_archive(&path).await.unwrap();
        let nobody = crate::engine::fake::absent("kit-load-down");
        let heard = Arc::new(std::sync::Mutex::new(Vec::<LoadProgress>::new()));
        let noting = Arc::clone(&heard);
        let result = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            load_images(
                &Connection::new(nobody),
                &KitRegistry::default(),
                "load-down",
                &path,
                &seen,
                move |p| noting.lock().unwrap().push(p),
            ),
        )
        .await
        .expect("a load with the engine down ends at once");
        assert!(
            matches!(result, Err(Error::EngineUnreachable { .. })),
            "{result:?}"
        );
        let heard = heard.lock().unwrap();
        assert!(heard.iter().all(|p| !p.checking), "{heard:?}");
    }

    /// An archive made on an Apple-silicon Mac, previewed on an amd64 engine: the preview
    /// says the image's platform and the engine's, for the dialog to tell them apart.
    #[tokio::test]
    async fn a_preview_says_each_images_platform_and_the_engines() {
        use crate::engine::fake::{self, Answer};
        let hex = "7".repeat(64);
        let config = format!("{hex}.json");
        let manifest = format!(r#"[{{"Config":"{config}","RepoTags":["web:1"],"Layers":[]}}]"#);
        let tar = super::super::archive::tests::tar(&[
            (
                &config,
                br#"{"architecture":"arm64","os":"linux","variant":"v8"}"#,
            ),
            ("manifest.json", manifest.as_bytes()),
        ]);
        let dir = crate::scratch::ScratchDir::new("kit-platform");
        let path = dir.join("arm.tar");
        std::fs::write(&path, tar).unwrap();
        let address = fake::scripted("kit-platform", fake::VERSION_1_41, false, |_| {
            Answer::no_such_image()
        });
        let preview = preview_archive_on(&Connection::new(address), &path)
            .await
            .unwrap();
        assert_eq!(
            preview.platforms,
            [crate::kit::ImagePlatform {
                tags: vec!["web:1".into()],
                id: Some(format!("sha256:{hex}")),
                platform: "linux/arm64/v8".into(),
            }]
        );
        assert_eq!(preview.engine_platform.as_deref(), Some("linux/amd64"));
        // Without an engine, the archive's side only.
        let alone = preview_archive(&path).await.unwrap();
        assert_eq!(alone.platforms, preview.platforms);
        assert_eq!(alone.engine_platform, None);
    }

    /// A preview made while no engine answered names none: the load compares the archive
    /// and its tags only. Another engine comes first, whatever else changed.
    #[test]
    fn another_engine_is_the_change_whatever_else_matches() {
        let on = |engine: Option<&str>, bytes| ArchivePreview {
            file: "kit.tar".into(),
            bytes,
            compression: Compression::None,
            decompress_first: false,
            tags: vec!["web:1".into()],
            images: 1,
            taken: Some(vec![]),
            platforms: vec![],
            engine_platform: None,
            engine: engine.map(str::to_owned),
        };
        let (a, b) = (Some("unix:///a.sock"), Some("unix:///b.sock"));
        assert_eq!(load_change(&on(a, 1), &on(a, 1)), None);
        assert_eq!(load_change(&on(None, 1), &on(b, 1)), None);
        assert_eq!(load_change(&on(a, 1), &on(a, 2)), Some(LoadChange::Archive));
        let switched = Some(LoadChange::EngineSwitched {
            from: "unix:///a.sock".into(),
            to: "unix:///b.sock".into(),
        });
        assert_eq!(load_change(&on(a, 1), &on(b, 1)), switched);
        assert_eq!(load_change(&on(a, 1), &on(b, 2)), switched);
    }

    /// A compressed file is read in big steps (one read can hold megabytes of tar): the
    /// engine taking the tar steadily is no stall, however long the file's own count stands
    /// still.
    #[tokio::test]
    async fn a_slow_engine_taking_a_compressed_archive_steadily_is_not_stalled() {
        use std::time::Duration;
        let limits = crate::engine::Limits {
            load_stall: Duration::from_millis(500),
            load_import: Duration::from_secs(5),
            ..crate::engine::Limits::default()
        };
        let engine = Engine::connect_with(slow_engine("load-slow"), limits)
            .await
            .unwrap();
        let dir = crate::scratch::ScratchDir::new("kit-load-slow");
        let path = dir.join("kit.tar.zst");
        let tar = super::super::archive::tests::image_tar_of(4_000_000);
        std::fs::write(&path, super::super::archive::tests::zstd(&tar)).unwrap();
        let checked = check(&path).await.unwrap();
        let total = checked.bytes;
        assert!(total * 10 < tar.len() as u64, "compressed: {total}");
        let outcome = load_on(
            &engine,
            path,
            "kit.tar.zst",
            "zstd -dc kit.tar.zst | docker load",
            (&checked, &[]),
            &CancellationToken::new(),
            &|_| {},
        )
        .await
        .unwrap();
        assert!(
            matches!(&outcome, LoadOutcome::Loaded { images, .. } if images == &["web:1"]),
            "{outcome:?}"
        );
    }

    /// Loads a 4 MB archive into an engine that takes `upload_bytes` of it and then goes
    /// quiet: the error, how long it took, and whether the last progress said the engine had
    /// taken the whole archive (`ended`).
    async fn load_into_stalling(
        name: &str,
        upload_bytes: usize,
    ) -> (Error, std::time::Duration, bool) {
        use std::time::Duration;
        let limits = crate::engine::Limits {
            load_stall: Duration::from_millis(500),
            load_import: Duration::from_millis(800),
            ..crate::engine::Limits::default()
        };
        let engine = Engine::connect_with(stalling_engine(name, upload_bytes), limits)
            .await
            .unwrap();
        let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
        let path = dir.join("kit.tar");
        std::fs::write(&path, super::super::archive::tests::image_tar_of(4_000_000)).unwrap();
        let checked = check(&path).await.unwrap();
        let started = std::time::Instant::now();
        let ended = Arc::new(AtomicBool::new(false));
        let seen = ended.clone();
        let result = tokio::time::timeout(
            Duration::from_secs(20),
            load_on(
                &engine,
                path,
                "kit.tar",
                "docker load -i kit.tar",
                (&checked, &[]),
                &CancellationToken::new(),
                &move |p: LoadProgress| seen.store(p.ended, Ordering::Relaxed),
            ),
        )
        .await
        .expect("a stalled load must end by itself");
        (
            result.unwrap_err(),
            started.elapsed(),
            ended.load(Ordering::Relaxed),
        )
    }

    /// A load that moves nothing while a read of its file waits on the drive (a USB stick
    /// asleep or pulled out) is the drive's problem, said of the file; otherwise the engine's.
    #[tokio::test]
    async fn a_stall_while_the_drive_holds_the_file_is_said_of_the_file() {
        let address = crate::engine::fake::silent_but_pinging("load-drive-asleep", true);
        let engine = Engine::connect(address.clone()).await.unwrap();
        assert!(matches!(
            stall_error(&engine, "kit.tar", 180, true),
            Error::FileProblem {
                ref file,
                trouble: crate::error::FileTrouble::Unresponsive,
                writing: false,
                ..
            } if file == "kit.tar"
        ));
        assert_eq!(
            stall_error(&engine, "kit.tar", 180, false),
            Error::EngineTimeout {
                address: address.to_string(),
                seconds: 180
            }
        );
    }

    #[tokio::test]
    async fn an_upload_the_engine_stops_reading_ends_after_the_stall_limit() {
        let (err, took, whole) = load_into_stalling("load-stall", 256 * 1024).await;
        assert!(!whole, "the stall came while sending");
        assert!(
            matches!(err, Error::EngineTimeout { .. }),
            "{err:?} after {took:?}"
        );
        assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    }

    #[tokio::test]
    async fn an_archive_read_whole_but_never_answered_ends_after_the_import_limit() {
        let (err, took, whole) = load_into_stalling("load-import", usize::MAX).await;
        assert!(
            whole,
            "the engine took the archive whole: the dialog says it imports"
        );
        assert!(
            matches!(err, Error::EngineTimeout { .. }),
            "{err:?} after {took:?}"
        );
        assert!(took >= std::time::Duration::from_millis(800), "{took:?}");
        assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    }

    /// A Cancel once the engine has taken the whole archive says it was importing (the
    /// images it had finished stay); one while the archive is still being sent says not.
    #[tokio::test]
    async fn a_cancel_says_whether_the_engine_was_already_importing() {
        for (name, upload_bytes, when_ended) in [
            ("cancel-sending", 256 * 1024, false),
            ("cancel-importing", usize::MAX, true),
        ] {
            let engine = Engine::connect_with(
                stalling_engine(name, upload_bytes),
                crate::engine::Limits::default(),
            )
            .await
            .unwrap();
            let dir = crate::scratch::ScratchDir::new(&format!("kit-{name}"));
            let path = dir.join("kit.tar");
            std::fs::write(&path, super::super::archive::tests::image_tar_of(4_000_000)).unwrap();
            let checked = check(&path).await.unwrap();
            let cancel = CancellationToken::new();
            let asked = cancel.clone();
            let outcome = tokio::time::timeout(
                std::time::Duration::from_secs(20),
                load_on(
                    &engine,
                    path,
                    "kit.tar",
                    "docker load -i kit.tar",
                    (&checked, &[]),
                    &cancel,
                    // Cancel at the first report, or once the engine has the whole archive.
                    &move |p: LoadProgress| {
                        if p.ended || !when_ended {
                            asked.cancel();
                        }
                    },
                ),
            )
            .await
            .expect("a cancelled load ends at once")
            .unwrap();
            assert_eq!(outcome, LoadOutcome::cancelled(when_ended), "{name}");
        }
    }

    #[test]
    fn reads_what_the_engine_says_it_loaded() {
        let mut heard = Heard::default();
        read_message(br#"{"stream":"Loaded image: web:1\n"}"#, &mut heard).unwrap();
        read_message(
            br#"{"stream":"Loaded image ID: sha256:1a2b\n"}"#,
            &mut heard,
        )
        .unwrap();
        assert_eq!(heard.images, ["web:1", "sha256:1a2b"]);
        let err = read_message(
            br#"{"errorDetail":{"message":"write /x: no space left on device"},"error":"x"}"#,
            &mut heard,
        )
        .unwrap_err();
        assert!(matches!(err, Error::DiskFull { .. }));
        assert!(matches!(
            read_message(br#"{"error":"unexpected EOF"}"#, &mut heard),
            Err(Error::EngineRejected { .. })
        ));
        assert!(heard.moved.is_empty());
        assert!(heard.unpack_failed.is_none());
    }

    /// moby's containerd store says it loaded an image, then, as text, that it could not
    /// unpack it (`daemon/containerd/image_exporter.go`); the load goes on to the next.
    #[test]
    fn reads_an_image_loaded_but_not_unpacked() {
        let mut heard = Heard::default();
        read_message(br#"{"stream":"Loaded image: web:1\n"}"#, &mut heard).unwrap();
        read_message(
            br#"{"stream":"Error unpacking image web:1: failed to extract layer sha256:1a2b: write /var/lib/docker/x: no space left on device\n"}"#,
            &mut heard,
        )
        .unwrap();
        read_message(br#"{"stream":"Loaded image: web:2\n"}"#, &mut heard).unwrap();
        assert_eq!(heard.images, ["web:1", "web:2"]);
        // Podman's one line for the whole archive.
        let mut podman = Heard::default();
        read_message(
            br#"{"stream":"Loaded image: localhost/web:1,docker.io/library/nginx:1.27\n"}"#,
            &mut podman,
        )
        .unwrap();
        assert_eq!(
            podman.images,
            ["localhost/web:1", "docker.io/library/nginx:1.27"]
        );
        let Some(Error::DiskFull { message }) = &heard.unpack_failed else {
            panic!("{:?}", heard.unpack_failed)
        };
        assert!(
            message.starts_with("Error unpacking image web:1: "),
            "{message}"
        );
    }

    /// moby's line when a load moves a tag (`image/tarexport/load.go`, `setLoadedTag`).
    #[test]
    fn reads_a_tag_the_load_moved() {
        let mut heard = Heard::default();
        read_message(
            br#"{"stream":"The image web:1 already exists, renaming the old one with ID sha256:9f8e to empty string\n"}"#,
            &mut heard,
        )
        .unwrap();
        assert_eq!(
            heard.moved,
            [TagTaken {
                tag: "web:1".into(),
                holder: "sha256:9f8e".into()
            }]
        );
        assert!(heard.images.is_empty());
    }
}
