import { render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import ImageGrid from "./ImageGrid.svelte";
import { fakeImage } from "../lib/ipc/fake";

const many = (n: number) =>
  Array.from({ length: n }, (_, i) => fakeImage({ tags: [`app-${i}:1.0`], created: n - i }));

describe("ImageGrid", () => {
  it("renders every card of a small list", () => {
    render(ImageGrid, { props: { images: many(30) } });
    const grid = screen.getByRole("list", { name: "Images" });
    expect(within(grid).getAllByRole("listitem")).toHaveLength(30);
  });

  it("renders only the rows near the viewport of a large list, sized for all of it", () => {
    render(ImageGrid, { props: { images: many(5000) } });
    const grid = screen.getByRole("list", { name: "Images" });
    const cards = within(grid).getAllByRole("listitem");
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.length).toBeLessThan(60);
    // Screen readers still hear the whole count and each card's place in it.
    expect(cards[0]).toHaveAttribute("aria-setsize", "5000");
    expect(cards[0]).toHaveAttribute("aria-posinset", "1");
    expect(cards[0]).toHaveAccessibleName("app-0:1.0");
    expect(parseFloat(grid.style.height)).toBeGreaterThan(100_000);
  });
});
