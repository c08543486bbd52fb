// What a finished save says: the file and its size and, when the archive went beside the file
// the user chose (`kit (2).tar`), why that file was left as it is: it appeared or changed after
// the choice, it is open in another program, or the system refused to replace it.
import type { SaveOutcome } from "../ipc/api";
import { m } from "../i18n/messages";
import { humanSize } from "../shared/format";

/** A save that wrote its archive. */
export type SavedOutcome = Extract<SaveOutcome, { status: "Saved" }>;

/** The sentence for a finished save, in the current language. */
export function savedSentence(outcome: SavedOutcome): string {
  const file = outcome.file;
  const size = humanSize(outcome.bytes);
  const chosen = outcome.insteadOf;
  if (chosen === null) return m.kit_saved({ file, size });
  switch (outcome.besideBecause) {
    case "InUse":
      return m.kit_saved_beside_in_use({ file, size, chosen });
    case "Refused":
      return m.kit_saved_beside_refused({ file, size, chosen });
    default:
      // "Changed", or a backend that does not say why (all it knew before it could tell the
      // reasons apart).
      return m.kit_saved_beside({ file, size, chosen });
  }
}
