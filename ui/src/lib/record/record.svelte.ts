// The Terminal record as the UI holds it: every command Imagen carried out on the engine since
// it started, oldest first, loaded once (`terminalRecord`) and then followed (`onRecordEntry`).
//
// Entries are kept by `seq`: one with a `seq` already held replaces it (a running command that
// ended), in `seq` order wherever it arrives from. Events may come before the first load
// answers, and the load may answer with an older copy of an entry an event already ended: a
// command ends once and never runs again, so an ended entry is never put back to Running.
// At most `MAX_ENTRIES` are kept, the oldest dropped first, as the backend does (but for an
// engine switch heading the record).
import { toImagenError, type ImagenApi, type ImagenError, type RecordEntry } from "../ipc/api";
import { recordScript } from "./script";
import { scriptWords } from "./words";

/** The most entries kept (the backend's `record::MAX_ENTRIES`). */
export const MAX_ENTRIES = 2000;

/** How many entries there are, in all and per status. */
export interface RecordCounts {
  total: number;
  running: number;
  done: number;
  refused: number;
  cancelled: number;
  changed: number;
}

/** Whether `incoming` should take the place of `held` (same `seq`). */
function replaces(held: RecordEntry, incoming: RecordEntry): boolean {
  return !(incoming.status.status === "Running" && held.status.status !== "Running");
}

/** Where `seq` is in `entries` (sorted by seq), or where it would go: [index, found]. */
function place(entries: readonly RecordEntry[], seq: number): [number, boolean] {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = entries[mid]!.seq;
    if (at === seq) return [mid, true];
    if (at < seq) lo = mid + 1;
    else hi = mid;
  }
  return [lo, false];
}

/**
 * Merges `incoming` into `entries` (sorted by seq, changed in place): replaces the entry of the
 * same seq, or inserts it in order; then drops the oldest beyond `max`. Returns whether
 * anything changed.
 */
export function mergeEntry(
  entries: RecordEntry[],
  incoming: RecordEntry,
  max: number = MAX_ENTRIES,
): boolean {
  const last = entries[entries.length - 1];
  if (!last || last.seq < incoming.seq) {
    entries.push(incoming);
  } else {
    const [index, found] = place(entries, incoming.seq);
    if (found) {
      if (!replaces(entries[index]!, incoming)) return false;
      entries[index] = incoming;
      return true;
    }
    // Older than everything kept in a full record: it would be dropped at once.
    if (index === 0 && entries.length >= max) return false;
    entries.splice(index, 0, incoming);
  }
  while (entries.length > max) dropOldest(entries);
  return true;
}

/** Drops the oldest entry, as the backend's `record::drop_oldest`: an engine switch heading
 * the record with a command after it stays (a copied script starts by putting the terminal
 * on the engine that command ran on), and that command goes instead. */
function dropOldest(entries: RecordEntry[]): void {
  const headsAnEngine = entries[0]?.engine != null;
  const commandNext = entries.length > 1 && entries[1]!.engine == null;
  entries.splice(headsAnEngine && commandNext ? 1 : 0, 1);
}

/** The Terminal record, loaded and followed. Call `start()` once, `stop()` when done. */
export class RecordStore {
  /** Every entry kept, oldest (lowest seq) first. */
  entries: RecordEntry[] = $state([]);
  /** True once the first load answered (successfully or not). */
  loaded = $state(false);
  /** Why the last load failed, or null. Entries that arrive live are still shown. */
  error: ImagenError | null = $state(null);
  /** Why new entries are not followed live (subscribing failed), or null: the list then
   * shows what the last load read, and `load()` tries to follow again. */
  followError: ImagenError | null = $state(null);
  /** The last entry that ended while followed (not one from the load): what a polite live
   * region says. Null until one does. */
  lastEnded: RecordEntry | null = $state(null);

  /** The most entries kept (`MAX_ENTRIES` but in tests). */
  get max(): number {
    return this.#max;
  }

  /** The record is full and its oldest commands were dropped (commands are numbered from 1
   * without gaps: a full record whose newest is numbered above its length lost some); the
   * list and its script say so. */
  get full(): boolean {
    const newest = this.entries[this.entries.length - 1]?.seq ?? 0;
    return this.entries.length >= this.#max && newest > this.entries.length;
  }

  /** How many entries there are, in all and per status. */
  readonly counts: RecordCounts = $derived.by(() => {
    const counts: RecordCounts = {
      total: this.entries.length,
      running: 0,
      done: 0,
      refused: 0,
      cancelled: 0,
      changed: 0,
    };
    for (const entry of this.entries) {
      const status = entry.status.status;
      if (status === "Running") counts.running++;
      else if (status === "Done") counts.done++;
      else if (status === "Refused") counts.refused++;
      else if (status === "Cancelled") counts.cancelled++;
      else counts.changed++;
    }
    return counts;
  });

  #api: ImagenApi;
  #max: number;
  #started = false;
  #stopped = false;
  #unsubscribe: (() => void) | null = null;
  /** A subscription under way, so two loads do not follow twice. */
  #subscribing: Promise<void> | null = null;

  constructor(api: ImagenApi, max: number = MAX_ENTRIES) {
    this.#api = api;
    this.#max = max;
  }

  /** Follows new entries, then loads the record (so nothing falls between the two). Calling it
   * again does nothing; resolves once the load answered. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.load();
  }

  /** (Re)loads the whole record and merges it with what arrived meanwhile; first follows new
   * entries again if that failed before (Try again), so nothing falls between the two. */
  async load(): Promise<void> {
    await this.#follow();
    try {
      const loaded = await this.#api.terminalRecord();
      if (this.#stopped) return;
      for (const entry of loaded) mergeEntry(this.entries, entry, this.#max);
      this.error = null;
    } catch (thrown) {
      if (this.#stopped) return;
      this.error = toImagenError(thrown);
    } finally {
      if (!this.#stopped) this.loaded = true;
    }
  }

  /** Subscribes to new entries unless it already does (or is stopped). */
  async #follow(): Promise<void> {
    if (this.#stopped || this.#unsubscribe) return;
    this.#subscribing ??= this.#subscribe().finally(() => (this.#subscribing = null));
    await this.#subscribing;
  }

  async #subscribe(): Promise<void> {
    try {
      const unsubscribe = await this.#api.onRecordEntry((entry) => this.#receive(entry));
      if (this.#stopped) return unsubscribe();
      this.#unsubscribe = unsubscribe;
      this.followError = null;
    } catch (thrown) {
      // Not followed: the load still shows what was recorded so far.
      if (!this.#stopped) this.followError = toImagenError(thrown);
    }
  }

  /** Stops following (the entries stay as they are). */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** The record as a shell script (PowerShell's on Windows), its comments in the current language. */
  script(now: Date = new Date()): string {
    return recordScript(this.entries, scriptWords(now, this.full ? { max: this.#max } : null));
  }

  #receive(entry: RecordEntry): void {
    if (this.#stopped) return;
    if (mergeEntry(this.entries, entry, this.#max) && entry.status.status !== "Running")
      this.lastEnded = entry;
  }
}
