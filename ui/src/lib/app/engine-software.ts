// What to do when the standard engine does not answer, from what is installed on this computer
// (the backend's `engine_software`, crates/imagen-core/src/engine/installed.rs): a workshop's
// first-timer without Docker gets "install it", not "open Docker Desktop", which they cannot
// find; someone with Rancher Desktop or Colima gets that app's start, not Docker Desktop's.
import type { Software } from "../ipc/api";
import type { DesktopOs } from "./platform";
import { m } from "../i18n/messages";

/** One step of the engine page: its words, and a command and a web address to copy. */
export interface HelpStep {
  text: string;
  /** A terminal command (docker's words, never translated). */
  command?: string;
  /** A web page to open in the browser (copied: the window opens no links). */
  address?: string;
}

/** Whether anything installed here runs an engine: the `docker` command alone is a client,
 * and runs none (Homebrew's `brew install docker` is the classic way to have only it). */
export function hasEngine(software: readonly Software[]): boolean {
  return software.some((s) => s !== "DockerCli");
}

/** Docker Desktop's download page: the first step of every course on Windows and macOS. */
export const DOCKER_DESKTOP_PAGE = "https://www.docker.com/products/docker-desktop/";
/** Docker Engine's install guide, per Linux distribution. */
export const DOCKER_ENGINE_GUIDE = "https://docs.docker.com/engine/install/";

/** Installing Docker, for a computer where Imagen found none: Docker Desktop on Windows and
 * macOS, Docker Engine from the distribution on Linux; in order, each step after the other. */
export function installSteps(os: DesktopOs): HelpStep[] {
  if (os === "linux")
    return [
      // One step: Debian's package or, on another distribution, Docker's guide.
      {
        text: m.app_engine_help_install_engine(),
        command: "sudo apt install docker.io",
        address: DOCKER_ENGINE_GUIDE,
      },
      // Without it the very next screen is "not allowed": said now, once.
      { text: m.app_engine_help_install_group(), command: "sudo usermod -aG docker $USER" },
    ];
  return [
    { text: m.app_engine_help_install_desktop(), address: DOCKER_DESKTOP_PAGE },
    {
      text:
        os === "windows"
          ? m.app_engine_help_install_desktop_open_windows()
          : m.app_engine_help_install_desktop_open_macos(),
    },
  ];
}

/** How to start each installed product, in the backend's order; none for the bare `docker`
 * command, which starts nothing. */
function startStep(software: Software, os: DesktopOs): HelpStep | null {
  switch (software) {
    case "DockerDesktop":
      return { text: m.app_engine_help_open_desktop() };
    case "DockerEngine":
      return os === "windows"
        ? { text: m.app_engine_help_start_service_windows(), command: "Start-Service docker" }
        : { text: m.app_engine_help_start_service(), command: "sudo systemctl start docker" };
    case "DockerSnap":
      return { text: m.app_engine_help_start_snap(), command: "sudo snap start docker" };
    case "Podman":
      // A fresh install has no machine yet: `podman machine start` fails until `init`.
      return os === "linux"
        ? {
            text: m.app_engine_help_start_podman(),
            command: "systemctl --user start podman.socket",
          }
        : {
            text: m.app_engine_help_start_podman_machine_first(),
            command: "podman machine start",
          };
    case "PodmanDesktop":
      return { text: m.app_engine_help_open_app({ app: "Podman Desktop" }) };
    case "RancherDesktop":
      return { text: m.app_engine_help_open_app({ app: "Rancher Desktop" }) };
    case "OrbStack":
      return { text: m.app_engine_help_open_app({ app: "OrbStack" }) };
    case "Colima":
      return { text: m.app_engine_help_start_colima(), command: "colima start" };
    case "DockerCli":
      return null;
  }
}

/** The ways to start the engines installed here (any one of them will do), or null when
 * nothing installed starts one (only the `docker` command): the OS's usual advice then. */
export function installedStartSteps(
  software: readonly Software[],
  os: DesktopOs,
): HelpStep[] | null {
  const steps = software.flatMap((s) => startStep(s, os) ?? []);
  return steps.length ? steps : null;
}
