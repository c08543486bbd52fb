// What the Learn panel reads from the engine for the selected image: `docker inspect` (the
// digests), `docker history` (the layers) and, when containers use the image, the removal
// plan (the only answer that names them, and the commands that clear them). Each answer
// belongs to one image; an answer for an image no longer shown is dropped. The panel reads
// by itself (the user selected an image, not asked for `docker inspect`), so its reads ask
// with `again`: the Terminal record gets no line for them.
import { toImagenError, type ImagenApi } from "../ipc/api";
import { engineAway } from "../shared/errors";
import type {
  HistoryEntry,
  ImageInspection,
  ImageSummary,
  PlanContainer,
  RemovalPlan,
} from "../ipc/api";
import { LatestAsks, type Loadable } from "../shared/latest";

export type { Loadable };

/** The plan's containers, and the commands of its "stop, remove, then delete" action. */
export interface Instances {
  containers: PlanContainer[];
  /** `docker stop web`, `docker rm web`, `docker rmi nginx:alpine`: empty when the plan
   * offers no such action, or the engine would refuse it anyway. */
  commands: string[];
  /** Stopping and removing the containers would not be enough: the engine would still refuse
   * to delete the image (an image built on it, …); the removal plan says why. */
  refusedAnyway: boolean;
}

/** What the panel reads, each answer on its own. */
export type LearnPart = "inspection" | "history" | "instances";

const NOT_RETRYING: Record<LearnPart, boolean> = {
  inspection: false,
  history: false,
  instances: false,
};

export class LearnData {
  inspection: Loadable<ImageInspection> = $state({ status: "idle" });
  history: Loadable<HistoryEntry[]> = $state({ status: "idle" });
  /** Idle when no container uses the image (nothing to name). */
  instances: Loadable<Instances> = $state({ status: "idle" });
  /** The failures a Try again asked for again, until the engine answers: they stay on screen
   * meanwhile (a loading state would take away the Try again that has the keyboard focus,
   * which then falls to the page). */
  retrying: Record<LearnPart, boolean> = $state({ ...NOT_RETRYING });

  #api: ImagenApi;
  #onswitched: () => void;
  #id: string | null = null;
  /** The engine (address) the shown image was listed on: its containers are asked of it. */
  #seenOn: string | null = null;
  #usage: string | null = null;
  /** Whether containers use the shown image (its names and commands are read). */
  #used = false;
  /** Counts the asks for each answer: only the newest one is shown. */
  #asks = new LatestAsks<LearnPart>();
  /** A read after engine changes is on its way; another change came since it was asked. */
  #rereading = false;
  #changedSince = false;

  /** `onswitched`: the containers were asked of the engine the image was listed on, and
   * Imagen is on another one now (`EngineSwitched`): the window's list is behind, as the
   * removal dialog tells the app. */
  constructor(api: ImagenApi, onswitched: () => void = () => {}) {
    this.#api = api;
    this.#onswitched = onswitched;
  }

