// How the engine switcher says whether a listed engine answers, and what the header says about
// the engine in use beyond its name. The list is a glance at every engine: a short status per
// typed cause ("Not running", "Starting…"), not describeError's sentence, which is worded for
// an engine that was answering and stopped ("…stopped answering (nothing is listening there)"
// reads wrong for a Docker Desktop that was never started).
import type { EngineChoice, EngineInfo, ImagenError, SocketKind, Software } from "../ipc/api";
import type { DesktopOs } from "./platform";
import { m } from "../i18n/messages";
import { admitsDockerGroup, describeError, isStandardAddress } from "../shared/errors";
import { hasEngine } from "./engine-software";

type Unreachable = Extract<ImagenError, { kind: "EngineUnreachable" }>;

/** Whether a listed engine answers, and as what ("Answers: Engine 27.5.1"), or why not.
 * `software` (what is installed here, null until known) tells the standard address with
 * nothing installed behind it, "Not installed", from one that is "Not running". */
export function choiceStatus(
  choice: Pick<EngineChoice, "answer" | "socket" | "address">,
  os: DesktopOs,
  software: readonly Software[] | null = null,
): string {
  const answer = choice.answer;
  if (answer.kind === "Answers") {
    const version = answer.serverVersion;
    return answer.podman
      ? m.app_engine_answers_podman({ version })
      : m.app_engine_answers_docker({ version });
  }
  const error = answer.error;
  if (error.kind !== "EngineUnreachable") return m.app_engine_silent({ why: describeError(error) });
  if (
    error.cause === "NoSocket" &&
    (choice.socket === "Standard" || isStandardAddress(choice.address, os)) &&
    software !== null &&
    !hasEngine(software)
  )
    return m.app_engine_status_not_installed();
  return unreachableStatus(error, choice.socket, os);
}

/** A few words per typed cause (never from `reason`, the system's text, but where it is the
 * only clue: which certificate, which ssh refusal). */
function unreachableStatus(error: Unreachable, socket: SocketKind | null, os: DesktopOs): string {
  switch (error.cause) {
    case "NoSocket":
      return m.app_engine_status_not_running();
    case "NotReady":
      return m.app_engine_status_starting();
    case "PermissionDenied":
      return permissionStatus(error.address, socket, os);
    case "Refused":
      return m.app_engine_status_refused();
    case "Dropped":
      return m.app_engine_status_dropped();
    case "Tls":
      return m.app_engine_status_tls({ reason: error.reason });
    case "SshLogin":
      return m.app_engine_status_ssh_login({ reason: error.reason });
    case "Other":
      return m.app_engine_silent({ why: describeError(error) });
  }
}

/** Refused access: the engine runs, and does not let this user in. Docker's socket or pipe on
 * this computer admits a group (the engine screen has the command that adds the user); any
 * other (root's Podman, another computer's engine over ssh) gets no group advice, which would
 * be wrong there. */
function permissionStatus(address: string, socket: SocketKind | null, os: DesktopOs): string {
  const local = /^(unix|npipe):\/\//.test(address);
  const docker = admitsDockerGroup(socket);
  if (local && docker && os === "windows") return m.app_engine_status_permission_windows();
  if (local && docker && os === "linux") return m.app_engine_status_permission_linux();
  return m.app_engine_status_permission();
}

/** The engine runs Windows containers (Docker Desktop switched to them): Linux images, the
 * course's among them, do not run there. Its platform is `windows/amd64`. */
export function runsWindowsContainers(engine: Pick<EngineInfo, "platform">): boolean {
  return engine.platform.toLowerCase().startsWith("windows/");
}
