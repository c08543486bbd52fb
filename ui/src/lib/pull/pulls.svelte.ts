// Pulls the user started: running ones stream progress, finished ones stay listed until
// dismissed. Pulls outlive the dialog that started them.
import { pullCommand } from "../commands/docker";
import { toImagenError, type ImagenApi } from "../ipc/api";
import type { ImagenError, PullOutcome, PullProgress } from "../ipc/api";
import { m } from "../i18n/messages";
import { shortId } from "../removal/changes";
import { cancelUntilTaken } from "../shared/cancel";
import { describeError, saveAsUtf8, savedIn } from "../shared/errors";
import { familiarTag } from "../tag/names";

export { describeError };

export type PullStatus = "running" | "done" | "failed" | "cancelled";

export interface PullEntry {
  id: string;
  /** Which engine it runs on, as a count of switches: a running pull stays on its engine. */
  engine?: number;
  /** That engine's name as the header showed it when the pull started (null: not known yet),
   * for the row to say where it ran once Imagen is on another engine. */
  engineName?: string | null;
  reference: string;
  platform: string | null;
  status: PullStatus;
  progress: PullProgress | null;
  /** When the last progress report arrived (or the pull started), in epoch ms: a pull that
   * hears nothing for a while says so instead of showing its last speed as if current. */
  heardAt: number;
  outcome: PullOutcome | null;
  error: ImagenError | null;
  /** Asking to cancel failed (the pull goes on): why. */
  cancelError?: ImagenError | null;
  /** The user asked to cancel (a pull that ends done anyway had finished first). */
  cancelAsked?: boolean;
  /** An announcer (PullAnnouncer) took this ended pull to say how it ended: each ended pull
   * is said once, by whichever announcer speaks when it ends. */
  announced?: boolean;
  /** An announcer took this running pull's stall to say it: the `heardAt` the stall began
   * after, so each stall is said once (a report ends it; the next silence is a new one). */
  stallAnnounced?: number;
}

let counter = 0;

/** Which engine pulls are asked on. */
export interface PullEngine {
  /** The address of the engine the window shows as a pull starts (null: none yet). The
   * backend pulls nothing when it reaches another (`EngineSwitched`). */
  seenOn: () => string | null;
  /** A pull found Imagen on another engine than the window shows: it should catch up. */
  elsewhere: () => void;
  /** That engine's name as the header shows it (null: none yet). */
  name?: () => string | null;
}

/** A reference in one spelling: `nginx`, `nginx:latest` and `docker.io/library/nginx` pull
 * the same; a digest pull is its own. */
function sameImage(reference: string): string {
  const text = reference.trim();
  return text.includes("@") ? text : familiarTag(text);
}

export class PullsStore {
  entries: PullEntry[] = $state([]);

  #api: ImagenApi;
  #onFinished: (outcome: PullOutcome) => void;
  #engine: PullEngine;

  /** `onFinished` hears of each pull that finished (not cancelled) on the engine Imagen is on
   * when it ends: one that ran on the engine before a switch names an image the list on
   * screen does not hold, so there is nothing to show (the app reveals the image). */
  constructor(
    api: ImagenApi,
    onFinished: (outcome: PullOutcome) => void = () => {},
    engine: PullEngine = { seenOn: () => null, elsewhere: () => {} },
  ) {
    this.#api = api;
    this.#onFinished = onFinished;
    this.#engine = engine;
  }

  /** Imagen was pointed at another engine: pulls running now stay on the one before. */
  engineSwitched(): void {
    this.#switches += 1;
  }

  // State: rows listed before a switch then say they belong to the engine before.
  #switches = $state(0);

  /** Whether `entry` ran (or runs) on an engine Imagen has left since: its row must say so,
   * its "now on this engine" is not this one, and Try again pulls on the engine shown now. */
  fromEarlierEngine(entry: PullEntry): boolean {
    return entry.engine !== undefined && entry.engine !== this.#switches;
  }

  get running(): number {
    return this.entries.filter((e) => e.status === "running").length;
  }

  find(id: string): PullEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Starts a pull and returns its ID at once; the ID of the one running already when the
   * same image is being pulled (Pull clicked twice on slow Wi-Fi): the engine would share
   * one download between the two, and a Cancel of either would then not stop it. */
  start(reference: string, platform: string | null): string {
    const same = sameImage(reference);
    // Not one being cancelled (it would end "Cancelled", and this pull never start), nor one
    // running on the engine Imagen was on before a switch.
    const running = this.entries.find(
      (e) =>
        e.status === "running" &&
        !e.cancelAsked &&
        e.engine === this.#switches &&
        e.platform === platform &&
        sameImage(e.reference) === same,
    );
    if (running) return running.id;
    const id = `pull-${++counter}-${Date.now()}`;
    this.entries.unshift({
      id,
      engine: this.#switches,
      engineName: this.#engine.name?.() ?? null,
      reference,
      platform,
      status: "running",
      progress: null,
      heardAt: Date.now(),
      outcome: null,
      error: null,
    });
    this.#api
      .pullImage(id, reference, platform, this.#engine.seenOn(), (progress) => {
        const entry = this.find(id);
        if (entry && entry.status === "running") {
          entry.progress = progress;
          entry.heardAt = Date.now();
        }
      })
      .then((outcome) => {
        const entry = this.find(id);
        if (!entry) return;
        entry.outcome = outcome;
        entry.status = outcome.kind === "Cancelled" ? "cancelled" : "done";
        if (outcome.kind !== "Cancelled" && entry.engine === this.#switches)
          this.#onFinished(outcome);
      })
      .catch((thrown) => {
        const entry = this.find(id);
        if (!entry) return;
        entry.error = toImagenError(thrown);
        entry.status = "failed";
        // The backend reached another engine than the one on screen: the window is behind.
        if (entry.error.kind === "EngineSwitched" && entry.error.to !== null)
          this.#engine.elsewhere();
      });
    return id;
  }

