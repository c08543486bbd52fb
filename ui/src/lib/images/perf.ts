// Timings for the benchmark build (scripts/bench-ui.sh reads them with
// `performance.getEntriesByType("measure")`). In any other build `ON` is the constant false,
// so the bundler drops every call's body and nothing is measured.
const ON = Boolean(import.meta.env.VITE_IMAGEN_BENCH);

/** True in the benchmark build only (a constant: code under `if (BENCH)` is dropped elsewhere). */
export const BENCH = ON;

/** Runs `fn`, recording how long it took as a measure named `name` (benchmark build only). */
export function timed<T>(name: string, fn: () => T): T {
  if (!ON) return fn();
  const start = performance.now();
  try {
    return fn();
  } finally {
    performance.measure(name, { start, end: performance.now() });
  }
}

/** Records the time since `start` (a `performance.now()` reading) as `name`. */
export function since(name: string, start: number): void {
  if (ON) performance.measure(name, { start, end: performance.now() });
}

/** `performance.now()` in the benchmark build, 0 otherwise (pairs with `since`). */
export function now(): number {
  return ON ? performance.now() : 0;
}

/** A point in time on the benchmark's timeline (benchmark build only). */
export function mark(name: string): void {
  if (ON) performance.mark(name);
}
