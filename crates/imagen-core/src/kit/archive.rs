//! Reading an image archive before (and while) it goes to the engine: the compression from
//! its first bytes, a pure-Rust decompressor for it, and a tar scanner that checks the whole
//! archive up to its end-of-archive marker, keeps `manifest.json` (and an OCI layout's
//! `index.json`), the names of every part and the platform each small image config says,
//! and then checks that each part `manifest.json` names is there.
//!
//! The scanner is push-based ([`TarScan::push`] takes any slice of the archive), so the same
//! code checks a file offered for loading, the decompressed stream while it is uploaded, and
//! the archive the engine sends while saving.

use super::{ArchiveProblem, Compression, Damage, ImagePlatform};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};

const BLOCK: usize = 512;
/// How much is read from the file (or the decompressor) at a time.
const CHUNK: usize = 256 * 1024;
/// `manifest.json` of even hundreds of images is a few hundred kilobytes.
const MAX_MANIFEST: u64 = 64 * 1024 * 1024;
/// A PAX header or GNU long name: a few records.
const MAX_EXTENDED: u64 = 1024 * 1024;
/// An image config is a few kilobytes (its history makes a long one tens): a part named as
/// a config may be (`HEX.json`, `blobs/sha256/HEX`) no larger than this is read for its
/// platform, one at a time; a layer, larger, is not.
const MAX_CONFIG: u64 = 512 * 1024;
/// At most this many platforms are kept (far more images than any kit holds), each a few
/// short parts (`platform_part`): an archive of many small blobs takes no more memory than
/// that.
const MAX_PLATFORMS: usize = 10_000;

/// The compression a file's first bytes name, or why it is no archive Imagen reads: a
/// bzip2 file (which `docker load` reads, and Imagen cannot decompress) is said to be one.
pub(crate) fn detect(head: &[u8]) -> Result<Compression, ArchiveProblem> {
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Compression::Gzip)
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Ok(Compression::Xz)
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Ok(Compression::Zstd)
    } else if head.len() >= BLOCK
        && (head[..BLOCK].iter().all(|&b| b == 0) || checksum_ok(&head[..BLOCK]))
    {
        Ok(Compression::None)
    } else if is_bzip2(head) {
        Err(ArchiveProblem::Bzip2)
    } else {
        Err(ArchiveProblem::NotAnArchive)
    }
}

/// A bzip2 stream's start: `BZh`, the block size (`1` to `9`), then the magic of its first
/// block (π's digits in BCD) or, for an empty stream, of its end (√π's).
fn is_bzip2(head: &[u8]) -> bool {
    const BLOCK_MAGIC: [u8; 6] = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];
    const END_MAGIC: [u8; 6] = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90];
    match head {
        [b'B', b'Z', b'h', size, magic @ ..] if (b'1'..=b'9').contains(size) => {
            magic.starts_with(&BLOCK_MAGIC) || magic.starts_with(&END_MAGIC)
        }
        _ => false,
    }
}

/// A tar header's checksum: the sum of its bytes with the checksum field read as spaces
/// (unsigned, or signed as some old tars wrote it).
fn checksum_ok(block: &[u8]) -> bool {
    let Some(want) = octal(&block[148..156]) else {
        return false;
    };
    let (mut unsigned, mut signed) = (0u64, 0i64);
    for (i, &b) in block.iter().enumerate() {
        let b = if (148..156).contains(&i) { b' ' } else { b };
        unsigned += u64::from(b);
        signed += i64::from(b as i8);
    }
    want == unsigned || i64::try_from(want).is_ok_and(|w| w == signed)
}

/// An octal number field (spaces and NULs around it), or GNU's base-256 for large sizes.
fn octal(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        let mut n: u64 = u64::from(field[0] & 0x7f);
        for &b in &field[1..] {
            n = n.checked_mul(256)?.checked_add(u64::from(b))?;
        }
        return Some(n);
    }
    let text = std::str::from_utf8(field).ok()?;
    let text = text.trim_matches(|c: char| c == ' ' || c == '\0');
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
}

/// A C string field.
fn cstr(field: &[u8]) -> String {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

/// A part name with a leading "./" and a trailing "/" trimmed, as `manifest.json` names parts.
fn normalise(name: &str) -> String {
    let mut name = name;
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    name.trim_end_matches('/').to_owned()
}

/// What an entry's data is kept for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    Nothing,
    Manifest,
    Index,
    /// A part small enough, and named so, that it may be an image config.
    Config,
    Pax,
    LongName,
}

#[derive(Debug)]
enum State {
    /// Collecting a 512-byte header block (in `TarScan::block`).
    Header,
    /// Inside an entry's data, then its padding.
    Data { left: u64, pad: u64, keep: Keep },
    /// Past the end-of-archive marker (two zero blocks); the rest is ignored.
    Ended,
}

/// What a complete, well-formed archive holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Contents {
    /// `RepoTags` of every image, in order.
    pub tags: Vec<String>,
    /// How many images `manifest.json` lists.
    pub images: u32,
    /// The IDs of the images without a tag (`sha256:…`, from their config's name).
    pub untagged: Vec<String>,
    /// Each tag with the IDs an engine may give the image it names once loaded: its
    /// config's digest (the classic image store), and, in an OCI layout (docker 25+),
    /// the digest `index.json` gives it (the containerd image store, which names images
    /// from `index.json` and ignores `manifest.json`). Empty when neither is known.
    pub named: Vec<(String, Vec<String>)>,
    /// The platform of each image whose config says it, in `manifest.json`'s order.
    pub platforms: Vec<ImagePlatform>,
}

impl Contents {
    /// The IDs the archive gives the image `tag` names (the tag however it is spelt: `nginx:1`
    /// = `docker.io/library/nginx:1`), or `None` when the archive does not name it.
    pub(crate) fn ids_of(&self, tag: &str) -> Option<&[String]> {
        let key = tag_key(tag);
        self.named
            .iter()
            .find(|(t, _)| t == tag || (key.is_some() && tag_key(t) == key))
            .map(|(_, ids)| ids.as_slice())
    }
}

/// A `RepoTags` entry `docker load` takes: a name with a tag and no digest (moby's tar
/// export refuses any other, and only after loading the images named before it; and a tag
/// with invisible characters would be shown as another).
fn check_tag(tag: &str) -> Result<(), ArchiveProblem> {
    let bad = || ArchiveProblem::BadTag {
        tag: crate::input::visible(tag).into_owned(),
    };
    if crate::input::text("tag", tag).is_err() {
        return Err(bad());
    }
    match crate::reference::ImageRef::parse(tag) {
        Ok(r) if !r.to_parsed().tag_defaulted && r.digest().is_none() => Ok(()),
        _ => Err(bad()),
    }
}

/// The image ID a config part's name carries: `blobs/sha256/HEX` (docker 25+) or
/// `HEX.json` (before).
fn config_id(config: &str) -> Option<String> {
    let last = config.rsplit('/').next()?;
    crate::images::sha256_of_bare_hex(last.strip_suffix(".json").unwrap_or(last))
}

/// `index.json` of an OCI layout: the images the containerd image store loads, each
/// with the name it gets (`io.containerd.image.name`, a full reference).
#[derive(Debug, Deserialize)]
struct OciIndex {
    #[serde(default)]
    manifests: Vec<OciEntry>,
}

