import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { flushSync } from "svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../app/App.svelte";
import FilterBar from "./FilterBar.svelte";
import { FakeApi, fakeImage } from "../../lib/ipc/fake";
import { setLocale } from "../../lib/i18n/locale.svelte";
import { ViewStore } from "../../lib/images/view.svelte";
import { filterImages } from "../../lib/images/filter";
import { filterCommand } from "../../lib/commands/filter";
import type { FilterError, ImageSummary } from "../../lib/ipc/api";
// The vectors both filter ports run (crates/imagen-core/tests/filter-vectors.json).
import vectors from "../../../../crates/imagen-core/tests/filter-vectors.json";

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
    // The grid keeps the last valid result (here the free text "colour", typed on the way), and
    // the page says so.
    expect(
      screen.getByText(
        "Until it is fixed, the cards and the command are those of the last filter that worked.",
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
    // The focus stays, to type another filter; a second Escape, on the empty field, leaves it.
    expect(field).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(field).not.toHaveFocus();
  });

  it("focuses with / from a card's checkbox, which types nothing", async () => {
    const field = await start();
    screen.getByRole("checkbox", { name: "Select redis:7" }).focus();
    await userEvent.keyboard("/");
    expect(field).toHaveFocus();
    expect(field).toHaveValue("");
    // In the field, / is typed.
    await userEvent.keyboard("a/b");
    expect(field).toHaveValue("a/b");
  });

  it("focuses with Ctrl+F with Caps Lock on", async () => {
    const field = await start();
    screen.getByRole("checkbox", { name: "Select redis:7" }).focus();
    await userEvent.keyboard("{Control>}F{/Control}");
    expect(field).toHaveFocus();
  });

  it("on a Mac, Cmd+F finds and Ctrl+F is the field's own (it moves the cursor)", async () => {
    const agent = vi
      .spyOn(navigator, "userAgent", "get")
      .mockReturnValue("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15");
    try {
      const field = (await start()) as HTMLInputElement;
      await userEvent.type(field, "nginx");
      field.setSelectionRange(2, 2);
      const ctrlF = new KeyboardEvent("keydown", { key: "f", ctrlKey: true, bubbles: true });
      field.dispatchEvent(ctrlF);
      expect(ctrlF.defaultPrevented).toBe(false);
      expect(field.selectionStart).toBe(2);
      expect(field.selectionEnd).toBe(2);

      screen.getByRole("checkbox", { name: "Select nginx:alpine" }).focus();
      await userEvent.keyboard("{Meta>}f{/Meta}");
      expect(field).toHaveFocus();
      expect(field.selectionEnd! - field.selectionStart!).toBe(5);
    } finally {
      agent.mockRestore();
    }
  });

  it("leaves the field alone on / and Ctrl+F while a dialog is open", async () => {
    const field = await start();
    await userEvent.click(screen.getByRole("button", { name: "Pull…" }));
    const dialog = screen.getByRole("dialog", { name: "Pull an image" });
    await userEvent.click(dialog);
    await userEvent.keyboard("{Control>}f{/Control}");
    expect(field).not.toHaveFocus();
    await userEvent.keyboard("/");
    expect(field).not.toHaveFocus();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });

  it("says the count to a screen reader once typing pauses, not at every keystroke", async () => {
    const field = await start();
    const news = screen.getByTestId("filter-news");
    expect(news.textContent).toBe("");
    await userEvent.type(field, "redis");
    expect(screen.getByText("1 of 3 images · 117MB")).toBeInTheDocument();
    // The visible count follows each keystroke; the live region waits for the last one.
    expect(news.textContent).toBe("");
    await waitFor(() => expect(news).toHaveTextContent("1 of 3 images · 117MB"));
  });

  it("offers to clear a filter that matches nothing", async () => {
    const field = await start();
    await userEvent.type(field, "postgres");
    expect(screen.getByText(/No image matches/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Clear the filter" }));
    expect(names()).toHaveLength(3);
  });

  it("shows every image, unfiltered, for a saved filter that cannot be applied, and says so", async () => {
    // `since=myapp:1` typed yesterday; `docker image prune -a` since.
    localStorage.setItem("imagen.query", "since=myapp:1");
    render(App, { props: { api: new FakeApi(images()) } });
    await screen.findByRole("list", { name: "Images" });
    expect(names()).toHaveLength(3);
    expect(screen.getByText(/myapp:1/)).toBeInTheDocument();
    expect(
      screen.getByText(
        "Until it is fixed, the filter is not applied: every image is shown, and the command lists them all.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/last filter that worked/)).not.toBeInTheDocument();
    expect(screen.queryByText(/No image matches/)).not.toBeInTheDocument();
    expect(shownCommand()).toBe("docker images");
  });

  it("does not say “No image matches” when the filter is wrong, not empty", async () => {
    const field = await start();
    await userEvent.type(field, "postgres label=");
    expect(names()).toEqual([]);
    expect(screen.queryByText(/No image matches/)).not.toBeInTheDocument();
    expect(screen.getByText("No image matched the last filter that worked.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Clear the filter" }));
    expect(names()).toHaveLength(3);
  });

  it("says how to match a pattern when free text has * or ?", async () => {
    const field = await start();
    await userEvent.type(field, "nginx:*");
    expect(names()).toEqual([]);
    const hint = screen.getByText(/To match a pattern, use reference=nginx:\*$/);
    expect(field.getAttribute("aria-describedby")).toContain(hint.id);
    await userEvent.clear(field);
    await userEvent.type(field, "reference=nginx:*");
    expect(names()).toEqual(["nginx:alpine"]);
    expect(screen.queryByText(/To match a pattern/)).not.toBeInTheDocument();
  });

  it("teaches terms separated by spaces, not commas, and takes a pasted list with commas", async () => {
    const field = await start();
    const placeholder = field.getAttribute("placeholder")!;
    expect(placeholder).toContain("label=env=prod");
    expect(placeholder).not.toMatch(/\S, \S/);
    await userEvent.type(field, "nginx, alpine");
    expect(names()).toEqual(["nginx:alpine"]);
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
      "Filtrar: nginx · label=env=prod · reference=*:alpine · size>100MB   ( / )",
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
        "Filtro desconocido: «colour». Filtros válidos: dangling, label, reference, before, since, in-use, size.",
      ),
    ).toBeInTheDocument();
    // The message follows a switch of language without retyping.
    setLocale("en");
    expect(
      await screen.findByText(/^Unknown filter “colour”\. Valid filters: dangling/),
    ).toBeInTheDocument();
  });
});

