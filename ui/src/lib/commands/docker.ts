// The docker command behind each of Imagen's actions, as a user would type it: shown next to
// the action, copyable, and quoted for a POSIX shell (`shellLine`). Pure; no language-dependent
// text (docker's words are the same in every language).
import type { PruneMode } from "../ipc/api";
import { POWERSHELL, shellLine } from "./shell";

/** The platforms the Pull dialog offers for `--platform`. */
export const PLATFORMS = [
  "linux/amd64",
  "linux/arm64",
  "linux/arm/v7",
  "linux/arm/v6",
  "linux/386",
  "linux/ppc64le",
  "linux/s390x",
  "linux/riscv64",
  "windows/amd64",
] as const;

/** An image ID's short form as `docker images` prints it: 12 hex digits, no algorithm. */
export function shortImageId(id: string): string {
  const colon = id.indexOf(":");
  return (colon < 0 ? id : id.slice(colon + 1)).slice(0, 12);
}

/**
 * How a command names an image: the name the user sees, as `docker images` shows it — its
 * first tag (`nginx:latest`, the image's display name) — else, for an image without a tag, its
 * short ID (`d4e5f6333333`), which docker accepts wherever it takes an image.
 */
export function imageReference(image: { tags: readonly string[]; id: string }): string {
  // `<none>:<none>` is how old engines list no tag at all: not a name docker accepts.
  return image.tags.find((t) => !t.startsWith("<none>")) ?? shortImageId(image.id);
}

/** `docker images`: the plain list. */
export function listCommand(): string {
  return shellLine(["docker", "images"]);
}

/** `docker image inspect <ref>`. */
export function inspectCommand(reference: string): string {
  return shellLine(["docker", "image", "inspect", reference]);
}

/** `docker history --no-trunc <ref>`: every step's CREATED BY in full, as the History tab shows
 * it (without the flag the CLI cuts it to 45 characters; with it, IMAGE is the full ID). */
export function historyCommand(reference: string): string {
  return shellLine(["docker", "history", "--no-trunc", reference]);
}

/** `docker tag <source> <target>`. */
export function tagCommand(source: string, target: string): string {
  return shellLine(["docker", "tag", source, target]);
}

/** `docker rmi [-f] <ref>`. */
export function removeCommand(reference: string, force: boolean): string {
  return shellLine(["docker", "rmi", ...(force ? ["-f"] : []), reference]);
}

/** `docker save -o <file> <names…>`. */
export function saveCommand(fileName: string, names: readonly string[]): string {
  return shellLine(["docker", "save", "-o", fileName, ...names]);
}

/** `docker load -i <file>`. For an engine that cannot decompress the file itself (zstd before
 * Engine 23.0: the preview's `decompressFirst`), zstd does first: `zstd -dc <file> | docker
 * load` in a POSIX shell; on Windows (PowerShell) `zstd -d -o kit.tar kit.tar.zst; if ($?) {
 * docker load -i kit.tar }`, as Windows PowerShell before 7.4 passes what one program pipes to
 * another as text, which corrupts a tar. As the backend's `record::docker::load`. */
export function loadCommand(
  fileName: string,
  decompressFirst = false,
  powershell = POWERSHELL,
): string {
  if (!decompressFirst) return shellLine(["docker", "load", "-i", fileName]);
  // zstd would read a name starting with `-` as options.
  const end = fileName.startsWith("-") ? ["--", fileName] : [fileName];
  if (!powershell)
    return `${shellLine(["zstd", "-dc", ...end])} | ${shellLine(["docker", "load"])}`;
  const tar = decompressedName(fileName);
  // Loads only what zstd wrote: it refuses to overwrite a tar already there (often the one the
  // archive was made from), and that old tar must not be loaded.
  return `${shellLine(["zstd", "-d", "-o", tar, ...end])}; if ($?) { ${shellLine(["docker", "load", "-i", tar])} }`;
}

/** The tar that `zstd -d` writes `fileName` out to: without its `.zst` (`kit.tar.zst` →
 * `kit.tar`, `kit.tzst` → `kit.tar`), else with `.tar` added (an archive recognised by its first
 * bytes, whatever its name). As the backend's `decompressed_name`. */
function decompressedName(fileName: string): string {
  // ASCII only, as the backend: the suffix keeps its length.
  const lower = fileName.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  const stem = (suffix: string) => {
    if (!lower.endsWith(suffix)) return null;
    const rest = fileName.slice(0, fileName.length - suffix.length);
    return rest === "" || rest.endsWith("/") || rest.endsWith("\\") ? null : rest;
  };
  const zst = stem(".zst");
  if (zst !== null) return zst;
  const tzst = stem(".tzst");
  return tzst !== null ? `${tzst}.tar` : `${fileName}.tar`;
}

/** `docker buildx imagetools inspect <ref>`: what the registry has now under a reference.
 * Its `Digest:` line is the digest a pull records (a multi-platform image's index), which
 * `docker manifest inspect` does not print for such an image. */
export function checkCommand(reference: string): string {
  return shellLine(["docker", "buildx", "imagetools", "inspect", reference]);
}

/** `docker pull [--platform <platform>] <ref>`. */
export function pullCommand(familiar: string, platform: string | null): string {
  return shellLine(["docker", "pull", ...(platform ? ["--platform", platform] : []), familiar]);
}

/** `docker image prune` (dangling images) or `docker image prune -a` (every unused image). */
export function pruneCommand(mode: PruneMode): string {
  return shellLine(["docker", "image", "prune", ...(mode === "unused" ? ["-a"] : [])]);
}
