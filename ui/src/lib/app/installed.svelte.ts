// The engine software installed on this computer, for the engine page (engine-software.ts):
// asked once as the window opens, so the page's first words are already the right ones, then
// whenever it shows an unreachable engine, so a user who installs Docker while Imagen is open
// and presses Retry gets the new advice. Unknown (null) until the first answer; a failed
// question leaves the last answer, and the page gives its usual advice without one.
import type { ImagenApi, ImagenError, Software } from "../ipc/api";

export class InstalledSoftware {
  found = $state<readonly Software[] | null>(null);
  readonly #api: ImagenApi;
  #asked: ImagenError | null = null;

  constructor(api: ImagenApi) {
    this.#api = api;
  }

  /** Asks now. */
  ask(): void {
    this.#api.engineSoftware().then(
      (found) => (this.found = found),
      () => {},
    );
  }

  /** Asks for each unreachable-engine error shown, and again after each Retry (`busy` while
   * it runs), which may end in the same error. */
  follow(error: ImagenError | null, busy: boolean): void {
    if (busy) this.#asked = null;
    if (busy || !error || error.kind !== "EngineUnreachable" || error === this.#asked) return;
    this.#asked = error;
    this.ask();
  }
}
