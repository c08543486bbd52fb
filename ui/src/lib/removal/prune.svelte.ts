// The "Clean up" dialog's state: which prune, what it would remove (asked before confirming),
// and the run. Every request ends in a ready or failed state; an answer for a mode no longer
// chosen is dropped, so switching modes quickly never shows the wrong list. Confirming runs
// exactly the preview shown (the backend keeps it by ID); when the prune would now remove
// more, nothing is removed and the new preview replaces the old, to confirm again. While a
// preview is shown and nothing ran, an engine change asks for a new one in the background
// (`recheck()`): when it differs, it replaces the one shown with a sentence saying what changed.
import { toImagenError, type ImagenApi } from "../ipc/api";
import { describeChanges, shortId } from "./changes";
import { listWords } from "../i18n/format";
import { m } from "../i18n/messages";
import type {
  ImagenError,
  PruneImage,
  PruneKept,
  PruneMode,
  PrunePreview,
  PruneReport,
} from "../ipc/api";
import { coalesced } from "../shared/coalesce";

export type PreviewState =
  | { status: "loading" }
  | { status: "ready"; preview: PrunePreview }
  | { status: "failed"; error: ImagenError };

export type RunState =
  | { status: "idle" }
  | { status: "running" }
  | { status: "done"; report: PruneReport }
  | { status: "failed"; error: ImagenError };

/** The CLI command doing the same, shown and copyable in the dialog (built in lib/commands
 * with the other docker commands). */
export { pruneCommand } from "../commands/docker";

export class PruneFlow {
  mode: PruneMode = $state("dangling");
  preview: PreviewState = $state.raw({ status: "loading" });
  run: RunState = $state.raw({ status: "idle" });
  /** Words `changed` when read, so it follows the language. */
  #changed: (() => string) | null = $state.raw(null);
  /** The engine changed since the preview the user confirmed, so nothing was removed: what
   * the prune would now remove too, in one sentence. The preview shown is the new one. */
  get changed(): string | null {
    return this.#changed?.() ?? null;
  }
  /** `changed` was noticed while the preview was open (an engine event), not when the user
   * confirmed: nothing was about to run. */
  changedWhileOpen = $state(false);
  /** How many times a background check replaced the preview shown with a different one. */
  replacedWhileOpen = $state(0);
  /** Checking the preview again after an engine change failed (the engine away): the preview
   * shown is kept, but may no longer be what the prune would do. */
  outdated: ImagenError | null = $state.raw(null);

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
  /** The intermediates go by themselves, and the images built on them stay whole (Docker's
   * containerd image store); else they go with those images. */
  intermediatesAlone: boolean = $derived(
    this.preview.status === "ready" && this.preview.preview.intermediatesAlone,
  );
  /** Images that stay but lose tags (a container or another image needs them). */
  untaggedOnly: PruneImage[] = $derived(
    this.preview.status === "ready"
      ? this.preview.preview.images.filter((i) => !i.deleted && i.untagged.length > 0)
      : [],
  );
  /** Dangling images the prune leaves because containers were made from them. */
  kept: PruneKept[] = $derived(this.preview.status === "ready" ? this.preview.preview.kept : []);
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

  /** The engine (address) whose list was on screen as the dialog opened; null after a
   * switch (then the window's own, whatever it shows by the next try). */
  #engine: string | null;
  #listedOn: () => string | null;
  #onswitched: () => void;

  /** `listedOn`: the address of the engine whose list the window shows (null: not known),
   * read as the flow is made. Imagen on another one by then previews nothing
   * (`EngineSwitched`, whose words offer Try again there), and `onswitched` tells the app its
   * window is behind; Try again previews the engine the window shows by then. */
  constructor(
    api: ImagenApi,
    ondone: (report: PruneReport) => void = () => {},
    listedOn: () => string | null = () => null,
    onswitched: () => void = () => {},
  ) {
    this.#api = api;
    this.#ondone = ondone;
    this.#listedOn = listedOn;
    this.#engine = listedOn();
    this.#onswitched = onswitched;
  }

