//! The Terminal record: every command Imagen carried out on the engine since it started, in
//! order, as the docker command a user would type, with how it ended. A workshop's exercises,
//! recorded, and copyable as a script.
//!
//! Commands are written here from the same typed values the engine calls are made from, so
//! the record says what Imagen did, not what the UI meant to do.

use crate::engine::resolve::{self, CandidateKind, Environment, SocketKind};
use crate::error::Error;
use serde::Serialize;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// How a recorded command ended (or that it is still running).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status")]
pub enum RecordStatus {
    /// Still running.
    Running,
    /// Went through.
    Done,
    /// The engine (or Imagen, re-checking) refused it; `error` says why.
    Refused {
        /// Why.
        error: Error,
    },
    /// The user cancelled it.
    Cancelled,
    /// Not run: re-checking, Imagen found the engine changed since the user looked, and asked
    /// again instead.
    Changed,
}

/// One recorded command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RecordEntry {
    /// 1, 2, 3… in the order the commands started.
    pub seq: u32,
    /// When it started, in milliseconds since the Unix epoch.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub started_ms: u64,
    /// The docker command (`docker pull nginx:latest`), quoted for a POSIX shell.
    pub command: String,
    /// How it ended.
    pub status: RecordStatus,
    /// Set when the entry is Imagen switching engines rather than a docker command it ran:
    /// `command` is then what puts a terminal on the same engine (the switcher's "the same in
    /// a terminal"), so a copied script replays what follows on that engine too. Optional in
    /// TypeScript, so an entry made without it (the UI's fake backend) still type-checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, inline))]
    pub engine: Option<EngineSwitch>,
}

/// The engine Imagen switched to, named as the switcher lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EngineSwitch {
    /// A context's name, or (with `socket`) the English name of whose socket it is.
    pub label: String,
    /// For a socket found on this machine: whose it is, for the page to name.
    pub socket: Option<SocketKind>,
    /// Chosen as "like the docker command": the engine is the one that rule found.
    pub automatic: bool,
    /// Not a switch this run: the engine chosen in an earlier one, which Imagen starts on.
    /// Heading the record, it puts a replayed script on the engine its commands ran on.
    pub remembered: bool,
}

/// The record's entry for Imagen switching to the switcher's candidate `chosen` (`None`:
/// like the docker CLI, then the candidate that rule picks now, which Imagen connects to
/// next): the engine, and the command the switcher shows for it, which puts a terminal on
/// the same engine. `None` when no candidate is that engine (like the docker CLI with a
/// `config.json` it cannot read: Imagen has no engine to go to either).
pub fn engine_switch(
    env: &Environment,
    exists: impl Fn(&Path) -> bool,
    chosen: Option<&str>,
) -> Option<(EngineSwitch, String)> {
    let candidate = resolve::candidates_keeping(env, exists, chosen)
        .into_iter()
        .find(|c| match chosen {
            Some(id) => c.id == id,
            None => c.current,
        })?;
    // A context put in use: cleared of what would override it in the shell running the
    // script, which may not be the shell Imagen started from (a socket switched to earlier in
    // the same script exported DOCKER_HOST). A DOCKER_HOST line (a socket; `default` where
    // only DOCKER_HOST reaches Imagen's engine) overrides everything already.
    // (With the TLS variables after it, for a DOCKER_HOST that has them.)
    let sets_host = candidate
        .docker_command
        .starts_with(&resolve::set_docker_host(
            env.platform,
            candidate.address.as_str(),
        ));
    let (socket, command) = match candidate.kind {
        CandidateKind::Socket { socket } => (Some(socket), candidate.docker_command),
        CandidateKind::Context { .. } if sets_host => (None, candidate.docker_command),
        CandidateKind::Context { name, .. } => {
            (None, resolve::context_use_in_script(env.platform, &name))
        }
    };
    Some((
        EngineSwitch {
            label: candidate.label,
            socket,
            automatic: chosen.is_none(),
            remembered: false,
        },
        command,
    ))
}

/// The most entries kept; the oldest are dropped first (a long workshop stays light).
pub const MAX_ENTRIES: usize = 2000;

/// Drops the oldest entry but one case: an engine switch heading the record, with a command
/// after it, is what that command and the next ones ran on, and a script copied from the
/// record starts by putting the terminal there. Dropping it would replay them on the
/// terminal's own engine, so the command after it goes instead. A switch followed by another
/// switch was superseded, and goes.
fn drop_oldest(entries: &mut VecDeque<RecordEntry>) {
    let heads_an_engine = entries.front().is_some_and(|e| e.engine.is_some());
    let command_next = entries.get(1).is_some_and(|e| e.engine.is_none());
    if heads_an_engine && command_next {
        entries.remove(1);
    } else {
        entries.pop_front();
    }
}