/** The command line under the filter, as shown (without the prompt). */
const shownCommand = () =>
  screen
    .getByRole("button", { name: /^Copy “docker images/ })
    .closest(".cmd")!
    .querySelector("code")!
    .textContent!.replace(/^\$\s*/, "");

/** How a shell splits the line (bare, double-quoted and single-quoted words, `'\''`
 * included; `shellWord` double-quotes only words with nothing a shell expands there). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const [, bare, quoted] of line.matchAll(/((?:[^\s'"\\]|\\.|'[^']*'|"[^"]*")+)|(\s+)/g)) {
    void quoted;
    if (bare)
      words.push(
        bare.replace(
          /'([^']*)'|"([^"]*)"|\\(.)/g,
          (_, q: string, d: string, e: string) => q ?? d ?? e,
        ),
      );
  }
  return words;
}

describe("filter bar: the docker command", () => {
  beforeEach(() => localStorage.clear());

  it("is docker images while nothing is typed, and follows the filter", async () => {
    const field = await start();
    expect(shownCommand()).toBe("docker images");
    expect(screen.queryByText(/Imagen only/)).not.toBeInTheDocument();
    await userEvent.type(field, "label=tier=cache reference=red*");
    expect(names()).toEqual(["redis:7"]);
    expect(shownCommand()).toBe(
      'docker images --filter label=tier=cache --filter "reference=red*"',
    );
    expect(screen.queryByText(/Imagen only/)).not.toBeInTheDocument();
  });

  it("says plainly which terms docker has no filter for", async () => {
    const field = await start();
    await userEvent.type(field, "in-use=false size>100MB REDIS dangling=false");
    expect(names()).toEqual(["redis:7"]);
    expect(shownCommand()).toBe("docker images --filter dangling=false");
    expect(
      screen.getByText(
        "Imagen only: the text “redis”, in-use=false, and size>100MB. docker images has no such filter, so this command may list more images.",
      ),
    ).toBeInTheDocument();
  });

  it("says -a on Engine 29 and later while the grid shows an untagged image, and why", async () => {
    const api = new FakeApi(images());
    api.engine = { ...api.engine, serverVersion: "29.1.3", apiVersion: "1.52" };
    render(App, { props: { api } });
    await screen.findByRole("list", { name: "Images" });
    const field = screen.getByRole("searchbox", { name: "Filter images" });
    const why = "Since Docker 29, docker images leaves out images without a tag unless given -a.";
    // The untagged image is in the grid: docker images alone would list two of the three.
    await vi.waitFor(() => expect(shownCommand()).toBe("docker images -a"));
    expect(screen.getByText(why)).toBeInTheDocument();
    await userEvent.type(field, "reference=red*");
    expect(shownCommand()).toBe('docker images --filter "reference=red*"');
    expect(screen.queryByText(why)).not.toBeInTheDocument();
    // dangling=true: the CLI lists what the engine sends, untagged images only.
    await userEvent.clear(field);
    await userEvent.type(field, "dangling=true");
    expect(names()).toHaveLength(1);
    expect(shownCommand()).toBe("docker images --filter dangling=true");
    expect(screen.queryByText(why)).not.toBeInTheDocument();
    // Both notes at once: -a, and a term docker has no filter for.
    await userEvent.clear(field);
    await userEvent.type(field, "in-use=false");
    expect(shownCommand()).toBe("docker images -a");
    expect(
      screen.getByText(
        `${why} Imagen only: in-use=false. docker images has no such filter, so this command may list more images.`,
      ),
    ).toBeInTheDocument();
  });

  it("keeps the last valid command while the filter is half typed, like the grid", async () => {
    const field = await start();
    await fireEvent.input(field, { target: { value: "reference=redis" } });
    await fireEvent.input(field, { target: { value: "reference=redis label=" } });
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(names()).toEqual(["redis:7"]);
    expect(shownCommand()).toBe("docker images --filter reference=redis");
  });

  it("copies the command shown", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    try {
      const field = await start();
      await userEvent.type(field, "dangling=true");
      await userEvent.click(
        screen.getByRole("button", { name: "Copy “docker images --filter dangling=true”" }),
      );
      expect(writeText).toHaveBeenCalledWith("docker images --filter dangling=true");
    } finally {
      Reflect.deleteProperty(navigator, "clipboard");
    }
  });

  // For every shared vector whose terms docker has, the command shown, run by a shell, passes
  // docker filters that keep exactly the images the grid shows — and the vector's answer,
  // which crates/imagen-core/tests/integration/filter.rs checks against a real engine. With
  // Imagen's own terms, it keeps at least those, and the note names what it leaves out.
  it("lists what the grid shows, for every shared filter vector", async () => {
    type Expect = number[] | { error: FilterError; message: string };
    const data = vectors as unknown as {
      images: ImageSummary[];
      cases: { query: string; expect: Expect }[];
    };
    // What the app does: the grid shows `view.shown(all)`, the bar gets its error.
    const view = new ViewStore(null);
    const props = () => {
      const shown = view.shown(data.images);
      return {
        view,
        shownCount: shown.images.length,
        shownSize: shown.totalSize,
        total: data.images.length,
        error: shown.error,
        grid: shown.images.map((i) => i.id).sort(),
      };
    };
    const { container } = render(FilterBar, { props: props() });
    // Read straight from the DOM: role queries over ~100 searches are slow.
    const line = () => container.querySelector(".cmd code")!.textContent!.replace(/^\$\s*/, "");
    const note = () => container.querySelector(".note")?.textContent ?? null;
    let checked = 0;
    for (const c of data.cases) {
      if (!Array.isArray(c.expect)) continue;
      // Only queries that apply (no error) are played: the bar's props other than the query
      // stay as rendered.
      view.setQuery(c.query);
      const { grid, error } = props();
      expect(error, c.query).toBeNull();
      flushSync();
      expect(grid, c.query).toEqual(c.expect.map((i) => data.images[i]!.id).sort());
      const words = shellWords(line());
      expect(words.slice(0, 2)).toEqual(["docker", "images"]);
      const filters = words.slice(2).filter((_, i) => i % 2 === 1);
      expect(
        words
          .slice(2)
          .filter((_, i) => i % 2 === 0)
          .every((w) => w === "--filter"),
      ).toBe(true);
      // docker's filters as a search (each value quoted: the same filter for Imagen).
      const asSearch = filters
        .map((f) =>
          f.replace(/^([a-z]+)=(.*)$/s, (_, key: string, value: string) => `${key}="${value}"`),
        )
        .join(" ");
      const docker = filterImages(asSearch, data.images);
      expect(docker.ok, c.query).toBe(true);
      const dockerIds = docker.ok ? docker.indices.map((i) => data.images[i]!.id).sort() : [];
      const imagenOnly = filterCommand(c.query)!.imagenOnly;
      if (imagenOnly.length === 0) {
        expect(dockerIds, c.query).toEqual(grid);
        expect(note(), c.query).toBeNull();
        checked++;
      } else {
        expect(
          grid.every((id) => dockerIds.includes(id)),
          c.query,
        ).toBe(true);
        expect(note(), c.query).toMatch(/^Imagen only: /);
      }
    }
    expect(checked).toBeGreaterThan(40);
  }, 30_000);
});

