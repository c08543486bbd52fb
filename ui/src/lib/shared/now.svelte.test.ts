// Runes in a test: the file name ends in .svelte.test.ts, so Svelte compiles it.
import { flushSync } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AGE_TICK_MS, YOUNG_TICK_MS, nowForAge, nowSeconds } from "./now";
import { relativeAge } from "../i18n/format";

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

describe("nowForAge", () => {
  it("moves every second while the age is under an hour, then only every tick", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    // 115 s old: "About a minute ago" now, "2 minutes ago" 5 s later, as `docker images` has it.
    const created = 1_700_000_000 - 115;
    const seen: number[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(nowForAge(created));
      });
    });
    flushSync();
    expect(vi.getTimerCount()).toBe(2);
    vi.advanceTimersByTime(YOUNG_TICK_MS);
    flushSync();
    expect(seen).toEqual([1_700_000_000, 1_700_000_001]);
    expect(relativeAge(created, seen.at(-1)!, "en")).toBe("About a minute ago");
    vi.advanceTimersByTime(4 * YOUNG_TICK_MS);
    flushSync();
    expect(relativeAge(created, seen.at(-1)!, "en")).toBe("2 minutes ago");
    // An hour old: the fine timer stops, the age moves with the others.
    vi.advanceTimersByTime(3600 * YOUNG_TICK_MS);
    flushSync();
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(1);
    const count = seen.length;
    vi.advanceTimersByTime(10 * YOUNG_TICK_MS);
    flushSync();
    expect(seen.length).toBe(count);
    stop();
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves an older age on the one slow timer", () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    const stop = $effect.root(() => {
      $effect(() => {
        nowForAge(1_700_000_000 - 3601);
      });
    });
    flushSync();
    expect(vi.getTimerCount()).toBe(1);
    stop();
  });
});