  get #askOn(): string | null {
    return this.#engine ?? this.#listedOn();
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
    this.#changed = null;
    this.changedWhileOpen = false;
    this.outdated = null;
    if (this.run.status === "failed") this.run = { status: "idle" };
    try {
      const preview = await this.#api.prunePreview(mode, this.#askOn);
      if (mine === this.#seq) this.preview = { status: "ready", preview };
    } catch (thrown) {
      if (mine !== this.#seq) return;
      const error = toImagenError(thrown);
      this.preview = { status: "failed", error };
      // Try again (the user's click, after reading which engine) previews the engine the
      // window shows by then: not the one the answer named, whose list may not be on screen.
      if (error.kind === "EngineSwitched" && error.to !== null) {
        this.#engine = null;
        this.#onswitched();
      }
    }
  }

  /** Runs the prune previewed, or shows the new preview when the engine changed. */
  async confirm(): Promise<void> {
    if (!this.canConfirm || this.preview.status !== "ready") return;
    const seen = this.preview.preview;
    this.#seq++; // a preview still loading (or rechecking) is superseded by this answer
    this.#changed = null;
    this.changedWhileOpen = false;
    this.outdated = null;
    this.run = { status: "running" };
    try {
      const answer = await this.#api.pruneImages(seen.id);
      if (answer.kind === "Changed") {
        const changes = answer.changes;
        this.#changed = () => describeChanges(changes);
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

  /** The engine changed (an event): asks for the preview of the same mode again, quietly
   * (the preview shown stays until the answer), and when it differs from the one shown,
   * shows it instead, with `changed` saying what changed. Never runs anything; does nothing
   * unless a preview is shown and no prune ran or runs. A call while one is under way
   * schedules exactly one more. */
  readonly recheck: () => Promise<void> = coalesced(() => this.#recheckOnce());

  async #recheckOnce(): Promise<void> {
    const idle = () => this.run.status === "idle";
    if (!idle() || this.preview.status !== "ready") return;
    const shown = this.preview.preview;
    const mine = ++this.#seq;
    let fresh: PrunePreview;
    try {
      fresh = await this.#api.prunePreview(shown.mode, this.#askOn);
    } catch (thrown) {
      // Keep the preview shown: confirming still checks it against the engine first.
      if (mine === this.#seq && idle()) this.outdated = toImagenError(thrown);
      return;
    }
    if (mine !== this.#seq || !idle()) return;
    this.outdated = null;
    const what = previewChanges(shown, fresh);
    // Same or not, confirm the fresh preview's ID: the backend keeps a bounded number of
    // previews, and many background checks would otherwise retire the one shown.
    this.preview = { status: "ready", preview: fresh };
    if (what === null) return;
    this.#changed = () => previewChanges(shown, fresh) ?? what;
    this.changedWhileOpen = true;
    this.replacedWhileOpen++;
  }
}

/** How an image is named in a sentence: its name, or its short ID when it has none. */
const nameOf = (image: PruneImage) =>
  image.displayName === "" || image.displayName.startsWith("<none>")
    ? m.removal_nameless_image({ id: shortId(image.id) })
    : image.displayName;

/** At most this many names are spelled out in a list; the rest are counted. */
const SHOWN = 3;

function names(images: readonly PruneImage[]): string {
  const all = images.map(nameOf);
  const shown = all.length > SHOWN + 1 ? all.slice(0, SHOWN) : all;
  const rest = all.length - shown.length;
  return listWords(rest > 0 ? [...shown, m.removal_n_more({ count: rest })] : shown);
}

/**
 * What differs between the preview shown and a fresh one of the same prune, in one sentence
 * ("The engine changed: 2 more images would now be removed (app:1 and app:2)."), or null when
 * the prune would do the same (the preview's ID aside).
 */
export function previewChanges(shown: PrunePreview, fresh: PrunePreview): string | null {
  // Imagen reconnected to another engine (docker moved in a terminal): nothing of this list
  // was seen, and comparing image IDs would call it images added and dropped.
  if (shown.engine !== fresh.engine)
    return describeChanges([{ kind: "EngineSwitched", from: shown.engine, to: fresh.engine }]);
  const deleted = (p: PrunePreview) => p.images.filter((i) => i.deleted && !i.intermediate);
  const before = deleted(shown);
  const now = deleted(fresh);
  const added = now.filter((i) => !before.some((b) => b.id === i.id));
  const notNow = before.filter((b) => !now.some((i) => i.id === b.id));
  // Images that stay now, but still lose their tags (a container or an image needs them).
  const untagOnly = (i: PruneImage) =>
    fresh.images.some((f) => f.id === i.id && !f.deleted && f.untagged.length > 0);
  const demoted = notNow.filter(untagOnly);
  const dropped = notNow.filter((i) => !untagOnly(i));

  // Every tag the prune removes, from images deleted or only untagged: a tag a terminal gave
  // an image that was already going goes with it, and the user never saw it. Tags of images
  // added or dropped as a whole are said with those images.
  // Digests (`app@sha256:…`) are no tags: a push in a terminal adds one, and rows and the
  // result leave them out too.
  const tags = (p: PrunePreview) =>
    new Set(p.images.flatMap((i) => i.untagged).filter((t) => !t.includes("@")));
  const [tagsBefore, tagsNow] = [tags(shown), tags(fresh)];
  const saidWith = (images: readonly PruneImage[], t: string) =>
    images.some((i) => i.untagged.includes(t));
  const newTags = [...tagsNow].filter((t) => !tagsBefore.has(t) && !saidWith(added, t));
  const keptTags = [...tagsBefore].filter((t) => !tagsNow.has(t) && !saidWith(dropped, t));

  // Intermediate build images by ID: one swapped for another is a change too.
  const inter = (p: PrunePreview) =>
    p.images
      .filter((i) => i.deleted && i.intermediate)
      .map((i) => i.id)
      .sort();
  const [interBefore, interNow] = [inter(shown), inter(fresh)];

  const parts: string[] = [];
  if (added.length === 1) parts.push(m.removal_change_added({ name: nameOf(added[0]!) }));
  else if (added.length > 1)
    parts.push(m.removal_preview_more({ count: added.length, names: names(added) }));
  if (dropped.length === 1) parts.push(m.removal_preview_dropped({ name: nameOf(dropped[0]!) }));
  else if (dropped.length > 1)
    parts.push(m.removal_preview_dropped_many({ count: dropped.length, names: names(dropped) }));
  if (demoted.length > 0)
    parts.push(m.removal_preview_demoted({ count: demoted.length, names: names(demoted) }));
  if (newTags.length > 0)
    parts.push(m.removal_preview_new_tags({ count: newTags.length, tags: listWords(newTags) }));
  if (keptTags.length > 0)
    parts.push(m.removal_preview_kept_tags({ count: keptTags.length, tags: listWords(keptTags) }));
  if (interNow.join() !== interBefore.join())
    parts.push(
      m.removal_preview_intermediates({ count: interNow.length, before: interBefore.length }),
    );
  // A size the engine gave once and not again is no change in what would be deleted.
  if (fresh.freedText !== null && shown.freedText !== null && fresh.freedText !== shown.freedText)
    parts.push(m.removal_preview_freed({ now: fresh.freedText, before: shown.freedText }));
  if (parts.length === 0) return null;
  return m.removal_preview_changed({ parts: parts.join("; ") });
}

/** What a finished prune did, in one sentence: "3 images deleted, 1 tag removed." */
export function resultText(report: PruneReport, intermediates: readonly string[] = []): string {
  // The preview counted intermediate build images apart ("Will be deleted (2)", plus 3 left
  // by builds): so does the result, or "5 images deleted" would read as more than confirmed.
  const left = report.deleted.filter((id) => intermediates.includes(id)).length;
  const images = m.removal_result_deleted({ count: report.deleted.length - left });
  const deleted =
    left > 0 ? m.removal_result_with_intermediates({ deleted: images, count: left }) : images;
  // The engine lists the digests it untagged too (`nginx@sha256:…`): only tags count here.
  const tags = report.untagged.filter((r) => !r.includes("@")).length;
  return tags > 0
    ? m.removal_result_both({ deleted, untagged: m.removal_result_untagged({ count: tags }) })
    : m.removal_result_one({ deleted });
}
