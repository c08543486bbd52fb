// KitJob on its own: a run, and its Cancel.
import { describe, expect, it, vi } from "vitest";
import { KitJob } from "./job.svelte";

type Outcome = { status: "Saved" } | { status: "Cancelled" };

/** A job whose run ends Cancelled once the backend takes a Cancel of its ID. */
function cancellable() {
  const job = new KitJob<number, Outcome>((p) => p);
  let stop: ((outcome: Outcome) => void) | null = null;
  let runningId: string | null = null;
  const done = job.run("save", (id) => {
    return new Promise<Outcome>((resolve) => {
      stop = resolve;
      runningId = id;
    });
  });
  /** The backend: stops the run it knows of. */
  const backend = async (id: string) => {
    if (id !== runningId || !stop) return false;
    stop({ status: "Cancelled" });
    return true;
  };
  return { job, done, backend };
}

describe("KitJob.cancel", () => {
  it("asks the backend to stop the job, which then ends cancelled", async () => {
    const { job, done, backend } = cancellable();
    const cancelKit = vi.fn(backend);
    await job.cancel(cancelKit);
    expect(await done).toEqual({ status: "Cancelled" });
    expect(job.status).toBe("done");
    expect(cancelKit).toHaveBeenCalledTimes(1);
  });

  it("asks again when the backend had not found the job yet (Cancel right after it started)", async () => {
    const { job, done, backend } = cancellable();
    const cancelKit = vi.fn(backend).mockResolvedValueOnce(false);
    await job.cancel(cancelKit);
    expect(cancelKit).toHaveBeenCalledTimes(2);
    expect(cancelKit.mock.calls[1]![0]).toBe(job.id);
    expect(await done).toEqual({ status: "Cancelled" });
    expect(job.status).toBe("done");
    expect(job.cancelError).toBeNull();
  });

  it("stops asking once the job has ended by itself", async () => {
    const job = new KitJob<number, Outcome>((p) => p);
    let finish!: (outcome: Outcome) => void;
    void job.run("save", () => new Promise<Outcome>((resolve) => (finish = resolve)));
    const cancelKit = vi.fn(async () => {
      finish({ status: "Saved" });
      return false;
    });
    await job.cancel(cancelKit);
    expect(cancelKit).toHaveBeenCalledTimes(1);
    expect(job.outcome).toEqual({ status: "Saved" });
  });

  it("says why the backend refused the Cancel; the job goes on", async () => {
    const { job } = cancellable();
    await job.cancel(() => Promise.reject({ kind: "InvalidInput", field: "job", reason: "empty" }));
    expect(job.cancelError?.kind).toBe("InvalidInput");
    expect(job.status).toBe("running");
    expect(job.cancelling).toBe(false);
  });

  it("is cancelling once the backend took it, until the job ends, and takes no second press", async () => {
    const job = new KitJob<number, Outcome>((p) => p);
    let finish!: (outcome: Outcome) => void;
    void job.run("save", () => new Promise<Outcome>((resolve) => (finish = resolve)));
    // The backend took it; the save removes its partial file before it answers.
    const cancelKit = vi.fn(async () => true);
    await job.cancel(cancelKit);
    expect(job.cancelling).toBe(true);
    await job.cancel(cancelKit);
    expect(cancelKit).toHaveBeenCalledTimes(1);
    finish({ status: "Cancelled" });
    await vi.waitFor(() => expect(job.status).toBe("done"));
    job.reset();
    expect(job.cancelling).toBe(false);
  });

  it("says the job goes on when the Cancel never reached it, and may be pressed again", async () => {
    vi.useFakeTimers();
    try {
      const job = new KitJob<number, Outcome>((p) => p);
      void job.run("load", () => new Promise<Outcome>(() => {}));
      const cancelKit = vi.fn(async () => false);
      const asked = job.cancel(cancelKit);
      await vi.runAllTimersAsync();
      await asked;
      expect(cancelKit.mock.calls.length).toBeGreaterThan(1);
      expect(job.status).toBe("running");
      expect(job.cancelling).toBe(false);
      expect(job.cancelMissed).toBe(true);
      // Pressed again: asked again, and the notice goes while it is.
      const again = job.cancel(async () => true);
      expect(job.cancelMissed).toBe(false);
      await again;
      expect(job.cancelling).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
