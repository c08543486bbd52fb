import { describe, expect, it } from "vitest";
import { LatestAsks } from "./latest";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("LatestAsks", () => {
  it("counts only the latest ask of a part; other parts are their own", async () => {
    const asks = new LatestAsks<"a" | "b">();
    const old = deferred<string>();
    const newer = deferred<string>();
    const first = asks.ask("a", () => old.promise);
    const second = asks.ask("a", () => newer.promise);
    const other = asks.ask("b", () => Promise.resolve("b"));
    newer.resolve("new");
    old.resolve("old");
    expect(await first).toBeNull();
    expect(await second).toEqual({ status: "ready", value: "new" });
    expect(await other).toEqual({ status: "ready", value: "b" });
  });

  it("words a failure as an ImagenError, and drops an ask superseded on its way", async () => {
    const asks = new LatestAsks<"a">();
    const failed = await asks.ask("a", () => Promise.reject(new Error("boom")));
    expect(failed?.status).toBe("failed");
    const pending = deferred<number>();
    const gone = asks.ask("a", () => pending.promise);
    asks.supersede("a");
    pending.resolve(1);
    expect(await gone).toBeNull();
  });
});
