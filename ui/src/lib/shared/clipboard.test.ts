import { describe, expect, it, vi } from "vitest";
import { Copier, copyToClipboard } from "./clipboard.svelte";

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
      await copier.copy("a", () => Promise.resolve());
      expect(copier.status).toBe("copied");
      vi.advanceTimersByTime(1500);
      expect(copier.status).toBe("idle");
    } finally {
      vi.useRealTimers();
    }
  });
});
