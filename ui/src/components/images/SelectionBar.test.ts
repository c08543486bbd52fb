import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import SelectionBar from "./SelectionBar.svelte";

describe("SelectionBar", () => {
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
