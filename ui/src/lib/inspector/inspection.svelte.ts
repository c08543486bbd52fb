// Which image the inspector shows, and its inspect/history answers. Loads on demand:
// inspect when an image is opened, history when its tab is first shown.
import type { ImagenApi } from "../ipc/api";
import type { HistoryEntry, ImageInspection, ImageSummary } from "../ipc/api";
import type { JsonView } from "./tree.svelte";
import { engineAway } from "../shared/errors";
import { LatestAsks, type Loadable } from "../shared/latest";

export type { Loadable } from "../shared/latest";

export type InspectorTab = "summary" | "json" | "history";

/** What the inspector reads from the engine, each answer on its own. */
export type Part = "inspection" | "history";

/** What the image list says of the open image: what the inspector shows of it as `docker
 * images` does (tags, digests, size), and follows. */
export type Listed = Pick<ImageSummary, "id" | "tags" | "digests" | "digestNamed" | "size">;

/** Tags or digests as one comparable text: in any order, each once (the containerd store on
 * Engine 27.3 and older can list a RepoDigests entry twice, moby/moby#48747). */
function setKey(names: readonly string[]): string {
  return [...new Set(names)].sort().join(" ");
}

export class InspectionStore {
  /** The open image's ID, or null when the inspector is closed. */
  id: string | null = $state(null);
  tab: InspectorTab = $state("summary");
  inspection: Loadable<ImageInspection> = $state({ status: "idle" });
  history: Loadable<HistoryEntry[]> = $state({ status: "idle" });
  /** The failures asked for again, until the engine answers: they stay on screen meanwhile
   * (a loading state would take away the Try again that has the keyboard focus, which then
   * falls to the page). */
  retrying: Record<Part, boolean> = $state({ inspection: false, history: false });
  /** The open image as the image list last had it: kept while it is gone from the list
   * (deleted elsewhere) or the list cannot be read, so the summary goes on showing the list's
   * tags, digests and size (on the containerd store, docker inspect's Size is not the one
   * `docker images` prints) and the heading its name. Null until listed. */
  listed: Listed | null = $state.raw(null);
  /** How the JSON tab was left for another tab, for when it is shown again (see `keepJson`).
   * Read once as the tab opens: not reactive. */
  json: JsonView | null = null;

  #api: ImagenApi;
  /** Counts the asks for each answer: only the newest one is shown. */
  #asks = new LatestAsks<Part>();

  constructor(api: ImagenApi) {
    this.#api = api;
  }

  /** Opens `id`. Opening the image already open asks again for whatever failed (its card
   * clicked again after the engine came back), and otherwise keeps what is shown. */
  open(id: string): void {
    if (this.id === id) {
      this.retry();
      return;
    }
    this.id = id;
    this.listed = null;
    this.#listing = null;
    this.json = null;
    this.history = { status: "idle" };
    this.retrying = { inspection: false, history: false };
    this.#loadInspection();
    if (this.tab === "history") this.#loadHistory();
  }

  /** Asks again for the answers that failed: never for one shown or on its way. With
   * `awayOnly` (the engine changed or came back), only those that failed because the engine
   * was away; another failure (the image gone) would fail again. Each failure stays on
   * screen, marked in `retrying`, until its answer replaces it; the engine back while a Try
   * again is on its way asks once more (that ask may have gone while it was away), and the
   * newer answer is the one shown. */
  retry(awayOnly = false): void {
    if (!this.id) return;
    const again = (part: Part) => {
      const l = this[part];
      if (l.status !== "failed") return false;
      return awayOnly ? engineAway(l.error) : !this.retrying[part];
    };
    if (again("inspection")) this.#loadInspection(true);
    if (again("history")) this.#loadHistory(true);
  }

  close(): void {
    this.id = null;
    this.listed = null;
    this.#listing = null;
    this.json = null;
  }

  /** Keeps how the JSON tab was left, when it shows the open image's inspection as it is now:
   * not as it goes because another image opens (the inspection is read again) or the inspector
   * closes. */
  keepJson(view: JsonView): void {
    // The JSON tab also leaves as the inspector closes (its teardown comes after `close`):
    // nothing to keep then, and a document of megabytes would stay in memory.
    if (this.id === null) return;
    const ready = this.inspection.status === "ready" ? this.inspection.value : null;
    this.json = ready && ready.raw === view.text ? view : null;
  }

