// What reads differently per language and is not a sentence of the catalogs: ages, dates,
// numbers and lists, worded by the platform's Intl in the current language (docs/i18n.md).
// Docker's own figures are not here: sizes stay exactly as docker prints them (`1.98MB`, from
// the backend or lib/shared/format.ts), like references, IDs and commands.
import { locale, type Locale } from "./locale.svelte";

const SECOND = 1;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One formatter per language and kind, made on first use. Making an Intl formatter costs
 * 60–250 µs (ICU loads the locale's data), using one about 1 µs, and every card that renders or
 * shows another image words its age and date: at 10,000 images a keystroke that changes the
 * visible cards made a dozen of each. (A time zone changed while the app runs is picked up at
 * its next start.) */
export function perLanguage<T>(make: (lang: Locale) => T): (lang: Locale) => T {
  const made = new Map<Locale, T>();
  return (lang) => {
    let f = made.get(lang);
    if (f === undefined) made.set(lang, (f = make(lang)));
    return f;
  };
}

const ageNow = perLanguage((lang) => new Intl.RelativeTimeFormat(lang, { numeric: "auto" }));
const ageAgo = perLanguage((lang) => new Intl.RelativeTimeFormat(lang, { numeric: "always" }));
const dateTime = perLanguage(
  (lang) => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }),
);
const timesOfDay = perLanguage((lang) => new Intl.DateTimeFormat(lang, { timeStyle: "medium" }));
const numbers = perLanguage((lang) => new Intl.NumberFormat(lang));
const lists = perLanguage(
  (lang) => new Intl.ListFormat(lang, { style: "long", type: "conjunction" }),
);

/**
 * How long ago `then` was, at `now` (both in seconds since the Unix epoch, as the backend
 * sends them): "2 weeks ago" / "hace 2 semanas". The units switch where `docker images` switches
 * them (go-units' HumanDuration: hours up to 2 days, days up to 2 weeks, weeks up to 2 months,
 * months up to 2 years), so English reads like the CLI. Under a second, and a time ahead of
 * `now` (Docker Desktop's VM clock can run ahead of the host's), is docker's "Less than a
 * second ago" in English, "ahora" in Spanish.
 */
export function relativeAge(then: number, now: number, lang: Locale = locale.current): string {
  const seconds = Math.max(0, Math.floor(now - then));
  const [value, unit] = ageUnit(seconds);
  return ageText(value, unit, lang);
}

/** `value` units ago, worded: "3 days ago" / "hace 3 días"; 0 is "Less than a second ago" (as
 * docker says it) / "ahora". */
export function ageText(value: number, unit: Intl.RelativeTimeFormatUnit, lang: Locale): string {
  if (value === 0) return lang === "en" ? "Less than a second ago" : ageNow(lang).format(0, unit);
  // docker's own words for one minute and one hour, so English matches the terminal's.
  if (lang === "en" && value === 1 && unit === "minute") return "About a minute ago";
  if (lang === "en" && value === 1 && unit === "hour") return "About an hour ago";
  return ageAgo(lang).format(-value, unit);
}

// go-units' HumanDuration, number for number: from an hour on it counts in hours rounded to
// the nearest one (5,400 s is "2 hours"), then days, weeks and months are whole divisions of
// those hours; years count whole 365-day years of the exact seconds.
function ageUnit(s: number): [number, Intl.RelativeTimeFormatUnit] {
  if (s < MINUTE) return [s, "second"];
  const minutes = Math.floor(s / MINUTE);
  const hours = Math.floor((s + HOUR / 2) / HOUR);
  if (minutes < 60) return [minutes, "minute"];
  if (hours < 48) return [hours, "hour"];
  if (hours < 24 * 7 * 2) return [Math.floor(hours / 24), "day"];
  if (hours < 24 * 30 * 2) return [Math.floor(hours / 24 / 7), "week"];
  if (hours < 24 * 365 * 2) return [Math.floor(hours / 24 / 30), "month"];
  return [Math.floor(s / (365 * DAY)), "year"];
}

/** A point in time for reading, plus its exact ISO 8601 form for a `title` or `<time datetime>`. */
export interface DateText {
  /** "Mar 5, 2026, 2:07 PM" / "5 mar 2026, 14:07", in the local time zone. */
  text: string;
  /** "2026-03-05T13:07:00.000Z": the exact instant, the same in every language. */
  iso: string;
}

/** `date` (a Date, epoch milliseconds or an ISO string) worded for the current language. */
export function dateText(date: Date | number | string, lang: Locale = locale.current): DateText {
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return { text: String(date), iso: "" };
  return {
    text: dateTime(lang).format(d),
    iso: d.toISOString(),
  };
}

/** The time of day in the user's language ("2:07:45 PM" / "14:07:45"): the Terminal record's
 * times and the stale-list banner's read alike. */
export function timeOfDay(date: Date | number, lang: Locale = locale.current): string {
  return timesOfDay(lang).format(date);
}

/** A count with the language's digit grouping: "12,345" / "12.345". */
export function formatNumber(n: number, lang: Locale = locale.current): string {
  return numbers(lang).format(n);
}

/** "a, b, and c" / "a, b y c": a list of words as the language writes it (Intl.ListFormat). */
export function listWords(items: readonly string[], lang: Locale = locale.current): string {
  return lists(lang).format(items);
}
