// The image list as the window shows it. Constructed with an API and inert until
// `refresh()` is called, so importing it never starts IPC.
import { toImagenError, type ImagenApi } from "../ipc/api";
import type { EngineInfo, ImageList, ImagenError } from "../ipc/api";
import { describeError, engineAway } from "../shared/errors";
import { rememberEngine } from "../app/known-engines.svelte";

export type ImagesView =
  | { status: "loading" }
  | { status: "ready"; list: ImageList }
  | { status: "problem"; error: ImagenError };

/** How long a failed background refresh waits before its one more try. */
export const RETRY_QUIET_MS = 1000;

export class ImagesStore {
  // Raw, not deeply reactive: the list is replaced whole on every refresh, and a deep proxy
  // would make every field the filter reads on thousands of images a tracked dependency.
  view: ImagesView = $state.raw({ status: "loading" });
  engine: EngineInfo | null = $state(null);
  /** A refresh is in flight (the first load included). */
  busy = $state(false);
  /** The image to draw attention to (just pulled), for a few seconds. */
  highlighted: string | null = $state(null);
  #highlightTimer: ReturnType<typeof setTimeout> | undefined;

  /** When the list shown was read from the engine (the stale banner names it). */
  loadedAt: Date | null = $state(null);
  /** The engine stopped answering (the backend said so and is reconnecting): the last list
   * stays on screen, marked stale, until it is back. */
  lost: { address: string; reason: string } | null = $state.raw(null);
  /** While `lost`: why the user's last Refresh failed, typed,
   * for the same help the problem page gives (start Docker Desktop, the docker group…). The
   * backend's own reconnect says only that it is away. */
  lostError: ImagenError | null = $state.raw(null);
  /** Imagen reconnected to another engine than the one it was on, without the user
   * switching (in Automatic, docker moved meanwhile: `docker context use`, Docker Desktop
   * gone and another engine found): what it was on, and what it is on now. */
  moved: { from: EngineInfo; to: EngineInfo } | null = $state.raw(null);
  /** The engine the list on screen (or the last one, kept while the engine cannot be read)
   * came from: `engine` is null while a problem is shown, this stays. Null after a switch. */
  lastEngine: EngineInfo | null = $state.raw(null);
  /** Called when `moved` is set: what on screen belonged to the previous engine goes. */
  onMoved: () => void = () => {};

  #api: ImagenApi;
  #inflight: Promise<void> | null = null;
  /** The one more refresh asked for while one was running. */
  #next: Promise<void> | null = null;
  #nextQuiet = true;
  /** Bumped when the engine is lost: a load started before that cannot clear `lost`. */
  #epoch = 0;
  /** Bumped when Imagen is pointed at another engine: a load started before that read the
   * previous engine, and what it brings (a list, an error) is not shown as the new one's. */
  #switches = 0;
  /** The engine came back: ask who it is again (it may have been upgraded meanwhile). */
  #reask = false;
  /** The list a failed refresh replaced with a problem page: if the backend then says the
   * engine is lost, the failure was its going away, and this list comes back, marked stale
   * (a dockerd being stopped can cut a list's connection before its event stream closes). */
  #shelved: ImageList | null = null;

  constructor(api: ImagenApi) {
    this.#api = api;
  }

  /** Reloads from the engine. A call made while one is running does not start another at
   * once: it schedules exactly one more after it (which every such call shares), since the
   * running one may have read the engine before the change the caller heard of. `quiet`:
   * a background refresh (an engine event), which does not show as busy. */
  refresh(quiet = false): Promise<void> {
    if (!this.#inflight) return this.#start(quiet);
    if (!quiet) this.#nextQuiet = false;
    const switches = this.#switches;
    this.#next ??= this.#inflight.then(() => {
      // Switched meanwhile: the switch's own load lists the new engine; share it.
      if (switches !== this.#switches) return this.#inflight ?? undefined;
      const nextQuiet = this.#nextQuiet;
      this.#next = null;
      this.#nextQuiet = true;
      return this.#start(nextQuiet);
    });
    return this.#next;
  }

