import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { render, screen, within } from "@testing-library/svelte";
import { compile } from "svelte/compiler";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import HistoryTable from "./HistoryTable.svelte";
import ImageCard from "../images/ImageCard.svelte";
import type { HistoryEntry } from "../../lib/ipc/api";

afterEach(() => setLocale("en"));

/** Puts the component's own styles in the page (jsdom gets none from the build), scoped with
 * the class the rendered `element` carries, so `getComputedStyle` reads what a web view does. */
function addStyles(element: Element): () => void {
  const scope = [...element.classList].find((c) => c.startsWith("svelte-"))!;
  const file = join(dirname(fileURLToPath(import.meta.url)), "HistoryTable.svelte");
  const { css } = compile(readFileSync(file, "utf8"), {
    filename: file,
    css: "external",
    cssHash: () => scope,
  });
  const style = document.createElement("style");
  style.textContent = css!.code;
  document.head.append(style);
  return () => style.remove();
}

const step = (
  createdBy: string,
  size: number,
  sizeText: string,
  created: number | null = null,
  more: Partial<HistoryEntry> = {},
): HistoryEntry => ({
  id: "<missing>",
  created,
  createdText: "2 weeks ago",
  comment: "",
  createdBy,
  size,
  sizeText,
  ...more,
});

/** A pulled image's history as the engine gives it: the top step is the image (its short ID),
 * the steps under it `<missing>`; BuildKit's steps carry its comment. */
const pulled = (): HistoryEntry[] => [
  step('CMD ["nginx" "-g" "daemon off;"]', 0, "0B", null, {
    id: "d4e5f6333333",
    comment: "buildkit.dockerfile.v0",
  }),
  step("RUN /bin/sh -c set -x && addgroup -g 101 -S nginx # buildkit", 5_600, "5.6kB", null, {
    comment: "buildkit.dockerfile.v0",
  }),
  step("ADD alpine-minirootfs-3.21.3-x86_64.tar.gz / # buildkit", 7_830_000, "7.83MB"),
];

/** The text of each cell of each body row, in order. */
const cells = () =>
  screen
    .getAllByRole("row")
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole("cell")
        .map((c) => c.textContent!.trim()),
    );

const daysAgo = (days: number) => Math.floor(Date.now() / 1000) - days * 24 * 3600;

