import { describe, expect, it } from "vitest";
import { LiveUpdates } from "./live.svelte";
import { ImagesStore } from "../images/images.svelte";
import { FakeApi, fakeImage } from "../ipc/fake";

describe("LiveUpdates", () => {
  it("starts no IPC until started, and a stop before the subscription lands still unsubscribes", async () => {
    const api = new FakeApi([fakeImage()]);
    const live = new LiveUpdates(api, new ImagesStore(api));
    expect(api.signalHandlers.size).toBe(0);
    expect(api.calls).toEqual([]);
    const stop = live.start();
    stop(); // before `onEngineSignal` resolved
    await Promise.resolve();
    await Promise.resolve();
    expect(api.signalHandlers.size).toBe(0);
  });

  it("counts changes and recoveries (what an open plan watches), not losses", async () => {
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    const live = new LiveUpdates(api, images);
    const stop = live.start();
    await Promise.resolve();
    api.signal({ kind: "Changed", images: false, containers: true });
    api.signal({ kind: "Lost", address: "unix:///x.sock", reason: "gone" });
    expect(images.lost).toEqual({ address: "unix:///x.sock", reason: "gone" });
    api.signal({ kind: "Recovered" });
    expect(images.lost).toBeNull();
    expect(live.changes).toBe(2);
    stop();
    api.signal({ kind: "Changed", images: true, containers: false });
    expect(live.changes).toBe(2);
  });
});

describe("ImagesStore while the engine is lost", () => {
  it("asks who the engine is again once it is back", async () => {
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    await images.refresh();
    await images.refresh();
    expect(api.calls.filter((c) => c === "engineInfo")).toHaveLength(1);
    images.engineLost("unix:///x.sock", "gone");
    api.engine = { ...api.engine, serverVersion: "28.0.0" };
    await images.engineBack();
    expect(api.calls.filter((c) => c === "engineInfo")).toHaveLength(2);
    expect(images.engine?.serverVersion).toBe("28.0.0");
  });

  it("a list read before the loss does not clear the stale mark", async () => {
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    const loading = images.refresh();
    images.engineLost("unix:///x.sock", "gone");
    open();
    await loading;
    expect(images.lost).not.toBeNull();
  });
});