#[derive(Debug, Deserialize)]
struct OciEntry {
    digest: String,
    #[serde(default)]
    annotations: HashMap<String, String>,
}

/// A tag however it is spelt (`nginx:1` = `docker.io/library/nginx:1`).
fn tag_key(name: &str) -> Option<String> {
    crate::reference::ImageRef::parse(name)
        .ok()
        .map(|r| r.to_string())
}

/// The names `index.json` gives (familiar form, `nginx:1`), each with its image's digest
/// (`None` when it is no SHA-256: the name is still checked, against any holder). An index
/// that cannot be read is left out: the classic store never reads it, and the containerd
/// store refuses the load itself.
fn index_names(index: &[u8]) -> Vec<(String, Option<String>)> {
    let Ok(index) = serde_json::from_slice::<OciIndex>(index) else {
        return Vec::new();
    };
    index
        .manifests
        .into_iter()
        .filter_map(|entry| {
            let name = entry.annotations.get("io.containerd.image.name")?;
            let name = crate::reference::ImageRef::parse(name).ok()?.familiar();
            let digest = entry
                .digest
                .strip_prefix("sha256:")
                .and_then(crate::images::sha256_of_bare_hex);
            Some((name, digest))
        })
        .collect()
}

/// What an image config says of the platform it was built for (moby's and OCI's `os`,
/// `architecture` and `variant`); any other JSON reads as none.
#[derive(Debug, Deserialize)]
struct ConfigPlatform {
    os: Option<String>,
    architecture: Option<String>,
    variant: Option<String>,
}

/// `os/architecture[/variant]` of an image config (`linux/arm64/v8`), architectures named
/// as Docker names them (`x86_64` → `amd64`, `aarch64` → `arm64`); `None` when `data` is
/// no config that says both.
/// A platform's part as registries and engines spell them (`linux`, `arm64`, `v8`): short,
/// lowercase. Anything else in a config is no platform (and is not kept: a config may be half
/// a megabyte of one string).
fn platform_part(part: Option<String>) -> Option<String> {
    part.filter(|p| {
        (1..=32).contains(&p.len())
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    })
}

fn platform_of(data: &[u8]) -> Option<String> {
    let config: ConfigPlatform = serde_json::from_slice(data).ok()?;
    let os = platform_part(config.os)?;
    let architecture = match platform_part(config.architecture)?.as_str() {
        "x86_64" | "x86-64" => "amd64".to_owned(),
        "aarch64" => "arm64".to_owned(),
        other => other.to_owned(),
    };
    let mut platform = format!("{os}/{architecture}");
    if let Some(variant) = platform_part(config.variant) {
        platform.push('/');
        platform.push_str(&variant);
    }
    // Shown to the user: nothing that would make it read as something else.
    Some(crate::input::visible(&platform).into_owned())
}

/// One image in `manifest.json`, as `docker save` writes it.
#[derive(Debug, Deserialize)]
struct ManifestEntry {
    #[serde(rename = "Config")]
    config: String,
    #[serde(rename = "RepoTags", default)]
    repo_tags: Option<Vec<String>>,
    #[serde(rename = "Layers", default)]
    layers: Vec<String>,
}

/// Checks a tar archive pushed to it piece by piece.
#[derive(Debug)]
pub(crate) struct TarScan {
    block: Vec<u8>,
    state: State,
    zero_blocks: u8,
    entries: u64,
    names: HashSet<String>,
    kept: Vec<u8>,
    manifest: Option<Vec<u8>>,
    index: Option<Vec<u8>>,
    /// The platform each config-sized part says, by its name (the config's, before the
    /// manifest that names it in a classic `docker save`, anywhere in an OCI layout).
    platforms: HashMap<String, String>,
    /// The name of the entry whose data is being read.
    current: String,
    next_name: Option<String>,
    next_size: Option<u64>,
    /// Bytes of the archive taken so far (up to its end-of-archive marker).
    offset: u64,
    /// Where the end-of-archive marker (its first zero block) starts.
    end_at: Option<u64>,
}

impl Default for TarScan {
    fn default() -> Self {
        Self {
            block: Vec::with_capacity(BLOCK),
            state: State::Header,
            zero_blocks: 0,
            entries: 0,
            names: HashSet::new(),
            kept: Vec::new(),
            manifest: None,
            index: None,
            platforms: HashMap::new(),
            current: String::new(),
            next_name: None,
            next_size: None,
            offset: 0,
            end_at: None,
        }
    }
}

fn damaged(damage: Damage) -> ArchiveProblem {
    ArchiveProblem::Corrupt { damage }
}

impl TarScan {
    /// Where the archive's end-of-archive marker starts, once it was seen: an engine that
    /// has every byte before it has every entry, but does not know the archive has ended.
    pub(crate) fn end_at(&self) -> Option<u64> {
        self.end_at
    }

    /// The next piece of the archive.
    pub(crate) fn push(&mut self, mut data: &[u8]) -> Result<(), ArchiveProblem> {
        while !data.is_empty() {
            match &mut self.state {
                State::Ended => return Ok(()),
                State::Header => {
                    let n = (BLOCK - self.block.len()).min(data.len());
                    self.block.extend_from_slice(&data[..n]);
                    data = &data[n..];
                    self.offset += n as u64;
                    if self.block.len() == BLOCK {
                        let block = std::mem::take(&mut self.block);
                        self.header(&block)?;
                        self.block = block;
                        self.block.clear();
                    }
                }
                State::Data { left, pad, keep } => {
                    if *left > 0 {
                        let n = data.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                        if *keep != Keep::Nothing {
                            self.kept.extend_from_slice(&data[..n]);
                        }
                        *left -= n as u64;
                        data = &data[n..];
                        self.offset += n as u64;
                    } else {
                        let n = data.len().min(usize::try_from(*pad).unwrap_or(usize::MAX));
                        *pad -= n as u64;
                        data = &data[n..];
                        self.offset += n as u64;
                    }
                    if let State::Data {
                        left: 0,
                        pad: 0,
                        keep,
                    } = self.state
                    {
                        self.entry_done(keep);
                    }
                }
            }
        }
        Ok(())
    }

