// Pulls the user started: running ones stream progress, finished ones stay listed until
// dismissed. Pulls outlive the dialog that started them.
import { toImagenError, type ImagenApi } from "../ipc/api";
import type { ImagenError, PullOutcome, PullProgress } from "../ipc/bindings";

export type PullStatus = "running" | "done" | "failed" | "cancelled";

export interface PullEntry {
  id: string;
  reference: string;
  platform: string | null;
  status: PullStatus;
  progress: PullProgress | null;
  outcome: PullOutcome | null;
  error: ImagenError | null;
}

let counter = 0;

export class PullsStore {
  entries: PullEntry[] = $state([]);

  #api: ImagenApi;
  #onFinished: (outcome: PullOutcome) => void;

  constructor(api: ImagenApi, onFinished: (outcome: PullOutcome) => void = () => {}) {
    this.#api = api;
    this.#onFinished = onFinished;
  }

  get running(): number {
    return this.entries.filter((e) => e.status === "running").length;
  }

  find(id: string): PullEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Starts a pull and returns its ID at once. */
  start(reference: string, platform: string | null): string {
    const id = `pull-${++counter}-${Date.now()}`;
    this.entries.unshift({
      id,
      reference,
      platform,
      status: "running",
      progress: null,
      outcome: null,
      error: null,
    });
    this.#api
      .pullImage(id, reference, platform, (progress) => {
        const entry = this.find(id);
        if (entry && entry.status === "running") entry.progress = progress;
      })
      .then((outcome) => {
        const entry = this.find(id);
        if (!entry) return;
        entry.outcome = outcome;
        entry.status = outcome.kind === "Cancelled" ? "cancelled" : "done";
        if (outcome.kind !== "Cancelled") this.#onFinished(outcome);
      })
      .catch((thrown) => {
        const entry = this.find(id);
        if (!entry) return;
        entry.error = toImagenError(thrown);
        entry.status = "failed";
      });
    return id;
  }

  cancel(id: string): void {
    void this.#api.cancelPull(id);
  }

  dismiss(id: string): void {
    this.entries = this.entries.filter((e) => e.id !== id || e.status === "running");
  }
}

/** One line summing up a pull for its row. */
export function pullSummary(entry: PullEntry): string {
  switch (entry.status) {
    case "running":
      return entry.progress === null ? "Starting…" : "Pulling";
    case "cancelled":
      return "Cancelled: the engine stopped downloading.";
    case "failed":
      return describeError(entry.error);
    case "done":
      return entry.outcome?.kind === "UpToDate" ? "Image is up to date" : "Downloaded newer image";
  }
}

/** A sentence for each typed error, with the next step. */
export function describeError(error: ImagenError | null): string {
  if (!error) return "The pull failed.";
  switch (error.kind) {
    case "ImageNotFound":
      if (error.missing === "Tag")
        return `The repository ${error.repository} exists, but it has no tag “${error.tag}”.`;
      if (error.missing === "Repository")
        return `There is no repository ${error.repository}: check the name's spelling.`;
      return `${error.reference} was not found: the tag or the repository does not exist.`;
    case "Unauthorized":
      return `${error.registry} refused access. Log in with “docker login ${error.registry}” and try again.`;
    case "RateLimited":
      return `${error.registry} is limiting pulls. Wait a while, or log in to raise the limit.`;
    case "RegistryUnreachable":
      return `The engine could not reach ${error.registry} (${error.reason}). Check the network and retry.`;
    case "PlatformUnavailable":
      return `${error.reference} has no image for ${error.platform}. Choose another platform.`;
    case "DiskFull":
      return "The engine ran out of disk space. Remove unused images or containers and retry.";
    case "EngineUnreachable":
      return `The Docker engine at ${error.address} stopped answering (${error.reason}).`;
    case "InvalidReference":
      return error.reason;
    case "EngineTimeout":
      return `The Docker engine at ${error.address} did not answer in ${error.seconds} seconds.`;
    case "UnsupportedAddress":
      return `Imagen cannot connect to ${error.address}.`;
    case "EngineRejected":
      return `The engine refused the pull (${error.status}): ${error.message}`;
    case "NoSuchImage":
      return `The image ${error.reference} is no longer on this engine. Refresh to see the current list.`;
    default:
      return error.message;
  }
}
