import { afterEach, describe, expect, it, vi } from "vitest";
import { cancelUntilTaken } from "./cancel";

afterEach(() => vi.useRealTimers());

describe("cancelUntilTaken", () => {
  it("asks once when the backend takes the Cancel", async () => {
    const cancel = vi.fn().mockResolvedValue(true);
    expect(await cancelUntilTaken(cancel, () => true)).toBe(true);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it("asks again, after a wait, while the backend has not found the run yet", async () => {
    vi.useFakeTimers();
    const cancel = vi
      .fn<() => Promise<boolean>>()
      .mockResolvedValueOnce(false)
      .mockResolvedValueOnce(false)
      .mockResolvedValue(true);
    const asked = cancelUntilTaken(cancel, () => true, { ms: 100 });
    await vi.advanceTimersByTimeAsync(99);
    expect(cancel).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(cancel).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(await asked).toBe(true);
    expect(cancel).toHaveBeenCalledTimes(3);
  });

  it("stops asking once the run has answered", async () => {
    vi.useFakeTimers();
    let running = true;
    const cancel = vi.fn().mockResolvedValue(false);
    const asked = cancelUntilTaken(cancel, () => running);
    await vi.advanceTimersByTimeAsync(250);
    running = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(await asked).toBe(false);
    expect(cancel).toHaveBeenCalledTimes(3);
  });

  it("gives up after the retries it was given", async () => {
    vi.useFakeTimers();
    const cancel = vi.fn().mockResolvedValue(false);
    const asked = cancelUntilTaken(cancel, () => true, { retries: 3, ms: 10 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await asked).toBe(false);
    expect(cancel).toHaveBeenCalledTimes(4);
  });

  it("rejects with what the backend threw, without asking again", async () => {
    const cancel = vi.fn().mockRejectedValue({ kind: "InvalidInput" });
    await expect(cancelUntilTaken(cancel, () => true)).rejects.toEqual({ kind: "InvalidInput" });
    expect(cancel).toHaveBeenCalledTimes(1);
  });
});
