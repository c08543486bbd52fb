//! Which engine software this computer has installed, whether it runs or not: what the
//! engine page needs to tell "Docker is not running" (open it) from "Docker is not installed"
//! (install it), the first wall a workshop's first-timer meets. Looked up in the places
//! each product's installer puts it (and on `PATH`), never by running anything; a product
//! installed somewhere else is simply not found, and the page then gives its usual advice.

use super::resolve::Platform;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A product that runs (or reaches) a Docker-compatible engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Software {
    /// Docker Desktop (Windows, macOS, Linux).
    DockerDesktop,
    /// Docker Engine itself (`dockerd`): Linux, or Windows Server.
    DockerEngine,
    /// Docker Engine from Ubuntu's Snap store: started with `snap`, not systemd's `docker`.
    DockerSnap,
    /// The `docker` command alone (Homebrew's, say, used with Colima or a remote engine).
    DockerCli,
    /// Podman (its `podman` command).
    Podman,
    /// Podman Desktop.
    PodmanDesktop,
    /// Rancher Desktop.
    RancherDesktop,
    /// OrbStack (macOS).
    OrbStack,
    /// Colima (macOS, Linux).
    Colima,
}

/// Where to look: the folders the installers use, read from the environment once so tests
/// can point them at a folder of their own.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// The operating system whose installers' places are looked at.
    pub platform: Platform,
    /// The folders of `PATH`, in order.
    pub path: Vec<PathBuf>,
    /// The home folder (`~/Applications` on macOS).
    pub home: Option<PathBuf>,
    /// `ProgramFiles` and `ProgramW6432` (Windows).
    pub program_files: Vec<PathBuf>,
    /// `LOCALAPPDATA` (Windows: per-user installs, under `Programs`).
    pub local_app_data: Option<PathBuf>,
    /// Prefix of the fixed Unix places (`/Applications`, `/opt`, `/usr/local/bin`): `/`,
    /// except in tests.
    pub root: PathBuf,
}

