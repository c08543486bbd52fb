// Live updates: what the backend says about the engine (`onEngineSignal`) turned into what the
// window does. Events are hints and the list is the truth: a change refreshes the list
// quietly, a lost engine keeps the last list marked stale, a recovered one refreshes it, and
// an engine that refuses its event stream is said to be followed no more (`refused`).
// Inert until `start()` (App calls it once, when it mounts), so importing it starts no IPC.
import type { EngineSignal, ImagenApi } from "../ipc/api";
import type { ImagesStore } from "../images/images.svelte";

export class LiveUpdates {
  /** Bumped on every change the engine reported (and when it came back): an open removal
   * plan checks itself again when it moves. */
  changes = $state(0);

  /** The engine answers but refuses its event stream (a socket proxy): what changes
   * elsewhere shows only when the list is read again, which the window must say. Until the
   * stream opens (Recovered) or the engine is lost. */
  refused: { status: number; message: string } | null = $state.raw(null);

  #api: ImagenApi;
  #images: ImagesStore;

  constructor(api: ImagenApi, images: ImagesStore) {
    this.#api = api;
    this.#images = images;
  }

  /** Subscribes to the engine's signals; returns the function that stops listening. When
   * subscribing fails, the window still refreshes on focus and with its button. */
  start(): () => void {
    let stopped = false;
    let unsubscribe: (() => void) | null = null;
    this.#api
      .onEngineSignal((signal) => {
        if (!stopped) this.apply(signal);
      })
      .then(
        (stop) => {
          if (stopped) stop();
          else unsubscribe = stop;
        },
        (thrown: unknown) => console.warn("Imagen could not follow engine events:", thrown),
      );
    return () => {
      stopped = true;
      unsubscribe?.();
      unsubscribe = null;
    };
  }

  apply(signal: EngineSignal): void {
    switch (signal.kind) {
      case "Changed":
        void this.#images.refresh(true);
        this.changes++;
        break;
      case "Lost":
        this.refused = null;
        this.#images.engineLost(signal.address, signal.reason);
        break;
      case "Recovered":
        this.refused = null;
        void this.#images.engineBack();
        this.changes++;
        break;
      case "EventsRefused":
        this.refused = { status: signal.status, message: signal.message };
        // Said again when the engine comes back from a loss still refusing: it answers,
        // and no Recovered is coming while it refuses. That loss may be older than the page,
        // whose first list then failed (a problem page). Otherwise the list on screen is
        // current (the page lists on load; the refusal is usually older than the page).
        if (this.#images.lost || this.#images.view.status === "problem") {
          void this.#images.engineBack();
          this.changes++;
        }
        break;
    }
  }
}