    fn header(&mut self, block: &[u8]) -> Result<(), ArchiveProblem> {
        if block.iter().all(|&b| b == 0) {
            if self.zero_blocks == 0 {
                self.end_at = Some(self.offset - BLOCK as u64);
            }
            self.zero_blocks += 1;
            if self.zero_blocks >= 2 {
                self.state = State::Ended;
            }
            return Ok(());
        }
        if self.zero_blocks > 0 {
            return Err(damaged(Damage::HeaderAfterEnd));
        }
        if !checksum_ok(block) {
            return Err(if self.entries == 0 && self.kept.is_empty() {
                ArchiveProblem::NotAnArchive
            } else {
                damaged(Damage::TarHeader)
            });
        }
        let size = octal(&block[124..136]).ok_or_else(|| damaged(Damage::TarHeader))?;
        let kind = block[156];
        let keep = match kind {
            b'x' | b'L' if size > MAX_EXTENDED => {
                return Err(damaged(Damage::ExtendedHeaderTooLarge))
            }
            b'x' => Keep::Pax,
            b'L' => Keep::LongName,
            b'g' | b'K' => Keep::Nothing,
            _ => {
                let name = match self.next_name.take() {
                    Some(name) => name,
                    None => {
                        let name = cstr(&block[0..100]);
                        let prefix = if &block[257..262] == b"ustar" && block[263] == b'0' {
                            cstr(&block[345..500])
                        } else {
                            String::new()
                        };
                        if prefix.is_empty() {
                            name
                        } else {
                            format!("{prefix}/{name}")
                        }
                    }
                };
                let name = normalise(&name);
                self.entries += 1;
                // Links, devices, folders and FIFOs have no data whatever their size says.
                let size = if matches!(kind, b'1'..=b'6') {
                    self.next_size = None;
                    0
                } else {
                    self.next_size.take().unwrap_or(size)
                };
                let keep = if name == "manifest.json" || name == "index.json" {
                    if size > MAX_MANIFEST {
                        return Err(damaged(Damage::IndexTooLarge { name }));
                    }
                    if name == "manifest.json" {
                        Keep::Manifest
                    } else {
                        Keep::Index
                    }
                } else if size > 0
                    && size <= MAX_CONFIG
                    && self.platforms.len() < MAX_PLATFORMS
                    && config_id(&name).is_some()
                {
                    Keep::Config
                } else {
                    Keep::Nothing
                };
                self.current.clone_from(&name);
                self.names.insert(name);
                self.start_data(size, keep);
                return Ok(());
            }
        };
        self.start_data(size, keep);
        Ok(())
    }

    fn start_data(&mut self, size: u64, keep: Keep) {
        self.kept.clear();
        let pad = (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64;
        self.state = State::Data {
            left: size,
            pad,
            keep,
        };
        if size == 0 {
            self.entry_done(keep);
        }
    }

    fn entry_done(&mut self, keep: Keep) {
        let kept = std::mem::take(&mut self.kept);
        match keep {
            Keep::Nothing => {}
            Keep::Manifest => self.manifest = Some(kept),
            Keep::Index => self.index = Some(kept),
            Keep::Config => {
                if let Some(platform) = platform_of(&kept) {
                    self.platforms
                        .insert(std::mem::take(&mut self.current), platform);
                }
            }
            Keep::LongName => self.next_name = Some(cstr(&kept)),
            Keep::Pax => {
                // Records: "LEN key=value\n".
                let text = String::from_utf8_lossy(&kept);
                for record in text.split('\n') {
                    let Some((_, kv)) = record.split_once(' ') else {
                        continue;
                    };
                    match kv.split_once('=') {
                        Some(("path", v)) => self.next_name = Some(v.to_owned()),
                        Some(("size", v)) => self.next_size = v.parse().ok(),
                        _ => {}
                    }
                }
            }
        }
        self.state = State::Header;
    }

    /// The archive ended: it must have ended at its end-of-archive marker, hold a
    /// `manifest.json` in `docker save`'s format, and every part that names.
    pub(crate) fn finish(self) -> Result<Contents, ArchiveProblem> {
        match self.state {
            State::Ended => {}
            // One zero block where two belong: GNU tar accepts it with a warning.
            State::Header if self.block.is_empty() && self.zero_blocks == 1 => {}
            State::Header if self.block.is_empty() && self.entries == 0 => {
                return Err(ArchiveProblem::NotAnArchive)
            }
            _ => return Err(ArchiveProblem::Truncated),
        }
        let manifest = self.manifest.ok_or(ArchiveProblem::NoManifest)?;
        let entries: Vec<ManifestEntry> = serde_json::from_slice(&manifest).map_err(|e| {
            damaged(Damage::Manifest {
                detail: e.to_string(),
            })
        })?;
        if entries.is_empty() {
            return Err(ArchiveProblem::Empty);
        }
        let mut tags = Vec::new();
        let mut untagged = Vec::new();
        let mut named = Vec::new();
        let mut platforms = Vec::new();
        for entry in &entries {
            for part in std::iter::once(&entry.config).chain(&entry.layers) {
                if !self.names.contains(&normalise(part)) {
                    return Err(ArchiveProblem::MissingPart { name: part.clone() });
                }
            }
            tags.extend(entry.repo_tags.iter().flatten().cloned());
            let id = config_id(&entry.config);
            named.extend(
                entry
                    .repo_tags
                    .iter()
                    .flatten()
                    .map(|t| (t.clone(), id.iter().cloned().collect::<Vec<_>>())),
            );
            if entry.repo_tags.as_ref().is_none_or(Vec::is_empty) {
                untagged.extend(config_id(&entry.config));
            }
            if let Some(platform) = self.platforms.get(&normalise(&entry.config)) {
                platforms.push(ImagePlatform {
                    tags: entry.repo_tags.clone().unwrap_or_default(),
                    id: config_id(&entry.config),
                    platform: platform.clone(),
                });
            }
        }
        // Only an OCI layout's index.json is read by the containerd store (containerd's
        // importer: with `oci-layout`, index.json; without, manifest.json).
        let index = self
            .index
            .filter(|_| self.names.contains("oci-layout"))
            .map(|index| index_names(&index))
            .unwrap_or_default();
        for (name, digest) in index {
            let key = tag_key(&name);
            let same = named
                .iter_mut()
                .find(|(t, _)| key.is_some() && tag_key(t) == key);
            match same {
                Some((_, ids)) => {
                    if let Some(digest) = digest.filter(|d| !ids.contains(d)) {
                        ids.push(digest);
                    }
                }
                // A name only index.json gives: the containerd store would take it too.
                None => {
                    tags.push(name.clone());
                    named.push((name, digest.into_iter().collect()));
                }
            }
        }
        Ok(Contents {
            tags,
            untagged,
            named,
            platforms,
            images: u32::try_from(entries.len()).unwrap_or(u32::MAX),
        })
    }
}

/// Bytes of the file read so far, and whether its end was reached (a decompressor that
/// fails there was cut short).
#[derive(Debug, Default)]
pub(crate) struct Meter {
    pub(crate) read: AtomicU64,
    eof: AtomicBool,
    /// When the read of the file under way began (ms since the Unix epoch), 0 between reads:
    /// a read that takes long is a drive that stopped answering (a USB stick gone to sleep,
    /// a network share dropped, a stick pulled out), not an engine that takes nothing.
    reading_since: AtomicU64,
}

fn epoch_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| {
            u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
        })
}

impl Meter {
    /// How long the read of the file under way has waited for the drive; `None` between
    /// reads.
    pub(crate) fn waiting_for_drive(&self) -> Option<std::time::Duration> {
        match self.reading_since.load(Ordering::Relaxed) {
            0 => None,
            since => Some(std::time::Duration::from_millis(
                epoch_ms().saturating_sub(since),
            )),
        }
    }
}

