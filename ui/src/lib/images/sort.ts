// Sorting the shown images. Pure; stable (equal keys keep the engine's order).
import { displayName } from "./names";
import type { ImageSummary } from "../ipc/api";
import { m } from "../i18n/messages";
import { locale } from "../i18n/locale.svelte";
import { perLanguage } from "../i18n/format";

export type SortKey = "created" | "size" | "name";
export type SortDir = "asc" | "desc";
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: Sort = { key: "created", dir: "desc" };

/** The sort menu: each order's `sortText` and its label (a message: call it from markup). */
export const SORT_OPTIONS: readonly { value: string; label: () => string }[] = [
  { value: "created:desc", label: m.images_sort_newest },
  { value: "created:asc", label: m.images_sort_oldest },
  { value: "size:desc", label: m.images_sort_largest },
  { value: "size:asc", label: m.images_sort_smallest },
  { value: "name:asc", label: m.images_sort_name_asc },
  { value: "name:desc", label: m.images_sort_name_desc },
];

export function sortImages(images: ImageSummary[], sort: Sort): ImageSummary[] {
  return Array.from(sortOrder(images, sort), (i) => images[i]!);
}

// Names in the app's language (not the web view's), with numbers read as numbers, so version
// tags go in version order: node:9 before node:22, nginx:1.9 before nginx:1.10. One collator
// per language, made on first use.
const collators = perLanguage((lang) => new Intl.Collator(lang, { numeric: true }));

/** The positions of `images` in the order `sortImages` gives (stable: ties keep input order).
 * Computed once per list and sort (and language, by name), then filtering keeps this order
 * without sorting again. */
export function sortOrder(images: readonly ImageSummary[], sort: Sort): Uint32Array {
  const n = images.length;
  const sign = sort.dir === "asc" ? 1 : -1;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let compare: (a: number, b: number) => number;
  if (sort.key === "name") {
    const byName = collators(locale.current).compare;
    // Worded once per sort, not per comparison (the list sends no names: lib/images/names.ts).
    const names = images.map(displayName);
    // Dangling images (no name) go last whichever way names are sorted.
    compare = (a, b) => {
      const x = images[a]!;
      const y = images[b]!;
      return (
        (x.dangling !== y.dangling ? (x.dangling ? 1 : -1) : sign * byName(names[a]!, names[b]!)) ||
        a - b
      );
    };
  } else {
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++)
      key[i] = sort.key === "created" ? images[i]!.created : images[i]!.size;
    // Already in order (the engine lists newest first), or exactly reversed: nothing to sort.
    let inOrder = true;
    let reversed = true;
    for (let i = 1; i < n && (inOrder || reversed); i++) {
      const step = sign * (key[i]! - key[i - 1]!);
      if (!(step >= 0)) inOrder = false;
      if (!(step < 0)) reversed = false;
    }
    if (inOrder) return order;
    if (reversed) return order.reverse();
    compare = (a, b) => sign * (key[a]! - key[b]!) || a - b;
  }
  return Uint32Array.from(Array.from(order).sort(compare));
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
