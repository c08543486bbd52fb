//! The sockets and named pipes of the engines Imagen knows, per platform, in the order
//! they are tried.

use super::{Environment, Platform};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The engines whose sockets Imagen looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SocketKind {
    /// The standard address (`/var/run/docker.sock`, `//./pipe/docker_engine`): Docker
    /// Engine, or a desktop app that links or serves it.
    Standard,
    /// Docker Desktop's own socket.
    DockerDesktop,
    /// Rootless Docker (`$XDG_RUNTIME_DIR/docker.sock`).
    DockerRootless,
    /// Colima.
    Colima,
    /// OrbStack.
    OrbStack,
    /// Rancher Desktop.
    RancherDesktop,
    /// Podman, rootless (`$XDG_RUNTIME_DIR/podman/podman.sock`).
    Podman,
    /// Podman, rootful (`/run/podman/podman.sock`).
    PodmanRootful,
    /// A Podman machine (macOS, Windows).
    PodmanMachine,
}

impl SocketKind {
    /// The engine's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Standard => "Standard socket",
            Self::DockerDesktop => "Docker Desktop",
            Self::DockerRootless => "Docker (rootless)",
            Self::Colima => "Colima",
            Self::OrbStack => "OrbStack",
            Self::RancherDesktop => "Rancher Desktop",
            Self::Podman => "Podman (rootless)",
            Self::PodmanRootful => "Podman (rootful)",
            Self::PodmanMachine => "Podman machine",
        }
    }
}

/// One place a known engine puts its socket: the address to connect to, and the path
/// whose existence says the engine is there.
#[derive(Debug, Clone)]
pub(super) struct Spot {
    pub(super) kind: SocketKind,
    pub(super) address: String,
    pub(super) probe: PathBuf,
}

fn unix_spot(kind: SocketKind, path: PathBuf) -> Spot {
    Spot {
        kind,
        address: format!("unix://{}", path.display()),
        probe: path,
    }
}

fn pipe_spot(kind: SocketKind, name: &str) -> Spot {
    Spot {
        kind,
        address: format!("npipe:////./pipe/{name}"),
        probe: PathBuf::from(format!(r"\\.\pipe\{name}")),
    }
}

/// `base/rel` with Unix's separator whatever the host: the Linux and macOS lists are
/// Unix paths, also when a test on Windows asks for them (`Path::join` would put a `\`).
fn unix_join(base: &Path, rel: &str) -> PathBuf {
    let mut path = base.as_os_str().to_owned();
    if path.as_encoded_bytes().last() != Some(&b'/') {
        path.push("/");
    }
    path.push(rel);
    PathBuf::from(path)
}

/// The sockets to look for, in order: the first that exists wins.
pub(super) fn spots(env: &Environment) -> Vec<Spot> {
    use SocketKind as K;
    let home = |rel: &str| env.home.as_ref().map(|h| unix_join(h, rel));
    let runtime = |rel: &str| env.runtime_dir.as_ref().map(|d| unix_join(d, rel));
    // Podman 4's machine data folder on macOS (`machine.GetDataDir`).
    let podman4 = |rel: &str| home(&format!(".local/share/containers/podman/machine/{rel}"));
    let standard = Some(PathBuf::from("/var/run/docker.sock"));
    // Colima ≥ 0.4 keeps each profile in `~/.colima/<profile>`, or in
    // `$XDG_CONFIG_HOME/colima` (`~/.config/colima`) when that exists (Colima's FAQ,
    // "Docker socket location").
    let colima = [
        home(".colima/default/docker.sock"),
        home(".config/colima/default/docker.sock"),
    ];
    let unix: Vec<(SocketKind, Option<PathBuf>)> = match env.platform {
        Platform::Windows => {
            // Docker Desktop, Rancher Desktop and Docker Engine on Windows serve the
            // standard pipe; a Podman machine its own ("API forwarding listening on:
            // npipe:////./pipe/podman-machine-default", `podman machine start`).
            return vec![
                pipe_spot(K::Standard, "docker_engine"),
                pipe_spot(K::PodmanMachine, "podman-machine-default"),
            ];
        }
        Platform::Linux => vec![
            (K::Standard, standard),
            // Docker Desktop for Linux serves a per-user socket (its `desktop-linux`
            // context) and does not bind /var/run/docker.sock (Docker's install docs).
            (K::DockerDesktop, home(".docker/desktop/docker.sock")),
            // Docker's rootless mode docs: `DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock`.
            (K::DockerRootless, runtime("docker.sock")),
            (K::Colima, colima[0].clone()),
            (K::Colima, colima[1].clone()),
            // Rancher Desktop's `rancher-desktop` context points at ~/.rd/docker.sock.
            (K::RancherDesktop, home(".rd/docker.sock")),
            // podman-system-service(1): rootless `$XDG_RUNTIME_DIR/podman/podman.sock`,
            // rootful `/run/podman/podman.sock`.
            (K::Podman, runtime("podman/podman.sock")),
            (
                K::PodmanRootful,
                Some(PathBuf::from("/run/podman/podman.sock")),
            ),
        ],
        Platform::MacOs => vec![
            // A symlink that Docker Desktop ("Allow the default Docker socket"), Rancher
            // Desktop or OrbStack may create.
            (K::Standard, standard),
            // Docker Desktop ≥ 4.13 serves ~/.docker/run/docker.sock (its `desktop-linux`
            // context).
            (K::DockerDesktop, home(".docker/run/docker.sock")),
            (K::Colima, colima[0].clone()),
            (K::Colima, colima[1].clone()),
            // OrbStack's docs: ~/.orbstack/run/docker.sock (its `orbstack` context).
            (K::OrbStack, home(".orbstack/run/docker.sock")),
            (K::RancherDesktop, home(".rd/docker.sock")),
            // `podman machine start` on macOS ("API forwarding listening on: …"), for the
            // default machine, newest Podman first (an upgrade can leave the older
            // release's socket file behind). Podman 5: $TMPDIR/podman/<machine>-api.sock;
            (
                K::PodmanMachine,
                env.tmp_dir
                    .as_ref()
                    .map(|t| unix_join(t, "podman/podman-machine-default-api.sock")),
            ),
            // later Podman 4 releases (4.5 on) in the data folder of the machine's VM
            // type: QEMU, or Apple's hypervisor when chosen (`pkg/machine/{qemu,applehv}`,
            // `forwardSocketPath`);
            (K::PodmanMachine, podman4("qemu/podman.sock")),
            (K::PodmanMachine, podman4("applehv/podman.sock")),
            // earlier ones (4.2 prints it) in a folder named after the machine;
            (
                K::PodmanMachine,
                podman4("podman-machine-default/podman.sock"),
            ),
            // and with `podman-mac-helper` installed, Podman 4 also links the machine's
            // socket to this one per user (`userGlobalSocketLink`), the target of
            // /var/run/docker.sock.
            (K::PodmanMachine, podman4("podman.sock")),
        ],
    };
    unix.into_iter()
        .filter_map(|(kind, path)| path.map(|p| unix_spot(kind, p)))
        .collect()
}

/// Whether a socket or named pipe is there: [`Path::exists`], except for Windows pipes,
/// which are looked up in the pipe list instead of being opened (opening one would
/// connect to the engine).
pub fn probe(path: &Path) -> bool {
    #[cfg(windows)]
    if let Some(name) = path.to_str().and_then(|p| p.strip_prefix(r"\\.\pipe\")) {
        return std::fs::read_dir(r"\\.\pipe\").is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        });
    }
    path.exists()
}
