import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import LoadingGrid from "./LoadingGrid.svelte";

describe("LoadingGrid", () => {
  it("is a status that says images are loading", () => {
    render(LoadingGrid);
    expect(screen.getByRole("status", { name: "Loading images" })).toHaveTextContent(
      "Loading images…",
    );
  });
});
