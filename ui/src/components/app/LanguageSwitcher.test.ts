import { cleanup, render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LOCALE_KEY, locale, setLocale } from "../../lib/i18n/locale.svelte";
import { FakeApi } from "../../lib/ipc/fake";
import EmptyState from "../images/EmptyState.svelte";
import LanguageSwitcher from "./LanguageSwitcher.svelte";

// The API App puts in context; none (as in the header's own tests) unless a test sets one.
const current = vi.hoisted(() => ({ api: null as unknown }));
vi.mock("../../lib/ipc/context", () => ({
  getApi: () => {
    if (!current.api) throw new Error("ImagenApi missing from context");
    return current.api;
  },
  setApi: () => {},
}));

afterEach(() => {
  // Unmounted first, so going back to English tells no test's backend.
  cleanup();
  setLocale("en");
  localStorage.clear();
  current.api = null;
  vi.restoreAllMocks();
});

describe("LanguageSwitcher", () => {
  it("is a select labelled for screen readers, each language named in itself", () => {
    render(LanguageSwitcher);
    const select = screen.getByRole("combobox", { name: "Language" });
    expect(select).toHaveValue("en");
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["English", "Español"]);
    expect(options.map((o) => o.getAttribute("lang"))).toEqual(["en", "es"]);
  });

  it("switches the text already on screen in place, remembers the choice and sets the document's lang", async () => {
    const user = userEvent.setup();
    render(LanguageSwitcher);
    render(EmptyState);
    expect(screen.getByRole("heading", { name: "No images yet" })).toBeInTheDocument();

    await user.selectOptions(screen.getByRole("combobox", { name: "Language" }), "es");

    // Same components, no remount: the heading that was there now reads in Spanish.
    expect(screen.getByRole("heading", { name: "Todavía no hay imágenes" })).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Idioma" })).toHaveValue("es");
    expect(locale.current).toBe("es");
    expect(localStorage.getItem(LOCALE_KEY)).toBe("es");
    expect(document.documentElement.lang).toBe("es");

    await user.selectOptions(screen.getByRole("combobox", { name: "Idioma" }), "en");
    expect(screen.getByRole("heading", { name: "No images yet" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("en");
  });

  it("tells the backend the language at start and at every switch, for the macOS menu bar", async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    current.api = api;
    render(LanguageSwitcher);
    expect(api.languagesTold).toEqual(["en"]);

    await user.selectOptions(screen.getByRole("combobox", { name: "Language" }), "es");
    expect(api.languagesTold).toEqual(["en", "es"]);
    await user.selectOptions(screen.getByRole("combobox", { name: "Idioma" }), "en");
    expect(api.languagesTold).toEqual(["en", "es", "en"]);
    // Nothing for the engine: the menu bar is the backend's alone.
    expect(api.calls).toEqual([]);
  });

  it("switches even when the backend fails to word the menu bar or never answers", async () => {
    const user = userEvent.setup();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const setLanguage = vi
      .fn<(language: string) => Promise<void>>()
      .mockImplementationOnce(() => new Promise<void>(() => {}))
      .mockRejectedValueOnce({ kind: "Internal", message: "no menu" });
    current.api = { setLanguage };
    render(LanguageSwitcher);
    render(EmptyState);

    await user.selectOptions(screen.getByRole("combobox", { name: "Language" }), "es");

    expect(setLanguage.mock.calls).toEqual([["en"], ["es"]]);
    expect(screen.getByRole("heading", { name: "Todavía no hay imágenes" })).toBeInTheDocument();
    expect(locale.current).toBe("es");
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
  });
});
