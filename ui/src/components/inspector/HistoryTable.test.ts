import { render, screen, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import HistoryTable from "./HistoryTable.svelte";
import type { HistoryEntry } from "../../lib/ipc/api";

afterEach(() => setLocale("en"));

const step = (
  createdBy: string,
  size: number,
  sizeText: string,
  created: number | null = null,
): HistoryEntry => ({
  id: "<missing>",
  created,
  createdText: "2 weeks ago",
  comment: "",
  createdBy,
  size,
  sizeText,
});

const daysAgo = (days: number) => Math.floor(Date.now() / 1000) - days * 24 * 3600;

describe("HistoryTable", () => {
  it("shows docker history for the image it is given, and no command without one", () => {
    const rows = [step('CMD ["sh"]', 0, "0B")];
    const { unmount } = render(HistoryTable, { props: { rows, reference: "busybox:1.36" } });
    expect(
      screen.getByRole("button", { name: "Copy “docker history busybox:1.36”" }),
    ).toBeInTheDocument();
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
      /newest first — what docker history prints\. Steps that add files/,
    );
  });

  it("says it in Spanish, with docker's instructions and sizes as docker prints them", () => {
    setLocale("es");
    const rows = [step("ADD file:abc in /", 4_260_000, "4.26MB"), step('CMD ["sh"]', 0, "0B")];
    render(HistoryTable, { props: { rows } });
    expect(screen.getByRole("columnheader", { name: "Creado por" })).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Tamaño" })).toBeInTheDocument();
    expect(screen.getByText(/lo que muestra/)).toHaveTextContent(
      /del más reciente al más antiguo: lo que muestra docker history\. Los pasos/,
    );
    expect(screen.getByText("docker history")).toBeInTheDocument();
    const [, first] = screen.getAllByRole("row");
    expect(within(first!).getByText("ADD file:abc in /")).toBeInTheDocument();
    expect(within(first!).getByText("4.26MB")).toBeInTheDocument();
    expect(within(first!).getByText("hace 2 semanas")).toBeInTheDocument();
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
});
