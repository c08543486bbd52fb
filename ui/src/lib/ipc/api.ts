// The app's whole view of its backend. Components never call Tauri directly: they get an
// `ImagenApi` from context, which is the Tauri one in the app and `FakeApi` in tests.
import type {
  ActionKind,
  AppInfo,
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
  DockerElsewhere,
  Software,
  EngineChoices,
  EngineInfo,
  EngineSignal,
  HistoryEntry,
  ImageInspection,
  ImageList,
  ImagenError,
  ParsedReference,
  PlanRecheck,
  PullOutcome,
  PruneMode,
  PrunePreview,
  PruneRun,
  PullProgress,
  RemovalEvent,
  RemovalPlan,
  RemovalRun,
  Selection,
} from "./bindings";

export type * from "./bindings";

export interface ImagenApi {
  /** `docker images`, with running/stopped container counts per image. */
  listImages(): Promise<ImageList>;
  /** The engine's version and address; connects if needed. */
  engineInfo(): Promise<EngineInfo>;
  /** Imagen's own version (the workspace Cargo.toml's) and licence, for the About dialog. */
  appInfo(): Promise<AppInfo>;
  /** The language the UI speaks, named at start and at every switch: the backend words the
   * macOS menu bar in it (elsewhere there is none, and nothing happens). Nothing waits for
   * it: the menu bar is worded a moment later, on the app's main thread. */
  setLanguage(language: Language): Promise<void>;
  /** Every engine Imagen could use (each docker context, each socket found on this machine),
   * each asked at once whether it answers. */
  listEngines(): Promise<EngineChoices>;
  /** The engine the docker CLI uses now when Imagen, finding its engine as the CLI does, is
   * still on another (a `docker context use` in a terminal since); null otherwise. Reads
   * docker's configuration only: cheap enough for every return to the window. */
  dockerElsewhere(): Promise<DockerElsewhere | null>;
  /** The engine software installed on this computer, running or not (Docker Desktop, Docker
   * Engine, Podman, …): an empty list tells "not installed" from "not running". Looks at
   * files only. */
  engineSoftware(): Promise<Software[]>;
  /** Switches Imagen, and only Imagen (the terminal keeps its context), to the engine `id`
   * from `listEngines`, or back to finding it as the docker CLI does (`null`); remembered
   * across restarts. Rejects with `InvalidInput` or `UnknownContext` for an id that is not
   * (or no longer) listed, and nothing changes then. Answers why the choice holds for this
   * run only when its settings file could not be written (else `null`). */
  chooseEngine(id: string | null): Promise<string | null>;
  /** Parses a reference as typed; rejects with `InvalidReference` naming the broken rule. */
  parseReference(input: string): Promise<ParsedReference>;
  /** Pulls until done, failed or cancelled; progress arrives ≈10 times a second. `engine`:
   * the address of the engine the window shows (null: none yet). Rejects with
   * `EngineSwitched`, having pulled nothing, when Imagen is on another engine by the time the
   * engine is reached (switched while it was connecting). */
  pullImage(
    pullId: string,
    reference: string,
    platform: string | null,
    engine: string | null,
    onProgress: (progress: PullProgress) => void,
  ): Promise<PullOutcome>;
  /** Cancels a running pull; false if it had already ended. Rejects with `InvalidInput` for
   * an ID the backend refuses. */
  cancelPull(pullId: string): Promise<boolean>;
  /** `docker inspect`: the engine's raw document and a summary. `again`: the app reads it
   * by itself (a refresh, the Learn panel), not at the user's request: not recorded. */
  inspectImage(id: string, again?: boolean): Promise<ImageInspection>;
  /** `docker history`. `again`: as for `inspectImage`, not recorded. */
  imageHistory(id: string, again?: boolean): Promise<HistoryEntry[]>;
  /** What removing `selection` would do (containers, children, each action's outcome). The
   * backend keeps the plan under its `id`. `engine`: the address of the engine the selection
   * was chosen on; Imagen on another one by then plans nothing (`EngineSwitched`). */
  planRemoval(selection: Selection, engine?: string | null): Promise<RemovalPlan>;
  /** The same plan as `planRemoval`, for showing only: not kept (its `id` runs nothing).
   * `engine`: as for `planRemoval`, the engine the image shown was listed on. */
  previewRemoval(selection: Selection, engine?: string | null): Promise<RemovalPlan>;
  /** Runs `action` of the kept plan `planId`, once. The backend re-reads the engine first:
   * `Changed` (nothing was deleted) when the action would now do anything else, with the
   * new plan replacing the old; else `Ran`, its steps reported over `onEvent`, stopping at
   * the first failure or a cancel. Either way `planId` is spent. */
  executeRemoval(
    planId: string,
    action: ActionKind,
    onEvent: (event: RemovalEvent) => void,
  ): Promise<RemovalRun>;
  /** Plans the selection of the open plan `planId` again, running nothing (the engine
   * changed while it was shown): `Same`, or what changed and the new plan (`null` when
   * nothing of the selection is left), kept under a new ID. `planId` stays runnable. */
  recheckRemoval(planId: string): Promise<PlanRecheck>;
  /** Asks the removal running plan `planId` to stop before its next step; false when it is
   * not running. */
  cancelRemoval(planId: string): Promise<boolean>;
  /** What `docker image prune [-a]` would remove, computed before confirming and kept by
   * the backend under its `id`. `engine`: as for `planRemoval`, the engine the dialog was
   * opened on. */
  prunePreview(mode: PruneMode, engine?: string | null): Promise<PrunePreview>;
  /** Removes exactly the images of the kept preview `previewId` (`Ran`, with the space
   * reclaimed), or nothing when the prune would now remove more (`Changed`, with the new
   * preview to confirm). */
  pruneImages(previewId: string): Promise<PruneRun>;
  /** Calls `handler` for every engine signal the backend sends (on a channel it follows):
   * `Changed` (images or containers changed elsewhere: a hint to list again, the list is the
   * truth), `Lost` (the engine stopped answering; the backend reconnects with backoff),
   * `Recovered` (it answers again). Resolves with the function that unsubscribes. */
  onEngineSignal(handler: (signal: EngineSignal) => void): Promise<() => void>;

