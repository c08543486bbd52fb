import { describe, expect, it, vi } from "vitest";
import { Copier, copyToClipboard, RESAY_MS } from "./clipboard.svelte";

describe("copyToClipboard", () => {
  it("says whether the text reached the clipboard, however the write fails", async () => {
    expect(await copyToClipboard("a", () => Promise.resolve())).toBe(true);
    expect(await copyToClipboard("a", () => Promise.reject(new Error("denied")))).toBe(false);
    const throws = () => {
      throw new Error("no clipboard");
    };
    expect(await copyToClipboard("a", throws)).toBe(false);
  });
});

describe("Copier", () => {
  it("shows copied or failed for a moment, then idle", async () => {
    vi.useFakeTimers();
    try {
      const copier = new Copier();
      await copier.copy("a", () => Promise.reject(new Error("denied")));
      expect(copier.status).toBe("failed");
      const again = copier.copy("a", () => Promise.resolve());
      await vi.advanceTimersByTimeAsync(RESAY_MS);
      await again;
      expect(copier.status).toBe("copied");
      vi.advanceTimersByTime(1500);
      expect(copier.status).toBe("idle");
    } finally {
      vi.useRealTimers();
    }
  });

  it("a second copy within the moment is a change again: idle first, then copied", async () => {
    vi.useFakeTimers();
    try {
      const copier = new Copier();
      await copier.copy("a", () => Promise.resolve());
      expect(copier.status).toBe("copied");
      const seen: string[] = [];
      const again = copier.copy("b", () => Promise.resolve());
      await vi.advanceTimersByTimeAsync(RESAY_MS / 2);
      seen.push(copier.status);
      await vi.advanceTimersByTimeAsync(RESAY_MS / 2);
      await again;
      seen.push(copier.status);
      expect(seen).toEqual(["idle", "copied"]);
      // It stays its full moment after the second click.
      vi.advanceTimersByTime(1400);
      expect(copier.status).toBe("copied");
      vi.advanceTimersByTime(100);
      expect(copier.status).toBe("idle");
    } finally {
      vi.useRealTimers();
    }
  });

  it("only the latest of quick clicks sets what is shown", async () => {
    vi.useFakeTimers();
    try {
      const copier = new Copier();
      let finishFirst: () => void = () => {};
      const first = copier.copy("a", () => new Promise<void>((r) => (finishFirst = r)));
      const second = copier.copy("b", () => Promise.reject(new Error("denied")));
      await second;
      expect(copier.status).toBe("failed");
      finishFirst();
      await first;
      expect(copier.status).toBe("failed");
    } finally {
      vi.useRealTimers();
    }
  });
});
