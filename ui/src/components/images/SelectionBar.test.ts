import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import SelectionBar from "./SelectionBar.svelte";
import { setLocale } from "../../lib/i18n/locale.svelte";

afterEach(() => setLocale("en"));

describe("SelectionBar", () => {
  it("keeps room under the scrolling list for itself while shown, so a focused card is not hidden", () => {
    const scroller = document.createElement("main");
    scroller.style.overflowY = "auto";
    document.body.append(scroller);
    const height = vi.spyOn(HTMLElement.prototype, "offsetHeight", "get").mockReturnValue(56);
    try {
      const { unmount } = render(SelectionBar, {
        target: scroller,
        props: { count: 1, size: 0, onremove: vi.fn(), onclear: vi.fn() },
      });
      expect(scroller.style.scrollPaddingBottom).toBe("64px");
      unmount();
      expect(scroller.style.scrollPaddingBottom).toBe("");
    } finally {
      height.mockRestore();
      scroller.remove();
    }
  });

  it("says how many are selected, their size and how many the filter hides", () => {
    render(SelectionBar, {
      props: { count: 3, size: 48_300_000, hidden: 1, onremove: vi.fn(), onclear: vi.fn() },
    });
    expect(screen.getByRole("status")).toHaveTextContent(
      "3 selected · 48.3MB (1 hidden by the filter)",
    );
  });

  it("offers Select all only while some shown images are not selected", async () => {
    const onselectall = vi.fn();
    const props = { count: 2, size: 0, shownCount: 5, onremove: vi.fn(), onclear: vi.fn() };
    const { rerender } = render(SelectionBar, { props: { ...props, onselectall } });
    await fireEvent.click(screen.getByRole("button", { name: "Select all 5 shown" }));
    expect(onselectall).toHaveBeenCalledOnce();
    await rerender({ ...props, onselectall, count: 5 });
    expect(screen.queryByRole("button", { name: /Select all/ })).not.toBeInTheDocument();
  });

  it("moves the focus to Remove… when Select all had it and goes, and only then", async () => {
    const props = { count: 2, size: 0, shownCount: 5, onremove: vi.fn(), onclear: vi.fn() };
    const { rerender } = render(SelectionBar, {
      props: { ...props, onselectall: () => void rerender({ ...props, count: 5 }) },
    });
    const selectAll = screen.getByRole("button", { name: "Select all 5 shown" });
    selectAll.focus();
    await fireEvent.click(selectAll);
    await waitFor(() => expect(selectAll).not.toBeInTheDocument());
    expect(screen.getByRole("button", { name: "Remove…" })).toHaveFocus();
  });

  it("leaves the focus alone when Select all did not have it (a click that focuses nothing)", async () => {
    const props = { count: 2, size: 0, shownCount: 5, onremove: vi.fn(), onclear: vi.fn() };
    const { rerender } = render(SelectionBar, {
      props: { ...props, onselectall: () => void rerender({ ...props, count: 5 }) },
    });
    const clear = screen.getByRole("button", { name: "Clear" });
    clear.focus();
    const selectAll = screen.getByRole("button", { name: "Select all 5 shown" });
    await fireEvent.click(selectAll);
    await waitFor(() => expect(selectAll).not.toBeInTheDocument());
    expect(clear).toHaveFocus();
  });

  it("clears and removes", async () => {
    const onremove = vi.fn();
    const onclear = vi.fn();
    render(SelectionBar, { props: { count: 1, size: 0, onremove, onclear } });
    await fireEvent.click(screen.getByRole("button", { name: "Clear" }));
    await fireEvent.click(screen.getByRole("button", { name: "Remove…" }));
    expect(onclear).toHaveBeenCalledOnce();
    expect(onremove).toHaveBeenCalledOnce();
  });
});

describe("SelectionBar in Spanish", () => {
  it("says it in Spanish, with sizes as docker prints them", () => {
    setLocale("es");
    const onselectall = vi.fn();
    render(SelectionBar, {
      props: {
        count: 3,
        size: 48_300_000,
        hidden: 1,
        shownCount: 5,
        onremove: vi.fn(),
        onselectall,
        onclear: vi.fn(),
      },
    });
    expect(screen.getByRole("region", { name: "Selección" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(
      "3 seleccionadas · 48.3MB (1 oculta por el filtro)",
    );
    expect(
      screen.getByTitle(
        /La columna SIZE de docker images \(DISK USAGE desde Docker 29\) de las imágenes seleccionadas/,
      ),
    ).toHaveTextContent("48.3MB");
    expect(screen.getByRole("button", { name: "Seleccionar las 5 mostradas" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Deseleccionar" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Eliminar…" })).toBeInTheDocument();
  });

  it("uses the singular for one", () => {
    setLocale("es");
    render(SelectionBar, {
      props: { count: 1, size: 0, hidden: 2, onremove: vi.fn(), onclear: vi.fn() },
    });
    expect(screen.getByRole("status")).toHaveTextContent(
      "1 seleccionada · 0B (2 ocultas por el filtro)",
    );
  });
});
