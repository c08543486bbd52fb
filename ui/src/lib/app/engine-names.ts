// What the engine switcher calls an engine and how it says where `default` leads, in the
// user's language: the backend sends facts (a socket's kind, how `default` reaches its
// engine), never English sentences. A context's own description is the user's words and is
// shown as it is.
import type { DefaultVia, EngineChoice, EngineInfo, SocketKind } from "../ipc/api";
import { detectOs, type DesktopOs } from "./platform";
import { m } from "../i18n/messages";

/** Products keep their names in every language; the two generic kinds are worded. On Windows
 * the standard address is Docker Desktop's named pipe (`\\.\pipe\docker_engine`), which a
 * first-timer knows as Docker Desktop, not as a "socket". */
export function socketName(socket: SocketKind, os: DesktopOs = detectOs()): string {
  switch (socket) {
    case "Standard":
      return os === "windows" ? m.app_engine_pipe_standard() : m.app_engine_socket_standard();
    case "PodmanMachine":
      return m.app_engine_socket_podman_machine();
    case "DockerDesktop":
      return "Docker Desktop";
    case "DockerRootless":
      return "Docker (rootless)";
    case "Colima":
      return "Colima";
    case "OrbStack":
      return "OrbStack";
    case "RancherDesktop":
      return "Rancher Desktop";
    case "Podman":
      return "Podman (rootless)";
    case "PodmanRootful":
      return "Podman (rootful)";
  }
}

/** The name an engine is listed by: a context's name, or whose socket it is. */
export function choiceName(choice: Pick<EngineChoice, "label" | "socket">): string {
  return choice.socket ? socketName(choice.socket) : choice.label;
}

/** `unix:///Users/ana/.docker/run/docker.sock` → `docker.sock`: the header is narrow. */
function shortAddress(address: string): string {
  const path = address.replace(/^[a-z]+:\/\//, "");
  return /^(unix|npipe):/.test(address) ? (path.split("/").pop() ?? path) : path;
}

/** The engine Imagen is on, as the header names it: a socket found here in the user's
 * language, as in the list ("Socket estándar"), else the context's name or the address. */
export function engineName(engine: Pick<EngineInfo, "socket" | "name" | "address">): string {
  return engine.socket ? socketName(engine.socket) : (engine.name ?? shortAddress(engine.address));
}

/** The line under its name: how `default` reaches its engine, or a context's description. */
export function choiceDetail(choice: Pick<EngineChoice, "description" | "via">): string | null {
  if (choice.via) return viaText(choice.via);
  return choice.description || null;
}

function viaText(via: DefaultVia): string {
  switch (via.kind) {
    case "DockerHost":
      return m.app_engine_via_docker_host();
    case "Detected":
      return m.app_engine_via_detected({ socket: socketName(via.socket) });
    case "StandardAddress":
      return m.app_engine_via_standard();
  }
}

/** The line over the command that puts a terminal on the engine `name`: on Windows the
 * backend writes it for PowerShell (`$env:DOCKER_HOST=…`, `Remove-Item Env:…`), which cmd.exe
 * and Git Bash do not run, so it says where. */
export function terminalIntro(name: string, os: DesktopOs): string {
  return os === "windows"
    ? m.app_engine_terminal_powershell({ name })
    : m.app_engine_terminal({ name });
}

/** The two engines of a reconnect that landed elsewhere, as the header names them ("Colima",
 * "Docker Desktop"); by their addresses when those names are the same (two sockets both
 * called `docker.sock`), which would say nothing. */
export function movedNames(moved: {
  from: Pick<EngineInfo, "socket" | "name" | "address">;
  to: Pick<EngineInfo, "socket" | "name" | "address">;
}): { from: string; to: string } {
  const from = engineName(moved.from);
  const to = engineName(moved.to);
  return from === to ? { from: moved.from.address, to: moved.to.address } : { from, to };
}