impl Places {
    /// This process's places.
    pub fn from_process() -> Self {
        let platform = Platform::current();
        let folder = |key: &str| {
            std::env::var_os(key)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let mut program_files: Vec<PathBuf> = ["ProgramFiles", "ProgramW6432"]
            .into_iter()
            .filter_map(folder)
            .collect();
        program_files.dedup();
        Self {
            platform,
            // Absolute folders only: an empty entry (the current folder) says nothing about
            // this computer.
            path: std::env::var_os("PATH")
                .map(|p| {
                    std::env::split_paths(&p)
                        .filter(|d| d.is_absolute())
                        .collect()
                })
                .unwrap_or_default(),
            home: folder(if platform == Platform::Windows {
                "USERPROFILE"
            } else {
                "HOME"
            }),
            program_files,
            local_app_data: folder("LOCALAPPDATA"),
            root: PathBuf::from("/"),
        }
    }

    fn fixed(&self, absolute: &str) -> PathBuf {
        self.root.join(absolute.trim_start_matches('/'))
    }

    /// A command named `name` in one of `PATH`'s folders or in `extra` ones.
    fn command(&self, name: &str, extra: &[PathBuf]) -> bool {
        let file = if self.platform == Platform::Windows {
            format!("{name}.exe")
        } else {
            name.to_owned()
        };
        self.path
            .iter()
            .chain(extra)
            .any(|dir| dir.join(&file).is_file())
    }

    /// A macOS app bundle in `/Applications` or `~/Applications` (where a user without
    /// administrator rights drags it).
    fn mac_app(&self, bundle: &str) -> bool {
        let system = self.fixed("/Applications").join(bundle);
        let own = self
            .home
            .as_ref()
            .map(|h| h.join("Applications").join(bundle));
        system.is_dir() || own.is_some_and(|p| p.is_dir())
    }

    /// Docker Desktop installed in a folder of its own choosing (`--installation-dir`): its
    /// installer puts `resources\bin`, where `docker.exe` is, on `PATH`, two folders under
    /// `Docker Desktop.exe`.
    fn windows_desktop_beside_docker(&self) -> bool {
        self.path.iter().any(|dir| {
            dir.join("docker.exe").is_file()
                && dir
                    .parent()
                    .and_then(Path::parent)
                    .is_some_and(|top| top.join("Docker Desktop.exe").is_file())
        })
    }

    /// A Windows program at `parts` (folder by folder) under Program Files or, for a
    /// per-user install, `%LOCALAPPDATA%\Programs`.
    fn windows_program(&self, parts: &[&str]) -> bool {
        let per_user = self.local_app_data.as_ref().map(|d| d.join("Programs"));
        self.program_files
            .iter()
            .chain(per_user.as_ref())
            .any(|dir| {
                parts
                    .iter()
                    .fold(dir.clone(), |p, part| p.join(part))
                    .is_file()
            })
    }
}

/// The engine software found in `places`, in [`Software`]'s order; empty when none is.
pub fn find(places: &Places) -> Vec<Software> {
    use Software as S;
    let found: Vec<(Software, bool)> = match places.platform {
        Platform::Windows => vec![
            (
                S::DockerDesktop,
                places.windows_program(&["Docker", "Docker", "Docker Desktop.exe"])
                    || places.windows_desktop_beside_docker(),
            ),
            (S::DockerEngine, places.command("dockerd", &[])),
            (S::DockerCli, places.command("docker", &[])),
            (
                S::Podman,
                places.command("podman", &[])
                    || places.windows_program(&["RedHat", "Podman", "podman.exe"]),
            ),
            (
                S::PodmanDesktop,
                places.windows_program(&["Podman Desktop", "Podman Desktop.exe"])
                    // Its older installers' folder.
                    || places.windows_program(&["podman-desktop", "Podman Desktop.exe"]),
            ),
            (
                S::RancherDesktop,
                places.windows_program(&["Rancher Desktop", "Rancher Desktop.exe"]),
            ),
        ],
        Platform::MacOs => {
            // An app opened from the Finder gets a short PATH (no Homebrew): its folders too.
            let brew = [
                places.fixed("/opt/homebrew/bin"),
                places.fixed("/usr/local/bin"),
                places.fixed("/opt/podman/bin"),
            ];
            vec![
                (S::DockerDesktop, places.mac_app("Docker.app")),
                (S::DockerCli, places.command("docker", &brew)),
                (S::Podman, places.command("podman", &brew)),
                (S::PodmanDesktop, places.mac_app("Podman Desktop.app")),
                (S::RancherDesktop, places.mac_app("Rancher Desktop.app")),
                (S::OrbStack, places.mac_app("OrbStack.app")),
                (S::Colima, places.command("colima", &brew)),
            ]
        }
        Platform::Linux => {
            // Debian's docker.io puts dockerd in /usr/sbin, off a user's PATH.
            let system = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]
                .map(|dir| places.fixed(dir));
            vec![
                // Docker Desktop for Linux's packages install to /opt/docker-desktop.
                (
                    S::DockerDesktop,
                    places.fixed("/opt/docker-desktop").is_dir(),
                ),
                (S::DockerEngine, places.command("dockerd", &system)),
                (S::DockerSnap, places.fixed("/snap/docker").is_dir()),
                (S::DockerCli, places.command("docker", &[])),
                (S::Podman, places.command("podman", &[])),
                (S::PodmanDesktop, has_podman_desktop(places)),
                (
                    S::RancherDesktop,
                    places.fixed("/opt/rancher-desktop").is_dir(),
                ),
                (S::Colima, places.command("colima", &[])),
            ]
        }
    };
    found
        .into_iter()
        .filter_map(|(software, here)| here.then_some(software))
        .collect()
}

