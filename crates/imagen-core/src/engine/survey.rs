//! The engine switcher's list: every engine Imagen could use (each docker context, each
//! socket found on this machine), asked at the same time whether it answers.

use super::choice::ChoiceStore;
use super::resolve::{self, CandidateKind, DefaultVia, Environment, SocketKind};
use super::{Endpoint, Engine, EngineAddress, Limits};
use crate::error::Error;
use serde::Serialize;
use std::time::Duration;

/// How long one engine gets to answer the switcher's question. A local socket answers in
/// milliseconds; a remote one over bad conference Wi-Fi may not, and the menu must not
/// wait for it.
pub const SURVEY_LIMIT: Duration = Duration::from_millis(2500);

/// One engine the user can switch to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EngineChoice {
    /// What the app sends back to choose it (`context:<name>`, `socket:<address>`).
    pub id: String,
    /// The context's name, or the product whose socket it is ("Docker Desktop", "Colima").
    pub label: String,
    /// The engine's address (`unix:///…`, `tcp://…`, `ssh://…`).
    pub address: String,
    /// The context's description, when it has one (the user's words, from docker's store).
    pub description: Option<String>,
    /// For `default`: how it reaches its engine here, for the page to word.
    pub via: Option<DefaultVia>,
    /// For a socket found on this machine: whose it is, for the page to name (`label` is
    /// the English name).
    pub socket: Option<SocketKind>,
    /// A docker context (as opposed to a socket found on this machine).
    pub context: bool,
    /// What the docker CLI would pick now (`docker context use`, `DOCKER_HOST`).
    pub docker_default: bool,
    /// Imagen is using it now: the one chosen, or without a choice the engine Imagen is
    /// connected to (which stays until it reconnects, even if a terminal moved docker on).
    pub in_use: bool,
    /// What a terminal user types to use it there too.
    pub docker_command: String,
    /// Plain HTTP to another machine: Imagen warns, and sends no registry credentials.
    pub exposed: bool,
    /// Whether it answered just now.
    pub answer: Answer,
}

/// What an engine said when asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum Answer {
    /// It answered the handshake.
    Answers {
        /// Engine version, e.g. `27.3.1`.
        server_version: String,
        /// Podman's compatible API.
        podman: bool,
    },
    /// It did not answer (or not in time).
    Silent {
        /// Why, as the connection error says it.
        error: Error,
    },
}

/// The switcher's whole answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EngineChoices {
    /// Imagen finds its engine as the docker CLI does (nothing chosen in the header).
    pub automatic: bool,
    /// Every context and detected socket.
    pub choices: Vec<EngineChoice>,
    /// The engine chosen earlier cannot be found any more (its context was removed in a
    /// terminal): why. Imagen does not quietly use another engine instead; the user picks.
    pub problem: Option<Error>,
    /// Automatic, and the docker CLI now uses another engine than the one Imagen is
    /// connected to (`docker context use` in a terminal): choosing Automatic again follows it.
    /// Imagen does not move on its own under what the user is looking at.
    pub docker_moved: bool,
    /// The engine chosen in the header holds for this run only: its settings file could not
    /// be written (the system's reason, with the file). The next start will not remember it.
    pub unsaved: Option<String>,
}

/// The engine the docker CLI uses now, when Imagen finds its engine as the CLI does
/// (nothing chosen in the header) and is still connected to another one: `docker context use`
/// in a terminal since Imagen connected. Imagen does not move under what the user is looking
/// at; the page offers to follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DockerElsewhere {
    /// The candidate's ID, as the switcher lists it.
    pub id: String,
    /// The context's name, or (with `socket`) the English name of whose socket it is.
    pub label: String,
    /// For a socket found on this machine: whose it is, for the page to name.
    pub socket: Option<SocketKind>,
    /// Its address.
    pub address: String,
}

/// [`DockerElsewhere`] for Imagen connected at `connected` (`None`: not connected, then it
/// goes where the CLI does at its next connection). Reads docker's configuration only: no
/// engine is asked, so it is cheap enough for every return to the window.
pub fn docker_elsewhere(
    env: &Environment,
    store: &ChoiceStore,
    connected: Option<&EngineAddress>,
) -> Option<DockerElsewhere> {
    if store.get().is_some() {
        return None;
    }
    let connected = connected?;
    let now = resolve::candidates_keeping(env, resolve::probe, None)
        .into_iter()
        .find(|c| c.current)?;
    (now.address != *connected).then(|| DockerElsewhere {
        id: now.id,
        label: now.label,
        socket: match now.kind {
            CandidateKind::Socket { socket } => Some(socket),
            CandidateKind::Context { .. } => None,
        },
        address: now.address.to_string(),
    })
}

