// The app's whole view of its backend. Components never call Tauri directly: they get an
// `ImagenApi` from context, which is the Tauri one in the app and `FakeApi` in tests.
import type { EngineInfo, ImageList, ImagenError } from "./bindings";

export type * from "./bindings";

export interface ImagenApi {
  /** `docker images`, with running/stopped container counts per image. */
  listImages(): Promise<ImageList>;
  /** The engine's version and address; connects if needed. */
  engineInfo(): Promise<EngineInfo>;
}

const KINDS: ReadonlySet<string> = new Set([
  "EngineUnreachable",
  "EngineTimeout",
  "UnsupportedAddress",
  "EngineRejected",
  "Protocol",
  "Internal",
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
