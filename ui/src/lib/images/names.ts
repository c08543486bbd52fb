// What the image list does not send (crates/imagen-core/src/images/summary.rs): the short ID
// and a card's name, worded here from the facts exactly as `docker images` shows them. The
// list sends bytes only for sizes too: `humanSize` in ../shared/format.ts words them.
import type { ImageSummary } from "../ipc/api";

/** The 12 hex digits `docker images` prints: the algorithm prefix (`sha256:`) dropped. */
export function shortId(id: string): string {
  const colon = id.indexOf(":");
  return id.slice(colon + 1, colon + 13);
}

/** What a card is called: the first `repo:tag`; else `repo:<none>` for an image known only
 * by a digest (`docker images` shows REPOSITORY=repo, TAG=<none>); else `<none>@<short id>`. */
export function displayName(image: Pick<ImageSummary, "id" | "tags" | "digests">): string {
  const tag = image.tags[0];
  if (tag !== undefined) return tag;
  const digest = image.digests[0] ?? "";
  const at = digest.indexOf("@");
  if (at >= 0) return `${digest.slice(0, at)}:<none>`;
  return `<none>@${shortId(image.id)}`;
}
