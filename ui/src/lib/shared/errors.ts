// The one place that words an ImagenError (issue 12): every view shows errors through the
// functions here, in the current language, from the catalogs (shared_error_* and, for the
// engine screen, app_engine_help_*). The backend sends kinds and typed fields; its Display
// text is for logs. Where an error's only content is the engine's or the backend's own text
// (EngineRejected, Protocol, Internal, EngineContext…), that text is quoted inside a
// translated sentence, never matched on. Each switch is exhaustive over `ImagenError["kind"]`:
// a new kind is a type error until it is worded here.
import type {
  ContextFault,
  ContextNamedBy,
  Damage,
  DigestProblem,
  ImagenError,
  ReferenceRule,
  RegistryCause,
  SocketKind,
  Software,
  UnreachableCause,
  UnreadableEncoding,
} from "../ipc/api";
import type { DesktopOs } from "../app/platform";
import {
  hasEngine,
  installSteps,
  installedStartSteps,
  type HelpStep,
} from "../app/engine-software";
import { m } from "../i18n/messages";
import { listWords } from "../i18n/format";
import { describeChanges } from "../removal/changes";
import { shortId } from "../images/names";
import { shellLine } from "../commands/shell";
import { humanSize } from "./format";
import { socketName } from "../app/engine-names";
import { addressName } from "../app/known-engines.svelte";

type Kind = ImagenError["kind"];
type ErrorOf<K extends Kind> = Extract<ImagenError, { kind: K }>;

/** Compile-time exhaustiveness: reached only when a kind is not worded. */
function unworded(error: never): string {
  return (error as { kind: string }).kind;
}

/** Why an engine could not be reached, from the typed cause (never from `reason`'s text, which
 * varies by OS and language): "connection refused". */
export function describeCause(error: ErrorOf<"EngineUnreachable">): string {
  const cause: UnreachableCause = error.cause;
  switch (cause) {
    case "NoSocket":
      return m.shared_error_cause_no_socket();
    case "PermissionDenied":
      return m.shared_error_cause_permission_denied();
    case "Refused":
      return m.shared_error_cause_refused();
    case "Dropped":
      return m.shared_error_cause_dropped();
    case "NotReady":
      return m.shared_error_cause_not_ready();
    case "Tls":
      return m.shared_error_cause_tls({ reason: error.reason });
    case "SshLogin":
      return m.shared_error_cause_ssh_login({ reason: error.reason });
    case "Other":
      return m.shared_error_cause_other({ reason: error.reason });
  }
}

/** Why a registry could not be reached, from the typed cause, with what to do about it: on
 * conference Wi-Fi, a sign-in page that intercepts HTTPS or closes the connection. */
function describeRegistryTrouble(error: ErrorOf<"RegistryUnreachable">): string {
  const cause: RegistryCause = error.cause;
  const words = { registry: error.registry, reason: error.reason };
  switch (cause) {
    case "Timeout":
      return m.shared_error_registry_timeout(words);
    case "NoSuchHost":
      return m.shared_error_registry_no_such_host(words);
    case "Refused":
      return m.shared_error_registry_refused(words);
    case "NoNetwork":
      return m.shared_error_registry_no_network(words);
    case "PlainHttp":
      return m.shared_error_registry_plain_http(words);
    case "Certificate":
      return m.shared_error_registry_certificate(words);
    case "Closed":
      return m.shared_error_registry_closed(words);
    case "ServerError":
      return m.shared_error_registry_server_error(words);
    case "CutShort":
      return m.shared_error_registry_cut_short(words);
    case "Other":
      return m.shared_error_registry_unreachable(words);
  }
}

// Docker's own words in the reference sentences, the same in every language.
const EXAMPLE_NAME = "nginx";
const EXAMPLE_TAGGED = "nginx:alpine";
const EXAMPLE_PLATFORM = "linux/amd64";
const EXAMPLE_PLATFORM_VARIANT = "linux/arm/v7";
const DIGEST_EXAMPLE = { algorithm: "sha256", digits: 64 };

/** What is wrong with a digest, as a phrase for `shared_error_reference_digest`. */
function describeDigest(problem: DigestProblem): string {
  switch (problem.kind) {
    case "Empty":
      return m.shared_error_digest_empty();
    case "Form":
      return m.shared_error_digest_form(DIGEST_EXAMPLE);
    case "AlgorithmName":
      return m.shared_error_digest_algorithm_name({ algorithm: problem.algorithm });
    case "UnsupportedAlgorithm":
      return m.shared_error_digest_unsupported({ algorithm: problem.algorithm });
    case "Length":
      return m.shared_error_digest_length({
        algorithm: problem.algorithm,
        digits: problem.digits,
      });
    case "Uppercase":
      return m.shared_error_digest_uppercase({ algorithm: problem.algorithm });
    case "NotHex":
      return m.shared_error_digest_not_hex({ algorithm: problem.algorithm });
    case "HexTooShort":
      return m.shared_error_digest_too_short({ minimum: problem.minimum });
  }
}

/** Which rule of the reference grammar a typed text breaks, from the typed `rule` (never from
 * `reason`, the backend's English sentence, which is shown only for a rule this UI does not
 * know). One sentence, shown under the Pull field. */
