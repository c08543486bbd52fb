// What a short image name expands to (the course's "tags and `latest`"), from the backend's
// parser answer: which parts of `docker.io/library/nginx:latest` were typed and which docker
// filled in. No Svelte, no IPC: the parsing itself is the backend's (api.parseReference).
import { shortId } from "../images/names";
import type { ImageSummary, ParsedReference } from "../ipc/api";

/** The example the field starts with when the image has no name of its own. */
export const FALLBACK_NAME = "nginx";
const HUB = "docker.io/";
const OFFICIAL = "library/";
const DEFAULT_TAG = ":latest";

/** A reference as people type it: `docker.io/library/` and `:latest` left out, because docker
 * puts them back (`docker.io/library/nginx:latest` → `nginx`). */
export function shortForm(reference: string): string {
  let name = reference;
  if (name.startsWith(HUB)) name = name.slice(HUB.length);
  const rest = name.slice(OFFICIAL.length);
  if (name.startsWith(OFFICIAL) && !rest.split(/[:@]/)[0]!.includes("/")) name = rest;
  if (name.endsWith(DEFAULT_TAG) && !name.includes("@")) name = name.slice(0, -DEFAULT_TAG.length);
  return name;
}

/** The name the reference field starts with: the image's first tag in short form, else the
 * repository it was pulled as (digest-only images), else `nginx`. */
export function initialName(image: Pick<ImageSummary, "tags" | "digests"> | null): string {
  const tag = image?.tags[0];
  if (tag) return shortForm(tag);
  const digest = image?.digests[0];
  if (digest && digest.includes("@")) return shortForm(digest.slice(0, digest.indexOf("@")));
  return FALLBACK_NAME;
}

/** The registry part of a typed name, if one was typed: docker's rule is that the first
 * path component names a registry when it has a `.` or `:`, is `localhost`, or has capitals. */
export function typedRegistry(input: string): string | null {
  const name = input.split("@")[0]!;
  const slash = name.indexOf("/");
  if (slash < 0) return null;
  const first = name.slice(0, slash);
  return /[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase()
    ? first
    : null;
}

export type PartKind = "registry" | "repository" | "tag" | "digest";

export interface ReferencePart {
  kind: PartKind;
  value: string;
  /** Docker filled it in: it was not typed. */
  defaulted: boolean;
}

/** The parts of the expanded reference, each marked typed or filled in by docker. */
export function expansionParts(input: string, parsed: ParsedReference): ReferencePart[] {
  const registry = typedRegistry(input);
  const afterRegistry = registry ? input.slice(registry.length + 1) : input;
  const parts: ReferencePart[] = [
    { kind: "registry", value: parsed.domain, defaulted: registry === null },
    {
      kind: "repository",
      value: parsed.path,
      // `nginx` → `library/nginx`: the official-image namespace was added.
      defaulted: parsed.path.startsWith(OFFICIAL) && !afterRegistry.startsWith(OFFICIAL),
    },
  ];
  if (parsed.tag !== null)
    parts.push({ kind: "tag", value: parsed.tag, defaulted: parsed.tagDefaulted });
  if (parsed.digest !== null)
    parts.push({ kind: "digest", value: parsed.digest, defaulted: false });
  return parts;
}

/** How to name the image in a docker command: its first tag, else its digest reference, else
 * the short ID (`docker run 4f5c1a2b3c4d` works too). */
export function commandRef(image: Pick<ImageSummary, "tags" | "digests" | "id">): string {
  return image.tags[0] ?? image.digests[0] ?? shortId(image.id);
}
