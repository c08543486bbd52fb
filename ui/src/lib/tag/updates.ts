// The update check's answers, per image (pure): an image has several tags, each checked
// against its registry; the image is "newer" when any of its tags has a newer image there.
import type { ImageSummary, RegistryProblem, UnknownReason, UpdateResult } from "../ipc/api";

/** What one image's tags answered, and the verdict for its card. */
export interface ImageUpdates {
  imageId: string;
  /** Tags with a newer image on their registry, and the registry's digest. */
  newer: { reference: string; remoteDigest: string }[];
  /** Tags whose registry has the same image. */
  current: string[];
  /** Tags that could not be compared, and why. */
  unknown: { reference: string; reason: UnknownReason }[];
  /** `newer` if any tag is; else `unknown` if a tag's registry could not be asked (a tag
   * that could not be checked may well be out of date: never "current" then); else
   * `current` if any tag compared equal; else `builtHere` when no tag comes from a
   * registry; else `unknown`. */
  verdict: "newer" | "current" | "builtHere" | "unknown";
}

/** The registry answered about the tag (it has no such tag), or there is none to ask: the
 * tag says nothing against the image's other tags being current. */
const ANSWERED: readonly UnknownReason[] = ["NotFromRegistry", "NotFound"];

function verdictOf(u: Omit<ImageUpdates, "verdict">): ImageUpdates["verdict"] {
  if (u.newer.length > 0) return "newer";
  if (u.unknown.some((x) => !ANSWERED.includes(x.reason))) return "unknown";
  if (u.current.length > 0) return "current";
  if (u.unknown.length > 0 && u.unknown.every((x) => x.reason === "NotFromRegistry"))
    return "builtHere";
  return "unknown";
}

/** The results grouped by image ID, in the order the check listed them. */
export function byImage(results: readonly UpdateResult[]): Map<string, ImageUpdates> {
  const out = new Map<string, ImageUpdates>();
  for (const r of results) {
    let u = out.get(r.imageId);
    if (!u) {
      u = { imageId: r.imageId, newer: [], current: [], unknown: [], verdict: "unknown" };
      out.set(r.imageId, u);
    }
    const s = r.status;
    if (s.status === "Newer")
      u.newer.push({ reference: r.reference, remoteDigest: s.remoteDigest });
    else if (s.status === "Current") u.current.push(r.reference);
    else u.unknown.push({ reference: r.reference, reason: s.reason });
  }
  for (const u of out.values()) u.verdict = verdictOf(u);
  return out;
}

/**
 * A stopped check's answers (`found`) over the earlier ones (`kept`), tag by tag: a tag it
 * answered about takes that answer, every other tag keeps its earlier one. A stopped check
 * always answers about the tags built or loaded here (known before any question), so an
 * image with such a tag must not lose what its other tags said before.
 */
export function mergeAnswers(
  kept: ReadonlyMap<string, ImageUpdates>,
  found: ReadonlyMap<string, ImageUpdates>,
): Map<string, ImageUpdates> {
  const out = new Map(kept);
  for (const [id, fresh] of found) {
    const before = kept.get(id);
    if (!before) {
      out.set(id, fresh);
      continue;
    }
    const answered = new Set([
      ...fresh.newer.map((n) => n.reference),
      ...fresh.current,
      ...fresh.unknown.map((n) => n.reference),
    ]);
    const merged = {
      imageId: id,
      newer: [...before.newer.filter((n) => !answered.has(n.reference)), ...fresh.newer],
      current: [...before.current.filter((r) => !answered.has(r)), ...fresh.current],
      unknown: [...before.unknown.filter((n) => !answered.has(n.reference)), ...fresh.unknown],
    };
    out.set(id, { ...merged, verdict: verdictOf(merged) });
  }
  return out;
}

/** An image as the answers are read against it: its digests say what a pull since brought. */
export type CheckedImage = Pick<ImageSummary, "id" | "tags"> & {
  digests?: ImageSummary["digests"];
};

