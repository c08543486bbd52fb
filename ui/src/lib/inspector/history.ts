// The age of a `docker history` step, in the current language. The backend sends the step's
// time (`created`, seconds since the epoch), which `relativeAge` words like the image cards do,
// with the exact date for a title. When the engine gave no time, only the age as `docker
// history` prints it is there (go-units' HumanDuration plus " ago": "2 weeks ago", "About an
// hour ago", "Less than a second ago"): then this reads the number and unit back from that
// text and lets Intl word them, and English keeps docker's own wording, like the CLI.
import { baseLocale, locale, type Locale } from "../i18n/locale.svelte";
import { ageText, dateText, relativeAge, type DateText } from "../i18n/format";
import type { HistoryEntry } from "../ipc/api";

const UNITS: readonly Intl.RelativeTimeFormatUnit[] = [
  "second",
  "minute",
  "hour",
  "day",
  "week",
  "month",
  "year",
];

/** The amount and unit a `docker history` age names, or null for text it does not print. */
export function parseDockerAge(
  text: string,
): { value: number; unit: Intl.RelativeTimeFormatUnit } | null {
  const t = text.trim().replace(/\s+ago$/i, "");
  if (/^less than a second$/i.test(t)) return { value: 0, unit: "second" };
  if (/^about a minute$/i.test(t)) return { value: 1, unit: "minute" };
  if (/^about an hour$/i.test(t)) return { value: 1, unit: "hour" };
  const match = /^(\d+)\s+([a-z]+?)s?$/i.exec(t);
  if (!match) return null;
  const unit = UNITS.find((u) => u === match[2]!.toLowerCase());
  return unit ? { value: Number(match[1]), unit } : null;
}

/**
 * A history row's age for reading: docker's text in English, "hace 2 semanas" in Spanish.
 * Text it cannot read (a future docker wording) is shown as sent.
 */
export function historyAge(createdText: string, lang: Locale = locale.current): string {
  if (lang === baseLocale) return createdText;
  const age = parseDockerAge(createdText);
  if (!age) return createdText;
  return ageText(age.value, age.unit, lang);
}

/** A history row's age for reading, and its exact date when the engine gave one. */
export interface StepAge {
  /** "2 weeks ago" / "hace 2 semanas". */
  text: string;
  /** The step's date in words and as ISO 8601, for a `title` and `<time datetime>`; null when
   * only docker's text is known. */
  date: DateText | null;
}

/** How old a `docker history` step is at `now` (seconds since the epoch): from `created` when
 * the engine gave it, else read back from docker's text (`historyAge`). */
export function stepAge(
  row: Pick<HistoryEntry, "created" | "createdText">,
  now: number,
  lang: Locale = locale.current,
): StepAge {
  if (row.created == null) return { text: historyAge(row.createdText, lang), date: null };
  return {
    text: relativeAge(row.created, now, lang),
    date: dateText(row.created * 1000, lang),
  };
}

/** A step's CREATED BY as `docker history --no-trunc` prints it: tabs become spaces, and the
 * rest (runs of spaces, a heredoc's line breaks) stays as the engine sent it. */
export function createdByText(createdBy: string): string {
  return createdBy.replaceAll("\t", " ");
}

/** What `docker history` prints as a step's IMAGE when no image on this engine ends at that
 * step: every step below the top of a pulled image (a registry sends layers, not the images
 * between them) or of one BuildKit built (it keeps no intermediate images). The top step is
 * the image itself, with its ID. */
export const MISSING_ID = "<missing>";

/** Whether a step has no image of its own on this engine (`<missing>`). */
export function isMissing(row: Pick<HistoryEntry, "id">): boolean {
  return row.id === MISSING_ID;
}