  // ---- The workshop kit ------------------------------------------------------------------

  /** Every command Imagen carried out on the engine since it started, oldest first. */
  terminalRecord(): Promise<RecordEntry[]>;
  /** Calls `handler` with each Terminal record entry added or changed (same `seq`: a
   * running command that ended). Resolves with the function that unsubscribes. */
  onRecordEntry(handler: (entry: RecordEntry) => void): Promise<() => void>;
  /** Shows the native Save dialog (titled in `language` by the backend, suggesting
   * `fileName`); the chosen file may be written once by `saveImages`. `null` when the user
   * cancels the dialog. */
  chooseSaveFile(language: Language, fileName: string): Promise<GrantedFile | null>;
  /** Shows the native Open dialog for an image archive, titled in `language`; `null` when
   * cancelled. */
  chooseLoadFile(language: Language): Promise<GrantedFile | null>;
  /** Files dragged over (`Over`), away from (`Left`) or dropped on (`Dropped`: the one to
   * load kept for loading under an ID, the others only counted) the window. Resolves with the
   * function that unsubscribes. */
  onFileDrop(handler: (drop: FileDrop) => void): Promise<() => void>;
  /** What a chosen or dropped archive holds, read whole first (how far: `onProgress`, with
   * `checking`); rejects with `BadArchive` naming the problem (nothing reached the engine).
   * `cancelKit(previewId)` stops the reading: null. */
  previewArchive(
    fileId: string,
    previewId: string,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<ArchivePreview | null>;
  /** `docker save` of `items` as the user saw them, on the engine at `engine` (its address;
   * null: not known), into the chosen file; re-checked first (`Changed`: nothing written,
   * `EngineSwitched` when Imagen is on another engine now); `Cancelled` leaves no file. */
  saveImages(
    saveId: string,
    fileId: string,
    items: SaveItem[],
    engine: string | null,
    onProgress: (progress: SaveProgress) => void,
  ): Promise<SaveOutcome>;
  /** `docker load` of a chosen or dropped archive, if the file and the engine still match
   * its preview (`Changed` with the preview as it is now, and why, loads nothing); a bad file
   * is refused before the engine sees it; `Cancelled` before the engine had the whole file
   * loads nothing. `Failed` (and `Cancelled` while importing) names what the engine had
   * already loaded and moved: those stay. Rejects at once when the engine is down. */
  loadImages(
    loadId: string,
    fileId: string,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<LoadOutcome>;
  /** Stops a running save or load; false when it had already ended. */
  cancelKit(id: string): Promise<boolean>;
  /** `docker tag`: gives the image `imageId` (full ID) the tag `target`, if the tag still
   * names `expected` (the full ID it named when the user looked, `null` for none) and that
   * image's other tags are still `expectedKeeps` (what the user was told it keeps), on the
   * engine at `engine` (where the user saw it; `null`: not known); else `Changed` and nothing
   * is tagged. */
  tagImage(
    imageId: string,
    target: string,
    expected: string | null,
    expectedKeeps: readonly string[],
    engine: string | null,
  ): Promise<TagOutcome>;
  /** "Check for updates": each tagged image's digest against its registry's, telling
   * `onProgress` how many tags have their answer; `cancelUpdateCheck(checkId)` stops it, and
   * it answers with what it has (`stopped`). */
  checkUpdates(
    checkId: string,
    onProgress: (progress: UpdateProgress) => void,
  ): Promise<UpdateCheck>;
  /** Stops a running update check; false when it had already ended. */
  cancelUpdateCheck(checkId: string): Promise<boolean>;
}

// Every kind the backend sends: a kind added to `ImagenError` and missing here (or one
// listed here that no longer exists) fails the type check.
const KINDS: Record<ImagenError["kind"], true> = {
  EngineUnreachable: true,
  EngineTimeout: true,
  UnsupportedAddress: true,
  EngineContext: true,
  EngineRejected: true,
  Protocol: true,
  NoSuchImage: true,
  TagMoved: true,
  InvalidReference: true,
  ImageNotFound: true,
  Unauthorized: true,
  RateLimited: true,
  RegistryUnreachable: true,
  PlatformUnavailable: true,
  WindowsContainers: true,
  DiskFull: true,
  CredentialsUnavailable: true,
  PullFailed: true,
  RemovalConflict: true,
  InvalidInput: true,
  UnknownPlan: true,
  AlreadyRunning: true,
  EngineChanged: true,
  EngineSwitched: true,
  EmptySelection: true,
  BadArchive: true,
  FileProblem: true,
  NotEnoughRoom: true,
  UnknownFile: true,
  Internal: true,
};

/** Whatever a call rejected with, as an `ImagenError` the UI can switch on. */
export function toImagenError(thrown: unknown): ImagenError {
  if (
    typeof thrown === "object" &&
    thrown !== null &&
    "kind" in thrown &&
    Object.hasOwn(KINDS, String((thrown as { kind: unknown }).kind))
  ) {
    return thrown as ImagenError;
  }
  const message =
    thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : String(thrown);
  return { kind: "Internal", message };
}
