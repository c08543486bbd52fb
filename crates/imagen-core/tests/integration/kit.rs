//! The offline kit against real engines: `docker save` of several images into one tar on the
//! main private engine, `docker load` of it (plain, .gz, .xz, .zst) into the EMPTY private
//! engine that `IMAGEN_TEST_REMOTES=1 scripts/test-engine.sh` starts
//! (`IMAGEN_TEST_EMPTY_SOCK`, scripts/test-remotes.sh), Cancel, bad files and a tag that
//! moved between seeing and saving.
//!
//! Every image here is built with a unique repository name, since other tests share the
//! main engine. The tests that load into the empty engine take turns ([`EMPTY`]), so one
//! can compare its whole image list before and after.

use crate::support::{docker, image_id, private_engine, state_dir, Building};
use imagen_core::kit::{
    self, ArchiveProblem, Compression, KitChange, KitRegistry, LoadOutcome, SaveItem, SaveOutcome,
    SaveTarget,
};
use imagen_core::{Connection, EngineAddress, Error};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The empty engine is shared by the tests below; they load into it one at a time.
pub(crate) static EMPTY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A name no other test (or run) uses.
pub(crate) fn unique() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{}-{}-{nanos}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// A folder of its own in the private engine's state folder ([`state_dir`]), so what a failed
/// test leaves there goes when the engine stops.
fn temp_dir(what: &str) -> PathBuf {
    state_dir(&format!("kit-{what}-{}", unique()))
}

