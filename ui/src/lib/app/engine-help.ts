// What to tell a user whose engine cannot be reached, per OS, per cause and per place (another
// computer, or whose socket on this one). The wording lives with every other error's, in
// lib/shared/errors.ts (one voice for errors); this module says which errors get the engine
// screen.
import type { ImagenError } from "../ipc/api";

export { engineHelp, type EngineHelp, type KnownEngine } from "../shared/errors";

/** Errors that mean "no engine to talk to", shown with the engine screen. */
export function isEngineProblem(error: ImagenError): boolean {
  return (
    error.kind === "EngineUnreachable" ||
    error.kind === "EngineTimeout" ||
    error.kind === "UnsupportedAddress" ||
    error.kind === "EngineContext"
  );
}