describe("filter bar: the docker command in Spanish", () => {
  afterEach(() => setLocale("en"));

  it("words the note in Spanish, with docker's terms as they are", () => {
    setLocale("es");
    const view = new ViewStore(null);
    view.setQuery('nginx "two words" in-use=true reference=n*');
    render(FilterBar, {
      props: { view, shownCount: 1, shownSize: 5_600, total: 3, error: null },
    });
    expect(
      screen.getByRole("button", { name: 'Copiar «docker images --filter "reference=n*"»' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Solo en Imagen: el texto «nginx», el texto «two words» e in-use=true. docker images no tiene ese filtro, así que este comando puede listar más imágenes.",
      ),
    ).toBeInTheDocument();
  });

  it("says why -a in Spanish", () => {
    setLocale("es");
    const view = new ViewStore(null);
    render(FilterBar, {
      props: {
        view,
        shownCount: 3,
        shownSize: 5_600,
        total: 3,
        error: null,
        hidesUntagged: true,
        untaggedShown: true,
      },
    });
    expect(screen.getByRole("button", { name: "Copiar «docker images -a»" })).toBeInTheDocument();
    expect(
      screen.getByText(
        "Desde Docker 29, docker images omite las imágenes sin etiqueta si no se le pasa -a.",
      ),
    ).toBeInTheDocument();
  });
});
