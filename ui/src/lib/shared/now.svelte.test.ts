// Runes in a test: the file name ends in .svelte.test.ts, so Svelte compiles it.
import { flushSync } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AGE_TICK_MS, nowSeconds } from "./now";

afterEach(() => vi.useRealTimers());

describe("nowSeconds", () => {
  it("is read again every tick by all its readers, on one timer stopped after the last", async () => {
    vi.useFakeTimers();
    const seen: number[][] = [[], [], []];
    const stops = seen.map((list) =>
      $effect.root(() => {
        $effect(() => {
          list.push(nowSeconds());
        });
      }),
    );
    flushSync();
    expect(seen.map((list) => list.length)).toEqual([1, 1, 1]);
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(AGE_TICK_MS);
    flushSync();
    expect(seen.map((list) => list.length)).toEqual([2, 2, 2]);
    expect(seen[0]![1]! - seen[0]![0]!).toBe(AGE_TICK_MS / 1000);

    for (const stop of stops) stop();
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is the time now outside an effect, with no timer", () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    expect(nowSeconds()).toBe(1_700_000_000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