/// Podman Desktop on Linux: its Flatpak, system-wide or the user's own.
fn has_podman_desktop(places: &Places) -> bool {
    const APP: &str = "flatpak/app/io.podman_desktop.PodmanDesktop";
    let system = places.fixed("/var/lib").join(APP);
    let own = places
        .home
        .as_ref()
        .map(|h| h.join(".local/share").join(APP));
    system.is_dir() || own.is_some_and(|p| p.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Software as S;

    fn places(platform: Platform, root: &Path) -> Places {
        Places {
            platform,
            path: vec![root.join("bin")],
            home: Some(root.join("home")),
            program_files: vec![root.join("Program Files")],
            local_app_data: Some(root.join("AppData/Local")),
            root: root.to_owned(),
        }
    }

    /// An empty folder of this test's own, removed when dropped.
    struct Scratch(PathBuf);
    impl Scratch {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir()
                .join(format!("imagen-installed-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }
        fn path(&self) -> &Path {
            &self.0
        }
    }
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"").unwrap();
    }

    #[test]
    fn a_computer_with_nothing_installed_has_nothing() {
        let dir = Scratch::new("nothing");
        for platform in [Platform::Windows, Platform::MacOs, Platform::Linux] {
            assert_eq!(find(&places(platform, dir.path())), [], "{platform:?}");
        }
    }

    #[test]
    fn windows_programs_are_found_where_their_installers_put_them() {
        let dir = Scratch::new("windows");
        let root = dir.path();
        touch(root, "Program Files/Docker/Docker/Docker Desktop.exe");
        assert_eq!(find(&places(Platform::Windows, root)), [S::DockerDesktop]);
        // Per-user installs, without administrator rights.
        touch(
            root,
            "AppData/Local/Programs/Rancher Desktop/Rancher Desktop.exe",
        );
        touch(
            root,
            "AppData/Local/Programs/Podman Desktop/Podman Desktop.exe",
        );
        touch(root, "bin/docker.exe");
        // A command without its .exe is not Windows'.
        touch(root, "bin/podman");
        assert_eq!(
            find(&places(Platform::Windows, root)),
            [
                S::DockerDesktop,
                S::DockerCli,
                S::PodmanDesktop,
                S::RancherDesktop
            ]
        );
    }

    #[test]
    fn docker_desktop_in_a_folder_of_its_own_is_found_from_its_docker_command() {
        let dir = Scratch::new("windows-dir");
        let root = dir.path();
        touch(root, "D/Tools/Docker/Docker Desktop.exe");
        touch(root, "D/Tools/Docker/resources/bin/docker.exe");
        let mut here = places(Platform::Windows, root);
        here.path = vec![root.join("D/Tools/Docker/resources/bin")];
        assert_eq!(find(&here), [S::DockerDesktop, S::DockerCli]);
    }

    #[test]
    fn mac_apps_are_found_in_either_applications_folder_and_brew_commands_off_path() {
        let dir = Scratch::new("mac");
        let root = dir.path();
        std::fs::create_dir_all(root.join("home/Applications/Docker.app/Contents")).unwrap();
        std::fs::create_dir_all(root.join("Applications/OrbStack.app")).unwrap();
        touch(root, "opt/homebrew/bin/colima");
        touch(root, "opt/homebrew/bin/docker");
        assert_eq!(
            find(&places(Platform::MacOs, root)),
            [S::DockerDesktop, S::DockerCli, S::OrbStack, S::Colima]
        );
    }

    #[test]
    fn linux_finds_commands_on_path_and_desktop_apps_in_their_folders() {
        let dir = Scratch::new("linux");
        let root = dir.path();
        touch(root, "bin/dockerd");
        assert_eq!(find(&places(Platform::Linux, root)), [S::DockerEngine]);
        std::fs::remove_file(root.join("bin/dockerd")).unwrap();
        // Debian's docker.io: dockerd in /usr/sbin, which a user's PATH lacks.
        touch(root, "usr/sbin/dockerd");
        assert_eq!(find(&places(Platform::Linux, root)), [S::DockerEngine]);
        std::fs::create_dir_all(root.join("snap/docker/current")).unwrap();
        assert_eq!(
            find(&places(Platform::Linux, root)),
            [S::DockerEngine, S::DockerSnap]
        );
        std::fs::create_dir_all(root.join("opt/docker-desktop/bin")).unwrap();
        touch(root, "bin/podman");
        std::fs::create_dir_all(
            root.join("home/.local/share/flatpak/app/io.podman_desktop.PodmanDesktop"),
        )
        .unwrap();
        assert_eq!(
            find(&places(Platform::Linux, root)),
            [
                S::DockerDesktop,
                S::DockerEngine,
                S::DockerSnap,
                S::Podman,
                S::PodmanDesktop
            ]
        );
    }

    #[test]
    fn a_folder_named_like_a_command_is_not_one() {
        let dir = Scratch::new("folder");
        std::fs::create_dir_all(dir.path().join("bin/docker")).unwrap();
        assert_eq!(find(&places(Platform::Linux, dir.path())), []);
    }
}