  /** The open image as each image list has it (`null`: not listed, or no list read). It is
   * kept as `listed`. Listed in a newer list, what failed because the engine had no such image
   * is asked for again: the same ID can be back (`docker rmi`, then `docker pull` of the same
   * image), and a Refresh that lists it should not leave "no longer on this engine" on screen.
   * When its tags or digests differ from the inspection's (a terminal tagged or untagged it, a
   * push gave it a digest), inspects it again, once per change, so the JSON tab agrees with
   * the summary's live tags and digests. */
  follow(listed: Listed | null): void {
    if (listed !== null && listed.id !== this.id) return;
    // Each list is read anew (new objects): one that lists the image asks once, and an
    // answer that fails again waits for the next list rather than asking in a loop.
    const newer = listed !== this.#listing;
    this.#listing = listed;
    if (listed === null) return;
    this.listed = listed;
    if (newer) this.#retryGone();
    if (this.inspection.status !== "ready") return;
    const details = this.inspection.value.details;
    const names = (tags: readonly string[], digests: readonly string[]) =>
      `${setKey(tags)} @ ${setKey(digests)}`;
    const now = names(listed.tags, listed.digests);
    const key = `${this.id} ${now}`;
    if (key === this.#followedFor || names(details.tags, details.digests) === now) return;
    this.#followedFor = key;
    // A look that failed (the engine away a moment) lets the next list ask again: else the
    // JSON tab keeps the old tags until they change once more.
    this.refresh(() => {
      if (this.#followedFor === key) this.#followedFor = null;
    });
  }

  #followedFor: string | null = null;
  /** The list entry `follow` was last given (null: not listed). */
  #listing: Listed | null = null;

  /** Asks again for what failed because the engine had no such image (see `follow`). */
  #retryGone(): void {
    const gone = (part: Part) => {
      const l = this[part];
      return l.status === "failed" && l.error.kind === "NoSuchImage" && !this.retrying[part];
    };
    if (gone("inspection")) this.#loadInspection(true);
    if (gone("history")) this.#loadHistory(true);
  }

  /** Inspects the open image again, keeping what is shown until the answer arrives. A
   * failure keeps the old answer (and calls `onFailed`). Asked `again`: the app's own look, not
   * the user's, so the Terminal record gets no line for it. */
  refresh(onFailed?: () => void): void {
    const id = this.id;
    if (!id || this.inspection.status !== "ready") return;
    void this.#api.inspectImage(id, true).then(
      (value) => {
        if (this.id === id) this.inspection = { status: "ready", value };
      },
      () => onFailed?.(),
    );
  }

  show(tab: InspectorTab): void {
    this.tab = tab;
    if (tab === "history" && this.history.status === "idle") this.#loadHistory();
  }

  /** `keep`: the failure shown stays, marked as retrying, until the answer; else the answer
   * loads. */
  #loadInspection(keep = false): void {
    const id = this.id;
    if (!id) return;
    if (keep) this.retrying.inspection = true;
    else this.inspection = { status: "loading" };
    void this.#load(
      "inspection",
      id,
      (v) => (this.inspection = v),
      () => this.#api.inspectImage(id),
    );
  }

  #loadHistory(keep = false): void {
    const id = this.id;
    if (!id) return;
    if (keep) this.retrying.history = true;
    else this.history = { status: "loading" };
    void this.#load(
      "history",
      id,
      (v) => (this.history = v),
      () => this.#api.imageHistory(id),
    );
  }

  /** Shows the answer for `part` of image `id`, if that is still the open image and no newer
   * ask for `part` was made since; it ends a retry of `part`. */
  async #load<T>(
    part: Part,
    id: string,
    set: (v: Loadable<T>) => void,
    fetch: () => Promise<T>,
  ): Promise<void> {
    const answer = await this.#asks.ask(part, fetch);
    if (answer === null || this.id !== id) return;
    set(answer);
    this.retrying[part] = false;
  }
}
