import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { LOCALE_KEY, locale, setLocale } from "../../lib/i18n/locale.svelte";
import EmptyState from "../images/EmptyState.svelte";
import LanguageSwitcher from "./LanguageSwitcher.svelte";

afterEach(() => {
  setLocale("en");
  localStorage.clear();
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
});
