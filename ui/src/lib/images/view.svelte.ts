// What the grid shows: the query typed (free text and docker filter terms), the sort, and
// the resulting images. The query and sort survive refreshes and restarts.
import type { ImageSummary } from "../ipc/bindings";
import { applyQuery, filterMessage, parseQuery } from "./filter";
import { DEFAULT_SORT, parseSort, sortImages, sortText, type Sort } from "./sort";

/** The part of `Storage` this needs, so tests can pass a Map-backed one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const QUERY_KEY = "imagen.query";
const SORT_KEY = "imagen.sort";

/** What the grid shows. While the query is invalid (a half-typed `label=`), `images` is the
 * last valid result and `error` says what is wrong, so the grid does not flash empty. */
export interface Shown {
  images: ImageSummary[];
  totalSize: number;
  error: string | null;
}

export class ViewStore {
  query = $state("");
  sort: Sort = $state(DEFAULT_SORT);
  #storage: KeyValueStore | null;
  #lastGood: { images: ImageSummary[]; totalSize: number } = { images: [], totalSize: 0 };

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

  /** The images to show for `all`, or the last valid ones and why the query is not applied. */
  shown(all: ImageSummary[]): Shown {
    const parsed = parseQuery(this.query);
    const applied = parsed.ok ? applyQuery(parsed.query, all) : parsed;
    if (!applied.ok) return { ...this.#lastGood, error: filterMessage(applied.error) };
    const images = sortImages(
      applied.indices.map((i) => all[i]!),
      this.sort,
    );
    this.#lastGood = { images, totalSize: images.reduce((sum, i) => sum + i.size, 0) };
    return { ...this.#lastGood, error: null };
  }
}

function safeLocalStorage(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
