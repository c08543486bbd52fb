import { afterEach, describe, expect, it, vi } from "vitest";
import { getLocale, setLocale as paraglideSetLocale } from "./paraglide/runtime.js";
import { m } from "./messages";
import {
  LOCALE_KEY,
  chooseLocale,
  initLocale,
  locale,
  matchLocale,
  setLocale,
  tellBackend,
} from "./locale.svelte";

function memoryStore(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

afterEach(() => {
  setLocale("en");
  localStorage.clear();
});

describe("choosing the language", () => {
  it("matches the system's languages by whole tag or by language, in order of preference", () => {
    expect(matchLocale(["es-AR", "en-US"])).toBe("es");
    expect(matchLocale(["fr-FR", "es", "en"])).toBe("es");
    expect(matchLocale(["en-GB", "es-ES"])).toBe("en");
    // WebKitGTK reports the process locale lowercased; POSIX spellings work too.
    expect(matchLocale(["es-es"])).toBe("es");
    expect(matchLocale(["es_MX.UTF-8"])).toBe("es");
    expect(matchLocale(["de-DE", "fr"])).toBeUndefined();
    expect(matchLocale([])).toBeUndefined();
  });

  it("prefers the remembered choice, then the system, then English", () => {
    expect(chooseLocale("en", ["es-ES"])).toBe("en");
    expect(chooseLocale(null, ["es-ES"])).toBe("es");
    expect(chooseLocale("klingon", ["es-ES"])).toBe("es");
    expect(chooseLocale(null, ["de-DE"])).toBe("en");
    expect(chooseLocale(null, [])).toBe("en");
  });

  it("starts from storage and the system's languages", () => {
    expect(initLocale({ storage: memoryStore(), languages: ["es-CL"] })).toBe("es");
    expect(document.documentElement.lang).toBe("es");
    expect(initLocale({ storage: memoryStore({ [LOCALE_KEY]: "en" }), languages: ["es-CL"] })).toBe(
      "en",
    );
    expect(initLocale({ storage: null, languages: ["pt-BR"] })).toBe("en");
  });
});

describe("switching", () => {
  it("changes what messages say, remembers the choice and sets the document's lang", () => {
    const store = memoryStore();
    setLocale("es", store);
    expect(locale.current).toBe("es");
    expect(getLocale()).toBe("es");
    expect(m.images_empty_title()).toBe("Todavía no hay imágenes");
    expect(store.data.get(LOCALE_KEY)).toBe("es");
    expect(document.documentElement.lang).toBe("es");
    setLocale("en", store);
    expect(m.images_empty_title()).toBe("No images yet");
  });

  it("never reloads the page, even through paraglide's own setLocale", () => {
    const href = window.location.href;
    void paraglideSetLocale("es");
    expect(locale.current).toBe("es");
    expect(localStorage.getItem(LOCALE_KEY)).toBe("es");
    expect(window.location.href).toBe(href);
  });

  it("survives storage that refuses to write", () => {
    const broken = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    setLocale("es", broken);
    expect(locale.current).toBe("es");
  });
});

describe("telling the backend the language", () => {
  afterEach(() => vi.restoreAllMocks());

  it("names the language and waits for nothing", () => {
    const setLanguage = vi.fn(() => new Promise<void>(() => {}));
    tellBackend({ setLanguage }, "es");
    expect(setLanguage).toHaveBeenCalledExactlyOnceWith("es");
  });

  it("only logs a failure, whether the promise rejects or the call throws", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    tellBackend({ setLanguage: () => Promise.reject(new Error("no menu")) }, "es");
    tellBackend(
      {
        setLanguage: () => {
          throw new Error("no IPC");
        },
      },
      "en",
    );
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(2));
  });
});
