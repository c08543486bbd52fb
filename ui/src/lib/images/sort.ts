// Sorting the shown images. Pure; stable (equal keys keep the engine's order).
import type { ImageSummary } from "../ipc/bindings";

export type SortKey = "created" | "size" | "name";
export type SortDir = "asc" | "desc";
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: Sort = { key: "created", dir: "desc" };

export function sortImages(images: ImageSummary[], sort: Sort): ImageSummary[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  const by = {
    created: (a: ImageSummary, b: ImageSummary) => a.created - b.created,
    size: (a: ImageSummary, b: ImageSummary) => a.size - b.size,
    // Dangling images (no name) go last whichever way names are sorted.
    name: (a: ImageSummary, b: ImageSummary) =>
      a.dangling !== b.dangling
        ? sign * (a.dangling ? 1 : -1)
        : a.displayName.localeCompare(b.displayName),
  }[sort.key];
  return images
    .map((image, index) => ({ image, index }))
    .sort((a, b) => sign * by(a.image, b.image) || a.index - b.index)
    .map(({ image }) => image);
}

export function parseSort(text: string | null): Sort {
  const [key, dir] = (text ?? "").split(":");
  if ((key === "created" || key === "size" || key === "name") && (dir === "asc" || dir === "desc"))
    return { key, dir };
  return DEFAULT_SORT;
}

export function sortText(sort: Sort): string {
  return `${sort.key}:${sort.dir}`;
}