/**
 * What an image's kept answers still say about it as it is now: nothing when it is not the
 * image that was checked (another ID: re-pulled or rebuilt), and only for the tags it still
 * has (a tag moved away since says nothing about this image). A "newer" tag whose registry
 * digest the image now holds is current: a pull brought that digest without a new image (a
 * multi-platform image re-pushed for another platform keeps this one's ID).
 */
export function updatesFor(
  kept: ReadonlyMap<string, ImageUpdates>,
  image: CheckedImage,
): ImageUpdates | null {
  const u = kept.get(image.id);
  if (!u) return null;
  const has = (ref: string) => image.tags.includes(ref);
  const holds = (digest: string) => (image.digests ?? []).some((d) => d.endsWith(`@${digest}`));
  const newer = u.newer.filter((n) => has(n.reference));
  const still = {
    imageId: u.imageId,
    newer: newer.filter((n) => !holds(n.remoteDigest)),
    current: [
      ...u.current.filter(has),
      ...newer.filter((n) => holds(n.remoteDigest)).map((n) => n.reference),
    ],
    unknown: u.unknown.filter((n) => has(n.reference)),
  };
  if (!still.newer.length && !still.current.length && !still.unknown.length) return null;
  return { ...still, verdict: verdictOf(still) };
}

/** How many checked images fall in each verdict: the inputs of the one-line summary. */
export interface UpdateCounts {
  images: number;
  newer: number;
  current: number;
  builtHere: number;
  unknown: number;
}

export function countVerdicts(kept: Iterable<ImageUpdates>): UpdateCounts {
  const counts: UpdateCounts = { images: 0, newer: 0, current: 0, builtHere: 0, unknown: 0 };
  for (const u of kept) {
    counts.images++;
    counts[u.verdict]++;
  }
  return counts;
}

/**
 * The tags whose registry said it has no such tag or repository (or a private one), of the
 * images that could not be compared: no registry problem explains those, so they are named
 * (a tag made here, `docker tag nginx nginx:mine`, is one). Of an image compared through
 * another tag, they change nothing and are not said.
 */
export function notFoundTags(kept: Iterable<ImageUpdates>): string[] {
  const tags: string[] = [];
  for (const u of kept) {
    if (u.verdict !== "unknown") continue;
    for (const n of u.unknown) if (n.reason === "NotFound") tags.push(n.reference);
  }
  return tags;
}

/**
 * The tags whose registry has another image than the one here, where Imagen cannot tell
 * whether the one here is an older download or a build (`OtherOnRegistry`: Docker's
 * containerd image store records an image's origin under one of its names only), of the
 * images that could not be compared.
 */
export function otherOnRegistryTags(kept: Iterable<ImageUpdates>): string[] {
  const tags: string[] = [];
  for (const u of kept) {
    if (u.verdict !== "unknown") continue;
    for (const n of u.unknown) if (n.reason === "OtherOnRegistry") tags.push(n.reference);
  }
  return tags;
}

/** The registries that could not be asked, grouped by what the user can make of it. */
export interface ProblemGroups {
  /** No answer: offline, DNS, timeouts. */
  unreachable: string[];
  /** Asked for a login (`docker login` is the way). */
  login: string[];
  /** Imagen could not read the saved login (a credential helper failed or is missing): the
   * registry was never asked, and `docker login` would not help. */
  credentials: string[];
  /** Too many requests for now. */
  limited: string[];
  /** Anything else. */
  other: RegistryProblem[];
}

export function groupProblems(problems: readonly RegistryProblem[]): ProblemGroups {
  const groups: ProblemGroups = {
    unreachable: [],
    login: [],
    credentials: [],
    limited: [],
    other: [],
  };
  const add = (list: string[], registry: string) => list.includes(registry) || list.push(registry);
  for (const p of problems) {
    switch (p.error.kind) {
      case "RegistryUnreachable":
      case "EngineTimeout":
        add(groups.unreachable, p.registry);
        break;
      case "Unauthorized":
        add(groups.login, p.registry);
        break;
      case "CredentialsUnavailable":
        add(groups.credentials, p.registry);
        break;
      case "RateLimited":
        add(groups.limited, p.registry);
        break;
      default:
        groups.other.push(p);
    }
  }
  return groups;
}
