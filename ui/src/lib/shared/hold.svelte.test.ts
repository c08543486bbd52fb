// Runes in a test: the file name ends in .svelte.test.ts, so Svelte compiles it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { APPEAR_MS, HOLD_MS, Hold } from "./hold.svelte";

afterEach(() => vi.useRealTimers());

describe("Hold", () => {
  it("holds for its own time, or for the time asked", () => {
    vi.useFakeTimers();
    const hold = new Hold();
    hold.start();
    vi.advanceTimersByTime(HOLD_MS - 1);
    expect(hold.held).toBe(true);
    vi.advanceTimersByTime(1);
    expect(hold.held).toBe(false);

    hold.start(APPEAR_MS);
    vi.advanceTimersByTime(APPEAR_MS - 1);
    expect(hold.held).toBe(true);
    vi.advanceTimersByTime(1);
    expect(hold.held).toBe(false);
  });

  it("a shorter hold never cuts a longer one short (a replaced plan that is also new)", () => {
    vi.useFakeTimers();
    const hold = new Hold();
    hold.start();
    hold.start(APPEAR_MS);
    vi.advanceTimersByTime(APPEAR_MS);
    expect(hold.held).toBe(true);
    vi.advanceTimersByTime(HOLD_MS - APPEAR_MS);
    expect(hold.held).toBe(false);
  });

  it("a longer hold extends a shorter one, and stop lets go at once", () => {
    vi.useFakeTimers();
    const hold = new Hold();
    hold.start(APPEAR_MS);
    vi.advanceTimersByTime(APPEAR_MS - 100);
    hold.start();
    vi.advanceTimersByTime(HOLD_MS - 1);
    expect(hold.held).toBe(true);
    hold.stop();
    expect(hold.held).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
