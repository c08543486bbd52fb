import { afterEach, describe, expect, it, vi } from "vitest";
import { LiveUpdates } from "./live.svelte";
import { ImagesStore, RETRY_QUIET_MS } from "../images/images.svelte";
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
    // Cleared by the list read once the engine is back, not by the signal itself.
    await vi.waitFor(() => expect(images.lost).toBeNull());
    expect(live.changes).toBe(2);
    stop();
    api.signal({ kind: "Changed", images: true, containers: false });
    expect(live.changes).toBe(2);
  });
});

describe("LiveUpdates when the engine refuses its event stream", () => {
  it("keeps the refusal until the stream opens or the engine is lost", async () => {
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    const live = new LiveUpdates(api, images);
    live.apply({ kind: "EventsRefused", status: 403, message: "no" });
    expect(live.refused).toEqual({ status: 403, message: "no" });
    // The list on screen is current: nothing is read again, nothing counted.
    expect(api.calls).toEqual([]);
    expect(live.changes).toBe(0);
    live.apply({ kind: "Changed", images: true, containers: false });
    expect(live.refused).not.toBeNull();
    live.apply({ kind: "Recovered" });
    expect(live.refused).toBeNull();
    live.apply({ kind: "EventsRefused", status: 403, message: "" });
    live.apply({ kind: "Lost", address: "unix:///x.sock", reason: "gone" });
    expect(live.refused).toBeNull();
  });

  it("lists again when the page began on a problem page: the loss was before the page", async () => {
    const api = new FakeApi([fakeImage()]);
    api.failWith = {
      kind: "EngineUnreachable",
      address: "unix:///x.sock",
      reason: "gone",
      cause: "NoSocket",
    };
    const images = new ImagesStore(api);
    await images.refresh();
    expect(images.view.status).toBe("problem");
    const live = new LiveUpdates(api, images);
    api.failWith = null;
    live.apply({ kind: "EventsRefused", status: 403, message: "" });
    await vi.waitFor(() => expect(images.view.status).toBe("ready"));
    expect(live.refused).toEqual({ status: 403, message: "" });
  });

  it("takes a refusal after a loss as the engine back: lists it, and counts a change", async () => {
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    await images.refresh();
    const live = new LiveUpdates(api, images);
    live.apply({ kind: "Lost", address: "unix:///x.sock", reason: "gone" });
    live.apply({ kind: "EventsRefused", status: 403, message: "" });
    expect(live.changes).toBe(1);
    await vi.waitFor(() => expect(images.lost).toBeNull());
    expect(live.refused).toEqual({ status: 403, message: "" });
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

  it("stays marked stale once the engine is back until the new list is in", async () => {
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    await images.refresh();
    images.engineLost("unix:///x.sock", "gone");
    let open!: () => void;
    api.gate = new Promise<void>((r) => (open = r));
    const back = images.engineBack();
    await Promise.resolve();
    // The list on screen is still the one from before the engine went away.
    expect(images.lost).not.toBeNull();
    open();
    await back;
    expect(images.lost).toBeNull();
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

describe("ImagesStore when a background refresh fails", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const cut = { kind: "Protocol", message: "connection reset" } as const;
  const listCalls = (api: FakeApi) => api.calls.filter((c) => c === "listImages").length;

  it("keeps the list and asks once more: a blip between an engine event and its answer", async () => {
    vi.useFakeTimers();
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    await images.refresh();
    api.failWith = cut;
    const quiet = images.refresh(true);
    await vi.advanceTimersByTimeAsync(RETRY_QUIET_MS / 2);
    expect(images.view.status).toBe("ready");
    api.failWith = null;
    await vi.advanceTimersByTimeAsync(RETRY_QUIET_MS);
    await quiet;
    expect(images.view.status).toBe("ready");
    expect(images.lost).toBeNull();
    expect(listCalls(api)).toBe(3);
  });

  it("leaves the list to the stale mark when the backend says the engine is lost meanwhile", async () => {
    vi.useFakeTimers();
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    await images.refresh();
    api.failWith = cut;
    const quiet = images.refresh(true);
    await vi.advanceTimersByTimeAsync(RETRY_QUIET_MS / 2);
    images.engineLost("unix:///x.sock", "gone");
    await vi.advanceTimersByTimeAsync(RETRY_QUIET_MS);
    await quiet;
    expect(images.view.status).toBe("ready");
    expect(images.lost).not.toBeNull();
    expect(listCalls(api)).toBe(2);
  });

  it("says what is wrong when the second try fails too, and the engine is not lost", async () => {
    vi.useFakeTimers();
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    await images.refresh();
    api.failWith = cut;
    const quiet = images.refresh(true);
    await vi.advanceTimersByTimeAsync(RETRY_QUIET_MS * 2);
    await quiet;
    expect(images.view).toEqual({ status: "problem", error: cut });
    expect(listCalls(api)).toBe(3);
  });

  it("keeps the list, marked stale, when the engine stops answering before the backend says it is lost", async () => {
    vi.useFakeTimers();
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    await images.refresh();
    const away = {
      kind: "EngineUnreachable",
      address: "unix:///x.sock",
      reason: "connection refused",
      cause: "Refused",
    } as const;
    api.failWith = away;
    const quiet = images.refresh(true);
    await vi.advanceTimersByTimeAsync(RETRY_QUIET_MS * 2);
    await quiet;
    expect(images.view.status).toBe("ready");
    expect(images.lost).toEqual({ address: "unix:///x.sock", reason: "connection refused" });
    expect(listCalls(api)).toBe(3);
    // Back: the next list clears the mark.
    api.failWith = null;
    await images.refresh(true);
    expect(images.lost).toBeNull();
  });

  it("brings the list back, marked stale, when the backend says the engine is lost after the problem showed", async () => {
    vi.useFakeTimers();
    const api = new FakeApi([fakeImage({ tags: ["kept:1"] })]);
    const images = new ImagesStore(api);
    await images.refresh();
    const list = images.view.status === "ready" ? images.view.list : null;
    api.failWith = cut;
    const quiet = images.refresh(true);
    await vi.advanceTimersByTimeAsync(RETRY_QUIET_MS * 2);
    await quiet;
    expect(images.view.status).toBe("problem");
    // A stopping dockerd cut the list's connection, then its event stream closed.
    images.engineLost("unix:///x.sock", "gone");
    expect(images.view).toEqual({ status: "ready", list });
    expect(images.lost).not.toBeNull();
    // Back: the next list clears the mark.
    api.failWith = null;
    await images.refresh(true);
    expect(images.lost).toBeNull();
  });

  it("still brings the list back when another refresh failed over the problem page first", async () => {
    vi.useFakeTimers();
    const api = new FakeApi([fakeImage({ tags: ["kept:1"] })]);
    const images = new ImagesStore(api);
    await images.refresh();
    const list = images.view.status === "ready" ? images.view.list : null;
    api.failWith = cut;
    await images.refresh();
    expect(images.view.status).toBe("problem");
    // The stopping dockerd's container events: each refreshes, and fails over the problem page.
    await images.refresh(true);
    await images.refresh(true);
    images.engineLost("unix:///x.sock", "gone");
    expect(images.view).toEqual({ status: "ready", list });
    expect(images.lost).not.toBeNull();
  });

  it("a refresh the user asked for is not retried: it says what is wrong at once", async () => {
    const api = new FakeApi([fakeImage()]);
    const images = new ImagesStore(api);
    await images.refresh();
    api.failWith = cut;
    await images.refresh();
    expect(images.view.status).toBe("problem");
  });
});