describe("HistoryTable", () => {
  it("shows docker history for the image it is given, and no command without one", () => {
    const rows = [step('CMD ["sh"]', 0, "0B")];
    const { unmount } = render(HistoryTable, { props: { rows, reference: "busybox:1.36" } });
    // --no-trunc: the terminal prints each step in full, as the table does.
    expect(
      screen.getByRole("button", { name: "Copy “docker history --no-trunc busybox:1.36”" }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^With --no-trunc, docker history prints each step in full/),
    ).toHaveTextContent("as this table does (and the IDs in full too: sha256:…).");
    unmount();
    render(HistoryTable, { props: { rows } });
    expect(screen.queryByRole("button", { name: /^Copy/ })).not.toBeInTheDocument();
  });

  it("lists each build step with its size and age, as docker history does", () => {
    const rows = [step('CMD ["sh"]', 0, "0B"), step("ADD file:abc in /", 4_260_000, "4.26MB")];
    render(HistoryTable, { props: { rows } });
    const [, ...body] = screen.getAllByRole("row");
    expect(body).toHaveLength(2);
    expect(within(body[1]!).getByText("ADD file:abc in /")).toBeInTheDocument();
    expect(within(body[1]!).getByText("4.26MB")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Created by" })).toBeInTheDocument();
    expect(within(body[1]!).getByText("2 weeks ago")).toBeInTheDocument();
    expect(screen.getByText(/newest first/)).toHaveTextContent(
      /newest first — what docker history prints\. A step that adds files adds a layer\. Most steps of 0B only change settings, but some still make a layer, such as WORKDIR/,
    );
  });

  it("says it in Spanish, with docker's instructions and sizes as docker prints them", () => {
    setLocale("es");
    const rows = [step("ADD file:abc in /", 4_260_000, "4.26MB"), step('CMD ["sh"]', 0, "0B")];
    render(HistoryTable, { props: { rows } });
    expect(screen.getByRole("columnheader", { name: "Creado por" })).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Tamaño" })).toBeInTheDocument();
    expect(screen.getByText(/lo que muestra/)).toHaveTextContent(
      /lo que muestra docker history\. Un paso que añade archivos añade una capa\. La mayoría de los pasos de 0B solo cambia la configuración, pero algunos sí crean una capa, como WORKDIR/,
    );
    expect(screen.getByText("docker history")).toBeInTheDocument();
    const [, first] = screen.getAllByRole("row");
    expect(within(first!).getByText("ADD file:abc in /")).toBeInTheDocument();
    expect(within(first!).getByText("4.26MB")).toBeInTheDocument();
    expect(within(first!).getByText("hace 2 semanas")).toBeInTheDocument();
  });

  it("prints CREATED BY as docker history does: spaces and line breaks kept, tabs as spaces", () => {
    const rows = [
      step('/bin/sh -c #(nop)  CMD ["sh"]', 0, "0B"),
      step("RUN /bin/sh -c apk add\tcurl # buildkit", 1_000, "1kB"),
      step("RUN |0 /bin/sh -c <<EOF\napk add curl\nEOF # buildkit", 1_000, "1kB"),
    ];
    render(HistoryTable, { props: { rows } });
    const by = screen
      .getAllByRole("row")
      .slice(1)
      .map((row) => within(row).getAllByRole("cell")[2]!);
    expect(by.map((cell) => cell.textContent)).toEqual([
      '/bin/sh -c #(nop)  CMD ["sh"]',
      "RUN /bin/sh -c apk add curl # buildkit",
      "RUN |0 /bin/sh -c <<EOF\napk add curl\nEOF # buildkit",
    ]);
    expect(by[1]).toHaveAttribute("title", "RUN /bin/sh -c apk add curl # buildkit");
    // Shown as written (HTML would collapse the two spaces and the line breaks), wrapping
    // inside the narrow panel's cell.
    const remove = addStyles(by[0]!);
    try {
      for (const cell of by) {
        expect(getComputedStyle(cell).whiteSpace).toBe("pre-wrap");
        expect(getComputedStyle(cell).overflowWrap).toBe("anywhere");
      }
      // The header keeps to one line.
      const head = screen.getByRole("columnheader", { name: "Created by" });
      expect(getComputedStyle(head).whiteSpace).toBe("nowrap");
    } finally {
      remove();
    }
  });

  it("words the age from the engine's time, with the exact date on hover", () => {
    const created = daysAgo(3);
    render(HistoryTable, { props: { rows: [step('CMD ["sh"]', 0, "0B", created)] } });
    // The engine's time wins over docker's text ("2 weeks ago" in the fixture).
    const time = screen.getByRole("table").querySelector("time")!;
    const iso = new Date(created * 1000).toISOString();
    expect(time).toHaveTextContent("3 days ago");
    expect(time).toHaveAttribute("datetime", iso);
    expect(time.getAttribute("title")).toContain(iso);
    expect(screen.queryByText("2 weeks ago")).not.toBeInTheDocument();
  });

  it("words the engine's time in Spanish, and follows a language switch", async () => {
    render(HistoryTable, { props: { rows: [step('CMD ["sh"]', 0, "0B", daysAgo(15))] } });
    const time = screen.getByRole("table").querySelector("time")!;
    expect(time).toHaveTextContent("2 weeks ago");
    setLocale("es");
    await tick();
    expect(time).toHaveTextContent("hace 2 semanas");
  });

  it("falls back to docker's text without a time, in both languages", async () => {
    render(HistoryTable, { props: { rows: [step('CMD ["sh"]', 0, "0B")] } });
    expect(screen.getByRole("table").querySelector("time")).toBeNull();
    expect(screen.getByText("2 weeks ago")).toBeInTheDocument();
    setLocale("es");
    await tick();
    expect(screen.getByText("hace 2 semanas")).toBeInTheDocument();
  });

  it("has docker history's columns in its order: IMAGE, CREATED, CREATED BY, SIZE, COMMENT", () => {
    render(HistoryTable, { props: { rows: pulled(), reference: "nginx:alpine" } });
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "Image",
      "Created",
      "Created by",
      "Size",
      "Comment",
    ]);
    expect(cells()).toEqual([
      [
        "d4e5f6333333",
        "2 weeks ago",
        'CMD ["nginx" "-g" "daemon off;"]',
        "0B",
        "buildkit.dockerfile.v0",
      ],
      [
        "<missing>",
        "2 weeks ago",
        "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx # buildkit",
        "5.6kB",
        "buildkit.dockerfile.v0",
      ],
      [
        "<missing>",
        "2 weeks ago",
        "ADD alpine-minirootfs-3.21.3-x86_64.tar.gz / # buildkit",
        "7.83MB",
        "",
      ],
    ]);
    // CREATED BY in full, not cut at 45 characters as the CLI does without --no-trunc.
    const by = screen.getByText("RUN /bin/sh -c set -x && addgroup -g 101 -S nginx # buildkit");
    expect(by).toHaveAttribute("title", by.textContent);
  });

  it("explains <missing> when a step has no image of its own, and only then", () => {
    const { unmount } = render(HistoryTable, { props: { rows: pulled() } });
    const note = screen
      .getByText(/^: this step has no image of its own on this engine/)
      .closest("p")!;
    expect(note).toHaveTextContent(
      "<missing>: this step has no image of its own on this engine. That's normal: pulling an " +
        "image brings its layers, not the images between them, and BuildKit doesn't keep those " +
        "either. The top row is this image itself.",
    );
    expect(within(note).getByText("<missing>").tagName).toBe("CODE");
    // The same words on each <missing> cell, on hover; none on the image's own ID.
    const [top, ...missing] = screen.getAllByRole("row").slice(1);
    for (const row of missing)
      expect(within(row).getAllByRole("cell")[0]).toHaveAttribute(
        "title",
        note.textContent!.trim(),
      );
    expect(within(top!).getAllByRole("cell")[0]).not.toHaveAttribute("title");
    unmount();
    // An image built here with the classic builder: every step has an ID, nothing to explain.
    render(HistoryTable, {
      props: { rows: [step('CMD ["sh"]', 0, "0B", null, { id: "a1b2c3d4e5f6" })] },
    });
    expect(screen.queryByText("<missing>")).not.toBeInTheDocument();
    expect(screen.queryByText(/no image of its own/)).not.toBeInTheDocument();
  });

  it("names the columns and explains <missing> in Spanish, with docker's own values", () => {
    setLocale("es");
    render(HistoryTable, { props: { rows: pulled(), reference: "nginx:alpine" } });
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "Imagen",
      "Creado",
      "Creado por",
      "Tamaño",
      "Comentario",
    ]);
    expect(cells()[1]).toEqual([
      "<missing>",
      "hace 2 semanas",
      "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx # buildkit",
      "5.6kB",
      "buildkit.dockerfile.v0",
    ]);
    expect(
      screen.getByRole("button", { name: "Copiar «docker history --no-trunc nginx:alpine»" }),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Con --no-trunc, docker history muestra/)).toHaveTextContent(
      "Con --no-trunc, docker history muestra cada paso completo, como esta tabla (y también " +
        "los ID completos: sha256:…).",
    );
    const note = screen.getByText(/^: este paso no tiene una imagen propia/).closest("p")!;
    expect(note).toHaveTextContent(
      "<missing>: este paso no tiene una imagen propia en este motor. Es lo normal: al " +
        "descargar una imagen llegan sus capas, no las imágenes intermedias, y BuildKit " +
        "tampoco las guarda. La fila de arriba es la propia imagen.",
    );
    const missingCell = within(screen.getAllByRole("row")[2]!).getAllByRole("cell")[0]!;
    expect(missingCell.getAttribute("title")).toMatch(/^<missing>: este paso no tiene/);
  });
});

describe("HistoryTable: ages", () => {
  afterEach(() => vi.useRealTimers());

  it("moves each step's age on as the image cards' do", async () => {
    vi.useFakeTimers();
    const created = Math.floor(Date.now() / 1000) - 20;
    render(HistoryTable, {
      props: { rows: [step("CMD", 0, "0B", created, { createdText: "20 seconds ago" })] },
    });
    render(ImageCard, {
      props: {
        image: {
          id: "sha256:" + "a".repeat(64),
          tags: ["web:1"],
          digests: [],
          size: 1,
          created,
          dangling: false,
          digestNamed: false,
          containers: { running: 0, stopped: 0 },
          labels: {},
        },
      },
    });
    const ages = () => [...document.querySelectorAll("time")].map((t) => t.textContent);
    expect(ages()).toEqual(["20 seconds ago", "20 seconds ago"]);
    vi.advanceTimersByTime(5 * 60_000);
    await tick();
    expect(ages()).toEqual(["5 minutes ago", "5 minutes ago"]);
  });
});
