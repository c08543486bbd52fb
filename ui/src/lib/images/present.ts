// Wording for image cards and the header, in the current language (docs/i18n.md): call these
// from markup or a `$derived` so they follow a language switch. No Svelte, no IPC.
import type { ContainerUsage, ImageSummary } from "../ipc/api";
import { m } from "../i18n/messages";
import { untaggedRows } from "./search-index";

/** "2 running · 1 stopped", "1 running", "3 stopped", or "" when nothing uses it. */
export function usageText(usage: ContainerUsage): string {
  const parts: string[] = [];
  if (usage.running > 0) parts.push(m.images_usage_running({ count: usage.running }));
  if (usage.stopped > 0) parts.push(m.images_usage_stopped({ count: usage.stopped }));
  return parts.join(" · ");
}

/** A longer explanation for the badge's tooltip, in the course's terms. */
export function usageTitle(usage: ContainerUsage): string {
  const total = usage.running + usage.stopped;
  if (total === 0) return m.images_usage_none();
  return m.images_usage_title({ count: total });
}

/** "3 images" / "3 imágenes". */
export function countText(n: number): string {
  return m.images_count({ count: n });
}

/** Splits `registry:5000/team/app:1.0` into repository and tag at the last colon after the
 * last slash (a registry port is not a tag). */
export function splitTag(reference: string): { repository: string; tag: string } {
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  if (colon > slash) {
    return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  }
  return { repository: reference, tag: "" };
}

/** How many characters of a repository's end a chip always shows beside the tag. */
const KEPT_END = 14;

/**
 * A repository cut in two for a chip that may be too narrow: `head` may be shortened with an
 * ellipsis (so the chip reads `registry.example.com/te…/components:1.0`), `tail` never is. The
 * tail is the last path component when it is short, else the last characters; `head` is empty
 * for a short repository. Together they are the whole repository, so the chip's text is the
 * whole reference.
 */
export function splitRepository(repository: string): { head: string; tail: string } {
  if (repository.length <= KEPT_END) return { head: "", tail: repository };
  const slash = repository.lastIndexOf("/");
  const cut =
    slash >= 0 && repository.length - slash <= KEPT_END ? slash : repository.length - KEPT_END;
  return { head: repository.slice(0, cut), tail: repository.slice(cut) };
}

/** A card's `repo:<none>` chip: a repository the image has a digest in but no tag. */
export interface UntaggedChip {
  repository: string;
  /** The image's digests in that repository (`repo@sha256:…`), for the chip's title. */
  digests: string[];
}

/** The `repo:<none>` chips shown beside a card's tags: one per row `docker images` prints
 * with TAG `<none>` (`untaggedRows`), so a tagged image pulled by digest from another
 * repository shows it too, and two digests in one repository make one chip, as one row. */
export function untaggedChips(image: Pick<ImageSummary, "tags" | "digests">): UntaggedChip[] {
  const chips: UntaggedChip[] = [];
  for (const row of untaggedRows(image)) {
    // `<none>` alone (neither tag nor digest) is the dangling card's own `<none>:<none>`.
    if (!row.endsWith(":<none>")) continue;
    const repository = row.slice(0, -":<none>".length);
    const digests = image.digests.filter((d) => d.slice(0, d.indexOf("@")) === repository);
    chips.push({ repository, digests });
  }
  return chips;
}
