import { fireEvent, render, screen, within } from "@testing-library/svelte";
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

describe("ImageGrid: a just-pulled image", () => {
  const cardOf = (id: string) =>
    screen
      .getByRole("list", { name: "Images" })
      .querySelector<HTMLElement>(`[data-image-id="${id}"]`);

  it("is rendered and scrolled into view in a virtual grid, however far down it sorts", async () => {
    // jsdom has no scrollIntoView: the card calls it when there is one.
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    try {
      const images = many(500);
      const { rerender } = render(ImageGrid, { props: { images } });
      const far = images[400]!;
      expect(cardOf(far.id)).toBeNull();
      await rerender({ images, highlighted: far.id });
      const card = cardOf(far.id);
      expect(card).not.toBeNull();
      expect(card).toHaveAccessibleDescription("Just pulled");
      expect(card).toHaveAttribute("aria-posinset", "401");
      expect(scroll).toHaveBeenCalledTimes(1);
      expect(scroll.mock.contexts[0]).toBe(card);
      // The rows near the viewport are still the only others rendered.
      const cards = within(screen.getByRole("list", { name: "Images" })).getAllByRole("listitem");
      expect(cards.length).toBeLessThan(60);
      // The highlight over, its row goes back to being rendered only when in range.
      await rerender({ images, highlighted: null });
      expect(cardOf(far.id)).toBeNull();
    } finally {
      delete (Element.prototype as { scrollIntoView?: unknown }).scrollIntoView;
    }
  });
});

describe("ImageGrid: the keyboard focus stays with its image", () => {
  const inspect = (tag: string) => screen.getByRole("button", { name: `Inspect ${tag}` });
  const focusedCard = () =>
    (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-image-id]")?.dataset
      .imageId;

  it("follows its image when an image lands above it in a virtual grid", async () => {
    const images = many(60);
    const onopen = vi.fn();
    const { rerender } = render(ImageGrid, { props: { images, onopen } });
    inspect("app-4:1.0").focus();
    // Pulled in a terminal: the newest image comes first and every slot shows the one before.
    const pulled = fakeImage({ tags: ["new:1"], created: 1000 });
    await rerender({ images: [pulled, ...images], onopen });
    expect(document.activeElement).toBe(inspect("app-4:1.0"));
    expect(focusedCard()).toBe(images[4]!.id);
    await userEvent.keyboard("{Enter}");
    expect(onopen).toHaveBeenCalledWith(images[4]!.id);
  });

  it("moves the focus with its image without scrolling the view to it", async () => {
    const images = many(60);
    const { rerender } = render(ImageGrid, { props: { images, onopen: vi.fn() } });
    inspect("app-4:1.0").focus();
    // The user may be scrolling elsewhere with the wheel when a terminal's change comes.
    const focus = vi.spyOn(HTMLElement.prototype, "focus");
    const pulled = fakeImage({ tags: ["new:1"], created: 1000 });
    await rerender({ images: [pulled, ...images], onopen: vi.fn() });
    expect(document.activeElement).toBe(inspect("app-4:1.0"));
    expect(focus).toHaveBeenCalled();
    for (const call of focus.mock.calls) expect(call[0]).toEqual({ preventScroll: true });
    focus.mockRestore();
  });

  it("lets Tab from the page land on the image a reused card shows now", async () => {
    const images = many(60);
    const outside = document.createElement("button");
    document.body.append(outside);
    const { rerender } = render(ImageGrid, { props: { images, onopen: vi.fn() } });
    const card = inspect("app-4:1.0");
    card.focus();
    // A click on a blank part of the page: the focus goes nowhere, the image is remembered.
    card.blur();
    const pulled = fakeImage({ tags: ["new:1"], created: 1000 });
    await rerender({ images: [pulled, ...images], onopen: vi.fn() });
    // The same element shows app-3 now; reached by Tab from the page, it keeps the focus.
    outside.focus();
    card.focus();
    expect(document.activeElement).toBe(card);
    expect(card).toBe(inspect("app-3:1.0"));
    outside.remove();
  });

  it("keeps the focused card's row while the image moves out of the rendered range", async () => {
    const images = many(60);
    const { rerender } = render(ImageGrid, {
      props: { images, onopen: vi.fn(), oncheck: vi.fn() },
    });
    screen.getByRole("checkbox", { name: "Select app-2:1.0" }).focus();
    // A hundred images above it: its row is far below the viewport now.
    const more = Array.from({ length: 100 }, (_, i) => fakeImage({ tags: [`top-${i}:1`] }));
    await rerender({ images: [...more, ...images], onopen: vi.fn(), oncheck: vi.fn() });
    expect(document.activeElement).toBe(screen.getByRole("checkbox", { name: "Select app-2:1.0" }));
  });

  it("goes to the list, not to another image, when its image is no longer shown", async () => {
    const images = many(60);
    const { rerender } = render(ImageGrid, { props: { images, onopen: vi.fn() } });
    inspect("app-4:1.0").focus();
    await rerender({ images: images.filter((_, i) => i !== 4), onopen: vi.fn() });
    expect(document.activeElement).toBe(screen.getByRole("list", { name: "Images" }));
  });

  it("follows its image when a dialog gives the focus back to a card reused meanwhile", async () => {
    const images = many(60);
    const { rerender } = render(ImageGrid, { props: { images, onremove: vi.fn() } });
    const remove = screen.getByRole("button", { name: "Remove app-5:1.0" });
    remove.focus();
    // A dialog takes the focus; the list changes under it; closing gives the focus back.
    const dialog = document.createElement("div");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.tabIndex = -1;
    document.body.append(dialog);
    dialog.focus();
    await rerender({ images: [fakeImage({ tags: ["new:1"] }), ...images], onremove: vi.fn() });
    remove.focus();
    expect(focusedCard()).toBe(images[5]!.id);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Remove app-5:1.0" }));
    dialog.remove();
  });
  it("follows its image when the window comes back to a card reused meanwhile", async () => {
    const images = many(60);
    const { rerender } = render(ImageGrid, { props: { images, onopen: vi.fn() } });
    const button = inspect("app-3:1.0");
    button.focus();
    // Another window (a terminal) takes the focus; a pull there lands at the top of the list.
    await fireEvent.focusOut(button, { relatedTarget: null });
    await rerender({ images: [fakeImage({ tags: ["new:1"] }), ...images], onopen: vi.fn() });
    expect(button).toHaveAccessibleName("Inspect app-2:1.0");
    // Back in Imagen: the focus returns to that element, then goes on to its image.
    await fireEvent.focusIn(button);
    expect(document.activeElement).toBe(inspect("app-3:1.0"));
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
