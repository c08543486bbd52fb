// An in-memory stand-in for Imagen's own API (not for Docker): component tests and the
// browser-only dev mode use it. Tests steer it by assigning `images`, `failWith`, `gate`.
import type { ImagenApi } from "./api";
import { humanSize } from "../format";
import type {
  ContainerState,
  ContainerUsage,
  HistoryEntry,
  ImageInspection,
  EngineInfo,
  ImageList,
  ImageSummary,
  ImagenError,
  ParsedReference,
  PlanContainer,
  PullOutcome,
  PruneMode,
  PrunePreview,
  PruneReport,
  PullProgress,
  RemovalEvent,
  RemovalPlan,
  RemovalReport,
  Selection,
  Step,
} from "./bindings";

const HEX = "0123456789abcdef";

/** A deterministic 64-hex ID from a seed string (every digit depends on the whole seed). */
export function fakeId(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  let out = "";
  for (let i = 0; out.length < 64; i++) {
    h = Math.imul(h ^ (h >>> 15) ^ i, 2246822507) >>> 0;
    out += HEX[h >>> 28];
  }
  return `sha256:${out}`;
}

export function fakeImage(
  partial: Partial<ImageSummary> & { tags?: string[]; containers?: ContainerUsage } = {},
): ImageSummary {
  const tags = partial.tags ?? ["nginx:latest"];
  const id = partial.id ?? fakeId(tags.join(",") || String(partial.created ?? 0));
  const shortId = id.slice("sha256:".length, "sha256:".length + 12);
  const dangling = partial.dangling ?? (tags.length === 0 && (partial.digests ?? []).length === 0);
  return {
    id,
    shortId,
    displayName: tags[0] ?? `<none>@${shortId}`,
    tags,
    digests: [],
    size: 1_980_000,
    sizeText: "1.98MB",
    created: 1_700_000_000,
    createdText: "2 weeks ago",
    dangling,
    containers: { running: 0, stopped: 0 },
    labels: {},
    ...partial,
  };
}

export function fakeList(images: ImageSummary[]): ImageList {
  const totalSize = images.reduce((sum, i) => sum + i.size, 0);
  return { images, totalSize, totalSizeText: humanSize(totalSize) };
}

export class FakeApi implements ImagenApi {
  images: ImageSummary[] = [];
  /** When set, every call rejects with this error. */
  failWith: ImagenError | null = null;
  /** When set, calls wait for it before answering (to observe loading states). */
  gate: Promise<void> | null = null;
  calls: string[] = [];
  engine: EngineInfo = {
    address: "unix:///var/run/docker.sock",
    serverVersion: "27.5.1",
    apiVersion: "1.47",
    platform: "linux/amd64",
    podman: false,
  };

  constructor(images: ImageSummary[] = []) {
    this.images = images;
  }

  private async answer<T>(name: string, value: () => T): Promise<T> {
    this.calls.push(name);
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    return value();
  }

  /** Tests mutate `images` between calls, so answers are copies; benchmarks turn this off
   * because a real engine answer is not cloned either. */
  cloneAnswers = true;

  listImages(): Promise<ImageList> {
    return this.answer("listImages", () =>
      fakeList(this.cloneAnswers ? structuredClone(this.images) : this.images),
    );
  }

  engineInfo(): Promise<EngineInfo> {
    return this.answer("engineInfo", () => ({ ...this.engine }));
  }

  /** Pulls started and not yet finished by the test. */
  pulls = new Map<
    string,
    {
      reference: string;
      platform: string | null;
      onProgress: (p: PullProgress) => void;
      settle: (outcome: PullOutcome | ImagenError) => void;
    }
  >();

  /** A small stand-in for the real grammar: enough for the UI's states. */
  async parseReference(input: string): Promise<ParsedReference> {
    this.calls.push("parseReference");
    const text = input.trim();
    const fail = (reason: string): never => {
      throw { kind: "InvalidReference", input, reason } satisfies ImagenError;
    };
    if (text === "") fail("Enter an image name, like nginx or nginx:alpine.");
    if (/\s/.test(text)) fail("An image reference cannot contain spaces.");
    const [name, tag] = text.split(":");
    if (/[A-Z]/.test(name!)) fail(`The repository name must be lowercase: “${name}”.`);
    const path = name!.includes("/") ? name! : `library/${name}`;
    const realTag = tag ?? "latest";
    return {
      normalized: `docker.io/${path}:${realTag}`,
      familiar: `${name}:${realTag}`,
      domain: "docker.io",
      path,
      tag: realTag,
      digest: null,
    };
  }

