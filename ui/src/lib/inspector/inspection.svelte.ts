// Which image the inspector shows, and its inspect/history answers. Loads on demand:
// inspect when an image is opened, history when its tab is first shown.
import { toImagenError, type ImagenApi } from "../ipc/api";
import type { HistoryEntry, ImageInspection, ImagenError } from "../ipc/api";
import { engineAway } from "../shared/errors";

export type Loadable<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; value: T }
  | { status: "failed"; error: ImagenError };

export type InspectorTab = "summary" | "json" | "history";

export class InspectionStore {
  /** The open image's ID, or null when the inspector is closed. */
  id: string | null = $state(null);
  tab: InspectorTab = $state("summary");
  inspection: Loadable<ImageInspection> = $state({ status: "idle" });
  history: Loadable<HistoryEntry[]> = $state({ status: "idle" });

  #api: ImagenApi;

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
    this.history = { status: "idle" };
    this.#loadInspection();
    if (this.tab === "history") this.#loadHistory();
  }

  /** Asks again for the answers that failed: never for one shown or on its way. With
   * `awayOnly` (the engine changed or came back), only those that failed because the engine
   * was away; another failure (the image gone) would fail again. */
  retry(awayOnly = false): void {
    if (!this.id) return;
    const again = (l: Loadable<unknown>) =>
      l.status === "failed" && (!awayOnly || engineAway(l.error));
    if (again(this.inspection)) this.#loadInspection();
    if (again(this.history)) this.#loadHistory();
  }

  close(): void {
    this.id = null;
  }

  /** The open image's tags as the live list has them (`null`: not listed). When they differ
   * from the inspection's (a terminal tagged or untagged it), inspects it again, once per
   * change, so the JSON tab agrees with the summary's live tags. */
  follow(listed: readonly string[] | null): void {
    if (listed === null || this.inspection.status !== "ready") return;
    const sorted = (tags: readonly string[]) => [...tags].sort().join(" ");
    const key = `${this.id} ${sorted(listed)}`;
    if (key === this.#followedFor || sorted(this.inspection.value.details.tags) === sorted(listed))
      return;
    this.#followedFor = key;
    // A look that failed (the engine away a moment) lets the next list ask again: else the
    // JSON tab keeps the old tags until they change once more.
    this.refresh(() => {
      if (this.#followedFor === key) this.#followedFor = null;
    });
  }

  #followedFor: string | null = null;

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

  #loadInspection(): void {
    const id = this.id;
    if (!id) return;
    this.inspection = { status: "loading" };
    void this.#load(
      id,
      (v) => (this.inspection = v),
      () => this.#api.inspectImage(id),
    );
  }

  #loadHistory(): void {
    const id = this.id;
    if (!id) return;
    this.history = { status: "loading" };
    void this.#load(
      id,
      (v) => (this.history = v),
      () => this.#api.imageHistory(id),
    );
  }

  async #load<T>(id: string, set: (v: Loadable<T>) => void, fetch: () => Promise<T>) {
    try {
      const value = await fetch();
      if (this.id === id) set({ status: "ready", value });
    } catch (thrown) {
      if (this.id === id) set({ status: "failed", error: toImagenError(thrown) });
    }
  }
}
