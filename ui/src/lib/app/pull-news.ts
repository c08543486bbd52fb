// What the app says aloud when a pull ends: the pull dialog may be closed ("Close (keeps
// pulling)") and the Pulls panel too, and a pull can take minutes, so its end is said by the
// app itself, in one region that is always in the page.
import { m } from "../i18n/messages";
import { describeError } from "../shared/errors";
import { pullSummary, type PullEntry } from "../pull/pulls.svelte";

export interface PullNews {
  text: string;
  /** A failure: said at once (assertive), not after what the reader is saying. */
  urgent: boolean;
}

/** "Pull of nginx:alpine: Downloaded newer image", or why it failed. `earlier`: it ran on an
 * engine Imagen has left since (pullSummary). */
export function pullNews(entry: PullEntry, earlier = false): PullNews {
  if (entry.status === "failed")
    return {
      text: m.pull_announce_failed({
        reference: entry.reference,
        reason: describeError(entry.error),
      }),
      urgent: true,
    };
  return {
    text: m.pull_announce_ended({
      reference: entry.reference,
      summary: pullSummary(entry, earlier),
    }),
    urgent: false,
  };
}