/// `docker build` of `dockerfile` (no context) on the main engine, tagged `tag` if given;
/// the new image's full ID.
fn build(dockerfile: &str, tag: Option<&str>) -> String {
    let _building = Building::start();
    // --no-cache: the legacy builder's cache look walks every child of the base image and
    // fails when a test beside this one deletes one meanwhile.
    let mut args = vec!["build", "--no-cache", "--network", "none", "-q"];
    if let Some(tag) = tag {
        args.extend(["-t", tag]);
    }
    args.push("-");
    let mut child = Command::new("docker")
        .args(&args)
        .env("DOCKER_BUILDKIT", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dockerfile.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "docker build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// An image of busybox plus a label: its own ID, busybox's layers.
pub(crate) fn labelled(tag: Option<&str>) -> String {
    build(
        &format!(
            "FROM imagen-fixture/busybox:latest\nLABEL org.imagen.kit={}\n",
            unique()
        ),
        tag,
    )
}

/// The empty engine (`IMAGEN_TEST_EMPTY_SOCK`); the test fails when it was not started.
pub(crate) fn empty_sock() -> String {
    let _ = private_engine(); // never anything but the private test engines
    let sock = std::env::var("IMAGEN_TEST_EMPTY_SOCK").unwrap_or_default();
    assert!(
        sock.starts_with("unix://"),
        "IMAGEN_TEST_EMPTY_SOCK is not set: run through scripts/test.sh, or \
         scripts/test-engine.sh with IMAGEN_TEST_REMOTES=1"
    );
    sock
}

/// The docker CLI against the empty engine.
pub(crate) fn docker_empty(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .env("DOCKER_HOST", empty_sock())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docker {args:?} (empty engine): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn empty_engine() -> Connection {
    Connection::new(EngineAddress::new(empty_sock()))
}

/// Whether the engine the docker CLI's `info` describes keeps its images in Docker's
/// containerd image store (Docker Desktop's default, Engine 29's), where an image's ID is its
/// manifest's digest; the classic store's is its config's. The docker CLI tells them apart so.
fn containerd_store(driver_status: &str) -> bool {
    driver_status.contains("io.containerd.snapshotter.v1")
}

/// `path` inside the tar `archive`.
fn archive_part(archive: &Path, path: &str) -> Vec<u8> {
    let out = Command::new("tar")
        .args(["-xOf", archive.to_str().unwrap(), path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tar -xOf {} {path}: {}",
        archive.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The ID the empty engine lists the main engine's image `id` by once it loads `archive`
/// (a `docker save` of the main engine that holds it): `id` itself where both engines keep
/// images alike; where one has the containerd store and the other the classic one, the other
/// digest the archive has for it (the same image: its manifest names its config).
fn id_on_empty(id: &str, archive: &Path) -> String {
    let status = ["info", "-f", "{{json .DriverStatus}}"];
    let here = containerd_store(&docker(&status));
    let there = containerd_store(&docker_empty(&status));
    if here == there {
        return id.to_owned();
    }
    let index: serde_json::Value =
        serde_json::from_slice(&archive_part(archive, "index.json")).unwrap();
    for entry in index["manifests"].as_array().unwrap() {
        let manifest_id = entry["digest"].as_str().unwrap();
        let blob = format!("blobs/{}", manifest_id.replacen(':', "/", 1));
        let manifest: serde_json::Value =
            serde_json::from_slice(&archive_part(archive, &blob)).unwrap();
        let config_id = manifest["config"]["digest"].as_str().unwrap();
        let (from, to) = if here {
            (manifest_id, config_id)
        } else {
            (config_id, manifest_id)
        };
        if from == id {
            return to.to_owned();
        }
    }
    panic!("{} does not hold {id}", archive.display())
}

/// `docker images` rows (`repo:tag id`) of the repository `repo`, sorted.
fn rows(output: String) -> Vec<String> {
    let mut rows: Vec<String> = output.lines().map(str::to_owned).collect();
    rows.sort();
    rows
}

const ROWS: &str = "{{.Repository}}:{{.Tag}} {{.ID}}";

fn item(id: &str, tags: &[&str]) -> SaveItem {
    SaveItem {
        id: id.to_owned(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

/// Names of the files in `dir`.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

async fn save(items: Vec<SaveItem>, dest: &Path) -> SaveOutcome {
    kit::save_images(
        &private_engine(),
        &KitRegistry::default(),
        &format!("save-{}", unique()),
        items,
        None,
        &SaveTarget::now(dest),
        |_| {},
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn three_images_saved_to_one_tar_load_into_an_empty_engine_with_their_ids_and_tags() {
    let u = unique();
    let repo = format!("imagen-kit-{u}");
    // `a` has a layer of its own on busybox's; `b` and the untagged `c` share busybox's.
    let a = build(
        &format!("FROM imagen-fixture/busybox:latest\nRUN echo {u} > /kit\n"),
        Some(&format!("{repo}/a:1")),
    );
    let b = labelled(Some(&format!("{repo}/b:1")));
    docker(&["tag", &b, &format!("{repo}/b:2")]);
    let c = labelled(None);
    assert!(c.starts_with("sha256:"), "{c}");

    let dir = temp_dir("save");
    let dest = dir.join("kit.tar");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let outcome = kit::save_images(
        &private_engine(),
        &KitRegistry::default(),
        &format!("save-{u}"),
        vec![
            item(&a, &[&format!("{repo}/a:1")]),
            item(&b, &[&format!("{repo}/b:1"), &format!("{repo}/b:2")]),
            item(&c, &[]),
        ],
        None,
        &SaveTarget::now(&dest),
        move |p| s.lock().unwrap().push(p),
    )
    .await
    .unwrap();
    let SaveOutcome::Saved {
        file,
        bytes,
        names,
        command,
        instead_of,
        beside_because,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(file, "kit.tar");
    assert_eq!((instead_of, beside_because), (None, None));
    assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
    let want_names = vec![
        format!("{repo}/a:1"),
        format!("{repo}/b:1"),
        format!("{repo}/b:2"),
        c.clone(),
    ];
    assert_eq!(names, want_names);
    assert_eq!(
        command,
        format!("docker save -o kit.tar {}", want_names.join(" "))
    );
    // Nothing but the archive is left in the folder.
    assert_eq!(files_in(&dir), ["kit.tar"]);
    let seen = seen.lock().unwrap().clone();
    let last = seen.last().unwrap();
    assert_eq!(last.written, bytes);
    // busybox's layer, which all three images have, is written once and counted once: the
    // estimate is the archive less its tar headers and metadata, not three busyboxes.
    assert!(
        last.expected <= bytes && last.expected >= bytes / 10 * 9,
        "expected {} for an archive of {bytes} bytes",
        last.expected
    );
    // Once the engine sent it all, the progress says Imagen is writing it out (the dialog
    // then shows no stall line), and not before.
    assert!(last.finishing, "{seen:?}");
    let first_finishing = seen.iter().position(|p| p.finishing).unwrap();
    assert!(seen[first_finishing..]
        .iter()
        .all(|p| p.finishing && p.written == bytes));

    let preview = kit::preview_archive(&dest).await.unwrap();
    assert_eq!(preview.compression, Compression::None);
    assert_eq!(preview.images, 3);
    let mut tags = preview.tags.clone();
    tags.sort();
    assert_eq!(tags, &want_names[..3]);

    let _turn = EMPTY.lock().await;
    let seen = kit::preview_archive_on(&empty_engine(), &dest)
        .await
        .unwrap();
    assert_eq!(
        seen.taken,
        Some(vec![]),
        "no tag of the kit is on the empty engine"
    );
    // Saved here, each image's platform is read from its config, and is the engine's own:
    // the Load dialog warns of none.
    let engine_platform = seen
        .engine_platform
        .clone()
        .expect("the engine says its platform");
    assert_eq!(seen.platforms.len(), 3, "{:?}", seen.platforms);
    // OS and architecture, exactly (`linux/arm` is not `linux/arm64`); a variant may follow.
    let os_arch = |p: &str| p.split('/').take(2).collect::<Vec<_>>().join("/");
    assert!(
        seen.platforms
            .iter()
            .all(|p| os_arch(&p.platform) == os_arch(&engine_platform)),
        "{engine_platform}: {:?}",
        seen.platforms
    );
    let loads = Arc::new(Mutex::new(Vec::new()));
    let l = loads.clone();
    let outcome = kit::load_images(
        &empty_engine(),
        &KitRegistry::default(),
        &format!("load-{u}"),
        &dest,
        &seen,
        move |p| l.lock().unwrap().push(p),
    )
    .await
    .unwrap();
    let LoadOutcome::Loaded {
        images,
        command,
        moved,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    // The last progress: the engine took it all (`ended`: the dialog says it imports).
    let loads = loads.lock().unwrap().clone();
    let last = loads.last().unwrap();
    assert!(last.ended && last.read == last.total, "{loads:?}");
    assert_eq!(command, "docker load -i kit.tar");
    assert!(moved.is_empty(), "{moved:?}");
    // The engine says what it loaded by the IDs it lists them by: the untagged image's is
    // its own (a containerd-store kit loaded by the classic store has its config's digest).
    let c_there = id_on_empty(&c, &dest);
    for name in want_names[..3].iter().chain([&c_there]) {
        assert!(images.contains(name), "{name} not in {images:?}");
    }
    // The same images and tags on both engines, as `docker images` shows them.
    let filter = format!("reference={repo}/*");
    let here = rows(
        docker(&[
            "images",
            "--no-trunc",
            "--filter",
            &filter,
            "--format",
            ROWS,
        ])
        .lines()
        .map(|row| {
            let (name, id) = row.split_once(' ').unwrap();
            format!("{name} {}\n", id_on_empty(id, &dest))
        })
        .collect(),
    );
    let there = rows(docker_empty(&[
        "images",
        "--no-trunc",
        "--filter",
        &filter,
        "--format",
        ROWS,
    ]));
    assert_eq!(here.len(), 3, "{here:?}");
    assert_eq!(here, there);
    // The untagged image is there under its ID.
    assert_eq!(
        docker_empty(&["image", "inspect", "-f", "{{.Id}}", &c_there]).trim(),
        c_there
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Save dialog asked about replacing only what was at the chosen file then. A file that
/// appeared there afterwards (another save, another program) is left as it is and the archive
/// goes beside it, named so; a file that was there and agreed to is replaced.
#[tokio::test]
async fn a_file_that_appeared_after_the_choice_is_not_replaced() {
    let u = unique();
    let tag = format!("imagen-kit-{u}/beside:1");
    let id = labelled(Some(&tag));
    let dir = temp_dir("beside");
    let dest = dir.join("kit.tar");
    // Chosen while nothing was there; then a file appeared.
    let chosen = SaveTarget::now(&dest);
    std::fs::write(&dest, b"written by something else meanwhile").unwrap();
    let outcome = kit::save_images(
        &private_engine(),
        &KitRegistry::default(),
        &format!("save-{u}"),
        vec![item(&id, &[&tag])],
        None,
        &chosen,
        |_| {},
    )
    .await
    .unwrap();
    let SaveOutcome::Saved {
        file,
        command,
        instead_of,
        beside_because,
        ..
    } = &outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(file, "kit (2).tar");
    assert_eq!(instead_of.as_deref(), Some("kit.tar"));
    assert_eq!(*beside_because, Some(kit::BesideReason::Changed));
    assert!(
        command.starts_with(r#"docker save -o "kit (2).tar" "#),
        "{command}"
    );
    assert_eq!(
        std::fs::read(&dest).unwrap(),
        b"written by something else meanwhile"
    );
    assert!(std::fs::metadata(dir.join("kit (2).tar")).unwrap().len() > 1024);

    // Chosen with that file there (the dialog asked): replaced.
    let outcome = save(vec![item(&id, &[&tag])], &dest).await;
    assert!(
        matches!(&outcome, SaveOutcome::Saved { file, instead_of: None, .. } if file == "kit.tar"),
        "{outcome:?}"
    );
    assert!(std::fs::metadata(&dest).unwrap().len() > 1024);
    assert_eq!(files_in(&dir), ["kit (2).tar", "kit.tar"]);
}

/// A small drive of its own (tmpfs), unmounted when dropped. Made under the test engine's
/// state folder, whose clean-up unmounts whatever a failed test left there.
struct SmallDrive(PathBuf);

impl SmallDrive {
    fn mount(megabytes: u32) -> Self {
        let dir = state_dir(&format!("small-drive-{}", unique()));
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={megabytes}m"),
                "imagen-small",
            ])
            .arg(&dir)
            .status()
            .unwrap();
        // scripts/test-engine.sh runs as root (it starts dockerd): so does this.
        assert!(
            status.success(),
            "could not mount a tmpfs at {}",
            dir.display()
        );
        SmallDrive(dir)
    }
}

impl Drop for SmallDrive {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A USB stick with too little room: the save says so before writing anything (not after
/// the stick took what it could), with what the archive needs and what the drive has.
#[tokio::test]
async fn a_drive_without_room_is_said_before_anything_is_written() {
    let u = unique();
    let tag = format!("imagen-kit-{u}/room:1");
    let id = labelled(Some(&tag));
    // The image is about 2 MB (busybox); the drive has 1 MB.
    let drive = SmallDrive::mount(1);
    let err = kit::save_images(
        &private_engine(),
        &KitRegistry::default(),
        &format!("save-{u}"),
        vec![item(&id, &[&tag])],
        None,
        &SaveTarget::now(&drive.0.join("kit.tar")),
        |_| {},
    )
    .await
    .unwrap_err();
    match err {
        Error::NotEnoughRoom { file, needs, free } => {
            assert_eq!(file, "kit.tar");
            assert!(needs > free && free <= 1 << 20, "{needs} > {free}");
        }
        other => panic!("expected NotEnoughRoom, got {other:?}"),
    }
    assert!(files_in(&drive.0).is_empty(), "{:?}", files_in(&drive.0));

    // With room (8 MB), the same save goes through.
    let roomy = SmallDrive::mount(8);
    let outcome = save(vec![item(&id, &[&tag])], &roomy.0.join("kit.tar")).await;
    assert!(matches!(outcome, SaveOutcome::Saved { .. }), "{outcome:?}");
    docker(&["rmi", &tag]);
}

#[tokio::test]
async fn cancel_mid_save_leaves_no_file_and_an_existing_one_untouched() {
    let u = unique();
    let tag = format!("imagen-kit-{u}/cancel:1");
    let id = labelled(Some(&tag));
    let dir = temp_dir("cancel");
    let existing = dir.join("kit.tar");
    std::fs::write(&existing, b"the user's own file").unwrap();
    for dest in [existing.clone(), dir.join("new.tar")] {
        let registry = KitRegistry::default();
        let save_id = format!("save-{}", unique());
        let (r, sid) = (registry.clone(), save_id.clone());
        let outcome = kit::save_images(
            &private_engine(),
            &registry,
            &save_id,
            vec![item(&id, &[&tag])],
            None,
            &SaveTarget::now(&dest),
            // Cancel as soon as the first bytes are written.
            move |_| {
                r.cancel(&sid);
            },
        )
        .await
        .unwrap();
        assert_eq!(outcome, SaveOutcome::CANCELLED);
        assert!(registry.is_empty());
    }
    assert_eq!(files_in(&dir), ["kit.tar"], "no partial file, no new.tar");
    assert_eq!(std::fs::read(&existing).unwrap(), b"the user's own file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_truncated_tar_and_a_random_file_are_refused_and_the_engine_is_unchanged() {
    let u = unique();
    let tag = format!("imagen-kit-{u}/cut:1");
    labelled(Some(&tag));
    let dir = temp_dir("bad");
    let whole = dir.join("whole.tar");
    docker(&["save", "-o", whole.to_str().unwrap(), &tag]);
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.join("cut.tar");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let random = dir.join("random.tar");
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let noise: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&random, noise).unwrap();

    let _turn = EMPTY.lock().await;
    let list = || {
        rows(docker_empty(&[
            "images",
            "-a",
            "--no-trunc",
            "--format",
            ROWS,
        ]))
    };
    let before = list();
    for (path, want) in [
        (&cut, ArchiveProblem::Truncated),
        (&random, ArchiveProblem::NotAnArchive),
    ] {
        let err = kit::preview_archive(path).await.unwrap_err();
        assert!(
            matches!(&err, Error::BadArchive { problem, .. } if *problem == want),
            "{err:?}"
        );
        // What the web view could claim it was shown: the file is checked again anyway.
        let claimed = kit::ArchivePreview {
            file: "kit.tar".into(),
            bytes: 0,
            compression: Compression::None,
            decompress_first: false,
            tags: vec![],
            images: 1,
            taken: None,
            platforms: vec![],
            engine_platform: None,
            engine: None,
        };
        let err = kit::load_images(
            &empty_engine(),
            &KitRegistry::default(),
            &format!("load-{}", unique()),
            path,
            &claimed,
            |_| {},
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, Error::BadArchive { problem, .. } if *problem == want),
            "{err:?}"
        );
    }
    assert_eq!(list(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A Cancel while the upload is under way (the engine has taken part of the archive, not all
/// of it) loads nothing. The archive is big enough (a 96 MB layer: hundreds of pieces) that
/// the upload spans several progress reports, and the Cancel comes at the first report of
/// the upload itself, not at the check before it.
#[tokio::test]
async fn cancel_mid_load_loads_nothing() {
    let u = unique();
    let tag = format!("imagen-kit-{u}/halfway:1");
    build(
        &format!(
            "FROM imagen-fixture/busybox:latest\nLABEL org.imagen.kit={u}\n\
             RUN head -c 96000000 /dev/urandom > /big\n"
        ),
        Some(&tag),
    );
    let dir = temp_dir("cancel-load");
    let path = dir.join("kit.tar");
    docker(&["save", "-o", path.to_str().unwrap(), &tag]);
    // The main engine needs it no more: the archive has it.
    docker(&["rmi", &tag]);

    let _turn = EMPTY.lock().await;
    let list = || {
        rows(docker_empty(&[
            "images",
            "-a",
            "--no-trunc",
            "--format",
            ROWS,
        ]))
    };
    let before = list();
    let registry = KitRegistry::default();
    let load_id = format!("load-{u}");
    let (r, lid) = (registry.clone(), load_id.clone());
    let seen = kit::preview_archive_on(&empty_engine(), &path)
        .await
        .unwrap();
    // The report the Cancel came at.
    let at_cancel = Arc::new(Mutex::new(None));
    let noted = Arc::clone(&at_cancel);
    let outcome = kit::load_images(
        &empty_engine(),
        &registry,
        &load_id,
        &path,
        &seen,
        move |p| {
            let mut noted = noted.lock().unwrap();
            if noted.is_none() && !p.checking && p.sent > 0 {
                *noted = Some(p);
                r.cancel(&lid);
            }
        },
    )
    .await
    .unwrap();
    let at_cancel = at_cancel.lock().unwrap().expect("the upload was reported");
    assert!(
        at_cancel.sent > 0 && !at_cancel.ended,
        "the Cancel came mid-upload: {at_cancel:?}"
    );
    assert_eq!(
        outcome,
        LoadOutcome::Cancelled {
            importing: false,
            images: vec![],
            moved: vec![],
        }
    );
    // The engine may still be reading the aborted upload: give it a moment.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(list(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn xz(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    lzma_rs::xz_compress(&mut std::io::Cursor::new(data), &mut out).unwrap();
    out
}

fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

#[tokio::test]
async fn gzip_xz_and_zstd_archives_load() {
    let u = unique();
    let dir = temp_dir("compressed");
    let mut cases = Vec::new();
    for (ext, compression, pack) in [
        ("gz", Compression::Gzip, gzip as fn(&[u8]) -> Vec<u8>),
        ("xz", Compression::Xz, xz),
        ("zst", Compression::Zstd, zstd),
    ] {
        let tag = format!("imagen-kit-{u}/{ext}:1");
        let id = labelled(Some(&tag));
        let plain = dir.join(format!("{ext}.tar"));
        docker(&["save", "-o", plain.to_str().unwrap(), &tag]);
        let packed = dir.join(format!("{ext}.tar.{ext}"));
        std::fs::write(&packed, pack(&std::fs::read(&plain).unwrap())).unwrap();
        let id = id_on_empty(&id, &plain);
        cases.push((tag, id, packed, compression));
    }
    let _turn = EMPTY.lock().await;
    // Engines before 23.0 (API 1.42; this machine's 20.10) cannot decompress zstd: the
    // command shown then decompresses first, and Imagen still loads it.
    let api = docker_empty(&["version", "-f", "{{.Server.APIVersion}}"]);
    let (major, minor) = api.trim().split_once('.').unwrap();
    let old_engine = (major.parse::<u32>().unwrap(), minor.parse::<u32>().unwrap()) < (1, 42);
    for (tag, id, packed, compression) in cases {
        let preview = kit::preview_archive_on(&empty_engine(), &packed)
            .await
            .unwrap();
        assert_eq!(preview.compression, compression);
        assert_eq!(
            preview.decompress_first,
            old_engine && compression == Compression::Zstd,
            "{preview:?} on API {api}"
        );
        assert_eq!(preview.tags, std::slice::from_ref(&tag));
        let outcome = kit::load_images(
            &empty_engine(),
            &KitRegistry::default(),
            &format!("load-{}", unique()),
            &packed,
            &preview,
            |_| {},
        )
        .await
        .unwrap();
        assert!(
            matches!(&outcome, LoadOutcome::Loaded { images, .. } if images.contains(&tag)),
            "{outcome:?}"
        );
        // The command shown after the load is the one this engine needs.
        let file = packed.file_name().unwrap().to_str().unwrap();
        let LoadOutcome::Loaded { command, .. } = &outcome else {
            unreachable!()
        };
        assert_eq!(
            *command,
            imagen_core::record::docker::load(file, preview.decompress_first)
        );
        assert_eq!(
            docker_empty(&["image", "inspect", "-f", "{{.Id}}", &tag]).trim(),
            id
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_tag_that_moved_or_an_image_gone_since_seen_stops_the_save() {
    let u = unique();
    let tag = format!("imagen-kit-{u}/moving:1");
    let seen = labelled(Some(&tag));
    let other = labelled(Some(&format!("imagen-kit-{u}/other:1")));
    let gone_tag = format!("imagen-kit-{u}/gone:1");
    let gone = labelled(Some(&gone_tag));
    docker(&["rmi", &gone_tag]);
    // Between "seeing" and saving, the tag moves to another image.
    docker(&["tag", &other, &tag]);
    assert_eq!(image_id(&tag), other);

    let dir = temp_dir("changed");
    let dest = dir.join("kit.tar");
    let outcome = save(vec![item(&seen, &[&tag]), item(&gone, &[&gone_tag])], &dest).await;
    assert_eq!(
        outcome,
        SaveOutcome::Changed {
            changes: vec![
                KitChange::TagMoved {
                    reference: tag.clone(),
                    now: Some(other.clone()),
                },
                KitChange::ImageGone { id: gone.clone() },
            ]
        }
    );
    assert!(files_in(&dir).is_empty(), "nothing was written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn bad_input_is_refused_before_the_engine() {
    let dir = temp_dir("input");
    let dest = dir.join("kit.tar");
    let registry = KitRegistry::default();
    for (id, items) in [
        ("save-1", vec![]),
        (
            "../x",
            vec![item(&image_id("imagen-fixture/busybox:latest"), &[])],
        ),
        ("save-2", vec![item("sha256:nothex", &[])]),
        (
            "save-3",
            vec![item(
                &image_id("imagen-fixture/busybox:latest"),
                &["busybox"],
            )],
        ),
    ] {
        let target = SaveTarget::now(&dest);
        let err = kit::save_images(
            &private_engine(),
            &registry,
            id,
            items,
            None,
            &target,
            |_| {},
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput { .. } | Error::InvalidReference { .. }
            ),
            "{err:?}"
        );
    }
    assert!(files_in(&dir).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two images of the main engine, each saved to an archive of its own in a new folder: the
/// kit (`…/web:1`) and another image (`…/other:1`) to give the kit's tag to.
struct TwoKits {
    tag: String,
    other: String,
    /// The kit's and the other image's IDs, as the empty engine lists them once loaded
    /// ([`id_on_empty`]).
    id: String,
    other_id: String,
    dir: PathBuf,
    kit_tar: PathBuf,
    other_tar: PathBuf,
}

fn two_kits(what: &str) -> TwoKits {
    let u = unique();
    let (tag, other) = (
        format!("imagen-kit-{u}/web:1"),
        format!("imagen-kit-{u}/other:1"),
    );
    let id = labelled(Some(&tag));
    let other_id = labelled(Some(&other));
    let dir = temp_dir(what);
    let (kit_tar, other_tar) = (dir.join("kit.tar"), dir.join("other.tar"));
    docker(&["save", "-o", kit_tar.to_str().unwrap(), &tag]);
    docker(&["save", "-o", other_tar.to_str().unwrap(), &other]);
    let (id, other_id) = (
        id_on_empty(&id, &kit_tar),
        id_on_empty(&other_id, &other_tar),
    );
    TwoKits {
        tag,
        other,
        id,
        other_id,
        dir,
        kit_tar,
        other_tar,
    }
}

/// `docker load` moves a tag that already names another image, without asking (the old
/// image keeps only its other names). Imagen says so before loading, loads what was shown,
/// and reports the move the engine made.
#[tokio::test]
async fn a_tag_the_load_would_move_is_shown_first_and_reported_after() {
    let TwoKits {
        tag,
        other,
        id,
        other_id,
        dir,
        kit_tar,
        other_tar,
    } = two_kits("moves");
    let u = unique();

    let _turn = EMPTY.lock().await;
    // On the engine the kit goes to, `web:1` already names another image.
    docker_empty(&["load", "-q", "-i", other_tar.to_str().unwrap()]);
    docker_empty(&["tag", &other, &tag]);

    let seen = kit::preview_archive_on(&empty_engine(), &kit_tar)
        .await
        .unwrap();
    let taken = vec![kit::TagTaken {
        tag: tag.clone(),
        holder: other_id.clone(),
    }];
    assert_eq!(seen.taken.as_ref(), Some(&taken));
    let outcome = kit::load_images(
        &empty_engine(),
        &KitRegistry::default(),
        &format!("load-{u}"),
        &kit_tar,
        &seen,
        |_| {},
    )
    .await
    .unwrap();
    let LoadOutcome::Loaded { moved, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(moved, taken);
    assert_eq!(
        docker_empty(&["image", "inspect", "-f", "{{.Id}}", &tag]).trim(),
        id
    );
    assert_eq!(
        docker_empty(&["image", "inspect", "-f", "{{.Id}}", &other]).trim(),
        other_id,
        "the other image keeps its other name"
    );
    // The grid the e2e suites walk later shows what tests leave on the main engine.
    docker(&["rmi", &tag, &other]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The kit's preview showed no tag in use; a terminal then gives that tag to another image.
/// Loading would move it from there unseen: nothing is loaded, and the answer is the new
/// preview, which says so.
#[tokio::test]
async fn a_tag_taken_after_the_preview_stops_the_load() {
    let TwoKits {
        tag,
        other,
        id,
        other_id,
        dir,
        kit_tar,
        other_tar,
    } = two_kits("taken-later");
    let u = unique();

    let _turn = EMPTY.lock().await;
    docker_empty(&["load", "-q", "-i", other_tar.to_str().unwrap()]);
    let seen = kit::preview_archive_on(&empty_engine(), &kit_tar)
        .await
        .unwrap();
    assert_eq!(seen.taken, Some(vec![]));
    docker_empty(&["tag", &other, &tag]); // in a terminal, after the preview

    let outcome = kit::load_images(
        &empty_engine(),
        &KitRegistry::default(),
        &format!("load-{u}"),
        &kit_tar,
        &seen,
        |_| {},
    )
    .await
    .unwrap();
    let LoadOutcome::Changed { preview, change } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(change, kit::LoadChange::Archive);
    assert_eq!(
        preview.taken,
        Some(vec![kit::TagTaken {
            tag: tag.clone(),
            holder: other_id.clone(),
        }])
    );
    assert_eq!(
        docker_empty(&["image", "inspect", "-f", "{{.Id}}", &tag]).trim(),
        other_id,
        "the tag stays where the terminal put it"
    );
    let loaded = Command::new("docker")
        .args(["image", "inspect", &id])
        .env("DOCKER_HOST", empty_sock())
        .output()
        .unwrap();
    assert!(!loaded.status.success(), "nothing was loaded");
    // The grid the e2e suites walk later shows what tests leave on the main engine.
    docker(&["rmi", &tag, &other]);
    let _ = std::fs::remove_dir_all(&dir);
}
