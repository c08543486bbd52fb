import { describe, expect, it } from "vitest";
import { coalesced } from "./coalesce";

describe("coalesced", () => {
  it("runs once more, not once per call, for calls made while it runs", async () => {
    let runs = 0;
    let open!: () => void;
    const run = coalesced(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (open = r));
    });
    const first = run();
    const second = run();
    const third = run();
    expect(second).toBe(first);
    expect(third).toBe(first);
    open();
    await first;
    expect(runs).toBe(2);
    await run();
    expect(runs).toBe(3);
  });
});
