// "Check for updates": the last check's answers, kept by image ID for the cards' badges and
// the one-line summary. A re-pulled image is a new ID, so an answer never outlives the image
// it was about; registries that could not be asked are kept as one list of problems. A check
// says how far it has come and can be stopped (a registry timing out on conference Wi-Fi).
import { toImagenError, type ImagenApi } from "../ipc/api";
import type { ImagenError, RegistryProblem, UpdateProgress } from "../ipc/api";
import { cancelUntilTaken } from "../shared/cancel";
import { runId } from "../shared/run-id";
import {
  byImage,
  countVerdicts,
  mergeAnswers,
  notFoundTags,
  otherOnRegistryTags,
  updatesFor,
  type CheckedImage,
  type ImageUpdates,
  type UpdateCounts,
} from "./updates";

export class UpdatesStore {
  /** A check is running. */
  checking = $state(false);
  /** How many tags of the running check have their answer, `null` before the first word. */
  progress: UpdateProgress | null = $state(null);
  /** Stop was asked and the backend took it: the check is ending with what it has. */
  stopping = $state(false);
  /** The last check was stopped: how many tags it left unchecked (`null`: it ran to its
   * end). Those tags keep what an earlier check said about them. */
  stopped: { unchecked: number } | null = $state(null);
  /** When the last check ended (epoch milliseconds), `null` before the first. */
  checkedAt: number | null = $state(null);
  /** The last check's answers, by full image ID. */
  results: ReadonlyMap<string, ImageUpdates> = $state.raw(new Map());
  /** Registries the last check could not ask. */
  problems: readonly RegistryProblem[] = $state.raw([]);
  /** Why the last check failed as a whole (the engine did not answer…), else `null`. */
  error: ImagenError | null = $state.raw(null);
  /** The engine's images as last listed (`forget`), `null` before the first list: the
   * answers are counted against them as they are now, as the badges read them. */
  #images: readonly CheckedImage[] | null = $state.raw(null);
  /** The answers as the badges read them now: per image listed, only the tags it still has
   * (a tag pulled since to a new image no longer counts as newer on the old one). */
  readonly #shown: readonly ImageUpdates[] = $derived(
    this.#images === null
      ? [...this.results.values()]
      : this.#images.flatMap((image) => updatesFor(this.results, image) ?? []),
  );
  /** How many images are newer, current, built here or unknown, as the badges say now. */
  readonly counts: UpdateCounts = $derived(countVerdicts(this.#shown));
  /** The tags their registry does not have (or keeps private), of the images that could
   * not be compared: the reason for those, which no registry problem gives. */
  readonly notFound: readonly string[] = $derived(notFoundTags(this.#shown));
  /** The tags whose registry has another image, where Imagen cannot tell whether the one
   * here came from it (`OtherOnRegistry`), of the images that could not be compared. */
  readonly otherOnRegistry: readonly string[] = $derived(otherOnRegistryTags(this.#shown));

  #api: ImagenApi;
  #running: Promise<void> | null = null;
  /** The running check's ID, for Stop. */
  #id: string | null = null;
  /** The previous engine's checks, stopped and still ending (`engineSwitched`): the backend
   * runs one check at a time, so the next one waits for them. `null`: none. */
  #ending: Promise<void> | null = null;
  /** Bumped when Imagen is pointed at another engine: a check still running was the
   * previous engine's, and its answers are not this one's. */
  #engine = 0;

  constructor(api: ImagenApi) {
    this.#api = api;
  }

  /** Runs a check (or joins the one running); never rejects: a failure lands in `error`. */
  check(): Promise<void> {
    if (this.#running) return this.#running;
    const running: Promise<void> = this.#run().finally(() => {
      if (this.#running === running) this.#running = null;
    });
    this.#running = running;
    return running;
  }

  async #run(): Promise<void> {
    this.checking = true;
    this.progress = null;
    this.stopping = false;
    const engine = this.#engine;
    const id = runId("check");
    this.#id = id;
    try {
      if (this.#ending) await this.#ending;
      if (engine !== this.#engine) return;
      const answer = await this.#api.checkUpdates(id, (progress) => {
        if (this.#id === id) this.progress = progress;
      });
      if (engine !== this.#engine) return;
      const found = byImage(answer.results);
      // Stopped: what it found replaces what an earlier check said about those tags, and
      // the others keep their earlier answers (nothing known is thrown away).
      this.results = answer.stopped ? mergeAnswers(this.results, found) : found;
      this.problems = answer.problems;
      this.stopped = answer.stopped ? { unchecked: answer.unchecked } : null;
      this.error = null;
    } catch (e) {
      if (engine !== this.#engine) return;
      this.error = toImagenError(e);
      this.stopped = null;
    } finally {
      if (this.#id === id) this.#id = null;
      if (engine === this.#engine) {
        this.checking = false;
        this.stopping = false;
        this.progress = null;
        this.checkedAt = Date.now();
      }
    }
  }

  /** Stops the running check: it answers with the tags checked so far. A Stop clicked at
   * once may reach the backend before the check does: it is asked again meanwhile. */
  async stop(): Promise<void> {
    const id = this.#id;
    if (id === null || this.stopping) return;
    this.stopping = true;
    const running = () => this.#id === id;
    try {
      const taken = await cancelUntilTaken(() => this.#api.cancelUpdateCheck(id), running);
      if (!taken && running()) this.stopping = false;
    } catch {
      // The check goes on, and says so by going on: Stop can be pressed again.
      if (running()) this.stopping = false;
    }
  }

  /** Imagen was pointed at another engine: the answers (and a check still running, which
   * asks about the previous engine's images) say nothing about it. A check can be asked
   * on the new engine at once; it starts once the previous engine's, stopped, has ended. */
  engineSwitched(): void {
    // The previous engine's check is stopped, not left asking registries for nothing (asked
    // again while it may not have reached the backend yet); the next check waits for it to
    // end, as the backend refuses a second check while one runs.
    const id = this.#id;
    const previous = this.#running;
    if (previous) {
      let ended = false;
      const ending: Promise<void> = Promise.all([this.#ending, previous]).then(() => {
        ended = true;
        if (this.#ending === ending) this.#ending = null;
      });
      this.#ending = ending;
      if (id !== null)
        cancelUntilTaken(
          () => this.#api.cancelUpdateCheck(id),
          () => !ended,
        ).catch(() => false);
    }
    this.#id = null;
    this.#engine++;
    this.#running = null;
    this.checking = false;
    this.progress = null;
    this.stopping = false;
    this.stopped = null;
    this.checkedAt = null;
    this.results = new Map();
    this.#images = null;
    this.problems = [];
    this.error = null;
  }

  /** What the last check says about `image` as it is now (`null`: nothing known). */
  forImage(image: CheckedImage): ImageUpdates | null {
    return updatesFor(this.results, image);
  }

  /** The tags of `image` with a newer image on their registry (empty: no badge). */
  newerFor(image: CheckedImage): ImageUpdates["newer"] {
    return this.forImage(image)?.newer ?? [];
  }

  /** Keeps `images` to count the answers against, and drops the answers about images no
   * longer in it (removed, or re-pulled under a new ID); call it with each fresh list. */
  forget(images: readonly CheckedImage[]): void {
    this.#images = images;
    // Nothing asked yet (the usual case): no set of every ID on each refresh.
    if (this.results.size === 0) return;
    const ids = new Set(images.map((i) => i.id));
    if ([...this.results.keys()].every((id) => ids.has(id))) return;
    this.results = new Map([...this.results].filter(([id]) => ids.has(id)));
  }
}
