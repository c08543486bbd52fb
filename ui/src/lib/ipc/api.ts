// The app's whole view of its backend. Components never call Tauri directly: they get an
// `ImagenApi` from context, which is the Tauri one in the app and `FakeApi` in tests.
import type {
  EngineInfo,
  HistoryEntry,
  ImageInspection,
  ImageList,
  ImagenError,
  ParsedReference,
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

export type * from "./bindings";

export interface ImagenApi {
  /** `docker images`, with running/stopped container counts per image. */
  listImages(): Promise<ImageList>;
  /** The engine's version and address; connects if needed. */
  engineInfo(): Promise<EngineInfo>;
  /** Parses a reference as typed; rejects with `InvalidReference` naming the broken rule. */
  parseReference(input: string): Promise<ParsedReference>;
  /** Pulls until done, failed or cancelled; progress arrives ≈10 times a second. */
  pullImage(
    pullId: string,
    reference: string,
    platform: string | null,
    onProgress: (progress: PullProgress) => void,
  ): Promise<PullOutcome>;
  /** Cancels a running pull; false if it had already ended. */
  cancelPull(pullId: string): Promise<boolean>;
  /** `docker inspect`: the engine's raw document and a summary. */
  inspectImage(id: string): Promise<ImageInspection>;
  /** `docker history`. */
  imageHistory(id: string): Promise<HistoryEntry[]>;
  /** What removing `selection` would do (containers, children, each action's outcome). */
  planRemoval(selection: Selection): Promise<RemovalPlan>;
  /** Runs a plan action's steps; stops at the first failure, which the report names. */
  executeRemoval(steps: Step[], onEvent: (event: RemovalEvent) => void): Promise<RemovalReport>;
  /** What `docker image prune [-a]` would remove, computed before confirming. */
  prunePreview(mode: PruneMode): Promise<PrunePreview>;
  /** `docker image prune [-a]`; the report has the space the engine reclaimed. */
  pruneImages(mode: PruneMode): Promise<PruneReport>;
}

const KINDS: ReadonlySet<string> = new Set([
  "EngineUnreachable",
  "EngineTimeout",
  "UnsupportedAddress",
  "EngineRejected",
  "Protocol",
  "Internal",
  "InvalidReference",
  "ImageNotFound",
  "Unauthorized",
  "RateLimited",
  "RegistryUnreachable",
  "PlatformUnavailable",
  "DiskFull",
  "CredentialsUnavailable",
  "PullFailed",
  "NoSuchImage",
  "RemovalConflict",
] satisfies ImagenError["kind"][]);

/** Whatever a call rejected with, as an `ImagenError` the UI can switch on. */
export function toImagenError(thrown: unknown): ImagenError {
  if (
    typeof thrown === "object" &&
    thrown !== null &&
    "kind" in thrown &&
    KINDS.has(String((thrown as { kind: unknown }).kind))
  ) {
    return thrown as ImagenError;
  }
  const message =
    thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : String(thrown);
  return { kind: "Internal", message };
}
