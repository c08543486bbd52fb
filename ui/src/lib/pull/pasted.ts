// A whole terminal command pasted into the Pull field: workshops put `docker pull nginx:alpine`
// on their slides, and attendees copy the line. The field takes only the image, so this finds
// the image (and a `--platform`) in such a line, for the dialog to offer to keep just that.
// Pure.
import { PLATFORMS } from "../commands/docker";

export interface PastedPull {
  /** The image the command pulls, as written there. */
  reference: string;
  /** Its `--platform`, when it gave one the dialog offers; null without one. */
  platform: string | null;
}

// `docker pull`, `docker image pull`, `podman pull`; after a prompt (`$ `, `> `, `PS C:\…> `)
// or `sudo`, as slides and tutorials print them.
const COMMAND =
  /^\s*(?:(?:PS [^>]*)?[$#>%]\s+)?(?:sudo\s+)?(?:docker|podman)(?:\.exe)?\s+(?:image\s+)?pull\s+(.+?)\s*$/i;

/** The image and platform in `text` when it is a pull command; null when it is not one, or
 * one whose options the dialog has no place for (`--all-tags`, a platform it does not list,
 * two images). `-q` and `--quiet` only change what the terminal prints, so they are dropped. */
export function pastedPull(text: string): PastedPull | null {
  const line = COMMAND.exec(text);
  if (!line) return null;
  const words = line[1]!.split(/\s+/);
  let reference: string | null = null;
  let platform: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "-q" || word === "--quiet") continue;
    const given = word.startsWith("--platform=")
      ? word.slice("--platform=".length)
      : word === "--platform"
        ? words[++i]
        : undefined;
    if (given !== undefined) {
      const known = PLATFORMS.find((p) => p === given.toLowerCase());
      if (!known) return null;
      platform = known;
      continue;
    }
    if (word.startsWith("-") || reference !== null) return null;
    reference = word;
  }
  return reference === null ? null : { reference, platform };
}
