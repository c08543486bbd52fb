// Why a save was refused (`Changed`: nothing was written), one plain sentence per change,
// naming the images as the dialog showed them ("nginx:1.27 now names another image
// (4f2a9c1b3d5e).", "An image was removed.").
import type { KitChange } from "../ipc/api";
import { m } from "../i18n/messages";
import { shortId } from "../removal/changes";

/** The images the user saw when saving, to name a removed one. */
export interface ShownImage {
  id: string;
  tags: readonly string[];
}

/** What a sentence needs: which kind, and the names in it (Docker's own words). */
export type ChangeWords =
  | { kind: "gone"; name: string | null }
  | { kind: "moved"; reference: string; now: string }
  | { kind: "untagged"; reference: string };

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
  }
}
