// The "Clean up" dialog's state: which prune, what it would remove (asked before confirming),
// and the run. Every request ends in a ready or failed state; an answer for a mode no longer
// chosen is dropped, so switching modes quickly never shows the wrong list. Confirming runs
// exactly the preview shown (the backend keeps it by ID); when the prune would now remove
// more, nothing is removed and the new preview replaces the old, to confirm again.
import { toImagenError, type ImagenApi } from "../ipc/api";
import { describeChanges } from "./changes";
import type { ImagenError, PruneImage, PruneMode, PrunePreview, PruneReport } from "../ipc/api";

export type PreviewState =
  | { status: "loading" }
  | { status: "ready"; preview: PrunePreview }
  | { status: "failed"; error: ImagenError };

export type RunState =
  | { status: "idle" }
  | { status: "running" }
  | { status: "done"; report: PruneReport }
  | { status: "failed"; error: ImagenError };

/** The CLI command doing the same, shown and copyable in the dialog. */
export function pruneCommand(mode: PruneMode): string {
  return mode === "unused" ? "docker image prune -a" : "docker image prune";
}

export class PruneFlow {
  mode: PruneMode = $state("dangling");
  preview: PreviewState = $state.raw({ status: "loading" });
  run: RunState = $state.raw({ status: "idle" });
  /** The engine changed since the preview the user confirmed, so nothing was removed: what
   * the prune would now remove too, in one sentence. The preview shown is the new one. */
  changed: string | null = $state(null);

  /** Images the prune deletes that `docker images` lists. */
  deleted: PruneImage[] = $derived(
    this.preview.status === "ready"
      ? this.preview.preview.images.filter((i) => i.deleted && !i.intermediate)
      : [],
  );
  /** Intermediate build images that go with them (`docker images -a` only). */
  intermediates: PruneImage[] = $derived(
    this.preview.status === "ready"
      ? this.preview.preview.images.filter((i) => i.deleted && i.intermediate)
      : [],
  );
  /** Images that stay but lose tags (a container or another image needs them). */
  untaggedOnly: PruneImage[] = $derived(
    this.preview.status === "ready"
      ? this.preview.preview.images.filter((i) => !i.deleted && i.untagged.length > 0)
      : [],
  );
  /** The preview says nothing would change. */
  empty: boolean = $derived(
    this.preview.status === "ready" &&
      this.deleted.length + this.intermediates.length + this.untaggedOnly.length === 0,
  );
  /** Confirm is offered: a non-empty preview of the chosen mode, nothing running or done. */
  canConfirm: boolean = $derived(
    this.preview.status === "ready" &&
      !this.empty &&
      (this.run.status === "idle" || this.run.status === "failed"),
  );

  #api: ImagenApi;
  #ondone: (report: PruneReport) => void;
  #seq = 0;

  constructor(api: ImagenApi, ondone: (report: PruneReport) => void = () => {}) {
    this.#api = api;
    this.#ondone = ondone;
  }

  /** Chooses the prune and loads its preview. Ignored while a prune runs or after it ran. */
  choose(mode: PruneMode): Promise<void> {
    if (this.run.status === "running" || this.run.status === "done") return Promise.resolve();
    this.mode = mode;
    return this.load();
  }

  /** (Re)loads the preview of the chosen mode; a failed run is forgotten. */
  async load(): Promise<void> {
    const mine = ++this.#seq;
    const mode = this.mode;
    this.preview = { status: "loading" };
    this.changed = null;
    if (this.run.status === "failed") this.run = { status: "idle" };
    try {
      const preview = await this.#api.prunePreview(mode);
      if (mine === this.#seq) this.preview = { status: "ready", preview };
    } catch (thrown) {
      if (mine === this.#seq) this.preview = { status: "failed", error: toImagenError(thrown) };
    }
  }

  /** Runs the prune previewed, or shows the new preview when the engine changed. */
  async confirm(): Promise<void> {
    if (!this.canConfirm || this.preview.status !== "ready") return;
    const seen = this.preview.preview;
    this.#seq++; // a preview still loading is superseded by this answer
    this.changed = null;
    this.run = { status: "running" };
    try {
      const answer = await this.#api.pruneImages(seen.id);
      if (answer.kind === "Changed") {
        this.changed = describeChanges(answer.changes);
        this.mode = answer.preview.mode;
        this.preview = { status: "ready", preview: answer.preview };
        this.run = { status: "idle" };
        return;
      }
      this.run = { status: "done", report: answer.report };
      this.#ondone(answer.report);
    } catch (thrown) {
      this.run = { status: "failed", error: toImagenError(thrown) };
    }
  }
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a finished prune did, in one sentence: "3 images deleted, 1 tag removed." */
export function resultText(report: PruneReport): string {
  const deleted = `${count(report.deleted.length, "image", "images")} deleted`;
  return report.untagged.length > 0
    ? `${deleted}, ${count(report.untagged.length, "tag", "tags")} removed.`
    : `${deleted}.`;
}
