// What the grid shows: the query typed (free text and docker filter terms), the sort, and
// the resulting images. The query and sort survive refreshes and restarts.
import type { ImageSummary } from "../ipc/api";
import { filterMessage, indexText, matchQuery, parseQuery } from "./filter";
import { DEFAULT_SORT, parseSort, sortOrder, sortText, type Sort } from "./sort";
import { locale } from "../i18n/locale.svelte";

/** The part of `Storage` this needs, so tests can pass a Map-backed one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const QUERY_KEY = "imagen.query";
const SORT_KEY = "imagen.sort";

/** What the grid shows. While the query is invalid (a half-typed `label=`), `images` is the
 * last valid result (those of its images still listed) and `error` says what is wrong, so
 * the grid does not flash empty. With no valid result to keep for this list (a query saved
 * before a restart that cannot be applied now, or none of the kept images left: pruned, or
 * another engine's), every image, unfiltered: never an empty grid for a filter that was
 * never applied. */
export interface Shown {
  images: ImageSummary[];
  totalSize: number;
  /** How many of them have no tag (a CLI 29+ lists them only with -a). */
  untagged: number;
  error: string | null;
  /** The query is not applied and `images` is the whole list (only with `error`). */
  unfiltered: boolean;
}

type Held = Omit<Shown, "error" | "unfiltered">;
const NOTHING: Held = { images: [], totalSize: 0, untagged: 0 };

export class ViewStore {
  query = $state("");
  sort: Sort = $state(DEFAULT_SORT);
  #storage: KeyValueStore | null;
  /** The last result a valid query gave, and the list it was for. */
  #lastGood: { all: ImageSummary[]; shown: Held } = { all: [], shown: NOTHING };
  /** `#lastGood` brought to a newer list, for that list (see `#held`). */
  #heldFor: { all: ImageSummary[]; from: Held; shown: Held } | null = null;
  /** The whole list in display order, shown while no valid result is (see `#notApplied`). */
  #everything: { all: ImageSummary[]; sort: string; shown: Held } | null = null;
  /** The list in display order, for one list and one sort: filtering keeps this order. */
  #order: { all: ImageSummary[]; sort: string; order: Uint32Array } | null = null;
  /** The last result and what it was for: a keystroke that asks the same (a trailing space, a
   * term typed and deleted) gets the same object back, so nothing downstream updates. */
  #last: { all: ImageSummary[]; sort: string; query: string; shown: Shown } | null = null;

  constructor(storage: KeyValueStore | null = safeLocalStorage()) {
    this.#storage = storage;
    this.query = storage?.getItem(QUERY_KEY) ?? "";
    this.sort = parseSort(storage?.getItem(SORT_KEY) ?? null);
  }

  setQuery(query: string): void {
    this.query = query;
    this.#storage?.setItem(QUERY_KEY, query);
  }

  setSort(sort: Sort): void {
    this.sort = sort;
    this.#storage?.setItem(SORT_KEY, sortText(sort));
  }

  /** Prepares searching `all` (the free-text index), so the first keystroke does not. */
  prepare(all: ImageSummary[]): void {
    indexText(all);
  }

  /** The images to show for `all`, or the last valid ones and why the query is not applied. */
  shown(all: ImageSummary[]): Shown {
    const parsed = parseQuery(this.query);
    if (!parsed.ok) return this.#notApplied(all, filterMessage(parsed.error));
    const sort = this.#sortKey();
    const query = JSON.stringify(parsed.query);
    const last = this.#last;
    if (last && last.all === all && last.sort === sort && last.query === query) {
      this.#lastGood = { all, shown: last.shown };
      return last.shown;
    }
    const matched = matchQuery(parsed.query, all);
    if (!matched.ok) return this.#notApplied(all, filterMessage(matched.error));
    const { images, totalSize, untagged } = this.#pick(all, sort, matched.mask);
    // The same images as before (a keystroke that narrows nothing): the same object back.
    const before = last?.all === all && last.sort === sort ? last.shown : null;
    const shown: Shown =
      before && sameItems(before.images, images)
        ? before
        : { images, totalSize, untagged, error: null, unfiltered: false };
    this.#lastGood = { all, shown };
    this.#last = { all, sort, query, shown };
    return shown;
  }

  /** The sort as the order is cached by: by name, also the language, whose collation it is. */
  #sortKey(): string {
    const sort = sortText(this.sort);
    return this.sort.key === "name" ? `${sort}@${locale.current}` : sort;
  }

  /** The images of `all` that `mask` keeps (every one when null), in display order. */
  #pick(all: ImageSummary[], sort: string, mask: Uint8Array | null): Held {
    if (this.#order?.all !== all || this.#order.sort !== sort) {
      this.#order = { all, sort, order: sortOrder(all, this.sort) };
    }
    const { order } = this.#order;
    const images: ImageSummary[] = [];
    let totalSize = 0;
    let untagged = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      if (mask && !mask[i]) continue;
      const image = all[i]!;
      images.push(image);
      totalSize += image.size;
      if (image.tags.length === 0) untagged++;
    }
    return { images, totalSize, untagged };
  }

  /** What to show while the query cannot be applied: the last valid result for this list, or
   * what is left of it in a newer list (an empty one stays empty: `label` matched nothing,
   * and `label=` half typed must not show every card at the next refresh); when nothing of
   * it is left (none yet since the app started, or all its images gone), the whole list,
   * unfiltered. */
  #notApplied(all: ImageSummary[], error: string): Shown {
    const held = this.#held(all);
    const good = this.#lastGood;
    const validEmpty = good.shown !== NOTHING && good.shown.images.length === 0;
    if (held.images.length > 0 || good.all === all || validEmpty) {
      return { ...held, error, unfiltered: false };
    }
    const sort = this.#sortKey();
    // The same array while the query stays wrong (each keystroke), so the grid keeps its cards.
    const cached = this.#everything;
    const every =
      cached && cached.all === all && cached.sort === sort
        ? cached.shown
        : this.#pick(all, sort, null);
    this.#everything = { all, sort, shown: every };
    return { ...every, error, unfiltered: true };
  }

  /** The last valid result, for `all`: a query that cannot be applied (`since=x:1` once x:1
   * is deleted, `before=nginx:latest` on an engine without it) can stay while the list
   * changes under it, and the cards kept must not include an image deleted meanwhile, or
   * one of the engine left. So only the images still in `all` stay, as `all` has them now
   * (their tags may have changed), in the order they were shown. */
  #held(all: ImageSummary[]): Held {
    const good = this.#lastGood;
    if (good.all === all) return good.shown;
    const cached = this.#heldFor;
    if (cached && cached.all === all && cached.from === good.shown) return cached.shown;
    const now = new Map<string, ImageSummary>();
    for (const image of all) now.set(image.id, image);
    const images: ImageSummary[] = [];
    let totalSize = 0;
    let untagged = 0;
    for (const before of good.shown.images) {
      const image = now.get(before.id);
      if (!image) continue;
      images.push(image);
      totalSize += image.size;
      if (image.tags.length === 0) untagged++;
    }
    const shown = { images, totalSize, untagged };
    this.#heldFor = { all, from: good.shown, shown };
    return shown;
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function safeLocalStorage(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
