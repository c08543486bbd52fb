// The running pull's figures line, "45% · 12.3MB of 27.1MB · 2.5MB/s · 6s left", in the current
// language. Sizes and speeds mirror docker's own figures (`humanSize`, "12.3MB"), so they read
// the same in every language; the percentage and the time left are Imagen's own and follow the
// language ("45 %", "quedan 3min 20s").
import type { PullProgress } from "../ipc/api";
import { locale, type Locale } from "../i18n/locale.svelte";
import { m } from "../i18n/messages";
import { humanSize } from "../shared/format";
import { perLanguage } from "../i18n/format";

/** The whole percent a progress fraction stands for, or null while the total is unknown. */
export function progressPercent(progress: PullProgress | null): number | null {
  return progress?.fraction == null ? null : Math.floor(progress.fraction * 100 + 1e-9);
}

/** A whole percentage in the language's form: "45%" / "45 %". */
export function percentText(percent: number, lang: Locale = locale.current): string {
  return percents(lang).format(percent / 100);
}

// Made once per language (format.ts' perLanguage): the line is worded on every progress event.
const percents = perLanguage(
  (lang) => new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }),
);
const units = {
  hour: perLanguage((lang) => unitFormat(lang, "hour")),
  minute: perLanguage((lang) => unitFormat(lang, "minute")),
  second: perLanguage((lang) => unitFormat(lang, "second")),
};

function unitFormat(lang: Locale, unit: string): Intl.NumberFormat {
  return new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "narrow" });
}

function unit(n: number, name: keyof typeof units, lang: Locale): string {
  return units[name](lang).format(n);
}

/**
 * Time left in a pull, in two units at most: "45s", "3m 20s", "1h 5m" ("3min 20s" in Spanish).
 * Rounded up: "0s" while bytes are still arriving would read as a stall.
 */
export function durationText(seconds: number, lang: Locale = locale.current): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return unit(s, "second", lang);
  if (s < 3600)
    return `${unit(Math.floor(s / 60), "minute", lang)} ${unit(s % 60, "second", lang)}`;
  return `${unit(Math.floor(s / 3600), "hour", lang)} ${unit(Math.floor((s % 3600) / 60), "minute", lang)}`;
}

/** After this many seconds without a progress report, a running pull says it hears nothing
 * (bad Wi-Fi) instead of showing its last speed and time left as if they were current. */
export const STALLED_AFTER_S = 15;

/** The progress line of a pull that has heard nothing for `silent` seconds: where it got to,
 * and for how long nothing came. */
export function stalledLine(progress: PullProgress | null, silent: number): string {
  const parts = whereItIs(progress);
  parts.push(m.pull_stalled({ time: durationText(Math.floor(silent)) }));
  return parts.join(" · ");
}

/** What a screen reader is told of a running pull that hears nothing: "Pull of nginx: nothing
 * received for 15s: …". Worded as the stall begins (never the seconds so far), so the sentence
 * stays the same while it lasts and is said once; a fresh copy of it is a new stall. */
export function stalledAnnouncement(reference: string): string {
  return m.pull_announce_stalled({
    reference,
    stalled: m.pull_stalled({ time: durationText(STALLED_AFTER_S) }),
  });
}

/** The percentage and the bytes. While some layer's size is not known yet (docker fetches a
 * few layers at a time; the waiting ones have no size), there is no percentage and no total
 * that would hold: "Downloading… · 50MB so far" once bytes arrive, "Preparing…" before. */
function whereItIs(progress: PullProgress | null): string[] {
  const percent = progressPercent(progress);
  if (percent !== null && progress) {
    const parts = [percentText(percent)];
    if (progress.total > 0)
      parts.push(
        m.pull_bytes_of({ done: humanSize(progress.downloaded), total: humanSize(progress.total) }),
      );
    return parts;
  }
  if (progress && progress.downloaded > 0)
    return [m.pull_downloading(), m.pull_bytes_so_far({ done: humanSize(progress.downloaded) })];
  return [m.pull_preparing()];
}

/**
 * The line under a running pull's bar: the percentage and bytes (see `whereItIs`), then
 * whatever is known of speed and time left, joined by " · ".
 */
export function progressLine(progress: PullProgress | null): string {
  const parts = whereItIs(progress);
  if (!progress) return parts[0]!;
  if (progress.bytesPerSecond != null) parts.push(`${humanSize(progress.bytesPerSecond)}/s`);
  if (progress.secondsLeft != null)
    parts.push(m.pull_time_left({ time: durationText(progress.secondsLeft) }));
  return parts.join(" · ");
}
