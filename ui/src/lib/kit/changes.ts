// Why a save was refused (`Changed`: nothing was written), one plain sentence per change,
// naming the images as the dialog showed them ("nginx:1.27 now names another image
// (4f2a9c1b3d5e).", "An image was removed."), and why a load was (another engine, or the
// file or its tags).
import type { KitChange, LoadChange } from "../ipc/api";
import { m } from "../i18n/messages";
import { shortId } from "../removal/changes";
import { addressNames } from "../app/known-engines.svelte";

/** The images the user saw when saving, to name a removed one. */
export interface ShownImage {
  id: string;
  tags: readonly string[];
}

/** What a sentence needs: which kind, and the names in it (Docker's own words). */
export type ChangeWords =
  | { kind: "gone"; name: string | null }
  | { kind: "moved"; reference: string; now: string }
  | { kind: "untagged"; reference: string }
  | { kind: "engine"; from: string; to: string };

/** The inputs of a change's sentence: a removed image is named by its first tag as shown, else
 * by its short ID; a moved tag by the short ID of the image it names now. */
export function changeWords(change: KitChange, shown: readonly ShownImage[]): ChangeWords {
  switch (change.kind) {
    case "ImageGone": {
      const image = shown.find((i) => i.id === change.id);
      if (!image) return { kind: "gone", name: null };
      return { kind: "gone", name: image.tags[0] ?? shortId(image.id) };
    }
    case "TagMoved":
      return change.now === null
        ? { kind: "untagged", reference: change.reference }
        : { kind: "moved", reference: change.reference, now: shortId(change.now) };
    case "EngineSwitched":
      return { kind: "engine", ...addressNames(change.from, change.to) };
  }
}

/** The sentence for one change, in the current language. */
export function describeKitChange(change: KitChange, shown: readonly ShownImage[]): string {
  const words = changeWords(change, shown);
  switch (words.kind) {
    case "gone":
      return words.name === null
        ? m.kit_change_gone_unnamed()
        : m.kit_change_gone({ name: words.name });
    case "moved":
      return m.kit_change_moved({ reference: words.reference, id: words.now });
    case "untagged":
      return m.kit_change_untagged({ reference: words.reference });
    case "engine":
      return m.kit_save_engine_switched({ from: words.from, to: words.to });
  }
}

/** What a refused save says: its first line, and the changes listed under it. Another engine
 * is the whole story (nothing of it was seen); otherwise each change of the images. */
export function saveRefusal(
  changes: readonly KitChange[],
  shown: readonly ShownImage[],
): { headline: string; items: string[] } {
  const switched = changes.find((c) => c.kind === "EngineSwitched");
  if (switched) return { headline: describeKitChange(switched, shown), items: [] };
  return {
    headline: m.kit_save_changed(),
    items: changes.map((change) => describeKitChange(change, shown)),
  };
}

/** Why a load loaded nothing, above the preview as it is now. */
export function describeLoadChange(change: LoadChange): string {
  switch (change.kind) {
    case "EngineSwitched":
      return m.kit_load_engine_switched(addressNames(change.from, change.to));
    case "Archive":
      return m.kit_load_changed();
  }
}

/** The engine after a refused save: the one Imagen is on now when it said so (the dialog then
 * shows that engine's images), else `seen`, unchanged. */
export function engineAfter(changes: readonly KitChange[], seen: string | null): string | null {
  const switched = changes.find((c) => c.kind === "EngineSwitched");
  return switched?.kind === "EngineSwitched" ? switched.to : seen;
}