type Listener = Arc<dyn Fn(&RecordEntry) + Send + Sync>;

#[derive(Default)]
struct Inner {
    entries: VecDeque<RecordEntry>,
    seq: u32,
    listener: Option<Listener>,
}

/// The record, shared by every command of the app.
#[derive(Clone, Default)]
pub struct Record {
    inner: Arc<Mutex<Inner>>,
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("entries", &self.lock().entries.len())
            .finish()
    }
}

/// An entry being run: finish it with [`Running::done`], [`Running::refused`] or
/// [`Running::cancelled`]. Dropped unfinished (an error path that forgot, a panic), it is
/// marked refused with an internal error rather than left running forever.
#[derive(Debug)]
pub struct Running {
    record: Record,
    seq: u32,
    finished: bool,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Record {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Calls `listener` with every entry added or changed (the shell sends it to the web view).
    pub fn on_change(&self, listener: impl Fn(&RecordEntry) + Send + Sync + 'static) {
        self.lock().listener = Some(Arc::new(listener));
    }

    fn notify(&self, entry: RecordEntry, listener: Option<Listener>) {
        if let Some(l) = listener {
            l(&entry);
        }
    }

    /// Adds a new entry; answers its `seq`.
    fn push(&self, command: String, status: RecordStatus, engine: Option<EngineSwitch>) -> u32 {
        let (entry, listener) = {
            let mut inner = self.lock();
            inner.seq = inner.seq.saturating_add(1);
            let entry = RecordEntry {
                seq: inner.seq,
                started_ms: now_ms(),
                command,
                status,
                engine,
            };
            if inner.entries.len() >= MAX_ENTRIES {
                drop_oldest(&mut inner.entries);
            }
            inner.entries.push_back(entry.clone());
            (entry, inner.listener.clone())
        };
        let seq = entry.seq;
        self.notify(entry, listener);
        seq
    }

    /// Records `command` as running.
    pub fn start(&self, command: String) -> Running {
        let seq = self.push(command, RecordStatus::Running, None);
        Running {
            record: self.clone(),
            seq,
            finished: false,
        }
    }

    /// Records that Imagen switched to `engine` (see [`engine_switch`]): `command` puts a
    /// terminal on it too. Done at once: the switch is Imagen's own, and a refused one
    /// changes nothing and is not recorded (as other choices refused before they run).
    pub fn switched(&self, engine: EngineSwitch, command: String) {
        self.push(command, RecordStatus::Done, Some(engine));
    }

    /// At start, with `chosen` the engine remembered from an earlier run: records it as
    /// [`Record::switched`] does, marked `remembered`, so a script copied from the record
    /// puts a terminal on that engine before its first command, not on the terminal's own.
    /// Nothing without a choice: Imagen then uses the docker CLI's engine, as a terminal does.
    pub fn resumed(&self, env: &Environment, exists: impl Fn(&Path) -> bool, chosen: Option<&str>) {
        let Some(id) = chosen else { return };
        if let Some((engine, command)) = engine_switch(env, exists, Some(id)) {
            let engine = EngineSwitch {
                remembered: true,
                ..engine
            };
            self.push(command, RecordStatus::Done, Some(engine));
        }
    }

    /// Records `command` as already done (a read the user asked for: `docker inspect`).
    pub fn done(&self, command: String) {
        self.start(command).done();
    }

    /// Records how `result` ended for `command`, passing `result` through.
    pub fn outcome<T>(&self, command: String, result: crate::Result<T>) -> crate::Result<T> {
        let run = self.start(command);
        match &result {
            Ok(_) => run.done(),
            Err(e) => run.refused(e.clone()),
        }
        result
    }

    /// A read (`docker image inspect`, `docker history`): recorded as [`Record::outcome`]
    /// when the user asked for it; passed through unrecorded when `again`, the app reading by
    /// itself (a refresh, the Learn panel), which the user never typed.
    pub fn read<T>(
        &self,
        again: bool,
        command: String,
        result: crate::Result<T>,
    ) -> crate::Result<T> {
        if again {
            result
        } else {
            self.outcome(command, result)
        }
    }

    fn finish(&self, seq: u32, status: RecordStatus, command: Option<String>) {
        let (entry, listener) = {
            let mut inner = self.lock();
            let listener = inner.listener.clone();
            let Some(entry) = inner.entries.iter_mut().rev().find(|e| e.seq == seq) else {
                return;
            };
            entry.status = status;
            if let Some(command) = command {
                entry.command = command;
            }
            (entry.clone(), listener)
        };
        self.notify(entry, listener);
    }

    /// Every entry kept, oldest first.
    pub fn entries(&self) -> Vec<RecordEntry> {
        self.lock().entries.iter().cloned().collect()
    }
}

impl Running {
    /// It went through.
    pub fn done(mut self) {
        self.finished = true;
        self.record.finish(self.seq, RecordStatus::Done, None);
    }

