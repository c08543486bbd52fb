import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import ImageGrid from "./ImageGrid.svelte";
import { setLocale } from "../../lib/i18n/locale.svelte";

afterEach(() => setLocale("en"));
import { fakeImage } from "../../lib/ipc/fake";

const many = (n: number) =>
  Array.from({ length: n }, (_, i) => fakeImage({ tags: [`app-${i}:1.0`], created: n - i }));

describe("ImageGrid", () => {
  it("renders every card of a small list", () => {
    render(ImageGrid, { props: { images: many(30) } });
    const grid = screen.getByRole("list", { name: "Images" });
    expect(within(grid).getAllByRole("listitem")).toHaveLength(30);
  });

  it("renders every card up to 48 images and virtualises from 49 on", () => {
    const { unmount } = render(ImageGrid, { props: { images: many(48) } });
    expect(
      within(screen.getByRole("list", { name: "Images" })).getAllByRole("listitem"),
    ).toHaveLength(48);
    unmount();
    render(ImageGrid, { props: { images: many(49) } });
    const cards = within(screen.getByRole("list", { name: "Images" })).getAllByRole("listitem");
    expect(cards.length).toBeLessThan(48);
    expect(cards[0]).toHaveAttribute("aria-setsize", "49");
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

  it("ticks the picked cards of a large list and passes clicks on with their image", async () => {
    const images = many(5000);
    const oncheck = vi.fn();
    const onopen = vi.fn();
    const checked = new Set([images[1]!.id, images[4000]!.id]);
    render(ImageGrid, { props: { images, checked, oncheck, onopen } });
    expect(screen.getByRole("checkbox", { name: "Select app-1:1.0" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Select app-2:1.0" })).not.toBeChecked();
    expect(screen.getByRole("listitem", { name: "app-1:1.0" })).toHaveClass("checked");
    await userEvent.click(screen.getByRole("checkbox", { name: "Select app-2:1.0" }));
    expect(oncheck).toHaveBeenCalledWith(images[2]!.id, true, false);
    expect(onopen).not.toHaveBeenCalled();
  });

  it("keeps ticks on the right image when a slot shows another one", async () => {
    const images = many(5000);
    const checked = new Set([images[0]!.id]);
    const oncheck = () => {};
    const { rerender } = render(ImageGrid, { props: { images, checked, oncheck } });
    expect(screen.getByRole("checkbox", { name: "Select app-0:1.0" })).toBeChecked();
    // The first slot now shows app-1 (app-0 filtered out): its box follows the image.
    await rerender({ images: images.slice(1), checked, oncheck });
    expect(screen.getByRole("checkbox", { name: "Select app-1:1.0" })).not.toBeChecked();
    await rerender({ images, checked: new Set([images[1]!.id]), oncheck });
    expect(screen.getByRole("checkbox", { name: "Select app-0:1.0" })).not.toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Select app-1:1.0" })).toBeChecked();
  });
});

describe("ImageGrid in Spanish", () => {
  it("names the list and its cards' controls in Spanish, references unchanged", () => {
    setLocale("es");
    render(ImageGrid, { props: { images: many(3), oncheck: vi.fn(), onopen: vi.fn() } });
    const grid = screen.getByRole("list", { name: "Imágenes" });
    expect(within(grid).getAllByRole("listitem")).toHaveLength(3);
    expect(screen.getByRole("checkbox", { name: "Seleccionar app-1:1.0" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Inspeccionar app-1:1.0" })).toBeInTheDocument();
  });

  it("names a virtualised list in Spanish too", () => {
    setLocale("es");
    render(ImageGrid, { props: { images: many(500) } });
    const grid = screen.getByRole("list", { name: "Imágenes" });
    const cards = within(grid).getAllByRole("listitem");
    expect(cards.length).toBeLessThan(500);
    expect(cards[0]).toHaveAttribute("aria-setsize", "500");
  });
});
