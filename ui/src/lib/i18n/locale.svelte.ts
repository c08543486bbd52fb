// The language the UI speaks (docs/i18n.md). Chosen at start-up from the user's remembered
// choice, else the system's languages, else English; changed by the language switcher without
// reloading the page, so open dialogs, running pulls and the filter survive a switch.
//
// Paraglide's compiled messages ask `getLocale()` for the language on every call. Here that
// function reads a `$state`, so a component that renders `m.some_key()` re-renders by itself
// when the language changes: the idiomatic Svelte 5 pairing with paraglide 2, whose own
// `setLocale` would reload the document (it is replaced below, so it never does).
import {
  baseLocale,
  locales,
  overwriteGetLocale,
  overwriteSetLocale,
  toLocale,
  type Locale,
} from "./paraglide/runtime.js";
import type { ImagenApi } from "../ipc/api";

export type { Locale };
export { baseLocale, locales };

/** Where the user's explicit choice is remembered, beside `imagen.query` and `imagen.sort`. */
export const LOCALE_KEY = "imagen.locale";

/** What the switcher shows for each language: its own name, in that language. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: "English", es: "Español" };

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The first of `languages` (most preferred first) that Imagen speaks, matched by the whole tag
 * or by its language alone: `es-AR`, `es_ES.UTF-8` and WebKitGTK's `es-es` are all Spanish.
 * Undefined when none is.
 */
export function matchLocale(languages: readonly string[]): Locale | undefined {
  for (const tag of languages) {
    const found = toLocale(tag) ?? toLocale(tag.split(/[-_.@]/)[0]);
    if (found) return found;
  }
  return undefined;
}

/** The remembered choice if it is still a language Imagen speaks, else the system's, else English. */
export function chooseLocale(stored: string | null, languages: readonly string[]): Locale {
  return toLocale(stored) ?? matchLocale(languages) ?? baseLocale;
}

/**
 * The system's languages as the web view reports them. WKWebView (macOS) and WebView2
 * (Windows) give the OS's preferred languages; WebKitGTK (Linux) gives the locale of the
 * process (LC_ALL, else LC_CTYPE, else LANG) as a single entry.
 */
function systemLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}

function safeLocalStorage(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

class LocaleState {
  /** The language every message and locale-aware format uses right now. */
  current: Locale = $state(baseLocale);
}

/** The current language, reactive: read `locale.current` in a component to follow switches. */
export const locale = new LocaleState();

function syncDocument(next: Locale): void {
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

/**
 * Switches the UI to `next` in place (no reload), remembers it for the next start and sets the
 * document's `lang`, so screen readers pronounce the text in the right language.
 */
export function setLocale(next: Locale, storage: KeyValueStore | null = safeLocalStorage()): void {
  locale.current = next;
  try {
    storage?.setItem(LOCALE_KEY, next);
  } catch {
    // Storage full or denied: the switch still applies to this session.
  }
  syncDocument(next);
}

/**
 * Tells the backend the language the UI speaks, so the macOS menu bar speaks it too (the
 * language switcher does, at start and at every switch). Fire and forget: neither the start
 * nor a switch waits for it, and a failure only leaves the menu bar in its last language.
 */
export function tellBackend(api: Pick<ImagenApi, "setLanguage">, next: Locale): void {
  const failed = (thrown: unknown) =>
    console.warn("Imagen could not word the menu bar in the UI's language:", thrown);
  try {
    api.setLanguage(next).catch(failed);
  } catch (thrown) {
    failed(thrown);
  }
}

/**
 * Picks the language from what is remembered and what the system prefers (the start-up rule;
 * the tests call it again with other inputs).
 */
export function initLocale(
  options: { storage?: KeyValueStore | null; languages?: readonly string[] } = {},
): Locale {
  const storage = options.storage === undefined ? safeLocalStorage() : options.storage;
  let stored: string | null = null;
  try {
    stored = storage?.getItem(LOCALE_KEY) ?? null;
  } catch {
    // Unreadable storage counts as no choice.
  }
  locale.current = chooseLocale(stored, options.languages ?? systemLanguages());
  syncDocument(locale.current);
  return locale.current;
}

overwriteGetLocale(() => locale.current);
// Anything that calls paraglide's own setLocale switches in place too, instead of reloading.
overwriteSetLocale((next) => setLocale(next));
initLocale();
