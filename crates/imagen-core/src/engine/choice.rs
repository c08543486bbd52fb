//! The engine the user picked in Imagen's header, remembered between runs. It changes
//! Imagen only: the terminal's `docker context use` and `DOCKER_HOST` are left alone.
//!
//! What is remembered is a candidate's ID (`context:<name>`, `socket:<address>`), never an
//! address to connect to: at every (re)connect the ID is looked up again among the contexts
//! and sockets of the moment (`super::resolve`), so a context deleted in the terminal is
//! reported rather than silently replaced by another engine.

use super::contexts::DEFAULT_CONTEXT;
use super::resolve::{self, CandidateKind, Environment, Origin};
use super::{Resolver, Target};
use crate::error::{AddressNamedBy, ContextNamedBy, Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the settings file holds.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Saved {
    /// The chosen candidate's ID; `None` means "like docker" (automatic).
    #[serde(default)]
    engine: Option<String>,
}

/// The longest ID accepted, from the web view or from the file: a context name is short;
/// a socket path is a path.
pub const LONGEST_CHOICE: usize = 4096;

/// The remembered choice, in a small JSON file in the app's config folder.
#[derive(Debug)]
pub struct ChoiceStore {
    path: Option<PathBuf>,
    /// One lock for both, so a reason always belongs to the choice beside it. Held only to
    /// read or replace them, never across file I/O: the resolver reads it at every
    /// (re)connect, and a config folder on a disk that hangs must not stall the engine.
    current: std::sync::Mutex<Current>,
    /// Held across a write of the file, so two choices made at once are written, and then
    /// kept, in one order (and do not share the temporary file).
    writing: std::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct Current {
    choice: Option<String>,
    /// Why `choice` holds for this run only: the file could not be written.
    unsaved: Option<String>,
}

impl ChoiceStore {
    /// Reads the choice saved at `path` (`None`: keep it in memory only). A missing,
    /// unreadable or malformed file means "automatic": a broken settings file must never
    /// keep Imagen from finding an engine.
    pub fn open(path: Option<PathBuf>) -> Self {
        let saved = path
            .as_deref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice::<Saved>(&bytes).ok())
            .unwrap_or_default();
        let engine = saved.engine.filter(|id| valid(id));
        Self {
            path,
            current: std::sync::Mutex::new(Current {
                choice: engine,
                unsaved: None,
            }),
            writing: std::sync::Mutex::new(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Current> {
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The chosen candidate's ID, or `None` for automatic.
    pub fn get(&self) -> Option<String> {
        self.lock().choice.clone()
    }

    /// Remembers `choice` (`None`: automatic) for this run, and on disk for the next ones.
    /// The file is replaced whole (write to a temporary file, then rename), so a crash never
    /// leaves half of it. A file that cannot be written (a read-only or full config folder)
    /// does not refuse the switch the user asked for: the choice holds for this run, and
    /// [`ChoiceStore::unsaved`] says why it will not at the next start. Answers that reason
    /// (`None`: saved).
    pub fn set(&self, choice: Option<String>) -> Result<Option<String>> {
        if let Some(id) = &choice {
            check_id(id)?;
        }
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let unsaved = match &self.path {
            Some(path) => write_whole(
                path,
                &Saved {
                    engine: choice.clone(),
                },
            )
            .err(),
            None => None,
        };
        *self.lock() = Current {
            choice,
            unsaved: unsaved.clone(),
        };
        Ok(unsaved)
    }

    /// The choice and why it is not saved, read together (see [`ChoiceStore::get`] and
    /// [`ChoiceStore::unsaved`]): a choice made meanwhile cannot pair one with the other's.
    pub fn snapshot(&self) -> (Option<String>, Option<String>) {
        let current = self.lock();
        (current.choice.clone(), current.unsaved.clone())
    }

    /// Why the choice in use could not be saved for the next start (the system's words, with
    /// the file), or `None` when it was (or nothing was chosen this run).
    pub fn unsaved(&self) -> Option<String> {
        self.lock().unsaved.clone()
    }
}

impl ChoiceStore {
    /// Where the engine is now: the chosen candidate, looked up again among the contexts
    /// and sockets of the moment, or else what the docker CLI would use.
    pub fn target(&self, env: &Environment) -> Result<Target> {
        match self.get() {
            Some(id) => chosen_target(env, &id),
            None => automatic_target(env),
        }
    }

    /// A [`Resolver`] for [`super::Connection::resolving`]: [`ChoiceStore::target`] with the
    /// process's environment, asked again at every (re)connect.
    pub fn resolver(self: &Arc<Self>) -> Resolver {
        let store = Arc::clone(self);
        Arc::new(move || store.target(&Environment::from_process()))
    }
}

/// What the docker CLI would use, named the way the header shows it.
pub fn automatic_target(env: &Environment) -> Result<Target> {
    let resolved = resolve::resolve(env, resolve::probe)?;
    let context = |name: &String, named_by| AddressNamedBy::Context {
        name: name.clone(),
        named_by,
    };
    let named_by = match &resolved.origin {
        Origin::DockerHost => Some(AddressNamedBy::DockerHost),
        Origin::DockerContextEnv { name } => Some(context(name, ContextNamedBy::DockerContextEnv)),
        Origin::CurrentContext { name } => Some(context(name, ContextNamedBy::ConfigJson)),
        _ => None,
    };
    let (name, socket) = match resolved.origin {
        Origin::DockerContextEnv { name } | Origin::CurrentContext { name } => (Some(name), None),
        Origin::Detected { socket } => (Some(socket.label().to_owned()), Some(socket)),
        _ => (None, None),
    };
    Ok(Target {
        endpoint: resolved.endpoint,
        name,
        socket,
        named_by,
    })
}

/// The candidate `id`, named as the switcher lists it.
pub fn chosen_target(env: &Environment, id: &str) -> Result<Target> {
    let resolved = resolve::resolve_choice(env, resolve::probe, id)?;
    // The default context is DOCKER_HOST's address when it is set, as the docker CLI has it.
    let named_by = match id.strip_prefix("context:") {
        Some(DEFAULT_CONTEXT) => resolve::docker_host(env).map(|_| AddressNamedBy::DockerHost),
        Some(context) => Some(AddressNamedBy::Context {
            name: context.to_owned(),
            named_by: ContextNamedBy::Imagen,
        }),
        None => None,
    };
    let (name, socket) = match id.strip_prefix("context:") {
        Some(context) => (Some(context.to_owned()), None),
        None => resolve::candidates(env, resolve::probe)
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| match c.kind {
                CandidateKind::Socket { socket } => (Some(c.label), Some(socket)),
                CandidateKind::Context { .. } => (Some(c.label), None),
            })
            .unwrap_or_default(),
    };
    Ok(Target {
        endpoint: resolved.endpoint,
        name,
        socket,
        named_by,
    })
}

/// Refuses what cannot be a candidate's ID before anything is looked up with it.
pub fn check_id(id: &str) -> Result<()> {
    if valid(id) {
        Ok(())
    } else {
        Err(Error::InvalidInput {
            field: "engine".into(),
            reason: "it is not one of the engines Imagen listed".into(),
        })
    }
}

/// An ID as candidates are named: a known prefix, bounded, no control characters.
fn valid(id: &str) -> bool {
    (id.starts_with("context:") || id.starts_with("socket:"))
        && id.len() <= LONGEST_CHOICE
        && !id.chars().any(char::is_control)
}

/// Writes `saved` to `path`; on failure, the system's reason with the file's path.
fn write_whole(path: &Path, saved: &Saved) -> std::result::Result<(), String> {
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let text = serde_json::to_vec_pretty(saved).map_err(|e| e.to_string())?;
    let temporary = path.with_extension("json.new");
    // A write cut short (a full disk) or a refused rename leaves no half file behind.
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            failed(e)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("imagen-choice-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("settings").join("engine.json")
    }

    #[test]
    fn a_choice_survives_a_restart() {
        let path = scratch("restart");
        let store = ChoiceStore::open(Some(path.clone()));
        assert_eq!(store.get(), None);
        store.set(Some("context:colima".into())).unwrap();
        assert_eq!(
            ChoiceStore::open(Some(path.clone())).get().as_deref(),
            Some("context:colima")
        );
        store.set(None).unwrap();
        assert_eq!(ChoiceStore::open(Some(path.clone())).get(), None);
        let _ = std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap());
    }

    /// A config folder that cannot be written (here: its place is taken by a file) does not
    /// refuse the switch: the choice holds for this run, and says why not for the next.
    #[test]
    fn a_choice_that_cannot_be_saved_holds_for_this_run() {
        let path = scratch("unsaved");
        let settings = path.parent().unwrap();
        std::fs::create_dir_all(settings.parent().unwrap()).unwrap();
        std::fs::write(settings, "a file where the folder should be").unwrap();
        let store = ChoiceStore::open(Some(path.clone()));
        let answered = store.set(Some("context:colima".into())).unwrap();
        assert_eq!(store.get().as_deref(), Some("context:colima"));
        let why = store.unsaved().expect("says why it is not saved");
        assert_eq!(answered.as_deref(), Some(why.as_str()));
        assert!(why.contains("engine.json"), "{why}");
        assert_eq!(ChoiceStore::open(Some(path.clone())).get(), None);
        // Once the folder can be written again, the next choice is saved and the notice goes.
        std::fs::remove_file(settings).unwrap();
        assert_eq!(store.set(None).unwrap(), None);
        assert_eq!(store.unsaved(), None);
        assert_eq!(store.snapshot(), (None, None));
        let _ = std::fs::remove_dir_all(settings.parent().unwrap());
    }

    /// A write cut short (a full disk: here the temporary file leads to /dev/full) leaves no
    /// temporary file behind, and the choice holds for this run.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_write_cut_short_leaves_no_temporary_file() {
        let path = scratch("full");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let temporary = path.with_extension("json.new");
        std::os::unix::fs::symlink("/dev/full", &temporary).unwrap();
        let store = ChoiceStore::open(Some(path.clone()));
        let why = store.set(Some("context:colima".into())).unwrap();
        assert!(why.is_some_and(|why| why.contains("engine.json")));
        assert_eq!(store.get().as_deref(), Some("context:colima"));
        assert!(
            std::fs::symlink_metadata(&temporary).is_err(),
            "left behind"
        );
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap());
    }

    #[test]
    fn a_broken_file_means_automatic() {
        let path = scratch("broken");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        for text in [
            "not json",
            r#"{"engine": 7}"#,
            r#"{"engine": "tcp://evil:2375"}"#,
        ] {
            std::fs::write(&path, text).unwrap();
            assert_eq!(ChoiceStore::open(Some(path.clone())).get(), None, "{text}");
        }
        let _ = std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap());
    }

    #[test]
    fn refuses_what_is_not_a_candidate_id() {
        let store = ChoiceStore::open(None);
        for bad in [
            "tcp://10.0.0.1:2375",
            "context:a\nb",
            &"context:x".repeat(1000),
        ] {
            assert!(matches!(
                store.set(Some(bad.to_owned())),
                Err(Error::InvalidInput { .. })
            ));
        }
        assert_eq!(store.get(), None);
    }

    /// Linux, with docker's configuration in `config`: contexts `remote` (a host Imagen
    /// cannot use) and `other`.
    fn environment(config: &Path) -> Environment {
        for name in ["remote", "other"] {
            let dir = config
                .join("contexts/meta")
                .join(super::super::contexts::digest_dir(name));
            std::fs::create_dir_all(&dir).unwrap();
            let meta =
                serde_json::json!({"Name": name, "Endpoints": {"docker": {"Host": "fd://3"}}});
            std::fs::write(dir.join("meta.json"), meta.to_string()).unwrap();
        }
        Environment {
            docker_config: Some(config.to_owned()),
            home: Some(config.join("home")),
            platform: super::super::Platform::Linux,
            ..Environment::default()
        }
    }

    /// What named the address goes with the target, so the help for an address Imagen
    /// cannot use gives the one way back.
    #[test]
    fn a_target_knows_what_named_its_address() {
        let config = crate::scratch::ScratchDir::new("choice-named-by");
        let env = environment(&config);
        let named_by = |env: &Environment, choice: Option<&str>| {
            match choice {
                Some(id) => chosen_target(env, id),
                None => automatic_target(env),
            }
            .unwrap()
            .named_by
        };
        let context = |name: &str, named_by| {
            Some(AddressNamedBy::Context {
                name: name.into(),
                named_by,
            })
        };
        let host = Environment {
            docker_host: Some("fd://3".into()),
            ..env.clone()
        };
        assert_eq!(named_by(&host, None), Some(AddressNamedBy::DockerHost));
        // Choosing the default context in Imagen is still DOCKER_HOST's address.
        assert_eq!(
            named_by(&host, Some("context:default")),
            Some(AddressNamedBy::DockerHost)
        );
        assert_eq!(named_by(&env, Some("context:default")), None);
        // DOCKER_HOST wins over DOCKER_CONTEXT, as in the docker CLI.
        let both = Environment {
            docker_context: Some("remote".into()),
            ..host.clone()
        };
        assert_eq!(named_by(&both, None), Some(AddressNamedBy::DockerHost));
        let by_env = Environment {
            docker_context: Some("remote".into()),
            ..env.clone()
        };
        assert_eq!(
            named_by(&by_env, None),
            context("remote", ContextNamedBy::DockerContextEnv)
        );
        std::fs::write(config.join("config.json"), r#"{"currentContext":"other"}"#).unwrap();
        assert_eq!(
            named_by(&env, None),
            context("other", ContextNamedBy::ConfigJson)
        );
        assert_eq!(
            named_by(&env, Some("context:remote")),
            context("remote", ContextNamedBy::Imagen)
        );
    }

    /// The connection puts it into the error, which the engine's connect cannot know.
    #[tokio::test]
    async fn an_address_imagen_cannot_use_says_what_named_it() {
        let config = crate::scratch::ScratchDir::new("choice-unsupported");
        let env = Environment {
            docker_context: Some("remote".into()),
            ..environment(&config)
        };
        let connection =
            super::super::Connection::resolving(Arc::new(move || automatic_target(&env)));
        let err = connection.engine().await.unwrap_err();
        assert_eq!(
            err,
            Error::UnsupportedAddress {
                address: "fd://3".into(),
                named_by: Some(AddressNamedBy::Context {
                    name: "remote".into(),
                    named_by: ContextNamedBy::DockerContextEnv,
                }),
            }
        );
    }
}