export function describeReference(error: ErrorOf<"InvalidReference">): string {
  const rule: ReferenceRule | undefined = error.rule;
  switch (rule?.kind) {
    case "MissingName":
      return m.shared_error_reference_missing_name({
        name: EXAMPLE_NAME,
        tagged: EXAMPLE_TAGGED,
      });
    case "Whitespace":
      return m.shared_error_reference_whitespace();
    case "ImageId":
      return m.shared_error_reference_image_id({ name: EXAMPLE_NAME });
    case "InvalidDomain":
      return m.shared_error_reference_domain({ domain: rule.domain });
    case "InvalidPort":
      return m.shared_error_reference_port({ port: rule.port });
    case "Uppercase":
      return m.shared_error_reference_uppercase({ name: rule.name });
    case "InvalidNameCharacters":
      return m.shared_error_reference_name_characters({ name: rule.name });
    case "EmptyNameComponent":
      return m.shared_error_reference_empty_component();
    case "SeparatorAtEdge":
      return m.shared_error_reference_separator_at_edge({ component: rule.component });
    case "InvalidSeparator":
      return m.shared_error_reference_separator({ component: rule.component });
    case "NameTooLong":
      return m.shared_error_reference_name_too_long({ max: rule.max });
    case "EmptyTag":
      return m.shared_error_reference_empty_tag();
    case "InvalidTag":
      return m.shared_error_reference_tag_characters({ tag: rule.tag });
    case "TagStartsWithSeparator":
      return m.shared_error_reference_tag_start({ tag: rule.tag });
    case "TagTooLong":
      return m.shared_error_reference_tag_too_long({ max: rule.max });
    case "InvalidDigest":
      return m.shared_error_reference_digest({ problem: describeDigest(rule.problem) });
    case "InvalidPlatform":
      return m.shared_error_reference_platform({
        platform: rule.platform,
        example: EXAMPLE_PLATFORM,
        exampleVariant: EXAMPLE_PLATFORM_VARIANT,
      });
    case undefined:
      // The last resort: the backend's own sentence.
      return m.shared_error_invalid_reference({ reason: error.reason });
  }
}

/** The engine's 409 on `docker rmi`, naming the containers in the way. */
function describeConflict(error: ErrorOf<"RemovalConflict">): string {
  const { reference, containers } = error;
  const count = containers.length;
  const names = listWords(containers);
  switch (error.reason) {
    case "childImages":
      return m.shared_error_conflict_child_images({ reference });
    case "multipleReferences":
      return m.shared_error_conflict_multiple_references({ reference });
    case "runningContainer":
      return count === 0
        ? m.shared_error_conflict_running_unnamed({ reference })
        : m.shared_error_conflict_running({ reference, count, names });
    case "stoppedContainer":
      return count === 0
        ? m.shared_error_conflict_stopped_unnamed({ reference })
        : m.shared_error_conflict_stopped({ reference, count, names });
    case "referenceInUse":
      return count === 0
        ? m.shared_error_conflict_in_use_unnamed({ reference })
        : m.shared_error_conflict_in_use({ reference, count, names });
    case null: {
      // The engine's wording was not recognised: its own words, and who uses the image.
      const refused = m.shared_error_conflict_other({ reference, message: error.message });
      return count === 0
        ? refused
        : `${refused} ${m.shared_error_conflict_users({ count, names })}`;
    }
  }
}

/** What part of an archive is damaged, in the user's language; only the decompressor's or the
 * JSON reader's own words (`detail`) stay as they said them. */
function damageText(damage: Damage): string {
  switch (damage.kind) {
    case "Compression":
      // gzip, xz, zstd: the names the tools go by.
      return m.kit_damage_compression({
        method: damage.method.toLowerCase(),
        detail: damage.detail,
      });
    case "TarHeader":
      return m.kit_damage_tar_header();
    case "HeaderAfterEnd":
      return m.kit_damage_header_after_end();
    case "ExtendedHeaderTooLarge":
      return m.kit_damage_extended_header();
    case "IndexTooLarge":
      return m.kit_damage_index_too_large({ name: damage.name });
    case "Manifest":
      return m.kit_damage_manifest({ detail: damage.detail });
  }
}

/** Why a file cannot be loaded, from the problem's kind (the engine saw nothing of it). */
function describeArchiveProblem(error: Extract<ImagenError, { kind: "BadArchive" }>): string {
  const file = error.file;
  const p = error.problem;
  switch (p.kind) {
    case "NotAnArchive":
      return m.kit_error_not_an_archive({ file });
    case "Truncated":
      return m.kit_error_truncated({ file });
    case "NoManifest":
      return m.kit_error_no_manifest({ file });
    case "MissingPart":
      return m.kit_error_missing_part({ file, part: p.name });
    case "Corrupt":
      return m.kit_error_corrupt({ file, reason: damageText(p.damage) });
    case "Empty":
      return m.kit_error_empty({ file });
    case "BadTag":
      return m.kit_error_bad_tag({ file, tag: p.tag });
    case "DataAfterEnd":
      return m.kit_error_data_after_end({ file });
    case "Folder":
      return m.kit_error_folder({ file });
    case "Bzip2":
      return m.kit_error_bzip2({ file });
  }
}