/// Asks `endpoint` who it is within [`SURVEY_LIMIT`].
pub async fn ask(endpoint: Endpoint) -> Answer {
    let limits = Limits {
        connect: SURVEY_LIMIT,
        ..Limits::default()
    };
    match tokio::time::timeout(SURVEY_LIMIT, Engine::connect_with(endpoint.clone(), limits)).await {
        Ok(Ok(engine)) => Answer::Answers {
            server_version: engine.info().server_version.clone(),
            podman: engine.info().podman,
        },
        Ok(Err(error)) => Answer::Silent { error },
        Err(_) => Answer::Silent {
            error: Error::EngineTimeout {
                address: endpoint.address.to_string(),
                seconds: SURVEY_LIMIT.as_secs().max(1) as u32,
            },
        },
    }
}

/// Which candidate is in use: the chosen one; without a choice, the one at `connected` (the
/// engine Imagen is connected to, preferring docker's current one when two share an
/// address), or docker's current one when Imagen has no live engine (it will connect to
/// that one next). Also whether docker has moved to another address than the listed
/// engine Imagen is connected to (automatic only).
fn in_use(
    candidates: &[(&str, &EngineAddress, bool)],
    chosen: Option<&str>,
    connected: Option<&EngineAddress>,
) -> (Option<usize>, bool) {
    let current = candidates.iter().position(|(_, _, current)| *current);
    if let Some(id) = chosen {
        return (candidates.iter().position(|(c, _, _)| *c == id), false);
    }
    let Some(connected) = connected else {
        return (current, false);
    };
    let at = |i: &usize| candidates[*i].1 == connected;
    let found = current.filter(at).or_else(|| {
        candidates
            .iter()
            .position(|(_, address, _)| *address == connected)
    });
    // Only about an engine the list shows as in use: else there is nothing to point at.
    (found, found.is_some() && current.is_some_and(|i| !at(&i)))
}

/// Every engine Imagen could use, each asked at the same time whether it answers; the one
/// in use is the chosen one, or without a choice the one Imagen is `connected` to (`None`:
/// no live engine, then what the docker CLI would use: the next connection goes there).
pub async fn survey(
    env: &Environment,
    store: &ChoiceStore,
    connected: Option<&EngineAddress>,
) -> EngineChoices {
    let (chosen, unsaved) = store.snapshot();
    let problem = chosen
        .as_deref()
        .and_then(|id| resolve::resolve_choice(env, resolve::probe, id).err());
    let candidates = resolve::candidates_keeping(env, resolve::probe, chosen.as_deref());
    let (used, docker_moved) = in_use(
        &candidates
            .iter()
            .map(|c| (c.id.as_str(), &c.address, c.current))
            .collect::<Vec<_>>(),
        chosen.as_deref(),
        connected,
    );
    let answers =
        futures_util::future::join_all(candidates.iter().map(|c| ask(c.endpoint.clone()))).await;
    let choices = candidates
        .into_iter()
        .zip(answers)
        .enumerate()
        .map(|(i, (c, answer))| EngineChoice {
            in_use: used == Some(i),
            docker_default: c.current,
            exposed: c.endpoint.is_exposed(),
            description: match &c.kind {
                CandidateKind::Context { description, .. } => description.clone(),
                CandidateKind::Socket { .. } => None,
            },
            via: match c.kind {
                CandidateKind::Context { via, .. } => via,
                CandidateKind::Socket { .. } => None,
            },
            socket: match c.kind {
                CandidateKind::Socket { socket } => Some(socket),
                CandidateKind::Context { .. } => None,
            },
            context: c.id.starts_with("context:"),
            address: c.address.to_string(),
            id: c.id,
            label: c.label,
            docker_command: c.docker_command,
            answer,
        })
        .collect();
    EngineChoices {
        automatic: chosen.is_none(),
        choices,
        problem,
        docker_moved,
        unsaved,
    }
}

