// An in-memory stand-in for Imagen's own API (not for Docker): component tests and the
// browser-only dev mode use it. Tests steer it by assigning `images`, `failWith`, `gate`.
import { displayName, shortId } from "../images/names";
import type { ImagenApi } from "./api";
import { FakeWorkshop } from "./fake-workshop";
import { humanSize } from "../shared/format";
import { shellLine } from "../commands/shell";
import type {
  ActionKind,
  ContainerState,
  ContainerUsage,
  HistoryEntry,
  ImageInspection,
  EngineChoice,
  DockerElsewhere,
  Software,
  EngineChoices,
  AppInfo,
  EngineInfo,
  EngineSignal,
  ImageList,
  ImageSummary,
  ImagenError,
  ParsedReference,
  ReferenceRule,
  Outcome,
  PlanAction,
  PlanChange,
  PlanContainer,
  PlanImage,
  PlanRecheck,
  PullOutcome,
  PruneMode,
  PrunePreview,
  PruneReport,
  PruneRun,
  PullProgress,
  RemovalEvent,
  RemovalPlan,
  RemovalReport,
  RemovalRun,
  Selection,
  Step,
  ArchivePreview,
  FileDrop,
  GrantedFile,
  Language,
  LoadOutcome,
  LoadProgress,
  RecordEntry,
  SaveItem,
  SaveOutcome,
  SaveProgress,
  TagOutcome,
  UpdateCheck,
  UpdateProgress,
} from "./bindings";

/** A removal the fake is running (see `FakeApi.removals`). */
export interface FakeRemoval {
  planId: string;
  action: ActionKind;
  /** The kept plan's steps for the action: what runs (nothing the UI sent). */
  steps: Step[];
  /** The UI's event channel, for tests that script the backend's events themselves. */
  onEvent: (e: RemovalEvent) => void;
  /** `cancelRemoval` asked it to stop: the next `step()` ends the run, cancelled. */
  cancelRequested: boolean;
  /** Runs the next step on the fake engine (Started, the change, Finished or Failed) and
   * ends the run after the last one, a failure or a cancel; true while steps are left. */
  step(): boolean;
  /** Runs every step left, stopping at a failure or a cancel. */
  finish(): void;
  /** Ends the call with this report (as `Ran`) or this rejection, for scripted tests. */
  settle(result: RemovalReport | ImagenError): void;
}

type StepDone = Omit<Extract<RemovalEvent, { kind: "Finished" }>, "kind" | "step">;

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
  const dangling = partial.dangling ?? (tags.length === 0 && (partial.digests ?? []).length === 0);
  return {
    id,
    tags,
    digests: [],
    size: 1_980_000,
    created: 1_700_000_000,
    dangling,
    digestNamed: false,
    containers: { running: 0, stopped: 0 },
    labels: {},
    ...partial,
  };
}