  /** The backend lost the engine and is reconnecting: keep the list, mark it stale. */
  engineLost(address: string, reason: string): void {
    this.#epoch++;
    this.lost = { address, reason };
    this.lostError = null;
    if (this.#shelved && this.view.status === "problem") {
      this.view = { status: "ready", list: this.#shelved };
    }
    this.#shelved = null;
  }

  /** The engine answers again: refresh, which clears the stale mark once the new list is in
   * (not before: the list on screen is still the one from before the engine went away, and
   * a refresh already waiting on it may keep the new one for a while). */
  engineBack(): Promise<void> {
    return this.recheckEngine();
  }

  /** Ask who the engine is and list again, quietly: the backend answered from another engine
   * than the one on screen (a pull refused as `EngineSwitched`). A move then shows as after
   * any reconnect (`moved`). */
  recheckEngine(): Promise<void> {
    this.#reask = true;
    return this.refresh(true);
  }

  /** Imagen was pointed at another engine: nothing on screen describes it yet. Forget the
   * last list (it was the other engine's), ask who the new one is, and list it at once: not
   * after a refresh still waiting on the previous engine (frozen, or slow on bad Wi-Fi),
   * whose answer is then dropped. */
  switched(): Promise<void> {
    this.#switches++;
    this.moved = null;
    this.lastEngine = null;
    this.#epoch++;
    this.#shelved = null;
    this.lost = null;
    this.lostError = null;
    this.engine = null;
    this.#reask = true;
    this.#next = null;
    this.#nextQuiet = true;
    this.view = { status: "loading" };
    return this.#start(false);
  }

  /** Retry from a problem screen. The problem stays on screen, marked busy, until the engine
   * answers: swapping it for the loading state would take away the Retry button that has the
   * keyboard focus, which then falls to the page. Busy at once, even when the retry waits for
   * a background refresh under way (its own load then clears it). */
  retry(): Promise<void> {
    this.busy = true;
    return this.refresh();
  }

  /** Refreshes, then highlights `imageId` (a pull just finished). */
  async reveal(imageId: string | null): Promise<void> {
    // A refresh already under way may have listed images before the pull finished: this
    // one comes after it.
    await this.refresh();
    if (!imageId) return;
    this.highlighted = imageId;
    clearTimeout(this.#highlightTimer);
    this.#highlightTimer = setTimeout(() => (this.highlighted = null), 6000);
  }

  #start(quiet: boolean): Promise<void> {
    const running = this.#load(quiet).finally(() => {
      if (this.#inflight === running) this.#inflight = null;
    });
    this.#inflight = running;
    return running;
  }

  async #load(quiet: boolean, again = false): Promise<void> {
    if (!quiet) this.busy = true;
    const epoch = this.#epoch;
    const switches = this.#switches;
    const reask = this.#reask;
    this.#reask = false;
    try {
      // The first list only (start-up marks: main.ts); later refreshes would pile up.
      const first = this.loadedAt === null;
      if (first) performance.mark("imagen:list-asked");
      const [list, engine] = await Promise.all([
        this.#api.listImages(),
        // The engine's identity only changes on reconnect; ask once per connection.
        this.engine && !reask ? Promise.resolve(this.engine) : this.#api.engineInfo(),
      ]);
      // The previous engine's answer, after a switch: not the new engine's picture.
      if (switches !== this.#switches) return;
      if (first) performance.mark("imagen:list-answered");
      const before = this.lastEngine;
      this.engine = engine;
      this.lastEngine = engine;
      rememberEngine(engine);
      // Another engine than the list before came from, without a switch by the user: a
      // reconnect (after Lost, or a Retry from the problem page) that followed docker.
      if (before && before.address !== engine.address) {
        this.moved = { from: before, to: engine };
        this.onMoved();
      }
      this.view = { status: "ready", list };
      this.#shelved = null;
      this.loadedAt = new Date();
      // The engine answered after it was lost: it is back (whatever the backend says yet).
      if (epoch === this.#epoch) {
        this.lost = null;
        this.lostError = null;
      }
    } catch (thrown) {
      const error = toImagenError(thrown);
      // The previous engine failing, after a switch, says nothing about the new one.
      if (switches !== this.#switches) return;
      if (reask) this.#reask = true;
      // The engine is away and the backend is on it: keep the last list, marked stale,
      // rather than an error page. Otherwise the list cannot be trusted: say why.
      if (this.lost && this.view.status === "ready") {
        // Only the user's own Refresh: a focus or an event asking quietly is no question
        // to answer with an alert.
        if (!quiet && epoch === this.#epoch) this.lostError = error;
        return;
      }
      // A background refresh (an engine event) can fail in the moment between the engine
      // going away and the backend saying so: a stopping dockerd sends its containers' events,
      // then closes. Keep the list and ask once more shortly; by then the backend has said
      // "lost" (the list stays, marked stale) or the engine answers.
      if (quiet && !again && this.view.status === "ready") {
        await new Promise((done) => setTimeout(done, RETRY_QUIET_MS));
        // Lost, switched or back meanwhile: that path owns the list now.
        if (epoch !== this.#epoch || switches !== this.#switches || this.lost) return;
        return this.#load(true, true);
      }
      // Still unreachable (or silent: a frozen engine) on the second try, and the backend
      // has not said "lost": a stopping dockerd refuses new calls before it closes the event
      // stream the backend watches, which can take seconds while it stops its containers
      // (seen in the engine-restart test on a loaded machine). The engine is away all the
      // same: keep the list, marked stale, as if the backend had said so. Its Lost and
      // Recovered take over from here, and the next list that succeeds clears the mark.
      if (quiet && engineAway(error) && this.view.status === "ready") {
        // The backend words a timeout as the whole error, as it does for its own Lost.
        this.engineLost(
          error.address,
          error.kind === "EngineTimeout" ? describeError(error) : error.reason,
        );
        return;
      }
      // A second failure over the problem page (an engine event's refresh) keeps the list
      // the first one replaced.
      if (this.view.status === "ready") this.#shelved = this.view.list;
      this.engine = null;
      this.view = { status: "problem", error };
    } finally {
      // After a switch, the switch's own load says when the list is busy.
      if (!quiet && switches === this.#switches) this.busy = false;
    }
  }
}
