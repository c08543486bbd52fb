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
   * offers no such action. */
  commands: string[];
}

export class LearnData {
  inspection: Loadable<ImageInspection> = $state({ status: "idle" });
  history: Loadable<HistoryEntry[]> = $state({ status: "idle" });
  /** Idle when no container uses the image (nothing to name). */
  instances: Loadable<Instances> = $state({ status: "idle" });

  #api: ImagenApi;
  #id: string | null = null;
  #usage: string | null = null;

  constructor(api: ImagenApi) {
    this.#api = api;
  }

  /** Loads what `image` needs: inspect and history when it changes, the containers' names
   * again when its container counts change. */
  show(image: ImageSummary | null): void {
    const id = image?.id ?? null;
    const usage = image ? `${id}|${image.containers.running}|${image.containers.stopped}` : null;
    if (id !== this.#id) {
      this.#id = id;
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
      if (!image || image.containers.running + image.containers.stopped === 0) {
        this.instances = { status: "idle" };
      } else {
        this.#loadInstances(image.id);
      }
    }
  }

  /** Asks again for the answers that failed. With `awayOnly` (the engine changed or came
   * back), only those that failed because the engine was away: another would fail again. */
  retry(awayOnly = false): void {
    const id = this.#id;
    if (id === null) return;
    const again = (l: Loadable<unknown>) =>
      l.status === "failed" && (!awayOnly || engineAway(l.error));
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

  #loadInstances(id: string): void {
    const usage = this.#usage;
    // Keep names already shown while the new ones load: only the counts moved.
    if (this.instances.status !== "ready") this.instances = { status: "loading" };
    void this.#load(
      id,
      (v) => (this.instances = v),
      async () => instancesOf(await this.#api.previewRemoval({ images: [id], tags: [] })),
      () => this.#usage === usage,
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
  return { containers: plan.containers, commands: guided?.commands ?? [] };
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