export function fakeList(images: ImageSummary[]): ImageList {
  const totalSize = images.reduce((sum, i) => sum + i.size, 0);
  return { images, totalSize };
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
    name: null,
    socket: null,
    exposed: false,
  };
  /** What `appInfo` answers: Imagen's version and licence. */
  app: AppInfo = { version: "0.1.0", licence: "MIT" };
  /** The engines the switcher lists; the one `inUse` is what `engine` describes. */
  engines: EngineChoices = {
    automatic: true,
    problem: null,
    dockerMoved: false,
    unsaved: null,
    choices: [
      fakeChoice("socket:unix:///var/run/docker.sock", "Docker Engine", {
        address: "unix:///var/run/docker.sock",
        inUse: true,
        dockerDefault: true,
        dockerCommand: "docker context use default",
      }),
    ],
  };
  /** Set: the engine choice's settings file cannot be written, for this reason (a switch then
   * holds for this run only, and says so). */
  settingsUnwritable: string | null = null;
  /** Images per engine id other than the one in use, swapped in when the switcher picks it. */
  otherEngines = new Map<string, { engine: EngineInfo; images: ImageSummary[] }>();

  /** The workshop kit's fake backend (Terminal record, files, save/load, tag, updates). */
  workshop = new FakeWorkshop(
    () => this.images,
    (images) => (this.images = images),
    () => this.engine.address,
  );

  constructor(images: ImageSummary[] = []) {
    this.images = images;
  }

  terminalRecord(): Promise<RecordEntry[]> {
    return this.answer("terminalRecord", () => structuredClone(this.workshop.record));
  }

  async onRecordEntry(handler: (entry: RecordEntry) => void): Promise<() => void> {
    return this.workshop.onRecordEntry(handler);
  }

  chooseSaveFile(_language: Language, _fileName: string): Promise<GrantedFile | null> {
    return this.answer("chooseSaveFile", () => {
      const name = this.workshop.nextSaveChoice;
      return name === null ? null : this.workshop.grant(name, "Save");
    });
  }

  chooseLoadFile(_language: Language): Promise<GrantedFile | null> {
    return this.answer("chooseLoadFile", () => {
      const name = this.workshop.nextLoadChoice;
      return name === null ? null : this.workshop.grant(name, "Load");
    });
  }

  async onFileDrop(handler: (drop: FileDrop) => void): Promise<() => void> {
    return this.workshop.onFileDrop(handler);
  }

  async previewArchive(
    fileId: string,
    previewId: string,
    onProgress: (p: LoadProgress) => void,
  ): Promise<ArchivePreview | null> {
    await this.answer("previewArchive", () => undefined);
    return this.workshop.preview(fileId, previewId, onProgress);
  }

  async saveImages(
    saveId: string,
    fileId: string,
    items: SaveItem[],
    engine: string | null,
    onProgress: (p: SaveProgress) => void,
  ): Promise<SaveOutcome> {
    await this.answer("saveImages", () => undefined);
    return this.workshop.save(saveId, fileId, items, engine, onProgress);
  }

  async loadImages(
    loadId: string,
    fileId: string,
    onProgress: (p: LoadProgress) => void,
  ): Promise<LoadOutcome> {
    await this.answer("loadImages", () => undefined);
    return this.workshop.load(loadId, fileId, onProgress);
  }

  cancelKit(id: string): Promise<boolean> {
    return this.answer("cancelKit", () => this.workshop.cancel(id));
  }

  tagImage(
    imageId: string,
    target: string,
    expected: string | null,
    expectedKeeps: readonly string[],
    engine: string | null = null,
  ): Promise<TagOutcome> {
    this.tagCalls.push({ imageId, target, expected, expectedKeeps: [...expectedKeeps], engine });
    return this.answer("tagImage", (): TagOutcome => {
      // The backend compares the engine the image was seen on with the one it is on now.
      if (engine !== null && engine !== this.engine.address)
        return {
          status: "Changed",
          change: { kind: "EngineSwitched", from: engine, to: this.engine.address },
        };
      return this.workshop.tag(imageId, target, expected, expectedKeeps);
    });
  }

  /** What each `tagImage` call sent. */
  tagCalls: {
    imageId: string;
    target: string;
    expected: string | null;
    expectedKeeps: string[];
    engine: string | null;
  }[] = [];

  /** When true, update checks wait for the test (`checks`) instead of answering at once. */
  holdChecks = false;
  /** The update checks held (`holdChecks`), by ID: `answered(n)` reports n tags answered,
   * `finish()` ends the check; a Stop ends it with the first n answers. */
  checks = new Map<string, { answered: (n: number) => void; finish: () => void }>();

  async checkUpdates(
    checkId: string,
    onProgress: (progress: UpdateProgress) => void,
  ): Promise<UpdateCheck> {
    const full = await this.answer("checkUpdates", () => this.workshop.check());
    const total = full.results.length;
    if (!this.holdChecks) {
      onProgress({ checked: total, total });
      return full;
    }
    onProgress({ checked: 0, total });
    return new Promise((resolve) => {
      let checked = 0;
      this.#stopChecks.set(checkId, () =>
        resolve({
          results: full.results.slice(0, checked),
          problems: [],
          stopped: true,
          unchecked: total - checked,
        }),
      );
      this.checks.set(checkId, {
        answered: (n) => {
          checked = n;
          onProgress({ checked, total });
        },
        finish: () => {
          this.checks.delete(checkId);
          this.#stopChecks.delete(checkId);
          resolve(full);
        },
      });
    });
  }

  #stopChecks = new Map<string, () => void>();

  cancelUpdateCheck(checkId: string): Promise<boolean> {
    return this.answer("cancelUpdateCheck", () => {
      const stop = this.#stopChecks.get(checkId);
      this.#stopChecks.delete(checkId);
      this.checks.delete(checkId);
      stop?.();
      return stop !== undefined;
    });
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

  appInfo(): Promise<AppInfo> {
    return this.answer("appInfo", () => ({ ...this.app }));
  }

  /** Every language `setLanguage` was told, in order. Kept apart from `calls`: it asks the
   * engine nothing. */
  languagesTold: Language[] = [];

  setLanguage(language: Language): Promise<void> {
    this.languagesTold.push(language);
    return Promise.resolve();
  }

  /** What `dockerElsewhere` answers: set by a test for a terminal's `docker context use`. */
  elsewhere: DockerElsewhere | null = null;

  dockerElsewhere(): Promise<DockerElsewhere | null> {
    return this.answer("dockerElsewhere", () => structuredClone(this.elsewhere));
  }

  /** What `engineSoftware` answers: Docker Engine, as on the machine the tests run on. */
  software: Software[] = ["DockerEngine", "DockerCli"];

  // Files on this computer, not the engine: answers whatever `failWith` says.
  engineSoftware(): Promise<Software[]> {
    this.calls.push("engineSoftware");
    return Promise.resolve([...this.software]);
  }

  listEngines(): Promise<EngineChoices> {
    return this.answer("listEngines", () => structuredClone(this.engines));
  }

  chooseEngine(id: string | null): Promise<string | null> {
    return this.answer("chooseEngine", () => {
      const target = id ?? this.engines.choices.find((c) => c.dockerDefault)?.id;
      const choice = this.engines.choices.find((c) => c.id === target);
      if (!choice)
        throw {
          kind: "InvalidInput",
          field: "engine",
          reason: "it is not one of the engines Imagen listed",
        };
      const current = this.engines.choices.find((c) => c.inUse);
      if (current && current.id !== choice.id) {
        this.otherEngines.set(current.id, { engine: this.engine, images: this.images });
        const next = this.otherEngines.get(choice.id);
        this.engine = next?.engine ?? {
          ...this.engine,
          address: choice.address,
          name: choice.label,
          socket: choice.socket,
        };
        this.images = next?.images ?? [];
        this.otherEngines.delete(choice.id);
      }
      for (const c of this.engines.choices) c.inUse = c.id === choice.id;
      // As the backend: the switch goes in the Terminal record as the command that puts a
      // terminal on the same engine, marked as a switch (added running, marked, then done).
      const seq = this.workshop.addRecord(choice.dockerCommand, { status: "Running" });
      this.workshop.record.find((e) => e.seq === seq)!.engine = {
        label: choice.label,
        socket: choice.socket,
        automatic: id === null,
        remembered: false,
      };
      this.workshop.endRecord(seq, { status: "Done" });
      this.engines.automatic = id === null;
      this.engines.dockerMoved = false;
      this.elsewhere = null;
      this.engines.unsaved = this.settingsUnwritable;
      return this.settingsUnwritable;
    });
  }

  /** Pulls started and not yet finished by the test. */
  pulls = new Map<
    string,
    {
      reference: string;
      platform: string | null;
      /** The engine address the window sent. */
      engine: string | null;
      onProgress: (p: PullProgress) => void;
      settle: (outcome: PullOutcome | ImagenError) => void;
    }
  >();

  /** A small stand-in for the real grammar: enough for the UI's states. */
  async parseReference(input: string): Promise<ParsedReference> {
    this.calls.push("parseReference");
    // Like the real grammar, nothing is trimmed: the Pull field trims what it sends.
    const text = input;
    // The rule and, as the backend sends it beside, its English sentence (for logs).
    const fail = (rule: ReferenceRule, reason: string): never => {
      throw { kind: "InvalidReference", input, reason, rule } satisfies ImagenError;
    };
    if (text.trim() === "")
      fail({ kind: "MissingName" }, "Enter an image name, like nginx or nginx:alpine.");
    if (text.trim() !== text)
      fail({ kind: "Whitespace" }, "Remove the spaces before or after the name.");
    // A whole image ID, bare or as the inspector shows it (`sha256:…`), as the grammar does.
    if (/^(sha256:)?[0-9a-f]{64}$/.test(text))
      fail(
        { kind: "ImageId", id: text },
        "That is an image ID, not a name: enter a repository name like nginx.",
      );
    const [name, tag] = text.split(":");
    if (/[A-Z]/.test(name!))
      fail({ kind: "Uppercase", name: name! }, `The repository name must be lowercase: “${name}”.`);
    if (!/^[a-z0-9._/-]+$/.test(name!))
      fail(
        { kind: "InvalidNameCharacters", name: name! },
        `The repository name “${name}” contains characters that are not allowed (lowercase letters, digits, _ . - and / only).`,
      );
    if (tag === "") fail({ kind: "EmptyTag" }, "The tag after “:” is empty.");
    if (tag !== undefined && !/^[A-Za-z0-9_.-]+$/.test(tag))
      fail(
        { kind: "InvalidTag", tag },
        `The tag “${tag}” contains characters that are not allowed (letters, digits, _ . - only).`,
      );
    const path = name!.includes("/") ? name! : `library/${name}`;
    const realTag = tag ?? "latest";
    return {
      normalized: `docker.io/${path}:${realTag}`,
      familiar: `${name}:${realTag}`,
      domain: "docker.io",
      path,
      tag: realTag,
      digest: null,
      tagDefaulted: tag === undefined,
    };
  }

  pullImage(
    pullId: string,
    reference: string,
    platform: string | null,
    engine: string | null,
    onProgress: (p: PullProgress) => void,
  ): Promise<PullOutcome> {
    this.calls.push("pullImage");
    // As the backend: a pull asked on an engine Imagen is no longer on pulls nothing.
    if (engine !== null && engine !== this.engine.address)
      return Promise.reject({
        kind: "EngineSwitched",
        to: this.engine.address,
      } satisfies ImagenError);
    return new Promise((resolve, reject) => {
      this.pulls.set(pullId, {
        reference,
        platform,
        engine,
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

  /** What a cancelled pull answers when the engine had finished first (the backend looks at
   * the tag after a Cancel); a plain `Cancelled` when null. */
  finishedBeforeCancel: PullOutcome | null = null;

  async cancelPull(pullId: string): Promise<boolean> {
    this.calls.push("cancelPull");
    const pull = this.pulls.get(pullId);
    pull?.settle(this.finishedBeforeCancel ?? { kind: "Cancelled" });
    return pull !== undefined;
  }

  /** Per-image history rows; images without an entry get one synthetic row. */
  histories = new Map<string, HistoryEntry[]>();

  /** Each `inspectImage` call: the ID and whether it was the app's own look again. */
  inspectCalls: { id: string; again: boolean }[] = [];

  async inspectImage(id: string, again = false): Promise<ImageInspection> {
    this.inspectCalls.push({ id, again });
    return this.answer("inspectImage", () => {
      const image = this.images.find((i) => i.id === id);
      if (!image) throw { kind: "NoSuchImage", reference: id } satisfies ImagenError;
      return fakeInspection(image);
    });
  }

  /** Each `imageHistory` call: the ID and whether the app read it by itself. */
  historyCalls: { id: string; again: boolean }[] = [];

  async imageHistory(id: string, again = false): Promise<HistoryEntry[]> {
    this.historyCalls.push({ id, again });
    return this.answer("imageHistory", () => {
      if (!this.images.some((i) => i.id === id))
        throw { kind: "NoSuchImage", reference: id } satisfies ImagenError;
      return (
        this.histories.get(id) ?? [
          {
            id: id.slice(7, 19),
            created: Math.floor(Date.now() / 1000) - 14 * 24 * 3600,
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

  // -------------------------------------------------------------------------------------
  // Removal, as the backend does it: plans kept by ID, each run once, the engine re-read
  // before running (a plan that would now do something else is answered with the new one),
  // and a cancel that stops the run before its next step.

  /** Containers on the fake engine (for the plans it makes itself and for runs). */
  containers: PlanContainer[] = [];
  /** The plan `planRemoval` answers for a selection; when null (the default), the fake plans
   * on its own `images` and `containers`. Re-asked at execute, like the backend re-plans. */
  plan: ((selection: Selection) => RemovalPlan | null) | null = null;
  selections: Selection[] = [];
  /** Plans kept, by ID; a plan leaves when it runs or is replaced. */
  plans = new Map<string, { selection: Selection; plan: RemovalPlan }>();
  #seq = 0;

  /** `docker tag <image> <tag>` in a terminal: the tag leaves whichever image had it. */
  tag(imageId: string, tag: string): void {
    this.images = this.images.map((img) =>
      withTags(img, [...img.tags.filter((t) => t !== tag), ...(img.id === imageId ? [tag] : [])]),
    );
  }

  /** `docker rmi <tag>` in a terminal, on an image that keeps another name: only the tag goes. */
  untag(tag: string): void {
    this.images = this.images.map((img) =>
      withTags(
        img,
        img.tags.filter((t) => t !== tag),
      ),
    );
  }

  /** `docker create` (and `docker start`) in a terminal: a container of `imageId` appears. */
  addContainer(name: string, state: ContainerState, imageId: string): PlanContainer {
    const container = fakePlanContainer(name, state, imageId);
    this.containers = [...this.containers, container];
    this.#count(container, 1);
    return container;
  }

  #planFor(selection: Selection): RemovalPlan | null {
    return this.plan ? this.plan(selection) : planOn(this.images, this.containers, selection);
  }

  #keep(selection: Selection, plan: RemovalPlan): RemovalPlan {
    const kept = { ...structuredClone(plan), id: `plan-${++this.#seq}` };
    this.plans.set(kept.id, { selection: structuredClone(selection), plan: kept });
    return kept;
  }

  /** As the backend refuses a tag chosen on one image that now names another. */
  #movedTag(selection: Selection): ImagenError | null {
    for (const { reference, image } of selection.tags) {
      const now = this.images.find((i) => i.tags.includes(reference));
      if (now && now.id !== image) return { kind: "TagMoved", reference, seen: image, now: now.id };
    }
    return null;
  }

  #notPlanned(selection: Selection): ImagenError {
    const reference = selection.images[0] ?? selection.tags[0]?.reference ?? "";
    return { kind: "NoSuchImage", reference };
  }

  /** As the backend refuses a selection naming an image or tag that is not there (only
   * when the fake plans on its own images). */
  #missing(selection: Selection): ImagenError | null {
    if (this.plan) return null;
    const gone =
      selection.images.find((id) => !this.images.some((i) => i.id === id)) ??
      selection.tags.find((t) => !this.images.some((i) => i.tags.includes(t.reference)))?.reference;
    return gone === undefined ? null : { kind: "NoSuchImage", reference: gone };
  }

  /** As the backend: a call asked on another engine than the one in use does nothing. */
  #stillOn(engine: string | null | undefined): void {
    if (engine != null && engine !== this.engine.address)
      throw { kind: "EngineSwitched", to: this.engine.address } satisfies ImagenError;
  }

  async planRemoval(selection: Selection, engine?: string | null): Promise<RemovalPlan> {
    return this.answer("planRemoval", () => {
      this.#stillOn(engine);
      this.selections.push(structuredClone(selection));
      const moved = this.#movedTag(selection);
      if (moved) throw moved;
      const missing = this.#missing(selection);
      if (missing) throw missing;
      const plan = this.#planFor(selection);
      if (!plan) throw this.#notPlanned(selection);
      return this.#keep(selection, plan);
    });
  }

  async previewRemoval(selection: Selection, engine?: string | null): Promise<RemovalPlan> {
    return this.answer("previewRemoval", () => {
      this.#stillOn(engine);
      const moved = this.#movedTag(selection);
      if (moved) throw moved;
      const plan = this.#planFor(selection);
      if (!plan) throw this.#notPlanned(selection);
      return { ...plan, id: "" };
    });
  }

  /** As the backend's `recheck_plan`: the kept plan's selection planned again on the fake
   * engine as it is now, leaving out what is gone; the kept plan stays runnable. */
  async recheckRemoval(planId: string): Promise<PlanRecheck> {
    return this.answer("recheckRemoval", () => {
      const kept = this.plans.get(planId);
      if (!kept) throw { kind: "UnknownPlan", id: planId } satisfies ImagenError;
      const fresh = this.#planFor(kept.selection);
      const shown = (p: RemovalPlan) => JSON.stringify({ ...p, id: "" });
      if (fresh && shown(fresh) === shown(kept.plan)) return { kind: "Same" };
      return {
        kind: "Changed",
        changes: fakePlanChanges(kept.plan, fresh, this.images),
        plan: fresh ? this.#keep(kept.selection, fresh) : null,
      };
    });
  }

  /** Removals running: the test moves them on with `step()`/`finish()` (the fake's world
   * changes as the engine's would), or answers for the backend with `settle()`. */
  removals: FakeRemoval[] = [];
  /** When true, a run that goes ahead runs all its steps at once. */
  autoRemove = false;

  executeRemoval(
    planId: string,
    action: ActionKind,
    onEvent: (e: RemovalEvent) => void,
  ): Promise<RemovalRun> {
    this.calls.push("executeRemoval");
    if (this.failWith) return Promise.reject(this.failWith);
    const kept = this.plans.get(planId);
    if (!kept) return Promise.reject({ kind: "UnknownPlan", id: planId } satisfies ImagenError);
    const seen = kept.plan.actions.find((a) => a.kind === action);
    if (!seen)
      return Promise.reject({
        kind: "InvalidInput",
        field: "action",
        reason: "this plan does not offer it",
      } satisfies ImagenError);
    // Either way this plan is spent: it runs, or a newer one replaces it.
    this.plans.delete(planId);
    const fresh = this.#planFor(kept.selection);
    const now = fresh?.actions.find((a) => a.kind === action);
    if (!now || !sameEffect(seen, now))
      return Promise.resolve({
        kind: "Changed",
        changes: fakePlanChanges(kept.plan, fresh, this.images),
        plan: fresh ? this.#keep(kept.selection, fresh) : null,
      });

    return new Promise((resolve, reject) => {
      const steps = seen.steps;
      const report: RemovalReport = {
        stepsRun: 0,
        untagged: [],
        deleted: [],
        failed: null,
        cancelled: false,
      };
      const before = structuredClone(this.containers);
      let next = 0;
      const settle = (r: RemovalReport | ImagenError) => {
        if (!this.removals.includes(entry)) return;
        this.removals = this.removals.filter((x) => x !== entry);
        if ("kind" in r) reject(r);
        else resolve({ kind: "Ran", report: r });
      };
      const step = (): boolean => {
        if (!this.removals.includes(entry)) return false;
        if (entry.cancelRequested || next >= steps.length) {
          report.cancelled = next < steps.length;
          settle(report);
          return false;
        }
        const i = next++;
        onEvent({ kind: "Started", step: i });
        const done = this.#run(steps[i]!, before);
        if ("error" in done) {
          onEvent({ kind: "Failed", step: i, error: done.error });
          report.failed = done.error;
          settle(report);
          return false;
        }
        report.stepsRun++;
        report.untagged.push(...done.untagged);
        report.deleted.push(...done.deleted);
        onEvent({ kind: "Finished", step: i, ...done });
        if (next < steps.length) return true;
        settle(report);
        return false;
      };
      const entry: FakeRemoval = {
        planId,
        action,
        steps,
        onEvent,
        cancelRequested: false,
        step,
        finish: () => {
          while (step());
        },
        settle,
      };
      this.removals.push(entry);
      if (this.autoRemove) entry.finish();
    });
  }

  async cancelRemoval(planId: string): Promise<boolean> {
    return this.answer("cancelRemoval", () => {
      const running = this.removals.find((r) => r.planId === planId);
      if (running) running.cancelRequested = true;
      return running !== undefined;
    });
  }

  /** One step on the fake engine, checked first as the backend checks it: a name must still
   * name the planned image. */
  #run(step: Step, before: PlanContainer[]): StepDone | { error: ImagenError } {
    const gone: StepDone = { untagged: [], deleted: [], alreadyGone: true };
    const done: StepDone = { untagged: [], deleted: [], alreadyGone: false };
    if (step.kind !== "RemoveImage") {
      const c = this.containers.find((x) => x.id === step.container);
      if (!c) return gone;
      this.#count(c, -1);
      if (step.kind === "RemoveContainer") {
        this.containers = this.containers.filter((x) => x !== c);
        return done;
      }
      const changed = {
        ...c,
        state: step.kind === "Stop" ? ("exited" as const) : ("running" as const),
      };
      this.containers = this.containers.map((x) => (x === c ? changed : x));
      this.#count(changed, 1);
      return done;
    }
    const byId = step.reference === step.image;
    const named = this.images.find((i) =>
      byId ? i.id === step.image : i.tags.includes(step.reference),
    );
    if (!named) return gone;
    if (named.id !== step.image)
      return {
        error: {
          kind: "EngineChanged",
          changes: [
            { kind: "TagMoved", reference: step.reference, from: step.image, to: named.id },
          ],
        },
      };
    if (step.force) {
      const planned = new Set(before.map((c) => c.id));
      const added = this.containers.filter((c) => c.imageId === named.id && !planned.has(c.id));
      if (added.length > 0)
        return {
          error: {
            kind: "EngineChanged",
            changes: added.map((c) => ({
              kind: "ContainerAdded" as const,
              container: c.name,
              image: c.imageId,
              state: c.state,
            })),
          },
        };
    }
    const users = this.containers.filter((c) => c.imageId === named.id);
    const left = byId ? [] : named.tags.filter((t) => t !== step.reference);
    if (left.length === 0 && users.length > 0 && !step.force) {
      const running = users.some((c) => isRunningState(c.state));
      return {
        error: {
          kind: "RemovalConflict",
          reference: step.reference,
          reason: running ? "runningContainer" : "stoppedContainer",
          containers: users.map((c) => c.name),
          message: `conflict: unable to delete ${shortId(named.id)} - image is being used by ${running ? "running" : "stopped"} container`,
        },
      };
    }
    done.untagged = byId ? named.tags : [step.reference];
    if (left.length === 0) {
      this.images = this.images.filter((i) => i !== named);
      done.deleted = [named.id];
    } else {
      this.images = this.images.map((i) => (i === named ? withTags(i, left) : i));
    }
    return done;
  }

  /** Keeps the cards' container counts in step with `containers`. */
  #count(c: PlanContainer, by: number): void {
    const key = isRunningState(c.state) ? "running" : "stopped";
    this.images = this.images.map((i) =>
      i.id === c.imageId
        ? { ...i, containers: { ...i.containers, [key]: Math.max(0, i.containers[key] + by) } }
        : i,
    );
  }

  // -------------------------------------------------------------------------------------
  // Prune: previews kept by ID; confirming re-reads the fake's world and answers `Changed`
  // when the prune would now remove more than previewed.

  /** The preview for a mode; when null (the default), the fake works it out from `images`
   * (dangling ones, or every image no container uses). */
  preview: ((mode: PruneMode) => FakePreview) | null = null;
  /** What a prune that goes ahead reports; when null, what the kept preview showed. */
  pruneReport: PruneReport | null = null;
  previews = new Map<string, PrunePreview>();

  #previewFor(mode: PruneMode): PrunePreview {
    const preview = this.preview
      ? this.preview(mode)
      : previewOn(this.images, this.containers, mode);
    // Made on the engine the fake is on now, unless the test says which.
    return {
      engine: this.engine.address,
      intermediatesAlone: false,
      ...structuredClone(preview),
      id: `prune-${++this.#seq}`,
    };
  }

  async prunePreview(mode: PruneMode, engine?: string | null): Promise<PrunePreview> {
    return this.answer("prunePreview", () => {
      this.#stillOn(engine);
      const preview = this.#previewFor(mode);
      this.previews.set(preview.id, preview);
      return preview;
    });
  }

  async pruneImages(previewId: string): Promise<PruneRun> {
    return this.answer("pruneImages", (): PruneRun => {
      const seen = this.previews.get(previewId);
      if (!seen) throw { kind: "UnknownPlan", id: previewId } satisfies ImagenError;
      this.previews.delete(previewId);
      const now = this.#previewFor(seen.mode);
      const changes = fakePruneAdditions(seen, now);
      if (changes.length > 0) {
        this.previews.set(now.id, now);
        return { kind: "Changed", changes, preview: now };
      }
      // Exactly what was previewed, less what left meanwhile.
      const still = seen.images.filter((i) => this.images.some((x) => x.id === i.id));
      const report = structuredClone(this.pruneReport) ?? {
        deleted: still.filter((i) => i.deleted).map((i) => i.id),
        untagged: still.flatMap((i) => i.untagged),
        // As the backend: no figure at all when the sizes were not known.
        reclaimed: seen.freedText === null ? null : seen.freed,
        reclaimedText: seen.freedText,
        left: [],
        // As the backend: what the preview was to delete and is gone already, as it named it.
        goneBefore: seen.images
          .filter((i) => i.deleted && !still.includes(i))
          .map((i) => (i.displayName.startsWith("<none>") ? i.shortId : i.displayName)),
        failed: null,
      };
      this.images = this.images
        .filter((i) => !report.deleted.includes(i.id))
        .map((i) =>
          withTags(
            i,
            i.tags.filter((t) => !report.untagged.includes(t)),
          ),
        );
      return { kind: "Ran", report };
    });
  }

  // -------------------------------------------------------------------------------------
  // Engine signals: tests play the backend with `signal()`.

  /** Who listens to engine signals now. */
  signalHandlers = new Set<(signal: EngineSignal) => void>();

  async onEngineSignal(handler: (signal: EngineSignal) => void): Promise<() => void> {
    // A new function per subscription: the same handler twice is two subscriptions.
    const own = (signal: EngineSignal) => handler(signal);
    this.signalHandlers.add(own);
    return () => void this.signalHandlers.delete(own);
  }

  /** The backend emits `signal` (a copy to every subscriber, as an event payload is). */
  signal(signal: EngineSignal): void {
    for (const handler of [...this.signalHandlers]) handler(structuredClone(signal));
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
    warnings: [],
    ...partial,
  };
}

/** What the engine would say for `image`, shaped like `docker inspect`: compact, on one line,
 * as the engine sends it (`docker image inspect` is what indents it). */
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
    raw: JSON.stringify(doc) + "\n",
    details: {
      id: image.id,
      tags: image.tags,
      digests: image.digests,
      digestNamed: image.digestNamed,
      created: doc.Created,
      size: image.size,
      sizeText: humanSize(image.size),
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

/** The full ID `fakePlanContainer` gives the container called `name` (no `sha256:`). */
export function fakeContainerId(name: string): string {
  return fakeId(`container ${name}`).slice("sha256:".length);
}

/** A container in a removal plan, created from `imageId`. */
export function fakePlanContainer(
  name: string,
  state: ContainerState,
  imageId: string,
): PlanContainer {
  const id = fakeContainerId(name);
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
    shortId: shortId(image.id),
    displayName: displayName(image),
    tags: image.tags,
    digests: image.digests,
    selectedTags: [],
    size: image.size,
    sizeText: humanSize(image.size),
    uniqueSize: image.size,
    verdict: "delete",
    reason: null,
    forcedReason: null,
    ...partial,
  };
}

/** `docker rmi [-f] <reference>`, where the reference names `image` when planned. */
export function fakeRmi(reference: string, image: string, force = false): Step {
  return { kind: "RemoveImage", reference, force, image };
}

/** The docker command for a step, as the backend words it (`Step::command`): quoted like
 * the Terminal record, and by ID the full ID. */
export function fakeCommand(step: Step): string {
  switch (step.kind) {
    // By full ID, as the backend words them (Step::command): replayed later, a name could
    // stand for another container.
    case "Unpause":
      return shellLine(["docker", "unpause", step.container]);
    case "Stop":
      return shellLine(["docker", "stop", step.container]);
    case "RemoveContainer":
      return shellLine(["docker", "rm", step.container]);
    case "RemoveImage":
      return shellLine(["docker", "rmi", ...(step.force ? ["-f"] : []), step.reference]);
  }
}

/** The steps removing `images`: their chosen tags, or every tag (the full ID when none). */
function rmiSteps(images: PlanImage[]): Step[] {
  return images.flatMap((i) => {
    const refs = i.selectedTags.length > 0 ? i.selectedTags : i.tags;
    return refs.length > 0 ? refs.map((t) => fakeRmi(t, i.id)) : [fakeRmi(i.id, i.id)];
  });
}

/** An action's outcome that goes through: nothing untagged, deleted or stopped, but what
 * `partial` says (its freed bytes worded as the backend words them). */
export function fakeSucceeds(
  partial: Partial<Extract<Outcome, { kind: "Succeeds" }>> = {},
): Outcome {
  const freed = partial.freed ?? 0;
  return {
    kind: "Succeeds",
    untagged: [],
    deleted: [],
    leftNameless: [],
    freed,
    freedText: humanSize(freed),
    stopped: [],
    removedContainers: [],
    orphaned: [],
    ...partial,
  };
}

/** A plan's action: `steps`, their docker commands, and what they lead to. */
export function fakeAction(kind: ActionKind, steps: Step[], outcome: Outcome): PlanAction {
  return { kind, steps, commands: steps.map(fakeCommand), outcome };
}

/** `docker rmi` of some of `image`'s tags, as the backend plans it: only those go. */
export function fakeUntagAction(image: ImageSummary, tags: string[]): PlanAction {
  return fakeAction(
    "removeTag",
    tags.map((t) => fakeRmi(t, image.id)),
    fakeSucceeds({ untagged: tags }),
  );
}

/** A plan whose only action deletes every image by its tags (or full ID). */
export function fakePlan(partial: Partial<RemovalPlan> = {}): RemovalPlan {
  const images = partial.images ?? [];
  const steps = rmiSteps(images);
  const freed = images.reduce((s, i) => s + (i.uniqueSize ?? 0), 0);
  return {
    id: "",
    images,
    containers: [],
    children: [],
    podman: false,
    actions: [
      {
        kind: "delete",
        steps,
        commands: steps.map(fakeCommand),
        outcome: fakeSucceeds({
          untagged: images.flatMap((i) => i.tags),
          deleted: images.map((i) => i.id),
          freed,
        }),
      },
    ],
    ...partial,
  };
}

function isRunningState(state: ContainerState): boolean {
  return state === "running" || state === "paused" || state === "restarting";
}

function withTags(image: ImageSummary, tags: string[]): ImageSummary {
  if (tags.length === image.tags.length && tags.every((t, i) => t === image.tags[i])) return image;
  return {
    ...image,
    tags,
    dangling: tags.length === 0 && image.digests.length === 0,
  };
}

/**
 * What the fake plans for `selection` on its engine, in the backend's shape: the chosen tags
 * go one by one (a whole image: every tag, then its ID if it has none); when a container
 * uses an image that would be deleted, plain removal is refused and the guided action stops
 * and removes the containers first. No force, no parent images: enough for the UI's states.
 * Null when nothing of the selection is left.
 */
function planOn(
  images: ImageSummary[],
  containers: PlanContainer[],
  selection: Selection,
): RemovalPlan | null {
  let picks: PlanImage[] = images.flatMap((img) => {
    if (selection.images.includes(img.id)) return [fakePlanImage(img)];
    const tags = selection.tags
      .filter((t) => t.image === img.id && img.tags.includes(t.reference))
      .map((t) => t.reference);
    if (tags.length === 0) return [];
    const all = tags.length === img.tags.length;
    return [fakePlanImage(img, { selectedTags: tags, verdict: all ? "delete" : "untagOnly" })];
  });
  if (picks.length === 0) return null;
  const deleted = picks.filter((p) => p.verdict === "delete").map((p) => p.id);
  const using = containers.filter((c) => picks.some((p) => p.id === c.imageId));
  const blocking = using.filter((c) => deleted.includes(c.imageId));
  const running = blocking.filter((c) => isRunningState(c.state));
  picks = picks.map((p) =>
    blocking.some((c) => c.imageId === p.id)
      ? {
          ...p,
          verdict: running.some((c) => c.imageId === p.id) ? "blocked" : "needsForce",
          reason: running.length > 0 ? "runningContainer" : "stoppedContainer",
        }
      : p,
  );
  const steps = rmiSteps(picks);
  const untagged = steps.flatMap((s) =>
    s.kind === "RemoveImage" && s.reference !== s.image ? [s.reference] : [],
  );
  const freed = picks
    .filter((p) => deleted.includes(p.id))
    .reduce((sum, p) => sum + (p.uniqueSize ?? 0), 0);
  const action = fakeAction;
  const plainKind = picks.every((p) => p.selectedTags.length > 0) ? "removeTag" : "delete";
  const plan = { id: "", images: picks, containers: using, children: [], podman: false };
  if (blocking.length === 0)
    return {
      ...plan,
      actions: [action(plainKind, steps, fakeSucceeds({ untagged, deleted, freed }))],
    };

  const first = running[0] ?? blocking[0]!;
  const refused: Outcome = {
    kind: "Refused",
    step: steps.findIndex((s) => s.kind === "RemoveImage" && s.image === first.imageId),
    image: first.imageId,
    reason: running.length > 0 ? "runningContainer" : "stoppedContainer",
    hard: running.length > 0,
    container: first.id,
  };
  const clear: Step[] = blocking.flatMap((c) => {
    const who = { container: c.id, name: c.name };
    return [
      ...(c.state === "paused" ? [{ kind: "Unpause" as const, ...who }] : []),
      ...(isRunningState(c.state) ? [{ kind: "Stop" as const, ...who }] : []),
      { kind: "RemoveContainer" as const, ...who },
    ];
  });
  const guided = fakeSucceeds({
    untagged,
    deleted,
    freed,
    stopped: running.map((c) => c.id),
    removedContainers: blocking.map((c) => c.id),
  });
  return {
    ...plan,
    actions: [
      action(plainKind, steps, refused),
      action("stopRemoveDelete", [...clear, ...steps], guided),
    ],
  };
}

/** A prune preview as a test gives it: the fake names it and, unless given, its engine. */
export type FakePreview = Omit<PrunePreview, "id" | "engine" | "intermediatesAlone"> & {
  engine?: string;
  intermediatesAlone?: boolean;
};

/** What `docker image prune [-a]` would do on the fake's images (no parents, no layers), and
 * which dangling images the `containers` made from them keep. */
function previewOn(
  images: ImageSummary[],
  containers: PlanContainer[],
  mode: PruneMode,
): FakePreview {
  const unused = (i: ImageSummary) => i.containers.running + i.containers.stopped === 0;
  const gone = images.filter((i) => unused(i) && (mode === "unused" || i.dangling));
  const freed = gone.reduce((sum, i) => sum + i.size, 0);
  const kept =
    mode === "dangling"
      ? images
          .filter((i) => i.dangling && !unused(i))
          .map((i) => ({
            id: i.id,
            shortId: shortId(i.id),
            containers: containers.filter((c) => c.imageId === i.id),
          }))
      : [];
  return {
    kept,
    mode,
    images: gone.map((i) => ({
      id: i.id,
      shortId: shortId(i.id),
      displayName: i.tags[0] ?? "<none>:<none>",
      untagged: i.tags,
      deleted: true,
      intermediate: false,
      uniqueSize: i.size,
    })),
    freed,
    freedText: humanSize(freed),
  };
}

/** The backend's test for "runs as shown": same calls, same outcome (freed space aside). */
function sameEffect(seen: PlanAction, now: PlanAction): boolean {
  const effect = (a: PlanAction) =>
    JSON.stringify([
      a.kind,
      a.steps,
      a.outcome.kind === "Succeeds" ? { ...a.outcome, freed: 0, freedText: "" } : a.outcome,
    ]);
  return effect(seen) === effect(now);
}

/** What differs between the plan the user saw and the plan now (`null`: nothing of the
 * selection is left); the backend's `plan_changes` in small. Never empty. */
export function fakePlanChanges(
  old: RemovalPlan,
  now: RemovalPlan | null,
  images: readonly ImageSummary[],
): PlanChange[] {
  const out: PlanChange[] = [];
  for (const img of old.images) {
    for (const tag of img.selectedTags) {
      // Where the engine has the tag now: a moved tag is not in the new plan.
      const to = images.find((i) => i.tags.includes(tag))?.id ?? null;
      if (to !== img.id) out.push({ kind: "TagMoved", reference: tag, from: img.id, to });
    }
    const current = now?.images.find((i) => i.id === img.id);
    if (!current) {
      if (img.selectedTags.length === 0)
        out.push({ kind: "ImageGone", image: img.id, name: img.displayName });
      continue;
    }
    const added = current.tags.filter((t) => !img.tags.includes(t));
    const removed: string[] = [];
    // A selected tag that left is told above, once: as moved, or gone.
    const left = img.tags.filter((t) => !current.tags.includes(t) && !img.selectedTags.includes(t));
    for (const tag of left) {
      // A tag that left for another image moved (a terminal's `docker build -t`).
      const to = images.find((i) => i.tags.includes(tag))?.id;
      if (to !== undefined && to !== img.id)
        out.push({ kind: "TagMoved", reference: tag, from: img.id, to });
      else removed.push(tag);
    }
    if (added.length + removed.length > 0)
      out.push({ kind: "TagsChanged", image: img.id, name: img.displayName, added, removed });
  }
  for (const c of now?.containers ?? []) {
    const was = old.containers.find((o) => o.id === c.id);
    if (!was)
      out.push({ kind: "ContainerAdded", container: c.name, image: c.imageId, state: c.state });
    else if (was.state !== c.state)
      out.push({ kind: "ContainerStateChanged", container: c.name, from: was.state, to: c.state });
  }
  for (const child of now?.children ?? [])
    if (!old.children.some((o) => o.id === child.id))
      out.push({ kind: "ChildAdded", child: child.displayName, parent: child.parent });
  for (const child of old.children)
    if (
      now &&
      !now.children.some((n) => n.id === child.id) &&
      now.images.some((i) => i.id === child.parent)
    )
      out.push({ kind: "ChildGone", child: child.displayName, parent: child.parent });
  for (const c of old.containers)
    if (
      now &&
      !now.containers.some((n) => n.id === c.id) &&
      now.images.some((i) => i.id === c.imageId)
    )
      out.push({ kind: "ContainerGone", container: c.name });
  return out.length > 0 ? out : [{ kind: "OutcomeChanged" }];
}

/** Images a prune would now delete or untag beyond the preview (the backend's
 * `prune_additions`); empty when it would do the same or less. */
export function fakePruneAdditions(seen: PrunePreview, now: PrunePreview): PlanChange[] {
  return now.images
    .filter((img) => {
      const was = seen.images.find((o) => o.id === img.id);
      return (
        !was || (img.deleted && !was.deleted) || img.untagged.some((t) => !was.untagged.includes(t))
      );
    })
    .map((img) => ({ kind: "ImageAdded", image: img.id, name: img.displayName }));
}

/** One engine for the switcher, answering unless `answer` says otherwise. */
export function fakeChoice(
  id: string,
  label: string,
  fields: Partial<EngineChoice> = {},
): EngineChoice {
  return {
    id,
    label,
    address: id.replace(/^(socket|context):/, ""),
    description: null,
    via: null,
    socket: null,
    context: id.startsWith("context:"),
    dockerDefault: false,
    inUse: false,
    dockerCommand: `docker context use ${label}`,
    exposed: false,
    answer: { kind: "Answers", serverVersion: "27.5.1", podman: false },
    ...fields,
  };
}
