// Pure wording for image cards and the header; no Svelte, no IPC.
import type { ContainerUsage } from "../ipc/api";
import { count } from "../shared/words";

/** "2 running · 1 stopped", "1 running", "3 stopped", or "" when nothing uses it. */
export function usageText(usage: ContainerUsage): string {
  const parts: string[] = [];
  if (usage.running > 0) parts.push(`${usage.running} running`);
  if (usage.stopped > 0) parts.push(`${usage.stopped} stopped`);
  return parts.join(" · ");
}

/** A longer explanation for the badge's tooltip, in the course's terms. */
export function usageTitle(usage: ContainerUsage): string {
  const total = usage.running + usage.stopped;
  if (total === 0) return "No container was created from this image.";
  const noun = total === 1 ? "container was" : "containers were";
  return `${total} ${noun} created from this image. Stop and remove them before deleting it.`;
}

export function countText(n: number): string {
  return count(n, "image");
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
