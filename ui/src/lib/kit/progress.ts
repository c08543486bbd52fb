// The running save's or load's figures, in bytes worded as `docker images` words sizes
// (`humanSize`, "1.2GB"): "1.2GB of about 1.5GB" while saving, "300MB of 1.5GB" while loading.
import type { LoadProgress, SaveProgress } from "../ipc/api";
import { m } from "../i18n/messages";
import { humanSize } from "../shared/format";

/** The whole percent `done` is of `total`, or null when the total is unknown or passed (the
 * bar is then indeterminate: a save's total is only an estimate). */
export function kitPercent(done: number, total: number): number | null {
  if (!(total > 0) || done < 0 || done > total) return null;
  return Math.floor((done / total) * 100 + 1e-9);
}

export function savePercent(progress: SaveProgress | null): number | null {
  return progress ? kitPercent(progress.written, progress.expected) : null;
}

export function loadPercent(progress: LoadProgress | null): number | null {
  return progress ? kitPercent(progress.read, progress.total) : null;
}

/** "1.2GB of about 1.5GB"; once past the estimate, "1.6GB written"; "Starting…" before any. */
export function saveLine(progress: SaveProgress | null): string {
  if (!progress) return m.kit_starting();
  const done = humanSize(progress.written);
  return progress.expected > 0 && progress.written <= progress.expected
    ? m.kit_bytes_of_about({ done, total: humanSize(progress.expected) })
    : m.kit_bytes_written({ done });
}

/** "300MB of 1.5GB"; "Starting…" before any. */
export function loadLine(progress: LoadProgress | null): string {
  if (!progress) return m.kit_starting();
  return m.kit_bytes_of({ done: humanSize(progress.read), total: humanSize(progress.total) });
}
