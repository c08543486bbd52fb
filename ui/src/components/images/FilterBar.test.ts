import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import App from "../app/App.svelte";
import FilterBar from "./FilterBar.svelte";
import { FakeApi, fakeImage } from "../../lib/ipc/fake";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { ViewStore } from "../../lib/images/view.svelte";

const images = () => [
  fakeImage({
    tags: ["nginx:alpine"],
    size: 48_300_000,
    created: 300,
    containers: { running: 1, stopped: 0 },
  }),
  fakeImage({ tags: ["redis:7"], size: 117_000_000, created: 200, labels: { tier: "cache" } }),
  fakeImage({ tags: [], size: 5_600, created: 100 }),
];

async function start() {
  render(App, { props: { api: new FakeApi(images()) } });
  await screen.findByRole("list", { name: "Images" });
  return screen.getByRole("searchbox", { name: "Filter images" });
}

const names = () =>
  within(screen.getByRole("list", { name: "Images" }))
    .queryAllByRole("listitem")
    .map((c) => c.getAttribute("aria-label"));

describe("filter bar", () => {
  beforeEach(() => localStorage.clear());

  it("counts what is shown out of all, with the shown size", async () => {
    const field = await start();
    expect(screen.getByText("3 of 3 images · 165MB")).toBeInTheDocument();
    await userEvent.type(field, "redis");
    expect(names()).toEqual(["redis:7"]);
    expect(screen.getByText("1 of 3 images · 117MB")).toBeInTheDocument();
  });

  it("applies docker filter terms and says what is wrong with a bad one", async () => {
    const field = await start();
    await userEvent.type(field, "label=tier=cache");
    expect(names()).toEqual(["redis:7"]);
    await userEvent.clear(field);
    await userEvent.type(field, "colour=red");
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(
      screen.getByText(
        /Unknown filter “colour”.*dangling, label, reference, before, since, in-use, size/,
      ),
    ).toBeInTheDocument();
  });

  it("toggles quick chips as terms in the query", async () => {
    const field = await start();
    const chips = screen.getByRole("group", { name: "Quick filters" });
    await userEvent.click(within(chips).getByRole("button", { name: "In use" }));
    expect(field).toHaveValue("in-use=true");
    expect(names()).toEqual(["nginx:alpine"]);
    await userEvent.click(within(chips).getByRole("button", { name: "Unused" }));
    expect(field).toHaveValue("in-use=false");
    expect(within(chips).getByRole("button", { name: "In use" })).toHaveAttribute(
      "aria-pressed",
      "false",
    );
    await userEvent.click(within(chips).getByRole("button", { name: "Dangling" }));
    expect(names()).toEqual([expect.stringMatching(/^<none>@/)]);
  });

  it("sorts by size and by name", async () => {
    await start();
    await userEvent.selectOptions(
      screen.getByRole("combobox", { name: "Sort by" }),
      "Largest first",
    );
    expect(names()[0]).toBe("redis:7");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Sort by" }), "Name A–Z");
    expect(names().slice(0, 2)).toEqual(["nginx:alpine", "redis:7"]);
  });

  it("focuses with / and clears with Escape", async () => {
    const field = await start();
    await userEvent.keyboard("/");
    expect(field).toHaveFocus();
    await userEvent.keyboard("nginx");
    expect(names()).toEqual(["nginx:alpine"]);
    await userEvent.keyboard("{Escape}");
    expect(field).toHaveValue("");
    expect(names()).toHaveLength(3);
  });

  it("offers to clear a filter that matches nothing", async () => {
    const field = await start();
    await userEvent.type(field, "postgres");
    expect(screen.getByText(/No image matches/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Clear the filter" }));
    expect(names()).toHaveLength(3);
  });

  it("remembers the query and sort across a restart", async () => {
    const field = await start();
    await userEvent.type(field, "reference=redis");
    await userEvent.selectOptions(
      screen.getByRole("combobox", { name: "Sort by" }),
      "Oldest first",
    );
    document.body.innerHTML = "";
    render(App, { props: { api: new FakeApi(images()) } });
    await screen.findByRole("list", { name: "Images" });
    expect(screen.getByRole("searchbox", { name: "Filter images" })).toHaveValue("reference=redis");
    expect(screen.getByRole("combobox", { name: "Sort by" })).toHaveValue("created:asc");
    expect(names()).toEqual(["redis:7"]);
  });
});

describe("filter bar in Spanish", () => {
  afterEach(() => setLocale("en"));

  it("says it in Spanish, with docker's filter terms and sizes as docker writes them", async () => {
    setLocale("es");
    const view = new ViewStore(null);
    render(FilterBar, {
      props: { view, shownCount: 3, shownSize: 165_000_000, total: 12_345, error: null },
    });
    const field = screen.getByRole("searchbox", { name: "Filtrar imágenes" });
    expect(field).toHaveAttribute(
      "placeholder",
      "Filtrar: nginx, label=env=prod, reference=*:alpine, size>100MB   ( / )",
    );
    expect(screen.getByText("3 de 12.345 imágenes · 165MB")).toBeInTheDocument();
    const chips = screen.getByRole("group", { name: "Filtros rápidos" });
    expect(
      within(chips)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["En uso", "Sin usar", "Huérfanas"]);
    await userEvent.click(within(chips).getByRole("button", { name: "En uso" }));
    expect(view.query).toBe("in-use=true");
    const sort = screen.getByRole("combobox", { name: "Ordenar por" });
    expect(
      within(sort)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual([
      "Más recientes primero",
      "Más antiguas primero",
      "Más grandes primero",
      "Más pequeñas primero",
      "Nombre A–Z",
      "Nombre Z–A",
    ]);
  });

  it("counts a single image in the singular", () => {
    setLocale("es");
    render(FilterBar, {
      props: { view: new ViewStore(null), shownCount: 1, shownSize: 5_600, total: 1, error: null },
    });
    expect(screen.getByText("1 de 1 imagen · 5.6kB")).toBeInTheDocument();
  });

  it("words a bad filter in Spanish, keeping the filter's own terms", async () => {
    localStorage.clear();
    setLocale("es");
    render(App, { props: { api: new FakeApi(images()) } });
    await screen.findByRole("list", { name: "Imágenes" });
    const field = screen.getByRole("searchbox", { name: "Filtrar imágenes" });
    await userEvent.type(field, "colour=red");
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(
      screen.getByText(
        "Filtro desconocido: “colour”. Filtros válidos: dangling, label, reference, before, since, in-use, size.",
      ),
    ).toBeInTheDocument();
    // The message follows a switch of language without retyping.
    setLocale("en");
    expect(
      await screen.findByText(/^Unknown filter “colour”\. Valid filters: dangling/),
    ).toBeInTheDocument();
  });
});