  pullImage(
    pullId: string,
    reference: string,
    platform: string | null,
    onProgress: (p: PullProgress) => void,
  ): Promise<PullOutcome> {
    this.calls.push("pullImage");
    return new Promise((resolve, reject) => {
      this.pulls.set(pullId, {
        reference,
        platform,
        onProgress,
        settle: (result) => {
          this.pulls.delete(pullId);
          if (
            "kind" in result &&
            result.kind !== "Downloaded" &&
            result.kind !== "UpToDate" &&
            result.kind !== "Cancelled"
          )
            reject(result);
          else resolve(result as PullOutcome);
        },
      });
    });
  }

  async cancelPull(pullId: string): Promise<boolean> {
    this.calls.push("cancelPull");
    const pull = this.pulls.get(pullId);
    pull?.settle({ kind: "Cancelled" });
    return pull !== undefined;
  }

  /** Per-image history rows; images without an entry get one synthetic row. */
  histories = new Map<string, HistoryEntry[]>();

  async inspectImage(id: string): Promise<ImageInspection> {
    return this.answer("inspectImage", () => {
      const image = this.images.find((i) => i.id === id);
      if (!image) throw { kind: "NoSuchImage", reference: id } satisfies ImagenError;
      return fakeInspection(image);
    });
  }

  async imageHistory(id: string): Promise<HistoryEntry[]> {
    return this.answer("imageHistory", () => {
      if (!this.images.some((i) => i.id === id))
        throw { kind: "NoSuchImage", reference: id } satisfies ImagenError;
      return (
        this.histories.get(id) ?? [
          {
            id: id.slice(7, 19),
            createdText: "2 weeks ago",
            createdBy: '/bin/sh -c #(nop)  CMD ["sh"]',
            size: 0,
            sizeText: "0B",
            comment: "",
          },
        ]
      );
    });
  }

  /** The plan `planRemoval` answers; tests set it (default: a plan built from `images`). */
  plan: ((selection: Selection) => RemovalPlan) | null = null;
  selections: Selection[] = [];

  async planRemoval(selection: Selection): Promise<RemovalPlan> {
    return this.answer("planRemoval", () => {
      this.selections.push(structuredClone(selection));
      if (this.plan) return this.plan(selection);
      const images = this.images.filter((i) => selection.images.includes(i.id));
      if (images.length === 0)
        throw { kind: "NoSuchImage", reference: selection.images[0] ?? "" } satisfies ImagenError;
      return fakePlan({ images: images.map((i) => fakePlanImage(i)) });
    });
  }

  /** Removals started and not yet settled by the test. */
  removals: {
    steps: Step[];
    onEvent: (e: RemovalEvent) => void;
    settle: (report: RemovalReport | ImagenError) => void;
  }[] = [];
  /** When true, `executeRemoval` finishes at once: every step succeeds and the images of
   * `RemoveImage` steps leave `images`. */
  autoRemove = false;

  executeRemoval(steps: Step[], onEvent: (e: RemovalEvent) => void): Promise<RemovalReport> {
    this.calls.push("executeRemoval");
    if (this.failWith) return Promise.reject(this.failWith);
    if (this.autoRemove) {
      const deleted: string[] = [];
      steps.forEach((step, i) => {
        onEvent({ kind: "Started", step: i });
        if (step.kind === "RemoveImage") {
          const gone = this.images.filter(
            (img) => img.tags.includes(step.reference) || img.shortId === step.reference,
          );
          this.images = this.images.filter((img) => !gone.includes(img));
          deleted.push(...gone.map((g) => g.id));
        }
        onEvent({ kind: "Finished", step: i, untagged: [], deleted, alreadyGone: false });
      });
      return Promise.resolve({ stepsRun: steps.length, untagged: [], deleted, failed: null });
    }
    return new Promise((resolve, reject) => {
      const entry = {
        steps,
        onEvent,
        settle: (r: RemovalReport | ImagenError) => {
          this.removals = this.removals.filter((x) => x !== entry);
          if ("kind" in r) reject(r);
          else resolve(r);
        },
      };
      this.removals.push(entry);
    });
  }

  preview: ((mode: PruneMode) => PrunePreview) | null = null;
  pruneReport: PruneReport = { deleted: [], untagged: [], reclaimed: 0, reclaimedText: "0B" };

