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
import type { Loadable } from "../inspector/inspection.svelte";

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

export class LearnData {
  inspection: Loadable<ImageInspection> = $state({ status: "idle" });
  history: Loadable<HistoryEntry[]> = $state({ status: "idle" });
  /** Idle when no container uses the image (nothing to name). */
  instances: Loadable<Instances> = $state({ status: "idle" });

  #api: ImagenApi;
  #id: string | null = null;
  #usage: string | null = null;
  /** Whether containers use the shown image (its names and commands are read). */
  #used = false;
  /** Counts the asks for the plan: only the newest answer is shown. */
  #asked = 0;
  /** A read after engine changes is on its way; another change came since it was asked. */
  #rereading = false;
  #changedSince = false;

  constructor(api: ImagenApi) {
    this.#api = api;
  }

  /** Loads what `image` needs: inspect and history when it changes, the containers' names
   * and the clearing commands again when its container counts or its tags change (`docker
   * rmi web:1` only untags an image that also has web:2). */
  show(image: ImageSummary | null): void {
    const id = image?.id ?? null;
    const usage = image
      ? JSON.stringify([id, image.containers.running, image.containers.stopped, image.tags])
      : null;
    if (id !== this.#id) {
      this.#id = id;
      // Another image's containers are not kept while this one's load.
      this.instances = { status: "idle" };
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
        this.#asked++;
        this.instances = { status: "idle" };
      } else {
        this.#loadInstances(image.id);
      }
    }
  }

  /** The engine reported a change (or came back): the containers' names and commands are
   * read again, since a container replaced by another in the same state, or renamed,
   * leaves the image's counts as they were; and what failed because the engine was away is
   * asked for again (another failure would only fail again). */
  engineChanged(): void {
    const id = this.#id;
    if (id === null) return;
    const away = (l: Loadable<unknown>) => l.status === "failed" && engineAway(l.error);
    if (away(this.inspection)) this.#loadInspection(id);
    if (away(this.history)) this.#loadHistory(id);
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
          await this.#loadInstances(id);
        } while (this.#changedSince);
      } finally {
        this.#rereading = false;
      }
    })();
  }

  /** Asks again for the answers that failed (the user chose to: any failure). */
  retry(): void {
    const id = this.#id;
    if (id === null) return;
    const again = (l: Loadable<unknown>) => l.status === "failed";
    if (again(this.inspection)) this.#loadInspection(id);
    if (again(this.history)) this.#loadHistory(id);
    if (again(this.instances)) this.#loadInstances(id);
  }

  #loadInspection(id: string): void {
    this.inspection = { status: "loading" };
    void this.#load(
      id,
      (v) => (this.inspection = v),
      () => this.#api.inspectImage(id, true),
    );
  }

  #loadHistory(id: string): void {
    this.history = { status: "loading" };
    void this.#load(
      id,
      (v) => (this.history = v),
      () => this.#api.imageHistory(id, true),
    );
  }

  #loadInstances(id: string): Promise<void> {
    const asked = ++this.#asked;
    // Keep names already shown while the new ones load: the engine's answer replaces them.
    if (this.instances.status !== "ready") this.instances = { status: "loading" };
    return this.#load(
      id,
      (v) => (this.instances = v),
      async () => instancesOf(await this.#api.previewRemoval({ images: [id], tags: [] })),
      () => this.#asked === asked,
    );
  }

  async #load<T>(
    id: string,
    set: (v: Loadable<T>) => void,
    fetch: () => Promise<T>,
    current: () => boolean = () => true,
  ): Promise<void> {
    try {
      const value = await fetch();
      if (this.#id === id && current()) set({ status: "ready", value });
    } catch (thrown) {
      if (this.#id === id && current()) set({ status: "failed", error: toImagenError(thrown) });
    }
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