/** A sentence for each typed error, with the next step, in the current language. `null` is a
 * pull that failed without saying why. */
/** The engine refused the connection or stopped answering: not a refusal of the request,
 * so what was asked may have happened, and asking again later may work. */
export function engineAway(
  error: ImagenError | null,
): error is ErrorOf<"EngineUnreachable" | "EngineTimeout"> {
  return error?.kind === "EngineUnreachable" || error?.kind === "EngineTimeout";
}

export function describeError(error: ImagenError | null): string {
  if (!error) return m.shared_error_pull_failed();
  switch (error.kind) {
    case "ImageNotFound":
      // `docker pull nginx@sha256:…`: the engine sends the digest as the tag; no "tag" then.
      if (
        error.tag.startsWith("sha256:") &&
        (error.missing === "Tag" || error.missing === "Unknown")
      )
        return error.missing === "Tag"
          ? m.shared_error_image_not_found_digest({
              repository: error.repository,
              digest: error.tag,
            })
          : m.shared_error_image_not_found_digest_unknown({ reference: error.reference });
      if (error.missing === "Tag")
        return m.shared_error_image_not_found_tag({
          repository: error.repository,
          tag: error.tag,
        });
      if (error.missing === "Repository")
        return m.shared_error_image_not_found_repository({ repository: error.repository });
      if (error.missing === "RepositoryOrPrivate")
        return m.shared_error_image_not_found_private({
          repository: error.repository,
          // The backend names repositories in full (`docker.io/team/app`): its registry first.
          command: `docker login ${error.repository.split("/")[0]}`,
        });
      return m.shared_error_image_not_found({ reference: error.reference });
    case "Unauthorized":
      return m.shared_error_unauthorized({
        registry: error.registry,
        command: `docker login ${error.registry}`,
      });
    case "RateLimited":
      return m.shared_error_rate_limited({ registry: error.registry });
    case "RegistryUnreachable":
      return describeRegistryTrouble(error);
    case "PlatformUnavailable":
      return m.shared_error_platform_unavailable({
        reference: error.reference,
        platform: error.platform,
      });
    case "WindowsContainers":
      // No platform to choose helps here: Docker Desktop's switch to Linux containers does.
      return m.shared_error_windows_containers({ reference: error.reference });
    case "DiskFull":
      return m.shared_error_disk_full();
    case "EngineUnreachable":
      return m.shared_error_engine_unreachable({
        address: error.address,
        cause: describeCause(error),
      });
    case "InvalidReference":
      return describeReference(error);
    case "EngineTimeout":
      return m.shared_error_engine_timeout({ address: error.address, seconds: error.seconds });
    case "UnsupportedAddress":
      return m.shared_error_unsupported_address({ address: error.address });
    case "EngineContext":
      return describeContext(error);
    case "EngineRejected":
      return m.shared_error_engine_rejected({ status: error.status, message: error.message });
    case "RemovalConflict":
      return describeConflict(error);
    case "NoSuchImage":
      return m.shared_error_no_such_image({ reference: error.reference });
    case "TagMoved":
      return m.shared_error_tag_moved({ ref: error.reference, id: shortId(error.now) });
    case "EmptySelection":
      return m.shared_error_empty_selection();
    case "InvalidInput":
      return m.shared_error_invalid_input({ field: error.field, reason: error.reason });
    case "UnknownPlan":
      return m.shared_error_unknown_plan();
    case "AlreadyRunning":
      return m.shared_error_already_running();
    case "EngineChanged": {
      const changes = describeChanges(error.changes);
      const stopped = m.shared_error_engine_changed();
      return changes ? `${stopped} ${changes}` : stopped;
    }
    case "EngineSwitched":
      return error.to === null
        ? m.shared_error_engine_switched_unnamed()
        : m.shared_error_engine_switched({ to: addressName(error.to) });
    case "Protocol":
      return m.shared_error_protocol({ message: error.message });
    case "CredentialsUnavailable":
      return m.shared_error_credentials_unavailable({
        registry: error.registry,
        message: error.message,
      });
    case "PullFailed":
      return m.shared_error_pull_failed_because({ message: error.message });
    case "Internal":
      return m.shared_error_internal({ message: error.message });
    case "BadArchive":
      return describeArchiveProblem(error);
    case "FileProblem":
      return describeFileProblem(error);
    case "NotEnoughRoom":
      return m.kit_error_not_enough_room({
        file: error.file,
        needs: humanSize(error.needs),
        free: humanSize(error.free),
      });
    case "UnknownFile":
      return m.kit_error_unknown_file();
    default:
      return unworded(error);
  }
}

/** The heading of a whole-window error (the error panel), for an error that is not an engine
 * problem (those have `engineHelp`). */
export function errorTitle(error: ImagenError): string {
  switch (error.kind) {
    case "EngineRejected":
      return m.shared_error_title_rejected({ status: error.status });
    case "Internal":
      return m.shared_error_title_internal();
    case "Protocol":
      return m.shared_error_title_protocol();
    default:
      return m.shared_error_title_other();
  }
}

