// The workshop kit's state in the app: which of its dialogs and panels is open, and the stores
// the cards, the header and the inspector share (update answers, the Terminal record). Cards
// reach it through context, so the grid in between needs no props for it.
import { getContext, setContext } from "svelte";
import type { GrantedFile, ImagenApi, ImageSummary } from "../ipc/api";
import { RecordStore } from "../record/record.svelte";
import { UpdatesStore } from "../tag/updates.svelte";

const KEY = Symbol("workshop");

export class WorkshopState {
  /** The images the Save dialog saves (fixed when it opens), or null when closed. */
  saving: ImageSummary[] | null = $state.raw(null);
  /** The Load dialog: open with a dropped file, or with none (it offers the Open dialog). */
  loading: { file: GrantedFile | null } | null = $state.raw(null);
  /** The image the Tag dialog tags, as it was shown when the dialog opened (the dialog follows
   * the live list while the image is in it), or null when closed. */
  tagging: ImageSummary | null = $state.raw(null);
  recordOpen = $state(false);
  learnOpen = $state(false);
  readonly updates: UpdatesStore;
  readonly record: RecordStore;
  /** Opens the Pull dialog's flow for a reference (the card's "Pull the new one"). */
  pull: (reference: string) => void = () => {};

  constructor(api: ImagenApi) {
    this.updates = new UpdatesStore(api);
    this.record = new RecordStore(api);
  }
}

export function provideWorkshop(state: WorkshopState): void {
  setContext(KEY, state);
}

/** The app's workshop state, or null outside the app (a card tested on its own). */
export function getWorkshop(): WorkshopState | null {
  return getContext<WorkshopState | undefined>(KEY) ?? null;
}
