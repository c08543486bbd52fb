import { render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import HistoryTable from "./HistoryTable.svelte";
import type { HistoryEntry } from "../../lib/ipc/api";

describe("HistoryTable", () => {
  it("lists each build step with its size and age, as docker history does", () => {
    const step = (createdBy: string, size: number, sizeText: string): HistoryEntry => ({
      id: "<missing>",
      createdText: "2 weeks ago",
      comment: "",
      createdBy,
      size,
      sizeText,
    });
    const rows = [step('CMD ["sh"]', 0, "0B"), step("ADD file:abc in /", 4_260_000, "4.26MB")];
    render(HistoryTable, { props: { rows } });
    const [, ...body] = screen.getAllByRole("row");
    expect(body).toHaveLength(2);
    expect(within(body[1]!).getByText("ADD file:abc in /")).toBeInTheDocument();
    expect(within(body[1]!).getByText("4.26MB")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Created by" })).toBeInTheDocument();
  });
});