/** What the error panel shows under `errorTitle`: the engine's or the backend's own words where
 * the heading already says what happened, else the sentence of `describeError`. */
export function errorDetail(error: ImagenError): string {
  switch (error.kind) {
    case "EngineRejected":
      return m.shared_error_engine_said({ message: error.message });
    case "Internal":
    case "Protocol":
      return m.shared_error_details({ message: error.message });
    default:
      return describeError(error);
  }
}

/** What to tell a user whose engine cannot be reached, per OS and per cause. */
export interface EngineHelp {
  title: string;
  detail: string;
  /** Each step's text, and the command (docker's words, never translated) or web page it
   * names. */
  steps: HelpStep[];
  /** The steps are ways to do one thing ("start the service", "or open Docker Desktop"): any
   * one of them, so they are not numbered as if each followed the other. */
  choices?: boolean;
}

/** The engine Imagen knew, for the socket kind the backend named (`EngineInfo`, an
 * `EngineChoice`): used only when its address is the one in the error. */
export interface KnownEngine {
  address: string;
  socket: SocketKind | null;
  /** The context's name when a context named it (no socket), else the product's or none. */
  name?: string | null;
}

/** Where an engine is, for the help: another computer (over ssh or the network), with the
 * command that asks it from a terminal here; or this one, with whose socket it is when known. */
type EnginePlace =
  /** `login`: over ssh, the command that logs in there the way Imagen's ssh does. */
  | { remote: true; host: string; check: string; login?: string }
  | { remote: false; socket: SocketKind | null; address: string };

/** `host[:port]` or `[v6][:port]`: the host, without brackets; empty when there is none. */
function hostOf(hostPort: string): { host: string; port: string | null } {
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(hostPort);
  if (v6) return { host: v6[1]!, port: v6[2] ?? null };
  const named = /^(.*?)(?::(\d+))?$/.exec(hostPort)!;
  return { host: named[1]!, port: named[2] ?? null };
}

/** A host on this computer (Docker Desktop's "Expose daemon on tcp://localhost:2375"). */
const LOOPBACK = /^(localhost|127(\.\d+){3}|::1|0\.0\.0\.0)?$/i;

/** `tcp://` or `http://` to this computer: Docker Desktop's exposed port, when it is on. */
function isLoopbackTcp(address: string): boolean {
  const parts = /^(tcp|http):\/\/([^/]*)/i.exec(address);
  return parts !== null && LOOPBACK.test(hostOf(parts[2]!).host);
}

/** Whose socket an address is, from its path, as the backend finds them
 * (crates/imagen-core/src/engine/resolve/sockets.rs); null when it is none of them. */