/// Points Imagen at the candidate `id` (`None`: what the docker CLI would use), after
/// checking that it is one of the engines to be found now; remembered in `store`. Nothing
/// changes when it is not. `Some(why)`: switched, but for this run only (the choice could
/// not be saved).
pub fn choose(
    env: &Environment,
    store: &ChoiceStore,
    id: Option<String>,
) -> crate::Result<Option<String>> {
    if let Some(id) = &id {
        super::choice::check_id(id)?;
        super::choice::chosen_target(env, id)?;
    }
    store.set(id)
}

#[cfg(test)]
mod tests {
    use super::{docker_elsewhere, in_use, ChoiceStore, DockerElsewhere, Environment};
    use crate::EngineAddress;

    /// `docker context use colima` in a terminal while Imagen, in Automatic, is on the
    /// default engine: said, with colima as the switcher names it. Not when Imagen is
    /// already there, nor when an engine was chosen in the header (the user's own choice).
    #[test]
    fn docker_moved_in_a_terminal_is_found_from_its_configuration() {
        let home = crate::scratch::ScratchDir::new("survey-elsewhere");
        let config = home.join(".docker");
        let dir = config
            .join("contexts/meta")
            .join(super::super::contexts::digest_dir("colima"));
        std::fs::create_dir_all(&dir).unwrap();
        let colima = "unix:///home/ana/.colima/default/docker.sock";
        let meta = serde_json::json!({"Name": "colima", "Endpoints": {"docker": {"Host": colima}}});
        std::fs::write(dir.join("meta.json"), meta.to_string()).unwrap();
        let env = Environment {
            docker_config: Some(config.clone()),
            home: Some(home.to_path_buf()),
            platform: super::super::Platform::Linux,
            ..Environment::default()
        };
        let store = ChoiceStore::open(None);
        let standard = EngineAddress::new("unix:///var/run/docker.sock");
        // docker's default is where Imagen is: nothing to say.
        assert_eq!(docker_elsewhere(&env, &store, Some(&standard)), None);
        std::fs::write(
            config.join("config.json"),
            r#"{"currentContext": "colima"}"#,
        )
        .unwrap();
        assert_eq!(
            docker_elsewhere(&env, &store, Some(&standard)),
            Some(DockerElsewhere {
                id: "context:colima".into(),
                label: "colima".into(),
                socket: None,
                address: colima.into(),
            })
        );
        assert_eq!(
            docker_elsewhere(&env, &store, Some(&EngineAddress::new(colima))),
            None
        );
        assert_eq!(
            docker_elsewhere(&env, &store, None),
            None,
            "not connected yet"
        );
        store.set(Some("context:default".into())).unwrap();
        assert_eq!(
            docker_elsewhere(&env, &store, Some(&standard)),
            None,
            "chosen"
        );
    }

    /// After `docker context use b` in a terminal, Imagen is still on a until it reconnects:
    /// the list says so, instead of calling b "In use".
    #[test]
    fn in_use_is_the_engine_imagen_is_connected_to() {
        let a = EngineAddress::new("unix:///a.sock");
        let b = EngineAddress::new("tcp://b:2376");
        let socket_a = EngineAddress::new("unix:///a.sock");
        // Contexts a and b, and a socket found at a's address.
        let moved = [
            ("context:a", &a, false),
            ("context:b", &b, true),
            ("socket:a", &socket_a, false),
        ];
        assert_eq!(in_use(&moved, None, Some(&a)), (Some(0), true));
        // Connected to docker's own: nothing moved; the context is preferred to the socket.
        let same = [
            ("context:a", &a, true),
            ("context:b", &b, false),
            ("socket:a", &socket_a, false),
        ];
        assert_eq!(in_use(&same, None, Some(&a)), (Some(0), false));
        // No engine yet: docker's.
        assert_eq!(in_use(&moved, None, None), (Some(1), false));
        // Chosen in Imagen: that one, whatever docker uses.
        assert_eq!(in_use(&moved, Some("socket:a"), Some(&a)), (Some(2), false));
        // Connected somewhere no candidate is (its context removed since): none is in use,
        // and there is no "In use" row to point at.
        let c = EngineAddress::new("tcp://c:2375");
        assert_eq!(in_use(&moved, None, Some(&c)), (None, false));
    }
}
