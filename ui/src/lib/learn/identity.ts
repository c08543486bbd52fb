// Image ID and digest, the two SHA-256 hashes of the course: split for showing which part
// `docker images` prints. No Svelte, no IPC.

/** How many hex digits of the ID `docker images` shows. */
export const SHORT_ID_LENGTH = 12;

export interface SplitId {
  /** `sha256`. */
  algorithm: string;
  /** The first 12 hex digits: what `docker images` shows. */
  short: string;
  /** The rest of the hex digits. */
  rest: string;
}

/** `sha256:4f5c…` → `sha256`, the 12 digits `docker images` shows, and the rest. An ID
 * without an algorithm is taken as bare hex. */
export function splitId(id: string): SplitId {
  const colon = id.indexOf(":");
  const algorithm = colon >= 0 ? id.slice(0, colon) : "";
  const hex = colon >= 0 ? id.slice(colon + 1) : id;
  return { algorithm, short: hex.slice(0, SHORT_ID_LENGTH), rest: hex.slice(SHORT_ID_LENGTH) };
}

export interface RepoDigest {
  /** `nginx`, `localhost:5000/team/app`. */
  repository: string;
  /** `sha256:…`, the hash of the manifest in that registry. */
  digest: string;
}

/** `nginx@sha256:…` (a RepoDigests entry) → its repository and digest. */
export function splitDigest(entry: string): RepoDigest {
  const at = entry.lastIndexOf("@");
  return at < 0
    ? { repository: "", digest: entry }
    : { repository: entry.slice(0, at), digest: entry.slice(at + 1) };
}

/** Whether the image's ID is one of its digests: the containerd image store (Docker
 * Desktop's default since 4.34, Docker Engine 29's) names an image by its manifest's (or
 * index's) digest, where the classic store names it by its configuration's hash. */
export function idIsADigest(id: string, digests: readonly string[]): boolean {
  return digests.some((entry) => splitDigest(entry).digest === id);
}
