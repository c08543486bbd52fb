// The age of a `docker history` step, in the current language. The backend sends the age as
// `docker history` prints it (go-units' HumanDuration plus " ago": "2 weeks ago", "About an
// hour ago", "Less than a second ago") and no timestamp, so this reads the number and unit back
// from that text and lets Intl word them. English keeps docker's own wording, like the CLI.
import { baseLocale, locale, type Locale } from "../i18n/locale.svelte";

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
  if (age.value === 0)
    return new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(0, age.unit);
  return new Intl.RelativeTimeFormat(lang, { numeric: "always" }).format(-age.value, age.unit);
}
