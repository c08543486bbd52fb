import { render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import HistoryTable from "./HistoryTable.svelte";
import type { HistoryEntry } from "../../lib/ipc/api";

afterEach(() => setLocale("en"));

const step = (createdBy: string, size: number, sizeText: string): HistoryEntry => ({
  id: "<missing>",
  createdText: "2 weeks ago",
  comment: "",
  createdBy,
  size,
  sizeText,
});

describe("HistoryTable", () => {
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
});