function socketAt(address: string, os: DesktopOs): SocketKind | null {
  if (address.startsWith("npipe://")) {
    const pipe = address.slice(address.lastIndexOf("/") + 1).toLowerCase();
    if (pipe === "docker_engine") return "Standard";
    if (pipe.startsWith("podman-machine")) return "PodmanMachine";
    if (pipe.startsWith("dockerdesktop")) return "DockerDesktop";
    return null;
  }
  if (!address.startsWith("unix://")) return null;
  const path = address.slice("unix://".length);
  if (/^\/(var\/)?run\/docker\.sock$/.test(path)) return "Standard";
  if (/\/\.docker\/(desktop|run)\/docker\.sock$/.test(path)) return "DockerDesktop";
  if (/\/(\.colima|\.config\/colima)\//.test(path)) return "Colima";
  if (/\/\.orbstack\//.test(path)) return "OrbStack";
  if (/\/\.rd\/docker\.sock$/.test(path)) return "RancherDesktop";
  if (/podman-machine|\/podman\/machine\//.test(path)) return "PodmanMachine";
  if (/^\/(var\/)?run\/podman\/podman\.sock$/.test(path)) return "PodmanRootful";
  // Rootless Podman's `$XDG_RUNTIME_DIR/podman/podman.sock`; elsewhere, a machine's.
  if (/\/podman\/podman\.sock$/.test(path)) return os === "linux" ? "Podman" : "PodmanMachine";
  // Rootless Docker's `$XDG_RUNTIME_DIR/docker.sock`.
  if (/^\/run\/user\/\d+\/docker\.sock$/.test(path)) return "DockerRootless";
  return null;
}

/** The standard address, `/var/run/docker.sock` or the `docker_engine` pipe, however it is
 * listed (docker's `default` context names it too). */
export function isStandardAddress(address: string, os: DesktopOs): boolean {
  return socketAt(address, os) === "Standard";
}

/** Where the engine at `address` is: the scheme says local or remote, then the backend's
 * socket kind (from `known`, when it is this address) or the address's path says whose. */
function enginePlace(address: string, os: DesktopOs, known: KnownEngine | null): EnginePlace {
  const local = (): EnginePlace => ({
    remote: false,
    socket: (known?.address === address ? known.socket : null) ?? socketAt(address, os),
    address,
  });
  const scheme = /^([a-z]+):\/\/(.*)$/i.exec(address);
  if (!scheme) return local();
  // A context may carry its own TLS files or ssh settings: `docker --context` asks the way
  // Imagen did, where `-H` would go without them.
  const context = known?.address === address && !known.socket ? (known.name ?? null) : null;
  const ask = (fallback: string[]) =>
    shellLine(context ? ["docker", "--context", context, "version"] : fallback);
  const rest = scheme[2]!;
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  switch (scheme[1]!.toLowerCase()) {
    case "ssh": {
      // `ssh://[user@]host[:port][/socket]`, taken apart as the backend does (engine/ssh.rs).
      const at = authority.lastIndexOf("@");
      const { host, port } = hostOf(authority.slice(at + 1));
      const socket = slash < 0 ? "" : rest.slice(slash);
      const args = ["ssh", ...(port ? ["-p", port] : [])];
      args.push(at < 0 ? host : `${authority.slice(0, at)}@${host}`);
      const login = shellLine(args);
      args.push("docker");
      if (socket && socket !== "/") args.push("--host", `unix://${socket}`);
      return { remote: true, host, check: ask([...args, "version"]), login };
    }
    case "tcp":
    case "http": {
      const { host } = hostOf(authority);
      if (LOOPBACK.test(host)) return local();
      // The docker CLI takes tcp:// for both (its TLS settings, when set, come from the
      // environment: DOCKER_TLS_VERIFY, DOCKER_CERT_PATH).
      return {
        remote: true,
        host,
        check: ask(["docker", "-H", `tcp://${authority}`, "version"]),
      };
    }
    default:
      return local();
  }
}

/** What the title calls the engine of a socket: the product, where it is not Docker's. */
function engineName(socket: SocketKind | null): string {
  return socket === "Podman" || socket === "PodmanRootful" || socket === "PodmanMachine"
    ? "Podman"
    : "Docker";
}

/** What to restart when a local engine stays silent: an app by its name (as the engine
 * switcher names it), else Docker or Podman. */
function productName(socket: SocketKind | null): string {
  const apps: readonly SocketKind[] = ["DockerDesktop", "Colima", "OrbStack", "RancherDesktop"];
  return socket && apps.includes(socket) ? socketName(socket) : engineName(socket);
}

/** When nothing says whose socket it is: the usual ways to start an engine on this OS. */
function startSteps(os: DesktopOs): EngineHelp["steps"] {
  switch (os) {
    case "macos":
      return [
        { text: m.app_engine_help_open_desktop() },
        { text: m.app_engine_help_colima(), command: "colima start" },
      ];
    case "windows":
      return [
        { text: m.app_engine_help_open_desktop() },
        { text: m.app_engine_help_check_terminal(), command: "docker version" },
      ];
    case "linux":
      return [
        { text: m.app_engine_help_start_service(), command: "sudo systemctl start docker" },
        { text: m.app_engine_help_desktop_linux() },
      ];
  }
}

/** How to start the engine whose socket it is, each with its own command. */
function localStartSteps(
  socket: SocketKind | null,
  os: DesktopOs,
  address: string,
): EngineHelp["steps"] {
  switch (socket) {
    case "Standard":
    case null:
      return startSteps(os);
    case "DockerDesktop":
      return [{ text: m.app_engine_help_open_desktop() }];
    case "DockerRootless":
      return [
        { text: m.app_engine_help_start_rootless(), command: "systemctl --user start docker" },
      ];
    case "Colima": {
      // A profile other than `default` lives in `~/.colima/<profile>/`.
      const profile = /\/(?:\.colima|\.config\/colima)\/([^/]+)\/[^/]+$/.exec(address)?.[1];
      const command =
        profile && profile !== "default"
          ? shellLine(["colima", "start", "--profile", profile])
          : "colima start";
      return [{ text: m.app_engine_help_start_colima(), command }];
    }
    case "OrbStack":
      return [{ text: m.app_engine_help_open_app({ app: "OrbStack" }) }];
    case "RancherDesktop":
      return [{ text: m.app_engine_help_open_app({ app: "Rancher Desktop" }) }];
    case "Podman":
      return [
        {
          text: m.app_engine_help_start_podman(),
          command: "systemctl --user start podman.socket",
        },
      ];
    case "PodmanRootful":
      return [
        {
          text: m.app_engine_help_start_podman_rootful(),
          command: "sudo systemctl start podman.socket",
        },
      ];
    case "PodmanMachine":
      return [{ text: m.app_engine_help_start_podman_machine(), command: "podman machine start" }];
  }
}

/** Adds the user who runs it to docker-users, in an administrator's window Windows opens for
 * it (RunAs asks for an administrator's name and password); `pause` keeps that window until
 * Enter, so what `net` answered (done, or already a member) can be read. */
const WINDOWS_ADD_ME =
  "Start-Process powershell -Verb RunAs -ArgumentList \"net localgroup docker-users '$env:USERDOMAIN\\$env:USERNAME' /add; pause\"";

/** How to be let in, by whose socket refused this user: the docker group opens Docker's own
 * socket on Linux, and `docker-users` Docker Desktop's pipe on Windows (its installer adds only
 * the user who installed it: on a managed laptop, the admin); rootful Podman's socket is
 * root's, and the user's own rootless one needs no rights. Elsewhere, no step but another
 * engine. */
/** Docker's own socket or pipe (or one nothing says is another's): the kind that admits a
 * group of users, `docker` on Linux and `docker-users` on Windows. */
export function admitsDockerGroup(socket: SocketKind | null): boolean {
  return socket === "Standard" || socket === "DockerDesktop" || socket === null;
}

function permissionSteps(socket: SocketKind | null, os: DesktopOs): EngineHelp["steps"] {
  const docker = admitsDockerGroup(socket);
  if (docker && os === "linux")
    return [{ text: m.app_engine_help_docker_group(), command: "sudo usermod -aG docker $USER" }];
  if (docker && os === "windows")
    return [
      {
        text: m.app_engine_help_docker_users(),
        // Run by the user, not by an elevated admin: `$env:` names whoever runs it, and an
        // administrator's elevated PowerShell would add the administrator. Expanded here,
        // before Windows asks for an administrator's password (RunAs) to add this user.
        command: WINDOWS_ADD_ME,
      },
    ];
  if (socket === "PodmanRootful")
    return [
      {
        text: m.app_engine_help_podman_rootless(),
        command: "systemctl --user enable --now podman.socket",
      },
    ];
  return [];
}

/** The engine screen's title, explanation and steps for an engine problem, decided by the
 * error's kind, its typed `cause` and where the engine is (the address's scheme, and whose
 * socket it is: `known`'s kind when it is this address, else the address's path); never by
 * the OS's words. `software` is what is installed here (null until asked): for the standard
 * address it says "install Docker" or how to start what is installed. Every engine problem
 * ends with picking another engine in the header. Call it where it renders (markup or
 * `$derived`), so it follows a language switch. */
export function engineHelp(
  error: ImagenError,
  os: DesktopOs,
  known: KnownEngine | null = null,
  software: readonly Software[] | null = null,
): EngineHelp {
  const other = { text: m.app_engine_help_other_engine() };
  switch (error.kind) {
    case "EngineUnreachable": {
      const detail = m.app_engine_help_not_running_detail({
        address: error.address,
        cause: describeCause(error),
      });
      const place = enginePlace(error.address, os, known);
      // Something answers there, and is not serving yet: wait, do not start it again.
      if (error.cause === "NotReady")
        return {
          title: m.app_engine_help_starting({
            engine: place.remote ? place.host : productName(place.socket),
          }),
          detail,
          steps: [{ text: m.app_engine_help_wait_ready() }, other],
        };
      // Reached, and refused for the certificates or the login: no network advice then (nor
      // "start Docker" for a TLS engine on this computer, `tcp://localhost:2376`).
      if (error.cause === "Tls") {
        const host = place.remote ? place.host : "localhost";
        const check = place.remote ? place.check : shellLine(["docker", "version"]);
        return {
          title: m.app_engine_help_tls({ host }),
          detail,
          steps: [{ text: m.app_engine_help_tls_files({ host }), command: check }, other],
        };
      }
      if (place.remote && error.cause === "SshLogin")
        return {
          title: m.app_engine_help_ssh_login({ host: place.host }),
          detail,
          steps: [
            { text: m.app_engine_help_ssh_once(), command: place.login ?? place.check },
            other,
          ],
        };
      if (place.remote)
        return {
          title: m.app_engine_help_remote({ host: place.host }),
          detail,
          steps: [
            { text: m.app_engine_help_remote_network({ host: place.host }) },
            { text: m.app_engine_help_remote_check({ host: place.host }), command: place.check },
            other,
          ],
        };
      // Refused access is never "not running": the engine runs, and refuses this user.
      if (error.cause === "PermissionDenied")
        return {
          title: m.app_engine_help_permission(),
          detail: m.app_engine_help_permission_detail({ address: error.address }),
          steps: [...permissionSteps(place.socket, os), other],
        };
      // Nothing listens at tcp://localhost:2375, which a tutorial had put in DOCKER_HOST: Docker
      // Desktop may well run ("Engine running"), and answer there only with its "Expose
      // daemon" setting on. A context names its own address; otherwise it came from DOCKER_HOST.
      if (error.cause === "Refused" && isLoopbackTcp(error.address)) {
        const context = known?.address === error.address && !known.socket ? known.name : null;
        const windows = os === "windows";
        const back = context
          ? { text: m.app_engine_help_loopback_context(), command: "docker context use default" }
          : windows
            ? {
                text: m.app_engine_help_loopback_unset_windows(),
                command: removeForUser("DOCKER_HOST"),
              }
            : { text: m.app_engine_help_loopback_unset(), command: "unset DOCKER_HOST" };
        return {
          title: m.app_engine_help_loopback({ address: error.address }),
          detail,
          steps: [
            { text: m.app_engine_help_open_desktop() },
            { text: m.app_engine_help_loopback_expose() },
            back,
            other,
          ],
        };
      }
      const generic = place.socket === "Standard" || place.socket === null;
      // The standard address, with no socket or pipe there, never reached by Imagen, and no
      // engine installed: "open Docker Desktop" would send a first-timer looking for an app
      // they do not have. Anything else (an address a context or DOCKER_HOST names, a socket
      // file left there, an engine that answered before) is an engine somewhere.
      if (
        software &&
        !hasEngine(software) &&
        place.socket === "Standard" &&
        error.cause === "NoSocket" &&
        known?.address !== error.address
      )
        return notInstalledHelp(error, os, software, other);
      const installed = generic && software ? installedStartSteps(software, os) : null;
      // Windows with Docker Desktop keeps its two steps in order (open it, then check).
      if (installed && !(os === "windows" && software?.includes("DockerDesktop")))
        return {
          title: m.app_engine_help_not_running({ engine: engineName(place.socket) }),
          detail,
          steps: [...installed, other],
          choices: true,
        };
      return {
        title: m.app_engine_help_not_running({ engine: engineName(place.socket) }),
        detail,
        steps: [...localStartSteps(place.socket, os, place.address), other],
        // Windows: open Docker Desktop, then check it in a terminal; elsewhere, and for a
        // known engine, ways to do one thing (start it, or pick another).
        choices: !(generic && os === "windows"),
      };
    }
    case "EngineTimeout": {
      const detail = m.app_engine_help_timeout_detail({
        address: error.address,
        seconds: error.seconds,
      });
      const place = enginePlace(error.address, os, known);
      if (place.remote)
        return {
          // The engine answered the connection: reached, and (whatever runs there) slow.
          title: m.app_engine_help_timeout_remote({ host: place.host }),
          detail,
          steps: [
            { text: m.app_engine_help_wait_remote() },
            { text: m.app_engine_help_remote_check({ host: place.host }), command: place.check },
            other,
          ],
        };
      return {
        title: m.app_engine_help_timeout({ engine: engineName(place.socket) }),
        detail,
        steps: [{ text: m.app_engine_help_wait({ engine: productName(place.socket) }) }, other],
        choices: true,
      };
    }
    case "UnsupportedAddress":
      return unsupportedHelp(error, os);
    case "EngineContext":
      return {
        title: m.app_engine_help_context(),
        detail: describeError(error),
        steps: [{ text: m.app_engine_help_context_list(), command: "docker context ls" }, other],
      };
    default:
      return { title: m.app_engine_help_other(), detail: describeError(error), steps: [] };
  }
}

/** Installing Docker, for a computer where Imagen found no engine installed: what it found
 * (nothing, or the docker command alone), and on Windows that Docker inside WSL is not for
 * Windows apps (a user who has `docker` in their Ubuntu terminal is not told they have none). */
function notInstalledHelp(
  error: ErrorOf<"EngineUnreachable">,
  os: DesktopOs,
  software: readonly Software[],
  other: HelpStep,
): EngineHelp {
  const said = { address: error.address, cause: describeCause(error) };
  const detail = software.includes("DockerCli")
    ? m.app_engine_help_not_installed_cli_detail(said)
    : m.app_engine_help_not_installed_detail(said);
  return {
    title: m.app_engine_help_not_installed(),
    detail: os === "windows" ? `${detail} ${m.app_engine_help_not_installed_wsl()}` : detail,
    steps: [...installSteps(os), other],
  };
}

/** The user's own variable, not this PowerShell's copy: Imagen reads it when it starts. */
const removeForUser = (name: string) =>
  `[Environment]::SetEnvironmentVariable('${name}', $null, 'User')`;

/** The way back from an address Imagen cannot use: the one for what named it, when known;
 * each in the user's shell (PowerShell has no `unset`; ssh:// is for macOS and Linux only). */
function unsupportedHelp(error: ErrorOf<"UnsupportedAddress">, os: DesktopOs): EngineHelp {
  const windows = os === "windows";
  const other = { text: m.app_engine_help_other_engine() };
  const address = error.address;
  const named = error.namedBy;
  const title = m.app_engine_help_unsupported();
  if (named?.kind === "DockerHost")
    return {
      title,
      detail: m.app_engine_help_unsupported_detail_host({ address }),
      steps: [
        windows
          ? { text: m.app_engine_help_unset_known_windows(), command: removeForUser("DOCKER_HOST") }
          : { text: m.app_engine_help_unset_known(), command: "unset DOCKER_HOST" },
        other,
      ],
    };
  if (named?.kind === "Context") {
    const detail = m.app_engine_help_unsupported_detail_context({
      address,
      name: named.name,
      by: contextNamedBy(named.namedBy),
    });
    const back = {
      DockerContextEnv: windows
        ? {
            text: m.app_engine_help_context_env_unset_windows(),
            command: removeForUser("DOCKER_CONTEXT"),
          }
        : { text: m.app_engine_help_context_env_unset(), command: "unset DOCKER_CONTEXT" },
      ConfigJson: {
        text: m.app_engine_help_context_back_default(),
        command: "docker context use default",
      },
      // Chosen in Imagen: choosing another engine there is the way back.
      Imagen: null,
    }[named.namedBy];
    return {
      title,
      detail,
      steps: back ? [back, other] : [{ text: m.app_engine_help_pick_engine() }],
    };
  }
  // Not known (an older backend, or a fixed address): every way back.
  return {
    title,
    detail: m.app_engine_help_unsupported_detail({ address }),
    steps: [
      windows
        ? { text: m.app_engine_help_unset_windows(), command: removeForUser("DOCKER_HOST") }
        : { text: m.app_engine_help_unset(), command: "unset DOCKER_HOST" },
      { text: m.app_engine_help_context_default(), command: "docker context use default" },
      other,
    ],
  };
}

/** ", named by DOCKER_CONTEXT," and the like, after a context's name. */
function contextNamedBy(namedBy: ContextNamedBy): string {
  return {
    DockerContextEnv: m.shared_context_by_env(),
    ConfigJson: m.shared_context_by_config(),
    Imagen: m.shared_context_by_imagen(),
  }[namedBy];
}

/** A file Imagen could not use, by what the user can do about it; the operating system's own
 * (English) words only when there is nothing more specific. A save then says whether it left
 * its unfinished file behind (it could not remove it: a USB stick pulled out), and which. */
function describeFileProblem(error: Extract<ImagenError, { kind: "FileProblem" }>): string {
  const said = fileTrouble(error);
  // Only a save leaves a partial file to speak of.
  if (!error.writing) return said;
  if (error.leftBehind)
    return `${said} ${m.kit_error_partial_left({ file: error.file, partial: error.leftBehind })}`;
  // A read-only drive took no file to begin with.
  return error.trouble === "ReadOnly" ? said : `${said} ${m.kit_error_nothing_left()}`;
}

/** What went wrong with the file, and what to do about it. */
function fileTrouble(error: Extract<ImagenError, { kind: "FileProblem" }>): string {
  const { file, reason, writing } = error;
  switch (error.trouble) {
    case "Full":
      return m.kit_error_file_full({ file });
    case "TooLarge":
      return m.kit_error_file_too_large({ file });
    case "NotAllowed":
      return writing
        ? m.kit_error_file_not_allowed_write({ file })
        : m.kit_error_file_not_allowed_read({ file });
    case "ReadOnly":
      return m.kit_error_file_read_only({ file });
    case "Unresponsive":
      return m.kit_error_file_unresponsive({ file });
    case "Other":
      return writing
        ? m.kit_error_file_problem({ file, reason })
        : m.kit_error_file_problem_read({ file, reason });
  }
}

/** A docker context Imagen cannot use, from the facts the backend gives: which context, who
 * named it (the fix differs), and what is wrong; docker's commands as they are. */
/** What is wrong with a context that exists; the system's or parser's words stay as they are. */
function contextFault(fault: ContextFault): string {
  switch (fault.kind) {
    case "Unreadable":
      return m.shared_context_fault_unreadable({ path: fault.path, why: fault.why });
    case "NotJson":
      if (fault.encoding)
        return m.shared_context_fault_encoding({
          path: fault.path,
          saved: savedIn(fault.encoding),
        });
      return m.shared_context_fault_not_json({ path: fault.path, why: fault.why });
    case "NoDockerEndpoint":
      return m.shared_context_fault_no_endpoint({ path: fault.path });
  }
}

function describeContext(error: Extract<ImagenError, { kind: "EngineContext" }>): string {
  const LIST = "docker context ls";
  const problem = error.problem;
  if (problem.kind === "ConfigUnreadable" && problem.encoding)
    return m.shared_context_config_encoding({
      path: problem.path,
      saved: savedIn(problem.encoding),
      fix: saveAsUtf8(problem.encoding, problem.path),
    });
  if (problem.kind === "ConfigUnreadable")
    return m.shared_context_config_unreadable({
      path: problem.path,
      why: problem.why,
      command: LIST,
    });
  const name = error.context ?? "";
  const by = contextNamedBy(problem.namedBy);
  const fix = {
    DockerContextEnv: m.shared_context_fix_env({ command: LIST }),
    ConfigJson: m.shared_context_fix_config({ command: LIST }),
    Imagen: m.shared_context_fix_imagen({ command: LIST }),
  }[problem.namedBy];
  switch (problem.kind) {
    case "Missing":
      return `${m.shared_context_missing({ name, by })} ${fix}`;
    case "NoConfigFolder":
      return `${m.shared_context_no_folder({ name, by })} ${fix}`;
    case "Broken": {
      const broken = m.shared_context_broken({
        name,
        by,
        why: contextFault(problem.fault),
        command: shellLine(["docker", "context", "inspect", error.context ?? ""]),
      });
      const fault = problem.fault;
      return fault.kind === "NotJson" && fault.encoding
        ? `${broken} ${saveAsUtf8(fault.encoding, fault.path)}`
        : broken;
    }
  }
}

/** How a docker JSON file was saved that docker cannot read either, as a clause after the
 * file ("was saved with a byte order mark (as Notepad … save it), which docker cannot read
 * either"): the Windows tool that saves it so, for a first-timer to recognise. */
export function savedIn(encoding: UnreadableEncoding): string {
  return encoding === "Utf8WithBom" ? m.shared_saved_utf8_bom() : m.shared_saved_utf16();
}

/** What to do about such a file (`path`, named by its file name), as a sentence. */
export function saveAsUtf8(encoding: UnreadableEncoding, path: string): string {
  const file = path.split(/[\\/]/).pop() || path;
  return encoding === "Utf8WithBom"
    ? m.shared_save_fix_utf8_bom({ file })
    : m.shared_save_fix_utf16({ file });
}