  async prunePreview(mode: PruneMode): Promise<PrunePreview> {
    return this.answer("prunePreview", () =>
      this.preview ? this.preview(mode) : { mode, images: [], freed: 0, freedText: "0B" },
    );
  }

  async pruneImages(mode: PruneMode): Promise<PruneReport> {
    return this.answer("pruneImages", () => {
      const report = structuredClone(this.pruneReport);
      this.images = this.images.filter((i) => !report.deleted.includes(i.id));
      void mode;
      return report;
    });
  }

  /** The only running pull (tests usually start one). */
  onlyPull() {
    const [entry] = [...this.pulls.entries()];
    if (!entry) throw new Error("no pull is running");
    return { id: entry[0], ...entry[1] };
  }
}

export function fakeProgress(partial: Partial<PullProgress> = {}): PullProgress {
  return {
    layers: [],
    fraction: null,
    downloaded: 0,
    total: 0,
    bytesPerSecond: null,
    secondsLeft: null,
    message: null,
    ...partial,
  };
}

/** What the engine would say for `image`, shaped like `docker inspect`. */
export function fakeInspection(image: ImageSummary): ImageInspection {
  const doc = {
    Id: image.id,
    RepoTags: image.tags,
    RepoDigests: image.digests,
    Created: "2026-11-14T10:00:00.000000000Z",
    Size: image.size,
    Os: "linux",
    Architecture: "amd64",
    Config: {
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Cmd: ["nginx", "-g", "daemon off;"],
      Entrypoint: ["/docker-entrypoint.sh"],
      WorkingDir: "",
      User: "",
      ExposedPorts: { "80/tcp": {} },
      Labels: image.labels,
    },
    RootFS: { Type: "layers", Layers: ["sha256:aaa", "sha256:bbb"] },
  };
  return {
    raw: JSON.stringify(doc, null, 2),
    details: {
      id: image.id,
      tags: image.tags,
      digests: image.digests,
      created: doc.Created,
      size: image.size,
      sizeText: image.sizeText,
      platform: "linux/amd64",
      layers: 2,
      entrypoint: doc.Config.Entrypoint,
      cmd: doc.Config.Cmd,
      workingDir: "",
      user: "",
      env: doc.Config.Env,
      exposedPorts: ["80/tcp"],
      labels: image.labels,
    },
  };
}

/** A container in a removal plan, created from `imageId`. */
export function fakePlanContainer(
  name: string,
  state: ContainerState,
  imageId: string,
): PlanContainer {
  const id = fakeId(`container ${name}`).slice("sha256:".length);
  return {
    id,
    shortId: id.slice(0, 12),
    name,
    state,
    imageId,
    created: 1_700_000_000,
    createdText: "2 hours ago",
  };
}

/** A plan image for `image`, deletable by default. */
export function fakePlanImage(
  image: ImageSummary,
  partial: Partial<RemovalPlan["images"][number]> = {},
): RemovalPlan["images"][number] {
  return {
    id: image.id,
    shortId: image.shortId,
    displayName: image.displayName,
    tags: image.tags,
    digests: image.digests,
    selectedTags: [],
    size: image.size,
    sizeText: image.sizeText,
    uniqueSize: image.size,
    verdict: "delete",
    reason: null,
    forcedReason: null,
    ...partial,
  };
}

/** A plan whose only action deletes every image by its tags (or short ID). */
export function fakePlan(partial: Partial<RemovalPlan> = {}): RemovalPlan {
  const images = partial.images ?? [];
  const steps: Step[] = images.flatMap((i) =>
    i.tags.length > 0
      ? i.tags.map((t) => ({ kind: "RemoveImage" as const, reference: t, force: false }))
      : [{ kind: "RemoveImage" as const, reference: i.shortId, force: false }],
  );
  const freed = images.reduce((s, i) => s + (i.uniqueSize ?? 0), 0);
  return {
    images,
    containers: [],
    children: [],
    podman: false,
    actions: [
      {
        kind: "delete",
        steps,
        commands: steps.map((s) => (s.kind === "RemoveImage" ? `docker rmi ${s.reference}` : "")),
        outcome: {
          kind: "Succeeds",
          untagged: images.flatMap((i) => i.tags),
          deleted: images.map((i) => i.id),
          leftNameless: [],
          freed,
          freedText: humanSize(freed),
          stopped: [],
          removedContainers: [],
          orphaned: [],
        },
      },
    ],
    ...partial,
  };
}
