// The image list as the window shows it. Constructed with an API and inert until
// `refresh()` is called, so importing it never starts IPC.
import { toImagenError, type ImagenApi } from "../ipc/api";
import type { EngineInfo, ImageList, ImagenError } from "../ipc/api";

export type ImagesView =
  | { status: "loading" }
  | { status: "ready"; list: ImageList }
  | { status: "problem"; error: ImagenError };

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

  #api: ImagenApi;
  #inflight: Promise<void> | null = null;

  constructor(api: ImagenApi) {
    this.#api = api;
  }

  /** Reloads from the engine. Calls made while one is running share it. */
  refresh(): Promise<void> {
    this.#inflight ??= this.#load().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  /** Retry from a problem screen: show the loading state while reconnecting. */
  retry(): Promise<void> {
    this.view = { status: "loading" };
    return this.refresh();
  }

  /** Refreshes, then highlights `imageId` (a pull just finished). */
  async reveal(imageId: string | null): Promise<void> {
    // A refresh already under way may have listed images before the pull finished:
    // let it end, then load again.
    if (this.#inflight) await this.#inflight;
    await this.refresh();
    if (!imageId) return;
    this.highlighted = imageId;
    clearTimeout(this.#highlightTimer);
    this.#highlightTimer = setTimeout(() => (this.highlighted = null), 6000);
  }

  async #load(): Promise<void> {
    this.busy = true;
    try {
      const [list, engine] = await Promise.all([
        this.#api.listImages(),
        // The engine's identity only changes on reconnect; ask once per connection.
        this.engine ? Promise.resolve(this.engine) : this.#api.engineInfo(),
      ]);
      this.engine = engine;
      this.view = { status: "ready", list };
    } catch (thrown) {
      const error = toImagenError(thrown);
      this.engine = null;
      this.view = { status: "problem", error };
    } finally {
      this.busy = false;
    }
  }
}
