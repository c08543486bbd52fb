// The engine's timestamps (RFC 3339 with up to nanoseconds: "2026-12-01T18:29:09.616174445Z")
// made readable by Date, which keeps milliseconds and is not required to parse more digits.

/** `text` with its fraction of a second cut to milliseconds, for `new Date`. */
export function engineDate(text: string): string {
  return text.replace(/(\.\d{3})\d+/, "$1");
}