struct Metered<R> {
    inner: R,
    meter: Arc<Meter>,
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.meter
            .reading_since
            .store(epoch_ms(), Ordering::Relaxed);
        let read = self.inner.read(buf);
        self.meter.reading_since.store(0, Ordering::Relaxed);
        let n = read?;
        if n == 0 && !buf.is_empty() {
            self.meter.eof.store(true, Ordering::Relaxed);
        }
        self.meter.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

type Source = BufReader<Metered<File>>;

/// A reader over the decompressed bytes of an xz stream: lzma-rs decompresses by pushing
/// into a writer, so it runs on a thread of its own and hands over chunks.
struct XzReader {
    chunks: mpsc::Receiver<io::Result<Vec<u8>>>,
    current: Vec<u8>,
    at: usize,
    done: bool,
}

struct ChunkWriter(mpsc::SyncSender<io::Result<Vec<u8>>>);

impl io::Write for ChunkWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .send(Ok(buf.to_vec()))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl XzReader {
    fn new(mut source: Source) -> io::Result<Self> {
        let (tx, rx) = mpsc::sync_channel(8);
        std::thread::Builder::new()
            .name("imagen-xz".into())
            .spawn(move || {
                let mut out = io::BufWriter::with_capacity(CHUNK, ChunkWriter(tx.clone()));
                let result = lzma_rs::xz_decompress(&mut source, &mut out)
                    .map_err(|e| match e {
                        lzma_rs::error::Error::IoError(e)
                        | lzma_rs::error::Error::HeaderTooShort(e) => e,
                        other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
                    })
                    .and_then(|()| io::Write::flush(&mut out));
                drop(out);
                if let Err(e) = result {
                    let _ = tx.send(Err(e));
                }
            })?;
        Ok(Self {
            chunks: rx,
            current: Vec::new(),
            at: 0,
            done: false,
        })
    }
}

impl Read for XzReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.current.len() {
            if self.done {
                return Ok(0);
            }
            match self.chunks.recv() {
                Ok(Ok(chunk)) => {
                    self.current = chunk;
                    self.at = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                // The thread ended without an error: the stream is complete.
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The plain tar inside `file`, compressed as `kind`.
fn decoder(kind: Compression, source: Source) -> io::Result<Box<dyn Read + Send>> {
    Ok(match kind {
        Compression::None => Box::new(source),
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(source)),
        Compression::Xz => Box::new(XzReader::new(source)?),
        Compression::Zstd => {
            let decoder =
                ruzstd::decoding::StreamingDecoder::new(source).map_err(io::Error::other)?;
            Box::new(ZstdChain {
                current: Some(decoder),
            })
        }
    })
}

/// Every zstd frame of a stream, one after another (the CLI may write several; skippable
/// metadata frames are passed over).
struct ZstdChain {
    current: Option<ruzstd::decoding::StreamingDecoder<Source, ruzstd::decoding::FrameDecoder>>,
}

impl Read for ZstdChain {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        loop {
            let Some(decoder) = &mut self.current else {
                return Ok(0);
            };
            let n = decoder.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // This frame is done; another may follow.
            let Some(done) = self.current.take() else {
                return Ok(0);
            };
            let mut source = done.into_inner();
            loop {
                if source.fill_buf()?.is_empty() {
                    return Ok(0);
                }
                let mut frame = ruzstd::decoding::FrameDecoder::new();
                match frame.init(&mut source) {
                    Ok(()) => {
                        self.current = Some(
                            ruzstd::decoding::StreamingDecoder::new_with_decoder(source, frame)
                                .map_err(io::Error::other)?,
                        );
                        break;
                    }
                    Err(FrameDecoderError::ReadFrameHeaderError(
                        ReadFrameHeaderError::SkipFrame { length, .. },
                    )) => {
                        io::copy(&mut (&mut source).take(u64::from(length)), &mut io::sink())?;
                    }
                    Err(e) => return Err(io::Error::other(e)),
                }
            }
        }
    }
}

/// Why reading an archive stopped.
#[derive(Debug)]
pub(crate) enum ScanError {
    /// The archive is bad.
    Problem(ArchiveProblem),
    /// The file could not be read.
    File(io::Error),
    /// The consumer of the bytes went away (the upload was aborted).
    Stopped,
}

/// What [`scan_file`] found.
#[derive(Debug)]
pub(crate) struct Scanned {
    pub bytes: u64,
    pub compression: Compression,
    pub contents: Contents,
}

/// Reads `path` to its end, checking it as an image archive; every piece of the plain tar
/// goes to `sink` once checked (`Err` from it stops the scan: [`ScanError::Stopped`]).
pub(crate) fn scan_file(
    path: &Path,
    meter: &Arc<Meter>,
    sink: impl FnMut(&[u8]) -> Result<(), ()>,
) -> Result<Scanned, ScanError> {
    scan_file_holding(path, meter, false, sink).map(|(scanned, _)| scanned)
}

/// The most of the end of an archive (its end-of-archive marker and the zeros after it) that
/// [`scan_file_holding`] holds back: the marker is two blocks, and tar pads an archive to a
/// whole record (20 blocks, 10 KB, by default) after it. Zeros past this are dropped, not
/// sent: an engine reads nothing after the marker.
pub(crate) const MAX_HELD: usize = 10 * 1024;

/// How many zero bytes the file must end in for a missing `manifest.json` (or part) to be a
/// copy cut short rather than another kind of archive: a copy to an exFAT or NTFS stick
/// interrupted (the stick pulled out) leaves a file of the full size that reads as zeros
/// from where the copy stopped, and that looks like an archive ended early. A real archive's
/// end is at most a 10 KiB record of zeros.
const CUT_SHORT_ZEROS: u64 = 64 * 1024;

/// [`scan_file`], with everything from the end-of-archive marker on held back from `sink`
/// and returned instead (when `hold_end`): an engine that reads the archive as it comes
/// (dockerd 23+ unpacks in its own process and stops at the marker) imports it at the marker,
/// whether or not the upload then ends. Sent only once the whole file checked out.
///
/// After the marker only zeros may follow (tar's padding), and at most [`MAX_HELD`] of them
/// are held. Anything else there is [`ArchiveProblem::DataAfterEnd`], found as soon as it is
/// read: refused rather than dropped, because it is most often a second archive joined on
/// (`cat a.tar b.tar > kit.tar`) whose images `docker load` would silently leave out, so the
/// user would think they were loaded; and rather than held, which would keep all of it, as
/// much as gigabytes, in memory.
pub(crate) fn scan_file_holding(
    path: &Path,
    meter: &Arc<Meter>,
    hold_end: bool,
    mut sink: impl FnMut(&[u8]) -> Result<(), ()>,
) -> Result<(Scanned, Vec<u8>), ScanError> {
    // A folder (dropped on the window) is said to be one, not "access denied" (Windows) or
    // "Is a directory" (elsewhere), which opening or reading it says.
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(ScanError::Problem(ArchiveProblem::Folder));
    }
    let mut file = File::open(path).map_err(ScanError::File)?;
    let bytes = file.metadata().map_err(ScanError::File)?.len();
    let mut head = Vec::with_capacity(BLOCK);
    (&mut file)
        .take(BLOCK as u64)
        .read_to_end(&mut head)
        .map_err(ScanError::File)?;
    file.rewind().map_err(ScanError::File)?;
    let compression = detect(&head).map_err(ScanError::Problem)?;
    let source = BufReader::with_capacity(
        CHUNK,
        Metered {
            inner: file,
            meter: meter.clone(),
        },
    );
    let decode_problem = |e: io::Error| {
        if compression == Compression::None {
            ScanError::File(e)
        } else if meter.eof.load(Ordering::Relaxed) || e.kind() == io::ErrorKind::UnexpectedEof {
            ScanError::Problem(ArchiveProblem::Truncated)
        } else {
            // Said as the compression's: the tar reader's own damage reads otherwise.
            ScanError::Problem(damaged(Damage::Compression {
                method: compression,
                detail: e.to_string(),
            }))
        }
    };
    let mut reader = decoder(compression, source).map_err(decode_problem)?;
    let mut scan = TarScan::default();
    let mut buf = vec![0u8; CHUNK];
    let mut read = 0u64;
    let mut held = Vec::new();
    // How many zero bytes the archive ends in so far.
    let mut zero_tail = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(decode_problem(e)),
        };
        scan.push(&buf[..n]).map_err(ScanError::Problem)?;
        // Where the end-of-archive marker starts in this piece (`n`: not in it, or not yet).
        let end = scan.end_at().map_or(n, |end| {
            usize::try_from(end.saturating_sub(read)).map_or(n, |before| before.min(n))
        });
        if buf[end..n].iter().any(|&b| b != 0) {
            return Err(ScanError::Problem(ArchiveProblem::DataAfterEnd));
        }
        let send = if hold_end { end } else { n };
        sink(&buf[..send]).map_err(|()| ScanError::Stopped)?;
        let room = MAX_HELD.saturating_sub(held.len());
        held.extend_from_slice(&buf[send..n.min(send + room)]);
        read += n as u64;
        zero_tail = match buf[..n].iter().rposition(|&b| b != 0) {
            Some(last) => (n - last - 1) as u64,
            None => zero_tail + n as u64,
        };
    }
    let contents = scan.finish().map_err(|problem| match problem {
        ArchiveProblem::NoManifest | ArchiveProblem::MissingPart { .. }
            if zero_tail >= CUT_SHORT_ZEROS =>
        {
            ScanError::Problem(ArchiveProblem::Truncated)
        }
        problem => ScanError::Problem(problem),
    })?;
    // Tags from a file are checked like tags from the page (save, which reads what the
    // engine wrote, does not need this).
    for tag in &contents.tags {
        check_tag(tag).map_err(ScanError::Problem)?;
    }
    Ok((
        Scanned {
            bytes,
            compression,
            contents,
        },
        held,
    ))
}

