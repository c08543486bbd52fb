// The engine's timestamps (RFC 3339 with up to nanoseconds: "2026-12-01T18:29:09.616174445Z")
// made readable by Date, which keeps milliseconds and is not required to parse more digits.

/** `text` with its fraction of a second cut to milliseconds, for `new Date`. */
export function engineDate(text: string): string {
  return text.replace(/(\.\d{3})\d+/, "$1");
}

/** 2000-01-01T00:00:00Z: a time at or before it is no real creation time. Go's zero time
 * ("0001-01-01T00:00:00Z", what an image built without one says) or a reproducible build's
 * epoch; `docker images` and `docker history` print "N/A" for it (as the backend's history
 * does, crates/imagen-core/src/images/inspect.rs). */
const NO_DATE_UNTIL = Date.UTC(2000, 0, 1);

/** What `docker images` prints for a creation time it does not give. */
export const NO_DATE = "N/A";

/** Whether the engine's creation time `text` is a time that stands for none: one `Date` reads,
 * at or before 2000 (see NO_DATE_UNTIL). */
export function isNoDate(text: string): boolean {
  const time = new Date(engineDate(text)).getTime();
  return !Number.isNaN(time) && time <= NO_DATE_UNTIL;
}