  /** Loads what `image` needs: inspect and history when it changes, the containers' names
   * and the clearing commands again when its container counts or its tags change (`docker
   * rmi web:1` only untags an image that also has web:2), or the engine it was listed on
   * (`seenOn`, its address; null: not known). Containers are asked of that engine only:
   * Imagen reconnected to another one meanwhile answers `EngineSwitched`, not the other
   * engine's containers as this image's. */
  show(image: ImageSummary | null, seenOn: string | null = null): void {
    const id = image?.id ?? null;
    const usage = image
      ? JSON.stringify([id, image.containers.running, image.containers.stopped, image.tags, seenOn])
      : null;
    // Another engine's containers are not kept while this one's load.
    if (seenOn !== this.#seenOn) this.instances = { status: "idle" };
    this.#seenOn = seenOn;
    if (id !== this.#id) {
      this.#id = id;
      // Another image's containers are not kept while this one's load.
      this.instances = { status: "idle" };
      this.retrying = { ...NOT_RETRYING };
      if (id === null) {
        this.inspection = { status: "idle" };
        this.history = { status: "idle" };
      } else {
        this.#loadInspection(id);
        this.#loadHistory(id);
      }
    }
    if (usage !== this.#usage) {
      this.#usage = usage;
      this.#used = !!image && image.containers.running + image.containers.stopped > 0;
      if (!image || !this.#used) {
        this.#asks.supersede("instances");
        this.retrying.instances = false;
        this.instances = { status: "idle" };
      } else {
        this.#loadInstances(image.id);
      }
    }
  }

  /** The engine reported a change (or came back): the containers' names and commands are
   * read again, since a container replaced by another in the same state, or renamed,
   * leaves the image's counts as they were; and what failed because the engine was away is
   * asked for again (another failure would only fail again). A failure a Try again is asking
   * for stays on screen: the newer ask takes over, and its answer ends the retry. */
  engineChanged(): void {
    const id = this.#id;
    if (id === null) return;
    const away = (l: Loadable<unknown>) => l.status === "failed" && engineAway(l.error);
    if (away(this.inspection)) this.#loadInspection(id, this.retrying.inspection);
    if (away(this.history)) this.#loadHistory(id, this.retrying.history);
    if (this.#used) this.#readInstancesAgain();
  }

  /** Reads the containers again after an engine change: at once, or, while a read is on its
   * way (that answer may predate the change), once more after it, however many changes came
   * meanwhile (`docker compose up` sends dozens; each read lists every image and container). */
  #readInstancesAgain(): void {
    if (this.#rereading) {
      this.#changedSince = true;
      return;
    }
    this.#rereading = true;
    void (async () => {
      try {
        do {
          this.#changedSince = false;
          const id = this.#id;
          if (id === null || !this.#used) break;
          await this.#loadInstances(id, this.retrying.instances);
        } while (this.#changedSince);
      } finally {
        this.#rereading = false;
      }
    })();
  }

  /** Asks again for the answers that failed (the user chose to: any failure), but for those
   * already asked for again. Each failure stays on screen, marked in `retrying`, until its
   * answer replaces it. */
  retry(): void {
    const id = this.#id;
    if (id === null) return;
    const again = (part: LearnPart) => this[part].status === "failed" && !this.retrying[part];
    if (again("inspection")) {
      this.retrying.inspection = true;
      this.#loadInspection(id, true);
    }
    if (again("history")) {
      this.retrying.history = true;
      this.#loadHistory(id, true);
    }
    if (again("instances")) {
      this.retrying.instances = true;
      void this.#loadInstances(id, true);
    }
  }

  /** `keep`: what is shown stays until the answer (a failure being retried), else the
   * answer loads. */
  #loadInspection(id: string, keep = false): void {
    if (!keep) this.inspection = { status: "loading" };
    void this.#load(
      "inspection",
      id,
      (v) => (this.inspection = v),
      () => this.#api.inspectImage(id, true),
    );
  }

  #loadHistory(id: string, keep = false): void {
    if (!keep) this.history = { status: "loading" };
    void this.#load(
      "history",
      id,
      (v) => (this.history = v),
      () => this.#api.imageHistory(id, true),
    );
  }

  #loadInstances(id: string, keep = false): Promise<void> {
    // Keep names already shown while the new ones load: the engine's answer replaces them.
    if (!keep && this.instances.status !== "ready") this.instances = { status: "loading" };
    return this.#load(
      "instances",
      id,
      (v) => (this.instances = v),
      () => this.#readInstances(id),
    );
  }

  /** The containers of image `id`, asked of the engine it was listed on. */
  async #readInstances(id: string): Promise<Instances> {
    try {
      return instancesOf(await this.#api.previewRemoval({ images: [id], tags: [] }, this.#seenOn));
    } catch (thrown) {
      const error = toImagenError(thrown);
      if (error.kind === "EngineSwitched" && error.to !== null) this.#onswitched();
      throw error;
    }
  }

  /** Shows the answer for `part` of image `id`, if that is still the image shown and no
   * newer ask for `part` was made since; it ends a retry of `part`. */
  async #load<T>(
    part: LearnPart,
    id: string,
    set: (v: Loadable<T>) => void,
    fetch: () => Promise<T>,
  ): Promise<void> {
    const answer = await this.#asks.ask(part, fetch);
    if (answer === null || this.#id !== id) return;
    set(answer);
    this.retrying[part] = false;
  }
}

/** The containers and the clearing commands of a removal plan. */
export function instancesOf(plan: RemovalPlan): Instances {
  const guided = plan.actions.find((a) => a.kind === "stopRemoveDelete");
  // Commands the engine would refuse part way are not taught: typed at a terminal, they would
  // stop and remove the containers, then fail (Imagen itself refuses that action).
  const refusedAnyway = guided?.outcome.kind === "Refused";
  return {
    containers: plan.containers,
    commands: guided && !refusedAnyway ? guided.commands : [],
    refusedAnyway,
  };
}

/** Running, paused and restarting containers block even `docker rmi -f` of the ID (of a
 * name it only takes the name away), the engine's "running" in `ContainerUsage`; the others
 * are stopped. */
export function isRunning(container: Pick<PlanContainer, "state">): boolean {
  return (
    container.state === "running" ||
    container.state === "paused" ||
    container.state === "restarting"
  );
}