#[cfg(test)]
pub(super) mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use std::io::Write;

    /// A ustar header block for `name` with `size` bytes of data and type `kind`.
    fn header(name: &str, size: usize, kind: u8) -> [u8; BLOCK] {
        let mut h = [0u8; BLOCK];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[108..115].copy_from_slice(b"0000000");
        h[116..123].copy_from_slice(b"0000000");
        h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
        h[136..147].copy_from_slice(b"00000000000");
        h[156] = kind;
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].fill(b' ');
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        h
    }

    /// The first block of an archive whose layer claims `size` bytes (GNU base-256): the
    /// rest of a file made sparse that long takes minutes to read, a big kit on a slow stick.
    #[cfg(target_os = "linux")] // its one user reads /proc/self/fd
    pub(in crate::kit) fn big_layer_header(size: u64) -> [u8; BLOCK] {
        let mut h = header(LAYER, 0, b'0');
        h[124] = 0x80;
        h[125..128].fill(0);
        h[128..136].copy_from_slice(&size.to_be_bytes());
        h[148..156].fill(b' ');
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        h
    }

    /// A tar of `entries` (data padded to blocks), with its two end blocks.
    pub(in crate::kit) fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, data) in entries {
            if name.len() > 100 {
                let record = format!("path={name}\n");
                let record = format!("{} {record}", record.len() + 3 + 1);
                out.extend_from_slice(&header("PaxHeaders/x", record.len(), b'x'));
                push_data(&mut out, record.as_bytes());
                out.extend_from_slice(&header("long", data.len(), b'0'));
            } else if name.ends_with('/') {
                out.extend_from_slice(&header(name, 0, b'5'));
            } else {
                out.extend_from_slice(&header(name, data.len(), b'0'));
            }
            push_data(&mut out, data);
        }
        out.extend_from_slice(&[0u8; 2 * BLOCK]);
        out
    }

    fn push_data(out: &mut Vec<u8>, data: &[u8]) {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(BLOCK), 0);
    }

    const CONFIG: &str =
        "blobs/sha256/1111111111111111111111111111111111111111111111111111111111111111";
    const LAYER: &str =
        "blobs/sha256/2222222222222222222222222222222222222222222222222222222222222222";

    /// What `docker save` of one tagged image writes (the layer big enough to compress).
    fn image_tar() -> Vec<u8> {
        image_tar_of(200_000)
    }

    /// [`image_tar`] with a layer of `layer_bytes` (the load tests need one larger than a
    /// socket's buffers).
    pub(in crate::kit) fn image_tar_of(layer_bytes: u32) -> Vec<u8> {
        let manifest = format!(
            r#"[{{"Config":"{CONFIG}","RepoTags":["web:1","web:latest"],"Layers":["{LAYER}"]}}]"#
        );
        let layer: Vec<u8> = (0..layer_bytes).map(|i| (i % 251) as u8).collect();
        tar(&[
            ("blobs/", b""),
            ("blobs/sha256/", b""),
            (CONFIG, b"{}"),
            (LAYER, &layer),
            ("manifest.json", manifest.as_bytes()),
        ])
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn xz(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        lzma_rs::xz_compress(&mut io::Cursor::new(data), &mut out).unwrap();
        out
    }

    pub(in crate::kit) fn zstd(data: &[u8]) -> Vec<u8> {
        ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
    }

    fn scan(bytes: &[u8]) -> Result<Scanned, ScanError> {
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "imagen-kit-{}-{}.tar",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes).unwrap();
        let mut sent = 0usize;
        let result = scan_file(&path, &Arc::new(Meter::default()), |piece| {
            sent += piece.len();
            Ok(())
        });
        let _ = std::fs::remove_file(&path);
        result
    }

    fn problem(bytes: &[u8]) -> ArchiveProblem {
        match scan(bytes) {
            Err(ScanError::Problem(p)) => p,
            other => panic!("expected a problem, got {other:?}"),
        }
    }

    #[test]
    fn plain_and_compressed_archives_are_read_whole() {
        let plain = image_tar();
        for (bytes, compression) in [
            (plain.clone(), Compression::None),
            (gzip(&plain), Compression::Gzip),
            (xz(&plain), Compression::Xz),
            (zstd(&plain), Compression::Zstd),
        ] {
            let scanned = scan(&bytes).unwrap();
            assert_eq!(scanned.compression, compression);
            assert_eq!(scanned.bytes, bytes.len() as u64);
            assert_eq!(scanned.contents.tags, ["web:1", "web:latest"]);
            assert_eq!(scanned.contents.images, 1);
        }
    }

    #[test]
    fn a_cut_short_archive_is_truncated_however_it_is_compressed() {
        let plain = image_tar();
        // In the middle of the layer, at a block boundary, and inside the end blocks.
        for cut in [100_000, 3 * BLOCK, plain.len() - 700] {
            assert_eq!(problem(&plain[..cut]), ArchiveProblem::Truncated, "{cut}");
        }
        for packed in [gzip(&plain), xz(&plain), zstd(&plain)] {
            let cut = &packed[..packed.len() * 2 / 3];
            assert_eq!(problem(cut), ArchiveProblem::Truncated);
        }
    }

    #[test]
    fn random_bytes_and_empty_files_are_not_archives() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let noise: Vec<u8> = (0..10_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        assert_eq!(problem(&noise), ArchiveProblem::NotAnArchive);
        assert_eq!(problem(b""), ArchiveProblem::NotAnArchive);
        assert_eq!(problem(b"hello"), ArchiveProblem::NotAnArchive);
        // Compressed, but not a tar inside.
        assert_eq!(problem(&gzip(&noise)), ArchiveProblem::NotAnArchive);
    }

    #[test]
    fn damaged_compressed_data_is_corrupt() {
        let mut packed = gzip(&image_tar());
        let middle = packed.len() / 2;
        for b in &mut packed[middle..middle + 64] {
            *b ^= 0x5a;
        }
        assert!(
            matches!(
                problem(&packed),
                ArchiveProblem::Corrupt {
                    damage: Damage::Compression {
                        method: Compression::Gzip,
                        ..
                    }
                }
            ),
            "{:?}",
            problem(&packed)
        );
        // The decompressor's words stay, after the method's name.
        assert!(problem(&packed)
            .to_string()
            .starts_with("it is damaged (gzip data: "));
    }

    /// A plain tar's damage is the tar's, not a compression it does not have.
    #[test]
    fn a_damaged_plain_tar_is_not_said_to_be_compressed() {
        let mut plain = tar(&[("a.txt", b"hello"), ("b.txt", b"world")]);
        // The second entry's header: after the first's header and its one block of data.
        plain[2 * BLOCK] ^= 0x5a;
        let found = problem(&plain);
        assert_eq!(
            found,
            ArchiveProblem::Corrupt {
                damage: Damage::TarHeader
            }
        );
        let said = found.to_string();
        assert_eq!(said, "it is damaged (a tar header is damaged)");
        assert!(!said.contains("compress"), "{said}");
    }

    /// A copy to a stick interrupted (the stick pulled out) leaves a file of the full size
    /// that reads as zeros from where it stopped: cut short, not "not an image archive".
    #[test]
    fn a_copy_that_reads_as_zeros_from_where_it_stopped_is_cut_short() {
        let whole = image_tar_of(400_000);
        for (kept, name) in [(60, "in the layer"), (99, "at the manifest")] {
            let mut copied = whole.clone();
            let cut = whole.len() * kept / 100;
            copied[cut..].fill(0);
            let mut padded = copied.clone();
            // Cut at the manifest, with the stick's zeros beyond the file's own end.
            padded.extend(std::iter::repeat_n(0u8, 128 * 1024));
            let bytes = if kept == 99 { padded } else { copied };
            assert_eq!(problem(&bytes), ArchiveProblem::Truncated, "{name}");
        }
        // A foreign archive ending in its own padding is still not of images.
        let mut foreign = tar(&[("notes/", b""), ("notes/a.txt", b"hello")]);
        foreign.extend(std::iter::repeat_n(0u8, 8 * 1024));
        assert_eq!(problem(&foreign), ArchiveProblem::NoManifest);
    }

    /// A read the drive holds (a USB stick asleep) is seen while it waits, and only then.
    #[test]
    fn a_read_the_drive_holds_is_seen_while_it_waits() {
        struct Asleep(std::sync::mpsc::Receiver<()>);
        impl Read for Asleep {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let _ = self.0.recv();
                buf[0] = 1;
                Ok(1)
            }
        }
        let meter = Arc::new(Meter::default());
        assert_eq!(meter.waiting_for_drive(), None);
        let (wake, asleep) = std::sync::mpsc::channel();
        let reading = meter.clone();
        let reader = std::thread::spawn(move || {
            let mut file = Metered {
                inner: Asleep(asleep),
                meter: reading,
            };
            file.read(&mut [0u8; 4]).unwrap()
        });
        while meter.waiting_for_drive().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(60));
        assert!(meter.waiting_for_drive().unwrap() >= std::time::Duration::from_millis(50));
        wake.send(()).unwrap();
        assert_eq!(reader.join().unwrap(), 1);
        assert_eq!(meter.waiting_for_drive(), None);
        assert_eq!(meter.read.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn a_tar_without_manifest_is_not_of_images() {
        let foreign = tar(&[("notes/", b""), ("notes/a.txt", b"hello")]);
        assert_eq!(problem(&foreign), ArchiveProblem::NoManifest);
    }

    #[test]
    fn a_part_the_manifest_names_must_be_there() {
        let manifest = format!(r#"[{{"Config":"{CONFIG}","RepoTags":null,"Layers":["{LAYER}"]}}]"#);
        let missing = tar(&[(CONFIG, b"{}"), ("manifest.json", manifest.as_bytes())]);
        assert_eq!(
            problem(&missing),
            ArchiveProblem::MissingPart { name: LAYER.into() }
        );
    }

    #[test]
    fn untagged_images_are_known_by_their_config() {
        let manifest = format!(
            r#"[{{"Config":"{CONFIG}","RepoTags":null,"Layers":[]}},{{"Config":"{LAYER}","RepoTags":["x:1"],"Layers":[]}}]"#
        );
        let t = tar(&[
            (CONFIG, b"{}"),
            (LAYER, b"{}"),
            ("manifest.json", manifest.as_bytes()),
        ]);
        let contents = scan(&t).unwrap().contents;
        assert_eq!(contents.untagged, [format!("sha256:{}", "1".repeat(64))]);
        assert_eq!(contents.tags, ["x:1"]);
        assert_eq!(config_id("abcd.json"), None);
        assert_eq!(
            config_id(&format!("{}.json", "a".repeat(64))),
            Some(format!("sha256:{}", "a".repeat(64)))
        );
    }

    /// A tag `docker load` would refuse (after loading what comes before it) makes the
    /// archive bad before anything is sent; one with invisible characters is named escaped.
    #[test]
    fn a_tag_docker_load_refuses_is_a_bad_archive() {
        let with = |tag: &str| {
            let manifest =
                serde_json::json!([{ "Config": CONFIG, "RepoTags": [tag], "Layers": [] }])
                    .to_string();
            tar(&[(CONFIG, b"{}"), ("manifest.json", manifest.as_bytes())])
        };
        assert!(scan(&with("web:1")).is_ok());
        assert!(scan(&with("127.0.0.1:5000/team/web:1.2")).is_ok());
        for tag in ["web", "Web:1", "web:1@sha256:abc", "web:", ""] {
            assert_eq!(
                problem(&with(tag)),
                ArchiveProblem::BadTag { tag: tag.into() },
                "{tag:?}"
            );
        }
        assert_eq!(
            problem(&with("web:1\u{202e}gpj")),
            ArchiveProblem::BadTag {
                tag: "web:1\\u{202e}gpj".into()
            }
        );
    }

    /// Held back: the end-of-archive marker and what follows it, nothing before it, however
    /// the file is compressed and whatever padding follows the marker.
    #[test]
    fn the_end_of_archive_marker_is_held_back_when_asked() {
        let plain = image_tar();
        let mut padded = plain.clone();
        padded.extend_from_slice(&[0u8; 8192]); // GNU tar pads to whole records
        for bytes in [plain.clone(), zstd(&plain), padded.clone()] {
            let dir = crate::scratch::ScratchDir::new("kit-hold");
            let path = dir.join("kit.tar");
            std::fs::write(&path, &bytes).unwrap();
            let mut sent = Vec::new();
            let (_, held) = scan_file_holding(&path, &Arc::new(Meter::default()), true, |piece| {
                sent.extend_from_slice(piece);
                Ok(())
            })
            .unwrap();
            assert!(held.len() >= 2 * BLOCK && held.iter().all(|&b| b == 0));
            assert!(sent.len() % BLOCK == 0);
            assert!(
                sent[sent.len() - BLOCK..].iter().any(|&b| b != 0),
                "a zero block was sent"
            );
            sent.extend_from_slice(&held);
            let whole = if bytes.len() == padded.len() {
                &padded
            } else {
                &plain
            };
            assert_eq!(&sent, whole);
        }
    }

    /// `cat a.tar b.tar > kit.tar`, or anything else after the end-of-archive marker, is
    /// refused as such (docker load would read only the first archive), however the file is
    /// compressed and whether or not the end is held; zeros after it, however many, are tar's
    /// padding: they load, and at most `MAX_HELD` of them are kept in memory.
    #[test]
    fn only_zeros_may_follow_the_end_of_the_archive_and_few_of_them_are_held() {
        let plain = image_tar();
        let dir = crate::scratch::ScratchDir::new("kit-after-end");
        let path = dir.join("kit.tar");
        let scan_holding = |bytes: &[u8], hold: bool| {
            std::fs::write(&path, bytes).unwrap();
            let mut sent = 0usize;
            let result = scan_file_holding(&path, &Arc::new(Meter::default()), hold, |piece| {
                sent += piece.len();
                Ok(())
            });
            (result, sent)
        };
        let mut padded = plain.clone();
        padded.resize(plain.len() + (50 << 20), 0);
        let (result, sent) = scan_holding(&padded, true);
        let (scanned, held) = result.unwrap();
        assert_eq!(scanned.contents.tags, ["web:1", "web:latest"]);
        assert!(
            held.len() >= 2 * BLOCK && held.len() <= MAX_HELD,
            "{}",
            held.len()
        );
        assert!(held.iter().all(|&b| b == 0));
        assert_eq!(sent, plain.len() - 2 * BLOCK);

        let mut noise = plain.clone();
        noise.extend((0..50u32 << 20).map(|i| (i % 253) as u8 | 1));
        let joined = [plain.clone(), image_tar_of(1000)].concat();
        for (bytes, what) in [
            (noise, "50 MB of data"),
            (joined.clone(), "two archives joined"),
            (zstd(&joined), "two archives joined, compressed"),
        ] {
            for hold in [true, false] {
                let (result, _) = scan_holding(&bytes, hold);
                assert!(
                    matches!(
                        result,
                        Err(ScanError::Problem(ArchiveProblem::DataAfterEnd))
                    ),
                    "{what}, hold {hold}: {result:?}"
                );
            }
        }
    }

    /// `printf 'hello\n' | bzip2 -9`: a whole bzip2 stream (what is inside does not matter:
    /// Imagen stops at its first bytes).
    pub(in crate::kit) const BZIP2_HELLO: [u8; 42] = [
        0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0xc1, 0xc0, 0x80, 0xe2, 0x00,
        0x00, 0x01, 0x41, 0x00, 0x00, 0x10, 0x02, 0x44, 0xa0, 0x00, 0x30, 0xcd, 0x00, 0xc3, 0x46,
        0x29, 0x97, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0xc1, 0xc0, 0x80, 0xe2,
    ];

    /// `docker save web:1 | bzip2 > kit.tar.bz2`, which `docker load` reads: said to be
    /// bzip2 (which Imagen cannot read), not "no archive", whether the stream holds data or
    /// is empty; `BZh` followed by anything else is no bzip2, and a tar whose first entry is
    /// named like one is a tar.
    #[test]
    fn a_bzip2_file_is_said_to_be_one() {
        const EMPTY: [u8; 14] = [
            0x42, 0x5a, 0x68, 0x39, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0x00, 0x00, 0x00, 0x00,
        ];
        assert_eq!(detect(&BZIP2_HELLO), Err(ArchiveProblem::Bzip2));
        assert_eq!(detect(&EMPTY), Err(ArchiveProblem::Bzip2));
        assert_eq!(problem(&BZIP2_HELLO), ArchiveProblem::Bzip2);
        let nots: [&[u8]; 4] = [
            b"BZh",
            b"BZh91AY&S",
            b"BZh0\x31\x41\x59\x26\x53\x59",
            b"BZh9 hello",
        ];
        for not in nots {
            assert_eq!(detect(not), Err(ArchiveProblem::NotAnArchive), "{not:?}");
        }
        let named = tar(&[("BZh91AY&SY.txt", b"hello")]);
        assert_eq!(detect(&named), Ok(Compression::None));
    }

    /// A folder dropped on the window is said to be a folder, not an unreadable file.
    #[test]
    fn a_folder_is_not_an_archive_file() {
        let dir = crate::scratch::ScratchDir::new("kit-folder");
        let found = scan_file(&dir, &Arc::new(Meter::default()), |_| Ok(()));
        assert!(
            matches!(found, Err(ScanError::Problem(ArchiveProblem::Folder))),
            "{found:?}"
        );
    }

    #[test]
    fn an_empty_manifest_holds_no_image() {
        assert_eq!(
            problem(&tar(&[("manifest.json", b"[]")])),
            ArchiveProblem::Empty
        );
    }

    #[test]
    fn long_names_and_the_legacy_layout_are_read() {
        let long = format!("{}/layer.tar", "d".repeat(120));
        let manifest = format!(
            r#"[{{"Config":"c.json","RepoTags":["a:1"],"Layers":["{long}"]}},{{"Config":"./c.json","Layers":[]}}]"#
        );
        let t = tar(&[
            ("./c.json", b"{}"),
            (&long, b"layer"),
            ("manifest.json", manifest.as_bytes()),
        ]);
        let scanned = scan(&t).unwrap();
        assert_eq!(scanned.contents.tags, ["a:1"]);
        assert_eq!(scanned.contents.images, 2);
    }

    /// Each image's platform, from its config: in a classic `docker save` (`HEX.json`, before
    /// the manifest that names it) and in an OCI layout (`blobs/sha256/HEX`, here after the
    /// manifest, as containerd may write it); a config that does not say, and a layer, give
    /// none.
    #[test]
    fn each_images_platform_is_read_from_its_config() {
        let arm = br#"{"architecture":"arm64","os":"linux","variant":"v8","rootfs":{"type":"layers","diff_ids":[]}}"#;
        let hex = "5".repeat(64);
        let classic_config = format!("{hex}.json");
        let untagged_config = format!("{}.json", "6".repeat(64));
        let manifest = format!(
            r#"[{{"Config":"{classic_config}","RepoTags":["web:1"],"Layers":["{hex}/layer.tar"]}},{{"Config":"{untagged_config}","RepoTags":null,"Layers":[]}}]"#
        );
        let classic = tar(&[
            (&classic_config, arm),
            (
                &untagged_config,
                br#"{"architecture":"x86_64","os":"linux"}"#,
            ),
            (
                &format!("{hex}/layer.tar"),
                br#"{"architecture":"s390x","os":"linux"}"#,
            ),
            ("manifest.json", manifest.as_bytes()),
        ]);
        let contents = scan(&classic).unwrap().contents;
        assert_eq!(
            contents.platforms,
            [
                ImagePlatform {
                    tags: vec!["web:1".into()],
                    id: Some(format!("sha256:{hex}")),
                    platform: "linux/arm64/v8".into(),
                },
                ImagePlatform {
                    tags: vec![],
                    id: Some(format!("sha256:{}", "6".repeat(64))),
                    // Named as Docker names it.
                    platform: "linux/amd64".into(),
                },
            ]
        );

        let manifest =
            format!(r#"[{{"Config":"{CONFIG}","RepoTags":["web:1"],"Layers":["{LAYER}"]}}]"#);
        let oci = tar(&[
            ("manifest.json", manifest.as_bytes()),
            (LAYER, b"layer"),
            (CONFIG, br#"{"architecture":"arm64","os":"linux"}"#),
        ]);
        let contents = scan(&oci).unwrap().contents;
        assert_eq!(contents.platforms.len(), 1);
        assert_eq!(contents.platforms[0].platform, "linux/arm64");
        assert_eq!(contents.platforms[0].tags, ["web:1"]);
        // A config that says no platform (the test archives' `{}`): none.
        assert!(scan(&image_tar()).unwrap().contents.platforms.is_empty());
    }

    /// A part larger than any config is not read for a platform, whatever its name.
    #[test]
    fn only_a_platform_spelled_as_registries_spell_one_is_kept() {
        let long = "a".repeat(33);
        for config in [
            r#"{"architecture":"ARM64","os":"linux"}"#.to_owned(),
            r#"{"architecture":"arm64","os":"linux os"}"#.to_owned(),
            r#"{"architecture":"arm64","os":""}"#.to_owned(),
            format!(r#"{{"architecture":"{long}","os":"linux"}}"#),
        ] {
            assert_eq!(platform_of(config.as_bytes()), None, "{config}");
        }
        // A variant that is no variant is left out; the rest stands.
        assert_eq!(
            platform_of(
                format!(r#"{{"architecture":"arm","os":"linux","variant":"{long}"}}"#).as_bytes()
            )
            .as_deref(),
            Some("linux/arm")
        );
    }

    #[test]
    fn a_config_sized_part_only_is_read_for_its_platform() {
        let mut big = br#"{"architecture":"arm64","os":"linux","history":""#.to_vec();
        big.resize(MAX_CONFIG as usize + 1, b'x');
        big.extend_from_slice(br#""}"#);
        let manifest = format!(r#"[{{"Config":"{CONFIG}","RepoTags":["web:1"],"Layers":[]}}]"#);
        let t = tar(&[(CONFIG, &big), ("manifest.json", manifest.as_bytes())]);
        assert!(scan(&t).unwrap().contents.platforms.is_empty());
    }

    const MANIFEST_DIGEST: &str =
        "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    /// `docker save` (docker 25+) of `web:1`: an OCI layout whose index.json names the
    /// image by its manifest, plus `extra` entries.
    fn oci_tar(extra: &str, layout: bool) -> Vec<u8> {
        let manifest =
            format!(r#"[{{"Config":"{CONFIG}","RepoTags":["web:1"],"Layers":["{LAYER}"]}}]"#);
        let index = format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{MANIFEST_DIGEST}","size":1,"annotations":{{"io.containerd.image.name":"docker.io/library/web:1","org.opencontainers.image.ref.name":"1"}}}}{extra}]}}"#
        );
        let mut entries: Vec<(&str, &[u8])> = vec![
            (CONFIG, b"{}"),
            (LAYER, b"layer"),
            ("index.json", index.as_bytes()),
            ("manifest.json", manifest.as_bytes()),
        ];
        if layout {
            entries.push(("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#));
        }
        tar(&entries)
    }

    fn config_digest() -> String {
        format!("sha256:{}", CONFIG.rsplit('/').next().unwrap())
    }

    #[test]
    fn an_oci_layout_gives_each_tag_the_id_the_containerd_store_will_use_too() {
        let contents = scan(&oci_tar("", true)).unwrap().contents;
        assert_eq!(contents.tags, ["web:1"]);
        assert_eq!(
            contents.named,
            [(
                "web:1".to_owned(),
                vec![config_digest(), MANIFEST_DIGEST.to_owned()]
            )]
        );
    }

    #[test]
    fn a_name_only_index_json_gives_is_a_tag_the_load_may_take() {
        let other = format!(
            r#",{{"digest":"sha256:{}","annotations":{{"io.containerd.image.name":"docker.io/library/postgres:16"}}}}"#,
            "4".repeat(64)
        );
        let contents = scan(&oci_tar(&other, true)).unwrap().contents;
        assert_eq!(contents.tags, ["web:1", "postgres:16"]);
        assert_eq!(
            contents.named[1],
            (
                "postgres:16".to_owned(),
                vec![format!("sha256:{}", "4".repeat(64))]
            )
        );
    }

    #[test]
    fn a_name_index_json_gives_without_a_sha256_digest_is_still_checked() {
        let other = r#",{"digest":"sha512:abcd","annotations":{"io.containerd.image.name":"docker.io/library/postgres:16"}}"#;
        let contents = scan(&oci_tar(other, true)).unwrap().contents;
        assert_eq!(contents.tags, ["web:1", "postgres:16"]);
        assert_eq!(contents.named[1], ("postgres:16".to_owned(), vec![]));
    }

    #[test]
    fn index_json_outside_an_oci_layout_or_unreadable_is_left_out() {
        let plain = vec![("web:1".to_owned(), vec![config_digest()])];
        assert_eq!(scan(&oci_tar("", false)).unwrap().contents.named, plain);
        let broken = tar(&[
            (CONFIG, b"{}"),
            (LAYER, b"layer"),
            ("index.json", b"{not json"),
            ("oci-layout", b"{}"),
            (
                "manifest.json",
                format!(r#"[{{"Config":"{CONFIG}","RepoTags":["web:1"],"Layers":["{LAYER}"]}}]"#)
                    .as_bytes(),
            ),
        ]);
        assert_eq!(scan(&broken).unwrap().contents.named, plain);
    }

    #[test]
    fn the_scanner_takes_the_archive_in_pieces_of_any_size() {
        let plain = image_tar();
        for size in [1, 7, 511, 512, 513, 100_000] {
            let mut scan = TarScan::default();
            for piece in plain.chunks(size) {
                scan.push(piece).unwrap();
            }
            assert_eq!(scan.finish().unwrap().images, 1, "{size}");
        }
    }
}
