// The engine switcher's state: which engines there are (each docker context, each socket
// found on this machine) and switching Imagen to one of them. Inert until `load()`.
import { toImagenError, type ImagenApi } from "../ipc/api";
import type { DockerElsewhere, EngineChoice, EngineChoices, ImagenError } from "../ipc/api";
import type { ImagesStore } from "../images/images.svelte";

export class EnginesStore {
  /** The last list read; null before the first. */
  choices: EngineChoices | null = $state.raw(null);
  /** The list is being read (each engine gets up to a few seconds to answer). */
  loading = $state(false);
  /** The id being switched to (`null`: back to automatic); undefined when none is. */
  switching: string | null | undefined = $state(undefined);
  /** Why the last read or switch failed. */
  error: ImagenError | null = $state.raw(null);
  /** Why the engine chosen holds for this run only (its settings file could not be written:
   * the system's words), as the last switch or read said; null when it was saved. */
  unsaved: string | null = $state(null);
  /** The last `choose` switched, and its choice could not be saved: the dialog stays open to
   * say so (a click on the engine already in use changes nothing, and closes it). */
  switchedUnsaved = $state(false);
  /** The switcher's dialog is open: the app's keyboard shortcuts (Delete, Escape, Ctrl+F)
   * leave the page behind it alone, as for its other dialogs. */
  dialogOpen = $state(false);
  /** The engine docker uses now, when Imagen (in Automatic) is still on another: a
   * `docker context use` in a terminal since. Null when they agree, or once dismissed. */
  elsewhere: DockerElsewhere | null = $state.raw(null);
  /** The address the user chose to stay away from: not offered again until docker moves on. */
  #stayed: string | null = null;
  /** Asks started, to tell the latest from older ones still on their way. */
  #asks = 0;

  #api: ImagenApi;
  #images: ImagesStore;
  #onSwitched: () => void;
  /** Reads started, to tell the latest from older ones still on their way. */
  #reads = 0;

  /** `onSwitched`: what else on screen belonged to the previous engine (the open image,
   * the selection) and must go. */
  constructor(api: ImagenApi, images: ImagesStore, onSwitched: () => void = () => {}) {
    this.#api = api;
    this.#images = images;
    this.#onSwitched = onSwitched;
  }

  /** The engine in use, as listed. */
  get inUse(): EngineChoice | null {
    return this.choices?.choices.find((c) => c.inUse) ?? null;
  }

  /** Reads the list again. Only the latest read counts: an older one (the dialog closed and
   * opened again, docker moved in a terminal between) finishing last must neither show its
   * stale list nor end `loading` while the newer one still runs, which would let a click
   * on Automatic count as "already current". */
  async load(): Promise<void> {
    const read = ++this.#reads;
    this.loading = true;
    this.error = null;
    try {
      const choices = await this.#api.listEngines();
      if (read === this.#reads) {
        this.choices = choices;
        this.unsaved = choices.unsaved;
      }
    } catch (thrown) {
      if (read === this.#reads) this.error = toImagenError(thrown);
    } finally {
      if (read === this.#reads) this.loading = false;
    }
  }

  /** Asks whether docker moved away from the engine Imagen is on (docker's configuration
   * only: cheap, for every list read). A failed ask leaves what was said. */
  async checkElsewhere(): Promise<void> {
    const ask = ++this.#asks;
    try {
      const now = await this.#api.dockerElsewhere();
      if (ask !== this.#asks) return;
      // Back on the same engine as docker: a later move there is offered again.
      if (now === null) this.#stayed = null;
      this.elsewhere = now && now.address !== this.#stayed ? now : null;
    } catch {
      // Said nowhere: the switcher's own list says it when opened.
    }
  }

  /** "Not now": not offered again for that engine. Not "stay here": in Automatic, the next
   * reconnect (a laptop's sleep, an engine restart) follows docker whatever was answered. */
  stayHere(): void {
    this.#stayed = this.elsewhere?.address ?? null;
    this.elsewhere = null;
  }

  /** Is choosing `id` a switch at all? Not the engine already chosen and in use, nor
   * Automatic when it already uses what docker uses. (Automatic while Imagen is still on
   * an engine docker has moved away from is a switch: it follows docker.) */
  #isCurrent(id: string | null): boolean {
    const listed = this.choices;
    // The list on screen may be the last one read (a terminal may have moved docker since):
    // only a fresh list says "nothing to do".
    if (!listed || this.loading) return false;
    if (id === null) return listed.automatic && (this.inUse?.dockerDefault ?? false);
    return !listed.automatic && listed.choices.some((c) => c.id === id && c.inUse);
  }

  /** Switches to `id` (`null`: find the engine as docker does), then starts listing the new
   * engine (the page shows it loading; the list is not waited for). True when Imagen is on
   * `id`: switched, or already there, which changes nothing (the selection, the open image
   * and running pulls stay). A switch whose choice could not be saved still happens (the
   * user asked for it); `unsaved` then says why, and the list is read again so the dialog
   * that says it also shows the engine now in use. */
  async choose(id: string | null): Promise<boolean> {
    if (this.switching !== undefined) return false;
    this.switchedUnsaved = false;
    if (this.#isCurrent(id)) {
      if (id !== null) return true;
      // Automatic, "already what docker uses" by the list read when the dialog opened: a
      // `docker context use` in a terminal since then would make the click do nothing while
      // docker is elsewhere. Read the list again first; only that one says nothing to do.
      this.switching = null;
      try {
        await this.load();
      } finally {
        this.switching = undefined;
      }
      if (this.#isCurrent(null)) return true;
    }
    this.switching = id;
    this.error = null;
    try {
      this.unsaved = await this.#api.chooseEngine(id);
      this.switchedUnsaved = this.unsaved !== null;
      this.#asks++; // an ask on its way is about the engine left behind
      this.elsewhere = null;
      this.#onSwitched();
      void this.#images.switched();
      if (this.unsaved !== null) void this.load();
      return true;
    } catch (thrown) {
      this.error = toImagenError(thrown);
      return false;
    } finally {
      this.switching = undefined;
    }
  }
}
