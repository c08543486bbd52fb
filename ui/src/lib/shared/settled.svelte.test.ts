// Runes in a test: the file name ends in .svelte.test.ts, so Svelte compiles it.
import { flushSync } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SETTLE_MS, SettledText } from "./settled.svelte";

afterEach(() => vi.useRealTimers());

function follow(first: string, options?: { quietAtFirst?: boolean }) {
  let text = $state(first);
  let settled: SettledText | undefined;
  const stop = $effect.root(() => {
    settled = new SettledText(() => text, options);
  });
  flushSync();
  return {
    set: (next: string) => {
      text = next;
      flushSync();
    },
    read: () => settled!.current,
    stop,
  };
}

describe("SettledText", () => {
  it("gives only the text typing paused on, not each keystroke's", () => {
    vi.useFakeTimers();
    const t = follow("");
    for (const text of ["n", "ng", "ngi", "ngin", "nginx"]) {
      t.set(text);
      vi.advanceTimersByTime(SETTLE_MS - 100);
      expect(t.read()).toBe("");
    }
    vi.advanceTimersByTime(100);
    expect(t.read()).toBe("nginx");
    t.stop();
  });

  it("reads the first text once it settles, unless told to stay quiet at first", () => {
    vi.useFakeTimers();
    const loud = follow("3 images");
    vi.advanceTimersByTime(SETTLE_MS);
    expect(loud.read()).toBe("3 images");
    loud.stop();

    const quiet = follow("3 images", { quietAtFirst: true });
    vi.advanceTimersByTime(SETTLE_MS * 4);
    expect(quiet.read()).toBe("");
    quiet.set("1 image");
    vi.advanceTimersByTime(SETTLE_MS);
    expect(quiet.read()).toBe("1 image");
    // Back to the first text after a change: now it is news, and it is read.
    quiet.set("3 images");
    vi.advanceTimersByTime(SETTLE_MS);
    expect(quiet.read()).toBe("3 images");
    quiet.stop();
  });

  it("leaves no timer behind once its owner is gone", () => {
    vi.useFakeTimers();
    const t = follow("");
    t.set("nginx");
    expect(vi.getTimerCount()).toBe(1);
    t.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
