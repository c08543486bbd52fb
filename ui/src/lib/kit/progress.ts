// The running save's or load's figures, in bytes worded as `docker images` words sizes
// (`humanSize`, "1.2GB"): "1.2GB of about 1.5GB" while saving, "300MB of 1.5GB" while loading.
import type { LoadProgress, SaveProgress } from "../ipc/api";
import { m } from "../i18n/messages";
import { humanSize } from "../shared/format";
import { durationText, STALLED_AFTER_S } from "../pull/progress";

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
  // The check before the upload reads the file too: the bar waits for the upload itself
  // rather than filling twice.
  return progress && !progress.checking ? kitPercent(progress.read, progress.total) : null;
}

/** "1.2GB of about 1.5GB"; once past the estimate, "1.6GB written"; "Starting…" before any;
 * once the engine sent it all, that Imagen writes it to disk. When the engine has sent
 * nothing for `still` seconds (at least `STALLED_AFTER_S`), it says so: once bytes flow the
 * save has no time limit, and before them an older engine (which writes every image out
 * first) has an hour, so this line and Cancel are how a stuck one ends. */
export function saveLine(progress: SaveProgress | null, still = 0): string {
  if (progress?.finishing) return m.kit_save_finishing({ done: humanSize(progress.written) });
  const figures = !progress
    ? m.kit_starting()
    : progress.expected > 0 && progress.written <= progress.expected
      ? m.kit_bytes_of_about({
          done: humanSize(progress.written),
          total: humanSize(progress.expected),
        })
      : m.kit_bytes_written({ done: humanSize(progress.written) });
  if (still < STALLED_AFTER_S) return figures;
  return `${figures} · ${m.kit_save_stalled({ time: durationText(Math.floor(still)) })}`;
}

/** The engine has taken the whole archive and imports it: it answers only when done. */
export function importing(progress: LoadProgress | null): boolean {
  return progress?.ended === true;
}

/** "300MB of 1.5GB"; "Starting…" before any. Once the file is sent whole, that the engine
 * imports it (it answers only when done, which takes a while for big images). When the
 * engine has taken nothing for `still` seconds (at least `STALLED_AFTER_S`, as a pull's
 * line), it says so instead of looking busy. */
export function loadLine(progress: LoadProgress | null, still = 0): string {
  if (!progress) return m.kit_starting();
  const total = humanSize(progress.total);
  if (progress.checking) {
    // Nothing is sent while the file is checked again: only its drive can hold the check,
    // and the backend says so once a read has waited a few seconds (there is no engine
    // stall to wait out first). The check has no time limit: this and Cancel end a stuck one.
    const figures = m.kit_load_checking_again({ done: humanSize(progress.read), total });
    if (!progress.waitingForFile) return figures;
    return `${figures} · ${m.kit_load_stalled_file({ time: driveWait(still) })}`;
  }
  if (importing(progress)) return m.kit_load_importing({ total });
  const figures = m.kit_bytes_of({ done: humanSize(progress.read), total });
  if (still < STALLED_AFTER_S) return figures;
  return `${figures} · ${loadStalled(progress, Math.floor(still))}`;
}

/** The check of a file before its preview: "300MB of 1.5GB"; "Starting…" before any. When
 * its drive has delivered nothing for a few seconds (asleep, unplugged), it says so: the
 * check has no time limit, so this line and Cancel are how a stuck one ends. `still`: the
 * seconds since the reading last moved. */
export function checkLine(progress: LoadProgress | null, still = 0): string {
  if (!progress) return m.kit_starting();
  const figures = m.kit_bytes_of({
    done: humanSize(progress.read),
    total: humanSize(progress.total),
  });
  if (!progress.waitingForFile) return figures;
  return `${figures} · ${m.kit_check_stalled_file({ time: driveWait(still) })}`;
}

/** As `loadAnnouncement`, for the check before the preview: only that the drive stalled. */
export function checkAnnouncement(progress: LoadProgress | null): string {
  if (!progress?.waitingForFile) return "";
  return sentence(m.kit_check_stalled_file({ time: durationText(DRIVE_SLOW_S) }));
}

/** How long the backend lets a read of the file wait before it says the drive holds it. */
const DRIVE_SLOW_S = 3;

/** For how long the file's drive has delivered nothing, `still` seconds since the reading
 * moved: at least the wait after which the backend says so. */
function driveWait(still: number): string {
  return durationText(Math.max(DRIVE_SLOW_S, Math.floor(still)));
}

/** What holds a load that moves nothing: the file's drive when a read of it is waiting (a
 * USB stick asleep, or pulled out), else the engine (or the network to it). */
function loadStalled(progress: LoadProgress, seconds: number): string {
  const time = durationText(seconds);
  return progress.waitingForFile ? m.kit_load_stalled_file({ time }) : m.kit_load_stalled({ time });
}

/** A sentence's first letter up: the stall words follow a " · " in the line, lowercase. */
function sentence(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** What a screen reader is told of a running save: only a change of state (stalled, or
 * writing the last of it to disk), never the figures, which change many times a second.
 * The stall is worded at the moment it begins, so the sentence stays the same while it
 * lasts and is said once. "" while the bytes flow. */
export function saveAnnouncement(progress: SaveProgress | null, still = 0): string {
  if (progress?.finishing) return m.kit_save_finishing({ done: humanSize(progress.written) });
  if (still < STALLED_AFTER_S) return "";
  return sentence(m.kit_save_stalled({ time: durationText(STALLED_AFTER_S) }));
}

/** As `saveAnnouncement`, for a load: stalled, or the engine importing what it was sent. */
export function loadAnnouncement(progress: LoadProgress | null, still = 0): string {
  if (progress && importing(progress))
    return m.kit_load_importing({ total: humanSize(progress.total) });
  if (progress?.checking)
    return progress.waitingForFile
      ? sentence(m.kit_load_stalled_file({ time: durationText(DRIVE_SLOW_S) }))
      : "";
  if (!progress || still < STALLED_AFTER_S) return "";
  return sentence(loadStalled(progress, STALLED_AFTER_S));
}