    /// It went through as `command`, not quite as recorded at its start (a save that went
    /// to `kit (2).tar` because `kit.tar` changed meanwhile).
    pub fn done_as(mut self, command: String) {
        self.finished = true;
        self.record
            .finish(self.seq, RecordStatus::Done, Some(command));
    }

    /// It was refused, for `error`.
    pub fn refused(mut self, error: Error) {
        self.finished = true;
        self.record
            .finish(self.seq, RecordStatus::Refused { error }, None);
    }

    /// The user cancelled it.
    pub fn cancelled(mut self) {
        self.finished = true;
        self.record.finish(self.seq, RecordStatus::Cancelled, None);
    }
}

impl Running {
    /// Not run: the engine changed since the user looked.
    pub fn changed(mut self) {
        self.finished = true;
        self.record.finish(self.seq, RecordStatus::Changed, None);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.finished {
            self.record.finish(
                self.seq,
                RecordStatus::Refused {
                    error: Error::Internal {
                        message: "the command ended without an answer".to_owned(),
                    },
                },
                None,
            );
        }
    }
}

/// `args` as one shell line: words with nothing a shell would split or expand stay bare
/// (`docker pull nginx:latest`); others are quoted ([`shell_word`]).
pub fn shell_line(args: &[&str]) -> String {
    args.iter()
        .map(|a| shell_word(a))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One shell word, quoted only when needed, for the three shells a workshop pastes into: a
/// POSIX shell (macOS, Linux, Git Bash), PowerShell and cmd.exe.
/// - Bare: ASCII letters, digits and `@ + = : . / - _`, not starting with `@` (no comma,
///   which PowerShell reads as an array separator).
/// - Else double-quoted (`"Mi kit.tar"`, `"Ana's kit.tar"`, `"kit 100%.tar"`), which all
///   three read the same, when the word holds nothing a POSIX shell or PowerShell expands
///   or ends a string on inside double quotes: `"` `$` `` ` `` `\` `!` or PowerShell's
///   typographic quotes.
/// - Else single-quoted, which neither expands: a `'` in it written `'\''` for a POSIX shell,
///   and on Windows `''` for PowerShell, where Windows users paste (no one form reads the
///   same in both).
///
/// `%` is double-quoted like any other mark: cmd.exe reads single quotes as part of the
/// word (`'kit 100%.tar'` is a file name with quotes in it, cut at the space), and expands
/// `%VAR%` inside either kind of quotes, so double quotes are the most it can be given.
pub fn shell_word(word: &str) -> String {
    // A leading `@` is PowerShell's splatting.
    let plain = !word.is_empty()
        && !word.starts_with('@')
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"@+=:./-_".contains(&b));
    if plain {
        word.to_owned()
    } else if !word.contains(DOUBLE_QUOTE_UNSAFE) {
        format!("\"{word}\"")
    } else {
        single_quoted(word, cfg!(windows))
    }
}

/// `word` in single quotes, for PowerShell or a POSIX shell ([`shell_word`]). PowerShell
/// also ends a single-quoted string on the typographic single quotes (`‘ ’ ‚ ‛`, common in
/// names from a Mac), so each is doubled there too.
fn single_quoted(word: &str, powershell: bool) -> String {
    if powershell {
        let mut out = String::with_capacity(word.len() + 2);
        out.push('\'');
        for c in word.chars() {
            if POWERSHELL_SINGLE_QUOTES.contains(&c) {
                out.push(c);
            }
            out.push(c);
        }
        out.push('\'');
        out
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The characters PowerShell reads as a single quote.
const POWERSHELL_SINGLE_QUOTES: &[char] = &['\'', '\u{2018}', '\u{2019}', '\u{201a}', '\u{201b}'];

/// What a POSIX shell or PowerShell expands, or ends a string on, inside double quotes: `$`
/// and `` ` `` (both), `\` and `!` (POSIX), and the quotes PowerShell reads as `"`. Not `%`:
/// cmd.exe's `%VAR%` is expanded inside single quotes too ([`shell_word`]).
const DOUBLE_QUOTE_UNSAFE: &[char] =
    &['"', '$', '`', '\\', '!', '\u{201c}', '\u{201d}', '\u{201e}'];

/// The docker commands Imagen's actions equal, written from the values the engine calls use.
pub mod docker {
    use super::shell_line;

    /// `docker pull [--platform p] ref`.
    pub fn pull(reference: &str, platform: Option<&str>) -> String {
        match platform {
            Some(p) => shell_line(&["docker", "pull", "--platform", p, reference]),
            None => shell_line(&["docker", "pull", reference]),
        }
    }

    /// `docker image inspect name`.
    pub fn inspect(name: &str) -> String {
        shell_line(&["docker", "image", "inspect", name])
    }

    /// `docker history --no-trunc name`: CREATED BY in full, as the History tab shows it
    /// (the CLI cuts it at 45 characters otherwise).
    pub fn history(name: &str) -> String {
        shell_line(&["docker", "history", "--no-trunc", name])
    }

    /// `docker tag source target`.
    pub fn tag(source: &str, target: &str) -> String {
        shell_line(&["docker", "tag", source, target])
    }

    /// `docker rmi name`: one image (or one of its tags) removed, as a prune removes each.
    pub fn rmi(name: &str) -> String {
        shell_line(&["docker", "rmi", name])
    }

    /// `docker rmi --no-prune name`: as [`rmi`], leaving the image's nameless parents (the
    /// containerd store's prune deletes each of them by itself).
    pub fn rmi_no_prune(name: &str) -> String {
        shell_line(&["docker", "rmi", "--no-prune", name])
    }

    /// `docker image prune [-a] --force` (Imagen asked before, so the command does not ask).
    pub fn prune(all: bool) -> String {
        if all {
            shell_line(&["docker", "image", "prune", "-a", "--force"])
        } else {
            shell_line(&["docker", "image", "prune", "--force"])
        }
    }

    /// `docker save -o file names…`.
    pub fn save(file: &str, names: &[String]) -> String {
        let mut args = vec!["docker", "save", "-o", file];
        args.extend(names.iter().map(String::as_str));
        shell_line(&args)
    }

    /// `docker load -i file`. When the engine cannot decompress the file itself
    /// ([`crate::kit::ArchivePreview::decompress_first`]), zstd does first: `zstd -dc file |
    /// docker load` in a POSIX shell; on Windows `zstd -d -o file.tar file; if ($?) { docker
    /// load -i file.tar }` (PowerShell), as Windows PowerShell before 7.4 passes what one
    /// program pipes to another as text, which corrupts a tar.
    pub fn load(file: &str, decompress_first: bool) -> String {
        load_in(file, decompress_first, cfg!(windows))
    }

    /// [`load`], for PowerShell or a POSIX shell.
    pub(super) fn load_in(file: &str, decompress_first: bool, powershell: bool) -> String {
        if !decompress_first {
            return shell_line(&["docker", "load", "-i", file]);
        }
        // zstd would read a name starting with `-` as options.
        let end: &[&str] = if file.starts_with('-') {
            &["--", file]
        } else {
            &[file]
        };
        if powershell {
            let tar = decompressed_name(file);
            let mut zstd = vec!["zstd", "-d", "-o", &tar];
            zstd.extend(end);
            // Loads only what zstd wrote: it refuses to overwrite a tar already there (often
            // the one the archive was made from), and that old tar must not be loaded.
            format!(
                "{}; if ($?) {{ {} }}",
                shell_line(&zstd),
                shell_line(&["docker", "load", "-i", &tar])
            )
        } else {
            let mut zstd = vec!["zstd", "-dc"];
            zstd.extend(end);
            format!(
                "{} | {}",
                shell_line(&zstd),
                shell_line(&["docker", "load"])
            )
        }
    }

    /// The tar that `zstd -d` writes `file` out to: without its `.zst` (`kit.tar.zst` →
    /// `kit.tar`, `kit.tzst` → `kit.tar`), else with `.tar` added (an archive Imagen
    /// recognised by its first bytes, whatever its name).
    pub(super) fn decompressed_name(file: &str) -> String {
        let lower = file.to_ascii_lowercase();
        let stem = |suffix: &str| {
            lower
                .ends_with(suffix)
                .then(|| &file[..file.len() - suffix.len()])
                .filter(|stem| !stem.is_empty() && !stem.ends_with(['/', '\\']))
        };
        if let Some(stem) = stem(".zst") {
            stem.to_owned()
        } else if let Some(stem) = stem(".tzst") {
            format!("{stem}.tar")
        } else {
            format!("{file}.tar")
        }
    }

    /// `docker buildx imagetools inspect ref`: what the registry has under a tag now. Its
    /// `Digest:` line is the digest a pull records (a multi-platform image's index), which
    /// `docker manifest inspect` does not print for such an image.
    pub fn imagetools_inspect(reference: &str) -> String {
        shell_line(&["docker", "buildx", "imagetools", "inspect", reference])
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn entries_keep_their_order_and_their_ending() {
        let record = Record::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        record.on_change(move |e| s.lock().unwrap().push((e.seq, e.status.clone())));
        let pull = record.start("docker pull nginx".into());
        record.done("docker image inspect nginx".into());
        pull.cancelled();
        let tag = record.start("docker tag a b".into());
        drop(tag); // forgotten: refused, never left running
        let entries = record.entries();
        assert_eq!(
            entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert_eq!(entries[0].status, RecordStatus::Cancelled);
        assert_eq!(entries[1].status, RecordStatus::Done);
        assert!(matches!(entries[2].status, RecordStatus::Refused { .. }));
        assert_eq!(seen.lock().unwrap().len(), 6);
    }

    /// A command that went through otherwise than recorded at its start is recorded as it
    /// went (a save written beside the chosen file).
    #[test]
    fn an_entry_done_as_another_command_says_that_one() {
        let record = Record::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        record.on_change(move |e| s.lock().unwrap().push(e.command.clone()));
        let save = record.start("docker save -o kit.tar web:1".into());
        save.done_as(r#"docker save -o "kit (2).tar" web:1"#.into());
        let entries = record.entries();
        assert_eq!(entries[0].command, r#"docker save -o "kit (2).tar" web:1"#);
        assert_eq!(entries[0].status, RecordStatus::Done);
        assert_eq!(
            seen.lock().unwrap().last().map(String::as_str),
            Some(r#"docker save -o "kit (2).tar" web:1"#)
        );
    }

    /// The app reading by itself (`again`) adds no line; the user's own read does.
    #[test]
    fn a_read_again_is_not_recorded() {
        let record = Record::default();
        let again: crate::Result<u8> = record.read(true, docker::history("web:1"), Ok(1));
        assert_eq!(again.ok(), Some(1));
        assert!(record.entries().is_empty());
        let gone = Error::NoSuchImage {
            reference: "web:1".into(),
        };
        assert!(record
            .read::<u8>(true, docker::inspect("web:1"), Err(gone))
            .is_err());
        assert!(record.entries().is_empty());
        let asked: crate::Result<u8> = record.read(false, docker::history("web:1"), Ok(1));
        assert_eq!(asked.ok(), Some(1));
        let entries = record.entries();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].command, "docker history --no-trunc web:1");
        assert_eq!(entries[0].status, RecordStatus::Done);
    }

    #[test]
    fn the_oldest_entries_go_first() {
        let record = Record::default();
        for i in 0..MAX_ENTRIES + 5 {
            record.done(format!("docker images #{i}"));
        }
        let entries = record.entries();
        assert_eq!(entries.len(), MAX_ENTRIES);
        assert_eq!(entries[0].seq, 6);
    }

    /// A long workshop fills the record: the engine switch heading it stays, so a script
    /// copied then still puts the terminal on the engine its commands ran on.
    #[test]
    fn the_engine_heading_a_full_record_stays() {
        let record = Record::default();
        let colima = |label: &str| EngineSwitch {
            label: label.into(),
            socket: None,
            automatic: false,
            remembered: true,
        };
        record.switched(colima("colima"), "docker context use colima".into());
        for i in 0..MAX_ENTRIES + 5 {
            record.done(format!("docker images #{i}"));
        }
        let entries = record.entries();
        assert_eq!(entries.len(), MAX_ENTRIES);
        assert_eq!(entries[0].command, "docker context use colima");
        assert_eq!(entries[1].command, "docker images #6");

        // A later switch supersedes it: once it heads the record, the first one goes.
        record.switched(colima("far"), "docker context use far".into());
        for i in 0..MAX_ENTRIES {
            record.done(format!("docker ps #{i}"));
        }
        let entries = record.entries();
        assert_eq!(entries.len(), MAX_ENTRIES);
        assert_eq!(entries[0].command, "docker context use far");
        assert_eq!(entries[1].command, "docker ps #1");
    }

    #[test]
    fn words_are_quoted_only_when_the_shell_would_split_them() {
        assert_eq!(
            shell_line(&["docker", "pull", "reg:5000/a/b@sha256:00"]),
            "docker pull reg:5000/a/b@sha256:00"
        );
        // Double quotes read the same in a POSIX shell, PowerShell and cmd.exe.
        assert_eq!(
            shell_line(&["docker", "save", "-o", "my kit.tar", "Ana's"]),
            r#"docker save -o "my kit.tar" "Ana's""#
        );
        assert_eq!(
            shell_line(&["docker", "images", "--filter", "reference=ng*"]),
            r#"docker images --filter "reference=ng*""#
        );
        // What a shell expands inside double quotes: single quotes, for a POSIX shell.
        #[cfg(not(windows))]
        assert_eq!(shell_word("$HOME's kit"), r"'$HOME'\''s kit'");
        assert_eq!(shell_word("a\\b c"), r"'a\b c'");
        assert_eq!(shell_word("hi!"), "'hi!'");
        assert_eq!(shell_word("\u{201c}kit\u{201d}"), "'\u{201c}kit\u{201d}'");
        assert_eq!(shell_word(""), r#""""#);
        // `%`: double quotes, which cmd.exe reads as quotes (single quotes it keeps in the
        // word); PowerShell splats a leading @.
        assert_eq!(shell_word("kit 100%.tar"), r#""kit 100%.tar""#);
        assert_eq!(
            shell_line(&["docker", "save", "-o", "kit 100%.tar", "web:1"]),
            r#"docker save -o "kit 100%.tar" web:1"#
        );
        assert_eq!(shell_word("kit%USERNAME%.tar"), r#""kit%USERNAME%.tar""#);
        assert_eq!(shell_word("@args"), r#""@args""#);
        assert_eq!(shell_word("web@sha256:00"), "web@sha256:00");
        // A `'` among what double quotes would expand: each shell's own way.
        assert_eq!(single_quoted("$HOME's kit", false), r"'$HOME'\''s kit'");
        assert_eq!(single_quoted("Ana's ¡kit!.tar", true), "'Ana''s ¡kit!.tar'");
        assert_eq!(
            single_quoted("Ana\u{2019}s kit!.tar", true),
            "'Ana\u{2019}\u{2019}s kit!.tar'"
        );
        assert_eq!(
            single_quoted("Ana\u{2019}s kit!.tar", false),
            "'Ana\u{2019}s kit!.tar'"
        );
        assert_eq!(
            docker::load_in("-kit.tar.zst", true, false),
            "zstd -dc -- -kit.tar.zst | docker load"
        );
        assert_eq!(
            docker::load_in("-kit.tar.zst", true, true),
            "zstd -d -o -kit.tar -- -kit.tar.zst; if ($?) { docker load -i -kit.tar }"
        );
        // PowerShell would split a bare comma into an array.
        assert_eq!(
            shell_line(&[
                "docker",
                "pull",
                "--platform",
                "linux/amd64,linux/arm64",
                "web"
            ]),
            r#"docker pull --platform "linux/amd64,linux/arm64" web"#
        );
    }

    #[test]
    fn a_load_that_the_engine_cannot_decompress_is_piped_through_zstd() {
        assert_eq!(
            docker::load("kit.tar.zst", false),
            "docker load -i kit.tar.zst"
        );
        assert_eq!(
            docker::load_in("Mi kit.tar.zst", true, false),
            r#"zstd -dc "Mi kit.tar.zst" | docker load"#
        );
        #[cfg(not(windows))]
        assert_eq!(
            docker::load("Mi kit.tar.zst", true),
            r#"zstd -dc "Mi kit.tar.zst" | docker load"#
        );
    }

    /// Windows PowerShell before 7.4 passes bytes piped between two programs as text, which
    /// corrupts a tar: on Windows zstd writes the tar to a file, which docker then loads.
    #[test]
    fn on_windows_a_zstd_load_decompresses_to_a_file_first() {
        assert_eq!(
            docker::load_in("kit.tar.zst", true, true),
            "zstd -d -o kit.tar kit.tar.zst; if ($?) { docker load -i kit.tar }"
        );
        assert_eq!(
            docker::load_in("Mi kit.tar.zst", true, true),
            r#"zstd -d -o "Mi kit.tar" "Mi kit.tar.zst"; if ($?) { docker load -i "Mi kit.tar" }"#
        );
        // Not compressed for zstd: the plain `docker load -i`, as everywhere.
        assert_eq!(
            docker::load_in("kit.tar.zst", false, true),
            "docker load -i kit.tar.zst"
        );
        #[cfg(windows)]
        assert_eq!(
            docker::load("kit.tar.zst", true),
            "zstd -d -o kit.tar kit.tar.zst; if ($?) { docker load -i kit.tar }"
        );
        // The tar's name: without `.zst`, else with `.tar` added.
        assert_eq!(docker::decompressed_name("KIT.TAR.ZST"), "KIT.TAR");
        assert_eq!(docker::decompressed_name("kit.tzst"), "kit.tar");
        assert_eq!(docker::decompressed_name("kit.zst"), "kit");
        assert_eq!(docker::decompressed_name("kit.bin"), "kit.bin.tar");
        assert_eq!(docker::decompressed_name(".zst"), ".zst.tar");
    }

    /// Linux, with a home folder and docker configuration in `home`, and nothing else set.
    fn linux(home: &Path) -> Environment {
        Environment {
            home: Some(home.to_owned()),
            runtime_dir: Some(home.join("run")),
            platform: resolve::Platform::Linux,
            ..Environment::default()
        }
    }

    /// Writes the context `name` (to `host`) the way `docker context create` does.
    fn add_context(home: &Path, name: &str, host: &str) {
        use sha2::{Digest, Sha256};
        let digest: String = Sha256::digest(name.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let dir = home.join(".docker/contexts/meta").join(digest);
        std::fs::create_dir_all(&dir).unwrap();
        let meta = serde_json::json!({
            "Name": name,
            "Metadata": {},
            "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": false}},
        });
        std::fs::write(dir.join("meta.json"), meta.to_string()).unwrap();
    }

    fn none(_: &Path) -> bool {
        false
    }

    /// A switch is recorded as the command that puts a terminal on the same engine (the
    /// switcher's), marked as a switch, done; listeners hear it as any other entry.
    #[test]
    fn an_engine_switch_is_recorded_as_the_command_for_a_terminal() {
        let home = crate::scratch::ScratchDir::new("record-switch");
        add_context(
            &home,
            "colima",
            "unix:///home/ana/.colima/default/docker.sock",
        );
        let env = linux(&home);
        let record = Record::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        record.on_change(move |e| s.lock().unwrap().push(e.clone()));
        record.start("docker rmi web:1".into()).done();

        let (engine, command) = engine_switch(&env, none, Some("context:colima")).unwrap();
        assert_eq!(
            command,
            "unset DOCKER_HOST DOCKER_CONTEXT; docker context use colima"
        );
        record.switched(engine, command);
        let entries = record.entries();
        assert_eq!(entries[0].engine, None);
        assert_eq!(entries[1].seq, 2);
        assert_eq!(
            entries[1].command,
            "unset DOCKER_HOST DOCKER_CONTEXT; docker context use colima"
        );
        assert_eq!(entries[1].status, RecordStatus::Done);
        assert_eq!(
            entries[1].engine,
            Some(EngineSwitch {
                label: "colima".into(),
                socket: None,
                automatic: false,
                remembered: false,
            })
        );
        assert_eq!(seen.lock().unwrap().last(), Some(&entries[1]));
        // The web view tells a switch by its `engine`; other entries have none.
        let json = serde_json::to_value(&entries).unwrap();
        assert!(json[0].get("engine").is_none());
        assert_eq!(
            json[1]["engine"],
            serde_json::json!({"label": "colima", "socket": null, "automatic": false, "remembered": false})
        );
    }

    /// Started on an engine chosen in an earlier run: the record opens with the command that
    /// puts a terminal there, marked as remembered; without a choice it opens empty.
    #[test]
    fn an_engine_remembered_from_an_earlier_run_heads_the_record() {
        let home = crate::scratch::ScratchDir::new("record-resumed");
        add_context(
            &home,
            "colima",
            "unix:///home/ana/.colima/default/docker.sock",
        );
        let env = linux(&home);
        let record = Record::default();
        record.resumed(&env, none, None);
        assert!(record.entries().is_empty());
        record.resumed(&env, none, Some("context:colima"));
        record.start("docker rmi web:1".into()).done();
        let entries = record.entries();
        assert_eq!(
            entries[0].command,
            "unset DOCKER_HOST DOCKER_CONTEXT; docker context use colima"
        );
        assert_eq!(entries[0].status, RecordStatus::Done);
        assert_eq!(
            entries[0].engine,
            Some(EngineSwitch {
                label: "colima".into(),
                socket: None,
                automatic: false,
                remembered: true,
            })
        );
        assert_eq!(entries[1].command, "docker rmi web:1");
        // A remembered context removed since: nothing to put a terminal on, nothing recorded.
        let fresh = Record::default();
        fresh.resumed(&env, none, Some("context:gone"));
        assert!(fresh.entries().is_empty());
    }

    /// A socket: DOCKER_HOST set to it, in the platform's shell; kept even while nothing is
    /// there (Imagen stays on a chosen socket whose engine stopped).
    #[test]
    fn a_switch_to_a_socket_sets_docker_host() {
        let home = crate::scratch::ScratchDir::new("record-switch-socket");
        let env = linux(&home);
        let id = format!(
            "socket:unix://{}/.colima/default/docker.sock",
            home.display()
        );
        let (engine, command) = engine_switch(&env, none, Some(&id)).unwrap();
        assert_eq!(
            engine,
            EngineSwitch {
                label: "Colima".into(),
                socket: Some(SocketKind::Colima),
                automatic: false,
                remembered: false,
            }
        );
        assert_eq!(
            command,
            resolve::set_docker_host(resolve::Platform::Linux, &id["socket:".len()..])
        );
        // (A Windows test folder has backslashes, which the shell word quotes.)
        #[cfg(unix)]
        assert_eq!(
            command,
            format!("export DOCKER_HOST={}", &id["socket:".len()..])
        );
        let windows = Environment {
            platform: resolve::Platform::Windows,
            ..env
        };
        let pipe = "socket:npipe:////./pipe/podman-machine-default";
        let (_, command) = engine_switch(&windows, none, Some(pipe)).unwrap();
        assert_eq!(
            command,
            r#"$env:DOCKER_HOST="npipe:////./pipe/podman-machine-default""#
        );
    }

    /// A script replays in one shell: a switch to a socket exports DOCKER_HOST there, so a
    /// later switch to a context must clear it (and DOCKER_CONTEXT), whatever Imagen's own
    /// environment holds, or the commands after it would still reach the socket's engine.
    #[test]
    fn a_switch_to_a_context_after_a_socket_clears_what_the_socket_set() {
        let home = crate::scratch::ScratchDir::new("record-switch-two");
        add_context(
            &home,
            "colima",
            "unix:///home/ana/.colima/default/docker.sock",
        );
        let env = linux(&home);
        let socket = format!(
            "socket:unix://{}/.colima/default/docker.sock",
            home.display()
        );
        let (_, first) = engine_switch(&env, none, Some(&socket)).unwrap();
        assert!(first.starts_with("export DOCKER_HOST="), "{first}");
        let (_, second) = engine_switch(&env, none, Some("context:colima")).unwrap();
        assert_eq!(
            second,
            "unset DOCKER_HOST DOCKER_CONTEXT; docker context use colima"
        );
        let windows = Environment {
            platform: resolve::Platform::Windows,
            ..env
        };
        let (_, second) = engine_switch(&windows, none, Some("context:colima")).unwrap();
        assert_eq!(
            second,
            "Remove-Item Env:DOCKER_HOST, Env:DOCKER_CONTEXT -ErrorAction SilentlyContinue; \
             docker context use colima"
        );
    }

    /// "Like the docker command": the command for the engine that rule finds now, so a
    /// script goes on there too, whatever the terminal used before.
    #[test]
    fn a_switch_back_to_the_docker_clis_engine_records_that_engine() {
        let home = crate::scratch::ScratchDir::new("record-switch-auto");
        add_context(
            &home,
            "colima",
            "unix:///home/ana/.colima/default/docker.sock",
        );
        let env = linux(&home);
        // Nothing names an engine: the default context, and docker's own command for it.
        let (engine, command) = engine_switch(&env, none, None).unwrap();
        assert_eq!(
            engine,
            EngineSwitch {
                label: "default".into(),
                socket: None,
                automatic: true,
                remembered: false,
            }
        );
        assert_eq!(
            command,
            "unset DOCKER_HOST DOCKER_CONTEXT; docker context use default"
        );
        // DOCKER_HOST names it: `docker context use default` would not bring it back.
        let host = Environment {
            docker_host: Some("tcp://10.0.0.5:2375".into()),
            ..env.clone()
        };
        let (_, command) = engine_switch(&host, none, None).unwrap();
        assert_eq!(command, "export DOCKER_HOST=tcp://10.0.0.5:2375");
        // DOCKER_CONTEXT names it: that context, DOCKER_CONTEXT cleared first.
        let named = Environment {
            docker_context: Some("colima".into()),
            ..env.clone()
        };
        let (engine, command) = engine_switch(&named, none, None).unwrap();
        assert_eq!(engine.label, "colima");
        assert!(engine.automatic);
        assert_eq!(
            command,
            "unset DOCKER_HOST DOCKER_CONTEXT; docker context use colima"
        );
        // A context that cannot be found: no engine, nothing to record.
        let gone = Environment {
            docker_context: Some("gone".into()),
            ..env
        };
        assert_eq!(engine_switch(&gone, none, None), None);
    }

    /// The switcher's choice, made through `survey::choose`, then recorded as the shell does
    /// (src-tauri's `choose_engine`); a refused choice changes nothing and is not recorded.
    #[test]
    fn choosing_an_engine_leads_to_its_entry() {
        let home = crate::scratch::ScratchDir::new("record-switch-choose");
        add_context(
            &home,
            "colima",
            "unix:///home/ana/.colima/default/docker.sock",
        );
        let env = linux(&home);
        let store = crate::engine::choice::ChoiceStore::open(None);
        let record = Record::default();
        let choose = |id: Option<&str>| -> crate::Result<()> {
            crate::engine::survey::choose(&env, &store, id.map(str::to_owned))?;
            if let Some((engine, command)) = engine_switch(&env, none, id) {
                record.switched(engine, command);
            }
            Ok(())
        };
        choose(Some("context:colima")).unwrap();
        assert!(choose(Some("context:gone")).is_err());
        choose(None).unwrap();
        let commands: Vec<_> = record
            .entries()
            .into_iter()
            .map(|e| (e.command, e.engine.map(|e| e.automatic)))
            .collect();
        assert_eq!(
            commands,
            vec![
                (
                    "unset DOCKER_HOST DOCKER_CONTEXT; docker context use colima".to_owned(),
                    Some(false)
                ),
                (
                    "unset DOCKER_HOST DOCKER_CONTEXT; docker context use default".to_owned(),
                    Some(true)
                ),
            ]
        );
    }
}
