// The IDs the page gives the runs it can cancel (a save, a load, an archive check, an update
// check): the backend takes them through `input::token` (letters, digits, - and _, 64 at most).

let counter = 0;

/** A fresh ID for a run of `kind`. */
export function runId(kind: "save" | "load" | "preview" | "check"): string {
  return `${kind}-${++counter}-${Date.now()}`;
}