  cancel(id: string): void {
    const asked = this.find(id);
    if (asked) {
      asked.cancelAsked = true;
      asked.cancelError = null;
    }
    // Not running in the backend: its pull may not have reached it yet (a Cancel clicked at
    // once; the two calls run side by side), so it is asked again while the pull runs. A pull
    // that ended meanwhile answers the same, and its outcome is on its way.
    cancelUntilTaken(
      () => this.#api.cancelPull(id),
      () => this.find(id)?.status === "running",
    ).catch((thrown) => {
      const entry = this.find(id);
      if (entry) entry.cancelError = toImagenError(thrown);
    });
  }

  /** Pulls a failed or cancelled entry's reference again (same platform) in its place;
   * returns the new pull's ID, or null when there is nothing to retry. */
  retry(id: string): string | null {
    const entry = this.find(id);
    if (!entry || (entry.status !== "failed" && entry.status !== "cancelled")) return null;
    this.dismiss(id);
    return this.start(entry.reference, entry.platform);
  }

  dismiss(id: string): void {
    this.entries = this.entries.filter((e) => e.id !== id || e.status === "running");
  }
}

/** The docker command a pull's Try again runs (the same name and platform), with the name as
 * the dialog showed it before the first try: `nginx` as `nginx:latest`, a digest as typed. */
export function retryCommand(entry: PullEntry): string {
  return pullCommand(sameImage(entry.reference), entry.platform);
}

/** One line summing up a pull for its row, in the current language (call it from markup, so it
 * follows a language switch). `earlier`: it ran on an engine Imagen has left since, so a first
 * pull put the image on that engine, not on the one the list shows now. */
export function pullSummary(entry: PullEntry, earlier = false): string {
  switch (entry.status) {
    case "running":
      return entry.progress === null ? m.pull_summary_starting() : m.pull_summary_pulling();
    case "cancelled":
      return m.pull_summary_cancelled();
    case "failed":
      return describeError(entry.error);
    case "done": {
      const outcome = entry.outcome;
      if (outcome?.kind === "UpToDate") return m.pull_summary_up_to_date();
      // The tag moved: say where from, since the old image is still on disk without it.
      if (outcome?.kind === "Downloaded" && outcome.replaced)
        return m.pull_summary_moved({
          reference: outcome.reference,
          id: shortId(outcome.replaced),
        });
      // A first pull: docker says "Downloaded newer image" even then, which leaves a
      // first-timer asking "newer than what?".
      if (outcome?.kind === "Downloaded" && outcome.newTag)
        return earlier ? m.pull_summary_first_there() : m.pull_summary_first();
      return m.pull_summary_downloaded();
    }
  }
}

/** What a finished pull should mention that did not stop it, one line each: "Pulled without
 * credentials because Imagen could not read /home/ana/.docker/config.json: it is not valid
 * JSON (line 3, column 7)." (or could not find the credential helper the configuration names).
 * The path and the backend's `problem` are passed as they are, but a file saved with a byte
 * order mark or as UTF-16 is said in the app's words, with how to save it. */
export function pullNotes(entry: PullEntry): string[] {
  if (entry.status !== "done" && entry.status !== "failed") return [];
  const pulled = entry.status === "done";
  // The backend looks at the tag after a Cancel: a pull that ends done had finished first.
  const late = pulled && entry.cancelAsked ? [m.pull_note_finished_before_cancel()] : [];
  return late.concat(
    (entry.progress?.warnings ?? []).map((warning) => {
      switch (warning.kind) {
        case "DockerConfigUnreadable": {
          // Saved with a byte order mark or as UTF-16: said in the app's words, with the fix.
          if (warning.encoding) {
            const params = {
              path: warning.path,
              saved: savedIn(warning.encoding),
              fix: saveAsUtf8(warning.encoding, warning.path),
            };
            return pulled
              ? m.pull_note_config_encoding_pulled(params)
              : m.pull_note_config_encoding_tried(params);
          }
          const params = { path: warning.path, problem: warning.problem };
          return pulled
            ? m.pull_note_config_unreadable_pulled(params)
            : m.pull_note_config_unreadable_tried(params);
        }
        case "CredentialHelperMissing": {
          const params = { helper: warning.helper };
          return pulled
            ? m.pull_note_helper_missing_pulled(params)
            : m.pull_note_helper_missing_tried(params);
        }
      }
    }),
  );
}
